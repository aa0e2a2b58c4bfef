"""Paperwork rules: the typed list of documents handed over, read into receipt items."""

from __future__ import annotations

import pytest

from petitions.domain.paperwork import ReceiptItem, items_text, parse_items


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("", ()),
        ("Đơn khiếu nại", (ReceiptItem("Đơn khiếu nại"),)),
        ("Đơn khiếu nại; 3; Nguyên vẹn; bản chính", (ReceiptItem("Đơn khiếu nại", 3, "Nguyên vẹn", True),)),
        ("Quyết định; hai; ; Bản Gốc", (ReceiptItem("Quyết định", None, "", True),)),
        ("Ảnh chụp; 5; Ảnh màu; bản sao\n\n ; 2", (ReceiptItem("Ảnh chụp", 5, "Ảnh màu", False),)),
    ],
)
def test_parse_items_reads_one_document_per_line(text, items):
    assert parse_items(text) == items


def test_items_text_reads_back_the_same_items():
    items = (ReceiptItem("Đơn khiếu nại", 3, "Nguyên vẹn", True), ReceiptItem("Ảnh chụp", None, "", False))
    assert parse_items(items_text(items)) == items
