"""Dates typed by people: the one parser and the range every date must fall in (pure Python).

A date outside 1900–2100 in this work is a typing slip (9999 for 2025, 0202 for 2022); refusing
it at the edge keeps it out of the records and keeps date arithmetic (windows, deadlines) from
overflowing. Some facts cannot lie in the future — a visit, a letter's receipt, the date written on
a letter — and are refused when they do; a late entry for an earlier day stays possible.
"""

from __future__ import annotations

from datetime import date

from petitions.domain.types import DomainError

FIRST_ACCEPTED_YEAR = 1900
LAST_ACCEPTED_YEAR = 2100


class InvalidDate(DomainError):
    """Text that is not a date, a date outside the accepted years, or a future date for a past fact."""


def format_day(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def check_date(day: date, *, what: str = "Ngày", today: date | None = None) -> date:
    """`day` itself, or InvalidDate when it lies outside the accepted years or (given `today`) after today."""
    if not FIRST_ACCEPTED_YEAR <= day.year <= LAST_ACCEPTED_YEAR:
        raise InvalidDate(
            f"{what} {format_day(day)} nằm ngoài khoảng năm {FIRST_ACCEPTED_YEAR}–{LAST_ACCEPTED_YEAR}; "
            "hãy kiểm tra lại ngày đã nhập."
        )
    if today is not None and day > today:
        raise InvalidDate(f"{what} {format_day(day)} là ngày trong tương lai (hôm nay là {format_day(today)}).")
    return day


def parse_date(text: str, *, what: str = "Ngày", today: date | None = None) -> date:
    """A date written YYYY-MM-DD (forms' date inputs, query strings, the command line), checked as above."""
    try:
        day = date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InvalidDate(f"{what} «{text}» không phải ngày hợp lệ (cần dạng YYYY-MM-DD, ví dụ 2026-03-05).") from None
    return check_date(day, what=what, today=today)


def read_written_date(text: str, *, what: str = "Ngày") -> date:
    """The day written in `text`, its range not yet checked: dd/mm/yyyy as Vietnamese write it in books, files and
    the forms' date fields, also d/m/yyyy, with - or . between, or the eight digits alone (01122026); a year-first
    yyyy-mm-dd (older clients, links and tests, the browsers' former date inputs) is read too. InvalidDate if none."""
    cleaned = (text or "").strip().replace("-", "/").replace(".", "/")
    if len(cleaned) == 8 and cleaned.isascii() and cleaned.isdigit():
        cleaned = f"{cleaned[:2]}/{cleaned[2:4]}/{cleaned[4:]}"
    parts = cleaned.split("/")
    if len(parts) == 3 and all(part.isascii() and part.isdigit() for part in parts):
        if len(parts[0]) == 4:  # yyyy-mm-dd
            parts.reverse()
        day_part, month_part, year_part = parts
        if len(day_part) <= 2 and len(month_part) <= 2:
            try:
                return date(int(year_part), int(month_part), int(day_part))
            except (ValueError, OverflowError):  # OverflowError: a year of more digits than a C long holds
                pass
    raise InvalidDate(f"{what} «{text}» không phải ngày hợp lệ (cần dạng dd/mm/yyyy, ví dụ 05/03/2024).")


def parse_written_date(text: str, *, what: str = "Ngày", today: date | None = None) -> date:
    """A date written as `read_written_date` reads it, checked as above: the one parser of a date a person typed
    (form fields, list filters, imported files)."""
    return check_date(read_written_date(text, what=what), what=what, today=today)
