"""Corrections (đính chính) of visits and letters: the history row with its reason, the clocks counted again
from the corrected date, the clocks started and stopped by a corrected outcome, the scope."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile, CaseFileStatusEvent
from petitions.cases.services import record_case_status
from petitions.cli import seed_reference_data
from petitions.deadlines.models import RecordType
from petitions.deadlines.queries import clocks_of, open_clock
from petitions.deadlines.services import ClockError, retrigger_clock, stop_clock
from petitions.directory.queries import get_item
from petitions.documents.models import DocumentStatus
from petitions.domain.classification import DuplicateDecision, IntakeFacts
from petitions.domain.corrections import CorrectionRefused
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import CaseStatus, CaseType, LetterStatus, LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry, history_context, history_of
from petitions.letters.corrections import LetterCorrectionInput, correct_letter
from petitions.letters.models import Letter
from petitions.letters.services import ClassificationInput, classify_letter, record_letter_status
from petitions.reception.corrections import VisitCorrectionInput, correct_visit
from petitions.scoping import OutOfScope
from petitions.vault.services import Identity
from tests.factories import make_agency, make_citizen, make_document, make_letter, make_user, make_visit

D = date.fromisoformat
TODAY = D("2026-09-01")
REASON = "Ghi nhầm ngày tiếp trong sổ"


@pytest.fixture
def office(session):
    seed_reference_data()
    agency = make_agency()
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
    with immediate_transactions():  # a visit may register a letter under the write lock
        yield agency, officer


def _visit(agency, officer, **overrides):
    values = dict(citizen_id=make_citizen(agency_id=agency.id).id)
    values.update(overrides)
    return make_visit(agency=agency, officer=officer, **values)


def _as_recorded(visit, **changes):
    """The visit's recorded values as the form posts them, with `changes`."""
    values = dict(
        visited_on=visit.visited_on,
        classification=visit.classification,
        complaint_subtype=visit.complaint_subtype,
        outcome=visit.outcome,
        guided_to=visit.guided_to,
        forwarded_to=visit.forwarded_to,
        refusal_ground_id=visit.refusal_ground_id,
        refusal_explanation=visit.refusal_explanation,
        reason=REASON,
    )
    values.update(changes)
    return VisitCorrectionInput(**values)


def _rows(record_type, record_id, field):
    return [
        (h.old_value, h.new_value, h.reason)
        for h in history_of(record_type, record_id)
        if h.action == "update" and h.field == field
    ]


# Visits --------------------------------------------------------------------------------------------------


def test_a_corrected_visit_date_is_in_the_history_with_its_reason(office):
    agency, officer = office
    visit = _visit(agency, officer)
    changed = correct_visit(visit.id, _as_recorded(visit, visited_on=D("2026-08-10")), actor=officer, today=TODAY)
    assert changed == {"date"}
    assert visit.visited_on == D("2026-08-10")
    assert _rows("visit", visit.id, "visited_on") == [("2026-08-14", "2026-08-10", f"Đính chính: {REASON}")]
    assert {h.actor_id for h in history_of("visit", visit.id) if h.field == "visited_on"} == {officer.id}


def test_a_corrected_visit_date_counts_d7_again_from_the_new_day(office):
    agency, officer = office
    visit = _visit(agency, officer)
    [d7] = clocks_of(RecordType.VISIT, visit.id)
    # Saturday 22/08/2026 is worked (make-up for Monday 31/08): the 10th working day after 14/08 is 27/08
    assert (d7.trigger_on, d7.due_on) == (D("2026-08-14"), D("2026-08-27"))
    correct_visit(visit.id, _as_recorded(visit, visited_on=D("2026-08-07")), actor=officer, today=TODAY)
    # the 10th working day after Friday 07/08/2026: 10/08 … 14/08, 17/08 … 21/08
    assert (d7.trigger_on, d7.due_on, d7.is_open) == (D("2026-08-07"), D("2026-08-21"), True)
    assert "07/08/2026" in d7.explanation
    assert _rows("clock", d7.id, "due_on") == [("2026-08-27", "2026-08-21", f"Đính chính: {REASON}")]


def test_refused_correction_changes_nothing(office):
    agency, officer = office
    visit = _visit(agency, officer)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(HistoryEntry))
    with pytest.raises(CorrectionRefused, match="năm 2026"):
        correct_visit(visit.id, _as_recorded(visit, visited_on=D("2025-12-31")), actor=officer, today=TODAY)
    with pytest.raises(CorrectionRefused, match="lý do"):
        correct_visit(visit.id, _as_recorded(visit, visited_on=D("2026-08-10"), reason="sai"), actor=officer, today=TODAY)
    assert visit.visited_on == D("2026-08-14")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HistoryEntry)) == before


