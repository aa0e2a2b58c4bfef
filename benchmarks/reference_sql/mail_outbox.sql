-- The outbox's first page (50 rows, newest first, and the next one to know there is a page after), its
-- capped total, the capped count of each status (the filter's labels) and the numbers of the page's documents.
SELECT * FROM outgoing_mail ORDER BY id DESC LIMIT :big_page;

SELECT count(*) FROM (SELECT 1 FROM outgoing_mail LIMIT 1001) AS capped;

SELECT count(*) FROM (SELECT 1 FROM outgoing_mail WHERE status = 'QUEUED' LIMIT 1001) AS capped;

SELECT count(*) FROM (SELECT 1 FROM outgoing_mail WHERE status = 'SENDING' LIMIT 1001) AS capped;

SELECT count(*) FROM (SELECT 1 FROM outgoing_mail WHERE status = 'SENT' LIMIT 1001) AS capped;

SELECT count(*) FROM (SELECT 1 FROM outgoing_mail WHERE status = 'FAILED' LIMIT 1001) AS capped;

SELECT id, number_symbol FROM document
WHERE id IN (SELECT document_id FROM outgoing_mail ORDER BY id DESC LIMIT 50);
