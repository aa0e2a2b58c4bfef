"""Vietnamese words for the security log and the sign-in sessions: each event's kind, its detail (stored as
`key=value` codes for the log lines) and a session's browser. Screens and exports show these, never the codes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from petitions.auth.forms import ROLE_LABELS
from petitions.exports.services import get_export
from petitions.i18n import lazy_gettext as _l

EVENT_LABELS: dict[str, Any] = {
    "login_success": _l("Đăng nhập thành công"),
    "login_failure": _l("Đăng nhập không thành công"),
    "login_locked": _l("Đăng nhập khi tài khoản đang bị khóa"),
    "login_throttled_address": _l("Địa chỉ bị tạm chặn đăng nhập"),
    "lockout": _l("Tài khoản bị khóa tạm thời"),
    "lockout_cleared": _l("Mở khóa tài khoản"),
    "logout": _l("Đăng xuất"),
    "session_ended": _l("Người dùng kết thúc một phiên"),
    "sessions_ended_by_admin": _l("Quản trị kết thúc các phiên"),
    "password_changed": _l("Đổi mật khẩu"),
    "password_change_failed": _l("Đổi mật khẩu không thành công"),
    "password_reset": _l("Cấp lại mật khẩu"),
    "mfa_enrolled": _l("Đăng ký xác thực hai lớp"),
    "mfa_enrol_failed": _l("Đăng ký xác thực hai lớp không thành công"),
    "mfa_success": _l("Xác thực hai lớp thành công"),
    "mfa_failure": _l("Mã xác thực hai lớp sai"),
    "mfa_replay": _l("Mã xác thực hai lớp dùng lại"),
    "mfa_locked": _l("Xác thực hai lớp khi tài khoản đang bị khóa"),
    "mfa_recovery_code_used": _l("Dùng mã khôi phục"),
    "mfa_reset": _l("Đặt lại xác thực hai lớp"),
    "user_created": _l("Tạo tài khoản"),
    "user_updated": _l("Sửa tài khoản"),
    "user_deactivated": _l("Khóa tài khoản"),
    "authz_denied": _l("Truy cập trang không được phép"),
    "clearance_requested": _l("Đề nghị quyền xem danh tính người tố cáo"),
    "clearance_approved": _l("Duyệt quyền xem danh tính người tố cáo"),
    "clearance_revoked": _l("Thu hồi quyền xem danh tính người tố cáo"),
    "identity_revealed": _l("Xem danh tính được bảo vệ"),
    "identity_reveal_refused": _l("Từ chối xem danh tính được bảo vệ"),
    "vault_key_rotated": _l("Đổi khóa mã hóa danh tính"),
    "api_token_created": _l("Tạo mã truy cập API"),
    "api_token_revoked": _l("Thu hồi mã truy cập API"),
    "personal_data_export": _l("Xuất danh sách có dữ liệu cá nhân"),
}

# The detail's codes: keys, and the reasons and outcomes written as single words.
_KEY_LABELS: dict[str, Any] = {
    "role": _l("vai trò"),
    "endpoint": _l("trang"),
    "failures": _l("số lần sai liên tiếp"),
    "minutes": _l("số phút khóa"),
    "token": _l("mã truy cập số"),
    "scope": _l("phạm vi"),
    "days": _l("số ngày"),
    "clearance": _l("quyền xem số"),
    "session": _l("phiên số"),
    "count": _l("số phiên"),
    "list": _l("danh sách"),
    "format": _l("định dạng"),
    "job": _l("công việc nền số"),
    "ref": _l("mã danh tính"),
    "mode": _l("chế độ"),
    "purpose": _l("mục đích"),
    "reason": _l("lý do"),
    "reencrypted": _l("số bản ghi mã hóa lại"),
    "keys": _l("số khóa"),
}
_WORD_LABELS: dict[str, Any] = {
    "inline": _l("tải ngay"),
    "read": _l("chỉ đọc"),
    "write": _l("đọc và ghi"),
    "no_clearance": _l("chưa được cấp quyền"),
    "role_changed": _l("vai trò thay đổi"),
    "access_changed": _l("quyền truy cập thay đổi"),
    "clearance_changed": _l("quyền xem thay đổi"),
    "revoked_by_user": _l("người dùng thu hồi"),
    "revoked_by_leader": _l("lãnh đạo thu hồi"),
    "expired": _l("hết hạn"),
    "reference": _l("chỉ lưu mã tham chiếu"),
    "encrypted": _l("mã hóa"),
}
_PHRASE_LABELS: dict[str, Any] = {
    "unknown or inactive account": _l("tài khoản không tồn tại hoặc đã khóa"),
    "second factor,": _l("xác thực hai lớp,"),
}
_PAIR = re.compile(r"([a-z_]+)=(\S+)")


def event_label(kind: str) -> Any:
    """An event's kind in words; an unknown kind (a later version's) as a neutral phrase, never the code."""
    return EVENT_LABELS.get(kind, _l("Sự kiện khác"))


def _value(key: str, value: str, pages: Mapping[str, str]) -> str:
    if key == "role":
        return str(ROLE_LABELS.get(value, value))  # type: ignore[call-overload]
    if key == "endpoint":
        return pages.get(value, "—")
    if key == "list":
        export = get_export(value)
        return str(export.title) if export is not None else "—"
    if key == "format":
        return value.upper()
    return str(_WORD_LABELS.get(value, value))


def event_detail(detail: str | None, pages: Mapping[str, str] | None = None) -> str:
    """An event's detail in words: "role=leader" → "vai trò: Lãnh đạo", "endpoint=x.y" → the page's path
    (`pages`: endpoint → URL rule), a reason code by its label; free text (a reveal's purpose) as written."""
    if not detail:
        return ""
    text = detail
    for phrase, label in _PHRASE_LABELS.items():
        text = text.replace(phrase, str(label))
    if "purpose=" in text:  # the purpose is the user's own words: only what precedes it is codes
        head, _, purpose = text.partition("purpose=")
        return "; ".join(p for p in (event_detail(head, pages), f"{_KEY_LABELS['purpose']}: {purpose}") if p.strip())
    parts: list[str] = []
    for token in text.split():
        pair = _PAIR.fullmatch(token)
        if pair:
            key, value = pair.groups()
            parts.append(f"{_KEY_LABELS.get(key, key)}: {_value(key, value, pages or {})}")
        else:
            parts.append(str(_WORD_LABELS.get(token, token)))
    return "; ".join(parts)


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
             ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"),
            ("Mac OS X", "macOS"), ("Linux", "Linux"))


def browser_label(user_agent: str | None) -> str:
    """A session's browser as its name and system ("Chrome trên Windows"), not the header's full text."""
    if not user_agent:
        return ""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), None)
    if browser and system:
        return f"{browser} {_l('trên')} {system}"
    return browser or system or str(_l("Trình duyệt khác"))
