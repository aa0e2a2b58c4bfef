-- The leaders' dashboard of the province (/reports/dashboard.json): plain GROUP BY queries giving the same figures.
-- The window's and the previous window's 01/TCD and 01/XLD figures (the statements of report_01tcd.sql and
-- report_01xld.postgresql.sql, once with :start/:end and once with :prev_start/:prev_end); each window's handled letters by the
-- first approved handling (the first, in the dashboard's order, of the handling events dated the letter's first
-- handling day); the twelve months' visits, persons, delegations and letters received, grouped by day (the months add
-- the days up); the letters and cases overdue today per body of the province.
-- PostgreSQL: 01/XLD's window as report_01xld.postgresql.sql reads it (rows, not ids joined back).

-- the window: 01/TCD
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

-- the window: 01/XLD
WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), l AS (
    -- three index ranges, each returning its letters' rows (not ids joined back to the table): received in the
    -- window; before it and first handled from its first day on, or not yet
    SELECT * FROM letter WHERE received_on BETWEEN :start AND :end AND is_void = false AND status <> 'REFUSED'
    UNION ALL
    SELECT * FROM letter WHERE first_handled_on >= :start AND received_on < :start
                           AND is_void = false AND status <> 'REFUSED'
    UNION ALL
    SELECT * FROM letter WHERE first_handled_on IS NULL AND received_on < :start AND is_void = false AND status <> 'REFUSED'
)
SELECT m.unit_id, l.received_on < :start AS carried, l.signer_kind, l.letter_type, l.main_type,
       l.first_handled_on <= :end AS handled, l.is_eligible, l.prior_resolution, l.is_within_competence,
       CASE WHEN l.first_handled_on <= :end THEN l.first_handling_route END AS route,
       count(*) AS letters, count(DISTINCT coalesce(l.case_id, l.duplicate_of_id, l.id)) AS cases
FROM l
JOIN unit_map m ON m.agency_id = l.register_agency_id + 0
GROUP BY m.unit_id, l.received_on < :start, l.signer_kind, l.letter_type, l.main_type, l.first_handled_on <= :end,
         l.is_eligible, l.prior_resolution, l.is_within_competence,
         CASE WHEN l.first_handled_on <= :end THEN l.first_handling_route END;

WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
)
SELECT m.unit_id, count(*) AS replies
FROM letter_status_event e
JOIN letter l ON l.id = e.letter_id
JOIN unit_map m ON m.agency_id = l.register_agency_id + 0
WHERE e.status = 'REPLY_RECEIVED' AND e.effective_on BETWEEN :start AND :end AND l.signer_kind <> 'NONE'
GROUP BY m.unit_id;

-- the previous window: 01/TCD
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
WHERE v.visited_on BETWEEN :prev_start AND :prev_end AND v.outcome <> 'REFUSED'
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
    SELECT DISTINCT case_id FROM visit WHERE visited_on BETWEEN :prev_start AND :prev_end AND case_id IS NOT NULL
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
SELECT unit_id, first_on < :prev_start AS repeated, count(*) FROM first_received GROUP BY unit_id, first_on < :prev_start;

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
WHERE s.held_on BETWEEN :prev_start AND :prev_end AND s.status = 'HELD' AND s.kind <> 'REGULAR'
GROUP BY m.unit_id, s.kind;

-- the previous window: 01/XLD
WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), l AS (
    -- three index ranges, each returning its letters' rows (not ids joined back to the table): received in the
    -- window; before it and first handled from its first day on, or not yet
    SELECT * FROM letter WHERE received_on BETWEEN :prev_start AND :prev_end AND is_void = false AND status <> 'REFUSED'
    UNION ALL
    SELECT * FROM letter WHERE first_handled_on >= :prev_start AND received_on < :prev_start
                           AND is_void = false AND status <> 'REFUSED'
    UNION ALL
    SELECT * FROM letter WHERE first_handled_on IS NULL AND received_on < :prev_start AND is_void = false AND status <> 'REFUSED'
)
SELECT m.unit_id, l.received_on < :prev_start AS carried, l.signer_kind, l.letter_type, l.main_type,
       l.first_handled_on <= :prev_end AS handled, l.is_eligible, l.prior_resolution, l.is_within_competence,
       CASE WHEN l.first_handled_on <= :prev_end THEN l.first_handling_route END AS route,
       count(*) AS letters, count(DISTINCT coalesce(l.case_id, l.duplicate_of_id, l.id)) AS cases
FROM l
JOIN unit_map m ON m.agency_id = l.register_agency_id + 0
GROUP BY m.unit_id, l.received_on < :prev_start, l.signer_kind, l.letter_type, l.main_type, l.first_handled_on <= :prev_end,
         l.is_eligible, l.prior_resolution, l.is_within_competence,
         CASE WHEN l.first_handled_on <= :prev_end THEN l.first_handling_route END;

WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
)
SELECT m.unit_id, count(*) AS replies
FROM letter_status_event e
JOIN letter l ON l.id = e.letter_id
JOIN unit_map m ON m.agency_id = l.register_agency_id + 0
WHERE e.status = 'REPLY_RECEIVED' AND e.effective_on BETWEEN :prev_start AND :prev_end AND l.signer_kind <> 'NONE'
GROUP BY m.unit_id;

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
