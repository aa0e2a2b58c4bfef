-- 01/XLD for the province: plain GROUP BY queries giving the same figures. Each letter's first approved
-- handling is on its row (first_handled_on, first_handling_route: the earliest handling event's day and that day's
-- route); the letters of the window are those received in it, or before it and not handled at its start (first
-- handled from its first day on, or not yet), grouped by report row and by every column's attributes, with their
-- distinct cases; the replies received in the window per row.
WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), window_letters(id) AS (
    -- three index ranges: received in the window; before it and first handled from its first day on, or not yet
    SELECT id FROM letter WHERE received_on BETWEEN :start AND :end
    UNION ALL
    SELECT id FROM letter WHERE first_handled_on >= :start AND received_on < :start
    UNION ALL
    SELECT id FROM letter WHERE first_handled_on IS NULL AND received_on < :start
)
SELECT m.unit_id, l.received_on < :start AS carried, l.signer_kind, l.letter_type, l.main_type,
       l.first_handled_on <= :end AS handled, l.is_eligible, l.prior_resolution, l.is_within_competence,
       CASE WHEN l.first_handled_on <= :end THEN l.first_handling_route END AS route,
       count(*) AS letters, count(DISTINCT coalesce(l.case_id, l.duplicate_of_id, l.id)) AS cases
FROM window_letters w
JOIN letter l ON l.id = w.id
JOIN unit_map m ON m.agency_id = l.register_agency_id + 0
WHERE l.is_void = false AND l.status <> 'REFUSED'
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
