"""A computed form as an Excel workbook (openpyxl, write-only): official header, merged cells, MS row.

The sheet prints landscape A4, one page wide, with the header rows repeated on every page.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from petitions.domain.statistics import FigureKind
from petitions.printing import Signer
from petitions.reports.outputs import PREPARER, ReportDocument, header_depth, placed_header
from petitions.spreadsheets import new_workbook, sheet_cell, sheet_font, workbook_bytes

NUMBER_FORMAT = "#,##0"
# Money (million VND, to the thousand VND) and land (m², to the hundredth) are numeric cells holding the exact
# Decimal; the format shows their stored places, with the separators of the reader's locale.
NUMBER_FORMATS = {FigureKind.COUNT: NUMBER_FORMAT, FigureKind.MONEY: "#,##0.000", FigureKind.LAND: "#,##0.00"}
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")

UNIT_WIDTH = 30
NUMBER_WIDTH = 6.5
NOTE_WIDTH = 14


def _cell(
    ws: Worksheet,
    value: object,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 11,
    align: Alignment | None = None,
    border: bool = False,
    number: bool = False,
    kind: FigureKind = FigureKind.COUNT,
) -> WriteOnlyCell:
    return sheet_cell(
        ws,
        value,
        font=sheet_font(size, bold=bold, italic=italic),
        alignment=align,
        border=BOX if border else None,
        number_format=NUMBER_FORMATS[kind] if number else None,
    )


def _merge(ws: Worksheet, row: int, col: int, last_row: int, last_col: int) -> None:
    if (row, col) != (last_row, last_col):
        ws.merged_cells.add(f"{get_column_letter(col)}{row}:{get_column_letter(last_col)}{last_row}")


def render_xlsx(document: ReportDocument) -> bytes:
    """The workbook's bytes (the sums are verified first: an inconsistent form raises)."""
    return render_set_xlsx((document,))


def render_set_xlsx(documents: Sequence[ReportDocument]) -> bytes:
    """One sheet per form, in order (every form verified first: an inconsistent one raises)."""
    for document in documents:
        document.table.verify()
    wb = new_workbook()
    for document in documents:
        _write_sheet(wb, document)
    return workbook_bytes(wb)


def _write_sheet(wb: Workbook, document: ReportDocument) -> None:
    table = document.table.verify()
    form = table.form
    n_cols = len(form.columns) + 1
    ws = wb.create_sheet(form.code.replace("/", "-"))

    ws.column_dimensions["A"].width = UNIT_WIDTH
    for column in form.columns:
        width = NUMBER_WIDTH if column.is_numeric else NOTE_WIDTH
        ws.column_dimensions[get_column_letter(column.number + 1)].width = width

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True

    right_span = 8  # "Biểu số" sits over the last columns
    left_span = n_cols - right_span
    row = 1
    ws.append(
        [
            _cell(ws, document.parent_body.upper(), size=12, align=LEFT),
            *([None] * (left_span - 1)),
            _cell(ws, document.form_code_line, bold=True, size=12, align=RIGHT),
        ]
    )
    _merge(ws, row, 1, row, left_span)
    _merge(ws, row, left_span + 1, row, n_cols)
    row += 1
    ws.append([_cell(ws, document.issuing_body.upper(), bold=True, size=12, align=LEFT)])
    _merge(ws, row, 1, row, left_span)
    row += 1
    ws.append([])
    row += 1
    lines = [  # (text, bold: the title is bold, the subtitles italic, size)
        (form.title.upper(), True, 14),
        *((line, False, 12) for line in document.subtitle_lines),  # window, [as of], attachment
    ]
    for text, bold, size in lines:
        ws.append([_cell(ws, text, align=CENTRE, bold=bold, italic=not bold, size=size)])
        _merge(ws, row, 1, row, n_cols)
        row += 1
    ws.append([_cell(ws, document.generation_line, italic=True, size=10, align=RIGHT)])
    _merge(ws, row, 1, row, n_cols)
    row += 1

    header_top = row
    depth = header_depth(form)
    grid: dict[tuple[int, int], str] = {}
    for cell in placed_header(form):
        grid[(cell.row, cell.col)] = cell.text
        _merge(
            ws,
            header_top + cell.row,
            cell.col + 1,
            header_top + cell.row + cell.rowspan - 1,
            cell.col + cell.colspan,
        )
    for r in range(depth):
        ws.append(
            [
                _cell(ws, grid.get((r, c)), bold=True, size=10, align=CENTRE, border=True)
                for c in range(n_cols)
            ]
        )
    row += depth
    ws.append(
        [
            _cell(
                ws, text if c == 0 else int(text), italic=True, bold=True, size=10, align=CENTRE, border=True
            )
            for c, text in enumerate(table.column_number_row)
        ]
    )
    ws.print_title_rows = f"{header_top}:{row}"
    row += 1

    for data in table.all_rows:
        cells = [_cell(ws, data.label, bold=data.is_total, size=11, align=LEFT, border=True)]
        for column in form.columns:
            if column.is_numeric:
                cells.append(
                    _cell(
                        ws,
                        data.value(column.number),
                        bold=data.is_total,
                        size=11,
                        align=CENTRE,
                        border=True,
                        number=True,
                        kind=column.kind or FigureKind.COUNT,
                    )
                )
            else:
                cells.append(_cell(ws, data.note or None, size=10, align=LEFT, border=True))
        ws.append(cells)
        row += 1

    if document.closing_paragraphs:
        ws.append([])
        row += 1
    for paragraph in document.closing_paragraphs:
        ws.append([_cell(ws, paragraph, size=12, align=LEFT)])
        _merge(ws, row, 1, row, n_cols)
        row += 1

    if document.signer is not None:
        _signature_rows(ws, document.signer, document.place_date_line, row, n_cols)


def _signature_rows(ws: Worksheet, signer: Signer, place_date: str, row: int, n_cols: int) -> None:
    """The preparer's block on the left, the place/date line over the head's block on the right (as the PDF)."""
    half = n_cols // 2
    signature = signer.signature_text()
    preparer = PREPARER.signature_text()
    left = [*preparer.authority_lines, preparer.hint]
    right = [place_date, *signature.authority_lines]
    ws.append([])
    row += 1
    for index in range(max(len(left), len(right))):
        cells: list[object] = [None] * n_cols
        if index < len(left) and left[index]:
            cells[0] = _cell(ws, left[index], bold=index == 0, italic=index > 0, size=12, align=CENTRE)
        if index < len(right) and right[index]:
            cells[half] = _cell(ws, right[index], bold=index > 0, italic=index == 0, size=12, align=CENTRE)
        ws.append(cells)
        _merge(ws, row, 1, row, half)
        _merge(ws, row, half + 1, row, n_cols)
        row += 1
    for _ in range(4):  # room to sign and seal
        ws.append([])
        row += 1
    cells = [None] * n_cols
    cells[half] = _cell(ws, signature.name, bold=True, size=12, align=CENTRE)
    ws.append(cells)
    _merge(ws, row, half + 1, row, n_cols)
