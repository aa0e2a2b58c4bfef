-- Agency workspace, first page: the referrals sent to the liaison's body (or one below it), newest first,
-- the capped total, and the letters the rows name.
SELECT count(*) FROM (SELECT id FROM referral WHERE agency_id IN :agencies LIMIT 1001) capped;

SELECT * FROM referral
WHERE agency_id IN :agencies
ORDER BY sent_on DESC, id DESC
LIMIT :page;

SELECT l.* FROM letter l
JOIN (SELECT letter_id FROM referral WHERE agency_id IN :agencies ORDER BY sent_on DESC, id DESC LIMIT :page) p
  ON p.letter_id = l.id;
