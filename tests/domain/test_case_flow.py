"""The case transition table (petitions.domain.case_flow): states, kinds, roles, papers, clocks, rule limits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from petitions.domain import case_flow as flow
from petitions.domain.case_flow import CaseEvent as E
from petitions.domain.case_flow import CaseFacts, CasePaper, CaseTransitionRefused
from petitions.domain.records import CaseRound, CaseType, CaseVerdict, ComplaintSubtype, Complexity
from petitions.domain.records import CaseStatus as S
from petitions.domain.types import Role

KN = CaseType.COMPLAINT
TC = CaseType.DENUNCIATION
L, H, RO = Role.LEADER, Role.HANDLER, Role.RECEPTION_OFFICER


def facts(status: S, case_type: CaseType = KN, **more) -> CaseFacts:
    return CaseFacts(status=status, case_type=case_type, **more)


def test_every_event_has_a_row_and_words_and_every_paper_an_event():
    assert set(flow.TABLE) == set(E) == set(flow.EVENT_WORDS)
    assert set(flow.STATUS_WORDS) >= set(S)
    assert set(flow.PAPER_EVENT) == set(CasePaper) == set(flow.PAPER_WORDS)
    assert set(flow.VERDICT_WORDS) == set(CaseVerdict)
    assert set(flow.FIGURE_WORDS) == set(flow.ORDERED_FIGURES) | set(flow.DONE_FIGURES)


# (state, kind, event, role, to[, more facts]): every row of the table, legal, for each role it names.
REPORTED = {"verification_reported": True}  # a decision rests on the verification report (Luật KN Đ29, TC Đ35)
LEGAL = [
    (S.OPEN, KN, E.ACCEPT, L, S.ACCEPTED),
    (S.OPEN, TC, E.ACCEPT, L, S.ACCEPTED),
    (S.OPEN, KN, E.NOT_ACCEPT, L, S.NOT_ACCEPTED),
    (S.OPEN, TC, E.NOT_ACCEPT, L, S.NOT_ACCEPTED),
    (S.ACCEPTED, KN, E.ASSIGN_VERIFICATION, L, S.VERIFYING),
    (S.ACCEPTED, TC, E.ASSIGN_VERIFICATION, L, S.VERIFYING),
    (S.VERIFYING, KN, E.REPORT_VERIFICATION, H, S.VERIFYING),
    (S.VERIFYING, TC, E.REPORT_VERIFICATION, L, S.VERIFYING),
    (S.VERIFYING, KN, E.HOLD_DIALOGUE, H, S.DIALOGUE_HELD),
    (S.VERIFYING, KN, E.HOLD_DIALOGUE, L, S.DIALOGUE_HELD),
    (S.OPEN, KN, E.RECLASSIFY, L, S.OPEN),
    (S.SUSPENDED, TC, E.RECLASSIFY, L, S.SUSPENDED),
    (S.DIALOGUE_HELD, KN, E.RECLASSIFY, L, S.DIALOGUE_HELD),
    (S.ACCEPTED, TC, E.EXTEND, L, S.ACCEPTED),
    (S.VERIFYING, TC, E.EXTEND, L, S.VERIFYING),
    (S.ACCEPTED, KN, E.SUSPEND, L, S.SUSPENDED),
    (S.VERIFYING, TC, E.SUSPEND, L, S.SUSPENDED),
    (S.DIALOGUE_HELD, KN, E.SUSPEND, L, S.SUSPENDED),
    (S.ACCEPTED, KN, E.WITHDRAW, H, S.WITHDRAWN),
    (S.SUSPENDED, TC, E.WITHDRAW, L, S.WITHDRAWN),
    (S.WITHDRAWN, KN, E.TERMINATE, L, S.TERMINATED),
    (S.SUSPENDED, TC, E.TERMINATE, L, S.TERMINATED),
    (S.VERIFYING, KN, E.TERMINATE, L, S.TERMINATED),
    (S.TERMINATED, KN, E.LAPSE, L, S.LAPSED),
    (S.TERMINATED, KN, E.LAPSE, None, S.LAPSED),
    (S.VERIFYING, TC, E.DECIDE, L, S.DECIDED, REPORTED),
    (S.VERIFYING, KN, E.DECIDE, L, S.DECIDED, REPORTED),
    (S.DIALOGUE_HELD, KN, E.DECIDE, L, S.DECIDED, REPORTED),
    (S.DECIDED, TC, E.NOTIFY_RESULT, H, S.DECIDED),
    (S.IMPLEMENTING, KN, E.NOTIFY_RESULT, L, S.IMPLEMENTING),
    (S.DECIDED, KN, E.PUBLISH, H, S.PUBLISHED),
    (S.DECIDED, TC, E.START_IMPLEMENTATION, H, S.IMPLEMENTING),
    (S.PUBLISHED, KN, E.START_IMPLEMENTATION, L, S.IMPLEMENTING),
    (S.IMPLEMENTING, TC, E.RECORD_IMPLEMENTATION, H, S.IMPLEMENTING),
    (S.PUBLISHED, KN, E.CLOSE, H, S.CLOSED),
    (S.IMPLEMENTING, TC, E.CLOSE, L, S.CLOSED),
    (S.DECIDED, KN, E.NEXT_ROUND, L, S.DECIDED),
    (S.CLOSED, TC, E.NEXT_ROUND, L, S.CLOSED),
    (S.CLOSED, KN, E.TO_COURT, H, S.TO_COURT),
    (S.DECIDED, KN, E.TO_COURT, L, S.TO_COURT),
]
LEGAL = [row if len(row) == 6 else (*row, {}) for row in LEGAL]


@pytest.mark.parametrize(("state", "kind", "event", "role", "to", "more"), LEGAL)
def test_legal_transitions(state, kind, event, role, to, more):
    assert flow.next_state(facts(state, kind, **more), event, role) == to
    assert flow.allowed(facts(state, kind, **more), event, role)
    assert event in flow.available_events(facts(state, kind, **more), role)


def test_resume_returns_to_the_state_before_the_suspension():
    for before in (S.ACCEPTED, S.VERIFYING, S.DIALOGUE_HELD):
        assert flow.next_state(facts(S.SUSPENDED, suspended_from=before), E.RESUME, L) == before
    with pytest.raises(CaseTransitionRefused, match="Không rõ trạng thái trước khi tạm đình chỉ"):
        flow.next_state(facts(S.SUSPENDED, suspended_from=None), E.RESUME, L)


ILLEGAL = [
    (facts(S.ACCEPTED), E.ACCEPT, L, "Vụ việc đang ở trạng thái «đã thụ lý»: không thụ lý được."),
    (facts(S.OPEN), E.ACCEPT, H, "Vai trò của bạn không được thụ lý."),
    (facts(S.OPEN), E.ACCEPT, RO, "Vai trò của bạn không được thụ lý."),
    (facts(S.OPEN, CaseType.PETITION), E.ACCEPT, L, "Vụ việc kiến nghị, phản ánh không được thụ lý giải quyết"),
    (facts(S.VERIFYING, TC), E.HOLD_DIALOGUE, H, "Chỉ vụ việc khiếu nại mới tổ chức đối thoại."),
    (facts(S.ACCEPTED), E.HOLD_DIALOGUE, H, "không tổ chức đối thoại được"),
    (facts(S.VERIFYING), E.EXTEND, L, "Chỉ vụ việc tố cáo mới gia hạn giải quyết."),
    (facts(S.DIALOGUE_HELD, TC), E.EXTEND, L, "không gia hạn giải quyết được"),
    (facts(S.VERIFYING, TC), E.EXTEND, H, "Vai trò của bạn không được gia hạn giải quyết."),
    (facts(S.ACCEPTED), E.DECIDE, L, "Vụ việc đang ở trạng thái «đã thụ lý»: không ban hành quyết định"),
    (facts(S.VERIFYING, **REPORTED), E.DECIDE, H, "Vai trò của bạn không được ban hành quyết định"),
    (facts(S.VERIFYING), E.DECIDE, L, "Chưa có báo cáo kết quả xác minh: lập và ban hành báo cáo"),
    (facts(S.VERIFYING, TC), E.DECIDE, L, "trước khi ra quyết định giải quyết hoặc kết luận nội dung tố cáo"),
    (facts(S.DIALOGUE_HELD), E.DECIDE, L, "Chưa có báo cáo kết quả xác minh"),
    (facts(S.SUSPENDED), E.DECIDE, L, "«tạm đình chỉ»"),
    (facts(S.SUSPENDED), E.SUSPEND, L, "không tạm đình chỉ giải quyết được"),
    (facts(S.VERIFYING), E.RESUME, L, "không tiếp tục giải quyết được"),
    (facts(S.TERMINATED, TC), E.LAPSE, L, "Chỉ vụ việc khiếu nại mới ghi nhận hết thời hạn"),
    (facts(S.WITHDRAWN), E.LAPSE, None, "không ghi nhận hết thời hạn tiếp tục khiếu nại được"),
    (facts(S.WITHDRAWN), E.WITHDRAW, H, "không ghi nhận rút đơn được"),
    (facts(S.DECIDED), E.CLOSE, L, "không kết thúc vụ việc được"),
    (facts(S.CLOSED), E.PUBLISH, H, "không công khai kết quả được"),
    (facts(S.VERIFYING, verification_reported=True), E.REPORT_VERIFICATION, H, "đã có báo cáo kết quả xác minh"),
    (facts(S.DECIDED, result_notified=True), E.NOTIFY_RESULT, H, "Kết quả giải quyết đã được thông báo."),
    (facts(S.DECIDED, case_round=CaseRound.SECOND), E.NEXT_ROUND, L, "đã được giải quyết lần hai"),
    (facts(S.DECIDED), E.NEXT_ROUND, H, "Vai trò của bạn không được mở vụ việc tiếp theo"),
    (facts(S.VERIFYING), E.TO_COURT, H, "không ghi nhận khởi kiện ra Tòa án được"),
    (facts(S.DECIDED, TC), E.TO_COURT, H, "Chỉ vụ việc khiếu nại mới ghi nhận khởi kiện"),
    (facts(S.LAPSED), E.ACCEPT, L, "«hết thời hạn tiếp tục khiếu nại»"),
    (facts(S.VERIFYING), E.ACCEPT, Role.LIAISON, "Vai trò của bạn không được thụ lý."),
    (facts(S.DECIDED), E.PUBLISH, Role.VIEWER, "Vai trò của bạn không được công khai kết quả."),
]


@pytest.mark.parametrize(("case", "event", "role", "message"), ILLEGAL)
def test_illegal_transitions_are_refused_with_the_reason(case, event, role, message):
    with pytest.raises(CaseTransitionRefused, match=message):
        flow.next_state(case, event, role)
    assert not flow.allowed(case, event, role)
    assert event not in flow.available_events(case, role)


def test_roles_of_every_row():
    """Leaders sign; the handler records what the citizen or the verification brought; nobody else acts."""
    leader_only = {E.ACCEPT, E.NOT_ACCEPT, E.ASSIGN_VERIFICATION, E.RECLASSIFY, E.EXTEND, E.SUSPEND, E.RESUME,
                   E.TERMINATE, E.LAPSE, E.DECIDE, E.NEXT_ROUND}
    for event, row in flow.TABLE.items():
        expected = {L} if event in leader_only else {H, L}
        assert set(row.roles) == expected, event


@pytest.mark.parametrize(
    ("event", "kind", "paper"),
    [
        (E.ACCEPT, KN, CasePaper.COMPLAINT_ACCEPTANCE_NOTICE),
        (E.ACCEPT, TC, CasePaper.DENUNCIATION_ACCEPTANCE_DECISION),
        (E.NOT_ACCEPT, KN, CasePaper.COMPLAINT_REJECTION_NOTICE),
        (E.NOT_ACCEPT, TC, CasePaper.DENUNCIATION_REJECTION_NOTICE),
        (E.ASSIGN_VERIFICATION, TC, CasePaper.VERIFICATION_ASSIGNMENT),
        (E.REPORT_VERIFICATION, KN, CasePaper.VERIFICATION_REPORT),
        (E.HOLD_DIALOGUE, KN, CasePaper.DIALOGUE_RECORD),
        (E.EXTEND, TC, CasePaper.EXTENSION_DECISION),
        (E.SUSPEND, KN, CasePaper.SUSPENSION_DECISION),
        (E.RESUME, TC, CasePaper.RESUMPTION_DECISION),
        (E.TERMINATE, KN, CasePaper.TERMINATION_DECISION),
        (E.DECIDE, KN, CasePaper.COMPLAINT_DECISION),
        (E.DECIDE, TC, CasePaper.DENUNCIATION_CONCLUSION),
        (E.NOTIFY_RESULT, TC, CasePaper.NOTICE_DENOUNCER_RESULT),
        (E.PUBLISH, TC, CasePaper.PUBLICATION_RECORD),
        (E.NOTIFY_RESULT, KN, None),
        (E.RECORD_IMPLEMENTATION, KN, None),
        (E.WITHDRAW, KN, None),
        (E.CLOSE, TC, None),
        (E.RECLASSIFY, TC, None),
        (E.NEXT_ROUND, KN, None),
        (E.TO_COURT, KN, None),
        (E.LAPSE, KN, None),
        (E.START_IMPLEMENTATION, KN, None),
    ],
)
def test_the_paper_whose_issue_applies_the_event(event, kind, paper):
    assert flow.TABLE[event].paper(kind) == paper
    if paper is not None:
        assert flow.paper_event(paper) == event


def test_denunciation_acceptance_notices_go_with_the_decision():
    assert flow.TABLE[E.ACCEPT].papers(TC)[1:] == (CasePaper.NOTICE_DENOUNCER_ACCEPTED, CasePaper.NOTICE_ACCUSED)
    assert flow.NOTICE_PAPERS == {CasePaper.NOTICE_DENOUNCER_ACCEPTED, CasePaper.NOTICE_ACCUSED}
    assert flow.TABLE[E.RECORD_IMPLEMENTATION].papers(KN) == (CasePaper.IMPLEMENTATION_REPORT,)
    with pytest.raises(CaseTransitionRefused, match="không phải văn bản giải quyết vụ việc"):
        flow.paper_event("proposal_accept")


ADMIN = ComplaintSubtype.ADMINISTRATIVE
DISC = ComplaintSubtype.DISCIPLINARY


@pytest.mark.parametrize(
    ("kind", "subtype", "round_", "event", "field", "rules"),
    [
        (KN, ADMIN, CaseRound.FIRST, E.ACCEPT, "starts", ("D15",)),
        (KN, None, CaseRound.SECOND, E.ACCEPT, "starts", ("D17",)),
        (KN, DISC, CaseRound.FIRST, E.ACCEPT, "starts", ("D19",)),
        (TC, None, CaseRound.FIRST, E.ACCEPT, "starts", ("D24", "D23")),
        (TC, None, CaseRound.SECOND, E.ACCEPT, "stops", ("D26",)),
        (TC, None, CaseRound.SECOND, E.NOT_ACCEPT, "stops", ("D26",)),
        (KN, ADMIN, CaseRound.SECOND, E.ACCEPT, "stops", ()),
        (KN, ADMIN, CaseRound.FIRST, E.DECIDE, "stops", ("D15",)),
        (KN, ADMIN, CaseRound.FIRST, E.DECIDE, "starts", ("D16", "D18")),
        (KN, ADMIN, CaseRound.SECOND, E.DECIDE, "starts", ("D18",)),
        (KN, DISC, CaseRound.FIRST, E.DECIDE, "starts", ()),
        (TC, None, CaseRound.FIRST, E.DECIDE, "starts", ()),
        (TC, None, CaseRound.FIRST, E.DECIDE, "stops", ("D24",)),
        (KN, ADMIN, CaseRound.FIRST, E.SUSPEND, "pauses", ("D15",)),
        (TC, None, CaseRound.SECOND, E.RESUME, "resumes", ("D24",)),
        (TC, None, CaseRound.FIRST, E.EXTEND, "extends", ("D24",)),
        (KN, DISC, CaseRound.FIRST, E.RECLASSIFY, "variants_change", ("D19",)),
        (KN, ADMIN, CaseRound.FIRST, E.TERMINATE, "starts", ("D20",)),
        (TC, None, CaseRound.FIRST, E.TERMINATE, "starts", ()),
        (TC, None, CaseRound.FIRST, E.TERMINATE, "stops", ("D24", "D23")),
        (KN, ADMIN, CaseRound.FIRST, E.TERMINATE, "stops", ("D15",)),
        (KN, ADMIN, CaseRound.FIRST, E.LAPSE, "stops", ("D20",)),
        (KN, ADMIN, CaseRound.FIRST, E.NEXT_ROUND, "stops", ("D16",)),
        (KN, ADMIN, CaseRound.FIRST, E.CLOSE, "stops", ("D16", "D18")),
        (KN, ADMIN, CaseRound.SECOND, E.TO_COURT, "stops", ("D18",)),
    ],
)
def test_clock_effects_per_kind(kind, subtype, round_, event, field, rules):
    case = facts(S.OPEN, kind, complaint_subtype=subtype, case_round=round_)
    assert flow.clock_rules(getattr(flow.TABLE[event], field), case) == rules


@pytest.mark.parametrize(
    ("rule", "complexity", "remote", "variants"),
    [
        ("D15", Complexity.ORDINARY, False, ()),
        ("D15", Complexity.COMPLEX, True, ("remote", "complex")),
        ("D17", Complexity.VERY_COMPLEX, False, ("complex",)),
        ("D19", Complexity.COMPLEX, True, ("complex",)),
        ("D24", Complexity.COMPLEX, True, ("complex",)),
        ("D24", Complexity.VERY_COMPLEX, False, ("very_complex",)),
        ("D16", Complexity.COMPLEX, True, ("remote",)),
        ("D18", Complexity.ORDINARY, False, ()),
        ("D23", Complexity.VERY_COMPLEX, True, ()),
    ],
)
def test_clock_variants_follow_the_case(rule, complexity, remote, variants):
    case = facts(S.ACCEPTED, complexity=complexity, remote=remote)
    assert flow.case_variants(rule, date(2026, 7, 10), case) == variants


@pytest.mark.parametrize(
    ("complexity", "granted", "days", "message"),
    [
        (Complexity.COMPLEX, 0, 30, None),
        (Complexity.VERY_COMPLEX, 1, 15, None),
        (Complexity.ORDINARY, 0, 30, "Chỉ vụ việc tố cáo phức tạp hoặc đặc biệt phức tạp mới được gia hạn"),
        (Complexity.COMPLEX, 1, 30, "Vụ việc phức tạp chỉ được gia hạn 1 lần; đã gia hạn 1 lần."),
        (Complexity.VERY_COMPLEX, 2, 30, "Vụ việc đặc biệt phức tạp chỉ được gia hạn 2 lần; đã gia hạn 2 lần."),
        (Complexity.COMPLEX, 0, 31, "Mỗi lần gia hạn từ 1 đến 30 ngày."),
        (Complexity.COMPLEX, 0, 0, "Mỗi lần gia hạn từ 1 đến 30 ngày."),
    ],
)
def test_extension_limits(complexity, granted, days, message):
    case = facts(S.VERIFYING, TC, complexity=complexity)
    if message is None:
        flow.check_extension(case, granted=granted, days=days)
    else:
        with pytest.raises(CaseTransitionRefused, match=message):
            flow.check_extension(case, granted=granted, days=days)


def test_complaints_have_no_extension():
    with pytest.raises(CaseTransitionRefused, match="khiếu nại không được gia hạn"):
        flow.check_extension(facts(S.VERIFYING, KN, complexity=Complexity.COMPLEX), granted=0, days=10)


def test_reclassification_must_change_something_and_keep_the_extensions_lawful():
    case = facts(S.VERIFYING, TC, complexity=Complexity.VERY_COMPLEX)
    with pytest.raises(CaseTransitionRefused, match="giống phân loại hiện tại"):
        flow.check_reclassification(case, complexity=Complexity.VERY_COMPLEX, remote=False)
    with pytest.raises(CaseTransitionRefused, match="đã được gia hạn 2 lần: không thể phân loại là «phức tạp»"):
        flow.check_reclassification(case, complexity=Complexity.COMPLEX, remote=False, extensions_granted=2)
    flow.check_reclassification(case, complexity=Complexity.COMPLEX, remote=False, extensions_granted=1)
    flow.check_reclassification(facts(S.ACCEPTED), complexity=Complexity.ORDINARY, remote=True)


def test_complaints_are_suspended_only_from_july_2026():
    with pytest.raises(CaseTransitionRefused, match="Trước ngày 01/07/2026"):
        flow.check_suspension(facts(S.VERIFYING, KN), date(2026, 6, 30))
    flow.check_suspension(facts(S.VERIFYING, KN), date(2026, 7, 1))
    flow.check_suspension(facts(S.VERIFYING, TC), date(2026, 3, 10))


@pytest.mark.parametrize(
    ("kind", "round_", "verdict", "ok"),
    [
        (KN, CaseRound.FIRST, CaseVerdict.PARTLY_RIGHT, True),
        (KN, CaseRound.FIRST, CaseVerdict.UPHELD, False),
        (KN, CaseRound.SECOND, CaseVerdict.ANNULLED_OR_AMENDED, True),
        (KN, CaseRound.SECOND, CaseVerdict.RIGHT, False),
        (TC, CaseRound.FIRST, CaseVerdict.PARTLY_TRUE, True),
        (TC, CaseRound.SECOND, CaseVerdict.FALSE, True),
        (TC, CaseRound.FIRST, CaseVerdict.WRONG, False),
    ],
)
def test_verdicts_per_kind_and_round(kind, round_, verdict, ok):
    case = facts(S.VERIFYING, kind, case_round=round_)
    if ok:
        flow.check_verdict(case, verdict)
    else:
        with pytest.raises(CaseTransitionRefused, match="không dùng cho vụ việc này"):
            flow.check_verdict(case, verdict)


def test_figures_are_never_negative():
    flow.check_figures({"recover_money": Decimal("0"), "restored_persons": 2})
    with pytest.raises(CaseTransitionRefused, match="trả lại cho cá nhân \\(triệu đồng\\)"):
        flow.check_figures({"return_money_persons": Decimal("-0.5")})


def test_round_two_within_d16_and_lapse_after_d20():
    case = facts(S.DECIDED)
    flow.check_next_round(case, received_on=date(2026, 11, 16), window_due=date(2026, 11, 16))
    with pytest.raises(CaseTransitionRefused, match="Đã hết thời hạn khiếu nại lần hai \\(đến hết ngày 16/11/2026\\)"):
        flow.check_next_round(case, received_on=date(2026, 11, 17), window_due=date(2026, 11, 16))
    flow.check_next_round(facts(S.DECIDED, TC), received_on=date(2027, 1, 1), window_due=date(2026, 11, 16))
    with pytest.raises(CaseTransitionRefused, match="còn đến hết ngày 16/11/2026"):
        flow.check_lapse(on=date(2026, 11, 16), window_due=date(2026, 11, 16))
    flow.check_lapse(on=date(2026, 11, 17), window_due=date(2026, 11, 16))
    with pytest.raises(CaseTransitionRefused, match="D20"):
        flow.check_lapse(on=date(2026, 11, 17), window_due=None)


def test_timeliness_against_the_final_due_date():
    assert flow.on_time(date(2026, 5, 4), date(2026, 5, 4)) is True
    assert flow.on_time(date(2026, 5, 5), date(2026, 5, 4)) is False
    assert flow.on_time(date(2026, 5, 5), None) is None


def test_available_events_of_an_accepted_denunciation():
    case = facts(S.ACCEPTED, TC)
    assert flow.available_events(case, L) == (
        E.ASSIGN_VERIFICATION, E.RECLASSIFY, E.EXTEND, E.SUSPEND, E.WITHDRAW, E.TERMINATE,
    )
    assert flow.available_events(case, H) == (E.WITHDRAW,)
    assert flow.available_events(case, RO) == ()
