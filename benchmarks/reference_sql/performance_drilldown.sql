-- Agency performance drill-down: the answers in a quarter of the body the board sent the most items to, first
-- page in answer order with the capped total, the letters they name and each answer's due date in force.
SELECT count(*) FROM (
    SELECT id FROM referral
    WHERE office_agency_id IN :agencies AND agency_id = :perf_body AND status IN ('ANSWERED', 'COMPLETED')
      AND answer_on BETWEEN :start AND :end
    LIMIT 1001
) capped;

SELECT * FROM referral
WHERE office_agency_id IN :agencies AND agency_id = :perf_body AND status IN ('ANSWERED', 'COMPLETED')
  AND answer_on BETWEEN :start AND :end
ORDER BY answer_on, id
LIMIT :page;

SELECT r.id, (SELECT c.due_on FROM clock c
              WHERE c.record_type = 'referral' AND c.record_id = r.id AND c.rule_id IN ('D25', 'W1')
              ORDER BY c.id DESC LIMIT 1)
FROM referral r
WHERE r.id IN (
    SELECT id FROM referral
    WHERE office_agency_id IN :agencies AND agency_id = :perf_body AND status IN ('ANSWERED', 'COMPLETED')
      AND answer_on BETWEEN :start AND :end
    ORDER BY answer_on, id
    LIMIT :page
);

SELECT l.* FROM letter l
JOIN (
    SELECT letter_id FROM referral
    WHERE office_agency_id IN :agencies AND agency_id = :perf_body AND status IN ('ANSWERED', 'COMPLETED')
      AND answer_on BETWEEN :start AND :end
    ORDER BY answer_on, id
    LIMIT :page
) p ON p.letter_id = l.id;
