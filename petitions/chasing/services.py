"""Chasing use cases: build the day's list of proposed steps (idempotent for a day), a leader's approval (the
step's paper drafted, optionally issued with the register's next number; an urging recorded on the letter) or
skip with a reason, and the withdrawal of open proposals as soon as the body's answer arrives (registered with
petitions.referrals.hooks). The ladder's rules are pure: petitions.domain.chasing. Services flush; the caller
commits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from petitions.auth.models import User
from petitions.chasing import papers, queries
from petitions.chasing.models import Chase, ChaseRun
from petitions.clock import local_today, utcnow
from petitions.deadlines.queries import load_working_calendar
from petitions.directory.models import Agency
from petitions.directory.queries import in_agency_subtree, subtree_id_list
from petitions.documents import hooks as document_hooks
from petitions.documents import services as documents
from petitions.documents.models import Document
from petitions.domain import letter_flow as flow
from petitions.domain.chasing import (
    RUNGS,
    ChaseStatus,
    ChaseStep,
    LadderSettings,
    PastStep,
    due_step,
    is_urging,
    withdrawal_reason,
)
from petitions.domain.deadlines import DeadlineError
from petitions.domain.letter_flow import LetterTransition
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.handling import chase_letter
from petitions.mail.services import queue_document_mail
from petitions.referrals import hooks as referral_hooks
from petitions.referrals.models import Referral
from petitions.referrals.queries import WITH_BODY
from petitions.request_args import in_column_range

__all__ = [
    "BulkApproval",
    "DaySummary",
    "approve_chase",
    "approve_many",
    "build_day_list",
    "ladder_settings",
    "skip_chase",
    "withdraw_on_answer",
]

STEP_LABELS: dict[ChaseStep, str] = {
    ChaseStep.REMINDER: "Nhắc trước hạn",
    ChaseStep.FIRST_URGING: "Đôn đốc lần 1",
    ChaseStep.SECOND_URGING: "Đôn đốc lần 2",
    ChaseStep.ESCALATION: "Báo cáo, đề nghị cấp trên chỉ đạo",
    ChaseStep.EXPLANATION_REQUEST: "Yêu cầu giải trình",
}
STALE_REMINDER = "Đã quá hạn trả lời: thay bằng đôn đốc lần 1"
_BATCH = 500


class ChaseRefused(DomainError):
    """A decision the step's state (or the referral's) does not allow; the message says why."""


def ladder_settings() -> LadderSettings:
    """The office's ladder from app config (CHASE_REMINDER_DAYS_BEFORE, CHASE_SECOND_AFTER_DAYS,
    CHASE_FINAL_AFTER_DAYS), the system's defaults where unset."""
    config = current_app.config
    defaults = LadderSettings()
    return LadderSettings(
        reminder_days_before=config.get("CHASE_REMINDER_DAYS_BEFORE") or defaults.reminder_days_before,
        second_after_days=config.get("CHASE_SECOND_AFTER_DAYS") or defaults.second_after_days,
        final_after_days=config.get("CHASE_FINAL_AFTER_DAYS") or defaults.final_after_days,
    )


# ---------------------------------------------------------------------------------------------------------
# The day's list
# ---------------------------------------------------------------------------------------------------------


@dataclass
class DaySummary:
    """What one building of the day's list did: steps proposed (by step), proposals withdrawn, referrals the
    calendar could not count (a day outside the confirmed calendar), proposals waiting for a leader after it,
    and how many times the list was built that day."""

    on: date
    proposed: Counter[ChaseStep] = field(default_factory=Counter)
    withdrawn: int = 0
    uncounted: int = 0
    waiting: int = 0
    runs: int = 0

    @property
    def proposed_total(self) -> int:
        return sum(self.proposed.values())

    def line(self) -> str:
        """One line for the CLI and the page's message."""
        steps = ", ".join(f"{STEP_LABELS[step].lower()} {count}" for step, count in sorted(
            self.proposed.items(), key=lambda item: RUNGS[item[0]]))
        text = (
            f"Đôn đốc ngày {self.on:%d/%m/%Y}: đề xuất mới {self.proposed_total}"
            + (f" ({steps})" if steps else "")
            + f", rút {self.withdrawn}, chờ lãnh đạo duyệt {self.waiting}; lần chạy thứ {self.runs} trong ngày."
        )
        if self.uncounted:
            text += f" {self.uncounted} việc chưa tính được (ngày ngoài lịch làm việc đã xác nhận)."
        return text


