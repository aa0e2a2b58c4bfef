"""Referral use cases: opened where an item leaves the office (a forwarding paper issued to a body, a hand-over
inside the system), the receiving body's acts in its workspace (acknowledge, progress, answer with the decision
attached, ask for an extension), the office's paper reply and its leader's decision on an extension, and the
move of open referrals to a successor body (reorganisations).

Each act is checked against petitions.domain.referrals (state and side), writes one ReferralEvent, changes the
referral under one history context and moves its waiting clock (D25 for a forwarded denunciation, the system's
W1 otherwise: petitions.domain.deadlines.referral_rule_id). Services flush; the caller commits. The office's
review of an answer (accept → the letter's reply transition, return for completion) is in
petitions.referrals.review, beside the letter handling it calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import current_app

from petitions.auth.models import User
from petitions.clock import local_today, utcnow
from petitions.deadlines.models import Clock
from petitions.deadlines.services import extend_clock, start_clock, stop_clock
from petitions.directory.queries import subtree_id_list
from petitions.domain.deadlines import REFERRAL_RULE_IDS, referral_rule_id, rule_for
from petitions.domain.records import CaseVerdict
from petitions.domain.referrals import (
    MOVES,
    OPEN_STATES,
    AnswerVia,
    ReferralAct,
    ReferralKind,
    ReferralOutcome,
    ReferralRefused,
    ReferralStatus,
    Side,
    next_status,
)
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.attachments import add_attachment
from petitions.letters.models import Letter
from petitions.referrals import hooks
from petitions.referrals.models import Referral, ReferralEvent
from petitions.referrals.queries import last_clock, waiting_clock

__all__ = [
    "Answer",
    "acknowledge",
    "answer",
    "decide_extension",
    "follow_reorganisation",
    "open_referral",
    "register_paper_reply",
    "report_progress",
    "request_extension",
    "sides_of",
]


# ---------------------------------------------------------------------------------------------------------
# Who acts
# ---------------------------------------------------------------------------------------------------------


def sides_of(actor: Any, referral: Referral) -> frozenset[Side]:
    """The actor's sides of the referral: the receiving body (its liaison or officers, of the body or one above
    it), the office that sent it (not a liaison; an office may send to a body below it and hold both sides),
    or the system (no signed-in user); none for anyone else."""
    if not isinstance(actor, User):
        return frozenset({Side.SYSTEM})
    if actor.agency_id is None or actor.role == Role.ADMIN:
        return frozenset()
    mine = set(subtree_id_list(actor.agency_id))
    sides = set()
    if referral.agency_id in mine:
        sides.add(Side.BODY)
    if actor.role != Role.LIAISON and referral.office_agency_id in mine:
        sides.add(Side.OFFICE)
    return frozenset(sides)


def check_act(referral: Referral, act: ReferralAct, actor: Any) -> ReferralStatus:
    """The referral's state after `act` by this actor, or ReferralRefused (a stranger's act reads as a missing
    item; the side that may not take it, or a state that does not allow it, says why)."""
    sides = sides_of(actor, referral)
    if not sides:
        raise ReferralRefused("Không tìm thấy việc đã chọn.")
    side = MOVES[act].side if MOVES[act].side in sides else next(iter(sorted(sides)))
    return next_status(referral.status, act, side)


def _text(value: str | None, *, minimum: int, message: str) -> str:
    text = normalise_text(value)
    if len(text) < minimum:
        raise DomainError(message)
    return text


def _past(day: date | None, message: str) -> date:
    if day is None:
        raise DomainError(message)
    if day > local_today():
        raise DomainError("Ngày không thể sau hôm nay.")
    return day


def record_event(referral: Referral, act: ReferralAct, *, actor: Any, on: date, note: str = "", days: int | None = None) -> None:
    db.session.add(
        ReferralEvent(
            referral_id=referral.id,
            act=act,
            effective_on=on,
            note=note,
            days=days,
            actor_id=getattr(actor, "id", None),
            actor_agency_id=getattr(actor, "agency_id", None),
        )
    )


def _stop_waiting(referral: Referral, *, reason: str, actor: Any) -> None:
    clock = waiting_clock(referral)
    if clock is not None:
        stop_clock(clock, reason=reason[:255], actor=actor)


def start_waiting(referral: Referral, *, rule_id: str, on: date, actor: Any, reason: str) -> Clock | None:
    base = current_app.config.get("REFERRAL_WAIT_DAYS") if rule_id != "D25" else None
    return start_clock(referral, rule_id=rule_id, trigger_on=on, base=base, actor=actor, reason=reason)


# ---------------------------------------------------------------------------------------------------------
# Where an item leaves the office
# ---------------------------------------------------------------------------------------------------------


def open_referral(
    letter: Letter,
    *,
    agency_id: int,
    kind: ReferralKind,
    sent_on: date,
    actor: Any,
    forwarded_denunciation: bool = False,
    source_document_id: int | None = None,
    direction: str = "",
) -> Referral:
    """One referral for an item the office sends to a body (the caller checked the body is one it may send
    to), with its waiting clock started from the day it was sent: D25 for a forwarded denunciation (the body
    reports back), the system's W1 for anything else (its base from REFERRAL_WAIT_DAYS, 30 days by default)."""
    with history_context(actor=actor, reason="Gửi cơ quan khác giải quyết" if kind is ReferralKind.FORWARDED else "Giao cơ quan tham mưu, xác minh"):
        referral = Referral(
            letter_id=letter.id,
            case_file_id=letter.case_id,
            agency_id=agency_id,
            office_agency_id=letter.agency_in_charge_id,
            kind=kind,
            sent_on=sent_on,
            source_document_id=source_document_id,
            direction=direction,
            status=ReferralStatus.SENT,
        )
        db.session.add(referral)
        db.session.flush()
        record_event(referral, ReferralAct.SENT, actor=actor, on=sent_on, note=direction)
    rule_id = referral_rule_id(forwarded_denunciation=forwarded_denunciation)
    start_waiting(referral, rule_id=rule_id, on=sent_on, actor=actor, reason="Chờ cơ quan nhận trả lời kết quả")
    return referral


