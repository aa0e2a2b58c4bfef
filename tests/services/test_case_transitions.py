"""Resolving a case: the events of petitions.domain.case_flow as services (petitions.cases.transitions), the hook
that applies an event when its paper is issued, the clocks each moves, the outcome figures, the next round.

Every applied event is checked for: the new state, exactly one new status event naming the event, history rows
under one reason, and the clocks it starts, stops, pauses, resumes, extends or re-counts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from petitions import clock as app_clock
from petitions.cases import transitions as tr
from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseOutcome
from petitions.deadlines.models import Clock
from petitions.deadlines.queries import load_working_calendar
from petitions.deadlines.services import ClockInput, evaluate, seed_calendar
from petitions.documents import services as documents
from petitions.documents.models import Document, DocumentStatus
from petitions.domain import case_flow as flow
from petitions.domain.case_flow import CaseEvent, CasePaper, CaseTransitionRefused
from petitions.domain.records import (
    CaseRound,
    CaseStatus,
    CaseType,
    CaseVerdict,
    ComplaintSubtype,
    Complexity,
)
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.services import assign_letter
from petitions.scoping import FieldRefused, OutOfScope
from tests.factories import make_case, make_user
from tests.letters_papers.conftest import denunciation, office, seeded  # noqa: F401  (fixtures)

FLOW_RECORDS = ("case", "clock", "case_outcome")


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """Today is the last day of 2026: every date below is in the past, on the confirmed calendar."""
    monkeypatch.setattr(app_clock, "utcnow", lambda: datetime(2026, 12, 31, 3))


@pytest.fixture
def ban(seeded):  # noqa: F811
    seed_calendar()
    with immediate_transactions():
        yield office("BTCD")


def complaint_case(ban: Any, *, opened_on: date = date(2026, 7, 2), **more: Any) -> CaseFile:
    return make_case(agency=ban.agency, case_type=CaseType.COMPLAINT, complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
                     title="Khiếu nại việc bồi thường khi thu hồi đất", opened_on=opened_on, **more)


def denunciation_case(ban: Any, *, opened_on: date = date(2026, 2, 25)) -> CaseFile:
    return make_case(agency=ban.agency, case_type=CaseType.DENUNCIATION, title="Tố cáo cán bộ địa chính nhận tiền",
                     opened_on=opened_on)


class Mark:
    """What the database held before an event: the next event and history ids."""

    def __init__(self, case: CaseFile) -> None:
        db.session.flush()
        self.case = case
        self.event = db.session.scalar(sa.select(sa.func.max(CaseFileStatusEvent.id))) or 0
        self.history = db.session.scalar(sa.select(sa.func.max(HistoryEntry.id))) or 0

    def events(self) -> list[CaseFileStatusEvent]:
        db.session.flush()
        return list(db.session.scalars(
            sa.select(CaseFileStatusEvent).where(CaseFileStatusEvent.id > self.event).order_by(CaseFileStatusEvent.id)
        ))

    def history_rows(self) -> list[HistoryEntry]:
        return list(db.session.scalars(
            sa.select(HistoryEntry).where(HistoryEntry.id > self.history, HistoryEntry.record_type.in_(FLOW_RECORDS))
        ))

    def check_one_change(self, event: CaseEvent, status: CaseStatus) -> HistoryEntry:
        """Exactly one status event naming `event`, history rows under one reason; the case's status."""
        assert self.case.status == status
        written = self.events()
        assert [(e.case_file_id, e.transition, e.status) for e in written] == [(self.case.id, event.value, status)]
        rows = self.history_rows()
        assert rows, event
        assert len({r.reason for r in rows}) == 1, {r.reason for r in rows}
        return rows[0]


def issue(document: Document, day: date, actor: Any) -> Document:
    return documents.issue_document(document, actor=actor, issue_date=day)


def refused_issue(document: Document, day: date, actor: Any, message: str) -> None:
    """The issue refused and rolled back, as the caller (the view, the CLI) does."""
    with pytest.raises(CaseTransitionRefused, match=message), db.session.begin_nested():
        issue(document, day, actor)
    assert document.status == DocumentStatus.DRAFT


def clocks(case: CaseFile) -> dict[str, Clock]:
    """rule → its latest clock."""
    return {c.rule_id: c for c in tr.case_clocks(case)}


def open_rules(case: CaseFile) -> set[str]:
    return {c.rule_id for c in tr.case_clocks(case) if c.closed_at is None}


def apply_paper(case: CaseFile, draft: Document, day: date, actor: Any, event: CaseEvent, status: CaseStatus) -> None:
    mark = Mark(case)
    assert draft.status == DocumentStatus.DRAFT and case.status != status or event in (
        CaseEvent.REPORT_VERIFICATION, CaseEvent.EXTEND, CaseEvent.NOTIFY_RESULT, CaseEvent.RECORD_IMPLEMENTATION
    )
    issue(draft, day, actor)
    mark.check_one_change(event, status)


