"""The visit's history in words: which column of the reception book changed, and its old and new values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from petitions.history_words import Vocabulary, field_words, register_vocabulary, value_words
from petitions.i18n import lazy_gettext as _l
from petitions.letters.labels import HISTORY_ACTION_LABELS
from petitions.national.labels import ENTRY_STATUS_LABELS
from petitions.national.labels import HISTORY_FIELD_LABELS as NATIONAL_HISTORY_LABELS
from petitions.reception.forms import CLASS_LABELS, KIND_LABELS, MODE_LABELS, OUTCOME_LABELS, SUBTYPE_LABELS

HISTORY_FIELD_LABELS = {
    "agency_id": _l("Cơ quan"),
    "book_year": _l("Năm sổ"),
    "book_number": _l("Số thứ tự trong sổ"),
    "visited_on": _l("Ngày tiếp"),
    "session_id": _l("Buổi tiếp"),
    "kind": _l("Loại tiếp"),
    "mode": _l("Hình thức"),
    "officer_id": _l("Cán bộ tiếp"),
    "presiding_leader": _l("Lãnh đạo chủ trì"),
    "citizen_id": _l("Công dân"),
    "identity_ref_id": _l("Danh tính người tố cáo"),
    "classification": _l("Phân loại"),
    "complaint_subtype": _l("Loại khiếu nại"),
    "summary": _l("Tóm tắt nội dung"),
    "headcount": _l("Số người"),
    "is_delegation": _l("Đoàn đông người"),
    "respondent": _l("Bị khiếu nại, tố cáo"),
    "already_resolved_by": _l("Cơ quan đã giải quyết"),
    "within_competence": _l("Thuộc thẩm quyền"),
    "with_letter": _l("Có đơn"),
    "statement": _l("Nội dung trình bày"),
    "documents_handed": _l("Tài liệu cung cấp"),
    "outcome": _l("Kết quả tiếp"),
    "guided_to": _l("Hướng dẫn đến"),
    "guided_document_number": _l("Số văn bản hướng dẫn"),
    "forwarded_to": _l("Chuyển đến"),
    "forwarded_document_number": _l("Số văn bản chuyển"),
    "refusal_ground_id": _l("Căn cứ từ chối"),
    "refusal_explanation": _l("Lý do đã giải thích"),
    "follow_up": _l("Theo dõi kết quả"),
    "recording_reference": _l("Số hiệu bản ghi"),
    "letter_id": _l("Đơn đã vào sổ"),
    "case_id": _l("Vụ việc"),
    "repeat_number": _l("Lượt thứ của vụ việc"),
    "created_by_id": _l("Người ghi"),
}
# The national-database entry is part of the visit: its changes are the visit's history rows.
HISTORY_FIELD_LABELS.update(NATIONAL_HISTORY_LABELS)

_VALUE_LABELS: dict[str, Mapping[Any, Any]] = {
    "entry_status": ENTRY_STATUS_LABELS,
    "classification": CLASS_LABELS,
    "complaint_subtype": SUBTYPE_LABELS,
    "outcome": OUTCOME_LABELS,
    "kind": KIND_LABELS,
    "mode": MODE_LABELS,
}
_BOOLEANS = frozenset({"is_delegation", "within_competence", "with_letter"})


VOCABULARY = Vocabulary(fields=HISTORY_FIELD_LABELS, values=_VALUE_LABELS, booleans=_BOOLEANS)
register_vocabulary("visit", VOCABULARY)


def history_field(field: str | None) -> Any:
    return field_words(VOCABULARY, field)


def history_value(field: str | None, value: str | None, names: Mapping[str, Any] | None = None) -> Any:
    """A visit's history value in words (petitions.history_words with the visit's vocabulary)."""
    return value_words(VOCABULARY, field, value, names)


def template_globals() -> dict[str, object]:
    return {
        "visit_history_action_labels": HISTORY_ACTION_LABELS,
        "visit_history_field": history_field,
        "visit_history_value": history_value,
    }
