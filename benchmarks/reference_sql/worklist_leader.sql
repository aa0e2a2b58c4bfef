-- The worklist of the home page: per section the capped count, the first letters in the section's
-- order and their open handling clocks (the bare SQL of what the page shows).
-- urgent reports not acknowledged
SELECT count(*) FROM (SELECT 1 FROM letter
  WHERE agency_in_charge_id IN :agencies AND is_void = false AND urgent_reported_at IS NOT NULL AND urgent_acknowledged_at IS NULL LIMIT 1001) counted;
SELECT * FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND urgent_reported_at IS NOT NULL AND urgent_acknowledged_at IS NULL
ORDER BY received_on, id LIMIT :home_page;
SELECT * FROM clock WHERE record_type = 'letter' AND closed_at IS NULL AND due_on IS NOT NULL
  AND rule_id IN ('D10', 'D21', 'D22') AND record_id IN (
  SELECT id FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND urgent_reported_at IS NOT NULL AND urgent_acknowledged_at IS NULL
  ORDER BY received_on, id LIMIT :home_page);
-- waiting for my approval
SELECT count(*) FROM (SELECT 1 FROM letter
  WHERE agency_in_charge_id IN :agencies AND is_void = false AND status = 'PROPOSED' LIMIT 1001) counted;
SELECT * FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND status = 'PROPOSED'
ORDER BY received_on, id LIMIT :home_page;
SELECT * FROM clock WHERE record_type = 'letter' AND closed_at IS NULL AND due_on IS NOT NULL
  AND rule_id IN ('D10', 'D21', 'D22') AND record_id IN (
  SELECT id FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND status = 'PROPOSED'
  ORDER BY received_on, id LIMIT :home_page);
-- approved, waiting to be issued
SELECT count(*) FROM (SELECT 1 FROM letter
  WHERE agency_in_charge_id IN :agencies AND is_void = false AND status = 'APPROVED' LIMIT 1001) counted;
SELECT * FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND status = 'APPROVED'
ORDER BY received_on, id LIMIT :home_page;
SELECT * FROM clock WHERE record_type = 'letter' AND closed_at IS NULL AND due_on IS NOT NULL
  AND rule_id IN ('D10', 'D21', 'D22') AND record_id IN (
  SELECT id FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND status = 'APPROVED'
  ORDER BY received_on, id LIMIT :home_page);
-- to assign
SELECT count(*) FROM (SELECT 1 FROM letter
  WHERE agency_in_charge_id IN :agencies AND is_void = false AND status = 'RECEIVED' LIMIT 1001) counted;
SELECT * FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND status = 'RECEIVED'
ORDER BY received_on, id LIMIT :home_page;
SELECT * FROM clock WHERE record_type = 'letter' AND closed_at IS NULL AND due_on IS NOT NULL
  AND rule_id IN ('D10', 'D21', 'D22') AND record_id IN (
  SELECT id FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND status = 'RECEIVED'
  ORDER BY received_on, id LIMIT :home_page);
-- the office's overdue letters
SELECT count(*) FROM (SELECT 1 FROM letter
  WHERE agency_in_charge_id IN :agencies AND is_void = false AND handling_due_on < :today LIMIT 1001) counted;
SELECT * FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND handling_due_on < :today
ORDER BY handling_due_on, id LIMIT :home_page;
SELECT * FROM clock WHERE record_type = 'letter' AND closed_at IS NULL AND due_on IS NOT NULL
  AND rule_id IN ('D10', 'D21', 'D22') AND record_id IN (
  SELECT id FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND handling_due_on < :today
  ORDER BY handling_due_on, id LIMIT :home_page);
-- the office's letters due within 3 working days
SELECT count(*) FROM (SELECT 1 FROM letter
  WHERE agency_in_charge_id IN :agencies AND is_void = false AND handling_due_on BETWEEN :today AND :soon_until LIMIT 1001) counted;
SELECT * FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND handling_due_on BETWEEN :today AND :soon_until
ORDER BY handling_due_on, id LIMIT :home_page;
SELECT * FROM clock WHERE record_type = 'letter' AND closed_at IS NULL AND due_on IS NOT NULL
  AND rule_id IN ('D10', 'D21', 'D22') AND record_id IN (
  SELECT id FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND handling_due_on BETWEEN :today AND :soon_until
  ORDER BY handling_due_on, id LIMIT :home_page);
-- returned for revision
SELECT count(*) FROM (SELECT 1 FROM letter
  WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND status = 'ASSIGNED' AND EXISTS (SELECT 1 FROM letter_status_event e WHERE e.letter_id = letter.id AND e.transition = 'return_for_revision' AND NOT EXISTS (SELECT 1 FROM letter_status_event l2 WHERE l2.letter_id = e.letter_id AND l2.id > e.id AND coalesce(l2.transition, '') NOT IN ('urgent_report', 'acknowledge_urgent', 'hand_over'))) LIMIT 1001) counted;
