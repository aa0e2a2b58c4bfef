"""The password policy (OWASP ASVS 5.0 §6.2): length, no composition rules, no common passwords."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

MIN_LENGTH = 8
MAX_LENGTH = 128  # ASVS asks that at least 64 be allowed; nothing is ever truncated.


class PasswordRejected(ValueError):
    """The new password breaks the policy; the message is Vietnamese and safe to show."""


def normalise_password(password: str) -> str:
    """NFC, so the same password typed with composed or decomposed accents verifies alike."""
    return unicodedata.normalize("NFC", password)


def check_new_password(
    password: str,
    *,
    common_passwords: Collection[str],
    username: str = "",
    full_name: str = "",
) -> None:
    """Raise PasswordRejected unless the password is long enough, not too long and not guessable.

    Length counts Unicode characters after NFC. There are deliberately no rules about
    digits, capitals or symbols (ASVS 6.2.5); common and personal words are refused instead.
    """
    candidate = normalise_password(password)
    if len(candidate) < MIN_LENGTH:
        raise PasswordRejected(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")
    if len(candidate) > MAX_LENGTH:
        raise PasswordRejected(f"Mật khẩu không được dài quá {MAX_LENGTH} ký tự.")
    lowered = candidate.casefold()
    if lowered in common_passwords:
        raise PasswordRejected("Mật khẩu này quá phổ biến và dễ bị đoán. Vui lòng chọn mật khẩu khác.")
    personal = {username.casefold(), full_name.casefold(), full_name.casefold().replace(" ", "")}
    if lowered in personal - {""}:
        raise PasswordRejected("Mật khẩu không được trùng với tên đăng nhập hoặc họ tên.")
