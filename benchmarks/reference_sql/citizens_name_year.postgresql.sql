-- Citizens by folded full name and birth year (PostgreSQL): the word index's range for the name with the year
-- checked inside the same index (key, birth_year, name, citizen_id), the hits in name order from it,
-- the first page's citizens, and the total counted up to the cap as the list's pager does (the
-- ID-number probe left out, as in citizens_name).
SELECT citizen.* FROM citizen
JOIN (SELECT DISTINCT citizen_id AS id, name FROM citizen_name_key
      WHERE key >= :name AND key < :name_end AND birth_year = :birth_year ORDER BY name, id) hits
  ON hits.id = citizen.id
WHERE citizen.agency_id IN :agencies AND citizen.merged_into_id IS NULL
ORDER BY hits.name, hits.id
LIMIT :big_page;

SELECT count(*) FROM (
    SELECT 1 FROM citizen
    JOIN (SELECT DISTINCT citizen_id AS id, name FROM citizen_name_key
          WHERE key >= :name AND key < :name_end AND birth_year = :birth_year ORDER BY name, id) hits
      ON hits.id = citizen.id
    WHERE citizen.agency_id IN :agencies AND citizen.merged_into_id IS NULL
    ORDER BY hits.name, hits.id
    LIMIT 1001
) capped;
