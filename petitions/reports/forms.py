"""Report forms: submitting a period's report (the input's shape only)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from petitions.i18n import lazy_gettext as _l


class ReportSubmitForm(FlaskForm):
    """Nộp báo cáo: the live submission's sequence the page was drawn with (0: none), the reason of a correction
    (required by the service when one was already submitted), and the leader's confirmation."""

    version = HiddenField()
    reason = TextAreaField(
        _l("Lý do nộp lại (bản nộp mới thay thế bản đã nộp)"), validators=[Optional(), Length(max=500)],
        render_kw={"rows": 2},
    )
    confirm = BooleanField(
        _l("Tôi đã kiểm tra các biểu và xác nhận nộp báo cáo này; sau khi nộp, bản nộp được lưu nguyên như đã gửi."),
        validators=[DataRequired(_l("Vui lòng đánh dấu xác nhận trước khi nộp báo cáo."))],
    )
