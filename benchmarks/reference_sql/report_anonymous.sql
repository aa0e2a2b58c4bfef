-- As the application runs every form (petitions.reports.queries.without_jit): no JIT on PostgreSQL (run there only).
SET LOCAL jit = off;

-- The internal table AN/NB for the province: plain GROUP BY queries giving the same tallies. The window's anonymous
-- information (01/XLD's three ranges: received in the window; before it and first handled from its first day on, or
-- not yet), not void, not refused, per row, carried, handled and route, and for those sent for inspection the
-- registering body and the body of their first forwarding referral; then every body's parent (which receivers are
-- the registering body's own subordinates: the application compares them in Python).
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
), window_letters(id) AS (
    -- the application's three ranges (queries._window_letters): each body's register by date, then the first-handled
    -- index (the received date's test written IS TRUE: no index term for SQLite, which keeps no statistics)
    SELECT id FROM letter
    WHERE received_on BETWEEN :start AND :end AND register_agency_id IN (SELECT agency_id FROM unit_map)
      AND letter_type = 'ANONYMOUS'
    UNION ALL
    SELECT id FROM letter
    WHERE first_handled_on >= :start AND (received_on < :start) IS TRUE
      AND register_agency_id + 0 IN (SELECT agency_id FROM unit_map) AND letter_type = 'ANONYMOUS'
    UNION ALL
    SELECT id FROM letter
    WHERE first_handled_on IS NULL AND received_on < :start
      AND register_agency_id + 0 IN (SELECT agency_id FROM unit_map) AND letter_type = 'ANONYMOUS'
), information AS (
    SELECT m.unit_id, l.received_on < :start AS carried, l.first_handled_on <= :end AS handled,
           CASE WHEN l.first_handled_on <= :end THEN l.first_handling_route END AS route,
           CASE WHEN l.first_handled_on <= :end AND l.first_handling_route = 'FORWARDED'
                THEN l.register_agency_id END AS register_agency,
           CASE WHEN l.first_handled_on <= :end AND l.first_handling_route = 'FORWARDED'
                THEN (SELECT r.agency_id FROM referral r WHERE r.letter_id = l.id AND r.kind = 'FORWARDED'
                      ORDER BY r.sent_on, r.id LIMIT 1) END AS receiver
    FROM window_letters w
    JOIN letter l ON l.id = w.id
    JOIN unit_map m ON m.agency_id = l.register_agency_id + 0
    WHERE NOT l.is_void AND l.status <> 'REFUSED'
)
SELECT unit_id, carried, handled, route, register_agency, receiver, count(*) AS letters
FROM information
GROUP BY unit_id, carried, handled, route, register_agency, receiver;

SELECT id, parent_id FROM agency;
