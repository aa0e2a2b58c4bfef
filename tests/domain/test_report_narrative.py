"""The cover report's periods, rate and sentence (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from petitions.domain import periods
from petitions.domain.report_narrative import (
    CoverFigures,
    cover_figures,
    has_cover_report,
    narrative,
    percent,
    tables_only_reason,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-Q1", True),
        ("2026-Q2", False),  # TT 01/2024: Q2–Q4 tables only
        ("2026-Q3", False),
        ("2026-Q4", False),
        ("2024-Q1", True),  # ends 14/03/2024: TT 01/2024, Q1 still has it
        ("2023-Q3", True),  # TT 02/2021: every quarter has it
        ("2023-Q4", True),
        ("2026-6M", True),
        ("2026-9M", True),
        ("2026", True),
        ("2026-NA", True),
        ("2026-03", False),  # the internal month is not an official report
    ],
)
def test_which_periods_have_a_cover_report(text: str, expected: bool) -> None:
    period = periods.parse_period(text)
    assert has_cover_report(period) is expected
    assert (tables_only_reason(period) == "") is expected


def test_a_custom_window_and_a_2024_quarter_say_why_they_are_tables_only() -> None:
    custom = periods.window(date(2026, 7, 1), date(2026, 7, 31))
    assert not has_cover_report(custom)
    assert "không phải kỳ báo cáo chính thức" in tables_only_reason(custom)
    reason = tables_only_reason(periods.parse_period("2026-Q2"))
    assert reason.startswith("Theo TT 01/2024/TT-TTCP, báo cáo quý II năm 2026 chỉ gồm các biểu số liệu")


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [(6, 7, "85,7%"), (1, 8, "12,5%"), (2, 3, "66,7%"), (1, 400, "0,3%"), (5, 5, "100,0%"), (0, 0, "—")],
)
def test_the_rate_has_one_decimal_and_a_comma(part: int, whole: int, text: str) -> None:
    assert percent(part, whole) == text


@dataclass
class _Row:
    values: dict[int, int]

    def value(self, number: int) -> int:
        return self.values[number]


@dataclass
class _Table:
    total: _Row


def test_figures_are_read_from_the_forms_total_rows() -> None:
    tables: dict[str, Any] = {
        "01/TCD": _Table(_Row({1: 412, 2: 759, 3: 135})),
        "01/XLD": _Table(_Row({1: 980})),
        "01/KQGQ": _Table(_Row({4: 40, 5: 30, 6: 4})),
        "03/KQGQ": _Table(_Row({4: 12, 6: 11})),
    }
    figures = cover_figures(tables)
    assert figures == CoverFigures(visits=412, persons=759, cases=135, letters=980, resolved=45, due=52)
    text = narrative(periods.parse_period("2026-Q1"), "Ủy ban nhân dân tỉnh Quảng Ninh", figures)
    assert text == (
        "Trong quý I năm 2026 (từ ngày 15/12/2025 đến ngày 14/03/2026), Ủy ban nhân dân tỉnh Quảng Ninh "
        "đã tiếp 412 lượt/759 người/135 vụ việc; tiếp nhận 980 đơn; "
        "đã giải quyết 45/52 vụ việc thuộc thẩm quyền, đạt 86,5%."
    )


def test_a_form_missing_from_the_set_leaves_its_clause_out() -> None:
    tables: dict[str, Any] = {"01/TCD": _Table(_Row({1: 2, 2: 3, 3: 1})), "01/XLD": _Table(_Row({1: 0}))}
    figures = cover_figures(tables)
    assert figures.due is None and figures.resolved is None
    text = narrative(periods.parse_period("2026-6M"), "Ban Tiếp công dân tỉnh", figures)
    assert text.endswith("đã tiếp 2 lượt/3 người/1 vụ việc; tiếp nhận 0 đơn.")
    only_complaints: dict[str, Any] = {**tables, "01/KQGQ": _Table(_Row({4: 0, 5: 0, 6: 0}))}
    assert narrative(periods.parse_period("2026-6M"), "B", cover_figures(only_complaints)).endswith(
        "đã giải quyết 0/0 vụ việc thuộc thẩm quyền, đạt —."
    )


def test_the_prose_groups_thousands_with_dots() -> None:
    # A province's year runs into thousands: "1.328 lượt", as a Vietnamese reader writes it, not "1328".
    tables: dict[str, Any] = {
        "01/TCD": _Table(_Row({1: 1328, 2: 2677, 3: 964})),
        "01/XLD": _Table(_Row({1: 12043})),
        "01/KQGQ": _Table(_Row({4: 1002, 5: 990, 6: 2})),
    }
    text = narrative(periods.parse_period("2026-9M"), "B", cover_figures(tables))
    assert "đã tiếp 1.328 lượt/2.677 người/964 vụ việc; tiếp nhận 12.043 đơn; " in text
    assert text.endswith("đã giải quyết 992/1.002 vụ việc thuộc thẩm quyền, đạt 99,0%.")
