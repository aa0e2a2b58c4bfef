"""The leaders' dashboard as plain figures: a window's reception and letter totals counted by the report forms' own
rules (domain.statistics), each against the period before, and what a letter's first approved handling was.

The totals are the forms' total rows without the forms: reception as 01/TCD counts it (a unit's cases are distinct
per reception group, and the total adds the units as the form's total row does), letters as 01/XLD counts them (the
window's letters valid at its dates, eligible cases distinct per unit). The tests hold them equal to the forms built
for the same window and agency.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from petitions.domain.first_handling import ROUTE_OF_STATUS, ROUTE_PRECEDENCE, first_handling
from petitions.domain.letter_flow import HANDLED
from petitions.domain.periods import ReportPeriod
from petitions.domain.records import LetterStatus
from petitions.domain.statistics import (
    Facts,
    LetterFilter,
    LetterKind,
    ReceptionGroup,
    Route,
    count_cases_per_group,
    count_delegations,
    count_letter_cases,
    count_letters,
    count_persons,
    count_replies,
    count_sessions_held,
    count_visits,
    first_received,
    is_delegation,
    split_cases,
    visits_in,
)

# ------------------------------------------------------------------------------------------------ reception


@dataclass(frozen=True)
class ReceptionTotals:
    """A window's reception, as the total row of 01/TCD prints it (column numbers of both generations)."""

    visits: int  # (1) lượt
    persons: int  # (2) người
    cases: int  # (3) vụ việc = (6)+(7)+(15)+(16)+(24)+(25)
    cases_first: int  # (6)+(15)+(24) lần đầu
    cases_repeated: int  # (7)+(16)+(25) nhiều lần
    delegations: int  # (8)+(17)+(26) đoàn đông người
    delegation_persons: int  # (9)+(18)+(27)
    delegation_cases: int  # (10)+(11)+(19)+(20)+(28)+(29)
    sessions: int  # (12)+(21) kỳ tiếp của thủ trưởng (định kỳ, đột xuất, ủy quyền)


def reception_totals(facts: Facts, period: ReportPeriod) -> ReceptionTotals:
    """The 01/TCD totals of a window from its reception facts: each unit's figures by the counting rules (cases
    distinct within each reception group of the unit, lần đầu or nhiều lần by the unit's first-received dates), then
    added over the units, as the form's total row adds its unit rows."""
    sums = dict.fromkeys(ReceptionTotals.__dataclass_fields__, 0)
    for own in facts.by_unit().values():
        first = first_received(own)
        window = visits_in(own.visits, period, None)
        sums["visits"] += count_visits(window)
        sums["persons"] += count_persons(window)
        sums["cases"] += count_cases_per_group(window)
        sums["delegations"] += count_delegations(window)
        sums["delegation_persons"] += count_persons([v for v in window if is_delegation(v)])
        sums["sessions"] += count_sessions_held(own.sessions, period, None)
        for group in ReceptionGroup:
            visits = visits_in(own.visits, period, group)
            new, repeated = split_cases(visits, period, first)
            sums["cases_first"] += new
            sums["cases_repeated"] += repeated
            sums["delegation_cases"] += sum(split_cases([v for v in visits if is_delegation(v)], period, first))
    return ReceptionTotals(**sums)


# -------------------------------------------------------------------------------------------------- letters

# The kinds a letter is counted under (its main content), in the order the forms print them.
LETTER_KINDS: tuple[LetterKind, ...] = (
    LetterKind.COMPLAINT,
    LetterKind.DENUNCIATION,
    LetterKind.PETITION,
    LetterKind.ANONYMOUS,
)


@dataclass(frozen=True)
class LetterTotals:
    """A window's letters, as the total row of 01/XLD prints them (TT 01/2024's column numbers; TT 02/2021 counts
    the same letters under its own numbers)."""

    total: int  # (1) = (2) + (3) = (4) + (5)
    carried: int  # (2) kỳ trước chuyển sang
    received: int  # (3) tiếp nhận trong kỳ
    handled: int  # (4) đã xử lý
    not_handled: int  # (5) chưa xử lý
    eligible: int  # (6) đủ điều kiện xử lý
    eligible_cases: int  # (7) vụ việc của các đơn đó
    within: int  # (14) thuộc thẩm quyền
    guided: int  # (19) ngoài thẩm quyền: hướng dẫn
    forwarded: int  # (20) chuyển đơn
    urged: int  # (21) đôn đốc
    replies: int  # (22) văn bản phúc đáp
    # The letters received in the window (3) by main content (anonymous information apart): they add up to (3).
    received_by_kind: tuple[tuple[LetterKind, int], ...] = ()