def _office_scope(actor: Any) -> sa.ColumnElement[bool]:
    """The referrals whose chases the actor's list covers: the actor's office (and below); all for the system."""
    if not isinstance(actor, User):
        return sa.true()
    if actor.agency_id is None or actor.role not in (Role.LEADER, Role.HANDLER):
        return sa.false()
    return in_agency_subtree(Referral.office_agency_id, actor.agency_id)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def _withdraw(chase: Chase, reason: str) -> None:
    chase.status = ChaseStatus.WITHDRAWN
    chase.reason = reason[:500]


def build_day_list(*, on: date, actor: Any = None) -> DaySummary:
    """Propose the steps due on `on` for the open referrals before an answer with a deadline (all offices for
    the system's daily job, the actor's office from the leaders' page), withdraw what the answer or the passing
    deadline made moot, and record the run. Idempotent for a day: one step per (referral, rung) ever, so a
    second run proposes nothing twice."""
    summary = DaySummary(on=on)
    settings = ladder_settings()
    calendar = load_working_calendar()
    scope = _office_scope(actor)
    with history_context(actor=actor, reason=f"Lập danh sách đôn đốc ngày {on:%d/%m/%Y}"):
        # Safety net beside the answer's hook: proposals of referrals no longer with the body.
        moot = db.session.execute(
            sa.select(Chase, Referral.answer_on)
            .join(Referral, Referral.id == Chase.referral_id)
            .where(scope, Chase.status == ChaseStatus.PROPOSED, Referral.status.not_in(WITH_BODY))
        ).all()
        for chase, answered_on in moot:
            _withdraw(chase, withdrawal_reason(answered_on))
            summary.withdrawn += 1
        try:
            horizon = calendar.add_working_days(on, settings.reminder_days_before)
        except DeadlineError:
            horizon = on
        candidates = list(
            db.session.execute(
                sa.select(Referral.id, Referral.answer_due_on, Referral.agency_id, Referral.office_agency_id)
                .where(scope, Referral.status.in_(WITH_BODY), Referral.answer_due_on.is_not(None),
                       Referral.answer_due_on <= horizon)
                .order_by(Referral.answer_due_on, Referral.id)
            )
        )
        ids = [row.id for row in candidates]
        ladders: dict[int, dict[int, Chase]] = {}
        for chunk in _chunks(ids):
            for chase in db.session.scalars(sa.select(Chase).where(Chase.referral_id.in_(chunk))):
                ladders.setdefault(chase.referral_id, {})[chase.rung] = chase
        parents: dict[int, int | None] = {
            agency_id: parent_id
            for agency_id, parent_id in db.session.execute(
                sa.select(Agency.id, Agency.parent_id).where(Agency.id.in_({row.agency_id for row in candidates}))
            )
        } if candidates else {}
        for row in candidates:
            ladder = ladders.get(row.id, {})
            try:
                due = due_step(
                    today=on,
                    deadline=row.answer_due_on,
                    waiting_for_answer=True,
                    steps=[PastStep(rung=c.rung, status=c.status, decided_on=c.decided_on) for c in ladder.values()],
                    has_superior=parents.get(row.agency_id) is not None,
                    calendar=calendar,
                    settings=settings,
                )
            except DeadlineError:
                summary.uncounted += 1
                continue
            if due.withdraw_reminder and 0 in ladder:
                _withdraw(ladder[0], STALE_REMINDER)
                summary.withdrawn += 1
            if due.step is None:
                continue
            rung = RUNGS[due.step]
            recipient = parents.get(row.agency_id) if due.step is ChaseStep.ESCALATION else row.agency_id
            assert recipient is not None
            found = ladder.get(rung)
            chase = found if found is not None else Chase(referral_id=row.id, office_agency_id=row.office_agency_id, agency_id=row.agency_id, rung=rung)
            db.session.add(chase)
            # A rung withdrawn earlier (the answer came, then the item went back to the body) is proposed again.
            chase.step = due.step
            chase.recipient_agency_id = recipient
            chase.status = ChaseStatus.PROPOSED
            chase.proposed_on = on
            chase.deadline_on = row.answer_due_on
            chase.reason = None
            summary.proposed[due.step] += 1
        try:
            with db.session.begin_nested():
                db.session.flush()
        except IntegrityError as clash:  # the same day's list built at the same moment elsewhere (one row per rung)
            raise ChaseRefused("Danh sách đôn đốc đang được lập cùng lúc ở nơi khác; vui lòng thử lại.") from clash
    run = db.session.scalar(sa.select(ChaseRun).where(ChaseRun.run_on == on))
    if run is None:
        run = ChaseRun(run_on=on, runs=0, proposed=0, withdrawn=0)
        db.session.add(run)
    run.runs += 1
    run.proposed += summary.proposed_total
    run.withdrawn += summary.withdrawn
    run.last_run_at = utcnow()
    db.session.flush()
    summary.runs = run.runs
    summary.waiting = db.session.scalar(
        sa.select(sa.func.count()).select_from(Chase).join(Referral, Referral.id == Chase.referral_id)
        .where(scope, Chase.status == ChaseStatus.PROPOSED)
    ) or 0
    return summary


