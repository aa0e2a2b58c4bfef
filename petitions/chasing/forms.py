"""The chasing forms: input shape only (the services check the rest)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from petitions.i18n import lazy_gettext as _l


class ChaseBuildForm(FlaskForm):
    """The leader builds today's list for the office (the same as the daily `petitions chase`)."""


class ChaseApproveForm(FlaskForm):
    version = HiddenField()
    # The step: the proposed one, or at the third rung the other (the view fills the choices).
    step = SelectField(_l("Bước"), choices=[], validate_choice=True)
    issue = RadioField(
        _l("Ban hành"),
        choices=[
            SelectChoice("issue", _l("Duyệt và ban hành ngay (cấp số tiếp theo của sổ văn bản đi)")),
            SelectChoice("draft", _l("Duyệt, chờ văn thư cấp số")),
        ],
        default="draft",
        validators=[DataRequired()],
    )


class ChaseSkipForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(_l("Lý do bỏ qua"), validators=[DataRequired(), Length(min=5, max=500)])
