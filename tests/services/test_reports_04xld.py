"""04/XLD from the database: letters of recommendation and report (KNPA) by their main content, both generations,
the cases within competence resolved by the window's end (TT 01/2024 (19)–(20), valid time with corrections),
hand-computed figures."""

from __future__ import annotations

import json
from datetime import date

import pytest

from petitions.cases.models import CaseFileStatusEvent
from petitions.cases.services import record_case_status
from petitions.directory.seed import seed_reference_items
from petitions.domain.classification import PriorResolution, SignerKind
from petitions.domain.periods import Generation
from petitions.domain.records import CaseStatus, CaseType, LetterStatus, LetterType
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.reports import catalog, cover, services
from petitions.reports.outputs import json_bytes
from tests.factories import make_agency, make_case, signed_in_client
from tests.services.test_reports_01xld import NEW_WINDOW, OLD_WINDOW, event
from tests.services.test_reports_02xld import SPANNING, letter

P = PriorResolution
KNPA = LetterType.PETITION


def d(day: int, month: int, year: int = 2024) -> date:
    return date(year, month, day)


def figures(document, row: int = 0) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return dict(document.table.rows[row].values)


@pytest.fixture
def scenario(session):
    seed_reference_items()
    root = make_agency(code="X4", name="Văn phòng UBND tỉnh")
    child = make_agency(code="X4-A", name="UBND xã An Lạc", parent_id=root.id)
    e1, e2, e3, e4, e5, e6, e7 = (
        make_case(agency_in_charge_id=root.id, case_type=CaseType.PETITION, opened_on=d(1, 12, 2023)) for _ in range(7)
    )
    # P1 carried over (received 01/12/2023, answered and filed 10/01), policy; its case closed on 12/01.
    p1 = letter(root, d(1, 12, 2023), KNPA, signer=SignerKind.SEVERAL, field="CS", case=e1)
    event(p1, LetterStatus.FILED, d(10, 1))
    record_case_status(e1, CaseStatus.CLOSED, effective_on=d(12, 1))
    letter(root, d(5, 1), KNPA, field="CS")  # P2 received, never handled
    p3 = letter(root, d(8, 1), KNPA, signer=SignerKind.NONE, eligible=False)  # P3 unsigned, not eligible, filed
    event(p3, LetterStatus.FILED, d(15, 1))
    # P4 mixed, main content a KNPA: land, in progress at receipt; its case closed 25/01, opened again by P5 (20/02),
    # closed again on 10/03.
    p4 = letter(root, d(10, 1), LetterType.MIXED, main_type=KNPA, field="DD", prior=P.IN_PROGRESS, case=e2)
    event(p4, LetterStatus.FILED, d(20, 1))
    record_case_status(e2, CaseStatus.CLOSED, effective_on=d(25, 1))
    # P5 its duplicate, judicial, resolved once at receipt: a letter, not a new case.
    p5 = letter(root, d(15, 2), KNPA, field="TP", prior=P.RESOLVED_FIRST, duplicate_of=p4)
    event(p5, LetterStatus.FILED, d(20, 2))
    record_case_status(e2, CaseStatus.OPEN, effective_on=d(20, 2))
    record_case_status(e2, CaseStatus.CLOSED, effective_on=d(10, 3))
    # P6 several signers, "khác", resolved twice at receipt; its case's closing recorded on 01/03 by mistake and
    # corrected to 20/03 (the correction supersedes it): not closed by 14/03.
    p6 = letter(root, d(1, 2), KNPA, signer=SignerKind.SEVERAL, field="KHAC", prior=P.RESOLVED_SECOND, case=e3)
    event(p6, LetterStatus.FILED, d(6, 2))
    wrong = record_case_status(e3, CaseStatus.CLOSED, effective_on=d(1, 3))
    db.session.add(CaseFileStatusEvent(case_file_id=e3.id, status=CaseStatus.CLOSED, effective_on=d(20, 3),
                                       supersedes_id=wrong.id, note="Đính chính ngày"))
    # P7 outside competence, guided (the form has no guidance column: forwarded); judicial; a court judgment.
    p7 = letter(root, d(3, 2), KNPA, within=False, field="TP", prior=P.COURT_JUDGMENT, case=e4)
    event(p7, LetterStatus.GUIDED, d(5, 2))
    # P8 outside, forwarded, no field recorded, a reply on 01/03.
    p8 = letter(root, d(12, 2), KNPA, within=False, case=e5)
    event(p8, LetterStatus.FORWARDED, d(14, 2))
    event(p8, LetterStatus.REPLY_RECEIVED, d(1, 3))
    # P9 outside, the body handling it urged; policy; in progress.
    p9 = letter(root, d(18, 2), KNPA, within=False, field="CS", prior=P.IN_PROGRESS, case=e6)
    event(p9, LetterStatus.URGED, d(20, 2))
    # Not KNPA by content: a complaint (with a reply), anonymous information, a mixed letter that denounces.
    k1 = letter(root, d(10, 1), field="HC_DD")
    event(k1, LetterStatus.ACCEPTED, d(12, 1))
    event(k1, LetterStatus.REPLY_RECEIVED, d(2, 3))
    anonymous = letter(root, d(10, 1), LetterType.ANONYMOUS, signer=SignerKind.NONE, within=None)
    event(anonymous, LetterStatus.TO_INSPECTION, d(20, 1))
    t1 = letter(root, d(11, 1), LetterType.MIXED, main_type=LetterType.DENUNCIATION, field="TP")
    event(t1, LetterStatus.ACCEPTED, d(13, 1))
    # P12 received 02/03 (inside the old window, handled after it), "khác"; filed 10/03, its case closed on 12/03.
    p12 = letter(root, d(2, 3), KNPA, field="KHAC", case=e7)
    event(p12, LetterStatus.FILED, d(10, 3))
    record_case_status(e7, CaseStatus.CLOSED, effective_on=d(12, 3))
    # P13 received and handled before the windows; its reply of 13/03 counts in the old layout's replies only.
    p13 = letter(root, d(1, 11, 2023), KNPA, within=False)
    event(p13, LetterStatus.FORWARDED, d(20, 11, 2023))
    event(p13, LetterStatus.REPLY_RECEIVED, d(13, 3))
    # P14 on the subordinate's row.
    p14 = letter(child, d(20, 12, 2023), KNPA, field="DD")
    event(p14, LetterStatus.FILED, d(28, 12, 2023))
    db.session.flush()
    return root