# ---------------------------------------------------------------------------------------------------------
# A leader's decision
# ---------------------------------------------------------------------------------------------------------


def can_decide(actor: Any, chase: Chase) -> bool:
    """A leader of the office that sent the item (its agency or one above it)."""
    return (
        isinstance(actor, User)
        and actor.role == Role.LEADER
        and actor.agency_id is not None
        and chase.office_agency_id in subtree_id_list(actor.agency_id)
    )


def _check_open(chase: Chase, actor: Any) -> None:
    if not can_decide(actor, chase):
        raise ChaseRefused("Chỉ lãnh đạo cơ quan đã gửi việc được duyệt hoặc bỏ qua bước đôn đốc.")
    if chase.status != ChaseStatus.PROPOSED:
        raise ChaseRefused(f"Bước đôn đốc này không còn chờ duyệt ({chase.reason or chase.status.value}).")
    referral = chase.referral
    if referral.status not in WITH_BODY:
        raise ChaseRefused(f"{withdrawal_reason(referral.answer_on)}: không đôn đốc nữa.")


def steps_offered(chase: Chase) -> tuple[ChaseStep, ...]:
    """The steps a leader may choose when approving: the proposed one; at rung 3 also the other (an escalation
    only when the body has a superior in the directory)."""
    if chase.rung != RUNGS[ChaseStep.ESCALATION]:
        return (chase.step,)
    if chase.agency.parent_id is None:
        return (ChaseStep.EXPLANATION_REQUEST,)
    return (ChaseStep.ESCALATION, ChaseStep.EXPLANATION_REQUEST)


def approve_chase(
    chase: Chase, *, actor: Any, on: date | None = None, step: ChaseStep | None = None, issue: bool = False
) -> Chase:
    """A leader approves the step: its paper is drafted from data in the office's register (issued at once with
    the register's next number when `issue`, else left for the văn thư's number), an urging is recorded on the
    letter (its CHASE transition, so it is on the case). Refused once the answer arrived."""
    _check_open(chase, actor)
    chosen = step or chase.step
    if chosen not in steps_offered(chase):
        raise ChaseRefused("Bước đôn đốc đã chọn không áp dụng cho việc này.")
    day = on or local_today()
    referral = chase.referral
    recipient_id = chase.agency.parent_id if chosen is ChaseStep.ESCALATION else chase.agency_id
    assert recipient_id is not None
    recipient = db.session.get(Agency, recipient_id)
    office = db.session.get(Agency, chase.office_agency_id)
    assert recipient is not None and office is not None
    label = STEP_LABELS[chosen]
    with history_context(actor=actor, reason=f"Duyệt {label.lower()}"):
        document = papers.draft_chase_paper(
            chase_id=chase.id, step=chosen, referral=referral, office=office, recipient=recipient, actor=actor
        )
        chase.step = chosen
        chase.recipient_agency_id = recipient.id
        chase.status = ChaseStatus.APPROVED
        chase.decided_on = day
        chase.decided_at = utcnow()
        chase.decided_by_id = actor.id
        chase.document_id = document.id
        db.session.flush()
    letter = referral.letter
    if is_urging(chosen) and letter.status in flow.TABLE[LetterTransition.CHASE].from_states:
        chase_letter(letter, note=f"{label}: {referral.agency.name}", actor=actor, effective_on=day)
    if issue:
        documents.issue_document(document, actor=actor, issue_date=day)
    return chase


MAX_BULK = 100


@dataclass
class BulkApproval:
    """What one approval of several steps did: the steps approved, the refused ones (the letter's register
    label, the reason) and the ids that named no step the leader may see (missing or another office's: the two
    are not told apart)."""

    approved: list[Chase] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)

    def refusals(self) -> list[str]:
        """One line per step left out, for the page."""
        return [f"Đơn số {label}: {reason}" for label, reason in self.refused] + [
            f"Không tìm thấy bước đôn đốc số {ident}." for ident in self.missing
        ]


