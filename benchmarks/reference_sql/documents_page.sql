-- Document register, first page (issue date newest first, drafts first) and its capped total.
SELECT * FROM document
WHERE issuing_agency_id IN :agencies
ORDER BY coalesce(issue_date, '9999-12-31') DESC, created_at DESC, id DESC
LIMIT :big_page;

SELECT count(*) FROM (SELECT 1 FROM document WHERE issuing_agency_id IN :agencies LIMIT 1001) capped;
