"""Vietnamese labels of the document vocabulary: template fields, statuses, number sources."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from flask_babel import format_datetime

from petitions.documents.models import DocumentStatus, NumberSource
from petitions.i18n import lazy_gettext as _l
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
    # TB_TU_CHOI_TCD (refusal notice, Mẫu 01/TCD)
    "issuer_name": _l("Tên cơ quan, đơn vị thông báo"),
    "citizen_id": _l("Số định danh cá nhân của công dân"),
    "visit_date": _l("Ngày công dân đến"),
    "visit_place": _l("Địa điểm tiếp công dân"),
    "ground": _l("Lý do từ chối tiếp"),
    # BB_GHI_NOI_DUNG (record of an oral statement)
    "content_kind": _l("Loại nội dung (khiếu nại, tố cáo, kiến nghị, phản ánh)"),
    "speaker_role": _l("Tư cách người trình bày"),
    # TB_KET_LUAN_TCD (conclusion notice of a leader's session)
    "leader_title": _l("Chức danh lãnh đạo chủ trì"),
    "leader_name": _l("Họ tên lãnh đạo chủ trì"),
    "session_kind": _l("Hình thức tiếp (định kỳ, đột xuất, theo ủy quyền)"),
    "held_on": _l("Ngày tiếp"),
    "held_place": _l("Địa điểm tiếp"),
    "participants": _l("Thành phần tham dự"),
    # The papers to a denouncer (letters' notice of forwarding, cases' notices): blank lines at rest,
    # filled at print for a cleared reader only.
    "denouncer_title": _l("Danh xưng người tố cáo (để trống: điền khi in)"),
    "denouncer_name": _l("Họ tên người tố cáo (để trống: điền khi in)"),
    "denouncer_address": _l("Địa chỉ người tố cáo (để trống: điền khi in)"),
    "received_on": _l("Ngày nhận đơn"),
    # A case's quyết định (petitions.cases.papers): the competent person, printed under the subject.
    "authority": _l("Thẩm quyền ban hành"),
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
    "visit": _l("Lượt tiếp công dân"),
    "reception_session": _l("Buổi tiếp công dân"),
}


def field_label(name: str) -> object:
    """The label of a template field (its key when no label is known)."""
    return FIELD_LABELS.get(name, name)


HISTORY_FIELD_LABELS = {
    "doc_type": _l("Loại văn bản"),
    "subject": _l("Trích yếu"),
    "body_data": _l("Nội dung"),
    "recipients": _l("Kính gửi"),
    "copies_to": _l("Nơi nhận"),
    "archive_unit": _l("Đơn vị lưu"),
    "place": _l("Địa danh"),
    "issuing_agency_id": _l("Cơ quan ban hành"),
    "issuing_body": _l("Tên cơ quan ban hành"),
    "parent_body": _l("Cơ quan chủ quản"),
    "signer_position": _l("Chức vụ người ký"),
    "signer_name": _l("Người ký"),
    "signer_authority": _l("Thẩm quyền ký"),
    "signer_principal": _l("Ký thay cho"),
    "status": _l("Trạng thái"),
    "number": _l("Số"),
    "number_year": _l("Năm của số"),
    "symbol": _l("Ký hiệu"),
    "number_symbol": _l("Số, ký hiệu"),
    "issue_date": _l("Ngày văn bản"),
    "number_source": _l("Nguồn cấp số"),
    "issued_at": _l("Thời điểm ban hành"),
    "issued_by_id": _l("Người ban hành"),
    "signed_file_path": _l("Tệp bản ký"),
    "signed_file_sha256": _l("SHA-256 bản ký"),
    "signed_file_size": _l("Dung lượng bản ký"),
    "signed_uploaded_at": _l("Thời điểm tải bản ký"),
    "signed_uploaded_by_id": _l("Người tải bản ký"),
    "void_reason": _l("Lý do hủy"),
    "voided_at": _l("Thời điểm hủy"),
    "voided_by_id": _l("Người hủy"),
    "record_type": _l("Loại bản ghi liên quan"),
    "record_id": _l("Bản ghi liên quan"),
}

HISTORY_ACTION_LABELS = {"create": _l("Tạo"), "update": _l("Sửa"), "delete": _l("Xóa")}

_VALUE_LABELS: dict[str, Mapping[Any, Any]] = {
    "status": STATUS_LABELS,
    "number_source": SOURCE_LABELS,
    "signer_authority": AUTHORITY_LABELS,
    "record_type": RECORD_TYPE_LABELS,
}
USER_FIELDS = frozenset({"issued_by_id", "signed_uploaded_by_id", "voided_by_id"})


def history_value(field: str | None, value: str | None, names: Mapping[str, str] | None = None) -> Any:
    """A history value in words: codes by their labels, stored UTC moments in Vietnam time, dates as
    dd/mm/yyyy, people by the names the view looked up (`names`, keyed by id); other values as stored."""
    if value is None or value == "" or field is None:
        return value or ""
    labels = _VALUE_LABELS.get(field)
    if labels is not None:
        by_value = {(k.value if isinstance(k, Enum) else k): v for k, v in labels.items()}
        return by_value.get(value, value)
    try:
        if field.endswith("_at"):
            return format_datetime(datetime.fromisoformat(value), "dd/MM/yyyy HH:mm")
        if field.endswith("_date"):
            return date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value
    if field in USER_FIELDS and names:
        return names.get(value, value)
    return value
