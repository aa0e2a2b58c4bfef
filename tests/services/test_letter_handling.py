"""Handling a letter to a decision: the transitions of petitions.domain.letter_flow as services, the hook
that moves a letter when its handling paper is issued, permissions and the hand-over's scope.

Every decision is checked for: the document type and its issuing body, the clocks stopped or started,
exactly one new status event (naming its transition) and one history row of the status."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile
from petitions.deadlines.models import Clock
from petitions.deadlines.services import start_clock
from petitions.documents import services as documents
from petitions.documents.models import DocumentStatus
from petitions.domain.letter_flow import LetterTransition, TransitionRefused
from petitions.domain.records import CaseStatus, LetterStatus, LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry
from petitions.letters import handling
from petitions.letters.handling_papers import PAPERS, HandlingPaper, draft_handling_paper, paper_of
from petitions.letters.models import Letter, LetterStatusEvent
from petitions.letters.queries import visible_letters
from petitions.letters.services import assign_letter
from petitions.scoping import OutOfScope
from tests.factories import make_letter, make_user
from tests.letters_papers.conftest import (  # noqa: F401  (fixtures)
    agency,
    complaint,
    denunciation,
    mixed,
    office,
    seeded,
    settled_petition,
    ward,
)

DAY = date(2026, 7, 6)
ISSUE_DAY = date(2026, 7, 15)


@pytest.fixture
def ban(seeded):  # noqa: F811
    with immediate_transactions():
        yield office("BTCD")


def events(letter: Letter) -> list[LetterStatusEvent]:
    return list(
        db.session.scalars(
            sa.select(LetterStatusEvent).where(LetterStatusEvent.letter_id == letter.id).order_by(LetterStatusEvent.id)
        )
    )


def status_rows(letter: Letter) -> int:
    return len(
        db.session.scalars(
            sa.select(HistoryEntry).where(
                HistoryEntry.record_type == "letter", HistoryEntry.record_id == letter.id, HistoryEntry.field == "status"
            )
        ).all()
    )


def clocks(record_type: str, record_id: int) -> dict[str, bool]:
    """rule → still open."""
    return {
        c.rule_id: c.closed_at is None
        for c in db.session.scalars(sa.select(Clock).where(Clock.record_type == record_type, Clock.record_id == record_id))
    }


def assigned(ban, letter: Letter) -> Letter:  # type: ignore[no-untyped-def]
    assign_letter(letter, officer_id=ban.officer.id, direction="Xem xét, đề xuất", actor=ban.leader, effective_on=DAY)
    return letter


def propose_and_approve(ban, letter, paper, **paper_args):  # type: ignore[no-untyped-def]
    assigned(ban, letter)
    document = handling.propose_handling(letter, paper, actor=ban.officer, effective_on=DAY, **paper_args)
    handling.approve_proposal(letter, actor=ban.leader, effective_on=DAY)
    return document


def test_the_assigned_officer_proposes_the_leader_returns_then_approves(ban, ward):  # noqa: F811
    letter = assigned(ban, complaint(ban, ward))
    other = make_user(role=Role.HANDLER, agency=ban.agency)
    with pytest.raises(TransitionRefused, match="Chỉ cán bộ được giao"):
        handling.propose_handling(letter, HandlingPaper.GUIDANCE, actor=other, effective_on=DAY)
    document = handling.propose_handling(letter, HandlingPaper.GUIDANCE, actor=ban.officer, effective_on=DAY)
    assert letter.status == LetterStatus.PROPOSED and letter.proposal_document_id == document.id
    assert document.status == DocumentStatus.DRAFT and (document.record_type, document.record_id) == ("letter", letter.id)
    with pytest.raises(TransitionRefused, match="Vai trò của bạn không được duyệt đề xuất"):
        handling.approve_proposal(letter, actor=ban.officer, effective_on=DAY)
    with pytest.raises(TransitionRefused, match="Vai trò"):
        handling.return_proposal(letter, comment="Làm lại cho rõ", actor=ban.officer, effective_on=DAY)
    handling.return_proposal(letter, comment="Ghi rõ cơ quan có thẩm quyền", actor=ban.leader, effective_on=DAY)
    assert letter.status == LetterStatus.ASSIGNED
    assert events(letter)[-1].transition == "return_for_revision"
    assert events(letter)[-1].note == "Ghi rõ cơ quan có thẩm quyền"
    handling.propose_handling(letter, HandlingPaper.GUIDANCE, actor=ban.officer, effective_on=DAY)
    handling.approve_proposal(letter, actor=ban.leader, effective_on=DAY)
    assert letter.status == LetterStatus.APPROVED
    assert [e.transition for e in events(letter)] == [
        "register", "assign", "propose", "return_for_revision", "propose", "approve"
    ]


def test_proposing_to_forward_a_denunciation_drafts_the_notice_to_the_denouncer_with_it(ban, ward):  # noqa: F811
    letter = assigned(ban, denunciation(ban))
    receiver = agency("XTY").id
    before = len(events(letter))
    slip = handling.propose_handling(
        letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, effective_on=DAY, receiver_agency_id=receiver
    )
    drafts = handling.proposal_drafts(letter)
    assert [paper_of(d) for d in drafts] == [HandlingPaper.FORWARD_DENUNCIATION, HandlingPaper.NOTICE_DENOUNCER_FORWARDED]
    notice = drafts[1]
    assert drafts[0].id == slip.id == letter.proposal_document_id
    assert notice.status == DocumentStatus.DRAFT and notice.body_data["companion_of"] == slip.id
    assert notice.body_data["receiver_agency_id"] == receiver and notice.issuing_agency_id == ban.agency.id
    new = events(letter)[before:]
    assert [(e.transition, e.note) for e in new] == [
        ("propose", "Đề xuất: Văn bản chuyển đơn tố cáo; kèm Thông báo cho người tố cáo về việc chuyển đơn")
    ]


def test_forwarding_a_mixed_letters_denunciation_drafts_no_notice(ban, ward):  # noqa: F811
    letter = assigned(ban, mixed(ban, ward))
    denounced = next(p.id for p in letter.parts if p.letter_type is LetterType.DENUNCIATION)
    handling.propose_handling(
        letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, effective_on=DAY,
        receiver_agency_id=agency("PHG").id, part_ids=[denounced],
    )
    # The writer of a mixed letter is a citizen of record, told by the D7 answer; no denouncer's notice.
    assert [paper_of(d) for d in handling.proposal_drafts(letter)] == [HandlingPaper.FORWARD_DENUNCIATION]


def test_a_new_proposal_after_a_return_replaces_the_returned_drafts(ban, ward):  # noqa: F811
    letter = assigned(ban, denunciation(ban))
    first = handling.propose_handling(
        letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, effective_on=DAY,
        receiver_agency_id=agency("PHG").id,
    )
    returned = handling.proposal_drafts(letter)
    handling.return_proposal(letter, comment="Chuyển xã Tiên Yên, nơi phát sinh", actor=ban.leader, effective_on=DAY)
    # The same content forwarded again: the returned draft no longer counts as forwarded once.
    second = handling.propose_handling(
        letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, effective_on=DAY,
        receiver_agency_id=agency("XTY").id,
    )
    assert second.id != first.id and letter.proposal_document_id == second.id
    assert [(d.status, d.void_reason) for d in returned] == [(DocumentStatus.VOID, handling.SUPERSEDED)] * 2
    current = handling.proposal_drafts(letter)
    assert [(paper_of(d), d.status) for d in current] == [
        (HandlingPaper.FORWARD_DENUNCIATION, DocumentStatus.DRAFT),
        (HandlingPaper.NOTICE_DENOUNCER_FORWARDED, DocumentStatus.DRAFT),
    ]
    assert all(d.body_data["receiver_agency_id"] == agency("XTY").id for d in current)


def test_a_leader_of_another_office_may_not_approve(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    propose = assigned(ban, letter)
    handling.propose_handling(propose, HandlingPaper.GUIDANCE, actor=ban.officer, effective_on=DAY)
    stranger = make_user(role=Role.LEADER, agency=agency("TTR"))
    with pytest.raises(TransitionRefused, match="Chỉ lãnh đạo cơ quan phụ trách"):
        handling.approve_proposal(letter, actor=stranger, effective_on=DAY)
    assert letter.status == LetterStatus.PROPOSED


def test_illegal_transitions_are_refused_in_vietnamese(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    with pytest.raises(TransitionRefused, match="trạng thái «đã tiếp nhận»: không duyệt đề xuất được"):
        handling.approve_proposal(letter, actor=ban.leader, effective_on=DAY)
    with pytest.raises(TransitionRefused, match="không ghi nhận văn bản phúc đáp được"):
        handling.record_reply(letter, received_on=DAY, number="12/UBND", summary="Đã giải quyết xong", actor=ban.officer)
    assert events(letter)[-1].transition == "register" and len(events(letter)) == 1


# (paper, letter, paper arguments, state after, letter clocks closed, document type)
DECISIONS = [
    (HandlingPaper.GUIDANCE, "complaint", {}, LetterStatus.GUIDED, {"D10"}),
    (HandlingPaper.FORWARD_PETITION, "petition", {"receiver": "PHG"}, LetterStatus.FORWARDED, {"D10"}),
    (HandlingPaper.FORWARD_DENUNCIATION, "denunciation", {"receiver": "XTY"}, LetterStatus.FORWARDED, {"D10", "D21"}),
    (HandlingPaper.FORWARD_PARTY, "denunciation", {}, LetterStatus.TO_PARTY_BODY, {"D10", "D21", "D22"}),
    (HandlingPaper.FILING_NOTE, "complaint", {"reason": "Đơn không đủ điều kiện xử lý"}, LetterStatus.FILED, {"D10"}),
    (HandlingPaper.RETURN_LETTER, "complaint", {"reason": "Gửi nhầm cơ quan", "receiver": "PHG"}, LetterStatus.RETURNED, {"D10"}),
    (HandlingPaper.EXPLAIN_SETTLED, "settled", {"reason": "Đã giải quyết lần hai"}, LetterStatus.FILED, {"D10"}),
    (HandlingPaper.FORWARD_ANONYMOUS, "anonymous", {"receiver": "TTR"}, LetterStatus.TO_INSPECTION, {"D10"}),
    (HandlingPaper.PROPOSAL_ACCEPT, "complaint", {}, LetterStatus.ACCEPTED, {"D10"}),
]


def _letter(kind: str, ban, ward):  # type: ignore[no-untyped-def]  # noqa: F811
    if kind == "complaint":
        return complaint(ban, ward)
    if kind == "petition":
        return complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    if kind == "settled":
        return settled_petition(ban, ward)
    if kind == "anonymous":
        return make_letter(agency=ban.agency, actor=ban.officer, letter_type=LetterType.ANONYMOUS, complaint_subtype=None,
                           received_on=date(2026, 7, 2), summary="Thông tin về sai phạm tại công trình đường tỉnh",
                           respondent="Ban quản lý dự án")
    letter = denunciation(ban)
    start_clock(letter, rule_id="D22", trigger_on=letter.received_on)  # classified outside competence
    return letter


@pytest.mark.parametrize(("paper", "kind", "args", "state", "closed"), DECISIONS, ids=[d[0].value for d in DECISIONS])
def test_issuing_the_approved_paper_applies_the_decision(ban, ward, paper, kind, args, state, closed):  # noqa: F811
    letter = _letter(kind, ban, ward)
    receiver = agency(args["receiver"]).id if "receiver" in args else None
    document = propose_and_approve(ban, letter, paper, receiver_agency_id=receiver, reason=args.get("reason"))
    before_events, before_rows = len(events(letter)), status_rows(letter)
    documents.issue_document(document, actor=ban.leader, issue_date=ISSUE_DAY)

    assert letter.status == state
    assert document.issuing_agency_id == ban.agency.id and "BTCD" in document.number_symbol
    assert document.doc_type == PAPERS[paper].template_code
    new = events(letter)[before_events:]
    assert [(e.status, e.transition, e.effective_on) for e in new] == [(state, "issue_paper", ISSUE_DAY)]
    assert status_rows(letter) == before_rows + 1
    letter_clocks = clocks("letter", letter.id)
    assert {rule for rule, running in letter_clocks.items() if not running} >= closed
    if paper == HandlingPaper.FORWARD_DENUNCIATION:
        assert letter_clocks["D22"] is True  # open until the denouncer is notified too
        assert letter.assigned_agency_id == receiver  # the receiving body follows it up
        # The notice to the denouncer was drafted with the proposal.
        notice = next(d for d in handling.proposal_drafts(letter) if d.id != document.id)
        assert paper_of(notice) is HandlingPaper.NOTICE_DENOUNCER_FORWARDED and notice.status == DocumentStatus.DRAFT
        documents.issue_document(notice, actor=ban.leader, issue_date=ISSUE_DAY)
        assert clocks("letter", letter.id)["D22"] is False and letter.status == LetterStatus.FORWARDED
        assert events(letter)[-1].transition == "issue_paper" and status_rows(letter) == before_rows + 1
    if paper == HandlingPaper.PROPOSAL_ACCEPT:
        case = db.session.get(CaseFile, letter.case_id)
        assert case.status == CaseStatus.ACCEPTED and case.accepted_on == ISSUE_DAY
        assert clocks("case", case.id) == {"D15": True}  # a first-round administrative complaint


def test_the_paper_types_and_issuing_body(ban, ward):  # noqa: F811
    letter = denunciation(ban)
    document = propose_and_approve(ban, letter, HandlingPaper.FORWARD_DENUNCIATION, receiver_agency_id=agency("XTY").id)
    documents.issue_document(document, actor=ban.leader, issue_date=ISSUE_DAY)
    assert document.issuing_agency_id == ban.agency.id
    assert document.number_symbol.endswith("-BTCD") or "BTCD" in document.number_symbol
    assert document.doc_type and document.status == DocumentStatus.ISSUED


def test_a_second_route_for_a_routed_letter_is_refused_on_issue(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    documents.issue_document(
        propose_and_approve(ban, letter, HandlingPaper.GUIDANCE), actor=ban.leader, issue_date=ISSUE_DAY
    )
    again = draft_handling_paper(letter, HandlingPaper.FILING_NOTE, actor=ban.officer, reason="Lưu thêm một lần")
    with pytest.raises(TransitionRefused, match="Đơn đã có hướng xử lý"):
        documents.issue_document(again, actor=ban.leader, issue_date=ISSUE_DAY)
    assert letter.status == LetterStatus.GUIDED


def test_reply_starts_d9_when_asked_and_the_result_notice_stops_it(ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    assert letter.result_requested
    document = propose_and_approve(ban, letter, HandlingPaper.FORWARD_PETITION, receiver_agency_id=agency("PHG").id)
    documents.issue_document(document, actor=ban.leader, issue_date=ISSUE_DAY)
    liaison = make_user(role=Role.LIAISON, agency=agency("PHG"))
    assert db.session.scalar(visible_letters(liaison).where(Letter.id == letter.id)) is not None
    handling.record_reply(letter, received_on=date(2026, 7, 20), number="88/UBND", summary="Đã trả lời công dân",
                          actor=liaison)
    assert letter.status == LetterStatus.REPLY_RECEIVED and events(letter)[-1].transition == "reply"
    assert clocks("letter", letter.id)["D9"] is True
    result = draft_handling_paper(letter, HandlingPaper.RESULT_D9, actor=ban.officer, reason="UBND phường đã giải quyết")
    documents.issue_document(result, actor=ban.leader, issue_date=date(2026, 7, 22))
    assert clocks("letter", letter.id)["D9"] is False and letter.status == LetterStatus.REPLY_RECEIVED


def test_no_d9_when_the_citizen_did_not_ask(ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None, result_requested=False)
    document = propose_and_approve(ban, letter, HandlingPaper.FORWARD_PETITION, receiver_agency_id=agency("PHG").id)
    documents.issue_document(document, actor=ban.leader, issue_date=ISSUE_DAY)
    handling.record_reply(letter, received_on=date(2026, 7, 20), number="88/UBND", summary="Đã trả lời công dân",
                          actor=ban.officer)
    assert "D9" not in clocks("letter", letter.id)


def test_urgent_report_raised_by_an_officer_and_taken_in_hand_by_a_leader(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    handling.report_urgent(letter, reason="Nguy cơ xô xát khi cưỡng chế", actor=ban.officer, effective_on=DAY)
    assert letter.status == LetterStatus.RECEIVED and letter.is_urgent
    assert letter.urgent_reported_at is not None and letter.urgent_acknowledged_at is None
    assert (events(letter)[-1].status, events(letter)[-1].transition) == (LetterStatus.RECEIVED, "urgent_report")
    with pytest.raises(TransitionRefused):
        handling.acknowledge_urgent(letter, actor=ban.officer, effective_on=DAY)
    handling.acknowledge_urgent(letter, actor=ban.leader, effective_on=DAY)
    assert letter.urgent_acknowledged_at is not None
    report = draft_handling_paper(letter, HandlingPaper.URGENT_REPORT, actor=ban.officer,
                                  reason="Nguy cơ xô xát khi cưỡng chế")
    documents.issue_document(report, actor=ban.leader, issue_date=ISSUE_DAY)
    assert letter.status == LetterStatus.RECEIVED and events(letter)[-1].transition == "issue_paper"


def test_filing_with_a_reason_by_a_leader_only(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    with pytest.raises(TransitionRefused):
        handling.file_letter(letter, reason="Đơn không đủ điều kiện", actor=ban.officer, effective_on=DAY)
    with pytest.raises(Exception, match="lý do"):
        handling.file_letter(letter, reason="", actor=ban.leader, effective_on=DAY)
    rows = status_rows(letter)
    handling.file_letter(letter, reason="Đơn không đủ điều kiện", actor=ban.leader, effective_on=DAY)
    assert letter.status == LetterStatus.FILED and status_rows(letter) == rows + 1
    assert (events(letter)[-1].transition, events(letter)[-1].note) == ("file", "Đơn không đủ điều kiện")
    assert clocks("letter", letter.id)["D10"] is False


def test_a_hand_over_body_sees_only_that_letter_and_handles_it(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    other = complaint(ban, ward)
    inspectorate = agency("TTR")
    ttr_leader = make_user(role=Role.LEADER, agency=inspectorate)
    ttr_officer = make_user(role=Role.HANDLER, agency=inspectorate)
    assert db.session.scalar(visible_letters(ttr_officer).where(Letter.id == letter.id)) is None
    with pytest.raises(TransitionRefused):
        handling.hand_over_letter(letter, agency_id=inspectorate.id, direction="Xác minh", actor=ban.officer,
                                  effective_on=DAY)
    with pytest.raises(OutOfScope):
        handling.hand_over_letter(letter, agency_id=2_000_000_000, direction="Xác minh nội dung", actor=ban.leader,
                                  effective_on=DAY)
    handling.hand_over_letter(letter, agency_id=inspectorate.id, direction="Đề nghị Thanh tra tỉnh xác minh",
                              actor=ban.leader, effective_on=DAY)
    assert events(letter)[-1].transition == "hand_over" and letter.status == LetterStatus.ASSIGNED
    visible = set(db.session.scalars(visible_letters(ttr_officer).with_only_columns(Letter.id)))
    assert letter.id in visible and other.id not in visible
    assign_letter(letter, officer_id=ttr_officer.id, direction="Xác minh", actor=ttr_leader, effective_on=DAY)
    document = handling.propose_handling(
        letter, HandlingPaper.FILING_NOTE, actor=ttr_officer, effective_on=DAY, reason="Nội dung đã được xác minh"
    )
    assert document.issuing_agency_id == inspectorate.id  # the body's own register
    with pytest.raises(TransitionRefused, match="Chỉ lãnh đạo cơ quan phụ trách"):
        handling.approve_proposal(letter, actor=ttr_leader, effective_on=DAY)
    handling.approve_proposal(letter, actor=ban.leader, effective_on=DAY)
    assert letter.status == LetterStatus.APPROVED


def test_available_transitions_follow_state_role_and_assignment(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    assert LetterTransition.ASSIGN in handling.available_transitions(letter, ban.leader)
    assert LetterTransition.PROPOSE not in handling.available_transitions(letter, ban.officer)
    assigned(ban, letter)
    assert LetterTransition.PROPOSE in handling.available_transitions(letter, ban.officer)
    assert LetterTransition.APPROVE not in handling.available_transitions(letter, ban.leader)
    handling.propose_handling(letter, HandlingPaper.GUIDANCE, actor=ban.officer, effective_on=DAY)
    assert {LetterTransition.APPROVE, LetterTransition.RETURN_FOR_REVISION} <= handling.available_transitions(
        letter, ban.leader
    )
    assert handling.available_transitions(letter, ban.officer) & {LetterTransition.APPROVE} == frozenset()


def test_the_app_registers_the_letters_hook(app):
    """Building the app imports the letters' views, which register the hook with the documents area."""
    from petitions.documents import hooks

    assert handling.on_paper_issued in hooks._ON_ISSUED["letter"]


