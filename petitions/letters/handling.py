"""Handling a letter to a decision (DOMAIN §3 steps 5–9 and 12, §3.5): one service per transition of
petitions.domain.letter_flow, and the "on issued" hook that moves the letter when one of its handling
papers is issued.

Every service asks the table first (an illegal transition raises TransitionRefused, a DomainError with the
reason in Vietnamese), then changes the letter under one history context and writes one dated status
event naming the transition (record_letter_status), then applies the row's clock effects. Services flush;
the caller (the save helper in the views, the CLI) owns the one commit, so a refusal keeps nothing.

Who may act beyond the role: only the officer the letter is assigned to proposes; only a leader of the
office in charge of the letter (its agency or one above it) approves, returns, hands over and files; a
body the letter was handed over to sees it (petitions.letters.queries.visible_letters) and its leader
assigns it to one of the body's officers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases.models import CaseFile
from petitions.cases.services import register_decision_follower
from petitions.cases.transitions import accept_from_letter
from petitions.clock import local_today, utcnow
from petitions.deadlines.models import Clock, RecordType
from petitions.deadlines.services import start_clock, stop_clock
from petitions.directory.models import Agency
from petitions.directory.queries import agency_subtree_ids
from petitions.documents import hooks
from petitions.documents.models import Document, DocumentStatus
from petitions.documents.services import void_document
from petitions.domain import letter_flow as flow
from petitions.domain.classification import PriorResolution
from petitions.domain.letter_flow import LetterTransition, TransitionRefused
from petitions.domain.records import LetterStatus
from petitions.domain.referrals import ReferralKind
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.handling_papers import (
    PAPERS,
    REDACTED_COPY_PAPERS,
    HandlingPaper,
    draft_handling_paper,
    letter_papers,
    paper_label,
    paper_of,
    visible_receivers,
)
from petitions.letters.models import Letter, LetterHandover, LetterStatusEvent
from petitions.letters.services import end_case_if_done, letter_clocks, record_letter_status
from petitions.referrals.services import open_referral
from petitions.routing.services import check_receiver
from petitions.scoping import OutOfScope, get_visible_or_404

__all__ = [
    "TransitionRefused",
    "acknowledge_urgent",
    "approve_proposal",
    "available_transitions",
    "chase_letter",
    "file_letter",
    "hand_over_letter",
    "is_in_charge",
    "is_office_leader",
    "on_paper_issued",
    "propose_handling",
    "proposable_papers",
    "proposal_drafts",
    "record_reply",
    "report_urgent",
    "return_proposal",
]


# ---------------------------------------------------------------------------------------------------------
# Who may act
# ---------------------------------------------------------------------------------------------------------


def _role(actor: Any) -> Role | None:
    """The actor's role for the table; None for the system (CLI, demo: no signed-in user)."""
    return actor.role if isinstance(actor, User) else None


def is_in_charge(actor: Any, letter: Letter) -> bool:
    """The actor works for the office in charge of the letter (its agency or one above it): the register's
    entry (classification, voiding) is that office's, not a body's the letter was handed over to."""
    if not isinstance(actor, User):
        return True
    if actor.agency_id is None:
        return False
    return letter.agency_in_charge_id in set(db.session.scalars(agency_subtree_ids(actor.agency_id)))


def is_office_leader(actor: Any, letter: Letter) -> bool:
    """A leader of the office in charge of the letter (its agency or one above it); the system counts."""
    if not isinstance(actor, User):
        return True
    return actor.role == Role.LEADER and is_in_charge(actor, letter)


def _require_office_leader(actor: Any, letter: Letter, transition: LetterTransition) -> None:
    if not is_office_leader(actor, letter):
        raise TransitionRefused(
            f"Chỉ lãnh đạo cơ quan phụ trách đơn được {flow.ACTION_WORDS[transition]}."
        )


def _require_assigned_officer(actor: Any, letter: Letter) -> None:
    if isinstance(actor, User) and actor.id != letter.assigned_officer_id:
        raise TransitionRefused("Chỉ cán bộ được giao xử lý đơn này được đề xuất hướng xử lý.")


def _check(letter: Letter, transition: LetterTransition, actor: Any, *, paper: str | None = None) -> LetterStatus:
    if letter.is_void:
        raise TransitionRefused("Đơn đã bị hủy đăng ký.")
    return flow.next_state(letter.status, transition, _role(actor), paper=paper, letter_type=letter.letter_type)


