"""01/KQGQ and 03/KQGQ printed from seeded data: the Quảng Ninh directory, letters registered and cases accepted,
decided, withdrawn and terminated through the letter and case services (the resolution clocks from the deadline
engine on the seeded calendar), the province's report for Q3 2026 as the web page and the CLI build it.

The golden PDF and Excel files are regenerated from this scenario (UPDATE_GOLDEN=1), never from hand-passed
values; the PDFs' PNGs are in docs/screenshots/report-01kqgq-seeded.png and report-03kqgq-seeded.png.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from petitions.cases import transitions as tr
from petitions.cases.models import CaseFile
from petitions.domain import periods
from petitions.domain.case_flow import CaseVerdict
from petitions.extensions import db
from petitions.printing import report_text
from petitions.reports import cover, services
from petitions.reports.outputs import pdf_spec
from tests.letters_papers.conftest import agency, complaint, denunciation, office, seeded, ward  # noqa: F401
from tests.reports.golden_files import assert_matches_golden
from tests.services.test_case_transitions import ban, frozen, issue  # noqa: F401  (fixtures)

Q3 = periods.parse_period("2026-Q3")  # 15/06/2026 – 14/09/2026
SIGNED_ON = date(2026, 9, 15)


def on(received: date) -> dict[str, date]:
    """A letter received on ``received``, written the day before."""
    return {"received_on": received, "letter_dated_on": date.fromordinal(received.toordinal() - 1)}


def accepted(where: Any, letter: Any, on: date) -> CaseFile:
    """The letter's case accepted by the office's leader on ``on`` (the letter follows: đã thụ lý that day)."""
    case = db.session.get(CaseFile, letter.case_id)
    assert case is not None
    issue(tr.accept_case(case, actor=where.leader), on, where.leader)
    return case


def decided(where: Any, case: CaseFile, on: date, verdict: CaseVerdict, **figures: Decimal | int) -> None:
    issue(tr.assign_verification(case, actor=where.leader), on, where.leader)
    issue(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=where.leader), on, where.leader)
    issue(tr.decide_case(case, verdict=verdict, actor=where.leader, figures=figures), on, where.leader)


@pytest.fixture
def province(ban, ward, frozen):  # noqa: F811
    # The Ban (under the Văn phòng: its row), its registers kept in date order. C1 carried over (accepted 05/05),
    # decided partly right on 10/07 with money to return and to recover, after its 30 days (late); C2 accepted
    # 01/07, withdrawn 20/07 (on time), terminated 22/07; C3 accepted 03/08, still open. D1 carried over (accepted
    # 02/03), concluded true on 15/07 (late): one civil servant to discipline; D2 accepted 06/07, terminated
    # 20/08 other than by withdrawal (after its 30 days: late).
    d1 = accepted(ban, denunciation(ban, **on(date(2026, 2, 25))), date(2026, 3, 2))
    c1 = accepted(ban, complaint(ban, ward, **on(date(2026, 5, 4))), date(2026, 5, 5))
    c2 = accepted(ban, complaint(ban, ward, **on(date(2026, 6, 29))), date(2026, 7, 1))
    d2 = accepted(ban, denunciation(ban, **on(date(2026, 7, 2))), date(2026, 7, 6))
    decided(ban, c1, date(2026, 7, 10), CaseVerdict.PARTLY_RIGHT, return_money_persons=Decimal("120.5"),
            recover_money=Decimal("15"))
    decided(ban, d1, date(2026, 7, 15), CaseVerdict.TRUE, discipline_persons=1, discipline_officials=1)
    tr.withdraw_case(c2, reason="Bà Hằng nộp đơn rút khiếu nại", actor=ban.officer, effective_on=date(2026, 7, 20))
    issue(tr.terminate_case(c2, reason="Người khiếu nại rút đơn", actor=ban.leader), date(2026, 7, 22), ban.leader)
    accepted(ban, complaint(ban, ward, **on(date(2026, 8, 1))), date(2026, 8, 3))
    issue(tr.terminate_case(d2, reason="Người bị tố cáo đã chết", actor=ban.leader), date(2026, 8, 20), ban.leader)
    # A department: C4 accepted 20/06, decided right on 15/07 (on time), land recovered for the State.
    department = office("SNNMT")
    c4 = accepted(department, complaint(department, ward, **on(date(2026, 6, 18))), date(2026, 6, 20))
    decided(department, c4, date(2026, 7, 15), CaseVerdict.RIGHT, recover_land=Decimal("1250.75"))
    return agency("UBND")


def _document(ubnd: Any, code: str) -> Any:
    return services.build_report(form_code=code, period=Q3, agency=ubnd, today=SIGNED_ON)


OFFICE = "Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh"
DEPARTMENT = "Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh"


def test_the_seeded_provinces_01kqgq(province) -> None:
    document = _document(province, "01/KQGQ")
    rows = {row.label: row.values for row in document.table.rows}
    office_row = rows[OFFICE]
    # (1) C1 C2 C3's letters, (2) C1's, (3) C2 C3's; (4) C1 C2 C3; (5) C1; (6) C2; (7) 15; (11) 120.5;
    # (22) partly right C1; (25) C2 withdrawn in time; (26) C1 decided after its 30 days.
    assert [office_row[n] for n in (1, 2, 3, 4, 5, 6, 7, 11, 22, 25, 26)] == [
        3, 1, 2, 3, 1, 1, Decimal("15"), Decimal("120.5"), 1, 1, 1
    ]
    # C4: accepted in the window, decided right in time, 1,250.75 m² recovered for the State.
    assert [rows[DEPARTMENT][n] for n in (1, 3, 4, 5, 8, 20, 25)] == [1, 1, 1, 1, Decimal("1250.75"), 1, 1]
    assert [document.table.total.values[n] for n in (4, 5, 6)] == [4, 2, 1]
    text = report_text(pdf_spec(document))
    assert any("01/KQGQ" in line for line in text) and any("1.250,75" in line for line in text)


def test_the_nine_months_cover_states_what_both_forms_resolved(province) -> None:
    # 9 months = 15/12/2025 – 14/09/2026 holds every act above. By hand: complaints C1–C4 within competence, of
    # which C1 and C4 decided and C2 withdrawn (C3 open); denunciations D1 and D2, D1 concluded and D2 terminated
    # (03/KQGQ (6) counts a termination). Resolved 3 + 2 = 5 of 4 + 2 = 6 cases: 83,3 %.
    report = cover.build_set(agency=province, period=periods.parse_period("2026-9M"), today=SIGNED_ON)
    complaints, denunciations = report.tables["01/KQGQ"].total, report.tables["03/KQGQ"].total
    assert (complaints.value(4), complaints.value(5) + complaints.value(6)) == (4, 3)
    assert (denunciations.value(4), denunciations.value(6)) == (2, 2)
    assert (report.figures.resolved, report.figures.due) == (5, 6)
    assert report.narrative is not None
    assert report.narrative.endswith("đã giải quyết 5/6 vụ việc thuộc thẩm quyền, đạt 83,3%.")


def test_the_seeded_provinces_03kqgq(province) -> None:
    document = _document(province, "03/KQGQ")
    office_row = {row.label: row.values for row in document.table.rows}[OFFICE]
    # (1) D1 D2's letters, (2) D1's, (3) D2's; (4) D1 D2; (6) = (7) D1 + (10) D2; (19)(20) discipline;
    # (24) true D1; (31) late D1 and D2.
    assert [office_row[n] for n in (1, 2, 3, 4, 5, 6, 7, 9, 10, 19, 20, 24, 30, 31)] == [
        2, 1, 1, 2, 0, 2, 1, 0, 1, 1, 1, 1, 0, 2
    ]
    assert document.generation_line.endswith("(mẫu chưa xác nhận)")


@pytest.mark.parametrize("code", ["01/KQGQ", "03/KQGQ"])
def test_golden_pdf_and_excel_from_the_seeded_directory(province, tmp_path: Path, code: str) -> None:
    name = code.replace("/", "").lower()  # 01kqgq
    assert_matches_golden(_document(province, code), code=code, stem=f"{name}-seeded-2026-q3",
                          screenshot=f"report-{name}-seeded", tmp_path=tmp_path)
