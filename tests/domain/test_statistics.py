"""The statistics engine on 01/TCD: hand-computed scenarios, refusal of inconsistent forms, a property test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.domain import periods
from petitions.domain.periods import Generation
from petitions.domain.statistics import (
    CaseFact,
    Facts,
    FactsWithoutRow,
    InconsistentForm,
    ReceptionGroup,
    SessionFact,
    UnitRef,
    VisitFact,
    carry_first_received,
    compute_table,
    head_reception_row,
    is_delegation,
)
from petitions.reports import catalog, forms_01tcd

REG, HEAD, DEL = ReceptionGroup.REGULAR, ReceptionGroup.HEAD, ReceptionGroup.DELEGATED
Q3 = periods.parse_period("2026-Q3")  # 15/06/2026 – 14/09/2026
FORM = forms_01tcd.FORMS[Generation.TT_01_2024]
UNITS = (UnitRef("A", "Ban Tiếp công dân tỉnh"), UnitRef("B", "UBND xã Tiên Yên"))


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


def visit(on: date, group: ReceptionGroup, persons: int, case_id: int | None, unit: str = "A") -> VisitFact:
    return VisitFact(on=on, group=group, persons=persons, case_id=case_id, unit=unit)


SCENARIO = Facts(
    visits=(
        # Unit A, regular reception.
        visit(d(20, 6), REG, 1, 1),  # case 1 first received inside Q3 …
        visit(d(10, 7), REG, 2, 1),  # … and again: one case, lần đầu
        visit(d(10, 7), REG, 1, 2),  # case 2 first came by post on 20/05: nhiều lần
        visit(d(1, 3), REG, 1, 3),  # case 3 visited in Q1 …
        visit(d(1, 8), REG, 1, 3),  # … and in Q3: nhiều lần
        visit(d(15, 9), REG, 1, 7),  # the 15th after the window: not counted
        # Unit A, the head's reception.
        visit(d(14, 9), HEAD, 5, 4),  # exactly 5 persons on the last day: a delegation
        visit(d(15, 6), HEAD, 4, 5),  # exactly 4 persons on the first day: not a delegation
        visit(d(14, 6), HEAD, 3, 6),  # the 14th before the window: not counted
        visit(d(1, 9), HEAD, 1, 1),  # case 1 again, seen by the head: counted once more, in the head's group
        # Unit B.
        visit(d(5, 8), REG, 2, None, "B"),  # no case link: a matter of its own, lần đầu
        visit(d(10, 8), REG, 1, 12, "B"),
        visit(d(11, 8), REG, 1, 12, "B"),  # repeat visit on the same case within the period
        visit(d(20, 6), DEL, 6, 10, "B"),
        visit(d(25, 6), DEL, 5, 11, "B"),  # case 11 first received in January: nhiều lần
    ),
    cases=(
        CaseFact(2, d(20, 5), "A"),
        CaseFact(1, d(20, 6), "A"),
        CaseFact(11, d(10, 1), "B"),
        CaseFact(10, d(20, 6), "B"),
    ),
    sessions=(
        SessionFact(d(15, 7), HEAD, True, "A"),
        SessionFact(d(20, 7), HEAD, False, "A"),  # postponed: not counted
        SessionFact(d(10, 9), HEAD, True, "A"),
        SessionFact(d(14, 6), HEAD, True, "A"),  # before the window
        SessionFact(d(20, 6), DEL, True, "B"),
    ),
)

ZERO = dict.fromkeys(range(1, 30), 0)
# fmt: off
EXPECTED_A = ZERO | {
    1: 7, 2: 15, 3: 6,
    4: 4, 5: 5, 6: 1, 7: 2,
    12: 2, 13: 3, 14: 10, 15: 3, 16: 0, 17: 1, 18: 5, 19: 1, 20: 0,
}
EXPECTED_B = ZERO | {
    1: 5, 2: 15, 3: 4,
    4: 3, 5: 4, 6: 2, 7: 0,
    21: 1, 22: 2, 23: 11, 24: 1, 25: 1, 26: 2, 27: 11, 28: 1, 29: 1,
}
# fmt: on
EXPECTED_TOTAL = {n: EXPECTED_A[n] + EXPECTED_B[n] for n in range(1, 30)}


def test_scenario_unit_rows_match_the_hand_count() -> None:
    table = compute_table(FORM, Q3, UNITS, SCENARIO).verify()
    assert dict(table.rows[0].values) == EXPECTED_A
    assert dict(table.rows[1].values) == EXPECTED_B


def test_scenario_total_row_is_the_sum_of_the_two_units() -> None:
    table = compute_table(FORM, Q3, UNITS, SCENARIO)
    assert dict(table.total.values) == EXPECTED_TOTAL
    assert (table.total.label, table.total.is_total) == ("Tổng cộng", True)
    assert (table.total.value(1), table.total.value(2), table.total.value(3)) == (12, 30, 10)


def test_ms_row_numbers_every_column() -> None:
    table = compute_table(FORM, Q3, UNITS, SCENARIO)
    assert table.column_number_row == ("MS", *(str(n) for n in range(1, 31)))


# Whose row the head's reception counts on. Agencies: 1 UBND tỉnh (province), 2 Văn phòng (office),
# 3 Ban Tiếp công dân (unit, under the Văn phòng), 4 UBND xã (commune, under the UBND).
PARENTS = {1: None, 2: 1, 3: 2, 4: 1}
LEVELS = {1: "province", 2: "office", 3: "unit", 4: "commune"}


def test_the_head_reception_counts_on_the_chairing_bodys_row() -> None:
    province_report = {1: 1, 2: 2, 3: 2, 4: 4}  # the UBND's report: rows UBND, Văn phòng (with the Ban), xã
    assert head_reception_row(3, "province_chairman", PARENTS, LEVELS, province_report) == 1
    assert head_reception_row(4, "commune_chairman", PARENTS, LEVELS, province_report) == 4
    assert head_reception_row(3, None, PARENTS, LEVELS, province_report) == 2  # no chairman recorded
    office_report = {2: 2, 3: 3}  # the Văn phòng's own report has no UBND row: the Ban keeps it
    assert head_reception_row(3, "province_chairman", PARENTS, LEVELS, office_report) == 3


def test_a_case_keeps_its_history_when_its_head_visit_counts_on_another_row() -> None:
    cases = (CaseFact(7, d(20, 5), "2"), CaseFact(8, d(1, 7), "2"), CaseFact(7, d(1, 3), "4"))
    moved = ((7, "2", "1"), (7, "2", "1"), (9, "2", "1"), (8, "2", "2"))
    # case 7: the Văn phòng row's date travels to the UBND row (once; not row 4's); case 9 has no date
    # to carry; case 8 did not move.
    assert carry_first_received(cases, moved) == (CaseFact(7, d(20, 5), "1"),)


def test_the_chairmans_visits_fill_12_to_20_on_the_ubnd_row_and_its_sums_hold() -> None:
    """Hand count: the chairman's session on 15/07 recorded by the Ban, two visits received at it
    (3 persons on case 7 the Ban first received by post on 20/05, and a delegation of 6 with no case
    link), moved to row "1"; the Ban's own regular visit stays on row "2"."""
    units = (UnitRef("1", "UBND tỉnh"), UnitRef("2", "Văn phòng UBND tỉnh"))
    ban_cases = (CaseFact(7, d(20, 5), "2"),)
    facts = Facts(
        visits=(
            visit(d(15, 7), HEAD, 3, 7, unit="1"),
            visit(d(15, 7), HEAD, 6, None, unit="1"),
            visit(d(1, 8), REG, 2, 7, unit="2"),
        ),
        cases=ban_cases + carry_first_received(ban_cases, ((7, "2", "1"),)),
        sessions=(SessionFact(d(15, 7), HEAD, True, "1"),),
    )
    table = compute_table(FORM, Q3, units, facts).verify()
    ubnd, office = dict(table.rows[0].values), dict(table.rows[1].values)
    assert [ubnd[n] for n in (1, 2, 3)] == [2, 9, 2]
    assert [ubnd[n] for n in range(12, 21)] == [1, 2, 9, 1, 1, 1, 6, 1, 0]
    assert [office[n] for n in (1, 2, 3, 4, 5, 6, 7, 12, 13)] == [1, 2, 1, 1, 2, 0, 1, 0, 0]


