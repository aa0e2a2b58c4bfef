"""Report periods: the 15th-to-14th cut-off, presets, the NA window, internal months, generations."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain import periods
from petitions.domain.periods import Generation, InvalidPeriod, PeriodKind


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-Q1", date(2025, 12, 15), date(2026, 3, 14)),
        ("2026-Q2", date(2026, 3, 15), date(2026, 6, 14)),
        ("2026-Q3", date(2026, 6, 15), date(2026, 9, 14)),
        ("2026-Q4", date(2026, 9, 15), date(2026, 12, 14)),
        ("2026-6M", date(2025, 12, 15), date(2026, 6, 14)),
        ("2026-9M", date(2025, 12, 15), date(2026, 9, 14)),
        ("2026", date(2025, 12, 15), date(2026, 12, 14)),
        ("2026-NA", date(2025, 8, 1), date(2026, 7, 31)),
        ("2026-01", date(2025, 12, 15), date(2026, 1, 14)),
        ("2026-03", date(2026, 2, 15), date(2026, 3, 14)),
        ("2024-03", date(2024, 2, 15), date(2024, 3, 14)),
        ("2026-12", date(2026, 11, 15), date(2026, 12, 14)),
        (" 2026-q3 ", date(2026, 6, 15), date(2026, 9, 14)),
    ],
)
def test_preset_windows_follow_the_cut_off(text: str, start: date, end: date) -> None:
    period = periods.parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-13", "2026-00", "26", "2026Q1", "abc", "1999", ""])
def test_unreadable_periods_are_refused(text: str) -> None:
    with pytest.raises(InvalidPeriod):
        periods.parse_period(text)


def test_quarters_and_months_tile_the_year_without_gaps() -> None:
    year = periods.whole_year(2026)
    quarters = [periods.quarter(2026, n) for n in range(1, 5)]
    months = [periods.internal_month(2026, m) for m in range(1, 13)]
    for pieces in (quarters, months):
        assert pieces[0].start == year.start and pieces[-1].end == year.end
        for before, after in zip(pieces, pieces[1:], strict=False):
            assert (after.start - before.end).days == 1
    assert months[2].end == quarters[0].end


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2026, 6, 14), False),
        (date(2026, 6, 15), True),
        (date(2026, 9, 14), True),
        (date(2026, 9, 15), False),
    ],
)
def test_window_bounds_are_inclusive_on_the_15th_and_the_14th(day: date, inside: bool) -> None:
    assert periods.parse_period("2026-Q3").contains(day) is inside


@pytest.mark.parametrize(
    ("end", "generation"),
    [
        (date(2021, 5, 10), Generation.TT_02_2021),
        (date(2024, 3, 4), Generation.TT_02_2021),
        (date(2024, 3, 5), Generation.TT_01_2024),
        (date(2026, 9, 14), Generation.TT_01_2024),
    ],
)
def test_generation_is_chosen_by_the_window_end_date(end: date, generation: Generation) -> None:
    assert periods.window(date(2020, 1, 1), end).generation is generation
    assert periods.generation_for(end) is generation


def test_q1_2024_ends_after_the_switch_and_uses_tt_01_2024() -> None:
    assert periods.parse_period("2024-Q1").generation is Generation.TT_01_2024
    assert periods.parse_period("2023").generation is Generation.TT_02_2021


def test_windows_before_tt_02_2021_are_labelled() -> None:
    assert "TT 02/2021" in periods.generation_note(date(2021, 3, 14))
    assert periods.generation_note(date(2021, 6, 14)) == ""


def test_custom_window_must_not_end_before_it_starts() -> None:
    with pytest.raises(InvalidPeriod):
        periods.window(date(2026, 3, 2), date(2026, 3, 1))
    one_day = periods.window(date(2026, 3, 1), date(2026, 3, 1))
    assert one_day.kind is PeriodKind.CUSTOM and one_day.contains(date(2026, 3, 1))


@pytest.mark.parametrize(
    ("text", "narrative"),
    [
        ("2026-Q1", True),
        ("2026-Q2", False),
        ("2026-Q3", False),
        ("2026-Q4", False),
        ("2026-6M", True),
        ("2026-9M", True),
        ("2026", True),
        ("2023-Q3", True),
        ("2026-03", True),
    ],
)
def test_tt_01_2024_quarters_two_to_four_carry_no_narrative(text: str, narrative: bool) -> None:
    assert periods.parse_period(text).carries_narrative is narrative


@pytest.mark.parametrize(
    ("text", "label", "code"),
    [
        ("2026-Q3", "quý III năm 2026", "2026-Q3"),
        ("2026-6M", "6 tháng đầu năm 2026", "2026-6M"),
        ("2026-9M", "9 tháng năm 2026", "2026-9M"),
        ("2026", "năm 2026", "2026"),
        ("2026-NA", "kỳ báo cáo Quốc hội năm 2026", "2026-NA"),
        ("2026-03", "tháng 03 năm 2026", "2026-03"),
    ],
)
def test_labels_and_codes(text: str, label: str, code: str) -> None:
    period = periods.parse_period(text)
    assert (period.label, period.code) == (label, code)
    assert period.window_line.startswith("Số liệu tính từ ngày ")


def test_window_line_prints_both_days() -> None:
    assert (
        periods.parse_period("2026-Q1").window_line == "Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026"
    )
