"""The case services under random sequences (hypothesis stateful testing): random events, by random roles (and the
system), on random later days, over complaints (administrative, disciplinary) and denunciations, across rounds.

Checked after every step:
- an event the table refuses (petitions.domain.case_flow) is refused by the service and changes nothing;
- an event applied writes exactly one status event naming it (the new case's for a next round), history rows
  under one reason, and the state the table gives;
- a case is decided only after its verification report (the refusal is predicted by the table);
- the clocks stay consistent: a decided, closed or ended case has no open resolution clock; a suspended case's
  is paused; a running case's runs; D20 runs only on a terminated complaint; every open clock's stored due date
  equals a fresh recomputation; the case's resolution_due_on is its earliest open resolution deadline.

Bounded (max_examples, stateful_step_count) so that a run takes a few seconds per database.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from petitions import clock as app_clock
from petitions.cases import transitions as tr
from petitions.cases.models import CaseFile, CaseFileStatusEvent
from petitions.deadlines.queries import load_working_calendar
from petitions.deadlines.services import ClockInput, evaluate, seed_calendar
from petitions.documents import services as documents
from petitions.documents.models import Document
from petitions.domain import case_flow as flow
from petitions.domain.case_flow import CaseEvent, CaseTransitionRefused
from petitions.domain.records import CaseStatus, CaseType, ComplaintSubtype, Complexity
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry
from tests.factories import make_case, make_user
from tests.letters_papers.conftest import office, seeded  # noqa: F401  (fixtures)

TODAY = date(2026, 12, 31)
START = date(2026, 7, 1)
FLOW_RECORDS = ("case", "clock", "case_outcome")
NO_RESOLUTION = frozenset(
    {CaseStatus.OPEN, CaseStatus.NOT_ACCEPTED, CaseStatus.TERMINATED, CaseStatus.LAPSED, CaseStatus.TO_COURT,
     CaseStatus.CLOSED} | flow.DONE
)
# Events that end a case early: drawn less often, so that sequences reach the decision and beyond.
ENDINGS = frozenset({CaseEvent.NOT_ACCEPT, CaseEvent.WITHDRAW, CaseEvent.TERMINATE, CaseEvent.TO_COURT})
KINDS = [
    (CaseType.COMPLAINT, ComplaintSubtype.ADMINISTRATIVE),
    (CaseType.COMPLAINT, ComplaintSubtype.DISCIPLINARY),
    (CaseType.DENUNCIATION, None),
]
money = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


def _figures(draw: Any, names: tuple[str, ...]) -> dict[str, Decimal | int]:
    chosen = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
    return {n: draw(money) if n in flow.DECIMAL_FIGURES else draw(st.integers(0, 5)) for n in chosen}


def start(case: CaseFile, event: CaseEvent, actor: Any, day: date, data: Any) -> Document | CaseFile:
    """Call the event's service with plausible parameters (drawn), dated `day`."""
    if event == CaseEvent.ACCEPT:
        return tr.accept_case(case, actor=actor)
    if event == CaseEvent.NOT_ACCEPT:
        return tr.not_accept_case(case, reason="Không đủ điều kiện thụ lý", actor=actor)
    if event == CaseEvent.ASSIGN_VERIFICATION:
        return tr.assign_verification(case, actor=actor, plan="Xác minh tại chỗ")
    if event == CaseEvent.REPORT_VERIFICATION:
        return tr.report_verification(case, findings="Kết quả xác minh đầy đủ", actor=actor)
    if event == CaseEvent.HOLD_DIALOGUE:
        return tr.hold_dialogue(case, held_on=day, participants=("Người khiếu nại",), result="Đã đối thoại xong",
                                actor=actor)
    if event == CaseEvent.RECLASSIFY:
        return tr.reclassify_case(case, complexity=data.draw(st.sampled_from(Complexity)), remote=data.draw(st.booleans()),
                                  reason="Phân loại lại theo biên bản", actor=actor, effective_on=day)
    if event == CaseEvent.EXTEND:
        return tr.extend_case(case, days=data.draw(st.integers(1, 30)), reason="Cần xác minh thêm", actor=actor)
    if event == CaseEvent.SUSPEND:
        return tr.suspend_case(case, reason="Chờ kết quả giám định", actor=actor, effective_on=day)
    if event == CaseEvent.RESUME:
        return tr.resume_case(case, reason="Đã có kết quả giám định", actor=actor)
    if event == CaseEvent.WITHDRAW:
        return tr.withdraw_case(case, reason="Người viết đơn rút đơn", actor=actor, effective_on=day)
    if event == CaseEvent.TERMINATE:
        return tr.terminate_case(case, reason="Người viết đơn rút đơn", actor=actor)
    if event == CaseEvent.LAPSE:
        return tr.lapse_case(case, actor=actor, effective_on=day)
    if event == CaseEvent.DECIDE:
        verdicts = sorted(flow.verdicts_for(tr.case_facts(case))) or ["right"]
        return tr.decide_case(case, verdict=data.draw(st.sampled_from(verdicts)), actor=actor,
                              figures=_figures(data.draw, flow.ORDERED_FIGURES))
    if event == CaseEvent.NOTIFY_RESULT:
        return tr.notify_result(case, actor=actor, result="Đã thông báo", effective_on=day)
    if event == CaseEvent.PUBLISH:
        return tr.publish_result(case, actor=actor, form="Niêm yết tại trụ sở")
    if event == CaseEvent.START_IMPLEMENTATION:
        return tr.start_implementation(case, actor=actor, effective_on=day)
    if event == CaseEvent.RECORD_IMPLEMENTATION:
        return tr.record_implementation(case, figures=_figures(data.draw, flow.DONE_FIGURES), actor=actor,
                                        effective_on=day)
    if event == CaseEvent.CLOSE:
        return tr.close_resolved_case(case, actor=actor, effective_on=day)
    if event == CaseEvent.NEXT_ROUND:
        return tr.open_next_round(case, received_on=day, actor=actor, reason="Khiếu nại, tố cáo tiếp")
    assert event == CaseEvent.TO_COURT
    return tr.record_court_filing(case, reference="Tòa án nhân dân tỉnh", actor=actor, effective_on=day)


