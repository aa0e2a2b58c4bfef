"""Reception papers printed from seeded data: the Quảng Ninh directory (heading, place, abbreviation,
officials) and visits recorded through the reception service, not hand-passed heading values.

Golden PDFs: UPDATE_GOLDEN=1 rewrites them and docs/screenshots/paperwork-seeded-*.png (first page);
look at the PNGs before committing. The receipt's random code, the PIN and the registration time are
pinned so that the bytes are reproducible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from petitions.citizens.services import CitizenInput
from petitions.cli import seed_reference_data
from petitions.directory.models import AdministrativeUnit, Agency
from petitions.directory.queries import get_item
from petitions.domain.paperwork import ReceiptItem
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import IdType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.paperwork import services
from petitions.printing import document_text
from petitions.reception import services as reception
from tests.factories import make_user

GOLDEN = Path(__file__).parent / "golden"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
LOOKUP = "https://tracuu.quangninh.gov.vn/tra-cuu"


@pytest.fixture
def board(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "LOOKUP_BASE_URL", LOOKUP)
    seed_reference_data()
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
    ward = db.session.scalar(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == "06685"))  # seeded
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency, full_name="Trần Thị Ngọc Ẩn")
    with immediate_transactions():
        yield agency, officer, ward


def _visit(agency, officer, ward, day: date, **overrides):  # type: ignore[no-untyped-def]
    values = dict(
        agency_id=agency.id,
        visited_on=day,
        classification=VisitClass.COMPLAINT,
        summary="Khiếu nại việc bồi thường, hỗ trợ khi thu hồi đất làm đường",
        outcome=VisitOutcome.GUIDED,
        guided_to="Ủy ban nhân dân phường Hồng Gai",
        officer_id=officer.id,
        person=CitizenInput(
            full_name="Lê Thị Hằng",
            id_type=IdType.CCCD,
            id_number="022190004567",
            sex="female",
            address_text="tổ 5, khu 3",
            address_unit_id=ward.id,
        ),
    )
    values.update(overrides)
    visit = reception.register_visit(reception.VisitInput(**values), actor=officer)
    visit.created_at = datetime(2026, 8, 14, 2, 30)  # 09:30 local time, pinned for the golden bytes
    db.session.flush()
    return visit


def _check_golden(name: str, pdf: bytes, tmp_path: Path) -> None:
    golden = GOLDEN / f"seeded-{name}.pdf"
    if UPDATE:
        golden.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            source = tmp_path / f"{name}.pdf"
            source.write_bytes(pdf)
            target = SCREENSHOTS / f"paperwork-seeded-{name}"
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(source), str(target)], check=True)
    assert golden.is_file(), f"missing {golden}; create it with UPDATE_GOLDEN=1"
    assert pdf == golden.read_bytes(), f"seeded-{name}.pdf differs from its golden file (UPDATE_GOLDEN=1 to accept)"


def test_the_seeded_boards_receipt(board, tmp_path: Path) -> None:
    agency, officer, ward = board
    visit = _visit(agency, officer, ward, date(2026, 8, 14))
    receipt, _pin = services.issue_receipt(
        visit, items=(ReceiptItem("Đơn khiếu nại đề ngày 10/8/2026", 3, "Nguyên vẹn", True),), actor=officer
    )
    receipt.code = "K7QX2M-9TZP4A-HWN3RB"
    spec = services.receipt_spec(visit, receipt, pin="041963", actor=officer)
    text = " ".join(document_text(spec))
    assert text.startswith("Mẫu số 02/TCD")
    assert "VĂN PHÒNG UBND TỈNH QUẢNG NINH" in text and "Quảng Ninh, ngày 14 tháng 8 năm 2026" in text
    assert "Người cung cấp: bà Lê Thị Hằng" in text and "tổ 5, khu 3, phường Hồng Gai, tỉnh Quảng Ninh" in text
    assert f"Số: {visit.book_number:02d}/GBN-BTCD" in text
    _check_golden("receipt", services.slip_pdf(spec), tmp_path)


@pytest.mark.parametrize(("name", "day"), [("book-2021", date(2026, 6, 15)), ("book-2026", date(2026, 8, 14))])
def test_the_seeded_boards_book_on_both_sides_of_1_july_2026(board, tmp_path: Path, name: str, day: date) -> None:
    agency, officer, ward = board
    _visit(agency, officer, ward, day)
    _visit(
        agency,
        officer,
        ward,
        day,
        outcome=VisitOutcome.REFUSED,
        guided_to="",
        refusal_ground_id=get_item("refusal_ground", "R13_3" if day.month < 7 else "R26_03").id,
        refusal_explanation="Vụ việc đã được giải quyết đúng pháp luật và thông báo bằng văn bản.",
    )
    start, end = day.replace(day=1), day.replace(day=28)
    pdf = services.reception_book(agency, date_from=start, date_to=end, fmt="pdf", user=officer)
    _check_golden(name, pdf, tmp_path)
