"""Resolving a case (DOMAIN §3.5 rows accept … next round, §4, §5): one service per event of
petitions.domain.case_flow, and the "on issued" hook that applies an event when its paper is issued.

How an event happens:
- With a paper of the office (acceptance, verification, dialogue, extension, suspension, resumption,
  termination, decision, result notice, publication): the service checks the event now (state, kind, role,
  office, the rule's limits) and drafts the paper (petitions.cases.papers.draft_case_paper) with the event's
  parameters in body_data["case_params"]; the case does not move yet. Issuing the paper through the register
  (petitions.documents.services.issue_document) runs `on_case_paper_issued`, which checks the event again and
  applies it dated the issue date. An illegal event refuses the issue.
- Without one (withdrawal, reclassification, lapse, start and record of implementation, close, next round,
  court): the service applies the event at once, dated `effective_on`.

Applying an event is one history context with the event's reason (history rows for every changed field of the
case, its clocks and its outcome), exactly one CaseFileStatusEvent naming the event (record_case_status, the
one way to change a case's status; the next round writes the new case's OPEN event), and the row's clock
effects through petitions.deadlines.services. Services flush; the caller commits, so a refusal keeps nothing.

Cases passed in are loaded by the caller through the actor's scope (petitions.cases.queries.get_case_for); ids
in the parameters (the verifying officer, the next round's body) are loaded here through a scope too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseImplementationEntry, CaseOutcome
from petitions.cases.papers import RECORD_TYPE, case_paper_of, draft_case_paper, param_date
from petitions.cases.services import case_members, create_case, members_follow_decision, record_case_status
from petitions.clock import local_today
from petitions.deadlines.models import Clock, RecordType
from petitions.deadlines.services import (
    change_clock_variants,
    extend_clock,
    pause_clock,
    resume_clock,
    start_clock,
    stop_clock,
)
from petitions.directory.models import Agency
from petitions.directory.queries import agency_subtree_ids, in_agency_ancestry, in_agency_subtree
from petitions.documents import hooks
from petitions.documents.models import Document, DocumentStatus
from petitions.domain import case_flow as flow
from petitions.domain.case_flow import (
    NOTICE_PAPERS,
    CaseEvent,
    CaseFacts,
    CasePaper,
    CaseTransitionRefused,
)
from petitions.domain.corrections import (
    CorrectionRefused,
    check_case_event_date,
    check_implementation_date,
    check_reason,
)
from petitions.domain.records import CaseRound, CaseStatus, CaseType, CaseVerdict, Complexity
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.history import history_context
from petitions.scoping import FieldRefused, OutOfScope, get_visible_or_404

_Choice = TypeVar("_Choice", CaseVerdict, Complexity)

__all__ = [
    "CaseTransitionRefused",
    "accept_case",
    "accept_from_letter",
    "assign_verification",
    "available_events",
    "case_facts",
    "case_paper_of",
    "close_resolved_case",
    "decide_case",
    "extend_case",
    "hold_dialogue",
    "lapse_case",
    "lapse_expired_cases",
    "not_accept_case",
    "notify_result",
    "on_case_paper_issued",
    "open_next_round",
    "publish_result",
    "reclassify_case",
    "record_court_filing",
    "record_implementation",
    "report_verification",
    "resume_case",
    "start_implementation",
    "suspend_case",
    "terminate_case",
    "withdraw_case",
]


# ---------------------------------------------------------------------------------------------------------
# The case as the table sees it; who may act
# ---------------------------------------------------------------------------------------------------------


def case_facts(case: CaseFile) -> CaseFacts:
    return CaseFacts(
        status=case.status,
        case_type=case.case_type,
        complaint_subtype=case.complaint_subtype,
        case_round=case.case_round,
        complexity=case.complexity,
        remote=case.is_remote,
        suspended_from=case.suspended_from,
        verification_reported=case.verification_reported_on is not None,
        result_notified=case.result_notified_on is not None,
    )


def _role(actor: Any) -> Role | None:
    """The actor's role for the table; None for the system (CLI, demo, an issued paper's hook)."""
    return actor.role if isinstance(actor, User) else None


def works_on_case(actor: Any, case: CaseFile) -> bool:
    """The actor works for the body in charge of the case (its agency or one above it); the system counts."""
    if not isinstance(actor, User):
        return True
    if actor.agency_id is None:
        return False
    return case.agency_in_charge_id in set(db.session.scalars(agency_subtree_ids(actor.agency_id)))


def _check(case: CaseFile, event: CaseEvent, actor: Any) -> CaseStatus:
    """The state after `event`, or CaseTransitionRefused (state, kind, role, office)."""
    to = flow.next_state(case_facts(case), event, _role(actor))
    if not works_on_case(actor, case):
        raise CaseTransitionRefused(f"Chỉ cán bộ cơ quan phụ trách vụ việc được {flow.EVENT_WORDS[event]}.")
    return to


def available_events(case: CaseFile, user: User) -> tuple[CaseEvent, ...]:
    """The events this user may start on the case now (the page shows only their forms); the rule limits
    (an extension too many, a pause before 01/07/2026) are checked when the form is sent."""
    if not works_on_case(user, case):
        return ()
    pending = {flow.PAPER_EVENT[p] for p in _pending_papers(case)}
    offered = flow.available_events(case_facts(case), user.role)
    if _acceptance_papers_missing(case) and user.role in flow.TABLE[CaseEvent.ACCEPT].roles:
        offered = (CaseEvent.ACCEPT, *offered)  # accepted by its letter: the acceptance papers are still to go out
    return tuple(e for e in offered if e not in pending)


# ---------------------------------------------------------------------------------------------------------
# Clocks of the case
# ---------------------------------------------------------------------------------------------------------


def case_clocks(case: CaseFile) -> list[Clock]:
    """Every clock of the case, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Clock).where(Clock.record_type == RecordType.CASE, Clock.record_id == case.id).order_by(Clock.id)
        )
    )


def _open_clock(case: CaseFile, rule_id: str) -> Clock | None:
    return next((c for c in case_clocks(case) if c.rule_id == rule_id and c.closed_at is None), None)


def _latest_clock(case: CaseFile, rule_id: str) -> Clock | None:
    found = [c for c in case_clocks(case) if c.rule_id == rule_id]
    return found[-1] if found else None


