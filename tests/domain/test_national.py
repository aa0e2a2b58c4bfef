"""The national-database entry rule (DOMAIN §3.6): due day, the late cutoff, the entry checks. No app."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from petitions.domain.calendar_data import confirmed_calendar
from petitions.domain.deadlines import CalendarNotConfirmed
from petitions.domain.national import (
    ENTRY_RULES,
    EntryError,
    EntryStatus,
    RecordKind,
    check_correction,
    check_entered_on,
    check_mark,
    clean_reference,
    entry_due,
    is_late,
    late_cutoff,
    rule_for,
)

CALENDAR = confirmed_calendar()
LETTER = rule_for(RecordKind.LETTER)


def test_every_kind_has_one_rule_of_three_working_days() -> None:
    assert sorted(rule.kind for rule in ENTRY_RULES) == sorted(RecordKind)
    assert {rule.working_days for rule in ENTRY_RULES} == {3}


@pytest.mark.parametrize(
    ("trigger", "due", "why"),
    [
        (date(2026, 3, 2), date(2026, 3, 5), "Mon → Thu"),
        (date(2026, 3, 5), date(2026, 3, 10), "Thu → Tue over the weekend"),
        (date(2026, 2, 13), date(2026, 2, 25), "Tết 16–20/02 and weekends skipped"),
        (date(2026, 8, 20), date(2026, 8, 24), "the make-up Saturday 22/08 counts (else 25/08)"),
        (date(2026, 4, 24), date(2026, 5, 4), "27/04, 30/04, 01/05 and weekends skipped"),
        (date(2026, 12, 31), date(2027, 1, 6), "01/01/2027 off"),
        (date(2026, 3, 7), date(2026, 3, 11), "a Saturday trigger counts from Monday"),
    ],
)
def test_due_day_is_the_third_working_day_after_the_trigger(trigger: date, due: date, why: str) -> None:
    assert entry_due(trigger, LETTER, CALENDAR) == due, why


@pytest.mark.parametrize(
    ("trigger", "today", "late"),
    [
        (date(2026, 3, 2), date(2026, 3, 5), False),  # the due day itself is on time
        (date(2026, 3, 2), date(2026, 3, 6), True),  # the day after the due day
        (date(2026, 3, 5), date(2026, 3, 10), False),
        (date(2026, 3, 5), date(2026, 3, 11), True),
        (date(2026, 2, 13), date(2026, 2, 25), False),  # Tết does not count
        (date(2026, 2, 13), date(2026, 2, 26), True),
        (date(2026, 3, 6), date(2026, 3, 6), False),  # registered today
    ],
)
def test_late_means_pending_after_the_due_day(trigger: date, today: date, late: bool) -> None:
    assert is_late(trigger, today, LETTER, CALENDAR) is late


def test_the_cutoff_agrees_with_the_due_day_over_a_whole_year() -> None:
    # The cutoff is what the lists filter on: it must say "late" exactly when the due day is before today.
    for today in (date(2026, 1, 5) + timedelta(days=n) for n in range(0, 360, 7)):
        cutoff = late_cutoff(today, LETTER, CALENDAR)
        for back in range(0, 30):
            trigger = today - timedelta(days=back)
            assert (trigger < cutoff) is (entry_due(trigger, LETTER, CALENDAR) < today), (trigger, today)


def test_an_unconfirmed_year_is_not_guessed() -> None:
    with pytest.raises(CalendarNotConfirmed):
        late_cutoff(date(2030, 6, 3), LETTER, CALENDAR)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("  QG-2026-0001 ", "QG-2026-0001"), ("QG  2026\t01", "QG 2026 01"), ("Ma\u0301", "Má")],
)
def test_reference_is_trimmed_and_normalised(typed: str, stored: str) -> None:
    assert clean_reference(typed) == stored


@pytest.mark.parametrize(("typed", "field"), [("", "reference"), ("   ", "reference"), (None, "reference"), ("x" * 65, "reference")])
def test_reference_refused_empty_or_too_long(typed: str | None, field: str) -> None:
    with pytest.raises(EntryError) as refused:
        clean_reference(typed)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("entered_on", "message"),
    [
        (None, "Nhập ngày nhập"),
        (date(2026, 3, 11), "không được sau ngày hôm nay"),
        (date(2026, 3, 1), "không được trước ngày của hồ sơ (02/03/2026)"),
    ],
)
def test_entry_day_refused(entered_on: date | None, message: str) -> None:
    with pytest.raises(EntryError, match=re.escape(message)):
        check_entered_on(entered_on, trigger=date(2026, 3, 2), today=date(2026, 3, 10))


def test_entry_day_accepted_from_the_record_day_to_today() -> None:
    for day in (date(2026, 3, 2), date(2026, 3, 10)):
        assert check_entered_on(day, trigger=date(2026, 3, 2), today=date(2026, 3, 10)) == day


def test_marking_is_for_pending_records_and_correcting_for_entered_ones() -> None:
    check_mark(EntryStatus.PENDING)
    with pytest.raises(EntryError, match="đã được nhập"):
        check_mark(EntryStatus.ENTERED)
    with pytest.raises(EntryError, match="chưa được nhập"):
        check_correction(EntryStatus.PENDING, "sai mã")
    with pytest.raises(EntryError, match="Nêu lý do"):
        check_correction(EntryStatus.ENTERED, "  ")
    assert check_correction(EntryStatus.ENTERED, "  gõ  sai mã ") == "gõ sai mã"
