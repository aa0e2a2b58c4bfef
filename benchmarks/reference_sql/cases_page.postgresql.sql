-- Case list, first page: the board's cases newest first by the date opened (the page size + 1 to know
-- whether there is a next page), minus those a restriction keeps from the user, then the open resolution
-- clocks shown beside them.
SELECT * FROM case_file
WHERE agency_in_charge_id IN :agencies
  AND NOT EXISTS (SELECT 1 FROM case_restriction r WHERE r.case_file_id = case_file.id)
ORDER BY opened_on DESC, id DESC
LIMIT :big_page;

-- PostgreSQL: the clocks looked up per row of the page (ix_clock_record), as the app does by the page's ids;
-- a plain join is planned over every open clock of the table.
SELECT c.* FROM (
    SELECT id FROM case_file
    WHERE agency_in_charge_id IN :agencies
    ORDER BY opened_on DESC, id DESC
    LIMIT :big_page
) page
CROSS JOIN LATERAL (
    SELECT * FROM clock
    WHERE clock.record_type = 'case' AND clock.record_id = page.id
      AND clock.closed_at IS NULL AND clock.rule_id IN ('D15', 'D17', 'D19', 'D24', 'D26')
) c;
