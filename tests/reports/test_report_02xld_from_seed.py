"""02/XLD printed from seeded data: the Quảng Ninh directory and its classification lists, complaint letters
registered through the letter service at the Ban, a commune and a department and handled through
record_letter_status, the province's report for Q3 2026 (TT 01/2024's layout, marked "mẫu chưa đối chiếu").

The golden PDF and Excel files are regenerated from this scenario (UPDATE_GOLDEN=1), never from hand-passed
values; the PDF's PNG is docs/screenshots/report-02xld-seeded.png.
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
from tests.services.test_reports_01xld import event
from tests.services.test_reports_02xld import letter

Q3 = periods.parse_period("2026-Q3")  # 15/06/2026 – 14/09/2026
P = PriorResolution


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
    s1 = letter(board, d(10, 6), signer=SignerKind.SEVERAL, field="HC_DD")  # carried over, accepted inside Q3
    event(s1, LetterStatus.ACCEPTED, d(20, 6))
    s2 = letter(board, d(1, 7), within=False, field="DANG", prior=P.COURT_JUDGMENT)  # outside competence, guided
    event(s2, LetterStatus.GUIDED, d(5, 7))
    case = make_case(agency_in_charge_id=board.id)
    s3 = letter(board, d(10, 7), LetterType.MIXED, main_type=LetterType.COMPLAINT, field="HC_CS",
                prior=P.RESOLVED_FIRST, case=case)
    event(s3, LetterStatus.ACCEPTED, d(20, 7))
    s4 = letter(board, d(25, 7), field="TP", duplicate_of=s3)  # its duplicate: no case of its own, not its field
    event(s4, LetterStatus.ACCEPTED, d(28, 7))
    letter(board, d(10, 9), field="HC_CS")  # not handled by 14/09
    s6 = letter(board, d(5, 8), within=False)  # forwarded, no field recorded, a reply on 01/09
    event(s6, LetterStatus.FORWARDED, d(12, 8))
    event(s6, LetterStatus.REPLY_RECEIVED, d(1, 9))
    # Not on 02/XLD: a denunciation, anonymous information.
    s10 = letter(board, d(1, 8), LetterType.DENUNCIATION, field="THAM_NHUNG")
    event(s10, LetterStatus.ACCEPTED, d(5, 8))
    s11 = letter(board, d(1, 8), LetterType.ANONYMOUS, signer=SignerKind.NONE, within=None)
    event(s11, LetterStatus.TO_INSPECTION, d(10, 8))
    # The commune: resolved twice at receipt, accepted; an unsigned one not handled.
    s7 = letter(commune, d(20, 6), field="HC_KHAC", prior=P.RESOLVED_SECOND)
    event(s7, LetterStatus.ACCEPTED, d(30, 6))
    letter(commune, d(1, 9), signer=SignerKind.NONE, eligible=False)
    # The department: outside competence, the body handling it urged; "hành chính" without its sub-field.
    s9 = letter(department, d(15, 7), within=False, field="HC")
    event(s9, LetterStatus.URGED, d(20, 7))
    return ubnd


def _document(ubnd: Agency):  # type: ignore[no-untyped-def]
    return services.build_report(form_code="02/XLD", period=Q3, agency=ubnd, today=date(2026, 9, 15))


def test_the_seeded_provinces_02xld(province) -> None:
    document = _document(province)
    total = document.table.total
    assert [total.value(n) for n in range(1, 28)] == [
        9,  # (1) nine complaint letters
        1,  # (2) the Ban's letter of 10/06
        8,  # (3)
        7,  # (4) all but the two of September
        1,  # (5) of which carried over
        6,  # (6)
        7,  # (7) eligible
        6,  # (8) the Ban's four matters (the duplicate joins its original's), the commune's, the department's
        4,  # (9) administrative: land, policy, the commune's "khác", the department's "hành chính"
        1,  # (10) policy: the mixed letter (its duplicate, judicial, does not place the case)
        1,  # (11) land
        2,  # (12) other administrative
        0,  # (13) judicial
        1,  # (14) Party
        1,  # (15) other: the forwarded letter without a field
        1,  # (16) resolved once at receipt
        1,  # (17) twice
        1,  # (18) a court judgment
        0,  # (19) in progress
        3,  # (20) not resolved
        3,  # (21) within competence
        1,  # (22) round 1
        2,  # (23) round 2
        3,  # (24) outside
        2,  # (25) guided, and forwarded (no forwarding column in this layout)
        1,  # (26) urged
        1,  # (27) the reply of 01/09
    ]
    labels = [row.label for row in document.table.rows]
    office = document.table.rows[labels.index("Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh")]
    assert (office.value(1), office.value(8)) == (6, 4)
    text = "\n".join(report_text(pdf_spec(document)))
    assert "Mẫu theo TT 01/2024/TT-TTCP (mẫu chưa đối chiếu)" in text and "TM. ỦY BAN NHÂN DÂN" in text
    assert "Mẫu chưa đối chiếu với văn bản chính thức" in text  # in the notes too


def test_golden_pdf_and_excel_from_the_seeded_directory(province, tmp_path: Path) -> None:
    assert_matches_golden(_document(province), code="02/XLD", stem="02xld-seeded-2026-q3",
                          screenshot="report-02xld-seeded", tmp_path=tmp_path)
