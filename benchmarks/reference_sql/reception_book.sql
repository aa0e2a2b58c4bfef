-- The reception book of one agency for a month: its visits in book order with each citizen.
SELECT v.*, c.full_name, c.id_number, c.address_text FROM visit v
LEFT JOIN citizen c ON c.id = v.citizen_id
WHERE v.agency_id = :board_id AND v.visited_on BETWEEN :book_from AND :book_to
ORDER BY v.book_year, v.book_number;
