"""Every case paper drafted from a case opened by a letter registered in the SEEDED directory and issued through
the register, at the bodies that decide such cases: a commune UBND (its chairman decides, in person, never
"TM. ỦY BAN NHÂN DÂN"), the provincial UBND (round 2) and the provincial Thanh tra (a department). The heading,
place, number symbol and signer come from the seeded agency data (the expectations are written out here, not
read from the seed), the text from the case's record and the transition's parameters; the PDF's text is read
back with pdftotext. Golden PDFs.

Regenerate after an intended change with
``UPDATE_GOLDEN=1 .venv/bin/pytest tests/cases_papers/test_golden_case_papers.py``; that also renders each
first page to ``tests/cases_papers/golden/png/`` (not committed): look at them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from petitions.cases.papers import PAPERS, CasePaper, case_paper_of, case_params, draft_case_paper
from petitions.documents import services as documents
from petitions.domain.records import CaseType
from petitions.extensions import db, immediate_transactions
from petitions.letters.models import Letter
from petitions.printing import document_text
from petitions.vault.models import IdentityRef
from tests.canary import pdf_text
from tests.cases_papers.conftest import Opened, agency, complaint_case, denunciation_case

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
ISSUE_DAY = date(2026, 7, 20)

HEADINGS = {  # parent line, bold name, place, abbreviation of the body
    "XTY": ("", "ỦY BAN NHÂN DÂN XÃ TIÊN YÊN", "Tiên Yên", "UBND"),
    "UBND": ("", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "Quảng Ninh", "UBND"),
    "TTR": ("UBND TỈNH QUẢNG NINH", "THANH TRA TỈNH", "Quảng Ninh", "TTr"),
}
# The competent person signs in person (the head of the body); never TM. for a case paper.
SIGNERS = {
    "XTY": ("CHỦ TỊCH", "Lý Văn Sáng"),
    "UBND": ("CHỦ TỊCH", "Trần Quang Minh"),
    "TTR": ("CHÁNH THANH TRA", "Ngô Văn Tuấn"),
}
AUTHORITY = {  # the issuing authority line of a quyết định
    "XTY": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TIÊN YÊN",
    "UBND": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
    "TTR": "CHÁNH THANH TRA TỈNH QUẢNG NINH",
}
ABBREVIATIONS = {
    CasePaper.COMPLAINT_ACCEPTANCE_NOTICE: "TB",
    CasePaper.COMPLAINT_REJECTION_NOTICE: "TB",
    CasePaper.DENUNCIATION_ACCEPTANCE_DECISION: "QĐ",
    CasePaper.NOTICE_DENOUNCER_ACCEPTED: "TB",
    CasePaper.NOTICE_ACCUSED: "TB",
    CasePaper.DENUNCIATION_REJECTION_NOTICE: "TB",
    CasePaper.VERIFICATION_ASSIGNMENT: "QĐ",
    CasePaper.VERIFICATION_REPORT: "BC",
    CasePaper.DIALOGUE_RECORD: "BB",
    CasePaper.EXTENSION_DECISION: "QĐ",
    CasePaper.SUSPENSION_DECISION: "QĐ",
    CasePaper.RESUMPTION_DECISION: "QĐ",
    CasePaper.TERMINATION_DECISION: "QĐ",
    CasePaper.COMPLAINT_DECISION: "QĐ",
    CasePaper.DENUNCIATION_CONCLUSION: "KL",
    CasePaper.NOTICE_DENOUNCER_RESULT: "TB",
    CasePaper.PUBLICATION_RECORD: "BB",
    CasePaper.IMPLEMENTATION_REPORT: "BC",
}
DECISIONS = {p for p, a in ABBREVIATIONS.items() if a == "QĐ"}


@dataclass
class Scenario:
    params: dict[str, Any] = field(default_factory=dict)
    words: tuple[str, ...] = ()  # what the printed text must say (from the case and the parameters)
    bodies: tuple[str, ...] = ("XTY",)


DECISION_PARAMS = {
    "verdict": "partly_right",
    "grounds": "Luật Đất đai ngày 18 tháng 01 năm 2024",
    "findings": "Phương án bồi thường chưa tính khoản hỗ trợ chuyển đổi nghề cho 1.250 m² đất nông nghiệp.",
    "dialogue": "Ngày 15/7/2026, bà Lê Thị Hằng giữ nguyên nội dung khiếu nại về khoản hỗ trợ chuyển đổi nghề.",
    "conclusion": "Việc không tính khoản hỗ trợ chuyển đổi nghề là chưa đúng quy định.",
    "decision": "Sửa đổi Quyết định số 15/QĐ-UBND ngày 02/3/2026 của Ủy ban nhân dân phường Hồng Gai.",
    "return_money_persons": "1250.5",
    "recover_land": "12.75",
    "restored_persons": 1,
}
CONCLUSION_PARAMS = {
    "verdict": "partly_true",
    "findings": "Ông Nguyễn Văn Bảy đã nhận 15.000.000 đồng của 03 hộ dân khi hướng dẫn thủ tục cấp giấy chứng nhận.",
    "conclusion": "Nội dung tố cáo về việc nhận tiền là đúng; nội dung về việc làm sai lệch hồ sơ là không đúng.",
    "recover_money": "15",
    "discipline_persons": 1,
    "discipline_officials": 1,
}

SCENARIOS: dict[CasePaper, Scenario] = {
    CasePaper.COMPLAINT_ACCEPTANCE_NOTICE: Scenario(words=("Kính gửi: Bà Lê Thị Hằng", "thụ lý giải quyết khiếu nại lần đầu")),
    CasePaper.COMPLAINT_REJECTION_NOTICE: Scenario(
        {"reason": "Thời hiệu khiếu nại đã hết mà không có lý do chính đáng"},
        words=("Lý do không thụ lý: thời hiệu khiếu nại đã hết mà không có lý do chính đáng.",),
    ),
    CasePaper.DENUNCIATION_ACCEPTANCE_DECISION: Scenario(
        {"verifier": "Phòng Giải quyết khiếu nại, tố cáo"},
        words=("Thụ lý tố cáo đối với ông Nguyễn Văn Bảy", "Giao Phòng Giải quyết khiếu nại, tố cáo tiến hành xác minh"),
        bodies=("XTY", "TTR"),
    ),
    CasePaper.NOTICE_DENOUNCER_ACCEPTED: Scenario(words=("nhận được đơn tố cáo của ông (bà) ……………………",)),
    CasePaper.NOTICE_ACCUSED: Scenario(words=("Kính gửi: Ông Nguyễn Văn Bảy", "Điều 10 Luật Tố cáo")),
    CasePaper.DENUNCIATION_REJECTION_NOTICE: Scenario(
        {"reason": "Nội dung tố cáo đã được giải quyết mà người tố cáo không cung cấp thông tin, tình tiết mới"},
        words=("Lý do không thụ lý: nội dung tố cáo đã được giải quyết",),
    ),
    CasePaper.VERIFICATION_ASSIGNMENT: Scenario(
        {"members": ["Ông Đặng Văn Hưng, Chánh Văn phòng, Tổ trưởng", "Bà Trần Thị Ngọc Ẩn, công chức, thành viên"],
         "days": 20},
        words=("Thành lập Tổ xác minh nội dung khiếu nại, gồm:", "1. Ông Đặng Văn Hưng, Chánh Văn phòng, Tổ trưởng",
               "trong thời hạn 20 ngày kể từ ngày ký Quyết định này"),
    ),
    CasePaper.VERIFICATION_REPORT: Scenario(
        {"findings": DECISION_PARAMS["findings"], "proposal": "Đề nghị sửa đổi Quyết định số 15/QĐ-UBND."},
        words=("II. KẾT QUẢ XÁC MINH", "1.250 m² đất nông nghiệp", "NGƯỜI XÁC MINH"),
    ),
    CasePaper.DIALOGUE_RECORD: Scenario(
        {"held_at": "08 giờ 30 phút ngày 15 tháng 7 năm 2026", "place": "trụ sở Ủy ban nhân dân xã Tiên Yên",
         "participants": ["Bà Lê Thị Hằng, người khiếu nại", "Đại diện Ủy ban nhân dân phường Hồng Gai"],
         "opinions": "Bà Lê Thị Hằng đề nghị được hỗ trợ chuyển đổi nghề.", "result": "Hai bên chưa thống nhất."},
        words=("Vào hồi 08 giờ 30 phút ngày 15 tháng 7 năm 2026", "- Bà Lê Thị Hằng, người khiếu nại",
               "Hai bên chưa thống nhất.", "NGƯỜI GHI BIÊN BẢN"),
    ),
    CasePaper.EXTENSION_DECISION: Scenario(
        {"days": 30, "reason": "Vụ việc phức tạp, cần xác minh tại nhiều địa điểm", "new_due_on": "2026-09-08"},
        words=("Thời gian gia hạn là 30 ngày", ", đến hết ngày 08/09/2026.", "Xét lý do gia hạn: vụ việc phức tạp"),
        bodies=("TTR",),
    ),
    CasePaper.SUSPENSION_DECISION: Scenario(
        {"reason": "Cần đợi kết quả giám định của cơ quan chuyên môn"},
        words=("Tạm đình chỉ việc giải quyết khiếu nại", "Lý do tạm đình chỉ: cần đợi kết quả giám định"),
    ),
    CasePaper.RESUMPTION_DECISION: Scenario(
        {"reason": "Đã có kết quả giám định"}, words=("Tiếp tục giải quyết khiếu nại", "tiếp tục được tính"),
    ),
    CasePaper.TERMINATION_DECISION: Scenario(
        {"reason": "Người khiếu nại rút toàn bộ nội dung khiếu nại"},
        words=("Đình chỉ việc giải quyết khiếu nại", "Lý do đình chỉ: người khiếu nại rút toàn bộ"),
    ),
    CasePaper.COMPLAINT_DECISION: Scenario(
        DECISION_PARAMS,
        words=(
            "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;", "I. NỘI DUNG KHIẾU NẠI", "III. KẾT QUẢ ĐỐI THOẠI",
            "QUYẾT ĐỊNH:", "Điều 1. Kết luận nội dung khiếu nại của bà Lê Thị Hằng: khiếu nại có đúng, có sai",
            "- Thu hồi cho Nhà nước 12,75 m² đất.", "- Trả lại cho cá nhân 1.250,5 triệu đồng.",
            "Khôi phục quyền, lợi ích hợp pháp cho 01 cá nhân.",
            "Trong thời hạn 30 ngày kể từ ngày nhận được Quyết định này",
            "có quyền khiếu nại đến Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh hoặc khởi kiện vụ án hành chính",
        ),
    ),
    CasePaper.DENUNCIATION_CONCLUSION: Scenario(
        CONCLUSION_PARAMS,
        words=("III. KẾT LUẬN", "Nội dung tố cáo có đúng, có sai.", "- Thu hồi cho Nhà nước 15 triệu đồng.",
               "- Kiến nghị xử lý kỷ luật 01 người (trong đó 01 cán bộ, công chức, viên chức)."),
        bodies=("XTY", "TTR"),
    ),
    CasePaper.NOTICE_DENOUNCER_RESULT: Scenario(
        {"verdict": "partly_true", "result": "Ông Nguyễn Văn Bảy bị xem xét kỷ luật theo quy định."},
        words=("Kết luận: nội dung tố cáo có đúng, có sai.",),
    ),
    CasePaper.PUBLICATION_RECORD: Scenario(
        {"published_on": "2026-07-25", "place": "trụ sở Ủy ban nhân dân xã Tiên Yên",
         "form": "Niêm yết tại trụ sở trong thời hạn 15 ngày"},
        words=("Ngày 25/07/2026, tại trụ sở Ủy ban nhân dân xã Tiên Yên", "Hình thức công khai: niêm yết tại trụ sở"),
    ),
    CasePaper.IMPLEMENTATION_REPORT: Scenario(
        {"returned_money_persons": "1250.5", "recovered_land": "12.75", "summary": "Đã chi trả xong cho bà Lê Thị Hằng."},
        words=("Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh", "- Đã thu hồi cho Nhà nước 12,75 m² đất.",
               "- Đã trả lại cho cá nhân 1.250,5 triệu đồng."),
    ),
}
CASES = [(paper, body) for paper in CasePaper for body in SCENARIOS[paper].bodies] + [
    (CasePaper.COMPLAINT_DECISION, "UBND"),  # round 2 at the province
    # A case of the Ban Tiếp công dân tỉnh (an advisory unit under the Văn phòng): the Chủ tịch Ủy ban nhân dân
    # tỉnh accepts and decides it, under the UBND's heading, number and signature.
    (CasePaper.COMPLAINT_ACCEPTANCE_NOTICE, "BTCD"),
    (CasePaper.COMPLAINT_DECISION, "BTCD"),
]
ISSUER = {"BTCD": "UBND"}  # the body whose register a case handled at this body is resolved in (default: itself)


def _compare(name: str, pdf: bytes, tmp_path: Path) -> None:
    golden = GOLDEN / f"{name}.pdf"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            (GOLDEN / "png").mkdir(exist_ok=True)
            subprocess.run(["pdftoppm", "-r", "70", "-png", str(golden), str(GOLDEN / "png" / name)], check=True)
    assert golden.is_file(), f"missing {golden}; create it with UPDATE_GOLDEN=1"
    if pdf != golden.read_bytes():
        actual = tmp_path / f"{name}.pdf"
        actual.write_bytes(pdf)
        pytest.fail(f"{name}.pdf differs from its golden file; new output in {actual} (UPDATE_GOLDEN=1 to accept)")


def opened_for(paper: CasePaper, code: str, ward: Any) -> Opened:
    if CaseType.COMPLAINT in PAPERS[paper].case_types:
        return complaint_case(code, ward, second_round=code == "UBND")
    return denunciation_case(code)


def _pin_reference(opened: Opened) -> None:
    """The vault's random code, pinned for reproducible bytes."""
    for letter in db.session.query(Letter).filter(Letter.case_id == opened.case.id):
        if letter.identity_ref_id is not None:
            ref = db.session.get(IdentityRef, letter.identity_ref_id)
            assert ref is not None
            ref.code = "MK-7QX2M9TZP4"
    db.session.flush()


