"""An officer keeps the national database up to date as a new user would: the worklist "Nhập CSDL quốc gia"
from the menu, one letter recorded from its row's page, two more at once from the list, and the letter page
that then shows the entry and its history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from petitions.cli import seed_reference_data
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.domain.records import LetterType
from petitions.domain.types import Role
from petitions.extensions import db
from tests.browser.conftest import open_menu
from tests.factories import DEFAULT_PASSWORD, make_letter, make_user

pytestmark = pytest.mark.browser


def test_officer_records_letters_entered_in_the_national_database(committed_app, live_server, browser_page, screenshot):
    today = local_today()
    with committed_app.app_context():
        seed_reference_data()
        board = db.session.query(Agency).filter_by(code="BTCD").one()
        officer = make_user(role=Role.HANDLER, agency=board, username="minh.le", full_name="Lê Văn Minh")
        letters = [
            make_letter(agency=board, actor=officer, received_on=today - timedelta(days=days), summary=summary, letter_type=kind)
            for days, summary, kind in (
                (40, "Khiếu nại việc thu hồi đất làm đường tỉnh 8", LetterType.COMPLAINT),
                (20, "Kiến nghị sửa chữa cầu tràn thôn Khe Lánh", LetterType.PETITION),
                (0, "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất", LetterType.COMPLAINT),
            )
        ]
        db.session.commit()
        first, second, third = (letter.id for letter in letters)
        first_label = letters[0].register_label
    page = browser_page
    page.goto(f"{live_server}/auth/login")
    page.fill("#username", "minh.le")
    page.fill("#password", DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/")
    assert "Hồ sơ của tôi chưa nhập CSDL quốc gia: 3, trễ hạn: 2" in page.inner_text("#national-mine")

    open_menu(page, "Tiện ích", "Nhập CSDL quốc gia")
    page.wait_for_url(f"{live_server}/national/")
    assert page.locator("tr.table-warning").count() == 2  # the two older letters are late
    screenshot(page, "national-worklist")

    page.locator(f'a[href^="/national/letters/{first}/mark"]').click()
    page.wait_for_url(f"{live_server}/national/letters/{first}/mark**")
    page.fill("#reference", "QN-2026-000123")
    page.get_by_role("button", name="Xác nhận đã nhập").click()
    page.wait_for_url(f"{live_server}/national/")
    assert f"/national/letters/{first}/mark" not in page.content()

    page.check(f"#record-{second}")
    page.check(f"#record-{third}")
    page.fill(f'input[name="reference-{second}"]', "QN-2026-000124")
    page.get_by_role("button", name="Ghi nhận các hồ sơ đã chọn").click()
    # Without the confirmation the browser itself holds the form back (the field is required).
    assert page.eval_on_selector("#confirm", "box => box.validity.valueMissing") is True
    assert page.url == f"{live_server}/national/"
    page.check("#confirm")
    page.get_by_role("button", name="Ghi nhận các hồ sơ đã chọn").click()
    assert f"Hồ sơ số {third}: Nhập mã hồ sơ" in page.content()  # the third has no reference yet
    assert page.input_value(f'input[name="reference-{second}"]') == "QN-2026-000124"  # kept as typed
    page.check(f"#record-{second}")
    page.check(f"#record-{third}")
    page.fill(f'input[name="reference-{third}"]', "QN-2026-000125")
    page.check("#confirm")
    page.get_by_role("button", name="Ghi nhận các hồ sơ đã chọn").click()
    page.wait_for_url(f"{live_server}/national/?kind=letter")
    assert "Đã ghi nhận 2 hồ sơ đã nhập vào CSDL quốc gia." in page.content()
    assert "Không có hồ sơ nào chưa nhập." in page.content()

    page.goto(f"{live_server}/letters/{first}")
    box = page.inner_text("#national-entry")
    assert "Đã nhập" in box and "QN-2026-000123" in box and "Trễ hạn" not in box
    assert "Nhập CSDL quốc gia: Chưa nhập → Đã nhập" in page.content()
    assert first_label in page.content()
    screenshot(page, "national-letter-entry")
