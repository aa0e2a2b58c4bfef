"""What the sweeps read from an answer: its text whatever its form, decoded and searched by the one canary scanner
(tests/canary.py: decoded_text, text_hits — NFC, case- and diacritic-folded), and a fingerprint that two reads can
compare (volatile parts — times, nonces, tokens — blanked)."""

from __future__ import annotations

import re
from typing import Any

from tests.canary import decoded_text, mime_text, text_hits

__all__ = ["decoded_text", "fingerprint", "hits", "mime_text", "response_text"]

# Parts of an answer that change between two identical requests: clock times, CSP nonces, request and job ids
# in headers echoed into pages, signed cursors and tokens, a workbook's creation stamp.
VOLATILE = (
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"), "<datetime>"),
    (re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b"), "<time>"),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r"(after|cursor|token|csrf_token)=[A-Za-z0-9_.\-%]+"), r"\1=<v>"),
    (re.compile(r'name="csrf_token"[^>]*>'), "<csrf>"),
    (re.compile(r'name="csrf-token" content="[^"]*"'), "<csrf>"),
    (re.compile(r"[A-Za-z0-9_\-]{32,}"), "<opaque>"),
)


def response_text(response: Any) -> str:
    return decoded_text(response.get_data(), response.mimetype or "")


def fingerprint(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def hits(text: str, values: list[str]) -> list[str]:
    """The values the text shows (tests/canary.py's one scanner)."""
    return text_hits(text, values)
