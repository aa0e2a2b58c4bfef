-- Citizens by folded full name and birth year (SQLite): the word index's range for the name with the
-- year checked inside the same index, each hit's citizen read by key and sorted by name, the first page
-- and the total counted up to the cap as the list's pager does (the ID-number probe left out, as in
-- citizens_name).
SELECT * FROM citizen
WHERE agency_id IN :agencies AND merged_into_id IS NULL
  AND id IN (SELECT citizen_id FROM citizen_name_key
             WHERE key >= :name AND key < :name_end AND birth_year = :birth_year)
ORDER BY full_name_folded, id
LIMIT :big_page;

SELECT count(*) FROM (
    SELECT 1 FROM citizen
    WHERE agency_id IN :agencies AND merged_into_id IS NULL
      AND id IN (SELECT citizen_id FROM citizen_name_key
                 WHERE key >= :name AND key < :name_end AND birth_year = :birth_year)
    LIMIT 1001
) capped;
