"""04/KQGQ from the database: denunciation conclusions in force on their own date, the dated ledger read at the
window's dates (valid time, corrections applied, also one recorded after the window closed), rights restored done
once the whole conclusion is, the generation chosen by the window's end date, outputs."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from petitions.domain import periods
from petitions.domain.periods import Generation
from petitions.domain.records import CaseType, CaseVerdict
from petitions.domain.types import Role
from petitions.reports import catalog, services
from petitions.reports.excel import render_xlsx
from petitions.reports.outputs import json_bytes, render_pdf
from tests.factories import make_agency, make_case, signed_in_client
from tests.services.test_reports_02kqgq import decision, done

# Q3 2026: 15/06/2026 – 14/09/2026, a TT 01/2024 window: the TT 02/2021 layout marked "mẫu chưa xác nhận".
WINDOW = periods.quarter(2026, 3)
M = Decimal
TC = CaseType.DENUNCIATION


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


def conclusion(agency, *, on: date, verdict: CaseVerdict = CaseVerdict.PARTLY_TRUE, **ordered: Decimal | int):
    """A denunciation concluded on ``on`` (in force that day: no D18) ordering ``ordered``."""
    return decision(agency, decided_on=on, final_on=None, verdict=verdict, case_type=TC, **ordered)


@pytest.fixture
def scenario(session):
    root = make_agency(code="KC", name="Thanh tra tỉnh")
    child = make_agency(code="KC-A", name="UBND xã Bình Định", parent_id=root.id)
    # C1 concluded partly true on 20/06 (in the window) with measures of every kind; partly implemented on 10/07.
    # The rest was recorded on 01/09 as fully done, then corrected (after the window closed) to 20/09.
    c1 = conclusion(
        root, on=d(20, 6), recover_money=M("150"), return_land_orgs=M("120.5"), return_money_persons=M("40"),
        restored_orgs=1, restored_persons=2, discipline_orgs=1, discipline_persons=3, discipline_officials=2,
        investigation_cases=1, investigation_persons=1, investigation_officials=1,
    )
    done(c1, d(10, 7), recovered_money=M("100"), returned_money_persons=M("40"), disciplined_orgs=1,
         disciplined_persons=2, disciplined_officials=1)
    complete = dict(recovered_money=M("150"), returned_land_orgs=M("120.5"), returned_money_persons=M("40"),
                    disciplined_orgs=1, disciplined_persons=3, disciplined_officials=2, prosecuted_cases=1,
                    prosecuted_persons=1, prosecuted_officials=1)
    wrong = done(c1, d(1, 9), fully=True, **complete)
    done(c1, d(20, 9), fully=True, supersedes=wrong, **complete)
    # C2 carried over (concluded 10/03): 20 of 60 million paid to an organisation before the window, the rest and
    # the organisation's rights on 05/08 (fully done).
    c2 = conclusion(root, on=d(10, 3), return_money_orgs=M("60"), restored_orgs=1)
    done(c2, d(1, 4), returned_money_orgs=M("20"))
    done(c2, d(5, 8), fully=True, returned_money_orgs=M("60"))
    # C3 fully done before the window: not carried. C4 concluded on 15/09, after the window. C5 on 14/09, its last
    # day: counted, nothing done. C6 false: it orders nothing.
    c3 = conclusion(root, on=d(1, 2), return_money_persons=M("5"))
    done(c3, d(1, 3), fully=True, returned_money_persons=M("5"))
    conclusion(root, on=d(15, 9), recover_money=M("999"))
    conclusion(root, on=d(14, 9), investigation_cases=1, investigation_persons=2)
    conclusion(root, on=d(1, 7), verdict=CaseVerdict.FALSE)
    # C9 concluded 19/06 and denounced again to the superior (tố cáo tiếp) on 01/07: the conclusion stays in force.
    c9 = conclusion(root, on=d(19, 6), recover_land=M("300"))
    make_case(agency_in_charge_id=root.id, case_type=TC, opened_on=d(1, 7)).parent_case_id = c9.id
    # A complaint decision (02/KQGQ's), in force from its issue: not this form's.
    decision(root, decided_on=d(1, 7), final_on=None, recover_money=M("7"))
    # C8 on the commune's row: one person (an official) disciplined on 01/09, all done.
    c8 = conclusion(child, on=d(1, 7), discipline_persons=1, discipline_officials=1)
    done(c8, d(1, 9), fully=True, disciplined_persons=1, disciplined_officials=1)
    return root, child


def test_hand_computed_figures_in_q3_2026(scenario) -> None:
    root, _child = scenario
    document = services.build_report(form_code="04/KQGQ", period=WINDOW, agency=root, today=d(1, 10))
    own, child, total = (row.values for row in document.table.all_rows)
    assert own[1] == 4  # C1, C5, C9 in force inside the window; C2 carried; not C3, C4, C6, the complaint
    assert own[2] == 1  # C2 done on 05/08; C1's completion now dated 20/09
    assert own[3] == M("150") and own[4] == M("300")  # C1's money, C9's land
    assert own[5] == M("100") and own[6] == 0  # C1 recovered 100 on 10/07
    assert own[7] == 2 and own[8] == 2  # organisations: C1, C2; individuals: C1's two
    assert own[9] == M("40")  # C2: 60 less the 20 paid before the window
    assert own[10] == M("120.5") and own[11] == M("40") and own[12] == 0  # C1
    assert own[13] == 1 and own[14] == 0  # C2's organisation with C2 done; C1's not yet (20/09)
    assert own[15] == M("40") and own[16] == 0  # C2's 40; C1's land moved to 20/09
    assert own[17] == M("40") and own[18] == 0  # C1 paid its individuals on 10/07
    assert [own[n] for n in (19, 20, 21)] == [1, 2, 1]  # C1 on 10/07
    assert [own[n] for n in (22, 23, 24)] == [0, 0, 0]  # C1's prosecution moved to 20/09; C5 nothing done
    assert [child[n] for n in (1, 2, 20, 21)] == [1, 1, 1, 1]
    assert total[1] == 5 and total[20] == 3
    assert document.form.generation is Generation.TT_02_2021
    assert "mẫu chưa xác nhận" in document.generation_line


def test_the_correction_after_the_window_moves_the_rest_to_the_next_quarter(scenario) -> None:
    root, _child = scenario
    q4 = services.build_report(form_code="04/KQGQ", period=periods.quarter(2026, 4), agency=root, today=d(1, 1, 2027))
    own = q4.table.rows[0].values
    # C1 carried (not done at 15/09), C4 in force 15/09, C5 and C9 carried; C2 was done in Q3
    assert own[1] == 4 and own[2] == 1
    assert own[3] == M("1049") and own[5] == M("50")  # due: C1's 150 less 100, C4's 999; C1 recovered 50 on 20/09
    assert own[7] == 1 and own[8] == 2 and own[13] == 1 and own[14] == 2  # C1's rights, done with it on 20/09
    assert own[16] == M("120.5") and own[17] == 0  # the land on 20/09; the individuals were paid in Q3
    assert [own[n] for n in (19, 20, 21, 22, 23, 24)] == [0, 1, 1, 1, 1, 1]


def test_the_generation_follows_the_windows_end_date() -> None:
    before = periods.window(d(1, 1, 2024), d(4, 3, 2024))
    spanning = periods.window(d(1, 1, 2024), d(5, 3, 2024))
    old, new = catalog.form_for("04/KQGQ", before), catalog.form_for("04/KQGQ", spanning)
    assert before.generation is Generation.TT_02_2021 and spanning.generation is Generation.TT_01_2024
    assert old.note == "" and new.note == "mẫu chưa xác nhận"
    assert [c.label for c in old.columns] == [c.label for c in new.columns]  # the TT 02/2021 layout, both times


def test_a_window_spanning_the_change_counts_the_same_conclusions(session) -> None:
    root = make_agency(code="KCS", name="Sở Tài chính")
    c = conclusion(root, on=d(20, 2, 2024), return_money_persons=M("12.345"), restored_persons=1)
    done(c, d(6, 3, 2024), fully=True, returned_money_persons=M("12.345"))
    document = services.build_report(
        form_code="04/KQGQ", period=periods.window(d(15, 2, 2024), d(10, 3, 2024)), agency=root, today=d(1, 4, 2024)
    )
    own = document.table.rows[0].values
    assert document.table.period.generation is Generation.TT_01_2024
    assert [own[1], own[2], own[8], own[11], own[14], own[17]] == [1, 1, 1, M("12.345"), 1, M("12.345")]
    assert "mẫu chưa xác nhận" in document.generation_line


def test_every_output_serves_the_form(app, scenario, runner, tmp_path) -> None:
    root, _child = scenario
    document = services.build_report(form_code="04/KQGQ", period=WINDOW, agency=root, today=d(1, 10))
    assert render_pdf(document).startswith(b"%PDF")
    assert render_xlsx(document)[:2] == b"PK"
    data = json.loads(json_bytes(document))
    assert data["form"] == "04/KQGQ" and data["rows"][0]["figures"]["10"] == "120.50"
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    page = client.get("/reports/04-kqgq?period=2026-Q3").get_data(as_text=True)
    assert "Tổng hợp kết quả thực hiện kết luận nội dung tố cáo" in page and "mẫu chưa xác nhận" in page
    assert 'href="/reports/04-kqgq/records?column=1' in page  # every figure links to its records
    output = tmp_path / "04kqgq.json"
    result = runner.invoke(
        args=["report", "04/KQGQ", "--period", "2026-Q3", "--agency", "KC", "--format", "json", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text(encoding="utf-8"))["rows"][0]["figures"]["1"] == 4
