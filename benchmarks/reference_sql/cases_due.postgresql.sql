-- Open cases by resolution deadline, nearest first: the earliest open resolution clock's due date, kept on
-- the row (case_file.resolution_due_on), then the clocks shown beside them.
SELECT * FROM case_file
WHERE agency_in_charge_id IN :agencies AND resolution_due_on IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM case_restriction r WHERE r.case_file_id = case_file.id)
ORDER BY resolution_due_on, id
LIMIT :big_page;

-- PostgreSQL: the clocks looked up per row of the page (ix_clock_record), as the app does by the page's ids;
-- a plain join is planned over every open clock of the table.
SELECT c.* FROM (
    SELECT id FROM case_file
    WHERE agency_in_charge_id IN :agencies AND resolution_due_on IS NOT NULL
    ORDER BY resolution_due_on, id
    LIMIT :big_page
) page
CROSS JOIN LATERAL (
    SELECT * FROM clock
    WHERE clock.record_type = 'case' AND clock.record_id = page.id
      AND clock.closed_at IS NULL AND clock.rule_id IN ('D15', 'D17', 'D19', 'D24', 'D26')
) c;
