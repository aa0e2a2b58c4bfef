"""Vietnamese labels of the document vocabulary: template fields, statuses, number sources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from petitions.documents.models import DocumentStatus, NumberSource
from petitions.history_words import ACTION_LABELS, Vocabulary, register_vocabulary, value_words
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
    # BAN_SAO_CHE_DANH_TINH (the redacted copy sent with a forwarding slip)
    "slip": _l("Số, ký hiệu văn bản chuyển đơn kèm theo"),
}

# Each document type by what it is for: several share a printed title (THÔNG BÁO, QUYẾT ĐỊNH, BIÊN BẢN), so the
# choice of a type names its purpose (and its legal form), never its code.
TYPE_LABELS = {
    "BAN_SAO_CHE_DANH_TINH": _l("Bản sao đơn tố cáo đã che thông tin người tố cáo"),
    "BAO_CAO": _l("Báo cáo"),
    "BAO_CAO_KHAN": _l("Báo cáo khẩn"),
    "BB_CONG_KHAI": _l("Biên bản công khai quyết định, kết luận"),
    "BB_DOI_THOAI": _l("Biên bản đối thoại"),
    "BB_GHI_NOI_DUNG": _l("Biên bản ghi nội dung trình bày"),
    "BB_HUY_DON": _l("Biên bản hủy đơn"),
    "BC_KET_QUA_XAC_MINH": _l("Báo cáo kết quả xác minh"),
    "BC_THUC_HIEN": _l("Báo cáo kết quả thực hiện quyết định, kết luận"),
    "CONG_VAN": _l("Công văn"),
    "CV_CHUYEN_DON_DANG": _l("Công văn chuyển đơn đến cơ quan Đảng"),
    "CV_CHUYEN_DON_TO_CAO": _l("Công văn chuyển đơn tố cáo (Mẫu số 03)"),
    "CV_CHUYEN_THONG_TIN": _l("Công văn chuyển thông tin có nội dung tố cáo"),
    "CV_DE_NGHI_CAP_TREN": _l("Công văn đề nghị cấp trên chỉ đạo"),
    "CV_DON_DOC": _l("Công văn đôn đốc"),
    "CV_GIAI_THICH": _l("Công văn yêu cầu giải thích, bổ sung"),
    "CV_NHAC_HAN": _l("Công văn nhắc hạn"),
    "CV_TRA_LAI_DON": _l("Công văn trả lại đơn"),
    "CV_YEU_CAU_GIAI_TRINH": _l("Công văn yêu cầu giải trình"),
    "GIAY_BIEN_NHAN": _l("Giấy biên nhận thông tin, tài liệu (Mẫu số 02/TCD)"),
    "KL_NOI_DUNG_TO_CAO": _l("Kết luận nội dung tố cáo"),
    "PHIEU_CHUYEN_DON_KN": _l("Phiếu chuyển đơn khiếu nại"),
    "PHIEU_CHUYEN_DON_KNPA": _l("Phiếu chuyển đơn kiến nghị, phản ánh"),
    "PHIEU_DE_XUAT_THU_LY": _l("Phiếu đề xuất thụ lý đơn (Mẫu số 01)"),
    "PHIEU_HEN": _l("Phiếu hẹn"),
    "PHIEU_HUONG_DAN": _l("Phiếu hướng dẫn"),
    "PHIEU_LUU_DON": _l("Phiếu đề xuất lưu đơn"),
    "QD_DINH_CHI": _l("Quyết định đình chỉ giải quyết"),
    "QD_GIAI_QUYET_KHIEU_NAI": _l("Quyết định giải quyết khiếu nại"),
    "QD_GIA_HAN_TO_CAO": _l("Quyết định gia hạn giải quyết tố cáo"),
    "QD_TAM_DINH_CHI": _l("Quyết định tạm đình chỉ giải quyết"),
    "QD_THU_LY_TO_CAO": _l("Quyết định thụ lý tố cáo"),
    "QD_TIEP_TUC_GIAI_QUYET": _l("Quyết định tiếp tục giải quyết"),
    "QD_XAC_MINH": _l("Quyết định xác minh"),
    "TB_CHUYEN_DON_TO_CAO": _l("Thông báo chuyển đơn tố cáo (cho người tố cáo)"),
    "TB_KET_LUAN_TCD": _l("Thông báo kết luận buổi tiếp công dân của lãnh đạo"),
    "TB_KET_QUA_GIAI_QUYET": _l("Thông báo kết quả giải quyết (cho công dân)"),
    "TB_KET_QUA_TO_CAO": _l("Thông báo kết quả giải quyết tố cáo"),
    "TB_KHONG_THU_LY_KHIEU_NAI": _l("Thông báo không thụ lý khiếu nại"),
    "TB_KHONG_THU_LY_TO_CAO": _l("Thông báo không thụ lý tố cáo"),
    "TB_NOI_DUNG_TO_CAO": _l("Thông báo nội dung tố cáo (cho người bị tố cáo)"),
    "TB_THU_LY_KHIEU_NAI": _l("Thông báo thụ lý khiếu nại"),
    "TB_THU_LY_TO_CAO": _l("Thông báo thụ lý tố cáo"),
    "TB_TU_CHOI_TCD": _l("Thông báo từ chối tiếp công dân (Mẫu số 01/TCD)"),
    "TB_XU_LY_DON": _l("Thông báo kết quả xử lý đơn"),
    "THONG_BAO": _l("Thông báo"),
}


def type_label(code: str | None, title: str = "") -> Any:
    """A document type in words: its purpose; a type added later without a label, its printed title."""
    if not code:
        return ""
    return TYPE_LABELS.get(code) or (title.capitalize() if title else _l("Văn bản khác"))

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
    "signer_collective": _l("Tập thể lãnh đạo (ký thay mặt)"),
    "signer_official_id": _l("Lãnh đạo ký (trong danh sách của cơ quan)"),
    "created_by_id": _l("Người soạn"),
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

HISTORY_ACTION_LABELS = ACTION_LABELS

_VALUE_LABELS: dict[str, Mapping[Any, Any]] = {
    "status": STATUS_LABELS,
    "number_source": SOURCE_LABELS,
    "signer_authority": AUTHORITY_LABELS,
    "record_type": RECORD_TYPE_LABELS,
    "doc_type": TYPE_LABELS,
}
USER_FIELDS = frozenset({"issued_by_id", "signed_uploaded_by_id", "voided_by_id", "created_by_id"})
VOCABULARY = Vocabulary(fields=HISTORY_FIELD_LABELS, values=_VALUE_LABELS)
register_vocabulary("document", VOCABULARY)


def history_value(field: str | None, value: str | None, names: Mapping[str, str] | None = None) -> Any:
    """A document's history value in words (petitions.history_words with the document's vocabulary; `names`
    keyed "field:id")."""
    return value_words(VOCABULARY, field, value, names)
