"""A reception officer gives a refused citizen the papers: the receipt (PIN shown once), then the refusal
notice drafted in the document register after a confirmation."""

from __future__ import annotations

import re
from datetime import date

import pytest

from petitions.citizens.services import CitizenInput
from petitions.cli import seed_reference_data
from petitions.directory.models import Agency
from petitions.directory.queries import get_item
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import IdType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.reception import services as reception
from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_officer_issues_the_receipt_and_drafts_the_refusal_notice(
    committed_app, live_server, browser_page, screenshot
):
    with committed_app.app_context():
        seed_reference_data()
        board = db.session.query(Agency).filter_by(code="BTCD").one()
        officer = make_user(
            role=Role.RECEPTION_OFFICER, agency=board, username="lan.tran", full_name="Trần Thị Lan"
        )
        with immediate_transactions():
            visit = reception.register_visit(
                reception.VisitInput(
                    agency_id=board.id,
                    visited_on=date(2026, 8, 14),
                    classification=VisitClass.COMPLAINT,
                    summary="Khiếu nại việc bồi thường khi thu hồi đất làm đường tỉnh 8",
                    outcome=VisitOutcome.REFUSED,
                    refusal_ground_id=get_item("refusal_ground", "R26_03").id,
                    refusal_explanation="Vụ việc đã được giải quyết lần hai, đã thông báo bằng văn bản.",
                    officer_id=officer.id,
                    person=CitizenInput(
                        full_name="Nguyễn Văn Đức",
                        id_type=IdType.CCCD,
                        id_number="001203004567",
                        address_text="Thôn Đồng Mỏ",
                    ),
                ),
                actor=officer,
            )
        db.session.commit()
        visit_id = visit.id
    page = browser_page
    page.goto(f"{live_server}/auth/login")
    page.fill("#username", "lan.tran")
    page.fill("#password", DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/")

    page.goto(f"{live_server}/reception/visits/{visit_id}")
    page.get_by_role("link", name="Giấy tờ, biên nhận").click()
    page.wait_for_url(f"{live_server}/paperwork/visits/{visit_id}")
    page.get_by_role("link", name="Cấp giấy biên nhận").click()
    page.fill("[name=items-0-name]", "Đơn khiếu nại đề ngày 10/8/2026")
    page.fill("[name=items-0-pages]", "3")
    page.fill("[name=items-0-condition]", "Nguyên vẹn")
    page.select_option("[name=items-0-original]", "original")
    page.fill("[name=items-1-name]", "Quyết định thu hồi đất số 125/QĐ-UBND")
    page.fill("[name=items-1-pages]", "2")
    with page.expect_navigation():
        page.get_by_role("button", name="Cấp giấy biên nhận và mã PIN").click()
    pin = page.inner_text("[data-receipt-pin]").strip()
    assert re.fullmatch(r"\w{4,12}", pin)
    screenshot(page, "paperwork-receipt-pin")
    with page.expect_popup() as popup:
        page.get_by_role("button", name="In bản giao người cung cấp, có mã PIN (PDF)").click()
    popup.value.close()

    page.get_by_role("link", name="Xong, về trang giấy tờ").click()
    page.wait_for_url(f"{live_server}/paperwork/visits/{visit_id}")
    assert pin not in page.content() and "Cấp mã PIN 1 lần" in page.content()
    screenshot(page, "paperwork-visit-papers")

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Lập dự thảo thông báo từ chối").click()
    assert re.search(r"/documents/\d+$", page.url)
    assert "Đã lập dự thảo thông báo từ chối tiếp công dân" in page.content()