def resolution_clock(case: CaseFile) -> Clock | None:
    """The case's open resolution clock (D15, D17, D19 or D24), if any."""
    rule_id = flow.resolution_rule(case.case_type, case.complaint_subtype, case.case_round)
    return _open_clock(case, rule_id) if rule_id else None


def _start(case: CaseFile, tokens: tuple[str, ...], *, on: date, actor: Any, reason: str) -> None:
    facts = case_facts(case)
    for rule_id in flow.clock_rules(tokens, facts):
        if _open_clock(case, rule_id) is None:
            start_clock(
                case, rule_id=rule_id, trigger_on=on, variants=flow.case_variants(rule_id, on, facts),
                actor=actor, reason=reason,
            )


def _stop(case: CaseFile, tokens: tuple[str, ...], *, actor: Any, reason: str) -> None:
    for rule_id in flow.clock_rules(tokens, case_facts(case)):
        clock = _open_clock(case, rule_id)
        if clock is not None:
            stop_clock(clock, reason=reason[:255], actor=actor)


def _stop_letter_clocks(case: CaseFile, rule_ids: tuple[str, ...], *, actor: Any, reason: str) -> None:
    """Acceptance or non-acceptance ends the letters' time to accept (D14, D21)."""
    letter_ids = [m.id for m in case_members(case) if m.kind == "letter"]
    if not letter_ids or not rule_ids:
        return
    for clock in db.session.scalars(
        sa.select(Clock).where(
            Clock.record_type == RecordType.LETTER,
            Clock.record_id.in_(letter_ids),
            Clock.rule_id.in_(rule_ids),
            Clock.closed_at.is_(None),
        )
    ):
        stop_clock(clock, reason=reason[:255], actor=actor)


# ---------------------------------------------------------------------------------------------------------
# Papers: drafting, the pending drafts, the hook
# ---------------------------------------------------------------------------------------------------------


def case_papers(case: CaseFile) -> list[Document]:
    """The documents linked to the case, oldest first (any status)."""
    return list(
        db.session.scalars(
            sa.select(Document)
            .where(Document.record_type == RECORD_TYPE, Document.record_id == case.id)
            .order_by(Document.id)
        )
    )


def _pending_papers(case: CaseFile) -> list[CasePaper]:
    """The event papers of the case still drafts: their event waits for the issue."""
    return [
        paper
        for d in case_papers(case)
        if d.status == DocumentStatus.DRAFT and (paper := case_paper_of(d)) is not None and paper not in NOTICE_PAPERS
    ]


def _start_paper(case: CaseFile, event: CaseEvent, *, actor: Any, params: Mapping[str, Any]) -> Document:
    """Draft the event's paper (and the papers that go with it); the event applies when it is issued. An event
    whose paper is optional (the implementation report) asks for it here."""
    row = flow.TABLE[event]
    papers = row.papers(case.case_type)
    assert papers, event
    paper = papers[0]
    if paper in _pending_papers(case):
        raise CaseTransitionRefused(
            f"Đã có dự thảo «{flow.PAPER_WORDS[paper]}» chưa ban hành: hãy ban hành hoặc hủy dự thảo đó trước."
        )
    document = draft_case_paper(case, paper, actor=actor, params=params)
    for companion in row.papers(case.case_type)[1:]:
        draft_case_paper(case, companion, actor=actor, params={})
    return document


def on_case_paper_issued(document: Document, actor: Any) -> None:
    """Registered with petitions.documents.hooks for record type "case_file": an event paper issued applies its event
    dated the issue date (checked again: the state may have moved since the draft); the denunciation's notices
    close D23 once both are issued. Other documents linked to a case change nothing."""
    paper = case_paper_of(document)
    if paper is None or document.record_id is None:
        return
    case = db.session.get(CaseFile, document.record_id)
    if case is None:
        return
    issued_on = document.issue_date or local_today()
    label = f"{flow.PAPER_WORDS[paper]} số {document.number_symbol or ''}".strip()
    if paper in NOTICE_PAPERS:
        _notice_issued(case, document, paper, actor=actor, label=label)
        return
    event = flow.PAPER_EVENT[paper]
    if event == CaseEvent.ACCEPT and case.status != CaseStatus.OPEN and case.accepted_on is not None:
        return  # the notice of an acceptance the letter's proposal already applied (petitions.letters.handling)
    params = dict((document.body_data or {}).get("case_params") or {})
    _apply(case, event, on=issued_on, actor=actor, params=params, document=document, reason=f"Ban hành {label}",
           check_role=False)


def _notice_issued(case: CaseFile, document: Document, paper: CasePaper, *, actor: Any, label: str) -> None:
    if case.accepted_on is None:
        raise CaseTransitionRefused(f"Chưa có quyết định thụ lý tố cáo: chưa ban hành {flow.PAPER_WORDS[paper]}.")
    issued = {
        p for d in case_papers(case)
        if (d.status == DocumentStatus.ISSUED or d.id == document.id) and (p := case_paper_of(d)) in NOTICE_PAPERS
    }
    if issued >= NOTICE_PAPERS:
        _stop(case, ("D23",), actor=actor, reason=f"Đã ban hành {label}; đã thông báo người tố cáo và người bị tố cáo")


hooks.on_issued(RECORD_TYPE, on_case_paper_issued)


# ---------------------------------------------------------------------------------------------------------
# Applying an event
# ---------------------------------------------------------------------------------------------------------


def _amount(value: Any, name: str) -> Decimal:
    if isinstance(value, float):
        raise DomainError(f"Số liệu «{flow.FIGURE_WORDS[name]}» phải ghi dạng thập phân chính xác.")
    try:
        amount = Decimal(str(value).strip().replace(",", ".")) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        raise DomainError(f"Số liệu «{flow.FIGURE_WORDS[name]}» không hợp lệ: {value}.") from None
    if not amount.is_finite():
        raise DomainError(f"Số liệu «{flow.FIGURE_WORDS[name]}» không hợp lệ: {value}.")
    return amount


def _count(value: Any, name: str) -> int:
    if value in (None, ""):
        return 0
    try:
        return int(str(value))
    except ValueError:
        raise DomainError(f"Số liệu «{flow.FIGURE_WORDS[name]}» không hợp lệ: {value}.") from None


def figures_of(params: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Decimal | int]:
    """The outcome figures among `params` (CaseOutcome column names): amounts as exact Decimals, counts as
    ints; names not given are left out."""
    figures: dict[str, Decimal | int] = {}
    for name in names:
        if name in params:
            value = params[name]
            figures[name] = _amount(value, name) if name in flow.DECIMAL_FIGURES else _count(value, name)
    flow.check_figures(figures)
    return figures