# ---------------------------------------------------------------------------------------------------------
# The receiving body's workspace
# ---------------------------------------------------------------------------------------------------------


def acknowledge(referral: Referral, *, actor: Any, on: date | None = None) -> Referral:
    """The body confirms it received the item (xác nhận đã nhận)."""
    to = check_act(referral, ReferralAct.ACKNOWLEDGE, actor)
    day = on or local_today()
    with history_context(actor=actor, reason="Cơ quan nhận xác nhận đã nhận"):
        referral.status = to
        referral.acknowledged_on = day
        record_event(referral, ReferralAct.ACKNOWLEDGE, actor=actor, on=day)
        db.session.flush()
    return referral


def report_progress(referral: Referral, *, note: str, actor: Any, on: date | None = None) -> Referral:
    """The body reports where the work stands (báo cáo tiến độ); an unacknowledged item counts as received."""
    to = check_act(referral, ReferralAct.PROGRESS, actor)
    text = _text(note, minimum=5, message="Vui lòng ghi nội dung tiến độ giải quyết.")
    day = on or local_today()
    with history_context(actor=actor, reason="Cơ quan nhận báo cáo tiến độ"):
        referral.status = to
        referral.acknowledged_on = referral.acknowledged_on or day
        record_event(referral, ReferralAct.PROGRESS, actor=actor, on=day, note=text)
        db.session.flush()
    return referral


@dataclass(frozen=True)
class Answer:
    """The body's answer or a paper reply: the reply's number, date and summary, the file (the decision or the
    reply's scan), and what the reports count."""

    number: str | None
    answered_on: date | None
    summary: str | None
    outcome: ReferralOutcome | str | None
    filename: str = ""
    data: bytes = b""
    verdict: CaseVerdict | str | None = None
    decision_number: str | None = None
    decision_on: date | None = None


