"""04/KQGQ on random conclusions and ledgers: every figure of the form equals a naive count in plain Python over the
same generated facts (test_implementation_property's generator), rights restored done once the whole conclusion is,
and every check of the form holds (pure: no database, no Flask)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings

from petitions.domain.periods import ReportPeriod
from petitions.domain.statistics import (
    DecisionRecord,
    Facts,
    OutcomeFigure,
    UnitRef,
    compute_table,
    implementation_fact,
    tally_implementations,
)
from petitions.reports import forms_04kqgq
from tests.domain.test_implementation_property import UNITS, naive_done, scenarios, zero

pytestmark = pytest.mark.fuzz

OF = OutcomeFigure
DUE = {3: OF.RECOVER_MONEY, 4: OF.RECOVER_LAND, 7: OF.RESTORED_ORGS, 8: OF.RESTORED_PERSONS, 9: OF.RETURN_MONEY_ORGS,
       10: OF.RETURN_LAND_ORGS, 11: OF.RETURN_MONEY_PERSONS, 12: OF.RETURN_LAND_PERSONS}
DONE = {5: OF.RECOVER_MONEY, 6: OF.RECOVER_LAND, 13: OF.RESTORED_ORGS, 14: OF.RESTORED_PERSONS,
        15: OF.RETURN_MONEY_ORGS, 16: OF.RETURN_LAND_ORGS, 17: OF.RETURN_MONEY_PERSONS, 18: OF.RETURN_LAND_PERSONS,
        19: OF.DISCIPLINE_ORGS, 20: OF.DISCIPLINE_PERSONS, 21: OF.DISCIPLINE_OFFICIALS, 22: OF.INVESTIGATION_CASES,
        23: OF.INVESTIGATION_PERSONS, 24: OF.INVESTIGATION_OFFICIALS}
RIGHTS = (OF.RESTORED_ORGS, OF.RESTORED_PERSONS)


def naive_rows(records: list[DecisionRecord], period: ReportPeriod) -> dict[str, dict[int, object]]:
    rows: dict[str, dict[int, object]] = {
        unit: {n: zero(f) for n, f in {**DUE, **DONE}.items()} | {1: 0, 2: 0} for unit in UNITS
    }
    for record in records:
        ordered = dict(record.ordered)
        if record.in_force_on is None or record.in_force_on > period.end or not any(ordered.values()):
            continue
        before, done_before = naive_done(record, period.start - timedelta(days=1))
        at_end, done_at_end = naive_done(record, period.end)
        if record.in_force_on < period.start and done_before:
            continue
        # The ledger has no column for rights restored: all of them once the conclusion is done, none before.
        for f in RIGHTS:
            before[f] = ordered.get(f, 0) if done_before else 0
            at_end[f] = ordered.get(f, 0) if done_at_end else 0
        row = rows[record.unit]
        row[1] += 1  # type: ignore[operator]
        row[2] += 1 if done_at_end else 0  # type: ignore[operator]
        for number, f in DUE.items():
            owed = ordered.get(f, zero(f)) - before.get(f, zero(f))
            row[number] += owed if owed > 0 else zero(f)  # type: ignore[operator]
        for number, f in DONE.items():
            row[number] += at_end.get(f, zero(f)) - before.get(f, zero(f))  # type: ignore[operator]
    return rows


@settings(max_examples=150, deadline=None)
@given(scenario=scenarios())
def test_every_figure_is_the_naive_count_and_every_check_holds(scenario) -> None:
    records, period = scenario
    form = forms_04kqgq.FORMS[period.generation]
    facts = [fact for record in records if (fact := implementation_fact(record, period)) is not None]
    table = compute_table(
        form, period, [UnitRef(unit, f"Đơn vị {unit}") for unit in UNITS],
        Facts(implementations=tally_implementations(facts)),
    )
    assert table.failures() == ()  # (2) ≤ (1), every figure ≥ 0, the total is the sum of the rows
    expected = naive_rows(records, period)
    for row in table.rows:
        assert dict(row.values) == expected[row.unit]
