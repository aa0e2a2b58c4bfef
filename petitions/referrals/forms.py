"""The referrals' forms: input shape only (the services check the rest)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from petitions.cases.labels import VERDICT_LABELS
from petitions.dates import DayField
from petitions.i18n import lazy_gettext as _l
from petitions.letters.forms import label_choices
from petitions.referrals.labels import OUTCOME_LABELS


class ReferralVersionForm(FlaskForm):
    version = HiddenField()


class ReferralNoteForm(FlaskForm):
    """A progress report."""

    version = HiddenField()
    note = TextAreaField(_l("Nội dung"), validators=[DataRequired(), Length(min=5, max=2000)])


class ReferralReturnForm(ReferralNoteForm):
    """The office's reason to return an answer for completion."""

    note = TextAreaField(_l("Lý do trả lại, nội dung cần bổ sung"), validators=[DataRequired(), Length(min=5, max=2000)])


class ReferralAnswerForm(FlaskForm):
    """The body's answer in its workspace, or the paper reply the office registers: the same fields."""

    version = HiddenField()
    number = StringField(_l("Số, ký hiệu văn bản trả lời"), validators=[DataRequired(), Length(max=100)])
    answered_on = DayField(_l("Ngày văn bản"), validators=[DataRequired()], not_after_today=True)
    summary = TextAreaField(_l("Tóm tắt kết quả giải quyết"), validators=[DataRequired(), Length(min=5, max=4000)])
    outcome = SelectField(_l("Kết quả"), choices=label_choices(OUTCOME_LABELS, "—"), default="")
    verdict = SelectField(
        _l("Kết luận (khi đã giải quyết khiếu nại, tố cáo)"), choices=label_choices(VERDICT_LABELS, "—"), default=""
    )
    decision_number = StringField(_l("Số quyết định, kết luận (nếu có)"), validators=[Optional(), Length(max=100)])
    decision_on = DayField(_l("Ngày quyết định, kết luận"), validators=[Optional()], not_after_today=True)
    file = FileField(_l("Văn bản trả lời, quyết định (bản quét PDF, JPEG, PNG, TIFF)"), validators=[FileRequired()])


class ExtensionRequestForm(FlaskForm):
    version = HiddenField()
    days = IntegerField(_l("Số ngày đề nghị gia hạn"), validators=[DataRequired(), NumberRange(min=1, max=30)])
    reason = TextAreaField(_l("Lý do đề nghị gia hạn"), validators=[DataRequired(), Length(min=10, max=1000)])


class ExtensionDecisionForm(FlaskForm):
    version = HiddenField()
    note = TextAreaField(_l("Ý kiến (bắt buộc khi không đồng ý)"), validators=[Optional(), Length(max=1000)])
