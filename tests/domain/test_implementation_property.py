"""02/KQGQ on random decisions and ledgers: every figure of the form equals a naive count in plain Python over
the same generated facts, and every check of the form holds (pure: no database, no Flask)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.domain.periods import ReportPeriod
from petitions.domain.statistics import (
    FIGURE_OF_OUTCOME,
    DecisionRecord,
    Facts,
    FigureKind,
    LedgerEntry,
    OutcomeFigure,
    UnitRef,
    compute_table,
    implementation_fact,
    tally_implementations,
)
from petitions.reports import forms_02kqgq

pytestmark = pytest.mark.fuzz

UNITS = ("1", "2", "3")
BASE = date(2026, 1, 1)
# The figures a ledger records (rights restored have no column of their own: they count in "fully done").
RECORDED = (
    OutcomeFigure.RECOVER_MONEY,
    OutcomeFigure.RECOVER_LAND,
    OutcomeFigure.RETURN_MONEY_ORGS,
    OutcomeFigure.RETURN_LAND_ORGS,
    OutcomeFigure.RETURN_MONEY_PERSONS,
    OutcomeFigure.RETURN_LAND_PERSONS,
    OutcomeFigure.DISCIPLINE_ORGS,
    OutcomeFigure.DISCIPLINE_PERSONS,
    OutcomeFigure.DISCIPLINE_OFFICIALS,
    OutcomeFigure.INVESTIGATION_CASES,
    OutcomeFigure.INVESTIGATION_PERSONS,
    OutcomeFigure.INVESTIGATION_OFFICIALS,
)


def amount(figure: OutcomeFigure, units: int) -> Decimal | int:
    kind = FIGURE_OF_OUTCOME[figure]
    if kind is FigureKind.COUNT:
        return units
    return Decimal(units).scaleb(-3 if kind is FigureKind.MONEY else -2)


@st.composite
def decisions(draw: st.DrawFn, first_id: int, edges: tuple[int, ...] = ()) -> DecisionRecord:
    """A decision with what it ordered and a ledger of non-decreasing cumulative figures on increasing days;
    some entries corrected to a day between their neighbours (as the correction service allows). Days are often
    drawn on the window's ``edges`` (the day before it, its first and last day, the day after)."""
    day_of = st.one_of(st.integers(0, 220), st.sampled_from(edges)) if edges else st.integers(0, 220)
    ordered = {
        f: amount(f, draw(st.sampled_from((0, 0, 1, 3, 12345))))
        for f in draw(st.lists(st.sampled_from(tuple(OutcomeFigure)), max_size=3, unique=True))
    }
    in_force = draw(st.one_of(st.none(), day_of))
    days = sorted(draw(st.lists(day_of, max_size=4, unique=True)))
    entries: list[LedgerEntry] = []
    cumulative = dict.fromkeys(RECORDED, 0)
    next_id = first_id
    live_before = -30  # the previous entry's day as read (corrected or not): a correction stays after it
    for i, day in enumerate(days):
        for f in draw(st.lists(st.sampled_from(RECORDED), max_size=2, unique=True)):
            cumulative[f] += draw(st.integers(1, 500))
        fully = i == len(days) - 1 and draw(st.booleans())
        done = tuple((f, amount(f, n)) for f, n in cumulative.items() if n)
        entry = LedgerEntry(next_id, BASE + timedelta(days=day), done, fully)
        entries.append(entry)
        next_id += 1
        following = days[i + 1] if i + 1 < len(days) else 260
        moved = draw(st.integers(live_before + 1, following - 1)) if draw(st.booleans()) else day
        if moved != day:  # corrected (earlier or later), still between its neighbours as they are read
            entries.append(LedgerEntry(next_id, BASE + timedelta(days=moved), done, fully, supersedes=entry.id))
            next_id += 1
        live_before = moved
    return DecisionRecord(
        unit=draw(st.sampled_from(UNITS)),
        in_force_on=BASE + timedelta(days=in_force) if in_force is not None else None,
        ordered=tuple(ordered.items()),
        entries=tuple(draw(st.permutations(entries))),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[DecisionRecord], ReportPeriod]:
    start = draw(st.integers(1, 200))
    end = draw(st.integers(start, 219))
    count = draw(st.integers(0, 12))
    records = [draw(decisions(first_id=100 * i, edges=(start - 1, start, end, end + 1))) for i in range(count)]
    return records, ReportPeriod(BASE + timedelta(days=start), BASE + timedelta(days=end))


