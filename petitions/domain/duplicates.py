"""Duplicate letters (đơn trùng): rank and explain candidate matches for an incoming letter.

Pure: the database finds candidates (same ID number or blind index, same folded name, similar
folded content against the same respondent, within a window); these rules score them the same way
on every database, and say in words why each one is offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

# Content similarity at or above this (trigram, 0–1) counts when the respondent is the same.
CONTENT_THRESHOLD = 0.3
DEFAULT_WINDOW_DAYS = 730

_WORD = re.compile(r"[0-9a-z]+")


def trigrams(folded: str) -> frozenset[str]:
    """Trigrams of each word padded as pg_trgm does ("  w", " wo", "wor", "ord", "rd ")."""
    return frozenset().union(*map(_word_trigrams, _WORD.findall(folded)))


@lru_cache(maxsize=65536)
def _word_trigrams(word: str) -> frozenset[str]:
    # Per word, remembered: texts share their words (a lookup ranks ~200 summaries of one respondent,
    # ~3,000 words, a few hundred distinct), and a set built one character at a time was most of its time.
    padded = f"  {word} "
    return frozenset([padded[i : i + 3] for i in range(len(padded) - 2)])


def similarity(a_folded: str, b_folded: str) -> float:
    """Shared trigrams over all trigrams (pg_trgm's similarity()), on folded text."""
    return _similarity(trigrams(a_folded), trigrams(b_folded))


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def search_words(folded: str, *, minimum: int = 3, limit: int = 12) -> tuple[str, ...]:
    """Distinct content words for a full-text candidate query (short words carry no meaning)."""
    seen: list[str] = []
    for word in _WORD.findall(folded):
        if len(word) >= minimum and word not in seen:
            seen.append(word)
    return tuple(seen[:limit])


def window_start(received_on: date, window_days: int) -> date:
    return received_on - timedelta(days=window_days)


@dataclass(frozen=True)
class Incoming:
    """The letter being registered, folded."""

    summary_folded: str
    respondent_folded: str
    name_folded: str | None = None
    id_number: str | None = None  # normalised; or the blind index in encrypted vault mode


@dataclass(frozen=True)
class Candidate:
    """A letter already on file, as the queries found it (folded texts, no names shown)."""

    letter_id: int
    summary_folded: str
    respondent_folded: str
    name_folded: str | None = None
    id_number: str | None = None


@dataclass(frozen=True)
class Match:
    letter_id: int
    score: int
    reasons: tuple[str, ...]
    content_similarity: float
    same_writer: bool = False  # the same ID number or folded name
    same_content: bool = False  # similar content against the same respondent


def rank(
    incoming: Incoming, candidates: list[Candidate], *, threshold: float = CONTENT_THRESHOLD
) -> list[Match]:
    """Candidates that match on at least one signal, best first, each with its reasons.

    Signals, strongest first: the same ID number; content similar at or above `threshold` against
    the same respondent; the same folded name (names repeat, so a name alone ranks last). Content alone, with a different respondent, is not a
    duplicate: two neighbours may complain in the same words about different decisions.
    """
    matches: list[Match] = []
    incoming_grams = trigrams(incoming.summary_folded)  # once, not once per candidate
    for candidate in candidates:
        reasons: list[str] = []
        score = 0
        same_writer = same_content = False
        if incoming.id_number and candidate.id_number and incoming.id_number == candidate.id_number:
            reasons.append("Cùng số giấy tờ tùy thân")
            score += 100
            same_writer = True
        if incoming.name_folded and candidate.name_folded and incoming.name_folded == candidate.name_folded:
            reasons.append("Cùng họ tên người gửi")
            score += 40
            same_writer = True
        same_respondent = (
            bool(incoming.respondent_folded) and incoming.respondent_folded == candidate.respondent_folded
        )
        content = _similarity(incoming_grams, trigrams(candidate.summary_folded))
        if same_respondent and content >= threshold:
            reasons.append(f"Nội dung giống {round(content * 100)}%, cùng người/cơ quan bị khiếu nại, tố cáo")
            score += 45 + round(content * 25)
            same_content = True
        if not reasons:
            continue
        matches.append(Match(candidate.letter_id, score, tuple(reasons), content, same_writer, same_content))
    matches.sort(key=lambda m: (-m.score, -m.content_similarity, -m.letter_id))
    return matches
