"""Agency performance against a hand-built scenario: the Ban's referrals to two bodies, answered on time, on
time thanks to an extension, late, still open past the deadline; another office's items that must not count;
chase papers issued in and out of the window. Every figure is worked out by hand below, and each drill-down
list holds exactly as many items as its figure."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from petitions.chasing.models import Chase
from petitions.clock import local_today
from petitions.documents.models import DocumentStatus
from petitions.domain import periods
from petitions.domain.chasing import ChaseStatus, ChaseStep
from petitions.domain.referrals import ReferralKind
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.performance import queries, services
from petitions.referrals import services as referrals
from petitions.referrals.models import Referral
from petitions.referrals.queries import last_clock
from petitions.referrals.review import return_for_completion
from tests.factories import make_document, make_letter, make_user
from tests.letters_papers.conftest import agency, seeded  # noqa: F401  (fixture)

WINDOW = periods.window(date(2026, 4, 1), date(2026, 5, 31))
AS_OF = date(2026, 6, 30)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def send(office_code: str, body_code: str, sent_on: date) -> Referral:
    letter = make_letter(agency=agency(office_code), received_on=date(2026, 3, 2))
    return referrals.open_referral(
        letter, agency_id=agency(body_code).id, kind=ReferralKind.FORWARDED, sent_on=sent_on, actor=None
    )


def answer(referral: Referral, on: date) -> None:
    referrals.answer(
        referral,
        referrals.Answer(number="12/UBND", answered_on=on, summary="Đã giải quyết xong", outcome="resolved",
                         filename="tra-loi.pdf", data=PDF),
        actor=None,
    )


def chase(referral: Referral, *, status: ChaseStatus, issued_on: date | None, void: bool = False) -> Chase:
    document = make_document(issuing_agency=agency("BTCD"))
    if issued_on is not None:
        document.status = DocumentStatus.VOID if void else DocumentStatus.ISSUED
        document.issue_date = issued_on
    row = Chase(
        referral_id=referral.id, office_agency_id=referral.office_agency_id, agency_id=referral.agency_id,
        recipient_agency_id=referral.agency_id, rung=1 if status is ChaseStatus.APPROVED else 2,
        step=ChaseStep.FIRST_URGING, proposed_on=date(2026, 5, 14), deadline_on=referral.answer_due_on,
        status=status, decided_on=date(2026, 5, 15) if status is ChaseStatus.APPROVED else None,
        document_id=document.id,
    )
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def scenario(seeded):  # type: ignore[no-untyped-def]  # noqa: F811
    """The W1 clock waits 30 calendar days, rolled to a working day; working days are counted on the seeded
    2026 calendar (27/04, 30/04 and 01/05 off)."""
    # PHG: a1 sent 01/04, due 01/05 → rolled to Monday 04/05; answered 10/04: on time, 7 working days (2–3/04,
    # 6–10/04).
    a1 = send("BTCD", "PHG", date(2026, 4, 1))
    answer(a1, date(2026, 4, 10))
    # a2 sent 10/03 (before the window), due 09/04; 15 more days granted → 24/04; answered 20/04: late against
    # the first deadline, on time against the one in force. 29 working days (11/03–20/04).
    a2 = send("BTCD", "PHG", date(2026, 3, 10))
    referrals.request_extension(a2, days=15, reason="Cần thêm thời gian xác minh", actor=None)
    referrals.decide_extension(a2, grant=True, note="", actor=None)
    assert last_clock(a2).due_on == date(2026, 4, 24)
    answer(a2, date(2026, 4, 20))
    # a3 sent 06/04, due 06/05; answered 08/05: late, 21 working days (27/04, 30/04, 01/05 off).
    a3 = send("BTCD", "PHG", date(2026, 4, 6))
    answer(a3, date(2026, 5, 8))
    # a4 sent 13/04, due 13/05, never answered: overdue on 30/06; one urging issued 20/05 (counted), one issued
    # 20/06 (after the window), one voided, one only proposed.
    a4 = send("BTCD", "PHG", date(2026, 4, 13))
    # a5 sent 10/06 and answered 12/06: outside the window, not overdue.
    a5 = send("BTCD", "PHG", date(2026, 6, 10))
    answer(a5, date(2026, 6, 12))
    # XTY: b1 sent 20/04, answered 05/05: on time, 8 working days (21–24/04, 28–29/04, 04–05/05).
    b1 = send("BTCD", "XTY", date(2026, 4, 20))
    answer(b1, date(2026, 5, 5))
    # Another office (the Sở NN&MT) sends to PHG and to SNV: none of it is the Ban's.
    other = send("SNNMT", "PHG", date(2026, 4, 15))
    send("SNNMT", "SNV", date(2026, 4, 16))
    chase(a4, status=ChaseStatus.APPROVED, issued_on=date(2026, 5, 20))
    late_paper = send("BTCD", "PHG", date(2026, 1, 5))  # answered long ago: a chase on it issued after the window
    answer(late_paper, date(2026, 2, 20))
    chase(late_paper, status=ChaseStatus.APPROVED, issued_on=date(2026, 6, 20))
    voided = send("BTCD", "PHG", date(2026, 1, 6))
    answer(voided, date(2026, 2, 20))
    chase(voided, status=ChaseStatus.APPROVED, issued_on=date(2026, 5, 21), void=True)
    chase(a1, status=ChaseStatus.PROPOSED, issued_on=None)
    chase(other, status=ChaseStatus.APPROVED, issued_on=date(2026, 5, 22))
    db.session.flush()
    return make_user(role=Role.LEADER, agency=agency("BTCD"))


def test_the_figures_are_those_worked_out_by_hand(scenario):  # type: ignore[no-untyped-def]
    ranking = services.build_ranking(scenario, agency("BTCD"), WINDOW, as_of=AS_OF)
    rows = {row.agency_id: row for row in ranking.rows}
    assert [row.agency_id for row in ranking.rows] == [agency("PHG").id, agency("XTY").id]  # PHG: 1 overdue
    phg, xty = rows[agency("PHG").id], rows[agency("XTY").id]
    assert (phg.received, phg.answered, phg.on_time, phg.late, phg.overdue, phg.chases) == (3, 3, 2, 1, 1, 1)
    assert dict(phg.days) == {7: 1, 29: 1, 21: 1}
    assert str(phg.mean_days) == "19.0" and phg.p90_days == 29  # (7+29+21)/3; the 3rd of 3 (⌈2.7⌉)
    assert (xty.received, xty.answered, xty.on_time, xty.late, xty.overdue, xty.chases) == (1, 1, 1, 0, 0, 0)
    assert str(xty.mean_days) == "8.0" and xty.p90_days == 8
    total = ranking.total
    assert (total.received, total.answered, total.on_time, total.late, total.overdue, total.chases) == (4, 4, 3, 1, 1, 1)
    assert str(total.mean_days) == "16.3" and total.p90_days == 29  # 65/4 = 16.25 half up; the 4th of 4
    assert agency("SNV").id not in rows


def all_rows(user, figure, agency_id, window=WINDOW):  # type: ignore[no-untyped-def]
    """Every row of a drill-down, walking its keyset pages two at a time."""
    rows, after = [], None
    while True:
        page = queries.figure_page(user, figure, agency_id, window, as_of=AS_OF, after=after, size=2)
        rows += page.rows
        if page.next_cursor is None:
            return rows
        after = page.next_cursor


def test_each_drill_down_holds_as_many_items_as_its_figure(scenario):  # type: ignore[no-untyped-def]
    ranking = services.build_ranking(scenario, agency("BTCD"), WINDOW, as_of=AS_OF)
    for row in [*ranking.rows, ranking.total]:
        body = row.agency_id or None
        for figure in queries.Figure:
            rows = all_rows(scenario, figure, body)
            assert len(rows) == getattr(row, figure.value), (row.name, figure)
            assert len({r.id for r in rows}) == len(rows)
    late = all_rows(scenario, queries.Figure.LATE, agency("PHG").id)
    assert [r.sent_on for r in late] == [date(2026, 4, 6)]
    on_time = all_rows(scenario, queries.Figure.ON_TIME, agency("PHG").id)
    assert [r.answer_on for r in on_time] == [date(2026, 4, 10), date(2026, 4, 20)]
    assert services.days_taken(on_time) == {on_time[0].id: 7, on_time[1].id: 29}


def test_a_liaison_of_the_body_sees_no_office_figures(scenario):  # type: ignore[no-untyped-def]
    liaison = make_user(role=Role.LIAISON, agency=agency("PHG"))
    ranking = services.build_ranking(liaison, agency("PHG"), WINDOW, as_of=AS_OF)
    assert ranking.rows == [] and ranking.total.received == 0


def test_the_pdf_and_the_workbook_carry_the_ranking(scenario):  # type: ignore[no-untyped-def]
    ranking = services.build_ranking(scenario, agency("BTCD"), WINDOW, as_of=AS_OF)
    assert services.ranking_pdf(ranking).startswith(b"%PDF")
    sheet = load_workbook(BytesIO(services.ranking_xlsx(ranking))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    names = [row[1] for row in values]
    assert "Tổng cộng" in names and agency("PHG").name in names and agency("SNV").name not in names
    phg = values[names.index(agency("PHG").name)]
    assert phg[2:] == [3, 3, 2, 1, "19,0", 29, 1, 1]


def test_an_answer_after_a_return_for_completion_is_timed_from_the_return(seeded):  # type: ignore[no-untyped-def]  # noqa: F811
    """The office returned the first answer; the body's second answer is judged against the clock started by
    the return (the one in force when it came), not the first deadline long past."""
    today = local_today()
    referral = send("BTCD", "PHG", date(2026, 4, 1))  # first due date: 04/05/2026
    answer(referral, date(2026, 5, 8))
    return_for_completion(referral, reason="Thiếu biên bản xác minh", actor=None)
    answer(referral, today)
    user = make_user(role=Role.LEADER, agency=agency("BTCD"))
    window = periods.window(today, today)
    row = services.build_ranking(user, agency("BTCD"), window, as_of=today).rows[0]
    assert (row.answered, row.on_time, row.late) == (1, 1, 0)
    assert [r.id for r in all_rows(user, queries.Figure.ON_TIME, agency("PHG").id, window)] == [referral.id]