def _outcome(case: CaseFile) -> CaseOutcome:
    outcome = db.session.scalar(sa.select(CaseOutcome).where(CaseOutcome.case_file_id == case.id))
    if outcome is None:
        outcome = CaseOutcome(case_file_id=case.id)
        db.session.add(outcome)
    return outcome


def case_outcome(case: CaseFile) -> CaseOutcome | None:
    return db.session.scalar(sa.select(CaseOutcome).where(CaseOutcome.case_file_id == case.id))


def _check_limits(case: CaseFile, event: CaseEvent, *, on: date, params: Mapping[str, Any]) -> None:
    """The rule's limits beyond the table (checked when the event starts and again when it applies)."""
    facts = case_facts(case)
    if event == CaseEvent.EXTEND:
        clock = resolution_clock(case)
        flow.check_extension(facts, granted=len(clock.extension_days or ()) if clock else 0,
                             days=_count(params.get("days"), "days") if "days" in params else 0)
    elif event == CaseEvent.SUSPEND:
        flow.check_suspension(facts, on)
    elif event == CaseEvent.DECIDE:
        value = params.get("verdict")
        try:
            verdict = CaseVerdict(str(value))
        except ValueError:
            raise CaseTransitionRefused("Vui lòng chọn kết quả giải quyết (đúng, sai, có đúng có sai …).") from None
        flow.check_verdict(facts, verdict)
        figures_of(params, flow.ORDERED_FIGURES)
    elif event == CaseEvent.RECORD_IMPLEMENTATION:
        figures_of(params, flow.DONE_FIGURES)
    elif event == CaseEvent.LAPSE:
        window = _latest_clock(case, "D20")
        flow.check_lapse(on=on, window_due=window.due_on if window else None)
    if event in (CaseEvent.ACCEPT, CaseEvent.NOT_ACCEPT) and on < case.opened_on:
        raise CaseTransitionRefused("Ngày thụ lý không thể trước ngày nhận đơn.")
    correction = sa.orm.aliased(CaseFileStatusEvent)
    last = db.session.scalar(
        sa.select(sa.func.max(CaseFileStatusEvent.effective_on)).where(
            CaseFileStatusEvent.case_file_id == case.id,
            ~sa.exists().where(correction.supersedes_id == CaseFileStatusEvent.id),  # a corrected date is no step
        )
    )
    if last is not None and on < last:
        # The case's dated events stay in order (the reports read a status as of a day).
        raise CaseTransitionRefused(
            f"Ngày {on:%d/%m/%Y} ở trước bước gần nhất của vụ việc ({last:%d/%m/%Y}): không "
            f"{flow.EVENT_WORDS[event]} với ngày này được."
        )


def _apply(
    case: CaseFile,
    event: CaseEvent,
    *,
    on: date,
    actor: Any,
    params: Mapping[str, Any],
    reason: str,
    document: Document | None = None,
    check_role: bool = True,
    note: str | None = None,
) -> CaseFile:
    """Apply `event` to the case dated `on`: state, fields, ONE status event, clocks, outcome, in one history
    context with `reason`."""
    to = _check(case, event, actor) if check_role else flow.next_state(case_facts(case), event, None)
    _check_limits(case, event, on=on, params=params)
    row = flow.TABLE[event]
    before = case.status
    with history_context(actor=actor, reason=reason):
        if event == CaseEvent.ASSIGN_VERIFICATION and isinstance(params.get("handler_id"), int):
            case.handler_id = params["handler_id"]
        elif event == CaseEvent.REPORT_VERIFICATION:
            case.verification_reported_on = on
        elif event == CaseEvent.NOTIFY_RESULT:
            case.result_notified_on = on
        elif event == CaseEvent.PUBLISH:
            case.published_on = on
        elif event == CaseEvent.SUSPEND:
            case.suspended_from = before
        elif event in (CaseEvent.RESUME, CaseEvent.TERMINATE):
            case.suspended_from = None
        elif event == CaseEvent.DECIDE:
            _decide(case, on=on, params=params, document=document)
        elif event == CaseEvent.RECORD_IMPLEMENTATION:
            _implemented(case, on=on, actor=actor, params=params, note=note or reason)
        elif event == CaseEvent.TO_COURT:
            case.court_filed_on = on
            case.court_reference = normalise_text(str(params.get("reference") or ""))[:200]
        record_case_status(
            case, to, effective_on=on, actor=actor, transition=event.value,
            note=note or (reason if document is not None else None),
        )
        # Clocks: stop, pause, resume, extend, then start (a decision stops D15 and starts D16, D18).
        _stop(case, row.stops, actor=actor, reason=reason)
        for rule_id in flow.clock_rules(row.pauses, case_facts(case)):
            clock = _open_clock(case, rule_id)
            if clock is not None:
                pause_clock(clock, on=on, actor=actor, reason=reason)
        for rule_id in flow.clock_rules(row.resumes, case_facts(case)):
            clock = _open_clock(case, rule_id)
            if clock is not None and clock.paused_since is not None:
                resume_clock(clock, on=on, actor=actor, reason=reason)
        for rule_id in flow.clock_rules(row.extends, case_facts(case)):
            clock = _open_clock(case, rule_id)
            if clock is None:
                raise CaseTransitionRefused("Vụ việc không có thời hạn giải quyết đang chạy để gia hạn.")
            extend_clock(clock, days=int(params["days"]), actor=actor, reason=reason)
        _start(case, row.starts, on=on, actor=actor, reason=reason)
        _stop_letter_clocks(case, row.stops_letters, actor=actor, reason=reason)
        if event in (CaseEvent.ACCEPT, CaseEvent.NOT_ACCEPT):
            # The matter is decided for every letter of the case still waiting for its route (the system's
            # rule, petitions.letters.handling.follow_case_decision): none keeps its D10 running.
            members_follow_decision(case, accepted=event == CaseEvent.ACCEPT, on=on, actor=actor, reason=reason)
        db.session.flush()
    return case


