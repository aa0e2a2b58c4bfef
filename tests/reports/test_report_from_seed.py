"""01/TCD printed from seeded data: the Quảng Ninh directory (heading, place, officials), visits and the
Chairman's sessions recorded by the Ban, the report built as the web page and the CLI build it.

The golden PDF is regenerated from this scenario (UPDATE_GOLDEN=1), never from hand-passed heading
values; its PNG is in docs/screenshots/report-01tcd-seeded.png.
"""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from petitions.cli import seed_reference_data
from petitions.directory.models import Agency
from petitions.domain import periods
from petitions.domain.deadlines import LeaderLevel
from petitions.domain.reception import SessionKind, SessionStatus, VisitClass, VisitOutcome
from petitions.domain.text import fold_text
from petitions.extensions import db
from petitions.printing import report_text
from petitions.reception.models import ReceptionSession, Visit
from petitions.reports import services
from petitions.reports.excel import render_xlsx
from petitions.reports.outputs import ATTACHMENT_BLANK, TABLE_FONT_SIZE, pdf_spec, render_pdf

GOLDEN = Path(__file__).parent / "golden" / "01tcd-seeded-2026-q3.pdf"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "report-01tcd-seeded"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
Q3 = periods.parse_period("2026-Q3")  # 15/06/2026 – 14/09/2026
_numbers = itertools.count(1)


def _agency(code: str) -> Agency:
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == code))
    assert agency is not None
    return agency


def _visit(
    agency: Agency,
    on: date,
    kind: SessionKind = SessionKind.REGULAR,
    headcount: int = 1,
    session: ReceptionSession | None = None,
) -> None:
    db.session.add(
        Visit(
            agency_id=agency.id,
            book_year=on.year,
            book_number=next(_numbers),
            visited_on=on,
            kind=kind,
            classification=VisitClass.COMPLAINT,
            outcome=VisitOutcome.GUIDED,
            headcount=headcount,
            summary="Khiếu nại việc bồi thường khi thu hồi đất",
            session_id=session.id if session is not None else None,
        )
    )


def _chairmans_session(board: Agency, on: date) -> ReceptionSession:
    row = ReceptionSession(
        agency_id=board.id,
        kind=SessionKind.PERIODIC,
        status=SessionStatus.HELD,
        held_on=on,
        leader_name="Trần Quang Minh",
        leader_level=LeaderLevel.PROVINCE_CHAIRMAN,
    )
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def seeded(session):
    seed_reference_data()
    ubnd, board, commune, department = _agency("UBND"), _agency("BTCD"), _agency("XTY"), _agency("SNNMT")
    for day in (date(2026, 7, 15), date(2026, 8, 17)):  # the Chairman's periodic days (working days)
        _visit(board, day, SessionKind.PERIODIC, headcount=2, session=_chairmans_session(board, day))
    for day in (date(2026, 6, 22), date(2026, 7, 6), date(2026, 9, 8)):
        _visit(board, day)
    _visit(board, date(2026, 8, 4), headcount=6)  # a delegation
    _visit(commune, date(2026, 7, 21))
    _visit(department, date(2026, 8, 26), headcount=3)
    db.session.flush()
    return ubnd


def _document(ubnd: Agency, today: date = date(2026, 9, 15)):  # type: ignore[no-untyped-def]
    return services.build_report(form_code="01/TCD", period=Q3, agency=ubnd, today=today)


def test_the_seeded_provinces_01tcd_is_signed_dated_and_counts_the_chairmans_sessions_on_its_row(seeded) -> None:
    document = _document(seeded)
    rows = document.table.rows
    assert rows[0].label == "Ủy ban nhân dân tỉnh Quảng Ninh"
    labels = [row.label for row in rows]
    assert labels[1] == "Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh"  # the office, then the departments
    departments = labels[2:9]
    assert departments == sorted(departments, key=fold_text) and "Thanh tra tỉnh Quảng Ninh" in departments
    assert all(label.startswith("Ủy ban nhân dân") for label in labels[9:])  # then the communes
    assert rows[0].value(12) == 2 and rows[1].value(12) == 0  # (12) on the chairing body's row
    # (13)–(20) with it: the visits received at the Chairman's sessions are the UBND's reception too
    assert (rows[0].value(13), rows[0].value(14)) == (2, 4) and rows[1].value(13) == 0
    assert (rows[0].value(1), rows[1].value(1)) == (2, 4)
    text = report_text(pdf_spec(document))
    assert "Quảng Ninh, ngày 15 tháng 9 năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text and "Trần Quang Minh" in text
    assert "NGƯỜI LẬP BIỂU" in text
    assert not any(line.startswith("(Số liệu tính đến ngày") for line in text)  # the window has closed
    assert pdf_spec(document).font_size == TABLE_FONT_SIZE >= 7


def test_a_window_not_yet_closed_says_as_of_which_day(seeded) -> None:
    document = _document(seeded, today=date(2026, 9, 1))
    text = report_text(pdf_spec(document))
    assert "(Số liệu tính đến ngày 01/09/2026)" in text and ATTACHMENT_BLANK in text
    sheet = load_workbook(io.BytesIO(render_xlsx(document))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "(Số liệu tính đến ngày 01/09/2026)" in values and ATTACHMENT_BLANK in values
    assert "Quảng Ninh, ngày 01 tháng 9 năm 2026" in values and "Trần Quang Minh" in values
    assert "NGƯỜI LẬP BIỂU" in values and "TM. ỦY BAN NHÂN DÂN" in values


def test_the_narrative_prints_under_the_table_where_the_period_has_one(seeded) -> None:
    q3 = report_text(pdf_spec(_document(seeded)))  # TT 01/2024: Q3 carries only the tables
    assert not any(line.startswith("Trong quý III") for line in q3)
    nine_months = services.build_report(
        form_code="01/TCD", period=periods.parse_period("2026-9M"), agency=seeded, today=date(2026, 9, 15)
    )
    assert nine_months.narrative and nine_months.narrative in report_text(pdf_spec(nine_months))


def test_golden_pdf_from_the_seeded_directory(seeded, tmp_path: Path) -> None:
    pdf = render_pdf(_document(seeded))
    if UPDATE:
        GOLDEN.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            source = tmp_path / "report.pdf"
            source.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(source), str(SCREENSHOT)], check=True)
    assert GOLDEN.is_file(), "create it with UPDATE_GOLDEN=1"
    assert pdf == GOLDEN.read_bytes(), "01/TCD from the seed differs from its golden file (UPDATE_GOLDEN=1 to accept)"
