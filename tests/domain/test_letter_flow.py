"""The letter transition table (petitions.domain.letter_flow): states, roles, papers, clock effects."""

from __future__ import annotations

import pytest

from petitions.domain import letter_flow as flow
from petitions.domain.letter_flow import LetterTransition as T
from petitions.domain.letter_flow import TransitionRefused
from petitions.domain.records import LetterStatus as S
from petitions.domain.records import LetterType
from petitions.domain.types import Role


def test_every_transition_has_a_row_and_words():
    assert set(flow.TABLE) == set(T) == set(flow.ACTION_WORDS)
    assert set(flow.STATE_WORDS) >= set(S)


@pytest.mark.parametrize(
    ("state", "transition", "role", "to"),
    [
        (S.RECEIVED, T.ASSIGN, Role.LEADER, S.ASSIGNED),
        (S.ASSIGNED, T.ASSIGN, Role.LEADER, S.ASSIGNED),
        (S.RECEIVED, T.HAND_OVER, Role.LEADER, S.ASSIGNED),
        (S.ASSIGNED, T.PROPOSE, Role.HANDLER, S.PROPOSED),
        (S.PROPOSED, T.RETURN_FOR_REVISION, Role.LEADER, S.ASSIGNED),
        (S.PROPOSED, T.APPROVE, Role.LEADER, S.APPROVED),
        (S.FORWARDED, T.REPLY, Role.LIAISON, S.REPLY_RECEIVED),
        (S.FORWARDED, T.CHASE, Role.HANDLER, S.URGED),
        (S.APPROVED, T.FILE, Role.LEADER, S.FILED),
        (S.FILED, T.DESTROY, Role.LEADER, S.DESTROYED),
        (S.ASSIGNED, T.URGENT_REPORT, Role.RECEPTION_OFFICER, S.ASSIGNED),
        (None, T.REGISTER, Role.RECEPTION_OFFICER, S.RECEIVED),
    ],
)
def test_legal_transitions(state, transition, role, to):
    assert flow.next_state(state, transition, role) == to
    assert flow.allowed(state, transition, role)


@pytest.mark.parametrize(
    ("state", "transition", "role", "message"),
    [
        (S.RECEIVED, T.APPROVE, Role.LEADER, "Đơn đang ở trạng thái «đã tiếp nhận»: không duyệt đề xuất được."),
        (S.PROPOSED, T.APPROVE, Role.HANDLER, "Vai trò của bạn không được duyệt đề xuất."),
        (S.ASSIGNED, T.ASSIGN, Role.HANDLER, "Vai trò của bạn không được giao xử lý."),
        (S.PROPOSED, T.PROPOSE, Role.HANDLER, "Đơn đang ở trạng thái «đã đề xuất, chờ duyệt»: không đề xuất"),
        (S.GUIDED, T.REPLY, Role.HANDLER, "không ghi nhận văn bản phúc đáp được"),
        (S.FILED, T.URGENT_REPORT, Role.HANDLER, "không báo cáo khẩn được"),
        (S.RECEIVED, T.REGISTER, Role.HANDLER, "Đơn đã được đăng ký."),
        (S.DESTROYED, T.ISSUE_PAPER, None, "không ban hành văn bản xử lý được"),
    ],
)
def test_illegal_transitions_are_refused_with_the_reason(state, transition, role, message):
    with pytest.raises(TransitionRefused, match=message):
        flow.next_state(state, transition, role)
    assert not flow.allowed(state, transition, role)


@pytest.mark.parametrize(
    ("paper", "to"),
    [
        ("guidance", S.GUIDED),
        ("forward_denunciation", S.FORWARDED),
        ("forward_petition", S.FORWARDED),
        ("forward_complaint", S.FORWARDED),
        ("filing_note", S.FILED),
        ("explain_settled", S.FILED),
        ("return_letter", S.RETURNED),
        ("forward_party", S.TO_PARTY_BODY),
        ("forward_anonymous", S.TO_INSPECTION),
        ("proposal_accept", S.ACCEPTED),
    ],
)
def test_a_route_paper_moves_an_undecided_letter_once(paper, to):
    for state in (S.RECEIVED, S.ASSIGNED, S.PROPOSED, S.APPROVED):
        assert flow.next_state(state, T.ISSUE_PAPER, Role.LEADER, paper=paper, letter_type=LetterType.COMPLAINT) == to
    with pytest.raises(TransitionRefused, match="Đơn đã có hướng xử lý"):
        flow.next_state(S.GUIDED, T.ISSUE_PAPER, Role.LEADER, paper=paper, letter_type=LetterType.COMPLAINT)
    # a mixed letter routes another content
    assert flow.next_state(S.GUIDED, T.ISSUE_PAPER, Role.LEADER, paper=paper, letter_type=LetterType.MIXED) == to


@pytest.mark.parametrize("paper", ["answer_d7", "result_d9", "notice_denouncer_forwarded", "urgent_report"])
def test_papers_that_tell_or_report_leave_the_state(paper):
    for state in (S.RECEIVED, S.FORWARDED, S.REPLY_RECEIVED, S.GUIDED):
        assert flow.next_state(state, T.ISSUE_PAPER, None, paper=paper) == state


def test_clock_effects():
    assert flow.paper_effect("forward_denunciation").stops == ("D10", "D21")
    assert flow.paper_effect("forward_denunciation").stops_d22_when == "notice_denouncer_forwarded"
    assert flow.paper_effect("notice_denouncer_forwarded").stops_d22_when == "forward_denunciation"
    assert flow.paper_effect("answer_d7").stops_visit == ("D7",)
    assert flow.paper_effect("result_d9").stops == ("D9",)
    assert "D10" in flow.TABLE[T.FILE].stops and flow.TABLE[T.REPLY].starts == ("D9",)
    with pytest.raises(TransitionRefused):
        flow.paper_effect("thong_bao")

