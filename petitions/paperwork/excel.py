"""Registers as Excel workbooks (openpyxl write-only): official header, column numbers, A4 landscape.

One writer for every register printed in the state layout (the reception book, the letter register):
the columns, their groups and number formats come from the register's BookLayout."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties

from petitions.paperwork.book import BOOK_TITLE, BookHeading, BookLayout, BookRow
from petitions.spreadsheets import new_workbook, sheet_cell, sheet_font, workbook_bytes

# Row numbers of the sheet's fixed parts (1-based): data starts after the column-number row.
HEADER_FIRST_ROW = 6
COLUMN_NUMBER_ROW = 8
FIRST_DATA_ROW = 9
_WIDTH_PER_WEIGHT = 11.5  # Excel character widths per unit of a column's weight

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
PAPERSIZE_A4 = "9"  # the OOXML paper-size code of A4
R = TypeVar("R")


def _cell(
    ws: WriteOnlyWorksheet,
    value: object,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 11,
    align: Alignment = _WRAP_CENTER,
    border: bool = True,
    fmt: str | None = None,
) -> WriteOnlyCell:
    return sheet_cell(
        ws,
        value,
        font=sheet_font(size, bold=bold, italic=italic),
        alignment=align,
        border=_BOX if border else None,
        number_format=fmt,
    )


def _blank_row(ws: WriteOnlyWorksheet, count: int) -> list[WriteOnlyCell]:
    return [_cell(ws, None, border=False) for _ in range(count)]


def book_workbook(heading: BookHeading, rows: Iterable[BookRow]) -> bytes:
    """The book as .xlsx bytes in the layout of its dates. BookSpansGenerations across a change of
    form, as the PDF."""
    return register_workbook(BOOK_TITLE, heading, heading.layout, rows, sheet_title="Sổ tiếp công dân")


def register_workbook(
    title: str, heading: BookHeading, layout: BookLayout[R], rows: Iterable[R], *, sheet_title: str
) -> bytes:
    """A register as .xlsx bytes: rows are streamed (write-only), so a year's register stays in small
    memory; text cells go through petitions.spreadsheets (never a live formula)."""
    n_columns = len(layout.columns)
    last = get_column_letter(n_columns)
    spans = layout.group_spans()
    wb = new_workbook()
    ws = wb.create_sheet(title=sheet_title)

    # Column widths, merges and print setup must be set before the first row is written.
    for index, weight in enumerate(layout.weights, start=1):
        ws.column_dimensions[get_column_letter(index)].width = round(weight * _WIDTH_PER_WEIGHT, 1)
    code_column = n_columns - 4  # the form code sits over the last four columns
    merges = [
        "A1:E1",
        "A2:E2",
        f"{get_column_letter(code_column + 1)}1:{last}1",
        f"A4:{last}4",
        f"A5:{last}5",
    ]
    first, second = HEADER_FIRST_ROW, HEADER_FIRST_ROW + 1
    grouped = {index for _, start, end in spans for index in range(start, end + 1)}
    merges += [
        f"{get_column_letter(c + 1)}{first}:{get_column_letter(c + 1)}{second}"
        for c in range(n_columns)
        if c not in grouped
    ]
    merges += [
        f"{get_column_letter(start + 1)}{first}:{get_column_letter(end + 1)}{first}"
        for _, start, end in spans
    ]
    if heading.session_label:
        merges.append(f"A3:{last}3")
    for ref in merges:
        ws.merged_cells.add(CellRange(ref))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the book needs
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left, ws.page_margins.right = 0.6, 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.6
    ws.print_title_rows = f"{HEADER_FIRST_ROW}:{COLUMN_NUMBER_ROW}"  # the header repeats on each page
    ws.oddFooter.center.text = "Trang &P/&N"

    row1 = _blank_row(ws, n_columns)
    row1[0] = _cell(ws, heading.parent_body.upper(), size=12, border=False)
    row1[code_column] = _cell(
        ws, layout.form_code, bold=True, size=12, align=Alignment(horizontal="right"), border=False
    )
    ws.append(row1)
    row2 = _blank_row(ws, n_columns)
    row2[0] = _cell(ws, heading.issuing_body.upper(), bold=True, size=12, border=False)
    ws.append(row2)
    row3 = _blank_row(ws, n_columns)
    if heading.session_label:
        row3[0] = _cell(ws, heading.session_label, italic=True, size=12, border=False)
    ws.append(row3)
    title_row = _blank_row(ws, n_columns)
    title_row[0] = _cell(ws, title.upper(), bold=True, size=14, border=False)
    ws.append(title_row)
    period = _blank_row(ws, n_columns)
    period[0] = _cell(ws, heading.period_line(), italic=True, size=12, border=False)
    ws.append(period)

    top = [_cell(ws, None, bold=True) for _ in range(n_columns)]
    bottom = [_cell(ws, None, bold=True) for _ in range(n_columns)]
    for index, text in enumerate(layout.titles):
        target = bottom if index in grouped else top
        target[index] = _cell(ws, text, bold=True)
    for group, start, _end in spans:
        top[start] = _cell(ws, group, bold=True)
    ws.append(top)
    ws.append(bottom)
    ws.append([_cell(ws, text, italic=True) for text in layout.column_numbers])

    aligns = [_WRAP_LEFT if a == "LEFT" else _WRAP_CENTER for a in layout.align]
    formats = [column.number_format for column in layout.columns]
    for row in rows:
        ws.append(
            [
                _cell(ws, value, align=aligns[index], fmt=formats[index])
                for index, value in enumerate(layout.cells(row))
            ]
        )
    return workbook_bytes(wb)
