"""Paperwork rules: how the typed list of documents handed over is read into receipt items (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ORIGINAL = re.compile(r"^\s*(bản\s*)?(chính|gốc)\s*$", re.IGNORECASE)
# A number of pages: ASCII digits only (str.isdigit() also takes "²", which int() refuses) and at most six of them
# (more is no page count, and would not fit the integer it is stored as).
_PAGES = re.compile(r"[0-9]{1,6}")


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
        pages = int(parts[1]) if len(parts) > 1 and _PAGES.fullmatch(parts[1]) else None
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


# Luật Tiếp công dân 2013 Đ9 has four clauses, in the order of the 2013 refusal grounds R13_1–R13_4.
# The 2026 list keeps the first three grounds in the same order (Luật 136/2025/QH15; tbc); its new
# grounds have no confirmed clause number, so their book entry names no article.
REFUSAL_GROUND_CLAUSES = {
    "R13_1": "Đ9.1",
    "R13_2": "Đ9.2",
    "R13_3": "Đ9.3",
    "R13_4": "Đ9.4",
    "R26_01": "Đ9.1",
    "R26_02": "Đ9.2",
    "R26_03": "Đ9.3",
}


def refusal_entry(ground_code: str | None, notice_number: str = "") -> str:
    """The book's short refusal entry: 'Từ chối tiếp (Đ9.3); TB số 01/TB-BTCD' (the notice carries the
    full ground; a book row never does)."""
    clause = REFUSAL_GROUND_CLAUSES.get(ground_code or "")
    entry = f"Từ chối tiếp ({clause})" if clause else "Từ chối tiếp"
    return f"{entry}; TB số {notice_number}" if notice_number else entry


_UNIT_KINDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "tỉnh", "huyện", "quận", "xã")


def unit_in_sentence(name: str) -> str:
    """An administrative unit's name as written mid-sentence: its kind in lower case ('xã Bình Định',
    'thành phố Hà Nội'); the proper name keeps its capitals."""
    stripped = name.strip()
    lowered = stripped.lower()
    for kind in _UNIT_KINDS:
        if lowered.startswith(kind + " "):
            return kind + stripped[len(kind) :]
    return stripped


def address_line(text: str | None, units: tuple[str, ...]) -> str:
    """A citizen's address: the free text (hamlet, street), then the units from the commune up to the
    province, each once (a unit the free text already ends with is not repeated)."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    folded = [part.lower() for part in parts]
    for unit in units:
        written = unit_in_sentence(unit)
        if written and written.lower() not in folded:
            parts.append(written)
            folded.append(written.lower())
    return ", ".join(parts)


def honorific(sex: str | None) -> str:
    """How a paper addresses a citizen: 'ông' or 'bà' from the recorded sex, 'ông (bà)' when unknown."""
    return {"male": "ông", "female": "bà"}.get(sex or "", "ông (bà)")
