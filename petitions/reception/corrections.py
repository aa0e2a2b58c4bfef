"""Corrections (đính chính) of a recorded visit: its date, its classification and its outcome at the desk, with
a reason written in the history; the clocks that depend on them are counted again or started and stopped.

The rules are petitions.domain.corrections (what may be corrected in which state, and why not). Flushes;
the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases.models import CaseFile
from petitions.cases.services import (
    case_follows_corrected_date,
    case_members,
    close_case_if_ended,
    retype_case,
)
from petitions.clock import local_today
from petitions.deadlines.models import Clock, RecordType
from petitions.deadlines.queries import open_clock
from petitions.deadlines.services import retrigger_clock, stop_clock
from petitions.documents.models import Document, DocumentStatus
from petitions.domain import corrections as rules
from petitions.domain import reception as reception_rules
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import CaseStatus, ComplaintSubtype, first_member
from petitions.domain.text import normalise_text
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.corrections import LetterCorrectionInput, correct_letter, history_reason
from petitions.letters.handling_papers import issued_papers
from petitions.letters.models import Letter
from petitions.reception.models import Visit
from petitions.reception.queries import visible_visits
from petitions.reception.services import (
    _CASE_TYPES,
    _open,
    _register_letter,
    check_outcome_and_representatives,
)
from petitions.scoping import OutOfScope, get_visible_or_404

# The visit's clocks counted from its date (D7 answer the citizen, D6 refusal notice).
VISIT_DATE_RULE_IDS = frozenset({"D7", "D6"})


@dataclass(frozen=True)
class VisitCorrectionInput:
    """The corrected values as the form gives them, and the reason."""

    visited_on: date
    classification: VisitClass
    outcome: VisitOutcome
    reason: str
    complaint_subtype: ComplaintSubtype | None = None
    guided_to: str = ""
    guided_document_number: str = ""
    forwarded_to: str = ""
    forwarded_document_number: str = ""
    refusal_ground_id: int | None = None
    refusal_explanation: str = ""


def load_visit(visit_id: int, actor: Any) -> Visit:
    """The visit through the actor's scope (a missing one and one outside it are refused alike)."""
    if not isinstance(actor, User):
        visit = db.session.get(Visit, visit_id)
        if visit is None:
            raise OutOfScope("Không tìm thấy lượt tiếp.")
        return visit
    return get_visible_or_404(visible_visits(actor), visit_id, refuse=OutOfScope("Không tìm thấy lượt tiếp."))


def _visit_papers(visit: Visit) -> tuple[rules.IssuedPaper, ...]:
    """Papers issued for the visit through the register (the refusal notice, Mẫu 01/TCD)."""
    found = db.session.scalars(
        sa.select(Document)
        .where(Document.record_type == "visit", Document.record_id == visit.id, Document.status == DocumentStatus.ISSUED)
        .order_by(Document.id)
    )
    return tuple(rules.IssuedPaper(label=d.subject or d.doc_type, number=d.number_symbol or "") for d in found)


def visit_facts(visit: Visit, letter: Letter | None) -> rules.VisitFacts:
    registered = letter is not None and not letter.is_void
    return rules.VisitFacts(
        visited_on=visit.visited_on,
        book_year=visit.book_year,
        classification=visit.classification,
        complaint_subtype=visit.complaint_subtype,
        outcome=visit.outcome,
        session_held_on=visit.session.held_on if visit.session is not None else None,
        letter_registered=registered,
        letter_status=letter.status if letter is not None else None,
        letter_papers=issued_papers(letter) if letter is not None and registered else (),
        papers=_visit_papers(visit),
    )


def _check_outcome(visit: Visit, data: VisitCorrectionInput) -> Any:
    """The outcome's details as at the desk, on the corrected day (the intake's own check); returns the refusal
    ground valid that day (None for another outcome)."""
    ground = check_outcome_and_representatives(
        data,
        with_letter=visit.with_letter,
        statement=visit.statement or "",
        headcount=visit.headcount,
        representatives=visit.representatives,
    )
    return ground if data.outcome is VisitOutcome.REFUSED else None


