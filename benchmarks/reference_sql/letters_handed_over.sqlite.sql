-- Letter register of an inspectorate officer, first page: the letters of the inspectorate's own agencies
-- and those the board handed over to it (letter_handover), not void, newest first; then the open clocks
-- beside them.
-- SQLite: `+ 0` keeps the planner on the order index (an OR of two indexed conditions sorts both sides).
SELECT * FROM letter
WHERE (agency_in_charge_id + 0 IN :agencies OR id + 0 IN (SELECT letter_id FROM letter_handover WHERE agency_id IN :agencies))
  AND is_void = false
ORDER BY received_on DESC, id DESC
LIMIT :page;

SELECT c.* FROM (
    SELECT id FROM letter
    WHERE (agency_in_charge_id + 0 IN :agencies OR id + 0 IN (SELECT letter_id FROM letter_handover WHERE agency_id IN :agencies))
      AND is_void = false
    ORDER BY received_on DESC, id DESC
    LIMIT :page
) page
JOIN clock c ON c.record_type = 'letter' AND c.record_id = page.id
WHERE c.closed_at IS NULL;
