"""`petitions demo`: letters in every handling state with their papers, clocks, status events and history
rows that agree, and a worklist a leader and an officer of the Ban would recognise."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from petitions.auth.models import User
from petitions.cli import DEMO_GENERATORS
from petitions.clock import local_today
from petitions.deadlines.models import Clock
from petitions.demo import run_demo
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.deadlines import HANDLING_RULE_IDS, retention_over
from petitions.domain.first_handling import first_handling
from petitions.domain.letter_flow import PAPER_EFFECTS, LetterTransition
from petitions.domain.records import LetterStatus, LetterType
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry
from petitions.letters.handling_papers import paper_of
from petitions.letters.models import Letter, LetterStatusEvent
from petitions.main.worklist import worklist
from petitions.numbering import NumberKind, RegisterCounter
from tests.conftest import app_on_own_database

# The demo builds thousands of records: run once, on PostgreSQL, in the slow group (CI time).
pytestmark = pytest.mark.load

# Transitions that leave the state as it was (their events repeat the state).
STATE_KEEPING = {LetterTransition.URGENT_REPORT.value, LetterTransition.ACKNOWLEDGE_URGENT.value}
ROUTE_PAPERS = {paper for paper, effect in PAPER_EFFECTS.items() if effect.to is not None}


@pytest.fixture(scope="module")
def handled_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """3,000 letters over three years (the papers' clocks, replies and destruction after a year need the span),
    once for the module, on a database of its own (the tests only read it)."""
    folder = tmp_path_factory.mktemp("handling-demo")
    with app_on_own_database(folder, LETTER_ATTACHMENT_FOLDER=str(folder / "letters")) as application:
        with application.app_context(), immediate_transactions():
            from petitions.cli import seed_reference_data

            seed_reference_data()
            db.session.commit()
            run_demo(DEMO_GENERATORS, letters=3000, years=3, commit=db.session.commit)
            db.session.remove()
        yield application


@pytest.fixture
def handled(handled_app: Flask) -> Iterator[list[Letter]]:
    with handled_app.app_context():
        yield list(db.session.scalars(sa.select(Letter).order_by(Letter.id)))
        db.session.remove()


def test_every_handling_state_appears_with_its_papers(handled):
    states = Counter(letter.status for letter in handled)
    expected = set(LetterStatus) - {LetterStatus.REFUSED, LetterStatus.NOT_ACCEPTED}  # no transition leads there
    assert expected <= set(states), expected - set(states)
    # Most letters are settled; the open ones are a small share and mostly recent.
    open_states = (LetterStatus.RECEIVED, LetterStatus.ASSIGNED, LetterStatus.PROPOSED, LetterStatus.APPROVED)
    still_open = [x for x in handled if x.status in open_states]
    assert 0.01 * len(handled) < len(still_open) < 0.1 * len(handled)
    today = local_today()
    assert sum((today - x.received_on).days <= 30 for x in still_open) > 0.6 * len(still_open)
    # Urgent reports: raised and acknowledged, and a few still waiting for a leader.
    assert any(x.urgent_reported_at and x.urgent_acknowledged_at for x in handled)
    assert any(x.urgent_reported_at and not x.urgent_acknowledged_at for x in handled)

    papers = defaultdict(list)
    for document in db.session.scalars(sa.select(Document).where(Document.record_type == "letter")):
        papers[document.record_id].append(document)
    by_id = {x.id: x for x in handled}
    events = defaultdict(list)
    for event in db.session.scalars(sa.select(LetterStatusEvent).order_by(LetterStatusEvent.id)):
        events[event.letter_id].append(event)
    kinds = Counter()
    for letter_id, documents in papers.items():
        letter = by_id[letter_id]
        for document in documents:
            kinds[paper_of(document)] += 1
            assert document.issuing_agency_id == letter.agency_in_charge_id
            assert document.signer_name and "…" not in document.signer_name and document.place
            if document.status == DocumentStatus.ISSUED:
                assert document.number and document.number_symbol.startswith(f"{document.number:02d}/")
                assert document.issue_date >= letter.received_on and document.number_year == document.issue_date.year
                # The step that issued it names its number.
                assert any(e.transition == "issue_paper" and document.number_symbol in (e.note or "")
                           for e in events[letter_id])
            else:
                assert document.number is None and letter.proposal_document_id == document.id
    assert {paper.value for paper in kinds} >= ROUTE_PAPERS - {"explain_settled"} | {"notice_denouncer_forwarded", "urgent_report"}
    # A forwarded denunciation has its slip and the notice to the denouncer, both issued.
    for letter in handled:
        if letter.status == LetterStatus.FORWARDED and letter.letter_type == LetterType.DENUNCIATION and papers.get(letter.id):
            issued = {paper_of(d).value for d in papers[letter.id] if d.status == DocumentStatus.ISSUED}
            assert {"forward_denunciation", "notice_denouncer_forwarded"} <= issued
    # Register numbers of each body and year: 1 … the counter's last number, once each.
    numbers = db.session.execute(
        sa.select(Document.issuing_agency_id, Document.number_year, Document.number).where(Document.number.is_not(None))
    ).all()
    assert len(numbers) == len(set(numbers))
    for counter in db.session.scalars(
        sa.select(RegisterCounter).where(RegisterCounter.kind == NumberKind.DOCUMENT_REGISTER)
    ):
        given = sorted(n for a, y, n in numbers if (a, y) == (counter.agency_id, counter.year))
        assert given == list(range(1, counter.last_number + 1))


def test_events_history_and_clocks_agree(handled):
    events = defaultdict(list)
    for event in db.session.scalars(sa.select(LetterStatusEvent).order_by(LetterStatusEvent.id)):
        events[event.letter_id].append(event)
    history = Counter(
        db.session.execute(sa.select(HistoryEntry.record_id).where(HistoryEntry.record_type == "letter")).scalars()
    )
    creates = set(db.session.scalars(
        sa.select(HistoryEntry.record_id).where(HistoryEntry.record_type == "letter", HistoryEntry.action == "create")
    ))
    clocks = defaultdict(list)
    for clock in db.session.scalars(sa.select(Clock).where(Clock.record_type == "letter")):
        clocks[clock.record_id].append(clock)
    for letter in handled:
        mine = events[letter.id]
        assert mine[0].transition == "register" and mine[0].status == LetterStatus.RECEIVED
        assert mine[0].effective_on == letter.received_on
        assert all(a.effective_on <= b.effective_on for a, b in zip(mine, mine[1:], strict=False))
        setting = [e for e in mine if e.transition not in STATE_KEEPING]
        assert setting[-1].status == letter.status, letter.id
        # One history row per step, the registration's being the record's creation.
        assert history[letter.id] == len(mine) and letter.id in creates
        if letter.status == LetterStatus.PROPOSED:
            assert letter.assigned_officer_id is not None and letter.proposal_document_id is not None
        if letter.status == LetterStatus.ASSIGNED:  # to an officer, or handed over to a body whose leader assigns
            assert letter.assigned_officer_id is not None or "hand_over" in {e.transition for e in mine}
        # The first handling on the row (01/XLD reads it) is the fold over the letter's events.
        first = first_handling((e.status, e.effective_on) for e in mine)
        assert (letter.first_handled_on, letter.first_handling_route) == (
            (first.on, first.route) if first else (None, None)
        ), letter.id
        running = [c for c in clocks[letter.id] if c.closed_at is None and c.rule_id in HANDLING_RULE_IDS]
        due = min((c.due_on for c in running if c.due_on), default=None)
        assert letter.handling_due_on == due
        for clock in clocks[letter.id]:
            if clock.closed_at is not None:
                assert clock.closed_at.date() >= letter.received_on and clock.close_reason
        if letter.status in (LetterStatus.FILED, LetterStatus.DESTROYED, LetterStatus.ACCEPTED, LetterStatus.RETURNED):
            assert not running, letter.id
        if letter.status in (LetterStatus.FILED, LetterStatus.DESTROYED):
            assert letter.filed_on is not None and letter.filed_on >= letter.received_on
        if letter.status == LetterStatus.DESTROYED:
            # Past the retention, under a destruction record; the register line stays, writer and content go.
            assert retention_over(letter.filed_on, mine[-1].effective_on)
            assert letter.citizen_id is None and letter.identity_ref_id is None and letter.summary == ""
            if letter.destruction_document_id is not None:
                record = db.session.get(Document, letter.destruction_document_id)
                assert record.doc_type == "BB_HUY_DON" and record.status == DocumentStatus.ISSUED
                assert letter.id in record.body_data["destroyed_letter_ids"]
                assert record.number_symbol in mine[-1].note
    assert any(x.destruction_document_id for x in handled)
    returned = [
        x for x in handled
        if x.status == LetterStatus.ASSIGNED
        and [e.transition for e in events[x.id] if e.transition not in STATE_KEEPING][-1] == "return_for_revision"
    ]
    assert returned


def test_the_default_demo_gives_the_ban_a_worklist(runner):
    result = runner.invoke(args=["demo"])  # the default: 1,000 letters
    assert result.exit_code == 0, result.output
    today = local_today()

    def counts(username):
        user = db.session.scalar(sa.select(User).where(User.username == username))
        return {page.section.key: page.count for page in worklist(user, today)}

    leader = counts("btcd.lanhdao")
    for key in ("to_assign", "awaiting_approval", "office_due_soon"):
        assert leader[key] > 0, leader
    assert leader["to_assign"] < 50
    officers = [counts(f"btcd.canbo{n}") for n in range(1, 5)]
    assert sum(o["to_handle"] > 0 for o in officers) >= 2 and sum(o["to_handle"] for o in officers) >= 5, officers
    assert sum(o["mine_due_soon"] + o["mine_overdue"] for o in officers) > 0
    # Demo accounts cannot be signed into before an administrator gives them a password.
    assert all(u.must_change_password for u in db.session.scalars(sa.select(User).where(User.username.like("btcd.%"))))
