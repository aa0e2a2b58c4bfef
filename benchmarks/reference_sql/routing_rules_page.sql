-- The routing rules in force (active, valid today), first page by code, their total, and the names of the
-- bodies, units and fields the page's rules name (the rules table holds tens of rows: it does not grow
-- with the letters).
SELECT * FROM routing_rule
WHERE is_active AND (valid_from IS NULL OR valid_from <= :today) AND (valid_to IS NULL OR valid_to >= :today)
ORDER BY code, id
LIMIT :page;

SELECT count(*) FROM routing_rule
WHERE is_active AND (valid_from IS NULL OR valid_from <= :today) AND (valid_to IS NULL OR valid_to >= :today);

SELECT a.id, a.name FROM agency a JOIN routing_rule r ON r.target_agency_id = a.id;

SELECT u.id, u.name FROM administrative_unit u JOIN routing_rule r ON r.place_unit_id = u.id;

SELECT i.id, i.label FROM reference_item i JOIN routing_rule r ON r.field_item_id = i.id;