def test_case_first_received_inside_counts_once_as_first_time() -> None:
    facts = Facts(visits=(visit(d(20, 6), REG, 1, 1), visit(d(10, 7), REG, 1, 1)))
    row = compute_table(FORM, Q3, UNITS[:1], facts).rows[0]
    assert (row.value(4), row.value(6), row.value(7), row.value(3)) == (2, 1, 0, 1)


def test_case_first_received_by_letter_before_the_window_is_repeated() -> None:
    facts = Facts(visits=(visit(d(10, 7), REG, 1, 1),), cases=(CaseFact(1, d(20, 5), "A"),))
    row = compute_table(FORM, Q3, UNITS[:1], facts).rows[0]
    assert (row.value(6), row.value(7)) == (0, 1)


def test_repeat_visits_across_periods_are_first_then_repeated() -> None:
    facts = Facts(visits=(visit(d(20, 6), REG, 1, 1), visit(d(1, 10), REG, 1, 1)))
    q3 = compute_table(FORM, Q3, UNITS[:1], facts).rows[0]
    q4 = compute_table(FORM, periods.parse_period("2026-Q4"), UNITS[:1], facts).rows[0]
    year = compute_table(FORM, periods.parse_period("2026"), UNITS[:1], facts).rows[0]
    assert (q3.value(6), q3.value(7)) == (1, 0)
    assert (q4.value(6), q4.value(7)) == (0, 1)
    assert (year.value(4), year.value(6), year.value(7)) == (2, 1, 0)