@pytest.mark.parametrize(("paper", "code"), CASES, ids=[f"{p.value}-{c.lower()}" for p, c in CASES])
def test_golden_case_paper(seeded, ward, tmp_path, paper: CasePaper, code: str) -> None:
    opened = opened_for(paper, code, ward)
    _pin_reference(opened)
    scenario = SCENARIOS[paper]
    params = dict(scenario.params)
    if paper is CasePaper.COMPLAINT_DECISION and code == "UBND":
        params["verdict"] = "annulled_or_amended"
    document = draft_case_paper(opened.case, paper, actor=opened.where.officer, params=params)
    assert case_paper_of(document) is paper
    assert (document.record_type, document.record_id) == ("case_file", opened.case.id)
    assert document.doc_type == PAPERS[paper].template_code
    assert case_params(document)["verdict"] == params["verdict"] if "verdict" in params else True
    with immediate_transactions():
        documents.issue_document(document, issue_date=ISSUE_DAY, actor=opened.where.leader)

    text = document_text(documents.document_spec(document))
    issuer = ISSUER.get(code, code)
    parent, body, place, abbreviation = HEADINGS[issuer]
    assert opened.case.agency_in_charge_id == agency(code).id
    assert document.issuing_agency_id == agency(issuer).id
    assert body in text and (not parent or parent in text)
    assert f"{place}, ngày 20 tháng 7 năm 2026" in text
    assert f"Số: 01/{ABBREVIATIONS[paper]}-{abbreviation}" in text
    assert text[-2:] == SIGNERS[issuer]  # the competent person, in person: no TM. line above
    assert not any(line.startswith("TM. ") for line in text)
    if paper in DECISIONS:
        assert AUTHORITY[issuer] in text
    printed = " ".join(pdf_text(documents.document_pdf(document)).split())
    words = scenario.words
    if paper is CasePaper.COMPLAINT_DECISION and code == "UBND":
        words = ("hủy, sửa quyết định giải quyết lần đầu", "(lần hai)", "khởi kiện vụ án hành chính tại Tòa án",
                 "có hiệu lực pháp luật sau 30 ngày")
    if paper is CasePaper.COMPLAINT_DECISION and code == "BTCD":  # the provincial chairman's round 1
        words = (*words[:-1], "có quyền khiếu nại đến Bộ trưởng quản lý ngành, lĩnh vực hoặc khởi kiện")
    assert "BAN TIẾP CÔNG DÂN" not in printed and "TRƯỞNG BAN" not in printed
    for expected in words:
        assert expected in printed, expected
    _compare(f"{paper.value}-{code.lower()}", documents.document_pdf(document), tmp_path)
