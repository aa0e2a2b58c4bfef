"""01/KQGQ and 03/KQGQ on random case histories: every figure of both forms equals a naive count in plain Python
over the same generated histories, and every check of the forms holds (pure: no database, no Flask)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.domain.periods import ReportPeriod
from petitions.domain.records import CaseVerdict
from petitions.domain.statistics import (
    FIGURE_OF_OUTCOME,
    CaseHistory,
    CaseKind,
    Closure,
    Facts,
    FigureKind,
    OutcomeFigure,
    UnitRef,
    compute_table,
    resolution_fact,
    tally_resolutions,
)
from petitions.reports import forms_kqgq

pytestmark = pytest.mark.fuzz

UNITS = ("1", "2", "3")
BASE = date(2026, 1, 1)
V = CaseVerdict
VERDICTS = {
    (CaseKind.COMPLAINT, False): (V.RIGHT, V.WRONG, V.PARTLY_RIGHT),
    (CaseKind.COMPLAINT, True): (V.UPHELD, V.ANNULLED_OR_AMENDED),
    (CaseKind.DENUNCIATION, False): (V.TRUE, V.FALSE, V.PARTLY_TRUE),
    (CaseKind.DENUNCIATION, True): (V.TRUE, V.FALSE, V.PARTLY_TRUE),
}


def day(n: int) -> date:
    return BASE + timedelta(days=n)


def amount(figure: OutcomeFigure, units: int) -> Decimal | int:
    kind = FIGURE_OF_OUTCOME[figure]
    if kind is FigureKind.COUNT:
        return units
    return Decimal(units).scaleb(-3 if kind is FigureKind.MONEY else -2)


@st.composite
def histories(draw: st.DrawFn) -> CaseHistory:
    """A case accepted (or not) on some day, then decided, withdrawn (and maybe terminated later), terminated or
    still open, with its letters' acceptance days (some anonymous, some later than the case's acceptance)."""
    kind = draw(st.sampled_from(tuple(CaseKind)))
    again = draw(st.booleans())
    # Small ranges, so that days meet the window's edges and each other often.
    accepted = draw(st.one_of(st.none(), st.integers(0, 60)))
    closings: list[tuple[Closure, date]] = []
    verdict = None
    ordered: dict[OutcomeFigure, Decimal | int] = {}
    if accepted is not None:
        ending = draw(st.sampled_from(("open", "decided", "withdrawn", "withdrawn_terminated", "terminated")))
        first = accepted + draw(st.sampled_from((0, 1, 5, 20)))
        if ending == "decided":
            closings.append((Closure.DECIDED, day(first)))
            verdict = draw(st.sampled_from(VERDICTS[(kind, again)]))
            ordered = {
                f: amount(f, draw(st.sampled_from((0, 1, 7, 12345))))
                for f in draw(st.lists(st.sampled_from(tuple(OutcomeFigure)), max_size=3, unique=True))
            }
        elif ending.startswith("withdrawn"):
            closings.append((Closure.WITHDRAWN, day(first)))
            if ending == "withdrawn_terminated":
                closings.append((Closure.TERMINATED, day(first + draw(st.sampled_from((0, 1, 10))))))
        elif ending == "terminated":
            closings.append((Closure.TERMINATED, day(first)))
    letters = draw(
        st.lists(st.tuples(st.sampled_from((-5, 0, 3)), st.booleans()), max_size=3).map(
            lambda drawn: tuple((day((accepted or 0) + offset), anonymous) for offset, anonymous in drawn)
        )
    )
    due = draw(st.one_of(st.none(), st.integers(0, 90)))
    return CaseHistory(
        unit=draw(st.sampled_from(UNITS)),
        kind=kind,
        accepted_on=day(accepted) if accepted is not None else None,
        closings=tuple(draw(st.permutations(closings))),
        next_round=again,
        verdict=verdict,
        decided_on_time=draw(st.one_of(st.none(), st.booleans())) if verdict is not None else None,
        due_on=day(due) if due is not None else None,
        letters=letters,
        ordered=tuple(ordered.items()),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[CaseHistory], ReportPeriod]:
    cases = draw(st.lists(histories(), max_size=14))
    start = draw(st.integers(0, 60))
    end = draw(st.integers(start, 90))
    return cases, ReportPeriod(day(start), day(end))


# ------------------------------------------------------------------------------ the naive count

OUTCOME_ORDER = (
    "recover_money", "recover_land", "return_money_orgs", "return_land_orgs", "return_money_persons",
    "return_land_persons", "restored_orgs", "restored_persons", "discipline_persons", "discipline_officials",
    "investigation_cases", "investigation_persons", "investigation_officials",
)


def empty_row(columns: int, outcomes_from: int) -> dict[int, Decimal | int]:
    row: dict[int, Decimal | int] = dict.fromkeys(range(1, columns + 1), 0)
    for i, name in enumerate(OUTCOME_ORDER):
        if FIGURE_OF_OUTCOME[OutcomeFigure(name)] is not FigureKind.COUNT:
            row[outcomes_from + i] = Decimal(0)
    return row


def naive_rows(cases: list[CaseHistory], period: ReportPeriod) -> dict[str, dict[str, dict[int, Decimal | int]]]:
    """Per form and unit, every column counted straight from DOMAIN §6's words, one case at a time."""
    rows = {"01": {u: empty_row(26, 7) for u in UNITS}, "03": {u: empty_row(31, 11) for u in UNITS}}
    for case in cases:
        if case.accepted_on is None or case.accepted_on > period.end:
            continue  # not accepted by the window's end
        seen = [on for _, on in case.closings if on <= period.end]
        closed = min(seen) if seen else None
        if closed is not None and closed < period.start:
            continue  # resolved before the window
        how = None
        if closed is not None and closed >= period.start:
            kinds_that_day = {kind for kind, on in case.closings if on == closed}
            how = next(k for k in (Closure.DECIDED, Closure.WITHDRAWN, Closure.TERMINATED) if k in kinds_that_day)
        carried = case.accepted_on < period.start
        letters = len([1 for on, anonymous in case.letters if on <= case.accepted_on and not anonymous])
        if how is None:
            timely = None
        elif how is Closure.DECIDED and case.decided_on_time is not None:
            timely = case.decided_on_time
        else:
            timely = case.due_on is None or closed <= case.due_on  # type: ignore[operator]
        decided = how is Closure.DECIDED
        ordered = dict(case.ordered) if decided else {}
        if case.kind is CaseKind.COMPLAINT:
            row = rows["01"][case.unit]
            row[1] += letters
            row[2 if carried else 3] += letters
            row[4] += 1
            row[5] += decided
            row[6] += how is Closure.WITHDRAWN
            outcomes_from = 7
            round_1_2 = (V.RIGHT, V.WRONG, V.PARTLY_RIGHT, V.UPHELD, V.ANNULLED_OR_AMENDED)
            for column, verdict in zip(range(20, 25), round_1_2, strict=True):
                row[column] += decided and case.verdict is verdict
            if how in (Closure.DECIDED, Closure.WITHDRAWN):
                row[25 if timely else 26] += 1
        else:
            row = rows["03"][case.unit]
            row[1] += letters
            row[2 if carried else 3] += letters
            row[4] += 1
            row[5] += case.next_round
            row[6] += how is not None
            row[7] += decided and not case.next_round
            row[8] += decided and case.next_round
            row[9] += how is Closure.WITHDRAWN
            row[10] += how is Closure.TERMINATED
            outcomes_from = 11
            for column, verdict in zip((24, 26, 28), (V.TRUE, V.FALSE, V.PARTLY_TRUE), strict=True):
                row[column] += decided and case.verdict is verdict
                row[column + 1] += decided and case.verdict is verdict and case.next_round
            if how is not None:
                row[30 if timely else 31] += 1
        for i, name in enumerate(OUTCOME_ORDER):
            row[outcomes_from + i] += ordered.get(OutcomeFigure(name), 0)
    return rows


@settings(max_examples=150, deadline=None)
@given(scenario=scenarios())
def test_every_figure_is_the_naive_count_and_every_check_holds(scenario) -> None:
    cases, period = scenario
    facts = tally_resolutions(f for case in cases if (f := resolution_fact(case, period)) is not None)
    expected = naive_rows(cases, period)
    units = [UnitRef(unit, f"Đơn vị {unit}") for unit in UNITS]
    for form, key in ((forms_kqgq.FORMS_01, "01"), (forms_kqgq.FORMS_03, "03")):
        table = compute_table(form[period.generation], period, units, Facts(resolutions=facts))
        assert table.failures() == ()  # every printed sum, every bound, the total the sum of the rows
        for row in table.rows:
            assert dict(row.values) == expected[key][row.unit], (key, row.unit)
