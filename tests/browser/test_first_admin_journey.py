"""A new office's first hour: the administrator signs in, secures the account, adds an officer."""

from __future__ import annotations

import pyotp
import pytest

from petitions.cli import ensure_first_admin, seed_reference_data
from petitions.extensions import db
from tests.browser.conftest import sign_in, sign_out

pytestmark = pytest.mark.browser


def change_password(page, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#current_password", old)
    page.fill("#new_password", new)
    page.fill("#confirm_password", new)
    page.click("main button[type=submit]")


def enrol_totp(page) -> str:  # type: ignore[no-untyped-def]
    """Type the authenticator's current code for the secret shown; returns the code."""
    secret = page.inner_text("#totp-secret").strip()
    code = pyotp.TOTP(secret).now()
    page.fill("#code", code)
    page.click("main button[type=submit]")
    return code


def test_first_admin_secures_account_and_creates_an_officer(committed_app, live_server, browser_page, screenshot):
    committed_app.config["MFA_REQUIRED"] = True
    with committed_app.app_context():
        seed_reference_data()
        one_time = ensure_first_admin()
        db.session.commit()
    page = browser_page

    page.goto(f"{live_server}/")
    assert page.url.startswith(f"{live_server}/auth/login")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    screenshot(page, "01-login")

    sign_in(page, live_server, "admin", one_time)
    assert page.url.endswith("/auth/password")
    assert "mật khẩu dùng một lần" in page.content()
    screenshot(page, "02-forced-password-change")
    change_password(page, one_time, "Ban tiếp công dân tỉnh Sơn Hà")

    assert page.url.endswith("/auth/mfa/enroll")
    screenshot(page, "03-totp-enrolment")
    enrol_totp(page)
    assert page.locator("#recovery-codes li").count() == 10
    screenshot(page, "04-recovery-codes")
    page.click("text=Tôi đã lưu các mã, tiếp tục")

    page.click("nav >> text=Hệ thống")
    page.click("nav >> text=Tài khoản")
    page.click("text=Tạo tài khoản")
    page.fill("#username", "lan.tran")
    page.fill("#full_name", "Trần Thị Lan")
    page.select_option("#role", "reception_officer")
    page.select_option("#agency_id", label="BTCD — Ban Tiếp công dân tỉnh Quảng Ninh")
    screenshot(page, "05-create-officer")
    page.click("main button[type=submit]")
    officer_password = page.inner_text("#one-time-password").strip()
    screenshot(page, "06-officer-one-time-password")

    sign_out(page)
    assert "Bạn đã đăng xuất" in page.content()

    sign_in(page, live_server, "lan.tran", officer_password)
    change_password(page, officer_password, "sổ tiếp công dân mỗi sáng")
    used_code = enrol_totp(page)
    recovery_code = page.locator("#recovery-codes li").first.inner_text().strip()
    page.click("text=Tôi đã lưu các mã, tiếp tục")
    assert "Xin chào, Trần Thị Lan" in page.content()

    # Signing in again asks for the second factor: a code already used is refused, a recovery code is taken.
    sign_out(page)
    sign_in(page, live_server, "lan.tran", "sổ tiếp công dân mỗi sáng")
    assert page.url.endswith("/auth/mfa")
    page.fill("#code", used_code)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Mã này đã được dùng" in page.inner_text("main")
    page.fill("#code", recovery_code)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Xin chào, Trần Thị Lan" in page.content()
    # text_content, not inner_text: drop-down items are hidden until opened but must not exist.
    menu = page.locator("#main-nav .navbar-nav.me-auto").text_content()
    assert "Ghi lượt tiếp" in menu
    assert "Tài khoản" not in menu and "Nhật ký an ninh" not in menu
    screenshot(page, "07-officer-home")

    response = page.goto(f"{live_server}/auth/users")
    assert response.status == 403
    assert "Không có quyền truy cập" in page.content()
    screenshot(page, "08-officer-forbidden")
