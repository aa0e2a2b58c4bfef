"""The chasing ladder (đôn đốc, truy bám) of an item sent to a body: its rungs, the state of each proposed
step, and (filled by the chasing work) the pure rules that say which step is due on a day. Pure: no Flask, no
database; petitions.chasing reads and writes the `chase` rows these names describe."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from petitions.domain.types import DomainError


class ChaseStep(StrEnum):
    """A step of the ladder. Each referral gets at most one step per rung (`RUNGS`): the third rung is either
    an escalation to the body's superior or a request for explanation from the body itself."""

    REMINDER = "reminder"  # nhắc trước hạn: before the body's deadline
    FIRST_URGING = "first_urging"  # đôn đốc lần 1: the deadline has passed
    SECOND_URGING = "second_urging"  # đôn đốc lần 2: N working days after the first
    ESCALATION = "escalation"  # báo cáo, đề nghị cấp trên của cơ quan chỉ đạo
    EXPLANATION_REQUEST = "explanation_request"  # yêu cầu giải trình


class ChaseStatus(StrEnum):
    """Where one proposed step stands."""

    PROPOSED = "proposed"  # on the day's list, waiting for a leader
    APPROVED = "approved"  # a leader approved it: its document is drafted (then issued through the register)
    SKIPPED = "skipped"  # a leader skipped it, with a reason
    WITHDRAWN = "withdrawn"  # the answer arrived (or the item left the ladder) before a leader decided


# The rung of each step: the unique key (referral, rung) makes the day's list idempotent.
RUNGS: dict[ChaseStep, int] = {
    ChaseStep.REMINDER: 0,
    ChaseStep.FIRST_URGING: 1,
    ChaseStep.SECOND_URGING: 2,
    ChaseStep.ESCALATION: 3,
    ChaseStep.EXPLANATION_REQUEST: 3,
}

# The system's ladder settings (DOMAIN is silent on the spacing; docs/chasing.md): app config CHASE_* sets them.
DEFAULT_REMINDER_DAYS_BEFORE = 3
DEFAULT_SECOND_AFTER_DAYS = 10
DEFAULT_FINAL_AFTER_DAYS = 10

# The rungs at or above the first urging: proposed only while the body is late.
URGING_RUNGS = frozenset({1, 2, 3})
DECIDED = frozenset({ChaseStatus.APPROVED, ChaseStatus.SKIPPED})


class WorkingDays(Protocol):
    """What the ladder asks of a working calendar (petitions.domain.deadlines.WorkingCalendar)."""

    def add_working_days(self, start: date, count: int) -> date: ...

    def subtract_working_days(self, start: date, count: int) -> date: ...


@dataclass(frozen=True)
class LadderSettings:
    """The spacing of the ladder in working days: the reminder is proposed from the `reminder_days_before`-th
    working day before the deadline until the deadline; the second urging `second_after_days` after the first
    step's decision; the third rung `final_after_days` after the second's."""

    reminder_days_before: int = DEFAULT_REMINDER_DAYS_BEFORE
    second_after_days: int = DEFAULT_SECOND_AFTER_DAYS
    final_after_days: int = DEFAULT_FINAL_AFTER_DAYS

    def __post_init__(self) -> None:
        for name in ("reminder_days_before", "second_after_days", "final_after_days"):
            if getattr(self, name) < 1:
                raise DomainError(f"Cấu hình đôn đốc không hợp lệ: {name} phải từ 1 ngày làm việc trở lên.")


@dataclass(frozen=True)
class PastStep:
    """A step already on the ladder of the referral (a row of `chase`): its rung, state and decision day."""

    rung: int
    status: ChaseStatus
    decided_on: date | None = None


@dataclass(frozen=True)
class Due:
    """What the day's list does for one referral: propose `step` (None: nothing), and whether a reminder still
    waiting for a leader is now stale (the deadline passed: the first urging replaces it)."""

    step: ChaseStep | None
    withdraw_reminder: bool = False


def third_rung_step(*, has_superior: bool) -> ChaseStep:
    """Rung 3: an escalation to the body's superior when it has one in the directory, else a request for
    explanation from the body itself (the leader may switch between the two when approving)."""
    return ChaseStep.ESCALATION if has_superior else ChaseStep.EXPLANATION_REQUEST


def is_urging(step: ChaseStep) -> bool:
    """The steps that are a văn bản đôn đốc (the letter's CHASE transition records them on the case)."""
    return step in (ChaseStep.FIRST_URGING, ChaseStep.SECOND_URGING)


def due_step(
    *,
    today: date,
    deadline: date | None,
    waiting_for_answer: bool,
    steps: Iterable[PastStep],
    has_superior: bool,
    calendar: WorkingDays,
    settings: LadderSettings = LadderSettings(),
) -> Due:
    """The step the day's list proposes for one referral on `today` (the system's rule, docs/chasing.md):

    - nothing once the body answered (`waiting_for_answer` False) or without a deadline;
    - rung 0, the reminder, from the `reminder_days_before`-th working day before the deadline until the deadline,
      unless a rung is already on the ladder;
    - rung 1, the first urging, from the first working day after the deadline (a reminder still waiting for a
      leader is then stale: withdrawn, the urging replaces it);
    - rung 2, the second urging, `second_after_days` working days after rung 1 was decided (approved, or skipped:
      a skip counts as decided on its day), while the body is still late;
    - rung 3 (escalation to the superior, or a request for explanation) `final_after_days` after rung 2's decision;
    - never a rung while the rung below waits for a leader, never a rung twice (a withdrawn rung — the answer had
      arrived, then the item came back to the body — may be proposed again).
    """
    if not waiting_for_answer or deadline is None:
        return Due(None)
    by_rung = {s.rung: s for s in steps}
    live = {rung: s for rung, s in by_rung.items() if s.status != ChaseStatus.WITHDRAWN}
    late = today > deadline
    reminder = live.get(0)
    stale = late and reminder is not None and reminder.status == ChaseStatus.PROPOSED
    if not late:
        if live:
            return Due(None)
        if today >= calendar.subtract_working_days(deadline, settings.reminder_days_before):
            return Due(ChaseStep.REMINDER)
        return Due(None)
    top = max((rung for rung in live if rung in URGING_RUNGS), default=0)
    if top == 0:
        if today < calendar.add_working_days(deadline, 1):
            return Due(None, withdraw_reminder=stale)  # late since a day off: urged on the next working day
        return Due(ChaseStep.FIRST_URGING, withdraw_reminder=stale)
    last = live[top]
    if last.status not in DECIDED or last.decided_on is None or top >= 3:
        return Due(None, withdraw_reminder=stale)
    wait = settings.second_after_days if top == 1 else settings.final_after_days
    if today < calendar.add_working_days(last.decided_on, wait):
        return Due(None, withdraw_reminder=stale)
    step = ChaseStep.SECOND_URGING if top == 1 else third_rung_step(has_superior=has_superior)
    return Due(step, withdraw_reminder=stale)


def withdrawal_reason(answered_on: date | None) -> str:
    """Why open proposals of a referral are withdrawn when its answer arrives (shown and kept as the reason)."""
    day = answered_on.strftime("%d/%m/%Y") if answered_on is not None else "…"
    return f"Đã nhận kết quả ngày {day}"
