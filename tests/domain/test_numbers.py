"""The one parser and formatter of typed figures (petitions.domain.numbers): Vietnamese and dotted input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from petitions.domain.numbers import InvalidNumber, format_decimal, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250,5", Decimal("1250.5")),
        ("1250,5", Decimal("1250.5")),
        ("1250.5", Decimal("1250.5")),
        ("1.250", Decimal("1250")),
        ("1.250.000", Decimal("1250000")),
        ("1 250,5", Decimal("1250.5")),
        ("0,75", Decimal("0.75")),
        ("0.75", Decimal("0.75")),
        ("12", Decimal("12")),
        ("", Decimal("0")),
        ("  ", Decimal("0")),
        ("1.000.000,125", Decimal("1000000.125")),
    ],
)
def test_parse_decimal_reads_vietnamese_and_dotted_figures(text, expected):
    assert parse_decimal(text, places=3) == expected


@pytest.mark.parametrize("text", ["12a", "1,2,3", "1.25.0", "1,", ",5", "1.2.3,4", "abc", "1e5", "NaN"])
def test_parse_decimal_refuses_unreadable_text(text):
    with pytest.raises(InvalidNumber, match="không đọc được"):
        parse_decimal(text, places=3, what="Số tiền")


def test_parse_decimal_refuses_negative_figures():
    with pytest.raises(InvalidNumber, match="số âm"):
        parse_decimal("-5", places=3)


def test_parse_decimal_refuses_more_places_than_the_column_keeps():
    with pytest.raises(InvalidNumber, match="tối đa 2 chữ số"):
        parse_decimal("10,125", places=2, what="Diện tích")
    assert parse_decimal("10,120", places=2) == Decimal("10.12")


def test_parse_decimal_refuses_figures_above_the_maximum():
    with pytest.raises(InvalidNumber, match="quá lớn"):
        parse_decimal("1.000.000.000", places=3, maximum=Decimal("999999999"))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1250.500"), "1.250,5"),
        (Decimal("0"), "0"),
        (None, "0"),
        (Decimal("1250000"), "1.250.000"),
        (Decimal("0.125"), "0,125"),
        (Decimal("1E+3"), "1.000"),
        (Decimal("999"), "999"),
    ],
)
def test_format_decimal_writes_the_vietnamese_way(value, text):
    assert format_decimal(value) == text


@pytest.mark.parametrize("value", [Decimal("1250.5"), Decimal("1234567.891"), Decimal("7")])
def test_format_then_parse_gives_the_same_figure(value):
    assert parse_decimal(format_decimal(value), places=3) == value
