"""Routing forms: a rule, ending a rule, the "try the rules" facts. Input shape only (choices from the views)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from petitions.dates import DayField
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.i18n import lazy_gettext as _l
from petitions.request_args import coerce_optional_int
from petitions.routing.labels import RESPONDENT_LEVEL_LABELS, TARGET_LABELS

TYPE_LABELS = {
    LetterType.COMPLAINT: _l("Khiếu nại"),
    LetterType.DENUNCIATION: _l("Tố cáo"),
    LetterType.PETITION: _l("Kiến nghị, phản ánh"),
    LetterType.ANONYMOUS: _l("Thông tin tố cáo không rõ người tố cáo"),
}
SUBTYPE_LABELS = {
    ComplaintSubtype.ADMINISTRATIVE: _l("Quyết định, hành vi hành chính"),
    ComplaintSubtype.DISCIPLINARY: _l("Quyết định kỷ luật"),
}
ANY = _l("(mọi trường hợp)")


def respondent_level_choices(blank: object) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(k.value, v) for k, v in RESPONDENT_LEVEL_LABELS.items()]


def _enum_choices(labels: Mapping[Any, object], blank: object = ANY) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(key.value, label) for key, label in labels.items()]


class RoutingRuleForm(FlaskForm):
    version = HiddenField()
    code = StringField(_l("Mã quy tắc"), validators=[DataRequired(_l("Vui lòng nhập mã.")), Length(max=32)])
    name = StringField(_l("Tên quy tắc"), validators=[DataRequired(_l("Vui lòng nhập tên.")), Length(max=255)])
    letter_type = SelectField(_l("Loại đơn"), choices=_enum_choices(TYPE_LABELS), default="")
    complaint_subtype = SelectField(_l("Loại khiếu nại"), choices=_enum_choices(SUBTYPE_LABELS), default="")
    field_item = SelectField(_l("Lĩnh vực (gồm các lĩnh vực con)"), coerce=coerce_optional_int, validators=[Optional()])
    place_unit = SelectField(
        _l("Địa bàn (gồm các đơn vị trực thuộc)"), coerce=coerce_optional_int, validators=[Optional()]
    )
    respondent_level = SelectField(
        _l("Người, cơ quan bị khiếu nại, tố cáo"), choices=respondent_level_choices(ANY), default=""
    )
    target_kind = SelectField(
        _l("Cơ quan có thẩm quyền"), choices=[SelectChoice(k.value, v) for k, v in TARGET_LABELS.items()]
    )
    target_agency = SelectField(
        _l("Cơ quan cụ thể (khi chọn «Một cơ quan cụ thể»)"), coerce=coerce_optional_int, validators=[Optional()]
    )
    valid_from = DayField(_l("Hiệu lực từ ngày"), validators=[Optional()])
    valid_to = DayField(_l("Hiệu lực đến hết ngày"), validators=[Optional()])
    legal_basis = StringField(_l("Căn cứ pháp lý"), validators=[Optional(), Length(max=255)])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class RoutingRuleEndForm(FlaskForm):
    version = HiddenField()
    last_day = DayField(_l("Áp dụng đến hết ngày"), validators=[DataRequired(_l("Vui lòng nhập ngày."))])


class RoutingTryForm(FlaskForm):
    """The facts of a letter to try the rules on (a GET form: no state changes, no CSRF)."""

    class Meta:
        csrf = False

    letter_type = SelectField(_l("Loại đơn"), choices=[SelectChoice(k.value, v) for k, v in TYPE_LABELS.items()])
    complaint_subtype = SelectField(_l("Loại khiếu nại"), choices=_enum_choices(SUBTYPE_LABELS, "—"), default="")
    field_item = SelectField(_l("Lĩnh vực"), coerce=coerce_optional_int, validators=[Optional()])
    place_unit = SelectField(_l("Địa bàn phát sinh vụ việc"), coerce=coerce_optional_int, validators=[Optional()])
    respondent_level = SelectField(
        _l("Người, cơ quan bị khiếu nại, tố cáo"), choices=respondent_level_choices("—"), default=""
    )
    respondent_agency = SelectField(
        _l("Cơ quan bị khiếu nại, tố cáo (trong danh mục)"), coerce=coerce_optional_int, validators=[Optional()]
    )
    on = DayField(_l("Ngày áp dụng"), validators=[Optional()])
