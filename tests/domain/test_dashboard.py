"""The dashboard's rules without a database: the period compared with, the trend's months, the change of a figure,
the first handling's outcome (always agreeing with the route 01/XLD counts), the totals against the forms' rows."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from petitions.domain import periods
from petitions.domain.classification import SignerKind
from petitions.domain.dashboard import (
    HANDLING_OUTCOMES,
    Change,
    handling_outcome,
    letter_totals,
    percent_text,
    reception_totals,
)
from petitions.domain.first_handling import ROUTE_OF_STATUS, first_handling
from petitions.domain.letter_flow import HANDLED
from petitions.domain.periods import InvalidPeriod
from petitions.domain.records import LetterStatus
from petitions.domain.statistics import (
    CaseFact,
    Facts,
    LetterFact,
    LetterKind,
    ReceptionGroup,
    ReplyFact,
    Resolution,
    Route,
    SessionFact,
    UnitRef,
    VisitFact,
    compute_table,
)
from petitions.reports import forms_01tcd, forms_01xld


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2026-Q3", "2026-Q2"),
        ("2026-Q1", "2025-Q4"),
        ("2026-6M", "2025-6M"),
        ("2026-9M", "2025-9M"),
        ("2026", "2025"),
        ("2026-NA", "2025-NA"),
        ("2026-03", "2026-02"),
        ("2026-01", "2025-12"),
    ],
)
def test_a_preset_is_compared_with_the_period_before_it(text: str, previous: str) -> None:
    assert periods.previous_period(periods.parse_period(text)) == periods.parse_period(previous)


def test_the_year_and_the_national_assembly_window_are_compared_with_the_window_just_before() -> None:
    for text in ("2026", "2026-NA"):
        period = periods.parse_period(text)
        before = periods.previous_period(period)
        assert (period.start - before.end).days == 1


def test_any_window_is_compared_with_as_many_days_just_before_it() -> None:
    before = periods.previous_period(periods.window(date(2026, 7, 1), date(2026, 7, 31)))
    assert (before.start, before.end) == (date(2026, 5, 31), date(2026, 6, 30))
    single = periods.previous_period(periods.window(date(2026, 3, 1), date(2026, 3, 1)))
    assert (single.start, single.end) == (date(2026, 2, 28), date(2026, 2, 28))


@pytest.mark.parametrize(
    ("day", "month"),
    [
        (date(2026, 9, 14), "2026-09"),
        (date(2026, 9, 15), "2026-10"),
        (date(2026, 12, 15), "2027-01"),
        (date(2026, 1, 1), "2026-01"),
    ],
)
def test_the_month_containing_a_day_cuts_on_the_14th(day: date, month: str) -> None:
    assert periods.month_containing(day) == periods.parse_period(month)


def test_three_months_of_the_trend_make_their_quarter() -> None:
    months = periods.months_up_to(date(2026, 9, 14), 12)
    assert [m.code for m in months][:2] == ["2025-10", "2025-11"] and months[-1].code == "2026-09"
    assert all((b.start - a.end).days == 1 for a, b in itertools.pairwise(months))
    q3 = periods.quarter(2026, 3)
    assert (months[-3].start, months[-1].end) == (q3.start, q3.end)
    with pytest.raises(InvalidPeriod):
        periods.months_up_to(date(2026, 9, 14), 0)


@pytest.mark.parametrize(
    ("current", "previous", "delta", "percent", "text"),
    [
        (4, 3, 1, Decimal("33.3"), "+33,3 %"),
        (2, 3, -1, Decimal("-33.3"), "-33,3 %"),
        (3, 2, 1, Decimal("50.0"), "+50 %"),
        (5, 5, 0, Decimal("0.0"), "0 %"),
        (1, 8, -7, Decimal("-87.5"), "-87,5 %"),
        (5, 0, 5, None, ""),
        (0, 0, 0, None, ""),
        (200, 100, 100, Decimal("100.0"), "+100 %"),
    ],
)
def test_a_change_is_the_difference_and_a_percentage_of_the_earlier_figure(
    current: int, previous: int, delta: int, percent: Decimal | None, text: str
) -> None:
    change = Change(current, previous)
    assert change.delta == delta and change.percent == percent and percent_text(change.percent) == text


def test_the_outcomes_order_every_handling_status() -> None:
    assert frozenset(HANDLING_OUTCOMES) == HANDLED and len(HANDLING_OUTCOMES) == len(HANDLED)


@pytest.mark.parametrize(
    ("first", "second"), list(itertools.permutations(sorted(HANDLED), 2)), ids=lambda s: str(s)
)
def test_the_outcome_of_two_handlings_on_the_first_day_agrees_with_the_route_01xld_counts(
    first: LetterStatus, second: LetterStatus
) -> None:
    day = date(2026, 7, 1)
    events = [(LetterStatus.ASSIGNED, date(2026, 6, 20)), (first, day), (second, day), (LetterStatus.URGED, date(2026, 8, 1))]
    outcome = handling_outcome(events)
    handling = first_handling(events)
    assert handling is not None and outcome in (first, second)
    assert ROUTE_OF_STATUS.get(outcome) == handling.route  # type: ignore[arg-type]


def test_the_outcome_is_the_earliest_day_s_and_none_before_any_handling() -> None:
    assert handling_outcome([(LetterStatus.RECEIVED, date(2026, 7, 1)), (LetterStatus.ASSIGNED, date(2026, 7, 2))]) is None
    events = [(LetterStatus.FILED, date(2026, 7, 9)), (LetterStatus.ACCEPTED, date(2026, 7, 3))]
    assert handling_outcome(events) is LetterStatus.ACCEPTED


# ------------------------------------------------------------------ the totals are the forms' total rows

Q3 = periods.quarter(2026, 3)
G = ReceptionGroup


def _facts() -> Facts:
    visits = (
        VisitFact(date(2026, 7, 1), G.REGULAR, 1, 1, "a"),
        VisitFact(date(2026, 7, 2), G.REGULAR, 6, 2, "a"),
        VisitFact(date(2026, 7, 3), G.REGULAR, 2, 2, "a"),
        VisitFact(date(2026, 7, 4), G.HEAD, 7, 2, "a"),
        VisitFact(date(2026, 7, 5), G.REGULAR, 12, None, "a", count=2, delegation=True),
        VisitFact(date(2026, 7, 6), G.DELEGATED, 3, 3, "b"),
        VisitFact(date(2026, 7, 7), G.REGULAR, 5, 3, "b"),
        VisitFact(date(2026, 6, 1), G.REGULAR, 5, 4, "b"),  # before the window
    )
    cases = (CaseFact(1, date(2026, 5, 1), "a"), CaseFact(3, date(2026, 6, 1), "b"))
    sessions = (SessionFact(date(2026, 7, 4), G.HEAD, True, "a"), SessionFact(date(2026, 7, 6), G.DELEGATED, True, "b"))
    k, R = LetterKind, Resolution
    letters = (
        LetterFact("a", False, SignerKind.ONE, k.COMPLAINT, True, True, R.FIRST, True, case_keys=frozenset({"1"}), count=3),
        LetterFact("a", True, SignerKind.ONE, k.DENUNCIATION, False, count=2),
        LetterFact("b", False, SignerKind.NONE, k.ANONYMOUS, True),
        # the same case on another unit's row: the form's (7) counts it on both rows, as the total adds the rows
        LetterFact("b", False, SignerKind.ONE, k.PETITION, True, True, R.NOT_RESOLVED, False, Route.FORWARDED,
                   frozenset({"1"})),
    )
    return Facts(visits=visits, cases=cases, sessions=sessions, letters=letters, replies=(ReplyFact(Q3.start, "b", 2),))


def test_reception_totals_are_the_01tcd_total_row() -> None:
    facts = _facts()
    units = (UnitRef("a", "A"), UnitRef("b", "B"))
    t = compute_table(forms_01tcd.FORMS[Q3.generation], Q3, units, facts).verify().total.value
    totals = reception_totals(facts, Q3)
    assert (totals.visits, totals.persons, totals.cases) == (t(1), t(2), t(3)) == (8, 36, 7)
    assert totals.cases_first == t(6) + t(15) + t(24) and totals.cases_repeated == t(7) + t(16) + t(25) == 3
    assert totals.delegations == t(8) + t(17) + t(26) == 5
    assert totals.delegation_persons == t(9) + t(18) + t(27)
    assert totals.delegation_cases == t(10) + t(11) + t(19) + t(20) + t(28) + t(29)
    assert totals.sessions == t(12) + t(21) == 2


def test_letter_totals_are_the_01xld_total_row() -> None:
    facts = _facts()
    units = (UnitRef("a", "A"), UnitRef("b", "B"))
    t = compute_table(forms_01xld.FORMS[Q3.generation], Q3, units, facts).verify().total.value
    totals = letter_totals(facts, Q3)
    assert (totals.total, totals.carried, totals.received, totals.handled, totals.not_handled) == tuple(
        t(n) for n in range(1, 6)
    )
    assert (totals.eligible, totals.eligible_cases, totals.within) == (t(6), t(7), t(14)) == (4, 2, 3)
    assert (totals.guided, totals.forwarded, totals.urged, totals.replies) == (t(19), t(20), t(21), t(22))
    assert sum(n for _kind, n in totals.received_by_kind) == totals.received == 5
