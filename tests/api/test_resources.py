"""Each resource of /api/v1 against the pages' rules: another agency's record is missing (404) by its id in the
path and in a body, a stale If-Match answers 412 and writes nothing, the denouncer is never named unless the
token's user is cleared, personal search terms travel by POST."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.citizens.services import CitizenInput
from petitions.deadlines.queries import load_working_calendar
from petitions.deadlines.services import seed_calendar
from petitions.domain.deadlines import compute_due
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.reception.models import Visit
from petitions.vault.models import IdentityRef
from tests.api.helpers import Api, token_for
from tests.factories import (
    make_agency,
    make_case,
    make_citizen,
    make_cleared_user,
    make_document,
    make_letter,
    make_user,
    make_visit,
    signed_in_client,
)

DAY = date(2026, 8, 14)


@pytest.fixture
def world(app, session):
    """Agencies A and B with an officer each; A's citizen, visit, letter and case."""
    a, b = make_agency(code="A1"), make_agency(code="B1")
    officer_a = make_user(role=Role.LEADER, agency=a)
    officer_b = make_user(role=Role.LEADER, agency=b)
    seed_calendar()
    citizen_a = make_citizen(agency_id=a.id, full_name="Phạm Văn Riêng")
    citizen_b = make_citizen(agency_id=b.id, full_name="Hoàng Thị Bê")
    with immediate_transactions():
        visit_a = make_visit(agency=a, officer=officer_a, citizen_id=citizen_a.id)
        visit_b = make_visit(agency=b, officer=officer_b, citizen_id=citizen_b.id)
    letter_a = make_letter(agency_id=a.id, citizen_id=citizen_a.id)
    letter_b = make_letter(agency_id=b.id)
    case_a, case_b = make_case(agency_in_charge_id=a.id), make_case(agency_in_charge_id=b.id)
    document_a = make_document(issuing_agency=a, fields={"subject": "Về việc riêng của Phạm Văn Riêng"})
    document_b = make_document(issuing_agency=b, fields={"subject": "Về việc của ông Hoàng"})
    db.session.commit()
    api_b = Api(app.test_client(), token_for(officer_b))
    return {"a": a, "b": b, "api_b": api_b, "officer_b": officer_b, "citizen_a": citizen_a, "citizen_b": citizen_b,
            "visit_a": visit_a, "visit_b": visit_b, "document_a": document_a, "document_b": document_b, "letter_a": letter_a, "letter_b": letter_b, "case_a": case_a,
            "case_b": case_b}


def new_visit(**overrides):
    body = {"visited_on": DAY.isoformat(), "classification": "petition", "summary": "Kiến nghị sửa đường",
            "outcome": "guided", "guided_to": "UBND xã Bình Định", "person": {"full_name": "Lê Văn Mới"}}
    body.update(overrides)
    return body


def _problem(answer, status):
    assert answer.status_code == status, answer.get_data(as_text=True)
    assert answer.content_type == "application/problem+json"
    assert answer.json["status"] == status and answer.json["detail"]
    return answer.json


@pytest.mark.parametrize("path,own", [
    ("/api/v1/visits/{}", "visit"), ("/api/v1/citizens/{}", "citizen"),
    ("/api/v1/letters/{}", "letter"), ("/api/v1/cases/{}", "case"),
    ("/api/v1/documents/{}", "document"), ("/api/v1/documents/{}/pdf", "document"),
])
def test_another_agencys_record_is_missing_by_path(world, path, own):
    api = world["api_b"]
    assert api.get(path.format(world[f"{own}_b"].id)).status_code == 200
    body = _problem(api.get(path.format(world[f"{own}_a"].id)), 404)
    assert "Phạm Văn Riêng" not in str(body)
    _problem(api.get(path.format(10**20)), 404)


@pytest.mark.parametrize("field,own", [("citizen_id", "citizen_a"), ("case_id", "case_a"), ("agency_id", "a")])
def test_another_agencys_id_in_a_visit_body_is_missing_and_nothing_is_written(world, field, own):
    api = world["api_b"]
    before = db.session.scalar(sa.select(sa.func.count(Visit.id)))
    foreign = world[own].id
    body = new_visit(**{field: foreign}) if field != "citizen_id" else {**new_visit(citizen_id=foreign), "person": None}
    _problem(api.post("/api/v1/visits", json=body), 404)
    assert db.session.scalar(sa.select(sa.func.count(Visit.id))) == before


def test_a_visit_is_registered_through_the_intake_service(world):
    api = world["api_b"]
    answer = api.post("/api/v1/visits", json=new_visit(citizen_id=world["citizen_b"].id, person=None))
    assert answer.status_code == 201, answer.get_data(as_text=True)
    created = answer.json
    assert answer.headers["Location"] == f"/api/v1/visits/{created['id']}"
    assert answer.headers["ETag"] == '"v1"'
    assert created["agency_id"] == world["b"].id and created["citizen_name"] == "Hoàng Thị Bê"
    assert created["book_number"] == world["visit_b"].book_number + 1 and created["case_id"]
    # A refusal of the service's own rules answers 422 with its Vietnamese message.
    refused = _problem(api.post("/api/v1/visits", json=new_visit(outcome="refused")), 422)
    assert "căn cứ" in refused["detail"].lower() or refused["detail"]