SELECT * FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND status = 'ASSIGNED' AND EXISTS (SELECT 1 FROM letter_status_event e WHERE e.letter_id = letter.id AND e.transition = 'return_for_revision' AND NOT EXISTS (SELECT 1 FROM letter_status_event l2 WHERE l2.letter_id = e.letter_id AND l2.id > e.id AND coalesce(l2.transition, '') NOT IN ('urgent_report', 'acknowledge_urgent', 'hand_over')))
ORDER BY received_on, id LIMIT :home_page;
SELECT * FROM clock WHERE record_type = 'letter' AND closed_at IS NULL AND due_on IS NOT NULL
  AND rule_id IN ('D10', 'D21', 'D22') AND record_id IN (
  SELECT id FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND status = 'ASSIGNED' AND EXISTS (SELECT 1 FROM letter_status_event e WHERE e.letter_id = letter.id AND e.transition = 'return_for_revision' AND NOT EXISTS (SELECT 1 FROM letter_status_event l2 WHERE l2.letter_id = e.letter_id AND l2.id > e.id AND coalesce(l2.transition, '') NOT IN ('urgent_report', 'acknowledge_urgent', 'hand_over')))
  ORDER BY received_on, id LIMIT :home_page);
-- assigned to me
SELECT count(*) FROM (SELECT 1 FROM letter
  WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND status = 'ASSIGNED' AND NOT EXISTS (SELECT 1 FROM letter_status_event e WHERE e.letter_id = letter.id AND e.transition = 'return_for_revision' AND NOT EXISTS (SELECT 1 FROM letter_status_event l2 WHERE l2.letter_id = e.letter_id AND l2.id > e.id AND coalesce(l2.transition, '') NOT IN ('urgent_report', 'acknowledge_urgent', 'hand_over'))) LIMIT 1001) counted;
SELECT * FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND status = 'ASSIGNED' AND NOT EXISTS (SELECT 1 FROM letter_status_event e WHERE e.letter_id = letter.id AND e.transition = 'return_for_revision' AND NOT EXISTS (SELECT 1 FROM letter_status_event l2 WHERE l2.letter_id = e.letter_id AND l2.id > e.id AND coalesce(l2.transition, '') NOT IN ('urgent_report', 'acknowledge_urgent', 'hand_over')))
ORDER BY received_on, id LIMIT :home_page;
SELECT * FROM clock WHERE record_type = 'letter' AND closed_at IS NULL AND due_on IS NOT NULL
  AND rule_id IN ('D10', 'D21', 'D22') AND record_id IN (
  SELECT id FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND status = 'ASSIGNED' AND NOT EXISTS (SELECT 1 FROM letter_status_event e WHERE e.letter_id = letter.id AND e.transition = 'return_for_revision' AND NOT EXISTS (SELECT 1 FROM letter_status_event l2 WHERE l2.letter_id = e.letter_id AND l2.id > e.id AND coalesce(l2.transition, '') NOT IN ('urgent_report', 'acknowledge_urgent', 'hand_over')))
  ORDER BY received_on, id LIMIT :home_page);
-- mine overdue
SELECT count(*) FROM (SELECT 1 FROM letter
  WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND handling_due_on < :today LIMIT 1001) counted;
SELECT * FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND handling_due_on < :today
ORDER BY handling_due_on, id LIMIT :home_page;
SELECT * FROM clock WHERE record_type = 'letter' AND closed_at IS NULL AND due_on IS NOT NULL
  AND rule_id IN ('D10', 'D21', 'D22') AND record_id IN (
  SELECT id FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND handling_due_on < :today
  ORDER BY handling_due_on, id LIMIT :home_page);
-- mine due within 3 working days
SELECT count(*) FROM (SELECT 1 FROM letter
  WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND handling_due_on BETWEEN :today AND :soon_until LIMIT 1001) counted;
SELECT * FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND handling_due_on BETWEEN :today AND :soon_until
ORDER BY handling_due_on, id LIMIT :home_page;
SELECT * FROM clock WHERE record_type = 'letter' AND closed_at IS NULL AND due_on IS NOT NULL
  AND rule_id IN ('D10', 'D21', 'D22') AND record_id IN (
  SELECT id FROM letter WHERE agency_in_charge_id IN :agencies AND is_void = false AND assigned_officer_id = :who AND handling_due_on BETWEEN :today AND :soon_until
  ORDER BY handling_due_on, id LIMIT :home_page);
-- handed to my body for advice or verification (the bare SQL: the body's hand-overs of open letters)
SELECT count(*) FROM (SELECT 1 FROM letter_handover h JOIN letter l ON l.id = h.letter_id
  WHERE h.agency_id IN :agencies AND l.status IN ('RECEIVED', 'ASSIGNED', 'PROPOSED', 'APPROVED') LIMIT 1001) counted;
