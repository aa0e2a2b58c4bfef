"""Referrals: opened where an item leaves the office (a forwarding paper issued to a body, a hand-over), their
waiting clock (D25 for a forwarded denunciation, the system's W1 otherwise) and its projection, the body's acts,
the office's paper reply, review and extension decision, and the move of open referrals to a successor body."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.clock import to_local
from petitions.deadlines.models import Clock, RecordType
from petitions.documents import services as documents
from petitions.domain.records import CaseVerdict, LetterStatus, LetterType
from petitions.domain.referrals import (
    AnswerVia,
    ReferralAct,
    ReferralKind,
    ReferralOutcome,
    ReferralRefused,
    ReferralStatus,
)
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.models import Letter, LetterAttachment
from petitions.referrals import review, services
from petitions.referrals.models import Referral
from petitions.referrals.queries import referral_events
from tests.factories import make_user
from tests.letters_papers.conftest import (  # noqa: F401  (fixtures)
    agency,
    complaint,
    denunciation,
    office,
    seeded,
    ward,
)

DAY = date(2026, 7, 6)
ISSUE_DAY = date(2026, 7, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ban(seeded):  # noqa: F811
    with immediate_transactions():
        yield office("BTCD")


def forwarded(ban, letter: Letter, paper: HandlingPaper, receiver: str) -> Referral:  # type: ignore[no-untyped-def]
    from petitions.letters.services import assign_letter

    assign_letter(letter, officer_id=ban.officer.id, direction="Xem xét, đề xuất", actor=ban.leader, effective_on=DAY)
    document = handling.propose_handling(
        letter, paper, actor=ban.officer, effective_on=DAY, receiver_agency_id=agency(receiver).id
    )
    handling.approve_proposal(letter, actor=ban.leader, effective_on=DAY)
    documents.issue_document(document, actor=ban.leader, issue_date=ISSUE_DAY)
    found = db.session.scalars(sa.select(Referral).where(Referral.letter_id == letter.id)).all()
    assert len(found) == 1
    return found[0]


def clocks_of(referral: Referral) -> list[Clock]:
    return list(
        db.session.scalars(
            sa.select(Clock).where(Clock.record_type == RecordType.REFERRAL, Clock.record_id == referral.id).order_by(Clock.id)
        )
    )


def reply(**overrides) -> services.Answer:  # type: ignore[no-untyped-def]
    values = dict(
        number="45/UBND-TTr", answered_on=date(2026, 8, 1), summary="Đã giải quyết, trả lời công dân",
        outcome=ReferralOutcome.RESOLVED, filename="quyet-dinh.pdf", data=PDF,
    )
    values.update(overrides)
    return services.Answer(**values)  # type: ignore[arg-type]


def test_a_forwarded_denunciation_opens_a_referral_waiting_d25_from_the_issue_day(ban, ward):  # noqa: F811
    letter = denunciation(ban)
    referral = forwarded(ban, letter, HandlingPaper.FORWARD_DENUNCIATION, "XTY")
    assert (referral.kind, referral.status, referral.agency_id) == (ReferralKind.FORWARDED, ReferralStatus.SENT, agency("XTY").id)
    assert referral.office_agency_id == ban.agency.id and referral.sent_on == ISSUE_DAY
    assert referral.case_file_id == letter.case_id and referral.source_document_id is not None
    (clock,) = clocks_of(referral)
    assert (clock.rule_id, clock.trigger_on) == ("D25", ISSUE_DAY)
    db.session.refresh(referral)
    assert referral.answer_due_on == clock.due_on == date(2026, 8, 4)  # 15/07 + 20 days
    assert [e.act for e in referral_events(referral)] == [ReferralAct.SENT]
    # The companion notice to the denouncer goes out with it but sends nothing to the body.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 1


def test_a_forwarded_petition_waits_the_systems_w1_with_the_offices_base(app, ban, ward, monkeypatch):  # noqa: F811
    # Through monkeypatch: the app is shared by the session, and the setting must not outlive this test.
    monkeypatch.setitem(app.config, "REFERRAL_WAIT_DAYS", 20)
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    referral = forwarded(ban, letter, HandlingPaper.FORWARD_PETITION, "PHG")
    (clock,) = clocks_of(referral)
    assert (clock.rule_id, clock.base) == ("W1", 20)
    assert clock.due_on == date(2026, 8, 4)  # 15/07 + 20 days


def test_a_hand_over_opens_a_handed_over_referral(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    inspectorate = agency("TTR")
    handling.hand_over_letter(letter, agency_id=inspectorate.id, direction="Đề nghị Thanh tra tỉnh xác minh",
                              actor=ban.leader, effective_on=DAY)
    referral = db.session.scalars(sa.select(Referral).where(Referral.letter_id == letter.id)).one()
    assert (referral.kind, referral.agency_id, referral.direction) == (
        ReferralKind.HANDED_OVER, inspectorate.id, "Đề nghị Thanh tra tỉnh xác minh"
    )
    assert [c.rule_id for c in clocks_of(referral)] == ["W1"]


def test_the_body_acknowledges_reports_and_answers_with_the_decision_attached(ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    referral = forwarded(ban, letter, HandlingPaper.FORWARD_PETITION, "PHG")
    liaison = make_user(role=Role.LIAISON, agency=agency("PHG"))
    with pytest.raises(ReferralRefused, match="Chỉ cơ quan được gửi"):
        services.acknowledge(referral, actor=ban.officer)
    services.acknowledge(referral, actor=liaison)
    with pytest.raises(ReferralRefused, match="trạng thái «đã xác nhận»"):
        services.acknowledge(referral, actor=liaison)
    services.report_progress(referral, note="Đang xác minh tại thực địa", actor=liaison)
    with pytest.raises(DomainError, match="đính kèm"):
        services.answer(referral, reply(data=b""), actor=liaison)
    with pytest.raises(DomainError, match="kết luận"):
        services.answer(referral, reply(outcome=ReferralOutcome.ACCEPTED, verdict=CaseVerdict.RIGHT), actor=liaison)
    services.answer(referral, reply(verdict=CaseVerdict.PARTLY_RIGHT, decision_number="12/QĐ-UBND"), actor=liaison)
    assert referral.status == ReferralStatus.ANSWERED and referral.answer_via == AnswerVia.WORKSPACE
    assert (referral.outcome, referral.verdict, referral.decision_number) == (
        ReferralOutcome.RESOLVED, CaseVerdict.PARTLY_RIGHT, "12/QĐ-UBND"
    )
    attachment = db.session.get(LetterAttachment, referral.answer_attachment_id)
    assert attachment is not None and attachment.letter_id == letter.id
    (clock,) = clocks_of(referral)
    assert clock.closed_at is not None
    db.session.refresh(referral)
    assert referral.answer_due_on is None
    assert [e.act for e in referral_events(referral)] == [
        ReferralAct.SENT, ReferralAct.ACKNOWLEDGE, ReferralAct.PROGRESS, ReferralAct.ANSWER
    ]
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(HistoryEntry).where(
            HistoryEntry.record_type == "referral", HistoryEntry.record_id == referral.id, HistoryEntry.field == "status"
        )
    ) == 3


def test_the_office_accepts_the_answer_the_letter_gets_its_reply_and_d9(ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    assert letter.result_requested
    referral = forwarded(ban, letter, HandlingPaper.FORWARD_PETITION, "PHG")
    liaison = make_user(role=Role.LIAISON, agency=agency("PHG"))
    services.answer(referral, reply(), actor=liaison)
    with pytest.raises(ReferralRefused):
        review.accept(referral, actor=liaison)
    review.accept(referral, actor=ban.officer)
    assert referral.status == ReferralStatus.COMPLETED and letter.status == LetterStatus.REPLY_RECEIVED
    d9 = db.session.scalar(
        sa.select(Clock).where(Clock.record_type == RecordType.LETTER, Clock.record_id == letter.id, Clock.rule_id == "D9")
    )
    # D9 counts from the day the answer reached the office.
    assert d9 is not None and d9.trigger_on == to_local(referral.answered_at).date() and d9.closed_at is None


def test_a_returned_answer_goes_back_to_the_body_with_its_clock_again(ban, ward):  # noqa: F811
    letter = denunciation(ban)
    referral = forwarded(ban, letter, HandlingPaper.FORWARD_DENUNCIATION, "XTY")
    liaison = make_user(role=Role.LIAISON, agency=agency("XTY"))
    services.answer(referral, reply(), actor=liaison)
    with pytest.raises(DomainError, match="lý do"):
        review.return_for_completion(referral, reason="", actor=ban.officer)
    review.return_for_completion(referral, reason="Thiếu biên bản xác minh", actor=ban.officer)
    assert referral.status == ReferralStatus.IN_PROGRESS and letter.status == LetterStatus.FORWARDED
    first, again = clocks_of(referral)
    assert first.closed_at is not None and again.closed_at is None and again.rule_id == "D25"
    assert referral_events(referral)[-1].note == "Thiếu biên bản xác minh"


def test_a_paper_reply_stops_the_clock_like_an_answer(ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    referral = forwarded(ban, letter, HandlingPaper.FORWARD_PETITION, "PHG")
    liaison = make_user(role=Role.LIAISON, agency=agency("PHG"))
    with pytest.raises(ReferralRefused, match="Chỉ cơ quan đã gửi"):
        services.register_paper_reply(referral, reply(), actor=liaison)
    with pytest.raises(DomainError, match="trước ngày gửi"):
        services.register_paper_reply(referral, reply(answered_on=date(2026, 7, 1)), actor=ban.officer)
    services.register_paper_reply(referral, reply(filename="phuc-dap.pdf"), actor=ban.officer)
    assert referral.status == ReferralStatus.ANSWERED and referral.answer_via == AnswerVia.PAPER
    assert all(c.closed_at is not None for c in clocks_of(referral))


def test_an_extension_is_asked_with_a_reason_and_granted_by_a_leader_of_the_office(ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    referral = forwarded(ban, letter, HandlingPaper.FORWARD_PETITION, "PHG")
    liaison = make_user(role=Role.LIAISON, agency=agency("PHG"))
    due = clocks_of(referral)[0].due_on
    with pytest.raises(DomainError, match="lý do"):
        services.request_extension(referral, days=10, reason="", actor=liaison)
    with pytest.raises(DomainError, match="từ 1 đến 30"):
        services.request_extension(referral, days=45, reason="Cần thêm thời gian xác minh", actor=liaison)
    services.request_extension(referral, days=10, reason="Cần thêm thời gian xác minh hiện trường", actor=liaison)
    with pytest.raises(ReferralRefused, match="Chỉ lãnh đạo"):
        services.decide_extension(referral, grant=True, note=None, actor=ban.officer)
    services.decide_extension(referral, grant=True, note=None, actor=ban.leader)
    (clock,) = clocks_of(referral)
    assert clock.extension_days == [10] and (clock.due_on - due).days >= 10
    assert referral.extension_requested_days is None
    db.session.refresh(referral)
    assert referral.answer_due_on == clock.due_on


def test_a_forwarded_denunciation_has_no_extension_its_wait_is_the_laws(ban, ward):  # noqa: F811
    referral = forwarded(ban, denunciation(ban), HandlingPaper.FORWARD_DENUNCIATION, "XTY")
    liaison = make_user(role=Role.LIAISON, agency=agency("XTY"))
    assert not services.can_extend(referral)
    with pytest.raises(ReferralRefused, match="D25 do luật định"):
        services.request_extension(referral, days=10, reason="Cần thêm thời gian xác minh", actor=liaison)


def test_follow_reorganisation_moves_open_referrals_to_the_successor_with_their_clocks(ban, ward):  # noqa: F811
    phg, successor = agency("PHG"), agency("XTY")
    open_one = forwarded(ban, complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None),
                         HandlingPaper.FORWARD_PETITION, "PHG")
    done = forwarded(ban, complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None),
                     HandlingPaper.FORWARD_PETITION, "PHG")
    services.register_paper_reply(done, reply(), actor=ban.officer)
    review.accept(done, actor=ban.officer)
    with pytest.raises(DomainError, match="lý do"):
        services.follow_reorganisation(agency_map={phg.id: successor.id}, on=date(2026, 9, 1), actor=None, reason="")
    moved = services.follow_reorganisation(
        agency_map={phg.id: successor.id}, on=date(2026, 9, 1), actor=None, reason="Nghị quyết sáp nhập số 1/NQ"
    )
    assert moved == [open_one]
    assert open_one.agency_id == successor.id and done.agency_id == phg.id
    assert clocks_of(open_one)[0].closed_at is None
    assert referral_events(open_one)[-1].act == ReferralAct.MOVED
    row = db.session.scalar(
        sa.select(HistoryEntry).where(
            HistoryEntry.record_type == "referral", HistoryEntry.record_id == open_one.id, HistoryEntry.field == "agency_id"
        )
    )
    assert row is not None and row.reason == "Nghị quyết sáp nhập số 1/NQ"
    # The office's own referrals follow a reorganisation of the office too.
    office_moved = services.follow_reorganisation(
        agency_map={ban.agency.id: agency("UBND").id}, on=date(2026, 9, 1), actor=None, reason="Sắp xếp lại Ban"
    )
    assert office_moved == [open_one] and open_one.office_agency_id == agency("UBND").id


@pytest.fixture
def demo(app, session, tmp_path, monkeypatch):
    """2,000 letters over two years: forwarded letters, their answers and the overdue ones."""
    from petitions.cli import DEMO_GENERATORS, seed_reference_data
    from petitions.demo import run_demo

    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_FOLDER", str(tmp_path / "letters"))
    with immediate_transactions():
        seed_reference_data()
        db.session.commit()
        run_demo(DEMO_GENERATORS, letters=2000, years=2, commit=db.session.commit)


def test_the_demo_forwards_letters_with_referrals_answered_on_paper_or_in_the_workspace_some_overdue(demo):
    from petitions.clock import local_today

    referrals = list(db.session.scalars(sa.select(Referral)))
    by_status = {status: [r for r in referrals if r.status == status] for status in ReferralStatus}
    assert by_status[ReferralStatus.COMPLETED] and by_status[ReferralStatus.SENT]
    vias = {r.answer_via for r in referrals if r.answer_via is not None}
    assert vias == {AnswerVia.WORKSPACE, AnswerVia.PAPER}
    today = local_today()
    overdue = [r for r in referrals if r.is_open and r.answer_due_on is not None and r.answer_due_on < today]
    assert overdue
    # Every letter forwarded to a body has its referral; the clock and its projection agree.
    forwarded = set(db.session.scalars(
        sa.select(Letter.id).where(Letter.status.in_((LetterStatus.FORWARDED, LetterStatus.URGED)))
    ))
    assert forwarded <= {r.letter_id for r in referrals if r.kind == ReferralKind.FORWARDED}
    clocks = {
        c.record_id: c for c in db.session.scalars(sa.select(Clock).where(Clock.record_type == RecordType.REFERRAL))
    }
    for referral in referrals:
        clock = clocks[referral.id]
        assert clock.rule_id in ("D25", "W1")
        assert (clock.closed_at is None) == (referral.answer_via is None)
        assert referral.answer_due_on == (clock.due_on if clock.closed_at is None else None)
    # Letters that got their reply had it through the accepted referral.
    replied = set(db.session.scalars(sa.select(Letter.id).where(Letter.status == LetterStatus.REPLY_RECEIVED)))
    completed = {r.letter_id for r in by_status[ReferralStatus.COMPLETED]}
    assert replied <= completed
