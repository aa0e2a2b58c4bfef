"""Report periods (kỳ báo cáo) and the layout generation a window's end date selects.

Rules (TT 02/2021/TT-TTCP and TT 01/2024/TT-TTCP, the reporting circulars):
  - official periods run from the 15th of the previous period's last month to the 14th of the
    period's last month: Q1 = 15/12 (previous year) – 14/03, Q2 = 15/03 – 14/06, Q3 = 15/06 – 14/09,
    Q4 = 15/09 – 14/12; 6 months = 15/12 – 14/06; 9 months = 15/12 – 14/09; year = 15/12 – 14/12;
  - the National Assembly window (the Government's annual report) is 01/08 – 31/07; "2026-NA" is the
    window ending on 31/07/2026;
  - there is no official monthly report; the system's internal month follows the same cut-off
    (month 03 = 15/02 – 14/03), so three months add up to their quarter;
  - any (from, to) window is allowed, bounds inclusive;
  - the layout generation is chosen by the window's END date: TT 01/2024 for windows ending on or
    after 05/03/2024, TT 02/2021 before (older layouts are not modelled: windows ending before
    10/05/2021 print on TT 02/2021, labelled so);
  - under TT 01/2024, Q2–Q4 reports carry only the tables, no narrative.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from petitions.domain.types import DomainError

CUT_OFF_DAY = 14  # a period ends on the 14th; the next starts on the 15th
TT_02_2021_FROM = date(2021, 5, 10)
TT_01_2024_FROM = date(2024, 3, 5)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class InvalidPeriod(DomainError):
    """A period text or window the system cannot read."""


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    SIX_MONTHS = "6m"
    NINE_MONTHS = "9m"
    YEAR = "year"
    NATIONAL_ASSEMBLY = "na"
    MONTH = "month"
    CUSTOM = "custom"


class Generation(StrEnum):
    """The reporting circular whose layouts a report uses."""

    TT_02_2021 = "TT 02/2021/TT-TTCP"
    TT_01_2024 = "TT 01/2024/TT-TTCP"


def format_day(day: date) -> str:
    """dd/mm/yyyy, as printed on the forms."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting window [start, end] (both inclusive, local dates) and how it was chosen."""

    start: date
    end: date
    kind: PeriodKind = PeriodKind.CUSTOM
    year: int | None = None
    number: int | None = None  # the quarter (1–4) or the month (1–12)

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise InvalidPeriod(
                f"Ngày bắt đầu {format_day(self.start)} sau ngày kết thúc {format_day(self.end)}."
            )

    def contains(self, day: date) -> bool:
        """A fact counts in the period that contains its date (bounds inclusive)."""
        return self.start <= day <= self.end

    @property
    def code(self) -> str:
        """The CLI spelling: 2026-Q3, 2026-6M, 2026-9M, 2026, 2026-NA, 2026-03, or from..to."""
        match self.kind:
            case PeriodKind.QUARTER:
                return f"{self.year}-Q{self.number}"
            case PeriodKind.SIX_MONTHS:
                return f"{self.year}-6M"
            case PeriodKind.NINE_MONTHS:
                return f"{self.year}-9M"
            case PeriodKind.YEAR:
                return f"{self.year}"
            case PeriodKind.NATIONAL_ASSEMBLY:
                return f"{self.year}-NA"
            case PeriodKind.MONTH:
                return f"{self.year}-{self.number:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """The period's name in a title or a sentence ("quý III năm 2026")."""
        match self.kind:
            case PeriodKind.QUARTER:
                return f"quý {ROMAN[self.number or 1]} năm {self.year}"
            case PeriodKind.SIX_MONTHS:
                return f"6 tháng đầu năm {self.year}"
            case PeriodKind.NINE_MONTHS:
                return f"9 tháng năm {self.year}"
            case PeriodKind.YEAR:
                return f"năm {self.year}"
            case PeriodKind.NATIONAL_ASSEMBLY:
                return f"kỳ báo cáo Quốc hội năm {self.year}"
            case PeriodKind.MONTH:
                return f"tháng {self.number:02d} năm {self.year}"
        return f"kỳ từ ngày {format_day(self.start)} đến ngày {format_day(self.end)}"

    @property
    def window_line(self) -> str:
        """The line every form prints under its title."""
        return f"Số liệu tính từ ngày {format_day(self.start)} đến ngày {format_day(self.end)}"

    @property
    def generation(self) -> Generation:
        return generation_for(self.end)

    @property
    def carries_narrative(self) -> bool:
        """Under TT 01/2024, Q2–Q4 reports are tables only; every other period gets the sentence."""
        if self.generation is Generation.TT_01_2024 and self.kind is PeriodKind.QUARTER:
            return self.number == 1
        return True


def _cut_off_start(year: int, month: int) -> date:
    """The 15th of the month before (year, month): where a period ending in that month's 14th starts."""
    first = date(year, month, 1)
    previous = first - timedelta(days=1)
    return previous.replace(day=CUT_OFF_DAY + 1)


def _cut_off_end(year: int, month: int) -> date:
    return date(year, month, CUT_OFF_DAY)


def quarter(year: int, number: int) -> ReportPeriod:
    """Qn: 15th of the month before the quarter's first month – 14th of its last month."""
    if number not in ROMAN:
        raise InvalidPeriod(f"Quý {number} không hợp lệ (1–4).")
    first_month = 3 * number - 2
    return ReportPeriod(
        _cut_off_start(year, first_month), _cut_off_end(year, 3 * number), PeriodKind.QUARTER, year, number
    )


