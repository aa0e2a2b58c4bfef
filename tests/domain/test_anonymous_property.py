"""The internal table AN/NB on random anonymous information: every figure equals a naive count in plain Python over the
same generated letters, and every check of the table holds (pure: no database, no Flask). The generator serves the
SQL's property test too (tests/services/test_reports_anonymous_property.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.domain.classification import SignerKind
from petitions.domain.periods import ReportPeriod
from petitions.domain.records import LetterStatus
from petitions.domain.statistics import (
    Facts,
    LetterKind,
    ReceivedLetter,
    Route,
    UnitRef,
    anonymous_facts,
    compute_table,
    is_own_inspection,
)
from petitions.reports import forms_anonymous

pytestmark = pytest.mark.fuzz

UNITS = ("1", "2")
BASE = date(2026, 1, 1)
# The first handling anonymous information can take (its papers) and its route.
HANDLINGS: dict[LetterStatus, Route | None] = {
    LetterStatus.TO_INSPECTION: Route.FORWARDED,
    LetterStatus.RETURNED: Route.GUIDED,
    LetterStatus.FILED: None,
}
# Where information sent for inspection goes: the registering body's own subordinate, another body, nobody recorded.
RECEIVERS = ("own", "other", None)


@dataclass(frozen=True)
class Drawn:
    unit: str
    on: date
    handling: LetterStatus | None
    handled_on: date | None
    receiver: str | None


@st.composite
def examples(draw: st.DrawFn) -> tuple[list[Drawn], ReportPeriod]:
    start = draw(st.integers(1, 100))
    end = draw(st.integers(start, 119))
    day_of = st.one_of(st.integers(0, 120), st.sampled_from((start - 1, start, end, end + 1)))
    drawn = []
    for _ in range(draw(st.integers(0, 12))):
        on = draw(day_of)
        handling = draw(st.one_of(st.none(), st.sampled_from(tuple(HANDLINGS))))
        drawn.append(
            Drawn(
                unit=draw(st.sampled_from(UNITS)),
                on=BASE + timedelta(days=on),
                handling=handling,
                handled_on=BASE + timedelta(days=on + draw(st.integers(0, 30))) if handling else None,
                receiver=draw(st.sampled_from(RECEIVERS)) if handling is LetterStatus.TO_INSPECTION else None,
            )
        )
    return drawn, ReportPeriod(BASE + timedelta(days=start), BASE + timedelta(days=end))


# The example's directory: each unit 1 and 2 with a subordinate (10, 20); "other" is the other unit.
PARENTS: dict[int, int | None] = {1: None, 2: None, 10: 1, 20: 2}


def receiver_of(x: Drawn) -> int | None:
    own = int(x.unit)
    return {"own": own * 10, "other": 3 - own, None: None}[x.receiver]


def received(drawn: list[Drawn], ids: list[int], units: dict[str, str], own: list[bool]) -> list[ReceivedLetter]:
    return [
        ReceivedLetter(
            id=ids[i], unit=units[x.unit], received_on=x.on, kind=LetterKind.ANONYMOUS, signers=SignerKind.NONE,
            case_key=str(-ids[i]), first_handled_on=x.handled_on,
            first_route=HANDLINGS[x.handling] if x.handling else None, own_inspection=own[i],
        )
        for i, x in enumerate(drawn)
    ]


def naive_rows(drawn: list[Drawn], period: ReportPeriod, units: dict[str, str]) -> dict[str, dict[int, int]]:
    rows = {units[unit]: dict.fromkeys(range(1, 10), 0) for unit in UNITS}
    for x in drawn:
        before = x.on < period.start
        handled_before = x.handled_on is not None and x.handled_on < period.start
        if x.on > period.end or (before and handled_before):
            continue
        row = rows[units[x.unit]]
        row[1] += 1
        row[2 if before else 3] += 1
        if x.handled_on is None or x.handled_on > period.end:
            row[9] += 1
            continue
        row[4] += 1
        if x.handling is LetterStatus.TO_INSPECTION:
            row[5 if x.receiver == "own" else 6] += 1
        else:
            row[7 if x.handling is LetterStatus.RETURNED else 8] += 1
    return rows


@settings(max_examples=200, deadline=None)
@given(example=examples())
def test_every_figure_is_the_naive_count_and_every_check_holds(example) -> None:
    drawn, period = example
    own = [is_own_inspection(int(x.unit), receiver_of(x), PARENTS) for x in drawn]
    units = {unit: unit for unit in UNITS}
    letters = received(drawn, [100 + i for i in range(len(drawn))], units, own)
    form = forms_anonymous.FORMS[period.generation]
    table = compute_table(form, period, [UnitRef(unit, f"Đơn vị {unit}") for unit in UNITS],
                          Facts(letters=anonymous_facts(letters, period)))
    assert table.failures() == ()
    expected = naive_rows(drawn, period, units)
    for row in table.rows:
        assert dict(row.values) == expected[row.unit]
