-- Case list, overdue filter: cases whose resolution due date (kept on the row) lies before today, in the
-- list's order.
SELECT * FROM case_file
WHERE agency_in_charge_id IN :agencies AND resolution_due_on < :today
  AND NOT EXISTS (SELECT 1 FROM case_restriction r WHERE r.case_file_id = case_file.id)
ORDER BY opened_on DESC, id DESC
LIMIT :big_page;
