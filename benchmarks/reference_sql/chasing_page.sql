-- The board's chasing list, first page: its steps waiting for a leader, newest proposal first, the capped total,
-- and what the rows name (the referral, its letter's register number, the body chased and the recipient).
SELECT count(*) FROM (
    SELECT id FROM chase WHERE office_agency_id IN :agencies AND status = 'PROPOSED' LIMIT 1001
) capped;

SELECT * FROM chase
WHERE office_agency_id IN :agencies AND status = 'PROPOSED'
ORDER BY proposed_on DESC, id DESC
LIMIT :page;

SELECT r.* FROM referral r
JOIN (
    SELECT referral_id FROM chase WHERE office_agency_id IN :agencies AND status = 'PROPOSED'
    ORDER BY proposed_on DESC, id DESC LIMIT :page
) p ON p.referral_id = r.id;

SELECT l.id, l.register_number, l.register_year FROM letter l
JOIN referral r ON r.letter_id = l.id
JOIN (
    SELECT referral_id FROM chase WHERE office_agency_id IN :agencies AND status = 'PROPOSED'
    ORDER BY proposed_on DESC, id DESC LIMIT :page
) p ON p.referral_id = r.id;

SELECT a.* FROM agency a
WHERE a.id IN (
    SELECT agency_id FROM (
        SELECT agency_id, recipient_agency_id FROM chase WHERE office_agency_id IN :agencies AND status = 'PROPOSED'
        ORDER BY proposed_on DESC, id DESC LIMIT :page
    ) p
    UNION SELECT recipient_agency_id FROM (
        SELECT recipient_agency_id FROM chase WHERE office_agency_id IN :agencies AND status = 'PROPOSED'
        ORDER BY proposed_on DESC, id DESC LIMIT :page
    ) q
);
