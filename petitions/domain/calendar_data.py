"""The confirmed 2025–2027 working calendar, and proposals for later years from a holidays mapping."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from petitions.domain.deadlines import WorkingCalendar


class DayKind(StrEnum):
    """Why a day differs from the Monday–Friday pattern."""

    HOLIDAY = "holiday"  # ngày lễ, Tết (Bộ luật Lao động Đ112.1)
    COMPENSATORY = "compensatory"  # nghỉ bù: a holiday fell on a weekend (Đ112.3)
    SWAP = "swap"  # a weekday off swapped with a make-up working Saturday
    MAKE_UP = "make_up"  # a weekend day worked instead (the other half of a swap)


DAY_KIND_LABELS: Mapping[DayKind, str] = {
    DayKind.HOLIDAY: "ngày lễ, Tết",
    DayKind.COMPENSATORY: "nghỉ bù",
    DayKind.SWAP: "nghỉ hoán đổi",
    DayKind.MAKE_UP: "làm việc bù",
}


@dataclass(frozen=True)
class CalendarDay:
    """One exception to Monday–Friday, as a row of the calendar table (date, working, kind, source, decision)."""

    day: date
    is_working: bool
    kind: DayKind
    name: str
    source: str
    decision_no: str | None = None


CONFIRMED_VERSION = "2025-2027 xác nhận"
CONFIRMED_FIRST_YEAR = 2025
CONFIRMED_LAST_YEAR = 2027

_LABOUR_CODE = "Bộ luật Lao động 2019, Điều 112"
# The government's yearly notices fix Tết and the swaps; their numbers are not in the reference list we
# were given, so they stay empty until an administrator enters them (DOMAIN §5: source and decision no.).
_NOTICE = "Thông báo nghỉ lễ, Tết của Chính phủ cho cán bộ, công chức, viên chức"
_PROPOSAL = "Đề xuất từ gói holidays (chưa xác nhận)"


def _run(first: date, last: date, kind: DayKind, name: str, source: str) -> list[CalendarDay]:
    days = []
    day = first
    while day <= last:
        days.append(CalendarDay(day, False, kind, name, source))
        day += timedelta(days=1)
    return days


def _off(day: date, kind: DayKind, name: str, source: str = _LABOUR_CODE) -> list[CalendarDay]:
    return _run(day, day, kind, name, source)


H = DayKind.HOLIDAY

# Exactly the confirmed list of DOMAIN §5; weekend days inside a Tết run are listed because the run is.
CONFIRMED_DAYS: tuple[CalendarDay, ...] = tuple(
    [
        # 2025
        *_off(date(2025, 1, 1), H, "Tết Dương lịch"),
        *_run(date(2025, 1, 27), date(2025, 2, 1), H, "Tết Âm lịch", f"{_LABOUR_CODE}; {_NOTICE}"),
        *_off(date(2025, 4, 7), H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
        *_off(date(2025, 4, 30), H, "Ngày Chiến thắng"),
        *_off(date(2025, 5, 1), H, "Ngày Quốc tế Lao động"),
        *_off(date(2025, 5, 2), DayKind.SWAP, "Nghỉ hoán đổi dịp 30/4–1/5", _NOTICE),
        *_run(date(2025, 9, 1), date(2025, 9, 2), H, "Quốc khánh", _LABOUR_CODE),
        # 2026
        *_off(date(2026, 1, 1), H, "Tết Dương lịch"),
        *_run(date(2026, 2, 16), date(2026, 2, 20), H, "Tết Âm lịch", f"{_LABOUR_CODE}; {_NOTICE}"),
        *_off(date(2026, 4, 27), DayKind.COMPENSATORY, "Nghỉ bù Giỗ Tổ Hùng Vương (Chủ nhật 26/04/2026)"),
        *_off(date(2026, 4, 30), H, "Ngày Chiến thắng"),
        *_off(date(2026, 5, 1), H, "Ngày Quốc tế Lao động"),
        *_off(date(2026, 8, 31), DayKind.SWAP, "Nghỉ hoán đổi, làm bù thứ Bảy 22/08/2026", _NOTICE),
        *_run(date(2026, 9, 1), date(2026, 9, 2), H, "Quốc khánh", _LABOUR_CODE),
        *_off(
            date(2026, 11, 24), H, "Ngày Văn hóa Việt Nam", f"{_LABOUR_CODE} (bổ sung từ 2026, cần xác nhận)"
        ),
        # 2027
        *_off(date(2027, 1, 1), H, "Tết Dương lịch"),
        *_run(date(2027, 2, 4), date(2027, 2, 10), H, "Tết Âm lịch", f"{_LABOUR_CODE}; {_NOTICE}"),
        *_off(date(2027, 4, 16), H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
        *_off(date(2027, 4, 30), H, "Ngày Chiến thắng"),
        *_off(date(2027, 5, 3), DayKind.COMPENSATORY, "Nghỉ bù Ngày Quốc tế Lao động (thứ Bảy 01/05/2027)"),
        *_run(date(2027, 9, 2), date(2027, 9, 3), H, "Quốc khánh", _LABOUR_CODE),
        *_off(
            date(2027, 11, 24), H, "Ngày Văn hóa Việt Nam", f"{_LABOUR_CODE} (bổ sung từ 2026, cần xác nhận)"
        ),
        # The only make-up working Saturday of the confirmed calendar (swapped with Monday 31/08/2026).
        CalendarDay(date(2026, 8, 22), True, DayKind.MAKE_UP, "Làm việc bù cho thứ Hai 31/08/2026", _NOTICE),
    ]
)


def build_calendar(
    days: Iterable[CalendarDay], *, first_year: int, last_year: int, version: str
) -> WorkingCalendar:
    """A WorkingCalendar from calendar rows (as the calendar table or this module holds them)."""
    rows = list(days)
    return WorkingCalendar.for_years(
        first_year,
        last_year,
        version=version,
        days_off=(r.day for r in rows if not r.is_working),
        working_weekend_days=(r.day for r in rows if r.is_working),
    )


@cache
def confirmed_calendar() -> WorkingCalendar:
    """The confirmed 2025–2027 calendar that `petitions seed` loads and the tests count on."""
    return build_calendar(
        CONFIRMED_DAYS,
        first_year=CONFIRMED_FIRST_YEAR,
        last_year=CONFIRMED_LAST_YEAR,
        version=CONFIRMED_VERSION,
    )


def propose_year(year: int, holiday_dates: Mapping[date, str]) -> list[CalendarDay]:
    """Proposed days off for `year`, for an administrator to correct and confirm.

    `holiday_dates` is what the pinned `holidays` package gives, best called as
    `holidays.country_holidays("VN", years=year, observed=False, language="vi")` so that the compensatory
    days are computed here, by one documented rule, rather than by whatever the package version does.
    Dates outside `year` are ignored. Every listed date becomes a day off; each one falling on a Saturday
    or Sunday gives a compensatory day (Labour Code Đ112.3): the first Monday–Friday after it that is
    neither a listed holiday nor an already given compensatory day. So a holiday run ending on a weekend
    pushes its compensatory days after the run. What this cannot know: which days the government moves
    for Tết (it may put them before the run), swaps, and make-up working Saturdays; the administrator
    enters those from the government notice. The result is sorted by date.
    """
    holidays = {d: name for d, name in holiday_dates.items() if d.year == year}
    proposed = [
        CalendarDay(d, False, DayKind.HOLIDAY, name, _PROPOSAL) for d, name in sorted(holidays.items())
    ]
    taken = set(holidays)
    for day, name in sorted(holidays.items()):
        if day.weekday() < 5:
            continue
        compensatory = day + timedelta(days=1)
        while compensatory.weekday() >= 5 or compensatory in taken:
            compensatory += timedelta(days=1)
        taken.add(compensatory)
        proposed.append(
            CalendarDay(
                compensatory, False, DayKind.COMPENSATORY, f"Nghỉ bù {name} ({day:%d/%m/%Y})", _PROPOSAL
            )
        )
    return sorted(proposed, key=lambda r: r.day)