def test_a_stale_if_match_answers_412_and_writes_nothing(world):
    api, visit = world["api_b"], world["visit_b"]
    etag = api.get(f"/api/v1/visits/{visit.id}").headers["ETag"]
    _problem(api.patch(f"/api/v1/visits/{visit.id}", json={"summary": "Sửa lần một"}), 428)
    first = api.patch(f"/api/v1/visits/{visit.id}", json={"summary": "Sửa lần một"}, headers={"If-Match": etag})
    assert first.status_code == 200 and first.headers["ETag"] != etag and first.json["summary"] == "Sửa lần một"
    stale = _problem(api.patch(f"/api/v1/visits/{visit.id}", json={"summary": "Sửa lần hai"}, headers={"If-Match": etag}), 412)
    assert "If-Match" in stale["detail"]
    for proof in ("*", '""', 'W/"v2"'):  # none names a version this API gave (a weak tag proves nothing)
        _problem(api.patch(f"/api/v1/visits/{visit.id}", json={"summary": "Sửa lần hai"}, headers={"If-Match": proof}), 412)
    db.session.expire_all()
    assert db.session.get(Visit, visit.id).summary == "Sửa lần một"
    # Another agency's visit is missing before any version is looked at.
    _problem(api.patch(f"/api/v1/visits/{world['visit_a'].id}", json={"summary": "x"}, headers={"If-Match": '"v1"'}), 404)


def test_lists_keep_to_the_scope_and_page_by_cursor(world):
    api = world["api_b"]
    for path, own in (("/api/v1/visits", "visit"), ("/api/v1/letters", "letter"), ("/api/v1/cases", "case"),
                      ("/api/v1/documents", "document")):
        listed = api.get(path).json
        ids = {item["id"] for item in listed["items"]}
        assert world[f"{own}_b"].id in ids and world[f"{own}_a"].id not in ids, path
        assert api.get(f"{path}?agency_id={world['a'].id}").json["items"] == []
    api.post("/api/v1/visits", json=new_visit())
    first = api.get("/api/v1/visits?limit=1").json
    second = api.get(f"/api/v1/visits?limit=1&after={first['next_cursor']}").json
    assert first["next_cursor"] and first["items"][0]["id"] != second["items"][0]["id"]
    _problem(api.get("/api/v1/visits?limit=1000"), 422)


def test_citizens_are_searched_by_post_only(world):
    api = world["api_b"]
    found = api.post("/api/v1/citizens/search", json={"q": "Hoàng Thị"}).json
    assert [c["id"] for c in found["items"]] == [world["citizen_b"].id] and found["total"] == 1
    assert api.post("/api/v1/citizens/search", json={"q": "Phạm Văn Riêng"}).json["items"] == []
    assert api.get("/api/v1/citizens/search?q=Ho%C3%A0ng").status_code == 405


def test_a_denouncer_is_never_named_and_coded_only_for_a_cleared_user(app, world):
    b = world["b"]
    cleared = make_cleared_user(role=Role.HANDLER, agency_id=b.id)
    with immediate_transactions():
        visit = make_visit(agency=b, officer=world["officer_b"], classification=VisitClass.DENUNCIATION,
                           summary="Tố cáo cán bộ thu tiền", outcome=VisitOutcome.GUIDED, guided_to="Thanh tra tỉnh",
                           person=CitizenInput(full_name="Vũ Thị Kín"))
    db.session.commit()
    code = db.session.get(IdentityRef, visit.identity_ref_id).code
    plain = world["api_b"].get(f"/api/v1/visits/{visit.id}")
    assert plain.json["identity_protected"] is True and plain.json["identity_code"] is None
    assert "Vũ Thị Kín" not in plain.get_data(as_text=True) and code not in plain.get_data(as_text=True)
    assert plain.json["citizen_id"] is None and plain.json["citizen_name"] is None
    listed = world["api_b"].get("/api/v1/visits").get_data(as_text=True)
    assert "Vũ Thị Kín" not in listed and code not in listed
    shown = Api(app.test_client(), token_for(cleared)).get(f"/api/v1/visits/{visit.id}")
    assert shown.json["identity_code"] == code and "Vũ Thị Kín" not in shown.get_data(as_text=True)


