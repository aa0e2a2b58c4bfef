"""Handling a mailed denunciation to a decision, as the office does it (issue 17's acceptance journey): the
leader assigns it from the home page, the officer proposes forwarding it (Mẫu 03, the notice to the
denouncer drafted with it), the leader approves and issues both papers; the slip prints without the
denouncer, the notice prints with the denouncer for the cleared officer; the letter page shows both papers
and "Đã chuyển đơn"; each step moves the letter out of the worklist section it was in (to assign, to
handle, waiting for approval, approved and waiting to be issued). Then the commune's liaison answers in the
workspace (the denouncer not shown), the officer accepts the answer, the leader files the letter and its case ends.

The letter is registered through the letter service in the setup (registration has its own journey); the
vault is in encrypted mode so that the identity exists to leak. Three browser contexts, one per user.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.domain.records import LetterType
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.vault.keys import create_key_file
from petitions.vault.services import Identity
from tests.browser.conftest import WatchedBrowser, fill_date, pdf_to_png, screenshot_folder, sign_in
from tests.canary import pdf_text, text_hits
from tests.factories import make_cleared_user, make_letter, make_user
from tests.tools import require_tool

pytestmark = pytest.mark.browser

DENOUNCER = Identity(
    full_name="Hoàng Thị Xuyến",
    id_number="022186004321",
    address="Thôn Đồng Mỏ, xã Tiên Yên, tỉnh Quảng Ninh",
    phone="0912345678",
)
# What identifies her: the name, the ID number, the address's own part (the commune is also the receiver's),
# the phone.
IDENTITY = (DENOUNCER.full_name, DENOUNCER.id_number, "Thôn Đồng Mỏ", DENOUNCER.phone)


def section_text(page, key: str) -> str:  # type: ignore[no-untyped-def]
    return page.inner_text(f"section#{key}")


def test_a_mailed_denunciation_is_assigned_proposed_approved_forwarded_printed_answered_and_closed(
    committed_app, live_server, browser_page, chromium: WatchedBrowser, screenshot, tmp_path
):
    require_tool("pdftotext", "poppler-utils")
    require_tool("pdftoppm", "poppler-utils")
    key_file = tmp_path / "outside" / "vault.key"
    create_key_file(key_file)
    committed_app.config.update(
        VAULT_MODE="encrypted", VAULT_KEY_FILE=str(key_file), VAULT_LEGAL_BASIS="QĐ 01/QĐ-BTCD (thử nghiệm)"
    )
    with committed_app.app_context():
        seed_reference_data()
        ban = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
        leader = make_user(role=Role.LEADER, agency=ban, username="thanh.pham", full_name="Phạm Văn Thành")
        officer = make_cleared_user(role=Role.HANDLER, agency=ban, username="ngoc.tran", full_name="Trần Thị Ngọc")
        commune = db.session.scalar(sa.select(Agency).where(Agency.code == "XTY"))
        make_user(role=Role.LIAISON, agency=commune, username="lan.xty", full_name="Vũ Thị Lan")
        today = local_today()
        letter = make_letter(
            agency=ban,
            actor=officer,
            received_on=today - timedelta(days=1),
            letter_dated_on=today - timedelta(days=4),
            letter_type=LetterType.DENUNCIATION,
            identity=DENOUNCER,
            summary="Tố cáo ông Nguyễn Văn Bảy, công chức địa chính - xây dựng xã Tiên Yên, nhận tiền của người "
            "dân khi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất",
            respondent="Ông Nguyễn Văn Bảy, công chức địa chính - xây dựng xã Tiên Yên",
            place_text="xã Tiên Yên, tỉnh Quảng Ninh",
        )
        db.session.commit()
        number, letter_url, case_url = letter.register_label, f"{live_server}/letters/{letter.id}", f"{live_server}/cases/{letter.case_id}"
        leader_name, officer_name = leader.username, officer.username
    folder = screenshot_folder(tmp_path)

    boss = browser_page
    boss.on("dialog", lambda dialog: dialog.accept())  # the data-confirm prompts
    officer_context = chromium.new_context()
    staff = officer_context.new_page()
    staff.on("dialog", lambda dialog: dialog.accept())

    # The leader finds the new letter on the home page, waiting to be assigned, and assigns it.
    sign_in(boss, live_server, leader_name)
    assert number in section_text(boss, "to_assign")
    boss.click(f"section#to_assign >> text={number}")
    assert boss.url == letter_url
    boss.select_option("#assign-officer", label="Trần Thị Ngọc")
    boss.fill("#assign-direction", "Đề xuất chuyển UBND xã Tiên Yên giải quyết theo thẩm quyền")
    with boss.expect_navigation():
        boss.click("#assign-form button[type=submit]")
    assert f"Đã giao xử lý đơn {number}" in boss.inner_text(".alert-success")
    boss.goto(f"{live_server}/")
    assert number not in section_text(boss, "to_assign")

    # The officer has it to handle and proposes forwarding it to the commune.
    sign_in(staff, live_server, officer_name)
    assert number in section_text(staff, "to_handle")
    staff.click(f"section#to_handle >> text={number}")
    staff.select_option("#propose-paper", label="Văn bản chuyển đơn tố cáo")
    staff.select_option("#propose-receiver", label="Ủy ban nhân dân xã Tiên Yên")
    screenshot(staff, "handling-01-officer-proposes")
    with staff.expect_navigation():
        staff.click("#propose-form button[type=submit]")
    assert "Đã gửi đề xuất" in staff.inner_text(".alert-success")
    documents = staff.inner_text("#letter-documents")
    assert "Văn bản chuyển đơn tố cáo" in documents and "Thông báo cho người tố cáo về việc chuyển đơn" in documents
    staff.goto(f"{live_server}/")
    assert number not in section_text(staff, "to_handle")

    # The leader approves it from "waiting for my approval", then issues both drafts.
    boss.goto(f"{live_server}/")
    assert number in section_text(boss, "awaiting_approval")
    boss.click(f"section#awaiting_approval >> text={number}")
    assert "Văn bản chuyển đơn tố cáo (dự thảo); Thông báo cho người tố cáo" in boss.inner_text("#proposal-papers")
    screenshot(boss, "handling-02-leader-approves")
    with boss.expect_navigation():
        boss.click("#approve-form button[type=submit]")
    assert "Đã duyệt đề xuất" in boss.inner_text(".alert-success")
    boss.goto(f"{live_server}/")
    assert number not in section_text(boss, "awaiting_approval")
    assert number in section_text(boss, "awaiting_issue")
    boss.click(f"section#awaiting_issue >> text={number}")
    for paper in ("Văn bản chuyển đơn tố cáo", "Thông báo cho người tố cáo về việc chuyển đơn"):
        boss.click(f"#letter-documents >> text={paper}")
        with boss.expect_navigation():
            boss.click("text=Ban hành, cấp số từ sổ đăng ký")
        assert "Đã ban hành và cấp số văn bản" in boss.inner_text(".alert-success")
        boss.click(f"text=Đơn số {number}")  # the document page leads back to its letter
    assert boss.url == letter_url
    assert "Đã chuyển đơn" in boss.inner_text("main dl")
    assert boss.inner_text("#letter-elsewhere") == "Ủy ban nhân dân xã Tiên Yên"
    assert boss.locator("#void-form").count() == 0  # its number went out on the slip: no voiding now
    assert boss.locator(".blank-denouncer").count() == 1  # the leader is told the notice prints blank for him
    documents = boss.inner_text("#letter-documents")
    assert documents.count("Đã ban hành") == 2 and documents.count("BTCD") == 2
    screenshot(boss, "handling-03-letter-forwarded")

    # The slip, its redacted copy and the notice print; none of them names the denouncer for the leader.
    def link(text: str, nth: int = 0) -> str:
        return live_server + str(boss.get_attribute(f"#letter-documents a:has-text('{text}') >> nth={nth}", "href"))

    slip_pdf, notice_url = boss.request.get(link("Bản in (PDF)")).body(), link("Bản in (PDF)", 1)
    printed = {
        "slip": pdf_text(slip_pdf),
        "redacted copy": pdf_text(boss.request.get(link("Bản sao đơn đã che")).body()),
        "notice (leader, not cleared)": pdf_text(boss.request.get(notice_url).body()),
    }
    assert "V/v chuyển đơn tố cáo" in printed["slip"] and "Mẫu số 03" in printed["slip"]
    assert {name: text_hits(text, IDENTITY) for name, text in printed.items() if text_hits(text, IDENTITY)} == {}
    boss.click("#letter-documents >> text=Thư thông báo")
    assert "Ủy ban nhân dân xã Tiên Yên" in boss.input_value("#mail-body")
    assert text_hits(boss.input_value("#mail-subject") + boss.input_value("#mail-body"), IDENTITY) == []
    screenshot(boss, "handling-05-notification")
    pdf_to_png(slip_pdf, folder, "handling-04-forwarding-slip-printed")

    boss.goto(f"{live_server}/")
    assert number not in section_text(boss, "awaiting_issue")  # issued: nothing left for the leader

    # The cleared officer prints the notice with the denouncer's name and address (never the ID or phone).
    staff.goto(letter_url)
    assert staff.locator(".blank-denouncer").count() == 0
    notice = pdf_text(staff.request.get(notice_url).body())
    assert set(text_hits(notice, IDENTITY)) == {DENOUNCER.full_name, "Thôn Đồng Mỏ"}
    staff.goto(f"{live_server}/")
    assert number not in section_text(staff, "to_handle")

    # The commune's liaison finds the forwarded denunciation in the workspace (without the denouncer), acknowledges
    # it and answers: the conclusion on the denunciation, dated today.
    liaison = chromium.new_context().new_page()
    sign_in(liaison, live_server, "lan.xty")
    liaison.click("#referrals-home >> text=Việc được gửi đến cơ quan")
    with liaison.expect_navigation():
        liaison.click(f"table.referral-table >> text=Đơn số {number}")
    assert text_hits(liaison.inner_text("main"), IDENTITY) == []
    with liaison.expect_navigation():
        liaison.click("#acknowledge-form button[type=submit]")
    liaison.fill("#answer-number", "77/KL-UBND")
    fill_date(liaison, "#answer-answered_on", today)
    liaison.fill("#answer-summary", "Kết luận nội dung tố cáo: ông Nguyễn Văn Bảy nhận tiền là đúng; đã kỷ luật khiển trách")
    liaison.select_option("#answer-outcome", label="Đã giải quyết (quyết định, kết luận, văn bản trả lời)")
    liaison.select_option("#answer-verdict", label="Tố cáo đúng")
    liaison.fill("#answer-decision_number", "77/KL-UBND")
    conclusion = tmp_path / "ket-luan-noi-dung-to-cao.pdf"
    conclusion.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    liaison.set_input_files("#answer-file", str(conclusion))
    with liaison.expect_navigation():
        liaison.click("#answer-form button[type=submit]")
    assert "Đã gửi kết quả" in liaison.inner_text(".alert-success"), liaison.inner_text("main")
    liaison.context.close()

    # The officer accepts the answer from the case page; the letter has its reply; the leader files the letter
    # and with it the case ends.
    staff.goto(case_url)
    assert "77/KL-UBND" in staff.inner_text("#referrals")
    with staff.expect_navigation():
        staff.click("#referrals >> text=Ủy ban nhân dân xã Tiên Yên")
    with staff.expect_navigation():
        staff.click("#accept-form button[type=submit]")
    assert "Đã chấp nhận kết quả" in staff.inner_text(".alert-success")
    boss.goto(letter_url)
    assert "Đã nhận văn bản phúc đáp" in boss.inner_text("main dl")
    boss.fill("#file-form textarea, #file-form input[name=reason]", "Cơ quan có thẩm quyền đã kết luận nội dung tố cáo")
    with boss.expect_navigation():
        boss.click("#file-form button[type=submit]")
    assert "Đã lưu đơn." in boss.inner_text(".alert-success")
    boss.goto(case_url)
    assert boss.inner_text("#case-status") == "Đã kết thúc"
    screenshot(boss, "handling-06-case-closed")
    officer_context.close()
