"""The reception book (Sổ tiếp công dân): its column layouts per legal generation, plain rows, its PDF table.

One visit is one row. The book is a restricted register: it prints full ID numbers; a denunciation's
row carries the identity only when the reader is cleared (the query fills the vault reference instead).

The columns are data (`BookLayout`), chosen by the visit date like every other form (DOMAIN §0):
- visits before 01/07/2026: Thông tư 04/2021/TT-TTCP, Mẫu số 03 — read in a secondary copy
  (hoatieu.vn, "Sổ tiếp công dân - Mẫu số 03 kèm theo Thông tư 04/2021/TT-TTCP"): STT, Ngày tiếp,
  Họ tên - Địa chỉ, CMND/Hộ chiếu, Nội dung vụ việc, Phân loại đơn/Số người, Cơ quan đã giải quyết,
  Hướng xử lý (Thụ lý để giải quyết / Trả lại đơn và hướng dẫn / Chuyển đơn đến cơ quan, tổ chức, đơn
  vị có thẩm quyền), Theo dõi kết quả giải quyết, Ghi chú — twelve columns (tbc against the official text);
- visits from 01/07/2026: Nghị định 154/2026/NĐ-CP, Mẫu 03/TCD as DOMAIN.md §2 lists it (the text
  itself could not be found: tbc).

A book whose range spans 01/07/2026 is refused (`BookSpansGenerations`): one printed book is one form,
with one heading, one period line and one column set; the office prints the two parts separately
(the message names both ranges), as it keeps two physical books across a change of form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from petitions.domain.types import DomainError
from petitions.printing import HeaderCell, TableReportSpec, render_table_report
from petitions.printing.templates import NEW_RECEPTION_RULES_FROM

BOOK_TITLE = "Sổ tiếp công dân"
COMPETENCE_MARK = "×"
EMPTY_BOOK_NOTE = "Không có lượt tiếp công dân nào trong thời gian này."

Value = str | int | date
R = TypeVar("R")
DATE_FORMAT = "DD/MM/YYYY"  # Excel's number format of a date column
TEXT_FORMAT = "@"  # Excel's text format: an ID number keeps its leading zeros


@dataclass(frozen=True)
class BookRow:
    """One visit as the book records it, whatever the layout that prints it."""

    number: int  # số thứ tự in the year's book
    visited_on: date
    name_address: str  # họ tên, địa chỉ
    id_number: str  # số định danh cá nhân / giấy tờ
    summary: str  # tóm tắt nội dung
    classification: str  # KN / TC / KNPA
    persons: int  # số người cùng nội dung
    resolved_by: str  # cơ quan đã giải quyết
    within_competence: bool  # thuộc thẩm quyền (×)
    guided: str  # hướng dẫn: nơi, số văn bản
    forwarded: str  # chuyển đơn: nơi, số văn bản
    follow_up: str  # theo dõi kết quả
    refusal: str = ""  # the short refusal entry: "Từ chối tiếp (Đ9.3); TB số 01/TB-BTCD"


@dataclass(frozen=True)
class BookColumn(Generic[R]):
    """One printed column of a register (the reception book, the letter register): its title, how a
    row fills it, its width weight and alignment, and its Excel number format (dates, text IDs).

    ``group`` is the spanning header over consecutive columns ("Hướng xử lý"); empty for a column
    whose title spans both header rows.
    """

    title: str
    value: Callable[[R], Value]
    weight: float
    align: str = "CENTER"
    group: str = ""
    number_format: str | None = None


@dataclass(frozen=True)
class BookLayout(Generic[R]):
    """One generation of a register's form: code label, legal source, validity and columns."""

    form_code: str
    source: str
    columns: tuple[BookColumn[R], ...]
    valid_from: date | None = None
    valid_to: date | None = None  # inclusive

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(column.title for column in self.columns)

    @property
    def column_numbers(self) -> tuple[str, ...]:
        return tuple(f"({n})" for n in range(1, len(self.columns) + 1))

    @property
    def weights(self) -> tuple[float, ...]:
        return tuple(column.weight for column in self.columns)

    @property
    def align(self) -> tuple[str, ...]:
        return tuple(column.align for column in self.columns)

    def group_spans(self) -> tuple[tuple[str, int, int], ...]:
        """(group title, first index, last index) of each spanning header, left to right."""
        spans: list[tuple[str, int, int]] = []
        for index, column in enumerate(self.columns):
            if not column.group:
                continue
            if spans and spans[-1][0] == column.group and spans[-1][2] == index - 1:
                spans[-1] = (column.group, spans[-1][1], index)
            else:
                spans.append((column.group, index, index))
        return tuple(spans)

    def header_rows(self) -> tuple[tuple[str | HeaderCell, ...], ...]:
        """Two header rows: grouped columns under their group, the others spanning both rows."""
        starts = {first: (title, last - first + 1) for title, first, last in self.group_spans()}
        top: list[str | HeaderCell] = []
        bottom: list[str | HeaderCell] = []
        for index, column in enumerate(self.columns):
            if column.group:
                if index in starts:
                    title, width = starts[index]
                    top.append(HeaderCell(title, colspan=width))
                bottom.append(column.title)
            else:
                top.append(HeaderCell(column.title, rowspan=2))
        return (tuple(top), tuple(bottom))

    def cells(self, row: R) -> tuple[Value, ...]:
        """The row's values in column order (a date stays a date: Excel stores it as one)."""
        return tuple(column.value(row) for column in self.columns)

    def printed(self, row: R) -> tuple[str, ...]:
        """The row's values as printed text."""
        return tuple(f"{v:%d/%m/%Y}" if isinstance(v, date) else str(v) for v in self.cells(row))


