-- The leader's destruction page: the office's filed letters whose retention (D11, one year from filing) is
-- over today, in filing order (the partial index ix_letter_filed), with the page's capped total.
SELECT count(*) FROM (
  SELECT id FROM letter
  WHERE agency_in_charge_id IN :agencies AND status = 'FILED' AND filed_on <= :retention_cutoff AND is_void = false
  LIMIT 1001
) AS capped;
SELECT * FROM letter
WHERE agency_in_charge_id IN :agencies AND status = 'FILED' AND filed_on <= :retention_cutoff AND is_void = false
ORDER BY filed_on, id
LIMIT :page;