# ---------------------------------------------------------------------------------------------------------
# A complaint from acceptance to closing
# ---------------------------------------------------------------------------------------------------------


def test_a_complaint_from_acceptance_to_closing(ban):
    case = complaint_case(ban)
    notice = tr.accept_case(case, actor=ban.leader)
    assert tr.case_paper_of(notice) == CasePaper.COMPLAINT_ACCEPTANCE_NOTICE
    assert (notice.record_type, notice.record_id) == ("case_file", case.id)
    assert case.status == CaseStatus.OPEN  # drafted only: the issue applies it
    with pytest.raises(CaseTransitionRefused, match="Đã có dự thảo «Thông báo thụ lý khiếu nại» chưa ban hành"):
        tr.accept_case(case, actor=ban.leader)
    apply_paper(case, notice, date(2026, 7, 16), ban.officer, CaseEvent.ACCEPT, CaseStatus.ACCEPTED)
    assert case.accepted_on == date(2026, 7, 16)
    assert clocks(case)["D15"].due_on == date(2026, 8, 17)  # 30 days → Sat 15/08 → Mon 17/08

    draft = tr.assign_verification(case, actor=ban.leader, handler_id=ban.officer.id, members=("Trần Văn Hai",),
                                   plan="Làm việc với UBND phường, thu thập hồ sơ bồi thường")
    assert draft.body_data["case_params"]["handler_id"] == ban.officer.id
    apply_paper(case, draft, date(2026, 7, 20), ban.officer, CaseEvent.ASSIGN_VERIFICATION, CaseStatus.VERIFYING)
    assert case.handler_id == ban.officer.id

    with pytest.raises(CaseTransitionRefused, match="Chưa có báo cáo kết quả xác minh"):
        tr.decide_case(case, verdict=CaseVerdict.PARTLY_RIGHT, actor=ban.leader)  # Luật KN Đ29: report first
    assert not any(tr.case_paper_of(d) == CasePaper.COMPLAINT_DECISION for d in tr.case_papers(case))
    assert CaseEvent.DECIDE not in tr.available_events(case, ban.leader)
    draft = tr.report_verification(case, findings="Phương án bồi thường áp giá đất chưa đúng", actor=ban.officer)
    apply_paper(case, draft, date(2026, 7, 27), ban.officer, CaseEvent.REPORT_VERIFICATION, CaseStatus.VERIFYING)
    assert case.verification_reported_on == date(2026, 7, 27)
    with pytest.raises(CaseTransitionRefused, match="đã có báo cáo kết quả xác minh"):
        tr.report_verification(case, findings="Báo cáo lần hai", actor=ban.officer)

    draft = tr.hold_dialogue(case, held_on=date(2026, 7, 29), participants=("Bà Lê Thị Hằng", "Ông Phạm Văn Thành"),
                             result="Hai bên thống nhất kiểm tra lại giá đất", actor=ban.officer)
    apply_paper(case, draft, date(2026, 7, 30), ban.officer, CaseEvent.HOLD_DIALOGUE, CaseStatus.DIALOGUE_HELD)

    draft = tr.decide_case(
        case, verdict=CaseVerdict.PARTLY_RIGHT, actor=ban.leader,
        figures={"return_money_persons": Decimal("125.5"), "return_land_persons": Decimal("48.25"),
                 "restored_persons": 1},
        texts={"conclusion": "Khiếu nại có đúng, có sai"},
    )
    assert draft.body_data["case_params"]["return_money_persons"] == "125.5"
    apply_paper(case, draft, date(2026, 8, 10), ban.leader, CaseEvent.DECIDE, CaseStatus.DECIDED)
    assert open_rules(case) == {"D16", "D18"}
    assert clocks(case)["D15"].closed_at is not None
    outcome = tr.case_outcome(case)
    assert outcome is not None and outcome.verdict == CaseVerdict.PARTLY_RIGHT
    assert outcome.resolved_on_time is True and outcome.decision_document_id == draft.id
    assert case.decided_on == date(2026, 8, 10)

    mark = Mark(case)
    tr.notify_result(case, actor=ban.officer, result="Đã gửi quyết định cho bà Hằng", effective_on=date(2026, 8, 11))
    mark.check_one_change(CaseEvent.NOTIFY_RESULT, CaseStatus.DECIDED)

    draft = tr.publish_result(case, actor=ban.officer, form="Niêm yết tại trụ sở UBND phường")
    apply_paper(case, draft, date(2026, 8, 12), ban.officer, CaseEvent.PUBLISH, CaseStatus.PUBLISHED)
    assert case.published_on == date(2026, 8, 12)

    mark = Mark(case)
    tr.start_implementation(case, actor=ban.officer, effective_on=date(2026, 8, 13))
    mark.check_one_change(CaseEvent.START_IMPLEMENTATION, CaseStatus.IMPLEMENTING)

    mark = Mark(case)
    tr.record_implementation(case, figures={"returned_money_persons": Decimal("125.5")}, actor=ban.officer,
                             implemented_on=date(2026, 9, 1), effective_on=date(2026, 9, 1))
    mark.check_one_change(CaseEvent.RECORD_IMPLEMENTATION, CaseStatus.IMPLEMENTING)
    with pytest.raises(CaseTransitionRefused, match="không có gì thay đổi"):
        tr.record_implementation(case, figures={"returned_money_persons": Decimal("125.50")}, actor=ban.officer,
                                 effective_on=date(2026, 9, 2))

    mark = Mark(case)
    tr.close_resolved_case(case, actor=ban.officer, effective_on=date(2026, 9, 3))
    mark.check_one_change(CaseEvent.CLOSE, CaseStatus.CLOSED)
    assert case.closed_on == date(2026, 9, 3) and open_rules(case) == set()
    assert [e.transition for e in db.session.scalars(
        sa.select(CaseFileStatusEvent).where(CaseFileStatusEvent.case_file_id == case.id).order_by(CaseFileStatusEvent.id)
    )] == [None, "accept", "assign_verification", "report_verification", "hold_dialogue", "decide", "notify_result",
           "publish", "start_implementation", "record_implementation", "close"]


