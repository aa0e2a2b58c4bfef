"""The API's writes swept as the pages' forms are (tests/web/test_form_id_sweep.py): every id a write takes, in
its path or its JSON body, replaced by another agency's record, a missing one and one beyond every integer
column. Each answer is 404 (or 422 for an id outside the integer range the schema accepts), never 5xx, nothing is
written, and none of the other agency's data shows. The positive control: the same request with B's own ids.

A write of the API missing from WRITES fails (the URL map is walked), and so does a listed one that is gone.

OWASP ASVS 5.0: V8.2.2 (data-specific access in the API), V8.4.1 (cross-agency), V15.3.3 (mass assignment: extra
keys refused or ignored), V4 API and Web Service.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from petitions.auth import tokens
from petitions.cases.models import CaseFile
from petitions.deadlines.services import seed_calendar
from petitions.directory.models import AgencyOfficial
from petitions.domain.issuers import OfficialRole
from petitions.domain.reception import SessionKind, SessionStatus
from petitions.domain.records import CaseType, LetterStatus
from petitions.domain.types import Role
from petitions.extensions import Model, db, immediate_transactions
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.models import Letter
from petitions.letters.services import assign_letter, record_letter_status
from petitions.reception import services as reception
from tests.api.case_states import BODIES as CASE_BODIES
from tests.api.case_states import DENUNCIATION_ACTIONS, bring
from tests.api.helpers import Api, token_for
from tests.factories import make_agency, make_case, make_citizen, make_letter, make_user, make_visit
from tests.security import mass_assignment

DAY = date(2026, 8, 14)
HUGE = 10**20
BEYOND_INT4 = 3_000_000_000
# What an API request writes whatever its answer: the token's use and rate window, and the security log.
VOLATILE_TABLES = {"security_event"}
VOLATILE_COLUMNS = {"updated_at", "last_used_at", "window_started_at", "window_count"}


def _visit_body(own: dict[str, Any]) -> dict[str, Any]:
    return {"visited_on": DAY.isoformat(), "classification": "complaint", "complaint_subtype": "administrative",
            "summary": "Khiếu nại việc đền bù", "outcome": "guided", "guided_to": "UBND xã", "citizen_id": own["citizen"],
            "case_id": own["case"], "session_id": own["session"], "agency_id": own["agency"]}


# The ids a case transition's body takes, by kind (tests/api/case_states.py's bodies name B's own).
CASE_BODY_IDS = {"verify": {"handler_id": "officer"}, "next_round": {"agency_in_charge_id": "agency"}}

# endpoint → (method, path with {kind}s, body builder, body fields → kinds, answer of the positive control)
WRITES: dict[str, tuple[str, str, Any, dict[str, str], int]] = {
    "api.register_visit": ("POST", "/api/v1/visits", _visit_body,
                           {"citizen_id": "citizen", "case_id": "case", "session_id": "session", "agency_id": "agency"}, 201),
    "api.edit_visit": ("PATCH", "/api/v1/visits/{visit}", lambda own: {"summary": "Sửa tóm tắt"}, {}, 200),
    "api.search_citizens": ("POST", "/api/v1/citizens/search", lambda own: {"q": "Công Dân"}, {}, 200),
    "api.deadline_with_periods": ("POST", "/api/v1/deadlines", lambda own: {"rule": "D10", "trigger": "2026-03-02"}, {}, 200),
    "api.revoke_token": ("DELETE", "/api/v1/tokens/{token}", lambda own: None, {}, 204),
    **{
        f"api.case_{key}": ("POST", f"/api/v1/cases/{{{'tc_case' if key in DENUNCIATION_ACTIONS else 'case'}}}/"
                                    f"{key.replace('_', '-')}", body, CASE_BODY_IDS.get(key, {}),
                            201 if key == "next_round" else 200)
        for key, body in CASE_BODIES.items()
    },
}
LETTER_ACTIONS: dict[str, tuple[Any, dict[str, str]]] = {
    "classify": (lambda own: {"declared_type": "complaint", "complaint_subtype": "administrative",
                              "competent_agency_id": own["agency"], "respondent_agency_id": own["agency"],
                              "routing_override_reason": "Theo thẩm quyền của cơ quan"},
                 {"competent_agency_id": "agency", "respondent_agency_id": "agency"}),
    "assign": (lambda own: {"officer_id": own["officer"], "direction": "Xử lý theo quy định"}, {"officer_id": "officer"}),
    "hand_over": (lambda own: {"agency_id": own["body"], "direction": "Đề nghị xác minh nội dung"}, {"agency_id": "body"}),
    "propose": (lambda own: {"paper": "forward_complaint", "receiver_agency_id": own["body"]}, {"receiver_agency_id": "body"}),
    "return": (lambda own: {"comment": "Làm lại đề xuất"}, {}),
    "approve": (lambda own: {}, {}),
    "urgent": (lambda own: {"reason": "Nguy cơ xô xát"}, {}),
    "acknowledge": (lambda own: None, {}),
    "chase": (lambda own: {"reason": "Đôn đốc lần 1"}, {}),
    "file": (lambda own: {"reason": "Đơn không đủ điều kiện"}, {}),
}
WRITES.update({
    "api.register_letter": ("POST", "/api/v1/letters", lambda own: {
        "received_on": "2026-03-10", "channel": "post", "letter_type": "complaint", "complaint_subtype": "administrative",
        "summary": "Khiếu nại lần hai về việc đền bù", "respondent": "UBND xã Một", "citizen_id": own["citizen"],
        "duplicate_decision": "existing_case", "duplicate_of": own["letter"]}, {"citizen_id": "citizen", "duplicate_of": "letter"}, 201),
    **{
        f"api.letter_{key}": ("POST", f"/api/v1/letters/{{letter}}/{key.replace('_', '-')}", body, fields, 200)
        for key, (body, fields) in LETTER_ACTIONS.items()
    },
})

def _prepare_case(endpoint: str, b: dict[str, Any]) -> None:
    """B's case brought to the state the transition needs (tests/api/case_states.py), its papers issued."""
    if not endpoint.startswith("api.case_"):
        return
    key = endpoint.removeprefix("api.case_")
    case = db.session.get(CaseFile, b["tc_case" if key in DENUNCIATION_ACTIONS else "case"])
    with immediate_transactions():
        bring(case, key, actor=b["leader"])
    db.session.commit()


