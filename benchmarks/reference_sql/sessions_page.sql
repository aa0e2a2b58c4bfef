-- Sessions, first page: the board's sessions newest first, and their open D1 clocks.
SELECT * FROM reception_session
WHERE agency_id IN :agencies
ORDER BY held_on DESC, id DESC
LIMIT :big_page;

SELECT c.* FROM (
    SELECT id FROM reception_session WHERE agency_id IN :agencies ORDER BY held_on DESC, id DESC LIMIT :big_page
) page
JOIN clock c ON c.record_type = 'session' AND c.record_id = page.id
WHERE c.closed_at IS NULL AND c.rule_id = 'D1';
