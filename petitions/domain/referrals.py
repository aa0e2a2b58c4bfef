"""A referral's life (an item the office sent to another body): its states, the acts that move it and who may
take them. Pure: the services in petitions.referrals ask this table before they change anything."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from petitions.domain.types import DomainError


class ReferralKind(StrEnum):
    FORWARDED = "forwarded"  # a forwarding paper issued to a body (chuyển đơn)
    HANDED_OVER = "handed_over"  # handed to a body inside the system to advise or verify (giao tham mưu, xác minh)


class ReferralStatus(StrEnum):
    SENT = "sent"  # đã gửi
    ACKNOWLEDGED = "acknowledged"  # cơ quan nhận đã xác nhận
    IN_PROGRESS = "in_progress"  # đang giải quyết (also after a return for completion)
    ANSWERED = "answered"  # đã trả lời, chờ cơ quan gửi xem xét
    COMPLETED = "completed"  # cơ quan gửi đã chấp nhận kết quả


class AnswerVia(StrEnum):
    WORKSPACE = "workspace"  # the body answered in its workspace
    PAPER = "paper"  # a paper reply (văn bản phúc đáp) the office registered


class ReferralOutcome(StrEnum):
    """What the body did with the item (the reports count forwarded items by this)."""

    RESOLVED = "resolved"  # đã giải quyết (quyết định, kết luận, văn bản trả lời)
    ACCEPTED = "accepted"  # đã thụ lý, đang giải quyết
    NOT_ACCEPTED = "not_accepted"  # không thụ lý
    VERIFIED = "verified"  # đã xác minh, báo cáo kết quả (giao tham mưu, xác minh)
    PASSED_ON = "passed_on"  # chuyển cơ quan có thẩm quyền khác


class ReferralAct(StrEnum):
    """The acts recorded as referral events (append-only)."""

    SENT = "sent"
    ACKNOWLEDGE = "acknowledge"
    PROGRESS = "progress"
    ANSWER = "answer"
    PAPER_REPLY = "paper_reply"
    RETURN = "return"
    ACCEPT = "accept"
    REQUEST_EXTENSION = "request_extension"
    GRANT_EXTENSION = "grant_extension"
    REFUSE_EXTENSION = "refuse_extension"
    MOVED = "moved"  # the body was reorganised: the referral follows its successor


class Side(StrEnum):
    BODY = "body"  # the receiving body (its liaison, its officers)
    OFFICE = "office"  # the office that sent the item
    SYSTEM = "system"


class ReferralRefused(DomainError):
    """An act the referral's state does not allow (the message says why, in Vietnamese)."""


@dataclass(frozen=True)
class Move:
    act: ReferralAct
    side: Side
    from_states: frozenset[ReferralStatus]
    to: ReferralStatus | None  # None: the state stays


_OPEN_BEFORE_ANSWER = frozenset({ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED, ReferralStatus.IN_PROGRESS})

MOVES: dict[ReferralAct, Move] = {
    move.act: move
    for move in (
        Move(ReferralAct.ACKNOWLEDGE, Side.BODY, frozenset({ReferralStatus.SENT}), ReferralStatus.ACKNOWLEDGED),
        Move(ReferralAct.PROGRESS, Side.BODY, _OPEN_BEFORE_ANSWER, ReferralStatus.IN_PROGRESS),
        Move(ReferralAct.ANSWER, Side.BODY, _OPEN_BEFORE_ANSWER, ReferralStatus.ANSWERED),
        Move(ReferralAct.REQUEST_EXTENSION, Side.BODY, _OPEN_BEFORE_ANSWER, None),
        Move(ReferralAct.PAPER_REPLY, Side.OFFICE, _OPEN_BEFORE_ANSWER, ReferralStatus.ANSWERED),
        Move(ReferralAct.RETURN, Side.OFFICE, frozenset({ReferralStatus.ANSWERED}), ReferralStatus.IN_PROGRESS),
        Move(ReferralAct.ACCEPT, Side.OFFICE, frozenset({ReferralStatus.ANSWERED}), ReferralStatus.COMPLETED),
        Move(ReferralAct.GRANT_EXTENSION, Side.OFFICE, _OPEN_BEFORE_ANSWER, None),
        Move(ReferralAct.REFUSE_EXTENSION, Side.OFFICE, _OPEN_BEFORE_ANSWER | {ReferralStatus.ANSWERED}, None),
    )
}

ACT_WORDS: dict[ReferralAct, str] = {
    ReferralAct.ACKNOWLEDGE: "xác nhận đã nhận",
    ReferralAct.PROGRESS: "báo cáo tiến độ",
    ReferralAct.ANSWER: "gửi kết quả",
    ReferralAct.REQUEST_EXTENSION: "đề nghị gia hạn",
    ReferralAct.PAPER_REPLY: "ghi nhận văn bản phúc đáp",
    ReferralAct.RETURN: "trả lại để bổ sung",
    ReferralAct.ACCEPT: "chấp nhận kết quả",
    ReferralAct.GRANT_EXTENSION: "đồng ý gia hạn",
    ReferralAct.REFUSE_EXTENSION: "không đồng ý gia hạn",
}

STATUS_WORDS: dict[ReferralStatus, str] = {
    ReferralStatus.SENT: "đã gửi",
    ReferralStatus.ACKNOWLEDGED: "đã xác nhận",
    ReferralStatus.IN_PROGRESS: "đang giải quyết",
    ReferralStatus.ANSWERED: "đã trả lời",
    ReferralStatus.COMPLETED: "hoàn thành",
}

# Still with the body (the referral follows a reorganisation of the body; its waiting clock runs).
OPEN_STATES = frozenset(ReferralStatus) - {ReferralStatus.COMPLETED}


def next_status(status: ReferralStatus, act: ReferralAct, side: Side) -> ReferralStatus:
    """The state after `act`, or ReferralRefused saying why it cannot be taken now (the system acts for anyone)."""
    move = MOVES[act]
    if side is not Side.SYSTEM and side is not move.side:
        who = "cơ quan được gửi" if move.side is Side.BODY else "cơ quan đã gửi"
        raise ReferralRefused(f"Chỉ {who} được {ACT_WORDS[act]}.")
    if status not in move.from_states:
        raise ReferralRefused(f"Không thể {ACT_WORDS[act]} khi việc đang ở trạng thái «{STATUS_WORDS[status]}».")
    return move.to or status


def allowed(status: ReferralStatus, act: ReferralAct, side: Side) -> bool:
    try:
        next_status(status, act, side)
    except ReferralRefused:
        return False
    return True
