-- As the application runs every form (petitions.reports.queries.without_jit): no JIT compilation on PostgreSQL
-- for this transaction (benchmarks/run.py skips a SET statement on SQLite, which has none).
SET LOCAL jit = off;

-- 02/XLD for the province: plain GROUP BY queries giving the same figures. The window's letters as 01/XLD reads them
-- (received in it, or before it and first handled from its first day on, or not yet), those whose main content is a
-- complaint; of the eligible ones their field (the list item's code and its parent's), status at receipt, next round
-- (a round-2 case, or resolved at receipt) and whether each is the first of its case, row and kind (the letter that
-- places the case on the case columns), grouped by report row and every column's attributes; the complaints'
-- replies received in the window per row.
WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), l AS (
    -- three index ranges, each returning its letters' rows: received in the window; before it and first handled from
    -- its first day on (the received_on test written `IS TRUE`, so that SQLite, without statistics, walks the first
    -- handling's index rather than every letter received before the window, as the app's query does), or not yet
    SELECT * FROM letter WHERE received_on BETWEEN :start AND :end AND is_void = false AND status <> 'REFUSED'
    UNION ALL
    SELECT * FROM letter WHERE first_handled_on >= :start AND (received_on < :start) IS TRUE
                           AND is_void = false AND status <> 'REFUSED'
    UNION ALL
    SELECT * FROM letter WHERE first_handled_on IS NULL AND received_on < :start AND is_void = false AND status <> 'REFUSED'
), per_letter AS (
    SELECT m.unit_id, l.id, l.received_on, l.received_on < :start AS carried, l.signer_kind,
           l.first_handled_on <= :end AS handled, l.prior_resolution, l.is_within_competence,
           CASE WHEN l.first_handled_on <= :end THEN l.first_handling_route END AS route,
           l.first_handled_on <= :end AND l.is_eligible = true AND l.letter_type <> 'ANONYMOUS'
               AND NOT (l.is_within_competence = false AND l.first_handling_route IS NULL) AS eligible,
           l.field_item_id, coalesce(l.case_id, o.case_id) AS case_id,
           coalesce(l.case_id, o.case_id, -coalesce(l.duplicate_of_id, l.id)) AS matter
    FROM l
    JOIN unit_map m ON m.agency_id = l.register_agency_id + 0
    LEFT JOIN letter o ON o.id = l.duplicate_of_id
    WHERE CASE WHEN l.letter_type = 'MIXED' THEN l.main_type ELSE l.letter_type END = 'COMPLAINT'
), ranked AS (
    SELECT p.*, CASE WHEN p.eligible THEN p.matter END AS case_key,
           row_number() OVER (PARTITION BY p.unit_id, CASE WHEN p.eligible THEN p.matter END
                              ORDER BY p.received_on, p.id) AS rank
    FROM per_letter p
)
SELECT r.unit_id, r.carried, r.signer_kind, r.handled, r.eligible, r.prior_resolution, r.is_within_competence, r.route,
       CASE WHEN r.eligible THEN i.code END AS field_code, CASE WHEN r.eligible THEN pi.code END AS parent_code,
       r.eligible AND (c.case_round = 'SECOND'
                       OR r.prior_resolution IN ('RESOLVED_FIRST', 'RESOLVED_SECOND', 'COURT_JUDGMENT')) AS next_round,
       r.case_key IS NOT NULL AND r.rank = 1 AS leads,
       count(*) AS letters, count(DISTINCT r.case_key) AS cases
FROM ranked r
LEFT JOIN case_file c ON c.id = r.case_id
LEFT JOIN reference_item i ON i.id = r.field_item_id
LEFT JOIN reference_item pi ON pi.id = i.parent_id
GROUP BY r.unit_id, r.carried, r.signer_kind, r.handled, r.eligible, r.prior_resolution, r.is_within_competence, r.route,
         CASE WHEN r.eligible THEN i.code END, CASE WHEN r.eligible THEN pi.code END,
         r.eligible AND (c.case_round = 'SECOND'
                         OR r.prior_resolution IN ('RESOLVED_FIRST', 'RESOLVED_SECOND', 'COURT_JUDGMENT')),
         r.case_key IS NOT NULL AND r.rank = 1;

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
WHERE e.status = 'REPLY_RECEIVED' AND e.effective_on BETWEEN :start AND :end AND l.is_void = false
  AND CASE WHEN l.letter_type = 'MIXED' THEN l.main_type ELSE l.letter_type END = 'COMPLAINT'
GROUP BY m.unit_id;
