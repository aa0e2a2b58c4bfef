-- As the application runs every form (petitions.reports.queries.without_jit): no JIT compilation on PostgreSQL
-- for this transaction (benchmarks/run.py skips a SET statement on SQLite, which has none).
SET LOCAL jit = off;

-- 02/KQGQ for the province: plain GROUP BY queries giving the same figures. Complaint decisions that order a
-- measure, in force on their D18 clock's due date (the decision's day without one) by the window's end, not taken
-- to round 2 or to court before it; the ledger's cumulative figures as of the day before the window and as of its
-- end (per case, the latest entry no correction superseded: one index range each); carried ones only while not
-- fully done at the start; grouped by report row, carried and fully done, with what was due at the start and done
-- inside the window.
WITH RECURSIVE unit_tree(agency_id, unit_id) AS (
    SELECT id, id FROM agency WHERE parent_id = :root_id
    UNION ALL
    SELECT a.id, t.unit_id FROM agency a JOIN unit_tree t ON a.parent_id = t.agency_id
), today_unit(agency_id, unit_id) AS (
    SELECT CAST(:root_id AS INTEGER), CAST(:root_id AS INTEGER)
    UNION ALL
    SELECT agency_id, unit_id FROM unit_tree
), placed AS (
    -- each body placed for the window (DOMAIN §6): closed before the window's end with a successor, it rolls into
    -- its successor's row; placed under its heir by the reorganisation, it stands beside the heir until then
    SELECT t.agency_id, t.unit_id, a.id, a.successor_id,
           a.successor_id IS NOT NULL AND a.valid_to IS NOT NULL AND a.valid_to < :end AS rolled,
           CASE WHEN a.successor_id IS NOT NULL AND a.parent_id = a.successor_id THEN h.parent_id
                ELSE a.parent_id END AS parent_id
    FROM today_unit t JOIN agency a ON a.id = t.agency_id LEFT JOIN agency h ON h.id = a.successor_id
), unit_map(agency_id, unit_id) AS (
    SELECT p.agency_id,
           CASE WHEN p.rolled THEN s.unit_id
                WHEN p.parent_id = :root_id AND p.id <> :root_id THEN p.id
                ELSE p.unit_id END
    FROM placed p LEFT JOIN today_unit s ON p.rolled AND s.agency_id = p.successor_id
    -- a body rolled into a successor outside the report leaves it
    WHERE NOT p.rolled OR s.unit_id IS NOT NULL
), final AS (
    SELECT record_id AS case_id, max(due_on) AS final_on
    FROM clock WHERE record_type = 'case' AND rule_id = 'D18'
    GROUP BY record_id
), decided AS MATERIALIZED (
    -- decided by the window's end and ordering a measure: a few percent of the cases, read first
    SELECT * FROM case_outcome
    WHERE decided_on <= :end
      AND (recover_money > 0 OR recover_land > 0 OR return_money_orgs > 0 OR return_land_orgs > 0
           OR return_money_persons > 0 OR return_land_persons > 0 OR restored_orgs > 0 OR restored_persons > 0
           OR discipline_orgs > 0 OR discipline_persons > 0 OR discipline_officials > 0 OR investigation_cases > 0
           OR investigation_persons > 0 OR investigation_officials > 0)
), decision AS (
    SELECT m.unit_id, coalesce(f.final_on, o.decided_on) < :start AS carried,
           coalesce(a.fully_done, false) AS fully_done,
           CASE WHEN o.recover_money > coalesce(b.recovered_money, 0)
                THEN o.recover_money - coalesce(b.recovered_money, 0) ELSE 0 END AS due_recover_money,
           CASE WHEN o.recover_land > coalesce(b.recovered_land, 0)
                THEN o.recover_land - coalesce(b.recovered_land, 0) ELSE 0 END AS due_recover_land,
           CASE WHEN o.return_money_orgs > coalesce(b.returned_money_orgs, 0)
                THEN o.return_money_orgs - coalesce(b.returned_money_orgs, 0) ELSE 0 END AS due_money_orgs,
           CASE WHEN o.return_land_orgs > coalesce(b.returned_land_orgs, 0)
                THEN o.return_land_orgs - coalesce(b.returned_land_orgs, 0) ELSE 0 END AS due_land_orgs,
           CASE WHEN o.return_money_persons > coalesce(b.returned_money_persons, 0)
                THEN o.return_money_persons - coalesce(b.returned_money_persons, 0) ELSE 0 END AS due_money_persons,
           CASE WHEN o.return_land_persons > coalesce(b.returned_land_persons, 0)
                THEN o.return_land_persons - coalesce(b.returned_land_persons, 0) ELSE 0 END AS due_land_persons,
           coalesce(a.recovered_money, 0) - coalesce(b.recovered_money, 0) AS done_recover_money,
           coalesce(a.recovered_land, 0) - coalesce(b.recovered_land, 0) AS done_recover_land,
           coalesce(a.returned_money_orgs, 0) - coalesce(b.returned_money_orgs, 0) AS done_money_orgs,
           coalesce(a.returned_land_orgs, 0) - coalesce(b.returned_land_orgs, 0) AS done_land_orgs,
           coalesce(a.returned_money_persons, 0) - coalesce(b.returned_money_persons, 0) AS done_money_persons,
           coalesce(a.returned_land_persons, 0) - coalesce(b.returned_land_persons, 0) AS done_land_persons,
           coalesce(a.disciplined_persons, 0) - coalesce(b.disciplined_persons, 0) AS done_discipline_persons,
           coalesce(a.disciplined_officials, 0) - coalesce(b.disciplined_officials, 0) AS done_discipline_officials,
           coalesce(a.prosecuted_cases, 0) - coalesce(b.prosecuted_cases, 0) AS done_prosecuted_cases,
           coalesce(a.prosecuted_persons, 0) - coalesce(b.prosecuted_persons, 0) AS done_prosecuted_persons,
           coalesce(a.prosecuted_officials, 0) - coalesce(b.prosecuted_officials, 0) AS done_prosecuted_officials
    FROM decided o
    JOIN case_file c ON c.id = o.case_file_id
    JOIN unit_map m ON m.agency_id = c.agency_in_charge_id
    LEFT JOIN final f ON f.case_id = c.id
    LEFT JOIN case_implementation_entry b ON b.id = (
        SELECT e.id FROM case_implementation_entry e
        WHERE e.case_file_id = c.id AND e.effective_on < :start
          AND NOT EXISTS (SELECT 1 FROM case_implementation_entry s WHERE s.supersedes_id = e.id)
        ORDER BY e.effective_on DESC, e.id DESC LIMIT 1)
    LEFT JOIN case_implementation_entry a ON a.id = (
        SELECT e.id FROM case_implementation_entry e
        WHERE e.case_file_id = c.id AND e.effective_on <= :end
          AND NOT EXISTS (SELECT 1 FROM case_implementation_entry s WHERE s.supersedes_id = e.id)
        ORDER BY e.effective_on DESC, e.id DESC LIMIT 1)
    WHERE c.case_type = 'COMPLAINT'
      AND coalesce(f.final_on, o.decided_on) <= :end
      AND (coalesce(f.final_on, o.decided_on) >= :start OR coalesce(b.fully_done, false) = false)
      AND (c.court_filed_on IS NULL OR c.court_filed_on > coalesce(f.final_on, o.decided_on))
      AND NOT EXISTS (SELECT 1 FROM case_file n
                      WHERE n.parent_case_id = c.id AND n.opened_on <= coalesce(f.final_on, o.decided_on))
)
SELECT unit_id, carried, fully_done, count(*) AS decisions,
       sum(due_recover_money), sum(due_recover_land), sum(due_money_orgs), sum(due_land_orgs),
       sum(due_money_persons), sum(due_land_persons),
       sum(done_recover_money), sum(done_recover_land), sum(done_money_orgs), sum(done_land_orgs),
       sum(done_money_persons), sum(done_land_persons), sum(done_discipline_persons), sum(done_discipline_officials),
       sum(done_prosecuted_cases), sum(done_prosecuted_persons), sum(done_prosecuted_officials)
FROM decision
GROUP BY unit_id, carried, fully_done;