def _event(
    letter: Letter, to: LetterStatus, transition: LetterTransition, *, actor: Any, effective_on: date, note: str | None
) -> LetterStatusEvent:
    return record_letter_status(
        letter, to, effective_on=effective_on, actor=actor, note=note, transition=transition.value
    )


def _stop_open(letter: Letter, rule_ids: Sequence[str], *, reason: str, actor: Any) -> list[str]:
    """Close the letter's open clocks of these rules; the rules closed, in order."""
    closed = []
    for clock in letter_clocks(letter):
        if clock.is_open and clock.rule_id in rule_ids:
            stop_clock(clock, reason=reason[:255], actor=actor)
            closed.append(clock.rule_id)
    return closed


def _text(value: str | None, *, minimum: int, message: str) -> str:
    text = normalise_text(value)
    if len(text) < minimum:
        raise DomainError(message)
    return text


# ---------------------------------------------------------------------------------------------------------
# Work inside the office: hand over, propose, return, approve
# ---------------------------------------------------------------------------------------------------------


def hand_over_letter(letter: Letter, *, agency_id: int, direction: str, actor: Any, effective_on: date) -> Letter:
    """The leader hands the letter to another body inside the system (the provincial inspectorate, a
    department) for advice or verification, with a written direction. That body's officers then see this
    letter (and no other of the office) and its leader assigns it to one of them."""
    to = _check(letter, LetterTransition.HAND_OVER, actor)
    _require_office_leader(actor, letter, LetterTransition.HAND_OVER)
    text = _text(direction, minimum=5, message="Vui lòng ghi ý kiến chỉ đạo cho cơ quan được giao.")
    body = get_visible_or_404(
        visible_receivers(actor), agency_id, refuse=OutOfScope("Không tìm thấy cơ quan đã chọn.", field="agency")
    )
    if body.id == letter.agency_in_charge_id:
        raise DomainError("Đơn đang thuộc cơ quan này; hãy giao cho cán bộ của cơ quan.")
    with history_context(actor=actor, reason="Giao cơ quan khác tham mưu, xác minh"):
        db.session.add(
            LetterHandover(
                letter_id=letter.id, agency_id=body.id, direction=text, handed_on=effective_on,
                handed_by_id=getattr(actor, "id", None),
            )
        )
        letter.assigned_agency_id = body.id
        letter.assigned_officer_id = None
        letter.direction = text
        _event(letter, to, LetterTransition.HAND_OVER, actor=actor, effective_on=effective_on,
               note=f"Giao {body.name}: {text}")
    # The body's answer (its advice, the verification's result) comes back through its workspace.
    open_referral(letter, agency_id=body.id, kind=ReferralKind.HANDED_OVER, sent_on=effective_on, actor=actor,
                  direction=text)
    return letter


def propose_handling(
    letter: Letter,
    paper: HandlingPaper,
    *,
    actor: Any,
    effective_on: date,
    receiver_agency_id: int | None = None,
    part_ids: Sequence[int] | None = None,
    reason: str | None = None,
    direction: str | None = None,
    outcome: str | None = None,
    receiver_reason: str | None = None,
) -> Document:
    """The assigned officer proposes a handling with its draft paper (drafted from the letter by
    petitions.letters.handling_papers) and the papers that go with it (the notice to the denouncer with the
    forwarding of a denunciation, PaperDefinition.companions); the letter waits for the leader's approval.
    The drafts of a proposal the leader returned are voided first: the new proposal replaces them (a
    denunciation content is forwarded once, so a live draft would refuse the new one). A receiver other than
    the competent body recorded at classification needs `receiver_reason` (petitions.routing), kept in the
    history and the status event."""
    to = _check(letter, LetterTransition.PROPOSE, actor)
    _require_assigned_officer(actor, letter)
    other_body = check_receiver(letter, receiver_agency_id, receiver_reason)
    for old in _earlier_proposal_drafts(letter):
        void_document(old, reason=SUPERSEDED, actor=actor)
    document = draft_handling_paper(
        letter, paper, actor=actor, receiver_agency_id=receiver_agency_id, part_ids=part_ids, reason=reason,
        direction=direction, outcome=outcome,
    )
    labels = [paper_label(paper)]
    for companion in PAPERS[HandlingPaper(paper)].companions:
        if letter.letter_type not in PAPERS[companion].letter_types:
            continue
        extra = draft_handling_paper(letter, companion, actor=actor, receiver_agency_id=receiver_agency_id)
        extra.body_data = {**(extra.body_data or {}), "companion_of": document.id}
        labels.append(paper_label(companion))
    note = f"Đề xuất: {'; kèm '.join(labels)}" + (f"; {other_body}" if other_body else "")
    with history_context(actor=actor, reason=f"Đề xuất hướng xử lý đơn; {other_body}" if other_body else "Đề xuất hướng xử lý đơn"):
        letter.proposal_document_id = document.id
        _event(letter, to, LetterTransition.PROPOSE, actor=actor, effective_on=effective_on, note=note[:500])
    db.session.flush()
    return document


