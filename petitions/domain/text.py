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


def word_starts(folded: str) -> tuple[str, ...]:
    """Each tail of a folded text that begins at a word: "nguyen van an" → ("nguyen van an", "van an", "an").

    A search for some words, typed in order, each the start of a word ("van a", "nguyen van an") is a
    prefix of one of these tails; an index over them answers it as a range.
    """
    words = folded.split(" ") if folded else []
    return tuple(" ".join(words[i:]) for i in range(len(words)))


def prefix_end(prefix: str) -> str:
    """The least text after every text that starts with `prefix` (in code-point order, which is UTF-8's
    byte order): `prefix <= t < prefix_end(prefix)` exactly when t starts with prefix."""
    if not prefix:
        raise ValueError("an empty prefix has no end")
    following = ord(prefix[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates have no UTF-8 form: the next code point after them
        following = 0xE000
    return prefix[:-1] + chr(following)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word's end with an ellipsis (never half a word on screen)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


_UNCONFIRMED = (
    (re.compile(r"\s*\((?:tbc|cần đối chiếu văn bản chính thức)\)"), ""),
    (re.compile(r"\(tbc,?\s+"), "("),
    (re.compile(r"[,;]\s*tbc\b"), ""),
    (re.compile(r"\btbc\b[:,]?\s*"), ""),
)


def public_basis(text: str | None) -> str:
    """A legal basis as the office reads it: without the developers' "(tbc)" markers (a text read only in an
    unofficial copy, to be checked: the rule data keeps them, the screens do not show them)."""
    result = text or ""
    for pattern, replacement in _UNCONFIRMED:
        result = pattern.sub(replacement, result)
    return result.strip()
