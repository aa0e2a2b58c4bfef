-- Case list, the page after 9,950 rows: the same order, strictly after the anchor row's (opened_on, id),
-- read from the cursor's row as the app does.
SELECT opened_on, id FROM case_file WHERE id = :case_anchor_id;

SELECT * FROM case_file
WHERE agency_in_charge_id IN :agencies
  AND NOT EXISTS (SELECT 1 FROM case_restriction r WHERE r.case_file_id = case_file.id)
  AND (opened_on, id) < (:case_anchor_on, :case_anchor_id)
ORDER BY opened_on DESC, id DESC
LIMIT :big_page;
