"""01/KQGQ and 03/KQGQ from the database: valid-time case facts with hand-computed figures, both generations,
counting decisions, refusal, a correction recorded after the window closed."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from petitions.cases.models import CaseFileStatusEvent, CaseOutcome
from petitions.cases.transitions import correct_decision_record
from petitions.deadlines.models import Clock, RecordType
from petitions.domain import periods
from petitions.domain.periods import Generation
from petitions.domain.records import CaseRound, CaseStatus, CaseType, CaseVerdict, LetterStatus, LetterType
from petitions.domain.statistics import (
    CaseHistory,
    Closure,
    InconsistentForm,
    OutcomeFigure,
    resolution_fact,
    tally_resolutions,
)
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.models import LetterStatusEvent
from petitions.reports import catalog, services
from petitions.reports.case_queries import KIND_OF_CASE, DecisionWithoutVerdict, resolution_facts
from petitions.reports.cli import report_cli
from petitions.reports.outputs import json_bytes
from tests.factories import make_agency, make_case, make_letter, signed_in_client

# Q2 2026: 15/03/2026 – 14/06/2026 (TT 01/2024). The report is run long after the window closed.
WINDOW = periods.quarter(2026, 2)
TODAY = date(2026, 12, 7)
KN, TC = CaseType.COMPLAINT, CaseType.DENUNCIATION
V = CaseVerdict
S = CaseStatus


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


def case(
    agency,
    kind: CaseType,
    accepted_on: date,
    *closings: tuple[CaseStatus, date],
    second_round: bool = False,
    verdict: CaseVerdict | None = None,
    on_time: bool | None = True,
    due_on: date | None = None,
    **ordered: Decimal | int,
):
    """A case accepted on ``accepted_on`` and closed by the dated ``closings``; a decision's record (verdict, its
    timeliness, what it ordered); ``due_on`` its resolution clock's due date."""
    row = make_case(agency_in_charge_id=agency.id, case_type=kind, opened_on=accepted_on)
    row.case_round = CaseRound.SECOND if second_round else CaseRound.FIRST
    for status, on in ((S.ACCEPTED, accepted_on), *closings):
        db.session.add(CaseFileStatusEvent(case_file_id=row.id, status=status, effective_on=on))
    decided = next((on for status, on in closings if status is S.DECIDED), None)
    if decided is not None:
        db.session.add(
            CaseOutcome(case_file_id=row.id, verdict=verdict, decided_on=decided, resolved_on_time=on_time, **ordered)
        )
    if due_on is not None:
        rule = "D15" if kind is KN else "D24"
        db.session.add(
            Clock(record_type=RecordType.CASE, record_id=row.id, rule_id=rule, trigger_on=accepted_on, due_on=due_on)
        )
    db.session.flush()
    HISTORIES[row.id] = CaseHistory(
        unit=str(agency.id), kind=KIND_OF_CASE[kind], accepted_on=accepted_on,
        closings=tuple((CLOSURE_OF[status], on) for status, on in closings), next_round=second_round,
        verdict=verdict, decided_on_time=on_time if decided else None, due_on=due_on,
        ordered=tuple((OutcomeFigure(name), value) for name, value in ordered.items()),
    )
    return row


def letter(agency, of_case, accepted_on: date | None, letter_type: LetterType = LetterType.COMPLAINT, **fields):
    """A letter of the case; ``accepted_on`` its acceptance (thụ lý) event, None when it has none."""
    row = make_letter(agency=agency)
    row.received_on = d(1, 1) if accepted_on is None else min(accepted_on, d(1, 3))
    row.letter_type = letter_type
    row.case_id = of_case.id
    for name, value in fields.items():
        setattr(row, name, value)
    if accepted_on is not None:
        db.session.add(LetterStatusEvent(letter_id=row.id, status=LetterStatus.ACCEPTED, effective_on=accepted_on))
        history = HISTORIES[of_case.id]
        HISTORIES[of_case.id] = replace(
            history, letters=(*history.letters, (accepted_on, letter_type is LetterType.ANONYMOUS))
        )
    db.session.flush()
    return row


