"""Deadline forms: the calculator (a GET form, it changes nothing) and the calendar editor. Input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from petitions.dates import DayField
from petitions.domain.calendar_data import DAY_KIND_LABELS, DayKind
from petitions.domain.deadlines import RULES_BY_ID, VARIANT_LABELS, Variant
from petitions.i18n import lazy_gettext as _l

PERIOD_ROWS = 3


def rule_choices() -> list[SelectChoice]:
    """ "D10 — xử lý đơn (10 ngày làm việc)": the latest generation's act and period."""
    choices = []
    for rule_id, generations in RULES_BY_ID.items():
        latest = generations[-1]
        periods = " / ".join(dict.fromkeys(g.period_text() for g in generations))
        choices.append(SelectChoice(rule_id, f"{rule_id} — {latest.act} ({periods})"))
    return choices


class PeriodForm(Form):
    """One pause (suspension date → resumption date) or obstacle (first → last day) row."""

    start = DayField(_l("Từ ngày"), validators=[Optional()])
    end = DayField(_l("Đến ngày"), validators=[Optional()])


class CalculatorForm(FlaskForm):
    """Read-only: sent by GET, so no CSRF token (nothing is written)."""

    class Meta:
        csrf = False

    rule = SelectField(_l("Thời hạn"), choices=rule_choices)
    trigger = DayField(
        _l("Ngày bắt đầu tính (ngày xảy ra sự kiện)"), validators=[InputRequired(_l("Vui lòng nhập ngày."))]
    )
    remote = BooleanField(VARIANT_LABELS[Variant.REMOTE])
    complex = BooleanField(VARIANT_LABELS[Variant.COMPLEX])
    very_complex = BooleanField(VARIANT_LABELS[Variant.VERY_COMPLEX])
    several_places = BooleanField(VARIANT_LABELS[Variant.SEVERAL_PLACES])
    second = BooleanField(VARIANT_LABELS[Variant.SECOND])
    dismissal = BooleanField(VARIANT_LABELS[Variant.DISMISSAL])
    requested = BooleanField(VARIANT_LABELS[Variant.REQUESTED])
    base = IntegerField(_l("Số ngày do cơ quan đặt (chỉ D10)"), validators=[Optional()])
    extensions = IntegerField(
        _l("Số lần gia hạn"), default=0, validators=[Optional(), NumberRange(0, 9, _l("Từ 0 đến 9 lần."))]
    )
    extension_days = IntegerField(
        _l("Số ngày mỗi lần gia hạn"),
        default=30,
        validators=[Optional(), NumberRange(1, 365, _l("Từ 1 đến 365 ngày."))],
    )
    pauses = FieldList(FormField(PeriodForm), min_entries=PERIOD_ROWS, max_entries=PERIOD_ROWS)
    obstacles = FieldList(FormField(PeriodForm), min_entries=PERIOD_ROWS, max_entries=PERIOD_ROWS)

    VARIANT_FIELDS = (
        ("remote", Variant.REMOTE),
        ("complex", Variant.COMPLEX),
        ("very_complex", Variant.VERY_COMPLEX),
        ("several_places", Variant.SEVERAL_PLACES),
        ("second", Variant.SECOND),
        ("dismissal", Variant.DISMISSAL),
        ("requested", Variant.REQUESTED),
    )

    def variant_values(self) -> list[str]:
        return [variant.value for name, variant in self.VARIANT_FIELDS if self[name].data]

    def variant_fields(self) -> list[object]:
        return [self[name] for name, _ in self.VARIANT_FIELDS]


KIND_CHOICES = [SelectChoice(kind.value, label) for kind, label in DAY_KIND_LABELS.items()]


class CalendarDayForm(FlaskForm):
    """A day off or a make-up working day; for a confirmed year also the government notice of the change."""

    day = DayField(_l("Ngày"), validators=[InputRequired(_l("Vui lòng nhập ngày."))])
    kind = SelectField(_l("Loại ngày"), choices=KIND_CHOICES, default=DayKind.SWAP.value)
    name = StringField(
        _l("Tên ngày"), validators=[DataRequired(_l("Vui lòng ghi tên ngày.")), Length(max=255)]
    )
    decision_no = StringField(_l("Số văn bản, thông báo"), validators=[Optional(), Length(max=100)])
    source = StringField(_l("Nguồn"), validators=[Optional(), Length(max=255)])
    decision_numbers = StringField(
        _l("Văn bản làm căn cứ sửa lịch (bắt buộc khi sửa lịch đã xác nhận)"),
        validators=[Optional(), Length(max=500)],
    )
    apply = HiddenField()


class CalendarDeleteForm(FlaskForm):
    decision_numbers = StringField(
        _l("Văn bản làm căn cứ sửa lịch (bắt buộc khi sửa lịch đã xác nhận)"),
        validators=[Optional(), Length(max=500)],
    )
    apply = HiddenField()


class CalendarConfirmForm(FlaskForm):
    decision_numbers = StringField(
        _l("Số văn bản, thông báo của Chính phủ về lịch nghỉ lễ năm này"),
        validators=[DataRequired(_l("Vui lòng ghi số văn bản.")), Length(max=500)],
    )
    notes = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])