def correct_visit(
    visit_id: int, data: VisitCorrectionInput, *, actor: Any, today: date | None = None
) -> frozenset[str]:
    """Record the corrected date, classification and outcome of a visit with the reason; returns what changed
    ("date", "classification", "outcome").

    - a new date counts the visit's D7 and D6 again from it (deadlines.retrigger_clock), the letter
      handed in follows with the same reason (letters.corrections: its received date and its clocks), and a
      case the visit opened, not decided yet, takes it as its opening (cases.services.case_follows_corrected_date);
    - a new classification retypes the case the visit opened while that case is still open;
    - a new outcome starts or stops D6 (a refusal on a D6 ground), registers the letter handed in when it
      becomes "letter received", and closes the case when everything of it is done.
    Refused with the rule's message when the visit's state does not allow it (domain.corrections).
    """
    today = today or local_today()
    visit = load_visit(visit_id, actor)
    reason = rules.check_reason(data.reason)
    letter = db.session.get(Letter, visit.letter_id) if visit.letter_id is not None else None
    columns = reception_rules.outcome_columns(
        data.outcome,
        guided_to=normalise_text(data.guided_to),
        guided_document_number=normalise_text(data.guided_document_number),
        forwarded_to=normalise_text(data.forwarded_to),
        forwarded_document_number=normalise_text(data.forwarded_document_number),
        refusal_explanation=normalise_text(data.refusal_explanation),
    )
    new_ground_id = data.refusal_ground_id if data.outcome is VisitOutcome.REFUSED else None
    details_changed = (
        columns
        != reception_rules.OutcomeColumns(
            guided_to=visit.guided_to,
            guided_document_number=visit.guided_document_number,
            forwarded_to=visit.forwarded_to,
            forwarded_document_number=visit.forwarded_document_number,
            refusal_explanation=visit.refusal_explanation,
        )
        or new_ground_id != visit.refusal_ground_id
    )
    changed = rules.check_visit_correction(
        visit_facts(visit, letter),
        rules.VisitCorrection(
            visited_on=data.visited_on,
            classification=data.classification,
            complaint_subtype=data.complaint_subtype if data.classification is VisitClass.COMPLAINT else None,
            outcome=data.outcome,
            outcome_details_changed=details_changed,
        ),
        today=today,
    )
    ground = _check_outcome(visit, data)
    noted = history_reason(reason)
    old_date, old_outcome = visit.visited_on, visit.outcome
    with history_context(actor=actor, reason=noted):
        visit.visited_on = data.visited_on
        visit.classification = data.classification
        visit.complaint_subtype = data.complaint_subtype if data.classification is VisitClass.COMPLAINT else None
        visit.outcome = data.outcome
        visit.guided_to = columns.guided_to
        visit.guided_document_number = columns.guided_document_number
        visit.forwarded_to = columns.forwarded_to
        visit.forwarded_document_number = columns.forwarded_document_number
        visit.refusal_explanation = columns.refusal_explanation
        visit.refusal_ground_id = ground.id if ground is not None else None
        db.session.flush()
        if "date" in changed:
            _recount_clocks(visit, old_date, reason=noted, actor=actor)
            if letter is not None and not letter.is_void and letter.received_on == old_date:
                correct_letter(
                    letter.id,
                    LetterCorrectionInput(received_on=data.visited_on, reason=reason),
                    actor=actor,
                    via_visit=True,
                    today=today,
                )
            case = db.session.get(CaseFile, visit.case_id) if visit.case_id is not None else None
            if case is not None:
                case_follows_corrected_date(
                    case, kind="visit", record_id=visit.id, old_on=old_date, actor=actor, reason=noted
                )
        _sync_d6(visit, ground, reason=noted, actor=actor)
        if "classification" in changed:
            _case_follows(visit, reason=noted, actor=actor)
        if "outcome" in changed and data.outcome is not old_outcome:
            if data.outcome is VisitOutcome.LETTER_RECEIVED:
                visit.letter_id = _register_letter(visit, identity=None, actor=actor)
                db.session.flush()
            _end_case_if_done(visit, today=today, actor=actor)
    return changed


def _recount_clocks(visit: Visit, old_date: date, *, reason: str, actor: Any) -> None:
    clocks = db.session.scalars(
        sa.select(Clock)
        .where(
            Clock.record_type == RecordType.VISIT,
            Clock.record_id == visit.id,
            Clock.rule_id.in_(sorted(VISIT_DATE_RULE_IDS)),
            Clock.trigger_on == old_date,
        )
        .order_by(Clock.id)
    ).all()
    for clock in clocks:
        retrigger_clock(clock, visit.visited_on, reason=reason, actor=actor)


def _sync_d6(visit: Visit, ground: Any, *, reason: str, actor: Any) -> None:
    """D6 runs while the visit is a refusal on a D6 ground (domain.reception.starts_d6): stopped when the
    corrected outcome or ground no longer starts it, started when it now does."""
    wanted = ground is not None and reception_rules.starts_d6(visit.outcome, ground.code)
    running = open_clock(visit, "D6")
    if running is not None and not wanted:
        stop_clock(running, reason=f"{reason} (không còn căn cứ thông báo từ chối)"[:255], actor=actor)
    elif running is None and wanted:
        _open(visit, "D6", visit.visited_on, actor=actor)


def _case_follows(visit: Visit, *, reason: str, actor: Any) -> None:
    """The case the visit opened (its first record), still open, takes the corrected classification; a case
    the visit joined keeps its own (as a reclassified letter's case does, letters.services._case_follows)."""
    if visit.case_id is None:
        return
    case = db.session.get(CaseFile, visit.case_id)
    if case is None or case.status != CaseStatus.OPEN:
        return
    first = first_member(case_members(case))
    if first is None or (first.kind, first.id) != ("visit", visit.id):
        return
    retype_case(
        case,
        case_type=_CASE_TYPES[visit.classification],
        complaint_subtype=visit.complaint_subtype,
        actor=actor,
        reason=reason,
    )


def _end_case_if_done(visit: Visit, *, today: date, actor: Any) -> None:
    if visit.case_id is None:
        return
    case = db.session.get(CaseFile, visit.case_id)
    if case is not None and case.status == CaseStatus.OPEN:
        close_case_if_ended(
            case,
            effective_on=today,
            actor=actor,
            note=f"Đính chính kết quả lượt tiếp số {visit.book_number}/{visit.book_year}",
        )
