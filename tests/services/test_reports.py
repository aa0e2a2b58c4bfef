"""01/TCD from the database: set-based queries feed the engine; units roll up their subtrees."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from petitions.domain import periods
from petitions.domain.deadlines import LeaderLevel
from petitions.domain.issuers import AgencyLevel
from petitions.domain.reception import SessionKind, SessionStatus, VisitClass, VisitOutcome
from petitions.domain.statistics import (
    CaseFact,
    Facts,
    FactsWithoutRow,
    ReceptionGroup,
    UnitRef,
    VisitFact,
    chairing_agency,
    compute_table,
)
from petitions.extensions import db
from petitions.reception.models import ReceptionSession, Visit
from petitions.reports import catalog, queries, services
from tests.factories import make_agency, make_case, make_letter

Q3 = periods.parse_period("2026-Q3")
_book = itertools.count(1)


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


def visit(
    agency,
    on: date,
    kind: SessionKind = SessionKind.REGULAR,
    headcount: int = 1,
    case=None,
    outcome: VisitOutcome = VisitOutcome.GUIDED,
) -> Visit:
    row = Visit(
        agency_id=agency.id,
        book_year=on.year,
        book_number=next(_book),
        visited_on=on,
        kind=kind,
        classification=VisitClass.COMPLAINT,
        outcome=outcome,
        headcount=headcount,
        case_id=case.id if case is not None else None,
        summary="Khiếu nại việc bồi thường",
    )
    db.session.add(row)
    db.session.flush()
    return row


def letter(agency, received_on: date, case):
    row = make_letter(agency=agency, received_on=received_on)
    # Linked afterwards, as the statistics may meet a letter of one unit in a case another unit holds.
    row.case_id = case.id
    db.session.flush()
    return row


def session_row(agency, on: date, kind: SessionKind, status: SessionStatus) -> ReceptionSession:
    row = ReceptionSession(agency_id=agency.id, kind=kind, status=status, held_on=on)
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def tree(session):
    root = make_agency(code="R", name="Ban Tiếp công dân tỉnh")
    a = make_agency(code="R-A", name="UBND xã An Lạc", parent_id=root.id)
    b = make_agency(code="R-B", name="UBND xã Bình Minh", parent_id=root.id)
    b1 = make_agency(code="R-B-1", name="Phòng tiếp dân xã Bình Minh", parent_id=b.id)
    return root, a, b, b1


def figures(document, row: int) -> dict[int, int]:
    return dict(document.table.rows[row].values)


def test_units_are_the_agency_itself_then_its_children(tree) -> None:
    root, a, b, _b1 = tree
    units = queries.list_report_units(root, Q3)
    assert [u.name for u in units] == [root.name, a.name, b.name]
    assert [u.key for u in units] == [str(root.id), str(a.id), str(b.id)]


def test_report_counts_from_the_database(tree) -> None:
    root, a, b, b1 = tree
    case1, case2 = make_case(agency_in_charge_id=root.id), make_case(agency_in_charge_id=root.id)
    visit(root, d(20, 6), case=case1)
    visit(root, d(10, 7), headcount=2, case=case1)  # repeat visit: one case, first time
    letter(root, d(20, 5), case2)
    visit(root, d(10, 7), case=case2)  # first came by post before the window: repeated
    visit(root, d(14, 9), SessionKind.PERIODIC, headcount=5, case=make_case(agency_in_charge_id=root.id))
    visit(root, d(15, 6), SessionKind.UNSCHEDULED, headcount=4)  # not a delegation, no case link
    visit(root, d(14, 6), SessionKind.PERIODIC, headcount=3)  # the day before the window
    visit(root, d(1, 8), outcome=VisitOutcome.REFUSED)  # refused: not a reception
    session_row(root, d(15, 7), SessionKind.PERIODIC, SessionStatus.HELD)
    session_row(root, d(20, 7), SessionKind.PERIODIC, SessionStatus.POSTPONED)
    session_row(root, d(21, 7), SessionKind.UNSCHEDULED, SessionStatus.PLANNED)
    session_row(root, d(22, 7), SessionKind.REGULAR, SessionStatus.HELD)  # regular: no session column
    visit(a, d(1, 9), SessionKind.DELEGATED, headcount=6, case=make_case(agency_in_charge_id=a.id))
    session_row(a, d(1, 9), SessionKind.DELEGATED, SessionStatus.HELD)
    visit(b1, d(5, 8), headcount=2)  # the grandchild's visit counts in its parent's row

    document = services.build_report(form_code="01/TCD", period=Q3, agency=root)
    own, row_a, row_b = figures(document, 0), figures(document, 1), figures(document, 2)
    assert [own[n] for n in (1, 2, 3, 4, 5, 6, 7)] == [5, 13, 4, 3, 4, 1, 1]
    assert [own[n] for n in range(12, 21)] == [1, 2, 9, 2, 0, 1, 5, 1, 0]
    assert [row_a[n] for n in range(21, 30)] == [1, 1, 6, 1, 0, 1, 6, 1, 0]
    assert [row_b[n] for n in (1, 2, 3, 4, 5, 6)] == [1, 2, 1, 1, 2, 1]
    total = dict(document.table.total.values)
    assert (total[1], total[2], total[3]) == (7, 21, 6)
    assert document.narrative is None  # TT 01/2024: Q3 carries only the tables
    assert document.parent_body == ""


def test_narrative_for_nine_months(tree) -> None:
    root, *_ = tree
    visit(root, d(1, 2), headcount=7)
    document = services.build_report(form_code="01/TCD", period=periods.parse_period("2026-9M"), agency=root)
    assert "tiếp tổng số 1 lượt/7 người/1 vụ việc, 1 đoàn đông người" in document.narrative


def test_facts_take_three_queries_whatever_the_number_of_visits(tree) -> None:
    root, a, _b, _b1 = tree
    for n in range(30):
        visit(root if n % 2 else a, d(20, 6) + timedelta(days=n), headcount=1 + n % 6)
    statements: list[str] = []

    def record(*args) -> None:
        statements.append(args[2])

    engine = db.session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        queries.reception_facts(root.id, Q3)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    # PostgreSQL also receives the one SET LOCAL that turns JIT off for the report (queries.without_jit).
    settings = [statement for statement in statements if statement.startswith("SET LOCAL")]
    assert settings == (["SET LOCAL jit = off"] if engine.dialect.name == "postgresql" else [])
    assert len(statements) - len(settings) == 3


def test_sql_tallies_equal_the_engine_over_every_row(tree) -> None:
    """Random rows: the SQL-fed table equals the table computed from one fact per visit and letter."""
    root, a, b, b1 = tree
    agencies = [root, a, b, b1]
    rng = random.Random(10)
    cases = [make_case(agency_in_charge_id=root.id) for _ in range(6)]
    kinds = list(SessionKind)
    for _ in range(60):
        visit(
            rng.choice(agencies),
            d(1, 4) + timedelta(days=rng.randrange(240)),
            rng.choice(kinds),
            rng.randint(1, 8),
            rng.choice([None, *cases]),
            rng.choice([VisitOutcome.GUIDED, VisitOutcome.LETTER_RECEIVED, VisitOutcome.REFUSED]),
        )
    for _ in range(10):
        letter(rng.choice(agencies), d(1, 3) + timedelta(days=rng.randrange(200)), rng.choice(cases))
    document = services.build_report(form_code="01/TCD", period=Q3, agency=root)

    unit_of = {root.id: root.id, a.id: a.id, b.id: b.id, b1.id: b.id}
    group = {
        SessionKind.REGULAR: ReceptionGroup.REGULAR,
        SessionKind.PERIODIC: ReceptionGroup.HEAD,
        SessionKind.UNSCHEDULED: ReceptionGroup.HEAD,
        SessionKind.DELEGATED: ReceptionGroup.DELEGATED,
    }
    from petitions.letters.models import Letter

    raw = Facts(
        visits=tuple(
            VisitFact(v.visited_on, group[v.kind], v.headcount, v.case_id, str(unit_of[v.agency_id]))
            for v in db.session.scalars(sa.select(Visit))
            if v.outcome is not VisitOutcome.REFUSED
        ),
        cases=tuple(
            CaseFact(letter.case_id, letter.received_on, str(unit_of[letter.agency_in_charge_id]))
            for letter in db.session.scalars(sa.select(Letter).where(Letter.case_id.is_not(None)))
        ),
    )
    expected = compute_table(catalog.form_for("01/TCD", Q3), Q3, queries.list_report_units(root, Q3), raw)
    assert [dict(r.values) for r in document.table.all_rows] == [dict(r.values) for r in expected.all_rows]


def test_a_unit_no_longer_valid_keeps_its_subordinates_figures(tree) -> None:
    root, _a, _b, _b1 = tree
    # A district abolished before the window; its commune still receives citizens inside it.
    district = make_agency(code="R-C", name="UBND huyện Cũ", parent_id=root.id, valid_to=d(30, 6, 2025))
    commune = make_agency(code="R-C-1", name="UBND xã Mới", parent_id=district.id)
    for day in (1, 2, 3):
        visit(commune, d(day, 8), headcount=2)

    document = services.build_report(form_code="01/TCD", period=Q3, agency=root)
    labels = [row.label for row in document.table.rows]
    assert "UBND huyện Cũ (không còn hiệu lực)" in labels
    row = document.table.rows[labels.index("UBND huyện Cũ (không còn hiệu lực)")]
    assert (row.value(1), row.value(2)) == (3, 6)
    total = dict(document.table.total.values)
    assert (total[1], total[2]) == (3, 6)


def test_a_unit_without_figures_in_the_window_stays_off_the_form(tree) -> None:
    root, a, b, _b1 = tree
    make_agency(code="R-D", name="UBND huyện Đã Giải Thể", parent_id=root.id, valid_to=d(30, 6, 2025))
    units = queries.list_report_units(root, Q3, with_figures=())
    assert [u.name for u in units] == [root.name, a.name, b.name]


@pytest.mark.parametrize("seed", range(5))
def test_the_total_counts_every_visit_in_the_window_whatever_the_validity_dates(tree, seed) -> None:
    root, a, b, b1 = tree
    rng = random.Random(seed)
    agencies = [root, a, b, b1]
    for index in range(4):  # a random sub-tree with random validity windows around Q3
        parent = rng.choice(agencies)
        valid_to = rng.choice([None, d(30, 6), d(31, 8), d(31, 12, 2025)])
        valid_from = rng.choice([None, d(1, 9), d(1, 1, 2027)])
        agencies.append(
            make_agency(code=f"R-X{index}", parent_id=parent.id, valid_to=valid_to, valid_from=valid_from)
        )
    expected = 0
    for agency in agencies:
        for _ in range(rng.randint(0, 3)):
            on = Q3.start + timedelta(days=rng.randint(-20, (Q3.end - Q3.start).days + 20))
            visit(agency, on)
            expected += Q3.contains(on)
    document = services.build_report(form_code="01/TCD", period=Q3, agency=root)
    assert dict(document.table.total.values)[1] == expected


def test_the_engine_refuses_figures_that_have_no_row() -> None:
    facts = Facts(visits=(VisitFact(on=d(1, 8), group=ReceptionGroup.REGULAR, persons=1, case_id=None, unit="9"),))
    units = (UnitRef("1", "Ban"),)
    with pytest.raises(FactsWithoutRow, match="không có dòng trên biểu"):
        compute_table(catalog.form_for("01/TCD", Q3), Q3, units, facts)


# ---------------------------------------------------------------------- whose row a leader's session counts on


@pytest.fixture(params=["with levels", "without levels"])
def province(session, request):
    levels = request.param == "with levels"
    ubnd = make_agency(code="P-UBND", name="Ủy ban nhân dân tỉnh Quảng Ninh", level=AgencyLevel.PROVINCE if levels else None)
    office = make_agency(
        code="P-VP", name="Văn phòng Ủy ban nhân dân tỉnh", parent_id=ubnd.id, level=AgencyLevel.OFFICE if levels else None
    )
    board = make_agency(
        code="P-BTCD", name="Ban Tiếp công dân tỉnh", parent_id=office.id, level=AgencyLevel.UNIT if levels else None
    )
    return ubnd, office, board


def test_rows_are_grouped_by_level_then_name_not_by_code(session) -> None:
    root = make_agency(code="Z-UBND", name="Ủy ban nhân dân tỉnh Quảng Ninh", level=AgencyLevel.PROVINCE)
    make_agency(code="A-XTY", name="Ủy ban nhân dân xã Tiên Yên", parent_id=root.id, level=AgencyLevel.COMMUNE)
    make_agency(code="B-SYT", name="Sở Y tế tỉnh Quảng Ninh", parent_id=root.id, level=AgencyLevel.DEPARTMENT)
    make_agency(code="C-VP", name="Văn phòng Ủy ban nhân dân tỉnh", parent_id=root.id, level=AgencyLevel.OFFICE)
    make_agency(code="D-SNV", name="Sở Nội vụ tỉnh Quảng Ninh", parent_id=root.id, level=AgencyLevel.DEPARTMENT)
    make_agency(code="E-PHG", name="Ủy ban nhân dân phường Hồng Gai", parent_id=root.id, level=AgencyLevel.COMMUNE)
    names = [unit.name for unit in queries.list_report_units(root, Q3)]
    assert names == [
        "Ủy ban nhân dân tỉnh Quảng Ninh",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Sở Nội vụ tỉnh Quảng Ninh",
        "Sở Y tế tỉnh Quảng Ninh",
        "Ủy ban nhân dân phường Hồng Gai",
        "Ủy ban nhân dân xã Tiên Yên",
    ]


def _chaired(agency, on: date, leader_level) -> ReceptionSession:
    row = session_row(agency, on, SessionKind.PERIODIC, SessionStatus.HELD)
    row.leader_level = leader_level
    db.session.flush()
    return row


def test_the_chairmans_sessions_count_on_the_ubnd_row_not_on_the_office_that_holds_the_board(province) -> None:
    ubnd, office, board = province
    _chaired(board, d(15, 7), LeaderLevel.PROVINCE_CHAIRMAN)
    _chaired(board, d(15, 8), LeaderLevel.PROVINCE_CHAIRMAN)
    session_row(board, d(20, 8), SessionKind.UNSCHEDULED, SessionStatus.HELD)  # no leader level: the Ban's own
    visit(board, d(15, 7), SessionKind.PERIODIC, headcount=2)
    document = services.build_report(form_code="01/TCD", period=Q3, agency=ubnd)
    names = [row.label for row in document.table.rows]
    assert names == [ubnd.name, office.name]
    own, office_row = figures(document, 0), figures(document, 1)
    assert own[12] == 2  # (12) sessions held: the chairing body's row
    assert office_row[12] == 1  # the unscheduled session with no chairman recorded stays where it was held
    assert document.table.total.value(12) == 3


def _at(session_row_: ReceptionSession, row: Visit) -> Visit:
    row.session_id = session_row_.id
    db.session.flush()
    return row


def test_the_visits_at_the_chairmans_sessions_count_on_the_ubnd_row_too(province) -> None:
    """(13)–(20) follow (12): the visits received at the chairman's sessions are the UBND's reception.
    Hand-computed: the UBND row has 1 session, 2 visits (2 + 6 persons, one a delegation), 2 cases —
    case X first came to the Ban by post in May (nhiều lần), the unlinked visit is a matter of its own
    (lần đầu); the Văn phòng row keeps only the Ban's own unscheduled session and its visit."""
    ubnd, office, board = province
    chaired = _chaired(board, d(15, 7), LeaderLevel.PROVINCE_CHAIRMAN)
    own_session = session_row(board, d(20, 8), SessionKind.UNSCHEDULED, SessionStatus.HELD)  # no chairman recorded
    case_x = make_case(agency_in_charge_id=board.id)
    letter(board, d(20, 5), case_x)  # the Ban received case X before the window
    _at(chaired, visit(board, d(15, 7), SessionKind.PERIODIC, headcount=2, case=case_x))
    _at(chaired, visit(board, d(15, 7), SessionKind.PERIODIC, headcount=6))  # a delegation, no case link
    _at(own_session, visit(board, d(20, 8), SessionKind.UNSCHEDULED, headcount=1))
    visit(board, d(1, 8), headcount=3)  # the Ban's regular reception stays on its row
    document = services.build_report(form_code="01/TCD", period=Q3, agency=ubnd)  # verifies every sum
    own, office_row = figures(document, 0), figures(document, 1)
    assert [own[n] for n in range(1, 4)] == [2, 8, 2]
    assert [own[n] for n in range(12, 21)] == [1, 2, 8, 1, 1, 1, 6, 1, 0]
    assert [office_row[n] for n in range(1, 8)] == [2, 4, 2, 1, 3, 1, 0]
    assert [office_row[n] for n in range(12, 17)] == [1, 1, 1, 1, 0]
    total = dict(document.table.total.values)
    assert [total[n] for n in (1, 2, 3, 12, 13, 14)] == [4, 12, 4, 2, 3, 9]
    # The Văn phòng's own report (the UBND has no row there): everything on the Ban's side, as recorded.
    alone = services.build_report(form_code="01/TCD", period=Q3, agency=office)
    ban = figures(alone, 1)
    assert [ban[n] for n in (1, 2, 12, 13, 14, 15, 16)] == [4, 12, 2, 3, 9, 2, 1]


