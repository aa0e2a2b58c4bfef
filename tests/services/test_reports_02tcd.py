"""02/TCD from the database: the letters handed in at the window's visits (a visit whose outcome is a letter
received names its letter), by kind, competence (classification, else the reception book), route of the first
handling, each case once by its earliest letter; replies; the generation chosen by the window's end date; outputs."""

from __future__ import annotations

import json
from datetime import date
from itertools import count

import pytest

from petitions.domain import periods
from petitions.domain.classification import LetterChannel, SignerKind
from petitions.domain.periods import Generation
from petitions.domain.reception import SessionKind, VisitClass, VisitOutcome
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.services import record_letter_status
from petitions.reception.models import Visit
from petitions.reports import catalog, services
from petitions.reports.excel import render_xlsx
from petitions.reports.outputs import json_bytes, render_pdf
from petitions.reports.queries import UnclassifiedLetters
from tests.factories import make_agency, make_case, make_letter, signed_in_client

# Q3 2026: 15/06/2026 – 14/09/2026, a TT 01/2024 window: the TT 02/2021 layout marked "mẫu chưa xác nhận".
WINDOW = periods.quarter(2026, 3)
_books = count(1)
CLASS_OF = {
    LetterType.COMPLAINT: VisitClass.COMPLAINT,
    LetterType.DENUNCIATION: VisitClass.DENUNCIATION,
    LetterType.PETITION: VisitClass.PETITION,
    LetterType.MIXED: VisitClass.COMPLAINT,
}


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