def _decide(case: CaseFile, *, on: date, params: Mapping[str, Any], document: Document | None) -> None:
    """The decision or conclusion: verdict, what it ordered, and whether it came in time (against the due date
    after lawful extensions and pauses; the clock stops right after)."""
    clock = resolution_clock(case)
    outcome = _outcome(case)
    outcome.verdict = CaseVerdict(str(params["verdict"]))
    outcome.decided_on = on
    outcome.decision_document_id = document.id if document is not None else None
    outcome.resolved_on_time = flow.on_time(on, clock.due_on if clock is not None else None)
    for name, value in figures_of(params, flow.ORDERED_FIGURES).items():
        setattr(outcome, name, value)
    case.decided_on = on


def _implemented(case: CaseFile, *, on: date, actor: Any, params: Mapping[str, Any], note: str | None) -> None:
    """The outcome's cumulative implemented figures, and the dated ledger entry that keeps them as of `on`
    (CaseOutcome is overwritten; the reports read what was done before a window from the entries)."""
    outcome = _outcome(case)
    changed = False
    for name, value in figures_of(params, flow.DONE_FIGURES).items():
        if getattr(outcome, name) != value:
            setattr(outcome, name, value)
            changed = True
    implemented_on = param_date(params, "implemented_on")
    if implemented_on is not None and implemented_on != outcome.implemented_on:
        outcome.implemented_on = implemented_on
        changed = True
    if not changed:
        raise CaseTransitionRefused("Kết quả thực hiện không có gì thay đổi so với lần ghi nhận trước.")
    db.session.add(CaseImplementationEntry(
        case_file_id=case.id, effective_on=on, fully_done=outcome.implemented_on is not None,
        note=(note or "")[:500] or None, recorded_by_id=getattr(actor, "id", None),
        **{name: getattr(outcome, name) for name in flow.DONE_FIGURES},
    ))


def _reason(event: CaseEvent, text: str | None = None) -> str:
    words = flow.EVENT_WORDS[event]
    head = words[:1].upper() + words[1:]
    return f"{head}: {text}" if text else head


def _chosen(enum: type[_Choice], value: Any, *, field: str, message: str) -> _Choice:
    """The member of `enum` a select posted or a body named (the member itself or its value); anything else is
    refused beside the field (which members fit this case is flow's rule, checked after)."""
    if isinstance(value, enum):
        return value
    try:
        return enum(value or "")
    except ValueError:
        raise FieldRefused(message, field=field) from None


def _require_text(value: str | None, *, minimum: int, message: str, field: str | None = None) -> str:
    text = normalise_text(value)
    if len(text) < minimum:
        raise FieldRefused(message, field=field) if field else DomainError(message)
    return text


# ---------------------------------------------------------------------------------------------------------
# The services: one per event
# ---------------------------------------------------------------------------------------------------------


def _acceptance_papers_missing(case: CaseFile) -> list[CasePaper]:
    """For a case accepted and still pending: the acceptance papers neither drafted nor issued yet."""
    if case.accepted_on is None or case.status not in flow.PENDING:
        return []
    have = {case_paper_of(d) for d in case_papers(case) if d.status != DocumentStatus.VOID}
    return [p for p in flow.TABLE[CaseEvent.ACCEPT].papers(case.case_type) if p not in have]


def accept_case(case: CaseFile, *, actor: Any, verifier: str = "") -> Document:
    """Draft the acceptance (KN: thông báo thụ lý; TC: QĐ thụ lý with its notices to the denouncer and the
    accused). Issued, it accepts the case: D15/D17/D19 or D24 and D23 start, the letters' D14/D21 stop, and
    the case's letters still before their route are accepted with it (petitions.cases.services
    .members_follow_decision: status event dated the issue, D10/D14/D21/D22 stopped).

    A case the letter's proposal already accepted (petitions.letters.handling) still needs these papers: for it
    the papers not drafted or issued yet are drafted (the first one returned); issued, they move nothing but
    D23 (closed once both notices are out)."""
    params = {"verifier": verifier} if verifier else {}
    if case.accepted_on is not None and case.status in flow.PENDING:
        if not works_on_case(actor, case) or (_role(actor) is not None and _role(actor) not in flow.TABLE[
                CaseEvent.ACCEPT].roles):
            raise CaseTransitionRefused(f"Vai trò của bạn không được {flow.EVENT_WORDS[CaseEvent.ACCEPT]}.")
        missing = _acceptance_papers_missing(case)
        if not missing:
            raise CaseTransitionRefused("Vụ việc đã được thụ lý và đã có văn bản thụ lý.")
        drafts = [draft_case_paper(case, p, actor=actor, params=params) for p in missing]
        return drafts[0]
    _check(case, CaseEvent.ACCEPT, actor)
    return _start_paper(case, CaseEvent.ACCEPT, actor=actor, params=params)


def not_accept_case(case: CaseFile, *, reason: str, actor: Any) -> Document:
    """Draft the notice of non-acceptance with its reasons; issued, the case is not accepted."""
    _check(case, CaseEvent.NOT_ACCEPT, actor)
    text = _require_text(reason, minimum=5, message="Vui lòng ghi rõ lý do không thụ lý.", field="reason")
    return _start_paper(case, CaseEvent.NOT_ACCEPT, actor=actor, params={"reason": text})


def accept_from_letter(case: CaseFile, *, accepted_on: date, actor: Any, reason: str, second_round: bool) -> None:
    """The letters' path (petitions.letters.handling): the letter's proposal to accept was issued, so its case
    is accepted that day (round 2 when the letter says the first round was resolved) with its clocks. A case
    already past acceptance stays as it is. A petition case has no resolution: its status is recorded only."""
    if case.status != CaseStatus.OPEN:
        return
    if case.case_type == CaseType.PETITION:
        with history_context(actor=actor, reason=reason):
            record_case_status(case, CaseStatus.ACCEPTED, effective_on=accepted_on, actor=actor, note=reason[:500])
        members_follow_decision(case, accepted=True, on=accepted_on, actor=actor, reason=reason)
        return
    if second_round and case.case_round != CaseRound.SECOND:
        with history_context(actor=actor, reason=reason):
            case.case_round = CaseRound.SECOND
    _apply(case, CaseEvent.ACCEPT, on=accepted_on, actor=actor, params={}, reason=reason, check_role=False,
           note=reason[:500])


