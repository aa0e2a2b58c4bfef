"""Registration of the vendored Liberation Serif family, the only fonts our PDFs embed."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from petitions.printing.errors import FontMissingError, UnsupportedCharactersError

FAMILY = "TimesVN"
REGULAR = "TimesVN"
BOLD = "TimesVN-Bold"
ITALIC = "TimesVN-Italic"
BOLD_ITALIC = "TimesVN-BoldItalic"

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"

# Metric-compatible with Times New Roman, which Decree 30/2020 names but which may not be redistributed.
FONT_FILES = MappingProxyType(
    {
        REGULAR: "LiberationSerif-Regular.ttf",
        BOLD: "LiberationSerif-Bold.ttf",
        ITALIC: "LiberationSerif-Italic.ttf",
        BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
    }
)


def font_path(font_name: str) -> Path:
    """Path of the vendored TTF behind one of our font names."""
    return FONT_DIR / FONT_FILES[font_name]


@functools.cache
def register_fonts() -> str:
    """Register the four faces and their family with reportlab once; return the family name."""
    for name in FONT_FILES:
        path = font_path(name)
        if not path.is_file():
            raise FontMissingError(f"vendored font missing: {path}")
        # shapable=False: Vietnamese needs no shaping (all letters are precomposed after NFC), and
        # installing uharfbuzz later must not silently change the bytes of golden PDFs.
        pdfmetrics.registerFont(TTFont(name, str(path), shapable=False))
    # Paragraph markup (<b>, <i>) resolves faces through this family, never through Times-Roman.
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return FAMILY


@functools.cache
def covered_code_points() -> frozenset[int]:
    """Code points every one of the four faces can draw (text may appear in any face)."""
    register_fonts()
    faces = [pdfmetrics.getFont(name).face for name in FONT_FILES]
    common = set(faces[0].charToGlyph)
    for face in faces[1:]:
        common &= set(face.charToGlyph)
    return frozenset(common)


def normalize_text(text: str) -> str:
    """NFC form: decomposed input (e.g. from macOS or some IMEs) would need shaping we do not do."""
    return unicodedata.normalize("NFC", text)


def check_glyphs(texts: Iterable[str]) -> None:
    """Raise UnsupportedCharactersError if any character would print as an empty box."""
    covered = covered_code_points()
    missing: dict[str, None] = {}
    seen: set[str] = set()  # a long register repeats its characters: each is looked up once
    for text in texts:
        for char in normalize_text(text):
            if char in seen:
                continue
            seen.add(char)
            # Line breaks are layout, never drawn.
            if ord(char) not in covered and char not in "\n\r\t":
                missing[char] = None
    if missing:
        raise UnsupportedCharactersError("".join(missing))