def test_first_received_date_on_the_window_start_is_first_time() -> None:
    facts = Facts(visits=(visit(d(20, 6), REG, 1, 1),), cases=(CaseFact(1, d(15, 6), "A"),))
    row = compute_table(FORM, Q3, UNITS[:1], facts).rows[0]
    assert (row.value(6), row.value(7)) == (1, 0)


def test_first_received_date_on_the_day_before_is_repeated() -> None:
    facts = Facts(visits=(visit(d(20, 6), REG, 1, 1),), cases=(CaseFact(1, d(14, 6), "A"),))
    row = compute_table(FORM, Q3, UNITS[:1], facts).rows[0]
    assert (row.value(6), row.value(7)) == (0, 1)


@pytest.mark.parametrize(("persons", "delegation"), [(1, False), (4, False), (5, True), (6, True)])
def test_a_delegation_is_five_persons_or_more(persons: int, delegation: bool) -> None:
    assert is_delegation(visit(d(1, 7), REG, persons, 1)) is delegation
    row = compute_table(FORM, Q3, UNITS[:1], Facts(visits=(visit(d(1, 7), REG, persons, 1),))).rows[0]
    assert (row.value(8), row.value(9)) == ((1, persons) if delegation else (0, 0))
    assert (row.value(4), row.value(5)) == (1, persons)


def test_postponed_session_is_not_counted() -> None:
    facts = Facts(sessions=(SessionFact(d(1, 7), HEAD, False, "A"), SessionFact(d(2, 7), HEAD, True, "A")))
    assert compute_table(FORM, Q3, UNITS[:1], facts).rows[0].value(12) == 1


def test_delegated_sessions_fill_column_21_not_12() -> None:
    facts = Facts(sessions=(SessionFact(d(1, 7), DEL, True, "A"),))
    row = compute_table(FORM, Q3, UNITS[:1], facts).rows[0]
    assert (row.value(12), row.value(21)) == (0, 1)


def test_a_unit_with_nothing_has_a_zero_row() -> None:
    table = compute_table(FORM, Q3, UNITS, Facts()).verify()
    assert all(v == 0 for row in table.all_rows for v in row.values.values())


def test_inconsistent_total_is_refused_showing_the_failing_sum() -> None:
    table = compute_table(FORM, Q3, UNITS, SCENARIO)
    broken_values = dict(table.total.values) | {1: 13}
    broken = replace(table, total=replace(table.total, values=broken_values))
    with pytest.raises(InconsistentForm) as refused:
        broken.verify()
    message = str(refused.value)
    assert "(1) = (4) + (13) + (22)" in message
    assert "13 ≠ 12" in message
    assert "Tổng cộng" in message


def test_delegations_larger_than_their_group_are_refused() -> None:
    table = compute_table(FORM, Q3, UNITS, SCENARIO)
    row = replace(table.rows[0], values=dict(table.rows[0].values) | {8: 9})
    broken = replace(table, rows=(row,), total=replace(table.total, values=dict(row.values)))
    failures = {f.rule for f in broken.failures()}
    assert "(8) ≤ (4)" in failures
    assert "5 × (8) ≤ (9)" in failures