def letter_totals(facts: Facts, period: ReportPeriod) -> LetterTotals:
    """The 01/XLD totals of a window from its letter facts (already valid at the window's dates): letters counted by
    count_letters with the form's filters; eligible cases distinct within each unit, added over the units as the
    form's total row adds (7)."""
    letters = facts.letters
    eligible_cases = sum(
        count_letter_cases(own.letters, LetterFilter(eligible=True)) for own in facts.by_unit().values()
    )
    outside = {
        route: count_letters(letters, LetterFilter(eligible=True, within=False, route=route)) for route in Route
    }
    return LetterTotals(
        total=count_letters(letters, LetterFilter()),
        carried=count_letters(letters, LetterFilter(carried=True)),
        received=count_letters(letters, LetterFilter(carried=False)),
        handled=count_letters(letters, LetterFilter(handled=True)),
        not_handled=count_letters(letters, LetterFilter(handled=False)),
        eligible=count_letters(letters, LetterFilter(eligible=True)),
        eligible_cases=eligible_cases,
        within=count_letters(letters, LetterFilter(eligible=True, within=True)),
        guided=outside[Route.GUIDED],
        forwarded=outside[Route.FORWARDED],
        urged=outside[Route.URGED],
        replies=count_replies(facts.replies, period),
        received_by_kind=tuple(
            (kind, count_letters(letters, LetterFilter(carried=False, kind=kind))) for kind in LETTER_KINDS
        ),
    )


# The statuses a letter's first approved handling can have (letter_flow.HANDLED), in the order one is chosen when
# several are dated the same first day: the routes outside competence first, in the precedence the letter's row
# keeps (first_handling.ROUTE_PRECEDENCE: guided, forwarded, urged), so that the outcome always agrees with the
# route 01/XLD counts; then acceptance, non-acceptance, filing.
HANDLING_OUTCOMES: tuple[LetterStatus, ...] = (
    LetterStatus.GUIDED,
    LetterStatus.RETURNED,
    LetterStatus.FORWARDED,
    LetterStatus.TO_PARTY_BODY,
    LetterStatus.TO_INSPECTION,
    LetterStatus.URGED,
    LetterStatus.ACCEPTED,
    LetterStatus.NOT_ACCEPTED,
    LetterStatus.FILED,
    LetterStatus.REPLY_RECEIVED,
    LetterStatus.DESTROYED,
)

if frozenset(HANDLING_OUTCOMES) != HANDLED:  # pragma: no cover - a change of letter_flow must be placed here
    raise AssertionError("HANDLING_OUTCOMES must order exactly letter_flow.HANDLED")
if [ROUTE_OF_STATUS[s] for s in HANDLING_OUTCOMES if s in ROUTE_OF_STATUS] != sorted(
    (ROUTE_OF_STATUS[s] for s in HANDLING_OUTCOMES if s in ROUTE_OF_STATUS), key=ROUTE_PRECEDENCE.index
):  # pragma: no cover
    raise AssertionError("HANDLING_OUTCOMES must keep the routes in ROUTE_PRECEDENCE's order")


def handling_outcome(events: Iterable[tuple[LetterStatus, date]]) -> LetterStatus | None:
    """What the letter's first approved handling was (None: not handled): among the handling events dated its
    first handling day (first_handling), the first in HANDLING_OUTCOMES. The queries apply the same rule in SQL."""
    events = tuple(events)
    first = first_handling(events)
    if first is None:
        return None
    return min(
        (status for status, day in events if day == first.on and status in HANDLED), key=HANDLING_OUTCOMES.index
    )


# --------------------------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class Change:
    """A figure against the period before: the difference, and the percentage of the earlier figure (one decimal,
    half up; None when the earlier figure is 0, where no percentage exists)."""

    current: int
    previous: int

    @property
    def delta(self) -> int:
        return self.current - self.previous

    @property
    def percent(self) -> Decimal | None:
        if self.previous == 0:
            return None
        return (Decimal(100 * self.delta) / Decimal(self.previous)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent_text(value: Decimal | None) -> str:
    """A change in per cent the Vietnamese way, signed: ``+12,5 %``, ``-3 %``, ``0 %``; '' when there is none."""
    if value is None:
        return ""
    sign = "+" if value > 0 else "-" if value < 0 else ""
    text = f"{abs(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(".", ",")
    return f"{sign}{text} %"


def compare(current: Mapping[str, int], previous: Mapping[str, int]) -> dict[str, Change]:
    """Each figure of a window against the same figure of the period before."""
    return {key: Change(value, previous.get(key, 0)) for key, value in current.items()}