def test_reference_lists_agencies_and_the_deadline_calculator(world):
    api = world["api_b"]
    lists = api.get("/api/v1/reference-lists").json
    assert {"code": "letter_type", "label": "Loại đơn (phân loại theo nội dung)"} in lists
    _problem(api.get("/api/v1/reference-lists/nothing"), 404)
    assert any(a["code"] == "A1" for a in api.get("/api/v1/agencies").json)
    asked = api.get("/api/v1/deadlines?rule=D10&trigger=2026-03-02").json
    expected = compute_due("D10", date(2026, 3, 2), load_working_calendar())
    assert asked["due"] == expected.due.isoformat() and asked["explanation"] == expected.explanation
    paused = api.post("/api/v1/deadlines", json={
        "rule": "D24", "trigger": "2026-03-02", "pauses": [{"start": "2026-03-03", "end": "2026-03-10"}]}).json
    assert paused["due"] == compute_due(
        "D24", date(2026, 3, 2), load_working_calendar(), pauses=[(date(2026, 3, 3), date(2026, 3, 10))]).due.isoformat()
    assert "tạm đình chỉ" in _problem(api.post("/api/v1/deadlines", json={
        "rule": "D10", "trigger": "2026-03-02", "pauses": [{"start": "2026-03-03", "end": "2026-03-10"}]}), 422)["detail"]
    _problem(api.get("/api/v1/deadlines?rule=D10&trigger=1200-01-01"), 422)


def test_report_figures_for_the_users_agency_and_not_another(world):
    api = world["api_b"]
    forms = api.get("/api/v1/reports").json
    assert {"code": "01/TCD", "slug": "01-tcd"}.items() <= next(f for f in forms if f["code"] == "01/TCD").items()
    figures = api.get("/api/v1/reports/01-tcd?period=2026-Q3").json
    assert figures["form"] == "01/TCD" and figures["period"]["from"] == "2026-06-15"
    assert figures["total"]["figures"]["1"] == 1  # B's one visit of 14/08/2026
    _problem(api.get("/api/v1/reports/01-tcd?period=2026-Q3&agency=A1"), 404)
    _problem(api.get("/api/v1/reports/99-xyz"), 404)
    _problem(api.get("/api/v1/reports/01-tcd?period=2026-Q9"), 422)


def test_errors_are_problems_with_a_vietnamese_detail(world):
    api = world["api_b"]
    _problem(api.get("/api/v1/nothing-here"), 404)
    assert _problem(api.client.put("/api/v1/visits"), 405)
    invalid = _problem(api.post("/api/v1/visits", json={"unknown": 1}), 422)
    assert invalid["detail"] == "Dữ liệu gửi lên không hợp lệ." and "unknown" in invalid["errors"]["json"]
    _problem(api.post("/api/v1/visits", data="{not json", headers={"Content-Type": "application/json"}), 400)


def test_a_document_reads_as_its_page_prints_it(world):
    api, document = world["api_b"], world["document_b"]
    data = api.get(f"/api/v1/documents/{document.id}")
    assert data.json["status"] == "draft" and data.json["number"] is None and data.headers["ETag"] == '"v1"'
    printed = api.get(f"/api/v1/documents/{document.id}/pdf")
    assert printed.status_code == 200 and printed.content_type == "application/pdf"
    assert printed.data.startswith(b"%PDF") and f'du-thao-{document.id}.pdf' in printed.headers["Content-Disposition"]
    listed = api.get("/api/v1/documents").json
    assert listed["total"] == 1 and listed["items"][0]["subject"] == "Về việc của ông Hoàng"


def test_the_pages_keep_their_html_error_pages(app, world):
    client, _user = signed_in_client(app, role=Role.RECEPTION_OFFICER)
    for url, status in (("/auth/users", 403), ("/khong-co-trang-nay", 404)):
        answer = client.get(url)
        assert answer.status_code == status and answer.content_type.startswith("text/html"), url
    assert client.get("/api/v1/khong-co").content_type == "application/problem+json"


def test_a_case_transition_drafts_its_paper_through_the_case_service_with_if_match(app, world):
    api, case = world["api_b"], world["case_b"]
    url = f"/api/v1/cases/{case.id}/accept"
    etag = api.get(f"/api/v1/cases/{case.id}").headers["ETag"]
    _problem(api.post(url, json={}), 428)
    _problem(api.post(url, json={}, headers={"If-Match": '"v999"'}), 412)
    _problem(api.post(f"/api/v1/cases/{world['case_a'].id}/accept", json={}, headers={"If-Match": etag}), 404)
    # What the state does not allow is the service's refusal (422), as on the case page.
    refused = _problem(api.post(f"/api/v1/cases/{case.id}/suspend", json={"reason": "Chờ giám định"},
                                headers={"If-Match": etag}), 422)
    assert refused["detail"]
    done = api.post(url, json={}, headers={"If-Match": etag})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.json["case"]["id"] == case.id and done.json["document_id"]
    paper = api.get(f"/api/v1/documents/{done.json['document_id']}").json
    assert paper["status"] == "draft" and paper["record_id"] == case.id
    viewer = Api(app.test_client(), token_for(make_user(role=Role.VIEWER, agency=world["b"])))
    _problem(viewer.post(url, json={}, headers={"If-Match": done.headers["ETag"]}), 403)
