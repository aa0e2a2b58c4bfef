"""The office's review of a body's answer (a workspace answer or a paper reply it registered): accept it — for
a forwarded letter still waiting, the letter's reply transition (petitions.letters.handling.record_reply: reply
received, D9 when the citizen asked to be told the result) — or return it to the body for completion with a
reason. Kept apart from petitions.referrals.services because the letter handling opens referrals through that
module and this one calls the letter handling."""

from __future__ import annotations

from typing import Any

from petitions.clock import local_today, to_local
from petitions.deadlines.models import Clock
from petitions.domain.letter_flow import LetterTransition
from petitions.domain.letter_flow import allowed as letter_allows
from petitions.domain.referrals import ReferralAct, ReferralKind
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.handling import record_reply
from petitions.letters.models import Letter
from petitions.referrals.models import Referral
from petitions.referrals.queries import last_clock
from petitions.referrals.services import check_act, record_event, start_waiting

__all__ = ["accept", "return_for_completion"]


def accept(referral: Referral, *, actor: Any, note: str | None = None) -> Referral:
    """The office accepts the answer: the referral is completed; a forwarded letter still waiting for its reply
    takes the reply transition, from the day the answer reached the office."""
    to = check_act(referral, ReferralAct.ACCEPT, actor)
    letter = db.session.get(Letter, referral.letter_id)
    assert letter is not None and referral.answered_at is not None
    received_on = to_local(referral.answered_at).date()
    if referral.kind is ReferralKind.FORWARDED and letter_allows(letter.status, LetterTransition.REPLY, None):
        record_reply(
            letter,
            received_on=received_on,
            number=referral.answer_number or "",
            summary=referral.answer_summary or "",
            actor=actor,
        )
    today = local_today()
    with history_context(actor=actor, reason=f"Chấp nhận kết quả của {referral.agency.name}"):
        referral.status = to
        referral.completed_on = today
        record_event(referral, ReferralAct.ACCEPT, actor=actor, on=today, note=normalise_text(note))
        db.session.flush()
    return referral


def return_for_completion(referral: Referral, *, reason: str, actor: Any) -> Referral:
    """The office returns the answer to the body for completion (trả lại để bổ sung) with the reason; the body
    works on it again and its waiting clock starts again from today (the same rule: the system's decision, the
    law gives no separate period for completing an answer)."""
    to = check_act(referral, ReferralAct.RETURN, actor)
    text = normalise_text(reason)
    if len(text) < 5:
        raise DomainError("Vui lòng ghi lý do trả lại để cơ quan bổ sung.")
    today = local_today()
    with history_context(actor=actor, reason=f"Trả lại để bổ sung: {text}"[:500]):
        referral.status = to
        referral.answered_at = None
        record_event(referral, ReferralAct.RETURN, actor=actor, on=today, note=text)
        db.session.flush()
    previous: Clock | None = last_clock(referral)
    if previous is not None:
        start_waiting(referral, rule_id=previous.rule_id, on=today, actor=actor, reason=f"Trả lại để bổ sung: {text}")
    return referral
