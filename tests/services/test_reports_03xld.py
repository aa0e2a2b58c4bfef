"""03/XLD from the database: denunciation letters by their main content, both generations, re-denunciations (tố
cáo tiếp), the cases placed by their leading letter, hand-computed figures."""

from __future__ import annotations

import json
from datetime import date

import pytest

from petitions.directory.seed import seed_reference_items
from petitions.domain.classification import PriorResolution, SignerKind
from petitions.domain.periods import Generation
from petitions.domain.records import CaseRound, LetterStatus, LetterType
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.reports import catalog, cover, services
from petitions.reports.outputs import json_bytes
from tests.factories import make_agency, make_case, signed_in_client
from tests.services.test_reports_01xld import NEW_WINDOW, OLD_WINDOW, event
from tests.services.test_reports_02xld import SPANNING, letter

P = PriorResolution
TC = LetterType.DENUNCIATION


def d(day: int, month: int, year: int = 2024) -> date:
    return date(year, month, day)


def figures(document, row: int = 0) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return dict(document.table.rows[row].values)


@pytest.fixture
def scenario(session):
    seed_reference_items()
    root = make_agency(code="X3", name="Thanh tra tỉnh")
    child = make_agency(code="X3-A", name="UBND xã An Lạc", parent_id=root.id)
    d1, d2, d3, d4, d5, d6, d7 = (make_case(agency_in_charge_id=root.id) for _ in range(7))
    d3.case_round = CaseRound.SECOND  # a re-denunciation opened as the next round (Luật Tố cáo Đ37)
    db.session.flush()
    # T1 carried over (received 01/12/2023, accepted 10/01), several signers, corruption, not resolved at receipt.
    t1 = letter(root, d(1, 12, 2023), TC, signer=SignerKind.SEVERAL, field="THAM_NHUNG", case=d1)
    event(t1, LetterStatus.ACCEPTED, d(10, 1))
    letter(root, d(5, 1), TC, field="TP")  # T2 received, never handled
    # T3 signed by nobody (the writer is known: a denunciation, not anonymous information), not eligible, filed.
    t3 = letter(root, d(8, 1), TC, signer=SignerKind.NONE, eligible=False)
    event(t3, LetterStatus.FILED, d(15, 1))
    # T4 mixed, main content a denunciation: civil service, in progress at receipt.
    t4 = letter(root, d(10, 1), LetterType.MIXED, main_type=TC, field="HC_CC", prior=P.IN_PROGRESS, case=d2)
    event(t4, LetterStatus.ACCEPTED, d(20, 1))
    # T5 its duplicate, judicial and concluded at receipt: a letter, not a new case (T4 places d2 when both count).
    t5 = letter(root, d(15, 2), TC, field="TP", prior=P.RESOLVED_FIRST, duplicate_of=t4)
    event(t5, LetterStatus.ACCEPTED, d(20, 2))
    # T6 a re-denunciation to this body, the lower body's conclusion still not made: overdue; land, within competence.
    t6 = letter(root, d(1, 2), TC, signer=SignerKind.SEVERAL, field="HC_DD", case=d3)
    event(t6, LetterStatus.ACCEPTED, d(6, 2))
    # T7 outside competence, guided; Party; concluded at receipt (a re-denunciation after the conclusion).
    t7 = letter(root, d(3, 2), TC, within=False, field="DANG", prior=P.RESOLVED_FIRST, case=d4)
    event(t7, LetterStatus.GUIDED, d(5, 2))
    # T8 outside, forwarded, no field recorded, a reply on 01/03.
    t8 = letter(root, d(12, 2), TC, within=False, case=d5)
    event(t8, LetterStatus.FORWARDED, d(14, 2))
    event(t8, LetterStatus.REPLY_RECEIVED, d(1, 3))
    # T9 outside, the body handling it urged; "hành chính" alone; in progress.
    t9 = letter(root, d(18, 2), TC, within=False, field="HC", prior=P.IN_PROGRESS, case=d6)
    event(t9, LetterStatus.URGED, d(20, 2))
    # Not denunciations by content: a complaint (with a reply), anonymous information, a mixed letter that complains.
    k1 = letter(root, d(10, 1), field="HC_DD")
    event(k1, LetterStatus.ACCEPTED, d(12, 1))
    event(k1, LetterStatus.REPLY_RECEIVED, d(2, 3))
    anonymous = letter(root, d(10, 1), LetterType.ANONYMOUS, signer=SignerKind.NONE, within=None)
    anonymous.is_eligible = True  # never eligible, never a denunciation (Luật Tố cáo Đ25), whatever the flag says
    event(anonymous, LetterStatus.TO_INSPECTION, d(20, 1))
    k2 = letter(root, d(11, 1), LetterType.MIXED, main_type=LetterType.COMPLAINT, field="TP")
    event(k2, LetterStatus.ACCEPTED, d(13, 1))
    # T12 received 02/03 (inside the old window, handled after it): policy, a court judgment at receipt.
    t12 = letter(root, d(2, 3), TC, field="HC_CS", prior=P.COURT_JUDGMENT, case=d7)
    event(t12, LetterStatus.ACCEPTED, d(10, 3))
    # T13 received and handled before the windows; its reply of 13/03 counts in Q1 2024.
    t13 = letter(root, d(1, 11, 2023), TC, within=False)
    event(t13, LetterStatus.FORWARDED, d(20, 11, 2023))
    event(t13, LetterStatus.REPLY_RECEIVED, d(13, 3))
    # T14 on the subordinate's row.
    t14 = letter(child, d(20, 12, 2023), TC, field="HC_DD", case=make_case(agency_in_charge_id=child.id))
    event(t14, LetterStatus.ACCEPTED, d(28, 12, 2023))
    db.session.flush()
    return root


