"""Resolving a complaint to the end, as the office's new leader and officer do it (issue 18's acceptance journey):
the leader goes from the menu to the case list and the case page, accepts the complaint (the acceptance notice
drafted, issued) and assigns its verification to the officer (issued); the decision is not offered before the
verification report (Luật KN Đ29): the officer drafts the report, then holds the dialogue and drafts its record, and
the leader issues both from the case page; the leader classes the case complex, records a
partly-right decision with money to return to the complainant typed the Vietnamese way (1.250,5 million VND, after
a typing slip refused beside the field) and issues it (its PDF fetched and read); the officer starts and records
the implementation; the leader closes the case. The case page's timeline then shows every step, its papers, the
clocks with their explanations and the outcome figures. Two browser contexts, one per user.

"Extend it": DOMAIN §3.5 gives extensions (QĐ gia hạn, D24 + ≤ 30 days) to denunciations only, and flow's table
(petitions.domain.case_flow) follows it: a complaint's clocks have no extension (D15 "no extensions"). What moves a
complaint's due date is the reclassification as complex (or remote), recorded in writing: D15 counts 45 days
instead of 30 from the acceptance (Luật KN Đ28). That is the journey's "extend" step; the test checks that the
due date moved and that the explanation says why. (The pause, tạm đình chỉ, would keep the due date until the
resumption: it does not move it at once, so it would show nothing in one day.)

The complaint is registered through the letter service in the setup (registration has its own journey). Every
paper is issued "today" through the document register, as the office's văn thư does.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile, CaseOutcome
from petitions.cli import seed_reference_data
from petitions.clock import local_today
from petitions.deadlines.services import seed_calendar
from petitions.directory.models import Agency
from petitions.domain.records import CaseStatus, ComplaintSubtype, LetterType
from petitions.domain.types import Role
from petitions.extensions import db
from tests.browser.conftest import WatchedBrowser, fill_date, pdf_to_png, screenshot_folder, sign_in
from tests.canary import pdf_text
from tests.factories import make_citizen, make_letter, make_user
from tests.tools import require_tool

pytestmark = pytest.mark.browser

FINDINGS = "Phương án bồi thường áp đơn giá đất nông nghiệp cho 120 m² đất ở của hộ bà Lê Thị Hằng."
SUMMARY = "Khiếu nại Quyết định số 15/QĐ-UBND của UBND phường Hồng Gai về bồi thường khi thu hồi đất làm đường 342"


def issue_and_return(page, case_label: str) -> str:  # type: ignore[no-untyped-def]
    """On a draft's document page: issue it with the register's next number, then follow the link back to the
    case. Returns the number it was given."""
    assert "/documents/" in page.url
    with page.expect_navigation():
        page.click("text=Ban hành, cấp số từ sổ đăng ký")
    assert "Đã ban hành và cấp số văn bản" in page.inner_text(".alert-success")
    number = re.search(r"\d+/[A-ZĐ-]+", page.inner_text("main"))
    with page.expect_navigation():
        page.click(f"main a:has-text('{case_label}')")
    return number.group(0) if number else ""


def test_a_complaint_is_accepted_verified_heard_decided_implemented_and_closed(
    committed_app, live_server, browser_page, chromium: WatchedBrowser, screenshot, tmp_path
):
    require_tool("pdftotext", "poppler-utils")
    require_tool("pdftoppm", "poppler-utils")
    today = local_today()
    with committed_app.app_context():
        seed_reference_data()
        seed_calendar()
        ban = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
        make_user(role=Role.LEADER, agency=ban, username="thanh.pham", full_name="Phạm Văn Thành")
        officer = make_user(role=Role.HANDLER, agency=ban, username="ngoc.tran", full_name="Trần Thị Ngọc")
        citizen = make_citizen(agency_id=ban.id, full_name="Lê Thị Hằng", address_text="tổ 5, khu 3, phường Hồng Gai")
        letter = make_letter(
            agency=ban, actor=officer, received_on=today - timedelta(days=3), letter_dated_on=today - timedelta(days=5),
            letter_type=LetterType.COMPLAINT, complaint_subtype=ComplaintSubtype.ADMINISTRATIVE, citizen_id=citizen.id,
            summary=SUMMARY, respondent="Ủy ban nhân dân phường Hồng Gai",
        )
        db.session.commit()
        case_id, number, officer_id = letter.case_id, letter.register_label, officer.id
    case_url = f"{live_server}/cases/{case_id}"
    case_label = f"Vụ việc số {case_id}"
    folder = screenshot_folder(tmp_path)

    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm prompts
    officer_context = chromium.new_context()
    staff = officer_context.new_page()
    staff.on("dialog", lambda dialog: dialog.accept())

    # The leader finds the case from the menu: the case list, filtered to complaints, then the case page.
    sign_in(page, live_server, "thanh.pham")
    with page.expect_navigation():
        page.click("nav >> text=Vụ việc")
    page.select_option("#type", label="Khiếu nại")
    with page.expect_navigation():
        page.click("#case-filters button[type=submit]")
    assert SUMMARY[:40] in page.inner_text("#case-list")
    screenshot(page, "case-01-list")
    with page.expect_navigation():
        page.click(f"#case-list a[href='/cases/{case_id}']")
    assert page.url == case_url
    assert "Đang tiếp nhận, chưa thụ lý" in page.inner_text("#case-status")
    assert f"Nhận đơn số {number}" in page.inner_text("#case-timeline")
    screenshot(page, "case-02-open")

    # Accept: the acceptance notice is drafted and opened; issued, the case is accepted and D15 runs.
    with page.expect_navigation():
        page.click("#accept-form button[type=submit]")
    assert "Đã lập dự thảo văn bản thụ lý" in page.inner_text(".alert-success")
    issue_and_return(page, case_label)
    assert page.url.startswith(case_url)
    assert page.inner_text("#case-status") == "Đã thụ lý"
    first_due = page.inner_text("#case-due")

    # Verification assigned to the officer (QĐ giao xác minh), issued.
    page.select_option("#verify-handler", label="Trần Thị Ngọc")
    page.fill("#verify-plan", "Làm việc với UBND phường Hồng Gai và hộ bà Lê Thị Hằng; thu thập hồ sơ bồi thường.")
    with page.expect_navigation():
        page.click("#verify-form button[type=submit]")
    issue_and_return(page, case_label)
    assert page.inner_text("#case-status") == "Đang xác minh"
    # No decision without the verification report (Luật KN Đ29): its form is offered instead.
    assert page.locator("#decide-form").count() == 0 and page.locator("#report-form").count() == 1

    # The officer finds the case assigned to her and holds the dialogue; she drafts its record (she cannot issue).
    sign_in(staff, live_server, "ngoc.tran")
    staff.goto(f"{live_server}/cases/?handler={officer_id}")
    with staff.expect_navigation():
        staff.click(f"#case-list a[href='/cases/{case_id}']")
    assert staff.locator("#decide-form").count() == 0  # the decision is the leader's
    # She drafts the verification report (báo cáo kết quả xác minh) from the case page's form.
    staff.fill("#report-findings", FINDINGS)
    staff.fill("#report-proposal", "Đề nghị áp lại đơn giá đất ở và chi trả bổ sung cho hộ bà Lê Thị Hằng.")
    with staff.expect_navigation():
        staff.click("#report-form button[type=submit]")
    assert "Đã lập dự thảo báo cáo kết quả xác minh" in staff.inner_text(".alert-success")
    staff.goto(case_url)
    assert staff.locator("#report-form").count() == 0  # its draft is pending
    fill_date(staff, "#dialogue-held_on", today)
    staff.fill("#dialogue-place", "Trụ sở Ban Tiếp công dân tỉnh")
    staff.fill("#dialogue-participants", "Bà Lê Thị Hằng, người khiếu nại\nÔng Vũ Văn Dũng, Chủ tịch UBND phường Hồng Gai")
    staff.fill("#dialogue-result", "Hai bên thống nhất diện tích đất bị thu hồi; còn khác nhau về đơn giá bồi thường.")
    screenshot(staff, "case-03-officer-dialogue-form")
    with staff.expect_navigation():
        staff.click("#dialogue-form button[type=submit]")
    assert "Đã lập dự thảo biên bản đối thoại" in staff.inner_text(".alert-success")
    assert staff.locator("text=Ban hành, cấp số từ sổ đăng ký").count() == 0

    # The leader issues the report, then the record, from the case page's documents.
    page.goto(case_url)
    assert "Dự thảo" in page.inner_text("#case-documents")
    with page.expect_navigation():
        page.click("#case-documents >> text=Báo cáo kết quả xác minh")
    issue_and_return(page, case_label)
    assert page.inner_text("#case-status") == "Đang xác minh"
    with page.expect_navigation():
        page.click("#case-documents >> text=Biên bản đối thoại")
    issue_and_return(page, case_label)
    assert page.inner_text("#case-status") == "Đã đối thoại"

    # "Extend": a complaint has no extension (D15); classed complex, its due date moves from 30 to 45 days.
    page.select_option("#reclassify-complexity", label="Phức tạp")
    page.fill("#reclassify-reason", "Nhiều nội dung phải xác minh tại nhiều nơi; các cơ quan có ý kiến khác nhau.")
    with page.expect_navigation():
        page.click("#reclassify-form button[type=submit]")
    assert "hạn giải quyết đã được tính lại" in page.inner_text(".alert-success")
    moved_due = page.inner_text("#case-due")
    assert moved_due != first_due
    clocks = page.inner_text("#case-clocks")
    assert moved_due in clocks and "45" in clocks
    screenshot(page, "case-04-reclassified")

    # A partly-right decision returning 1.250,5 million VND to the complainant; a typing slip first. The dialogue's
    # result is offered in the decision's section from the issued record.
    assert page.input_value("#decide-dialogue").startswith("Hai bên thống nhất diện tích đất bị thu hồi")
    assert page.input_value("#decide-findings").startswith(FINDINGS)  # from the issued report
    page.select_option("#decide-verdict", label="Khiếu nại có đúng, có sai")
    page.fill("#decide-conclusion", "Khiếu nại của bà Lê Thị Hằng có đúng, có sai: đơn giá bồi thường áp dụng chưa đúng.")
    page.fill("#decide-return_money_persons", "1.250,5a")
    page.fill("#decide-restored_persons", "1")
    with page.expect_navigation():
        page.click("#decide-form button[type=submit]")
    assert "không đọc được" in page.inner_text("#decide-form")
    assert page.input_value("#decide-conclusion").startswith("Khiếu nại của bà Lê Thị Hằng")  # nothing lost
    page.fill("#decide-return_money_persons", "1.250,5")
    screenshot(page, "case-05-decision-form")
    with page.expect_navigation():
        page.click("#decide-form button[type=submit]")
    assert "/documents/" in page.url
    decision_url = page.url
    issue_and_return(page, case_label)
    assert page.inner_text("#case-status") == "Đã có quyết định, kết luận"
    outcome = page.inner_text("#case-outcome")
    assert "Khiếu nại có đúng, có sai" in outcome and "1.250,5 triệu đồng" in outcome

    # The issued decision's PDF: fetched and read.
    page.goto(decision_url)
    pdf = page.request.get(f"{decision_url}/pdf").body()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "QUYẾT ĐỊNH" in text and "1.250,5 triệu đồng" in text and "Lê Thị Hằng" in text
    assert "DỰ THẢO" not in text
    assert "Hai bên thống nhất diện tích đất bị thu hồi" in text and "Không tổ chức đối thoại" not in text
    # Section II (kết quả xác minh) carries the report's findings, not a blank line to fill by hand.
    findings = text[text.index("KẾT QUẢ XÁC MINH NỘI DUNG KHIẾU NẠI"):text.index("KẾT QUẢ ĐỐI THOẠI")]
    assert "……" not in findings and "Phương án bồi thường áp đơn giá đất nông nghiệp" in " ".join(findings.split())
    pdf_to_png(pdf, folder, "case-06-decision-printed")
    page.goto(case_url)

    # The officer starts the implementation and records what was actually returned; the leader closes the case.
    staff.goto(case_url)
    with staff.expect_navigation():
        staff.click("#implement-form button[type=submit]")
    assert staff.inner_text("#case-status") == "Đang tổ chức thực hiện"
    fill_date(staff, "#implemented-implemented_on", today)
    staff.fill("#implemented-returned_money_persons", "1250,5")
    staff.fill("#implemented-summary", "UBND phường Hồng Gai đã chi trả bổ sung cho bà Lê Thị Hằng.")
    with staff.expect_navigation():
        staff.click("#implemented-form button[type=submit]")
    assert "Đã ghi nhận kết quả thực hiện" in staff.inner_text(".alert-success")
    page.goto(case_url)
    with page.expect_navigation():
        page.click("#close-form button[type=submit]")
    assert page.inner_text("#case-status") == "Đã kết thúc"
    assert page.locator("#close-form").count() == 0

    # The timeline shows all of it.
    timeline = page.inner_text("#case-timeline")
    for step in (
        f"Nhận đơn số {number}", "Ban hành: Thông báo thụ lý khiếu nại", "Thụ lý (Đã thụ lý)",
        "Giao xác minh (Đang xác minh)", "Báo cáo kết quả xác minh", "Đối thoại (Đã đối thoại)", "Phân loại lại mức độ phức tạp",
        "Ban hành quyết định giải quyết, kết luận (Đã có quyết định, kết luận)", "Tổ chức thực hiện",
        "Ghi nhận kết quả thực hiện", "Kết thúc vụ việc (Đã kết thúc)", "Bắt đầu tính thời hạn",
    ):
        assert step in timeline, step
    outcome = page.inner_text("#case-outcome")
    assert re.search(r"Trả lại cho cá nhân: tiền\s+1\.250,5 triệu đồng\s+1\.250,5 triệu đồng", outcome), outcome
    history = page.inner_text("#case-history")
    assert "Mức độ phức tạp: Thông thường → Phức tạp" in history
    screenshot(page, "case-07-closed-timeline")
    officer_context.close()

    with committed_app.app_context():
        case = db.session.get(CaseFile, case_id)
        assert case.status == CaseStatus.CLOSED
        saved = db.session.scalar(sa.select(CaseOutcome).where(CaseOutcome.case_file_id == case_id))
        assert str(saved.return_money_persons) == "1250.500" and saved.returned_money_persons == saved.return_money_persons
