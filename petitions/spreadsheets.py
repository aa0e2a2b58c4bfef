"""The one place that turns values into spreadsheet cells (every Excel and CSV export goes through here).

Text typed by citizens and officers ends up in workbooks that other offices open in Excel or
LibreOffice. A name such as ``=HYPERLINK("http://…","click")`` must arrive as the text it is, never
as a live formula (CWE-1236, OWASP "CSV/formula injection"). openpyxl treats any string starting
with ``=`` as a formula, so text cells are written with the string type forced; characters that
XML 1.0 cannot carry (control characters pasted from other programs) are dropped instead of
making the export fail.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from datetime import date, datetime
from functools import cache
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# A fixed timestamp keeps two exports of the same data byte-comparable.
FIXED_TIME = datetime(2000, 1, 1)


def clean_text(value: str) -> str:
    """The text without the control characters XML cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


# A CSV opened in a spreadsheet program runs a cell starting with one of these as a formula (OWASP "CSV
# injection"); a leading apostrophe makes the program show the text as it is.
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A value as one CSV cell: text cleaned and neutralised, dates dd/mm/yyyy, None empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if not isinstance(value, str):  # numbers are written as they are (a negative one is no formula)
        return str(value)
    text = clean_text(value)
    if text.startswith(_CSV_FORMULA_START):
        return "'" + text
    return text


# Rows encoded per chunk of a streamed CSV: large enough for few writes, small enough to stay a few hundred kB.
CSV_CHUNK_ROWS = 500


def csv_stream(header: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """A UTF-8 CSV (with the byte-order mark Excel needs to read Vietnamese) as chunks of bytes, every cell through
    csv_cell: the header first, then CSV_CHUNK_ROWS rows at a time, so the rows are consumed as they come (an
    export's generator response or file) and never held whole."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(str(name)) for name in header])
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    waiting = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        waiting += 1
        if waiting == CSV_CHUNK_ROWS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            waiting = 0
    if waiting:
        yield buffer.getvalue().encode("utf-8")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A whole CSV of a header and rows as bytes (csv_stream joined): for small files only."""
    return b"".join(csv_stream(header, rows))


def new_workbook() -> Workbook:
    """A streaming (write-only) workbook with fixed metadata times."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "petitions"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The papers' typeface (Decree 30/2020); Excel substitutes a metric-compatible font where it is absent.
SHEET_FONT_NAME = "Times New Roman"


@cache
def sheet_font(size: float = 11, *, bold: bool = False, italic: bool = False) -> Font:
    """One Font object per look, shared by every workbook: sheet_cell registers a combination of style objects
    once and copies it to the next cells, so a new Font for each cell would hash every cell's style again
    (a quarter's whole report: ~12,000 cells, about two thirds of the workbook's time)."""
    return Font(name=SHEET_FONT_NAME, size=size, bold=bold, italic=italic)


def sheet_cell(
    ws: WriteOnlyWorksheet,
    value: object,
    *,
    font: Font | None = None,
    alignment: Alignment | None = None,
    border: Border | None = None,
    number_format: str | None = None,
) -> WriteOnlyCell:
    """A styled cell; text is always stored as text, whatever it starts with."""
    if isinstance(value, str):
        value = clean_text(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value:
        # openpyxl infers "f" (formula) for "=…"; forcing the string type writes the characters
        # as they are, visible and inert, whatever the first one is (= + - @ tab CR).
        cell.data_type = "s"
    if font is None and alignment is None and border is None and number_format is None:
        return cell
    # Registering a style hashes its objects into the workbook's tables, which costs more than the rest
    # of the cell (a month's letter register: 26,000 cells, 2.6 s of hashing). Each combination of style
    # objects is registered once per sheet and its indexes copied to the next cells. The cache holds the
    # objects themselves, so their ids cannot be reused by other objects while it lives.
    key = (id(font), id(alignment), id(border), number_format)
    styles: dict[tuple[Any, ...], tuple[Any, ...]] = ws.__dict__.setdefault("_petitions_styles", {})
    known = styles.get(key)
    if known is not None:
        cell._style = copy(known[-1])
        return cell
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    if number_format is not None:
        cell.number_format = number_format
    styles[key] = (font, alignment, border, copy(cell._style))
    return cell


# Excel's rows per sheet (the header row included): a list longer than that goes on to a new sheet.
SHEET_MAX_ROWS = 1_048_576
_SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_title(title: str, number: int) -> str:
    """A sheet's name: at most 31 characters without []:*?/\\ (Excel's rules), numbered from the second."""
    base = " ".join(title.translate(_SHEET_TITLE_FORBIDDEN).split()) or "Sheet"
    if number == 1:
        return base[:31]
    suffix = f" ({number})"
    return base[: 31 - len(suffix)] + suffix


def write_table_workbook(
    target: IO[bytes],
    title: str,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    max_rows: int = SHEET_MAX_ROWS,
) -> int:
    """A list as a write-only workbook written to `target`: a bold header row on each sheet, then the rows, every
    cell through sheet_cell (text stays text), dates as dd/mm/yyyy; when a sheet holds `max_rows` rows (its header
    included) the next rows go on a new sheet. The rows are consumed as they come: openpyxl's write-only sheets
    keep them in a temporary file, not in memory. Returns the number of rows written (headers not counted)."""
    workbook = new_workbook()
    bold = sheet_font(bold=True)
    sheet: WriteOnlyWorksheet | None = None
    used = count = sheets = 0

    def next_sheet() -> WriteOnlyWorksheet:
        nonlocal sheets, used
        sheets += 1
        new = workbook.create_sheet(title=_sheet_title(title, sheets))
        new.append([sheet_cell(new, str(name), font=bold) for name in header])
        used = 1
        return new

    for row in rows:
        if sheet is None or used >= max_rows:
            sheet = next_sheet()
        sheet.append([_table_cell(sheet, value) for value in row])
        used += 1
        count += 1
    if sheet is None:
        next_sheet()
    workbook.save(target)
    return count


def _table_cell(sheet: WriteOnlyWorksheet, value: object) -> Any:
    if isinstance(value, datetime):
        # Excel keeps no time zone: a local time (clock.to_local) is written as the wall-clock time it shows.
        return sheet_cell(sheet, value.replace(tzinfo=None), number_format="dd/mm/yyyy hh:mm")
    if isinstance(value, date):
        return sheet_cell(sheet, value, number_format="dd/mm/yyyy")
    if value is None:
        return None
    if not isinstance(value, int | float | str):
        value = str(value)  # a lazy label, a Decimal: as the page shows it
    return sheet_cell(sheet, value)
