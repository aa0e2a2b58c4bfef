"""Chasing a late body, walked as a new user would (issue 20's acceptance journey): the provincial Ban forwarded a
petition to the Hồng Gai ward on a fixed date (15/07/2026, answer due 14/08/2026); the daily job builds the list
of Monday 17/08/2026 (`petitions chase --date 2026-08-17`): the item is overdue and its first urging waits for a
leader. The Ban's leader finds it from the menu, approves and issues it, prints it, sees it on the case page and
in the ward's row of the bodies' performance (chases sent, overdue now).

The letter is registered, assigned, proposed and its forwarding issued through the services in the setup (those
steps have their own journeys: test_handling_journey.py, test_agency_workspace.py).
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.documents.services import issue_document
from petitions.domain.records import LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.services import assign_letter
from tests.browser.conftest import sign_in
from tests.factories import make_letter, make_user

pytestmark = pytest.mark.browser

SENT = date(2026, 7, 15)


def test_an_overdue_forwarded_case_is_urged_printed_and_counted(committed_app, live_server, browser_page, screenshot):
    with committed_app.app_context():
        seed_reference_data()
        ban = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
        ward = db.session.scalar(sa.select(Agency).where(Agency.code == "PHG"))
        leader = make_user(role=Role.LEADER, agency=ban, username="thanh.pham", full_name="Phạm Văn Thành")
        officer = make_user(role=Role.HANDLER, agency=ban, username="ngoc.tran", full_name="Trần Thị Ngọc")
        letter = make_letter(
            agency=ban, actor=officer, received_on=date(2026, 7, 2), letter_dated_on=date(2026, 6, 29),
            letter_type=LetterType.PETITION, summary="Kiến nghị nạo vét mương thoát nước tổ 5 khu 3 bị ngập",
            respondent="Ủy ban nhân dân phường Hồng Gai",
        )
        with immediate_transactions():
            assign_letter(letter, officer_id=officer.id, direction="Chuyển cơ quan có thẩm quyền", actor=leader,
                          effective_on=date(2026, 7, 6))
            paper = handling.propose_handling(letter, HandlingPaper.FORWARD_PETITION, actor=officer,
                                              effective_on=date(2026, 7, 6), receiver_agency_id=ward.id)
            handling.approve_proposal(letter, actor=leader, effective_on=date(2026, 7, 6))
            issue_document(paper, actor=leader, issue_date=SENT)
        db.session.commit()
        number, case_id, ward_id = letter.register_label, letter.case_id, ward.id
    built = committed_app.test_cli_runner().invoke(args=["chase", "--date", "2026-08-17"])
    assert "Đôn đốc ngày 17/08/2026: đề xuất mới 1 (đôn đốc lần 1 1)" in built.output, built.output

    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, "thanh.pham")
    page.click("nav >> text=Phối hợp cơ quan")
    page.click("nav >> text=Đôn đốc cơ quan chậm trả lời")
    row = page.inner_text("table.chase-table")
    assert f"Đơn số {number}" in row and "Đôn đốc lần 1" in row and "Ủy ban nhân dân phường Hồng Gai" in row
    assert "14/08/2026" in row and "17/08/2026" in row
    screenshot(page, "chasing-01-list")

    page.click(f"table.chase-table >> text=Đơn số {number}")
    assert "Hạn trả lời" in page.inner_text("#chase-about") and "14/08/2026" in page.inner_text("#chase-about")
    page.check("text=Duyệt và ban hành ngay")
    screenshot(page, "chasing-02-approve")
    with page.expect_navigation():
        page.click("#approve-form button[type=submit]")
    assert "Đã duyệt và ban hành văn bản đôn đốc." in page.inner_text(".alert-success")
    document = page.inner_text("#chase-document")
    assert "đôn đốc giải quyết đơn số" in document and "(lần 1)" in document
    assert "Đã duyệt" in page.inner_text("#chase-status")

    # Print it: the link the page offers answers the paper's PDF.
    href = page.get_attribute("#chase-document >> text=In (PDF)", "href")
    printed = page.context.request.get(f"{live_server}{href}")
    assert printed.ok and printed.headers["content-type"] == "application/pdf" and printed.body().startswith(b"%PDF")
    screenshot(page, "chasing-03-approved")

    # On the case: the urging paper and the letter's "urged" event.
    page.click("main >> a:has-text('Vụ việc')")
    assert page.url.endswith(f"/cases/{case_id}")
    timeline = page.inner_text("#case-timeline")
    assert f"đôn đốc giải quyết đơn số {number} (lần 1)" in timeline
    screenshot(page, "chasing-04-case")

    # In the ward's row of the bodies' performance: one chase sent, one item overdue.
    page.goto(f"{live_server}/performance/?from=2026-07-01&to={local_today().isoformat()}")
    row = page.locator(f"#body-{ward_id}")
    assert row.locator('[data-figure="chases"]').inner_text().strip() == "1"
    assert row.locator('[data-figure="overdue"]').inner_text().strip() == "1"
    assert row.locator('[data-figure="received"]').inner_text().strip() == "1"
    screenshot(page, "chasing-05-performance")


def test_a_leader_ticks_the_whole_page_with_the_keyboard_and_approves_it_at_once(committed_app, live_server, browser_page):
    """Two items of the Ban long overdue: the leader selects all on the page with the keyboard, is asked to confirm
    naming how many, and both steps are approved, their papers waiting for the văn thư."""
    from petitions.chasing.models import Chase
    from petitions.domain.chasing import ChaseStatus
    from petitions.domain.referrals import ReferralKind
    from petitions.referrals.services import open_referral

    with committed_app.app_context():
        seed_reference_data()
        ban = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
        make_user(role=Role.LEADER, agency=ban, username="thanh.pham", full_name="Phạm Văn Thành")
        officer = make_user(role=Role.HANDLER, agency=ban, username="ngoc.tran", full_name="Trần Thị Ngọc")
        with immediate_transactions():
            for code in ("PHG", "XTY"):
                letter = make_letter(agency=ban, actor=officer, received_on=date(2026, 6, 25),
                                     letter_type=LetterType.PETITION, summary=f"Kiến nghị gửi {code}")
                body = db.session.scalar(sa.select(Agency).where(Agency.code == code))
                open_referral(letter, agency_id=body.id, kind=ReferralKind.FORWARDED, sent_on=date(2026, 7, 1), actor=None)
        db.session.commit()
    built = committed_app.test_cli_runner().invoke(args=["chase", "--date", "2026-08-17"])
    assert "đề xuất mới 2" in built.output, built.output

    page = browser_page
    asked: list[str] = []

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    sign_in(page, live_server, "thanh.pham")
    page.goto(f"{live_server}/chasing/")
    page.focus("#chase-select-all")
    page.keyboard.press("Space")
    assert page.locator('input[name="chase_ids"]:checked').count() == 2
    page.focus("#bulk-approve button[type=submit]")
    page.keyboard.press("Enter")
    page.locator("text=Đã duyệt 2 bước đôn đốc").wait_for()
    assert asked and "Duyệt 2 bước đôn đốc đã chọn" in asked[0], asked
    assert "Đã duyệt 2 bước đôn đốc; văn bản chờ văn thư cấp số." in page.inner_text("main")
    with committed_app.app_context():
        statuses = db.session.scalars(sa.select(Chase.status)).all()
        assert sorted(statuses) == [ChaseStatus.APPROVED, ChaseStatus.APPROVED]