def test_outcome_figures_are_stored_and_read_back_as_decimal(ban):
    case = complaint_case(ban)
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 7, 16), ban.leader)
    issue(tr.assign_verification(case, actor=ban.leader), date(2026, 7, 17), ban.leader)
    issue(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=ban.leader), date(2026, 7, 17), ban.leader)
    issue(tr.decide_case(case, verdict="right", actor=ban.leader,
                         figures={"recover_money": Decimal("1234567.891"), "return_land_orgs": Decimal("0.5"),
                                  "discipline_officials": 2}), date(2026, 9, 30), ban.leader)
    db.session.flush()
    db.session.expire_all()
    outcome = db.session.scalar(sa.select(CaseOutcome).where(CaseOutcome.case_file_id == case.id))
    assert outcome is not None
    assert isinstance(outcome.recover_money, Decimal) and outcome.recover_money == Decimal("1234567.891")
    assert isinstance(outcome.return_land_orgs, Decimal) and outcome.return_land_orgs == Decimal("0.5")
    assert outcome.discipline_officials == 2 and outcome.return_money_persons == Decimal(0)
    assert outcome.resolved_on_time is False  # due 17/08/2026, decided 30/09/2026
    rows = db.session.scalars(sa.select(HistoryEntry).where(
        HistoryEntry.record_type == "case_outcome", HistoryEntry.record_id == outcome.id))
    decision = db.session.get(Document, outcome.decision_document_id)
    assert decision is not None
    assert [(r.action, r.reason) for r in rows] == [
        ("create", f"Ban hành Quyết định giải quyết khiếu nại số {decision.number_symbol}")
    ]


def test_figures_refuse_floats_negatives_and_unknown_names(ban):
    case = complaint_case(ban)
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 7, 16), ban.leader)
    issue(tr.assign_verification(case, actor=ban.leader), date(2026, 7, 17), ban.leader)
    issue(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=ban.leader), date(2026, 7, 17), ban.leader)
    with pytest.raises(CaseTransitionRefused, match="không được âm"):
        tr.decide_case(case, verdict="wrong", actor=ban.leader, figures={"recover_money": Decimal("-1")})
    with pytest.raises(Exception, match="thập phân chính xác"):
        tr.decide_case(case, verdict="wrong", actor=ban.leader, figures={"recover_money": 1.5})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="unknown figures: recovered_money"):
        tr.decide_case(case, verdict="wrong", actor=ban.leader, figures={"recovered_money": Decimal(1)})
    with pytest.raises(CaseTransitionRefused, match="không dùng cho vụ việc này"):
        tr.decide_case(case, verdict=CaseVerdict.TRUE, actor=ban.leader)


# ---------------------------------------------------------------------------------------------------------
# Denunciation: notices, reclassification, two extensions and a pause
# ---------------------------------------------------------------------------------------------------------


