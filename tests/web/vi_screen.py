"""What a Vietnamese page must not show (issue 26): raw codes, column names, ISO moments and English words.

`findings(html, ...)` reads the text a user sees on a page (text nodes outside scripts and styles, and the
attributes a browser shows: title, placeholder, aria-label, alt, a button's value) and returns what it found,
each as (kind, token, a few words around it). The kinds:

- ``iso``: an ISO date or moment ("2026-12-06", "2026-12-06T04:46:47.520809"); dates are dd/mm/yyyy on screen;
- ``seconds``: a time with seconds ("04:46:47"); times are HH:mm;
- ``grouping``: a number grouped the English way ("1,234"); Vietnamese groups with dots ("1.234");
- ``enum``: a stored code of an enum or a code table ("draft", "login_success", "reception_officer");
- ``field``: a column name ("answer_due_on", "letter_id");
- ``code``: any other word joined by underscores ("HC_CS"): nobody writes Vietnamese that way;
- ``english``: a word that cannot be a Vietnamese syllable (below) and is not on the allow-list.

A Vietnamese syllable, written without its diacritics, is an optional initial consonant, one to three vowels and
an optional final among c, ch, m, n, ng, nh, p, t: "create", "update", "issued", "app", "Petitions" cannot be one,
while Vietnamese words a page writes without diacritics ("Ban", "tin", "an", "do") are. A word with a Vietnamese
diacritic is never English. Acronyms (all capitals: UBND, PDF, TOTP) and words with digits (D10, 01/XLD, Q3) are
codes the office itself uses. What is left is checked against ALLOWED below, each entry with its reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser

# Words a Vietnamese page may show though they are no Vietnamese syllable: names of products and formats the
# officer meets as such (the spreadsheet program, the sign-in app, e-mail), none an English UI word.
ALLOWED: dict[str, str] = {
    "Excel": "the spreadsheet program's name (Tải Excel)",
    "email": "the Vietnamese loan word for e-mail (Địa chỉ email)",
    "Email": "the same at the start of a label",
    "Authenticator": "the authenticator apps' names (Google Authenticator, Microsoft Authenticator)",
    "Google": "the same",
    "Microsoft": "the same",
    "Chart": "Chart.js, the charts' library credited on the dashboard",
    "js": "the same",
    "FreeOTP": "the same",
    "English": "the language menu names each language in itself (Tiếng Việt, English)",
    # Keys as printed on the keyboard, in the keyboard hints (Ctrl+S lưu, Enter chuyển ô).
    "Ctrl": "a key's name", "Alt": "a key's name", "Cmd": "a key's name", "Shift": "a key's name",
    "Enter": "a key's name", "Tab": "a key's name", "Esc": "a key's name",
}

# Visible attributes (a browser shows them as tooltips, placeholders or read-aloud names).
_ATTRIBUTES = frozenset({"title", "placeholder", "aria-label", "alt"})
# Not shown, or shown as what the user types (<kbd>). Text marked translate="no" (a command, a file's column
# names, a setting's name: what must be written exactly so) is not the page's language either.
_LITERAL_TAGS = frozenset({"script", "style", "kbd", "template"})

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\b")
_SECONDS = re.compile(r"(?<![\d:])\d{1,2}:\d{2}:\d{2}(?![\d:])")
_GROUPING = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
_WORD = re.compile(r"[^\W\d_](?:[\w]*[^\W_])?", re.UNICODE)
_UNDERSCORED = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")
# Addresses, links and file names are data, not words of the page.
_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|(?<!\w)/[\w./<>-]*|[\w-]*\.(?:pdf|xlsx|csv|json|png|svg|txt|docx?)\b")
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")


def fold(word: str) -> str:
    """The word without diacritics, đ as d, lower case."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def can_be_vietnamese(word: str) -> bool:
    if not word.isascii():
        return True  # a Vietnamese diacritic (or đ)
    return _SYLLABLE.fullmatch(word.lower()) is not None


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._literal = 0
        self._untranslated: list[str] = []  # the open elements inside one marked translate="no"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _VOID:
            pass
        elif self._untranslated:
            self._untranslated.append(tag)
        elif values.get("translate") == "no":  # HTML's own mark for text that stays as written
            self._untranslated.append(tag)
        if tag in _LITERAL_TAGS:
            self._literal += 1
        for name in _ATTRIBUTES & values.keys():
            self.chunks.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button"):
            self.chunks.append(values.get("value") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _LITERAL_TAGS and self._literal:
            self._literal -= 1
        if self._untranslated and tag in self._untranslated:
            while self._untranslated and self._untranslated.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._literal and not self._untranslated and data.strip():
            self.chunks.append(data)


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return [" ".join(chunk.split()) for chunk in parser.chunks if chunk.strip()]


def _around(text: str, start: int, end: int) -> str:
    return text[max(0, start - 40) : end + 40]


def findings(
    html: str,
    *,
    enum_values: frozenset[str],
    field_names: frozenset[str],
    data_words: Iterable[str] = (),
) -> list[tuple[str, str, str]]:
    """(kind, token, context) for everything on the page a Vietnamese reader should not meet.
    `data_words`: words that are the records' own data on this page (account names), not the page's words."""
    data = frozenset(data_words)
    found: list[tuple[str, str, str]] = []
    for text in visible_text(html):
        found += [("iso", m.group(), _around(text, m.start(), m.end())) for m in _ISO.finditer(text)]
        text = _ISO.sub(" ", text)
        for kind, pattern in (("seconds", _SECONDS), ("grouping", _GROUPING)):
            found += [(kind, m.group(), _around(text, m.start(), m.end())) for m in pattern.finditer(text)]
        text = _NOT_WORDS.sub(" ", text)
        for match in _UNDERSCORED.finditer(text):
            token = match.group()
            kind = "enum" if token in enum_values else "field" if token in field_names else "code"
            found.append((kind, token, _around(text, match.start(), match.end())))
        text = _UNDERSCORED.sub(" ", text)
        for match in _WORD.finditer(text):
            word = match.group()
            if word in data or word in ALLOWED:
                continue
            if word in enum_values and len(word) > 2 and word.islower():
                found.append(("enum", word, _around(text, match.start(), match.end())))
            elif word in field_names and word.islower():
                found.append(("field", word, _around(text, match.start(), match.end())))
            elif word.isupper() or any(ch.isdigit() for ch in word) or len(word) < 2:
                continue
            elif not can_be_vietnamese(word):
                found.append(("english", word, _around(text, match.start(), match.end())))
    return found
