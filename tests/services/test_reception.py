"""Reception services: citizens (validation, matching, merge), visits (outcomes, cases, delegations, vault), sessions."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile
from petitions.citizens.models import Citizen
from petitions.citizens.services import CitizenInput
from petitions.cli import seed_reference_data
from petitions.directory.queries import get_item
from petitions.domain.deadlines import LeaderLevel
from petitions.domain.reception import (
    ReceptionError,
    RepresentativeKind,
    SessionKind,
    SessionStatus,
    VisitClass,
    VisitOutcome,
)
from petitions.domain.records import ComplaintSubtype, IdType, LetterType
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.letters.models import Letter
from petitions.reception import queries, services
from petitions.reception.models import IntakeDraft, Representative, Visit
from tests.factories import count_rows, make_agency, make_citizen, make_cleared_user, make_user

AUG_14 = date(2026, 8, 14)


@pytest.fixture
def office(session):
    seed_reference_data()
    agency = make_agency()
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
    with immediate_transactions():  # registering a letter takes the register number under the write lock
        yield agency, officer


def visit_input(agency, officer, **overrides):
    values = dict(
        agency_id=agency.id,
        visited_on=AUG_14,
        classification=VisitClass.COMPLAINT,
        complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
        summary="Khiếu nại việc bồi thường khi thu hồi đất",
        outcome=VisitOutcome.GUIDED,
        guided_to="Ủy ban nhân dân xã Bình Định",
        officer_id=officer.id,
        person=CitizenInput(
            full_name="Nguyễn Văn Đức", id_type=IdType.CCCD, id_number="001203004567"
        ),
    )
    values.update(overrides)
    return services.VisitInput(**values)


def test_folded_search_finds_the_accented_name(office):
    agency, officer = office
    make_citizen(agency=agency, full_name="Nguyễn Văn Đức")
    page = queries.list_citizens(officer, text="nguyen van duc", after=None)
    assert [c.full_name for c in page.rows] == ["Nguyễn Văn Đức"]


@pytest.mark.parametrize(("headcount", "delegation"), [(4, False), (5, True)])
def test_delegation_flag_follows_the_headcount(office, headcount, delegation):
    agency, officer = office
    visit = services.register_visit(visit_input(agency, officer, headcount=headcount), actor=officer)
    assert visit.is_delegation is delegation


def test_group_of_twelve_with_three_representatives(office):
    agency, officer = office
    reps = tuple(
        services.RepresentativeInput(
            kind=RepresentativeKind.GROUP,
            document_number="01/BB-CĐD",
            person=CitizenInput(
                full_name=f"Đại diện {n}", id_type=IdType.CCCD, id_number=f"00120300456{n}"
            ),
        )
        for n in range(3)
    )
    visit = services.register_visit(
        visit_input(agency, officer, headcount=12, representatives=reps), actor=officer
    )
    assert visit.is_delegation
    assert count_rows(Representative, Representative.visit_id == visit.id) == 3


def test_repeat_visit_adds_a_visit_not_a_case(office):
    agency, officer = office
    first = services.register_visit(visit_input(agency, officer), actor=officer)
    cases_before = count_rows(CaseFile)
    again = services.register_visit(
        visit_input(
            agency,
            officer,
            person=None,
            citizen_id=first.citizen_id,
            case_id=first.case_id,
            visited_on=date(2026, 8, 20),
        ),
        actor=officer,
    )
    assert count_rows(CaseFile) == cases_before
    assert (again.case_id, again.repeat_number) == (first.case_id, 2)
    assert count_rows(Visit, Visit.case_id == first.case_id) == 2
    assert [c.id for c in queries.cases_of_citizen(officer, first.citizen_id)] == [first.case_id]


def test_case_outside_scope_is_refused(office):
    agency, officer = office
    from tests.factories import make_case

    foreign = make_case(agency=make_agency())
    with pytest.raises(DomainError, match="vụ việc"):
        services.register_visit(
            visit_input(agency, officer, case_id=foreign.id),
            actor=officer,
        )


def test_citizen_outside_scope_is_refused(office):
    agency, officer = office
    foreign = make_citizen(agency=make_agency())
    with pytest.raises(DomainError, match="hồ sơ công dân"):
        services.register_visit(visit_input(agency, officer, person=None, citizen_id=foreign.id), actor=officer)


def test_session_of_another_office_is_refused(office):
    agency, officer = office
    other = services.create_session(
        agency_id=make_agency().id,
        data=services.SessionInput(kind=SessionKind.REGULAR, held_on=AUG_14),
        actor=officer,
    )
    with pytest.raises(DomainError, match="không thuộc cơ quan"):
        services.register_visit(visit_input(agency, officer, session_id=other.id), actor=officer)


def test_visit_starts_d7(office):
    agency, officer = office
    visit = services.register_visit(visit_input(agency, officer), actor=officer)
    due = queries.visit_due_dates(visit)
    assert due.answer_due_on == date(2026, 8, 27)  # the make-up Saturday 22/08 counts
    assert due.answer_due_explanation == (
        "10 ngày làm việc kể từ ngày 14/08/2026 (không tính thứ Bảy, Chủ nhật; thứ Bảy 22/08/2026 là ngày "
        "làm việc bù nên được tính). Hạn trả lời công dân về việc thụ lý, hướng dẫn hoặc chuyển đơn: "
        "thứ Năm, 27/08/2026. Căn cứ: khoản 1 Điều 28 Luật Tiếp công dân 2013. "
        "Lịch làm việc: 2025-2027 xác nhận."
    )


def test_guided_and_forwarded_outcomes(office):
    agency, officer = office
    guided = services.register_visit(
        visit_input(agency, officer, guided_document_number="12/HD"), actor=officer
    )
    assert (guided.outcome, guided.guided_to, guided.guided_document_number) == (
        VisitOutcome.GUIDED,
        "Ủy ban nhân dân xã Bình Định",
        "12/HD",
    )
    forwarded = services.register_visit(
        visit_input(
            agency, officer, outcome=VisitOutcome.FORWARDED, forwarded_to="Sở Xây dựng", guided_to=""
        ),
        actor=officer,
    )
    assert forwarded.forwarded_to == "Sở Xây dựng" and forwarded.guided_to == ""


def test_letter_received_registers_a_linked_letter(office):
    agency, officer = office
    visit = services.register_visit(
        visit_input(agency, officer, outcome=VisitOutcome.LETTER_RECEIVED, with_letter=True), actor=officer
    )
    letter = db.session.get(Letter, visit.letter_id)
    assert (letter.citizen_id, letter.case_id, letter.letter_type, letter.received_on) == (
        visit.citizen_id,
        visit.case_id,
        LetterType.COMPLAINT,
        AUG_14,
    )


def test_letter_received_without_letter_needs_the_statement(office):
    agency, officer = office
    with pytest.raises(ReceptionError, match="trình bày"):
        services.register_visit(
            visit_input(agency, officer, outcome=VisitOutcome.LETTER_RECEIVED), actor=officer
        )


@pytest.mark.parametrize(
    ("code", "d6_due"),
    [("R26_03", date(2026, 8, 19)), ("R26_11", date(2026, 8, 19)), ("R26_01", None), ("R26_07", None)],
)
def test_refusal_with_a_ground_valid_on_the_visit_date(office, code, d6_due):
    agency, officer = office
    ground = get_item("refusal_ground", code)
    visit = services.register_visit(
        visit_input(
            agency,
            officer,
            outcome=VisitOutcome.REFUSED,
            refusal_ground_id=ground.id,
            refusal_explanation="Đã giải thích",
        ),
        actor=officer,
    )
    assert visit.refusal_ground_id == ground.id
    assert queries.visit_due_dates(visit).refusal_notice_due_on == d6_due


def test_refusal_ground_of_the_old_generation_is_refused_after_the_reform(office):
    agency, officer = office
    old = get_item("refusal_ground", "R13_3")
    with pytest.raises(ReceptionError, match="hiệu lực"):
        services.register_visit(
            visit_input(
                agency,
                officer,
                outcome=VisitOutcome.REFUSED,
                refusal_ground_id=old.id,
                refusal_explanation="x",
            ),
            actor=officer,
        )


def test_refusal_on_an_item_of_another_list_asks_for_a_ground(office):
    """The outcome check gets the ground's code, not the id typed in the form: an id that names no
    refusal ground is no ground at all (not a ground "out of force")."""
    agency, officer = office
    other = get_item("field_complaint", "HC")
    with pytest.raises(ReceptionError, match="Vui lòng chọn căn cứ từ chối tiếp"):
        services.register_visit(
            visit_input(
                agency,
                officer,
                outcome=VisitOutcome.REFUSED,
                refusal_ground_id=other.id,
                refusal_explanation="Đã giải thích",
            ),
            actor=officer,
        )


def test_every_refusal_ground_valid_on_its_date_is_accepted(office):
    agency, officer = office
    from petitions.directory.models import ReferenceItem

    grounds = db.session.scalars(
        sa.select(ReferenceItem).where(ReferenceItem.list_code == "refusal_ground")
    ).all()
    assert len(grounds) == 17
    for item in grounds:
        day = item.valid_to or date(2026, 8, 14)
        visit = services.register_visit(
            visit_input(
                agency,
                officer,
                visited_on=day,
                outcome=VisitOutcome.REFUSED,
                refusal_ground_id=item.id,
                refusal_explanation="Đã giải thích",
            ),
            actor=officer,
        )
        assert visit.refusal_ground_id == item.id


def test_denunciation_identity_goes_to_the_vault(office):
    agency, officer = office
    citizens_before = count_rows(Citizen)
    visit = services.register_visit(
        visit_input(
            agency,
            officer,
            classification=VisitClass.DENUNCIATION,
            complaint_subtype=None,
            outcome=VisitOutcome.LETTER_RECEIVED,
            with_letter=True,
        ),
        actor=officer,
    )
    assert visit.citizen_id is None and visit.identity_ref_id is not None
    assert count_rows(Citizen) == citizens_before  # no citizen record links a person to a denunciation
    letter = db.session.get(Letter, visit.letter_id)
    assert letter.citizen_id is None and letter.identity_ref_id is not None


def test_known_citizen_denouncing_is_not_linked_on_their_page(office):
    agency, officer = office
    citizen = make_citizen(agency=agency, full_name="Phạm Thị Mai")
    services.register_visit(
        visit_input(
            agency,
            officer,
            person=None,
            citizen_id=citizen.id,
            classification=VisitClass.DENUNCIATION,
            complaint_subtype=None,
        ),
        actor=officer,
    )
    cleared = make_cleared_user(agency=agency)
    for user in (officer, cleared):  # reference-only vault: nothing to link, even for the cleared
        assert [line for line in queries.citizen_history(user, citizen) if line.kind == "visit"] == []


def test_citizen_history_lists_visits_letters_and_cases_newest_first(office):
    agency, officer = office
    first = services.register_visit(visit_input(agency, officer, visited_on=date(2026, 8, 3)), actor=officer)
    services.register_visit(
        visit_input(
            agency,
            officer,
            person=None,
            citizen_id=first.citizen_id,
            outcome=VisitOutcome.LETTER_RECEIVED,
            with_letter=True,
        ),
        actor=officer,
    )
    citizen = db.session.get(Citizen, first.citizen_id)
    kinds = [(line.on, line.kind) for line in queries.citizen_history(officer, citizen)]
    assert kinds[0] == (AUG_14, "visit")
    assert {k for _, k in kinds} == {"visit", "letter", "case"}
    assert [d for d, _ in kinds] == sorted((d for d, _ in kinds), reverse=True)


def test_sessions_delegated_only_before_the_reform_and_d1(office):
    agency, officer = office
    with pytest.raises(ReceptionError, match="ủy quyền"):
        services.create_session(
            agency_id=agency.id,
            data=services.SessionInput(
                kind=SessionKind.DELEGATED, held_on=date(2026, 7, 6), leader_name="Phó Chủ tịch"
            ),
        )
    periodic = services.create_session(
        agency_id=agency.id,
        data=services.SessionInput(
            kind=SessionKind.PERIODIC,
            held_on=date(2026, 9, 4),
            leader_name="Chủ tịch Lê Văn An",
            leader_level=LeaderLevel.PROVINCE_CHAIRMAN,
        ),
    )
    assert queries.publish_by_dates([periodic]) == {periodic.id: date(2026, 8, 25)}


def test_leader_compliance_for_a_month(office):
    agency, officer = office
    services.create_session(
        agency_id=agency.id,
        data=services.SessionInput(
            kind=SessionKind.PERIODIC,
            held_on=date(2026, 9, 4),
            status=SessionStatus.HELD,
            leader_name="Chủ tịch Lê Văn An",
            leader_level=LeaderLevel.PROVINCE_CHAIRMAN,
            schedule_published_on=date(2026, 8, 24),
        ),
    )
    [row] = queries.leader_compliance(officer, date(2026, 9, 1))
    assert (row.result.required, row.result.held, row.result.published_on_time) == (1, 1, 1)
    assert row.result.meets_frequency


def test_visit_in_a_session_takes_its_kind(office):
    agency, officer = office
    held = services.create_session(
        agency_id=agency.id,
        data=services.SessionInput(
            kind=SessionKind.UNSCHEDULED, held_on=AUG_14, leader_name="Chủ tịch", status=SessionStatus.HELD
        ),
    )
    visit = services.register_visit(visit_input(agency, officer, session_id=held.id), actor=officer)
    assert (visit.kind, visit.presiding_leader) == (SessionKind.UNSCHEDULED, "Chủ tịch")


def test_drafts_replace_and_discard(office):
    _, officer = office
    services.save_draft(
        user_id=officer.id, form_key="visit-intake", payload={"summary": "một", "csrf_token": "x"}
    )
    draft = services.save_draft(user_id=officer.id, form_key="visit-intake", payload={"summary": "hai"})
    assert draft.payload == {"summary": "hai"}
    assert count_rows(IntakeDraft, IntakeDraft.user_id == officer.id) == 1
    services.discard_draft(user_id=officer.id, form_key="visit-intake")
    assert count_rows(IntakeDraft, IntakeDraft.user_id == officer.id) == 0


def test_leader_without_a_session_this_month_is_shown_as_not_met(office):
    agency, officer = office
    services.create_session(
        agency_id=agency.id,
        data=services.SessionInput(
            kind=SessionKind.PERIODIC,
            held_on=date(2026, 8, 7),
            status=SessionStatus.HELD,
            leader_name="Chủ tịch Lê Văn An",
            leader_level=LeaderLevel.PROVINCE_CHAIRMAN,
        ),
    )
    [row] = queries.leader_compliance(officer, date(2026, 9, 1))
    assert (row.result.required, row.result.held, row.result.meets_frequency) == (1, 0, False)


def _session(agency, status, held_on=AUG_14, **overrides):
    values = dict(kind=SessionKind.PERIODIC, held_on=held_on, leader_name="Chủ tịch", status=status)
    values.update(overrides)
    return services.create_session(agency_id=agency.id, data=services.SessionInput(**values))


def test_visit_in_a_postponed_session_is_refused(office):
    agency, officer = office
    postponed = _session(agency, SessionStatus.POSTPONED, postponed_reason="Chủ tịch đi công tác")
    with pytest.raises(ReceptionError, match="đã bị hoãn"):
        services.register_visit(visit_input(agency, officer, session_id=postponed.id), actor=officer)
    assert count_rows(Visit) == 0


def test_visit_in_a_planned_session_counts_only_on_its_day(office, monkeypatch):
    agency, officer = office
    planned = _session(agency, SessionStatus.PLANNED)
    monkeypatch.setattr(services.clock, "local_today", lambda: date(2026, 8, 20))
    with pytest.raises(ReceptionError, match="chưa được ghi là đã tiếp"):
        services.register_visit(visit_input(agency, officer, session_id=planned.id), actor=officer)
    monkeypatch.setattr(services.clock, "local_today", lambda: AUG_14)
    visit = services.register_visit(visit_input(agency, officer, session_id=planned.id), actor=officer)
    assert visit.session_id == planned.id


def test_intake_offers_only_sessions_that_take_visits(office):
    agency, officer = office
    held = _session(agency, SessionStatus.HELD)
    _session(agency, SessionStatus.POSTPONED, postponed_reason="Chủ tịch đi công tác")
    planned = _session(agency, SessionStatus.PLANNED)
    assert [s.id for s in queries.sessions_on(officer, AUG_14, today=date(2026, 8, 20))] == [held.id]
    assert [s.id for s in queries.sessions_on(officer, AUG_14, today=AUG_14)] == [held.id, planned.id]


def test_a_session_with_visits_cannot_be_postponed(office):
    agency, officer = office
    held = _session(agency, SessionStatus.HELD)
    services.register_visit(visit_input(agency, officer, session_id=held.id), actor=officer)
    data = services.SessionInput(
        kind=SessionKind.PERIODIC, held_on=AUG_14, leader_name="Chủ tịch",
        status=SessionStatus.POSTPONED, postponed_reason="Nhầm",
    )
    with pytest.raises(ReceptionError, match="không thể chuyển sang hoãn"):
        services.update_session(held, data)


# Secrecy by construction (issue 14 items 2 and 3) -------------------------------------------------------

DENOUNCER_FORM = {
    "summary": "Tố cáo cán bộ địa chính nhận tiền",
    "person-full_name": "Hoàng Thị Xuyến",
    "person-id_number": "079199887766",
    "person-phone": "0987654321",
    "person-address_text": "Thôn Đông",
    "citizen_id": "17",
    "representatives-0-full_name": "Lê Văn Đại Diện",
    "representatives-0-document_number": "01/UQ",
    "accompanying": "Trần Văn Đi Cùng",
}
PERSON_KEYS = {k for k in DENOUNCER_FORM if k != "summary"}


@pytest.fixture
def encrypted_vault(app, tmp_path, monkeypatch):
    from petitions.vault.keys import create_key_file

    key_file = tmp_path / "keys" / "vault.key"
    create_key_file(key_file)
    monkeypatch.setitem(app.config, "VAULT_MODE", "encrypted")
    monkeypatch.setitem(app.config, "VAULT_KEY_FILE", str(key_file))
    monkeypatch.setitem(app.config, "VAULT_LEGAL_BASIS", "Quyết định số 01/QĐ-BTCD về bảo vệ dữ liệu người tố cáo")


@pytest.mark.parametrize("classification", ["", "denunciation", "no-such-class"])
def test_reference_mode_draft_keeps_no_person_field_before_a_choice_or_for_a_denunciation(office, classification):
    _, officer = office
    draft = services.save_draft(
        user_id=officer.id, form_key="visit-intake", payload=DENOUNCER_FORM | {"classification": classification}
    )
    db.session.expire(draft)  # read back what was written
    assert draft.payload == {"summary": DENOUNCER_FORM["summary"], "classification": classification}


@pytest.mark.parametrize("classification", ["complaint", "petition"])
def test_reference_mode_draft_keeps_the_person_of_a_complaint_or_petition(office, classification):
    _, officer = office
    payload = DENOUNCER_FORM | {"classification": classification}
    draft = services.save_draft(user_id=officer.id, form_key="visit-intake", payload=payload)
    assert draft.payload == payload


def test_a_later_denunciation_choice_drops_the_person_kept_for_a_complaint(office):
    _, officer = office
    services.save_draft(user_id=officer.id, form_key="visit-intake", payload=DENOUNCER_FORM | {"classification": "complaint"})
    draft = services.save_draft(
        user_id=officer.id, form_key="visit-intake", payload=DENOUNCER_FORM | {"classification": "denunciation"}
    )
    assert not PERSON_KEYS & set(draft.payload)


def test_encrypted_mode_draft_keeps_person_fields_only_encrypted(office, encrypted_vault):
    _, officer = office
    payload = DENOUNCER_FORM | {"classification": "denunciation"}
    draft = services.save_draft(user_id=officer.id, form_key="visit-intake", payload=payload)
    stored = json.dumps(draft.payload, ensure_ascii=False)
    assert set(draft.payload) == {"summary", "classification", "_sealed"}
    # Long values only: a short one ("17") may occur by chance inside the random token.
    for value in (v for k, v in DENOUNCER_FORM.items() if k in PERSON_KEYS and len(v) >= 8):
        assert value not in stored
    assert services.draft_form_data(draft) == payload  # the officer's own draft opens again


def test_a_sealed_token_posted_by_the_browser_is_dropped(office, encrypted_vault):
    _, officer = office
    forged = services.save_draft(user_id=officer.id, form_key="visit-intake", payload={"_sealed": "gAAAA-forged"})
    assert forged.payload == {}


def test_a_denouncers_companions_are_only_a_count_in_reference_mode(office):
    agency, officer = office
    visit = services.register_visit(
        visit_input(
            agency, officer, classification=VisitClass.DENUNCIATION, complaint_subtype=None,
            accompanying=("Trần Văn Đi Cùng", "Lê Thị Theo"),
        ),
        actor=officer,
    )
    rows = [p for p in visit.persons if p.role == "accompanying"]
    assert [p.full_name for p in rows] == ["", ""]


def test_a_denouncers_companions_go_to_the_vault_in_encrypted_mode(office, encrypted_vault):
    from petitions.vault.services import reveal

    agency, officer = office
    visit = services.register_visit(
        visit_input(
            agency, officer, classification=VisitClass.DENUNCIATION, complaint_subtype=None,
            accompanying=("Trần Văn Đi Cùng", "Lê Thị Theo"),
        ),
        actor=officer,
    )
    assert [p.full_name for p in visit.persons if p.role == "accompanying"] == ["", ""]
    cleared = make_cleared_user(agency=agency)
    shown = reveal(visit.identity_ref, user=cleared, purpose="Xác minh người đi cùng")
    assert shown.identity is not None and shown.identity.companions == ("Trần Văn Đi Cùng", "Lê Thị Theo")


def test_a_complainants_companions_keep_their_names(office):
    agency, officer = office
    visit = services.register_visit(visit_input(agency, officer, accompanying=("Trần Văn Đi Cùng",)), actor=officer)
    assert [p.full_name for p in visit.persons if p.role == "accompanying"] == ["Trần Văn Đi Cùng"]
