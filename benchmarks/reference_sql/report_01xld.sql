-- 01/XLD for the province: plain GROUP BY queries giving the same figures. Each letter's first approved
-- handling effective by the window's end (and the first date on each outside-competence route: G, F, U), the
-- letters of the window (received in it, or before it and not handled at its start) grouped by report row and
-- by every column's attributes, with their distinct cases; the replies received in the window per row.
WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), handling AS (
    SELECT letter_id, min(effective_on) AS handled_on,
           min(CASE WHEN status IN ('GUIDED', 'RETURNED') THEN effective_on END) AS g_on,
           min(CASE WHEN status IN ('FORWARDED', 'TO_PARTY_BODY', 'TO_INSPECTION') THEN effective_on END) AS f_on,
           min(CASE WHEN status = 'URGED' THEN effective_on END) AS u_on
    FROM letter_status_event
    WHERE effective_on <= :end
      AND status IN ('GUIDED', 'FORWARDED', 'RETURNED', 'TO_INSPECTION', 'TO_PARTY_BODY', 'URGED', 'REPLY_RECEIVED',
                     'ACCEPTED', 'NOT_ACCEPTED', 'FILED', 'DESTROYED')
    GROUP BY letter_id
)
SELECT m.unit_id, l.received_on < :start AS carried, l.signer_kind, l.letter_type, l.main_type,
       h.handled_on IS NOT NULL AS handled, l.is_eligible, l.prior_resolution, l.is_within_competence,
       CASE WHEN h.g_on = h.handled_on THEN 'G' WHEN h.f_on = h.handled_on THEN 'F'
            WHEN h.u_on = h.handled_on THEN 'U' END AS route,
       count(*) AS letters, count(DISTINCT coalesce(l.case_id, l.duplicate_of_id, l.id)) AS cases
FROM letter l
JOIN unit_map m ON m.agency_id = l.register_agency_id
LEFT JOIN handling h ON h.letter_id = l.id
WHERE l.received_on <= :end AND l.is_void = false AND l.status <> 'REFUSED'
  AND (l.received_on >= :start OR h.handled_on IS NULL OR h.handled_on >= :start)
GROUP BY m.unit_id, l.received_on < :start, l.signer_kind, l.letter_type, l.main_type, h.handled_on IS NOT NULL,
         l.is_eligible, l.prior_resolution, l.is_within_competence,
         CASE WHEN h.g_on = h.handled_on THEN 'G' WHEN h.f_on = h.handled_on THEN 'F'
              WHEN h.u_on = h.handled_on THEN 'U' END;

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
JOIN unit_map m ON m.agency_id = l.register_agency_id
WHERE e.status = 'REPLY_RECEIVED' AND e.effective_on BETWEEN :start AND :end AND l.signer_kind <> 'NONE'
GROUP BY m.unit_id;