def test_the_catalog_picks_the_generation_by_end_date() -> None:
    assert catalog.form_for("01/tcd", periods.parse_period("2023-Q4")).generation is Generation.TT_02_2021
    assert catalog.form_for("01/TCD", Q3).generation is Generation.TT_01_2024
    with pytest.raises(catalog.UnknownForm):
        catalog.form_for("09/XYZ", Q3)


def test_narrative_sentence_uses_the_totals() -> None:
    table = compute_table(FORM, periods.parse_period("2026-9M"), UNITS, SCENARIO)
    sentence = forms_01tcd.narrative(table, "Ban Tiếp công dân tỉnh Quảng Ninh")
    total = table.total.value
    assert sentence.startswith("Trong 9 tháng năm 2026 (từ ngày 15/12/2025 đến ngày 14/09/2026), ")
    assert f"tiếp tổng số {total(1)} lượt/{total(2)} người/{total(3)} vụ việc, 3 đoàn đông người" in sentence
    assert "tiếp theo ủy quyền 1 kỳ, 2 lượt/11 người/2 vụ việc" in sentence


# ----------------------------------------------------------------------------------- property test

START = date(2026, 1, 1)
DAYS = 365


def naive_row(facts: Facts, unit: str, start: date, end: date) -> dict[int, int]:
    """01/TCD for one unit, counted the slow, obvious way, straight from the rules' wording."""
    visits = [v for v in facts.visits if v.unit == unit]

    def first_seen(case_id: int) -> date:
        days = [v.on for v in visits if v.case_id == case_id]
        days += [c.first_received_on for c in facts.cases if c.unit == unit and c.case_id == case_id]
        return min(days)

    def block(group: ReceptionGroup, only_big: bool) -> list[int]:
        chosen = [v for v in visits if v.group == group and start <= v.on <= end]
        if only_big:
            chosen = [v for v in chosen if v.persons >= 5]
        seen: list[int] = []
        first = repeated = 0
        for v in chosen:
            if v.case_id is None:
                first += 1
            elif v.case_id not in seen:
                seen.append(v.case_id)
                if first_seen(v.case_id) >= start:
                    first += 1
                else:
                    repeated += 1
        persons = 0
        for v in chosen:
            persons += v.persons
        return [len(chosen), persons, first, repeated]

    def sessions(group: ReceptionGroup) -> int:
        n = 0
        for s in facts.sessions:
            if s.unit == unit and s.group == group and s.held and start <= s.on <= end:
                n += 1
        return n

    regular = block(REG, False) + block(REG, True)
    head = [sessions(HEAD)] + block(HEAD, False) + block(HEAD, True)
    delegated = [sessions(DEL)] + block(DEL, False) + block(DEL, True)
    totals = [
        regular[0] + head[1] + delegated[1],
        regular[1] + head[2] + delegated[2],
        regular[2] + regular[3] + head[3] + head[4] + delegated[3] + delegated[4],
    ]
    return dict(enumerate(totals + regular + head + delegated, start=1))


