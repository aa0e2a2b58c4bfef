"""Forms of the national-database entries: input shape only (the rules are petitions.domain.national's)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectMultipleField, StringField, TextAreaField
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


class EntryBulkForm(FlaskForm):
    """Several pending records of one kind entered on one day, each with the reference typed on its row of the
    worklist (`reference-<id>`, read by the view), and the confirmation."""

    kind = HiddenField()
    records = SelectMultipleField(_l("Hồ sơ đã nhập"), choices=[], coerce=int, validate_choice=False)
    entered_on = DayField(_l("Ngày nhập"), validators=[DataRequired()], not_after_today=True)
    confirm = BooleanField(
        _l("Tôi xác nhận các hồ sơ đã chọn đã được nhập đầy đủ vào CSDL quốc gia với mã ghi trên từng dòng."),
        validators=[DataRequired(_l("Vui lòng xác nhận."))],
    )


class ConfirmationForm(FlaskForm):
    file = FileField(
        _l("Tệp xác nhận (CSV)"), validators=[FileRequired(_l("Hãy chọn tệp xác nhận .csv."))]
    )