def approve_many(
    chase_ids: Sequence[int], *, actor: Any, issue: bool = False, on: date | None = None
) -> BulkApproval:
    """A leader approves several proposed steps at once, each exactly as approve_chase does alone (its proposed
    step: the third rung keeps its default; issued with the register's next number when `issue`, else left for
    the văn thư). Every id is loaded through the actor's scope in one query: an id of another office is missing.
    Each step runs in its own SAVEPOINT: a refused step (answered meanwhile, decided by someone else, a stale
    version) rolls back whole and is reported by its letter's number; the others stay for the caller's commit.
    Refused as a whole (nothing approved) when no step could be approved."""
    wanted = list(dict.fromkeys(chase_ids))
    if not wanted:
        raise ChaseRefused("Chọn ít nhất một bước đôn đốc để duyệt.")
    if len(wanted) > MAX_BULK:
        raise ChaseRefused(f"Mỗi lần duyệt tối đa {MAX_BULK} bước đôn đốc.")
    in_range = [ident for ident in wanted if in_column_range(ident)]
    found = {
        chase.id: chase
        for chase in db.session.scalars(
            queries.visible_chases(actor).where(Chase.id.in_(in_range)).options(
                selectinload(Chase.referral).selectinload(Referral.letter),
                selectinload(Chase.referral).selectinload(Referral.agency),
                selectinload(Chase.agency),
            )
        )
    } if in_range else {}
    done = BulkApproval()
    day = on or local_today()
    for ident in wanted:
        chase = found.get(ident)
        if chase is None:
            done.missing.append(ident)
            continue
        label = chase.referral.letter.register_label
        try:
            with db.session.begin_nested():
                approve_chase(chase, actor=actor, on=day, issue=issue)
        except (DomainError, StaleDataError, IntegrityError) as refused:
            reason = str(refused) if isinstance(refused, DomainError) else "Bước đôn đốc vừa được người khác thay đổi."
            done.refused.append((label, reason))
        else:
            done.approved.append(chase)
    if not done.approved:
        raise ChaseRefused("Không duyệt được bước đôn đốc nào. " + " ".join(done.refusals()))
    return done


def skip_chase(chase: Chase, *, reason: str | None, actor: Any, on: date | None = None) -> Chase:
    """A leader skips the step with a reason; the next rung counts from the skip's day."""
    _check_open(chase, actor)
    text = normalise_text(reason)
    if len(text) < 5:
        raise DomainError("Vui lòng ghi lý do bỏ qua bước đôn đốc.")
    with history_context(actor=actor, reason=f"Bỏ qua {STEP_LABELS[chase.step].lower()}: {text}"[:500]):
        chase.status = ChaseStatus.SKIPPED
        chase.reason = text[:500]
        chase.decided_on = on or local_today()
        chase.decided_at = utcnow()
        chase.decided_by_id = actor.id
        db.session.flush()
    return chase


# ---------------------------------------------------------------------------------------------------------
# The answer arrives
# ---------------------------------------------------------------------------------------------------------


def withdraw_on_answer(referral: Referral, actor: Any) -> None:
    """The body answered (or the office registered its paper reply): the referral's proposals still waiting for
    a leader are withdrawn at once, the reason naming the answer's day. Registered with petitions.referrals.hooks."""
    waiting = list(
        db.session.scalars(
            sa.select(Chase).where(Chase.referral_id == referral.id, Chase.status == ChaseStatus.PROPOSED)
        )
    )
    if waiting:
        reason = withdrawal_reason(referral.answer_on)
        with history_context(actor=actor, reason=reason):
            for chase in waiting:
                _withdraw(chase, reason)
            db.session.flush()


referral_hooks.on_answered(withdraw_on_answer)


# ---------------------------------------------------------------------------------------------------------
# The e-mail notification
# ---------------------------------------------------------------------------------------------------------


def mail_signed_paper(document: Document, actor: Any) -> None:
    """A chasing paper's signed copy was attached to the issued paper: one e-mail to the recipient body's
    address carries it (none when the body has no address). The text is the mail area's, from the register
    data only (issuer, number, date, subject naming the letter's number and the body): never a denouncer.
    Registered with petitions.documents.hooks for the letters' documents; any other document is ignored."""
    chase_id = papers.chase_id_of(document)
    chase = db.session.get(Chase, chase_id) if chase_id is not None else None
    if chase is None or chase.document_id != document.id:
        return
    queue_document_mail(document, to_agency=chase.recipient_agency, purpose="chase", record_type="chase",
                        record_id=chase.id)


document_hooks.on_signed("letter", mail_signed_paper)
