-- 02/TCD for the province: plain GROUP BY queries giving the same figures. The letters handed in at the window's
-- visits (outcome a letter received, the visit naming its letter), not void, not refused, not anonymous; their
-- main content (a mixed letter's main type, else its main part's), competence (classification, else the reception
-- book's mark), outside competence the route of their first handling by the window's end; each case placed by its
-- earliest letter of the row (row_number); grouped by row and what the columns read, with the placed cases' keys.
-- Then the replies received in the window about letters handed in at a visit, per row.
-- PostgreSQL: without JIT compilation for the transaction, as the application runs it (queries.without_jit).
SET LOCAL jit = off;

WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), today_unit(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), placed AS (
    -- each body placed for the window (DOMAIN §6): closed before the window's end with a successor, it rolls into
    -- its successor's row; placed under its heir by the reorganisation, it stands beside the heir until then
    SELECT t.agency_id, t.unit_id, a.id, a.successor_id,
           a.successor_id IS NOT NULL AND a.valid_to IS NOT NULL AND a.valid_to < :end AS rolled,
           CASE WHEN a.successor_id IS NOT NULL AND a.parent_id = a.successor_id THEN h.parent_id
                ELSE a.parent_id END AS parent_id
    FROM today_unit t JOIN agency a ON a.id = t.agency_id LEFT JOIN agency h ON h.id = a.successor_id
), unit_map(agency_id, unit_id) AS (
    SELECT p.agency_id,
           CASE WHEN p.rolled THEN s.unit_id
                WHEN p.parent_id = :root_id AND p.id <> :root_id THEN p.id
                ELSE p.unit_id END
    FROM placed p LEFT JOIN today_unit s ON p.rolled AND s.agency_id = p.successor_id
    -- a body rolled into a successor outside the report leaves it
    WHERE NOT p.rolled OR s.unit_id IS NOT NULL
), reception_letter AS (
    SELECT m.unit_id,
           CASE WHEN l.letter_type = 'MIXED'
                THEN coalesce(l.main_type, (SELECT p.letter_type FROM letter_part p
                                            WHERE p.letter_id = l.id AND p.is_main LIMIT 1))
                ELSE l.letter_type END AS kind,
           l.signer_kind,
           coalesce(l.is_within_competence, v.within_competence) AS within,
           l.first_handled_on <= :end AS handled,
           CASE WHEN l.first_handled_on <= :end AND NOT coalesce(l.is_within_competence, v.within_competence)
                THEN l.first_handling_route END AS route,
           coalesce(l.case_id, o.case_id, -coalesce(l.duplicate_of_id, l.id)) AS case_key,
           v.visited_on, l.id
    FROM visit v
    JOIN unit_map m ON m.agency_id = v.agency_id
    JOIN letter l ON l.id = v.letter_id
    LEFT JOIN letter o ON o.id = l.duplicate_of_id
    WHERE v.visited_on BETWEEN :start AND :end
      AND v.outcome = 'LETTER_RECEIVED'
      AND NOT l.is_void AND l.status <> 'REFUSED' AND l.letter_type <> 'ANONYMOUS'
), ranked AS (
    SELECT r.*, row_number() OVER (PARTITION BY unit_id, case_key ORDER BY visited_on, id) AS rank
    FROM reception_letter r
)
SELECT unit_id, kind, signer_kind, within, handled, route, rank = 1 AS leads,
       string_agg(CAST(case_key AS VARCHAR), ',') AS cases, count(*) AS letters
FROM ranked
GROUP BY unit_id, kind, signer_kind, within, handled, route, rank = 1;

WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), today_unit(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), placed AS (
    -- each body placed for the window (DOMAIN §6): closed before the window's end with a successor, it rolls into
    -- its successor's row; placed under its heir by the reorganisation, it stands beside the heir until then
    SELECT t.agency_id, t.unit_id, a.id, a.successor_id,
           a.successor_id IS NOT NULL AND a.valid_to IS NOT NULL AND a.valid_to < :end AS rolled,
           CASE WHEN a.successor_id IS NOT NULL AND a.parent_id = a.successor_id THEN h.parent_id
                ELSE a.parent_id END AS parent_id
    FROM today_unit t JOIN agency a ON a.id = t.agency_id LEFT JOIN agency h ON h.id = a.successor_id
), unit_map(agency_id, unit_id) AS (
    SELECT p.agency_id,
           CASE WHEN p.rolled THEN s.unit_id
                WHEN p.parent_id = :root_id AND p.id <> :root_id THEN p.id
                ELSE p.unit_id END
    FROM placed p LEFT JOIN today_unit s ON p.rolled AND s.agency_id = p.successor_id
    -- a body rolled into a successor outside the report leaves it
    WHERE NOT p.rolled OR s.unit_id IS NOT NULL
)
SELECT m.unit_id, count(*)
FROM letter_status_event e
JOIN letter l ON l.id = e.letter_id
JOIN unit_map m ON m.agency_id = l.register_agency_id + 0
WHERE e.status = 'REPLY_RECEIVED' AND e.effective_on BETWEEN :start AND :end
  AND l.visit_id IS NOT NULL AND l.letter_type <> 'ANONYMOUS' AND NOT l.is_void
GROUP BY m.unit_id;
