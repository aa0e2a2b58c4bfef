-- Open cases by resolution deadline, nearest first: the earliest open resolution clock's due date, kept on
-- the row (case_file.resolution_due_on), then the clocks shown beside them.
SELECT * FROM case_file
WHERE agency_in_charge_id IN :agencies AND resolution_due_on IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM case_restriction r WHERE r.case_file_id = case_file.id)
ORDER BY resolution_due_on, id
LIMIT :big_page;

SELECT c.* FROM (
    SELECT id FROM case_file
    WHERE agency_in_charge_id IN :agencies AND resolution_due_on IS NOT NULL
    ORDER BY resolution_due_on, id
    LIMIT :big_page
) page
JOIN clock c ON c.record_type = 'case' AND c.record_id = page.id
WHERE c.closed_at IS NULL AND c.rule_id IN ('D15', 'D17', 'D19', 'D24', 'D26');
