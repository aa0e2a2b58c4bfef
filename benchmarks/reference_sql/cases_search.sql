-- Case list, title search "thu hoi": every folded word in the folded title (LIKE, no index: the list's order
-- index is walked and each row checked, as the app does), newest first.
SELECT * FROM case_file
WHERE agency_in_charge_id IN :agencies
  AND title_folded LIKE :like_1 AND title_folded LIKE :like_2
  AND NOT EXISTS (SELECT 1 FROM case_restriction r WHERE r.case_file_id = case_file.id)
ORDER BY opened_on DESC, id DESC
LIMIT :big_page;
