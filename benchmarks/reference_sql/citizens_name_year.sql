-- Citizens by folded full name and birth year (an index on the folded name, the year filtered).
SELECT * FROM citizen
WHERE agency_id IN :agencies AND merged_into_id IS NULL
  AND full_name_folded = :name AND birth_year = :birth_year
ORDER BY full_name_folded, id
LIMIT :big_page;
