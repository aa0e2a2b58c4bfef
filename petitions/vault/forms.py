"""Vault forms: the purpose of a reveal."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from petitions.i18n import lazy_gettext as _l


class RevealForm(FlaskForm):
    purpose = TextAreaField(
        _l("Mục đích xem danh tính"),
        validators=[DataRequired(_l("Vui lòng ghi rõ mục đích.")), Length(min=5, max=300, message=_l("Từ 5 đến 300 ký tự."))],
    )
