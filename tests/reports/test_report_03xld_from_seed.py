"""03/XLD printed from seeded data: the Quảng Ninh directory and its classification lists, denunciation letters
registered through the letter service at the Ban, a commune and a department and handled through
record_letter_status, the province's report for Q3 2026 (TT 01/2024's layout, marked "mẫu chưa đối chiếu").

The golden PDF and Excel files are regenerated from this scenario (UPDATE_GOLDEN=1), never from hand-passed
values; the PDF's PNG is docs/screenshots/report-03xld-seeded.png.
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
from petitions.domain.records import CaseRound, LetterStatus, LetterType
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
TC = LetterType.DENUNCIATION


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
    s1 = letter(board, d(10, 6), TC, signer=SignerKind.SEVERAL, field="THAM_NHUNG")  # carried over, accepted in Q3
    event(s1, LetterStatus.ACCEPTED, d(20, 6))
    s2 = letter(board, d(1, 7), TC, within=False, field="DANG", prior=P.RESOLVED_FIRST)  # concluded, guided
    event(s2, LetterStatus.GUIDED, d(5, 7))
    case = make_case(agency_in_charge_id=board.id)
    s3 = letter(board, d(10, 7), LetterType.MIXED, main_type=TC, field="HC_CC", prior=P.IN_PROGRESS, case=case)
    event(s3, LetterStatus.ACCEPTED, d(20, 7))
    s4 = letter(board, d(25, 7), TC, field="TP", duplicate_of=s3)  # its duplicate: no case of its own, not its field
    event(s4, LetterStatus.ACCEPTED, d(28, 7))
    letter(board, d(10, 9), TC, field="HC_CS")  # not handled by 14/09
    s6 = letter(board, d(5, 8), TC, within=False)  # forwarded, no field recorded, a reply on 01/09
    event(s6, LetterStatus.FORWARDED, d(12, 8))
    event(s6, LetterStatus.REPLY_RECEIVED, d(1, 9))
    again = make_case(agency_in_charge_id=board.id)
    again.case_round = CaseRound.SECOND  # tố cáo tiếp: the lower body's conclusion not made in time
    s12 = letter(board, d(15, 8), TC, field="HC_DD", case=again)
    event(s12, LetterStatus.ACCEPTED, d(25, 8))
    # Not on 03/XLD: a complaint, anonymous information.
    k1 = letter(board, d(1, 8), field="HC_DD")
    event(k1, LetterStatus.ACCEPTED, d(5, 8))
    s11 = letter(board, d(1, 8), LetterType.ANONYMOUS, signer=SignerKind.NONE, within=None)
    event(s11, LetterStatus.TO_INSPECTION, d(10, 8))
    # The commune: concluded twice at receipt, accepted; an unsigned one not handled.
    s7 = letter(commune, d(20, 6), TC, field="HC_KHAC", prior=P.RESOLVED_SECOND)
    event(s7, LetterStatus.ACCEPTED, d(30, 6))
    letter(commune, d(1, 9), TC, signer=SignerKind.NONE, eligible=False)
    # The department: outside competence, the body handling it urged; "hành chính" without its sub-field.
    s9 = letter(department, d(15, 7), TC, within=False, field="HC")
    event(s9, LetterStatus.URGED, d(20, 7))
    return ubnd


def _document(ubnd: Agency):  # type: ignore[no-untyped-def]
    return services.build_report(form_code="03/XLD", period=Q3, agency=ubnd, today=date(2026, 9, 15))


def test_the_seeded_provinces_03xld(province) -> None:
    document = _document(province)
    total = document.table.total
    assert [total.value(n) for n in range(1, 28)] == [
        10,  # (1) ten denunciation letters
        1,  # (2) the Ban's letter of 10/06
        9,  # (3)
        8,  # (4) all but the two of September
        1,  # (5) of which carried over
        7,  # (6)
        8,  # (7) eligible
        7,  # (8) the Ban's five matters (the duplicate joins its original's), the commune's, the department's
        4,  # (9) administrative: civil service, land, the commune's "khác", the department's "hành chính"
        0,  # (10) policy
        1,  # (11) land: the re-denunciation
        1,  # (12) civil service: the mixed letter (its duplicate, judicial, does not place the case)
        2,  # (13) other administrative
        1,  # (14) corruption
        0,  # (15) judicial
        1,  # (16) Party
        1,  # (17) other: the forwarded letter without a field
        1,  # (18) re-denunciation, overdue: its case is the next round, no conclusion at receipt
        2,  # (19) re-denunciation, concluded: the guided one, the commune's
        4,  # (20) not resolved
        4,  # (21) within competence
        2,  # (22) first time
        2,  # (23) re-denunciations
        3,  # (24) outside
        2,  # (25) forwarded, and guided (no guidance column in this layout)
        1,  # (26) urged
        1,  # (27) the reply of 01/09
    ]
    labels = [row.label for row in document.table.rows]
    office = document.table.rows[labels.index("Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh")]
    assert (office.value(1), office.value(8)) == (7, 5)
    text = "\n".join(report_text(pdf_spec(document)))
    assert "Mẫu theo TT 01/2024/TT-TTCP (mẫu chưa đối chiếu)" in text and "TM. ỦY BAN NHÂN DÂN" in text
    assert "Mẫu chưa đối chiếu với văn bản chính thức" in text  # in the notes too


def test_golden_pdf_and_excel_from_the_seeded_directory(province, tmp_path: Path) -> None:
    assert_matches_golden(_document(province), code="03/XLD", stem="03xld-seeded-2026-q3",
                          screenshot="report-03xld-seeded", tmp_path=tmp_path)
