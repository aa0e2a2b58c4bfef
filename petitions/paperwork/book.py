"""The reception book (Sổ tiếp công dân, Mẫu 03/TCD): the 12 official columns as plain rows, and its PDF table.

One visit is one row. The book is a restricted register: it prints full ID numbers; a denunciation's
row carries the identity only when the reader is cleared (the query fills the vault reference instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from petitions.printing import HeaderCell, TableReportSpec, render_table_report

BOOK_TITLE = "Sổ tiếp công dân"
BOOK_FORM_CODE = "Mẫu số 03/TCD"
COMPETENCE_MARK = "×"
EMPTY_BOOK_NOTE = "Không có lượt tiếp công dân nào trong thời gian này."


@dataclass(frozen=True)
class BookRow:
    """One visit as the book prints it (columns (1)–(12))."""

    number: int  # (1) số thứ tự in the year's book
    visited_on: date  # (2)
    name_address: str  # (3) họ tên, địa chỉ
    id_number: str  # (4) số định danh cá nhân / giấy tờ
    summary: str  # (5) tóm tắt nội dung
    classification: str  # (6) KN / TC / KNPA
    persons: int  # (7) số người cùng nội dung
    resolved_by: str  # (8) cơ quan đã giải quyết
    within_competence: bool  # (9) thuộc thẩm quyền (×)
    guided: str  # (10) hướng dẫn: nơi, số văn bản
    forwarded: str  # (11) chuyển đơn: nơi, số văn bản
    follow_up: str  # (12) theo dõi kết quả

    def cells(self) -> tuple[str | int | date, ...]:
        """The 12 values in column order (a date stays a date: Excel stores it as one)."""
        return (
            self.number,
            self.visited_on,
            self.name_address,
            self.id_number,
            self.summary,
            self.classification,
            self.persons,
            self.resolved_by,
            COMPETENCE_MARK if self.within_competence else "",
            self.guided,
            self.forwarded,
            self.follow_up,
        )

    def printed(self) -> tuple[str, ...]:
        """The 12 values as printed text."""
        return tuple(f"{v:%d/%m/%Y}" if isinstance(v, date) else str(v) for v in self.cells())


@dataclass(frozen=True)
class BookHeading:
    """Who keeps the book and which stretch of it is printed."""

    issuing_body: str
    date_from: date
    date_to: date
    parent_body: str = ""
    session_label: str = ""  # "Kỳ tiếp định kỳ ngày 15/07/2026 của Chủ tịch UBND tỉnh"

    def period_line(self) -> str:
        """'(Từ ngày 01/07/2026 đến ngày 31/07/2026)'."""
        return f"(Từ ngày {self.date_from:%d/%m/%Y} đến ngày {self.date_to:%d/%m/%Y})"

    def subtitle_lines(self) -> tuple[str, ...]:
        return (self.session_label, self.period_line()) if self.session_label else (self.period_line(),)


# Two header rows: "Hướng xử lý" spans columns (9)–(11).
BOOK_HEADER: tuple[tuple[str | HeaderCell, ...], ...] = (
    (
        HeaderCell("STT", rowspan=2),
        HeaderCell("Ngày tiếp", rowspan=2),
        HeaderCell("Họ tên, địa chỉ", rowspan=2),
        HeaderCell("Số định danh cá nhân/ giấy tờ tùy thân", rowspan=2),
        HeaderCell("Tóm tắt nội dung vụ việc", rowspan=2),
        HeaderCell("Phân loại (KN, TC, KNPA)", rowspan=2),
        HeaderCell("Số người cùng nội dung", rowspan=2),
        HeaderCell("Cơ quan, đơn vị đã giải quyết", rowspan=2),
        HeaderCell("Hướng xử lý", colspan=3),
        HeaderCell("Theo dõi kết quả giải quyết", rowspan=2),
    ),
    ("Thuộc thẩm quyền", "Hướng dẫn (nơi, số văn bản)", "Chuyển đơn (nơi, số văn bản)"),
)
BOOK_COLUMN_NUMBERS = tuple(f"({n})" for n in range(1, 13))
BOOK_COLUMN_WEIGHTS = (0.7, 1.35, 2.3, 1.55, 2.8, 0.95, 0.8, 1.4, 0.9, 1.55, 1.55, 1.5)
BOOK_ALIGN = (
    "CENTER",
    "CENTER",
    "LEFT",
    "CENTER",
    "LEFT",
    "CENTER",
    "CENTER",
    "LEFT",
    "CENTER",
    "LEFT",
    "LEFT",
    "LEFT",
)
# The flat header texts of the 12 columns, for the Excel writer and tests.
BOOK_COLUMN_TITLES = (
    "STT",
    "Ngày tiếp",
    "Họ tên, địa chỉ",
    "Số định danh cá nhân/ giấy tờ tùy thân",
    "Tóm tắt nội dung vụ việc",
    "Phân loại (KN, TC, KNPA)",
    "Số người cùng nội dung",
    "Cơ quan, đơn vị đã giải quyết",
    "Thuộc thẩm quyền",
    "Hướng dẫn (nơi, số văn bản)",
    "Chuyển đơn (nơi, số văn bản)",
    "Theo dõi kết quả giải quyết",
)


def book_spec(heading: BookHeading, rows: Sequence[BookRow]) -> TableReportSpec:
    """The book as a landscape A4 table with its column-number row; the header repeats on each page."""
    return TableReportSpec(
        title=BOOK_TITLE,
        parent_body=heading.parent_body,
        issuing_body=heading.issuing_body,
        form_code=BOOK_FORM_CODE,
        subtitle_lines=heading.subtitle_lines(),
        unit_note="" if rows else EMPTY_BOOK_NOTE,
        header_rows=BOOK_HEADER,
        rows=tuple(row.printed() for row in rows),
        col_weights=BOOK_COLUMN_WEIGHTS,
        column_numbers=BOOK_COLUMN_NUMBERS,
        align=BOOK_ALIGN,
        font_size=9,
    )


def book_pdf(heading: BookHeading, rows: Sequence[BookRow]) -> bytes:
    """The book as PDF bytes (reproducible)."""
    return render_table_report(book_spec(heading, rows))