# The scenario's cases as the pure rule reads them (petitions.domain.statistics.CaseHistory), by case id.
HISTORIES: dict[int, CaseHistory] = {}
CLOSURE_OF = {S.DECIDED: Closure.DECIDED, S.WITHDRAWN: Closure.WITHDRAWN, S.TERMINATED: Closure.TERMINATED}


@pytest.fixture
def scenario(session):
    HISTORIES.clear()
    root = make_agency(code="Q", name="UBND tỉnh Quảng Ninh")
    child = make_agency(code="Q-A", name="UBND xã An Lạc", parent_id=root.id)
    # ---- complaints (01/KQGQ), root's row
    k1 = case(root, KN, d(10, 3))  # K1 carried over, still open at the window's end
    letter(root, k1, d(10, 3))
    k2 = case(  # K2 carried over, decided partly right in the window: money to return and to recover
        root, KN, d(1, 2), (S.DECIDED, d(20, 4)), verdict=V.PARTLY_RIGHT,
        return_money_persons=Decimal("150.5"), recover_money=Decimal("20.25"),
    )
    original = letter(root, k2, d(1, 2))
    letter(root, k2, d(1, 2), duplicate_of_id=original.id)  # a duplicate accepted with it: a letter, no new case
    letter(root, k2, d(5, 4))  # written after the acceptance, accepted on its own: XLD forms only
    # K3 accepted on 14/03 (the day before the window), withdrawn on 15/03 (its first day), terminated later.
    k3 = case(root, KN, d(14, 3), (S.WITHDRAWN, d(15, 3)), (S.TERMINATED, d(25, 3)))
    letter(root, k3, d(14, 3))
    # K4 accepted on 14/06 (the window's last day) from a mixed letter whose main content is a complaint: the
    # case took the main content's type (petitions.letters.services._case_follows).
    k4 = case(root, KN, d(14, 6))
    letter(root, k4, d(14, 6), LetterType.MIXED, main_type=LetterType.COMPLAINT)
    case(root, KN, d(15, 6))  # K5 accepted on 15/06: the next window's
    case(root, KN, d(1, 1), (S.DECIDED, d(14, 3)), verdict=V.RIGHT)  # K6 decided on 14/03: before the window
    case(  # K7 round 2, accepted in the window, upheld late, rights restored to one person; no letter (a visit)
        root, KN, d(1, 4), (S.DECIDED, d(10, 6)), second_round=True, verdict=V.UPHELD, on_time=False,
        restored_persons=1,
    )
    case(root, KN, d(20, 3), (S.TERMINATED, d(30, 5)))  # K8 terminated other than by withdrawal
    k10 = case(root, KN, d(1, 4), (S.DECIDED, d(5, 5)), verdict=V.WRONG, recover_land=Decimal("35.75"))
    # ---- the subordinate: K9 withdrawn after its due date (late)
    case(child, KN, d(1, 5), (S.WITHDRAWN, d(20, 5)), due_on=d(10, 5))
    # ---- denunciations (03/KQGQ), root's row
    t1 = case(  # T1 carried over, concluded partly true in the window
        root, TC, d(1, 3), (S.DECIDED, d(30, 4)), verdict=V.PARTLY_TRUE, recover_land=Decimal("120.5"),
        discipline_persons=2, discipline_officials=1, investigation_cases=1, investigation_persons=2,
    )
    letter(root, t1, d(1, 3), LetterType.DENUNCIATION)
    t2 = case(  # T2 a re-denunciation (tố cáo tiếp), concluded true, late
        root, TC, d(20, 3), (S.DECIDED, d(1, 6)), second_round=True, verdict=V.TRUE, on_time=False,
    )
    letter(root, t2, d(20, 3), LetterType.DENUNCIATION)
    case(root, TC, d(1, 4), (S.WITHDRAWN, d(10, 5)), (S.TERMINATED, d(20, 5)))  # T3 withdrawn
    case(root, TC, d(1, 4), (S.TERMINATED, d(20, 5)))  # T4 terminated other than by withdrawal
    t5 = case(root, TC, d(1, 5))  # T5 still open, from a mixed letter whose main content is a denunciation
    letter(root, t5, d(1, 5), LetterType.MIXED, main_type=LetterType.DENUNCIATION)
    # Anonymous information attached to T5 and marked accepted: never counted in the denunciation columns.
    letter(root, t5, d(1, 5), LetterType.ANONYMOUS)
    return root, child, k10


