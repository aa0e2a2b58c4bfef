-- The letter register of one agency for a month: its letters in order of receipt, each writer, the
-- body a letter went to and the issued papers answering the letters.
SELECT l.*, c.full_name, c.address_text, a.name FROM letter l
LEFT JOIN citizen c ON c.id = l.citizen_id
LEFT JOIN agency a ON a.id = l.assigned_agency_id
WHERE l.register_agency_id = :board_id AND l.received_on BETWEEN :book_from AND :book_to
ORDER BY l.received_on, l.register_year, l.register_number, l.id;
SELECT d.record_id, d.number_symbol, d.issue_date FROM document d
WHERE d.record_type = 'letter' AND d.status = 'ISSUED' AND d.record_id IN (
  SELECT l.id FROM letter l
  WHERE l.register_agency_id = :board_id AND l.received_on BETWEEN :book_from AND :book_to
);