def test_a_denunciation_with_two_extensions_and_a_pause_shows_the_right_due_date_and_explanation(ban):
    case = denunciation_case(ban)
    decision = tr.accept_case(case, actor=ban.leader)
    papers = {tr.case_paper_of(d): d for d in tr.case_papers(case)}
    assert set(papers) == {CasePaper.DENUNCIATION_ACCEPTANCE_DECISION, CasePaper.NOTICE_DENOUNCER_ACCEPTED,
                           CasePaper.NOTICE_ACCUSED}
    refused_issue(papers[CasePaper.NOTICE_ACCUSED], date(2026, 3, 2), ban.leader, "Chưa có quyết định thụ lý tố cáo")
    apply_paper(case, decision, date(2026, 3, 2), ban.leader, CaseEvent.ACCEPT, CaseStatus.ACCEPTED)
    assert open_rules(case) == {"D24", "D23"}
    issue(papers[CasePaper.NOTICE_DENOUNCER_ACCEPTED], date(2026, 3, 3), ban.leader)
    assert "D23" in open_rules(case)  # one notice of two
    mark = Mark(case)
    issue(papers[CasePaper.NOTICE_ACCUSED], date(2026, 3, 3), ban.leader)
    assert open_rules(case) == {"D24"} and mark.events() == []  # notices move no state

    with pytest.raises(CaseTransitionRefused, match="Chỉ vụ việc tố cáo phức tạp hoặc đặc biệt phức tạp"):
        tr.extend_case(case, days=30, reason="Cần xác minh thêm tại nhiều nơi", actor=ban.leader)
    issue(tr.assign_verification(case, actor=ban.leader), date(2026, 3, 3), ban.leader)
    issue(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=ban.leader), date(2026, 3, 3), ban.leader)
    mark = Mark(case)
    tr.reclassify_case(case, complexity=Complexity.VERY_COMPLEX, remote=False, actor=ban.leader,
                       reason="Nhiều nội dung, nhiều nơi xác minh (NĐ 31 Đ3)", effective_on=date(2026, 3, 4))
    mark.check_one_change(CaseEvent.RECLASSIFY, CaseStatus.VERIFYING)
    assert clocks(case)["D24"].variant_list == ["very_complex"]

    for day in (date(2026, 3, 5),):
        draft = tr.extend_case(case, days=30, reason="Cần xác minh thêm tại nhiều nơi", actor=ban.leader)
        apply_paper(case, draft, day, ban.leader, CaseEvent.EXTEND, CaseStatus.VERIFYING)
    draft = tr.suspend_case(case, reason="Chờ kết quả giám định chữ ký", actor=ban.leader)
    apply_paper(case, draft, date(2026, 3, 10), ban.leader, CaseEvent.SUSPEND, CaseStatus.SUSPENDED)
    d24 = clocks(case)["D24"]
    assert d24.paused_since == date(2026, 3, 10) and case.suspended_from == CaseStatus.VERIFYING
    with pytest.raises(CaseTransitionRefused, match="«tạm đình chỉ»: không gia hạn giải quyết được"):
        tr.extend_case(case, days=30, reason="Gia hạn khi đang tạm đình chỉ", actor=ban.leader)
    draft = tr.resume_case(case, reason="Đã có kết quả giám định", actor=ban.leader)
    apply_paper(case, draft, date(2026, 3, 20), ban.leader, CaseEvent.RESUME, CaseStatus.VERIFYING)
    draft = tr.extend_case(case, days=30, reason="Cần đối chiếu thêm hồ sơ", actor=ban.leader)
    apply_paper(case, draft, date(2026, 3, 25), ban.leader, CaseEvent.EXTEND, CaseStatus.VERIFYING)
    with pytest.raises(CaseTransitionRefused, match="chỉ được gia hạn 2 lần; đã gia hạn 2 lần"):
        tr.extend_case(case, days=10, reason="Gia hạn lần ba", actor=ban.leader)

    d24 = clocks(case)["D24"]
    # 02/03 + 30 days + 30 + 30 (two extensions) + 10 paused days (10/03 → 20/03) = 10/06/2026, a Wednesday.
    assert d24.due_on == date(2026, 6, 10)
    assert d24.extension_days == [30, 30] and d24.pauses == [["2026-03-10", "2026-03-20"]]
    assert "gia hạn" in d24.explanation and "tạm đình chỉ" in d24.explanation
    fresh = evaluate(ClockInput.of(d24), load_working_calendar())
    assert fresh is not None and fresh.due_on == d24.due_on

    with pytest.raises(CaseTransitionRefused, match="đã được gia hạn 2 lần: không thể phân loại là «phức tạp»"):
        tr.reclassify_case(case, complexity=Complexity.COMPLEX, remote=False, actor=ban.leader,
                           reason="Phân loại lại", effective_on=date(2026, 3, 26))
    draft = tr.decide_case(case, verdict=CaseVerdict.PARTLY_TRUE, actor=ban.leader,
                           figures={"recover_money": Decimal("80"), "discipline_officials": 1})
    apply_paper(case, draft, date(2026, 6, 10), ban.leader, CaseEvent.DECIDE, CaseStatus.DECIDED)
    outcome = tr.case_outcome(case)
    assert outcome is not None and outcome.resolved_on_time is True  # on the last day after extensions and pause
    assert open_rules(case) == set()  # a denunciation has no D16 / D18


