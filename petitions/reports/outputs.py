"""A computed form as a printable document: the PDF (printing engine), the JSON figures, the header grid.

Every output verifies the form's printed sums first: an inconsistent form raises InconsistentForm
(naming the failing sums) and nothing is produced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from petitions.domain.periods import format_day, generation_note
from petitions.domain.statistics import FigureKind, FormDefinition, HeaderGroup, ReportTable, exact_text
from petitions.printing import HeaderCell, Signer, TableReportSpec, format_place_date, render_table_report

ATTACHMENT_BLANK = "(Kèm theo Báo cáo số: ……… ngày ……/……/……… của ………………)"
UNIT_COLUMN_WEIGHT = 3.2
NOTE_COLUMN_WEIGHT = 0.85
# 31 columns on the landscape A4 text block (297 mm less the Decree's 30 mm left and 15 mm right
# margins), 1.5 pt cell padding: at 7 pt (the legible minimum) "Người", "Nhiều lần" and five-digit
# figures fit a numeric column without breaking inside a word; 7.5 pt broke "Ngườ/i".
TABLE_FONT_SIZE = 7
PREPARER = Signer(position="Người lập biểu", name="", hint="(Ký, ghi rõ họ tên)")


@dataclass(frozen=True)
class ReportDocument:
    """A verified table with what its heading and text need."""

    table: ReportTable
    issuing_body: str
    parent_body: str = ""
    narrative: str | None = None
    attachment_line: str = ATTACHMENT_BLANK
    place: str = ""  # the địa danh of the date line (the agency's data)
    signed_on: date | None = None  # the day the form is printed for signature
    signer: Signer | None = None  # the head's block (the agency's officials and signing rules)
    data_until: date | None = None  # a window not yet closed: figures are as of this day

    @property
    def form(self) -> FormDefinition:
        return self.table.form

    @property
    def form_code_line(self) -> str:
        return f"Bảng nội bộ: {self.form.code}" if self.form.internal else f"Biểu số: {self.form.code}"

    @property
    def subtitle_lines(self) -> tuple[str, ...]:
        lines = [self.table.period.window_line]
        if self.as_of_line:
            lines.append(self.as_of_line)
        if not self.form.internal:  # an office's own table is attached to no báo cáo
            lines.append(self.attachment_line)
        return tuple(lines)

    @property
    def notes_lines(self) -> tuple[str, ...]:
        """The form's counting decisions, printed after the table (empty for a form without any)."""
        notes = self.form.counting_notes
        if not notes:
            return ()
        return ("Ghi chú cách tính:", *(f"{i}. {note}" for i, note in enumerate(notes, start=1)))

    @property
    def closing_paragraphs(self) -> tuple[str, ...]:
        """After the table: the report's sentence, if any, then the counting notes."""
        return ((self.narrative,) if self.narrative else ()) + self.notes_lines

    @property
    def as_of_line(self) -> str:
        """'(Số liệu tính đến ngày 06/12/2026)' while the window has not closed; empty afterwards."""
        if self.data_until is None or self.data_until >= self.table.period.end:
            return ""
        return f"(Số liệu tính đến ngày {format_day(self.data_until)})"

    @property
    def place_date_line(self) -> str:
        if self.signed_on is None:
            return ""
        return format_place_date(self.place or "……", self.signed_on)

    @property
    def generation_line(self) -> str:
        """Which circular's layout this is, with the label of windows older than the layouts modelled."""
        text = f"Mẫu theo {self.form.generation.value}"
        if self.form.internal:  # the office's own table: no circular's layout
            text = "Bảng nội bộ, không phải biểu mẫu báo cáo theo thông tư"
        if self.form.note:  # e.g. a TT 02/2021 layout printed for a later window: "mẫu chưa xác nhận"
            text = f"{text} ({self.form.note})"
        note = generation_note(self.table.period.end)
        return f"{text}. {note}" if note else text


# ------------------------------------------------------------------------------------------ header grid


def _depth(node: HeaderGroup | int) -> int:
    if isinstance(node, int):
        return 0
    return 1 + max(_depth(child) for child in node.children)


def _width(node: HeaderGroup | int) -> int:
    if isinstance(node, int):
        return 1
    return sum(_width(child) for child in node.children)


def _is_leaf_group(node: HeaderGroup) -> bool:
    return all(isinstance(child, int) for child in node.children)


@dataclass(frozen=True)
class PlacedHeader:
    """A header cell on the grid: 0-based row and column of its top-left corner, and its spans."""

    text: str
    row: int
    col: int
    rowspan: int
    colspan: int


def header_depth(form: FormDefinition) -> int:
    return max(_depth(node) for node in form.header)


