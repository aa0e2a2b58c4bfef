"""Agency performance: how the bodies an office sends items to answer them, as pure figures.

Rules (the system's where DOMAIN is silent; docs/performance.md and the ranking page say the same):
  - an answer is **on time** when its date (``answer_on``) is on or before the due date in force when it was
    answered: the referral's waiting clock (D25 for a forwarded denunciation, the system's W1 otherwise) as
    it stood when the answer stopped it, i.e. after every extension the office's leader granted and every
    pause (DOMAIN §4, §6: timeliness is judged against the deadline after lawful extensions and pauses).
    Later than that it is **late**. A clock whose due date could not be counted (its year's calendar was
    not confirmed) leaves the answer unclassified: it counts as answered, neither on time nor late;
  - **working days to answer** are the working days in (sent_on, answer_on] on the confirmed working
    calendar the deadlines are counted on (petitions.domain.deadlines.WorkingCalendar): an answer on the
    day the item was sent took 0 days, on the next working day 1;
  - the **mean** is the arithmetic mean of those days, rounded half up to one decimal; the **90th
    percentile** is the nearest-rank percentile: the smallest number of days within which at least 90 %
    of the answers came (the ⌈0.9·n⌉-th smallest value; PostgreSQL's percentile_disc(0.9) gives the same);
  - the ranking puts first the body with the most items overdue now, then the most late answers, then the
    slowest 90th percentile, then the name: the order in which an office chases.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from petitions.domain.deadlines import WorkingCalendar

PERCENTILE = 90  # the figure's name on the page: "p90"


def is_on_time(answer_on: date, due_on: date | None) -> bool | None:
    """Whether an answer dated `answer_on` met the due date in force when it came; None without a due date."""
    if due_on is None:
        return None
    return answer_on <= due_on


def mean_days(days: Mapping[int, int]) -> Decimal | None:
    """The mean of a distribution {working days: number of answers}, rounded half up to one decimal."""
    total = sum(days.values())
    if total == 0:
        return None
    exact = Decimal(sum(value * count for value, count in days.items())) / Decimal(total)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def nearest_rank(days: Mapping[int, int], percent: int = PERCENTILE) -> int | None:
    """The nearest-rank percentile of a distribution {working days: number of answers}: the smallest value
    such that at least `percent` % of the answers are at or below it (the ⌈percent/100 · n⌉-th smallest)."""
    total = sum(days.values())
    if total == 0:
        return None
    rank = max(math.ceil(percent * total / 100), 1)
    seen = 0
    for value in sorted(days):
        seen += days[value]
        if seen >= rank:
            return value
    raise AssertionError("the rank is within the distribution")


def working_day_ordinals(days: Iterable[date], calendar: WorkingCalendar | None) -> dict[date, int]:
    """For each of `days` the calendar covers, the working days in (first such day, day]: the difference of
    two ordinals is the working days between them. One walk over the span, not one per pair (a period's
    answers share few distinct dates; WorkingCalendar.working_days_between walks every span again). No
    calendar confirmed at all: none."""
    if calendar is None:
        return {}
    wanted = sorted({d for d in days if calendar.covers(d)})
    if not wanted:
        return {}
    ordinals = {wanted[0]: 0}
    count, cursor = 0, wanted[0]
    for day in wanted[1:]:
        while cursor < day:
            cursor += timedelta(days=1)
            count += calendar.is_working_day(cursor)
        ordinals[day] = count
    return ordinals


def working_days_taken(sent_on: date, answer_on: date, ordinals: Mapping[date, int]) -> int | None:
    """Working days in (sent_on, answer_on] from working_day_ordinals; None outside the confirmed calendar."""
    if answer_on <= sent_on:
        return 0
    if sent_on not in ordinals or answer_on not in ordinals:
        return None
    return ordinals[answer_on] - ordinals[sent_on]


@dataclass(frozen=True)
class AnswerGroup:
    """Answers of one body sharing the sending day, the answer day and the timeliness (a grouped SQL row)."""

    agency_id: int
    sent_on: date
    answer_on: date
    on_time: bool | None
    count: int


@dataclass
class BodyFigures:
    """One body's figures for a window (the ranking's row)."""

    agency_id: int
    name: str = ""
    received: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    chases: int = 0
    # Answers whose working days could not be counted (outside the confirmed calendar): not in the mean.
    uncounted: int = 0
    days: Counter[int] = field(default_factory=Counter)

    @property
    def mean_days(self) -> Decimal | None:
        return mean_days(self.days)

    @property
    def p90_days(self) -> int | None:
        return nearest_rank(self.days)

    @property
    def counted(self) -> int:
        """Answers the mean and the percentile are taken over."""
        return sum(self.days.values())


def body_figures(
    *,
    received: Mapping[int, int],
    answers: Iterable[AnswerGroup],
    overdue: Mapping[int, int],
    chases: Mapping[int, int],
    calendar: WorkingCalendar | None,
) -> dict[int, BodyFigures]:
    """Each body's figures from the grouped counts: received, answered (on time, late) with the distribution
    of working days to answer, overdue now, chases sent. Bodies with no figure at all are absent."""
    groups = list(answers)
    ordinals = working_day_ordinals((d for g in groups for d in (g.sent_on, g.answer_on)), calendar)
    figures: dict[int, BodyFigures] = {}

    def of(agency_id: int) -> BodyFigures:
        return figures.setdefault(agency_id, BodyFigures(agency_id))

    for agency_id, count in received.items():
        of(agency_id).received += count
    for group in groups:
        row = of(group.agency_id)
        row.answered += group.count
        if group.on_time is True:
            row.on_time += group.count
        elif group.on_time is False:
            row.late += group.count
        taken = working_days_taken(group.sent_on, group.answer_on, ordinals)
        if taken is None:
            row.uncounted += group.count
        else:
            row.days[taken] += group.count
    for agency_id, count in overdue.items():
        of(agency_id).overdue += count
    for agency_id, count in chases.items():
        of(agency_id).chases += count
    return figures


def ranked(rows: Iterable[BodyFigures]) -> list[BodyFigures]:
    """The ranking: most overdue now first, then most late answers, then the slowest 90th percentile, then
    the name (a body without answers has no percentile and comes after those with one)."""
    return sorted(rows, key=lambda r: (-r.overdue, -r.late, -(r.p90_days if r.p90_days is not None else -1), r.name))