def _mark(flag: bool) -> str:
    return COMPETENCE_MARK if flag else ""


def _joined(*parts: str) -> str:
    return "; ".join(part.strip() for part in parts if part and part.strip())


HANDLING = "Hướng xử lý"

# Thông tư 04/2021/TT-TTCP, Mẫu số 03 (visits before 01/07/2026). The refusal entry goes to (12) Ghi chú.
LAYOUT_2021: BookLayout[BookRow] = BookLayout(
    form_code="Mẫu số 03",
    source="Thông tư 04/2021/TT-TTCP, Mẫu số 03 (tbc)",
    valid_to=NEW_RECEPTION_RULES_FROM - timedelta(days=1),
    columns=(
        BookColumn("STT", lambda r: r.number, 0.7),
        BookColumn("Ngày tiếp", lambda r: r.visited_on, 1.35, number_format=DATE_FORMAT),
        BookColumn("Họ tên - Địa chỉ", lambda r: r.name_address, 2.3, "LEFT"),
        BookColumn("CMND/Hộ chiếu của công dân", lambda r: r.id_number, 1.55, number_format=TEXT_FORMAT),
        BookColumn("Nội dung vụ việc", lambda r: r.summary, 2.8, "LEFT"),
        BookColumn("Phân loại đơn/Số người", lambda r: f"{r.classification}/{r.persons}", 1.0),
        BookColumn("Cơ quan đã giải quyết", lambda r: r.resolved_by, 1.4, "LEFT"),
        BookColumn("Thụ lý để giải quyết", lambda r: _mark(r.within_competence), 0.9, group=HANDLING),
        BookColumn("Trả lại đơn và hướng dẫn", lambda r: r.guided, 1.5, "LEFT", HANDLING),
        BookColumn(
            "Chuyển đơn đến cơ quan, tổ chức, đơn vị có thẩm quyền",
            lambda r: r.forwarded,
            1.6,
            "LEFT",
            HANDLING,
        ),
        BookColumn("Theo dõi kết quả giải quyết", lambda r: r.follow_up, 1.4, "LEFT"),
        BookColumn("Ghi chú", lambda r: r.refusal, 1.3, "LEFT"),
    ),
)

# Nghị định 154/2026/NĐ-CP, Mẫu 03/TCD (visits from 01/07/2026; DOMAIN §2, tbc). The refusal entry
# goes to (12), the follow-up column, after any follow-up note.
LAYOUT_2026: BookLayout[BookRow] = BookLayout(
    form_code="Mẫu số 03/TCD",
    source="Nghị định 154/2026/NĐ-CP, Mẫu 03/TCD (tbc)",
    valid_from=NEW_RECEPTION_RULES_FROM,
    columns=(
        BookColumn("STT", lambda r: r.number, 0.7),
        BookColumn("Ngày tiếp", lambda r: r.visited_on, 1.35, number_format=DATE_FORMAT),
        BookColumn("Họ tên, địa chỉ", lambda r: r.name_address, 2.3, "LEFT"),
        BookColumn(
            "Số định danh cá nhân/ giấy tờ tùy thân", lambda r: r.id_number, 1.55, number_format=TEXT_FORMAT
        ),
        BookColumn("Tóm tắt nội dung vụ việc", lambda r: r.summary, 2.8, "LEFT"),
        BookColumn("Phân loại (KN, TC, KNPA)", lambda r: r.classification, 0.95),
        BookColumn("Số người cùng nội dung", lambda r: r.persons, 0.8),
        BookColumn("Cơ quan, đơn vị đã giải quyết", lambda r: r.resolved_by, 1.4, "LEFT"),
        BookColumn("Thuộc thẩm quyền", lambda r: _mark(r.within_competence), 0.9, group=HANDLING),
        BookColumn("Hướng dẫn (nơi, số văn bản)", lambda r: r.guided, 1.55, "LEFT", HANDLING),
        BookColumn("Chuyển đơn (nơi, số văn bản)", lambda r: r.forwarded, 1.55, "LEFT", HANDLING),
        BookColumn("Theo dõi kết quả giải quyết", lambda r: _joined(r.follow_up, r.refusal), 1.5, "LEFT"),
    ),
)

