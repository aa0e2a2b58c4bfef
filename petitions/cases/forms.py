"""Case forms: the list's search, and the transition forms of the case page (input shape only)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from petitions.i18n import lazy_gettext as _l


class CaseSearchForm(FlaskForm):
    text = StringField(_l("Tìm trong nội dung vụ việc (không cần dấu)"), validators=[Optional(), Length(max=200)])
