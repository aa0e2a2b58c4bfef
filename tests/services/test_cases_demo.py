"""`petitions demo`: cases in every state of the case flow, with their papers issued through the register, status
events naming each step, clocks and outcomes that agree (petitions.cases.demo)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from petitions.cases import transitions as tr
from petitions.cases.demo import PLANS
from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseOutcome
from petitions.cli import DEMO_AFTER_WRITE, DEMO_GENERATORS
from petitions.deadlines.models import Clock, RecordType
from petitions.demo import run_demo
from petitions.documents.models import Document, DocumentStatus
from petitions.domain import case_flow as flow
from petitions.domain.records import CaseRound, CaseStatus
from petitions.extensions import db, immediate_transactions
from tests.conftest import app_on_own_database

# The demo builds thousands of records: run once, on PostgreSQL, in the slow group (CI time).
pytestmark = pytest.mark.load


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, Any]]:
    """One demo for the module, on a database of its own (the tests only read it)."""
    folder = tmp_path_factory.mktemp("cases-demo")
    with app_on_own_database(folder, LETTER_ATTACHMENT_FOLDER=str(folder / "letters")) as application:
        with application.app_context(), immediate_transactions():
            from petitions.cli import seed_reference_data

            seed_reference_data()
            db.session.commit()
            result = run_demo(DEMO_GENERATORS, letters=2000, years=1, commit=db.session.commit,
                              after_write=DEMO_AFTER_WRITE)
            db.session.remove()
        yield application, result


@pytest.fixture
def demo(demo_app: tuple[Flask, Any]) -> Iterator[Any]:
    application, result = demo_app
    with application.app_context():
        yield result
        db.session.remove()


def test_demo_cases_reach_every_state_with_their_papers_and_events(demo):
    assert demo.made["cases"] == len(PLANS)
    # The cases that went through the services have papers (and the second round they opened); the bulk
    # cases' steps (petitions.letters.demo_handling.follow_cases) have none.
    flowed = list(db.session.scalars(sa.select(CaseFile).where(sa.or_(
        CaseFile.id.in_(sa.select(Document.record_id).where(Document.record_type == tr.RECORD_TYPE)),
        CaseFile.parent_case_id.is_not(None),
    ))))
    assert len(flowed) == len(PLANS) + 1  # and the second round's case
    states = Counter(case.status for case in flowed)
    every = set(CaseStatus) - {CaseStatus.OPEN}
    assert every <= set(states), every - set(states)
    assert any(c.case_round == CaseRound.SECOND and c.parent_case_id for c in flowed)
    for case in flowed:
        events = list(db.session.scalars(
            sa.select(CaseFileStatusEvent).where(CaseFileStatusEvent.case_file_id == case.id)
            .order_by(CaseFileStatusEvent.id)))
        assert events[-1].status == case.status
        days = [e.effective_on for e in events]
        assert days == sorted(days)
        papers = tr.case_papers(case)
        assert all(d.status == DocumentStatus.ISSUED and d.number_symbol for d in papers)
        for event in events:
            if event.transition is None:
                continue
            paper = flow.TABLE[flow.CaseEvent(event.transition)].paper(case.case_type)
            if paper is not None:
                assert any(tr.case_paper_of(d) == paper and d.issue_date == event.effective_on for d in papers), (
                    case.id, event.transition)
        running = tr.resolution_clock(case)
        if case.status in flow.RUNNING or case.status in (CaseStatus.SUSPENDED, CaseStatus.WITHDRAWN):
            assert running is not None
        else:
            assert running is None
    outcomes = list(db.session.scalars(sa.select(CaseOutcome)))
    assert outcomes and all(isinstance(o.return_money_persons, Decimal) and o.verdict for o in outcomes)
    assert any(o.returned_money_persons > 0 and o.implemented_on for o in outcomes)
    extended = [c for c in db.session.scalars(sa.select(Clock).where(Clock.record_type == RecordType.CASE,
                                                                       Clock.rule_id == "D24"))
                if len(c.extension_days or ()) == 2 and c.pauses]
    assert extended
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document).where(
        Document.record_type == "case_file")) >= len(PLANS)


def test_demo_decisions_are_the_competent_bodys_and_carry_the_recorded_findings_and_dialogue(demo):
    """A demo decision prints what the issued verification report found and what the dialogue concluded (as the
    case page's decision form pre-fills them), in the register of the body that resolves the case."""
    from petitions.cases.papers import case_params, recorded_findings, resolving_body
    from petitions.domain.issuers import ADVISORY_LEVELS

    decided = [d for d in db.session.scalars(sa.select(Document).where(Document.record_type == "case_file"))
               if tr.case_paper_of(d) == flow.CasePaper.COMPLAINT_DECISION]
    assert decided
    heard, by_the_ban = 0, 0
    for document in decided:
        case = db.session.get(CaseFile, document.record_id)
        assert case is not None
        body = resolving_body(case)
        assert document.issuing_agency_id == body.id and body.level not in ADVISORY_LEVELS
        by_the_ban += body.id != case.agency_in_charge_id
        findings, dialogue = recorded_findings(case)
        params = case_params(document)
        assert findings and params["findings"] == findings
        if dialogue:
            heard += 1
            assert params["dialogue"] == dialogue
            printed = " ".join(str(b) for b in (document.body_data or {}).get("body", ()))
            assert dialogue in printed and "Không tổ chức đối thoại" not in printed
    assert heard and by_the_ban  # a dialogue was held; a case of the Ban is decided in the UBND tỉnh's register
