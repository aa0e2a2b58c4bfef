"""02/TCD on random letters handed in at visits: every figure of the form equals a naive count in plain Python over the
same generated letters, and every check of the form holds (pure: no database, no Flask). The generator serves the
SQL's property test too (tests/services/test_reports_02tcd_property.py)."""

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
    compute_table,
    reception_letter_facts,
)
from petitions.reports import forms_02tcd

pytestmark = pytest.mark.fuzz

UNITS = ("1", "2")
BASE = date(2026, 1, 1)
KINDS = (LetterKind.COMPLAINT, LetterKind.DENUNCIATION, LetterKind.PETITION)
# The first handling a letter may take, and its route outside competence (petitions.domain.first_handling).
HANDLINGS: dict[LetterStatus, Route | None] = {
    LetterStatus.GUIDED: Route.GUIDED,
    LetterStatus.FORWARDED: Route.FORWARDED,
    LetterStatus.URGED: Route.URGED,
    LetterStatus.FILED: None,
    LetterStatus.ACCEPTED: None,
}


@dataclass(frozen=True)
class Drawn:
    """A letter as the test writes it: its visit day, kind, competence, case (an index of the example's cases),
    the earlier letter it duplicates, its first handling."""

    unit: str
    on: date
    kind: LetterKind
    within: bool | None
    desk_within: bool
    case: int | None
    duplicate_of: int | None  # the index of an earlier letter
    handling: LetterStatus | None
    handled_on: date | None


@st.composite
def examples(draw: st.DrawFn) -> tuple[list[Drawn], ReportPeriod]:
    start = draw(st.integers(1, 100))
    end = draw(st.integers(start, 119))
    day_of = st.one_of(st.integers(0, 120), st.sampled_from((start - 1, start, end, end + 1)))
    drawn: list[Drawn] = []
    for index in range(draw(st.integers(0, 12))):
        duplicate = draw(st.one_of(st.none(), st.integers(0, index - 1))) if index else None
        handling = draw(st.one_of(st.none(), st.sampled_from(tuple(HANDLINGS))))
        on = draw(day_of)
        drawn.append(
            Drawn(
                unit=draw(st.sampled_from(UNITS)),
                on=BASE + timedelta(days=on),
                kind=draw(st.sampled_from(KINDS)),
                within=draw(st.one_of(st.none(), st.booleans())),
                desk_within=draw(st.booleans()),
                case=None if duplicate is not None else draw(st.one_of(st.none(), st.integers(0, 2))),
                duplicate_of=duplicate,
                handling=handling,
                handled_on=BASE + timedelta(days=on + draw(st.integers(0, 30))) if handling else None,
            )
        )
    return drawn, ReportPeriod(BASE + timedelta(days=start), BASE + timedelta(days=end))


def case_key(drawn: list[Drawn], index: int, ids: list[int], cases: list[int]) -> str:
    """The key the queries give: the letter's case, its original's case, else the original (or itself) negated."""
    letter = drawn[index]
    if letter.case is not None:
        return str(cases[letter.case])
    if letter.duplicate_of is not None and drawn[letter.duplicate_of].case is not None:
        return str(cases[drawn[letter.duplicate_of].case])  # type: ignore[index]
    return str(-ids[letter.duplicate_of if letter.duplicate_of is not None else index])


def received(drawn: list[Drawn], ids: list[int], cases: list[int], units: dict[str, str]) -> list[ReceivedLetter]:
    return [
        ReceivedLetter(
            id=ids[i], unit=units[x.unit], received_on=x.on, kind=x.kind, signers=SignerKind.ONE,
            case_key=case_key(drawn, i, ids, cases), within=x.within, within_at_desk=x.desk_within,
            first_handled_on=x.handled_on, first_route=HANDLINGS[x.handling] if x.handling else None,
        )
        for i, x in enumerate(drawn)
    ]


# ------------------------------------------------------------------------------ the naive count


def naive_rows(letters: list[ReceivedLetter], period: ReportPeriod, units: tuple[str, ...] = UNITS) -> dict[str, dict[int, int]]:
    rows = {unit: dict.fromkeys(range(1, 17), 0) for unit in units}
    kind_column = {LetterKind.COMPLAINT: 3, LetterKind.DENUNCIATION: 5, LetterKind.PETITION: 7}
    route_column = {Route.GUIDED: 13, Route.FORWARDED: 14, Route.URGED: 15}
    counted = [x for x in letters if period.start <= x.received_on <= period.end]
    for x in counted:
        row = rows[x.unit]
        within = x.within if x.within is not None else x.within_at_desk
        row[1] += 1
        row[kind_column[x.kind]] += 1
        row[9 if within else 11] += 1
        handled = x.first_handled_on is not None and x.first_handled_on <= period.end
        if not within and handled and x.first_route is not None:
            row[route_column[x.first_route]] += 1
    for unit in rows:
        first: dict[str, ReceivedLetter] = {}
        for x in sorted((x for x in counted if x.unit == unit), key=lambda x: (x.received_on, x.id)):
            first.setdefault(x.case_key, x)
        for x in first.values():
            within = x.within if x.within is not None else x.within_at_desk
            rows[unit][2] += 1
            rows[unit][kind_column[x.kind] + 1] += 1
            rows[unit][10 if within else 12] += 1
    return rows


@settings(max_examples=200, deadline=None)
@given(example=examples())
def test_every_figure_is_the_naive_count_and_every_check_holds(example) -> None:
    drawn, period = example
    ids = [100 + i for i in range(len(drawn))]
    letters = received(drawn, ids, [7, 8, 9], {unit: unit for unit in UNITS})
    form = forms_02tcd.FORMS[period.generation]
    table = compute_table(form, period, [UnitRef(unit, f"Đơn vị {unit}") for unit in UNITS],
                          Facts(letters=reception_letter_facts(letters, period)))
    assert table.failures() == ()
    expected = naive_rows(letters, period)
    for row in table.rows:
        assert dict(row.values) == expected[row.unit]