def visit(agency, on: date, *, outcome: VisitOutcome = VisitOutcome.LETTER_RECEIVED, desk_within: bool = False,
          classification: VisitClass = VisitClass.COMPLAINT, letter=None) -> Visit:
    row = Visit(
        agency_id=agency.id, book_year=on.year, book_number=next(_books), visited_on=on, kind=SessionKind.REGULAR,
        classification=classification, outcome=outcome, headcount=1, within_competence=desk_within,
        summary="Khiếu nại việc bồi thường khi thu hồi đất", letter_id=letter.id if letter is not None else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def handed_in(agency, on: date, letter_type: LetterType = LetterType.COMPLAINT, *, within: bool | None = True,
              desk_within: bool = False, case=None, duplicate_of=None, main_type: LetterType | None = None,
              signer: SignerKind = SignerKind.ONE):
    """A letter handed in at a visit on ``on``: registered (in the confirmed calendar), then dated and classified
    as the scenario needs; ``within`` None: not classified yet (the reception book's ``desk_within`` counts)."""
    row = make_letter(agency=agency, channel=LetterChannel.IN_PERSON)
    row.received_on, row.letter_type, row.main_type, row.signer_kind = on, letter_type, main_type, signer
    row.is_within_competence = within
    row.case_id = case.id if case is not None else None
    row.duplicate_of_id = duplicate_of.id if duplicate_of is not None else None
    seen = visit(agency, on, desk_within=desk_within, classification=CLASS_OF[letter_type], letter=row)
    row.visit_id = seen.id
    db.session.flush()
    return row


def event(row, status: LetterStatus, on: date) -> None:
    record_letter_status(row, status, effective_on=on)


@pytest.fixture
def scenario(session):
    root = make_agency(code="TD", name="Ban Tiếp công dân tỉnh")
    child = make_agency(code="TD-A", name="UBND xã Bình Định", parent_id=root.id)
    c1, c2, c3 = (make_case(agency_in_charge_id=root.id) for _ in range(3))
    # L1 a complaint within competence (case c1), accepted; L2 a later mixed letter of c1 (main content a
    # complaint); L8 L1's duplicate: three letters, one case, placed by L1 (within).
    l1 = handed_in(root, d(20, 6), case=c1)
    event(l1, LetterStatus.ACCEPTED, d(1, 7))
    handed_in(root, d(10, 7), LetterType.MIXED, main_type=LetterType.COMPLAINT, case=c1, signer=SignerKind.SEVERAL)
    handed_in(root, d(15, 7), duplicate_of=l1)
    # L3 a denunciation outside competence, forwarded (F) on 25/06, its reply on 01/08.
    l3 = handed_in(root, d(22, 6), LetterType.DENUNCIATION, within=False, case=c2)
    event(l3, LetterStatus.FORWARDED, d(25, 6))
    event(l3, LetterStatus.REPLY_RECEIVED, d(1, 8))
    # L4 a petition not classified yet, the reception book marks it outside: guided (G) on 01/07.
    l4 = handed_in(root, d(23, 6), LetterType.PETITION, within=None, desk_within=False)
    event(l4, LetterStatus.GUIDED, d(1, 7))
    # L5 a petition outside, whose first handling was to urge the body already on it (U), 05/08.
    l5 = handed_in(root, d(24, 6), LetterType.PETITION, within=False)
    event(l5, LetterStatus.URGED, d(5, 8))
    # L6 a complaint outside competence, filed: outside, no route.
    l6 = handed_in(root, d(25, 6), within=False)
    event(l6, LetterStatus.FILED, d(2, 8))
    # L7 a complaint not classified yet, marked within competence at the desk, not handled.
    handed_in(root, d(26, 6), within=None, desk_within=True)
    # L12 a denunciation on the window's last day (case c3); L16 a petition outside guided after the window.
    handed_in(root, d(14, 9), LetterType.DENUNCIATION, case=c3)
    l16 = handed_in(root, d(1, 9), LetterType.PETITION, within=False)
    event(l16, LetterStatus.GUIDED, d(20, 9))
    # Not on the form: a visit guided at the desk (no letter), a letter by post, a letter handed in on 14/06 (its
    # reply on 20/06 counts), a voided registration, a visit of 15/09.
    visit(root, d(1, 7), outcome=VisitOutcome.GUIDED)
    by_post = make_letter(agency=root)
    by_post.received_on = d(1, 7)
    event(by_post, LetterStatus.REPLY_RECEIVED, d(2, 8))
    l11 = handed_in(root, d(14, 6), within=False)
    event(l11, LetterStatus.FORWARDED, d(14, 6))
    event(l11, LetterStatus.REPLY_RECEIVED, d(20, 6))
    handed_in(root, d(2, 7)).is_void = True
    handed_in(root, d(15, 9))
    # L14 on the commune's row: a petition within competence.
    handed_in(child, d(1, 8), LetterType.PETITION)
    db.session.flush()
    return root, child


def test_hand_computed_figures_in_q3_2026(scenario) -> None:
    root, _child = scenario
    document = services.build_report(form_code="02/TCD", period=WINDOW, agency=root, today=d(1, 10))
    own, child, total = ([row.value(n) for n in range(1, 17)] for row in document.table.all_rows)
    #       (1) (2) KN      TC      KNPA    within  outside G  F  U  replies
    assert own == [10, 8, 5, 3, 2, 2, 3, 3, 5, 3, 5, 5, 1, 1, 1, 2]
    # (1) L1 L2 L8 L6 L7 (KN), L3 L12 (TC), L4 L5 L16 (KNPA); (2) c1 (three letters), c2, c3 and five letters of
    # their own; within: L1 L2 L8, L7 (the desk's mark), L12; outside L3 L4 (the desk's mark) L5 L6 L16 with G = L4,
    # F = L3, U = L5 (L6 filed, L16 guided after the window); replies: L3's and L11's (a letter of 14/06)
    assert child == [1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    assert total[0] == 11 and total[1] == 9
    assert [row.label for row in document.table.rows] == ["Ban Tiếp công dân tỉnh", "UBND xã Bình Định"]
    assert document.form.generation is Generation.TT_02_2021
    assert "mẫu chưa xác nhận" in document.generation_line


def test_a_case_counts_by_its_earliest_letter_of_the_window(session) -> None:
    """A case whose letters differ in kind and competence counts once, under its first letter's: the sums hold."""
    root = make_agency(code="TDC", name="Thanh tra tỉnh")
    case = make_case(agency_in_charge_id=root.id)
    handed_in(root, d(1, 8), LetterType.PETITION, within=False, case=case)
    handed_in(root, d(20, 6), LetterType.DENUNCIATION, within=True, case=case)
    own = services.build_report(form_code="02/TCD", period=WINDOW, agency=root, today=d(1, 10)).table.rows[0]
    assert [own.value(n) for n in range(1, 13)] == [2, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0]


def test_the_generation_follows_the_windows_end_date(session) -> None:
    root = make_agency(code="TDG", name="Sở Xây dựng")
    handed_in(root, d(20, 2, 2024))
    handed_in(root, d(6, 3, 2024), LetterType.PETITION)
    before = services.build_report(form_code="02/TCD", period=periods.window(d(15, 2, 2024), d(4, 3, 2024)),
                                   agency=root, today=d(1, 4, 2024))
    spanning = services.build_report(form_code="02/TCD", period=periods.window(d(15, 2, 2024), d(10, 3, 2024)),
                                     agency=root, today=d(1, 4, 2024))
    assert before.table.period.generation is Generation.TT_02_2021 and before.form.note == ""
    assert spanning.table.period.generation is Generation.TT_01_2024
    assert spanning.form.note == "mẫu chưa xác nhận" and "mẫu chưa xác nhận" in spanning.generation_line
    assert [c.label for c in before.form.columns] == [c.label for c in spanning.form.columns]
    assert before.table.total.value(1) == 1 and spanning.table.total.value(1) == 2  # the visit of 06/03


def test_a_mixed_letter_without_its_main_content_refuses_the_form(session) -> None:
    root = make_agency(code="TDM", name="Sở Tư pháp")
    handed_in(root, d(1, 7), LetterType.MIXED)
    with pytest.raises(UnclassifiedLetters, match="02/TCD"):
        services.build_report(form_code="02/TCD", period=WINDOW, agency=root, today=d(1, 10))


def test_every_output_serves_the_form(app, scenario, runner, tmp_path) -> None:
    root, _child = scenario
    document = services.build_report(form_code="02/TCD", period=WINDOW, agency=root, today=d(1, 10))
    assert render_pdf(document).startswith(b"%PDF")
    assert render_xlsx(document)[:2] == b"PK"
    data = json.loads(json_bytes(document))
    assert data["form"] == "02/TCD" and data["check_sums"] == ["(1) = (3) + (5) + (7)", "(1) = (9) + (11)",
                                                                "(2) = (4) + (6) + (8)", "(2) = (10) + (12)"]
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    page = client.get("/reports/02-tcd?period=2026-Q3").get_data(as_text=True)
    assert "Tổng hợp kết quả phân loại, xử lý đơn qua tiếp công dân" in page and "mẫu chưa xác nhận" in page
    assert 'href="/reports/02-tcd/records?column=2' in page
    output = tmp_path / "02tcd.json"
    result = runner.invoke(
        args=["report", "02/TCD", "--period", "2026-Q3", "--agency", "TD", "--format", "json", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text(encoding="utf-8"))["rows"][0]["figures"]["1"] == 10
    assert catalog.form_codes().index("02/TCD") == catalog.form_codes().index("01/TCD") + 1
