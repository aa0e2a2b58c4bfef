"""Text folding and normalisation, table-driven."""

from __future__ import annotations

import unicodedata

import pytest

from petitions.domain.text import fold_text, normalise_text


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Đặng Thị Ánh", "dang thi anh"),
        ("NGUYỄN VĂN ĐỨC", "nguyen van duc"),
        ("Phường Hòa Lạc", "phuong hoa lac"),
        ("  Trần   Thị\tHương \n", "tran thi huong"),
        ("Lê Quý Đôn", "le quy don"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Bùi Thị Xuân", "bui thi xuan"),
        ("Đoàn Ưng Thơ", "doan ung tho"),
        ("CCCD 012345678901", "cccd 012345678901"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_text_removes_accents_and_case(raw, folded):
    assert fold_text(raw) == folded


def test_fold_text_treats_composed_and_decomposed_input_alike():
    composed = "Đặng Thị Ánh"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold_text(decomposed) == fold_text(composed) == "dang thi anh"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        (unicodedata.normalize("NFD", "Đặng Thị Ánh"), "Đặng Thị Ánh"),
        ("  Hòa Lạc  ", "Hòa Lạc"),
        (None, ""),
    ],
)
def test_normalise_text_returns_trimmed_nfc(raw, normalised):
    result = normalise_text(raw)
    assert result == normalised
    assert unicodedata.is_normalized("NFC", result)
