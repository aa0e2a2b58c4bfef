"""Vietnamese text helpers: NFC normalisation for storage and accent folding for search."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalise_text(text: str | None) -> str:
    """Input as stored: Unicode NFC (one code point per accented letter), trimmed.

    Vietnamese keyboards send either composed or decomposed accents; without NFC the same
    name would be stored two ways and never match.
    """
    if text is None:
        return ""
    return unicodedata.normalize("NFC", text).strip()


def fold_text(text: str | None) -> str:
    """The search key of a text: accents removed, đ/Đ → d, lower case, single spaces.

    NFD separates base letters from their combining marks, which are dropped; 'đ' is a
    letter of its own (not d + mark), so it is mapped explicitly. The original spelling is
    always kept next to the folded one (`*_folded` columns).
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "d")
    folded = unicodedata.normalize("NFC", stripped.lower())
    return _WHITESPACE.sub(" ", folded).strip()