SUPERSEDED = "Thay bằng đề xuất mới sau khi lãnh đạo trả lại đề xuất"


def proposal_drafts(letter: Letter) -> list[Document]:
    """The papers of the letter's current proposal (the proposed paper and its companions), any status."""
    if letter.proposal_document_id is None:
        return []
    return [
        d
        for d in letter_papers(letter)
        if d.id == letter.proposal_document_id or (d.body_data or {}).get("companion_of") == letter.proposal_document_id
    ]


def _earlier_proposal_drafts(letter: Letter) -> list[Document]:
    return [d for d in proposal_drafts(letter) if d.status == DocumentStatus.DRAFT]


def return_proposal(letter: Letter, *, comment: str, actor: Any, effective_on: date) -> Letter:
    """The leader returns the proposal for revision with a comment; the officer proposes again."""
    to = _check(letter, LetterTransition.RETURN_FOR_REVISION, actor)
    _require_office_leader(actor, letter, LetterTransition.RETURN_FOR_REVISION)
    text = _text(comment, minimum=5, message="Vui lòng ghi ý kiến để cán bộ làm lại đề xuất.")
    with history_context(actor=actor, reason="Trả lại đề xuất để làm lại"):
        _event(letter, to, LetterTransition.RETURN_FOR_REVISION, actor=actor, effective_on=effective_on, note=text)
    return letter


def approve_proposal(letter: Letter, *, actor: Any, effective_on: date, comment: str | None = None) -> Letter:
    """The leader approves the proposal: its draft paper goes to issuing (the văn thư numbers it; the issue
    moves the letter through the hook below)."""
    to = _check(letter, LetterTransition.APPROVE, actor)
    _require_office_leader(actor, letter, LetterTransition.APPROVE)
    draft = db.session.get(Document, letter.proposal_document_id) if letter.proposal_document_id else None
    if draft is None or draft.status != DocumentStatus.DRAFT:
        raise DomainError("Đề xuất không còn dự thảo văn bản để duyệt; cán bộ cần đề xuất lại.")
    paper = paper_of(draft)
    note = f"Duyệt: {paper_label(paper) if paper else draft.subject}"
    if text := normalise_text(comment):
        note = f"{note}. {text}"
    with history_context(actor=actor, reason="Duyệt đề xuất xử lý đơn"):
        _event(letter, to, LetterTransition.APPROVE, actor=actor, effective_on=effective_on, note=note)
    return letter


# ---------------------------------------------------------------------------------------------------------
# The hook: a handling paper issued moves the letter
# ---------------------------------------------------------------------------------------------------------


