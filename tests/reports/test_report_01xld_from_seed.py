"""01/XLD printed from seeded data: the Quảng Ninh directory, letters registered through the letter service at the
Ban, a commune and a department and handled through record_letter_status, the province's report for Q3 2026.

The golden PDF and Excel files are regenerated from this scenario (UPDATE_GOLDEN=1), never from hand-passed
values; the PDF's PNG is docs/screenshots/report-01xld-seeded.png.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.directory.models import Agency
from petitions.domain import periods
from petitions.domain.classification import PriorResolution, SignerKind
from petitions.domain.records import LetterStatus, LetterType
from petitions.extensions import db
from petitions.printing import report_text
from petitions.reports import services
from petitions.reports.outputs import pdf_spec
from tests.factories import make_case
from tests.reports.golden_files import assert_matches_golden
from tests.services.test_reports_01xld import event, letter

Q3 = periods.parse_period("2026-Q3")  # 15/06/2026 – 14/09/2026


def _agency(code: str) -> Agency:
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == code))
    assert agency is not None
    return agency


def d(day: int, month: int) -> date:
    return date(2026, month, day)


@pytest.fixture
def province(session) -> Agency:
    seed_reference_data()
    ubnd, board, commune, department = _agency("UBND"), _agency("BTCD"), _agency("XTY"), _agency("SNNMT")
    # The Ban (under the Văn phòng: the Văn phòng's row).
    l1 = letter(board, d(10, 6), signer=SignerKind.SEVERAL)  # carried over, accepted inside Q3
    event(l1, LetterStatus.ACCEPTED, d(20, 6))
    l2 = letter(board, d(1, 7), within=False)  # a complaint outside competence, guided
    event(l2, LetterStatus.GUIDED, d(5, 7))
    case = make_case(agency_in_charge_id=board.id)
    l3 = letter(board, d(10, 7), LetterType.DENUNCIATION, case=case)
    event(l3, LetterStatus.ACCEPTED, d(20, 7))
    l4 = letter(board, d(25, 7), LetterType.DENUNCIATION, duplicate_of=l3)  # its duplicate: no case of its own
    event(l4, LetterStatus.ACCEPTED, d(28, 7))
    l5 = letter(board, d(1, 8), LetterType.ANONYMOUS, signer=SignerKind.NONE, within=None)
    event(l5, LetterStatus.TO_INSPECTION, d(10, 8))
    l6 = letter(board, d(5, 8), LetterType.MIXED, main_type=LetterType.PETITION, within=False)
    event(l6, LetterStatus.FORWARDED, d(12, 8))
    event(l6, LetterStatus.REPLY_RECEIVED, d(1, 9))
    letter(board, d(10, 9))  # not handled by 14/09
    # The commune: resolved once at receipt, accepted; another not handled.
    l8 = letter(commune, d(20, 6), prior=PriorResolution.RESOLVED_FIRST)
    event(l8, LetterStatus.ACCEPTED, d(30, 6))
    letter(commune, d(1, 9))
    # The department: a repeat petition outside competence, the body handling it urged.
    l10 = letter(department, d(15, 7), LetterType.PETITION, within=False)
    event(l10, LetterStatus.URGED, d(20, 7))
    return ubnd


def _document(ubnd: Agency):  # type: ignore[no-untyped-def]
    return services.build_report(form_code="01/XLD", period=Q3, agency=ubnd, today=date(2026, 9, 15))


def test_the_seeded_provinces_01xld(province) -> None:
    document = _document(province)
    total = document.table.total
    assert [total.value(n) for n in range(1, 23)] == [
        10,  # (1) ten letters
        1,  # (2) the Ban's letter of 10/06
        9,  # (3)
        8,  # (4) all but the two of September
        2,  # (5)
        7,  # (6) the anonymous information is handled, never eligible
        6,  # (7) the Ban's four matters (the duplicate joins its original's case), the commune's, the department's
        3,  # (8) complaints: the carried one, the guided one, the commune's
        2,  # (9) the denunciation and its duplicate
        2,  # (10) the mixed letter by its main content, and the urged petition
        1,  # (11) the commune's, resolved once at receipt
        0,  # (12)
        6,  # (13)
        4,  # (14) within: the carried one, the denunciation and its duplicate, the commune's
        2,  # (15)
        2,  # (16)
        0,  # (17)
        3,  # (18) outside: guided, forwarded, urged
        1,  # (19)
        1,  # (20)
        1,  # (21)
        1,  # (22) the reply of 01/09
    ]
    labels = [row.label for row in document.table.rows]
    office = document.table.rows[labels.index("Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh")]
    assert (office.value(1), office.value(7)) == (7, 4)  # the Ban's letters on its Văn phòng's row
    text = report_text(pdf_spec(document))
    assert "Quảng Ninh, ngày 15 tháng 9 năm 2026" in text and "TM. ỦY BAN NHÂN DÂN" in text


def test_golden_pdf_and_excel_from_the_seeded_directory(province, tmp_path: Path) -> None:
    assert_matches_golden(_document(province), code="01/XLD", stem="01xld-seeded-2026-q3",
                          screenshot="report-01xld-seeded", tmp_path=tmp_path)