def verification_officers(case: CaseFile, actor: Any) -> sa.Select[User]:
    """The officers a verification may be assigned to (the page's choices and the one check of the id sent):
    active handlers and leaders of the body in charge or below it, within the actor's own scope."""
    condition = sa.and_(
        in_agency_subtree(User.agency_id, case.agency_in_charge_id),
        User.role.in_((Role.HANDLER, Role.LEADER)),
        User.is_active.is_(True),
    )
    if isinstance(actor, User):
        mine = in_agency_subtree(User.agency_id, actor.agency_id) if actor.agency_id is not None else sa.false()
        condition = sa.and_(condition, mine)
    return sa.select(User).where(condition)


def assign_verification(
    case: CaseFile,
    *,
    actor: Any,
    handler_id: int | None = None,
    verifier_agency_id: int | None = None,
    verifier: str = "",
    members: tuple[str, ...] = (),
    days: int | None = None,
    plan: str = "",
) -> Document:
    """Draft the QĐ giao xác minh (or thành lập tổ xác minh): the officer who verifies (an officer of the body
    in charge), the verifying body or team, its members, days and plan. Issued, the case is verifying."""
    _check(case, CaseEvent.ASSIGN_VERIFICATION, actor)
    params: dict[str, Any] = {"members": list(members), "plan": normalise_text(plan), "verifier": normalise_text(verifier)}
    if handler_id is not None:
        officer = get_visible_or_404(
            verification_officers(case, actor), handler_id,
            refuse=OutOfScope("Không tìm thấy cán bộ đã chọn.", field="handler_id"),
        )
        params["handler_id"] = officer.id
        params["verifier_name"] = officer.full_name
    if verifier_agency_id is not None:
        params["verifier_agency_id"] = verifier_agency_id  # the paper loads it through the actor's scope
    if days is not None:
        params["days"] = days
    return _start_paper(case, CaseEvent.ASSIGN_VERIFICATION, actor=actor, params=params)


def report_verification(case: CaseFile, *, findings: str, proposal: str = "", actor: Any) -> Document:
    """Draft the verification report (báo cáo kết quả xác minh); issued, it is recorded on the case."""
    _check(case, CaseEvent.REPORT_VERIFICATION, actor)
    text = _require_text(findings, minimum=5, message="Vui lòng ghi kết quả xác minh.", field="findings")
    return _start_paper(case, CaseEvent.REPORT_VERIFICATION, actor=actor,
                        params={"findings": text, "proposal": normalise_text(proposal)})


def hold_dialogue(
    case: CaseFile, *, held_on: date, participants: tuple[str, ...], result: str, actor: Any,
    place: str = "", opinions: str = "",
) -> Document:
    """Draft the biên bản đối thoại (complaints): date, place, participants, opinions and result; issued, the
    case has held its dialogue."""
    _check(case, CaseEvent.HOLD_DIALOGUE, actor)
    if held_on > local_today():
        raise FieldRefused("Ngày đối thoại không thể sau hôm nay.", field="held_on")
    if not [p for p in participants if normalise_text(p)]:
        raise FieldRefused("Vui lòng ghi thành phần tham gia đối thoại.", field="participants")
    text = _require_text(result, minimum=5, message="Vui lòng ghi kết quả đối thoại.", field="result")
    return _start_paper(case, CaseEvent.HOLD_DIALOGUE, actor=actor, params={
        "held_on": held_on, "participants": [normalise_text(p) for p in participants if normalise_text(p)],
        "result": text, "place": normalise_text(place), "opinions": normalise_text(opinions),
    })


def extend_case(case: CaseFile, *, days: int, reason: str, actor: Any) -> Document:
    """Draft the QĐ gia hạn (NĐ 31 Mẫu 01) of a denunciation: complex once, very complex twice, each ≤ 30 days.
    Issued, D24 moves by `days`."""
    _check(case, CaseEvent.EXTEND, actor)
    text = _require_text(reason, minimum=5, message="Vui lòng ghi rõ lý do gia hạn.", field="reason")
    _check_limits(case, CaseEvent.EXTEND, on=local_today(), params={"days": days})
    return _start_paper(case, CaseEvent.EXTEND, actor=actor, params={"days": days, "reason": text})


def suspend_case(case: CaseFile, *, reason: str, actor: Any, effective_on: date | None = None) -> Document:
    """Draft the QĐ tạm đình chỉ; issued, the case is suspended and its resolution clock paused from that day
    (a complaint only from 01/07/2026)."""
    _check(case, CaseEvent.SUSPEND, actor)
    text = _require_text(reason, minimum=5, message="Vui lòng ghi rõ lý do tạm đình chỉ.", field="reason")
    _check_limits(case, CaseEvent.SUSPEND, on=effective_on or local_today(), params={})
    return _start_paper(case, CaseEvent.SUSPEND, actor=actor, params={"reason": text})


def resume_case(case: CaseFile, *, reason: str, actor: Any) -> Document:
    """Draft the QĐ tiếp tục giải quyết; issued, the case returns to its state before the suspension and the
    paused days are added to its due date."""
    _check(case, CaseEvent.RESUME, actor)
    text = _require_text(reason, minimum=5, message="Vui lòng ghi rõ lý do tiếp tục giải quyết.", field="reason")
    return _start_paper(case, CaseEvent.RESUME, actor=actor, params={"reason": text})


def terminate_case(case: CaseFile, *, reason: str, actor: Any) -> Document:
    """Draft the QĐ / thông báo đình chỉ; issued, the case is terminated, its clocks stop, and a complaint's
    D20 starts (no continuation within 30 days: it lapses)."""
    _check(case, CaseEvent.TERMINATE, actor)
    text = _require_text(reason, minimum=5, message="Vui lòng ghi rõ lý do đình chỉ.", field="reason")
    return _start_paper(case, CaseEvent.TERMINATE, actor=actor, params={"reason": text})


def decide_case(
    case: CaseFile,
    *,
    verdict: CaseVerdict | str,
    actor: Any,
    figures: Mapping[str, Decimal | int] | None = None,
    texts: Mapping[str, str] | None = None,
) -> Document:
    """Draft the QĐ giải quyết khiếu nại (lần đầu, lần hai) or the kết luận nội dung tố cáo: the verdict, the
    figures it orders (CaseOutcome column names: money in million VND and land in m² as Decimal, counts as int)
    and its sections (`texts`: grounds, findings, dialogue, conclusion, decision, measures, recommendations).
    Issued, the case is decided: the outcome is written, timeliness judged, D15/D17/D19/D24 stop and a
    complaint's D16 / D18 start."""
    _check(case, CaseEvent.DECIDE, actor)
    unknown = set(figures or {}) - set(flow.ORDERED_FIGURES)
    if unknown:
        raise TypeError(f"decide_case() got unknown figures: {', '.join(sorted(unknown))}")
    chosen = _chosen(CaseVerdict, verdict, field="verdict", message="Vui lòng chọn kết quả giải quyết.")
    params: dict[str, Any] = {**{k: normalise_text(v) for k, v in (texts or {}).items()},
                              "verdict": chosen.value, **dict(figures or {})}
    _check_limits(case, CaseEvent.DECIDE, on=local_today(), params=params)
    return _start_paper(case, CaseEvent.DECIDE, actor=actor, params=params)


