-- The national database worklist (Nhập CSDL quốc gia), letters tab: the board's pending entries of letters
-- that are not void, oldest first (partial index over the pending rows), with the page's capped total, then
-- the letters of the page.
SELECT count(*) FROM (
  SELECT e.id FROM letter_national_entry e
  WHERE e.entry_status = 'PENDING' AND e.agency_id IN :agencies
    AND EXISTS (SELECT 1 FROM letter l WHERE l.id = e.id AND l.is_void = false)
  LIMIT 1001
) AS capped;
SELECT e.* FROM letter_national_entry e
WHERE e.entry_status = 'PENDING' AND e.agency_id IN :agencies
  AND EXISTS (SELECT 1 FROM letter l WHERE l.id = e.id AND l.is_void = false)
ORDER BY e.registered_on, e.id
LIMIT :page;
SELECT l.* FROM letter l WHERE l.id IN (
  SELECT e.id FROM letter_national_entry e
  WHERE e.entry_status = 'PENDING' AND e.agency_id IN :agencies
  ORDER BY e.registered_on, e.id
  LIMIT :page
);
