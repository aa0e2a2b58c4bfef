-- As the application runs every form (petitions.reports.queries.without_jit): no JIT compilation on PostgreSQL
-- for this transaction (benchmarks/run.py skips a SET statement on SQLite, which has none).
SET LOCAL jit = off;

-- 01/TCD for the province: plain GROUP BY queries giving the same figures. Visits and persons per
-- report row (the root, each direct subordinate with its subtree), reception kind and delegation flag,
-- with their distinct cases; the cases visited in the window that were first received before it
-- (repeated) or in it (first time); the sessions held per row and kind.
WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
)
SELECT m.unit_id, v.kind, v.headcount >= 5 AS delegation, count(*) AS visits, sum(v.headcount) AS persons,
       count(DISTINCT v.case_id) AS cases
FROM visit v JOIN unit_map m ON m.agency_id = v.agency_id
WHERE v.visited_on BETWEEN :start AND :end AND v.outcome <> 'REFUSED'
GROUP BY m.unit_id, v.kind, v.headcount >= 5;

WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), in_window AS (
    SELECT DISTINCT case_id FROM visit WHERE visited_on BETWEEN :start AND :end AND case_id IS NOT NULL
), received AS (
    SELECT m.unit_id, v.case_id, min(v.visited_on) AS first_on
    FROM visit v JOIN unit_map m ON m.agency_id = v.agency_id
    WHERE v.case_id IN (SELECT case_id FROM in_window) AND v.outcome <> 'REFUSED'
    GROUP BY m.unit_id, v.case_id
    UNION ALL
    SELECT m.unit_id, l.case_id, min(l.received_on)
    FROM letter l JOIN unit_map m ON m.agency_id = l.agency_in_charge_id
    WHERE l.case_id IN (SELECT case_id FROM in_window)
    GROUP BY m.unit_id, l.case_id
), first_received AS (
    SELECT unit_id, case_id, min(first_on) AS first_on FROM received GROUP BY unit_id, case_id
)
SELECT unit_id, first_on < :start AS repeated, count(*) FROM first_received GROUP BY unit_id, first_on < :start;

WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
)
SELECT m.unit_id, s.kind, count(*) FROM reception_session s JOIN unit_map m ON m.agency_id = s.agency_id
WHERE s.held_on BETWEEN :start AND :end AND s.status = 'HELD' AND s.kind <> 'REGULAR'
GROUP BY m.unit_id, s.kind;