def on_paper_issued(document: Document, actor: Any) -> None:
    """Registered with petitions.documents.hooks for record type "letter": a handling paper issued applies
    its route (state, status event, history row) and its clock effects (DOMAIN §3.5, §5). Other documents
    linked to a letter change nothing. An illegal route refuses the issue."""
    paper = paper_of(document)
    if paper is None or document.record_id is None:
        return
    letter = db.session.get(Letter, document.record_id)
    if letter is None:
        return
    to = _check(letter, LetterTransition.ISSUE_PAPER, actor, paper=paper.value)
    effect = flow.paper_effect(paper.value)
    issued_on = document.issue_date or local_today()
    label = f"{paper_label(paper)} số {document.number_symbol or ''}".strip()
    with history_context(actor=actor, reason=f"Ban hành {label}"):
        receiver_id = (document.body_data or {}).get("receiver_agency_id")
        if to == LetterStatus.FORWARDED and isinstance(receiver_id, int):
            # The body it went to follows it up: its liaison sees the letter and records the reply.
            letter.assigned_agency_id = receiver_id
        if effect.urgent:
            letter.is_urgent = True
            letter.urgent_reported_at = letter.urgent_reported_at or utcnow()
            letter.urgent_acknowledged_at = letter.urgent_acknowledged_at or utcnow()
        _event(letter, to, LetterTransition.ISSUE_PAPER, actor=actor, effective_on=issued_on, note=label)
    reason = f"Đã ban hành {label}"
    if effect.to in REFERRED_STATES and isinstance(receiver_id, int):
        # The body answers in its workspace, or the office registers its paper reply (petitions.referrals).
        open_referral(letter, agency_id=receiver_id, kind=ReferralKind.FORWARDED, sent_on=issued_on, actor=actor,
                      forwarded_denunciation=paper in REDACTED_COPY_PAPERS, source_document_id=document.id)
    _stop_open(letter, effect.stops, reason=reason, actor=actor)
    if effect.stops_d22_when and _issued(letter, effect.stops_d22_when, besides=document):
        _stop_open(letter, ("D22",), reason=f"{reason}; đã chuyển đơn và thông báo người tố cáo", actor=actor)
    for rule_id in effect.stops_visit:
        _stop_visit_clock(letter, rule_id, reason=reason, actor=actor)
    if effect.accepts:
        _accept_case(letter, accepted_on=issued_on, actor=actor, reason=reason)
    if effect.to is not None:
        end_case_if_done(letter, effective_on=issued_on, actor=actor, note=reason)


# A paper that sends the item to a body for it to act and report back (not a return of the letter).
REFERRED_STATES = frozenset({LetterStatus.FORWARDED, LetterStatus.TO_INSPECTION})


def _issued(letter: Letter, paper: str, *, besides: Document) -> bool:
    return any(
        d.id != besides.id and d.status == DocumentStatus.ISSUED and paper_of(d) == paper for d in letter_papers(letter)
    )


def _stop_visit_clock(letter: Letter, rule_id: str, *, reason: str, actor: Any) -> None:
    """The D7 answer of a letter handed in at a visit runs on the visit (petitions.reception)."""
    if letter.visit_id is None:
        return
    clock = db.session.scalar(
        sa.select(Clock).where(
            Clock.record_type == RecordType.VISIT,
            Clock.record_id == letter.visit_id,
            Clock.rule_id == rule_id,
            Clock.closed_at.is_(None),
        )
    )
    if clock is not None:
        stop_clock(clock, reason=reason[:255], actor=actor)


def _accept_case(letter: Letter, *, accepted_on: date, actor: Any, reason: str) -> None:
    """Acceptance (thụ lý): the letter's case is accepted and its resolution clocks start from that day
    (petitions.cases.transitions.accept_from_letter, the case flow's ACCEPT)."""
    case = db.session.get(CaseFile, letter.case_id) if letter.case_id else None
    if case is None:
        return
    second_round = letter.prior_resolution == PriorResolution.RESOLVED_FIRST
    accept_from_letter(case, accepted_on=accepted_on, actor=actor, reason=reason, second_round=second_round)


# The transition named by the status event of a letter that followed its case's acceptance or non-acceptance.
CASE_ACCEPTED = "case_accepted"
CASE_NOT_ACCEPTED = "case_not_accepted"


