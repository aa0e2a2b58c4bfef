"""Forms of the national-database entries: input shape only (the rules are petitions.domain.national's)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from petitions.dates import DayField
from petitions.domain.national import REASON_MAX_LENGTH, REFERENCE_MAX_LENGTH
from petitions.i18n import lazy_gettext as _l


class EntryMarkForm(FlaskForm):
    """Mark a pending record entered: the day and the reference the national database gave it."""

    version = HiddenField()
    entered_on = DayField(_l("Ngày nhập"), validators=[DataRequired()], not_after_today=True)
    reference = StringField(_l("Mã hồ sơ trên CSDL quốc gia"), validators=[DataRequired(), Length(max=REFERENCE_MAX_LENGTH)])


class EntryCorrectForm(FlaskForm):
    """Correct an entered record's day or reference, saying why."""

    version = HiddenField()
    entered_on = DayField(_l("Ngày nhập"), validators=[DataRequired()], not_after_today=True)
    reference = StringField(_l("Mã hồ sơ trên CSDL quốc gia"), validators=[DataRequired(), Length(max=REFERENCE_MAX_LENGTH)])
    reason = TextAreaField(_l("Lý do sửa"), validators=[DataRequired(), Length(max=REASON_MAX_LENGTH)])
