"""Password policy: length bounds counted after NFC, no composition rules, common words refused."""

from __future__ import annotations

import pytest

from petitions.domain.passwords import MAX_LENGTH, PasswordRejected, check_new_password

COMMON = frozenset({"matkhau123", "password123", "12345678"})


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("short7!", False),  # 7 characters
        ("exactly8", True),  # the minimum
        ("tám ký tự", True),  # 9 characters with accents, no digits or capitals needed
        ("a" * 64, True),  # ASVS: at least 64 allowed
        ("b" * MAX_LENGTH, True),
        ("c" * (MAX_LENGTH + 1), False),
        ("matkhau123", False),  # on the common list
        ("MATKHAU123", False),  # compared case-insensitively
        ("12345678", False),
        ("correct horse battery staple", True),
        ("nguyenvana", False),  # equals the username below
        ("Nguyễn Văn A", False),  # equals the full name
        ("all lowercase words only", True),  # no composition rules
    ],
)
def test_password_policy_table(password: str, accepted: bool) -> None:
    try:
        check_new_password(password, common_passwords=COMMON, username="nguyenvana", full_name="Nguyễn Văn A")
    except PasswordRejected:
        assert not accepted
    else:
        assert accepted


def test_length_is_counted_after_nfc() -> None:
    decomposed = "e\u0301" * 4  # 8 code points, 4 characters once composed
    with pytest.raises(PasswordRejected, match="ít nhất 8"):
        check_new_password(decomposed, common_passwords=COMMON)


def test_long_passwords_are_not_truncated(app) -> None:
    from petitions.auth.passwords import hash_password, verify_password

    with app.app_context():
        stored = hash_password("x" * 100 + "A")
        assert verify_password(stored, "x" * 100 + "A")[0]
        assert not verify_password(stored, "x" * 100 + "B")[0]