def test_a_visit_of_another_agency_is_not_found(office):
    agency, officer = office
    visit = _visit(agency, officer)
    stranger = make_user(role=Role.LEADER, agency=make_agency())
    with pytest.raises(OutOfScope, match="Không tìm thấy lượt tiếp"):
        correct_visit(visit.id, _as_recorded(visit, visited_on=D("2026-08-10")), actor=stranger, today=TODAY)
    assert visit.visited_on == D("2026-08-14")


def test_a_refusal_on_a_d6_ground_starts_d6_and_a_corrected_outcome_stops_it(office):
    agency, officer = office
    visit = _visit(agency, officer)
    ground = get_item("refusal_ground", "R26_03")  # persistent complaint (from 01/07/2026): D6
    correct_visit(
        visit.id,
        _as_recorded(visit, outcome=VisitOutcome.REFUSED, refusal_ground_id=ground.id, refusal_explanation="Đã giải thích"),
        actor=officer,
        today=TODAY,
    )
    d6 = open_clock(visit, "D6")
    assert (visit.outcome, visit.refusal_ground_id, visit.guided_to) == (VisitOutcome.REFUSED, ground.id, "")
    assert d6 is not None and d6.trigger_on == D("2026-08-14")
    correct_visit(visit.id, _as_recorded(visit, outcome=VisitOutcome.FORWARDED, forwarded_to="UBND xã"), actor=officer, today=TODAY)
    assert open_clock(visit, "D6") is None
    assert d6.close_reason.startswith(f"Đính chính: {REASON}")
    assert visit.refusal_ground_id is None and visit.refusal_explanation == ""
    assert _rows("visit", visit.id, "outcome")[-1] == ("refused", "forwarded", f"Đính chính: {REASON}")


def test_a_refusal_needs_a_ground_valid_on_the_corrected_day(office):
    agency, officer = office
    visit = _visit(agency, officer, visited_on=D("2026-07-02"))
    ground = get_item("refusal_ground", "R26_03")  # valid from 01/07/2026
    with pytest.raises(Exception, match="không còn \\(hoặc chưa\\) có hiệu lực"):
        correct_visit(
            visit.id,
            _as_recorded(
                visit,
                visited_on=D("2026-06-30"),
                outcome=VisitOutcome.REFUSED,
                refusal_ground_id=ground.id,
                refusal_explanation="Đã giải thích",
            ),
            actor=officer,
            today=TODAY,
        )


def test_a_corrected_classification_retypes_the_case_the_visit_opened(office):
    agency, officer = office
    visit = _visit(agency, officer)
    changed = correct_visit(
        visit.id, _as_recorded(visit, classification=VisitClass.PETITION, complaint_subtype=None), actor=officer, today=TODAY
    )
    assert changed == {"classification"}
    case = db.session.get(CaseFile, visit.case_id)
    assert (visit.classification, visit.complaint_subtype) == (VisitClass.PETITION, None)
    assert (case.case_type, case.complaint_subtype) == (CaseType.PETITION, None)
    assert [r[2] for r in _rows("case", case.id, "case_type")] == [f"Đính chính: {REASON}"]


def test_a_visit_that_joined_a_case_leaves_its_type(office):
    agency, officer = office
    first = _visit(agency, officer, visited_on=D("2026-08-03"))
    later = _visit(agency, officer, citizen_id=first.citizen_id, case_id=first.case_id)
    correct_visit(later.id, _as_recorded(later, classification=VisitClass.PETITION, complaint_subtype=None), actor=officer, today=TODAY)
    assert db.session.get(CaseFile, first.case_id).case_type == CaseType.COMPLAINT


def test_a_denunciation_visit_keeps_its_classification(office):
    agency, officer = office
    visit = make_visit(
        agency=agency, officer=officer, classification=VisitClass.DENUNCIATION, complaint_subtype=None, citizen_id=None
    )
    with pytest.raises(CorrectionRefused, match="kho bảo mật"):
        correct_visit(visit.id, _as_recorded(visit, classification=VisitClass.PETITION), actor=officer, today=TODAY)


