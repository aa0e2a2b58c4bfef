"""Text folding and normalisation, table-driven."""

from __future__ import annotations

import unicodedata

import pytest

from petitions.domain.text import fold_text, normalise_text, prefix_end, word_starts


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


def test_word_starts_are_the_tails_from_each_word():
    assert word_starts("nguyen van an") == ("nguyen van an", "van an", "an")
    assert word_starts("an") == ("an",)
    assert word_starts("") == ()


@pytest.mark.parametrize(
    ("prefix", "inside", "outside"),
    [
        ("nguyen van an", ["nguyen van an", "nguyen van anh", "nguyen van an thi"], ["nguyen van ao", "nguyen van am"]),
        ("an", ["an", "an~", "an\u00e9", "an\U0010fff0"], ["ao", "am", "a"]),
        ("a\ud7ff", ["a\ud7ff", "a\ud7ffb"], ["a\ue000"]),
    ],
)
def test_prefix_end_bounds_exactly_the_texts_that_start_with_the_prefix(prefix, inside, outside):
    end = prefix_end(prefix)
    for text in inside:
        assert prefix <= text < end
    for text in outside:
        assert not (prefix <= text < end)
