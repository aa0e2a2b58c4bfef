"""The matter decided from the case page decides its letters still waiting for a route (issue 18): the case's
acceptance (or non-acceptance) paper issued moves every letter of the case before its route to "đã thụ lý" (or
"không thụ lý") with a status event dated the issue, a history row naming the paper, and its handling clocks
stopped (petitions.letters.handling.follow_case_decision, registered with petitions.cases.services). Letters
already routed are left alone, and the letters' own acceptance path does not apply twice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from petitions import clock as app_clock
from petitions.cases import transitions as tr
from petitions.cases.models import CaseFile, CaseFileStatusEvent
from petitions.deadlines.models import Clock, RecordType
from petitions.documents import services as documents
from petitions.domain.classification import DuplicateDecision
from petitions.domain.records import CaseStatus, LetterStatus
from petitions.extensions import db, immediate_transactions
from petitions.history import history_of
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.models import Letter, LetterStatusEvent
from petitions.letters.services import assign_letter
from tests.factories import make_letter
from tests.letters_papers.conftest import agency, complaint, office, seeded, ward  # noqa: F401  (fixtures)

HANDLING = {"D10", "D14", "D21", "D22"}


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(app_clock, "utcnow", lambda: datetime(2026, 12, 31, 3))


@pytest.fixture
def ban(seeded):  # noqa: F811
    with immediate_transactions():
        yield office("BTCD")


def joined(ban: Any, first: Letter, received_on: date = date(2026, 7, 3)) -> Letter:
    return make_letter(
        agency=ban.agency, actor=ban.officer, citizen_id=first.citizen_id, received_on=received_on,
        duplicate_decision=DuplicateDecision.EXISTING_CASE, case_id=first.case_id,
    )


def case_of(letter: Letter) -> CaseFile:
    case = db.session.get(CaseFile, letter.case_id)
    assert case is not None
    return case


def open_letter_rules(letter: Letter) -> set[str]:
    return set(db.session.scalars(sa.select(Clock.rule_id).where(
        Clock.record_type == RecordType.LETTER, Clock.record_id == letter.id, Clock.closed_at.is_(None))))


def letter_events(letter: Letter) -> list[tuple[LetterStatus, date, str | None]]:
    db.session.flush()
    rows = db.session.scalars(
        sa.select(LetterStatusEvent).where(LetterStatusEvent.letter_id == letter.id).order_by(LetterStatusEvent.id)
    )
    return [(e.status, e.effective_on, e.transition) for e in rows]


def case_events(case: CaseFile) -> list[tuple[CaseStatus, str | None]]:
    db.session.flush()
    rows = db.session.scalars(
        sa.select(CaseFileStatusEvent).where(CaseFileStatusEvent.case_file_id == case.id).order_by(CaseFileStatusEvent.id)
    )
    return [(e.status, e.transition) for e in rows]


def route(ban: Any, letter: Letter, paper: HandlingPaper, day: date, **args: Any) -> Any:
    assign_letter(letter, officer_id=ban.officer.id, direction="Xem xét, đề xuất", actor=ban.leader,
                  effective_on=date(2026, 7, 6))
    document = handling.propose_handling(letter, paper, actor=ban.officer, effective_on=date(2026, 7, 6), **args)
    handling.approve_proposal(letter, actor=ban.leader, effective_on=date(2026, 7, 6))
    return documents.issue_document(document, actor=ban.leader, issue_date=day)


def test_accepting_from_the_case_page_accepts_the_letters_still_before_their_route(ban, ward):  # noqa: F811
    received = complaint(ban, ward)
    assigned = joined(ban, received)
    assign_letter(assigned, officer_id=ban.officer.id, direction="Xem xét, đề xuất", actor=ban.leader,
                  effective_on=date(2026, 7, 6))
    forwarded = joined(ban, received, date(2026, 7, 4))
    route(ban, forwarded, HandlingPaper.FORWARD_COMPLAINT, date(2026, 7, 8), receiver_agency_id=agency("PHG").id)
    forwarded_before = letter_events(forwarded)
    case = case_of(received)
    assert "D10" in open_letter_rules(received) and received.handling_due_on is not None

    notice = tr.accept_case(case, actor=ban.leader)
    assert received.status == LetterStatus.RECEIVED  # drafted only
    documents.issue_document(notice, actor=ban.leader, issue_date=date(2026, 7, 16))

    assert case.status == CaseStatus.ACCEPTED
    for letter in (received, assigned):
        assert letter.status == LetterStatus.ACCEPTED
        assert letter_events(letter)[-1] == (LetterStatus.ACCEPTED, date(2026, 7, 16), handling.CASE_ACCEPTED)
        assert open_letter_rules(letter) & HANDLING == set()
        assert letter.handling_due_on is None  # off the worklist's overdue letters
        rows = [h for h in history_of("letter", letter.id) if h.field == "status"]
        assert rows[-1].new_value == LetterStatus.ACCEPTED
        assert "Thông báo thụ lý" in (rows[-1].reason or ""), rows[-1].reason
        stopped = db.session.scalars(sa.select(Clock).where(
            Clock.record_type == RecordType.LETTER, Clock.record_id == letter.id, Clock.rule_id == "D10")).one()
        assert "Thông báo thụ lý" in (stopped.close_reason or "")
    # Routed before the acceptance: left as it was.
    assert forwarded.status == LetterStatus.FORWARDED and letter_events(forwarded) == forwarded_before
    assert case_events(case)[-1] == (CaseStatus.ACCEPTED, "accept")


def test_not_accepting_from_the_case_page_decides_the_waiting_letters(ban, ward):  # noqa: F811
    first = complaint(ban, ward)
    second = joined(ban, first)
    case = case_of(first)
    draft = tr.not_accept_case(case, reason="Quyết định đã có hiệu lực pháp luật", actor=ban.leader)
    documents.issue_document(draft, actor=ban.leader, issue_date=date(2026, 7, 10))
    assert case.status == CaseStatus.NOT_ACCEPTED
    for letter in (first, second):
        assert letter.status == LetterStatus.NOT_ACCEPTED
        assert letter_events(letter)[-1] == (LetterStatus.NOT_ACCEPTED, date(2026, 7, 10), handling.CASE_NOT_ACCEPTED)
        assert open_letter_rules(letter) & HANDLING == set()


def test_the_letters_own_acceptance_is_applied_once(ban, ward):  # noqa: F811
    proposing = complaint(ban, ward)
    waiting = joined(ban, proposing)
    case = case_of(proposing)
    route(ban, proposing, HandlingPaper.PROPOSAL_ACCEPT, date(2026, 7, 8))

    assert case.status == CaseStatus.ACCEPTED
    assert [e for e in case_events(case) if e[0] == CaseStatus.ACCEPTED] == [(CaseStatus.ACCEPTED, "accept")]
    # The proposing letter moved by its own paper, once; the other letter of the matter with the case.
    assert [e for e in letter_events(proposing) if e[0] == LetterStatus.ACCEPTED] == [
        (LetterStatus.ACCEPTED, date(2026, 7, 8), "issue_paper")
    ]
    assert letter_events(waiting)[-1] == (LetterStatus.ACCEPTED, date(2026, 7, 8), handling.CASE_ACCEPTED)
    assert open_letter_rules(proposing) & HANDLING == set() and open_letter_rules(waiting) & HANDLING == set()
    # The acceptance notice drafted afterwards from the case page moves no letter again.
    before = [letter_events(proposing), letter_events(waiting)]
    documents.issue_document(tr.accept_case(case, actor=ban.leader), actor=ban.leader, issue_date=date(2026, 7, 9))
    assert [letter_events(proposing), letter_events(waiting)] == before