def test_old_generation_window_ending_4_march_2024(scenario) -> None:
    document = services.build_report(form_code="03/XLD", period=OLD_WINDOW, agency=scenario, today=d(1, 4))
    assert document.form.generation is Generation.TT_02_2021 and not document.form.note
    own, child = figures(document), figures(document, 1)
    # (1) T1–T9, T12; carried: T1 (several); in period: T6 several, T2 T4 T5 T7 T8 T9 T12 one, T3 other.
    assert [own[n] for n in range(1, 8)] == [10, 1, 0, 0, 1, 7, 1]
    # handled T1, T3–T9 (T1 carried over); eligible T1 T4–T9; cases d1–d6 (T5 is d2's second letter).
    assert [own[n] for n in range(8, 13)] == [8, 1, 7, 7, 6]
    # administrative T4 civil service, T6 land, T9 "hành chính" alone; corruption T1; Party T7; other T8 (no field).
    assert [own[n] for n in range(13, 22)] == [3, 0, 1, 1, 1, 1, 0, 1, 1]
    # not resolved T1 T8, in progress T4 T9, re-denunciation overdue T6 (its case is the next round, no conclusion
    # at receipt), concluded T7 (resolved at receipt).
    assert [own[n] for n in range(22, 26)] == [2, 2, 1, 1]
    # within T1 T4 (first time), T6 (re-denunciation); outside G T7, F T8, U T9; T8's reply (not the complaint's).
    assert [own[n] for n in range(26, 34)] == [3, 2, 1, 3, 1, 1, 1, 1]
    assert [child[n] for n in (1, 6, 8, 10, 11, 12, 13, 15, 22, 26, 27)] == [1] * 11
    assert document.table.total.values[1] == 11


