"""The agency workspace, walked as a new user would (issue 19's acceptance journey): the office forwards a case
(the leader issues the approved forwarding paper of its letter from the document register), the receiving
commune's liaison signs in, finds the item on the home page and in the workspace, acknowledges it and answers
with the decision attached; the office's officer sees the answer on the case page at once and accepts it; then
registers the paper reply of another body that does not use the system.

The letters are registered, assigned, proposed and approved through the services in the setup (those steps have
their own journey, tests/browser/test_handling_journey.py). Two browser contexts: the office, the liaison.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.documents.models import Document
from petitions.documents.services import issue_document
from petitions.domain.records import LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.models import Letter
from petitions.letters.services import assign_letter
from tests.browser.conftest import WatchedBrowser, fill_date, screenshot_folder, sign_in
from tests.factories import make_letter, make_user

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_case_forwarded_answered_in_the_workspace_accepted_and_a_paper_reply_registered(
    committed_app, live_server, browser_page, chromium: WatchedBrowser, screenshot, tmp_path
):
    with committed_app.app_context():
        seed_reference_data()
        ban = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
        commune = db.session.scalar(sa.select(Agency).where(Agency.code == "XTY"))
        ward = db.session.scalar(sa.select(Agency).where(Agency.code == "PHG"))
        leader = make_user(role=Role.LEADER, agency=ban, username="thanh.pham", full_name="Phạm Văn Thành")
        officer = make_user(role=Role.HANDLER, agency=ban, username="ngoc.tran", full_name="Trần Thị Ngọc")
        make_user(role=Role.LIAISON, agency=commune, username="lan.xty", full_name="Vũ Thị Lan")
        today = local_today()

        def approved(summary: str, receiver: Agency) -> tuple[int, str, int | None]:
            letter = make_letter(
                agency=ban, actor=officer, received_on=today - timedelta(days=3), letter_dated_on=today - timedelta(days=6),
                letter_type=LetterType.PETITION, summary=summary, respondent=f"Ủy ban nhân dân {receiver.name}",
            )
            with immediate_transactions():
                assign_letter(letter, officer_id=officer.id, direction="Chuyển cơ quan có thẩm quyền", actor=leader,
                              effective_on=today)
                handling.propose_handling(letter, HandlingPaper.FORWARD_PETITION, actor=officer, effective_on=today,
                                          receiver_agency_id=receiver.id)
                handling.approve_proposal(letter, actor=leader, effective_on=today)
            db.session.commit()
            return letter.id, letter.register_label, letter.case_id

        first_id, first_number, case_id = approved(
            "Kiến nghị sửa chữa đường liên thôn Đồng Mỏ bị sạt lở sau mưa lớn", commune
        )
        second_id, second_number, _ = approved("Kiến nghị lắp đèn chiếu sáng ngõ 12 phố Lê Thánh Tông", ward)
        # The ward's forwarding went out earlier (issued through the service: the first one is the journey's).
        second = db.session.get(Letter, second_id)
        with immediate_transactions():
            issue_document(db.session.get(Document, second.proposal_document_id), actor=leader, issue_date=today)
        db.session.commit()
    screenshot_folder(tmp_path)
    decision = tmp_path / "quyet-dinh-giai-quyet.pdf"
    decision.write_bytes(PDF)

    office = browser_page
    office.on("dialog", lambda dialog: dialog.accept())
    liaison_context = chromium.new_context()
    liaison = liaison_context.new_page()

    # The leader forwards the case: the approved forwarding paper of its letter is issued from its page.
    sign_in(office, live_server, "thanh.pham")
    office.goto(f"{live_server}/letters/{first_id}")
    office.click("#letter-documents >> text=Phiếu chuyển đơn kiến nghị, phản ánh")
    with office.expect_navigation():
        office.click("text=Ban hành, cấp số từ sổ đăng ký")
    assert "Đã ban hành và cấp số văn bản" in office.inner_text(".alert-success")
    office.goto(f"{live_server}/cases/{case_id}")
    sent = office.inner_text("#referrals")
    assert "Ủy ban nhân dân xã Tiên Yên" in sent and "Đã gửi, chưa xác nhận" in sent
    screenshot(office, "workspace-01-case-forwarded")

    # The commune's liaison finds it on the home page and in the workspace, and acknowledges receipt.
    sign_in(liaison, live_server, "lan.xty")
    assert liaison.inner_text('[data-count="referrals-open"]') == "1"
    liaison.click("#referrals-home >> text=Việc được gửi đến cơ quan")
    assert first_number in liaison.inner_text("table.referral-table")
    screenshot(liaison, "workspace-02-liaison-list")
    liaison.click(f"table.referral-table >> text=Đơn số {first_number}")
    assert "Kiến nghị sửa chữa đường liên thôn" in liaison.inner_text("#referral-about")
    with liaison.expect_navigation():
        liaison.click("#acknowledge-form button[type=submit]")
    assert "Đã xác nhận nhận việc" in liaison.inner_text(".alert-success")

    # It answers with the decision attached and the outcome the reports count.
    liaison.fill("#answer-number", "128/UBND-ĐC")
    fill_date(liaison, "#answer-answered_on", today)
    liaison.fill("#answer-summary", "Đã bố trí kinh phí sửa chữa đoạn đường sạt lở, hoàn thành trong tháng")
    liaison.select_option("#answer-outcome", label="Đã giải quyết (quyết định, kết luận, văn bản trả lời)")
    liaison.fill("#answer-decision_number", "45/QĐ-UBND")
    liaison.set_input_files("#answer-file", str(decision))
    screenshot(liaison, "workspace-03-liaison-answers")
    with liaison.expect_navigation():
        liaison.click("#answer-form button[type=submit]")
    assert "Đã gửi kết quả" in liaison.inner_text(".alert-success"), liaison.inner_text("main")
    assert "Đã trả lời, chờ xem xét" in liaison.inner_text("#referral-status")

    # The office's officer sees it at once: the home page and the case page, with the decision to download.
    officer_context = chromium.new_context(accept_downloads=True)
    office = officer_context.new_page()
    sign_in(office, live_server, "ngoc.tran")
    assert office.inner_text('[data-count="referrals-review"]') == "1"
    office.goto(f"{live_server}/cases/{case_id}")
    answered = office.inner_text("#referrals")
    assert "128/UBND-ĐC" in answered and "Đã trả lời, chờ xem xét" in answered
    screenshot(office, "workspace-04-case-page-shows-answer")
    with office.expect_download() as download:
        office.click("#referrals >> text=Tệp")
    assert Path(download.value.path()).read_bytes() == PDF
    office.click("#referrals >> text=Ủy ban nhân dân xã Tiên Yên")
    with office.expect_navigation():
        office.click("#accept-form button[type=submit]")
    assert "Đã chấp nhận kết quả" in office.inner_text(".alert-success")
    office.goto(f"{live_server}/letters/{first_id}")
    assert "Đã nhận văn bản phúc đáp" in office.inner_text("main dl") or "phúc đáp" in office.inner_text("main dl")

    # Another body (the ward) does not use the system: the officer registers its paper reply.
    office.goto(f"{live_server}/letters/{second_id}")
    assert office.locator("#reply-form").count() == 0  # the one way is the referral's paper reply
    with office.expect_navigation():
        office.click("#referrals >> text=Ủy ban nhân dân phường Hồng Gai")
    office.fill("#paper_reply-number", "56/UBND")
    fill_date(office, "#paper_reply-answered_on", today)
    office.fill("#paper_reply-summary", "Đã lắp đặt đèn chiếu sáng ngõ 12, đưa vào sử dụng")
    office.select_option("#paper_reply-outcome", label="Đã giải quyết (quyết định, kết luận, văn bản trả lời)")
    office.set_input_files("#paper_reply-file", str(decision))
    screenshot(office, "workspace-05-paper-reply")
    with office.expect_navigation():
        office.click("#paper_reply-form button[type=submit]")
    assert "Đã ghi nhận văn bản phúc đáp" in office.inner_text(".alert-success"), office.inner_text("main")
    assert "Văn bản phúc đáp (giấy)" in office.inner_text("#referral-answer")
    assert "Đã dừng" in office.inner_text("#referral-due")
    screenshot(office, "workspace-06-paper-reply-registered")
    liaison_context.close()
    officer_context.close()
