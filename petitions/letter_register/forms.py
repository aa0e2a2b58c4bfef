"""The letter register's range form (read by GET: dates and an agency are not personal)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError

from petitions.dates import DayField
from petitions.i18n import lazy_gettext as _l
from petitions.paperwork.forms import FORMAT_CHOICES


class RegisterForm(FlaskForm):
    """Which agency's register, from which day to which day, in which format."""

    class Meta:
        csrf = False

    agency = SelectField(_l("Sổ của cơ quan"), choices=[], validate_choice=False)
    date_from = DayField(_l("Từ ngày"), validators=[InputRequired(_l("Vui lòng nhập ngày bắt đầu."))])
    date_to = DayField(_l("Đến ngày"), validators=[InputRequired(_l("Vui lòng nhập ngày kết thúc."))])
    fmt = SelectField(_l("Định dạng"), choices=FORMAT_CHOICES, default="pdf")

    def validate_date_to(self, field: DayField) -> None:
        start: date | None = self.date_from.data
        if start is not None and field.data is not None and field.data < start:
            raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))
