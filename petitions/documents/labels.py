"""Vietnamese labels of the document vocabulary: template fields, statuses, number sources."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from petitions.documents.models import DocumentStatus, NumberSource
from petitions.printing import Authority

FIELD_LABELS = {
    "subject": _l("Trích yếu nội dung"),
    "citizen_name": _l("Họ tên công dân"),
    "citizen_address": _l("Địa chỉ công dân"),
    "matter": _l("Nội dung làm việc"),
    "appointment_time": _l("Thời gian hẹn"),
    "appointment_place": _l("Địa điểm hẹn"),
    "bring": _l("Giấy tờ cần mang theo"),
    "received_time": _l("Thời gian tiếp nhận"),
    "received_place": _l("Địa điểm tiếp nhận"),
    "officer_name": _l("Họ tên người tiếp nhận"),
    "officer_position": _l("Chức vụ người tiếp nhận"),
    "provider_name": _l("Họ tên người cung cấp"),
    "provider_id": _l("Số định danh cá nhân người cung cấp"),
    "provider_address": _l("Địa chỉ người cung cấp"),
}

STATUS_LABELS = {
    DocumentStatus.DRAFT: _l("Dự thảo"),
    DocumentStatus.ISSUED: _l("Đã ban hành"),
    DocumentStatus.VOID: _l("Đã hủy"),
}

SOURCE_LABELS = {
    NumberSource.APP: _l("Sổ đăng ký của ứng dụng"),
    NumberSource.VAN_THU: _l("Văn thư cấp số"),
}

AUTHORITY_LABELS = {
    Authority.DIRECT: _l("Ký trực tiếp"),
    Authority.DEPUTY: _l("KT. (ký thay)"),
    Authority.COLLECTIVE: _l("TM. (thay mặt tập thể)"),
    Authority.BY_ORDER: _l("TL. (thừa lệnh)"),
    Authority.BY_AUTHORISATION: _l("TUQ. (thừa ủy quyền)"),
    Authority.ACTING: _l("Q. (quyền)"),
}

RECORD_TYPE_LABELS = {
    "letter": _l("Đơn"),
    "case_file": _l("Vụ việc"),
    "citizen": _l("Công dân"),
}


def field_label(name: str) -> object:
    """The label of a template field (its key when no label is known)."""
    return FIELD_LABELS.get(name, name)
