-- The preview of a body's merger: its open letters with their register numbers, its open cases, their
-- running clocks, its users and the routing rules naming it (what the page counts and lists), in the bare SQL that
-- reads the same rows.
SELECT letter.id, agency.code, letter.register_year, letter.register_number
FROM letter JOIN agency ON agency.id = letter.register_agency_id
WHERE (letter.agency_in_charge_id = :busy_id OR letter.assigned_agency_id = :busy_id)
  AND letter.status NOT IN ('REFUSED', 'GUIDED', 'RETURNED', 'TO_PARTY_BODY', 'ACCEPTED', 'NOT_ACCEPTED', 'FILED', 'DESTROYED')
  AND letter.is_void = false;
SELECT id FROM case_file
WHERE (agency_in_charge_id = :busy_id OR assigned_agency_id = :busy_id)
  AND status NOT IN ('CLOSED', 'TERMINATED', 'NOT_ACCEPTED', 'LAPSED', 'TO_COURT');
SELECT count(*) FROM clock
WHERE closed_at IS NULL AND (
  (record_type = 'letter' AND record_id IN (
    SELECT id FROM letter WHERE (agency_in_charge_id = :busy_id OR assigned_agency_id = :busy_id) AND is_void = false
      AND status NOT IN ('REFUSED', 'GUIDED', 'RETURNED', 'TO_PARTY_BODY', 'ACCEPTED', 'NOT_ACCEPTED', 'FILED', 'DESTROYED')))
  OR (record_type = 'case' AND record_id IN (
    SELECT id FROM case_file WHERE (agency_in_charge_id = :busy_id OR assigned_agency_id = :busy_id)
      AND status NOT IN ('CLOSED', 'TERMINATED', 'NOT_ACCEPTED', 'LAPSED', 'TO_COURT'))));
SELECT count(*) FROM user_account WHERE agency_id = :busy_id;
SELECT count(*) FROM routing_rule
WHERE is_active = true AND (valid_to IS NULL OR valid_to >= :today) AND target_agency_id = :busy_id;