def test_the_letter_handed_in_follows_the_corrected_visit_date_and_its_clocks(office):
    agency, officer = office
    visit = _visit(agency, officer, outcome=VisitOutcome.LETTER_RECEIVED, with_letter=True, guided_to="")
    letter = db.session.get(Letter, visit.letter_id)
    d10 = open_clock(letter, "D10")
    assert (letter.received_on, d10.due_on, letter.handling_due_on) == (D("2026-08-14"), D("2026-08-27"), D("2026-08-27"))
    correct_visit(visit.id, _as_recorded(visit, visited_on=D("2026-08-07")), actor=officer, today=TODAY)
    db.session.refresh(letter)
    assert letter.received_on == D("2026-08-07")
    assert (d10.trigger_on, d10.due_on, letter.handling_due_on) == (D("2026-08-07"), D("2026-08-21"), D("2026-08-21"))
    assert _rows("letter", letter.id, "received_on") == [("2026-08-14", "2026-08-07", f"Đính chính: {REASON}")]


def test_a_visit_whose_letter_is_registered_keeps_its_outcome_until_the_letter_is_voided(office):
    agency, officer = office
    visit = _visit(agency, officer, outcome=VisitOutcome.LETTER_RECEIVED, with_letter=True, guided_to="")
    wanted = _as_recorded(visit, outcome=VisitOutcome.GUIDED, guided_to="UBND xã Bình Định")
    with pytest.raises(CorrectionRefused, match="hủy đăng ký đơn"):
        correct_visit(visit.id, wanted, actor=officer, today=TODAY)
    from petitions.letters.services import void_letter

    void_letter(db.session.get(Letter, visit.letter_id), reason="Đăng ký nhầm", actor=officer)
    assert correct_visit(visit.id, wanted, actor=officer, today=TODAY) == {"outcome"}
    # nothing of the case is open any more: the guided visit ends it
    assert db.session.get(CaseFile, visit.case_id).status.value == "closed"


def test_a_visit_corrected_to_letter_received_registers_its_letter(office):
    agency, officer = office
    visit = _visit(agency, officer, with_letter=True)
    correct_visit(visit.id, _as_recorded(visit, outcome=VisitOutcome.LETTER_RECEIVED), actor=officer, today=TODAY)
    letter = db.session.get(Letter, visit.letter_id)
    assert (letter.received_on, letter.visit_id, letter.case_id, letter.letter_type) == (
        visit.visited_on,
        visit.id,
        visit.case_id,
        LetterType.COMPLAINT,
    )
    assert open_clock(letter, "D10") is not None


# Letters -------------------------------------------------------------------------------------------------


def _letter(agency, officer, **overrides):
    values = dict(agency=agency, actor=officer, received_on=D("2026-08-03"))
    if overrides.get("letter_type") == LetterType.DENUNCIATION:
        values["identity"] = Identity(full_name="Người Tố Cáo")
    else:
        values["citizen_id"] = make_citizen(agency_id=agency.id).id
    values.update(overrides)
    return make_letter(**values)


def test_a_corrected_received_date_counts_the_letters_clocks_again(office):
    agency, officer = office
    letter = _letter(agency, officer, letter_type=LetterType.DENUNCIATION, complaint_subtype=None)
    clocks = {c.rule_id: c for c in clocks_of(RecordType.LETTER, letter.id)}
    assert {r: c.due_on for r, c in clocks.items()} == {"D10": D("2026-08-17"), "D21": D("2026-08-12")}
    changed = correct_letter(
        letter.id, LetterCorrectionInput(received_on=D("2026-07-31"), reason="Vào sổ nhầm ngày nhận"), actor=officer, today=TODAY
    )
    assert changed == {"received"}
    assert {r: (c.trigger_on, c.due_on) for r, c in clocks.items()} == {
        "D10": (D("2026-07-31"), D("2026-08-14")),
        "D21": (D("2026-07-31"), D("2026-08-11")),
    }
    assert "31/07/2026" in clocks["D21"].explanation
    db.session.refresh(letter)
    assert letter.handling_due_on == D("2026-08-11")
    assert _rows("letter", letter.id, "received_on") == [("2026-08-03", "2026-07-31", "Đính chính: Vào sổ nhầm ngày nhận")]
    assert _rows("clock", clocks["D10"].id, "trigger_on") == [("2026-08-03", "2026-07-31", "Đính chính: Vào sổ nhầm ngày nhận")]


