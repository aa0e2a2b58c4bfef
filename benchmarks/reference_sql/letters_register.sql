-- rollback (the rows are written, then rolled back: the register keeps no benchmark letter)
-- Registering one letter: the register number from the counter, the letter, its status event and its
-- D10 clock (the app also writes history rows and checks duplicates first).
UPDATE register_counter SET last_number = last_number + 1
WHERE kind = 'LETTER_REGISTER' AND agency_id = :board_id AND year = :this_year;

INSERT INTO letter (register_agency_id, register_year, register_number, letter_type, status, received_on,
                    summary, summary_folded, respondent, respondent_folded, agency_in_charge_id, channel,
                    signer_kind, signer_count, prior_resolution, duplicate_decision, repeat_count, is_void,
                    is_confidential, is_urgent, result_requested, competent_body, place_text, version,
                    created_at, updated_at)
SELECT :board_id, :this_year, last_number, 'PETITION', 'RECEIVED', :today, 'Kiến nghị đo hiệu năng',
       'kien nghi do hieu nang', 'Đo hiệu năng', 'do hieu nang', :board_id, 'POST', 'ONE', 1, 'NOT_YET', 'NEW',
       0, false, false, false, false, '', '', 1, :now, :now
FROM register_counter WHERE kind = 'LETTER_REGISTER' AND agency_id = :board_id AND year = :this_year;

INSERT INTO letter_status_event (letter_id, status, effective_on, recorded_at)
SELECT max(id), 'RECEIVED', :today, :now FROM letter;

INSERT INTO clock (record_type, record_id, rule_id, trigger_on, variants, extension_days, pauses, obstacles,
                   due_on, explanation, calendar_version, opened_at, version, created_at, updated_at)
SELECT 'letter', max(id), 'D10', :today, '', '[]', '[]', '[]', :today, '', '', :now, 1, :now, :now FROM letter;
