-- The province's submitted reports, first page newest first without the stored files and records (51 rows: the
-- page and the next one's first), the capped total, which of the page's rows a later submission superseded, the
-- submitters' names, the covers' numbers, and the bodies of the reader's scope (the page's agency chooser).
SELECT id, agency_id, period_code, window_start_on, window_end_on, generation, sequence, supersedes_id,
       cover_document_id, figures_as_of, reason, submitted_by_id, submitted_at, pdf_sha256, xlsx_sha256, pdf_size,
       xlsx_size
FROM report_submission WHERE agency_id = :root_id ORDER BY id DESC LIMIT :big_page;

SELECT count(*) FROM (SELECT 1 FROM report_submission WHERE agency_id = :root_id LIMIT 1001) AS capped;

SELECT supersedes_id, id FROM report_submission
WHERE supersedes_id IN (SELECT id FROM report_submission WHERE agency_id = :root_id ORDER BY id DESC LIMIT 50);

SELECT id, full_name FROM user_account
WHERE id IN (SELECT submitted_by_id FROM report_submission WHERE agency_id = :root_id ORDER BY id DESC LIMIT 50);

SELECT id, number_symbol, issue_date FROM document
WHERE id IN (SELECT cover_document_id FROM report_submission WHERE agency_id = :root_id ORDER BY id DESC LIMIT 50);

SELECT * FROM agency WHERE id IN :agencies ORDER BY name;