def test_a_closed_clock_is_counted_again_and_stays_closed(office):
    agency, officer = office
    letter = _letter(agency, officer)
    d10 = open_clock(letter, "D10")
    stop_clock(d10, reason="Đã xử lý", actor=officer)
    correct_letter(letter.id, LetterCorrectionInput(received_on=D("2026-08-04"), reason="Vào sổ nhầm ngày"), actor=officer, today=TODAY)
    assert (d10.trigger_on, d10.due_on, d10.is_open) == (D("2026-08-04"), D("2026-08-18"), False)


def test_retrigger_needs_a_reason_and_leaves_an_unchanged_date_alone(office):
    agency, officer = office
    letter = _letter(agency, officer)
    d10 = open_clock(letter, "D10")
    with pytest.raises(ClockError):
        retrigger_clock(d10, D("2026-08-04"), reason=" ", actor=officer)
    before = len(history_of("clock", d10.id))
    retrigger_clock(d10, d10.trigger_on, reason="Không đổi", actor=officer)
    assert len(history_of("clock", d10.id)) == before


def test_a_letter_handed_in_at_a_visit_is_corrected_on_the_visit(office):
    agency, officer = office
    visit = _visit(agency, officer, outcome=VisitOutcome.LETTER_RECEIVED, with_letter=True, guided_to="")
    with pytest.raises(CorrectionRefused, match="lượt tiếp"):
        correct_letter(visit.letter_id, LetterCorrectionInput(received_on=D("2026-08-13"), reason="Vào sổ nhầm ngày"), actor=officer, today=TODAY)


def test_a_filed_letters_filing_date_is_corrected(office):
    agency, officer = office
    letter = _letter(agency, officer)
    record_letter_status(letter, LetterStatus.FILED, effective_on=D("2026-08-20"), actor=officer)
    changed = correct_letter(
        letter.id,
        LetterCorrectionInput(received_on=letter.received_on, filed_on=D("2026-08-19"), reason="Ghi nhầm ngày lưu đơn"),
        actor=officer,
        today=TODAY,
    )
    assert changed == {"filed"} and letter.filed_on == D("2026-08-19")
    assert _rows("letter", letter.id, "filed_on")[-1] == ("2026-08-20", "2026-08-19", "Đính chính: Ghi nhầm ngày lưu đơn")


def test_a_letter_of_another_agency_is_not_found(office):
    agency, officer = office
    letter = _letter(agency, officer)
    stranger = make_user(role=Role.HANDLER, agency=make_agency())
    with pytest.raises(OutOfScope, match="Không tìm thấy đơn"):
        correct_letter(letter.id, LetterCorrectionInput(received_on=D("2026-08-04"), reason="Vào sổ nhầm ngày"), actor=stranger, today=TODAY)
    assert letter.received_on == D("2026-08-03")


def _issue_paper(letter, paper, number, actor):
    document = make_document(issuing_agency=letter.agency_in_charge, record=("letter", letter.id), actor=actor)
    document.body_data = {**(document.body_data or {}), "handling_paper": paper}
    document.status = DocumentStatus.ISSUED
    document.number_symbol = number
    db.session.flush()
    return document


def test_issued_papers_keep_the_received_date_and_the_type(office):
    agency, officer = office
    letter = _letter(agency, officer, letter_type=LetterType.DENUNCIATION, complaint_subtype=None)
    _issue_paper(letter, "forward_denunciation", "05/BTCD-XLĐ", officer)
    with pytest.raises(CorrectionRefused, match="05/BTCD-XLĐ"):
        correct_letter(letter.id, LetterCorrectionInput(received_on=D("2026-08-04"), reason="Vào sổ nhầm ngày"), actor=officer, today=TODAY)
    with pytest.raises(CorrectionRefused, match="không phân loại lại được"):
        classify_letter(
            letter,
            ClassificationInput(IntakeFacts(declared_type=LetterType.PETITION)),
            actor=officer,
            reason="Phân loại lại do nhầm",
        )
    assert letter.letter_type == LetterType.DENUNCIATION
    # a denunciation stays a denunciation: reclassifying its details is not refused by the slip
    classify_letter(
        letter, ClassificationInput(IntakeFacts(declared_type=LetterType.DENUNCIATION), within_competence=False), actor=officer
    )


def test_a_complaint_with_an_issued_paper_of_every_type_may_be_reclassified(office):
    agency, officer = office
    letter = _letter(agency, officer)
    _issue_paper(letter, "answer_d7", "07/TB-BTCD", officer)
    classify_letter(
        letter,
        ClassificationInput(IntakeFacts(declared_type=LetterType.PETITION)),
        actor=officer,
        reason="Phân loại lại do nhầm",
    )
    assert letter.letter_type == LetterType.PETITION