def _record_answer(referral: Referral, reply: Answer, *, act: ReferralAct, via: AnswerVia, actor: Any) -> Referral:
    to = check_act(referral, act, actor)
    number = _text(reply.number, minimum=1, message="Vui lòng ghi số văn bản trả lời.")
    answered_on = _past(reply.answered_on, "Vui lòng ghi ngày văn bản trả lời.")
    if answered_on < referral.sent_on:
        raise DomainError("Ngày văn bản trả lời không thể trước ngày gửi.")
    summary = _text(reply.summary, minimum=5, message="Vui lòng tóm tắt kết quả giải quyết.")
    try:
        outcome = ReferralOutcome(reply.outcome) if reply.outcome else None
        verdict = CaseVerdict(reply.verdict) if reply.verdict else None
    except ValueError:
        raise DomainError("Kết quả đã chọn không hợp lệ.") from None
    if outcome is None:
        raise DomainError("Vui lòng chọn kết quả giải quyết.")
    if verdict is not None and outcome is not ReferralOutcome.RESOLVED:
        raise DomainError("Chỉ ghi kết luận đúng, sai khi đã giải quyết xong.")
    decision_on = reply.decision_on
    if decision_on is not None:
        _past(decision_on, "")
    if not reply.data:
        raise DomainError("Vui lòng đính kèm văn bản trả lời hoặc quyết định (bản quét).")
    letter = db.session.get(Letter, referral.letter_id)
    assert letter is not None
    attachment = add_attachment(letter, filename=reply.filename, data=reply.data, actor=actor)
    label = "Văn bản phúc đáp" if via is AnswerVia.PAPER else "Kết quả"
    with history_context(actor=actor, reason=f"{label} số {number} của {referral.agency.name}"):
        referral.status = to
        referral.answer_via = via
        referral.answer_number = number[:100]
        referral.answer_on = answered_on
        referral.answer_summary = summary
        referral.answer_attachment_id = attachment.id
        referral.outcome = outcome
        referral.verdict = verdict
        referral.decision_number = normalise_text(reply.decision_number)[:100] or None
        referral.decision_on = decision_on
        referral.answered_at = utcnow()
        referral.extension_requested_days = None
        record_event(referral, act, actor=actor, on=answered_on, note=f"Số {number}: {summary}")
        db.session.flush()
    _stop_waiting(referral, reason=f"{label} số {number}", actor=actor)
    hooks.run_on_answered(referral, actor)
    return referral


def answer(referral: Referral, reply: Answer, *, actor: Any) -> Referral:
    """The body answers in its workspace with the decision or answer attached and the outcome fields; the
    waiting clock stops, the office sees the answer at once and accepts it or returns it for completion."""
    return _record_answer(referral, reply, act=ReferralAct.ANSWER, via=AnswerVia.WORKSPACE, actor=actor)


def register_paper_reply(referral: Referral, reply: Answer, *, actor: Any) -> Referral:
    """The office registers the paper reply (văn bản phúc đáp: number, date, summary, scan) of a body that does
    not use the system; it stops the waiting clock like a workspace answer and is reviewed the same way."""
    return _record_answer(referral, reply, act=ReferralAct.PAPER_REPLY, via=AnswerVia.PAPER, actor=actor)


def can_extend(referral: Referral) -> bool:
    """Whether the referral's waiting rule has extensions at all (D25 is the law's and has none)."""
    clock = last_clock(referral)
    return clock is not None and rule_for(clock.rule_id, clock.trigger_on).max_extension_days > 0


def request_extension(referral: Referral, *, days: int | None, reason: str, actor: Any) -> Referral:
    """The body asks the office for more time, with a reason; a leader of the office decides."""
    check_act(referral, ReferralAct.REQUEST_EXTENSION, actor)
    clock = waiting_clock(referral)
    if clock is None or clock.rule_id not in REFERRAL_RULE_IDS:
        raise ReferralRefused("Việc này không có thời hạn đang chạy để gia hạn.")
    rule = rule_for(clock.rule_id, clock.trigger_on)
    if rule.max_extension_days == 0:
        raise ReferralRefused(f"Thời hạn {clock.rule_id} do luật định ({rule.basis}); không được gia hạn.")
    if referral.extension_requested_days is not None:
        raise ReferralRefused("Đã có đề nghị gia hạn đang chờ lãnh đạo cơ quan gửi quyết định.")
    if days is None or not 1 <= days <= rule.max_extension_days:
        raise DomainError(f"Số ngày gia hạn từ 1 đến {rule.max_extension_days}.")
    text = _text(reason, minimum=10, message="Vui lòng ghi rõ lý do đề nghị gia hạn.")
    with history_context(actor=actor, reason=f"Đề nghị gia hạn {days} ngày: {text}"[:500]):
        referral.extension_requested_days = days
        record_event(referral, ReferralAct.REQUEST_EXTENSION, actor=actor, on=local_today(), note=text, days=days)
        db.session.flush()
    return referral


