-- Agency workspace, overdue filter: open referrals of the body whose answer due date (the projection of the
-- running waiting clock) lies before today, oldest due first, the capped total, and the letters they name.
SELECT count(*) FROM (
    SELECT id FROM referral
    WHERE agency_id IN :agencies AND answer_due_on < :today AND status IN ('SENT', 'ACKNOWLEDGED', 'IN_PROGRESS')
    LIMIT 1001
) capped;

SELECT * FROM referral
WHERE agency_id IN :agencies AND answer_due_on < :today AND status IN ('SENT', 'ACKNOWLEDGED', 'IN_PROGRESS')
ORDER BY answer_due_on, id
LIMIT :page;

SELECT l.* FROM letter l
JOIN (
    SELECT letter_id FROM referral
    WHERE agency_id IN :agencies AND answer_due_on < :today AND status IN ('SENT', 'ACKNOWLEDGED', 'IN_PROGRESS')
    ORDER BY answer_due_on, id
    LIMIT :page
) p ON p.letter_id = l.id;
