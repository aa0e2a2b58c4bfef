"""The reports screens in a browser: a leader of the provincial Ban opens the reports, finds today's period
chosen, reads a 30-column form that scrolls inside its own frame (with the keyboard, the page keeping its width),
prints the form (its PDF downloaded and read), goes to the period's whole report and downloads the set as one PDF,
whose every form covers the quarter."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.domain.reception import SessionKind, VisitClass, VisitOutcome
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.reception.models import Visit
from petitions.report_periods import default_period
from tests.browser.conftest import pdf_to_png, screenshot_folder, sign_in
from tests.canary import pdf_text
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_a_leader_reads_the_current_period_scrolls_a_wide_form_and_downloads_the_set(
    committed_app, live_server, browser_page, screenshot, tmp_path
):
    current = default_period(local_today())
    with committed_app.app_context():
        seed_reference_data()
        ban = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
        make_user(role=Role.LEADER, agency=ban, username="lan.nguyen", full_name="Nguyễn Thị Lan")
        db.session.add(
            Visit(
                agency_id=ban.id, book_year=current.start.year, book_number=1, visited_on=current.start,
                kind=SessionKind.REGULAR, classification=VisitClass.COMPLAINT, outcome=VisitOutcome.GUIDED,
                headcount=6, summary="Khiếu nại việc bồi thường khi thu hồi đất",
            )
        )
        db.session.commit()

    page = browser_page
    sign_in(page, live_server, "lan.nguyen")
    page.goto(f"{live_server}/reports/")
    assert page.input_value("#period-set") == current.code
    assert page.input_value("#period-01-tcd") == current.code

    with page.expect_navigation():
        page.locator("form[action='/reports/01-tcd'] button[type=submit]").first.click()
    assert page.input_value("#period") == current.code
    assert f"Số liệu tính từ ngày {current.start:%d/%m/%Y} đến ngày {current.end:%d/%m/%Y}" in page.content()
    frame = page.locator("#report-frame")
    widths = frame.evaluate("f => [f.scrollWidth, f.clientWidth]")
    assert widths[0] > widths[1], "the 30 columns are wider than the frame: it scrolls"
    # The page's content keeps the window's width (the navigation bar's own overflow at 1280 px is not the form's).
    main = page.evaluate("() => { const m = document.querySelector('main'); return [m.scrollWidth, m.clientWidth] }")
    assert main[0] <= main[1], "the form does not widen the page"
    assert frame.evaluate("f => f.getBoundingClientRect().right") <= page.evaluate("() => window.innerWidth")
    frame.focus()
    page.keyboard.press("End")  # inside the focused frame: the keys scroll it
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # Chromium animates keyboard scrolling: the offset grows after the key events return, so wait for it (fails on
    # the timeout if the frame never scrolls).
    page.wait_for_function("() => document.querySelector('#report-frame').scrollLeft > 0", timeout=5000)
    screenshot(page, "reports-wide-form")

    # The form printed: its PDF downloaded and read (the visit of 6 people counted), page 1 kept as a picture.
    with page.expect_download() as downloading:
        page.locator("main a", has_text="PDF").first.click()
    printed = Path(downloading.value.path()).read_bytes()
    window = f"Số liệu tính từ ngày {current.start:%d/%m/%Y} đến ngày {current.end:%d/%m/%Y}"
    text = " ".join(pdf_text(printed).split())
    assert "Biểu số: 01/TCD" in text and window in text
    # The Ban's row: 1 lượt, 6 người, 1 vụ việc in all, the same as regular reception (columns 1-6).
    assert "Ban Tiếp công dân tỉnh Quảng Ninh 1 6 1 1 6 1 " in text
    pdf_to_png(printed, screenshot_folder(tmp_path), "reports-01-tcd-printed")

    with page.expect_navigation():
        page.get_by_role("link", name="Báo cáo cả kỳ (báo cáo và mọi biểu)").click()
    assert page.input_value("#period") == current.code
    body = page.content()
    if current.number == 1:
        assert "Lập dự thảo báo cáo trong sổ văn bản đi" in body
    else:
        assert "chỉ gồm các biểu số liệu, không có báo cáo thuyết minh" in body
    with page.expect_download() as downloading:
        page.click("#download-set-pdf")
    download = downloading.value
    assert download.suggested_filename == f"bao-cao-btcd-{current.code}.pdf"
    whole = " ".join(pdf_text(Path(download.path()).read_bytes()).split())
    forms = ("01/TCD", "02/TCD", "01/XLD", "02/XLD", "03/XLD", "04/XLD", "01/KQGQ", "02/KQGQ", "03/KQGQ", "04/KQGQ")
    assert [form for form in forms if f"Biểu số: {form}" not in whole] == []
    assert whole.count(window) >= len(forms)  # every form of the set covers the quarter
    screenshot(page, "reports-set")
