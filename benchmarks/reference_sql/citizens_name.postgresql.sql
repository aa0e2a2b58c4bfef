-- Citizens by folded full name alone (PostgreSQL): the citizens whose name has a word-start tail beginning with the
-- name, named and ordered from the word index alone (citizen_name_key: key range, name, id), then the
-- first page's citizens read in that order, and the total counted in the same order up to the cap
-- (1,000) as the list's pager does. (An IN over the hits ordered by the citizen's column made PostgreSQL
-- scan every citizen: 2.7 s.) The app also looks the text up as an ID number (one probe of
-- ix_citizen_id_number that finds nothing here): left out, the bare SQL knows it is a name.
SELECT citizen.* FROM citizen
JOIN (SELECT DISTINCT citizen_id AS id, name FROM citizen_name_key
      WHERE key >= :name AND key < :name_end ORDER BY name, id) hits ON hits.id = citizen.id
WHERE citizen.agency_id IN :agencies AND citizen.merged_into_id IS NULL
ORDER BY hits.name, hits.id
LIMIT :big_page;

SELECT count(*) FROM (
    SELECT 1 FROM citizen
    JOIN (SELECT DISTINCT citizen_id AS id, name FROM citizen_name_key
          WHERE key >= :name AND key < :name_end ORDER BY name, id) hits ON hits.id = citizen.id
    WHERE citizen.agency_id IN :agencies AND citizen.merged_into_id IS NULL
    ORDER BY hits.name, hits.id
    LIMIT 1001
) capped;
