"""Document forms: the draft form (built per template, from its declared fields) and the action forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from petitions.dates import DayField
from petitions.documents.labels import AUTHORITY_LABELS, RECORD_TYPE_LABELS, field_label
from petitions.domain.issuers import SignatureOption
from petitions.i18n import lazy_gettext as _l
from petitions.printing import Authority, DocumentTemplate

FIELD_PREFIX = "f_"
LONG_FIELDS = frozenset({"subject", "matter", "bring", "citizen_address", "provider_address"})


class DraftFormBase(FlaskForm):
    """Common parts of every draft; the template's own fields are added by draft_form_class()."""

    version = HiddenField()
    issuing_agency_id = SelectField(_l("Cơ quan ban hành"), coerce=int)
    place = StringField(
        _l("Địa danh (để trống: địa danh của cơ quan ban hành)"), validators=[Optional(), Length(max=100)]
    )
    recipients = TextAreaField(
        _l("Kính gửi (mỗi dòng một nơi)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    body = TextAreaField(
        _l("Nội dung (các đoạn cách nhau một dòng trống)"),
        validators=[Optional(), Length(max=20000)],
        render_kw={"rows": 8},
    )
    copies_to = TextAreaField(
        _l("Nơi nhận khác (mỗi dòng một nơi; “Như trên” tự in khi có Kính gửi)"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 3},
    )
    archive_unit = StringField(_l("Đơn vị lưu (sau “Lưu: VT,”)"), validators=[Optional(), Length(max=64)])
    signer_option = SelectField(_l("Người ký (lãnh đạo của cơ quan ban hành)"), validators=[Optional()])
    signer_authority = SelectField(_l("Thẩm quyền ký"))
    signer_principal = StringField(
        _l("Ký thay / thay mặt cho (VD: Trưởng ban)"), validators=[Optional(), Length(max=200)]
    )
    signer_position = StringField(_l("Chức vụ người ký"), validators=[Optional(), Length(max=200)])
    signer_name = StringField(_l("Họ tên người ký"), validators=[Optional(), Length(max=200)])
    record_type = SelectField(
        _l("Liên quan đến"),
        choices=[SelectChoice("", _l("(không)"))]
        + [SelectChoice(code, label) for code, label in RECORD_TYPE_LABELS.items()],
        validators=[Optional()],
    )
    record_id = IntegerField(_l("Số hiệu bản ghi liên quan"), validators=[Optional(), NumberRange(min=1)])

    template_field_names: tuple[str, ...] = ()

    def template_fields(self) -> list[Any]:
        return [self[FIELD_PREFIX + name] for name in self.template_field_names]

    def field_values(self) -> dict[str, str]:
        return {name: (self[FIELD_PREFIX + name].data or "").strip() for name in self.template_field_names}


def draft_form_class(template: DocumentTemplate) -> type[DraftFormBase]:
    """A form class with one input per field the template declares (all optional in a draft)."""
    attrs: dict[str, Any] = {"template_field_names": template.fields}
    for name in template.fields:
        kind = TextAreaField if name in LONG_FIELDS else StringField
        extra = {"render_kw": {"rows": 2}} if kind is TextAreaField else {}
        attrs[FIELD_PREFIX + name] = kind(
            field_label(name), validators=[Optional(), Length(max=2000)], **extra
        )
    return type(f"DraftForm_{template.code}", (DraftFormBase,), attrs)


MANUAL_SIGNER = ""  # the signer_option value: the signer typed in the fields below


def signer_option_choices(options: Iterable[SignatureOption]) -> list[SelectChoice]:
    """The body's officials who may sign, then the hand-typed signer."""
    return [SelectChoice(option.key, option.label()) for option in options] + [
        SelectChoice(MANUAL_SIGNER, _l("(ghi tay ở các ô dưới đây)"))
    ]


def authority_choices(template: DocumentTemplate) -> list[SelectChoice]:
    allowed = template.signer_authorities or tuple(Authority)
    return [SelectChoice(authority.value, AUTHORITY_LABELS[authority]) for authority in allowed]


class IssueForm(FlaskForm):
    """Take the next number of the app's register (dated today)."""

    version = HiddenField()


class VanThuForm(FlaskForm):
    """Record the number and date the agency's văn thư gave."""

    version = HiddenField()
    number = IntegerField(
        _l("Số văn bản"),
        validators=[DataRequired(_l("Vui lòng ghi số.")), NumberRange(min=1, message=_l("Số bắt đầu từ 1."))],
    )
    issue_date = DayField(_l("Ngày văn bản"), validators=[DataRequired(_l("Vui lòng ghi ngày."))])
    symbol = StringField(_l("Ký hiệu (để trống: theo mặc định)"), validators=[Optional(), Length(max=64)])


class VoidForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(
        _l("Lý do hủy"),
        validators=[DataRequired(_l("Vui lòng ghi lý do hủy.")), Length(max=500)],
        render_kw={"rows": 2},
    )


class AttachForm(FlaskForm):
    version = HiddenField()
    signed_file = FileField(
        _l("Bản có chữ ký (PDF)"), validators=[FileRequired(_l("Vui lòng chọn tệp PDF."))]
    )