def follow_case_decision(case: CaseFile, *, accepted: bool, on: date, actor: Any, reason: str) -> list[Letter]:
    """The competent person's acceptance (or non-acceptance) of the matter was issued (the case's paper from
    the case page, or one letter's proposal to accept): every letter of the case still before its route
    (received, assigned, proposed, approved — petitions.domain.letter_flow.BEFORE_ROUTE) is decided with it
    (the system's rule: the matter is one, its letters wait for no other route). Each moves to "đã thụ lý" or
    "không thụ lý" with its status event dated `on` (the paper's issue date), a history row whose reason names
    the paper, and its open handling clocks (D10, D14, D21, D22, as the letter's own acceptance paper stops
    them) stopped. Letters already routed (guided, forwarded, accepted by their own paper, filed, …) are left
    as they are, so the letters' own path (proposal_accept issued → accept_from_letter) is not applied twice.
    Registered with petitions.cases.services; returns the letters moved."""
    to = LetterStatus.ACCEPTED if accepted else LetterStatus.NOT_ACCEPTED
    transition = CASE_ACCEPTED if accepted else CASE_NOT_ACCEPTED
    waiting = db.session.scalars(
        sa.select(Letter)
        .where(Letter.case_id == case.id, Letter.is_void.is_(False), Letter.status.in_(flow.BEFORE_ROUTE))
        .order_by(Letter.id)
    ).all()
    for letter in waiting:
        with history_context(actor=actor, reason=reason):
            record_letter_status(letter, to, effective_on=on, actor=actor, note=reason, transition=transition)
        _stop_open(letter, flow.PAPER_EFFECTS[HandlingPaper.PROPOSAL_ACCEPT.value].stops, reason=reason, actor=actor)
    return list(waiting)


hooks.on_issued("letter", on_paper_issued)
register_decision_follower("letter", follow_case_decision)


# ---------------------------------------------------------------------------------------------------------
# Urgent report, reply, chase, file
# ---------------------------------------------------------------------------------------------------------


def report_urgent(letter: Letter, *, reason: str, actor: Any, effective_on: date) -> Letter:
    """Serious or imminent harm (TT 05/2021 Đ16): an officer raises it at once; the leaders' home pages show
    it until a leader takes it in hand. The letter's state stays."""
    to = _check(letter, LetterTransition.URGENT_REPORT, actor)
    text = _text(reason, minimum=5, message="Vui lòng ghi rõ nguy cơ gây thiệt hại cần báo cáo khẩn.")
    if letter.urgent_reported_at is not None and letter.urgent_acknowledged_at is None:
        raise DomainError("Đơn đã được báo cáo khẩn và đang chờ lãnh đạo tiếp nhận.")
    with history_context(actor=actor, reason="Báo cáo khẩn"):
        letter.is_urgent = True
        letter.urgent_reported_at = utcnow()
        letter.urgent_reason = text[:500]
        letter.urgent_acknowledged_at = None
        _event(letter, to, LetterTransition.URGENT_REPORT, actor=actor, effective_on=effective_on, note=text)
    return letter


def acknowledge_urgent(letter: Letter, *, actor: Any, effective_on: date) -> Letter:
    """A leader of the office takes the urgent report in hand (then reports it with the urgent-report paper)."""
    to = _check(letter, LetterTransition.ACKNOWLEDGE_URGENT, actor)
    _require_office_leader(actor, letter, LetterTransition.ACKNOWLEDGE_URGENT)
    if letter.urgent_reported_at is None or letter.urgent_acknowledged_at is not None:
        raise DomainError("Đơn không có báo cáo khẩn đang chờ tiếp nhận.")
    with history_context(actor=actor, reason="Tiếp nhận báo cáo khẩn"):
        letter.urgent_acknowledged_at = utcnow()
        _event(letter, to, LetterTransition.ACKNOWLEDGE_URGENT, actor=actor, effective_on=effective_on, note=None)
    return letter


def record_reply(
    letter: Letter, *, received_on: date, number: str, summary: str, actor: Any
) -> Letter:
    """The reply (văn bản phúc đáp) of the body the letter was forwarded to, once the office accepted the body's
    answer or the paper reply it registered (petitions.referrals.review.accept: the one way a reply is recorded;
    the letter page offers no reply form). If the citizen asked to be told the result, D9 starts from the day
    the reply was received (Luật TCD Đ28.2)."""
    to = _check(letter, LetterTransition.REPLY, actor)
    reference = _text(number, minimum=1, message="Vui lòng ghi số văn bản phúc đáp.")
    text = _text(summary, minimum=5, message="Vui lòng tóm tắt kết quả trong văn bản phúc đáp.")
    if received_on > local_today():
        raise DomainError("Ngày nhận văn bản phúc đáp không thể sau hôm nay.")
    with history_context(actor=actor, reason="Ghi nhận văn bản phúc đáp"):
        _event(letter, to, LetterTransition.REPLY, actor=actor, effective_on=received_on,
               note=f"Phúc đáp số {reference}: {text}")
    if letter.result_requested:
        start_clock(letter, rule_id="D9", trigger_on=received_on, variants=("requested",), actor=actor,
                    reason="Nhận kết quả giải quyết; công dân yêu cầu được thông báo")
    return letter


