-- Drill-down of 01/XLD (1) for the province, last complete quarter: the letters the form counts — received in the
-- window, or before it and not handled at its start (first handled from its first day on, or not yet: three index
-- ranges, as report_01xld reads them), not void, not refused, registered in the province's subtree — the count the
-- page prints, capped at 1,000 as every list's ("Hơn 1000"), the first page in id order and the writers it names.
WITH RECURSIVE tree(agency_id) AS (
    SELECT CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT a.id FROM agency a JOIN tree t ON a.parent_id = t.agency_id
), window_letters(id) AS (
    SELECT id FROM letter WHERE received_on BETWEEN :start AND :end
    UNION ALL
    SELECT id FROM letter WHERE first_handled_on >= :start AND received_on < :start
    UNION ALL
    SELECT id FROM letter WHERE first_handled_on IS NULL AND received_on < :start
), counted(id) AS (
    SELECT l.id FROM window_letters w JOIN letter l ON l.id = w.id
    WHERE l.is_void = false AND l.status <> 'REFUSED' AND l.register_agency_id + 0 IN (SELECT agency_id FROM tree)
), page AS (
    SELECT id FROM counted ORDER BY +id LIMIT :big_page
)
SELECT (SELECT count(*) FROM (SELECT 1 FROM counted LIMIT 1001)) AS total, letter.*, citizen.*
FROM page
JOIN letter ON letter.id = page.id
LEFT JOIN citizen ON citizen.id = letter.citizen_id
ORDER BY letter.id;