def test_old_generation_window_ending_4_march_2024(scenario) -> None:
    document = services.build_report(form_code="04/XLD", period=OLD_WINDOW, agency=scenario, today=d(1, 4))
    assert document.form.generation is Generation.TT_02_2021
    own, child = figures(document), figures(document, 1)
    # (1) P1–P9, P12; carried: P1 (several); in period: P6 several, P2 P4 P5 P7 P8 P9 P12 one, P3 other.
    assert [own[n] for n in range(1, 8)] == [10, 1, 0, 0, 1, 7, 1]
    # handled P1, P3–P9; eligible P1 P4–P9; cases e1–e6 (P5 is e2's second letter).
    assert [own[n] for n in range(8, 13)] == [8, 1, 7, 7, 6]
    # policy P1 P9, land P4, judicial P7, other P6 ("khác") P8 (none recorded).
    assert [own[n] for n in range(13, 17)] == [2, 1, 1, 2]
    # resolved at receipt P6 P7, in progress P4 P9, not resolved P1 P8.
    assert [own[n] for n in range(17, 20)] == [2, 2, 2]
    # within P1 P4 P6; outside P7 (guided: counted as forwarded) P8, urged P9; P8's reply, not the complaint's.
    assert [own[n] for n in range(20, 25)] == [3, 3, 2, 1, 1]
    assert [child[n] for n in (1, 6, 8, 10, 11, 12, 14, 19, 20)] == [1] * 9