def placed_header(form: FormDefinition) -> tuple[PlacedHeader, ...]:
    """The form's header as spanning cells; column 0 is the unit column, column n is the form's (n)."""
    depth = header_depth(form)
    cells = [PlacedHeader(form.unit_heading, 0, 0, depth, 1)]

    def walk(nodes: Iterable[HeaderGroup | int], level: int, col: int) -> None:
        for node in nodes:
            if isinstance(node, int):
                raise ValueError(f"{form.code}: column ({node}) has no header label")
            if _is_leaf_group(node):
                cells.append(PlacedHeader(node.label, level, col, depth - level, _width(node)))
            else:
                cells.append(PlacedHeader(node.label, level, col, 1, _width(node)))
                walk(node.children, level + 1, col)
            col += _width(node)

    walk(form.header, 0, 1)
    return tuple(cells)


def header_rows(form: FormDefinition) -> tuple[tuple[HeaderCell, ...], ...]:
    """The header for the printing engine: each row's cells left to right."""
    placed = placed_header(form)
    return tuple(
        tuple(
            HeaderCell(cell.text, colspan=cell.colspan, rowspan=cell.rowspan)
            for cell in sorted((c for c in placed if c.row == row), key=lambda c: c.col)
        )
        for row in range(header_depth(form))
    )


# ---------------------------------------------------------------------------------------------- cells


def row_cells(table: ReportTable) -> tuple[tuple[str, ...], ...]:
    """Every printed row (units, then the total) as strings: name, figures (money and land in the
    Vietnamese format, exact), note."""
    out = []
    for row in table.all_rows:
        cells = [row.label]
        for column in table.form.columns:
            cells.append(table.cell_text(row, column))
        out.append(tuple(cells))
    return tuple(out)


def pdf_spec(document: ReportDocument) -> TableReportSpec:
    """The printing engine's specification for the form (verifies the sums first)."""
    table = document.table.verify()
    form = table.form
    weights = [UNIT_COLUMN_WEIGHT, *(1.0 if c.is_numeric else NOTE_COLUMN_WEIGHT for c in form.columns)]
    align = ["LEFT", *("CENTER" if c.is_numeric else "LEFT" for c in form.columns)]
    return TableReportSpec(
        title=form.title,
        header_rows=header_rows(form),
        rows=row_cells(table),
        issuing_body=document.issuing_body,
        parent_body=document.parent_body,
        form_code=document.form_code_line,
        subtitle_lines=document.subtitle_lines,
        unit_note=document.generation_line,
        col_weights=tuple(weights),
        column_numbers=table.column_number_row,
        bold_rows=(-1,),
        align=tuple(align),
        font_size=TABLE_FONT_SIZE,
        cell_padding=1.5,
        closing_paragraphs=document.closing_paragraphs,
        place_date=document.place_date_line,
        signer=document.signer,
        preparer=PREPARER if document.signer is not None else None,
    )


def render_pdf(document: ReportDocument) -> bytes:
    """Landscape A4 PDF of the form (identical bytes for identical figures)."""
    return render_table_report(pdf_spec(document))


# ----------------------------------------------------------------------------------------------- json


def to_json(document: ReportDocument) -> dict[str, Any]:
    """Column number → figure for every unit row and for the total, with the period and the form.

    Counts are JSON integers; money (million VND) and land (m²) are exact decimal strings at their stored
    places ("1234.500"), named by "kinds", so no consumer reads them through a binary float."""
    table = document.table.verify()
    period = table.period

    def figures(row_values: Any) -> dict[str, int | str]:
        return {
            str(c.number): exact_text(row_values[c.number], c.kind or FigureKind.COUNT)
            for c in table.form.numeric_columns
        }

    return {
        "form": table.form.code,
        "generation": table.form.generation.value,
        "note": table.form.note,  # e.g. "mẫu chưa xác nhận": a TT 02/2021 layout printed for a later window
        "internal": table.form.internal,  # an office's own table, not a form of the circulars
        "title": table.form.title,
        "issuing_body": document.issuing_body,
        "period": {
            "code": period.code,
            "label": period.label,
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "window": f"{format_day(period.start)} – {format_day(period.end)}",
        },
        "columns": {str(c.number): c.label for c in table.form.columns},
        "kinds": {str(c.number): c.kind.value for c in table.form.numeric_columns if c.kind is not None},
        "check_sums": [check.text for check in table.form.check_sums],
        "rows": [
            {"unit": row.unit, "name": row.label, "figures": figures(row.values), "note": row.note}
            for row in table.rows
        ],
        "total": {"name": table.total.label, "figures": figures(table.total.values)},
        "narrative": document.narrative,
        "notes": list(table.form.counting_notes),
    }


def json_bytes(document: ReportDocument) -> bytes:
    return (json.dumps(to_json(document), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
