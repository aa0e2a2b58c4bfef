"""Decimal figures typed by people and shown to them (money in million VND, land in m²): the one parser and the
one formatter (pure Python).

Vietnamese writes "1.250,5": the dot groups thousands, the comma marks the decimals. Officers also type
"1250.5" (a keyboard habit, the spreadsheets' export). The rule, decided once here:
  - a comma is the decimal mark; dots (and spaces) before it group thousands: "1.250,5" = 1250.5;
  - with no comma, dots that split the digits into groups of three group thousands ("1.250" = 1250,
    "1.250.000" = 1250000); a single dot followed by anything but three digits is the decimal mark
    ("1250.5" = 1250.5, "0.75" = 0.75);
  - anything else ("1,2,3", "1.25.0", "12a", "-5") is refused with a message naming the field.
So "1.250" is one thousand two hundred and fifty, as a Vietnamese reader means it; write "1,25" for one and
a quarter. Figures are never negative, and never carry more places than the column keeps (petitions.db_types:
money to the thousand VND = 3 places of a million, land to the hundredth of a m²).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from petitions.domain.types import DomainError


class InvalidNumber(DomainError):
    """Text that is not a figure, a negative one, or one with more decimal places than allowed."""


_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")  # 1.250 / 1.250.000
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")  # 1250 / 1250.5
_DIGITS = re.compile(r"^\d+$")


def parse_decimal(text: str, *, places: int, what: str = "Số liệu", maximum: Decimal | None = None) -> Decimal:
    """The exact Decimal written in `text` (see the module's rule); blank is zero."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        return Decimal(0)
    if cleaned.startswith("-"):
        raise InvalidNumber(f"{what} không được là số âm.")
    if "," in cleaned:
        whole, _comma, decimals = cleaned.partition(",")
        if "," in decimals or not _DIGITS.match(decimals) or not (_DIGITS.match(whole) or _GROUPED.match(whole)):
            raise _unreadable(what, text)
        normal = f"{whole.replace('.', '')}.{decimals}"
    elif _GROUPED.match(cleaned):
        normal = cleaned.replace(".", "")
    elif _PLAIN.match(cleaned):
        normal = cleaned
    else:
        raise _unreadable(what, text)
    try:
        value = Decimal(normal)
    except InvalidOperation:
        raise _unreadable(what, text) from None
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise InvalidNumber(f"{what} chỉ ghi được tối đa {places} chữ số sau dấu phẩy (đã nhập «{text.strip()}»).")
    if maximum is not None and value > maximum:
        raise InvalidNumber(f"{what} quá lớn (tối đa {format_decimal(maximum)}).")
    return value


def _unreadable(what: str, text: str) -> InvalidNumber:
    return InvalidNumber(
        f"{what} «{text.strip()}» không đọc được: ghi số, dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập "
        "phân (ví dụ 1.250,5)."
    )


def format_decimal(value: Decimal | int | None) -> str:
    """A figure the Vietnamese way: "1.250,5" (thousands grouped by dots, decimals after a comma, trailing
    zeros dropped); "0" for zero and for nothing."""
    if value is None:
        return "0"
    amount = Decimal(value)
    if amount == 0:
        return "0"
    sign = "-" if amount < 0 else ""
    text = format(abs(amount).normalize(), "f")
    whole, _dot, decimals = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + (f",{decimals}" if decimals else "")
