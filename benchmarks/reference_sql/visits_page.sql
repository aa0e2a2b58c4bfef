-- Visits, first page: the board's visits newest first, with the citizen of each row.
SELECT v.*, c.full_name, c.id_number, c.address_unit_id FROM visit v
LEFT JOIN citizen c ON c.id = v.citizen_id
WHERE v.agency_id IN :agencies
ORDER BY v.visited_on DESC, v.id DESC
LIMIT :big_page;
