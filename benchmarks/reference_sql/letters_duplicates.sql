-- Duplicate candidates of an incoming letter: the writer's earlier letters in the window (by ID number,
-- by folded name) and letters against the same respondent in the window, 50 each at most. Each is read
-- from its key's index: `+ 0` keeps SQLite (no statistics) off the agency's index, which would walk the
-- office's letters of the whole window.
SELECT l.* FROM letter l
WHERE l.citizen_id IN (SELECT id FROM citizen WHERE id_number = :id_number)
  AND l.agency_in_charge_id + 0 IN :agencies AND l.is_void = false
  AND l.received_on BETWEEN :window_start AND :today
LIMIT 50;

SELECT l.* FROM letter l
WHERE l.citizen_id IN (SELECT id FROM citizen WHERE full_name_folded = :writer_folded)
  AND l.agency_in_charge_id + 0 IN :agencies AND l.is_void = false
  AND l.received_on BETWEEN :window_start AND :today
LIMIT 50;

SELECT l.* FROM letter l
WHERE l.respondent_folded = :respondent_folded
  AND l.agency_in_charge_id + 0 IN :agencies AND l.is_void = false
  AND l.received_on BETWEEN :window_start AND :today
LIMIT 50;