def test_a_case_reclassified_complex_moves_its_due_date(ban):
    case = complaint_case(ban)
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 7, 16), ban.leader)
    d15 = clocks(case)["D15"]
    assert d15.due_on == date(2026, 8, 17)
    mark = Mark(case)
    tr.reclassify_case(case, complexity=Complexity.ORDINARY, remote=True, actor=ban.leader,
                       reason="Người khiếu nại ở xã vùng sâu, vùng xa", effective_on=date(2026, 7, 20))
    mark.check_one_change(CaseEvent.RECLASSIFY, CaseStatus.ACCEPTED)
    assert d15.due_on == date(2026, 9, 3)  # DOMAIN §5: 45 days → Sun 30/08; 31/08–02/09 off
    mark = Mark(case)
    tr.reclassify_case(case, complexity=Complexity.COMPLEX, remote=True, actor=ban.leader,
                       reason="Vụ việc phức tạp: nhiều nội dung", effective_on=date(2026, 7, 21))
    mark.check_one_change(CaseEvent.RECLASSIFY, CaseStatus.ACCEPTED)
    assert d15.variant_list == ["remote", "complex"]
    assert d15.due_on == date(2026, 9, 14)  # 60 days from 16/07 → Mon 14/09
    fields = {r.field for r in mark.history_rows()}
    assert {"complexity", "variants", "due_on"} <= fields
    assert case.complexity == Complexity.COMPLEX and case.is_remote
    with pytest.raises(CaseTransitionRefused, match="giống phân loại hiện tại"):
        tr.reclassify_case(case, complexity=Complexity.COMPLEX, remote=True, actor=ban.leader, reason="Lại lần nữa")


# ---------------------------------------------------------------------------------------------------------
# Suspension of a complaint, withdrawal, termination, lapse
# ---------------------------------------------------------------------------------------------------------


def test_a_complaint_is_suspended_only_from_july_2026(ban):
    case = complaint_case(ban, opened_on=date(2026, 6, 1))
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 6, 10), ban.leader)
    draft = tr.suspend_case(case, reason="Chờ kết quả giám định", actor=ban.leader)
    refused_issue(draft, date(2026, 6, 20), ban.leader, "Trước ngày 01/07/2026")
    documents.void_document(draft, reason="Ngày chưa đúng", actor=ban.leader)
    draft = tr.suspend_case(case, reason="Chờ kết quả giám định", actor=ban.leader)
    apply_paper(case, draft, date(2026, 7, 1), ban.leader, CaseEvent.SUSPEND, CaseStatus.SUSPENDED)
    assert clocks(case)["D15"].paused_since == date(2026, 7, 1)


def test_withdrawal_termination_and_lapse_after_d20(ban):
    case = complaint_case(ban)
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 7, 16), ban.leader)
    mark = Mark(case)
    tr.withdraw_case(case, reason="Bà Hằng nộp đơn rút khiếu nại", actor=ban.officer, effective_on=date(2026, 7, 20))
    mark.check_one_change(CaseEvent.WITHDRAW, CaseStatus.WITHDRAWN)
    assert "D15" in open_rules(case)  # the body still has to terminate in time
    draft = tr.terminate_case(case, reason="Người khiếu nại rút đơn", actor=ban.leader)
    apply_paper(case, draft, date(2026, 7, 22), ban.leader, CaseEvent.TERMINATE, CaseStatus.TERMINATED)
    assert open_rules(case) == {"D20"}
    assert clocks(case)["D20"].due_on == date(2026, 8, 21)
    with pytest.raises(CaseTransitionRefused, match="còn đến hết ngày 21/08/2026"):
        tr.lapse_case(case, actor=None, effective_on=date(2026, 8, 21))
    mark = Mark(case)
    tr.lapse_case(case, actor=None, effective_on=date(2026, 8, 22))
    mark.check_one_change(CaseEvent.LAPSE, CaseStatus.LAPSED)
    assert open_rules(case) == set()


def test_not_accepted_stops_nothing_of_the_case_and_records_the_reason(ban):
    case = complaint_case(ban)
    # A blank reason is refused beside its field, not as a record out of scope (the API answers 422, not 404).
    with pytest.raises(FieldRefused, match="lý do không thụ lý") as refused:
        tr.not_accept_case(case, reason="", actor=ban.leader)
    assert refused.value.field == "reason" and not isinstance(refused.value, OutOfScope)
    draft = tr.not_accept_case(case, reason="Quyết định đã có hiệu lực pháp luật", actor=ban.leader)
    assert draft.body_data["case_params"] == {"reason": "Quyết định đã có hiệu lực pháp luật"}
    apply_paper(case, draft, date(2026, 7, 10), ban.leader, CaseEvent.NOT_ACCEPT, CaseStatus.NOT_ACCEPTED)
    assert open_rules(case) == set()


