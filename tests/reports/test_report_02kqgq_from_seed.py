"""02/KQGQ printed from seeded data: the Quảng Ninh directory, complaints decided and implemented through the case
services (the D18 clock from the deadline engine on the seeded calendar, the ledger written by each record), the
province's report for Q3 2026 as the web page and the CLI build it.

The golden PDF and Excel files are regenerated from this scenario (UPDATE_GOLDEN=1), never from hand-passed
values; the PDF's PNG is in docs/screenshots/report-02kqgq-seeded.png.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from petitions.cases import transitions as tr
from petitions.domain import periods
from petitions.domain.case_flow import CaseVerdict
from petitions.printing import report_text
from petitions.reports import services
from petitions.reports.outputs import pdf_spec
from tests.letters_papers.conftest import agency, office, seeded  # noqa: F401  (fixture)
from tests.reports.golden_files import assert_matches_golden
from tests.services.test_case_transitions import ban, complaint_case, frozen, issue  # noqa: F401  (fixtures)

Q3 = periods.parse_period("2026-Q3")  # 15/06/2026 – 14/09/2026
SIGNED_ON = date(2026, 9, 15)


def decided(where: Any, opened_on: date, decided_on: date, verdict: CaseVerdict, **figures: Decimal | int) -> Any:
    """A complaint accepted, verified and decided on ``decided_on`` by the office's leader (its D18 starts)."""
    case = complaint_case(where, opened_on=opened_on)
    day = opened_on.toordinal()
    issue(tr.accept_case(case, actor=where.leader), date.fromordinal(day + 1), where.leader)
    issue(tr.assign_verification(case, actor=where.leader), date.fromordinal(day + 2), where.leader)
    issue(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=where.leader),
          date.fromordinal(day + 5), where.leader)
    issue(tr.decide_case(case, verdict=verdict, actor=where.leader, figures=figures), decided_on, where.leader)
    return case


@pytest.fixture
def province(ban, frozen):  # noqa: F811
    # On the Văn phòng's row (the Ban is under it): a decision in force before the window (D18 ends 08/06),
    # fully paid on 20/06; one decided 10/08 (in force 09/09) with 80 of its 200 million paid on 01/09.
    carried = decided(ban, date(2026, 4, 1), date(2026, 5, 8), CaseVerdict.RIGHT, return_money_persons=Decimal("35.5"))
    tr.start_implementation(carried, actor=ban.officer, effective_on=date(2026, 6, 1))
    tr.record_implementation(carried, figures={"returned_money_persons": Decimal("35.5")}, actor=ban.officer,
                             implemented_on=date(2026, 6, 20), effective_on=date(2026, 6, 20))
    partly = decided(ban, date(2026, 7, 2), date(2026, 8, 10), CaseVerdict.PARTLY_RIGHT,
                     return_money_persons=Decimal("200"), return_land_persons=Decimal("50"))
    tr.start_implementation(partly, actor=ban.officer, effective_on=date(2026, 8, 15))
    tr.record_implementation(partly, figures={"returned_money_persons": Decimal("80")}, actor=ban.officer,
                             effective_on=date(2026, 9, 1))
    # A department's decision: land recovered for the State and a civil servant disciplined, all done on 10/09.
    department = office("SNNMT")
    land = decided(department, date(2026, 5, 4), date(2026, 6, 12), CaseVerdict.PARTLY_RIGHT,
                   recover_land=Decimal("1250.75"), discipline_persons=1, discipline_officials=1)
    tr.start_implementation(land, actor=department.officer, effective_on=date(2026, 7, 20))
    tr.record_implementation(land, figures={"recovered_land": Decimal("1250.75"), "disciplined_persons": 1,
                                            "disciplined_officials": 1},
                             actor=department.officer, implemented_on=date(2026, 9, 10), effective_on=date(2026, 9, 10))
    return agency("UBND")


def _document(ubnd: Any) -> Any:
    return services.build_report(form_code="02/KQGQ", period=Q3, agency=ubnd, today=SIGNED_ON)


def test_the_seeded_provinces_02kqgq_counts_the_decisions_on_their_bodies_rows(province) -> None:
    document = _document(province)
    rows = {row.label: row.values for row in document.table.rows}
    office_row = rows["Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh"]
    # two decisions: the carried one (fully done 20/06) and the one in force on 09/09 (80 of 200 paid)
    assert [office_row[n] for n in (1, 2, 9, 10, 13, 14)] == [2, 1, Decimal("235.5"), Decimal("50"),
                                                               Decimal("115.5"), 0]
    department = rows["Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh"]
    # in force (D18 from 12/06) inside the window, fully done on 10/09
    assert [department[n] for n in (1, 2, 4, 6, 15, 16)] == [1, 1, Decimal("1250.75"), Decimal("1250.75"), 1, 1]
    assert document.table.total.values[1] == 3
    text = report_text(pdf_spec(document))
    assert any("02/KQGQ" in line for line in text)
    assert any("1.250,75" in line for line in text)


def test_golden_pdf_and_excel_from_the_seeded_directory(province, tmp_path: Path) -> None:
    assert_matches_golden(_document(province), code="02/KQGQ", stem="02kqgq-seeded-2026-q3",
                          screenshot="report-02kqgq-seeded", tmp_path=tmp_path)