def notify_result(
    case: CaseFile, *, actor: Any, result: str = "", effective_on: date | None = None
) -> Document | CaseFile:
    """Tell the citizen the result: a denunciation by the notice to the denouncer (drafted; applied when
    issued); a complaint's decision is itself sent, so its notification is recorded at once (`effective_on`)."""
    _check(case, CaseEvent.NOTIFY_RESULT, actor)
    if flow.TABLE[CaseEvent.NOTIFY_RESULT].paper(case.case_type) is not None:
        return _start_paper(case, CaseEvent.NOTIFY_RESULT, actor=actor, params={"result": normalise_text(result)})
    on = _day(effective_on)
    return _apply(case, CaseEvent.NOTIFY_RESULT, on=on, actor=actor, params={},
                  reason=_reason(CaseEvent.NOTIFY_RESULT, normalise_text(result) or None))


def publish_result(
    case: CaseFile, *, actor: Any, form: str, published_on: date | None = None, place: str = ""
) -> Document:
    """Draft the publication record (biên bản / thông báo công khai); issued, the case is published."""
    _check(case, CaseEvent.PUBLISH, actor)
    text = _require_text(form, minimum=3, message="Vui lòng ghi hình thức công khai.", field="form")
    return _start_paper(case, CaseEvent.PUBLISH, actor=actor,
                        params={"form": text, "published_on": published_on, "place": normalise_text(place)})


def _day(effective_on: date | None) -> date:
    on = effective_on or local_today()
    if on > local_today():
        raise FieldRefused("Ngày ghi nhận không thể sau hôm nay.", field="effective_on")
    return on


def withdraw_case(case: CaseFile, *, reason: str, actor: Any, effective_on: date | None = None) -> CaseFile:
    """Record the citizen's withdrawal (đơn rút); the case then waits for its termination (đình chỉ). The clock
    keeps running: the body still has to terminate within the period."""
    _check(case, CaseEvent.WITHDRAW, actor)
    text = _require_text(reason, minimum=5, message="Vui lòng ghi nội dung đơn rút.", field="reason")
    return _apply(case, CaseEvent.WITHDRAW, on=_day(effective_on), actor=actor, params={},
                  reason=_reason(CaseEvent.WITHDRAW), note=text)


def reclassify_case(
    case: CaseFile,
    *,
    complexity: Complexity | str,
    remote: bool,
    reason: str,
    actor: Any,
    effective_on: date | None = None,
) -> CaseFile:
    """The case is classed complex / very complex or remote (recorded in writing): the fields change and the
    running resolution clock takes the new variants (petitions.deadlines.services.change_clock_variants), so its
    due date moves with an explanation and history rows naming the reason."""
    _check(case, CaseEvent.RECLASSIFY, actor)
    text = _require_text(reason, minimum=5, message="Vui lòng ghi rõ căn cứ phân loại lại vụ việc.", field="reason")
    level = _chosen(Complexity, complexity, field="complexity", message="Vui lòng chọn mức độ phức tạp.")
    on = _day(effective_on)
    clock = resolution_clock(case)
    flow.check_reclassification(case_facts(case), complexity=level, remote=remote,
                                extensions_granted=len(clock.extension_days or ()) if clock else 0)
    full = _reason(CaseEvent.RECLASSIFY, text)
    with history_context(actor=actor, reason=full):
        case.complexity = level
        case.is_remote = remote
        record_case_status(case, case.status, effective_on=on, actor=actor, transition=CaseEvent.RECLASSIFY.value,
                           note=f"{flow.COMPLEXITY_WORDS[level]}{', vùng sâu, vùng xa' if remote else ''}: {text}")
        facts = case_facts(case)
        for rule_id in flow.clock_rules(flow.TABLE[CaseEvent.RECLASSIFY].variants_change, facts):
            running = _open_clock(case, rule_id)
            if running is None:
                continue
            variants = flow.case_variants(rule_id, running.trigger_on, facts)
            if tuple(running.variant_list) != variants:
                change_clock_variants(running, variants, reason=full, actor=actor, effective_on=on)
        db.session.flush()
    return case


def lapse_case(case: CaseFile, *, actor: Any, effective_on: date | None = None) -> CaseFile:
    """A terminated complaint whose 30 days to continue (D20) ran out without continuation lapses."""
    return _apply(case, CaseEvent.LAPSE, on=_day(effective_on), actor=actor, params={},
                  reason=_reason(CaseEvent.LAPSE))


def start_implementation(case: CaseFile, *, actor: Any, effective_on: date | None = None, note: str = "") -> CaseFile:
    """The decision is being carried out (tổ chức thực hiện)."""
    return _apply(case, CaseEvent.START_IMPLEMENTATION, on=_day(effective_on), actor=actor, params={},
                  reason=_reason(CaseEvent.START_IMPLEMENTATION), note=normalise_text(note) or None)


def record_implementation(
    case: CaseFile,
    *,
    figures: Mapping[str, Decimal | int],
    actor: Any,
    implemented_on: date | None = None,
    effective_on: date | None = None,
    summary: str = "",
    with_report: bool = False,
) -> CaseFile | Document:
    """What was actually recovered, returned, disciplined, prosecuted (implemented_* columns as Decimal / int)
    and the day every measure was done; recorded at once, or, `with_report`, by the implementation report
    (drafted; applied when issued)."""
    _check(case, CaseEvent.RECORD_IMPLEMENTATION, actor)
    unknown = set(figures) - set(flow.DONE_FIGURES)
    if unknown:
        raise TypeError(f"record_implementation() got unknown figures: {', '.join(sorted(unknown))}")
    params: dict[str, Any] = {**dict(figures), "implemented_on": implemented_on, "summary": normalise_text(summary)}
    if implemented_on is not None and implemented_on > local_today():
        raise FieldRefused("Ngày hoàn thành không thể sau hôm nay.", field="implemented_on")
    figures_of(params, flow.DONE_FIGURES)
    if with_report:
        return _start_paper(case, CaseEvent.RECORD_IMPLEMENTATION, actor=actor, params=params)
    return _apply(case, CaseEvent.RECORD_IMPLEMENTATION, on=_day(effective_on), actor=actor, params=params,
                  reason=_reason(CaseEvent.RECORD_IMPLEMENTATION, normalise_text(summary) or None))