class CaseMachine(RuleBasedStateMachine):
    actors: dict[Role | None, Any] = {}

    def __init__(self) -> None:
        super().__init__()
        self.savepoint = db.session.begin_nested()
        self.day = START
        self.case: CaseFile | None = None

    @initialize(kind=st.sampled_from(KINDS))
    def open_case(self, kind: tuple[CaseType, ComplaintSubtype | None]) -> None:
        case_type, subtype = kind
        agency = self.actors[Role.LEADER].agency
        self.case = make_case(agency=agency, case_type=case_type, complaint_subtype=subtype, title="Vụ việc thử",
                              opened_on=self.day)

    def _counts(self) -> tuple[int, int]:
        db.session.flush()
        return (db.session.scalar(sa.select(sa.func.max(CaseFileStatusEvent.id))) or 0,
                db.session.scalar(sa.select(sa.func.max(HistoryEntry.id))) or 0)

    @rule(role=st.sampled_from([Role.LEADER, Role.LEADER, Role.HANDLER, Role.RECEPTION_OFFICER, Role.VIEWER, None]),
          advance=st.integers(0, 12), data=st.data())
    def step(self, role: Role | None, advance: int, data: Any) -> None:
        case = self.case
        assert case is not None
        self.day = min(self.day + timedelta(days=advance), TODAY)
        facts = tr.case_facts(case)
        if not any(flow.available_events(facts, r) for r in (Role.LEADER, Role.HANDLER)):
            # Nobody can move this case any more (not accepted, lapsed, in court …): go on with a new one.
            self.open_case(data.draw(st.sampled_from(KINDS), label="next kind"))
            return
        # Mostly an event the table offers this role (else few sequences would get past acceptance), sometimes any.
        offered = flow.available_events(facts, role)
        any_event = data.draw(st.integers(0, 5)) == 0 or not offered
        choices = list(CaseEvent) if any_event else [e for e in offered for _ in range(1 if e in ENDINGS else 4)]
        event = data.draw(st.sampled_from(choices), label="event")
        allowed = flow.allowed(facts, event, role)
        before_status = case.status
        event_mark, history_mark = self._counts()
        actor = self.actors[role]
        applied: Document | CaseFile | None = None
        try:
            with db.session.begin_nested():
                applied = start(case, event, actor, self.day, data)
                if isinstance(applied, Document):
                    documents.issue_document(applied, actor=actor, issue_date=self.day)
        except CaseTransitionRefused:
            applied = None
        except DomainError:
            # A rule's limit or a paper's own check (the table allowed it): refused too, never a table refusal.
            assert allowed, (event, role, facts)
            applied = None
        db.session.expire_all()
        if event == CaseEvent.DECIDE and not facts.verification_reported:
            assert not allowed  # the model: no decision without the verification report (Luật KN Đ29, TC Đ35)
        if not allowed:
            assert applied is None, f"{event} by {role} applied in {facts.status}"
        if applied is None:
            assert case.status == before_status
            assert self._counts()[0] == event_mark
            return
        events = list(db.session.scalars(sa.select(CaseFileStatusEvent).where(CaseFileStatusEvent.id > event_mark)))
        assert [e.transition for e in events] == [event.value], events
        rows = list(db.session.scalars(sa.select(HistoryEntry).where(
            HistoryEntry.id > history_mark, HistoryEntry.record_type.in_(FLOW_RECORDS))))
        assert rows and len({r.reason for r in rows}) == 1, (event, {r.reason for r in rows})
        if event == CaseEvent.NEXT_ROUND:
            assert isinstance(applied, CaseFile) and applied.parent_case_id == case.id
            assert events[0].case_file_id == applied.id and applied.status == CaseStatus.OPEN
            assert case.status == before_status
            self.case = applied
        else:
            assert events[0].case_file_id == case.id
            assert case.status == flow.next_state(facts, event, None) == events[0].status

    @invariant()
    def clocks_are_consistent(self) -> None:
        case = self.case
        if case is None:
            return
        if case.decided_on is not None:  # every decision rests on an earlier (or same-day) verification report
            assert case.verification_reported_on is not None and case.verification_reported_on <= case.decided_on
        running = tr.resolution_clock(case)
        if case.status in NO_RESOLUTION:
            assert running is None, (case.status, running)
        elif case.status == CaseStatus.SUSPENDED:
            assert running is not None and running.paused_since is not None
        elif case.status in flow.RUNNING:
            assert running is not None and running.paused_since is None
        else:
            assert case.status == CaseStatus.WITHDRAWN and running is not None
        calendar = load_working_calendar()
        open_clocks = [c for c in tr.case_clocks(case) if c.closed_at is None]
        for clock in open_clocks:
            fresh = evaluate(ClockInput.of(clock), calendar)
            assert fresh is not None and fresh.due_on == clock.due_on, clock.rule_id
        if any(c.rule_id == "D20" for c in open_clocks):
            assert case.status == CaseStatus.TERMINATED and case.case_type == CaseType.COMPLAINT
        dues = [c.due_on for c in open_clocks if c.rule_id in flow.RESOLUTION_RULES | {"D26"} and c.due_on]
        assert case.resolution_due_on == (min(dues) if dues else None)

    def teardown(self) -> None:
        self.savepoint.rollback()


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(app_clock, "utcnow", lambda: datetime(TODAY.year, TODAY.month, TODAY.day, 3))


def test_random_case_events_keep_the_case_and_its_clocks_consistent(seeded, frozen):  # noqa: F811
    seed_calendar()
    with immediate_transactions():
        ban = office("BTCD")
        CaseMachine.actors = {
            Role.LEADER: ban.leader, Role.HANDLER: ban.officer, None: None,
            Role.RECEPTION_OFFICER: make_user(role=Role.RECEPTION_OFFICER, agency=ban.agency),
            Role.VIEWER: make_user(role=Role.VIEWER, agency=ban.agency),
        }
        run_state_machine_as_test(
            CaseMachine,
            settings=settings(max_examples=40, stateful_step_count=25, deadline=None, database=None,
                              suppress_health_check=list(HealthCheck)),
        )
