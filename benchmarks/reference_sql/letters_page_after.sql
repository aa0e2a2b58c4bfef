-- Letter register, the page after 9,950 rows: the same order, strictly after the anchor row's
-- (received_on, id), read from the cursor's row as the app does.
SELECT received_on, id FROM letter WHERE id = :anchor_id;

SELECT * FROM letter
WHERE agency_in_charge_id IN :agencies AND is_void = false
  AND (received_on, id) < (:anchor_on, :anchor_id)
ORDER BY received_on DESC, id DESC
LIMIT :page;
