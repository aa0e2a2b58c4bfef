"""Every handling paper drafted from a letter registered in the SEEDED directory and issued, at the
provincial Ban (a unit under the Văn phòng), a commune UBND (a collective body) and, where a body of its
kind sends such papers, the provincial Thanh tra (a department): the issuing body's heading, place, number
symbol and signer come from the seeded agency data, the body from the letter's record. Golden PDFs.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/letters_papers/test_golden_papers.py``;
that also renders each first page to ``tests/letters_papers/golden/png/`` (not committed) — look at them,
and copy the ones worth showing to docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from petitions.documents import services as documents
from petitions.domain.records import LetterType
from petitions.extensions import db, immediate_transactions
from petitions.letters.handling_papers import (
    PAPERS,
    HandlingPaper,
    draft_handling_paper,
    paper_of,
    redacted_copy_pdf,
)
from petitions.letters.models import Letter
from petitions.printing import document_text
from petitions.vault.models import IdentityRef
from tests.letters_papers.conftest import (
    Office,
    agency,
    complaint,
    denunciation,
    forwarded_complaint,
    make_letter,
    mixed,
    office,
    settled_petition,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
ISSUE_DAY = date(2026, 7, 15)

# What the seeded bodies print (the expectations are written out here, not read from the seed).
HEADINGS = {
    "BTCD": ("VĂN PHÒNG UBND TỈNH QUẢNG NINH", "BAN TIẾP CÔNG DÂN", "Quảng Ninh", "BTCD", "XLĐ"),
    "XTY": ("", "ỦY BAN NHÂN DÂN XÃ TIÊN YÊN", "Tiên Yên", "UBND", "VP"),
    "TTR": ("UBND TỈNH QUẢNG NINH", "THANH TRA TỈNH", "Quảng Ninh", "TTr", "P3"),
}
OUTGOING_SIGNERS = {
    "BTCD": ("TRƯỞNG BAN", "Phạm Văn Thành"),
    "XTY": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lý Văn Sáng"),
    "TTR": ("CHÁNH THANH TRA", "Ngô Văn Tuấn"),
}
INTERNAL_SIGNERS = {
    "BTCD": ("TRƯỞNG BAN", "Phạm Văn Thành"),
    "XTY": ("CHỦ TỊCH", "Lý Văn Sáng"),
    "TTR": ("CHÁNH THANH TRA", "Ngô Văn Tuấn"),
}
ABBREVIATIONS = {  # the type's part of the ký hiệu; "" for a công văn (body, then drafting unit)
    HandlingPaper.PROPOSAL_ACCEPT: "PĐX",
    HandlingPaper.GUIDANCE: "PHD",
    HandlingPaper.FORWARD_DENUNCIATION: "",
    HandlingPaper.NOTICE_DENOUNCER_FORWARDED: "TB",
    HandlingPaper.FORWARD_PETITION: "PC",
    HandlingPaper.FORWARD_COMPLAINT: "PC",
    HandlingPaper.EXPLAIN_SETTLED: "",
    HandlingPaper.FILING_NOTE: "PLĐ",
    HandlingPaper.RETURN_LETTER: "",
    HandlingPaper.FORWARD_PARTY: "",
    HandlingPaper.URGENT_REPORT: "BC",
    HandlingPaper.ANSWER_D7: "TB",
    HandlingPaper.RESULT_D9: "TB",
    HandlingPaper.FORWARD_ANONYMOUS: "",
}
INTERNAL = {HandlingPaper.PROPOSAL_ACCEPT, HandlingPaper.FILING_NOTE}
# The receiving body chosen for papers sent out, per issuing body.
RECEIVERS = {"BTCD": "XTY", "XTY": "SNNMT", "TTR": "PHG"}


@dataclass
class Scenario:
    letter: Callable[[Office, Any], Letter]
    options: dict[str, Any] = field(default_factory=dict)
    receiver: bool = False
    words: tuple[str, ...] = ()  # what the body must say, from the letter


def _anonymous(where: Office, _ward: Any) -> Letter:
    letter = make_letter(
        agency=where.agency, actor=where.officer, received_on=date(2026, 7, 2), letter_type=LetterType.ANONYMOUS,
        complaint_subtype=None,
        summary="Phản ánh ông Trần Văn Tám, kế toán trường tiểu học, lập chứng từ khống để rút tiền ngân sách; "
        "kèm bản chụp 03 phiếu chi",
        respondent="Ông Trần Văn Tám, kế toán Trường Tiểu học Tiên Yên",
    )
    db.session.flush()
    return letter


def _party(where: Office, ward: Any) -> Letter:
    letter = denunciation(where)
    letter.competent_body = "Ủy ban Kiểm tra Đảng ủy xã Tiên Yên"
    db.session.flush()
    return letter


SCENARIOS: dict[HandlingPaper, Scenario] = {
    HandlingPaper.PROPOSAL_ACCEPT: Scenario(
        complaint, {"direction": "Đề nghị giao bộ phận xử lý đơn tham mưu văn bản thông báo thụ lý."},
        words=("Khiếu nại việc bồi thường, hỗ trợ khi thu hồi đất làm đường tỉnh 342.", "bà Lê Thị Hằng"),
    ),
    HandlingPaper.GUIDANCE: Scenario(mixed, words=("1. Về nội dung khiếu nại", "3. Về nội dung kiến nghị, phản ánh")),
    HandlingPaper.FORWARD_DENUNCIATION: Scenario(
        denunciation, receiver=True, words=("Ông Nguyễn Văn Bảy, công chức địa chính - xây dựng xã Tiên Yên",)
    ),
    HandlingPaper.NOTICE_DENOUNCER_FORWARDED: Scenario(
        denunciation, receiver=True, words=("nhận được đơn tố cáo của ông (bà) ……………………",)
    ),
    HandlingPaper.FORWARD_PETITION: Scenario(
        settled_petition, receiver=True, words=("Kiến nghị xem xét lại việc bồi thường đất đã được giải quyết.",)
    ),
    HandlingPaper.FORWARD_COMPLAINT: Scenario(
        forwarded_complaint, receiver=True,
        words=("do Đoàn đại biểu Quốc hội tỉnh Quảng Ninh chuyển đến (văn bản số 45/ĐĐBQH-VP ngày 30/06/2026)",),
    ),
    HandlingPaper.EXPLAIN_SETTLED: Scenario(
        settled_petition,
        {"reason": "Quyết định giải quyết khiếu nại lần hai số 2150/QĐ-UBND ngày 12/3/2025 của Chủ tịch Ủy ban "
         "nhân dân tỉnh đã có hiệu lực pháp luật."},
        words=("đã được giải quyết lần hai", "Quyết định giải quyết khiếu nại lần hai số 2150/QĐ-UBND"),
    ),
    HandlingPaper.FILING_NOTE: Scenario(
        _anonymous, {"reason": "Thông tin không rõ người gửi, không có tài liệu, chứng cứ để kiểm tra"},
        words=("Lý do lưu đơn: thông tin không rõ người gửi, không có tài liệu, chứng cứ để kiểm tra.",),
    ),
    HandlingPaper.RETURN_LETTER: Scenario(
        forwarded_complaint, {"reason": "Vụ việc thuộc thẩm quyền của Ủy ban nhân dân phường Hồng Gai"},
        words=("trả lại đơn và tài liệu kèm theo để Đoàn đại biểu Quốc hội tỉnh Quảng Ninh",),
    ),
    HandlingPaper.FORWARD_PARTY: Scenario(_party, words=("chuyển đơn đến Ủy ban Kiểm tra Đảng ủy xã Tiên Yên",)),
    HandlingPaper.URGENT_REPORT: Scenario(
        complaint, {"reason": "Người viết đơn cho biết gia đình sẽ tự thiêu nếu cưỡng chế vào ngày 20/7/2026"},
        receiver=True, words=("Điều 16 Thông tư số 05/2021/TT-TTCP",),
    ),
    HandlingPaper.ANSWER_D7: Scenario(
        complaint, {"outcome": "forwarded"}, receiver=True, words=("đã chuyển đơn đến",),
    ),
    HandlingPaper.RESULT_D9: Scenario(
        complaint,
        {"reason": "Ủy ban nhân dân phường Hồng Gai đã ban hành Quyết định số 88/QĐ-UBND ngày 10/7/2026 bổ sung "
         "khoản hỗ trợ chuyển đổi nghề cho gia đình bà."},
        receiver=True, words=("Quyết định số 88/QĐ-UBND",),
    ),
    HandlingPaper.FORWARD_ANONYMOUS: Scenario(
        _anonymous, receiver=True, words=("Ông Trần Văn Tám, kế toán Trường Tiểu học Tiên Yên", "khoản 2 Điều 25"),
    ),
}
# Papers a Thanh tra sends too (a denunciation or anonymous information it receives, its own proposals).
DEPARTMENT_PAPERS = (HandlingPaper.PROPOSAL_ACCEPT, HandlingPaper.FORWARD_DENUNCIATION, HandlingPaper.FORWARD_ANONYMOUS)
CASES = [
    *((paper, body) for paper in HandlingPaper for body in ("BTCD", "XTY")),
    *((paper, "TTR") for paper in DEPARTMENT_PAPERS),
]


def _compare(name: str, pdf: bytes, tmp_path: Path) -> None:
    golden = GOLDEN / f"{name}.pdf"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            (GOLDEN / "png").mkdir(exist_ok=True)
            subprocess.run(
                ["pdftoppm", "-r", "70", "-png", "-singlefile", str(golden), str(GOLDEN / "png" / name)], check=True
            )
    assert golden.is_file(), f"missing {golden}; create it with UPDATE_GOLDEN=1"
    if pdf != golden.read_bytes():
        actual = tmp_path / f"{name}.pdf"
        actual.write_bytes(pdf)
        pytest.fail(f"{name}.pdf differs from its golden file; new output in {actual} (UPDATE_GOLDEN=1 to accept)")


def _draft(paper: HandlingPaper, code: str, ward: Any) -> tuple[Letter, Any]:
    where = office(code)
    scenario = SCENARIOS[paper]
    letter = scenario.letter(where, ward)
    if letter.identity_ref_id is not None:  # the vault's random code, pinned for reproducible bytes
        ref = db.session.get(IdentityRef, letter.identity_ref_id)
        assert ref is not None
        ref.code = "MK-7QX2M9TZP4"
        db.session.flush()
    options = dict(scenario.options)
    if scenario.receiver:
        options["receiver_agency_id"] = agency(RECEIVERS[code]).id
    document = draft_handling_paper(letter, paper, actor=where.officer, **options)
    with immediate_transactions():
        documents.issue_document(document, issue_date=ISSUE_DAY, actor=where.leader)
    return letter, document


@pytest.mark.parametrize(("paper", "code"), CASES, ids=[f"{p.value}-{c.lower()}" for p, c in CASES])
def test_golden_handling_paper(seeded, ward, tmp_path, paper: HandlingPaper, code: str) -> None:
    letter, document = _draft(paper, code, ward)
    assert paper_of(document) is paper
    assert document.doc_type == PAPERS[paper].template_code
    assert (document.record_type, document.record_id) == ("letter", letter.id)
    text = document_text(documents.document_spec(document))
    parent, body, place, abbreviation, unit = HEADINGS[code]
    assert document.issuing_agency_id == agency(code).id
    assert body in text and (not parent or parent in text)
    assert f"{place}, ngày 15 tháng 7 năm 2026" in text
    kind = ABBREVIATIONS[paper]
    symbol = f"{kind}-{abbreviation}" if kind else f"{abbreviation}-{unit}"
    assert f"Số: 01/{symbol}" in text
    signer = (INTERNAL_SIGNERS if paper in INTERNAL else OUTGOING_SIGNERS)[code]
    assert text[-len(signer) :] == signer
    joined = " ".join(text)
    for words in SCENARIOS[paper].words:
        assert words in joined, words
    if SCENARIOS[paper].receiver and paper is not HandlingPaper.NOTICE_DENOUNCER_FORWARDED:
        assert agency(RECEIVERS[code]).document_name in joined
    assert f"(số vào sổ {letter.register_label})" in joined or paper is HandlingPaper.NOTICE_DENOUNCER_FORWARDED
    _compare(f"{paper.value}-{code.lower()}", documents.document_pdf(document), tmp_path)


@pytest.mark.parametrize("code", ["BTCD", "XTY"])
def test_golden_redacted_copy(seeded, ward, tmp_path, code: str) -> None:
    _letter, document = _draft(HandlingPaper.FORWARD_DENUNCIATION, code, ward)
    _compare(f"redacted-copy-{code.lower()}", redacted_copy_pdf(document), tmp_path)