# ---------------------------------------------------------------------------------------------------------
# Roles, office, refusals at issue
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "start", "message"),
    [
        (Role.HANDLER, lambda c, a: tr.accept_case(c, actor=a), "Vai trò của bạn không được thụ lý."),
        (Role.RECEPTION_OFFICER, lambda c, a: tr.accept_case(c, actor=a), "Vai trò của bạn không được thụ lý."),
        (Role.HANDLER, lambda c, a: tr.not_accept_case(c, reason="Không đủ điều kiện", actor=a),
         "Vai trò của bạn không được không thụ lý."),
        (Role.HANDLER, lambda c, a: tr.reclassify_case(c, complexity="complex", remote=False, reason="Phức tạp",
                                                       actor=a), "Vai trò của bạn không được phân loại lại"),
        (Role.VIEWER, lambda c, a: tr.withdraw_case(c, reason="Đơn rút khiếu nại", actor=a),
         "Vai trò của bạn không được ghi nhận rút đơn."),
        (Role.LEADER, lambda c, a: tr.withdraw_case(c, reason="Đơn rút khiếu nại", actor=a),
         "«đang xử lý đơn»: không ghi nhận rút đơn được"),
        (Role.LEADER, lambda c, a: tr.start_implementation(c, actor=a), "không tổ chức thực hiện được"),
        (Role.LEADER, lambda c, a: tr.record_court_filing(c, reference="Tòa án nhân dân tỉnh", actor=a),
         "không ghi nhận khởi kiện ra Tòa án được"),
    ],
)
def test_roles_and_states_are_checked_before_anything_is_drafted(ban, role, start, message):
    case = complaint_case(ban)
    actor = make_user(role=role, agency=ban.agency)
    before = len(tr.case_papers(case))
    with pytest.raises(CaseTransitionRefused, match=message):
        start(case, actor)
    assert len(tr.case_papers(case)) == before and case.status == CaseStatus.OPEN


def test_only_the_office_in_charge_acts(ban):
    case = complaint_case(ban)
    stranger = make_user(role=Role.LEADER)
    with pytest.raises(CaseTransitionRefused, match="Chỉ cán bộ cơ quan phụ trách vụ việc được thụ lý"):
        tr.accept_case(case, actor=stranger)
    assert tr.available_events(case, stranger) == ()
    assert tr.available_events(case, ban.leader) == (CaseEvent.ACCEPT, CaseEvent.NOT_ACCEPT, CaseEvent.RECLASSIFY)
    tr.accept_case(case, actor=ban.leader)
    assert CaseEvent.ACCEPT not in tr.available_events(case, ban.leader)  # its paper waits for the issue


def test_the_verifying_officer_is_loaded_through_the_office(ban):
    case = complaint_case(ban)
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 7, 16), ban.leader)
    outsider = make_user(role=Role.HANDLER)
    with pytest.raises(OutOfScope, match="Không tìm thấy cán bộ đã chọn") as refused:
        tr.assign_verification(case, actor=ban.leader, handler_id=outsider.id)
    assert refused.value.field == "handler_id"


def test_an_event_paper_is_checked_again_when_issued(ban):
    case = complaint_case(ban)
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 7, 16), ban.leader)
    suspension = tr.suspend_case(case, reason="Chờ giám định", actor=ban.leader)
    termination = tr.terminate_case(case, reason="Người khiếu nại rút đơn", actor=ban.leader)
    issue(termination, date(2026, 7, 20), ban.leader)
    refused_issue(suspension, date(2026, 7, 21), ban.leader, "«đã đình chỉ»: không tạm đình chỉ giải quyết được")


# ---------------------------------------------------------------------------------------------------------
# The next round, the court, the letters' acceptance
# ---------------------------------------------------------------------------------------------------------


def decided_complaint(ban: Any) -> CaseFile:
    case = complaint_case(ban)
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 7, 16), ban.leader)
    issue(tr.assign_verification(case, actor=ban.leader), date(2026, 7, 17), ban.leader)
    issue(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=ban.leader), date(2026, 7, 17), ban.leader)
    issue(tr.decide_case(case, verdict="wrong", actor=ban.leader), date(2026, 10, 15), ban.leader)
    return case


def test_round_two_opens_a_linked_case_within_d16(ban):
    case = decided_complaint(ban)
    assert clocks(case)["D16"].due_on == date(2026, 11, 16)  # DOMAIN §5: 30 days → Sat 14/11
    with pytest.raises(CaseTransitionRefused, match="Đã hết thời hạn khiếu nại lần hai"):
        tr.open_next_round(case, received_on=date(2026, 11, 17), actor=ban.leader, reason="Khiếu nại lần hai")
    mark = Mark(case)
    second = tr.open_next_round(case, received_on=date(2026, 11, 16), actor=ban.leader,
                                reason="Bà Hằng khiếu nại lần hai")
    assert second.parent_case_id == case.id and second.case_round == CaseRound.SECOND
    assert second.status == CaseStatus.OPEN and second.opened_on == date(2026, 11, 16)
    assert [(e.case_file_id, e.transition) for e in mark.events()] == [(second.id, "next_round")]
    assert len({r.reason for r in mark.history_rows()}) == 1
    assert "D16" not in open_rules(case) and case.status == CaseStatus.DECIDED
    issue(tr.accept_case(second, actor=ban.leader), date(2026, 11, 26), ban.leader)
    assert open_rules(second) == {"D17"}
    issue(tr.assign_verification(second, actor=ban.leader), date(2026, 11, 27), ban.leader)
    issue(tr.report_verification(second, findings="Kết quả xác minh nội dung", actor=ban.leader), date(2026, 11, 27), ban.leader)
    with pytest.raises(CaseTransitionRefused, match="không dùng cho vụ việc này"):
        tr.decide_case(second, verdict="right", actor=ban.leader)
    issue(tr.decide_case(second, verdict="upheld", actor=ban.leader), date(2026, 12, 1), ban.leader)
    assert open_rules(second) == {"D18"}
    with pytest.raises(CaseTransitionRefused, match="đã được giải quyết lần hai"):
        tr.open_next_round(second, received_on=date(2026, 12, 2), actor=ban.leader, reason="Khiếu nại lần ba")
    mark = Mark(second)
    tr.record_court_filing(second, reference="Thụ lý số 12/2026/TLST-HC", actor=ban.officer,
                           effective_on=date(2026, 12, 3))
    mark.check_one_change(CaseEvent.TO_COURT, CaseStatus.TO_COURT)
    assert second.court_reference == "Thụ lý số 12/2026/TLST-HC" and open_rules(second) == set()


