-- Citizens, first page: the board's citizens (not merged) by folded name then id.
SELECT * FROM citizen
WHERE agency_id IN :agencies AND merged_into_id IS NULL
ORDER BY full_name_folded, id
LIMIT :big_page;
