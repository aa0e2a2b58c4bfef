"""The import page's and the mapping page's forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from petitions.i18n import lazy_gettext as _l


class ImportForm(FlaskForm):
    book = FileField(_l("Sổ Excel (.xlsx) theo mẫu"), validators=[FileRequired(_l("Hãy chọn tệp sổ .xlsx."))])
    agency = SelectField(_l("Cơ quan có sổ"), coerce=int, validate_choice=True)
    dry_run = BooleanField(_l("Chỉ kiểm tra, chưa nhập"), default=True)


class MappingForm(FlaskForm):
    source_text = StringField(
        _l("Giá trị như ghi trong sổ"), validators=[DataRequired(_l("Hãy nhập giá trị như trong sổ.")), Length(max=500)]
    )
    target = SelectField(_l("Nghĩa là"), validate_choice=True)
