"""The engine's exact figures (money, land) beside counts and the case-resolution facts, on a small form."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from petitions.domain import periods
from petitions.domain.periods import Generation
from petitions.domain.records import CaseVerdict
from petitions.domain.statistics import (
    CaseFilter,
    CaseKind,
    CheckSum,
    Closure,
    Column,
    Facts,
    FigureKind,
    FormDefinition,
    HeaderGroup,
    InconsistentForm,
    Measure,
    OutcomeFigure,
    Quantity,
    ResolutionFact,
    UnitRef,
    closed_on_time,
    closure_in,
    compute_table,
    exact_text,
    format_figure,
    is_carried_over,
    is_under_resolution_in,
)
from petitions.reports.excel import render_xlsx
from petitions.reports.outputs import ReportDocument, row_cells, to_json

Q4 = periods.parse_period("2026-Q4")  # 15/09/2026 – 14/12/2026
KN = CaseKind.COMPLAINT
OF = OutcomeFigure


def test_vietnamese_format_is_exact_and_counts_print_as_before() -> None:
    assert format_figure(Decimal("1234.500"), FigureKind.MONEY) == "1.234,5"
    assert format_figure(Decimal("1234567.001"), FigureKind.MONEY) == "1.234.567,001"
    assert format_figure(Decimal("0.000"), FigureKind.MONEY) == "0"
    assert format_figure(Decimal("12.00"), FigureKind.LAND) == "12"
    assert format_figure(Decimal("-0.5"), FigureKind.LAND) == "-0,5"
    assert format_figure(12345, FigureKind.COUNT) == "12345"
    assert exact_text(Decimal("1234.5"), FigureKind.MONEY) == "1234.500"
    assert exact_text(Decimal(0), FigureKind.LAND) == "0.00"
    assert exact_text(7, FigureKind.COUNT) == 7


def test_a_fact_refuses_inconsistent_states() -> None:
    with pytest.raises(ValueError, match="verdict"):
        ResolutionFact("A", KN, carried=False, closure=Closure.WITHDRAWN, verdict=CaseVerdict.RIGHT, on_time=True)
    with pytest.raises(ValueError, match="timeliness"):
        ResolutionFact("A", KN, carried=False, closure=Closure.OPEN, on_time=True)
    with pytest.raises(ValueError, match="Decimal"):
        ResolutionFact(
            "A", KN, False, closure=Closure.DECIDED, verdict=CaseVerdict.RIGHT, on_time=True,
            ordered=((OF.RECOVER_MONEY, 5),),
        )  # fmt: skip
    with pytest.raises(ValueError, match="names the figure"):
        Measure(Quantity.ORDERED)


def test_case_rules_at_the_window_edges() -> None:
    start, end = Q4.start, Q4.end  # 15/09, 14/12
    assert is_carried_over(date(2026, 9, 14), None, Q4)
    assert not is_carried_over(date(2026, 9, 15), None, Q4)  # accepted on the first day: in period
    assert is_carried_over(date(2026, 9, 1), start, Q4)  # closed on the first day: still open at its start
    assert not is_under_resolution_in(date(2026, 9, 1), date(2026, 9, 14), Q4)  # closed before the window
    assert not is_under_resolution_in(date(2026, 12, 15), None, Q4)  # accepted after it
    assert closure_in(Closure.DECIDED, end, Q4) is Closure.DECIDED
    assert closure_in(Closure.DECIDED, date(2026, 12, 15), Q4) is Closure.OPEN
    assert closed_on_time(date(2026, 10, 1), date(2026, 10, 1))
    assert not closed_on_time(date(2026, 10, 2), date(2026, 10, 1))
    assert closed_on_time(date(2026, 10, 2), None)


def _form() -> FormDefinition:
    decided = CaseFilter(closures=frozenset({Closure.DECIDED}))
    columns = (
        Column(1, "Số vụ việc", Measure(Quantity.RESOLUTION_CASES)),
        Column(2, "Kỳ trước", Measure(Quantity.RESOLUTION_CASES, cases=CaseFilter(carried=True))),
        Column(3, "Trong kỳ", Measure(Quantity.RESOLUTION_CASES, cases=CaseFilter(carried=False))),
        Column(4, "Đơn thụ lý", Measure(Quantity.RESOLUTION_LETTERS)),
        Column(5, "Tiền (tr.đ)", Measure(Quantity.ORDERED, cases=decided, figure=OF.RETURN_MONEY_PERSONS)),
        Column(6, "Tiền: lần 1", Measure(Quantity.ORDERED, cases=CaseFilter(next_round=False), figure=OF.RETURN_MONEY_PERSONS)),
        Column(7, "Tiền: lần 2", Measure(Quantity.ORDERED, cases=CaseFilter(next_round=True), figure=OF.RETURN_MONEY_PERSONS)),
        Column(8, "Đất (m²)", Measure(Quantity.ORDERED, figure=OF.RECOVER_LAND)),
        Column(9, "Ghi chú"),
    )  # fmt: skip
    return FormDefinition(
        code="99/TEST",
        generation=Generation.TT_01_2024,
        title="Thử",
        columns=columns,
        header=(HeaderGroup("Vụ việc", (1, 2, 3)), HeaderGroup("Khác", (4, 5, 6, 7, 8, 9))),
        check_sums=(CheckSum(1, (2, 3)), CheckSum(5, (6, 7))),
    )


def _decided(unit: str, money: str, land: str, *, next_round: bool = False, carried: bool = False) -> ResolutionFact:
    return ResolutionFact(
        unit, KN, carried, next_round, Closure.DECIDED, CaseVerdict.PARTLY_RIGHT, True, letters=2,
        ordered=((OF.RETURN_MONEY_PERSONS, Decimal(money)), (OF.RECOVER_LAND, Decimal(land))),
    )  # fmt: skip


FACTS = Facts(
    resolutions=(
        _decided("A", "0.001", "10.25", carried=True),
        _decided("A", "1000.5", "0", next_round=True),
        ResolutionFact("A", KN, carried=False, letters=3, count=2),  # two open cases, 3 letters
        _decided("B", "0.1", "0.20"),
        ResolutionFact("B", KN, carried=True, closure=Closure.WITHDRAWN, on_time=False, letters=1),
    )
)
UNITS = (UnitRef("A", "Đơn vị A"), UnitRef("B", "Đơn vị B"))


def test_decimal_columns_sum_exactly_with_their_check_sums_and_total() -> None:
    table = compute_table(_form(), Q4, UNITS, FACTS).verify()
    a, b = table.rows
    # A: cases 1 carried + 1 + 2 in period = 4; letters 2 + 2 + 3 = 7; money 0.001 + 1000.5 = 1000.501
    assert [a.value(n) for n in (1, 2, 3, 4)] == [4, 1, 3, 7]
    assert a.value(5) == Decimal("1000.501") and a.value(6) == Decimal("0.001") and a.value(7) == Decimal("1000.5")
    assert a.value(8) == Decimal("10.25")
    # B: the withdrawal orders nothing; 0.1 million to return, 0.2 m² recovered
    assert [b.value(n) for n in (1, 2, 3, 4)] == [2, 1, 1, 3]
    assert b.value(5) == Decimal("0.1")
    # total: 1000.601 exactly (as floats, 0.001 + 1000.5 + 0.1 is 1000.6010000000001)
    assert table.total.value(5) == Decimal("1000.601") and isinstance(table.total.value(5), Decimal)
    assert table.total.value(8) == Decimal("10.45")
    assert row_cells(table)[-1][1:9] == ("6", "2", "4", "10", "1.000,601", "0,101", "1.000,5", "10,45")


def test_an_empty_form_prints_exact_zeros() -> None:
    table = compute_table(_form(), Q4, UNITS, Facts()).verify()
    assert table.total.value(5) == Decimal(0) and isinstance(table.total.value(5), Decimal)
    assert table.total.value(1) == 0 and isinstance(table.total.value(1), int)


def test_a_decimal_sum_that_fails_is_refused() -> None:
    table = compute_table(_form(), Q4, UNITS, FACTS)
    broken = replace(table.rows[0], values=dict(table.rows[0].values) | {5: Decimal("1000.502")})
    with pytest.raises(InconsistentForm, match=r"\(5\) = \(6\) \+ \(7\)"):
        replace(table, rows=(broken, table.rows[1])).verify()


def test_a_sum_on_both_sides() -> None:
    table = compute_table(replace(_form(), check_sums=(CheckSum(2, (1,), plus=(3,)),)), Q4, UNITS, FACTS)
    assert table.form.check_sums[0].text == "(2) + (3) = (1)"
    table.verify()
    broken = replace(table.rows[0], values=dict(table.rows[0].values) | {3: 4})
    with pytest.raises(InconsistentForm, match=r"\(2\) \+ \(3\) = \(1\) không khớp \(5 ≠ 4\)"):
        replace(table, rows=(broken, table.rows[1])).verify()


def test_a_check_sum_over_kinds_is_refused_by_the_definition() -> None:
    with pytest.raises(ValueError, match="different kinds"):
        replace(_form(), check_sums=(CheckSum(1, (5,)),))


def test_json_and_excel_carry_the_exact_amounts() -> None:
    table = compute_table(_form(), Q4, UNITS, FACTS).verify()
    document = ReportDocument(table=table, issuing_body="UBND TỈNH")
    data = to_json(document)
    assert data["total"]["figures"]["5"] == "1000.601" and data["total"]["figures"]["8"] == "10.45"
    assert data["total"]["figures"]["1"] == 6
    assert data["kinds"]["5"] == "money" and data["kinds"]["8"] == "land" and data["kinds"]["1"] == "count"
    ws = load_workbook(io.BytesIO(render_xlsx(document))).active
    total = next(row for row in ws.iter_rows() if row[0].value == "Tổng cộng")
    assert total[5].value == pytest.approx(1000.601) and total[5].data_type == "n"
    assert total[5].number_format == "#,##0.000" and total[8].number_format == "#,##0.00"
    assert total[1].number_format == "#,##0"
