"""Directory forms: agencies, administrative units, list items, reorganisations. Input shape only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from petitions.dates import DayField
from petitions.domain.issuers import AgencyLevel, OfficialRole
from petitions.domain.records import UnitLevel
from petitions.domain.reorganisation import ReorgKind
from petitions.i18n import lazy_gettext as _l

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


AGENCY_LEVEL_LABELS = {
    AgencyLevel.PROVINCE: _l("Ủy ban nhân dân tỉnh"),
    AgencyLevel.OFFICE: _l("Văn phòng UBND tỉnh"),
    AgencyLevel.UNIT: _l("Đơn vị thuộc Văn phòng, Sở (Ban Tiếp công dân …)"),
    AgencyLevel.DEPARTMENT: _l("Sở, Thanh tra tỉnh"),
    AgencyLevel.COMMUNE: _l("Ủy ban nhân dân xã, phường, đặc khu"),
}
NO_LEVEL = ""

OFFICIAL_ROLE_LABELS = {
    OfficialRole.HEAD: _l("Người đứng đầu (ký trực tiếp; TM. nếu là UBND)"),
    OfficialRole.DEPUTY: _l("Cấp phó (KT.)"),
    OfficialRole.CHIEF_OF_OFFICE: _l("Chánh Văn phòng ký thừa lệnh (TL.)"),
    OfficialRole.ACTING_HEAD: _l("Quyền người đứng đầu (Q.)"),
    OfficialRole.AUTHORISED: _l("Được ủy quyền (TUQ.)"),
}


def parse_drafting_units(text: str) -> list[dict[str, str]]:
    """'TCD | Phòng Tiếp công dân' per line → [{"code": "TCD", "name": "Phòng Tiếp công dân"}]."""
    units = []
    for line in (text or "").splitlines():
        code, _bar, name = line.partition("|")
        if code.strip():
            units.append({"code": code.strip(), "name": name.strip()})
    return units


def format_drafting_units(units: Iterable[dict[str, str]]) -> str:
    return "\n".join(f"{unit.get('code', '')} | {unit.get('name', '')}".rstrip(" |") for unit in units)


class AgencyForm(VersionedForm, ValidityMixin):
    code = StringField(_l("Mã cơ quan (mã nội bộ)"), validators=[DataRequired(_l("Vui lòng nhập mã.")), Length(max=32)])
    name = StringField(_l("Tên cơ quan, đơn vị"), validators=[DataRequired(_l("Vui lòng nhập tên.")), Length(max=255)])
    short_name = StringField(_l("Tên gọi tắt (trên màn hình)"), validators=[Optional(), Length(max=64)])
    parent_id = SelectField(_l("Cơ quan cấp trên"), coerce=int, validators=[InputRequired()])
    level = SelectField(
        _l("Cấp"),
        choices=[SelectChoice(NO_LEVEL, _l("(chưa phân loại)"))]
        + [SelectChoice(level.value, label) for level, label in AGENCY_LEVEL_LABELS.items()],
        validators=[Optional()],
    )
    official_name = StringField(
        _l("Tên chính thức (VD: Ban Tiếp công dân tỉnh Quảng Ninh)"), validators=[Optional(), Length(max=255)]
    )
    heading_parent = StringField(
        _l("Dòng cơ quan chủ quản trên văn bản (để trống với HĐND, UBND; VD: UBND tỉnh Quảng Ninh)"),
        validators=[Optional(), Length(max=255)],
    )
    heading_name = StringField(
        _l("Dòng tên cơ quan ban hành (in đậm; để trống: tên chính thức)"), validators=[Optional(), Length(max=255)]
    )
    place_name = StringField(
        _l("Địa danh ghi trước ngày tháng (VD: Quảng Ninh, Tiên Yên, Phường 1)"),
        validators=[Optional(), Length(max=100)],
    )
    abbreviation = StringField(
        _l("Tên viết tắt trong số, ký hiệu văn bản (VD: BTCD; UBND xã: UBND)"),
        validators=[Optional(), Length(max=32)],
    )
    drafting_units = TextAreaField(
        _l("Đơn vị soạn thảo (mỗi dòng: viết tắt | tên; VD: TCD | Phòng Tiếp công dân)"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 3},
    )
    # wtforms' Email runs email_validator (in requirements.lock), no DNS lookup; the service normalises it.
    email = StringField(
        _l("Thư điện tử nhận thông báo văn bản (VD: vanthu@stnmt.quangninh.gov.vn; để trống: không gửi)"),
        validators=[Optional(), Length(max=320), Email(_l("Địa chỉ thư điện tử không hợp lệ."), allow_smtputf8=False)],
        filters=(lambda value: value.strip() if isinstance(value, str) else value,),  # a pasted address's spaces
        render_kw={"type": "email", "autocomplete": "off"},
    )


class OfficialForm(VersionedForm, ValidityMixin):
    role = SelectField(
        _l("Vai trò khi ký"), choices=[SelectChoice(role.value, label) for role, label in OFFICIAL_ROLE_LABELS.items()]
    )
    title = StringField(
        _l("Chức vụ (VD: Phó Chủ tịch, Chánh Văn phòng)"),
        validators=[DataRequired(_l("Vui lòng nhập chức vụ.")), Length(max=120)],
    )
    name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Vui lòng nhập họ tên.")), Length(max=120)])


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


REORG_KIND_LABELS = {
    ReorgKind.MERGE: _l("Hợp nhất, sáp nhập (nhiều thành một)"),
    ReorgKind.SPLIT: _l("Chia tách (một thành nhiều)"),
    ReorgKind.RENAME: _l("Đổi tên (bản ghi mới mang tên mới)"),
}
FIRST_NEW = 0  # the default successor choice "the first new one listed"


class ReorganisationForm(FlaskForm):
    """A merge, split or rename on a date: chosen, previewed (no `apply`), then confirmed (`apply` = 1)."""

    kind = SelectField(
        _l("Hình thức sắp xếp"), choices=[SelectChoice(kind.value, label) for kind, label in REORG_KIND_LABELS.items()]
    )
    source_ids = SelectMultipleField(
        _l("Bị sắp xếp (chọn một hoặc nhiều)"), coerce=int, validators=[DataRequired(_l("Vui lòng chọn."))],
        render_kw={"size": 8},
    )
    target_ids = SelectMultipleField(
        _l("Kế thừa: cơ quan, đơn vị đã có"), coerce=int, validators=[Optional()], render_kw={"size": 8}
    )
    new_targets = TextAreaField(
        _l("Kế thừa: cơ quan, đơn vị mới (mỗi dòng: mã | tên)"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 2},
    )
    default_target_id = SelectField(
        _l("Chia tách: nhận các việc không xác định được địa bàn, người dùng và đơn vị trực thuộc"),
        coerce=int,
        validators=[InputRequired()],
    )
    effective_on = DayField(_l("Có hiệu lực từ ngày"), validators=[DataRequired(_l("Vui lòng nhập ngày có hiệu lực."))])
    decision_reference = StringField(
        _l("Căn cứ (số, ngày nghị quyết, quyết định)"),
        validators=[DataRequired(_l("Vui lòng ghi căn cứ.")), Length(max=255)],
    )
    reason = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=200)], render_kw={"rows": 2})
    fingerprint = HiddenField()
    apply = HiddenField()
