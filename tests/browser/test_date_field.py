"""Date fields read and show dd/mm/yyyy whatever the browser's language: in an English (en-US) browser, whose own
date inputs would ask mm/dd/yyyy, an officer types one date as eight digits, picks another on the calendar with the
keyboard only, and the letter is saved with those days; a list filter typed 1/3/2026 reads 01/03/2026. The list
then prints on A4 with only the list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from petitions.clock import local_today
from petitions.deadlines.services import seed_calendar
from petitions.directory.seed import seed_reference_items
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.models import Letter
from tests.browser.conftest import WatchedBrowser, sign_in
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def english_page(chromium: WatchedBrowser) -> Iterator[object]:
    """A page of an English (en-US) browser, from the run's chromium (watched like every journey's pages)."""
    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def test_an_english_browser_types_and_picks_days_as_dd_mm_yyyy(committed_app, live_server, english_page, screenshot):
    with committed_app.app_context():
        seed_calendar()
        seed_reference_items()
        make_user(role=Role.RECEPTION_OFFICER, agency=make_agency(), username="ngay")
        db.session.commit()
    page = english_page
    assert page.evaluate("navigator.language") == "en-US"
    sign_in(page, live_server, "ngay")
    today = local_today()
    received, written = today - timedelta(days=2), today - timedelta(days=3)

    page.goto(f"{live_server}/letters/new")
    field = page.locator("#received_on")
    assert field.get_attribute("type") == "text" and field.get_attribute("placeholder") == "ngày/tháng/năm"
    assert field.input_value() == today.strftime("%d/%m/%Y")  # the form's default, shown dd/mm/yyyy
    field.click()
    field.press("Control+A")
    field.press("Delete")
    field.press_sequentially(received.strftime("%d%m%Y"))  # eight digits, no slashes
    assert field.input_value() == received.strftime("%d/%m/%Y")

    # The calendar, keyboard only: Alt+↓ opens it on today (nothing typed yet), ← goes back a day, Enter picks.
    page.locator("#letter_dated_on").focus()
    page.keyboard.press("Alt+ArrowDown")
    calendar = page.locator(".date-picker-popover:not(.d-none)")
    assert calendar.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('date-picker-calendar')")
    for _ in range((today - written).days):
        page.keyboard.press("ArrowLeft")
    screenshot(page, "date-field-calendar-en-US")
    page.keyboard.press("Enter")
    assert page.locator("#letter_dated_on").input_value() == written.strftime("%d/%m/%Y")
    assert not calendar.is_visible()
    assert page.evaluate("document.activeElement.id") == "letter_dated_on"  # the focus comes back to the field

    page.select_option("#channel", "post")
    page.select_option("#letter_type", "petition")
    page.fill("#full_name", "Lê Văn Tám")
    page.fill("#respondent", "UBND xã Hòa Bình")
    page.fill("#summary", "Kiến nghị sửa đường liên thôn")
    with page.expect_navigation():
        page.click("#letter-submit")
    assert "Đã đăng ký đơn số" in page.content() or "Registered letter" in page.content()
    with committed_app.app_context():
        letter = db.session.query(Letter).one()
        assert (letter.received_on, letter.letter_dated_on) == (received, written)

    # A list filter typed d/m/yyyy is written out in full when the field is left, and filters by that day.
    page.goto(f"{live_server}/letters/")
    due_from = page.locator("#due_from")
    due_from.click()
    due_from.press_sequentially("1/3/2026")
    page.keyboard.press("Tab")
    assert due_from.input_value() == "01/03/2026"

    # Printed (static/css/app.css @media print): the list alone, its header row repeated, no row cut in two.
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible() and not page.locator("form[method=get]").first.is_visible()
    assert page.locator("main table").is_visible() and not page.locator("main .btn").first.is_visible()
    header, row = page.locator("main table thead"), page.locator("main table tbody tr").first
    assert header.evaluate("el => getComputedStyle(el).display") == "table-header-group"
    assert row.evaluate("el => getComputedStyle(el).breakInside") == "avoid"
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and b"/MediaBox [0 0 594.95996 841.91998]" in pdf  # A4: 210 × 297 mm