def test_01tcd_counts_a_corrected_visit_in_its_new_period(office):
    from petitions.domain import periods
    from petitions.reports import services as reports

    agency, officer = office
    visit = _visit(agency, officer, visited_on=D("2026-06-15"))  # the first day of Q3 (15/06 – 14/09)

    def visits_in(period: str) -> int:
        document = reports.build_report(form_code="01/TCD", period=periods.parse_period(period), agency=agency)
        return dict(document.table.total.values)[1]

    assert (visits_in("2026-Q2"), visits_in("2026-Q3")) == (0, 1)
    correct_visit(visit.id, _as_recorded(visit, visited_on=D("2026-06-12")), actor=officer, today=TODAY)
    assert (visits_in("2026-Q2"), visits_in("2026-Q3")) == (1, 0)


# The case follows a corrected date ----------------------------------------------------------------------


def _case_events(case):
    return [
        (e.status, e.effective_on)
        for e in db.session.scalars(
            sa.select(CaseFileStatusEvent).where(CaseFileStatusEvent.case_file_id == case.id).order_by(CaseFileStatusEvent.id)
        )
    ]


def test_the_case_a_letter_opened_takes_its_corrected_received_date(office):
    agency, officer = office
    letter = _letter(agency, officer)
    case = db.session.get(CaseFile, letter.case_id)
    assert case.opened_on == D("2026-08-03")
    correct_letter(letter.id, LetterCorrectionInput(received_on=D("2026-07-31"), reason="Vào sổ nhầm ngày nhận"),
                   actor=officer, today=TODAY)
    assert case.opened_on == D("2026-07-31")
    assert _rows("case", case.id, "opened_on") == [("2026-08-03", "2026-07-31", "Đính chính: Vào sổ nhầm ngày nhận")]
    # The OPEN event is append-only: it keeps the day it was written with; the history row tells the correction.
    assert _case_events(case) == [(CaseStatus.OPEN, D("2026-08-03"))]


def test_the_case_a_visit_opened_takes_its_corrected_date_with_the_letter_handed_in(office):
    agency, officer = office
    visit = _visit(agency, officer, outcome=VisitOutcome.LETTER_RECEIVED, with_letter=True, guided_to="")
    case = db.session.get(CaseFile, visit.case_id)
    assert case.opened_on == D("2026-08-14")
    correct_visit(visit.id, _as_recorded(visit, visited_on=D("2026-08-07")), actor=officer, today=TODAY)
    assert case.opened_on == D("2026-08-07")
    assert _rows("case", case.id, "opened_on") == [("2026-08-14", "2026-08-07", f"Đính chính: {REASON}")]


def test_a_letter_that_joined_the_case_or_an_accepted_case_keeps_the_opening(office):
    agency, officer = office
    first = _letter(agency, officer)
    joined = _letter(agency, officer, citizen_id=first.citizen_id, received_on=D("2026-08-05"),
                     duplicate_decision=DuplicateDecision.EXISTING_CASE, case_id=first.case_id)
    case = db.session.get(CaseFile, first.case_id)
    correct_letter(joined.id, LetterCorrectionInput(received_on=D("2026-08-04"), reason="Vào sổ nhầm ngày nhận"),
                   actor=officer, today=TODAY)
    assert case.opened_on == D("2026-08-03") and _rows("case", case.id, "opened_on") == []

    with history_context(actor=officer, reason="Thụ lý"):
        record_case_status(case, CaseStatus.ACCEPTED, effective_on=D("2026-08-10"), actor=officer)
    correct_letter(first.id, LetterCorrectionInput(received_on=D("2026-07-31"), reason="Vào sổ nhầm ngày nhận"),
                   actor=officer, today=TODAY)
    assert first.received_on == D("2026-07-31")
    assert case.opened_on == D("2026-08-03")  # accepted: the matter's dates are the decided ones


def test_a_first_letter_corrected_past_the_next_one_leaves_the_opening_to_it(office):
    agency, officer = office
    first = _letter(agency, officer)
    _letter(agency, officer, citizen_id=first.citizen_id, received_on=D("2026-08-05"),
            duplicate_decision=DuplicateDecision.EXISTING_CASE, case_id=first.case_id)
    case = db.session.get(CaseFile, first.case_id)
    correct_letter(first.id, LetterCorrectionInput(received_on=D("2026-08-06"), reason="Vào sổ nhầm ngày nhận"),
                   actor=officer, today=TODAY)
    assert case.opened_on == D("2026-08-05")  # the matter first arrived with the other letter
