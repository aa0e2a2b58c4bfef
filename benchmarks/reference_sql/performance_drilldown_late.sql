-- Agency performance drill-down, late answers: the body's answers in the quarter dated after the due date of
-- their referral's last waiting clock, first page in answer order with the capped total, and the letters.
SELECT count(*) FROM (
    SELECT r.id FROM referral r
    WHERE r.office_agency_id IN :agencies AND r.agency_id = :perf_body AND r.status IN ('ANSWERED', 'COMPLETED')
      AND r.answer_on BETWEEN :start AND :end
      AND r.answer_on > (SELECT c.due_on FROM clock c
                         WHERE c.record_type = 'referral' AND c.record_id = r.id AND c.rule_id IN ('D25', 'W1')
                         ORDER BY c.id DESC LIMIT 1)
    LIMIT 1001
) capped;

SELECT r.*, (SELECT c.due_on FROM clock c
             WHERE c.record_type = 'referral' AND c.record_id = r.id AND c.rule_id IN ('D25', 'W1')
             ORDER BY c.id DESC LIMIT 1) AS due_on
FROM referral r
WHERE r.office_agency_id IN :agencies AND r.agency_id = :perf_body AND r.status IN ('ANSWERED', 'COMPLETED')
  AND r.answer_on BETWEEN :start AND :end
  AND r.answer_on > (SELECT c.due_on FROM clock c
                     WHERE c.record_type = 'referral' AND c.record_id = r.id AND c.rule_id IN ('D25', 'W1')
                     ORDER BY c.id DESC LIMIT 1)
ORDER BY r.answer_on, r.id
LIMIT :page;

SELECT l.* FROM letter l
JOIN (
    SELECT r.letter_id FROM referral r
    WHERE r.office_agency_id IN :agencies AND r.agency_id = :perf_body AND r.status IN ('ANSWERED', 'COMPLETED')
      AND r.answer_on BETWEEN :start AND :end
      AND r.answer_on > (SELECT c.due_on FROM clock c
                         WHERE c.record_type = 'referral' AND c.record_id = r.id AND c.rule_id IN ('D25', 'W1')
                         ORDER BY c.id DESC LIMIT 1)
    ORDER BY r.answer_on, r.id
    LIMIT :page
) p ON p.letter_id = l.id;