BOOK_LAYOUTS: tuple[BookLayout[BookRow], ...] = (LAYOUT_2021, LAYOUT_2026)


class BookSpansGenerations(DomainError):
    """The range runs across a change of the book's form: print each part on its own."""


def layout_for(day: date) -> BookLayout[BookRow]:
    """The layout in force for a visit on ``day``."""
    return next(layout for layout in BOOK_LAYOUTS if layout.is_valid_on(day))


def book_layout(date_from: date, date_to: date) -> BookLayout[BookRow]:
    """The one layout of a book from ``date_from`` to ``date_to``; refused across a change of form."""
    first, last = layout_for(date_from), layout_for(date_to)
    if first is last:
        return first
    end = first.valid_to or date_to
    raise BookSpansGenerations(
        f"Từ ngày {NEW_RECEPTION_RULES_FROM:%d/%m/%Y} sổ tiếp công dân theo mẫu mới ({last.form_code}); "
        "mỗi lần in chỉ một mẫu sổ. Vui lòng in riêng hai phần: từ ngày "
        f"{date_from:%d/%m/%Y} đến ngày {end:%d/%m/%Y} và từ ngày "
        f"{end + timedelta(days=1):%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}."
    )


@dataclass(frozen=True)
class BookHeading:
    """Who keeps the book and which stretch of it is printed."""

    issuing_body: str
    date_from: date
    date_to: date
    parent_body: str = ""
    session_label: str = ""  # "Kỳ tiếp định kỳ ngày 15/07/2026 của Chủ tịch UBND tỉnh"

    @property
    def layout(self) -> BookLayout[BookRow]:
        """The form of this stretch of the book (BookSpansGenerations across 01/07/2026)."""
        return book_layout(self.date_from, self.date_to)

    def period_line(self) -> str:
        """'(Từ ngày 01/07/2026 đến ngày 31/07/2026)'."""
        return f"(Từ ngày {self.date_from:%d/%m/%Y} đến ngày {self.date_to:%d/%m/%Y})"

    def subtitle_lines(self) -> tuple[str, ...]:
        return (self.session_label, self.period_line()) if self.session_label else (self.period_line(),)


def register_spec(
    title: str, heading: BookHeading, layout: BookLayout[R], rows: Sequence[R], *, empty_note: str
) -> TableReportSpec:
    """A register (a book of rows under a form's columns) as a landscape A4 table with its column-number
    row; the header repeats on each page. ``empty_note`` is printed when the range holds no row."""
    return TableReportSpec(
        title=title,
        parent_body=heading.parent_body,
        issuing_body=heading.issuing_body,
        form_code=layout.form_code,
        subtitle_lines=heading.subtitle_lines(),
        unit_note="" if rows else empty_note,
        header_rows=layout.header_rows(),
        rows=tuple(layout.printed(row) for row in rows),
        col_weights=layout.weights,
        column_numbers=layout.column_numbers,
        align=layout.align,
        font_size=9,
    )


def book_spec(heading: BookHeading, rows: Sequence[BookRow]) -> TableReportSpec:
    """The reception book as a landscape A4 table (register_spec in the layout of its dates)."""
    return register_spec(BOOK_TITLE, heading, heading.layout, rows, empty_note=EMPTY_BOOK_NOTE)


def book_pdf(heading: BookHeading, rows: Sequence[BookRow]) -> bytes:
    """The book as PDF bytes (reproducible)."""
    return render_table_report(book_spec(heading, rows))
