-- Letter search "thu hoi" on SQLite: every word as a prefix in the FTS5 index of the folded summary
-- and respondent, then the board's letters in the register's order.
SELECT l.* FROM letter l
WHERE l.id IN (SELECT rowid FROM search_letter_fts WHERE search_letter_fts MATCH :fts_query)
  AND l.agency_in_charge_id IN :agencies AND l.is_void = false
ORDER BY l.received_on DESC, l.id DESC
LIMIT :page;
