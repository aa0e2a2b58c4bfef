"""Three journeys of the provincial Ban's staff on one shared data set (one database and one server for the
module; each journey in fresh browser contexts), as a new user would walk them (issue 26):

  - a citizen and her letter found by her name typed without diacritics ("nguyen thi hang");
  - the intake's server-side draft restored after a forced logout (the administrator ends the officer's sessions
    while she types);
  - the leader's dashboard drilled down to a record: an overdue figure, its list, the letter.

The data set: the seeded directory and calendar, four users of the Ban, two citizens with near names and the
letter of one of them received 40 days ago and never handled (overdue). The journeys add to it in this order
and none reads what another adds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from petitions.cli import seed_reference_data
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.domain.records import IdType, LetterType
from petitions.domain.types import Role
from petitions.extensions import db
from tests.browser.conftest import (
    WatchedBrowser,
    key_save,
    open_menu,
    serving,
    sign_in,
)
from tests.conftest import make_test_app, provision_migrated_database
from tests.factories import make_citizen, make_letter, make_user

pytestmark = pytest.mark.browser

SUMMARY = "Khiếu nại việc chậm chi trả tiền bồi thường giải phóng mặt bằng tuyến đường ven sông"


@dataclass(frozen=True)
class Office:
    app: Flask
    base: str
    citizen_id: int
    letter_id: int
    letter_label: str
    officer_id: int


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    with provision_migrated_database(tmp_path_factory.mktemp("office")) as database:
        app = make_test_app(database)
        with app.app_context():
            seed_reference_data()
            ban = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
            make_user(role=Role.ADMIN, agency=ban, username="quan.tri", full_name="Đặng Văn Quản")
            make_user(role=Role.LEADER, agency=ban, username="lan.nguyen", full_name="Nguyễn Thị Lan")
            officer = make_user(role=Role.RECEPTION_OFFICER, agency=ban, username="lan.tran", full_name="Trần Thị Lan")
            hang = make_citizen(
                agency_id=ban.id, full_name="Nguyễn Thị Hằng", birth_year=1958, id_type=IdType.CCCD,
                id_number="022158001234", address_text="Tổ 3, khu 5",
            )
            make_citizen(agency_id=ban.id, full_name="Nguyễn Thị Hạnh", birth_year=1972)
            today = local_today()
            letter = make_letter(
                agency=ban, actor=officer, received_on=today - timedelta(days=40),
                letter_dated_on=today - timedelta(days=42), letter_type=LetterType.COMPLAINT,
                citizen_id=hang.id, summary=SUMMARY, respondent="Ủy ban nhân dân phường Hồng Gai",
            )
            db.session.commit()
            ids = dict(
                citizen_id=hang.id, letter_id=letter.id, letter_label=letter.register_label, officer_id=officer.id
            )
        try:
            with serving(app) as base:
                yield Office(app=app, base=base, **ids)
        finally:
            with app.app_context():
                db.engine.dispose()


def test_a_citizen_and_her_letter_are_found_by_a_name_typed_without_diacritics(
    office: Office, chromium: WatchedBrowser, screenshot
):
    page = chromium.new_context().new_page()
    sign_in(page, office.base, "lan.tran")

    # The citizens' list, from the menu: "nguyen thi hang" finds Nguyễn Thị Hằng, not Nguyễn Thị Hạnh.
    open_menu(page, "Tiếp công dân", "Công dân")
    page.fill("#q", "nguyen thi hang")
    with page.expect_navigation():
        page.click("main button[type=submit]:has-text('Tìm')")
    names = page.locator("main table tbody td:first-child").all_inner_texts()
    assert names == ["Nguyễn Thị Hằng"], names
    assert "nguyen" not in page.url  # the term travels by POST and stays out of the address bar
    with page.expect_navigation():
        page.locator("main table").get_by_role("link", name="Nguyễn Thị Hằng", exact=True).click()
    assert page.url == f"{office.base}/reception/citizens/{office.citizen_id}"
    assert f"{office.letter_label}" in page.inner_text("main table")
    screenshot(page, "search-01-citizen-found")

    # The letters' register: the same words find her letter by its writer.
    page.goto(f"{office.base}/letters/")
    page.fill("#text", "nguyen thi hang")
    with page.expect_navigation():
        page.click("main form[action$='/letters/search'] button[type=submit]")
    register = page.inner_text("main table")
    assert office.letter_label in register and "chậm chi trả tiền bồi thường" in register
    assert page.locator("main table tbody tr").count() == 1
    with page.expect_navigation():
        page.locator("main table").get_by_role("link", name=office.letter_label, exact=True).click()
    assert page.url == f"{office.base}/letters/{office.letter_id}"
    assert "Nguyễn Thị Hằng" in page.inner_text("main")
    page.context.close()


def test_the_intake_draft_is_restored_after_a_forced_logout(
    office: Office, chromium: WatchedBrowser, page_problems, screenshot
):
    desk = chromium.new_context().new_page()
    admin = chromium.new_context().new_page()
    admin.on("dialog", lambda dialog: dialog.accept())

    # The officer starts a visit; the autosave keeps it on the server as she types.
    sign_in(desk, office.base, "lan.tran")
    desk.goto(f"{office.base}/reception/visits/new")
    desk.fill("[name=person-full_name]", "Vũ Văn Khánh")
    desk.fill("[name=person-birth_year]", "1975")
    desk.select_option("[name=classification]", "petition")
    with desk.expect_response(lambda r: r.url.endswith("/reception/drafts/intake") and r.ok):
        desk.fill("[name=summary]", "Kiến nghị nạo vét kênh tiêu úng thôn Đông Hải trước mùa mưa")
    assert desk.inner_text("#draft-status").startswith("Đã lưu nháp lúc")

    # Meanwhile the administrator ends every session of her account (a lost laptop, say).
    sign_in(admin, office.base, "quan.tri")
    admin.goto(f"{office.base}/auth/users/{office.officer_id}")
    with admin.expect_navigation():
        admin.click("main button:has-text('Kết thúc mọi phiên')")
    assert re.fullmatch(r"Đã kết thúc [12] phiên đăng nhập\.", admin.inner_text(".alert-success"))  # 2 if the search ran

    # Her Ctrl+S lands on the login page; signed in again, the intake screen gives her the draft back.
    page_problems.allow(r"status of 401")  # a late autosave or lookup refused once the session is gone
    key_save(desk)
    assert desk.url.startswith(f"{office.base}/auth/login"), desk.inner_text("body")[:600]
    sign_in(desk, office.base, "lan.tran")
    desk.goto(f"{office.base}/reception/visits/new")
    assert "Đã khôi phục bản nháp" in desk.inner_text("#draft-status")
    assert desk.input_value("[name=person-full_name]") == "Vũ Văn Khánh"
    assert desk.input_value("[name=person-birth_year]") == "1975"
    assert desk.input_value("[name=classification]") == "petition"
    assert desk.input_value("[name=summary]").startswith("Kiến nghị nạo vét kênh tiêu úng")
    screenshot(desk, "draft-01-restored")

    # She finishes the visit: guided to the commune, saved, and the draft is gone.
    desk.select_option("[name=outcome]", "guided")
    desk.fill("[name=guided_to]", "Ủy ban nhân dân xã Đông Hải")
    key_save(desk)
    assert "Đã ghi lượt tiếp số" in desk.inner_text(".alert-success")
    desk.goto(f"{office.base}/reception/visits/new")
    assert desk.inner_text("#draft-status") == ""
    assert desk.input_value("[name=person-full_name]") == ""
    desk.context.close()
    admin.context.close()


def test_the_dashboard_is_drilled_down_to_an_overdue_letter(
    office: Office, chromium: WatchedBrowser, screenshot, tmp_path: Path
):
    page = chromium.new_context().new_page()
    sign_in(page, office.base, "lan.nguyen")
    # A leader's menu bar, the longest, fits the 1280 px screen: no sideways scrolling, no item broken over lines.
    nav_height = page.locator("nav.navbar").bounding_box()["height"]  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280 and nav_height < 80, nav_height
    open_menu(page, "Báo cáo", "Bảng số liệu điều hành")
    assert page.url.startswith(f"{office.base}/reports/dashboard")
    overdue = page.locator("#overdue-table tr", has_text="Ban Tiếp công dân tỉnh")
    figure = overdue.locator("a[href*='/letters/']")
    assert figure.inner_text() == "1"
    screenshot(page, "dashboard-01")

    with page.expect_navigation():
        figure.click()
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and office.letter_label in rows.inner_text()
    with page.expect_navigation():
        rows.get_by_role("link", name=office.letter_label, exact=True).click()
    assert page.url == f"{office.base}/letters/{office.letter_id}"
    assert SUMMARY in page.inner_text("main")
    page.context.close()
