"""Errors raised by the printing package."""

from __future__ import annotations


class PrintingError(Exception):
    """Base class: a document cannot be printed as asked."""


class FontMissingError(PrintingError, FileNotFoundError):
    """A vendored font file is absent; we never fall back to a font without Vietnamese glyphs."""


class UnsupportedCharactersError(PrintingError, ValueError):
    """The text holds characters the embedded font cannot draw (they would print as empty boxes)."""

    def __init__(self, characters: str) -> None:
        self.characters = characters
        listed = ", ".join(f"U+{ord(c):04X} {c!r}" for c in characters)
        super().__init__(f"characters not in the embedded font: {listed}")


class TemplateNotFoundError(PrintingError, LookupError):
    """No template generation of that code is valid on the issue date."""


class TemplateRegistryError(PrintingError, ValueError):
    """The template data is inconsistent (overlapping generations, bad dates)."""


class MissingFieldsError(PrintingError, ValueError):
    """The body data lacks fields the template needs."""

    def __init__(self, code: str, missing: tuple[str, ...]) -> None:
        self.code = code
        self.missing = missing
        super().__init__(f"template {code!r} needs field(s): {', '.join(missing)}")


class InvalidSpecError(PrintingError, ValueError):
    """A document or report specification contradicts itself."""
