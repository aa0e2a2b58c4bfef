-- Letter search "thu hoi" on PostgreSQL: every word in the folded summary or respondent (the same
-- rows as the app; the trigram index covers summary_folded only).
SELECT l.* FROM letter l
WHERE (l.summary_folded LIKE :like_1 OR l.respondent_folded LIKE :like_1)
  AND (l.summary_folded LIKE :like_2 OR l.respondent_folded LIKE :like_2)
  AND l.agency_in_charge_id IN :agencies AND l.is_void = false
ORDER BY l.received_on DESC, l.id DESC
LIMIT :page;
