"""The life cycle of a letter as data (DOMAIN §3 steps 5–9 and 12, §3.5, §5): which transition may happen
in which state, by whom, with which paper, and which clocks it stops or starts.

Pure: no Flask, no database. The services (petitions.letters.handling) ask `next_state` before they change
anything and apply the row's clock effects; an illegal transition raises `TransitionRefused` with a
Vietnamese message that says why.

Paper kinds are the values of petitions.letters.handling_papers.HandlingPaper (strings here, so that the
domain stays free of the letters area). A route paper (guidance, forwarding, filing, …) moves the letter
when it is issued: the leader's signature on it is the approval of the route, whether or not the officer's
proposal went through the page's approval first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from petitions.domain.deadlines import RETENTION_RULES, format_date, retention_ends, retention_over
from petitions.domain.records import LetterStatus, LetterType, is_letter_open
from petitions.domain.types import DomainError, Role


class LetterTransition(StrEnum):
    REGISTER = "register"  # — → received
    REFUSE = "refuse"  # — → refused (Mẫu 01/TCD)
    ASSIGN = "assign"  # received → assigned (giao xử lý, bút phê)
    HAND_OVER = "hand_over"  # to another body inside the system for advice or verification
    PROPOSE = "propose"  # assigned → proposed, with a draft paper
    RETURN_FOR_REVISION = "return_for_revision"  # proposed → assigned, with the leader's comment
    APPROVE = "approve"  # proposed → approved: the draft goes to issuing
    ISSUE_PAPER = "issue_paper"  # a handling paper issued: the route it names
    URGENT_REPORT = "urgent_report"  # serious or imminent harm: an alert (state unchanged)
    ACKNOWLEDGE_URGENT = "acknowledge_urgent"  # a leader took the urgent report in hand
    REPLY = "reply"  # forwarded → reply received (văn bản phúc đáp)
    CHASE = "chase"  # forwarded (late) → urged (văn bản đôn đốc)
    FILE = "file"  # → filed, with the reason (lưu đơn)
    DESTROY = "destroy"  # filed → destroyed (biên bản hủy, after D11)


class TransitionRefused(DomainError):
    """A transition the letter's state, the user's role or the paper does not allow."""


# Who does what (§3.5): RO reception officer, H handler, L leader.
_RO_H_L = frozenset({Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER})
_H_L = frozenset({Role.HANDLER, Role.LEADER})
_L = frozenset({Role.LEADER})

# The states a letter is in before its route is decided.
BEFORE_ROUTE = frozenset({LetterStatus.RECEIVED, LetterStatus.ASSIGNED, LetterStatus.PROPOSED, LetterStatus.APPROVED})
# The states a route paper leads to; a mixed letter may take a second route for another content.
ROUTED = frozenset(
    {
        LetterStatus.GUIDED,
        LetterStatus.FORWARDED,
        LetterStatus.RETURNED,
        LetterStatus.TO_INSPECTION,
        LetterStatus.TO_PARTY_BODY,
    }
)
_OPEN = frozenset(s for s in LetterStatus if is_letter_open(s))
# A letter is handled (the reports' "đã xử lý") from its first approved route on: a route paper issued,
# accepted or not accepted for resolution, or filed (and what may follow those: urged, reply, destroyed).
HANDLED = ROUTED | {
    LetterStatus.URGED,
    LetterStatus.REPLY_RECEIVED,
    LetterStatus.ACCEPTED,
    LetterStatus.NOT_ACCEPTED,
    LetterStatus.FILED,
    LetterStatus.DESTROYED,
}


@dataclass(frozen=True)
class Row:
    """One row of the table: from these states, by these roles, to `to` (None: the state stays)."""

    transition: LetterTransition
    from_states: frozenset[LetterStatus]
    to: LetterStatus | None
    roles: frozenset[Role]
    paper: str = ""  # what the transition needs on paper (a label for people)
    stops: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()


TABLE: Mapping[LetterTransition, Row] = {
    row.transition: row
    for row in (
        Row(LetterTransition.REGISTER, frozenset(), LetterStatus.RECEIVED, _RO_H_L,
            "dòng sổ đăng ký đơn, giấy biên nhận", starts=("D10", "D21", "D22", "D14")),
        Row(LetterTransition.REFUSE, frozenset(), LetterStatus.REFUSED, _RO_H_L, "Mẫu 01/TCD", starts=("D6",)),
        Row(LetterTransition.ASSIGN, frozenset({LetterStatus.RECEIVED, LetterStatus.ASSIGNED}), LetterStatus.ASSIGNED,
            _L, "ý kiến chỉ đạo (bút phê)"),
        Row(LetterTransition.HAND_OVER, frozenset({LetterStatus.RECEIVED, LetterStatus.ASSIGNED}), LetterStatus.ASSIGNED,
            _L, "ý kiến chỉ đạo giao cơ quan tham mưu, xác minh"),
        Row(LetterTransition.PROPOSE, frozenset({LetterStatus.ASSIGNED}), LetterStatus.PROPOSED, _H_L,
            "dự thảo văn bản xử lý (phiếu đề xuất, phiếu hướng dẫn, phiếu chuyển, …)"),
        Row(LetterTransition.RETURN_FOR_REVISION, frozenset({LetterStatus.PROPOSED}), LetterStatus.ASSIGNED, _L,
            "ý kiến của lãnh đạo"),
        Row(LetterTransition.APPROVE, frozenset({LetterStatus.PROPOSED}), LetterStatus.APPROVED, _L,
            "dự thảo văn bản xử lý được duyệt"),
        Row(LetterTransition.ISSUE_PAPER, frozenset(LetterStatus) - {LetterStatus.REFUSED, LetterStatus.DESTROYED},
            None, _RO_H_L, "văn bản xử lý đã ban hành"),
        Row(LetterTransition.URGENT_REPORT, _OPEN, None, _RO_H_L, "báo cáo khẩn"),
        Row(LetterTransition.ACKNOWLEDGE_URGENT, _OPEN, None, _L, "—"),
        Row(LetterTransition.REPLY, frozenset({LetterStatus.FORWARDED, LetterStatus.URGED}), LetterStatus.REPLY_RECEIVED,
            frozenset({Role.HANDLER, Role.LEADER, Role.LIAISON}), "văn bản phúc đáp", starts=("D9",)),
        Row(LetterTransition.CHASE, frozenset({LetterStatus.FORWARDED, LetterStatus.URGED}), LetterStatus.URGED, _H_L,
            "văn bản đôn đốc"),
        Row(LetterTransition.FILE, BEFORE_ROUTE | {LetterStatus.REPLY_RECEIVED}, LetterStatus.FILED, _L,
            "lý do lưu đơn", stops=("D10", "D14", "D21", "D22")),
        Row(LetterTransition.DESTROY, frozenset({LetterStatus.FILED}), LetterStatus.DESTROYED, _L, "biên bản hủy đơn"),
    )
}


@dataclass(frozen=True)
class PaperEffect:
    """What issuing a handling paper does to the letter: its new state (None: unchanged) and its clocks.

    `stops` are letter clocks; `stops_visit` the clocks of the visit that handed the letter in (D7);
    `stops_d22_when` the other paper that, once issued too, closes D22 (forwarded and denouncer notified).
    """

    to: LetterStatus | None
    stops: tuple[str, ...] = ()
    stops_visit: tuple[str, ...] = ()
    stops_d22_when: str = ""
    accepts: bool = False  # the matter is accepted for resolution: the case's clocks start
    urgent: bool = False


_ALL_HANDLING = ("D10", "D14", "D21", "D22")

PAPER_EFFECTS: Mapping[str, PaperEffect] = {
    "proposal_accept": PaperEffect(LetterStatus.ACCEPTED, stops=_ALL_HANDLING, accepts=True),
    "guidance": PaperEffect(LetterStatus.GUIDED, stops=("D10", "D14")),
    "forward_denunciation": PaperEffect(
        LetterStatus.FORWARDED, stops=("D10", "D21"), stops_d22_when="notice_denouncer_forwarded"
    ),
    "notice_denouncer_forwarded": PaperEffect(None, stops_d22_when="forward_denunciation"),
    "forward_petition": PaperEffect(LetterStatus.FORWARDED, stops=("D10",)),
    "forward_complaint": PaperEffect(LetterStatus.FORWARDED, stops=("D10", "D14")),
    "explain_settled": PaperEffect(LetterStatus.FILED, stops=("D10", "D14")),
    "filing_note": PaperEffect(LetterStatus.FILED, stops=_ALL_HANDLING),
    "return_letter": PaperEffect(LetterStatus.RETURNED, stops=_ALL_HANDLING),
    "forward_party": PaperEffect(LetterStatus.TO_PARTY_BODY, stops=_ALL_HANDLING),
    "urgent_report": PaperEffect(None, urgent=True),
    "answer_d7": PaperEffect(None, stops_visit=("D7",)),
    "result_d9": PaperEffect(None, stops=("D9",)),
    "forward_anonymous": PaperEffect(LetterStatus.TO_INSPECTION, stops=("D10",)),
}


def paper_effect(paper: str) -> PaperEffect:
    try:
        return PAPER_EFFECTS[paper]
    except KeyError:
        raise TransitionRefused(f"Văn bản «{paper}» không phải văn bản xử lý đơn.") from None


def _state_word(state: LetterStatus | None) -> str:
    return STATE_WORDS.get(state, "chưa đăng ký") if state is not None else "chưa đăng ký"


def allowed(state: LetterStatus | None, transition: LetterTransition, role: Role | None) -> bool:
    try:
        check(state, transition, role)
    except TransitionRefused:
        return False
    return True


def check(
    state: LetterStatus | None,
    transition: LetterTransition,
    role: Role | None,
    *,
    paper: str | None = None,
    letter_type: LetterType | None = None,
) -> Row:
    """The row of `transition` if the letter in `state` may take it by a user of `role` (None: the system,
    e.g. the CLI issuing a paper); TransitionRefused with the reason otherwise."""
    row = TABLE[transition]
    if role is not None and role not in row.roles:
        raise TransitionRefused(f"Vai trò của bạn không được {ACTION_WORDS[transition]}.")
    if transition in (LetterTransition.REGISTER, LetterTransition.REFUSE):
        if state is not None:
            raise TransitionRefused("Đơn đã được đăng ký.")
        return row
    if state not in row.from_states:
        raise TransitionRefused(
            f"Đơn đang ở trạng thái «{_state_word(state)}»: không {ACTION_WORDS[transition]} được."
        )
    if transition == LetterTransition.ISSUE_PAPER and paper is not None:
        # A route paper decides the route: before it is decided, or for another content of a mixed letter.
        # Papers that tell or report (D7 answer, D9 result, notice to the denouncer, urgent report) go with
        # any state.
        effect = paper_effect(paper)
        routable = state in BEFORE_ROUTE or (state in ROUTED and letter_type == LetterType.MIXED)
        if effect.to is not None and not routable:
            raise TransitionRefused(
                f"Đơn đã có hướng xử lý («{_state_word(state)}»): không ban hành thêm văn bản chuyển, "
                "hướng dẫn, trả lại, thụ lý hay lưu đơn (chỉ đơn có nhiều nội dung được xử lý từng nội dung)."
            )
    return row


def next_state(
    state: LetterStatus | None,
    transition: LetterTransition,
    role: Role | None,
    *,
    paper: str | None = None,
    letter_type: LetterType | None = None,
) -> LetterStatus:
    """The state after `transition` (the same state for those that leave it unchanged)."""
    row = check(state, transition, role, paper=paper, letter_type=letter_type)
    if transition == LetterTransition.ISSUE_PAPER and paper is not None:
        to = paper_effect(paper).to
        return to if to is not None else _current(state)
    return row.to if row.to is not None else _current(state)


RETENTION_RULE = "D11"


def check_not_destroyed(state: LetterStatus | None, action: str) -> None:
    """A destroyed letter is a register line only: nothing is classified, attached, drafted or voided on it."""
    if state == LetterStatus.DESTROYED:
        raise TransitionRefused(f"Đơn đã được hủy theo biên bản hủy đơn (hết thời hạn lưu): không {action} được.")


def check_retention(filed_on: date | None, today: date) -> None:
    """A filed letter is destroyed only after its retention (D11, one year from the day it was filed; rule
    data in petitions.domain.deadlines.RETENTION_RULES); TransitionRefused with the dates otherwise."""
    if filed_on is None:
        raise TransitionRefused("Đơn chưa có ngày lưu: không hủy đơn được.")
    if not retention_over(filed_on, today, RETENTION_RULE):
        rule = RETENTION_RULES[RETENTION_RULE]
        ends = retention_ends(filed_on, RETENTION_RULE)
        raise TransitionRefused(
            f"Đơn lưu ngày {format_date(filed_on)} phải được giữ đủ {rule.years:02d} năm (đến hết ngày "
            f"{format_date(ends)}): chưa được hủy ({rule.basis})."
        )


def _current(state: LetterStatus | None) -> LetterStatus:
    assert state is not None
    return state


ACTION_WORDS: Mapping[LetterTransition, str] = {
    LetterTransition.REGISTER: "đăng ký đơn",
    LetterTransition.REFUSE: "từ chối tiếp nhận",
    LetterTransition.ASSIGN: "giao xử lý",
    LetterTransition.HAND_OVER: "giao cơ quan khác tham mưu, xác minh",
    LetterTransition.PROPOSE: "đề xuất hướng xử lý",
    LetterTransition.RETURN_FOR_REVISION: "trả lại đề xuất để làm lại",
    LetterTransition.APPROVE: "duyệt đề xuất",
    LetterTransition.ISSUE_PAPER: "ban hành văn bản xử lý",
    LetterTransition.URGENT_REPORT: "báo cáo khẩn",
    LetterTransition.ACKNOWLEDGE_URGENT: "tiếp nhận báo cáo khẩn",
    LetterTransition.REPLY: "ghi nhận văn bản phúc đáp",
    LetterTransition.CHASE: "đôn đốc",
    LetterTransition.FILE: "lưu đơn",
    LetterTransition.DESTROY: "hủy đơn",
}

STATE_WORDS: Mapping[LetterStatus | None, str] = {
    LetterStatus.RECEIVED: "đã tiếp nhận",
    LetterStatus.REFUSED: "từ chối tiếp nhận",
    LetterStatus.ASSIGNED: "đã giao xử lý",
    LetterStatus.PROPOSED: "đã đề xuất, chờ duyệt",
    LetterStatus.APPROVED: "đã duyệt, chờ ban hành",
    LetterStatus.GUIDED: "đã hướng dẫn",
    LetterStatus.FORWARDED: "đã chuyển đơn",
    LetterStatus.REPLY_RECEIVED: "đã nhận văn bản phúc đáp",
    LetterStatus.URGED: "đã đôn đốc",
    LetterStatus.RETURNED: "đã trả lại đơn",
    LetterStatus.TO_INSPECTION: "chuyển thanh tra, kiểm tra",
    LetterStatus.TO_PARTY_BODY: "chuyển cơ quan Đảng",
    LetterStatus.ACCEPTED: "đã thụ lý",
    LetterStatus.NOT_ACCEPTED: "không thụ lý",
    LetterStatus.FILED: "lưu đơn",
    LetterStatus.DESTROYED: "đã hủy",
}
