"""Golden PDFs of the register's documents built from the SEEDED agency data (no heading, place or
signer passed by hand): a notice and a công văn of a provincial Ban, the Văn phòng, a Sở and a commune
UBND, and one outgoing register.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/documents/test_golden_bodies.py``,
render the pages (``pdftoppm -r 80 -png FILE.pdf OUT``) and look at every one before committing.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from petitions.directory.models import Agency
from petitions.directory.seed import seed_agencies
from petitions.documents import issuers, services
from petitions.documents.models import Document
from petitions.extensions import db, immediate_transactions
from petitions.printing import document_text

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
DAY = date(2026, 7, 15)
BODIES = ("BTCD", "VP", "SNNMT", "XTY")
TYPES = ("THONG_BAO", "CONG_VAN")

CITIZEN = "ông Nguyễn Văn Hưởng, thôn Đồng Mỏ, xã Tiên Yên, tỉnh Quảng Ninh"


def _agency(code: str) -> Agency:
    found = db.session.scalar(sa.select(Agency).where(Agency.code == code))
    assert found is not None
    return found


def _content(agency: Agency, doc_type: str) -> dict[str, object]:
    name = agency.document_name
    if doc_type == "THONG_BAO":
        return {
            "fields": {"subject": "Về việc chuyển đơn của ông Nguyễn Văn Hưởng"},
            "recipients": ["Ông Nguyễn Văn Hưởng, thôn Đồng Mỏ, xã Tiên Yên, tỉnh Quảng Ninh"],
            "body": [
                f"Ngày 02 tháng 7 năm 2026, {name} nhận được đơn đề ngày 29 tháng 6 năm 2026 của {CITIZEN}, "
                "đề nghị xem xét việc bồi thường, hỗ trợ khi Nhà nước thu hồi thửa đất của gia đình ông tại "
                "đặc khu Vân Đồn.",
                f"Nội dung đơn thuộc thẩm quyền giải quyết của Chủ tịch Ủy ban nhân dân đặc khu Vân Đồn; {name} "
                "đã chuyển đơn đến Ủy ban nhân dân đặc khu Vân Đồn để xem xét, giải quyết theo thẩm quyền.",
                f"{name} thông báo để ông Nguyễn Văn Hưởng được biết./.",
            ],
            "copies_to": ["Ủy ban nhân dân đặc khu Vân Đồn"],
        }
    return {
        "fields": {"subject": "đôn đốc giải quyết đơn của bà Lê Thị Hằng"},
        "recipients": ["Ủy ban nhân dân phường Hồng Gai"],
        "body": [
            f"Ngày 10 tháng 6 năm 2026, {name} đã chuyển đơn kiến nghị của bà Lê Thị Hằng, trú tại tổ 5, "
            "khu 3, phường Hồng Gai, tỉnh Quảng Ninh, đến Ủy ban nhân dân phường Hồng Gai để xem xét, giải "
            "quyết theo thẩm quyền. Đến nay đã quá thời hạn nhưng chưa nhận được văn bản trả lời.",
            f"{name} đề nghị Ủy ban nhân dân phường Hồng Gai khẩn trương xem xét, giải quyết đơn và thông báo "
            "kết quả cho bà Lê Thị Hằng, đồng thời gửi văn bản về "
            f"{name} trước ngày 31 tháng 7 năm 2026./.",
        ],
        "copies_to": ["Bà Lê Thị Hằng"],
    }


def _issued(agency: Agency, doc_type: str) -> Document:
    # Place, heading, symbol and signer are left to the agency's data (create_draft's defaults).
    document = services.create_draft(
        doc_type=doc_type,
        issuing_agency=agency,
        archive_unit=issuers.drafting_unit_codes(agency)[0],
        **_content(agency, doc_type),  # type: ignore[arg-type]
    )
    with immediate_transactions():
        services.issue_document(document, issue_date=DAY)
    return document


def _compare(name: str, pdf: bytes, tmp_path: Path) -> None:
    golden = GOLDEN_DIR / f"{name}.pdf"
    if UPDATE:
        golden.write_bytes(pdf)
    assert golden.is_file(), f"missing {golden}; create it with UPDATE_GOLDEN=1"
    if pdf != golden.read_bytes():
        actual = tmp_path / f"{name}.pdf"
        actual.write_bytes(pdf)
        pytest.fail(f"{name}.pdf differs from its golden file; new output in {actual} (UPDATE_GOLDEN=1 to accept)")


@pytest.fixture
def seeded(session):  # type: ignore[no-untyped-def]
    seed_agencies()
    return session


@pytest.mark.parametrize("doc_type", TYPES)
@pytest.mark.parametrize("code", BODIES)
def test_golden_document_from_seeded_agency(seeded, code, doc_type, tmp_path):
    document = _issued(_agency(code), doc_type)
    assert document.place == issuers.place_of(_agency(code))
    _compare(f"{doc_type.lower()}-{code.lower()}", services.document_pdf(document), tmp_path)


def test_golden_register_of_the_ban(seeded, tmp_path):
    ban = _agency("BTCD")
    documents = [_issued(ban, doc_type) for doc_type in (*TYPES, "THONG_BAO")]
    assert [d.number_symbol for d in documents] == ["01/TB-BTCD", "02/BTCD-TCD", "03/TB-BTCD"]
    _compare("register-btcd", services.register_pdf(ban, 2026, documents), tmp_path)


def test_a_commune_cong_van_reads_like_one(seeded):
    text = document_text(services.document_spec(_issued(_agency("XTY"), "CONG_VAN")))
    assert text[:2] == ("ỦY BAN NHÂN DÂN XÃ TIÊN YÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Số: 01/UBND-VP" in text and "V/v đôn đốc giải quyết đơn của bà Lê Thị Hằng" in text
    assert "Tiên Yên, ngày 15 tháng 7 năm 2026" in text
    assert text[-3:] == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lý Văn Sáng")
    copies = text[text.index("Nơi nhận:") + 1 : text.index("TM. ỦY BAN NHÂN DÂN")]
    assert copies == ("- Như trên;", "- Bà Lê Thị Hằng;", "- Lưu: VT, VP.")
