-- Case list filtered by status, type and round (closed first-round complaints), newest first.
SELECT * FROM case_file
WHERE agency_in_charge_id IN :agencies
  AND status = 'CLOSED' AND case_type = 'COMPLAINT' AND case_round = 'FIRST'
  AND NOT EXISTS (SELECT 1 FROM case_restriction r WHERE r.case_file_id = case_file.id)
ORDER BY opened_on DESC, id DESC
LIMIT :big_page;
