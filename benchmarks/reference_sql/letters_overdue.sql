-- Letter register, overdue filter: letters with an open handling clock (D10, D21, D22) due before
-- today. Starting from the open clocks past due (ix_clock_open) is the cheapest path on this schema.
SELECT l.* FROM letter l
WHERE l.agency_in_charge_id IN :agencies AND l.is_void = false
  AND l.id IN (
    SELECT c.record_id FROM clock c
    WHERE c.closed_at IS NULL AND c.due_on < :today
      AND c.record_type = 'letter' AND c.rule_id IN ('D10', 'D21', 'D22')
  )
ORDER BY l.received_on DESC, l.id DESC
LIMIT :page;
