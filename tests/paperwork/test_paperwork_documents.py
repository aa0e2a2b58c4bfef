"""Reception paperwork built from plain data: golden PDFs, glyph coverage, fonts, text round trip, Excel book."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from fontTools.ttLib import TTFont

from petitions.paperwork import codes
from petitions.paperwork.book import (
    LAYOUT_2021,
    LAYOUT_2026,
    BookHeading,
    BookRow,
    BookSpansGenerations,
    book_layout,
    book_pdf,
    book_spec,
)
from petitions.paperwork.excel import COLUMN_NUMBER_ROW, FIRST_DATA_ROW, HEADER_FIRST_ROW, book_workbook
from petitions.paperwork.layouts import BLANK_LINE, ContentKind, format_time
from petitions.printing import (
    DocumentSpec,
    check_glyphs,
    document_text,
    render_document,
    report_text,
    template_for,
)
from petitions.printing.fonts import FONT_FILES, font_path
from petitions.printing.layout import table_text
from tests.tools import require_tool

from . import samples

GOLDEN_DIR = Path(__file__).parent / "golden"
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
TOP_MARGIN_PT = 20 * 72 / 25.4

DOCUMENTS: dict[str, Callable[[], DocumentSpec]] = {
    "receipt": samples.receipt,
    "receipt-2021": lambda: samples.receipt(samples.OLD_ISSUE_DATE),
    "refusal": samples.refusal,
    "refusal-draft": lambda: samples.refusal(number=None),
    "refusal-2021": lambda: samples.refusal(day=samples.OLD_ISSUE_DATE),
    "statement-complaint": samples.statement,
    "statement-denunciation": lambda: samples.statement(ContentKind.DENUNCIATION),
    "statement-petition": lambda: samples.statement(ContentKind.PETITION),
    "appointment": samples.appointment,
    "conclusion": samples.conclusion,
    "conclusion-draft": lambda: samples.conclusion(number=None),
}
BOOKS: dict[str, int] = {"book-0": 0, "book-1": 1, "book-40": 40}
EXPECTED_PAGES = {**dict.fromkeys(DOCUMENTS, 1), "book-0": 1, "book-1": 1, "book-40": 5}
SCREENSHOTS = {"receipt": "paperwork-receipt", "book-40": "paperwork-reception-book"}


def _render(name: str) -> bytes:
    if name in BOOKS:
        return book_pdf(samples.BOOK_HEADING, samples.book_rows(BOOKS[name]))
    return render_document(DOCUMENTS[name]())


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def _normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _write(tmp_path: Path, name: str, pdf: bytes) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return path


def _pdftotext(path: Path, page: int) -> str:
    pdftotext = require_tool("pdftotext", "poppler-utils")
    args = [pdftotext, "-raw", "-enc", "UTF-8", "-f", str(page), "-l", str(page)]
    args += ["-x", "0", "-y", str(int(TOP_MARGIN_PT)), "-W", "2000", "-H", "2000", str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


# ------------------------------------------------------------------------------------------------ golden


@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_golden_pdf(name: str, tmp_path: Path) -> None:
    """Each paper renders to exactly its golden file (invariant PDFs).

    Regenerate after an intended layout change with
    ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/paperwork -q -p no:cacheprovider``, which also rewrites
    docs/screenshots/paperwork-*.png (pdftoppm -r 80, first page); look at them before committing.
    """
    pdf = _render(name)
    assert _page_count(pdf) == EXPECTED_PAGES[name]
    golden = GOLDEN_DIR / f"{name}.pdf"
    if UPDATE:
        golden.write_bytes(pdf)
        if name in SCREENSHOTS and shutil.which("pdftoppm"):
            source = _write(tmp_path, name, pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "80",
                    "-png",
                    "-singlefile",
                    str(source),
                    str(SCREENSHOT_DIR / SCREENSHOTS[name]),
                ],
                check=True,
            )
    assert golden.is_file(), f"missing {golden}; create it with UPDATE_GOLDEN=1"
    if pdf != golden.read_bytes():
        actual = _write(tmp_path, name, pdf)
        pytest.fail(
            f"{name}.pdf differs from its golden file; new output in {actual} (UPDATE_GOLDEN=1 to accept)"
        )


def test_the_thousand_visit_book_renders_every_row_and_repeats_the_header() -> None:
    rows = samples.book_rows(1000)
    pdf = book_pdf(samples.BOOK_HEADING, rows)
    assert _page_count(pdf) > 100
    assert len(book_spec(samples.BOOK_HEADING, rows).rows) == 1000


# -------------------------------------------------------------------------------------------------- glyphs


def _all_strings() -> list[str]:
    texts: list[str] = []
    for build in DOCUMENTS.values():
        texts.extend(document_text(build()))
    for count in BOOKS.values():
        texts.extend(report_text(book_spec(samples.BOOK_HEADING, samples.book_rows(count))))
    return texts


def test_every_string_passes_the_engine_glyph_check() -> None:
    check_glyphs(_all_strings())  # raises UnsupportedCharactersError otherwise


@pytest.mark.parametrize("font_name", sorted(FONT_FILES))
def test_every_printed_code_point_is_in_the_vendored_font(font_name: str) -> None:
    cmap = TTFont(font_path(font_name)).getBestCmap()
    code_points = {ord(ch) for text in _all_strings() for ch in unicodedata.normalize("NFC", text)}
    assert sorted(f"U+{cp:04X} {chr(cp)}" for cp in code_points if cp not in cmap) == []


@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_only_the_vendored_font_is_embedded(name: str, tmp_path: Path) -> None:
    pdffonts = require_tool("pdffonts", "poppler-utils")
    path = _write(tmp_path, name, _render(name))
    output = subprocess.run([pdffonts, str(path)], check=True, capture_output=True, text=True).stdout
    rows = output.splitlines()[2:]
    assert rows, output
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?", row.split()[0]), row
        assert tuple(row.split()[-5:-2]) == ("yes", "yes", "yes"), row


@pytest.mark.parametrize("name", ["receipt", "refusal", "statement-complaint", "appointment", "conclusion"])
def test_extracted_text_equals_the_input(name: str, tmp_path: Path) -> None:
    spec = DOCUMENTS[name]()
    path = _write(tmp_path, name, render_document(spec))
    assert _normalize(_pdftotext(path, 1)) == _normalize(" ".join(document_text(spec)))


def test_book_text_equals_the_rows_with_the_header_repeated(tmp_path: Path) -> None:
    spec = book_spec(samples.BOOK_HEADING, samples.book_rows(40))
    path = _write(tmp_path, "book", book_pdf(samples.BOOK_HEADING, samples.book_rows(40)))
    pages = [_normalize(_pdftotext(path, page)) for page in range(1, EXPECTED_PAGES["book-40"] + 1)]
    header = _normalize(" ".join(table_text(spec.header_rows, (), spec.column_numbers)))
    assert all(page.startswith(header) for page in pages[1:])
    joined = " ".join([pages[0], *(page.removeprefix(header).strip() for page in pages[1:])])
    assert joined == _normalize(" ".join(report_text(spec)))


# --------------------------------------------------------------------------------------------- content


def test_receipt_prints_code_pin_and_links_the_qr_to_the_lookup_site() -> None:
    spec = samples.receipt()
    text = " ".join(document_text(spec))
    assert samples.CODE in text and "041963" in text
    assert spec.qr_url == f"{samples.LOOKUP}/{samples.CODE}"
    assert "022085001234" in text  # full ID number: the slip is a restricted paper


def test_template_generation_follows_the_issue_date() -> None:
    assert template_for("TB_TU_CHOI_TCD", date(2026, 6, 30)).source.startswith("Thông tư 04/2021")
    assert template_for("TB_TU_CHOI_TCD", date(2026, 7, 1)).source.startswith("Nghị định 154/2026")
    assert "Luật số 136/2025/QH15" in " ".join(document_text(samples.refusal()))
    assert "Điều 9 Luật Tiếp công dân ngày 25 tháng 11 năm 2013" in " ".join(
        document_text(samples.refusal(day=samples.OLD_ISSUE_DATE))
    )


def test_statement_leaves_a_dotted_line_for_an_unknown_id_and_names_the_speaker_by_kind() -> None:
    complaint = " ".join(document_text(samples.statement()))
    assert BLANK_LINE in complaint
    assert "NGƯỜI KHIẾU NẠI" in complaint
    assert "Ghi nội dung tố cáo" in " ".join(document_text(samples.statement(ContentKind.DENUNCIATION)))
    assert "(Ký hoặc điểm chỉ, ghi rõ họ tên)" in complaint


def test_drafts_are_watermarked_and_unnumbered() -> None:
    assert samples.refusal(number=None).is_draft
    assert b"DR\xe1\xbb\xb0" not in render_document(samples.refusal())  # no raw text either way
    assert "Số: 04/TB-BTCD" in document_text(samples.refusal())


def test_format_time_pads_day_and_early_months() -> None:
    assert format_time(datetime(2026, 2, 3, 8, 5)) == "08 giờ 05 phút ngày 03 tháng 02 năm 2026"
    assert format_time(datetime(2026, 11, 30, 16, 45)) == "16 giờ 45 phút ngày 30 tháng 11 năm 2026"


# ------------------------------------------------------------------------------------------------ Excel


def _open(rows: tuple[BookRow, ...]) -> openpyxl.worksheet.worksheet.Worksheet:
    data = book_workbook(samples.BOOK_HEADING, rows)
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _as_read(value: object) -> object:
    """A cell value as openpyxl reads it back: '' → None, a date → midnight datetime."""
    if value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


@pytest.mark.parametrize("count", [0, 1, 1000])
def test_excel_book_cells_equal_the_rows(count: int) -> None:
    rows = samples.book_rows(count)
    ws = _open(rows)
    assert ws.max_row == FIRST_DATA_ROW - 1 + count
    read = [tuple(r) for r in ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)]
    assert read == [tuple(_as_read(v) for v in LAYOUT_2026.cells(row)) for row in rows]


def test_excel_book_has_the_official_header_and_column_numbers() -> None:
    ws = _open(samples.book_rows(3))
    assert ws["A1"].value == "UBND TỈNH QUẢNG NINH"
    assert ws["A2"].value == "BAN TIẾP CÔNG DÂN TỈNH"
    assert ws["I1"].value == "Mẫu số 03/TCD"
    assert ws["A4"].value == "SỔ TIẾP CÔNG DÂN"
    assert ws["A5"].value == "(Từ ngày 01/07/2026 đến ngày 31/07/2026)"
    top = [c.value for c in ws[HEADER_FIRST_ROW]]
    bottom = [c.value for c in ws[HEADER_FIRST_ROW + 1]]
    assert top[8] == "Hướng xử lý"
    assert [*top[:8], *bottom[8:11], top[11]] == list(LAYOUT_2026.titles)
    assert [c.value for c in ws[COLUMN_NUMBER_ROW]] == [f"({n})" for n in range(1, 13)]
    assert "I6:K6" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["D9"].number_format == "@" and ws["D9"].value == "022085000000"  # leading zero kept


def test_excel_book_prints_landscape_a4_one_page_wide_with_repeated_header() -> None:
    ws = _open(samples.book_rows(2))
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == f"${HEADER_FIRST_ROW}:${COLUMN_NUMBER_ROW}"


# ------------------------------------------------------------------------------- the book's generations

_JUNE = BookHeading(issuing_body="Ban Tiếp công dân tỉnh", date_from=date(2026, 6, 1), date_to=date(2026, 6, 30))
_JULY = samples.BOOK_HEADING


def _refused_row(day: date) -> BookRow:
    return BookRow(
        number=7,
        visited_on=day,
        name_address="Nguyễn Văn Hưởng, thôn Đồng Mỏ, xã Tiên Yên, tỉnh Quảng Ninh",
        id_number="022085001234",
        summary="Khiếu nại việc bồi thường khi thu hồi đất",
        classification="KN",
        persons=3,
        resolved_by="UBND xã Tiên Yên",
        within_competence=True,
        guided="",
        forwarded="",
        follow_up="",
        refusal="Từ chối tiếp (Đ9.3); TB số 01/TB-BTCD",
    )


def test_the_book_layout_follows_the_visit_date_on_both_sides_of_1_july_2026() -> None:
    assert book_layout(date(2026, 6, 30), date(2026, 6, 30)) is LAYOUT_2021
    assert book_layout(date(2026, 7, 1), date(2026, 7, 1)) is LAYOUT_2026
    assert LAYOUT_2021.form_code == "Mẫu số 03" and LAYOUT_2026.form_code == "Mẫu số 03/TCD"
    assert LAYOUT_2021.titles[3] == "CMND/Hộ chiếu của công dân"
    assert LAYOUT_2021.titles[7:10] == (
        "Thụ lý để giải quyết",
        "Trả lại đơn và hướng dẫn",
        "Chuyển đơn đến cơ quan, tổ chức, đơn vị có thẩm quyền",
    )
    assert LAYOUT_2021.titles[-1] == "Ghi chú"
    assert LAYOUT_2026.titles[3] == "Số định danh cá nhân/ giấy tờ tùy thân"
    assert LAYOUT_2026.titles[-1] == "Theo dõi kết quả giải quyết"
    assert len(LAYOUT_2021.columns) == len(LAYOUT_2026.columns) == 12


def test_each_generation_places_classification_persons_and_the_refusal_in_its_own_columns() -> None:
    old = LAYOUT_2021.printed(_refused_row(date(2026, 6, 30)))
    new = LAYOUT_2026.printed(_refused_row(date(2026, 7, 1)))
    assert old[5] == "KN/3" and old[7] == "×" and old[11] == "Từ chối tiếp (Đ9.3); TB số 01/TB-BTCD"
    assert (new[5], new[6], new[8]) == ("KN", "3", "×")
    assert new[11] == "Từ chối tiếp (Đ9.3); TB số 01/TB-BTCD"


def test_the_printed_book_carries_its_generation_header_and_form_code() -> None:
    june = report_text(book_spec(_JUNE, [_refused_row(date(2026, 6, 30))]))
    july = report_text(book_spec(_JULY, [_refused_row(date(2026, 7, 1))]))
    assert "Mẫu số 03" in june and "Trả lại đơn và hướng dẫn" in june and "Ghi chú" in june
    assert "Mẫu số 03/TCD" not in june and "Phân loại (KN, TC, KNPA)" not in june
    assert "Mẫu số 03/TCD" in july and "Hướng dẫn (nơi, số văn bản)" in july
    assert "Thụ lý để giải quyết" not in july
    ws = openpyxl.load_workbook(io.BytesIO(book_workbook(_JUNE, [_refused_row(date(2026, 6, 30))]))).active
    assert ws["I1"].value == "Mẫu số 03"
    assert [c.value for c in ws[HEADER_FIRST_ROW + 1]][7:10] == list(LAYOUT_2021.titles[7:10])
    assert [c.value for c in ws[FIRST_DATA_ROW]][5] == "KN/3"


def test_a_book_across_1_july_2026_is_refused_naming_the_two_parts() -> None:
    across = BookHeading(issuing_body="Ban Tiếp công dân tỉnh", date_from=date(2026, 6, 1), date_to=date(2026, 7, 31))
    with pytest.raises(BookSpansGenerations) as refused:
        book_pdf(across, [])
    message = str(refused.value)
    assert "từ ngày 01/06/2026 đến ngày 30/06/2026" in message
    assert "từ ngày 01/07/2026 đến ngày 31/07/2026" in message
    with pytest.raises(BookSpansGenerations):
        book_workbook(across, [])


def _zip_members(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # openpyxl stamps docProps/core.xml with the save time (and the zip entries with the
        # clock), whatever the workbook says: everything else must be identical.
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def test_excel_export_is_reproducible() -> None:
    rows = samples.book_rows(5)
    first = _zip_members(book_workbook(samples.BOOK_HEADING, rows))
    assert first == _zip_members(book_workbook(samples.BOOK_HEADING, rows))
    assert "xl/worksheets/sheet1.xml" in first


# ------------------------------------------------------------------------------------------------- codes


def test_receipt_code_carries_at_least_80_random_bits() -> None:
    import math

    code = codes.new_receipt_code()
    raw = code.replace("-", "")
    assert len(raw) == codes.CODE_LENGTH and set(raw) <= set(codes.CODE_ALPHABET)
    assert codes.CODE_LENGTH * math.log2(len(codes.CODE_ALPHABET)) >= 80
    assert len({codes.new_receipt_code() for _ in range(200)}) == 200


def test_typed_code_is_normalised() -> None:
    assert codes.normalise_code(" k7qx2m 9tzp4a-hwn3rb ") == "K7QX2M-9TZP4A-HWN3RB"


def test_pin_hash_verifies_only_the_right_pin() -> None:
    pin = codes.new_pin()
    assert re.fullmatch(r"\d{6}", pin)
    stored = codes.hash_pin(pin)
    assert pin not in stored and stored.startswith("scrypt$")
    assert codes.verify_pin(stored, pin)
    assert not codes.verify_pin(stored, "x" + pin[1:])
    assert not codes.verify_pin("garbage", pin)
    assert codes.hash_pin(pin) != stored  # salted


def test_lookup_url_joins_base_and_code() -> None:
    assert codes.lookup_url("https://a.example/tra-cuu/", "AB-CD") == "https://a.example/tra-cuu/AB-CD"
