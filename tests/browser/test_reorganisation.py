"""Two communes merged, as an administrator does it from the directory (issue 19's acceptance journey): xã Điền
Xá is merged into xã Tiên Yên on a date; the preview shows what moves (counts and register numbers, no
content); confirming moves the open letters of Điền Xá's People's Committee to Tiên Yên's, with its officer;
the letter Điền Xá had closed stays with it; Tiên Yên's officer then finds Điền Xá's open letters in the
register, each with its old register number, and the reorganisation is listed with what moved.

The letters are registered through the letter service in the setup (registration has its own journey)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.directory.models import AdministrativeUnit, Agency
from petitions.domain.issuers import AgencyLevel
from petitions.domain.records import LetterStatus
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.models import Letter
from petitions.letters.services import record_letter_status
from tests.browser.conftest import sign_in
from tests.factories import make_agency, make_letter, make_user

pytestmark = pytest.mark.browser


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#user-menu")
    page.click("text=Đăng xuất")


def test_merging_two_communes_moves_their_open_letters(committed_app, live_server, browser_page, screenshot):
    committed_app.config["MFA_REQUIRED"] = False
    with committed_app.app_context():
        seed_reference_data()
        dien_xa = db.session.scalar(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == "06874"))
        tien_yen = db.session.scalar(sa.select(Agency).where(Agency.code == "XTY"))
        committee = make_agency(
            code="XDX", name="Ủy ban nhân dân xã Điền Xá", level=AgencyLevel.COMMUNE, unit_id=dien_xa.id,
            parent_id=tien_yen.parent_id, abbreviation="UBND", place_name="Điền Xá",
        )
        moved = [make_letter(agency=committee, summary=f"Kiến nghị sửa đường thôn {n} xã Điền Xá") for n in (1, 2)]
        closed = make_letter(agency=committee, summary="Kiến nghị đã trả lời xã Điền Xá")
        record_letter_status(closed, LetterStatus.FILED, effective_on=date(2026, 4, 1))
        make_letter(agency=tien_yen, summary="Khiếu nại của xã Tiên Yên")
        make_user(role=Role.ADMIN, agency_id=None, username="quantri", full_name="Quản Trị Hệ Thống")
        make_user(role=Role.HANDLER, agency=committee, username="canbo.dienxa", full_name="Cán Bộ Điền Xá")
        make_user(role=Role.HANDLER, agency=tien_yen, username="canbo.tienyen", full_name="Cán Bộ Tiên Yên")
        numbers = [letter.register_label for letter in moved]
        db.session.commit()
        committee_id, tien_yen_id = committee.id, tien_yen.id
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmation the page asks for

    sign_in(page, live_server, "quantri")
    page.click("nav >> text=Hệ thống")
    page.click("nav >> text=Danh mục")
    page.click("text=Sắp xếp (sáp nhập, chia tách, đổi tên)")
    assert "Chưa ghi nhận lần sắp xếp nào" in page.content()
    page.click("text=Sắp xếp đơn vị hành chính")
    page.select_option("#kind", "merge")
    page.select_option("#source_ids", label="06874 — Xã Điền Xá")
    page.select_option("#target_ids", label="06862 — Xã Tiên Yên")
    page.fill("#decision_reference", "Nghị quyết 120/NQ-UBTVQH15 ngày 20/11/2026")
    page.fill("#reason", "Sáp nhập xã Điền Xá vào xã Tiên Yên")
    screenshot(page, "01-reorganisation-form")
    with page.expect_navigation():
        page.click("#reorganisation-form button[type=submit]")

    counts = page.inner_text("#preview-counts")
    assert "Đơn đang xử lý: 2" in counts and "Người dùng: 1" in counts
    assert "XDX — Ủy ban nhân dân xã Điền Xá" in page.inner_text("#carried")
    successors = page.inner_text("#preview-successors")
    assert "06862 — Xã Tiên Yên" in successors and "XDX · 2026: 1–2" in successors
    assert "sửa đường" not in page.content() and "Cán Bộ" not in page.content()  # counts and numbers, no content
    screenshot(page, "02-reorganisation-preview")
    with page.expect_navigation():
        page.click("button:has-text('Xác nhận sắp xếp')")
    assert "chuyển 2 đơn" in page.content()
    listing = page.inner_text("#reorganisations")
    assert "06874 — Xã Điền Xá" in listing and "Nghị quyết 120/NQ-UBTVQH15" in listing
    screenshot(page, "03-reorganisation-recorded")
    sign_out(page)

    # Tiên Yên's officer finds Điền Xá's open letters in the register, with their old numbers.
    sign_in(page, live_server, "canbo.tienyen")
    page.goto(f"{live_server}/letters/")
    register = page.inner_text("main")
    assert "sửa đường thôn 1" in register and "sửa đường thôn 2" in register and "xã Tiên Yên" in register
    screenshot(page, "04-heir-register")
    sign_out(page)
    # Điền Xá's officer now works for Tiên Yên's committee: the same letters, and Tiên Yên's own.
    sign_in(page, live_server, "canbo.dienxa")
    page.goto(f"{live_server}/letters/")
    assert "Khiếu nại của xã Tiên Yên" in page.inner_text("main")
    screenshot(page, "05-moved-officer-register")

    with committed_app.app_context():
        rows = {letter.summary: letter for letter in db.session.scalars(sa.select(Letter))}
        for n, number in zip((1, 2), numbers, strict=True):
            letter = rows[f"Kiến nghị sửa đường thôn {n} xã Điền Xá"]
            assert letter.agency_in_charge_id == tien_yen_id and letter.register_label == number
            assert letter.register_agency_id == committee_id
        assert rows["Kiến nghị đã trả lời xã Điền Xá"].agency_in_charge_id == committee_id
        assert db.session.get(Agency, committee_id).successor_id == tien_yen_id
