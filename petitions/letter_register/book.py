"""The letter register (Sổ tiếp nhận, xử lý đơn): its row, its columns as data, its PDF and Excel.

One registered letter is one row, in the order of receipt. The register is a restricted book like the
reception book: a denunciation's row names the denouncer only for a cleared reader (the query fills
the vault reference otherwise), and anonymous information never names anyone.

Columns. The form of the register that Thông tư 05/2021/TT-TTCP attaches could not be read here (no
copy of its appendix was found; tbc against the official text). The columns are the ones the
circular's handling steps record and the reception book's layout (Mẫu 03) uses for the same facts,
so that both books read alike: STT/number, date received, writer, address, content summary,
classification, then "Hướng xử lý" split into accepted (thụ lý) / guided (hướng dẫn) / forwarded
(chuyển đơn) / filed, returned or other, each with the handling paper's number and date; the result
(theo dõi kết quả); notes (repeat letter, source, voided line). Like every form here they are data:
a corrected form is a new BookLayout with its validity dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from petitions.paperwork.book import (
    DATE_FORMAT,
    BookColumn,
    BookHeading,
    BookLayout,
    register_spec,
)
from petitions.paperwork.excel import register_workbook
from petitions.printing import TableReportSpec, render_table_report

REGISTER_TITLE = "Sổ tiếp nhận, xử lý đơn"
EMPTY_REGISTER_NOTE = "Không có đơn nào được tiếp nhận trong thời gian này."
ACCEPTED_MARK = "×"


@dataclass(frozen=True)
class RegisterRow:
    """One letter as the register records it."""

    number: int  # số đăng ký in the year's register
    received_on: date
    writer: str  # họ tên người viết đơn (a denouncer: the vault reference unless the reader is cleared)
    address: str
    summary: str
    classification: str  # KN / TC / KNPA / nhiều nội dung / nặc danh
    accepted: str = ""  # thụ lý: × and the paper
    guided: str = ""  # hướng dẫn: where to, the paper
    forwarded: str = ""  # chuyển đơn: to whom, the paper
    other: str = ""  # lưu đơn, trả lại đơn, không thụ lý …, the paper
    result: str = ""  # theo dõi kết quả xử lý
    notes: str = ""


HANDLING = "Hướng xử lý"

LAYOUT_REGISTER: BookLayout[RegisterRow] = BookLayout(
    form_code="",
    source="Thông tư 05/2021/TT-TTCP, sổ tiếp nhận, xử lý đơn (tbc: columns chosen as the module says)",
    columns=(
        BookColumn("Số đăng ký", lambda r: r.number, 0.75),
        BookColumn("Ngày nhận đơn", lambda r: r.received_on, 1.2, number_format=DATE_FORMAT),
        BookColumn("Họ tên người viết đơn", lambda r: r.writer, 1.7, "LEFT"),
        BookColumn("Địa chỉ", lambda r: r.address, 1.8, "LEFT"),
        BookColumn("Tóm tắt nội dung đơn", lambda r: r.summary, 2.7, "LEFT"),
        BookColumn("Phân loại đơn", lambda r: r.classification, 0.95),
        BookColumn("Thụ lý", lambda r: r.accepted, 1.05, group=HANDLING),
        BookColumn("Hướng dẫn", lambda r: r.guided, 1.35, "LEFT", HANDLING),
        BookColumn("Chuyển đơn", lambda r: r.forwarded, 1.5, "LEFT", HANDLING),
        BookColumn("Lưu đơn, trả lại đơn, khác", lambda r: r.other, 1.3, "LEFT", HANDLING),
        BookColumn("Kết quả xử lý", lambda r: r.result, 1.35, "LEFT"),
        BookColumn("Ghi chú", lambda r: r.notes, 1.3, "LEFT"),
    ),
)


def register_table(heading: BookHeading, rows: Sequence[RegisterRow]) -> TableReportSpec:
    """The register as a landscape A4 table (the reception book's layout engine)."""
    return register_spec(REGISTER_TITLE, heading, LAYOUT_REGISTER, rows, empty_note=EMPTY_REGISTER_NOTE)


def register_pdf(heading: BookHeading, rows: Sequence[RegisterRow]) -> bytes:
    """The register as PDF bytes (reproducible)."""
    return render_table_report(register_table(heading, rows))


def register_xlsx(heading: BookHeading, rows: Iterable[RegisterRow]) -> bytes:
    """The register as .xlsx bytes; rows are streamed."""
    return register_workbook(REGISTER_TITLE, heading, LAYOUT_REGISTER, rows, sheet_title="Sổ tiếp nhận, xử lý đơn")
