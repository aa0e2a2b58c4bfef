"""Which refusal grounds call for a written refusal notice, and how typed document lists are read (pure)."""

from __future__ import annotations

import re

from petitions.paperwork.layouts import ReceiptItem

# The head issues Mẫu 01/TCD only on the persistent-repeat ground (Luật TCD Đ9; from 01/07/2026 NĐ 154
# Đ4.1) and the repeated-KNPA-without-new-facts ground (from 01/07/2026, tbc); the codes are those of
# the refusal_ground reference list. D6 runs for the 2026 grounds only.
REFUSAL_NOTICE_GROUNDS = frozenset({"R13_3", "R26_03", "R26_11"})

_ORIGINAL = re.compile(r"^\s*(bản\s*)?(chính|gốc)\s*$", re.IGNORECASE)


def needs_refusal_notice(ground_code: str | None) -> bool:
    """Whether a refusal on this ground is notified in writing."""
    return ground_code in REFUSAL_NOTICE_GROUNDS


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
