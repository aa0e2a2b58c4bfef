"""The confirmed 2025–2027 calendar data and the proposal of later years from a holidays mapping."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from petitions.domain.calendar_data import (
    CONFIRMED_DAYS,
    CONFIRMED_VERSION,
    CalendarDay,
    DayKind,
    build_calendar,
    confirmed_calendar,
    propose_year,
)
from petitions.domain.deadlines import CalendarNotConfirmed

D = date.fromisoformat


def _working_days_in(year: int) -> int:
    cal = confirmed_calendar()
    day, count = date(year, 1, 1), 0
    while day.year == year:
        count += cal.is_working_day(day)
        day += timedelta(days=1)
    return count


def test_confirmed_days_off_per_year_match_specification() -> None:
    # 2025: 01/01; 27/01–01/02 (6); 07/04; 30/04; 01–02/05 (2); 01–02/09 (2) = 13.
    # 2026: 01/01; 16–20/02 (5); 27/04; 30/04; 01/05; 31/08; 01–02/09 (2); 24/11 = 13.
    # 2027: 01/01; 04–10/02 (7); 16/04; 30/04; 03/05; 02–03/09 (2); 24/11 = 14.
    counts = Counter(d.day.year for d in CONFIRMED_DAYS if not d.is_working)
    assert counts == {2025: 13, 2026: 13, 2027: 14}


def test_confirmed_make_up_days_are_only_saturday_22_08_2026() -> None:
    assert [d.day for d in CONFIRMED_DAYS if d.is_working] == [D("2026-08-22")]


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_confirmed_calendar_has_249_working_days_each_year(year: int) -> None:
    # 2025 (starts Wed), 2026 (Thu), 2027 (Fri): 365 days = 52 weeks + 1 weekday → 261 weekdays.
    # 2025: 261 − 12 weekday days off (01/02 is a Saturday) = 249.
    # 2026: 261 − 13 + 1 make-up Saturday = 249.
    # 2027: 261 − 12 (06–07/02 are a weekend) = 249.
    assert _working_days_in(year) == 249


def test_confirmed_calendar_covers_2025_to_2027_with_version() -> None:
    cal = confirmed_calendar()
    assert cal.version == CONFIRMED_VERSION == "2025-2027 xác nhận"
    assert (cal.first_day, cal.last_day) == (D("2025-01-01"), D("2027-12-31"))
    assert confirmed_calendar() is cal  # built once, a frozen value


def test_confirmed_calendar_make_up_saturday_is_working_and_its_swap_is_not() -> None:
    cal = confirmed_calendar()
    assert cal.is_working_day(D("2026-08-22"))
    assert not cal.is_working_day(D("2026-08-31"))


def test_confirmed_calendar_raises_calendar_not_confirmed_for_2028() -> None:
    with pytest.raises(CalendarNotConfirmed):
        confirmed_calendar().is_working_day(D("2028-01-03"))


def test_confirmed_days_have_kind_name_and_source() -> None:
    for row in CONFIRMED_DAYS:
        assert row.name and row.source
        assert row.is_working == (row.kind is DayKind.MAKE_UP)
    kinds = {row.day: row.kind for row in CONFIRMED_DAYS}
    assert kinds[D("2026-04-27")] is DayKind.COMPENSATORY
    assert kinds[D("2027-05-03")] is DayKind.COMPENSATORY
    assert kinds[D("2026-08-31")] is DayKind.SWAP
    assert kinds[D("2026-11-24")] is DayKind.HOLIDAY


def test_confirmed_days_are_unique() -> None:
    days = [row.day for row in CONFIRMED_DAYS]
    assert len(days) == len(set(days))


# ---------------------------------------------------------------------------------------------------------
# propose_year
# ---------------------------------------------------------------------------------------------------------


def _off_days(rows: list[CalendarDay]) -> dict[date, DayKind]:
    return {row.day: row.kind for row in rows if not row.is_working}


def test_propose_year_gives_next_monday_when_holiday_on_saturday() -> None:
    # Sat 01/01/2028 → compensatory Mon 03/01/2028.
    proposed = propose_year(2028, {D("2028-01-01"): "Tết Dương lịch"})
    assert _off_days(proposed) == {D("2028-01-01"): DayKind.HOLIDAY, D("2028-01-03"): DayKind.COMPENSATORY}
    assert proposed[1].name == "Nghỉ bù Tết Dương lịch (01/01/2028)"


def test_propose_year_skips_following_holiday_when_placing_compensatory_day() -> None:
    # Sun 30/04/2028; Mon 01/05 is itself a holiday → compensatory Tue 02/05/2028.
    proposed = propose_year(2028, {D("2028-04-30"): "Ngày Chiến thắng", D("2028-05-01"): "Quốc tế Lao động"})
    assert _off_days(proposed) == {
        D("2028-04-30"): DayKind.HOLIDAY,
        D("2028-05-01"): DayKind.HOLIDAY,
        D("2028-05-02"): DayKind.COMPENSATORY,
    }


def test_propose_year_places_two_compensatory_days_after_a_run_with_a_weekend() -> None:
    # Tết 2027 as the package gives it without observed days: Fri 05/02–Tue 09/02, Sat 06 and Sun 07 inside →
    # compensatory Wed 10/02 and Thu 11/02. (The government actually chose 04/02 and 10/02: the
    # administrator corrects the proposal.)
    tet = {D("2027-02-05") + timedelta(days=n): "Tết Nguyên Đán" for n in range(5)}
    compensatory = [r.day for r in propose_year(2027, tet) if r.kind is DayKind.COMPENSATORY]
    assert compensatory == [D("2027-02-10"), D("2027-02-11")]


def test_propose_year_gives_no_compensatory_day_when_holidays_on_weekdays() -> None:
    proposed = propose_year(2029, {D("2029-04-30"): "Ngày Chiến thắng", D("2029-05-01"): "Quốc tế Lao động"})
    assert all(r.kind is DayKind.HOLIDAY for r in proposed) and len(proposed) == 2


def test_propose_year_ignores_dates_of_other_years() -> None:
    assert propose_year(2028, {D("2027-11-24"): "Ngày Văn hóa Việt Nam"}) == []


def test_propose_year_marks_rows_as_unconfirmed_proposals_sorted_by_date() -> None:
    proposed = propose_year(2028, {D("2028-09-02"): "Quốc khánh", D("2028-09-01"): "Quốc khánh"})
    assert [r.day for r in proposed] == [D("2028-09-01"), D("2028-09-02"), D("2028-09-04")]
    assert all("chưa xác nhận" in r.source and r.decision_no is None for r in proposed)


def test_propose_year_result_builds_a_calendar() -> None:
    proposed = propose_year(2028, {D("2028-01-01"): "Tết Dương lịch"})
    cal = build_calendar(proposed, first_year=2028, last_year=2028, version="2028 đề xuất")
    assert not cal.is_working_day(D("2028-01-03"))
    assert cal.is_working_day(D("2028-01-04"))


def test_propose_year_from_pinned_holidays_package_matches_confirmed_2026() -> None:
    # The package (pinned) with observed=False: 26/04/2026 is a Sunday → Mon 27/04; the swap 31/08 is in the
    # package, the make-up Saturday 22/08 is not (the administrator enters it).
    holidays = pytest.importorskip("holidays")
    mapping = holidays.country_holidays("VN", years=2026, observed=False, language="vi")
    proposed = {d for d in _off_days(propose_year(2026, mapping)) if d.weekday() < 5}
    confirmed = {r.day for r in CONFIRMED_DAYS if r.day.year == 2026 and not r.is_working}
    assert proposed == confirmed
