"""Golden PDFs, glyph coverage, embedded fonts and text round trip of the printing engine."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from petitions.printing import (
    DocumentSpec,
    TableReportSpec,
    document_text,
    render_document,
    render_table_report,
    report_text,
)
from petitions.printing.fonts import FONT_FILES, font_path
from petitions.printing.layout import (
    MARGINS,
    PORTRAIT,
    HeadingText,
    PdfMetadata,
    build_pdf,
    format_blank_place_date,
    format_number_line,
    format_place_date,
    frame_width,
    heading_block,
    table_text,
)
from tests.tools import require_tool

from . import samples

GOLDEN_DIR = Path(__file__).parent / "golden"
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
TOP_MARGIN_PT = MARGINS.top  # pdftotext crops in points at its default 72 dpi


def _heading_text(number: int | None) -> HeadingText:
    return HeadingText(
        parent_body="UBND TỈNH QUẢNG NINH",
        issuing_body="BAN TIẾP CÔNG DÂN TỈNH",
        number_line=format_number_line(number, "BTCD-XLĐ"),
        place_date=(
            format_place_date("Quảng Ninh", samples.ISSUE_DATE)
            if number
            else format_blank_place_date("Quảng Ninh", 2026)
        ),
        official_subject="V/v trả lời đơn của ông Nguyễn Văn Hưởng",
    )


def render_heading() -> bytes:
    """The state heading block alone on a page (a công văn's, with its V/v line)."""
    width = frame_width(PORTRAIT, MARGINS)
    return build_pdf([heading_block(_heading_text(5), width)], metadata=PdfMetadata(title="heading"))


DOCUMENTS: dict[str, Callable[[], DocumentSpec]] = {
    "notice": samples.notice,
    "notice-draft": lambda: samples.notice(number=None),
    "notice-3-pages": samples.long_notice,
    "receipt": samples.receipt,
}
EXPECTED_PAGES = {
    "heading": 1,
    "notice": 1,
    "notice-draft": 1,
    "notice-3-pages": 3,
    "receipt": 1,
    "report": 2,
}


def _render(name: str) -> bytes:
    if name == "heading":
        return render_heading()
    if name == "report":
        return render_table_report(samples.reception_report())
    return render_document(DOCUMENTS[name]())


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def _normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _write(tmp_path: Path, name: str, pdf: bytes) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return path


# ------------------------------------------------------------------------------------------------ golden


@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_golden_pdf(name: str, tmp_path: Path) -> None:
    """Each sample renders to exactly the bytes of its golden file (invariant PDFs).

    The golden files under ``tests/printing/golden/`` must change only with an intended layout
    change or a reportlab or font upgrade. Regenerate them with::

        UPDATE_GOLDEN=1 .venv/bin/pytest tests/printing -q -p no:cacheprovider

    which rewrites every golden file and, when pdftoppm is installed, the screenshots
    ``docs/screenshots/printed-notice-{issued,draft}.png``; look at the pages before committing.
    The poppler tests (pdffonts, pdftotext) skip when poppler-utils is missing, except under
    ``CI=true``, where they fail.
    """
    pdf = _render(name)
    assert _page_count(pdf) == EXPECTED_PAGES[name]
    golden = GOLDEN_DIR / f"{name}.pdf"
    if UPDATE:
        golden.write_bytes(pdf)
        if name in {"notice", "notice-draft"} and shutil.which("pdftoppm"):
            _screenshot(
                pdf, "printed-notice-issued" if name == "notice" else "printed-notice-draft", tmp_path
            )
    assert golden.is_file(), f"missing {golden}; create it with UPDATE_GOLDEN=1"
    if pdf != golden.read_bytes():
        actual = _write(tmp_path, name, pdf)
        pytest.fail(
            f"{name}.pdf differs from its golden file; new output in {actual} (UPDATE_GOLDEN=1 to accept)"
        )


def _screenshot(pdf: bytes, stem: str, tmp_path: Path) -> None:
    source = _write(tmp_path, stem, pdf)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-singlefile", str(source), str(SCREENSHOT_DIR / stem)], check=True
    )


def test_rendering_is_reproducible_within_a_process() -> None:
    assert render_document(samples.notice()) == render_document(samples.notice())
    assert render_table_report(samples.reception_report()) == render_table_report(samples.reception_report())