def test_a_re_denunciation_starts_d26(ban):
    case = denunciation_case(ban)
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 3, 2), ban.leader)
    issue(tr.assign_verification(case, actor=ban.leader), date(2026, 3, 3), ban.leader)
    issue(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=ban.leader), date(2026, 3, 3), ban.leader)
    issue(tr.decide_case(case, verdict="false", actor=ban.leader), date(2026, 3, 20), ban.leader)
    superior = ban.agency.parent_id
    again = tr.open_next_round(case, received_on=date(2026, 4, 1), actor=None, reason="Tố cáo tiếp lên cấp trên",
                               agency_in_charge_id=superior)
    assert again.agency_in_charge_id == (superior or ban.agency.id)
    assert open_rules(again) == {"D26"} and clocks(again)["D26"].due_on == date(2026, 4, 21)
    issue(tr.accept_case(again, actor=None), date(2026, 4, 10), ban.leader)
    assert open_rules(again) == {"D24", "D23"}  # the superior took it up again: the review (D26) is done


def test_a_denunciation_accepted_by_its_letter_still_gets_its_acceptance_papers(ban):
    letter = denunciation(ban)
    assign_letter(letter, officer_id=ban.officer.id, direction="Xem xét, đề xuất", actor=ban.leader,
                  effective_on=date(2026, 7, 6))
    proposal = handling.propose_handling(letter, HandlingPaper.PROPOSAL_ACCEPT, actor=ban.officer,
                                         effective_on=date(2026, 7, 6))
    handling.approve_proposal(letter, actor=ban.leader, effective_on=date(2026, 7, 6))
    mark_case = db.session.get(CaseFile, letter.case_id)
    assert mark_case is not None
    mark = Mark(mark_case)
    issue(proposal, date(2026, 7, 8), ban.leader)
    case = mark_case
    mark.check_one_change(CaseEvent.ACCEPT, CaseStatus.ACCEPTED)  # the letters' path is the case flow's ACCEPT
    assert open_rules(case) == {"D24", "D23"} and case.accepted_on == date(2026, 7, 8)

    with pytest.raises(CaseTransitionRefused, match="Vai trò của bạn không được thụ lý"):
        tr.accept_case(case, actor=ban.officer)
    assert tr.available_events(case, ban.leader)[0] == CaseEvent.ACCEPT
    assert CaseEvent.ACCEPT not in tr.available_events(case, ban.officer)
    decision = tr.accept_case(case, actor=ban.leader)
    assert CaseEvent.ACCEPT not in tr.available_events(case, ban.leader)
    assert tr.case_paper_of(decision) == CasePaper.DENUNCIATION_ACCEPTANCE_DECISION
    drafts = [d for d in tr.case_papers(case) if d.status == DocumentStatus.DRAFT]
    assert {tr.case_paper_of(d) for d in drafts} == set(flow.TABLE[CaseEvent.ACCEPT].papers(CaseType.DENUNCIATION))
    mark = Mark(case)
    for document in drafts:
        issue(document, date(2026, 7, 9), ban.leader)
    assert mark.events() == [] and case.status == CaseStatus.ACCEPTED  # papers of an acceptance already applied
    assert open_rules(case) == {"D24"}  # both notices out: D23 closed
    with pytest.raises(CaseTransitionRefused, match="đã có văn bản thụ lý"):
        tr.accept_case(case, actor=ban.leader)


