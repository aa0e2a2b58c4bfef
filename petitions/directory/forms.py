"""Directory forms: agencies, administrative units, list items, merges. Input shape only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from petitions.dates import DayField
from petitions.domain.records import UnitLevel

if TYPE_CHECKING:
    from petitions.directory.models import ReferenceItem

NO_PARENT = 0  # the "none" choice of an optional parent select


def item_choices(items: Iterable[ReferenceItem]) -> list[SelectChoice]:
    """Reference-list items for a select field (value: the item's id); children indented under their parent."""
    return [SelectChoice(item.id, ("— " if item.parent_id else "") + item.label) for item in items]

UNIT_LEVEL_LABELS = {
    UnitLevel.PROVINCE: _l("Tỉnh, thành phố"),
    UnitLevel.DISTRICT: _l("Huyện, quận, thị xã (trước 01/07/2025)"),
    UnitLevel.COMMUNE: _l("Xã, phường, đặc khu"),
}


def optional_id(value: int) -> int | None:
    return value or None


class VersionedForm(FlaskForm):
    """Edit forms post back the version they were loaded from (optimistic concurrency)."""

    version = HiddenField()


class ValidityMixin:
    valid_from = DayField(_l("Hiệu lực từ ngày"), validators=[Optional()])
    valid_to = DayField(_l("Hiệu lực đến hết ngày"), validators=[Optional()])


class AgencyForm(VersionedForm, ValidityMixin):
    code = StringField(_l("Mã cơ quan"), validators=[DataRequired(_l("Vui lòng nhập mã.")), Length(max=32)])
    name = StringField(_l("Tên cơ quan, đơn vị"), validators=[DataRequired(_l("Vui lòng nhập tên.")), Length(max=255)])
    short_name = StringField(_l("Tên viết tắt"), validators=[Optional(), Length(max=64)])
    parent_id = SelectField(_l("Cơ quan cấp trên"), coerce=int, validators=[InputRequired()])


class UnitForm(VersionedForm, ValidityMixin):
    code = StringField(_l("Mã đơn vị hành chính"), validators=[DataRequired(_l("Vui lòng nhập mã.")), Length(max=16)])
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(_l("Vui lòng nhập tên.")), Length(max=255)])
    level = SelectField(_l("Cấp"), choices=[SelectChoice(level.value, label) for level, label in UNIT_LEVEL_LABELS.items()])
    parent_id = SelectField(_l("Đơn vị cấp trên"), coerce=int, validators=[InputRequired()])


class ReferenceItemForm(VersionedForm, ValidityMixin):
    code = StringField(_l("Mã"), validators=[DataRequired(_l("Vui lòng nhập mã.")), Length(max=48)])
    label = TextAreaField(_l("Nội dung"), validators=[DataRequired(_l("Vui lòng nhập nội dung.")), Length(max=500)])
    parent_id = SelectField(_l("Thuộc mục"), coerce=int, validators=[InputRequired()])
    sort_order = IntegerField(_l("Thứ tự"), default=0, validators=[Optional()])
    legal_basis = StringField(_l("Căn cứ pháp lý"), validators=[Optional(), Length(max=255)])


class MergeForm(FlaskForm):
    target_id = SelectField(_l("Sáp nhập vào"), coerce=int, validators=[InputRequired()])
    merged_on = DayField(_l("Từ ngày"), validators=[DataRequired(_l("Vui lòng nhập ngày sáp nhập."))])
    reason = TextAreaField(
        _l("Căn cứ (số, ngày quyết định)"), validators=[DataRequired(_l("Vui lòng ghi căn cứ.")), Length(max=400)]
    )
