-- The office's responses to review: its referrals answered (in the workspace or by a registered paper reply)
-- and not yet accepted or returned, oldest answer first, the capped total, and the letters they name.
SELECT count(*) FROM (
    SELECT id FROM referral WHERE office_agency_id IN :agencies AND status = 'ANSWERED' AND answered_at IS NOT NULL
    LIMIT 1001
) capped;

SELECT * FROM referral
WHERE office_agency_id IN :agencies AND status = 'ANSWERED' AND answered_at IS NOT NULL
ORDER BY answered_at, id
LIMIT :page;

SELECT l.* FROM letter l
JOIN (
    SELECT letter_id FROM referral
    WHERE office_agency_id IN :agencies AND status = 'ANSWERED' AND answered_at IS NOT NULL
    ORDER BY answered_at, id
    LIMIT :page
) p ON p.letter_id = l.id;
