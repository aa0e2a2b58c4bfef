"""National-database entries: created with their records, marked entered, corrected, in the record's history,
only through the actor's scope (petitions.national)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseRestriction
from petitions.domain.national import EntryError, EntryStatus, RecordKind
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry, history_context, history_of
from petitions.letters import services as letter_services
from petitions.national import services
from petitions.national.models import CaseNationalEntry, LetterNationalEntry, VisitNationalEntry
from petitions.scoping import OutOfScope
from tests.factories import make_agency, make_case, make_citizen, make_letter, make_user, make_visit

TODAY = date(2026, 3, 10)


@pytest.fixture
def office(session):  # type: ignore[no-untyped-def]
    agency = make_agency()
    return agency, make_user(role=Role.HANDLER, agency=agency)


def _mark(actor, record_id, *, kind=RecordKind.LETTER, reference="QG-1", entered_on=date(2026, 3, 4)):  # type: ignore[no-untyped-def]
    with history_context(actor=actor):
        return services.mark_entered(
            actor=actor, kind=kind, record_id=record_id, entered_on=entered_on, reference=reference, today=TODAY
        )


def test_each_new_record_has_a_pending_entry_with_its_day_office_and_officer(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    letter = make_letter(agency=agency, actor=officer)
    with immediate_transactions():
        visit = make_visit(agency=agency, officer=officer, visited_on=date(2026, 3, 3), citizen_id=make_citizen(agency=agency).id)
    case = make_case(agency=agency)
    letter_entry = db.session.get(LetterNationalEntry, letter.id)
    visit_entry = db.session.get(VisitNationalEntry, visit.id)
    case_entry = db.session.get(CaseNationalEntry, case.id)
    assert (letter_entry.entry_status, letter_entry.registered_on, letter_entry.agency_id) == (
        EntryStatus.PENDING, letter.received_on, agency.id,
    )
    assert letter_entry.officer_id == officer.id
    assert (visit_entry.registered_on, visit_entry.officer_id) == (date(2026, 3, 3), officer.id)
    assert (case_entry.registered_on, case_entry.officer_id) == (case.opened_on, None)
    # The pending row is no change of the record: its history has only its own "create" row.
    assert [h.action for h in history_of("letter", letter.id) if h.field is None] == ["create"]


def test_an_assignment_moves_the_entry_to_the_assigned_officer(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    other = make_user(role=Role.HANDLER, agency=agency)
    letter = make_letter(agency=agency, actor=officer)
    letter.assigned_officer_id = other.id
    db.session.flush()
    db.session.expire_all()
    assert db.session.get(LetterNationalEntry, letter.id).officer_id == other.id


def test_marking_entered_records_day_reference_and_who_in_the_letters_history(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    letter = make_letter(agency=agency, actor=officer)
    entry = _mark(officer, letter.id, reference="  QG-2026-001 ")
    assert (entry.entry_status, entry.entered_on, entry.national_reference, entry.entered_by_id) == (
        EntryStatus.ENTERED, date(2026, 3, 4), "QG-2026-001", officer.id,
    )
    rows = {h.field: h for h in history_of("letter", letter.id) if h.field}
    assert rows["entry_status"].old_value == "pending" and rows["entry_status"].new_value == "entered"
    assert rows["national_reference"].new_value == "QG-2026-001"
    assert rows["entered_on"].new_value == "2026-03-04"
    assert rows["entry_status"].actor_id == officer.id
    with pytest.raises(EntryError, match="đã được nhập"):
        _mark(officer, letter.id, reference="QG-2026-002")


def test_a_reference_names_one_record_of_a_kind(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    first, second = make_letter(agency=agency, actor=officer), make_letter(agency=agency, actor=officer)
    with immediate_transactions():
        visit = make_visit(agency=agency, officer=officer, visited_on=date(2026, 3, 3), citizen_id=make_citizen(agency=agency).id)
    _mark(officer, first.id, reference="QG-7")
    with pytest.raises(EntryError, match="đã được ghi cho một hồ sơ khác"):
        _mark(officer, second.id, reference="QG-7")
    # Another kind has its own numbering in the national database.
    assert _mark(officer, visit.id, kind=RecordKind.VISIT, reference="QG-7").is_pending is False


def test_entry_day_before_the_record_or_after_today_is_refused(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    letter = make_letter(agency=agency, actor=officer)
    with pytest.raises(EntryError, match="trước ngày của hồ sơ"):
        _mark(officer, letter.id, entered_on=date(2026, 3, 1))
    with pytest.raises(EntryError, match="sau ngày hôm nay"):
        _mark(officer, letter.id, entered_on=date(2026, 3, 11))
    assert db.session.get(LetterNationalEntry, letter.id).entry_status == EntryStatus.PENDING


def test_a_correction_needs_a_reason_and_writes_it_on_the_history_rows(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    letter = make_letter(agency=agency, actor=officer)
    _mark(officer, letter.id, reference="QG-8")
    with pytest.raises(EntryError, match="Nêu lý do"):
        services.correct_entry(actor=officer, kind=RecordKind.LETTER, record_id=letter.id, entered_on=date(2026, 3, 4),
                               reference="QG-9", reason=" ", today=TODAY)
    with pytest.raises(EntryError, match="không thay đổi"):
        services.correct_entry(actor=officer, kind=RecordKind.LETTER, record_id=letter.id, entered_on=date(2026, 3, 4),
                               reference="QG-8", reason="gõ nhầm", today=TODAY)
    services.correct_entry(actor=officer, kind=RecordKind.LETTER, record_id=letter.id, entered_on=date(2026, 3, 5),
                           reference="QG-9", reason="gõ nhầm mã", today=TODAY)
    rows = [h for h in history_of("letter", letter.id) if h.reason == "gõ nhầm mã"]
    assert {(h.field, h.old_value, h.new_value) for h in rows} == {
        ("national_reference", "QG-8", "QG-9"), ("entered_on", "2026-03-04", "2026-03-05"),
    }


def test_a_pending_record_cannot_be_corrected(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    letter = make_letter(agency=agency, actor=officer)
    with pytest.raises(EntryError, match="chưa được nhập"):
        services.correct_entry(actor=officer, kind=RecordKind.LETTER, record_id=letter.id, entered_on=date(2026, 3, 4),
                               reference="QG-9", reason="sửa", today=TODAY)


def test_another_office_finds_nothing(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    letter = make_letter(agency=agency, actor=officer)
    case = make_case(agency=agency)
    stranger = make_user(role=Role.LEADER, agency=make_agency())
    written = db.session.scalar(sa.select(sa.func.count()).select_from(HistoryEntry))
    for kind, record_id in ((RecordKind.LETTER, letter.id), (RecordKind.CASE, case.id), (RecordKind.LETTER, 10**9)):
        with pytest.raises(OutOfScope):
            _mark(stranger, record_id, kind=kind)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HistoryEntry)) == written


def test_a_user_kept_away_from_the_case_finds_nothing(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    colleague = make_user(role=Role.HANDLER, agency=agency)
    letter = make_letter(agency=agency, actor=officer)
    db.session.add(CaseRestriction(case_file_id=letter.case_id, user_id=colleague.id, reason="người bị tố cáo"))
    db.session.flush()
    with pytest.raises(OutOfScope):
        _mark(colleague, letter.id)


def test_a_voided_letter_is_not_entered(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    letter = make_letter(agency=agency, actor=officer)
    entered = make_letter(agency=agency, actor=officer)
    _mark(officer, entered.id, reference="QG-V")
    letter_services.void_letter(letter, reason="đăng ký nhầm", actor=officer)
    letter_services.void_letter(entered, reason="đăng ký nhầm", actor=officer)
    db.session.expire_all()
    assert db.session.get(LetterNationalEntry, letter.id) is None  # nothing to enter any more
    assert db.session.get(LetterNationalEntry, entered.id).national_reference == "QG-V"  # what was entered stays
    with pytest.raises(OutOfScope):
        _mark(officer, letter.id)


def test_marking_several_names_the_refused_record_and_an_empty_selection_is_refused(office) -> None:  # type: ignore[no-untyped-def]
    agency, officer = office
    first, second = make_letter(agency=agency, actor=officer), make_letter(agency=agency, actor=officer)
    with pytest.raises(EntryError, match="Chọn ít nhất một hồ sơ"):
        services.mark_many_entered(actor=officer, kind=RecordKind.LETTER, references=[], entered_on=date(2026, 3, 4), today=TODAY)
    with pytest.raises(EntryError, match=f"Hồ sơ số {second.id}: .*đã được ghi cho một hồ sơ khác"):
        services.mark_many_entered(
            actor=officer, kind=RecordKind.LETTER, references=[(first.id, "QG-1"), (second.id, "QG-1")],
            entered_on=date(2026, 3, 4), today=TODAY,
        )
    done = services.mark_many_entered(
        actor=officer, kind=RecordKind.LETTER, references=[(second.id, "QG-2")], entered_on=date(2026, 3, 4), today=TODAY
    )
    assert [entry.national_reference for entry in done] == ["QG-2"]
