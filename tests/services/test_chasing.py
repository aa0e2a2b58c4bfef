"""The chasing ladder's services on a petition the provincial Ban forwarded to the Hồng Gai ward on 15/07/2026
(W1: answer due Friday 14/08/2026): the day's list (reminder from 11/08, first urging on Monday 17/08, the second
ten working days after the first's decision), idempotent for a day; a leader's approval (the paper drafted in the
Ban's register, linked to the letter, the letter urged) or skip; the answer stopping the chase at once."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.chasing import services
from petitions.chasing.models import Chase, ChaseRun
from petitions.chasing.papers import is_chase_paper
from petitions.documents import services as documents
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.chasing import ChaseStatus, ChaseStep
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.referrals import ReferralOutcome
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.models import Letter
from petitions.letters.services import assign_letter
from petitions.printing.render import document_text
from petitions.referrals import services as referrals
from petitions.referrals.models import Referral
from tests.factories import make_user
from tests.letters_papers.conftest import agency, complaint, office, seeded, ward  # noqa: F401  (fixtures)

DAY = date(2026, 7, 6)
SENT = date(2026, 7, 15)
DEADLINE = date(2026, 8, 14)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ban(seeded):  # noqa: F811
    with immediate_transactions():
        yield office("BTCD")


def forwarded(ban, ward) -> Referral:  # type: ignore[no-untyped-def]  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    assign_letter(letter, officer_id=ban.officer.id, direction="Xem xét, đề xuất", actor=ban.leader, effective_on=DAY)
    document = handling.propose_handling(
        letter, HandlingPaper.FORWARD_PETITION, actor=ban.officer, effective_on=DAY, receiver_agency_id=agency("PHG").id
    )
    handling.approve_proposal(letter, actor=ban.leader, effective_on=DAY)
    documents.issue_document(document, actor=ban.leader, issue_date=SENT)
    referral = db.session.scalars(sa.select(Referral).where(Referral.letter_id == letter.id)).one()
    db.session.refresh(referral)
    assert referral.answer_due_on == DEADLINE
    return referral


def chases(referral: Referral) -> list[tuple[int, ChaseStep, ChaseStatus]]:
    rows = db.session.scalars(sa.select(Chase).where(Chase.referral_id == referral.id).order_by(Chase.rung))
    return [(c.rung, c.step, c.status) for c in rows]


def chase_at(referral: Referral, rung: int) -> Chase:
    return db.session.scalars(sa.select(Chase).where(Chase.referral_id == referral.id, Chase.rung == rung)).one()


def answer(referral: Referral, on: date) -> None:
    liaison = make_user(role=Role.LIAISON, agency=agency("PHG"))
    referrals.answer(referral, referrals.Answer(
        number="45/UBND", answered_on=on, summary="Đã giải quyết, trả lời công dân", outcome=ReferralOutcome.RESOLVED,
        filename="tra-loi.pdf", data=PDF,
    ), actor=liaison)


def test_the_days_list_proposes_a_reminder_before_the_deadline_once_a_day(ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    assert services.build_day_list(on=date(2026, 8, 10)).proposed_total == 0
    first = services.build_day_list(on=date(2026, 8, 11))
    assert first.proposed == {ChaseStep.REMINDER: 1} and first.waiting == 1
    again = services.build_day_list(on=date(2026, 8, 11))
    assert again.proposed_total == 0 and again.runs == 2 and again.waiting == 1
    assert chases(referral) == [(0, ChaseStep.REMINDER, ChaseStatus.PROPOSED)]
    chase = chase_at(referral, 0)
    assert (chase.office_agency_id, chase.agency_id, chase.recipient_agency_id) == (
        ban.agency.id, agency("PHG").id, agency("PHG").id)
    assert (chase.proposed_on, chase.deadline_on) == (date(2026, 8, 11), DEADLINE)
    run = db.session.scalars(sa.select(ChaseRun).where(ChaseRun.run_on == date(2026, 8, 11))).one()
    assert (run.runs, run.proposed) == (2, 1)


def test_a_reminder_left_waiting_is_replaced_by_the_first_urging_after_the_deadline(ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    services.build_day_list(on=date(2026, 8, 12))
    summary = services.build_day_list(on=date(2026, 8, 17))
    assert summary.proposed == {ChaseStep.FIRST_URGING: 1} and summary.withdrawn == 1
    assert chases(referral) == [
        (0, ChaseStep.REMINDER, ChaseStatus.WITHDRAWN), (1, ChaseStep.FIRST_URGING, ChaseStatus.PROPOSED)]
    assert chase_at(referral, 0).reason == services.STALE_REMINDER


def test_approving_the_first_urging_drafts_and_issues_the_paper_and_urges_the_letter(ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    services.build_day_list(on=date(2026, 8, 17))
    chase = chase_at(referral, 1)
    services.approve_chase(chase, actor=ban.leader, on=date(2026, 8, 17), issue=True)
    assert (chase.status, chase.decided_on, chase.decided_by_id) == (
        ChaseStatus.APPROVED, date(2026, 8, 17), ban.leader.id)
    document = db.session.get(Document, chase.document_id)
    assert document is not None and is_chase_paper(document)
    assert (document.status, document.issue_date, document.issuing_agency_id) == (
        DocumentStatus.ISSUED, date(2026, 8, 17), ban.agency.id)
    assert (document.record_type, document.record_id, document.doc_type) == ("letter", referral.letter_id, "CV_DON_DOC")
    letter = db.session.get(Letter, referral.letter_id)
    assert document.subject == f"đôn đốc giải quyết đơn số {letter.register_label} (lần 1)"
    # A công văn: the print puts "V/v" before the subject once (not "V/v Về việc …").
    printed = document_text(documents.document_spec(document))
    assert f"V/v đôn đốc giải quyết đơn số {letter.register_label} (lần 1)" in printed
    assert not any("Về việc" in line for line in printed)
    assert document.recipients == ["Ủy ban nhân dân phường Hồng Gai"]
    text = " ".join(str(block) for block in (document.body_data or {}).get("body", []))
    assert "14/08/2026" in text and "Lê Thị Hằng" not in text and "Lê Thị Hằng" not in document.subject
    assert letter.status == LetterStatus.URGED


def test_approval_without_issue_waits_for_the_van_thus_number(ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    services.build_day_list(on=date(2026, 8, 17))
    chase = services.approve_chase(chase_at(referral, 1), actor=ban.leader, on=date(2026, 8, 17))
    document = db.session.get(Document, chase.document_id)
    assert document.status == DocumentStatus.DRAFT and document.number is None


def test_the_second_urging_counts_from_the_first_decision_and_an_answer_between_stops_it(ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    services.build_day_list(on=date(2026, 8, 17))
    services.approve_chase(chase_at(referral, 1), actor=ban.leader, on=date(2026, 8, 17))
    # Ten working days after Monday 17/08 (Saturday 22/08 is a make-up working day): Friday 28/08.
    assert services.build_day_list(on=date(2026, 8, 27)).proposed_total == 0
    answer(referral, date(2026, 8, 20))
    assert services.build_day_list(on=date(2026, 8, 28)).proposed_total == 0
    assert [c[:2] for c in chases(referral)] == [(1, ChaseStep.FIRST_URGING)]


def test_an_answer_withdraws_a_waiting_proposal_at_once_and_its_approval_is_refused(ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    services.build_day_list(on=date(2026, 8, 17))
    services.approve_chase(chase_at(referral, 1), actor=ban.leader, on=date(2026, 8, 17))
    assert services.build_day_list(on=date(2026, 8, 28)).proposed == {ChaseStep.SECOND_URGING: 1}
    second = chase_at(referral, 2)
    answer(referral, date(2026, 8, 31))
    assert second.status == ChaseStatus.WITHDRAWN and second.reason == "Đã nhận kết quả ngày 31/08/2026"
    with pytest.raises(services.ChaseRefused, match="Đã nhận kết quả ngày 31/08/2026"):
        services.skip_chase(second, reason="Không cần nữa", actor=ban.leader)


def test_approval_of_a_proposal_left_behind_by_an_answer_is_refused_with_the_answers_day(ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    services.build_day_list(on=date(2026, 8, 17))
    chase = chase_at(referral, 1)
    # An answer recorded without the hook (an older process): the approval still refuses with its day.
    db.session.execute(sa.update(Referral).where(Referral.id == referral.id).values(
        status="ANSWERED", answer_on=date(2026, 8, 18)))
    db.session.expire_all()
    with pytest.raises(services.ChaseRefused, match="Đã nhận kết quả ngày 18/08/2026"):
        services.approve_chase(chase, actor=ban.leader, on=date(2026, 8, 19))
    # The next day's list withdraws it.
    assert services.build_day_list(on=date(2026, 8, 19)).withdrawn == 1
    assert chase_at(referral, 1).status == ChaseStatus.WITHDRAWN


def test_a_skip_needs_a_reason_and_the_next_rung_counts_from_its_day(ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    services.build_day_list(on=date(2026, 8, 17))
    chase = chase_at(referral, 1)
    with pytest.raises(DomainError, match="lý do"):
        services.skip_chase(chase, reason=" ", actor=ban.leader)
    services.skip_chase(chase, reason="Cơ quan đã báo cáo bằng điện thoại", actor=ban.leader, on=date(2026, 8, 18))
    assert (chase.status, chase.decided_on) == (ChaseStatus.SKIPPED, date(2026, 8, 18))
    # Tuesday 18/08 + 10 working days, over the National Day holidays (31/08–02/09): Thursday 03/09.
    assert services.build_day_list(on=date(2026, 9, 2)).proposed_total == 0
    assert services.build_day_list(on=date(2026, 9, 3)).proposed == {ChaseStep.SECOND_URGING: 1}


def test_the_third_rung_escalates_to_the_superior_or_asks_for_an_explanation(ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    services.build_day_list(on=date(2026, 8, 17))
    services.skip_chase(chase_at(referral, 1), reason="Bỏ qua lần 1", actor=ban.leader, on=date(2026, 8, 17))
    services.build_day_list(on=date(2026, 8, 28))
    services.skip_chase(chase_at(referral, 2), reason="Bỏ qua lần 2", actor=ban.leader, on=date(2026, 8, 28))
    assert services.build_day_list(on=date(2026, 9, 15)).proposed_total == 0
    assert services.build_day_list(on=date(2026, 9, 16)).proposed == {ChaseStep.ESCALATION: 1}
    third = chase_at(referral, 3)
    assert third.recipient_agency_id == agency("UBND").id
    assert services.steps_offered(third) == (ChaseStep.ESCALATION, ChaseStep.EXPLANATION_REQUEST)
    services.approve_chase(third, actor=ban.leader, on=date(2026, 9, 16), step=ChaseStep.EXPLANATION_REQUEST)
    document = db.session.get(Document, third.document_id)
    assert (third.step, third.recipient_agency_id, document.doc_type) == (
        ChaseStep.EXPLANATION_REQUEST, agency("PHG").id, "CV_YEU_CAU_GIAI_TRINH")
    with pytest.raises(services.ChaseRefused):
        services.approve_chase(third, actor=ban.leader)


def test_only_a_leader_of_the_sending_office_decides(ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    services.build_day_list(on=date(2026, 8, 17))
    chase = chase_at(referral, 1)
    other = make_user(role=Role.LEADER, agency=agency("TTR"))
    for actor in (ban.officer, other):
        with pytest.raises(services.ChaseRefused, match="Chỉ lãnh đạo"):
            services.approve_chase(chase, actor=actor)


def test_a_leaders_list_covers_only_the_leaders_office(ban, ward):  # noqa: F811
    forwarded(ban, ward)
    other = make_user(role=Role.LEADER, agency=agency("TTR"))
    assert services.build_day_list(on=date(2026, 8, 17), actor=other).proposed_total == 0
    assert services.build_day_list(on=date(2026, 8, 17), actor=ban.leader).proposed_total == 1


def test_the_cli_builds_the_list_of_a_fixed_day_once_and_an_answer_between_two_steps_stops_it(runner, ban, ward):  # noqa: F811
    referral = forwarded(ban, ward)
    # The office's other item, still late: the ladder goes on for it while the answered one stops.
    other = forwarded(ban, ward)
    first = runner.invoke(args=["chase", "--date", "2026-08-17"])
    assert first.exit_code == 0, first.output
    assert "Đôn đốc ngày 17/08/2026: đề xuất mới 2 (đôn đốc lần 1 2)" in first.output
    again = runner.invoke(args=["chase", "--date", "2026-08-17"])
    assert "đề xuất mới 0, rút 0, chờ lãnh đạo duyệt 2; lần chạy thứ 2 trong ngày" in again.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Chase)) == 2
    for item in (referral, other):
        services.approve_chase(chase_at(item, 1), actor=ban.leader, on=date(2026, 8, 17))
    answer(referral, date(2026, 8, 24))
    db.session.commit()
    second = runner.invoke(args=["chase", "--date", "2026-08-28"])
    assert "đề xuất mới 1 (đôn đốc lần 2 1)" in second.output, second.output
    assert [c[:2] for c in chases(referral)] == [(1, ChaseStep.FIRST_URGING)]
    assert [c[:2] for c in chases(other)] == [(1, ChaseStep.FIRST_URGING), (2, ChaseStep.SECOND_URGING)]
    assert runner.invoke(args=["chase", "--date", "2026-13-01"]).exit_code != 0


def test_the_demo_proposes_chases_and_decides_a_few(runner):
    result = runner.invoke(args=["demo", "--letters", "300", "--batch", "300"])
    assert result.exit_code == 0, result.output
    counts = {status: n for status, n in db.session.execute(sa.select(Chase.status, sa.func.count()).group_by(Chase.status))}
    assert "chases proposed" in result.output
    assert counts.get(ChaseStatus.APPROVED, 0) >= 1 and counts.get(ChaseStatus.SKIPPED, 0) == 1, counts
    approved = db.session.scalars(sa.select(Chase).where(Chase.status == ChaseStatus.APPROVED)).first()
    assert approved.document_id is not None
