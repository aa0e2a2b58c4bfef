-- As the application runs every form (petitions.reports.queries.without_jit): no JIT compilation on PostgreSQL
-- for this transaction (benchmarks/run.py skips a SET statement on SQLite, which has none).
SET LOCAL jit = off;

-- 01/KQGQ and 03/KQGQ for the province: plain GROUP BY queries giving the same figures. Per case, from its status
-- events effective by the window's end, the first acceptance and the first closing (decision, withdrawal,
-- termination); the cases accepted by the window's end and not closed before its start, with their verdict,
-- timeliness (the decision's recorded one, else the closing day against the resolution clock's due date), the
-- letters accepted with them and what the window's decisions ordered, grouped by report row and every column's
-- attributes. Both forms read the same facts (one query, complaints and denunciations together).
WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), unit_map(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), dated AS (
    SELECT case_file_id AS case_id,
           min(CASE WHEN status = 'ACCEPTED' THEN effective_on END) AS accepted_on,
           min(CASE WHEN status IN ('DECIDED', 'WITHDRAWN', 'TERMINATED') THEN effective_on END) AS closed_on,
           min(CASE WHEN status = 'DECIDED' THEN effective_on END) AS decided_on,
           min(CASE WHEN status = 'WITHDRAWN' THEN effective_on END) AS withdrawn_on
    FROM case_file_status_event
    WHERE effective_on <= :end AND status IN ('ACCEPTED', 'DECIDED', 'WITHDRAWN', 'TERMINATED')
      AND id NOT IN (SELECT supersedes_id FROM case_file_status_event WHERE supersedes_id IS NOT NULL)
    GROUP BY case_file_id
    HAVING min(CASE WHEN status = 'ACCEPTED' THEN effective_on END) IS NOT NULL
       AND (min(CASE WHEN status IN ('DECIDED', 'WITHDRAWN', 'TERMINATED') THEN effective_on END) IS NULL
            OR min(CASE WHEN status IN ('DECIDED', 'WITHDRAWN', 'TERMINATED') THEN effective_on END) >= :start)
), per_case AS (
    SELECT m.unit_id, c.case_type, d.accepted_on < :start AS carried, c.case_round = 'SECOND' AS next_round,
           CASE WHEN d.closed_on IS NULL OR d.closed_on < :start OR d.closed_on > :end THEN 'open'
                WHEN d.decided_on = d.closed_on THEN 'decided'
                WHEN d.withdrawn_on = d.closed_on THEN 'withdrawn' ELSE 'terminated' END AS closure,
           o.verdict, o.resolved_on_time, d.closed_on,
           (SELECT max(k.due_on) FROM clock k
            WHERE k.record_type = 'case' AND k.record_id = d.case_id AND k.rule_id IN ('D15', 'D17', 'D19', 'D24'))
               AS due_on,
           (SELECT count(DISTINCT l.id) FROM letter l JOIN letter_status_event e ON e.letter_id = l.id
            WHERE l.case_id = d.case_id AND l.is_void = false AND l.letter_type <> 'ANONYMOUS'
              AND e.status = 'ACCEPTED' AND e.effective_on <= d.accepted_on) AS letters,
           o.recover_money, o.recover_land, o.return_money_orgs, o.return_land_orgs, o.return_money_persons,
           o.return_land_persons, o.restored_orgs, o.restored_persons, o.discipline_persons, o.discipline_officials,
           o.investigation_cases, o.investigation_persons, o.investigation_officials
    FROM dated d
    JOIN case_file c ON c.id = d.case_id
    JOIN unit_map m ON m.agency_id = c.agency_in_charge_id
    LEFT JOIN case_outcome o ON o.case_file_id = c.id
    WHERE c.case_type IN ('COMPLAINT', 'DENUNCIATION')
), judged AS (
    SELECT p.*,
           CASE WHEN closure = 'open' THEN NULL
                WHEN closure = 'decided' AND resolved_on_time IS NOT NULL THEN resolved_on_time
                ELSE due_on IS NULL OR closed_on <= due_on END AS on_time
    FROM per_case p
)
SELECT unit_id, case_type, carried, next_round, closure,
       CASE WHEN closure = 'decided' THEN verdict END AS verdict, on_time,
       count(*) AS cases, sum(letters) AS letters,
       sum(CASE WHEN closure = 'decided' THEN recover_money END) AS recover_money,
       sum(CASE WHEN closure = 'decided' THEN recover_land END) AS recover_land,
       sum(CASE WHEN closure = 'decided' THEN return_money_orgs END) AS return_money_orgs,
       sum(CASE WHEN closure = 'decided' THEN return_land_orgs END) AS return_land_orgs,
       sum(CASE WHEN closure = 'decided' THEN return_money_persons END) AS return_money_persons,
       sum(CASE WHEN closure = 'decided' THEN return_land_persons END) AS return_land_persons,
       sum(CASE WHEN closure = 'decided' THEN restored_orgs END) AS restored_orgs,
       sum(CASE WHEN closure = 'decided' THEN restored_persons END) AS restored_persons,
       sum(CASE WHEN closure = 'decided' THEN discipline_persons END) AS discipline_persons,
       sum(CASE WHEN closure = 'decided' THEN discipline_officials END) AS discipline_officials,
       sum(CASE WHEN closure = 'decided' THEN investigation_cases END) AS investigation_cases,
       sum(CASE WHEN closure = 'decided' THEN investigation_persons END) AS investigation_persons,
       sum(CASE WHEN closure = 'decided' THEN investigation_officials END) AS investigation_officials
FROM judged
GROUP BY unit_id, case_type, carried, next_round, closure, CASE WHEN closure = 'decided' THEN verdict END, on_time;
