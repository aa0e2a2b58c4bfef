-- The leaders' dashboard of the province (/reports/dashboard.json), after the statements its operation takes from
-- report_01tcd.sql and report_01xld.sql (once with :start/:end, once renamed to :prev_start/:prev_end: see the
-- operation's limit in benchmarks/run.py): each window's handled letters by the first approved handling (the first, in
-- the dashboard's order, of the handling events dated the letter's first handling day); the twelve months' visits,
-- persons, delegations and letters received, grouped by day (the months add the days up); the letters and cases
-- overdue today per body of the province. Plain GROUP BY queries giving the same figures; one file for both dialects.

-- the outcomes of the window's handled letters, then of the previous window's
WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), l AS (
    -- the window's handled letters: received in it and handled by its end, or before it and first handled inside it
    SELECT id, register_agency_id, first_handled_on FROM letter
    WHERE received_on BETWEEN :start AND :end AND first_handled_on <= :end AND is_void = false AND status <> 'REFUSED'
    UNION ALL
    SELECT id, register_agency_id, first_handled_on FROM letter
    WHERE first_handled_on BETWEEN :start AND :end AND received_on < :start AND is_void = false AND status <> 'REFUSED'
)
SELECT rank, count(*) FROM (
    SELECT l.id, min(CASE e.status WHEN 'GUIDED' THEN 0 WHEN 'RETURNED' THEN 1 WHEN 'FORWARDED' THEN 2 WHEN 'TO_PARTY_BODY' THEN 3 WHEN 'TO_INSPECTION' THEN 4 WHEN 'URGED' THEN 5 WHEN 'ACCEPTED' THEN 6 WHEN 'NOT_ACCEPTED' THEN 7 WHEN 'FILED' THEN 8 WHEN 'REPLY_RECEIVED' THEN 9 WHEN 'DESTROYED' THEN 10 END) AS rank
    FROM l
    JOIN unit_map m ON m.agency_id = l.register_agency_id + 0
    LEFT JOIN letter_status_event e ON e.letter_id = l.id AND e.effective_on = l.first_handled_on
         AND e.status IN ('GUIDED', 'RETURNED', 'FORWARDED', 'TO_PARTY_BODY', 'TO_INSPECTION', 'URGED', 'ACCEPTED', 'NOT_ACCEPTED', 'FILED', 'REPLY_RECEIVED', 'DESTROYED')
    GROUP BY l.id
) first_outcome
GROUP BY rank;

WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), l AS (
    -- the window's handled letters: received in it and handled by its end, or before it and first handled inside it
    SELECT id, register_agency_id, first_handled_on FROM letter
    WHERE received_on BETWEEN :prev_start AND :prev_end AND first_handled_on <= :prev_end AND is_void = false AND status <> 'REFUSED'
    UNION ALL
    SELECT id, register_agency_id, first_handled_on FROM letter
    WHERE first_handled_on BETWEEN :prev_start AND :prev_end AND received_on < :prev_start AND is_void = false AND status <> 'REFUSED'
)
SELECT rank, count(*) FROM (
    SELECT l.id, min(CASE e.status WHEN 'GUIDED' THEN 0 WHEN 'RETURNED' THEN 1 WHEN 'FORWARDED' THEN 2 WHEN 'TO_PARTY_BODY' THEN 3 WHEN 'TO_INSPECTION' THEN 4 WHEN 'URGED' THEN 5 WHEN 'ACCEPTED' THEN 6 WHEN 'NOT_ACCEPTED' THEN 7 WHEN 'FILED' THEN 8 WHEN 'REPLY_RECEIVED' THEN 9 WHEN 'DESTROYED' THEN 10 END) AS rank
    FROM l
    JOIN unit_map m ON m.agency_id = l.register_agency_id + 0
    LEFT JOIN letter_status_event e ON e.letter_id = l.id AND e.effective_on = l.first_handled_on
         AND e.status IN ('GUIDED', 'RETURNED', 'FORWARDED', 'TO_PARTY_BODY', 'TO_INSPECTION', 'URGED', 'ACCEPTED', 'NOT_ACCEPTED', 'FILED', 'REPLY_RECEIVED', 'DESTROYED')
    GROUP BY l.id
) first_outcome
GROUP BY rank;

-- the trend: twelve months up to the window's end
WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
)
SELECT v.visited_on, count(*) AS visits, sum(v.headcount) AS persons,
       sum(CASE WHEN v.headcount >= 5 THEN 1 ELSE 0 END) AS delegations
FROM visit v JOIN unit_map m ON m.agency_id = v.agency_id
WHERE v.visited_on BETWEEN :trend_start AND :end AND v.outcome <> 'REFUSED'
GROUP BY v.visited_on;

WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
)
SELECT l.received_on, count(*) AS letters
FROM letter l JOIN unit_map m ON m.agency_id = l.register_agency_id
WHERE l.received_on BETWEEN :trend_start AND :end AND l.is_void = false AND l.status <> 'REFUSED'
GROUP BY l.received_on;

-- overdue today, per body
SELECT agency_in_charge_id, count(*) FROM letter
WHERE agency_in_charge_id IN :agencies AND is_void = false AND handling_due_on < :today
GROUP BY agency_in_charge_id;

SELECT agency_in_charge_id, count(*) FROM case_file
WHERE agency_in_charge_id IN :agencies AND resolution_due_on < :today
GROUP BY agency_in_charge_id;
