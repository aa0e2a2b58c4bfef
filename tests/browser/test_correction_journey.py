"""A reception officer corrects a visit recorded with the wrong day and outcome (đính chính), as a new user
would: from the visit page, the form with the recorded values, a reason, the confirmation; the history then
shows old and new values with the reason, and the answer deadline counted from the corrected day."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.citizens.services import CitizenInput
from petitions.cli import seed_reference_data
from petitions.directory.models import Agency
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import IdType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.reception import services as reception
from tests.browser.conftest import fill_date
from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_officer_corrects_a_visits_day_and_outcome(committed_app, live_server, browser_page, screenshot):
    with committed_app.app_context():
        seed_reference_data()
        board = db.session.query(Agency).filter_by(code="BTCD").one()
        officer = make_user(role=Role.RECEPTION_OFFICER, agency=board, username="lan.tran", full_name="Trần Thị Lan")
        with immediate_transactions():
            visit = reception.register_visit(
                reception.VisitInput(
                    agency_id=board.id,
                    visited_on=date(2026, 8, 14),
                    classification=VisitClass.COMPLAINT,
                    summary="Khiếu nại việc bồi thường khi thu hồi đất làm đường tỉnh 8",
                    outcome=VisitOutcome.GUIDED,
                    guided_to="UBND xã Tiên Yên",
                    officer_id=officer.id,
                    person=CitizenInput(full_name="Nguyễn Văn Đức", id_type=IdType.CCCD, id_number="001203004567"),
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
    page.get_by_role("link", name="Sửa thông tin đã ghi (đính chính)").click()
    page.wait_for_url(f"{live_server}/reception/visits/{visit_id}/correct")
    assert page.input_value("#visited_on") == "14/08/2026"
    fill_date(page, "#visited_on", date(2026, 8, 7))
    page.select_option("#outcome", "forwarded")
    page.fill("#guided_to", "")
    page.fill("#forwarded_to", "Thanh tra tỉnh")
    # Saved without a reason: refused beside the field, nothing typed is lost.
    page.get_by_label("Tôi xác nhận").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu đính chính").click()
    assert "Vui lòng ghi lý do đính chính." in page.content()
    assert page.input_value("#forwarded_to") == "Thanh tra tỉnh"
    page.get_by_label("Lý do đính chính").fill("Ghi nhầm ngày tiếp và kết quả: công dân đến ngày 07/08, đã chuyển Thanh tra")
    page.get_by_label("Tôi xác nhận").check()
    screenshot(page, "correction-visit-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu đính chính").click()
    assert page.url == f"{live_server}/reception/visits/{visit_id}"
    history = page.inner_text("#visit-history")
    assert "Ngày tiếp: 14/08/2026 → 07/08/2026 — Đính chính: Ghi nhầm ngày tiếp và kết quả" in history
    assert "Kết quả tiếp: Hướng dẫn → Chuyển cơ quan có thẩm quyền" in history
    assert "21/08/2026" in page.content()  # D7 from the corrected day
    screenshot(page, "correction-visit-history")
