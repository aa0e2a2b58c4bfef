"""The letters' writes of /api/v1 against the letter pages' rules: registration with the duplicate check (409 with
the candidates, then the decision), classification and the handling actions through the same services (If-Match:
428 without, 412 stale), another agency's letter missing by path and its ids missing in a body, 403 for a read
token and for a role the page refuses, the refusal of a transition as 422, and the denouncer never named (coded
only for a cleared user's token)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from petitions.auth import tokens
from petitions.citizens.models import Citizen
from petitions.directory.models import ReferenceItem
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.classification import DuplicateDecision
from petitions.domain.records import LetterStatus
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.history import history_of
from petitions.letters.models import Letter, LetterStatusEvent
from petitions.vault.models import IdentityRef
from petitions.vault.services import Identity
from tests.api.helpers import Api, token_for
from tests.factories import count_rows, make_agency, make_citizen, make_cleared_user, make_letter, make_user
from tests.letters_papers.conftest import (  # noqa: F401  (fixtures)
    agency,
    complaint,
    denunciation,
    office,
    seeded,
    ward,
)

RECEIVED = date(2026, 7, 2)


@pytest.fixture
def world(app, seeded, ward):  # noqa: F811
    """B: the seeded provincial Ban (leader, handler, a complaint of its citizen); A: another agency outside B's
    directory tree with its own citizen, officer and letter."""
    b = office("BTCD")
    letter_b = complaint(b, ward)
    a = make_agency(code="APIA", name="Ban Tỉnh Khác")
    leader_a = make_user(role=Role.LEADER, agency=a)
    citizen_a = make_citizen(agency_id=a.id, full_name="Phạm Văn Riêng", id_type="cccd", id_number="022099000111")
    letter_a = make_letter(agency_id=a.id, citizen_id=citizen_a.id, actor=leader_a,
                           summary="Khiếu nại việc bồi thường, hỗ trợ khi thu hồi đất làm đường tỉnh 342",
                           respondent="Ủy ban nhân dân phường Hồng Gai")
    db.session.commit()
    return {
        "b": b, "letter_b": letter_b, "a": a, "leader_a": leader_a, "citizen_a": citizen_a, "letter_a": letter_a,
        "leader": Api(app.test_client(), token_for(b.leader)), "handler": Api(app.test_client(), token_for(b.officer)),
    }


def _problem(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.get_data(as_text=True)
    assert answer.content_type == "application/problem+json"
    assert answer.json["status"] == status and answer.json["detail"]
    return answer.json


def _body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "received_on": RECEIVED.isoformat(), "channel": "post", "letter_type": "petition",
        "summary": "Kiến nghị sửa chữa đèn chiếu sáng đường Trần Hưng Đạo", "respondent": "Công ty Chiếu sáng đô thị",
        "writer": {"full_name": "Đỗ Văn Mới", "id_number": "022088000777", "address": "tổ 1, khu 2"},
    }
    body.update(overrides)
    return body


def _etag(api: Api, letter: Letter) -> str:
    return api.get(f"/api/v1/letters/{letter.id}").headers["ETag"]


def _letters() -> int:
    return count_rows(Letter)


# Registration ---------------------------------------------------------------------------------------------


def test_registering_a_letter_numbers_it_and_creates_its_writer(world):
    answer = world["handler"].post("/api/v1/letters", json=_body())
    assert answer.status_code == 201, answer.get_data(as_text=True)
    created = db.session.get(Letter, answer.json["id"])
    assert answer.headers["ETag"] == f'"v{created.version}"'
    assert answer.headers["Location"].endswith(f"/api/v1/letters/{created.id}")
    assert created.status == LetterStatus.RECEIVED and created.agency_in_charge_id == world["b"].agency.id
    assert (answer.json["register_number"], answer.json["register_year"]) == (created.register_number, 2026)
    writer = db.session.get(Citizen, created.citizen_id)
    assert writer is not None and writer.full_name == "Đỗ Văn Mới" and writer.agency_id == world["b"].agency.id
    assert answer.json["writer_name"] == "Đỗ Văn Mới" and created.case_id is not None
    assert [e.transition for e in db.session.scalars(sa.select(LetterStatusEvent).where(
        LetterStatusEvent.letter_id == created.id))] == ["register"]
    assert history_of("letter", created.id)


def test_a_future_received_date_is_refused_as_the_page_refuses_it(world):
    before = _letters()
    invalid = _problem(world["handler"].post("/api/v1/letters", json=_body(received_on="2099-01-01")), 422)
    assert "tương lai" in str(invalid["errors"])
    assert _letters() == before


def test_candidates_answer_409_then_the_decision_registers_a_duplicate(world):
    api, letter_b, letter_a = world["handler"], world["letter_b"], world["letter_a"]
    citizen_id = letter_b.citizen_id
    body = _body(letter_type="complaint", complaint_subtype="administrative", citizen_id=citizen_id, writer=None,
                 summary=letter_b.summary, respondent=letter_b.respondent)
    before = _letters()
    offered = _problem(api.post("/api/v1/letters", json=body), 409)
    ids = [c["letter_id"] for c in offered["candidates"]]
    # Only letters in the caller's scope: A's letter of the same words against the same respondent is not offered.
    assert ids == [letter_b.id] and letter_a.id not in ids
    best = offered["candidates"][0]
    assert best["suggested_decision"] == DuplicateDecision.DUPLICATE.value and best["same_writer"] is True
    assert best["register_label"] == letter_b.register_label
    assert _letters() == before
    # Another office's letter named as the original: missing.
    _problem(api.post("/api/v1/letters", json={**body, "duplicate_decision": "duplicate", "duplicate_of": letter_a.id}), 404)
    assert _letters() == before
    done = api.post("/api/v1/letters", json={**body, "duplicate_decision": "duplicate", "duplicate_of": letter_b.id,
                                            "duplicate_category": best["suggested_category"]})
    assert done.status_code == 201, done.get_data(as_text=True)
    created = db.session.get(Letter, done.json["id"])
    assert created.duplicate_of_id == letter_b.id and created.case_id == letter_b.case_id
    assert db.session.get(Letter, letter_b.id).repeat_count == 1


def test_a_new_letter_in_the_case_of_an_offered_letter(world):
    letter_b = world["letter_b"]
    body = _body(letter_type="complaint", complaint_subtype="administrative", citizen_id=letter_b.citizen_id,
                 writer=None, summary=letter_b.summary, respondent=letter_b.respondent,
                 duplicate_decision="existing_case", duplicate_of=letter_b.id)
    done = world["handler"].post("/api/v1/letters", json=body)
    assert done.status_code == 201, done.get_data(as_text=True)
    created = db.session.get(Letter, done.json["id"])
    assert created.case_id == letter_b.case_id and created.duplicate_of_id is None


def test_another_agencys_citizen_as_the_writer_is_missing(world):
    before = _letters()
    _problem(world["handler"].post("/api/v1/letters", json=_body(citizen_id=world["citizen_a"].id, writer=None)), 404)
    assert _letters() == before


def test_registering_needs_a_write_token_and_a_registering_role(app, world):
    reader = Api(app.test_client(), token_for(world["b"].officer, scope=tokens.READ))
    _problem(reader.post("/api/v1/letters", json=_body()), 403)
    viewer = Api(app.test_client(), token_for(make_user(role=Role.VIEWER, agency=world["b"].agency)))
    _problem(viewer.post("/api/v1/letters", json=_body()), 403)


# Denouncer secrecy ----------------------------------------------------------------------------------------


def test_a_registered_denouncer_is_never_named_and_coded_only_for_a_cleared_user(app, world):
    b = world["b"]
    body = _body(letter_type="denunciation", summary="Tố cáo cán bộ địa chính nhận tiền khi cấp giấy",
                 respondent="Ông Trương Văn Tám", writer={"full_name": "Vũ Thị Kín", "id_number": "022077000555"})
    answer = world["handler"].post("/api/v1/letters", json=body)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    created = db.session.get(Letter, answer.json["id"])
    code = db.session.get(IdentityRef, created.identity_ref_id).code
    assert created.citizen_id is None
    for shown in (answer, world["handler"].get(f"/api/v1/letters/{created.id}"), world["handler"].get("/api/v1/letters")):
        text = shown.get_data(as_text=True)
        assert "Vũ Thị Kín" not in text and "022077000555" not in text and code not in text
    assert answer.json["identity_protected"] is True and answer.json["identity_code"] is None
    assert answer.json["citizen_id"] is None and answer.json["writer_name"] is None
    cleared = Api(app.test_client(), token_for(make_cleared_user(role=Role.HANDLER, agency_id=b.agency.id)))
    read = cleared.get(f"/api/v1/letters/{created.id}")
    assert read.json["identity_code"] == code and "Vũ Thị Kín" not in read.get_data(as_text=True)
    listed = cleared.get("/api/v1/letters").json["items"]
    assert next(item for item in listed if item["id"] == created.id)["identity_code"] == code
    again = cleared.post("/api/v1/letters", json={**body, "summary": "Tố cáo cán bộ thu tiền lần hai",
                                                  "duplicate_decision": "new"})
    assert again.status_code == 201, again.get_data(as_text=True)
    second = db.session.get(Letter, again.json["id"])
    assert again.json["identity_code"] == db.session.get(IdentityRef, second.identity_ref_id).code
    assert "Vũ Thị Kín" not in again.get_data(as_text=True)


def test_a_denunciation_registered_through_the_service_reads_without_its_writer(app, world):
    letter = denunciation(world["b"], Identity(full_name="Lý Thị Ẩn Danh", id_number=None, address=None, phone=None))
    db.session.commit()
    read = world["leader"].get(f"/api/v1/letters/{letter.id}")
    assert read.json["identity_protected"] is True and read.json["identity_code"] is None
    assert "Lý Thị Ẩn Danh" not in read.get_data(as_text=True)


# Classification -------------------------------------------------------------------------------------------


CLASSIFY = {"declared_type": "complaint", "complaint_subtype": "administrative", "within_competence": True}


def test_classifying_through_the_classification_service_with_if_match(app, world):
    api, letter = world["handler"], world["letter_b"]
    url = f"/api/v1/letters/{letter.id}/classify"
    etag = _etag(api, letter)
    _problem(api.post(url, json=CLASSIFY), 428)
    _problem(api.post(url, json=CLASSIFY, headers={"If-Match": '"v999"'}), 412)
    _problem(api.post(f"/api/v1/letters/{world['letter_a'].id}/classify", json=CLASSIFY, headers={"If-Match": etag}), 404)
    reader = Api(app.test_client(), token_for(world["b"].officer, scope=tokens.READ))
    _problem(reader.post(url, json=CLASSIFY, headers={"If-Match": etag}), 403)
    assert letter.classified_at is None
    done = api.post(url, json=CLASSIFY, headers={"If-Match": etag})
    assert done.status_code == 200, done.get_data(as_text=True)
    db.session.refresh(letter)
    assert letter.classified_at is not None and letter.is_eligible is True and letter.is_within_competence is True
    assert done.headers["ETag"] == f'"v{letter.version}"' != etag and done.json["document_id"] is None
    assert done.json["letter"]["is_eligible"] is True
    assert any(entry.reason == "Phân loại đơn" for entry in history_of("letter", letter.id))
    # Reclassifying corrects what was recorded: without a reason it is the service's refusal (422).
    refused = _problem(api.post(url, json=CLASSIFY, headers={"If-Match": done.headers["ETag"]}), 422)
    assert "lý do" in refused["detail"].lower()


def test_classification_ids_of_another_agency_are_missing(world):
    api, letter = world["handler"], world["letter_b"]
    url = f"/api/v1/letters/{letter.id}/classify"
    etag = _etag(api, letter)
    foreign_item = db.session.scalar(sa.select(ReferenceItem.id).where(ReferenceItem.list_code == "field_petition"))
    for body in ({"competent_agency_id": world["a"].id}, {"respondent_agency_id": world["a"].id},
                 {"field_item_id": foreign_item}):
        _problem(api.post(url, json={**CLASSIFY, **body}, headers={"If-Match": etag}), 404)
    db.session.refresh(letter)
    assert letter.classified_at is None and f'"v{letter.version}"' == etag


# Handling -------------------------------------------------------------------------------------------------


def test_assign_propose_approve_as_on_the_letter_page(app, world):
    b, letter = world["b"], world["letter_b"]
    leader, handler = world["leader"], world["handler"]
    url = f"/api/v1/letters/{letter.id}"
    etag = _etag(leader, letter)
    _problem(leader.post(f"{url}/assign", json={"officer_id": b.officer.id}), 428)
    _problem(leader.post(f"{url}/assign", json={"officer_id": b.officer.id}, headers={"If-Match": '"v0"'}), 412)
    _problem(handler.post(f"{url}/assign", json={"officer_id": b.officer.id}, headers={"If-Match": etag}), 403)
    _problem(leader.post(f"{url}/assign", json={"officer_id": world["leader_a"].id}, headers={"If-Match": etag}), 404)
    # A transition the state does not allow: the service's Vietnamese refusal.
    refused = _problem(leader.post(f"{url}/approve", json={}, headers={"If-Match": etag}), 422)
    assert refused["detail"] and letter.status == LetterStatus.RECEIVED
    assigned = leader.post(f"{url}/assign", json={"officer_id": b.officer.id, "direction": "Đề xuất chuyển phường"},
                           headers={"If-Match": etag})
    assert assigned.status_code == 200, assigned.get_data(as_text=True)
    assert letter.status == LetterStatus.ASSIGNED and letter.assigned_officer_id == b.officer.id
    etag = assigned.headers["ETag"]
    receiver = agency("PHG").id
    propose = {"paper": "forward_complaint", "receiver_agency_id": receiver}
    _problem(handler.post(f"{url}/propose", json={**propose, "receiver_agency_id": world["a"].id},
                          headers={"If-Match": etag}), 404)
    unfit = _problem(handler.post(f"{url}/propose", json={**propose, "paper": "notice_denouncer_forwarded"},
                                  headers={"If-Match": etag}), 422)
    assert "không dùng cho đơn này" in unfit["detail"]
    proposed = handler.post(f"{url}/propose", json=propose, headers={"If-Match": etag})
    assert proposed.status_code == 200, proposed.get_data(as_text=True)
    draft = db.session.get(Document, proposed.json["document_id"])
    assert draft.status == DocumentStatus.DRAFT and draft.record_id == letter.id
    assert letter.status == LetterStatus.PROPOSED and letter.proposal_document_id == draft.id
    assert proposed.json["letter"]["status"] == "proposed"
    approved = leader.post(f"{url}/approve", json={"comment": "Đồng ý"}, headers={"If-Match": proposed.headers["ETag"]})
    assert approved.status_code == 200, approved.get_data(as_text=True)
    assert letter.status == LetterStatus.APPROVED
    transitions = list(db.session.scalars(sa.select(LetterStatusEvent.transition).where(
        LetterStatusEvent.letter_id == letter.id).order_by(LetterStatusEvent.id)))
    assert transitions == ["register", "assign", "propose", "approve"]


def test_return_urgent_acknowledge_and_file(world):
    b, letter = world["b"], world["letter_b"]
    leader, handler = world["leader"], world["handler"]
    url = f"/api/v1/letters/{letter.id}"
    etag = _etag(leader, letter)
    urgent = handler.post(f"{url}/urgent", json={"reason": "Nguy cơ xô xát tại khu đất"}, headers={"If-Match": etag})
    assert urgent.status_code == 200, urgent.get_data(as_text=True)
    assert letter.urgent_reported_at is not None
    _problem(handler.post(f"{url}/acknowledge", headers={"If-Match": urgent.headers["ETag"]}), 403)
    acknowledged = leader.post(f"{url}/acknowledge", headers={"If-Match": urgent.headers["ETag"]})
    assert acknowledged.status_code == 200, acknowledged.get_data(as_text=True)
    assert letter.urgent_acknowledged_at is not None
    etag = acknowledged.headers["ETag"]
    assigned = leader.post(f"{url}/assign", json={"officer_id": b.officer.id}, headers={"If-Match": etag})
    proposed = handler.post(f"{url}/propose", json={"paper": "filing_note", "reason": "Đơn không đủ điều kiện xử lý"},
                            headers={"If-Match": assigned.headers["ETag"]})
    assert proposed.status_code == 200, proposed.get_data(as_text=True)
    returned = leader.post(f"{url}/return", json={"comment": "Làm lại đề xuất"}, headers={"If-Match": proposed.headers["ETag"]})
    assert returned.status_code == 200, returned.get_data(as_text=True)
    assert letter.status == LetterStatus.ASSIGNED
    _problem(leader.post(f"{url}/file", json={"reason": "Lưu"}, headers={"If-Match": returned.headers["ETag"]}), 422)
    filed = leader.post(f"{url}/file", json={"reason": "Đơn trùng nội dung đã giải quyết"},
                        headers={"If-Match": returned.headers["ETag"]})
    assert filed.status_code == 200, filed.get_data(as_text=True)
    assert letter.status == LetterStatus.FILED
    _problem(leader.post(f"{url}/chase", json={"reason": "Đôn đốc lần một"}, headers={"If-Match": filed.headers["ETag"]}), 422)


def test_hand_over_to_a_body_of_the_tree_and_never_another_agencys(world):
    letter, leader = world["letter_b"], world["leader"]
    url = f"/api/v1/letters/{letter.id}/hand-over"
    etag = _etag(leader, letter)
    body = {"agency_id": agency("PHG").id, "direction": "Đề nghị xác minh nội dung"}
    _problem(leader.post(url, json={**body, "agency_id": world["a"].id}, headers={"If-Match": etag}), 404)
    done = leader.post(url, json=body, headers={"If-Match": etag})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert letter.assigned_agency_id == agency("PHG").id and done.json["letter"]["assigned_agency_id"] == agency("PHG").id


def test_a_voided_letter_takes_no_action(world):
    letter, leader = world["letter_b"], world["leader"]
    etag = _etag(leader, letter)
    letter.is_void = True
    db.session.commit()
    _problem(leader.post(f"/api/v1/letters/{letter.id}/urgent", json={"reason": "Nguy cơ xô xát"},
                         headers={"If-Match": etag}), 404)


def test_the_spec_documents_the_letters_writes(app, world):
    spec = world["leader"].get("/api/v1/openapi.json").json
    register = spec["paths"]["/api/v1/letters"]["post"]
    assert "candidates" in str(register["responses"]["409"]) and "duplicate_decision" in register["description"]
    for action in ("classify", "assign", "hand-over", "propose", "return", "approve", "urgent", "acknowledge", "chase", "file"):
        operation = spec["paths"][f"/api/v1/letters/{{letter_id}}/{action}"]["post"]
        assert any(p["name"] == "If-Match" and p["required"] for p in operation["parameters"]), action
        assert {"412", "428", "404", "403"} <= set(operation["responses"]), action



def test_the_etag_a_registration_answers_takes_the_first_action(world):
    registered = world["leader"].post("/api/v1/letters", json=_body(duplicate_decision="new"))
    assert registered.status_code == 201, registered.get_data(as_text=True)
    urgent = world["leader"].post(f"/api/v1/letters/{registered.json['id']}/urgent", json={"reason": "Nguy cơ xô xát"},
                                  headers={"If-Match": registered.headers["ETag"]})
    assert urgent.status_code == 200, urgent.get_data(as_text=True)


ACTION_BODIES = {
    "classify": CLASSIFY, "assign": {"officer_id": 1}, "hand-over": {"agency_id": 1, "direction": "Xác minh nội dung"},
    "propose": {"paper": "filing_note"}, "return": {"comment": "Làm lại"}, "approve": {}, "urgent": {"reason": "Nguy cơ"},
    "acknowledge": None, "chase": {"reason": "Đôn đốc"}, "file": {"reason": "Lưu đơn"},
}


@pytest.mark.parametrize("action", sorted(ACTION_BODIES))
def test_every_action_needs_write_scope_if_match_a_current_etag_and_a_letter_in_scope(app, world, action):
    leader, letter = world["leader"], world["letter_b"]
    url, body = f"/api/v1/letters/{letter.id}/{action}", ACTION_BODIES[action]
    etag = _etag(leader, letter)
    reader = Api(app.test_client(), token_for(world["b"].leader, scope=tokens.READ))
    _problem(reader.post(url, json=body, headers={"If-Match": etag}), 403)
    _problem(leader.post(url, json=body), 428)
    _problem(leader.post(url, json=body, headers={"If-Match": '"v999"'}), 412)
    _problem(leader.post(f"/api/v1/letters/{world['letter_a'].id}/{action}", json=body, headers={"If-Match": etag}), 404)
    db.session.refresh(letter)
    assert f'"v{letter.version}"' == etag and letter.status == LetterStatus.RECEIVED
