-- Letter search "thu hoi" on SQLite: the board's letters in the register's order, each word checked on
-- the row (a word of the folded summary or respondent starting with it, or the writer's folded name
-- containing it), the first page. Both words are in about a fifth of the letters, so a page is met after
-- a hundred-odd rows; reading the words' matches from the FTS5 index first ('"thu"* AND "hoi"*', the
-- earlier limit) merges every word starting with them and costs more as the table grows.
SELECT l.* FROM letter l
WHERE l.agency_in_charge_id IN :agencies AND l.is_void = false
  AND ((' ' || l.summary_folded || ' ' || l.respondent_folded) GLOB :glob_1
       OR EXISTS (SELECT 1 FROM citizen c WHERE c.id = l.citizen_id AND c.full_name_folded LIKE :like_1))
  AND ((' ' || l.summary_folded || ' ' || l.respondent_folded) GLOB :glob_2
       OR EXISTS (SELECT 1 FROM citizen c WHERE c.id = l.citizen_id AND c.full_name_folded LIKE :like_2))
ORDER BY l.received_on DESC, l.id DESC
LIMIT :page;