def build(code: str, root, window=WINDOW):
    return services.build_report(form_code=code, period=window, agency=root, today=TODAY)


def test_complaints_within_competence(scenario) -> None:
    root, _child, _k10 = scenario
    document = build("01/KQGQ", root)
    assert document.form.generation is Generation.TT_01_2024
    own, child, total = (row.values for row in document.table.all_rows)
    # (1) letters accepted with the window's cases: K1 1, K2 2 (original and its duplicate; the later one not),
    # K3 1, K4 1 (the mixed letter); (2) carried over K1 K2 K3 = 4; (3) in the window K4 = 1.
    assert [own[n] for n in (1, 2, 3)] == [5, 4, 1]
    # (4) K1 K2 K3 K4 K7 K8 K10 (not K5: accepted 15/06; not K6: decided 14/03); (5) decided K2 K7 K10;
    # (6) withdrawn K3 (its withdrawal on 15/03, not its termination); K8 terminated: in none of (5), (6).
    assert [own[n] for n in (4, 5, 6)] == [7, 3, 1]
    # (7) recover money K2 20.25; (8) recover land K10 35.75; (11) return money to persons K2 150.5.
    assert [own[n] for n in (7, 8, 9, 10, 11, 12)] == [
        Decimal("20.25"), Decimal("35.75"), Decimal(0), Decimal(0), Decimal("150.5"), Decimal(0)
    ]
    # (14) K7 restored one person's rights; nothing else ordered.
    assert [own[n] for n in range(13, 20)] == [0, 1, 0, 0, 0, 0, 0]
    # (20) right none; (21) wrong K10; (22) partly K2; (23) upheld K7 (round 2); (24) none.
    assert [own[n] for n in range(20, 25)] == [0, 1, 1, 1, 0]
    # (25) on time K2 K10 and K3 (withdrawn, no due date); (26) late K7.
    assert [own[n] for n in (25, 26)] == [3, 1]
    # The subordinate: K9 accepted in the window, withdrawn after its due date: late.
    assert [child[n] for n in (1, 3, 4, 6, 25, 26)] == [0, 0, 1, 1, 0, 1]
    assert [total[n] for n in (4, 6, 26)] == [8, 2, 2]
    assert document.table.rows[1].label == "UBND xã An Lạc"


def test_denunciations_within_competence(scenario) -> None:
    root, _child, _k10 = scenario
    document = build("03/KQGQ", root)
    own = document.table.rows[0].values
    # (1) T1, T2 and T5's mixed letter (not the anonymous information); (2) carried T1; (3) T2 T5.
    assert [own[n] for n in (1, 2, 3)] == [3, 1, 2]
    # (4) T1–T5; (5) re-denunciation T2; (6) resolved T1 T2 T3 T4 = (7) T1 + (8) T2 + (9) T3 + (10) T4.
    assert [own[n] for n in range(4, 11)] == [5, 1, 4, 1, 1, 1, 1]
    # T1's conclusion: (12) recover land 120.5; (19)(20) discipline 2 persons, 1 official; (21)(22) investigation.
    assert own[12] == Decimal("120.5") and own[11] == Decimal(0)
    assert [own[n] for n in range(17, 24)] == [0, 0, 2, 1, 1, 2, 0]
    # (24) true T2 (25) of which re-denunciation T2; (26)(27) none; (28) partly T1; (29) none.
    assert [own[n] for n in range(24, 30)] == [1, 1, 0, 0, 1, 0]
    # (30) on time T1 T3 T4 (terminated ones included); (31) late T2.
    assert [own[n] for n in (30, 31)] == [3, 1]
    # The subordinate has no denunciation; no complaint appears here.
    assert all(value == 0 for value in document.table.rows[1].values.values())


