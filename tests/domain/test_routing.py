"""Routing to the competent body (petitions.domain.routing): precedence, validity across a merger, no rule."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain.issuers import AgencyLevel
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.routing import (
    Directory,
    DuplicateRule,
    Facts,
    RespondentLevel,
    Rule,
    TargetKind,
    Verdict,
    check_no_duplicate,
    check_rule,
    item_path,
    place_path,
    route,
)
from petitions.domain.types import DomainError

KN, TC, KNPA = LetterType.COMPLAINT, LetterType.DENUNCIATION, LetterType.PETITION
ADM = ComplaintSubtype.ADMINISTRATIVE
MERGER = date(2025, 7, 1)
BEFORE, AFTER = date(2025, 6, 30), date(2025, 7, 1)
TODAY = date(2026, 12, 7)

# Units: province 1; new commune 10 (from the merger) absorbed old communes 11 and 12 (under old district 5).
PROVINCE, DISTRICT, NEW_COMMUNE, OLD_A, OLD_B, OTHER_COMMUNE = 1, 5, 10, 11, 12, 20
UNIT_PARENTS = {NEW_COMMUNE: PROVINCE, OLD_A: DISTRICT, OLD_B: DISTRICT, DISTRICT: PROVINCE, OTHER_COMMUNE: PROVINCE}
UNIT_SUCCESSORS = {OLD_A: NEW_COMMUNE, OLD_B: NEW_COMMUNE}
# Fields: 100 "Hành chính" → 101 "Đất đai" (a sub-field).
ADMIN_FIELD, LAND = 100, 101
ITEM_PARENTS = {LAND: ADMIN_FIELD, ADMIN_FIELD: None}
# Agencies: UBND tỉnh 1000 (province 1); Sở 1001 under it; UBND xã mới 1010 (unit 10) from the merger; UBND xã
# cũ 1011 (unit 11) until the merger, succeeded by 1010; UBND xã khác 1020 (unit 20).
UBND, SO, XA_MOI, XA_CU, XA_KHAC = 1000, 1001, 1010, 1011, 1020


def directory(on: date) -> Directory:
    valid = {UBND, SO, XA_KHAC} | ({XA_MOI} if on >= MERGER else {XA_CU})
    units = {UBND: PROVINCE, XA_MOI: NEW_COMMUNE, XA_CU: OLD_A, XA_KHAC: OTHER_COMMUNE}
    return Directory(
        committees={unit: agency for agency, unit in units.items() if agency in valid},
        agency_parents={UBND: None, SO: UBND, XA_MOI: UBND, XA_CU: UBND, XA_KHAC: UBND},
        agency_levels={UBND: AgencyLevel.PROVINCE, SO: AgencyLevel.DEPARTMENT, XA_MOI: AgencyLevel.COMMUNE,
                       XA_CU: AgencyLevel.COMMUNE, XA_KHAC: AgencyLevel.COMMUNE},
        agency_successors={XA_CU: XA_MOI},
        valid_agencies=frozenset(valid),
        agency_names={UBND: "UBND tỉnh", SO: "Sở NN&MT", XA_MOI: "UBND xã Mới", XA_CU: "UBND xã Cũ", XA_KHAC: "UBND xã Khác"},
        unit_names={PROVINCE: "Tỉnh", NEW_COMMUNE: "Xã Mới", OLD_A: "Xã Cũ A"},
        item_labels={LAND: "Đất đai", ADMIN_FIELD: "Hành chính"},
    )


def facts(kind: LetterType = KN, *, subtype: ComplaintSubtype | None = ADM, field: int | None = LAND,
          unit: int | None = NEW_COMMUNE, level: RespondentLevel | None = None, respondent: int | None = None) -> Facts:
    return Facts(
        letter_type=kind,
        complaint_subtype=subtype if kind == KN else None,
        field_path=item_path(field, ITEM_PARENTS),
        place_path=place_path(unit, UNIT_PARENTS, UNIT_SUCCESSORS),
        respondent_level=level,
        respondent_agency_id=respondent,
    )


def rule(rule_id: int, target: TargetKind = TargetKind.PLACE_AUTHORITY, **conditions: object) -> Rule:
    return Rule(id=rule_id, code=f"R{rule_id}", name=f"Quy tắc {rule_id}", target_kind=target, **conditions)  # type: ignore[arg-type]


ANY_KN = rule(1, TargetKind.AGENCY, letter_type=KN, target_agency_id=UBND)
KN_ADM = rule(2, TargetKind.AGENCY, letter_type=KN, complaint_subtype=ADM, target_agency_id=SO)
KN_ADMIN_FIELD = rule(3, letter_type=KN, field_item_id=ADMIN_FIELD)
KN_LAND = rule(4, letter_type=KN, field_item_id=LAND)
KN_PROVINCE = rule(5, TargetKind.AGENCY, letter_type=KN, place_unit_id=PROVINCE, target_agency_id=UBND)
KN_COMMUNE = rule(6, TargetKind.AGENCY, letter_type=KN, place_unit_id=NEW_COMMUNE, target_agency_id=SO)
KN_CHAIRMAN = rule(7, TargetKind.RESPONDENT_BODY, letter_type=KN, respondent_level=RespondentLevel.COMMUNE_CHAIRMAN)
KN_LAND_COMMUNE = rule(8, letter_type=KN, field_item_id=LAND, place_unit_id=NEW_COMMUNE)
TC_CHAIRMAN = rule(9, TargetKind.RESPONDENT_SUPERIOR, letter_type=TC, respondent_level=RespondentLevel.COMMUNE_CHAIRMAN)
EVERY_LETTER = rule(10, TargetKind.AGENCY, target_agency_id=UBND)


@pytest.mark.parametrize(
    ("rules", "letter", "winner", "body"),
    [
        # a named condition beats none: the subtype
        ((ANY_KN, KN_ADM), facts(), KN_ADM, SO),
        # the letter type beats "every letter"
        ((EVERY_LETTER, ANY_KN), facts(), ANY_KN, UBND),
        # a field beats the subtype; a sub-field beats its parent field
        ((KN_ADM, KN_ADMIN_FIELD), facts(), KN_ADMIN_FIELD, XA_MOI),
        ((KN_ADMIN_FIELD, KN_LAND), facts(), KN_LAND, XA_MOI),
        # a place beats a field; the commune beats the province
        ((KN_LAND, KN_PROVINCE), facts(), KN_PROVINCE, UBND),
        ((KN_PROVINCE, KN_COMMUNE), facts(), KN_COMMUNE, SO),
        # field and place together beat the place alone
        ((KN_COMMUNE, KN_LAND_COMMUNE), facts(), KN_LAND_COMMUNE, XA_MOI),
        # the respondent's level beats every other condition
        ((KN_LAND_COMMUNE, KN_CHAIRMAN, ANY_KN), facts(level=RespondentLevel.COMMUNE_CHAIRMAN, respondent=XA_KHAC),
         KN_CHAIRMAN, XA_KHAC),
        # the order the rules come in changes nothing
        ((KN_CHAIRMAN, ANY_KN, KN_LAND_COMMUNE), facts(level=RespondentLevel.COMMUNE_CHAIRMAN, respondent=XA_KHAC),
         KN_CHAIRMAN, XA_KHAC),
        # a rule naming another type, level, field or place does not apply
        ((ANY_KN, TC_CHAIRMAN), facts(level=RespondentLevel.COMMUNE_CHAIRMAN, respondent=XA_KHAC), ANY_KN, UBND),
        ((ANY_KN, KN_LAND), facts(field=ADMIN_FIELD), ANY_KN, UBND),
        ((ANY_KN, KN_COMMUNE), facts(unit=OTHER_COMMUNE), ANY_KN, UBND),
        # a commune chairman denounced: the competent body directly above (the province's)
        ((TC_CHAIRMAN, EVERY_LETTER), facts(TC, level=RespondentLevel.COMMUNE_CHAIRMAN, respondent=XA_KHAC),
         TC_CHAIRMAN, UBND),
        # the place's committee: the letter's own commune, else up the units
        ((KN_LAND,), facts(unit=OTHER_COMMUNE), KN_LAND, XA_KHAC),
        ((KN_LAND,), facts(unit=PROVINCE), KN_LAND, UBND),
    ],
)
def test_the_more_specific_rule_wins(rules: tuple[Rule, ...], letter: Facts, winner: Rule, body: int) -> None:
    outcome = route(letter, rules, TODAY, directory(TODAY))
    assert outcome.verdict == Verdict.ROUTED
    assert outcome.rule == winner
    assert outcome.agency_id == body
    assert f"Quy tắc {winner.code}" in outcome.explanation


def test_the_explanation_names_the_rule_it_beat_and_why() -> None:
    outcome = route(facts(), (KN_PROVINCE, KN_COMMUNE), TODAY, directory(TODAY))
    assert "cụ thể hơn quy tắc R5" in outcome.explanation
    assert "gần với nơi phát sinh vụ việc hơn" in outcome.explanation
    assert "Cơ quan có thẩm quyền: Sở NN&MT" in outcome.explanation


# Validity across the merger date (01/07/2025): rules that name the old commune end the day before, rules
# that name the new one start that day; an old commune's letter reaches the new commune's committee.
OLD_RULE = rule(21, TargetKind.AGENCY, letter_type=KN, place_unit_id=OLD_A, target_agency_id=XA_CU, valid_to=BEFORE)
NEW_RULE = rule(22, TargetKind.AGENCY, letter_type=KN, place_unit_id=NEW_COMMUNE, target_agency_id=XA_MOI,
                valid_from=AFTER)
OLD_PLACE = rule(23, letter_type=KN, valid_to=BEFORE)


@pytest.mark.parametrize(
    ("rules", "unit", "on", "winner", "body"),
    [
        ((OLD_RULE, NEW_RULE), OLD_A, BEFORE, OLD_RULE, XA_CU),
        ((OLD_RULE, NEW_RULE), OLD_A, AFTER, NEW_RULE, XA_MOI),  # the old unit's successor is on the path
        ((OLD_RULE, NEW_RULE), NEW_COMMUNE, AFTER, NEW_RULE, XA_MOI),
        ((OLD_RULE, NEW_RULE), NEW_COMMUNE, TODAY, NEW_RULE, XA_MOI),
        ((OLD_PLACE,), OLD_A, BEFORE, OLD_PLACE, XA_CU),  # the old commune's committee while it existed
    ],
)
def test_validity_across_a_merger_date(rules: tuple[Rule, ...], unit: int, on: date, winner: Rule, body: int) -> None:
    outcome = route(facts(unit=unit), rules, on, directory(on))
    assert (outcome.verdict, outcome.rule, outcome.agency_id) == (Verdict.ROUTED, winner, body)


def test_a_rule_naming_a_merged_body_reaches_its_successor() -> None:
    stale = rule(24, TargetKind.AGENCY, letter_type=KN, target_agency_id=XA_CU)
    outcome = route(facts(), (stale,), TODAY, directory(TODAY))
    assert outcome.agency_id == XA_MOI


ENDED_BY_ADMIN = Rule(**{**ANY_KN.__dict__, "is_active": False})


@pytest.mark.parametrize(
    ("rules", "letter", "on", "verdict", "message"),
    [
        ((), facts(), TODAY, Verdict.NO_RULE, "Không có quy tắc phân loại thẩm quyền nào áp dụng cho đơn này"),
        ((TC_CHAIRMAN,), facts(), TODAY, Verdict.NO_RULE, "cán bộ tự xác định cơ quan có thẩm quyền"),
        ((OLD_RULE,), facts(unit=OLD_A), AFTER, Verdict.NO_RULE, "ngày 01/07/2025"),  # ended the day before
        ((NEW_RULE,), facts(unit=NEW_COMMUNE), BEFORE, Verdict.NO_RULE, "ngày 30/06/2025"),  # not yet in force
        ((ENDED_BY_ADMIN,), facts(), TODAY, Verdict.NO_RULE, "Không có quy tắc"),
        ((KN_LAND,), facts(unit=None), TODAY, Verdict.NO_BODY, "chưa ghi địa bàn"),
        ((KN_CHAIRMAN,), facts(level=RespondentLevel.COMMUNE_CHAIRMAN), TODAY, Verdict.NO_BODY,
         "chưa ghi cơ quan bị khiếu nại"),
        ((rule(30, TargetKind.RESPONDENT_SUPERIOR, letter_type=TC),), facts(TC, respondent=UBND), TODAY,
         Verdict.NO_BODY, "không có trong danh mục"),
    ],
)
def test_no_rule_or_no_body_says_so_and_leaves_the_choice(
    rules: tuple[Rule, ...], letter: Facts, on: date, verdict: Verdict, message: str
) -> None:
    outcome = route(letter, rules, on, directory(on))
    assert outcome.verdict == verdict
    assert outcome.agency_id is None
    assert message in outcome.explanation
    assert "cán bộ tự xác định cơ quan có thẩm quyền" in outcome.explanation


def test_an_exact_tie_is_reported_never_chosen() -> None:
    twin = rule(31, TargetKind.AGENCY, letter_type=KN, complaint_subtype=ADM, target_agency_id=UBND)
    outcome = route(facts(), (KN_ADM, twin), TODAY, directory(TODAY))
    assert outcome.verdict == Verdict.AMBIGUOUS
    assert outcome.agency_id is None
    assert {r.id for r in outcome.tied} == {KN_ADM.id, twin.id}
    assert "R2" in outcome.explanation and "R31" in outcome.explanation


@pytest.mark.parametrize(
    ("other", "refused"),
    [
        (rule(40, TargetKind.AGENCY, letter_type=KN, complaint_subtype=ADM, target_agency_id=UBND), True),
        (rule(41, TargetKind.AGENCY, letter_type=KN, complaint_subtype=ADM, target_agency_id=UBND, valid_to=BEFORE), False),
        (rule(42, TargetKind.AGENCY, letter_type=KN, target_agency_id=UBND), False),  # other conditions
        (Rule(**{**rule(43, TargetKind.AGENCY, letter_type=KN, complaint_subtype=ADM, target_agency_id=UBND).__dict__,
                 "is_active": False}), False),
    ],
)
def test_a_duplicate_of_an_active_rule_in_an_overlapping_period_is_refused(other: Rule, refused: bool) -> None:
    new = rule(44, TargetKind.AGENCY, letter_type=KN, complaint_subtype=ADM, target_agency_id=SO, valid_from=AFTER)
    if refused:
        with pytest.raises(DuplicateRule, match="R40"):
            check_no_duplicate(new, (other,))
    else:
        check_no_duplicate(new, (other,))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (rule(50, TargetKind.AGENCY), "cần chọn cơ quan"),
        (rule(51, TargetKind.PLACE_AUTHORITY, target_agency_id=UBND), "Chỉ quy tắc chuyển đến một cơ quan cụ thể"),
        (rule(52, letter_type=TC, complaint_subtype=ADM), "Chỉ quy tắc cho đơn khiếu nại"),
        (rule(53, valid_from=AFTER, valid_to=BEFORE), "Ngày hết hiệu lực"),
    ],
)
def test_a_malformed_rule_is_refused(bad: Rule, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        check_rule(bad)


def test_place_path_goes_through_successors_then_up() -> None:
    assert place_path(OLD_A, UNIT_PARENTS, UNIT_SUCCESSORS) == (OLD_A, NEW_COMMUNE, PROVINCE)
    assert place_path(None, UNIT_PARENTS, UNIT_SUCCESSORS) == ()
    assert place_path(7, {7: 8, 8: 7}, {}) == (7, 8)  # a loop in the data ends the walk
