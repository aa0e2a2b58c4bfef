"""Every case transition of the API (POST /api/v1/cases/{id}/<action>, petitions.api.case_actions) against the
database: the case brought to the state the action needs through flow's services (tests/api/case_states.py), the
action taken by B's leader with a typed body and If-Match, and then what the page's call writes — the paper
drafted (issued here as on its document page, after which the case moves), or the event applied at once — with
its history. Then per action: another agency's case by path → 404, another agency's ids in the body → 404 like
missing ones, no If-Match → 428, a stale ETag → 412, a read-scope token and a role flow's table refuses → 403,
each writing nothing; and the services' refusals → 422 in Vietnamese."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from petitions.auth import tokens
from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseOutcome
from petitions.clock import local_today
from petitions.deadlines.services import seed_calendar
from petitions.directory.models import AgencyOfficial
from petitions.documents.models import Document, DocumentStatus
from petitions.documents.services import issue_document
from petitions.domain.case_flow import CaseEvent, CasePaper
from petitions.domain.issuers import OfficialRole
from petitions.domain.records import CaseRound, CaseStatus, CaseType, ComplaintSubtype, Complexity
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry
from tests.api.case_states import BODIES, DENUNCIATION_ACTIONS, bring
from tests.api.helpers import Api, token_for
from tests.factories import make_agency, make_case, make_user

P, S, E = CasePaper, CaseStatus, CaseEvent
# action → (its event, the paper it drafts (None: applied at once), the case's status once done)
EXPECTED: dict[str, tuple[CaseEvent, CasePaper | None, CaseStatus]] = {
    "accept": (E.ACCEPT, P.COMPLAINT_ACCEPTANCE_NOTICE, S.ACCEPTED),
    "not_accept": (E.NOT_ACCEPT, P.COMPLAINT_REJECTION_NOTICE, S.NOT_ACCEPTED),
    "reclassify": (E.RECLASSIFY, None, S.OPEN),
    "verify": (E.ASSIGN_VERIFICATION, P.VERIFICATION_ASSIGNMENT, S.VERIFYING),
    "withdraw": (E.WITHDRAW, None, S.WITHDRAWN),
    "suspend": (E.SUSPEND, P.SUSPENSION_DECISION, S.SUSPENDED),
    "resume": (E.RESUME, P.RESUMPTION_DECISION, S.ACCEPTED),
    "terminate": (E.TERMINATE, P.TERMINATION_DECISION, S.TERMINATED),
    "lapse": (E.LAPSE, None, S.LAPSED),
    "report": (E.REPORT_VERIFICATION, P.VERIFICATION_REPORT, S.VERIFYING),
    "dialogue": (E.HOLD_DIALOGUE, P.DIALOGUE_RECORD, S.DIALOGUE_HELD),
    "decide": (E.DECIDE, P.COMPLAINT_DECISION, S.DECIDED),
    "notify": (E.NOTIFY_RESULT, None, S.DECIDED),
    "publish": (E.PUBLISH, P.PUBLICATION_RECORD, S.PUBLISHED),
    "implement": (E.START_IMPLEMENTATION, None, S.IMPLEMENTING),
    "implemented": (E.RECORD_IMPLEMENTATION, None, S.IMPLEMENTING),
    "close": (E.CLOSE, None, S.CLOSED),
    "court": (E.TO_COURT, None, S.TO_COURT),
    "next_round": (E.NEXT_ROUND, None, S.DECIDED),  # this case stays; the new one is checked on its own
    "extend": (E.EXTEND, P.EXTENSION_DECISION, S.ACCEPTED),
}
ACTIONS = sorted(EXPECTED)
# The leaders' transitions in flow's table: a handler is refused them (403); the rest are the handlers' too, and
# a viewer is refused every one.
LEADERS_ONLY = {"accept", "not_accept", "verify", "reclassify", "extend", "suspend", "resume", "terminate", "lapse",
                "decide", "next_round"}


class Office:
    def __init__(self, code: str, tag: str) -> None:
        self.agency = make_agency(code=code, name=f"Ban {tag}")
        self.leader = make_user(role=Role.LEADER, agency=self.agency, full_name=f"Lãnh Đạo {tag}")
        self.handler = make_user(role=Role.HANDLER, agency=self.agency, full_name=f"Cán Bộ {tag}")
        # The head who signs the case's papers (issuing one needs a real signer).
        db.session.add(AgencyOfficial(agency_id=self.agency.id, role=OfficialRole.HEAD, title="Trưởng ban",
                                      name=f"Trưởng Ban {tag}"))
        self.complaint = make_case(agency_in_charge_id=self.agency.id, case_type=CaseType.COMPLAINT,
                                   complaint_subtype=ComplaintSubtype.ADMINISTRATIVE, opened_on=date(2026, 8, 10),
                                   title=f"Khiếu nại về bồi thường ({tag})")
        self.denunciation = make_case(agency_in_charge_id=self.agency.id, case_type=CaseType.DENUNCIATION,
                                      opened_on=date(2026, 8, 10), title=f"Tố cáo cán bộ địa chính ({tag})")

    def case_for(self, action: str) -> CaseFile:
        return self.denunciation if action in DENUNCIATION_ACTIONS else self.complaint

    def own(self) -> dict[str, Any]:
        return {"officer": self.handler.id, "agency": self.agency.id}


@pytest.fixture
def offices(app, session):
    seed_calendar()
    with immediate_transactions():
        a, b = Office("CAA", "Tỉnh A"), Office("CAB", "Tỉnh B")
    db.session.commit()
    return a, b


def brought(office: Office, action: str) -> CaseFile:
    case = office.case_for(action)
    with immediate_transactions():
        bring(case, action, actor=office.leader)
    db.session.commit()
    return case


def api_of(app: Any, user: Any, scope: str = tokens.WRITE) -> Api:
    return Api(app.test_client(), token_for(user, scope=scope))


def url(case: CaseFile, action: str) -> str:
    return f"/api/v1/cases/{case.id}/{action.replace('_', '-')}"


def etag(case: CaseFile) -> str:
    db.session.refresh(case)
    return f'"v{case.version}"'


def footprint() -> tuple[int, ...]:
    """What a transition writes: papers, status events, cases, history rows, implementation figures."""
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Document, CaseFileStatusEvent, CaseFile, HistoryEntry, CaseOutcome)
    )


def problem(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.get_data(as_text=True)
    assert answer.content_type == "application/problem+json"
    assert answer.json["status"] == status and answer.json["detail"]
    return answer.json


def events(case: CaseFile) -> list[CaseFileStatusEvent]:
    return list(db.session.scalars(
        sa.select(CaseFileStatusEvent).where(CaseFileStatusEvent.case_file_id == case.id).order_by(CaseFileStatusEvent.id)
    ))


def history(record_type: str, record_id: int) -> list[HistoryEntry]:
    return list(db.session.scalars(
        sa.select(HistoryEntry).where(HistoryEntry.record_type == record_type, HistoryEntry.record_id == record_id)
        .order_by(HistoryEntry.id)
    ))


# ---------------------------------------------------------------------------------------------------------
# The happy path, against the database
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_each_transition_runs_the_pages_service_and_the_database_shows_it(app, offices, action):
    _a, b = offices
    case = brought(b, action)
    event, paper, status = EXPECTED[action]
    before_status, before_events = case.status, len(events(case))
    last_history = db.session.scalar(sa.select(sa.func.max(HistoryEntry.id))) or 0
    answer = api_of(app, b.leader).post(url(case, action), json=BODIES[action](b.own()), headers={"If-Match": etag(case)})
    assert answer.status_code == (201 if action == "next_round" else 200), answer.get_data(as_text=True)
    db.session.expire_all()

    if action == "next_round":
        new = db.session.get(CaseFile, answer.json["id"])
        assert answer.headers["Location"] == f"/api/v1/cases/{new.id}"
        assert answer.headers["ETag"] == f'"v{new.version}"'
        assert (new.parent_case_id, new.case_round, new.status, new.agency_in_charge_id) == (
            case.id, CaseRound.SECOND, S.OPEN, b.agency.id)
        assert [(e.status, e.transition) for e in events(new)] == [(S.OPEN, E.NEXT_ROUND.value)]
        assert history("case", new.id)[0].actor_id == b.leader.id
        assert case.status == status
        return

    assert answer.json["case"]["id"] == case.id
    assert answer.headers["ETag"] == etag(case) and answer.json["case"]["version"] == case.version
    if paper is None:
        # Applied at once: the new status, one status event naming the event, history rows by the token's user.
        assert answer.json["document_id"] is None
        assert case.status == status and answer.json["case"]["status"] == status.value
        written = events(case)[before_events:]
        assert [(e.status, e.transition) for e in written] == [(status, event.value)]
        rows = db.session.scalars(sa.select(HistoryEntry).where(
            HistoryEntry.id > last_history, HistoryEntry.record_type.in_(("case", "case_outcome", "clock")))).all()
        assert rows and {r.actor_id for r in rows} == {b.leader.id}
    else:
        # A paper drafted by the token's user; the case moves when it is issued (as from the page).
        document = db.session.get(Document, answer.json["document_id"])
        assert (document.status, document.record_type, document.record_id) == (DocumentStatus.DRAFT, "case_file", case.id)
        assert document.body_data["case_paper"] == paper.value
        assert [(r.action, r.actor_id) for r in history("document", document.id)][:1] == [("create", b.leader.id)]
        assert case.status == before_status and len(events(case)) == before_events
        with immediate_transactions():
            issue_document(document, actor=b.leader, issue_date=local_today())
        db.session.commit()
        assert case.status == status
        assert [(e.status, e.transition) for e in events(case)[before_events:]] == [(status, event.value)]
    _check_what_the_body_said(action, case, b)


def _check_what_the_body_said(action: str, case: CaseFile, b: Office) -> None:
    """The body's typed values reached the service as the page's form gives them (figures exact)."""
    outcome = db.session.scalar(sa.select(CaseOutcome).where(CaseOutcome.case_file_id == case.id))
    if action == "decide":
        assert (outcome.verdict.value, outcome.return_money_persons, outcome.return_land_persons,
                outcome.restored_persons, outcome.recover_money) == ("partly_right", Decimal("1250.5"),
                                                                      Decimal("120.25"), 2, Decimal(0))
    elif action == "implemented":
        assert (outcome.returned_money_persons, outcome.returned_land_persons, outcome.implemented_on) == (
            Decimal("1250.5"), Decimal("120.25"), date(2026, 9, 12))
    elif action == "verify":
        assert case.handler_id == b.handler.id
    elif action == "reclassify":
        assert (case.complexity, case.is_remote) == (Complexity.COMPLEX, True)
    elif action == "court":
        assert case.court_reference.startswith("Tòa án nhân dân tỉnh") and case.court_filed_on == date(2026, 9, 10)
    elif action == "withdraw":
        assert events(case)[-1].effective_on == date(2026, 8, 25)


def test_the_decision_starts_from_the_recorded_findings_as_the_page_form_does(app, offices):
    _a, b = offices
    case = brought(b, "decide")
    answer = api_of(app, b.leader).post(url(case, "decide"), json={"verdict": "right"}, headers={"If-Match": etag(case)})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    params = db.session.get(Document, answer.json["document_id"]).body_data["case_params"]
    assert params["findings"] == "Hồ sơ bồi thường áp dụng sai đơn giá đất ở."
    assert params["recover_money"] == "0" and params["restored_orgs"] == 0


def test_a_handler_takes_the_transitions_the_table_gives_handlers(app, offices):
    _a, b = offices
    case = brought(b, "report")
    answer = api_of(app, b.handler).post(url(case, "report"), json=BODIES["report"](b.own()), headers={"If-Match": etag(case)})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert db.session.get(Document, answer.json["document_id"]).body_data["case_paper"] == P.VERIFICATION_REPORT.value


# ---------------------------------------------------------------------------------------------------------
# Scope, concurrency, roles: each refused and nothing written
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_another_agencys_case_is_missing_by_path(app, offices, action):
    a, b = offices
    theirs = brought(a, action)  # in the very state the action needs: only the scope refuses it
    before = footprint()
    missing = problem(api_of(app, b.leader).post(url(theirs, action), json=BODIES[action](b.own()),
                                                 headers={"If-Match": etag(theirs)}), 404)
    assert footprint() == before
    assert theirs.title not in str(missing)
    # Their own leader may: the refusal was the scope's.
    answer = api_of(app, a.leader).post(url(theirs, action), json=BODIES[action](a.own()), headers={"If-Match": etag(theirs)})
    assert answer.status_code in (200, 201), answer.get_data(as_text=True)


@pytest.mark.parametrize(("action", "field", "kind"), [
    ("verify", "handler_id", "officer"), ("next_round", "agency_in_charge_id", "agency"),
])
def test_another_agencys_id_in_the_body_is_missing_like_a_missing_one(app, offices, action, field, kind):
    a, b = offices
    case = brought(b, action)
    api = api_of(app, b.leader)
    before = footprint()
    details = set()
    for bad in (a.own()[kind], b.own()[kind] + 100_000):
        answer = api.post(url(case, action), json={**BODIES[action](b.own()), field: bad}, headers={"If-Match": etag(case)})
        details.add(problem(answer, 404)["detail"])
        assert "Tỉnh A" not in answer.get_data(as_text=True)
    assert len(details) == 1  # the other agency's record and a missing one answer alike
    assert footprint() == before


def test_a_verifying_officer_outside_the_body_in_charge_or_without_the_role_is_missing(app, offices):
    _a, b = offices
    case = brought(b, "verify")
    viewer = make_user(role=Role.VIEWER, agency=b.agency)
    db.session.commit()
    answer = api_of(app, b.leader).post(url(case, "verify"), json={**BODIES["verify"](b.own()), "handler_id": viewer.id},
                                        headers={"If-Match": etag(case)})
    assert problem(answer, 404)["detail"] == "Không tìm thấy cán bộ đã chọn."


@pytest.mark.parametrize("action", ACTIONS)
def test_without_if_match_428_and_with_a_stale_etag_412_nothing_written(app, offices, action):
    _a, b = offices
    case = brought(b, action)
    api = api_of(app, b.leader)
    read = etag(case)
    before = footprint()
    problem(api.post(url(case, action), json=BODIES[action](b.own())), 428)
    assert footprint() == before
    # Someone saves the case after it was read: the ETag read is stale.
    case.title = f"{case.title} (đã sửa)"
    db.session.commit()
    before = footprint()
    stale = problem(api.post(url(case, action), json=BODIES[action](b.own()), headers={"If-Match": read}), 412)
    assert "If-Match" in stale["detail"]
    assert footprint() == before


@pytest.mark.parametrize("action", ACTIONS)
def test_a_read_token_and_a_role_the_table_refuses_get_403(app, offices, action):
    _a, b = offices
    case = brought(b, action)
    refused_role = Role.HANDLER if action in LEADERS_ONLY else Role.VIEWER
    other = make_user(role=refused_role, agency=b.agency)
    db.session.commit()
    before = footprint()
    body = BODIES[action](b.own())
    read_only = problem(api_of(app, b.leader, scope=tokens.READ).post(url(case, action), json=body,
                                                                    headers={"If-Match": etag(case)}), 403)
    assert "chỉ được đọc" in read_only["detail"]
    problem(api_of(app, other).post(url(case, action), json=body, headers={"If-Match": etag(case)}), 403)
    assert footprint() == before


# ---------------------------------------------------------------------------------------------------------
# Refusals: the services' rules (422, Vietnamese), the body's shape (422 with the field)
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "state", "body", "message"), [
    # state: the action whose state the case is brought to (a complaint; "tc:" a denunciation)
    ("decide", "decide", {"verdict": "true"}, "không dùng cho vụ việc này"),
    ("extend", "withdraw", {"days": 10, "reason": "Cần thêm thời gian xác minh"}, "Chỉ vụ việc tố cáo mới gia hạn"),
    ("extend", "tc:verify", {"days": 10, "reason": "Cần thêm thời gian xác minh"}, "phức tạp mới được gia hạn"),
    ("suspend", "suspend", {"reason": "Chờ kết quả giám định"}, "Đã có dự thảo"),
    ("withdraw", "withdraw", {"reason": "Người khiếu nại rút đơn", "effective_on": "2026-08-01"}, "ở trước bước gần nhất"),
    ("not_accept", "not_accept", {"reason": "     .    "}, "lý do không thụ lý"),
    ("lapse", "lapse", {"effective_on": "2026-08-25"}, "Thời hạn tiếp tục khiếu nại còn"),
])
def test_the_services_refusal_answers_422_with_its_vietnamese_message(app, offices, action, state, body, message):
    _a, b = offices
    case = b.denunciation if state.startswith("tc:") else b.complaint
    with immediate_transactions():
        bring(case, state.removeprefix("tc:"), actor=b.leader)
    db.session.commit()
    api = api_of(app, b.leader)
    if action == "suspend":  # its paper drafted once already
        assert api.post(url(case, "suspend"), json=body, headers={"If-Match": etag(case)}).status_code == 200
    before = footprint()
    refused = problem(api.post(url(case, action), json=body, headers={"If-Match": etag(case)}), 422)
    assert message in refused["detail"], refused
    assert footprint() == before


@pytest.mark.parametrize(("action", "body", "where", "message"), [
    ("decide", {"verdict": "right", "figures": {"recover_money": "12a"}}, ("figures", "recover_money"), "không đọc được"),
    ("decide", {"verdict": "right", "figures": {"recover_land": "1,255"}}, ("figures", "recover_land"), "tối đa 2 chữ số"),
    ("decide", {"verdict": "right", "figures": {"recover_money": -5}}, ("figures", "recover_money"), "không được là số âm"),
    ("decide", {"verdict": "right", "figures": {"restored_orgs": "2"}}, ("figures", "restored_orgs"), None),
    ("decide", {"verdict": "đúng"}, ("verdict",), None),
    ("dialogue", {"held_on": "2099-01-01", "participants": ["A"], "result": "Thống nhất"}, ("held_on",), "tương lai"),
])
def test_a_body_the_schema_refuses_answers_422_beside_its_field(app, offices, action, body, where, message):
    _a, b = offices
    case = brought(b, action)
    before = footprint()
    refused = problem(api_of(app, b.leader).post(url(case, action), json=body, headers={"If-Match": etag(case)}), 422)
    errors = refused["errors"]["json"]
    for key in where:
        errors = errors[key]
    if message:
        assert any(message in text for text in errors), errors
    assert footprint() == before