def test_new_generation_window_ending_14_march_2024(scenario) -> None:
    document = services.build_report(form_code="04/XLD", period=NEW_WINDOW, agency=scenario, today=d(1, 4))
    assert document.form.generation is Generation.TT_01_2024
    own = figures(document)
    # P1–P9, P12; carried P1; handled P1 P3–P9 P12; eligible P1 P4–P9 P12; cases e1–e7.
    assert [own[n] for n in range(1, 9)] == [10, 1, 9, 9, 1, 8, 8, 7]
    # policy P1 P9, land P4, judicial P7, other P6 P8 P12; resolved at receipt P6 P7, not P1 P4 P8 P9 P12.
    assert [own[n] for n in range(9, 15)] == [2, 1, 1, 3, 2, 5]
    # within P1 P4 P6 P12; outside P7 P8 (forwarded, the guided one with them), P9 urged.
    assert [own[n] for n in range(15, 19)] == [4, 3, 2, 1]
    # cases within competence resolved by 14/03: e1 (12/01), e2 (closed again on 10/03), e7 (12/03); not: e3, its
    # closing corrected from 01/03 to 20/03.
    assert [own[n] for n in (19, 20)] == [3, 1]
    xld = services.build_report(form_code="01/XLD", period=NEW_WINDOW, agency=scenario, today=d(1, 4))
    assert xld.table.rows[0].values[10] == own[7]  # 01/XLD's eligible KNPA


def test_a_window_spanning_5_march_2024_takes_the_layout_of_its_end(scenario) -> None:
    document = services.build_report(form_code="04/XLD", period=SPANNING, agency=scenario, today=d(1, 4))
    assert document.form.generation is Generation.TT_01_2024
    own = figures(document)
    # P2 (never handled), P5 (15/02, filed 20/02), P9 (18/02, urged 20/02) carried over; P12 received 02/03.
    assert [own[n] for n in range(1, 9)] == [4, 3, 1, 3, 2, 1, 3, 3]
    # P5 places e2 now: judicial, resolved at receipt, within; P9 policy, in progress, urged; P12 other, within.
    assert [own[n] for n in range(9, 19)] == [1, 0, 1, 1, 1, 2, 2, 1, 0, 1]
    # by 10/03: e2 closed (that day), e7 not yet (12/03).
    assert [own[n] for n in (19, 20)] == [1, 1]


def test_screen_json_cli_and_the_whole_report_serve_the_form(app, scenario, runner, tmp_path) -> None:
    assert "04/XLD" in catalog.form_codes() and "04/XLD" in cover.set_form_codes(NEW_WINDOW)
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=scenario.id)
    page = client.get("/reports/04-xld?period=2024-Q1").get_data(as_text=True)
    assert "Tổng hợp kết quả xử lý đơn kiến nghị, phản ánh" in page and "Vụ việc thuộc thẩm quyền" in page
    assert client.get("/reports/04-xld/download/pdf?period=2024-Q1").data.startswith(b"%PDF")
    assert client.get("/reports/04-xld/download/xlsx?period=2024-Q1").data[:2] == b"PK"
    document = services.build_report(form_code="04/XLD", period=NEW_WINDOW, agency=scenario, today=d(1, 4))
    assert json.loads(json_bytes(document))["notes"] == list(document.form.counting_notes)
    output = tmp_path / "04xld.json"
    result = runner.invoke(args=["report", "04/XLD", "--from", "2023-12-15", "--to", "2024-03-04", "--agency", "X4",
                                 "--format", "json", "-o", str(output)])
    assert result.exit_code == 0, result.output
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["generation"] == Generation.TT_02_2021.value and data["rows"][0]["figures"]["12"] == 6
    whole = tmp_path / "all.json"
    result = runner.invoke(args=["report", "all", "--period", "2024-Q1", "--agency", "X4", "--format", "json",
                                 "-o", str(whole)])
    assert result.exit_code == 0, result.output
    assert json.loads(whole.read_text(encoding="utf-8"))["04/XLD"]["rows"][0]["figures"]["19"] == 3


@pytest.mark.load  # every figure walked page by page: once, on PostgreSQL, in the slow group (CI time)
def test_every_figure_lists_the_letters_cases_and_replies_it_counts(scenario) -> None:
    from tests.reports.test_drilldown import walk

    seen = set()
    for window in (OLD_WINDOW, NEW_WINDOW, SPANNING):
        seen |= walk(scenario, window, ("04/XLD",))
    assert len({n for _, n in seen}) >= 20
