"""Drill-down in the pure core: on random un-grouped facts (one per record), every column of every form lists records
whose weights add up to the engine's figure — one per record, so the list's length is the figure, for every count
column — with unique ids; hand-made cases for the vụ việc columns; tallies are refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.domain import periods
from petitions.domain.drilldown import (
    KIND_OF,
    SELECTIONS,
    WEIGHTED_QUANTITIES,
    Counted,
    NotRecordFacts,
    RecordKind,
    counted,
)
from petitions.domain.periods import Generation, ReportPeriod
from petitions.domain.statistics import (
    CaseFact,
    Facts,
    FormDefinition,
    Measure,
    Quantity,
    ReceptionGroup,
    UnitRef,
    VisitFact,
    compute_table,
    implementation_fact,
    resolution_fact,
)
from petitions.reports import catalog, forms_01tcd, forms_01xld, forms_02kqgq, forms_kqgq
from tests.domain import test_implementation_property as implementation
from tests.domain import test_resolution_property as resolution
from tests.domain.test_statistics import facts_strategy
from tests.domain.test_statistics_01xld import UNITS as XLD_UNITS
from tests.domain.test_statistics_01xld import WINDOWS as XLD_WINDOWS
from tests.domain.test_statistics_01xld import letter_facts

REG, HEAD, DEL = ReceptionGroup.REGULAR, ReceptionGroup.HEAD, ReceptionGroup.DELEGATED
Q3 = periods.parse_period("2026-Q3")  # 15/06/2026 – 14/09/2026
TCD = forms_01tcd.FORMS[Generation.TT_01_2024]


def assert_every_cell_lists_its_records(form: FormDefinition, period: ReportPeriod, units, facts: Facts) -> None:  # type: ignore[no-untyped-def]
    """Each cell's records: their weights add up to the figure; one per record (weight 1) but for the columns
    that sum an amount; no record twice."""
    table = compute_table(form, period, units, facts)
    per_unit = facts.by_unit()
    for row in table.all_rows:
        own = facts if row.is_total else per_unit.get(row.unit, Facts())
        for column in form.numeric_columns:
            assert column.measure is not None
            items = counted(column.measure, own, period)
            figure = row.value(column.number)
            assert sum(item.weight for item in items) == figure, (form.code, row.label, column.number)
            if column.measure.quantity not in WEIGHTED_QUANTITIES:
                assert len(items) == figure, (form.code, row.label, column.number)
            else:
                assert all(item.weight for item in items)
            assert len({item.id for item in items}) == len(items)
            assert {item.kind for item in items} <= {KIND_OF[column.measure.quantity]}


def numbered(facts: Facts) -> Facts:
    """The un-grouped facts a drill-down reads: each visit, session and reply names its record."""
    return replace(
        facts,
        visits=tuple(replace(v, record=i) for i, v in enumerate(facts.visits, start=1)),
        sessions=tuple(replace(s, record=i) for i, s in enumerate(facts.sessions, start=1)),
        replies=tuple(replace(r, count=1, record=i) for i, r in enumerate(facts.replies, start=1)),
    )


def test_every_quantity_has_a_selection_and_a_kind_of_record() -> None:
    assert set(SELECTIONS) == set(Quantity) == set(KIND_OF)


def test_every_column_of_every_catalog_form_names_a_quantity_with_a_selection() -> None:
    for generations in catalog.FORMS.values():
        for form in generations.values():
            assert all(c.measure.quantity in SELECTIONS for c in form.numeric_columns if c.measure), form.code


@settings(max_examples=80, deadline=None)
@given(facts=facts_strategy, a=st.sampled_from(range(0, 200, 7)), b=st.sampled_from(range(0, 200, 5)))
def test_01tcd_lists_what_it_counts(facts: Facts, a: int, b: int) -> None:
    start = date(2026, 1, 1).toordinal() + min(a, b)
    period = periods.window(date.fromordinal(start), date.fromordinal(start + abs(a - b)))
    units = (UnitRef("A", "A"), UnitRef("B", "B"), UnitRef("C", "C"))
    assert_every_cell_lists_its_records(TCD, period, units, numbered(facts))


@settings(max_examples=80, deadline=None)
@given(window=st.sampled_from(XLD_WINDOWS), letters=st.lists(letter_facts(), max_size=30), days=st.lists(
    st.integers(-10, 100), max_size=6))
def test_01xld_lists_what_it_counts_in_both_generations(window: ReportPeriod, letters, days) -> None:  # type: ignore[no-untyped-def]
    from petitions.domain.statistics import ReplyFact

    single = tuple(
        replace(f, count=1, case_keys=frozenset(sorted(f.case_keys)[:1]), record=i) for i, f in enumerate(letters, 1)
    )
    replies = tuple(
        ReplyFact(on=date.fromordinal(window.start.toordinal() + n), unit=XLD_UNITS[n % 2].key, record=i)
        for i, n in enumerate(days, 1)
    )
    form = forms_01xld.FORMS[window.generation]
    assert_every_cell_lists_its_records(form, window, XLD_UNITS, Facts(letters=single, replies=replies))


@settings(max_examples=80, deadline=None)
@given(scenario=resolution.scenarios())
def test_01kqgq_and_03kqgq_list_cases_letters_and_amounts(scenario) -> None:  # type: ignore[no-untyped-def]
    cases, period = scenario
    facts = []
    for number, history in enumerate(cases, start=1):
        fact = resolution_fact(history, period)
        if fact is not None:  # a case's letters get ids of their own: 10 per case
            letters = frozenset(range(10 * number, 10 * number + fact.letters))
            facts.append(replace(fact, record=number, accepted_letters=letters))
    units = tuple(UnitRef(u, u) for u in resolution.UNITS)
    for form in (*forms_kqgq.FORMS_01.values(), forms_kqgq.FORMS_03[Generation.TT_02_2021]):
        assert_every_cell_lists_its_records(form, period, units, Facts(resolutions=tuple(facts)))


@settings(max_examples=80, deadline=None)
@given(scenario=implementation.scenarios())
def test_02kqgq_lists_decisions_and_amounts(scenario) -> None:  # type: ignore[no-untyped-def]
    records, period = scenario
    facts = tuple(
        replace(fact, record=number)
        for number, record in enumerate(records, start=1)
        if (fact := implementation_fact(record, period)) is not None
    )
    units = tuple(UnitRef(u, u) for u in implementation.UNITS)
    assert_every_cell_lists_its_records(
        forms_02kqgq.FORMS[Generation.TT_01_2024], period, units, Facts(implementations=facts)
    )


# ------------------------------------------------------------------------------------------ by hand


def visit(record: int, on: date, group: ReceptionGroup, case: int | None, persons: int = 1) -> VisitFact:
    return VisitFact(on=on, group=group, persons=persons, case_id=case, unit="A", record=record)


CASES = Facts(
    visits=(
        visit(11, date(2026, 7, 10), REG, 1),
        visit(12, date(2026, 6, 20), REG, 1, persons=3),  # case 1's first visit in the window
        visit(13, date(2026, 8, 1), DEL, 1, persons=6),  # case 1 again, by the delegate: a second group
        visit(14, date(2026, 8, 2), REG, 2),  # case 2, first received by post before the window
        visit(15, date(2026, 8, 3), REG, None),  # no case: a matter of its own
    ),
    cases=(CaseFact(case_id=2, first_received_on=date(2026, 5, 20), unit="A"),),
)


def column(number: int) -> Measure:
    measure = TCD.column(number).measure
    assert measure is not None
    return measure


def test_a_case_column_lists_the_first_visit_of_each_case_and_each_unlinked_visit() -> None:
    first = counted(column(6), CASES, Q3)  # regular reception: cases first time
    assert first == (Counted(RecordKind.VISIT, 12, case_id=1), Counted(RecordKind.VISIT, 15))
    assert counted(column(7), CASES, Q3) == (Counted(RecordKind.VISIT, 14, case_id=2),)


def test_the_total_of_cases_lists_a_case_once_per_group_that_saw_it() -> None:
    assert [(i.id, i.case_id) for i in counted(column(3), CASES, Q3)] == [(12, 1), (13, 1), (14, 2), (15, None)]


def test_persons_are_the_visits_weighted_by_their_persons() -> None:
    persons = counted(column(2), CASES, Q3)
    assert [(i.id, i.weight) for i in persons] == [(11, 1), (12, 3), (13, 6), (14, 1), (15, 1)]
    assert [i.id for i in counted(column(26), CASES, Q3)] == [13]  # the delegate's delegations


def test_tallies_are_refused() -> None:
    tally = Facts(visits=(VisitFact(date(2026, 7, 1), REG, 2, None, "A", count=2, delegation=False),))
    with pytest.raises(NotRecordFacts):
        counted(column(1), tally, Q3)


def test_a_fact_naming_its_record_stands_for_one() -> None:
    with pytest.raises(ValueError, match="one record"):
        VisitFact(date(2026, 7, 1), REG, 2, None, "A", count=2, delegation=False, record=1)
