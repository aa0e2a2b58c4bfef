-- Drill-down of 01/XLD (1) for the province, last complete quarter: the letters the form counts — received in the
-- window, or before it and not handled at its start (first handled from its first day on, or not yet: three index
-- ranges), not void, not refused, registered in the province's subtree — the count the page prints, capped at 1,000
-- as every list's ("Hơn 1000"), the first page in id order and the writers it names. PostgreSQL: the ranges return
-- the columns the filter reads (ids joined back to the table made it walk every letter by key, as
-- report_01xld.postgresql.sql says); SQLite reads the ids and their rows by key (report_drilldown.sql), the cheaper
-- there.
WITH RECURSIVE tree(agency_id) AS (
    SELECT CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT a.id FROM agency a JOIN tree t ON a.parent_id = t.agency_id
), l AS (
    SELECT id, register_agency_id FROM letter
    WHERE received_on BETWEEN :start AND :end AND is_void = false AND status <> 'REFUSED'
    UNION ALL
    SELECT id, register_agency_id FROM letter
    WHERE first_handled_on >= :start AND received_on < :start AND is_void = false AND status <> 'REFUSED'
    UNION ALL
    SELECT id, register_agency_id FROM letter
    WHERE first_handled_on IS NULL AND received_on < :start AND is_void = false AND status <> 'REFUSED'
), counted AS (
    SELECT id FROM l WHERE register_agency_id IN (SELECT agency_id FROM tree)
), page AS (
    SELECT id FROM counted ORDER BY id LIMIT :big_page
)
SELECT (SELECT count(*) FROM (SELECT 1 FROM counted LIMIT 1001) capped) AS total, letter.*, citizen.*
FROM page
JOIN letter ON letter.id = page.id
LEFT JOIN citizen ON citizen.id = letter.citizen_id
ORDER BY letter.id;
