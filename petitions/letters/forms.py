"""Letter forms: input shape only (choices come from the views; no queries here)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from petitions.dates import DayField
from petitions.domain.classification import PART_TYPES, DuplicateDecision
from petitions.i18n import lazy_gettext as _l
from petitions.letters.labels import (
    CHANNEL_LABELS,
    DECISION_LABELS,
    ID_TYPE_LABELS,
    PRIOR_LABELS,
    SIGNER_LABELS,
    SUBTYPE_LABELS,
    TYPE_LABELS,
)
from petitions.request_args import coerce_optional_int

LabelKey = TypeVar("LabelKey", bound=Enum)


def label_choices(labels: Mapping[LabelKey, object], blank: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", blank)] if blank is not None else []
    return choices + [SelectChoice(key.value, label) for key, label in labels.items()]


_choices = label_choices
# A mixed letter's contents: complaint, denunciation or petition (domain.classification.PART_TYPES), never "mixed".
PART_TYPE_LABELS = {kind: label for kind, label in TYPE_LABELS.items() if kind in PART_TYPES}


class LetterRegisterForm(FlaskForm):
    received_on = DayField(_l("Ngày nhận đơn"), validators=[DataRequired()], not_after_today=True)
    letter_dated_on = DayField(_l("Ngày viết đơn"), validators=[Optional()], not_after_today=True)
    channel = SelectField(_l("Nguồn đơn"), choices=_choices(CHANNEL_LABELS))
    forwarded_by = StringField(_l("Cơ quan, tổ chức chuyển đơn"), validators=[Optional(), Length(max=255)])
    forwarded_doc_number = StringField(_l("Số văn bản chuyển"), validators=[Optional(), Length(max=100)])
    forwarded_doc_on = DayField(_l("Ngày văn bản chuyển"), validators=[Optional()], not_after_today=True)
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
    # An existing citizen chosen after a lookup (POST only; never for a denunciation's writer).
    chosen_citizen = IntegerField(_l("Hồ sơ công dân đã có"), validators=[Optional()])
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
    # Routing (petitions.routing): the facts the rules read, and the body (blank: the system's proposal).
    place_unit = SelectField(_l("Địa bàn phát sinh vụ việc (xã, phường)"), coerce=coerce_optional_int, validators=[Optional()])
    respondent_level = SelectField(_l("Cấp của người, cơ quan bị khiếu nại, tố cáo"), choices=[], default="")
    respondent_agency = SelectField(
        _l("Cơ quan bị khiếu nại, tố cáo (nếu có trong danh mục)"), coerce=coerce_optional_int, validators=[Optional()]
    )
    competent_agency = SelectField(_l("Cơ quan có thẩm quyền"), coerce=coerce_optional_int, validators=[Optional()])
    routing_override_reason = TextAreaField(
        _l("Lý do chọn cơ quan khác cơ quan hệ thống đề xuất"), validators=[Optional(), Length(max=500)],
        render_kw={"rows": 2},
    )
    within_competence = SelectField(
        _l("Thuộc thẩm quyền"),
        choices=[
            SelectChoice("", _l("Chưa xác định")),
            SelectChoice("yes", _l("Có")),
            SelectChoice("no", _l("Không")),
        ],
    )
    # A complaint's time limit (DOMAIN §5 D12, D13, D16).
    decision_known_on = DayField(
        _l("Ngày nhận được hoặc biết được quyết định, hành vi bị khiếu nại"),
        validators=[Optional()],
        not_after_today=True,
    )
    is_dismissal = BooleanField(_l("Quyết định kỷ luật buộc thôi việc"))
    is_remote = BooleanField(_l("Người khiếu nại ở vùng sâu, vùng xa (khiếu nại lần hai)"))
    obstacle1_from = DayField(_l("Trở ngại khách quan 1: từ ngày"), validators=[Optional()], not_after_today=True)
    obstacle1_to = DayField(_l("Trở ngại khách quan 1: đến ngày"), validators=[Optional()], not_after_today=True)
    obstacle2_from = DayField(_l("Trở ngại khách quan 2: từ ngày"), validators=[Optional()], not_after_today=True)
    obstacle2_to = DayField(_l("Trở ngại khách quan 2: đến ngày"), validators=[Optional()], not_after_today=True)
    part1_type = SelectField(_l("Nội dung 1"), choices=_choices(PART_TYPE_LABELS, "—"), default="")
    part1_subtype = SelectField(_l("Loại khiếu nại"), choices=_choices(SUBTYPE_LABELS, "—"), default="")
    part1_summary = StringField(_l("Tóm tắt nội dung 1"), validators=[Optional(), Length(max=1000)])
    part2_type = SelectField(_l("Nội dung 2"), choices=_choices(PART_TYPE_LABELS, "—"), default="")
    part2_subtype = SelectField(_l("Loại khiếu nại"), choices=_choices(SUBTYPE_LABELS, "—"), default="")
    part2_summary = StringField(_l("Tóm tắt nội dung 2"), validators=[Optional(), Length(max=1000)])
    main_part = SelectField(
        _l("Nội dung chính"),
        choices=[SelectChoice("1", _l("Nội dung 1")), SelectChoice("2", _l("Nội dung 2"))],
    )
    reason = StringField(_l("Lý do (khi phân loại lại)"), validators=[Optional(), Length(max=500)])


class LetterAssignForm(FlaskForm):
    version = HiddenField()
    officer = SelectField(_l("Cán bộ được giao xử lý"), choices=[], coerce=int, validate_choice=True)
    direction = TextAreaField(_l("Ý kiến chỉ đạo"), validators=[Optional(), Length(max=2000)])


class LetterVoidForm(FlaskForm):
    reason = StringField(_l("Lý do hủy đăng ký"), validators=[DataRequired(), Length(min=5, max=500)])


class AttachmentUploadForm(FlaskForm):
    file = FileField(_l("Tệp (PDF, JPEG, PNG, TIFF)"), validators=[FileRequired()])


class LetterDestroyForm(FlaskForm):
    """The leader's selection of filed letters past retention (D11), and the confirmation."""

    letter_ids = SelectMultipleField(_l("Đơn cần hủy"), choices=[], coerce=int, validate_choice=False)
    confirm = BooleanField(
        _l("Tôi xác nhận hủy các đơn đã chọn: thông tin cá nhân, nội dung và tệp đính kèm sẽ bị xóa vĩnh viễn."),
        validators=[DataRequired(_l("Vui lòng xác nhận việc hủy đơn."))],
    )


