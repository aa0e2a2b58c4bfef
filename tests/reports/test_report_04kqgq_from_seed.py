"""04/KQGQ printed from seeded data: the Quảng Ninh directory, denunciations concluded and implemented through the case
services (the ledger written by each record, a date corrected after the window closed), the province's report for
Q3 2026 as the web page and the CLI build it: the TT 02/2021 layout marked "mẫu chưa xác nhận".

The golden PDF and Excel files are regenerated from this scenario (UPDATE_GOLDEN=1), never from hand-passed
values; the PDF's PNG is in docs/screenshots/report-04kqgq-seeded.png.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from petitions.cases import transitions as tr
from petitions.cases.models import CaseImplementationEntry
from petitions.domain import periods
from petitions.domain.case_flow import CaseVerdict
from petitions.domain.records import CaseType
from petitions.extensions import db
from petitions.printing import report_text
from petitions.reports import services
from petitions.reports.outputs import pdf_spec
from tests.factories import make_case
from tests.letters_papers.conftest import agency, office, seeded  # noqa: F401  (fixture)
from tests.reports.golden_files import assert_matches_golden
from tests.services.test_case_transitions import ban, frozen, issue  # noqa: F401  (fixtures)

Q3 = periods.parse_period("2026-Q3")  # 15/06/2026 – 14/09/2026
SIGNED_ON = date(2026, 9, 15)


def concluded(where: Any, opened_on: date, concluded_on: date, verdict: CaseVerdict, **figures: Decimal | int) -> Any:
    """A denunciation accepted, verified and concluded on ``concluded_on`` by the office's leader."""
    case = make_case(agency=where.agency, case_type=CaseType.DENUNCIATION, title="Tố cáo cán bộ địa chính nhận tiền",
                     opened_on=opened_on)
    day = opened_on.toordinal()
    issue(tr.accept_case(case, actor=where.leader), date.fromordinal(day + 1), where.leader)
    issue(tr.assign_verification(case, actor=where.leader), date.fromordinal(day + 2), where.leader)
    issue(tr.report_verification(case, findings="Kết quả xác minh nội dung tố cáo", actor=where.leader),
          date.fromordinal(day + 5), where.leader)
    issue(tr.decide_case(case, verdict=verdict, actor=where.leader, figures=figures), concluded_on, where.leader)
    return case


@pytest.fixture
def province(ban, frozen):  # noqa: F811
    # On the Văn phòng's row (the Ban is under it): a conclusion of 06/05 (carried) whose organisation was paid
    # back in full on 01/07; one partly true of 22/06 with money recovered, individuals handled, one prosecution.
    carried = concluded(ban, date(2026, 3, 2), date(2026, 5, 6), CaseVerdict.TRUE,
                        return_money_orgs=Decimal("48.75"), restored_orgs=1)
    tr.start_implementation(carried, actor=ban.officer, effective_on=date(2026, 5, 20))
    tr.record_implementation(carried, figures={"returned_money_orgs": Decimal("48.75")}, actor=ban.officer,
                             implemented_on=date(2026, 7, 1), effective_on=date(2026, 7, 1))
    partly = concluded(ban, date(2026, 5, 8), date(2026, 6, 22), CaseVerdict.PARTLY_TRUE,
                       recover_money=Decimal("320"), discipline_orgs=1, discipline_persons=3, discipline_officials=2,
                       investigation_cases=1, investigation_persons=1, investigation_officials=1)
    tr.start_implementation(partly, actor=ban.officer, effective_on=date(2026, 7, 2))
    tr.record_implementation(partly, figures={"recovered_money": Decimal("200"), "disciplined_orgs": 1,
                                              "disciplined_persons": 2, "disciplined_officials": 1},
                             actor=ban.officer, effective_on=date(2026, 8, 12))
    # Recorded as 10/09, corrected on 20/09 (after the window closed) to 16/09: not in Q3.
    tr.record_implementation(partly, figures={"prosecuted_cases": 1, "prosecuted_persons": 1,
                                              "prosecuted_officials": 1},
                             actor=ban.officer, effective_on=date(2026, 9, 10))
    entry = db.session.scalars(sa.select(CaseImplementationEntry).where(
        CaseImplementationEntry.case_file_id == partly.id).order_by(CaseImplementationEntry.id.desc())).first()
    tr.correct_implementation_date(entry, effective_on=date(2026, 9, 16), actor=ban.officer,
                                   reason="Ngày khởi tố ghi nhầm, theo quyết định khởi tố vụ án")
    # A department's conclusion: land recovered for the State and two individuals' land given back, all on 05/09.
    department = office("SNNMT")
    land = concluded(department, date(2026, 5, 4), date(2026, 6, 30), CaseVerdict.TRUE,
                     recover_land=Decimal("860.5"), return_land_persons=Decimal("120.25"), restored_persons=2)
    tr.start_implementation(land, actor=department.officer, effective_on=date(2026, 7, 20))
    tr.record_implementation(land, figures={"recovered_land": Decimal("860.5"), "returned_land_persons": Decimal("120.25")},
                             actor=department.officer, implemented_on=date(2026, 9, 5), effective_on=date(2026, 9, 5))
    return agency("UBND")


def _document(ubnd: Any) -> Any:
    return services.build_report(form_code="04/KQGQ", period=Q3, agency=ubnd, today=SIGNED_ON)


def test_the_seeded_provinces_04kqgq_counts_the_conclusions_on_their_bodies_rows(province) -> None:
    document = _document(province)
    rows = {row.label: row.values for row in document.table.rows}
    office_row = rows["Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh"]
    # two conclusions: the carried one (its organisation paid and restored on 01/07) and the one of 22/06 (200 of
    # 320 million recovered; one organisation, two individuals, one official handled; its prosecution now 16/09)
    assert [office_row[n] for n in (1, 2, 3, 5, 7, 9, 13, 15)] == [
        2, 1, Decimal("320"), Decimal("200"), 1, Decimal("48.75"), 1, Decimal("48.75")]
    assert [office_row[n] for n in (19, 20, 21, 22, 23, 24)] == [1, 2, 1, 0, 0, 0]
    department = rows["Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh"]
    assert [department[n] for n in (1, 2, 4, 6, 8, 12, 14, 18)] == [
        1, 1, Decimal("860.5"), Decimal("860.5"), 2, Decimal("120.25"), 2, Decimal("120.25")]
    assert document.table.total.values[1] == 3
    assert "mẫu chưa xác nhận" in document.generation_line
    text = report_text(pdf_spec(document))
    assert any("04/KQGQ" in line for line in text)
    assert any("mẫu chưa xác nhận" in line for line in text)


def test_golden_pdf_and_excel_from_the_seeded_directory(province, tmp_path: Path) -> None:
    assert_matches_golden(_document(province), code="04/KQGQ", stem="04kqgq-seeded-2026-q3",
                          screenshot="report-04kqgq-seeded", tmp_path=tmp_path)