def chase_letter(letter: Letter, *, note: str, actor: Any, effective_on: date) -> Letter:
    """The body it was forwarded to is late: urged (đôn đốc); the chasing paper is the văn bản đôn đốc."""
    to = _check(letter, LetterTransition.CHASE, actor)
    text = _text(note, minimum=5, message="Vui lòng ghi nội dung đôn đốc.")
    with history_context(actor=actor, reason="Đôn đốc cơ quan được chuyển đơn"):
        _event(letter, to, LetterTransition.CHASE, actor=actor, effective_on=effective_on, note=text)
    return letter


def file_letter(letter: Letter, *, reason: str, actor: Any, effective_on: date) -> Letter:
    """The leader files the letter (lưu đơn) with the reason; its handling clocks stop. Kept one year (D11)."""
    to = _check(letter, LetterTransition.FILE, actor)
    _require_office_leader(actor, letter, LetterTransition.FILE)
    text = _text(reason, minimum=5, message="Vui lòng ghi rõ lý do lưu đơn.")
    with history_context(actor=actor, reason="Lưu đơn"):
        _event(letter, to, LetterTransition.FILE, actor=actor, effective_on=effective_on, note=text)
    _stop_open(letter, flow.TABLE[LetterTransition.FILE].stops, reason=f"Lưu đơn: {text}", actor=actor)
    end_case_if_done(letter, effective_on=effective_on, actor=actor, note=f"Lưu đơn: {text}")
    return letter


# ---------------------------------------------------------------------------------------------------------
# What the letter page offers
# ---------------------------------------------------------------------------------------------------------


def available_transitions(letter: Letter, user: User) -> frozenset[LetterTransition]:
    """The transitions this user may take on the letter now (the page shows only their forms)."""
    if letter.is_void:
        return frozenset()
    offered = set()
    leader = is_office_leader(user, letter)
    for transition in (
        LetterTransition.ASSIGN,
        LetterTransition.HAND_OVER,
        LetterTransition.PROPOSE,
        LetterTransition.RETURN_FOR_REVISION,
        LetterTransition.APPROVE,
        LetterTransition.URGENT_REPORT,
        LetterTransition.ACKNOWLEDGE_URGENT,
        LetterTransition.CHASE,
        LetterTransition.FILE,
    ):
        if not flow.allowed(letter.status, transition, user.role):
            continue
        if transition in (
            LetterTransition.HAND_OVER,
            LetterTransition.RETURN_FOR_REVISION,
            LetterTransition.APPROVE,
            LetterTransition.ACKNOWLEDGE_URGENT,
            LetterTransition.FILE,
        ) and not leader:
            continue
        if transition == LetterTransition.PROPOSE and user.id != letter.assigned_officer_id:
            continue
        if transition == LetterTransition.URGENT_REPORT and (
            letter.urgent_reported_at is not None and letter.urgent_acknowledged_at is None
        ):
            continue
        if transition == LetterTransition.ACKNOWLEDGE_URGENT and (
            letter.urgent_reported_at is None or letter.urgent_acknowledged_at is not None
        ):
            continue
        offered.add(transition)
    return frozenset(offered)


def proposable_papers(letter: Letter) -> list[HandlingPaper]:
    """The papers a proposal may draft for this letter: those that fit its type and decide where it goes (a
    paper that moves the letter when issued); the others are drafted alongside or later, never proposed."""
    return [
        paper
        for paper, definition in PAPERS.items()
        if letter.letter_type in definition.letter_types and flow.paper_effect(paper.value).to is not None
    ]


def hand_over_bodies(user: User, letter: Letter) -> list[Agency]:
    """Bodies inside the system the leader may hand the letter to (not the office in charge)."""
    return list(
        db.session.scalars(
            visible_receivers(user).where(Agency.id != letter.agency_in_charge_id).order_by(Agency.name, Agency.id)
        )
    )


def receiver_bodies(user: User) -> list[Agency]:
    """Bodies a proposed paper may be sent to (the user's directory tree, valid today)."""
    return list(db.session.scalars(visible_receivers(user).order_by(Agency.name, Agency.id)))
