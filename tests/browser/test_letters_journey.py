"""A reception officer registers a mailed complaint, then a second letter from the same person about the
same matter, and is offered the first one as a duplicate before saving."""

from __future__ import annotations

import pytest

from petitions.deadlines.services import seed_calendar
from petitions.directory.seed import seed_reference_items
from petitions.domain.types import Role
from petitions.extensions import db
from tests.browser.conftest import fill_date
from tests.factories import DEFAULT_PASSWORD, make_agency, make_user

pytestmark = pytest.mark.browser


def fill_letter(page, *, received: str, summary: str) -> None:  # type: ignore[no-untyped-def]
    fill_date(page, "#received_on", received)
    page.select_option("#channel", "post")
    page.select_option("#letter_type", "complaint")
    page.select_option("#complaint_subtype", "administrative")
    page.fill("#full_name", "Nguyễn Văn An")
    page.select_option("#id_type", "cccd")
    page.fill("#id_number", "079201000123")
    page.fill("#address", "Thôn Đông, xã Hòa Bình")
    page.fill("#respondent", "UBND xã Hòa Bình")
    page.fill("#summary", summary)


def submit(page) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.click("#letter-submit")


def test_second_letter_is_offered_as_a_duplicate(committed_app, live_server, browser_page, screenshot):
    with committed_app.app_context():
        seed_calendar()
        seed_reference_items()
        officer = make_user(role=Role.RECEPTION_OFFICER, agency=make_agency(), username="canbo")
        db.session.commit()
        username = officer.username
    page = browser_page
    page.goto(f"{live_server}/auth/login")
    page.fill("#username", username)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{live_server}/letters/new")
    fill_letter(
        page,
        received="02/03/2026",
        summary="Khiếu nại Quyết định thu hồi đất số 15/QĐ-UBND, bồi thường đất nông nghiệp quá thấp",
    )
    screenshot(page, "letters-01-register-mailed-complaint")
    submit(page)
    assert "Đã đăng ký đơn số 1/2026" in page.content()
    assert "Xử lý đơn" in page.content()
    screenshot(page, "letters-02-registered")

    page.goto(f"{live_server}/letters/new")
    fill_letter(
        page,
        received="01/04/2026",
        summary="Tiếp tục khiếu nại quyết định thu hồi đất 15/QĐ-UBND vì bồi thường đất nông nghiệp thấp",
    )
    submit(page)
    duplicates = page.locator("#duplicates")
    assert duplicates.is_visible()
    assert "1/2026" in duplicates.inner_text()
    assert "Cùng số giấy tờ tùy thân" in duplicates.inner_text()
    screenshot(page, "letters-03-duplicate-offered")

    page.select_option("#duplicate_decision", "duplicate")
    submit(page)
    assert "Đã đăng ký đơn số 2/2026" in page.content()
    assert "Đơn trùng với đơn đã chọn" in page.content()
    screenshot(page, "letters-04-saved-as-duplicate")


def test_existing_citizen_is_chosen_and_the_list_filtered(
    committed_app, live_server, browser_page, screenshot
):
    """A letter from someone already on file is linked to their record (looked up by name, by POST),
    then the register is filtered by year and type with the filters kept in the URL."""
    from petitions.domain.records import IdType
    from petitions.letters.models import Letter
    from tests.factories import make_citizen

    with committed_app.app_context():
        seed_calendar()
        seed_reference_items()
        agency = make_agency()
        officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency, username="canbo2")
        known = make_citizen(
            agency_id=agency.id, full_name="Trần Thị Bình", id_type=IdType.CCCD, id_number="079301000456"
        )
        db.session.commit()
        username, known_id = officer.username, known.id
    page = browser_page
    page.goto(f"{live_server}/auth/login")
    page.fill("#username", username)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{live_server}/letters/new")
    fill_date(page, "#received_on", "09/03/2026")
    page.select_option("#letter_type", "petition")
    page.fill("#full_name", "tran thi binh")
    with page.expect_navigation():
        page.click("#citizen-lookup")
    assert "lookup" not in page.url and "tran" not in page.url
    page.check(f"#citizen-{known_id}")
    screenshot(page, "letters-05-existing-citizen-offered")
    page.fill("#respondent", "UBND phường Tân An")
    page.fill("#summary", "Kiến nghị sửa chữa tuyến đường liên thôn bị xuống cấp")
    submit(page)
    assert "Đã đăng ký đơn số 1/2026" in page.content()
    assert "Trần Thị Bình" in page.content()
    with committed_app.app_context():
        assert db.session.scalar(db.select(Letter.citizen_id)) == known_id

    page.goto(f"{live_server}/letters/")
    page.select_option("#type", "petition")
    page.select_option("#year", "2026")
    with page.expect_navigation():
        page.click("#letter-filters button[type=submit]")
    assert "type=petition" in page.url and "year=2026" in page.url
    assert "1/2026" in page.locator("table").inner_text()
    assert "Đã tiếp nhận" in page.locator("table").inner_text()
    screenshot(page, "letters-06-register-filtered")
