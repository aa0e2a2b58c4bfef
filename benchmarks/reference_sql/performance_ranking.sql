-- Agency performance ranking of the board for a quarter: the four grouped counts the page makes — referrals
-- received per body; answers per (body, sent, answered, on time) against the due date of the referral's last
-- waiting clock; open referrals overdue today per body; chase papers approved and issued in the window per body.
SELECT agency_id, count(*) FROM referral
WHERE office_agency_id IN :agencies AND sent_on BETWEEN :start AND :end
GROUP BY agency_id;

SELECT a.agency_id, a.sent_on, a.answer_on,
       CASE WHEN a.due_on IS NULL THEN NULL WHEN a.answer_on <= a.due_on THEN 1 ELSE 0 END AS on_time, count(*)
FROM (
    SELECT r.agency_id, r.sent_on, r.answer_on,
           (SELECT c.due_on FROM clock c
            WHERE c.record_type = 'referral' AND c.record_id = r.id AND c.rule_id IN ('D25', 'W1')
            ORDER BY c.id DESC LIMIT 1) AS due_on
    FROM referral r
    WHERE r.office_agency_id IN :agencies AND r.status IN ('ANSWERED', 'COMPLETED')
      AND r.answer_on BETWEEN :start AND :end
) a
GROUP BY a.agency_id, a.sent_on, a.answer_on, on_time;

SELECT agency_id, count(*) FROM referral
WHERE office_agency_id IN :agencies AND status IN ('SENT', 'ACKNOWLEDGED', 'IN_PROGRESS') AND answer_due_on < :today
GROUP BY agency_id;

SELECT ch.agency_id, count(*) FROM chase ch
JOIN referral r ON r.id = ch.referral_id
JOIN document d ON d.id = ch.document_id
WHERE ch.office_agency_id IN :agencies AND r.office_agency_id IN :agencies AND ch.status = 'APPROVED'
  AND d.status = 'ISSUED' AND d.issue_date BETWEEN :start AND :end
GROUP BY ch.agency_id;
