"""The demo's referrals, written in bulk as petitions.referrals.services would (the letters generator calls
these from petitions.letters.demo_handling while it writes a letter's handling): a referral with its "sent"
event and history row when a forwarding paper with a receiver is issued or a letter handed over, the body's
acknowledgement, its answer (in the workspace, or a paper reply the office registered) and the office's
acceptance; the waiting clock (D25 or W1) is written with the letter's clocks, closed by the answer, and
`answer_due_on` is its projection while it runs. Referrals left unanswered past their due date are the
workspace's overdue items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from petitions.deadlines.models import Clock, RecordType
from petitions.demo import DemoBatch
from petitions.domain.deadlines import referral_rule_id
from petitions.domain.referrals import AnswerVia, ReferralAct, ReferralKind, ReferralOutcome, ReferralStatus
from petitions.history import HistoryEntry
from petitions.referrals.models import Referral, ReferralEvent

ANSWER_SUMMARIES = (
    "Đã giải quyết, trả lời công dân bằng văn bản",
    "Đã thụ lý, đang xác minh nội dung",
    "Đã tổ chức đối thoại, công dân thống nhất",
    "Không thuộc thẩm quyền, đã hướng dẫn công dân",
)
OUTCOMES = (ReferralOutcome.RESOLVED, ReferralOutcome.ACCEPTED, ReferralOutcome.RESOLVED, ReferralOutcome.NOT_ACCEPTED)


def _event(batch: DemoBatch, referral: dict[str, Any], act: ReferralAct, day: date, moment: datetime,
           actor: int | None, note: str = "") -> None:
    table = ReferralEvent.__table__
    batch.add(table, {
        "id": batch.new_id(table), "referral_id": referral["id"], "act": act, "effective_on": day, "note": note,
        "days": None, "actor_id": actor, "actor_agency_id": None, "recorded_at": moment,
    })


def _history(batch: DemoBatch, referral: dict[str, Any], moment: datetime, actor: int | None, reason: str,
             field: str | None = None, old: str | None = None, new: str | None = None) -> None:
    table = HistoryEntry.__table__
    batch.add(table, {
        "id": batch.new_id(table), "recorded_at": moment, "actor_id": actor, "record_type": "referral",
        "record_id": referral["id"], "action": "create" if field is None else "update", "field": field,
        "old_value": old, "new_value": new, "redacted": False, "reason": reason, "request_id": None,
    })


def _status(batch: DemoBatch, referral: dict[str, Any], to: ReferralStatus, moment: datetime, actor: int | None,
            reason: str) -> None:
    _history(batch, referral, moment, actor, reason, "status", referral["status"].name, to.name)
    referral["status"] = to
    referral["updated_at"] = moment


def sent(batch: DemoBatch, letter: dict[str, Any], *, agency_id: int, kind: ReferralKind, day: date,
         moment: datetime, actor: int | None, document_id: int | None = None, denunciation: bool = False,
         direction: str = "") -> dict[str, Any]:
    """The referral opened when the item left the office; its clock's rule waits in `_rule`."""
    table = Referral.__table__
    referral = batch.add(table, {
        "id": batch.new_id(table), "letter_id": letter["id"], "case_file_id": letter.get("case_id"),
        "agency_id": agency_id, "office_agency_id": letter["agency_in_charge_id"], "kind": kind, "sent_on": day,
        "source_document_id": document_id, "direction": direction, "status": ReferralStatus.SENT,
        "answer_due_on": None, "extension_requested_days": None, "acknowledged_on": None, "answer_via": None,
        "answer_number": None, "answer_on": None, "answer_summary": None, "answer_attachment_id": None,
        "outcome": None, "verdict": None, "decision_number": None, "decision_on": None, "answered_at": None,
        "completed_on": None, "version": 1, "created_at": moment, "updated_at": moment,
    })
    _history(batch, referral, moment, actor,
             "Gửi cơ quan khác giải quyết" if kind is ReferralKind.FORWARDED else "Giao cơ quan tham mưu, xác minh")
    _event(batch, referral, ReferralAct.SENT, day, moment, actor, direction)
    letter.setdefault("_referrals", []).append(referral)
    referral["_rule"] = referral_rule_id(forwarded_denunciation=denunciation)
    referral["_closed"] = None
    return referral


def acknowledged(batch: DemoBatch, referral: dict[str, Any], *, day: date, moment: datetime, actor: int | None) -> None:
    _status(batch, referral, ReferralStatus.ACKNOWLEDGED, moment, actor, "Cơ quan nhận xác nhận đã nhận")
    referral["acknowledged_on"] = day
    _event(batch, referral, ReferralAct.ACKNOWLEDGE, day, moment, actor)


def answered(batch: DemoBatch, referral: dict[str, Any], *, day: date, moment: datetime, actor: int | None,
             number: str, pick: int, paper: bool) -> None:
    """The body's answer in its workspace, or (a body outside the system) the paper reply the office registered."""
    summary = ANSWER_SUMMARIES[pick % len(ANSWER_SUMMARIES)]
    via = AnswerVia.PAPER if paper else AnswerVia.WORKSPACE
    label = "Văn bản phúc đáp" if paper else "Kết quả"
    _status(batch, referral, ReferralStatus.ANSWERED, moment, actor, f"{label} số {number}")
    referral.update(answer_via=via, answer_number=number, answer_on=day, answer_summary=summary,
                    outcome=OUTCOMES[pick % len(OUTCOMES)], answered_at=moment)
    referral["acknowledged_on"] = referral["acknowledged_on"] or day
    _event(batch, referral, ReferralAct.PAPER_REPLY if paper else ReferralAct.ANSWER, day, moment, actor,
           f"Số {number}: {summary}")
    referral["_closed"] = (moment, f"{label} số {number}")


def accepted(batch: DemoBatch, referral: dict[str, Any], *, day: date, moment: datetime, actor: int | None) -> None:
    _status(batch, referral, ReferralStatus.COMPLETED, moment, actor, "Chấp nhận kết quả")
    referral["completed_on"] = day
    _event(batch, referral, ReferralAct.ACCEPT, day, moment, actor)


def clocks(batch: DemoBatch, letter: dict[str, Any], lookup: Any) -> None:
    """Each referral's waiting clock from the day it was sent, closed by its answer; `answer_due_on` while it runs.
    `lookup` is the letters generator's clock cache (petitions.letters.demo._Clocks)."""
    table = Clock.__table__
    for referral in letter.pop("_referrals", ()):
        rule_id, closed = referral.pop("_rule"), referral.pop("_closed")
        clock = lookup.row(referral["id"], rule_id, referral["sent_on"], referral["created_at"])
        if clock is None:
            continue
        closed_at, reason = closed or (None, None)
        clock.update(id=batch.new_id(table), record_type=RecordType.REFERRAL, closed_at=closed_at,
                     close_reason=reason, paused_since=None, opened_by_id=None)
        batch.add(table, clock)
        if closed_at is None:
            referral["answer_due_on"] = clock["due_on"]
