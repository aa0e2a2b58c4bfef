"""04/XLD printed from seeded data: the Quảng Ninh directory and its classification lists, KNPA letters
registered through the letter service at the Ban, a commune and a department and handled through
record_letter_status, the province's report for Q3 2026 (TT 01/2024's layout), with the cases within competence closed or not.

The golden PDF and Excel files are regenerated from this scenario (UPDATE_GOLDEN=1), never from hand-passed
values; the PDF's PNG is docs/screenshots/report-04xld-seeded.png.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from petitions.cases.services import record_case_status
from petitions.cli import seed_reference_data
from petitions.directory.models import Agency
from petitions.domain import periods
from petitions.domain.classification import PriorResolution, SignerKind
from petitions.domain.records import CaseStatus, CaseType, LetterStatus, LetterType
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
KNPA = LetterType.PETITION


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

    def case(agency: Agency):  # type: ignore[no-untyped-def]
        return make_case(agency_in_charge_id=agency.id, case_type=CaseType.PETITION, opened_on=d(1, 6))

    # The Ban (under the Văn phòng: the Văn phòng's row). S1 carried over, answered and filed in Q3, its case closed.
    c1 = case(board)
    s1 = letter(board, d(10, 6), KNPA, signer=SignerKind.SEVERAL, field="CS", case=c1)
    event(s1, LetterStatus.FILED, d(20, 6))
    record_case_status(c1, CaseStatus.CLOSED, effective_on=d(25, 6))
    s2 = letter(board, d(1, 7), KNPA, within=False, field="TP", prior=P.COURT_JUDGMENT)  # outside, guided
    event(s2, LetterStatus.GUIDED, d(5, 7))
    c3 = case(board)  # still open at the window's end
    s3 = letter(board, d(10, 7), LetterType.MIXED, main_type=KNPA, field="DD", prior=P.IN_PROGRESS, case=c3)
    event(s3, LetterStatus.FILED, d(20, 7))
    s4 = letter(board, d(25, 7), KNPA, field="TP", duplicate_of=s3)  # its duplicate: no case of its own, not its field
    event(s4, LetterStatus.FILED, d(28, 7))
    letter(board, d(10, 9), KNPA, field="CS")  # not handled by 14/09
    s6 = letter(board, d(5, 8), KNPA, within=False)  # forwarded, no field recorded, a reply on 01/09
    event(s6, LetterStatus.FORWARDED, d(12, 8))
    event(s6, LetterStatus.REPLY_RECEIVED, d(1, 9))
    # Not on 04/XLD: a complaint, anonymous information.
    k1 = letter(board, d(1, 8), field="HC_DD")
    event(k1, LetterStatus.ACCEPTED, d(5, 8))
    s11 = letter(board, d(1, 8), LetterType.ANONYMOUS, signer=SignerKind.NONE, within=None)
    event(s11, LetterStatus.TO_INSPECTION, d(10, 8))
    # The commune: resolved twice at receipt, answered, its case closed; an unsigned one not handled.
    c7 = case(commune)
    s7 = letter(commune, d(20, 6), KNPA, field="KHAC", prior=P.RESOLVED_SECOND, case=c7)
    event(s7, LetterStatus.FILED, d(30, 6))
    record_case_status(c7, CaseStatus.CLOSED, effective_on=d(2, 7))
    letter(commune, d(1, 9), KNPA, signer=SignerKind.NONE, eligible=False)
    # The department: outside competence, the body handling it urged.
    s9 = letter(department, d(15, 7), KNPA, within=False, field="CS")
    event(s9, LetterStatus.URGED, d(20, 7))
    return ubnd


def _document(ubnd: Agency):  # type: ignore[no-untyped-def]
    return services.build_report(form_code="04/XLD", period=Q3, agency=ubnd, today=date(2026, 9, 15))


def test_the_seeded_provinces_04xld(province) -> None:
    document = _document(province)
    total = document.table.total
    assert [total.value(n) for n in range(1, 21)] == [
        9,  # (1) nine KNPA letters
        1,  # (2) the Ban's letter of 10/06
        8,  # (3)
        7,  # (4) all but the two of September
        1,  # (5) of which carried over
        6,  # (6)
        7,  # (7) eligible
        6,  # (8) the Ban's four matters (the duplicate joins its original's), the commune's, the department's
        2,  # (9) policy: the carried one, the department's
        1,  # (10) land: the mixed letter (its duplicate, judicial, does not place the case)
        1,  # (11) judicial: the guided one
        2,  # (12) other: the forwarded one without a field, the commune's "khác"
        2,  # (13) resolved at receipt: a court judgment, twice
        4,  # (14) not resolved
        3,  # (15) within competence
        3,  # (16) outside
        2,  # (17) forwarded, and guided (no guidance column)
        1,  # (18) urged
        2,  # (19) cases within competence closed by 14/09: the carried one's, the commune's
        1,  # (20) the mixed letter's case, still open
    ]
    labels = [row.label for row in document.table.rows]
    office = document.table.rows[labels.index("Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh")]
    assert (office.value(1), office.value(8)) == (6, 4)
    text = "\n".join(report_text(pdf_spec(document)))
    assert "Mẫu theo TT 01/2024/TT-TTCP" in text and "TM. ỦY BAN NHÂN DÂN" in text


def test_golden_pdf_and_excel_from_the_seeded_directory(province, tmp_path: Path) -> None:
    assert_matches_golden(_document(province), code="04/XLD", stem="04xld-seeded-2026-q3",
                          screenshot="report-04xld-seeded", tmp_path=tmp_path)
