-- The national database worklist (Nhập CSDL quốc gia), letters tab: the board's pending entries of letters
-- (a voided letter has none), oldest first (partial index over the pending rows), with the page's capped total, then
-- the letters of the page.
SELECT count(*) FROM (
  SELECT e.id FROM letter_national_entry e
  WHERE e.entry_status = 'PENDING' AND e.agency_id IN :agencies
  LIMIT 1001
) AS capped;
SELECT e.* FROM letter_national_entry e
WHERE e.entry_status = 'PENDING' AND e.agency_id IN :agencies
ORDER BY e.registered_on, e.id
LIMIT :page;
SELECT l.* FROM letter l WHERE l.id IN (
  SELECT e.id FROM letter_national_entry e
  WHERE e.entry_status = 'PENDING' AND e.agency_id IN :agencies
  ORDER BY e.registered_on, e.id
  LIMIT :page
);
