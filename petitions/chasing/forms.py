"""The chasing forms: input shape only (the services check the rest)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length

from petitions.i18n import lazy_gettext as _l


class ChaseBuildForm(FlaskForm):
    """The leader builds today's list for the office (the same as the daily `petitions chase`)."""


# How an approved step's paper is numbered: at once with the register's next number, or by the văn thư.
ISSUE_CHOICES = [
    SelectChoice("issue", _l("Duyệt và ban hành ngay (cấp số tiếp theo của sổ văn bản đi)")),
    SelectChoice("draft", _l("Duyệt, chờ văn thư cấp số")),
]


def _issue_field() -> RadioField:
    return RadioField(_l("Ban hành"), choices=ISSUE_CHOICES, default="draft", validators=[DataRequired()])


class ChaseApproveForm(FlaskForm):
    version = HiddenField()
    # The step: the proposed one, or at the third rung the other (the view fills the choices).
    step = SelectField(_l("Bước"), choices=[], validate_choice=True)
    issue = _issue_field()


class ChaseBulkApproveForm(FlaskForm):
    """Several proposed steps of the list approved at once (each as its proposed step), numbered one way."""

    chase_ids = SelectMultipleField(_l("Bước đôn đốc đã chọn"), choices=[], coerce=int, validate_choice=False)
    issue = _issue_field()


class ChaseSkipForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(_l("Lý do bỏ qua"), validators=[DataRequired(), Length(min=5, max=500)])