def _prepare_letter(endpoint: str, b: dict[str, Any]) -> None:
    """B's letter in the state the action needs, through the handling services (as the pages' sweep does)."""
    if not endpoint.startswith("api.letter_"):
        return
    key = endpoint.removeprefix("api.letter_")
    letter = db.session.get(Letter, b["letter"])
    leader = b["leader"]
    with immediate_transactions():
        if key in ("propose", "return", "approve"):
            assign_letter(letter, officer_id=leader.id, direction="", actor=leader, effective_on=DAY)
        if key in ("return", "approve"):
            handling.propose_handling(letter, HandlingPaper.FILING_NOTE, actor=leader, effective_on=DAY,
                                      reason="Đơn không đủ điều kiện xử lý")
        if key == "acknowledge":
            handling.report_urgent(letter, reason="Nguy cơ xô xát", actor=leader, effective_on=DAY)
        if key == "chase":
            record_letter_status(letter, LetterStatus.FORWARDED, effective_on=DAY)
    db.session.commit()


def _office(code: str, tag: str) -> dict[str, Any]:
    agency = make_agency(code=code, name=f"Ban {tag}")
    leader = make_user(role=Role.LEADER, agency=agency, full_name=f"Lãnh Đạo {tag}")
    citizen = make_citizen(agency_id=agency.id, full_name=f"Công Dân Riêng {tag}")
    session = reception.create_session(
        agency_id=agency.id,
        data=reception.SessionInput(kind=SessionKind.PERIODIC, held_on=DAY, status=SessionStatus.HELD,
                                    place=f"Hội trường {tag}", leader_name=f"Chủ Trì {tag}"),
        actor=leader,
    )
    visit = make_visit(agency=agency, officer=leader, citizen_id=citizen.id, summary=f"Nội dung riêng của {tag}")
    # The head who signs the case's papers (issuing one needs a real signer).
    db.session.add(AgencyOfficial(agency_id=agency.id, role=OfficialRole.HEAD, title="Trưởng ban", name=f"Trưởng Ban {tag}"))
    spare, _secret = tokens.create_token(user=leader, name=f"Mã riêng {tag}", scope="read", days=30)
    # A body under the office (a letter is handed over to one), and the office's letter from its citizen.
    body = make_agency(code=f"{code}S", name=f"Sở {tag}", parent_id=agency.id)
    letter = make_letter(agency_id=agency.id, actor=leader, citizen_id=citizen.id, summary=f"Khiếu nại riêng của {tag}",
                         respondent="UBND xã Một")
    # A denunciation for the case transitions only a denunciation takes (the extension).
    tc_case = make_case(agency_in_charge_id=agency.id, case_type=CaseType.DENUNCIATION, opened_on=DAY,
                        title=f"Tố cáo riêng của {tag}")
    return {"token": spare.id, "agency": agency.id, "citizen": citizen.id, "session": session.id, "visit": visit.id, "case": visit.case_id,
            "letter": letter.id, "officer": leader.id, "body": body.id, "tc_case": tc_case.id, "leader": leader,
            "names": (citizen.full_name, f"Nội dung riêng của {tag}", f"Hội trường {tag}", f"Mã riêng {tag}",
                      f"Khiếu nại riêng của {tag}", f"Sở {tag}", f"Tố cáo riêng của {tag}")}


