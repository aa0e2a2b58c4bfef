"""An officer drafts a notice, the leader issues it from the register, the register prints; the PDFs become PNGs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from petitions.auth import services as auth_services
from petitions.cli import seed_reference_data
from petitions.directory.models import Agency
from petitions.domain.types import Role
from petitions.extensions import db
from tests.tools import require_tool

pytestmark = pytest.mark.browser

PASSWORD = "Ban tiếp công dân tỉnh Sơn Hà"


def sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/auth/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#user-menu")
    page.click("text=Đăng xuất")


def pdf_to_png(data: bytes, folder: Path, name: str) -> Path:
    """Page 1 of a PDF as PNG (pdftoppm, 80 dpi), saved next to the screenshots."""
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(folder / name)], check=True)
    pdf.unlink()
    return folder / f"{name}.png"


def test_draft_issue_and_print_the_register(committed_app, live_server, browser_page, screenshot, tmp_path):
    require_tool("pdftoppm", "poppler-utils")
    with committed_app.app_context():
        seed_reference_data()
        office = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
        for username, full_name, role in (
            ("lan.tran", "Trần Thị Lan", Role.HANDLER),
            ("anh.dang", "Đặng Thị Ánh", Role.LEADER),
        ):
            auth_services.create_user(
                username=username,
                full_name=full_name,
                role=role,
                agency_id=office.id,
                password=PASSWORD,
                actor=None,
                must_change_password=False,
            )
        db.session.commit()
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm prompts

    sign_in(page, live_server, "lan.tran")
    page.click("nav >> text=Văn bản đi")
    page.click("text=Soạn dự thảo")
    page.click("a[href$='type=THONG_BAO']")
    page.fill("#f_subject", "Về việc chuyển đơn của ông Nguyễn Văn Hưởng")
    page.fill("#recipients", "Ông Nguyễn Văn Hưởng, thôn Đồng Mỏ, xã Tiên Yên")
    page.fill(
        "#body",
        "Ngày 15 tháng 12 năm 2025, Ban Tiếp công dân tỉnh nhận được đơn của ông Nguyễn Văn Hưởng đề nghị "
        "xem xét việc bồi thường, hỗ trợ khi Nhà nước thu hồi đất.\n\n"
        "Nội dung đơn thuộc thẩm quyền giải quyết của Chủ tịch Ủy ban nhân dân xã Tiên Yên; Ban Tiếp công dân "
        "tỉnh đã chuyển đơn đến Ủy ban nhân dân xã Tiên Yên để xem xét, giải quyết theo thẩm quyền./.",
    )
    assert page.input_value("#place") == "Quảng Ninh"  # the Ban's địa danh, from the directory
    # The signer is one of the Ban's own officials (the seeded deputy head signs for the head).
    page.select_option("#signer_option", label="KT. Trưởng ban / Phó Trưởng ban — Hoàng Thị Lan")
    page.fill("#copies_to", "UBND xã Tiên Yên")
    page.fill("#archive_unit", "XLĐ")
    screenshot(page, "documents-01-draft-form")
    page.click("main button[type=submit]")
    assert "Đã lưu dự thảo" in page.content()
    draft_url = page.url
    sign_out(page)

    sign_in(page, live_server, "anh.dang")
    page.goto(draft_url)
    page.click("text=Ban hành, cấp số từ sổ đăng ký")
    assert "Đã ban hành và cấp số văn bản" in page.content()
    assert "01/TB-BTCD" in page.content()
    screenshot(page, "documents-02-issued")

    pdf = page.request.get(f"{draft_url}/pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    pdf_to_png(pdf.body(), folder, "documents-03-issued-notice-printed")

    page.click("text=← Sổ đăng ký văn bản đi")
    assert "01/TB-BTCD" in page.inner_text("main table")
    screenshot(page, "documents-04-register")
    register_href = page.get_attribute("a:has-text('In sổ năm')", "href")
    register = page.request.get(f"{live_server}{register_href}")
    assert register.headers["content-type"] == "application/pdf"
    pdf_to_png(register.body(), folder, "documents-05-register-printed")
