"""`petitions demo`'s bulk cases follow the case life cycle (petitions.letters.demo_handling.follow_cases): a case's
status is its latest dated status event's, petitions never go past reception, accepted cases carry one
resolution clock and its due date, decided ones an outcome with an allowed verdict."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseOutcome
from petitions.cli import DEMO_AFTER_WRITE, DEMO_GENERATORS
from petitions.deadlines.models import Clock, RecordType
from petitions.demo import run_demo
from petitions.domain import case_flow as flow
from petitions.domain.records import CaseStatus, CaseType
from petitions.extensions import db, immediate_transactions
from tests.conftest import app_on_own_database

# The demo builds thousands of records: run once, on PostgreSQL, in the slow group (CI time).
pytestmark = pytest.mark.load

S = CaseStatus
ACCEPTED_OR_LATER = frozenset(S) - {S.OPEN, S.CLOSED, S.NOT_ACCEPTED}
DECIDED_OR_LATER = frozenset({S.DECIDED, S.PUBLISHED, S.IMPLEMENTING, S.TO_COURT})
CLOCK_STOPPED = frozenset({S.DECIDED, S.PUBLISHED, S.IMPLEMENTING, S.TERMINATED, S.LAPSED, S.CLOSED, S.TO_COURT})


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One demo for the module, on a database of its own (the tests only read it)."""
    folder = tmp_path_factory.mktemp("case-life-demo")
    with app_on_own_database(folder, LETTER_ATTACHMENT_FOLDER=str(folder / "letters")) as application:
        with application.app_context(), immediate_transactions():
            from petitions.cli import seed_reference_data

            seed_reference_data()
            db.session.commit()
            run_demo(DEMO_GENERATORS, letters=3000, years=1, commit=db.session.commit, after_write=DEMO_AFTER_WRITE)
            db.session.remove()
        yield application


@pytest.fixture
def demo(demo_app: Flask) -> Iterator[None]:
    with demo_app.app_context():
        yield
        db.session.remove()


def test_bulk_cases_follow_the_case_life_cycle(demo):
    cases = {c.id: c for c in db.session.scalars(sa.select(CaseFile))}
    events: dict[int, list[CaseFileStatusEvent]] = defaultdict(list)
    for event in db.session.scalars(
        sa.select(CaseFileStatusEvent).order_by(CaseFileStatusEvent.case_file_id, CaseFileStatusEvent.id)
    ):
        events[event.case_file_id].append(event)
    resolution: dict[int, list[Clock]] = defaultdict(list)
    for clock in db.session.scalars(
        sa.select(Clock).where(Clock.record_type == RecordType.CASE, Clock.rule_id.in_(flow.RESOLUTION_RULES))
    ):
        resolution[clock.record_id].append(clock)
    outcomes = {o.case_file_id: o for o in db.session.scalars(sa.select(CaseOutcome))}

    for case in cases.values():
        mine = events[case.id]
        assert mine and mine[0].status == S.OPEN and mine[0].effective_on == case.opened_on, case.id
        assert mine[-1].status == case.status, (case.id, [e.status for e in mine])
        days = [e.effective_on for e in mine]
        assert days == sorted(days), case.id
        if case.case_type == CaseType.PETITION:
            assert {e.status for e in mine} <= {S.OPEN, S.CLOSED}, case.id
        ever_accepted = any(e.status == S.ACCEPTED for e in mine)
        if case.status in ACCEPTED_OR_LATER or (case.status == S.CLOSED and ever_accepted):
            assert case.accepted_on is not None
            assert len(resolution[case.id]) == 1, (case.id, case.status)
            clock = resolution[case.id][0]
            assert clock.rule_id == flow.resolution_rule(case.case_type, case.complaint_subtype, case.case_round)
            assert clock.trigger_on == case.accepted_on
            assert (clock.closed_at is not None) == (case.status in CLOCK_STOPPED), (case.id, case.status)
            assert case.resolution_due_on == (clock.due_on if clock.closed_at is None else None), case.id
        else:
            assert not resolution[case.id] and case.resolution_due_on is None, case.id
        if case.status in DECIDED_OR_LATER or (case.status == S.CLOSED and ever_accepted):
            outcome = outcomes[case.id]
            assert outcome.verdict in flow.verdicts_for(flow.CaseFacts(case.status, case.case_type,
                                                                       case.complaint_subtype, case.case_round))
            assert outcome.decided_on == case.decided_on
            assert outcome.resolved_on_time == flow.on_time(outcome.decided_on, resolution[case.id][0].due_on)
        # Each step a legal one of the table from the state before it (the letters' own close: open → closed).
        for before, after in zip(mine, mine[1:], strict=False):
            if after.transition is None:
                assert (before.status, after.status) == (S.OPEN, S.CLOSED), case.id
                continue
            row = flow.TABLE[flow.CaseEvent(after.transition)]
            assert before.status in row.from_states, (case.id, before.status, after.transition)
            if row.event != flow.CaseEvent.RESUME:
                assert (row.to or before.status) == after.status, (case.id, after.transition)

    # The demo's cases reach the life cycle's states through their own steps (not drawn).
    states = Counter((c.status, c.case_type) for c in cases.values())
    for status in (S.OPEN, S.CLOSED, S.ACCEPTED, S.VERIFYING, S.DECIDED, S.PUBLISHED, S.IMPLEMENTING):
        assert any(n for (s, _), n in states.items() if s == status), (status, states)
    assert states[(S.DIALOGUE_HELD, CaseType.DENUNCIATION)] == 0
    decided = [o for o in outcomes.values() if o.verdict is not None]
    assert any(o.return_money_persons > 0 for o in decided) and any(o.recovered_money > 0 for o in decided)


def test_bulk_implementations_write_their_ledger_entries(demo):
    """Each recorded implementation of the bulk demo has its dated ledger entry, on the day of its
    RECORD_IMPLEMENTATION event, with the outcome's figures; fully done exactly when implemented_on is set."""
    from petitions.cases.models import CaseImplementationEntry

    entries = list(db.session.scalars(sa.select(CaseImplementationEntry)))
    assert entries and any(e.fully_done for e in entries) and any(not e.fully_done for e in entries)
    outcomes = {o.case_file_id: o for o in db.session.scalars(sa.select(CaseOutcome))}
    recorded = {(e.case_file_id, e.effective_on) for e in db.session.scalars(
        sa.select(CaseFileStatusEvent).where(CaseFileStatusEvent.transition == "record_implementation"))}
    assert {(e.case_file_id, e.effective_on) for e in entries} == recorded
    for entry in entries:
        outcome = outcomes[entry.case_file_id]
        assert all(getattr(entry, name) == getattr(outcome, name) for name in flow.DONE_FIGURES), entry.case_file_id
        assert entry.fully_done == (outcome.implemented_on == entry.effective_on)