@pytest.fixture
def world(app, session):
    seed_calendar()
    with immediate_transactions():
        a, b = _office("APA", "Tỉnh A"), _office("APB", "Tỉnh B")
    db.session.commit()
    return a, b, Api(app.test_client(), token_for(b["leader"]))


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in Model.metadata.sorted_tables:
        if table.name in VOLATILE_TABLES:
            continue
        columns = [c for c in table.columns if c.name not in VOLATILE_COLUMNS]
        out[table.name] = sorted(map(tuple, db.session.execute(sa.select(*columns)).all()), key=repr)
    return out


def test_every_write_of_the_api_is_listed(app):
    writes = sorted(r.endpoint for r in app.url_map.iter_rules()
                    if r.endpoint.startswith("api.") and {"POST", "PATCH", "PUT", "DELETE"} & set(r.methods or ()))
    assert writes == sorted(WRITES)


@pytest.mark.parametrize("endpoint", sorted(WRITES))
def test_api_id_sweep(world, endpoint):
    a, b, api = world
    method, path, body_of, fields, success = WRITES[endpoint]
    own = {k: v for k, v in b.items() if k not in ("leader", "names")}
    foreign = {k: v for k, v in a.items() if k not in ("leader", "names")}
    _prepare_case(endpoint, b)
    _prepare_letter(endpoint, b)
    record: Any = None
    if endpoint.startswith("api.case_"):
        record = db.session.get(CaseFile, own["tc_case" if "{tc_case}" in path else "case"])
    elif endpoint.startswith("api.letter_"):
        record = db.session.get(Letter, b["letter"])
    headers = {"If-Match": f'"v{record.version}"' if record is not None else '"v1"'} if method == "PATCH" or record else {}
    swept = 0

    def send(url: str, body: dict[str, Any]) -> Any:
        return api.client.open(url, method=method, json=body if body is not None else None, headers={"Authorization": f"Bearer {api.secret}", **headers})

    def check(answer: Any, before: Any, what: str, allowed: tuple[int, ...]) -> None:
        assert answer.status_code in allowed, (what, answer.status_code, answer.get_data(as_text=True))
        assert answer.content_type == "application/problem+json", what
        assert _snapshot() == before, f"{what}: the database changed"
        shown = [name for name in a["names"] if name in answer.get_data(as_text=True)]
        assert not shown, (what, shown)

    kinds_in_path = [k for k in own if "{" + k + "}" in path]
    for kind in kinds_in_path:
        for label, bad in {"foreign": foreign[kind], "missing": own[kind] + 10_000, "huge": HUGE, "beyond_int4": BEYOND_INT4}.items():
            before = _snapshot()
            url = path.format(**{**own, kind: bad})
            check(send(url, body_of(own)), before, f"{endpoint} {kind}={label}", (404,))
            swept += 1
    for name, kind in fields.items():
        for label, bad in {"foreign": foreign[kind], "missing": own[kind] + 10_000, "huge": HUGE, "beyond_int4": BEYOND_INT4}.items():
            before = _snapshot()
            # An id beyond the integer columns fails the schema (422); a well-formed one outside the scope is missing.
            allowed = (422,) if label in ("huge", "beyond_int4") else (404,)
            check(send(path.format(**own), {**body_of(own), name: bad}), before, f"{endpoint} {name}={label}", allowed)
            swept += 1
    # Mass assignment (ASVS 5.0 V15.3.3): the body with keys the write does not take (another agency C's id as
    # agency_id, a status, a role, a version, ...) is refused as a whole (422) or done without them
    # (tests/security/mass_assignment.py); then the positive control, unless that write was it.
    c_agency = make_agency(code="APC", name="Ban Thứ Ba C")
    c_user = make_user(role=Role.LEADER, agency=c_agency, full_name="Người Của C")
    db.session.commit()
    body = body_of(own) or {}
    added = {k: int(v) if v.isdigit() else v for k, v in mass_assignment.extras(c_agency.id, c_user.id).items() if k not in body}
    before_rows = mass_assignment.rows()
    answer = send(path.format(**own), {**body, **added})
    assert answer.status_code in (success, 422), (endpoint, answer.status_code, answer.get_data(as_text=True)[:300])
    changed = mass_assignment.written(before_rows, mass_assignment.rows())
    assert mass_assignment.mass_assigned(endpoint, changed, c_agency.id, c_user.id) == [], endpoint
    if answer.status_code == 422:  # refused as a whole: only the token's use is recorded
        assert {table for table, _row in changed} <= {"security_event", "api_token"}, (endpoint, changed)
        answer = send(path.format(**own), body_of(own))
    assert answer.status_code == success, (endpoint, answer.get_data(as_text=True))
    if endpoint == "api.revoke_token":  # the token revoked, and now missing like any other
        assert send(path.format(**own), body_of(own)).status_code == 404
        assert api.get(path.format(**own)).status_code == 404
    assert swept > 0 or not (kinds_in_path or fields)
