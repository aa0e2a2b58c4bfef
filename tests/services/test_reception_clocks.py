"""Reception deadlines run as clocks (petitions.deadlines): D7 and D6 on visits, D1 on periodic sessions,
moved only by the calendar change flow, with the visit's and session's copies kept in step."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.deadlines.models import Clock, RecordType
from petitions.deadlines.queries import clocks_of, open_clock
from petitions.deadlines.services import (
    DayChange,
    change_confirmed_year,
    make_entry,
    preview_confirmed_change,
)
from petitions.directory.queries import get_item
from petitions.domain.calendar_data import DayKind
from petitions.domain.deadlines import LeaderLevel
from petitions.domain.reception import SessionKind, VisitOutcome
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import history_of
from petitions.reception import services
from petitions.reception.queries import NO_ANSWER_DUE, publish_by_dates, visit_due_dates
from tests.factories import make_agency, make_user
from tests.services.test_reception import visit_input

D = date.fromisoformat


@pytest.fixture
def office(session):
    seed_reference_data()
    agency = make_agency()
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
    with immediate_transactions():  # a visit may register a letter under the write lock
        yield agency, officer


def _refused(agency, officer, code):
    ground = get_item("refusal_ground", code)
    return services.register_visit(
        visit_input(
            agency,
            officer,
            outcome=VisitOutcome.REFUSED,
            refusal_ground_id=ground.id,
            refusal_explanation="Đã giải thích",
        ),
        actor=officer,
    )


def _periodic(agency, held_on):
    return services.create_session(
        agency_id=agency.id,
        data=services.SessionInput(
            kind=SessionKind.PERIODIC,
            held_on=held_on,
            leader_name="Chủ tịch Lê Văn An",
            leader_level=LeaderLevel.PROVINCE_CHAIRMAN,
        ),
    )


def test_a_visit_gets_an_open_d7_clock_with_its_explanation(office):
    agency, officer = office
    visit = services.register_visit(visit_input(agency, officer), actor=officer)
    [clock] = clocks_of(RecordType.VISIT, visit.id)
    assert (clock.rule_id, clock.trigger_on, clock.due_on, clock.is_open) == (
        "D7",
        D("2026-08-14"),
        D("2026-08-27"),
        True,
    )
    assert clock.opened_by_id == officer.id
    assert "22/08/2026" in clock.explanation  # the make-up Saturday is counted, and said so
    assert (visit_due_dates(visit).answer_due_on, visit_due_dates(visit).answer_due_explanation) == (clock.due_on, clock.explanation)
    assert visit_due_dates(visit).refusal_notice_due_on is None


@pytest.mark.parametrize("code", ["R26_03", "R26_11"])
def test_a_refusal_on_the_persistent_or_repeat_ground_gets_d6(office, code):
    agency, officer = office
    visit = _refused(agency, officer, code)
    d6 = open_clock(visit, "D6")
    assert d6 is not None and d6.due_on == D("2026-08-19") == visit_due_dates(visit).refusal_notice_due_on
    assert open_clock(visit, "D7") is not None


def test_a_refusal_on_another_ground_has_no_d6(office):
    agency, officer = office
    visit = _refused(agency, officer, "R26_01")
    assert open_clock(visit, "D6") is None and visit_due_dates(visit).refusal_notice_due_on is None


def test_a_periodic_session_gets_d1_counted_backwards(office):
    agency, _ = office
    session = _periodic(agency, D("2026-09-04"))
    d1 = open_clock(session, "D1")
    assert d1.record_type == RecordType.SESSION and d1.trigger_on == D("2026-09-04")
    assert d1.due_on == D("2026-08-25") == publish_by_dates([session])[session.id]  # 5 working days before, 02/09 off
    assert d1.due_on < d1.trigger_on


def test_moving_or_retyping_a_session_restarts_or_closes_d1(office):
    agency, officer = office
    session = _periodic(agency, D("2026-09-04"))
    first = open_clock(session, "D1")
    services.update_session(
        session,
        services.SessionInput(
            kind=SessionKind.PERIODIC,
            held_on=D("2026-09-11"),
            leader_name="Chủ tịch Lê Văn An",
            leader_level=LeaderLevel.PROVINCE_CHAIRMAN,
        ),
        actor=officer,
    )
    second = open_clock(session, "D1")
    assert not first.is_open and first.close_reason == "Đổi ngày kỳ tiếp"
    assert second.trigger_on == D("2026-09-11") and publish_by_dates([session])[session.id] == second.due_on
    services.update_session(
        session,
        services.SessionInput(kind=SessionKind.REGULAR, held_on=D("2026-09-11")),
        actor=officer,
    )
    assert open_clock(session, "D1") is None and publish_by_dates([session])[session.id] is None
    # An unchanged periodic session keeps its clock.
    kept = _periodic(agency, D("2026-10-02"))
    clock = open_clock(kept, "D1")
    services.update_session(
        kept,
        services.SessionInput(
            kind=SessionKind.PERIODIC,
            held_on=D("2026-10-02"),
            leader_name="Chủ tịch Lê Văn An",
            leader_level=LeaderLevel.PROVINCE_CHAIRMAN,
        ),
    )
    assert open_clock(kept, "D1") is clock


def test_a_calendar_change_moves_a_visits_d7_with_one_history_row_and_no_content_in_the_preview(office):
    agency, officer = office
    admin = make_user()
    visit = services.register_visit(visit_input(agency, officer), actor=officer)
    session = _periodic(agency, D("2026-09-04"))
    d7 = open_clock(visit, "D7")
    # Tue 18/08/2026 becomes a day off: D7 from Fri 14/08 moves from 27/08 to 28/08; D1 before 04/09
    # (counted back to 25/08) does not reach 18/08 and stays.
    change = DayChange(
        2026,
        add=(
            make_entry(
                day=D("2026-08-18"), kind=DayKind.SWAP, name="Nghỉ hoán đổi", decision_no="TB 12/2026"
            ),
        ),
    )
    preview = preview_confirmed_change(change)
    labels = [(m.record_label, m.rule_id, m.old_due, m.new_due) for m in preview.moves]
    assert labels == [(f"Lượt tiếp {visit.book_number}/2026", "D7", D("2026-08-27"), D("2026-08-28"))]
    shown = repr(preview)
    for secret in ("Nguyễn Văn Đức", "001203004567", "bồi thường", visit.summary):
        assert secret not in shown
    assert visit_due_dates(visit).answer_due_on == D("2026-08-27")  # the preview changes nothing

    version, applied = change_confirmed_year(change, decision_numbers="TB 12/2026", actor=admin)
    assert len(applied.moves) == 1
    assert d7.due_on == D("2026-08-28") and d7.calendar_version == version.label
    assert visit_due_dates(visit).answer_due_on == D("2026-08-28") and visit_due_dates(visit).answer_due_explanation == d7.explanation
    assert "18/08/2026" in visit_due_dates(visit).answer_due_explanation
    rows = [e for e in history_of("clock", d7.id) if e.action == "update" and e.field == "due_on"]
    assert [(r.old_value, r.new_value, r.actor_id) for r in rows] == [("2026-08-27", "2026-08-28", admin.id)]
    assert publish_by_dates([session])[session.id] == D("2026-08-25")
    assert len([c for c in clocks_of(RecordType.VISIT, visit.id) if isinstance(c, Clock)]) == 1


def test_visits_and_sessions_saved_before_clocks_get_theirs_once(office):
    agency, officer = office
    visit = _refused(agency, officer, "R26_03")
    session = _periodic(agency, D("2026-09-04"))
    # As saved before reception used clocks: the dates on the records, no clock rows.
    for record_type, record_id in ((RecordType.VISIT, visit.id), (RecordType.SESSION, session.id)):
        for clock in clocks_of(record_type, record_id):
            db.session.delete(clock)
    db.session.flush()
    assert services.open_missing_clocks(actor=officer) == {"D7": 1, "D6": 1, "D1": 1}
    assert open_clock(visit, "D7").due_on == visit_due_dates(visit).answer_due_on == D("2026-08-27")
    assert open_clock(visit, "D6").due_on == visit_due_dates(visit).refusal_notice_due_on == D("2026-08-19")
    assert open_clock(session, "D1").due_on == publish_by_dates([session])[session.id] == D("2026-08-25")
    assert services.open_missing_clocks(actor=officer) == {"D7": 0, "D6": 0, "D1": 0}


def test_the_backfill_command_is_registered(runner):
    result = runner.invoke(args=["deadlines", "open-reception-clocks", "--help"])
    assert result.exit_code == 0 and "D7, D6 and D1" in result.output


def test_a_visit_before_the_confirmed_calendar_has_no_d7_and_says_why(office):
    agency, officer = office
    visit = services.register_visit(visit_input(agency, officer, visited_on=D("2024-06-03")), actor=officer)
    assert clocks_of(RecordType.VISIT, visit.id) == []
    due = visit_due_dates(visit)
    assert (due.answer_due_on, due.answer_due_explanation, due.refusal_notice_due_on) == (None, NO_ANSWER_DUE, None)


@contextmanager
def count_statements(statements):
    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def test_the_sessions_list_reads_every_d1_in_one_query(office):
    agency, _ = office
    sessions = [_periodic(agency, day) for day in (D("2026-09-04"), D("2026-10-02"))]
    statements = []
    with count_statements(statements):
        dates = publish_by_dates(sessions)
    assert dates == {sessions[0].id: D("2026-08-25"), sessions[1].id: open_clock(sessions[1], "D1").due_on}
    assert len(statements) == 1
