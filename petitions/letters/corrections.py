"""Corrections (đính chính) of a registered letter: its received date and its filing date, with a reason,
written in the history; the clocks counted from the received date are counted again.

The rules are petitions.domain.corrections; the classification is corrected on the classification page
(services.classify_letter, which refuses a type the issued papers contradict). Flushes; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from petitions.auth.models import User
from petitions.cases.models import CaseFile
from petitions.cases.services import case_follows_corrected_date
from petitions.clock import local_today
from petitions.deadlines.services import retrigger_clock
from petitions.domain import corrections as rules
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.handling_papers import issued_papers
from petitions.letters.models import Letter
from petitions.letters.queries import visible_letters
from petitions.letters.services import letter_clocks
from petitions.scoping import OutOfScope, get_visible_or_404

# The letter's clocks counted from its receipt (DOMAIN §5): they move with a corrected received date.
RECEIPT_RULE_IDS = frozenset({"D10", "D14", "D21", "D22", "D25", "D26"})


def history_reason(reason: str) -> str:
    """How a correction names itself in the history rows (the letter's, its clocks', its visit's)."""
    return f"Đính chính: {reason}"


def letter_facts(letter: Letter) -> rules.LetterFacts:
    return rules.LetterFacts(
        status=letter.status,
        is_void=letter.is_void,
        register_year=letter.register_year,
        received_on=letter.received_on,
        letter_dated_on=letter.letter_dated_on,
        filed_on=letter.filed_on,
        from_visit=letter.visit_id is not None,
        papers=issued_papers(letter),
    )


@dataclass(frozen=True)
class LetterCorrectionInput:
    received_on: date
    reason: str
    filed_on: date | None = None


def load_letter(letter_id: int, actor: Any) -> Letter:
    """The letter through the actor's scope (a missing one and one outside it are refused alike)."""
    if not isinstance(actor, User):
        letter = db.session.get(Letter, letter_id)
        if letter is None:
            raise OutOfScope("Không tìm thấy đơn.")
        return letter
    return get_visible_or_404(visible_letters(actor), letter_id, refuse=OutOfScope("Không tìm thấy đơn."))


def correct_letter(
    letter_id: int, data: LetterCorrectionInput, *, actor: Any, via_visit: bool = False, today: date | None = None
) -> frozenset[str]:
    """Record the corrected received date and/or filing date with the reason; every clock of the letter that
    counted from the old received date is counted again from the new one (deadlines.retrigger_clock, one
    history row each, the handling due date on the letter's row follows), and a case the letter opened, not
    decided yet, takes the corrected date as its opening (cases.services.case_follows_corrected_date).
    Returns what changed.

    `via_visit`: the visit the letter was handed in at carries its corrected date here (reception.corrections).
    """
    letter = load_letter(letter_id, actor)
    reason = rules.check_reason(data.reason)
    changed = rules.check_letter_correction(
        letter_facts(letter),
        rules.LetterCorrection(received_on=data.received_on, filed_on=data.filed_on),
        today=today or local_today(),
        via_visit=via_visit,
    )
    old_received = letter.received_on
    with history_context(actor=actor, reason=history_reason(reason)):
        if "received" in changed:
            letter.received_on = data.received_on
        if "filed" in changed:
            letter.filed_on = data.filed_on
        db.session.flush()
    if "received" in changed:
        for clock in letter_clocks(letter):
            if clock.rule_id in RECEIPT_RULE_IDS and clock.trigger_on == old_received:
                retrigger_clock(clock, data.received_on, reason=history_reason(reason), actor=actor)
        case = db.session.get(CaseFile, letter.case_id) if letter.case_id is not None else None
        if case is not None:
            case_follows_corrected_date(
                case, kind="letter", record_id=letter.id, old_on=old_received, actor=actor,
                reason=history_reason(reason),
            )
    return changed