def test_a_chairing_body_outside_the_report_leaves_the_session_on_the_recording_row(province) -> None:
    _ubnd, office, board = province
    _chaired(board, d(15, 7), LeaderLevel.PROVINCE_CHAIRMAN)
    document = services.build_report(form_code="01/TCD", period=Q3, agency=office)
    assert figures(document, 1)[12] == 1  # the Ban's row inside the Văn phòng's own report


def test_chairing_agency_walks_up_to_the_level_the_leader_heads() -> None:
    parents = {1: None, 2: 1, 3: 2, 4: 1}
    assert chairing_agency(3, "province_chairman", parents) == 1  # no levels recorded: the top
    levels = {1: "province", 2: "office", 3: "unit", 4: "commune"}
    assert chairing_agency(3, "province_chairman", parents, levels) == 1
    assert chairing_agency(4, "commune_chairman", parents, levels) == 4
    assert chairing_agency(3, "commune_chairman", parents, levels) == 3  # no commune above: where held
    assert chairing_agency(3, None, parents, levels) == 3


def test_01tcd_counts_a_heads_visits_only_with_their_held_sessions(tree) -> None:
    """(13)–(15) count the head's visits, (12) the sessions held: a visit in a postponed session is
    refused at intake, so the two agree (every head's visit counted has its session counted)."""
    from petitions.citizens.services import CitizenInput
    from petitions.cli import seed_reference_data
    from petitions.domain.reception import ReceptionError
    from petitions.domain.types import Role
    from petitions.extensions import immediate_transactions
    from petitions.reception import services as reception
    from tests.factories import make_user

    root, *_ = tree
    seed_reference_data()
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=root)
    sessions = {
        status: reception.create_session(
            agency_id=root.id,
            data=reception.SessionInput(
                kind=SessionKind.PERIODIC,
                held_on=d(14, 8),
                leader_name="Chủ tịch",
                status=status,
                postponed_reason="Chủ tịch đi công tác" if status is SessionStatus.POSTPONED else None,
            ),
        )
        for status in (SessionStatus.HELD, SessionStatus.POSTPONED)
    }

    def record(session_row: ReceptionSession, name: str) -> None:
        reception.register_visit(
            reception.VisitInput(
                agency_id=root.id,
                visited_on=d(14, 8),
                classification=VisitClass.PETITION,
                summary="Kiến nghị về đường giao thông",
                outcome=VisitOutcome.GUIDED,
                guided_to="Ủy ban nhân dân xã",
                officer_id=officer.id,
                session_id=session_row.id,
                person=CitizenInput(full_name=name),
            ),
            actor=officer,
        )

    with immediate_transactions():
        record(sessions[SessionStatus.HELD], "Trần Văn Một")
        with pytest.raises(ReceptionError, match="đã bị hoãn"):
            record(sessions[SessionStatus.POSTPONED], "Trần Văn Hai")
    own = figures(services.build_report(form_code="01/TCD", period=Q3, agency=root), 0)
    head_visits = db.session.scalar(
        sa.select(sa.func.count()).select_from(Visit).where(Visit.kind == SessionKind.PERIODIC)
    )
    assert (own[12], own[13], own[14]) == (1, 1, 1)
    assert own[13] == head_visits  # no head's visit outside the sessions (12) counts
    assert own[15] + own[16] == 1
