"""The one date parser and range (petitions.domain.dates) and the deadline engine's refusal of far dates."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain import deadlines
from petitions.domain.dates import InvalidDate, check_date, parse_date, parse_written_date, read_written_date

CALENDAR = deadlines.WorkingCalendar.for_years(2025, 2027, version="test")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-03-05", date(2026, 3, 5)), (" 1900-01-01 ", date(1900, 1, 1)), ("2100-12-31", date(2100, 12, 31))],
)
def test_parse_date_reads_iso_dates_within_the_years(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9999-12-31", "nằm ngoài khoảng năm 1900–2100"),
        ("1899-12-31", "nằm ngoài khoảng năm 1900–2100"),
        ("2101-01-01", "nằm ngoài khoảng năm 1900–2100"),
        ("0001-01-01", "nằm ngoài khoảng năm 1900–2100"),
        ("2026-02-30", "không phải ngày hợp lệ"),
        ("05/03/2026", "không phải ngày hợp lệ"),
        ("", "không phải ngày hợp lệ"),
    ],
)
def test_parse_date_refuses_slips_with_a_vietnamese_message(text, message):
    with pytest.raises(InvalidDate, match=message):
        parse_date(text, what="Ngày nhận đơn")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/12/2026", date(2026, 12, 1)),
        ("1/12/2026", date(2026, 12, 1)),
        (" 5-3-2024 ", date(2024, 3, 5)),
        ("05.03.2024", date(2024, 3, 5)),
        ("01122026", date(2026, 12, 1)),  # eight digits typed without slashes: dd mm yyyy
        ("2026-12-01", date(2026, 12, 1)),  # year first: older clients and links
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_a_written_date_is_read_day_first_whatever_its_separators(text, expected):
    assert read_written_date(text) == expected == parse_written_date(text)


@pytest.mark.parametrize(
    "text", ["", "12/01", "31/02/2026", "29/02/2025", "2026/13/01", "001/12/2026", "1/123/2026", "12/1/2026x", "0112202"]
)
def test_a_written_date_that_is_no_day_is_refused(text):
    with pytest.raises(InvalidDate, match="không phải ngày hợp lệ .cần dạng dd/mm/yyyy"):
        read_written_date(text)


def test_a_past_fact_may_be_today_or_earlier_but_not_tomorrow():
    today = date(2026, 8, 20)
    assert check_date(date(2026, 8, 20), today=today) == date(2026, 8, 20)
    assert check_date(date(2025, 1, 2), today=today) == date(2025, 1, 2)
    with pytest.raises(InvalidDate, match="21/08/2026 là ngày trong tương lai"):
        check_date(date(2026, 8, 21), what="Ngày tiếp", today=today)


@pytest.mark.parametrize("rule_id", sorted(deadlines.RULE_IDS))
@pytest.mark.parametrize("trigger", [date(9999, 12, 31), date(1, 1, 1), date(2101, 1, 1)])
def test_every_clock_refuses_a_far_trigger_instead_of_overflowing(rule_id, trigger):
    with pytest.raises(InvalidDate, match="Ngày bắt đầu tính thời hạn"):
        deadlines.compute_due(rule_id, trigger, CALENDAR)


def test_a_day_count_ending_beyond_2100_is_refused_not_overflowed():
    # D24 counts calendar days plus paused days: a pause typed as ending in 2100 pushes the end past it.
    with pytest.raises(InvalidDate, match="Ngày kết thúc thời hạn 11/01/2101"):
        deadlines.compute_due("D24", date(2026, 3, 2), CALENDAR, pauses=[(date(2026, 3, 10), date(2100, 12, 20))])