# ------------------------------------------------------------------------------ the naive count


def naive_done(record: DecisionRecord, day: date) -> tuple[dict[OutcomeFigure, Decimal | int], bool]:
    """Cumulative figures and fully-done flag as of ``day``, by walking the live entries in date order."""
    replaced = [e.supersedes for e in record.entries]
    walked = sorted((e for e in record.entries if e.id not in replaced), key=lambda e: (e.effective_on, e.id))
    figures: dict[OutcomeFigure, Decimal | int] = {}
    fully = False
    for entry in walked:
        if entry.effective_on > day:
            break
        figures, fully = dict(entry.done), entry.fully_done
    return figures, fully


def zero(figure: OutcomeFigure) -> Decimal | int:
    return 0 if FIGURE_OF_OUTCOME[figure] is FigureKind.COUNT else Decimal(0)


def naive_rows(records: list[DecisionRecord], period: ReportPeriod) -> dict[str, dict[int, Decimal | int]]:
    due_columns = {3: "recover_money", 4: "recover_land", 7: "return_money_orgs", 8: "return_land_orgs",
                   9: "return_money_persons", 10: "return_land_persons"}
    done_columns = {5: "recover_money", 6: "recover_land", 11: "return_money_orgs", 12: "return_land_orgs",
                    13: "return_money_persons", 14: "return_land_persons", 15: "discipline_persons",
                    16: "discipline_officials", 17: "investigation_cases", 18: "investigation_persons",
                    19: "investigation_officials"}
    rows: dict[str, dict[int, Decimal | int]] = {
        unit: {n: zero(OutcomeFigure(name)) for n, name in {**due_columns, **done_columns}.items()} | {1: 0, 2: 0}
        for unit in UNITS
    }
    for record in records:
        ordered = dict(record.ordered)
        if record.in_force_on is None or record.in_force_on > period.end or not any(ordered.values()):
            continue
        before, done_before = naive_done(record, period.start - timedelta(days=1))
        at_end, done_at_end = naive_done(record, period.end)
        if record.in_force_on < period.start and done_before:
            continue
        row = rows[record.unit]
        row[1] += 1
        row[2] += 1 if done_at_end else 0
        for number, name in due_columns.items():
            f = OutcomeFigure(name)
            owed = ordered.get(f, zero(f)) - before.get(f, zero(f))
            row[number] += owed if owed > 0 else zero(f)
        for number, name in done_columns.items():
            f = OutcomeFigure(name)
            row[number] += at_end.get(f, zero(f)) - before.get(f, zero(f))
    return rows


@settings(max_examples=150, deadline=None)
@given(scenario=scenarios())
def test_every_figure_is_the_naive_count_and_every_check_holds(scenario) -> None:
    records, period = scenario
    form = forms_02kqgq.FORMS[period.generation]
    facts = [fact for record in records if (fact := implementation_fact(record, period)) is not None]
    table = compute_table(
        form, period, [UnitRef(unit, f"Đơn vị {unit}") for unit in UNITS],
        Facts(implementations=tally_implementations(facts)),
    )
    assert table.failures() == ()  # (2) ≤ (1), every figure ≥ 0, the total is the sum of the rows
    expected = naive_rows(records, period)
    for row in table.rows:
        assert dict(row.values) == expected[row.unit]
    assert table.total.value(1) == sum(expected[unit][1] for unit in UNITS)
