"""Sign-in and account forms: input shape only."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from petitions.domain.types import Role
from petitions.i18n import lazy_gettext as _l

ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: _l("Quản trị hệ thống"),
    Role.RECEPTION_OFFICER: _l("Cán bộ tiếp công dân"),
    Role.HANDLER: _l("Cán bộ xử lý đơn / Thanh tra viên"),
    Role.LEADER: _l("Lãnh đạo"),
    Role.LIAISON: _l("Cán bộ đầu mối cơ quan"),
    Role.VIEWER: _l("Chỉ xem"),
}


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Vui lòng nhập tên đăng nhập."))])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu."))])
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu hiện tại."))])
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu mới."))])
    confirm_password = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[DataRequired(_l("Vui lòng nhập lại mật khẩu mới."))])


class TotpEnrolForm(FlaskForm):
    code = StringField(_l("Mã 6 số trên ứng dụng xác thực"), validators=[DataRequired(_l("Vui lòng nhập mã."))])


class TotpVerifyForm(FlaskForm):
    code = StringField(_l("Mã xác thực hoặc mã khôi phục"), validators=[DataRequired(_l("Vui lòng nhập mã."))])


class UserCreateForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Vui lòng nhập tên đăng nhập.")), Length(max=64)])
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Vui lòng nhập họ và tên.")), Length(max=200)])
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()])
    agency_id = SelectField(_l("Cơ quan"), coerce=int, validators=[InputRequired(_l("Vui lòng chọn cơ quan."))])


class UserEditForm(UserCreateForm):
    username = None  # WTForms: None removes the inherited field
    is_active = BooleanField(_l("Đang hoạt động"))
    version = HiddenField()


class ConfirmForm(FlaskForm):
    """A bare form for POST-only actions: carries the CSRF token (and optionally a version)."""

    version = HiddenField()


class ClearanceRequestForm(FlaskForm):
    user_id = SelectField(_l("Cán bộ được cấp quyền"), coerce=int)
    reason = TextAreaField(_l("Lý do"), validators=[DataRequired(_l("Vui lòng ghi lý do.")), Length(max=500)])
    days = IntegerField(_l("Thời hạn (ngày)"), default=90, validators=[NumberRange(1, 365, _l("Từ 1 đến 365 ngày.")), Optional()])


class ApiTokenForm(FlaskForm):
    """A new API token: a name to recognise it, its scope and how many days it lives."""

    name = StringField(_l("Tên gợi nhớ"), validators=[DataRequired(_l("Vui lòng đặt tên cho mã truy cập.")), Length(max=100)])
    scope = SelectField(
        _l("Phạm vi"),
        choices=[SelectChoice("read", _l("Chỉ đọc")), SelectChoice("write", _l("Đọc và ghi"))],
        default="read",
    )
    days = IntegerField(
        _l("Thời hạn (ngày)"),
        default=90,
        validators=[InputRequired(_l("Vui lòng nhập thời hạn.")), NumberRange(1, 365, _l("Từ 1 đến 365 ngày."))],
    )
