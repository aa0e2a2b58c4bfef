"""02/KQGQ from the database: complaint decisions in force, the dated ledger read at the window's dates (valid
time, corrections applied), both generations, window edges, refusal, outputs."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from petitions.cases.models import CaseImplementationEntry, CaseOutcome
from petitions.deadlines.models import Clock, RecordType
from petitions.domain import periods
from petitions.domain.periods import Generation
from petitions.domain.records import CaseType, CaseVerdict, ComplaintSubtype
from petitions.domain.statistics import InconsistentForm
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.reports import catalog, services
from petitions.reports.outputs import json_bytes
from tests.factories import make_agency, make_case, signed_in_client

# Q3 2026: 15/06/2026 – 14/09/2026 (TT 01/2024); the day before it starts is 14/06.
WINDOW = periods.quarter(2026, 3)
# Q4 2023 ends on 14/12/2023, before 05/03/2024: TT 02/2021's layout (the same columns).
OLD_WINDOW = periods.quarter(2023, 4)


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


def decision(
    agency,
    *,
    decided_on: date,
    final_on: date | None,
    verdict: CaseVerdict = CaseVerdict.PARTLY_RIGHT,
    case_type: CaseType = CaseType.COMPLAINT,
    subtype: ComplaintSubtype | None = None,
    **ordered: Decimal | int,
):
    """A decided case with what its decision ordered and its D18 clock due on ``final_on`` (none: no clock)."""
    case = make_case(
        agency_in_charge_id=agency.id, case_type=case_type, complaint_subtype=subtype, opened_on=d(2, 1, 2023)
    )
    case.decided_on = decided_on
    db.session.add(CaseOutcome(case_file_id=case.id, verdict=verdict, decided_on=decided_on, **ordered))
    if final_on is not None:
        db.session.add(
            Clock(record_type=RecordType.CASE, record_id=case.id, rule_id="D18", trigger_on=decided_on, due_on=final_on)
        )
    db.session.flush()
    return case


def done(case, on: date, *, fully: bool = False, supersedes=None, **figures: Decimal | int) -> CaseImplementationEntry:
    """A ledger entry: the cumulative figures done as of ``on``."""
    entry = CaseImplementationEntry(
        case_file_id=case.id,
        effective_on=on,
        fully_done=fully,
        supersedes_id=supersedes.id if supersedes is not None else None,
        **figures,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


M = Decimal


@pytest.fixture
def scenario(session):
    root = make_agency(code="KQ", name="Ban Tiếp công dân tỉnh")
    child = make_agency(code="KQ-A", name="UBND huyện Đông Triều", parent_id=root.id)
    # D1 carried over: in force 11/05, 80 million returned before the window (01/06), the rest and the land
    # on 01/08 (fully done).
    d1 = decision(
        root, decided_on=d(10, 4), final_on=d(11, 5), return_money_persons=M("200"), return_land_persons=M("50")
    )
    done(d1, d(1, 6), returned_money_persons=M("80"))
    done(d1, d(1, 8), fully=True, returned_money_persons=M("200"), returned_land_persons=M("50"))
    # D2 partly right, money back to an organisation, in force inside the window (20/06); partly done 10/07.
    d2 = decision(
        root,
        decided_on=d(20, 5),
        final_on=d(20, 6),
        recover_money=M("100"),
        return_money_orgs=M("30.5"),
        discipline_officials=1,
    )
    done(d2, d(10, 7), recovered_money=M("40"), returned_money_orgs=M("30.5"))
    # D3 in force on 14/09, the window's last day: counted. D4 in force on 15/09: not yet.
    decision(root, decided_on=d(13, 8), final_on=d(14, 9), return_money_persons=M("10"))
    decision(root, decided_on=d(14, 8), final_on=d(15, 9), return_money_persons=M("999"))
    # D5 in force 14/06 (the day before the window): carried; 100 m² recovered on 14/06 (before the window), the
    # rest on 15/06 (its first day), fully done.
    d5 = decision(root, decided_on=d(13, 5), final_on=d(14, 6), recover_land=M("500"))
    done(d5, d(14, 6), recovered_land=M("100"))
    done(d5, d(15, 6), fully=True, recovered_land=M("500"))
    # D6 carried; its implementation was recorded on 10/09, then corrected (after the window closed) to 20/09:
    # nothing was done in the window.
    d6 = decision(root, decided_on=d(30, 1), final_on=d(1, 3), return_money_persons=M("60"))
    wrong = done(d6, d(10, 9), fully=True, returned_money_persons=M("60"))
    done(d6, d(20, 9), fully=True, supersedes=wrong, returned_money_persons=M("60"))
    # D7 fully done before the window: not carried over.
    d7 = decision(root, decided_on=d(1, 1), final_on=d(1, 2), return_money_persons=M("5"))
    done(d7, d(1, 3), fully=True, returned_money_persons=M("5"))
    # D8 orders nothing; D9 went to round 2 (01/07) before it became final (20/07); D10 went to court (10/07);
    # D11 is a denunciation's conclusion (04/KQGQ's, not this form's).
    decision(root, decided_on=d(1, 5), final_on=d(1, 6), verdict=CaseVerdict.WRONG)
    d9 = decision(root, decided_on=d(19, 6), final_on=d(20, 7), return_money_persons=M("7"))
    make_case(agency_in_charge_id=root.id, opened_on=d(1, 7)).parent_case_id = d9.id
    d10 = decision(root, decided_on=d(19, 6), final_on=d(20, 7), return_money_persons=M("8"))
    d10.court_filed_on = d(10, 7)
    decision(
        root,
        decided_on=d(1, 5),
        final_on=None,
        verdict=CaseVerdict.TRUE,
        case_type=CaseType.DENUNCIATION,
        recover_money=M("9"),
    )
    # D12 a disciplinary complaint (no D18): in force from its issue (20/06); it orders rights restored only.
    decision(root, decided_on=d(20, 6), final_on=None, subtype=ComplaintSubtype.DISCIPLINARY, restored_persons=1)
    # D13 on the subordinate's row: discipline and prosecution done on 01/09.
    d13 = decision(
        child,
        decided_on=d(1, 6),
        final_on=d(1, 7),
        discipline_persons=2,
        discipline_officials=1,
        investigation_cases=1,
        investigation_persons=1,
    )
    done(d13, d(1, 9), fully=True, disciplined_persons=2, disciplined_officials=1, prosecuted_cases=1,
         prosecuted_persons=1)
    db.session.flush()
    return root, child


def test_hand_computed_figures_in_q3_2026(scenario) -> None:
    root, _child = scenario
    document = services.build_report(form_code="02/KQGQ", period=WINDOW, agency=root, today=d(1, 10))
    assert document.form.generation is Generation.TT_01_2024
    own, child, total = (row.values for row in document.table.all_rows)
    assert own[1] == 6  # D1 D5 D6 carried; D2 D3 (14/09) D12 in force inside; not D4 D7–D11
    assert own[2] == 2  # D1 (01/08) and D5 (15/06) fully done by 14/09; D6's record moved to 20/09
    assert own[3] == M("100")  # D2 recover: nothing done before the window
    assert own[4] == M("400")  # D5: 500 m² ordered less the 100 recovered on 14/06
    assert own[5] == M("40")  # D2 recovered 40 on 10/07
    assert own[6] == M("400")  # D5: 500 as of 14/09 less 100 as of 14/06
    assert own[7] == M("30.5")  # D2 to the organisation
    assert own[8] == 0  # no land ordered back to an organisation
    assert own[9] == M("190")  # D1 200 − 80 done before, D3 10, D6 60
    assert own[10] == M("50")  # D1's land
    assert own[11] == M("30.5")  # D2 returned it all on 10/07
    assert own[12] == 0
    assert own[13] == M("120")  # D1 200 − 80; D6's payment now dated 20/09, after the window
    assert own[14] == M("50")  # D1's land on 01/08
    assert [own[n] for n in range(15, 20)] == [0, 0, 0, 0, 0]  # D2's discipline ordered, not yet done
    # D13: one decision, fully done: 2 persons disciplined (1 official), 1 case and 1 person prosecuted.
    assert [child[n] for n in (1, 2, 15, 16, 17, 18, 19)] == [1, 1, 2, 1, 1, 1, 0]
    assert total[1] == 7 and total[2] == 3 and total[15] == 2  # the unit rows summed
    assert [row.label for row in document.table.rows] == ["Ban Tiếp công dân tỉnh", "UBND huyện Đông Triều"]


def test_the_correction_made_after_the_window_closed_moves_the_payment_to_the_next_window(scenario) -> None:
    root, _child = scenario
    # Q4 2026 (15/09 – 14/12): D6 is still carried (not done at 15/09's start) and its 60 million are done now.
    document = services.build_report(form_code="02/KQGQ", period=periods.quarter(2026, 4), agency=root, today=d(1, 1, 2027))
    own = document.table.rows[0].values
    # Carried: D2 (partly done), D3 (no record), D6 (recorded 20/09), D12; D4 came into force on 15/09; D1 and
    # D5 were done in Q3.
    assert own[1] == 5
    assert own[2] == 1  # D6 fully done on 20/09
    assert own[9] == M("1069")  # D3 10, D4 999, D6 60
    assert own[13] == M("60")  # D6 on 20/09
    assert own[3] == M("60") and own[7] == 0  # D2: 100 − 40 recovered before; its organisation was paid in Q3


def test_the_old_generation_prints_the_same_columns(session) -> None:
    root = make_agency(code="KQO", name="Thanh tra tỉnh")
    case = decision(root, decided_on=d(1, 9, 2023), final_on=d(2, 10, 2023), return_money_persons=M("5.5"))
    done(case, d(1, 12, 2023), returned_money_persons=M("2.25"))
    document = services.build_report(form_code="02/KQGQ", period=OLD_WINDOW, agency=root, today=d(1, 1, 2024))
    assert document.form.generation is Generation.TT_02_2021
    own = document.table.rows[0].values
    # one decision in force on 02/10/2023, 5.5 million due, 2.25 paid on 01/12/2023, not fully done
    assert [own[1], own[2], own[9], own[13]] == [1, 0, M("5.5"), M("2.25")]
    assert [c.label for c in document.form.columns] == [
        c.label for c in catalog.form_for("02/KQGQ", WINDOW).columns
    ]


def test_more_done_before_the_window_than_ordered_leaves_nothing_due(session) -> None:
    root = make_agency(code="KQV", name="Sở Tài nguyên và Môi trường")
    case = decision(root, decided_on=d(1, 4), final_on=d(2, 5), recover_money=M("10"), recover_land=M("20"))
    done(case, d(1, 6), recovered_money=M("12"))  # 2 million more than ordered, before the window
    done(case, d(1, 7), recovered_money=M("12"), recovered_land=M("5"))
    own = services.build_report(form_code="02/KQGQ", period=WINDOW, agency=root, today=d(1, 10)).table.rows[0].values
    # (3) 10 − 12 → 0, not −2; (4) 20 m² due; (5) nothing more in the window; (6) 5 m² on 01/07
    assert [own[1], own[3], own[4], own[5], own[6]] == [1, 0, M("20"), 0, M("5")]


def test_a_decision_in_force_on_the_first_day_already_implemented_counts_as_done_with_nothing_due(session) -> None:
    root = make_agency(code="KQF", name="Sở Xây dựng")
    case = decision(root, decided_on=d(15, 5), final_on=d(15, 6), return_money_persons=M("40"))
    done(case, d(1, 6), fully=True, returned_money_persons=M("40"))  # paid before it came into force
    own = services.build_report(form_code="02/KQGQ", period=WINDOW, agency=root, today=d(1, 10)).table.rows[0].values
    # in force on 15/06, the window's first day: in the period, not carried, so counted though done before;
    # (1) one decision, (2) fully done, (9) 40 − 40 done before = 0 due, (13) nothing done inside the window
    assert [own[1], own[2], own[9], own[13]] == [1, 1, 0, 0]
    # a window starting the next day carries nothing: it was fully done at that start
    later = services.build_report(form_code="02/KQGQ", period=periods.window(d(16, 6), d(30, 6)), agency=root,
                                  today=d(1, 10)).table.rows[0].values
    assert later[1] == 0


def test_a_figure_done_that_went_down_refuses_the_form_showing_it(session) -> None:
    """The ledger is cumulative: a record lowering what was paid makes the window's figure negative; the form
    is refused with the failing figure rather than printed."""
    root = make_agency(code="KQN", name="Sở Tài chính")
    case = decision(root, decided_on=d(1, 4), final_on=d(2, 5), return_money_persons=M("100"))
    done(case, d(1, 6), returned_money_persons=M("100"))
    done(case, d(1, 7), returned_money_persons=M("80"))
    with pytest.raises(InconsistentForm) as refused:
        services.build_report(form_code="02/KQGQ", period=WINDOW, agency=root, today=d(1, 10))
    assert "(13) ≥ 0" in str(refused.value)


def test_every_output_serves_the_form(app, scenario, runner, tmp_path) -> None:
    root, _child = scenario
    assert "02/KQGQ" in catalog.form_codes()
    document = services.build_report(form_code="02/KQGQ", period=WINDOW, agency=root, today=d(1, 10))
    from petitions.reports.excel import render_xlsx
    from petitions.reports.outputs import render_pdf

    assert render_pdf(document).startswith(b"%PDF")
    assert render_xlsx(document)[:2] == b"PK"
    data = json.loads(json_bytes(document))
    assert data["form"] == "02/KQGQ" and data["notes"] == list(document.form.counting_notes)
    assert data["rows"][0]["figures"]["9"] == "190.000"  # money exact, at its stored places
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    page = client.get("/reports/02-kqgq?period=2026-Q3").get_data(as_text=True)
    assert "Tổng hợp kết quả thực hiện quyết định giải quyết khiếu nại" in page and "hiệu lực pháp luật" in page
    output = tmp_path / "02kqgq.json"
    result = runner.invoke(
        args=["report", "02/KQGQ", "--from", "2026-06-15", "--to", "2026-09-14", "--agency", "KQ", "--format",
              "json", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text(encoding="utf-8"))["rows"][0]["figures"]["1"] == 6