day_strategy = st.integers(min_value=0, max_value=DAYS - 1).map(lambda n: START + timedelta(days=n))
unit_strategy = st.sampled_from(["A", "B", "C"])
group_strategy = st.sampled_from(list(ReceptionGroup))
visit_strategy = st.builds(
    VisitFact,
    on=day_strategy,
    group=group_strategy,
    persons=st.integers(min_value=1, max_value=9),
    case_id=st.one_of(st.none(), st.integers(min_value=1, max_value=8)),
    unit=unit_strategy,
)
case_strategy = st.builds(
    CaseFact,
    case_id=st.integers(min_value=1, max_value=8),
    first_received_on=day_strategy,
    unit=unit_strategy,
)
session_strategy = st.builds(
    SessionFact, on=day_strategy, group=group_strategy, held=st.booleans(), unit=unit_strategy
)
facts_strategy = st.builds(
    Facts,
    visits=st.lists(visit_strategy, max_size=40).map(tuple),
    cases=st.lists(case_strategy, max_size=10).map(tuple),
    sessions=st.lists(session_strategy, max_size=8).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(facts=facts_strategy, a=day_strategy, b=day_strategy)
def test_every_figure_equals_a_naive_count(facts: Facts, a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    units = (UnitRef("A", "A"), UnitRef("B", "B"))  # unit C has no row
    c_counts = any(f.unit == "C" and start <= f.on <= end for f in (*facts.visits, *facts.sessions))
    if c_counts:  # figures of C inside the window would leave the total: refused, never dropped
        with pytest.raises(FactsWithoutRow):
            compute_table(FORM, periods.window(start, end), units, facts)
        return
    table = compute_table(FORM, periods.window(start, end), units, facts)
    naive = {unit.key: naive_row(facts, unit.key, start, end) for unit in units}
    for row in table.rows:
        assert dict(row.values) == naive[row.unit]
    assert dict(table.total.values) == {n: naive["A"][n] + naive["B"][n] for n in range(1, 30)}
    assert table.failures() == ()


def tallied(facts: Facts, start: date, end: date) -> Facts:
    """What the SQL feeds: in-window visits grouped per unit/group/case/delegation, first-received per case."""
    groups: dict[tuple, list[VisitFact]] = {}
    for v in facts.visits:
        if start <= v.on <= end:
            groups.setdefault((v.unit, v.group, v.case_id, is_delegation(v)), []).append(v)
    visits = tuple(
        VisitFact(
            on=min(v.on for v in members),
            group=group,
            persons=sum(v.persons for v in members),
            case_id=case_id,
            unit=unit,
            count=len(members),
            delegation=delegation,
        )
        for (unit, group, case_id, delegation), members in groups.items()
    )
    firsts: dict[tuple[str, int], date] = {}
    dated = [(c.unit, c.case_id, c.first_received_on) for c in facts.cases]
    dated += [(v.unit, v.case_id, v.on) for v in facts.visits if v.case_id is not None]
    for unit, case_id, day in dated:
        firsts[(unit, case_id)] = min(day, firsts.get((unit, case_id), day))
    cases = tuple(CaseFact(case_id, day, unit) for (unit, case_id), day in firsts.items())
    held: dict[tuple[str, ReceptionGroup], int] = {}
    for s in facts.sessions:
        if s.held and start <= s.on <= end:
            held[(s.unit, s.group)] = held.get((s.unit, s.group), 0) + 1
    sessions = tuple(SessionFact(start, group, True, unit, count) for (unit, group), count in held.items())
    return Facts(visits=visits, cases=cases, sessions=sessions)


@settings(max_examples=200, deadline=None)
@given(facts=facts_strategy, a=day_strategy, b=day_strategy)
def test_tallies_per_unit_group_and_case_give_the_same_table(facts: Facts, a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    period = periods.window(start, end)
    units = (UnitRef("A", "A"), UnitRef("B", "B"), UnitRef("C", "C"))
    raw = compute_table(FORM, period, units, facts)
    fed = compute_table(FORM, period, units, tallied(facts, start, end))
    assert [dict(r.values) for r in fed.all_rows] == [dict(r.values) for r in raw.all_rows]


def test_a_tally_of_several_visits_must_say_whether_they_are_delegations() -> None:
    with pytest.raises(ValueError):
        VisitFact(d(1, 7), REG, 6, 1, "A", count=2)
    with pytest.raises(ValueError):
        VisitFact(d(1, 7), REG, 6, 1, "A", count=2, delegation=True)  # two delegations need ten persons
    assert is_delegation(VisitFact(d(1, 7), REG, 10, 1, "A", count=2, delegation=True))


def test_letter_columns_count_letters_and_distinct_cases() -> None:
    from petitions.domain.classification import SignerKind
    from petitions.domain.statistics import (
        LetterFact,
        LetterFilter,
        LetterKind,
        count_letter_cases,
        count_letters,
    )

    kn = {"signers": SignerKind.ONE, "kind": LetterKind.COMPLAINT, "handled": True, "eligible": True}
    letters = (
        LetterFact("u", carried=True, case_keys=frozenset({"case:1"}), **kn),
        LetterFact("u", carried=False, case_keys=frozenset({"case:1"}), count=2, **kn),  # an original and its duplicate
        LetterFact("u", carried=False, signers=SignerKind.NONE, kind=LetterKind.ANONYMOUS, handled=True),
    )
    assert count_letters(letters, LetterFilter()) == 4
    assert count_letters(letters, LetterFilter(carried=False)) == 3
    assert count_letters(letters, LetterFilter(eligible=True)) == 3
    assert count_letter_cases(letters, LetterFilter(eligible=True)) == 1
    with pytest.raises(ValueError):
        LetterFact(
            "u", carried=False, signers=SignerKind.NONE, kind=LetterKind.ANONYMOUS, handled=True, eligible=True
        )