# The two append-only records a correction supersedes (supersedes_id) instead of editing them.
_Superseded = TypeVar("_Superseded", CaseImplementationEntry, CaseFileStatusEvent)


def _live_rows(model: type[_Superseded], case: CaseFile) -> list[_Superseded]:
    """A case's rows of ``model`` that no correction superseded, by their effective date: what the reports read."""
    correction = sa.orm.aliased(model)
    return list(db.session.scalars(
        sa.select(model)
        .where(model.case_file_id == case.id, ~sa.exists().where(correction.supersedes_id == model.id))
        .order_by(model.effective_on, model.id)
    ))


def live_implementation_entries(case: CaseFile) -> list[CaseImplementationEntry]:
    """The case's implementation records the reports read (none superseded by a correction), by date."""
    return _live_rows(CaseImplementationEntry, case)


def correct_implementation_date(
    entry: CaseImplementationEntry, *, effective_on: date, reason: str, actor: Any
) -> CaseImplementationEntry:
    """Correct the date of a recorded implementation (đính chính): a new entry with the same cumulative
    figures and the right date supersedes it; the wrong one stays on record. A report run afterwards, even
    for a window already closed, reads the corrected date (DOMAIN §6 valid time)."""
    case = db.session.get(CaseFile, entry.case_file_id)
    assert case is not None
    # Whoever may record the implementation corrects it, in any later state (the case may be closed by then).
    role = _role(actor)
    if not works_on_case(actor, case) or (role is not None and role not in flow.TABLE[
            CaseEvent.RECORD_IMPLEMENTATION].roles):
        raise CaseTransitionRefused("Vai trò của bạn không được đính chính kết quả thực hiện của vụ việc này.")
    text = check_reason(reason)
    live = live_implementation_entries(case)
    if entry not in live:
        raise CorrectionRefused("Lần ghi nhận này đã được đính chính; đính chính lần ghi nhận mới nhất.")
    at = live.index(entry)
    check_implementation_date(
        effective_on, old=entry.effective_on, decided_on=case.decided_on,
        previous=live[at - 1].effective_on if at > 0 else None,
        following=live[at + 1].effective_on if at + 1 < len(live) else None, today=local_today(),
    )
    with history_context(actor=actor, reason=f"Đính chính ngày thực hiện: {text}"):
        fixed = CaseImplementationEntry(
            case_file_id=case.id, effective_on=effective_on, fully_done=entry.fully_done, supersedes_id=entry.id,
            note=f"Đính chính ngày {entry.effective_on:%d/%m/%Y}: {text}"[:500],
            recorded_by_id=getattr(actor, "id", None),
            **{name: getattr(entry, name) for name in flow.DONE_FIGURES},
        )
        db.session.add(fixed)
        db.session.flush()
    return fixed


# The steps whose date a correction may move: recorded from the citizen's own paper (no paper of the office dates
# them), starting, stopping or moving no clock, mirrored in no field of the case. A step applied by a paper
# (acceptance, decision, termination …) takes its date from the paper's issue date in the register, and the other
# steps set a field or a clock from their date (lapse, court, closing, next round): moving those is not supported.
DATE_CORRECTABLE_EVENTS = frozenset({CaseEvent.WITHDRAW})


def live_status_events(case: CaseFile) -> list[CaseFileStatusEvent]:
    """The case's status events the reports read (none superseded by a correction), by date."""
    return _live_rows(CaseFileStatusEvent, case)


def correct_case_event_date(
    event: CaseFileStatusEvent, *, effective_on: date, reason: str, actor: Any
) -> CaseFileStatusEvent:
    """Correct the date of a recorded step of a case (đính chính), e.g. a withdrawal entered with the wrong day: a
    new event with the same status and step, the right date and the reason in its note supersedes it in the same
    transaction; the wrong one stays on record (the table is append-only). A report run afterwards, for a window
    already closed too, reads the corrected date (DOMAIN §6 valid time). Only DATE_CORRECTABLE_EVENTS."""
    case = db.session.get(CaseFile, event.case_file_id)
    assert case is not None
    step = next((e for e in CaseEvent if e.value == event.transition), None)
    if step not in DATE_CORRECTABLE_EVENTS:
        raise CorrectionRefused(
            "Chỉ đính chính được ngày ghi nhận rút đơn. Ngày của bước do văn bản quyết định (thụ lý, giải quyết, "
            "đình chỉ …) là ngày ban hành văn bản đó."
        )
    assert step is not None
    role = _role(actor)
    if not works_on_case(actor, case) or (role is not None and role not in flow.TABLE[step].roles):
        raise CaseTransitionRefused("Vai trò của bạn không được đính chính bước này của vụ việc.")
    text = check_reason(reason)
    live = live_status_events(case)
    if event not in live:
        raise CorrectionRefused("Bước này đã được đính chính; đính chính lần ghi nhận mới nhất.")
    at = live.index(event)
    check_case_event_date(
        effective_on, old=event.effective_on, previous=live[at - 1].effective_on if at > 0 else None,
        following=live[at + 1].effective_on if at + 1 < len(live) else None, today=local_today(),
        what=flow.EVENT_WORDS[step],
    )
    fixed = CaseFileStatusEvent(
        case_file_id=case.id, status=event.status, effective_on=effective_on, transition=event.transition,
        supersedes_id=event.id, recorded_by_id=getattr(actor, "id", None),
        note=f"Đính chính ngày {event.effective_on:%d/%m/%Y}: {text}"[:500],
    )
    db.session.add(fixed)
    db.session.flush()
    return fixed


