-- Citizens by folded full name alone (SQLite): the citizens whose name has a word-start tail beginning
-- with the name (one range of the word index citizen_name_key), each read by key and sorted by name (SQLite
-- keeps no subquery's order, so this IN is its cheapest shape), the first page and the total counted up
-- to the cap (1,000) as the list's pager does. The app also looks the text up as an ID number (one probe
-- of ix_citizen_id_number that finds nothing here): left out, the bare SQL knows it is a name.
SELECT * FROM citizen
WHERE agency_id IN :agencies AND merged_into_id IS NULL
  AND id IN (SELECT citizen_id FROM citizen_name_key WHERE key >= :name AND key < :name_end)
ORDER BY full_name_folded, id
LIMIT :big_page;

SELECT count(*) FROM (
    SELECT 1 FROM citizen
    WHERE agency_id IN :agencies AND merged_into_id IS NULL
      AND id IN (SELECT citizen_id FROM citizen_name_key WHERE key >= :name AND key < :name_end)
    LIMIT 1001
) capped;
