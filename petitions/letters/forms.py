"""Letter forms: input shape only (choices come from the views; no queries here)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from petitions.domain.classification import DuplicateDecision, LetterChannel, PriorResolution, SignerKind
from petitions.domain.records import ComplaintSubtype, IdType, LetterType

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


def _choices(labels, blank: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", blank)] if blank is not None else []
    return choices + [SelectChoice(key.value, label) for key, label in labels.items()]


class LetterRegisterForm(FlaskForm):
    received_on = DateField(_l("Ngày nhận đơn"), validators=[DataRequired()])
    letter_dated_on = DateField(_l("Ngày viết đơn"), validators=[Optional()])
    channel = SelectField(_l("Nguồn đơn"), choices=_choices(CHANNEL_LABELS))
    forwarded_by = StringField(_l("Cơ quan, tổ chức chuyển đơn"), validators=[Optional(), Length(max=255)])
    forwarded_doc_number = StringField(_l("Số văn bản chuyển"), validators=[Optional(), Length(max=100)])
    forwarded_doc_on = DateField(_l("Ngày văn bản chuyển"), validators=[Optional()])
    letter_type = SelectField(_l("Loại đơn (theo nội dung)"), choices=_choices(TYPE_LABELS))
    complaint_subtype = SelectField(_l("Loại khiếu nại"), choices=_choices(SUBTYPE_LABELS, "—"), default="")
    full_name = StringField(_l("Họ tên người viết đơn"), validators=[Optional(), Length(max=200)])
    id_type = SelectField(_l("Loại giấy tờ"), choices=_choices(ID_TYPE_LABELS, "—"), default="")
    id_number = StringField(_l("Số giấy tờ"), validators=[Optional(), Length(max=32)])
    address = StringField(_l("Địa chỉ"), validators=[Optional(), Length(max=500)])
    phone = StringField(_l("Điện thoại"), validators=[Optional(), Length(max=32)])
    signer_kind = SelectField(_l("Người đứng tên"), choices=_choices(SIGNER_LABELS))
    signer_count = IntegerField(
        _l("Số người đứng tên"), default=1, validators=[Optional(), NumberRange(min=0, max=10000)]
    )
    respondent = StringField(
        _l("Người, cơ quan bị khiếu nại, tố cáo"), validators=[Optional(), Length(max=500)]
    )
    place_text = StringField(_l("Nơi phát sinh vụ việc"), validators=[Optional(), Length(max=500)])
    summary = TextAreaField(_l("Tóm tắt nội dung"), validators=[DataRequired(), Length(max=5000)])
    prior_resolution = SelectField(_l("Tình trạng giải quyết khi nhận"), choices=_choices(PRIOR_LABELS))
    is_confidential = BooleanField(_l("Mật"))
    is_urgent = BooleanField(_l("Khẩn"))
    result_requested = BooleanField(_l("Công dân yêu cầu được thông báo kết quả"))
    # Duplicate step: shown once candidates were found.
    checked = HiddenField()
    duplicate_decision = SelectField(
        _l("Quyết định về đơn trùng"), choices=_choices(DECISION_LABELS), default=DuplicateDecision.NEW.value
    )
    duplicate_of = IntegerField(_l("Đơn đã chọn"), validators=[Optional()])
    duplicate_category = SelectField(_l("Loại đơn trùng"), choices=[], validate_choice=False)


class LetterSearchForm(FlaskForm):
    text = StringField(_l("Tìm kiếm (không cần dấu)"), validators=[Optional(), Length(max=200)])


class LetterClassifyForm(FlaskForm):
    version = HiddenField()
    declared_type = SelectField(_l("Loại đơn (theo nội dung)"), choices=_choices(TYPE_LABELS))
    complaint_subtype = SelectField(_l("Loại khiếu nại"), choices=_choices(SUBTYPE_LABELS, "—"), default="")
    writer_identified = BooleanField(_l("Xác định được người viết đơn"), default=True)
    in_vietnamese = BooleanField(_l("Viết bằng tiếng Việt (hoặc có bản dịch công chứng)"), default=True)
    dated = BooleanField(_l("Có ghi ngày, tháng, năm"), default=True)
    has_name_address = BooleanField(_l("Có họ tên, địa chỉ người viết"), default=True)
    signed = BooleanField(_l("Có chữ ký hoặc điểm chỉ"), default=True)
    content_complete = BooleanField(_l("Nội dung đủ theo loại đơn"), default=True)
    field_item = SelectField(_l("Lĩnh vực"), choices=[], validate_choice=False)
    competent_body = StringField(_l("Người, cơ quan có thẩm quyền"), validators=[Optional(), Length(max=255)])
    within_competence = SelectField(
        _l("Thuộc thẩm quyền"),
        choices=[
            SelectChoice("", _l("Chưa xác định")),
            SelectChoice("yes", _l("Có")),
            SelectChoice("no", _l("Không")),
        ],
    )
    part1_type = SelectField(_l("Nội dung 1"), choices=_choices(TYPE_LABELS, "—"), default="")
    part1_subtype = SelectField(_l("Loại khiếu nại"), choices=_choices(SUBTYPE_LABELS, "—"), default="")
    part1_summary = StringField(_l("Tóm tắt nội dung 1"), validators=[Optional(), Length(max=1000)])
    part2_type = SelectField(_l("Nội dung 2"), choices=_choices(TYPE_LABELS, "—"), default="")
    part2_subtype = SelectField(_l("Loại khiếu nại"), choices=_choices(SUBTYPE_LABELS, "—"), default="")
    part2_summary = StringField(_l("Tóm tắt nội dung 2"), validators=[Optional(), Length(max=1000)])
    main_part = SelectField(
        _l("Nội dung chính"),
        choices=[SelectChoice("1", _l("Nội dung 1")), SelectChoice("2", _l("Nội dung 2"))],
    )
    reason = StringField(_l("Lý do (khi phân loại lại)"), validators=[Optional(), Length(max=500)])


class LetterVoidForm(FlaskForm):
    reason = StringField(_l("Lý do hủy đăng ký"), validators=[DataRequired(), Length(min=5, max=500)])


class AttachmentUploadForm(FlaskForm):
    file = FileField(_l("Tệp (PDF, JPEG, PNG, TIFF)"), validators=[FileRequired()])


class ConfirmForm(FlaskForm):
    """An empty form: CSRF for POST buttons."""