def test_the_system_sweep_lapses_terminated_complaints_after_d20(ban, runner):
    complaint = complaint_case(ban)
    issue(tr.accept_case(complaint, actor=ban.leader), date(2026, 7, 16), ban.leader)
    issue(tr.terminate_case(complaint, reason="Người khiếu nại rút đơn", actor=ban.leader), date(2026, 7, 22),
          ban.leader)
    denounced = denunciation_case(ban, opened_on=date(2026, 7, 1))
    issue(tr.accept_case(denounced, actor=ban.leader), date(2026, 7, 22), ban.leader)
    issue(tr.terminate_case(denounced, reason="Người tố cáo rút đơn", actor=ban.leader), date(2026, 7, 22),
          ban.leader)
    assert tr.lapse_expired_cases(today=date(2026, 8, 21)) == []  # D20 due 21/08/2026: still running
    mark = Mark(complaint)
    result = runner.invoke(args=["cases", "lapse"])  # today: 31/12/2026
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Cases lapsed: 1 (#{complaint.id})"
    db.session.expire_all()
    assert complaint.status == CaseStatus.LAPSED and denounced.status == CaseStatus.TERMINATED
    assert [(e.case_file_id, e.transition, e.effective_on) for e in mark.events()] == [
        (complaint.id, "lapse", date(2026, 12, 31))
    ]
    assert runner.invoke(args=["cases", "lapse"]).output.strip() == "Cases lapsed: 0"


def test_a_step_dated_before_the_last_one_is_refused(ban):
    case = complaint_case(ban)
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 7, 16), ban.leader)
    with pytest.raises(CaseTransitionRefused, match="Ngày 15/07/2026 ở trước bước gần nhất của vụ việc \\(16/07/2026\\)"):
        tr.withdraw_case(case, reason="Đơn rút khiếu nại", actor=ban.officer, effective_on=date(2026, 7, 15))
    draft = tr.assign_verification(case, actor=ban.leader)
    # A văn thư's number may carry an earlier date in the register; the case still refuses the step.
    with pytest.raises(CaseTransitionRefused, match="ở trước bước gần nhất"), db.session.begin_nested():
        documents.issue_document(draft, actor=ban.leader, issue_date=date(2026, 7, 10), number=50)
    assert case.status == CaseStatus.ACCEPTED


# ---------------------------------------------------------------------------------------------------------
# closed_on: the day the case reached an ending, for every ending
# ---------------------------------------------------------------------------------------------------------


def test_every_ending_dates_closed_on_and_a_later_ending_keeps_the_first_day(ban):
    refused, ended, to_court, closed = (complaint_case(ban) for _ in range(4))
    # The register numbers the papers in date order: issued day by day across the four cases.
    issue(tr.not_accept_case(refused, reason="Quyết định đã có hiệu lực pháp luật", actor=ban.leader),
          date(2026, 7, 10), ban.leader)
    assert refused.closed_on == date(2026, 7, 10)
    for case in (ended, to_court, closed):
        issue(tr.accept_case(case, actor=ban.leader), date(2026, 7, 16), ban.leader)
    for case in (to_court, closed):
        issue(tr.assign_verification(case, actor=ban.leader), date(2026, 7, 17), ban.leader)
        issue(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=ban.leader), date(2026, 7, 17), ban.leader)
    tr.withdraw_case(ended, reason="Bà Hằng nộp đơn rút khiếu nại", actor=ban.officer, effective_on=date(2026, 7, 20))
    assert ended.closed_on is None  # withdrawn: the body still has to terminate
    issue(tr.terminate_case(ended, reason="Người khiếu nại rút đơn", actor=ban.leader), date(2026, 7, 22), ban.leader)
    assert ended.closed_on == date(2026, 7, 22)
    tr.lapse_case(ended, actor=None, effective_on=date(2026, 8, 22))
    assert ended.status == CaseStatus.LAPSED and ended.closed_on == date(2026, 7, 22)

    for case in (to_court, closed):
        issue(tr.decide_case(case, verdict="wrong", actor=ban.leader), date(2026, 10, 15), ban.leader)
        assert case.closed_on is None
    tr.record_court_filing(to_court, reference="Thụ lý số 3/2026/TLST-HC", actor=ban.officer,
                           effective_on=date(2026, 10, 20))
    assert to_court.closed_on == date(2026, 10, 20)

    tr.start_implementation(closed, actor=ban.officer, effective_on=date(2026, 10, 16))
    tr.close_resolved_case(closed, actor=ban.officer, effective_on=date(2026, 10, 25))
    assert closed.closed_on == date(2026, 10, 25)
    tr.record_court_filing(closed, reference="Thụ lý số 4/2026/TLST-HC", actor=ban.officer,
                           effective_on=date(2026, 11, 3))
    assert closed.status == CaseStatus.TO_COURT and closed.closed_on == date(2026, 10, 25)


def test_the_lapse_sweep_keeps_the_termination_day(ban, runner):
    complaint = complaint_case(ban)
    issue(tr.accept_case(complaint, actor=ban.leader), date(2026, 7, 16), ban.leader)
    issue(tr.terminate_case(complaint, reason="Người khiếu nại rút đơn", actor=ban.leader), date(2026, 7, 22),
          ban.leader)
    assert runner.invoke(args=["cases", "lapse"]).exit_code == 0
    db.session.expire_all()
    assert complaint.status == CaseStatus.LAPSED and complaint.closed_on == date(2026, 7, 22)
