"""Vietnamese labels of the case vocabulary (statuses, types, rounds, complexity, verdicts, outcome figures,
history fields): screens show these, never the stored codes."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from petitions.domain.case_flow import CaseEvent
from petitions.domain.numbers import format_decimal
from petitions.domain.records import (
    CaseRound,
    CaseStatus,
    CaseType,
    CaseVerdict,
    Complexity,
)
from petitions.history_words import Vocabulary, register_vocabulary
from petitions.i18n import lazy_gettext as _l
from petitions.letters.labels import SUBTYPE_LABELS, label
from petitions.national.labels import ENTRY_STATUS_LABELS
from petitions.national.labels import HISTORY_FIELD_LABELS as NATIONAL_HISTORY_LABELS

STATUS_LABELS: dict[Any, Any] = {
    CaseStatus.OPEN: _l("Đang tiếp nhận, chưa thụ lý"),
    CaseStatus.ACCEPTED: _l("Đã thụ lý"),
    CaseStatus.VERIFYING: _l("Đang xác minh"),
    CaseStatus.DIALOGUE_HELD: _l("Đã đối thoại"),
    CaseStatus.SUSPENDED: _l("Tạm đình chỉ"),
    CaseStatus.WITHDRAWN: _l("Đã rút"),
    CaseStatus.TERMINATED: _l("Đình chỉ giải quyết"),
    CaseStatus.DECIDED: _l("Đã có quyết định, kết luận"),
    CaseStatus.PUBLISHED: _l("Đã công khai"),
    CaseStatus.IMPLEMENTING: _l("Đang tổ chức thực hiện"),
    CaseStatus.CLOSED: _l("Đã kết thúc"),
    CaseStatus.NOT_ACCEPTED: _l("Không thụ lý"),
    CaseStatus.LAPSED: _l("Hết thời hạn tiếp tục khiếu nại (sau đình chỉ)"),
    CaseStatus.TO_COURT: _l("Đã khởi kiện ra Tòa án"),
}
# What each dated status event did (case_file_status_event.transition, flow's events).
EVENT_LABELS: dict[Any, Any] = {
    CaseEvent.ACCEPT: _l("Thụ lý"),
    CaseEvent.NOT_ACCEPT: _l("Không thụ lý"),
    CaseEvent.ASSIGN_VERIFICATION: _l("Giao xác minh"),
    CaseEvent.REPORT_VERIFICATION: _l("Báo cáo kết quả xác minh"),
    CaseEvent.HOLD_DIALOGUE: _l("Đối thoại"),
    CaseEvent.RECLASSIFY: _l("Phân loại lại mức độ phức tạp"),
    CaseEvent.EXTEND: _l("Gia hạn giải quyết"),
    CaseEvent.SUSPEND: _l("Tạm đình chỉ"),
    CaseEvent.RESUME: _l("Tiếp tục giải quyết"),
    CaseEvent.WITHDRAW: _l("Rút đơn"),
    CaseEvent.TERMINATE: _l("Đình chỉ giải quyết"),
    CaseEvent.LAPSE: _l("Chấm dứt do hết thời hạn tiếp tục khiếu nại"),
    CaseEvent.DECIDE: _l("Ban hành quyết định giải quyết, kết luận"),
    CaseEvent.NOTIFY_RESULT: _l("Thông báo kết quả giải quyết"),
    CaseEvent.PUBLISH: _l("Công khai kết quả"),
    CaseEvent.START_IMPLEMENTATION: _l("Tổ chức thực hiện"),
    CaseEvent.RECORD_IMPLEMENTATION: _l("Ghi nhận kết quả thực hiện"),
    CaseEvent.CLOSE: _l("Kết thúc vụ việc"),
    CaseEvent.NEXT_ROUND: _l("Mở vụ việc tiếp theo"),
    CaseEvent.TO_COURT: _l("Khởi kiện ra Tòa án"),
}
TYPE_LABELS = {
    CaseType.COMPLAINT: _l("Khiếu nại"),
    CaseType.DENUNCIATION: _l("Tố cáo"),
    CaseType.PETITION: _l("Kiến nghị, phản ánh"),
}
ROUND_LABELS = {
    CaseRound.FIRST: _l("Lần đầu"),
    CaseRound.SECOND: _l("Lần hai, tố cáo tiếp"),
}
COMPLEXITY_LABELS = {
    Complexity.ORDINARY: _l("Thông thường"),
    Complexity.COMPLEX: _l("Phức tạp"),
    Complexity.VERY_COMPLEX: _l("Đặc biệt phức tạp"),
}
VERDICT_LABELS = {
    CaseVerdict.RIGHT: _l("Khiếu nại đúng"),
    CaseVerdict.WRONG: _l("Khiếu nại sai"),
    CaseVerdict.PARTLY_RIGHT: _l("Khiếu nại có đúng, có sai"),
    CaseVerdict.UPHELD: _l("Công nhận quyết định lần đầu"),
    CaseVerdict.ANNULLED_OR_AMENDED: _l("Hủy bỏ, sửa đổi quyết định lần đầu"),
    CaseVerdict.TRUE: _l("Tố cáo đúng"),
    CaseVerdict.FALSE: _l("Tố cáo sai"),
    CaseVerdict.PARTLY_TRUE: _l("Tố cáo có đúng, có sai"),
}
SORT_LABELS = {
    "opened_desc": _l("Ngày phát sinh, mới nhất trước"),
    "due_asc": _l("Hạn giải quyết, gần nhất trước (vụ việc đang giải quyết)"),
}

# The outcome's figures, in the KQGQ forms' order: (field, label, unit).
MONEY = _l("triệu đồng")
LAND = _l("m²")
ORDERED_FIGURES: tuple[tuple[str, Any, Any], ...] = (
    ("recover_money", _l("Thu hồi cho Nhà nước: tiền"), MONEY),
    ("recover_land", _l("Thu hồi cho Nhà nước: đất"), LAND),
    ("return_money_orgs", _l("Trả lại cho tổ chức: tiền"), MONEY),
    ("return_land_orgs", _l("Trả lại cho tổ chức: đất"), LAND),
    ("return_money_persons", _l("Trả lại cho cá nhân: tiền"), MONEY),
    ("return_land_persons", _l("Trả lại cho cá nhân: đất"), LAND),
    ("restored_orgs", _l("Tổ chức được khôi phục quyền lợi"), None),
    ("restored_persons", _l("Cá nhân được khôi phục quyền lợi"), None),
    ("discipline_orgs", _l("Kiến nghị xử lý: tổ chức"), None),
    ("discipline_persons", _l("Kiến nghị xử lý kỷ luật: người"), None),
    ("discipline_officials", _l("Kiến nghị xử lý kỷ luật: cán bộ, công chức"), None),
    ("investigation_cases", _l("Chuyển cơ quan điều tra: vụ"), None),
    ("investigation_persons", _l("Chuyển cơ quan điều tra: người"), None),
    ("investigation_officials", _l("Chuyển cơ quan điều tra: cán bộ, công chức"), None),
)
IMPLEMENTED_FIGURES: tuple[tuple[str, Any, Any], ...] = (
    ("recovered_money", _l("Đã thu hồi cho Nhà nước: tiền"), MONEY),
    ("recovered_land", _l("Đã thu hồi cho Nhà nước: đất"), LAND),
    ("returned_money_orgs", _l("Đã trả lại cho tổ chức: tiền"), MONEY),
    ("returned_land_orgs", _l("Đã trả lại cho tổ chức: đất"), LAND),
    ("returned_money_persons", _l("Đã trả lại cho cá nhân: tiền"), MONEY),
    ("returned_land_persons", _l("Đã trả lại cho cá nhân: đất"), LAND),
    ("disciplined_orgs", _l("Đã xử lý: tổ chức"), None),
    ("disciplined_persons", _l("Đã xử lý kỷ luật: người"), None),
    ("disciplined_officials", _l("Đã xử lý kỷ luật: cán bộ, công chức"), None),
    ("prosecuted_cases", _l("Đã khởi tố: vụ"), None),
    ("prosecuted_persons", _l("Đã khởi tố: người"), None),
    ("prosecuted_officials", _l("Đã khởi tố: cán bộ, công chức"), None),
)
# The outcome block's rows: (label, ordered field, implemented field or None, unit).
_IMPLEMENTED_OF = {
    "recover_money": "recovered_money",
    "recover_land": "recovered_land",
    "return_money_orgs": "returned_money_orgs",
    "return_land_orgs": "returned_land_orgs",
    "return_money_persons": "returned_money_persons",
    "return_land_persons": "returned_land_persons",
    "discipline_orgs": "disciplined_orgs",
    "discipline_persons": "disciplined_persons",
    "discipline_officials": "disciplined_officials",
    "investigation_cases": "prosecuted_cases",
    "investigation_persons": "prosecuted_persons",
    "investigation_officials": "prosecuted_officials",
}
OUTCOME_ROWS: tuple[tuple[Any, str, str | None, Any], ...] = tuple(
    (text, name, _IMPLEMENTED_OF.get(name), unit) for name, text, unit in ORDERED_FIGURES
)
DECIMAL_FIELDS = frozenset(
    name for name, _label, unit in ORDERED_FIGURES + IMPLEMENTED_FIGURES if unit is not None
)

# The case's and its outcome's history: which field changed (the letters' presenter shows them,
# petitions.letters.labels.history_field / history_value).
HISTORY_FIELD_LABELS: dict[str, Any] = {
    "case_type": _l("Loại vụ việc"),
    "complaint_subtype": _l("Loại khiếu nại"),
    "status": _l("Trạng thái"),
    "title": _l("Nội dung vụ việc"),
    "opened_on": _l("Ngày phát sinh"),
    "accepted_on": _l("Ngày thụ lý"),
    "resolution_due_on": _l("Hạn giải quyết"),
    "closed_on": _l("Ngày kết thúc"),
    "agency_in_charge_id": _l("Cơ quan giải quyết"),
    "assigned_agency_id": _l("Cơ quan được giao"),
    "case_round": _l("Lần giải quyết"),
    "parent_case_id": _l("Vụ việc lần trước"),
    "handler_id": _l("Cán bộ xác minh"),
    "complexity": _l("Mức độ phức tạp"),
    "is_remote": _l("Vùng sâu, vùng xa, đi lại khó khăn"),
    "suspended_from": _l("Trạng thái trước khi tạm đình chỉ"),
    "decided_on": _l("Ngày quyết định, kết luận"),
    "published_on": _l("Ngày công khai"),
    "court_filed_on": _l("Ngày khởi kiện ra Tòa án"),
    "court_reference": _l("Thông tin vụ án tại Tòa án"),
    "case_file_id": _l("Vụ việc"),
    "verdict": _l("Kết quả giải quyết"),
    "decision_document_id": _l("Văn bản quyết định, kết luận"),
    "resolved_on_time": _l("Giải quyết đúng hạn"),
    "implemented_on": _l("Ngày thực hiện xong"),
    "verification_reported_on": _l("Ngày báo cáo kết quả xác minh"),
    "result_notified_on": _l("Ngày thông báo kết quả"),
    **{name: text for name, text, _unit in ORDERED_FIGURES + IMPLEMENTED_FIGURES},
}
# The national-database entry is part of the case: its changes are the case's history rows.
HISTORY_FIELD_LABELS.update(NATIONAL_HISTORY_LABELS)

HISTORY_VALUE_LABELS: dict[str, Mapping[Any, Any]] = {
    "entry_status": ENTRY_STATUS_LABELS,
    "case_type": TYPE_LABELS,
    "complaint_subtype": SUBTYPE_LABELS,
    "status": STATUS_LABELS,
    "suspended_from": STATUS_LABELS,
    "case_round": ROUND_LABELS,
    "complexity": COMPLEXITY_LABELS,
    "verdict": VERDICT_LABELS,
}
HISTORY_USER_FIELDS = ("handler_id", "entered_by_id")
HISTORY_AGENCY_FIELDS = ("agency_in_charge_id", "assigned_agency_id")
HISTORY_DOCUMENT_FIELDS = ("decision_document_id",)


def figure_text(value: Any) -> str:
    """A stored figure (history keeps Decimals as plain text "1250.500") the Vietnamese way: "1.250,5"."""
    try:
        return format_decimal(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


HISTORY_FORMATS = {name: figure_text for name in DECIMAL_FIELDS}
# The case's rows and its outcome's, shown together on the case page.
VOCABULARY = Vocabulary(fields=HISTORY_FIELD_LABELS, values=HISTORY_VALUE_LABELS, formats=HISTORY_FORMATS)
register_vocabulary("case", VOCABULARY)
register_vocabulary("case_outcome", VOCABULARY)


def status_label(status: Any) -> Any:
    return label(STATUS_LABELS, status)


def event_label(event: Any) -> Any:
    """The event a status row records, "" for the rows written before events were named."""
    return label(EVENT_LABELS, event) if event else ""


def template_globals() -> dict[str, object]:
    return {
        "case_status_labels": STATUS_LABELS,
        "case_type_labels": TYPE_LABELS,
        "case_round_labels": ROUND_LABELS,
        "case_complexity_labels": COMPLEXITY_LABELS,
        "case_verdict_labels": VERDICT_LABELS,
        "case_sort_labels": SORT_LABELS,
        "case_status_label": status_label,
        "case_event_label": event_label,
        "case_label": label,
        "case_figure": figure_text,
    }
