-- Citizens by folded full name alone: the first page among the name's collisions, and the total
-- counted up to the cap (1,000) as the list's pager does.
SELECT * FROM citizen
WHERE agency_id IN :agencies AND merged_into_id IS NULL AND full_name_folded = :name
ORDER BY full_name_folded, id
LIMIT :big_page;

SELECT count(*) FROM (
    SELECT 1 FROM citizen
    WHERE agency_id IN :agencies AND merged_into_id IS NULL AND full_name_folded = :name
    LIMIT 1001
) capped;
