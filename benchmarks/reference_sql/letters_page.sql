-- Letter register, first page: the board's letters that are not void, newest first (the page size + 1
-- to know whether there is a next page), then the open clocks shown beside them.
SELECT * FROM letter
WHERE agency_in_charge_id IN :agencies AND is_void = false
ORDER BY received_on DESC, id DESC
LIMIT :page;

SELECT c.* FROM (
    SELECT id FROM letter
    WHERE agency_in_charge_id IN :agencies AND is_void = false
    ORDER BY received_on DESC, id DESC
    LIMIT :page
) page
JOIN clock c ON c.record_type = 'letter' AND c.record_id = page.id
WHERE c.closed_at IS NULL;