def six_months(year: int) -> ReportPeriod:
    return ReportPeriod(_cut_off_start(year, 1), _cut_off_end(year, 6), PeriodKind.SIX_MONTHS, year)


def nine_months(year: int) -> ReportPeriod:
    return ReportPeriod(_cut_off_start(year, 1), _cut_off_end(year, 9), PeriodKind.NINE_MONTHS, year)


def whole_year(year: int) -> ReportPeriod:
    return ReportPeriod(_cut_off_start(year, 1), _cut_off_end(year, 12), PeriodKind.YEAR, year)


def national_assembly(year: int) -> ReportPeriod:
    """01/08 of the previous year – 31/07 of ``year``."""
    return ReportPeriod(date(year - 1, 8, 1), date(year, 7, 31), PeriodKind.NATIONAL_ASSEMBLY, year)


def internal_month(year: int, month: int) -> ReportPeriod:
    """The system's month: 15th of the previous month – 14th of ``month`` (not an official report)."""
    if not 1 <= month <= 12:
        raise InvalidPeriod(f"Tháng {month} không hợp lệ (1–12).")
    return ReportPeriod(_cut_off_start(year, month), _cut_off_end(year, month), PeriodKind.MONTH, year, month)


def window(start: date, end: date) -> ReportPeriod:
    """Any (from, to) window, both days included."""
    return ReportPeriod(start, end)


def previous_period(period: ReportPeriod) -> ReportPeriod:
    """The period a period is compared with (the leaders' dashboard; the system's rule): the quarter or the month
    before a quarter or a month (quý I's is the year before's quý IV); the same kind of period a year earlier for
    6 months, 9 months, the year and the National Assembly window (a part-year total is compared with the same
    span of the year before, cùng kỳ năm trước; for the year and the National Assembly window that is the window just
    before); for any other window, the window of the same number of days that ends the day before it starts."""
    year = period.year or period.end.year
    match period.kind:
        case PeriodKind.QUARTER:
            number = period.number or 1
            return quarter(year - 1, 4) if number == 1 else quarter(year, number - 1)
        case PeriodKind.MONTH:
            number = period.number or 1
            return internal_month(year - 1, 12) if number == 1 else internal_month(year, number - 1)
        case PeriodKind.SIX_MONTHS:
            return six_months(year - 1)
        case PeriodKind.NINE_MONTHS:
            return nine_months(year - 1)
        case PeriodKind.YEAR:
            return whole_year(year - 1)
        case PeriodKind.NATIONAL_ASSEMBLY:
            return national_assembly(year - 1)
    days = period.end - period.start
    end = period.start - timedelta(days=1)
    return ReportPeriod(end - days, end)


def month_containing(day: date) -> ReportPeriod:
    """The system's internal month (15th – 14th) that contains ``day``: from the 15th on, the next month's."""
    if day.day <= CUT_OFF_DAY:
        return internal_month(day.year, day.month)
    if day.month == 12:
        return internal_month(day.year + 1, 1)
    return internal_month(day.year, day.month + 1)


def months_up_to(day: date, count: int) -> tuple[ReportPeriod, ...]:
    """The ``count`` internal months that end with the one containing ``day``, oldest first (a monthly trend:
    three of them add up to their quarter, as the official periods cut on the 14th)."""
    if count < 1:
        raise InvalidPeriod("Cần ít nhất một tháng.")
    last = month_containing(day)
    year, month = last.year or day.year, last.number or day.month
    out = []
    for _ in range(count):
        out.append(internal_month(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return tuple(reversed(out))


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[..., ReportPeriod]], ...] = (
    (re.compile(r"(\d{4})-Q([1-4])"), lambda y, n: quarter(int(y), int(n))),
    (re.compile(r"(\d{4})-6M"), lambda y: six_months(int(y))),
    (re.compile(r"(\d{4})-9M"), lambda y: nine_months(int(y))),
    (re.compile(r"(\d{4})-NA"), lambda y: national_assembly(int(y))),
    (re.compile(r"(\d{4})-(\d{2})"), lambda y, m: internal_month(int(y), int(m))),
    (re.compile(r"(\d{4})"), lambda y: whole_year(int(y))),
)


def parse_period(text: str) -> ReportPeriod:
    """Read a preset: 2026-Q3, 2026-6M, 2026-9M, 2026 (year), 2026-NA, 2026-03 (internal month)."""
    cleaned = text.strip().upper()
    for pattern, build in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match:
            year = int(match.group(1))
            if not 2000 <= year <= 2100:
                break
            return build(*match.groups())
    raise InvalidPeriod(
        f"Kỳ báo cáo '{text}' không hợp lệ; dùng 2026-Q3, 2026-6M, 2026-9M, 2026, 2026-NA hoặc 2026-03."
    )


def generation_for(end: date) -> Generation:
    """The layout generation of a window, chosen by its end date."""
    return Generation.TT_01_2024 if end >= TT_01_2024_FROM else Generation.TT_02_2021


def generation_note(end: date) -> str:
    """A label for windows older than the layouts modelled ('' when the generation is exact)."""
    if end < TT_02_2021_FROM:
        return "Kỳ trước ngày 10/05/2021: in theo mẫu TT 02/2021/TT-TTCP (mẫu cũ hơn không được mô hình hóa)."
    return ""