def decide_extension(referral: Referral, *, grant: bool, note: str | None, actor: Any) -> Referral:
    """A leader of the office that sent the item grants the extension asked (the waiting clock is extended by
    the days asked, within the rule's limits) or refuses it with a reason."""
    act = ReferralAct.GRANT_EXTENSION if grant else ReferralAct.REFUSE_EXTENSION
    check_act(referral, act, actor)
    if isinstance(actor, User) and actor.role != Role.LEADER:
        raise ReferralRefused("Chỉ lãnh đạo cơ quan đã gửi được quyết định gia hạn.")
    days = referral.extension_requested_days
    if days is None:
        raise ReferralRefused("Không có đề nghị gia hạn đang chờ quyết định.")
    text = normalise_text(note)
    if not grant and len(text) < 5:
        raise DomainError("Vui lòng ghi lý do không đồng ý gia hạn.")
    reason = f"Đồng ý gia hạn {days} ngày" if grant else f"Không đồng ý gia hạn: {text}"
    if grant:
        clock = waiting_clock(referral)
        if clock is None:
            raise ReferralRefused("Việc này không có thời hạn đang chạy để gia hạn.")
        extend_clock(clock, days=days, actor=actor, reason=reason)
    with history_context(actor=actor, reason=reason[:500]):
        referral.extension_requested_days = None
        record_event(referral, act, actor=actor, on=local_today(), note=text, days=days if grant else None)
        db.session.flush()
    return referral


# ---------------------------------------------------------------------------------------------------------
# Reorganisations
# ---------------------------------------------------------------------------------------------------------


def follows_reorganisation(agency_ids: Iterable[int]) -> sa.ColumnElement[bool]:
    """The referrals a reorganisation of these bodies carries to the successors: open ones sent to them or by
    them. follow_reorganisation moves exactly these, and the reorganisation's preview counts them with it."""
    ids = list(agency_ids)
    return sa.and_(
        Referral.status.in_(sorted(OPEN_STATES)),
        sa.or_(Referral.agency_id.in_(ids), Referral.office_agency_id.in_(ids)),
    )


def follow_reorganisation(*, agency_map: Mapping[int, int], on: date, actor: Any, reason: str) -> list[Referral]:
    """Open referrals (not completed) of a body that is reorganised on `on` move to its successor: those sent
    to it (`agency_id`, the successor's liaison now answers) and those it sent (`office_agency_id`, the
    successor reviews). Their waiting clocks run on the referral and go with it. Completed referrals keep the
    body they had. One history row per changed column (reason given) and a "moved" event each. Returns the
    referrals moved, by id."""
    sources = sorted(old for old, new in agency_map.items() if old != new)
    if not sources:
        return []
    text = _text(reason, minimum=5, message="Vui lòng ghi lý do (quyết định sắp xếp, tổ chức lại).")
    moving = list(
        db.session.scalars(
            sa.select(Referral).where(follows_reorganisation(sources)).order_by(Referral.id)
        )
    )
    with history_context(actor=actor, reason=text[:500]):
        for referral in moving:
            notes = []
            if referral.agency_id in agency_map and agency_map[referral.agency_id] != referral.agency_id:
                notes.append(f"cơ quan nhận #{referral.agency_id} → #{agency_map[referral.agency_id]}")
                referral.agency_id = agency_map[referral.agency_id]
            if referral.office_agency_id in agency_map and agency_map[referral.office_agency_id] != referral.office_agency_id:
                notes.append(f"cơ quan gửi #{referral.office_agency_id} → #{agency_map[referral.office_agency_id]}")
                referral.office_agency_id = agency_map[referral.office_agency_id]
            record_event(referral, ReferralAct.MOVED, actor=actor, on=on, note=f"{text} ({'; '.join(notes)})")
        db.session.flush()
    return moving