class ConfirmForm(FlaskForm):
    """An empty form: CSRF for POST buttons."""


# Handling (petitions.letters.handling): one small form per transition; the views fill the choices.


class LetterHandOverForm(FlaskForm):
    version = HiddenField()
    agency = SelectField(_l("Cơ quan được giao tham mưu, xác minh"), choices=[], coerce=int, validate_choice=True)
    direction = TextAreaField(_l("Ý kiến chỉ đạo"), validators=[DataRequired(), Length(min=5, max=2000)])


class LetterProposeForm(FlaskForm):
    version = HiddenField()
    paper = SelectField(_l("Hướng xử lý (văn bản dự thảo)"), choices=[], validate_choice=True)
    receiver = SelectField(_l("Cơ quan nhận"), choices=[], default="", validate_choice=True)
    receiver_reason = TextAreaField(
        _l("Lý do gửi cơ quan khác cơ quan có thẩm quyền đã xác định"), validators=[Optional(), Length(max=500)]
    )
    reason = TextAreaField(_l("Lý do, căn cứ"), validators=[Optional(), Length(max=2000)])
    direction = TextAreaField(_l("Nội dung đề nghị"), validators=[Optional(), Length(max=2000)])


class LetterCommentForm(FlaskForm):
    version = HiddenField()
    comment = TextAreaField(_l("Ý kiến"), validators=[Optional(), Length(max=500)])


class LetterReasonForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(_l("Lý do"), validators=[DataRequired(), Length(min=5, max=500)])


class LetterVersionForm(FlaskForm):
    version = HiddenField()


class LetterCorrectForm(FlaskForm):
    """A correction (đính chính) of the recorded received date or filing date, with its reason (domain.corrections)."""

    version = HiddenField()
    received_on = DayField(
        _l("Ngày nhận đơn"), validators=[DataRequired(_l("Vui lòng nhập ngày nhận đơn."))], not_after_today=True
    )
    filed_on = DayField(_l("Ngày lưu đơn"), validators=[Optional()], not_after_today=True)
    reason = TextAreaField(
        _l("Lý do đính chính"),
        validators=[DataRequired(_l("Vui lòng ghi lý do đính chính.")), Length(max=500)],
    )
    confirm = BooleanField(
        _l("Tôi xác nhận thông tin trên được ghi sai và cần đính chính; thời hạn của đơn sẽ được tính lại."),
        validators=[DataRequired(_l("Vui lòng đánh dấu xác nhận đính chính."))],
    )