def test_the_d7_answer_stops_the_clock_of_the_visit_that_handed_the_letter_in(ban, ward):  # noqa: F811
    from petitions.domain.reception import VisitOutcome
    from petitions.reception.models import Visit
    from tests.factories import make_citizen, make_visit

    citizen = make_citizen(agency_id=ban.agency.id, full_name="Lê Thị Hằng", address_text="tổ 5", address_unit_id=ward.id)
    visit = make_visit(agency=ban.agency, officer=ban.officer, citizen_id=citizen.id, with_letter=True,
                       visited_on=date(2026, 7, 2), outcome=VisitOutcome.LETTER_RECEIVED, guided_to=None)
    assert clocks("visit", visit.id) == {"D7": True}
    letter = db.session.get(Letter, db.session.get(Visit, visit.id).letter_id)
    answer = draft_handling_paper(letter, HandlingPaper.ANSWER_D7, actor=ban.officer, outcome="verification")
    before = len(events(letter))
    documents.issue_document(answer, actor=ban.leader, issue_date=ISSUE_DAY)
    assert clocks("visit", visit.id) == {"D7": False}
    assert letter.status == LetterStatus.RECEIVED  # telling the citizen leaves the route open
    assert [e.transition for e in events(letter)[before:]] == ["issue_paper"]