def test_new_generation_window_ending_14_march_2024(scenario) -> None:
    document = services.build_report(form_code="03/XLD", period=NEW_WINDOW, agency=scenario, today=d(1, 4))
    assert document.form.generation is Generation.TT_01_2024 and document.form.note == "mẫu chưa đối chiếu"
    own = figures(document)
    # T1–T9, T12; carried T1; handled T1 T3–T9 T12; eligible T1 T4–T9 T12; cases d1–d7.
    assert [own[n] for n in range(1, 9)] == [10, 1, 9, 9, 1, 8, 8, 7]
    # administrative T4 T6 T9 T12 (policy T12, land T6, civil service T4, other T9); corruption T1; Party T7; other T8.
    assert [own[n] for n in range(9, 18)] == [4, 1, 1, 1, 1, 1, 0, 1, 1]
    # re-denunciation overdue T6, concluded T7 T12 (a court judgment), not resolved T1 T4 T8 T9 (in progress too).
    assert [own[n] for n in range(18, 21)] == [1, 2, 4]
    # within T1 T4 first, T6 T12 re-denunciation; outside: F T7 (guided: no guidance column) and T8, U T9;
    # replies T8 (01/03) and T13 (13/03).
    assert [own[n] for n in range(21, 28)] == [4, 2, 2, 3, 2, 1, 2]
    xld = services.build_report(form_code="01/XLD", period=NEW_WINDOW, agency=scenario, today=d(1, 4))
    assert xld.table.rows[0].values[9] == own[7]  # 01/XLD's eligible denunciations
    assert any("chưa đối chiếu" in line for line in document.closing_paragraphs)


def test_a_window_spanning_5_march_2024_takes_the_layout_of_its_end(scenario) -> None:
    document = services.build_report(form_code="03/XLD", period=SPANNING, agency=scenario, today=d(1, 4))
    assert document.form.generation is Generation.TT_01_2024
    own = figures(document)
    # T2 (never handled), T5 (15/02, accepted 20/02), T9 (18/02, urged 20/02) carried over; T12 received 02/03.
    assert [own[n] for n in range(1, 9)] == [4, 3, 1, 3, 2, 1, 3, 3]
    # T5 places d2 now (T4 is not in the window): judicial, concluded at receipt, within as a re-denunciation;
    # T9 other administrative, in progress, urged; T12 policy, a court judgment, within as a re-denunciation.
    assert [own[n] for n in range(9, 18)] == [2, 1, 0, 0, 1, 0, 1, 0, 0]
    assert [own[n] for n in range(18, 28)] == [0, 2, 1, 2, 0, 2, 1, 0, 1, 1]


def test_screen_json_cli_and_the_whole_report_serve_the_form(app, scenario, runner, tmp_path) -> None:
    assert "03/XLD" in catalog.form_codes() and "03/XLD" in cover.set_form_codes(NEW_WINDOW)
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=scenario.id)
    page = client.get("/reports/03-xld?period=2024-Q1").get_data(as_text=True)
    assert "Tổng hợp kết quả xử lý đơn tố cáo" in page and "mẫu chưa đối chiếu" in page
    assert client.get("/reports/03-xld/download/pdf?period=2024-Q1").data.startswith(b"%PDF")
    assert client.get("/reports/03-xld/download/xlsx?period=2024-Q1").data[:2] == b"PK"
    document = services.build_report(form_code="03/XLD", period=NEW_WINDOW, agency=scenario, today=d(1, 4))
    assert json.loads(json_bytes(document))["notes"] == list(document.form.counting_notes)
    output = tmp_path / "03xld.json"
    result = runner.invoke(args=["report", "03/XLD", "--from", "2023-12-15", "--to", "2024-03-04", "--agency", "X3",
                                 "--format", "json", "-o", str(output)])
    assert result.exit_code == 0, result.output
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["generation"] == Generation.TT_02_2021.value and data["rows"][0]["figures"]["24"] == 1
    whole = tmp_path / "all.json"
    result = runner.invoke(args=["report", "all", "--period", "2024-Q1", "--agency", "X3", "--format", "json",
                                 "-o", str(whole)])
    assert result.exit_code == 0, result.output
    assert json.loads(whole.read_text(encoding="utf-8"))["03/XLD"]["rows"][0]["figures"]["8"] == 7


@pytest.mark.load  # every figure walked page by page: once, on PostgreSQL, in the slow group (CI time)
def test_every_figure_lists_the_letters_cases_and_replies_it_counts(scenario) -> None:
    from tests.reports.test_drilldown import walk

    seen = set()
    for window in (OLD_WINDOW, NEW_WINDOW, SPANNING):
        seen |= walk(scenario, window, ("03/XLD",))
    assert len({n for _, n in seen}) >= 28
