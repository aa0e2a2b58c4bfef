"""The leaders' dashboard from the database: its totals are the forms' totals for the same agency and window, the
period before, the monthly trend, the outcomes of the handled letters and what is overdue per body."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile
from petitions.cases.queries import CaseFilters, list_cases
from petitions.domain import periods
from petitions.domain.classification import SignerKind
from petitions.domain.reception import SessionKind, SessionStatus, VisitOutcome
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.statistics import LetterKind
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.models import Letter
from petitions.letters.queries import LetterFilters, list_letters
from petitions.reports import dashboard, dashboard_queries, services
from tests.factories import make_agency, make_case, make_user
from tests.services.test_reports import session_row, visit
from tests.services.test_reports_01xld import event, letter

Q2 = periods.quarter(2026, 2)  # 15/03/2026 – 14/06/2026
Q3 = periods.quarter(2026, 3)  # 15/06/2026 – 14/09/2026
TODAY = date(2026, 10, 1)


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


@pytest.fixture
def province(session):
    """A board R, a commune C below it and a hamlet office H below C; an agency O outside R's subtree. Visits and
    letters of Q2 and Q3 in every reception group, with delegations, cases first received and received again,
    every route of a first handling, carried-over letters, a duplicate, anonymous information and replies."""
    root = make_agency(code="DR", name="Ban Tiếp công dân tỉnh")
    commune = make_agency(code="DC", name="UBND xã An Lạc", parent_id=root.id)
    hamlet = make_agency(code="DH", name="Tổ tiếp dân thôn Đông", parent_id=commune.id)
    other = make_agency(code="DO", name="UBND tỉnh khác")
    c1, c2, c4 = (make_case(agency_in_charge_id=root.id) for _ in range(3))
    c3 = make_case(agency_in_charge_id=hamlet.id)
    # Reception, Q3.
    letter(root, d(20, 5), case=c1)  # c1 came by post in Q2: nhiều lần in Q3
    visit(root, d(1, 7), case=c1)
    visit(root, d(10, 7), headcount=6, case=c2)  # a delegation; c2 first received in Q3
    visit(root, d(12, 7), headcount=2, case=c2)  # the same case again in the same group
    periodic = session_row(root, d(15, 7), SessionKind.PERIODIC, SessionStatus.HELD)
    visit(root, d(15, 7), SessionKind.PERIODIC, headcount=7, case=c2).session_id = periodic.id  # another group
    session_row(root, d(20, 7), SessionKind.PERIODIC, SessionStatus.POSTPONED)
    visit(commune, d(20, 7))  # a matter of its own
    visit(hamlet, d(5, 8), headcount=5, case=c3)  # c3 visited in Q2 already
    visit(root, d(20, 8), outcome=VisitOutcome.REFUSED)
    session_row(commune, d(25, 8), SessionKind.DELEGATED, SessionStatus.HELD)
    visit(commune, d(25, 8), SessionKind.DELEGATED, headcount=3, case=c4)
    visit(other, d(1, 8), headcount=9)  # outside the subtree
    # Reception, Q2.
    visit(hamlet, d(1, 5), headcount=2, case=c3)
    visit(root, d(20, 4))
    visit(root, d(14, 6), headcount=10)  # Q2's last day
    session_row(root, d(10, 5), SessionKind.PERIODIC, SessionStatus.HELD)
    # Letters. Carried into Q3: received in Q2, handled in Q3.
    l1 = letter(root, d(1, 6), case=c1)
    event(l1, LetterStatus.ACCEPTED, d(20, 6))
    l2 = letter(root, d(2, 6), LetterType.DENUNCIATION)  # never handled: carried into Q3 and still open
    l3 = letter(root, d(1, 7), LetterType.PETITION, within=False)
    event(l3, LetterStatus.FORWARDED, d(5, 7))
    event(l3, LetterStatus.REPLY_RECEIVED, d(1, 8))
    l4 = letter(commune, d(2, 7), within=False)
    event(l4, LetterStatus.RETURNED, d(6, 7))  # returned with guidance: G
    l5 = letter(hamlet, d(3, 7), LetterType.PETITION, within=False)
    event(l5, LetterStatus.URGED, d(9, 7))  # U
    l6 = letter(root, d(4, 7), LetterType.ANONYMOUS, signer=SignerKind.NONE, within=None)
    event(l6, LetterStatus.TO_INSPECTION, d(10, 7))
    l7 = letter(root, d(5, 7), eligible=False)
    event(l7, LetterStatus.FILED, d(8, 7))
    l8 = letter(root, d(6, 7), LetterType.MIXED, main_type=LetterType.COMPLAINT, duplicate_of=l1)
    event(l8, LetterStatus.ACCEPTED, d(9, 7))
    event(l8, LetterStatus.GUIDED, d(9, 7))  # two handlings on the first day: the guidance (G) is the outcome
    l9 = letter(commune, d(7, 7), LetterType.DENUNCIATION, case=c4)
    event(l9, LetterStatus.NOT_ACCEPTED, d(12, 7))
    letter(root, d(14, 9), LetterType.PETITION)  # received on Q3's last day, not handled
    void = letter(root, d(8, 7))
    void.is_void = True
    letter(other, d(8, 7))  # outside the subtree
    # Letters of Q2 handled in Q2.
    l10 = letter(root, d(1, 4))
    event(l10, LetterStatus.ACCEPTED, d(5, 4))
    l11 = letter(hamlet, d(2, 4), LetterType.PETITION, within=False)
    event(l11, LetterStatus.FORWARDED, d(9, 4))
    # What is overdue on TODAY: letters past their handling due date and cases past their resolution due date (the
    # clocks' projections, set here: the letters were registered on other days than the scenario's).
    db.session.execute(sa.update(Letter).values(handling_due_on=None))
    db.session.execute(sa.update(CaseFile).values(resolution_due_on=None))
    db.session.expire_all()
    l2.handling_due_on = d(20, 9)
    l9.handling_due_on = d(30, 9)
    l5.handling_due_on = d(1, 10)  # due today: not overdue
    void.handling_due_on = d(1, 9)  # a void registration is no letter
    c3.resolution_due_on = d(1, 9)
    c4.resolution_due_on, c1.resolution_due_on = d(15, 9), d(1, 12)
    db.session.flush()
    return root, commune, hamlet, other


def tcd_total(root, period) -> dict[int, int]:
    return dict(services.build_report(form_code="01/TCD", period=period, agency=root, today=TODAY).table.total.values)


def xld_total(root, period) -> dict[int, int]:
    return dict(services.build_report(form_code="01/XLD", period=period, agency=root, today=TODAY).table.total.values)


@pytest.mark.parametrize("period", [Q3, Q2, periods.parse_period("2026-9M"), periods.window(d(1, 7), d(31, 7))])
def test_reception_is_the_01tcd_total_row(province, period) -> None:
    root = province[0]
    t = tcd_total(root, period)
    r = dashboard.window_figures(root.id, period).reception
    assert (r.visits, r.persons, r.cases) == (t[1], t[2], t[3])
    assert (r.cases_first, r.cases_repeated) == (t[6] + t[15] + t[24], t[7] + t[16] + t[25])
    assert (r.delegations, r.delegation_persons) == (t[8] + t[17] + t[26], t[9] + t[18] + t[27])
    assert r.delegation_cases == t[10] + t[11] + t[19] + t[20] + t[28] + t[29]
    assert r.sessions == t[12] + t[21]


@pytest.mark.parametrize("period", [Q3, Q2, periods.parse_period("2026-9M"), periods.window(d(1, 7), d(31, 7))])
def test_letters_are_the_01xld_total_row(province, period) -> None:
    root = province[0]
    t = xld_total(root, period)
    figures = dashboard.window_figures(root.id, period)
    letters = figures.letters
    assert letters is not None
    assert [letters.total, letters.carried, letters.received, letters.handled, letters.not_handled] == [
        t[n] for n in range(1, 6)
    ]
    assert (letters.eligible, letters.eligible_cases, letters.within) == (t[6], t[7], t[14])
    assert (letters.guided, letters.forwarded, letters.urged, letters.replies) == (t[19], t[20], t[21], t[22])
    assert sum(n for _kind, n in letters.received_by_kind) == t[3]
    assert sum(figures.outcomes.values()) == t[4]


def test_q3_by_hand(province) -> None:
    root = province[0]
    figures = dashboard.window_figures(root.id, Q3)
    r = figures.reception
    # R: c1 (1 p), c2 ×2 (6 + 2 p), periodic c2 (7 p); C: own matter (1 p), delegated c4 (3 p); H: c3 (5 p).
    assert (r.visits, r.persons, r.cases) == (7, 25, 6)
    assert (r.cases_first, r.cases_repeated) == (4, 2)  # c1 and c3 again
    assert (r.delegations, r.delegation_persons, r.delegation_cases, r.sessions) == (3, 18, 3, 2)
    letters = figures.letters
    assert letters is not None
    # Carried: c1's letter of 20/05 and l2 (never handled), l1 (handled on 20/06); received: l3–l9 and the one of
    # 14/09 (the void one and O's are no letters of R's subtree).
    assert (letters.total, letters.carried, letters.received, letters.handled) == (11, 3, 8, 8)
    assert dict(letters.received_by_kind) == {
        LetterKind.COMPLAINT: 3, LetterKind.DENUNCIATION: 1, LetterKind.PETITION: 3, LetterKind.ANONYMOUS: 1
    }
    assert figures.outcomes == {
        LetterStatus.ACCEPTED: 1,
        LetterStatus.FORWARDED: 1,
        LetterStatus.RETURNED: 1,
        LetterStatus.URGED: 1,
        LetterStatus.TO_INSPECTION: 1,
        LetterStatus.FILED: 1,
        LetterStatus.GUIDED: 1,
        LetterStatus.NOT_ACCEPTED: 1,
    }


def test_the_trend_s_last_three_months_are_the_quarter(province) -> None:
    root = province[0]
    user = make_user(role=Role.LEADER, agency_id=root.id)
    board = dashboard.build_dashboard(user=user, agency=root, period=Q3, today=TODAY)
    assert [m.period.code for m in board.trend][-3:] == ["2026-07", "2026-08", "2026-09"] and len(board.trend) == 12
    last = board.trend[-3:]
    assert sum(m.visits for m in last) == tcd_total(root, Q3)[1] and sum(m.persons for m in last) == 25
    assert sum(m.letters for m in last) == xld_total(root, Q3)[3]
    assert sum(m.delegations for m in last) == 3
    july = periods.parse_period("2026-07")  # 15/06 – 14/07
    assert board.trend[-3].visits == tcd_total(root, july)[1] == 3
    assert board.trend[-3].letters == xld_total(root, july)[3]
    q2 = board.trend[-6:-3]
    assert sum(m.visits for m in q2) == tcd_total(root, Q2)[1] == 3


def test_a_window_ending_inside_a_month_ends_the_trend_there(province) -> None:
    root = province[0]
    user = make_user(role=Role.LEADER, agency_id=root.id)
    window = periods.window(d(1, 7), d(20, 7))
    board = dashboard.build_dashboard(user=user, agency=root, period=window, today=TODAY)
    assert (board.trend[-1].period.start, board.trend[-1].period.end) == (d(15, 7), d(20, 7))
    assert board.trend[-1].visits == 2  # the periodic visit of 15/07 and C's own matter of 20/07


def test_the_previous_period_is_the_quarter_before(province) -> None:
    root = province[0]
    user = make_user(role=Role.LEADER, agency_id=root.id)
    board = dashboard.build_dashboard(user=user, agency=root, period=Q3, today=TODAY)
    assert board.previous.period == Q2
    assert (board.previous.reception.visits, board.previous.reception.persons) == (3, 13)
    assert board.previous.letters is not None and board.previous.letters.received == 5  # c1's, l1, l2, l10, l11


def test_overdue_per_body_is_what_the_lists_show_under_their_overdue_filter(app, province) -> None:
    root, commune, hamlet, _other = province
    user = make_user(role=Role.LEADER, agency_id=root.id)
    bodies = dashboard_queries.overdue_by_body(user, root.id, TODAY)
    assert [(b.code, b.letters, b.cases) for b in bodies] == [("DR", 1, 1), ("DC", 1, 0), ("DH", 0, 1)]
    with app.test_request_context():
        for body in bodies:
            shown = list_letters(user, LetterFilters(overdue=True, agency_id=body.agency_id), today=TODAY, limit=50)
            assert len(shown.rows) == body.letters
            cases = list_cases(user, CaseFilters(overdue=True, agency_id=body.agency_id), today=TODAY, size=50)
            assert len(cases.rows) == body.cases
    # A user of the commune sees its subtree only.
    below = make_user(role=Role.LEADER, agency_id=commune.id)
    assert [(b.code, b.letters, b.cases) for b in dashboard_queries.overdue_by_body(below, commune.id, TODAY)] == [
        ("DC", 1, 0),
        ("DH", 0, 1),
    ]
    assert hamlet.id in {b.agency_id for b in bodies}


def test_an_unclassified_mixed_letter_leaves_the_letters_out_with_the_form_s_message(province) -> None:
    root = province[0]
    letter(root, d(10, 8), LetterType.MIXED)  # no main content
    figures = dashboard.window_figures(root.id, Q3)
    assert figures.letters is None and figures.problem and "nội dung chính" in figures.problem
    assert figures.reception.visits == 7
