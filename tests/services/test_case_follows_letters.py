"""A case follows its letters: the opening letter's reclassification retypes an open case, and a case whose
letters and visits are all done closes (petitions.cases.services; rules in petitions.domain.records)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile, CaseFileStatusEvent
from petitions.cases.services import close_case_if_ended, retype_case
from petitions.documents import services as documents
from petitions.domain.classification import ContentPart, DuplicateDecision, IntakeFacts
from petitions.domain.reception import VisitOutcome, visit_ends_case
from petitions.domain.records import (
    CaseMember,
    CaseStatus,
    CaseType,
    ComplaintSubtype,
    LetterStatus,
    LetterType,
    case_handling_ended,
    first_member,
    letter_ends_case,
)
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.history import history_of
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.services import ClassificationInput, assign_letter, classify_letter
from tests.factories import make_citizen, make_letter, make_user, make_visit
from tests.letters_papers.conftest import (  # noqa: F401  (fixtures)
    agency,
    complaint,
    denunciation,
    office,
    seeded,
    ward,
)

DAY = date(2026, 7, 6)


@pytest.fixture
def ban(seeded):  # noqa: F811
    with immediate_transactions():
        yield office("BTCD")


def case_of(letter) -> CaseFile:  # type: ignore[no-untyped-def]
    case = db.session.get(CaseFile, letter.case_id)
    assert case is not None
    return case


def case_events(case: CaseFile) -> list[tuple[CaseStatus, date]]:
    rows = db.session.scalars(
        sa.select(CaseFileStatusEvent).where(CaseFileStatusEvent.case_file_id == case.id).order_by(CaseFileStatusEvent.id)
    )
    return [(e.status, e.effective_on) for e in rows]


def case_rows(case: CaseFile, field: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(h.old_value, h.new_value, h.reason) for h in history_of("case", case.id) if h.field == field]


def reclassify(letter, kind: LetterType, actor, **extra) -> None:  # type: ignore[no-untyped-def]
    classify_letter(letter, ClassificationInput(IntakeFacts(declared_type=kind), **extra), actor=actor)


# ------------------------------------------------------------------------------------------- domain rules


def test_the_case_ending_letter_states():
    ending = {s for s in LetterStatus if letter_ends_case(s)}
    assert ending == {
        LetterStatus.FILED, LetterStatus.DESTROYED, LetterStatus.REFUSED, LetterStatus.GUIDED,
        LetterStatus.RETURNED, LetterStatus.TO_PARTY_BODY,
    }
    # Forwarded letters are followed up until the reply (DOMAIN §3 step 12); accepted ones go on to resolution.
    for still in (LetterStatus.FORWARDED, LetterStatus.URGED, LetterStatus.REPLY_RECEIVED, LetterStatus.ACCEPTED):
        assert not letter_ends_case(still)


@pytest.mark.parametrize(
    ("outcome", "letter_status", "ends"),
    [
        (VisitOutcome.GUIDED, None, True),
        (VisitOutcome.FORWARDED, None, True),
        (VisitOutcome.REFUSED, None, True),
        (VisitOutcome.LETTER_RECEIVED, None, False),
        (VisitOutcome.LETTER_RECEIVED, LetterStatus.ASSIGNED, False),
        (VisitOutcome.LETTER_RECEIVED, LetterStatus.FILED, True),
    ],
)
def test_when_a_visit_ends_its_case(outcome, letter_status, ends):
    assert visit_ends_case(outcome, letter_status) is ends


def test_the_first_member_and_the_end_of_a_case():
    visit = CaseMember("visit", 9, date(2026, 7, 2), True)
    letter = CaseMember("letter", 3, date(2026, 7, 2), False)
    later = CaseMember("letter", 1, date(2026, 7, 3), True)
    assert first_member([later, letter, visit]) == visit  # the same day, the visit handed the letter in
    assert first_member([]) is None
    assert case_handling_ended(CaseStatus.OPEN, [visit, later]) is True
    assert case_handling_ended(CaseStatus.OPEN, [visit, letter]) is False
    assert case_handling_ended(CaseStatus.OPEN, []) is False
    assert case_handling_ended(CaseStatus.ACCEPTED, [visit, later]) is False


# ------------------------------------------------------------------------- the case follows reclassification


def test_reclassifying_the_opening_letter_retypes_its_open_case(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    case = case_of(letter)
    assert (case.case_type, case.complaint_subtype) == (CaseType.COMPLAINT, ComplaintSubtype.ADMINISTRATIVE)

    reclassify(letter, LetterType.PETITION, ban.officer)
    assert (case.case_type, case.complaint_subtype) == (CaseType.PETITION, None)
    assert case_rows(case, "case_type") == [("complaint", "petition", "Phân loại đơn")]
    assert case_rows(case, "complaint_subtype") == [("administrative", None, "Phân loại đơn")]

    reclassify(letter, LetterType.COMPLAINT, ban.officer, complaint_subtype=ComplaintSubtype.DISCIPLINARY)
    assert (case.case_type, case.complaint_subtype) == (CaseType.COMPLAINT, ComplaintSubtype.DISCIPLINARY)
    assert case_rows(case, "case_type")[-1] == ("petition", "complaint", "Phân loại lại đơn")
    assert case.status == CaseStatus.OPEN and len(case_events(case)) == 1  # a retype is no status change


def test_a_mixed_letter_gives_its_case_the_main_content(ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    parts = (
        ContentPart(LetterType.PETITION, "Kiến nghị sửa đường dân sinh"),
        ContentPart(LetterType.COMPLAINT, "Khiếu nại quyết định thu hồi đất", ComplaintSubtype.ADMINISTRATIVE, True),
    )
    reclassify(letter, LetterType.MIXED, ban.officer, parts=parts)
    case = case_of(letter)
    assert (case.case_type, case.complaint_subtype) == (CaseType.COMPLAINT, ComplaintSubtype.ADMINISTRATIVE)


def test_a_letter_that_joined_the_case_leaves_its_type(ban, ward):  # noqa: F811
    original = complaint(ban, ward)
    joined = make_letter(
        agency=ban.agency, actor=ban.officer, citizen_id=original.citizen_id, received_on=date(2026, 7, 3),
        duplicate_decision=DuplicateDecision.EXISTING_CASE, case_id=original.case_id,
    )
    reclassify(joined, LetterType.PETITION, ban.officer)
    case = case_of(original)
    assert case.case_type == CaseType.COMPLAINT and case_rows(case, "case_type") == []


def test_a_letter_handed_in_after_a_visit_of_the_case_leaves_its_type(ban, ward):  # noqa: F811
    visit = visit_of(ban)
    letter = complaint(ban, ward, duplicate_decision=DuplicateDecision.EXISTING_CASE, case_id=visit.case_id)
    reclassify(letter, LetterType.PETITION, ban.officer)
    assert case_of(letter).case_type == CaseType.COMPLAINT


def make_officer(ban):  # type: ignore[no-untyped-def]
    return make_user(role=Role.RECEPTION_OFFICER, agency=ban.agency)


def visit_of(ban, **overrides):  # type: ignore[no-untyped-def]
    citizen = make_citizen(agency_id=ban.agency.id, full_name="Lê Thị Hằng")
    return make_visit(agency=ban.agency, officer=make_officer(ban), visited_on=date(2026, 7, 1), citizen_id=citizen.id,
                      **overrides)


def test_an_accepted_case_keeps_its_type(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    case = case_of(letter)
    case.status = CaseStatus.ACCEPTED
    reclassify(letter, LetterType.PETITION, ban.officer)
    assert case.case_type == CaseType.COMPLAINT
    with pytest.raises(DomainError, match="đã được thụ lý hoặc đã kết thúc"):
        retype_case(case, case_type=CaseType.PETITION, complaint_subtype=None, actor=ban.leader, reason="Thử")


def test_a_denunciation_that_becomes_anonymous_information_leaves_its_case(ban):  # noqa: F811
    letter = denunciation(ban)
    reclassify(letter, LetterType.DENUNCIATION, ban.officer)
    classify_letter(
        letter, ClassificationInput(IntakeFacts(declared_type=LetterType.DENUNCIATION, writer_identified=False)),
        actor=ban.officer,
    )
    assert letter.letter_type == LetterType.ANONYMOUS
    assert case_of(letter).case_type == CaseType.DENUNCIATION


# ------------------------------------------------------------------------------------ filing closes the case


def test_filing_the_only_letter_closes_its_case(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    case = case_of(letter)
    handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=ban.leader, effective_on=DAY)
    assert case.status == CaseStatus.CLOSED and case.closed_on == DAY
    assert case_events(case)[-1] == (CaseStatus.CLOSED, DAY)
    assert case_rows(case, "status") == [("open", "closed", "Lưu đơn: Đơn không đủ điều kiện xử lý")]


def test_a_case_stays_open_while_another_letter_of_it_is_handled(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    other = make_letter(
        agency=ban.agency, actor=ban.officer, citizen_id=letter.citizen_id, received_on=date(2026, 7, 3),
        duplicate_decision=DuplicateDecision.EXISTING_CASE, case_id=letter.case_id,
    )
    case = case_of(letter)
    handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=ban.leader, effective_on=DAY)
    assert case.status == CaseStatus.OPEN and len(case_events(case)) == 1
    handling.file_letter(other, reason="Đơn trùng nội dung đã lưu", actor=ban.leader, effective_on=date(2026, 7, 8))
    assert case.status == CaseStatus.CLOSED and case_events(case)[-1] == (CaseStatus.CLOSED, date(2026, 7, 8))


def test_a_visit_that_handed_in_an_unregistered_letter_keeps_the_case_open(ban, ward):  # noqa: F811
    visit = visit_of(ban, outcome=VisitOutcome.LETTER_RECEIVED, guided_to="", statement="Trình bày khiếu nại về bồi thường")
    letter = complaint(ban, ward, duplicate_decision=DuplicateDecision.EXISTING_CASE, case_id=visit.case_id)
    handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=ban.leader, effective_on=DAY)
    assert case_of(letter).status == CaseStatus.OPEN


def test_a_guided_visit_and_a_filed_letter_close_the_case(ban, ward):  # noqa: F811
    visit = visit_of(ban)
    letter = complaint(ban, ward, duplicate_decision=DuplicateDecision.EXISTING_CASE, case_id=visit.case_id)
    handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=ban.leader, effective_on=DAY)
    assert case_of(letter).status == CaseStatus.CLOSED


def _issue_route(ban, letter, paper, **args):  # type: ignore[no-untyped-def]
    assign_letter(letter, officer_id=ban.officer.id, direction="Xem xét, đề xuất", actor=ban.leader, effective_on=DAY)
    document = handling.propose_handling(letter, paper, actor=ban.officer, effective_on=DAY, **args)
    handling.approve_proposal(letter, actor=ban.leader, effective_on=DAY)
    documents.issue_document(document, actor=ban.leader, issue_date=date(2026, 7, 15))


def test_a_guided_letter_closes_its_case_on_issue(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    _issue_route(ban, letter, HandlingPaper.GUIDANCE)
    assert letter.status == LetterStatus.GUIDED
    assert case_events(case_of(letter))[-1] == (CaseStatus.CLOSED, date(2026, 7, 15))


def test_a_forwarded_letter_keeps_its_case_open_until_filed_after_the_reply(ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    _issue_route(ban, letter, HandlingPaper.FORWARD_PETITION, receiver_agency_id=agency("PHG").id)
    case = case_of(letter)
    assert letter.status == LetterStatus.FORWARDED and case.status == CaseStatus.OPEN
    handling.record_reply(letter, received_on=date(2026, 7, 20), number="12/UBND", summary="Đã trả lời công dân",
                          actor=ban.officer)
    assert case.status == CaseStatus.OPEN
    handling.file_letter(letter, reason="Đã có kết quả giải quyết", actor=ban.leader, effective_on=date(2026, 7, 21))
    assert case.status == CaseStatus.CLOSED


def test_an_accepted_case_is_not_closed_by_filing(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    case = case_of(letter)
    case.status = CaseStatus.ACCEPTED
    handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=ban.leader, effective_on=DAY)
    assert close_case_if_ended(case, effective_on=DAY, actor=ban.leader, note="Thử") is None
    assert case.status == CaseStatus.ACCEPTED and [s for s, _ in case_events(case)] == [CaseStatus.OPEN]


def test_a_new_letter_of_a_closed_matter_opens_its_case_again(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    case = case_of(letter)
    handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=ban.leader, effective_on=DAY)
    assert case.status == CaseStatus.CLOSED
    again = make_letter(
        agency=ban.agency, actor=ban.officer, citizen_id=letter.citizen_id, received_on=date(2026, 7, 9),
        duplicate_decision=DuplicateDecision.DUPLICATE, duplicate_of_id=letter.id,
    )
    assert again.case_id == case.id
    assert case.status == CaseStatus.OPEN and case.closed_on is None
    assert case_events(case)[-2:] == [(CaseStatus.CLOSED, DAY), (CaseStatus.OPEN, date(2026, 7, 9))]
    handling.file_letter(again, reason="Đơn trùng, đã xử lý", actor=ban.leader, effective_on=date(2026, 7, 10))
    assert case.status == CaseStatus.CLOSED and case.closed_on == date(2026, 7, 10)


def test_a_case_closed_after_acceptance_does_not_reopen(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    case = case_of(letter)
    case.status, case.accepted_on = CaseStatus.CLOSED, date(2026, 7, 3)
    make_letter(
        agency=ban.agency, actor=ban.officer, citizen_id=letter.citizen_id, received_on=date(2026, 7, 9),
        duplicate_decision=DuplicateDecision.EXISTING_CASE, case_id=case.id,
    )
    assert case.status == CaseStatus.CLOSED
