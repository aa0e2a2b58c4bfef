"""Paperwork rules: how the typed list of documents handed over is read into receipt items (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ORIGINAL = re.compile(r"^\s*(bản\s*)?(chính|gốc)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ReceiptItem:
    """One document handed over: name, pages, condition, original or copy."""

    name: str
    pages: int | None = None
    condition: str = ""
    is_original: bool = False


def parse_items(text: str) -> tuple[ReceiptItem, ...]:
    """One document per line: 'name; pages; condition; bản chính|bản sao' (only the name is required)."""
    items = []
    for line in (text or "").splitlines():
        parts = [part.strip() for part in line.split(";")]
        if not parts or not parts[0]:
            continue
        pages = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        condition = parts[2] if len(parts) > 2 else ""
        original = bool(len(parts) > 3 and _ORIGINAL.match(parts[3]))
        items.append(ReceiptItem(name=parts[0], pages=pages, condition=condition, is_original=original))
    return tuple(items)


def items_text(items: tuple[ReceiptItem, ...]) -> str:
    """The inverse of parse_items, to fill the form again."""
    return "\n".join(
        "; ".join(
            (item.name, str(item.pages or ""), item.condition, "bản chính" if item.is_original else "bản sao")
        )
        for item in items
    )
