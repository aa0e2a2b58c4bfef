"""Vietnamese labels of the letter vocabulary (types, statuses, channels, signers, duplicates, history):
screens show these, never the stored codes."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from petitions.domain.classification import DuplicateDecision, LetterChannel, PriorResolution, SignerKind
from petitions.domain.deadlines import RULES_BY_ID
from petitions.domain.letter_flow import LetterTransition
from petitions.domain.reception import mask_id_number
from petitions.domain.records import ComplaintSubtype, IdType, LetterStatus, LetterType
from petitions.history_words import (
    ACTION_LABELS,
    Vocabulary,
    code_label,
    field_words,
    register_vocabulary,
    value_words,
)
from petitions.i18n import lazy_gettext as _l
from petitions.national.labels import ENTRY_STATUS_LABELS
from petitions.national.labels import HISTORY_FIELD_LABELS as NATIONAL_HISTORY_LABELS
from petitions.routing.labels import RESPONDENT_LEVEL_LABELS

TYPE_LABELS = {
    LetterType.COMPLAINT: _l("Khiếu nại"),
    LetterType.DENUNCIATION: _l("Tố cáo"),
    LetterType.PETITION: _l("Kiến nghị, phản ánh"),
    LetterType.MIXED: _l("Đơn có nhiều nội dung"),
    LetterType.ANONYMOUS: _l("Thông tin có nội dung tố cáo không rõ người tố cáo"),
}
SUBTYPE_LABELS = {
    ComplaintSubtype.ADMINISTRATIVE: _l("Khiếu nại quyết định, hành vi hành chính"),
    ComplaintSubtype.DISCIPLINARY: _l("Khiếu nại quyết định kỷ luật"),
}
STATUS_LABELS = {
    LetterStatus.RECEIVED: _l("Đã tiếp nhận"),
    LetterStatus.REFUSED: _l("Từ chối tiếp nhận"),
    LetterStatus.ASSIGNED: _l("Đã giao xử lý"),
    LetterStatus.PROPOSED: _l("Đã đề xuất xử lý"),
    LetterStatus.APPROVED: _l("Đã duyệt, chờ ban hành"),
    LetterStatus.GUIDED: _l("Đã hướng dẫn"),
    LetterStatus.FORWARDED: _l("Đã chuyển đơn"),
    LetterStatus.REPLY_RECEIVED: _l("Đã nhận văn bản phúc đáp"),
    LetterStatus.URGED: _l("Đã đôn đốc"),
    LetterStatus.RETURNED: _l("Đã trả lại đơn"),
    LetterStatus.TO_INSPECTION: _l("Chuyển thanh tra, kiểm tra"),
    LetterStatus.TO_PARTY_BODY: _l("Chuyển cơ quan Đảng"),
    LetterStatus.ACCEPTED: _l("Đã thụ lý"),
    LetterStatus.NOT_ACCEPTED: _l("Không thụ lý"),
    LetterStatus.FILED: _l("Lưu đơn"),
    LetterStatus.DESTROYED: _l("Đã tiêu hủy"),
}
TRANSITION_LABELS = {
    LetterTransition.REGISTER: _l("Đăng ký đơn"),
    LetterTransition.REFUSE: _l("Từ chối tiếp nhận"),
    LetterTransition.ASSIGN: _l("Giao xử lý"),
    LetterTransition.HAND_OVER: _l("Giao cơ quan tham mưu, xác minh"),
    LetterTransition.PROPOSE: _l("Đề xuất hướng xử lý"),
    LetterTransition.RETURN_FOR_REVISION: _l("Trả lại để làm lại"),
    LetterTransition.APPROVE: _l("Duyệt đề xuất"),
    LetterTransition.ISSUE_PAPER: _l("Ban hành văn bản xử lý"),
    LetterTransition.URGENT_REPORT: _l("Báo cáo khẩn"),
    LetterTransition.ACKNOWLEDGE_URGENT: _l("Tiếp nhận báo cáo khẩn"),
    LetterTransition.REPLY: _l("Nhận văn bản phúc đáp"),
    LetterTransition.CHASE: _l("Đôn đốc"),
    LetterTransition.FILE: _l("Lưu đơn"),
    LetterTransition.DESTROY: _l("Hủy đơn"),
    # The letter decided with its case's acceptance paper (petitions.letters.handling.follow_case_decision).
    "case_accepted": _l("Thụ lý vụ việc"),
    "case_not_accepted": _l("Không thụ lý vụ việc"),
}
CHANNEL_LABELS = {
    LetterChannel.POST: _l("Qua bưu chính"),
    LetterChannel.IN_PERSON: _l("Trực tiếp tại nơi tiếp công dân"),
    LetterChannel.DROP_BOX: _l("Hòm thư"),
    LetterChannel.DEPUTY: _l("Đại biểu Quốc hội, HĐND chuyển đến"),
    LetterChannel.FRONT: _l("Mặt trận Tổ quốc chuyển đến"),
    LetterChannel.PRESS: _l("Cơ quan báo chí chuyển đến"),
    LetterChannel.AGENCY: _l("Cơ quan, tổ chức khác chuyển đến"),
    LetterChannel.LEADER: _l("Lãnh đạo giao"),
    LetterChannel.ONLINE: _l("Trực tuyến"),
}
SIGNER_LABELS = {
    SignerKind.ONE: _l("Một người đứng tên"),
    SignerKind.SEVERAL: _l("Nhiều người đứng tên"),
    SignerKind.NONE: _l("Không có người đứng tên"),
}
PRIOR_LABELS = {
    PriorResolution.NOT_YET: _l("Chưa được giải quyết"),
    PriorResolution.IN_PROGRESS: _l("Đang được giải quyết"),
    PriorResolution.RESOLVED_FIRST: _l("Đã giải quyết lần đầu"),
    PriorResolution.RESOLVED_SECOND: _l("Đã giải quyết lần hai"),
    PriorResolution.COURT_JUDGMENT: _l("Đã có bản án của Tòa án"),
}
DECISION_LABELS = {
    DuplicateDecision.NEW: _l("Đơn mới (vụ việc mới)"),
    DuplicateDecision.DUPLICATE: _l("Đơn trùng với đơn đã chọn (tăng số lần gửi, không phải vụ việc mới)"),
    DuplicateDecision.EXISTING_CASE: _l("Đơn mới thuộc vụ việc của đơn đã chọn"),
}
ID_TYPE_LABELS = {
    IdType.CCCD: _l("Căn cước công dân / Căn cước"),
    IdType.CMND: _l("Chứng minh nhân dân"),
    IdType.PASSPORT: _l("Hộ chiếu"),
    IdType.OTHER: _l("Giấy tờ khác"),
}

SORT_LABELS = {
    "received_desc": _l("Ngày nhận, mới nhất trước"),
    "received_asc": _l("Ngày nhận, cũ nhất trước"),
    "number_desc": _l("Số đăng ký, lớn nhất trước"),
    "number_asc": _l("Số đăng ký, nhỏ nhất trước"),
}

# The letter's history: which field changed, and its values in words.
HISTORY_ACTION_LABELS = ACTION_LABELS
HISTORY_FIELD_LABELS = {
    "register_year": _l("Năm đăng ký"),
    "register_number": _l("Số đăng ký"),
    "letter_type": _l("Loại đơn"),
    "complaint_subtype": _l("Loại khiếu nại"),
    "status": _l("Trạng thái"),
    "received_on": _l("Ngày nhận"),
    "letter_dated_on": _l("Ngày viết đơn"),
    "summary": _l("Tóm tắt"),
    "citizen_id": _l("Người viết đơn"),
    "identity_ref_id": _l("Danh tính người tố cáo"),
    "agency_in_charge_id": _l("Cơ quan thụ lý sổ"),
    "assigned_agency_id": _l("Cơ quan được chuyển"),
    "assigned_officer_id": _l("Cán bộ được giao xử lý"),
    "direction": _l("Ý kiến chỉ đạo"),
    "case_id": _l("Vụ việc"),
    "channel": _l("Nguồn đơn"),
    "forwarded_by": _l("Cơ quan chuyển đơn"),
    "forwarded_doc_number": _l("Số văn bản chuyển"),
    "forwarded_doc_on": _l("Ngày văn bản chuyển"),
    "visit_id": _l("Lượt tiếp"),
    "signer_kind": _l("Người đứng tên"),
    "signer_count": _l("Số người đứng tên"),
    "respondent": _l("Bị khiếu nại, tố cáo"),
    "place_text": _l("Nơi phát sinh"),
    "is_confidential": _l("Mật"),
    "is_urgent": _l("Khẩn"),
    "prior_resolution": _l("Tình trạng khi nhận"),
    "result_requested": _l("Yêu cầu thông báo kết quả"),
    "registered_by_id": _l("Người đăng ký"),
    "main_type": _l("Nội dung chính"),
    "field_item_id": _l("Lĩnh vực"),
    "is_eligible": _l("Đủ điều kiện xử lý"),
    "ineligibility_item_id": _l("Lý do không đủ điều kiện"),
    "competent_body": _l("Thẩm quyền"),
    "place_unit_id": _l("Địa bàn phát sinh vụ việc"),
    "respondent_level": _l("Cấp của người, cơ quan bị khiếu nại, tố cáo"),
    "respondent_agency_id": _l("Cơ quan bị khiếu nại, tố cáo (trong danh mục)"),
    "competent_agency_id": _l("Cơ quan có thẩm quyền"),
    "routing_rule_id": _l("Quy tắc xác định thẩm quyền"),
    "routing_override_reason": _l("Lý do chọn cơ quan khác cơ quan hệ thống đề xuất"),
    "is_within_competence": _l("Thuộc thẩm quyền"),
    "classified_at": _l("Thời điểm phân loại"),
    "classified_by_id": _l("Người phân loại"),
    "decision_known_on": _l("Ngày nhận được, biết được quyết định, hành vi bị khiếu nại"),
    "is_dismissal": _l("Kỷ luật buộc thôi việc"),
    "is_remote": _l("Vùng sâu, vùng xa"),
    "time_limit_obstacles": _l("Trở ngại khách quan"),
    "duplicate_decision": _l("Đơn trùng"),
    "duplicate_of_id": _l("Đơn gốc"),
    "duplicate_category_item_id": _l("Loại đơn trùng"),
    "proposal_document_id": _l("Văn bản đề xuất"),
    "repeat_count": _l("Số lần gửi thêm"),
    "is_void": _l("Hủy đăng ký"),
    "voided_at": _l("Thời điểm hủy"),
    "voided_by_id": _l("Người hủy"),
    "void_reason": _l("Lý do hủy"),
    "created_at": _l("Thời điểm tạo"),
    "updated_at": _l("Thời điểm sửa"),
    "register_agency_id": _l("Cơ quan đăng ký"),
    "handling_due_on": _l("Hạn xử lý"),
    "urgent_reported_at": _l("Thời điểm báo cáo khẩn"),
    "urgent_reason": _l("Lý do báo cáo khẩn"),
    "urgent_acknowledged_at": _l("Thời điểm lãnh đạo tiếp nhận báo cáo khẩn"),
    "filed_on": _l("Ngày lưu đơn"),
    "destruction_document_id": _l("Biên bản hủy đơn"),
}
# The national-database entry is part of the letter: its changes are the letter's history rows.
HISTORY_FIELD_LABELS.update(NATIONAL_HISTORY_LABELS)

_VALUE_LABELS: dict[str, Mapping[Any, Any]] = {
    "entry_status": ENTRY_STATUS_LABELS,
    "letter_type": TYPE_LABELS,
    "main_type": TYPE_LABELS,
    "complaint_subtype": SUBTYPE_LABELS,
    "status": STATUS_LABELS,
    "channel": CHANNEL_LABELS,
    "signer_kind": SIGNER_LABELS,
    "prior_resolution": PRIOR_LABELS,
    "duplicate_decision": DECISION_LABELS,
    "respondent_level": RESPONDENT_LEVEL_LABELS,
}


def label(mapping: Mapping[Any, Any], value: Enum | str | None) -> Any:
    """The label of a code (enum or stored text); an unknown code gives a neutral dash, never the code."""
    return code_label(mapping, value)


VOCABULARY = Vocabulary(fields=HISTORY_FIELD_LABELS, values=_VALUE_LABELS)
register_vocabulary("letter", VOCABULARY)


def history_field(field: str | None, fields: Mapping[str, Any] | None = None) -> Any:
    """A history row's field in words (petitions.history_words): the letter's labels by default."""
    return field_words(VOCABULARY if fields is None else Vocabulary(fields=fields), field)


def history_value(
    field: str | None,
    value: str | None,
    names: Mapping[str, Any] | None = None,
    values: Mapping[str, Mapping[Any, Any]] | None = None,
    formats: Mapping[str, Any] | None = None,
) -> Any:
    """A letter's history value in words (petitions.history_words.value_words with the letter's vocabulary, or
    with another record's `values` and `formats`)."""
    vocabulary = VOCABULARY if values is None and formats is None else Vocabulary(
        fields=HISTORY_FIELD_LABELS, values=_VALUE_LABELS if values is None else values, formats=formats or {}
    )
    return value_words(vocabulary, field, value, names)


def clock_label(rule_id: str) -> str:
    """What a clock asks to be done by its due date ("Xử lý đơn"), instead of its D-number."""
    generations = RULES_BY_ID.get(rule_id)
    if not generations:
        return "—"
    act = generations[-1].act
    return act[:1].upper() + act[1:]


def template_globals() -> dict[str, object]:
    return {
        "letter_type_labels": TYPE_LABELS,
        "letter_subtype_labels": SUBTYPE_LABELS,
        "letter_status_labels": STATUS_LABELS,
        "letter_channel_labels": CHANNEL_LABELS,
        "letter_signer_labels": SIGNER_LABELS,
        "letter_prior_labels": PRIOR_LABELS,
        "letter_decision_labels": DECISION_LABELS,
        "letter_sort_labels": SORT_LABELS,
        "letter_label": label,
        "letter_history_action_labels": HISTORY_ACTION_LABELS,
        "letter_history_field": history_field,
        "letter_history_value": history_value,
        "letter_clock_label": clock_label,
        "letter_mask_id": mask_id_number,
    }
