"""The layout of an importable book: its sheets, their columns, and what each column holds.

The template offered for download, the reader's header matching, the problems' column names and the README's
description are all read from here, so the layout is written once. A column is found by its header (folded:
case, diacritics and spaces do not matter), not by its position, so an office may keep extra columns of its
own or reorder them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from petitions.domain.text import fold_text


class ValueKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    COUNT = "count"  # a whole number from 1
    MAPPED = "mapped"  # free text the mapping table turns into a code of the reference data


class MappingKind(StrEnum):
    """The free-text columns an office's book fills in its own words, and what each must become."""

    VISIT_CLASS = "visit_class"
    COMPLAINT_SUBTYPE = "complaint_subtype"
    VISIT_OUTCOME = "visit_outcome"
    REFUSAL_GROUND = "refusal_ground"
    LETTER_TYPE = "letter_type"
    LETTER_CHANNEL = "letter_channel"
    AGENCY = "agency"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: ValueKind
    required: bool = False
    max_length: int = 2000
    mapping: MappingKind | None = None
    note: str = ""

    @property
    def folded_header(self) -> str:
        return fold_text(self.header)


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


ROW_KEY = Column(
    "row_key", "Mã dòng", ValueKind.TEXT, required=True, max_length=64,
    note="Mã riêng của dòng trong sổ (ví dụ số thứ tự kèm năm: 2023-0145); nhập lại dòng đã nhập sẽ được bỏ qua.",
)
AGENCY = Column(
    "agency", "Cơ quan tiếp nhận", ValueKind.MAPPED, mapping=MappingKind.AGENCY,
    note="Để trống: cơ quan chọn khi nhập sổ.",
)
SUBTYPE = Column(
    "complaint_subtype", "Loại khiếu nại", ValueKind.MAPPED, mapping=MappingKind.COMPLAINT_SUBTYPE,
    note="Với khiếu nại: khiếu nại hành chính hoặc khiếu nại kỷ luật (bắt buộc khi có đơn khiếu nại).",
)

VISITS = Sheet(
    "visits",
    "Tiếp công dân",
    (
        ROW_KEY,
        Column("visited_on", "Ngày tiếp", ValueKind.DATE, required=True, note="ngày/tháng/năm (ví dụ 05/03/2026) hoặc ô ngày của Excel."),
        Column("full_name", "Họ và tên", ValueKind.TEXT, required=True, max_length=200),
        Column("id_number", "Số giấy tờ tùy thân", ValueKind.TEXT, max_length=20),
        Column("address", "Địa chỉ", ValueKind.TEXT, max_length=500),
        Column("headcount", "Số người", ValueKind.COUNT, note="Để trống: 1 người."),
        Column("classification", "Phân loại", ValueKind.MAPPED, required=True, mapping=MappingKind.VISIT_CLASS),
        SUBTYPE,
        Column("summary", "Nội dung", ValueKind.TEXT, required=True),
        Column("outcome", "Kết quả", ValueKind.MAPPED, required=True, mapping=MappingKind.VISIT_OUTCOME),
        Column(
            "outcome_detail", "Chi tiết kết quả", ValueKind.TEXT, max_length=2000,
            note="Nơi được hướng dẫn đến, cơ quan được chuyển đến, hoặc lý do đã giải thích khi từ chối tiếp.",
        ),
        Column(
            "refusal_ground", "Lý do từ chối", ValueKind.MAPPED, mapping=MappingKind.REFUSAL_GROUND,
            note="Khi kết quả là từ chối tiếp: căn cứ từ chối theo danh mục.",
        ),
        AGENCY,
    ),
)

LETTERS = Sheet(
    "letters",
    "Đơn thư",
    (
        ROW_KEY,
        Column("received_on", "Ngày nhận", ValueKind.DATE, required=True, note="ngày/tháng/năm (ví dụ 05/03/2026) hoặc ô ngày của Excel."),
        Column("letter_dated_on", "Ngày viết đơn", ValueKind.DATE),
        Column("channel", "Nguồn đơn", ValueKind.MAPPED, required=True, mapping=MappingKind.LETTER_CHANNEL),
        Column("letter_type", "Loại đơn", ValueKind.MAPPED, required=True, mapping=MappingKind.LETTER_TYPE),
        SUBTYPE,
        Column(
            "full_name", "Người gửi", ValueKind.TEXT, max_length=200,
            note="Bắt buộc, trừ thông tin không rõ người tố cáo. Người tố cáo được lưu vào kho bảo mật.",
        ),
        Column("id_number", "Số giấy tờ tùy thân", ValueKind.TEXT, max_length=20),
        Column("address", "Địa chỉ", ValueKind.TEXT, max_length=500),
        Column("summary", "Nội dung", ValueKind.TEXT, required=True),
        Column("forwarded_by", "Cơ quan chuyển đơn", ValueKind.TEXT, max_length=255),
        Column("forwarded_doc_number", "Số văn bản chuyển", ValueKind.TEXT, max_length=50),
        Column("forwarded_doc_on", "Ngày văn bản chuyển", ValueKind.DATE),
        Column(
            "signer_count", "Số người đứng tên", ValueKind.COUNT,
            note="Để trống: một người (không ai đứng tên với thông tin không rõ người tố cáo).",
        ),
        AGENCY,
    ),
)

SHEETS: tuple[Sheet, ...] = (VISITS, LETTERS)