def test_generations_and_notes(scenario) -> None:
    root, _child, _k10 = scenario
    old = periods.quarter(2023, 4)  # ends 14/12/2023: TT 02/2021
    assert build("01/KQGQ", root, old).form.generation is Generation.TT_02_2021
    assert build("03/KQGQ", root, old).generation_line == f"Mẫu theo {Generation.TT_02_2021.value}"
    later = build("03/KQGQ", root)
    # No confirmed TT 01/2024 layout: the TT 02/2021 one, marked so, and still in the period's set.
    assert later.generation_line == f"Mẫu theo {Generation.TT_02_2021.value} (mẫu chưa xác nhận)"
    assert {"01/KQGQ", "03/KQGQ"} <= set(catalog.form_codes())
    assert any("(7) + (8) = (24) + (26) + (28)" in line for line in later.closing_paragraphs)
    data = json.loads(json_bytes(build("01/KQGQ", root)))
    assert data["notes"] == list(catalog.form_for("01/KQGQ", WINDOW).counting_notes)
    assert data["total"]["figures"]["7"] == "20.250"


def test_a_correction_after_the_window_closed_changes_its_figures(scenario) -> None:
    root, _child, k10 = scenario
    before = build("01/KQGQ", root).table.rows[0].values
    assert [before[n] for n in (8, 20, 21)] == [Decimal("35.75"), 0, 1]
    # In December the record of K10's May decision is found wrong: the paper said "right", 30.75 m².
    correct_decision_record(
        k10, verdict=V.RIGHT, figures={"recover_land": Decimal("30.75")}, reason="Nhập nhầm kết quả quyết định",
        actor=None,
    )
    after = build("01/KQGQ", root).table.rows[0].values
    # (8) 30.75; (20) right K10; (21) wrong none; every other figure as before.
    assert [after[n] for n in (8, 20, 21)] == [Decimal("30.75"), 1, 0]
    assert {n: v for n, v in after.items() if n not in (8, 20, 21)} == {
        n: v for n, v in before.items() if n not in (8, 20, 21)
    }


def test_an_inconsistent_form_is_refused_showing_the_failing_sum(session) -> None:
    root = make_agency(code="R", name="Thanh tra tỉnh")
    # A complaint's decision recorded with a denunciation's verdict (imported data): in no column (20)–(24).
    case(root, KN, d(1, 4), (S.DECIDED, d(1, 5)), verdict=V.TRUE)
    with pytest.raises(InconsistentForm) as refused:
        build("01/KQGQ", root)
    assert "(5) = (20) + (21) + (22) + (23) + (24)" in str(refused.value)


def test_a_decision_without_its_verdict_refuses_the_form(session) -> None:
    root = make_agency(code="R", name="Thanh tra tỉnh")
    case(root, TC, d(1, 4), (S.DECIDED, d(1, 5)), verdict=None)
    with pytest.raises(DecisionWithoutVerdict, match="Có 1 vụ việc"):
        build("03/KQGQ", root)


def test_the_screen_the_downloads_and_the_cli_serve_both_forms(app, runner, scenario, tmp_path) -> None:
    root, _child, _k10 = scenario
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    for slug in ("01-kqgq", "03-kqgq"):
        page = client.get(f"/reports/{slug}?period=2026-Q2")
        assert page.status_code == 200 and "Tổng cộng" in page.get_data(as_text=True)
        assert client.get(f"/reports/{slug}/download/pdf?period=2026-Q2").data.startswith(b"%PDF")
        assert client.get(f"/reports/{slug}/download/xlsx?period=2026-Q2").data[:2] == b"PK"
    out = tmp_path / "k3.json"
    result = runner.invoke(report_cli, ["03/KQGQ", "--period", "2026-Q2", "--agency", "Q", "--format", "json",
                                        "-o", str(out)])
    assert result.exit_code == 0, result.output
    # (6) T1–T4 resolved on the root's row, none on the subordinate's.
    assert json.loads(out.read_text(encoding="utf-8"))["total"]["figures"]["6"] == 4


def test_the_query_reads_what_the_pure_rule_counts(scenario) -> None:
    """The grouped SQL and petitions.domain.statistics.resolution_fact (the property test's rule) agree on the
    scenario's cases, tally for tally."""
    root, _child, _k10 = scenario
    expected = tally_resolutions(f for h in HISTORIES.values() if (f := resolution_fact(h, WINDOW)) is not None)
    assert set(resolution_facts(root.id, WINDOW).resolutions) == set(expected)