def test_metadata_has_title_and_no_dates() -> None:
    pdf = render_document(samples.notice())
    assert b"/CreationDate" not in pdf
    assert b"/ModDate" not in pdf
    assert b"/Title" in pdf
    assert b"/Lang (vi-VN)" in pdf


# -------------------------------------------------------------------------------------------------- glyphs


def _all_sample_strings() -> list[str]:
    texts = [samples.VIETNAMESE]
    for build in DOCUMENTS.values():
        texts.extend(document_text(build()))
    texts.extend(report_text(samples.reception_report()))
    texts.extend(_heading_text(5).reading_order())
    texts.extend(_heading_text(None).reading_order())
    return texts


@pytest.mark.parametrize("font_name", sorted(FONT_FILES))
def test_every_rendered_code_point_is_in_the_vendored_font(font_name: str) -> None:
    cmap = TTFont(font_path(font_name)).getBestCmap()
    code_points = {ord(char) for text in _all_sample_strings() for char in unicodedata.normalize("NFC", text)}
    missing = sorted(f"U+{cp:04X} {chr(cp)}" for cp in code_points if cp not in cmap)
    assert missing == []


def test_vietnamese_sample_really_covers_the_alphabet() -> None:
    letters = set(samples.VIETNAMESE.lower())
    vowels_with_tones = set("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
    assert vowels_with_tones <= letters
    assert {"đ", "ư", "ơ", "ă", "â", "ê", "ô"} <= letters
    assert "Đ" in samples.VIETNAMESE


# ------------------------------------------------------------------------------------------------- poppler


@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_only_the_vendored_font_is_embedded(name: str, tmp_path: Path) -> None:
    pdffonts = require_tool("pdffonts", "poppler-utils")
    path = _write(tmp_path, name, _render(name))
    output = subprocess.run([pdffonts, str(path)], check=True, capture_output=True, text=True).stdout
    rows = output.splitlines()[2:]  # two header lines
    assert rows, output
    for row in rows:
        font, _type, *_rest = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?", font), row
        # Columns after the encoding: emb sub uni.
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def _pdftotext(path: Path, page: int, *, y: float, height: float, width: float = 2000) -> str:
    pdftotext = require_tool("pdftotext", "poppler-utils")
    args = [pdftotext, "-raw", "-enc", "UTF-8", "-f", str(page), "-l", str(page)]
    args += ["-x", "0", "-y", str(int(y)), "-W", str(int(width)), "-H", str(int(height)), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _body_text(path: Path, pages: int) -> list[str]:
    """Per-page text below the top margin (page numbers live in the margin and are excluded)."""
    return [_normalize(_pdftotext(path, page, y=TOP_MARGIN_PT, height=2000)) for page in range(1, pages + 1)]


@pytest.mark.parametrize("name", ["notice", "notice-3-pages", "receipt"])
def test_extracted_text_equals_the_input(name: str, tmp_path: Path) -> None:
    spec = DOCUMENTS[name]()
    path = _write(tmp_path, name, render_document(spec))
    extracted = " ".join(_body_text(path, EXPECTED_PAGES[name]))
    assert extracted == _normalize(" ".join(document_text(spec)))
    if name == "notice-3-pages":
        assert _normalize(samples.VIETNAMESE) in extracted


def test_draft_text_is_the_watermark_then_the_input(tmp_path: Path) -> None:
    spec = samples.notice(number=None)
    path = _write(tmp_path, "draft", render_document(spec))
    # The diagonal watermark comes out letter by letter, before the page content.
    extracted = "".join(_body_text(path, 1)[0].split())
    expected = "".join(_normalize(" ".join(document_text(spec))).split())
    assert extracted == "DỰTHẢO" + expected


def test_report_text_equals_the_input_with_the_header_repeated(tmp_path: Path) -> None:
    spec: TableReportSpec = samples.reception_report()
    path = _write(tmp_path, "report", render_table_report(spec))
    first, second = _body_text(path, 2)
    repeated = _normalize(" ".join(table_text(spec.header_rows, (), spec.column_numbers)))
    assert second.startswith(repeated + " ")
    assert f"{first} {second.removeprefix(repeated + ' ')}" == _normalize(" ".join(report_text(spec)))


def test_page_numbers_start_on_page_two(tmp_path: Path) -> None:
    path = _write(tmp_path, "long", render_document(samples.long_notice()))
    margins = [_normalize(_pdftotext(path, page, y=0, height=TOP_MARGIN_PT)) for page in (1, 2, 3)]
    assert margins == ["", "2", "3"]