def correct_decision_record(
    case: CaseFile,
    *,
    reason: str,
    actor: Any,
    verdict: CaseVerdict | str | None = None,
    figures: Mapping[str, Decimal | int] | None = None,
) -> CaseOutcome:
    """Correct the record of an issued decision or conclusion (đính chính) where it was entered differently from
    the paper: its verdict and the figures it ordered, with the reason in the outcome's history. The decision's
    date stays (the paper states it). A report run afterwards, for a window long closed too, reads the corrected
    record (DOMAIN §6 valid time: every correction recorded before the report is run)."""
    outcome = case_outcome(case)
    if outcome is None or outcome.decided_on is None:
        raise CorrectionRefused("Vụ việc chưa có quyết định giải quyết (kết luận) để đính chính.")
    role = _role(actor)
    if not works_on_case(actor, case) or (role is not None and role not in flow.TABLE[CaseEvent.DECIDE].roles):
        raise CaseTransitionRefused("Vai trò của bạn không được đính chính quyết định của vụ việc này.")
    text = check_reason(reason)
    unknown = set(figures or {}) - set(flow.ORDERED_FIGURES)
    if unknown:
        raise TypeError(f"correct_decision_record() got unknown figures: {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = dict(figures_of(dict(figures or {}), flow.ORDERED_FIGURES))
    if verdict is not None:
        flow.check_verdict(case_facts(case), CaseVerdict(verdict))
        changes["verdict"] = CaseVerdict(verdict)
    changes = {name: value for name, value in changes.items() if getattr(outcome, name) != value}
    if not changes:
        raise CorrectionRefused("Không có thông tin nào thay đổi: không có gì để đính chính.")
    with history_context(actor=actor, reason=f"Đính chính quyết định giải quyết: {text}"):
        for name, value in changes.items():
            setattr(outcome, name, value)
        db.session.flush()
    return outcome


def close_resolved_case(case: CaseFile, *, actor: Any, effective_on: date | None = None, note: str = "") -> CaseFile:
    """Close a decided and published case (its implementation done or nothing to implement)."""
    return _apply(case, CaseEvent.CLOSE, on=_day(effective_on), actor=actor, params={},
                  reason=_reason(CaseEvent.CLOSE), note=normalise_text(note) or None)


def record_court_filing(
    case: CaseFile, *, reference: str, actor: Any, effective_on: date | None = None
) -> CaseFile:
    """The complainant took the decided complaint to court: the date and the court's reference; the windows
    D16 and D18 stop."""
    text = _require_text(reference, minimum=3, message="Vui lòng ghi số thụ lý hoặc tên Tòa án.", field="reference")
    return _apply(case, CaseEvent.TO_COURT, on=_day(effective_on), actor=actor, params={"reference": text},
                  reason=_reason(CaseEvent.TO_COURT, text))


def next_round_bodies(case: CaseFile, actor: Any) -> sa.Select[Agency]:
    """Bodies the next round may go to: the body in charge and those above it (the superior), and the actor's
    own tree."""
    condition = in_agency_ancestry(Agency.id, case.agency_in_charge_id)
    if isinstance(actor, User) and actor.agency_id is not None:
        condition = sa.or_(condition, in_agency_subtree(Agency.id, actor.agency_id))
    elif not isinstance(actor, User):
        condition = sa.true()
    return sa.select(Agency).where(condition)


def open_next_round(
    case: CaseFile,
    *,
    received_on: date,
    actor: Any,
    reason: str,
    agency_in_charge_id: int | None = None,
    title: str | None = None,
) -> CaseFile:
    """The complaint comes back in round 2 (within D16 of the first decision) or the denunciation is made again
    to the superior (tố cáo tiếp): a new linked case (parent_case_id, round 2) in the body chosen (default: the
    same body), OPEN from `received_on`; the parent's D16 closes; a re-denunciation's D26 starts. The new case
    is accepted as any other (a complaint's D17 then starts)."""
    _check(case, CaseEvent.NEXT_ROUND, actor)
    text = _require_text(reason, minimum=5, message="Vui lòng ghi căn cứ mở vụ việc tiếp theo.", field="reason")
    if received_on > local_today():
        raise FieldRefused("Ngày nhận không thể sau hôm nay.", field="received_on")
    if case.decided_on is not None and received_on < case.decided_on:
        raise FieldRefused("Ngày nhận không thể trước ngày có quyết định, kết luận.", field="received_on")
    window = _latest_clock(case, "D16")
    flow.check_next_round(case_facts(case), received_on=received_on, window_due=window.due_on if window else None)
    body_id = case.agency_in_charge_id
    if agency_in_charge_id is not None:
        body_id = get_visible_or_404(
            next_round_bodies(case, actor), agency_in_charge_id,
            refuse=OutOfScope("Không tìm thấy cơ quan đã chọn.", field="agency_in_charge_id"),
        ).id
    full = _reason(CaseEvent.NEXT_ROUND, text)
    with history_context(actor=actor, reason=full):
        new = create_case(
            case_type=case.case_type, complaint_subtype=case.complaint_subtype,
            title=normalise_text(title) or case.title, opened_on=received_on, agency_in_charge_id=body_id, actor=actor,
            note=f"{text} (tiếp theo vụ việc #{case.id})", transition=CaseEvent.NEXT_ROUND.value,
        )
        new.case_round = CaseRound.SECOND
        new.parent_case_id = case.id
        new.is_remote = case.is_remote
        db.session.flush()
        _stop(case, flow.TABLE[CaseEvent.NEXT_ROUND].stops, actor=actor, reason=full)
        _start(new, ("D26",), on=received_on, actor=actor, reason=full)
        db.session.flush()
    return new


def lapse_expired_cases(*, today: date | None = None) -> list[CaseFile]:
    """The system's sweep (`petitions cases lapse`, daily): every terminated complaint whose D20 ran out before
    `today` (default: today) lapses that day, each as its own LAPSE event. Returns the cases that lapsed."""
    on = today or local_today()
    expired = db.session.scalars(
        sa.select(CaseFile)
        .join(Clock, sa.and_(Clock.record_type == RecordType.CASE, Clock.record_id == CaseFile.id))
        .where(
            CaseFile.status == CaseStatus.TERMINATED,
            CaseFile.case_type == CaseType.COMPLAINT,
            Clock.rule_id == "D20",
            Clock.closed_at.is_(None),
            Clock.due_on < on,
        )
        .order_by(CaseFile.id)
    ).all()
    for case in expired:
        _apply(case, CaseEvent.LAPSE, on=on, actor=None, params={}, reason=_reason(CaseEvent.LAPSE), check_role=False)
    return list(expired)
