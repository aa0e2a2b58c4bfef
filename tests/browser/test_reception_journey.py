"""A reception officer's morning, keyboard only: a single visit, a group of 12 with 3 representatives handing in
their letter, a returning citizen handing in a letter (picked from the matches with Alt+L), then the citizen's page."""

from __future__ import annotations

import pytest

from petitions.cli import seed_reference_data
from petitions.directory.models import Agency
from petitions.domain.types import Role
from petitions.extensions import db
from tests.browser.conftest import key_choose, key_fill, key_save, tab_to
from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_officer_logs_visits_with_the_keyboard_and_opens_the_citizen(
    committed_app, live_server, browser_page, screenshot
):
    with committed_app.app_context():
        seed_reference_data()
        board = db.session.query(Agency).filter_by(code="BTCD").one()
        make_user(role=Role.RECEPTION_OFFICER, agency=board, username="lan.tran", full_name="Trần Thị Lan")
        db.session.commit()
    page = browser_page
    page.goto(f"{live_server}/auth/login")
    page.fill("#username", "lan.tran")
    page.fill("#password", DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/")

    # 1. A single visit: the name field has the focus; Enter moves on, never submits.
    page.goto(f"{live_server}/reception/visits/new")
    assert page.evaluate("document.activeElement.name") == "person-full_name"
    # Before a classification is chosen the autosave leaves the person fields in the browser.
    with page.expect_request(lambda r: r.url.endswith("/reception/drafts/intake")) as autosave:
        page.keyboard.type("Nguyễn Văn Đức")
    posted = autosave.value.post_data or ""
    assert "visited_on" in posted and "person-full_name" not in posted and "Nguy" not in posted
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "person-birth_year"
    page.keyboard.type("1960")
    key_choose(page, "[name=person-id_type]", "cccd")
    key_fill(page, "[name=person-id_number]", "001203004567")
    key_fill(page, "[name=person-address_text]", "Thôn Đồng Mỏ")
    key_choose(page, "[name=classification]", "complaint")
    key_choose(page, "[name=complaint_subtype]", "administrative")
    key_fill(page, "[name=summary]", "Khiếu nại việc bồi thường khi thu hồi đất làm đường tỉnh 8")
    key_choose(page, "[name=outcome]", "guided")
    key_fill(page, "[name=guided_to]", "Ủy ban nhân dân xã Bình Định")
    screenshot(page, "reception-01-single-visit")
    key_save(page)
    assert "Đã ghi lượt tiếp số 1/" in page.content()
    screenshot(page, "reception-02-visit-saved")

    # 2. A group of 12 with 3 representatives.
    page.goto(f"{live_server}/reception/visits/new")
    page.keyboard.type("Lê Thị Hoa")
    key_fill(page, "[name=headcount]", "12")  # Tab selects the default 1, typing replaces it
    assert page.eval_on_selector("[name=headcount]", "el => el.value") == "12"
    for n, name in enumerate(("Lê Thị Hoa", "Phạm Văn Nam", "Đỗ Thị Mai")):
        key_choose(page, f"[name=representatives-{n}-kind]", "group")
        key_fill(page, f"[name=representatives-{n}-full_name]", name)
        key_fill(page, f"[name=representatives-{n}-document_number]", "01/BB-CĐD")
    key_fill(page, "[name=accompanying]", "Hoàng Văn Tâm")
    key_choose(page, "[name=classification]", "petition")
    key_fill(page, "[name=summary]", "Kiến nghị di dời trạm trộn bê tông gây ô nhiễm khu dân cư thôn 3")
    tab_to(page, "[name=with_letter]")  # the group hands in its letter, signed by the 12
    page.keyboard.press("Space")
    key_choose(page, "[name=outcome]", "letter_received")
    screenshot(page, "reception-03-group-of-12")
    key_save(page)
    assert "Đoàn đông người" in page.content()
    assert page.locator("text=01/BB-CĐD").count() == 3
    assert "đã vào sổ đơn" in page.content()
    screenshot(page, "reception-04-group-saved")

    # 3. The first citizen comes back with a letter: picked from the matches, the case offered.
    page.goto(f"{live_server}/reception/visits/new")
    page.keyboard.type("nguyen van duc")
    page.keyboard.press("Enter")
    page.keyboard.type("1960")
    page.wait_for_selector("[data-pick-citizen]")
    page.keyboard.press("Alt+l")
    assert page.evaluate("document.activeElement.hasAttribute('data-pick-citizen')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#chosen-citizen:not(.d-none)")
    page.wait_for_selector("[name=case_choice] option:nth-child(2)", state="attached")
    key_choose(page, "[name=classification]", "complaint")  # no default: chosen on purpose every time
    key_choose(page, "[name=complaint_subtype]", "administrative")
    key_fill(page, "[name=summary]", "Nộp đơn khiếu nại lần hai về bồi thường thu hồi đất")
    tab_to(page, "[name=with_letter]")
    page.keyboard.press("Space")
    key_choose(page, "[name=outcome]", "letter_received")
    tab_to(page, "[name=case_choice]")
    assert page.eval_on_selector("[name=case_choice]", "el => el.value") != "new"
    screenshot(page, "reception-05-letter-handed-in")
    key_save(page)
    assert "đã vào sổ đơn" in page.content()
    assert "lượt thứ 2 của vụ việc" in page.content()

    # 4. The citizen's page: both visits, the letter and the case, newest first.
    href = page.get_attribute("a[href^='/reception/citizens/']", "href")
    page.goto(f"{live_server}{href}")
    assert page.locator("h1").inner_text() == "Nguyễn Văn Đức"
    rows = page.locator("table tbody tr")
    assert rows.count() == 4  # two visits, one letter, one case
    assert "1960" in page.content() and "001203004567" not in page.content()  # the ID is masked
    screenshot(page, "reception-06-citizen-page")
