"""Routing services: the seeded rules, the letter's proposal and override, rules that follow a reorganisation."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.clock import local_today
from petitions.directory.models import AdministrativeUnit, Agency, ReferenceItem
from petitions.domain.classification import IntakeFacts
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.routing import DuplicateRule, RespondentLevel, TargetKind, Verdict
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_of
from petitions.letters import services as letters
from petitions.routing import services
from petitions.routing.models import RoutingRule
from petitions.routing.seed import DEMO_RULES, seed_routing_rules
from tests.factories import make_agency, make_letter, make_user

TODAY = date(2026, 12, 7)


def _agency(code: str) -> Agency:
    return db.session.scalars(sa.select(Agency).where(Agency.code == code)).one()


def _unit(code: str) -> AdministrativeUnit:
    return db.session.scalars(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == code)).one()


def _item(list_code: str, code: str) -> int:
    return db.session.scalar(sa.select(ReferenceItem.id).where(ReferenceItem.list_code == list_code, ReferenceItem.code == code))


def _rule(code: str) -> RoutingRule:
    return db.session.scalars(sa.select(RoutingRule).where(RoutingRule.code == code).order_by(RoutingRule.id)).first()


@pytest.fixture
def seeded(session):  # type: ignore[no-untyped-def]
    seed_reference_data()
    return session


def test_seed_loads_every_demo_rule_once(seeded) -> None:  # type: ignore[no-untyped-def]
    codes = set(db.session.scalars(sa.select(RoutingRule.code)))
    assert codes == {seed.code for seed in DEMO_RULES}
    assert seed_routing_rules() == 0  # idempotent
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoutingRule)) == len(DEMO_RULES)


def test_an_edited_seed_rule_is_not_overwritten(seeded) -> None:  # type: ignore[no-untyped-def]
    rule = _rule("KN-XA")
    rule.name = "Tên do quản trị sửa"
    db.session.flush()
    seed_routing_rules()
    assert _rule("KN-XA").name == "Tên do quản trị sửa"


@pytest.mark.parametrize(
    ("kind", "level", "respondent", "field", "place", "rule_code", "body"),
    [
        # land compensation in a commune → that commune's UBND first
        (LetterType.COMPLAINT, None, None, ("field_complaint", "HC_DD"), "06862", "KN-DD-XA", "XTY"),
        # an old commune merged into xã Tiên Yên on 01/07/2025 → the new commune's UBND
        (LetterType.COMPLAINT, None, None, ("field_complaint", "HC_DD"), "06871", "KN-DD-XA", "XTY"),
        # a Sở's administrative decision → its Giám đốc
        (LetterType.COMPLAINT, RespondentLevel.DEPARTMENT_HEAD, "SNNMT", ("field_complaint", "HC_DD"), "06862", "KN-SO", "SNNMT"),
        # a commune chairman denounced → the provincial level
        (LetterType.DENUNCIATION, RespondentLevel.COMMUNE_CHAIRMAN, "PHG", None, "06685", "TC-CTXA", "UBND"),
        # a commune official denounced → the commune's chairman
        (LetterType.DENUNCIATION, RespondentLevel.COMMUNE_OFFICIAL, "PHG", None, None, "TC-CBXA", "PHG"),
        # a recommendation about land → the Sở (field and place beat the place's committee)
        (LetterType.PETITION, None, None, ("field_petition", "DD"), "06994", "KNPA-DD", "SNNMT"),
        (LetterType.PETITION, None, None, None, "06994", "KNPA-DIABAN", "DKVD"),
    ],
)
def test_the_seeded_rules_propose_what_an_office_expects(  # type: ignore[no-untyped-def]
    seeded, kind, level, respondent, field, place, rule_code, body
) -> None:
    facts = services.facts_of(
        letter_type=kind,
        complaint_subtype=ComplaintSubtype.ADMINISTRATIVE if kind == LetterType.COMPLAINT else None,
        field_item_id=_item(*field) if field else None,
        place_unit_id=_unit(place).id if place else None,
        respondent_level=level,
        respondent_agency_id=_agency(respondent).id if respondent else None,
    )
    outcome = services.propose(facts, on=TODAY)
    assert outcome.verdict == Verdict.ROUTED, outcome.explanation
    assert outcome.rule is not None and outcome.rule.code == rule_code
    assert outcome.agency_id == _agency(body).id


def test_a_province_chairman_denounced_finds_no_body_in_the_directory(seeded) -> None:  # type: ignore[no-untyped-def]
    facts = services.facts_of(
        letter_type=LetterType.DENUNCIATION, respondent_level=RespondentLevel.PROVINCE_CHAIRMAN,
        respondent_agency_id=_agency("UBND").id,
    )
    outcome = services.propose(facts, on=TODAY)
    assert outcome.verdict == Verdict.NO_BODY
    assert "không có trong danh mục" in outcome.explanation


def test_a_denunciation_without_its_respondent_has_no_rule(seeded) -> None:  # type: ignore[no-untyped-def]
    outcome = services.propose(services.facts_of(letter_type=LetterType.DENUNCIATION), on=TODAY)
    assert outcome.verdict == Verdict.NO_RULE
    assert "cán bộ tự xác định" in outcome.explanation


# --------------------------------------------------------------------------------------------- the letter


def _classify(letter, actor, routing: services.LetterRouting, reason: str | None = None):  # type: ignore[no-untyped-def]
    data = letters.ClassificationInput(
        facts=IntakeFacts(declared_type=LetterType.COMPLAINT),
        complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
        field_item_id=_item("field_complaint", "HC_DD"),
        routing=routing,
    )
    return letters.classify_letter(letter, data, actor=actor, reason=reason)


@pytest.fixture
def office(seeded):  # type: ignore[no-untyped-def]
    handler = make_user(agency=_agency("BTCD"), full_name="Cán Bộ Xử Lý")
    letter = make_letter(agency=_agency("BTCD"), actor=handler)
    return handler, letter


def test_classification_keeps_the_proposal_and_its_rule(office) -> None:  # type: ignore[no-untyped-def]
    handler, letter = office
    _classify(letter, handler, services.LetterRouting(place_unit_id=_unit("06862").id))
    assert letter.competent_agency_id == _agency("XTY").id
    assert letter.routing_rule_id == _rule("KN-DD-XA").id
    assert letter.routing_override_reason is None


def test_another_body_needs_a_reason_kept_in_history(office) -> None:  # type: ignore[no-untyped-def]
    handler, letter = office
    chosen = _agency("SNNMT").id
    with pytest.raises(services.OverrideRefused, match="vui lòng ghi lý do"):
        _classify(letter, handler, services.LetterRouting(place_unit_id=_unit("06862").id, chosen_agency_id=chosen))
    _classify(
        letter, handler,
        services.LetterRouting(place_unit_id=_unit("06862").id, chosen_agency_id=chosen,
                               override_reason="Đất do Sở thu hồi, không phải xã"),
    )
    assert (letter.competent_agency_id, letter.routing_rule_id) == (chosen, None)
    rows = [row for row in history_of("letter", letter.id) if row.field == "routing_override_reason"]
    assert rows and rows[-1].new_value == "Đất do Sở thu hồi, không phải xã"


def test_reclassifying_proposes_again_from_the_new_facts(office) -> None:  # type: ignore[no-untyped-def]
    handler, letter = office
    _classify(letter, handler, services.LetterRouting(place_unit_id=_unit("06862").id))
    _classify(
        letter, handler,
        services.LetterRouting(place_unit_id=_unit("06862").id, respondent_level=RespondentLevel.DEPARTMENT_HEAD,
                               respondent_agency_id=_agency("SNNMT").id),
        reason="Người bị khiếu nại là Sở",
    )
    assert letter.competent_agency_id == _agency("SNNMT").id
    assert letter.routing_rule_id == _rule("KN-SO").id


def test_a_reclassification_without_routing_input_keeps_the_officers_choice(office) -> None:  # type: ignore[no-untyped-def]
    handler, letter = office
    chosen = _agency("SNNMT").id
    _classify(letter, handler, services.LetterRouting(place_unit_id=_unit("06862").id, chosen_agency_id=chosen,
                                                      override_reason="Sở đã thụ lý"))
    letters.classify_letter(
        letter,
        letters.ClassificationInput(facts=IntakeFacts(declared_type=LetterType.COMPLAINT),
                                    complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
                                    field_item_id=letter.field_item_id),
        actor=handler, reason="Sửa lĩnh vực",
    )
    assert (letter.competent_agency_id, letter.routing_override_reason) == (chosen, "Sở đã thụ lý")


def test_a_body_outside_the_officers_tree_is_refused_like_a_missing_one(office) -> None:  # type: ignore[no-untyped-def]
    handler, letter = office
    elsewhere = make_agency(code="NGOAI", name="Cơ quan tỉnh khác")
    for agency_id in (elsewhere.id, 10**6):
        with pytest.raises(DomainError, match="Không tìm thấy cơ quan đã chọn"):
            _classify(letter, handler, services.LetterRouting(chosen_agency_id=agency_id, override_reason="Lý do đủ dài"))


# --------------------------------------------------------------------------------------------- the table


def _input(**overrides):  # type: ignore[no-untyped-def]
    values = {"code": "T-1", "name": "Quy tắc thử", "target_kind": TargetKind.PLACE_AUTHORITY,
              "letter_type": LetterType.PETITION, "respondent_level": RespondentLevel.NOT_OFFICIAL}
    values.update(overrides)
    return services.RuleInput(**values)


def test_save_refuses_a_duplicate_and_a_code_in_use(seeded) -> None:  # type: ignore[no-untyped-def]
    services.save_rule(None, _input())
    with pytest.raises(DuplicateRule):
        services.save_rule(None, _input(code="T-2"))
    with pytest.raises(DomainError, match="đã được quy tắc khác dùng"):
        services.save_rule(None, _input(respondent_level=RespondentLevel.CENTRAL_BODY))
    # the next generation of the rule: same code, a later period
    first = _rule("T-1")
    services.end_rule(first, last_day=date(2026, 12, 31))
    later = services.save_rule(None, _input(valid_from=date(2027, 1, 1)))
    assert later.id != first.id


def test_end_rule_stops_it_after_the_day(seeded) -> None:  # type: ignore[no-untyped-def]
    rule = _rule("KNPA-DIABAN")
    services.end_rule(rule, last_day=date(2026, 12, 31))
    facts = services.facts_of(letter_type=LetterType.PETITION, place_unit_id=_unit("06994").id)
    assert services.propose(facts, on=date(2026, 12, 31)).rule.code == "KNPA-DIABAN"  # type: ignore[union-attr]
    assert services.propose(facts, on=date(2027, 1, 1)).verdict == Verdict.NO_RULE


# ---------------------------------------------------------------------------------- follow_reorganisation

MERGED_ON = date(2027, 1, 1)


def test_rules_follow_a_merger_of_agencies_and_units(seeded) -> None:  # type: ignore[no-untyped-def]
    old_unit, new_unit = _unit("06685"), _unit("06688")
    old_body, new_body = _agency("SNNMT"), _agency("SXD")
    land = _rule("KNPA-DD")  # names SNNMT and the province
    local = services.save_rule(None, _input(code="T-PHG", place_unit_id=old_unit.id))
    later = services.save_rule(None, _input(code="T-LATER", place_unit_id=old_unit.id,
                                            respondent_level=RespondentLevel.CENTRAL_BODY, valid_from=date(2027, 3, 1)))
    ended = services.save_rule(None, _input(code="T-OLD", place_unit_id=old_unit.id,
                                            respondent_level=RespondentLevel.DISTRICT_OFFICIAL, valid_to=date(2026, 6, 30)))
    untouched = _rule("KN-XA")

    changed = services.follow_reorganisation(
        agency_map={old_body.id: new_body.id}, unit_map={old_unit.id: new_unit.id}, on=MERGED_ON,
        actor=None, reason="Nghị quyết sáp nhập số 1/NQ",
    )

    assert changed == 3
    assert (land.valid_to, local.valid_to) == (date(2026, 12, 31), date(2026, 12, 31))
    land_copy = db.session.scalars(sa.select(RoutingRule).where(RoutingRule.replaces_id == land.id)).one()
    assert (land_copy.code, land_copy.target_agency_id, land_copy.valid_from, land_copy.valid_to) == (
        "KNPA-DD", new_body.id, MERGED_ON, None
    )
    local_copy = db.session.scalars(sa.select(RoutingRule).where(RoutingRule.replaces_id == local.id)).one()
    assert local_copy.place_unit_id == new_unit.id
    assert later.place_unit_id == new_unit.id and later.valid_from == date(2027, 3, 1)  # moved in place
    assert ended.place_unit_id == old_unit.id and ended.valid_to == date(2026, 6, 30)  # over before: kept
    assert untouched.valid_to is None
    reasons = {row.reason for row in history_of("routing_rule", land.id) if row.field == "valid_to"}
    assert reasons == {"Nghị quyết sáp nhập số 1/NQ"}
    # The day before, the old body; from the date, its successor.
    facts = services.facts_of(letter_type=LetterType.PETITION, field_item_id=_item("field_petition", "DD"),
                              place_unit_id=_unit("06994").id)
    assert services.propose(facts, on=date(2026, 12, 31)).agency_id == old_body.id
    assert services.propose(facts, on=MERGED_ON).agency_id == new_body.id


def test_a_copy_that_repeats_the_successors_rule_only_ends_the_old_one(seeded) -> None:  # type: ignore[no-untyped-def]
    old_unit, new_unit = _unit("06685"), _unit("06688")
    old = services.save_rule(None, _input(code="T-A", place_unit_id=old_unit.id))
    services.save_rule(None, _input(code="T-B", place_unit_id=new_unit.id))
    changed = services.follow_reorganisation(
        agency_map={}, unit_map={old_unit.id: new_unit.id}, on=MERGED_ON, actor=None, reason="Sáp nhập"
    )
    assert changed == 1
    assert old.valid_to == date(2026, 12, 31)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoutingRule).where(RoutingRule.replaces_id == old.id)) == 0


def test_nothing_to_follow_changes_nothing(seeded) -> None:  # type: ignore[no-untyped-def]
    assert services.follow_reorganisation(agency_map={}, unit_map={}, on=MERGED_ON, actor=None, reason="x") == 0
    spare = make_agency(code="KHONGQT")
    assert services.follow_reorganisation(
        agency_map={spare.id: _agency("UBND").id}, unit_map={}, on=MERGED_ON, actor=None, reason="x"
    ) == 0


# ------------------------------------------------------------------------------------------------- the demo


def test_demo_letters_carry_the_body_the_rules_propose(app, runner, session, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from petitions.letters.models import Letter

    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_FOLDER", str(tmp_path / "letters"))
    result = runner.invoke(args=["demo", "--letters", "200"])
    assert result.exit_code == 0, result.output
    classified = list(db.session.scalars(sa.select(Letter).where(Letter.classified_at.is_not(None))))
    assert classified and all(letter.competent_agency_id is not None for letter in classified)
    by_rule = [letter for letter in classified if letter.routing_rule_id is not None]
    assert len(by_rule) >= len(classified) // 4
    for letter in by_rule[:20]:  # what the page would propose is what the demo recorded
        outcome = services.propose(services.letter_facts(letter), on=local_today())
        assert (outcome.agency_id, outcome.rule.id if outcome.rule else None) == (
            letter.competent_agency_id, letter.routing_rule_id,
        )
    unclassified = db.session.scalars(sa.select(Letter).where(Letter.classified_at.is_(None))).all()
    assert all(letter.competent_agency_id is None for letter in unclassified)
