"""The letter page's handling actions: what each user is offered, the POSTs (CSRF-free test config), the
document register issuing the approved paper, permissions and the hand-over's scope."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cases import transitions
from petitions.cases.models import CaseFile
from petitions.documents.models import Document, DocumentStatus
from petitions.documents.services import issue_document
from petitions.domain.records import LetterStatus
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters.models import LetterStatusEvent
from tests.factories import count_rows, log_in, make_user
from tests.letters_papers.conftest import (  # noqa: F401  (fixtures)
    agency,
    complaint,
    denunciation,
    office,
    seeded,
    ward,
)


@pytest.fixture
def ban(seeded, app):  # noqa: F811
    return office("BTCD")


def client_of(app, user):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert log_in(client, user).status_code == 302
    return client


def page(client, letter):  # type: ignore[no-untyped-def]
    response = client.get(f"/letters/{letter.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_leader_assigns_the_officer_proposes_the_leader_approves_and_issues(app, ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    letter_id = letter.id
    db.session.commit()
    leader, officer = client_of(app, ban.leader), client_of(app, ban.officer)
    assert f'action="/letters/{letter_id}/propose"' not in page(officer, letter)
    assert officer.post(f"/letters/{letter_id}/assign", data={"officer": ban.officer.id}).status_code == 403
    response = leader.post(
        f"/letters/{letter_id}/assign",
        data={"officer": ban.officer.id, "direction": "Đề xuất chuyển UBND phường", "version": letter.version},
    )
    assert response.status_code == 302
    body = page(officer, letter)
    assert f'action="/letters/{letter_id}/propose"' in body and "Đề xuất hướng xử lý" in body
    receiver = agency("PHG").id
    response = officer.post(
        f"/letters/{letter_id}/propose",
        data={"paper": "forward_complaint", "receiver": str(receiver), "version": letter.version},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert letter.status == LetterStatus.PROPOSED
    body = page(leader, letter)
    assert f'action="/letters/{letter_id}/approve"' in body and f'action="/letters/{letter_id}/return"' in body
    assert "Phiếu chuyển đơn khiếu nại" in body and "Dự thảo" in body
    assert officer.post(f"/letters/{letter_id}/approve", data={"version": letter.version}).status_code == 403
    assert leader.post(f"/letters/{letter_id}/approve", data={"version": letter.version}).status_code == 302
    assert letter.status == LetterStatus.APPROVED
    draft = db.session.get(Document, letter.proposal_document_id)
    response = leader.post(f"/documents/{draft.id}/issue", data={"version": draft.version})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(letter)
    assert letter.status == LetterStatus.FORWARDED and draft.status == DocumentStatus.ISSUED
    body = page(leader, letter)
    assert draft.number_symbol in body and "Ban hành văn bản xử lý" in body and "Đã chuyển đơn" in body
    assert f'href="/documents/{draft.id}"' in body


def test_the_officer_proposes_the_forwarding_again_after_the_leader_returned_it(app, ban):  # noqa: F811
    letter = denunciation(ban)
    letter_id = letter.id
    db.session.commit()
    leader, officer = client_of(app, ban.leader), client_of(app, ban.officer)
    leader.post(f"/letters/{letter_id}/assign", data={"officer": ban.officer.id, "version": letter.version})
    forward = {"paper": "forward_denunciation", "receiver": str(agency("PHG").id)}
    assert officer.post(f"/letters/{letter_id}/propose", data={**forward, "version": letter.version}).status_code == 302
    body = page(leader, letter)
    assert "Văn bản chuyển đơn tố cáo" in body and "Thông báo cho người tố cáo về việc chuyển đơn" in body
    response = leader.post(
        f"/letters/{letter_id}/return", data={"comment": "Chuyển UBND xã Tiên Yên, nơi phát sinh", "version": letter.version}
    )
    assert response.status_code == 302
    forward["receiver"] = str(agency("XTY").id)
    response = officer.post(f"/letters/{letter_id}/propose", data={**forward, "version": letter.version})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert letter.status == LetterStatus.PROPOSED
    papers = db.session.scalars(
        sa.select(Document).where(Document.record_type == "letter", Document.record_id == letter_id).order_by(Document.id)
    ).all()
    assert [d.status for d in papers] == [DocumentStatus.VOID] * 2 + [DocumentStatus.DRAFT] * 2
    assert page(leader, letter).count("Đã hủy") >= 2


def test_only_the_assigned_officer_proposes(app, ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    other = make_user(role=Role.HANDLER, agency=ban.agency)
    db.session.commit()
    leader = client_of(app, ban.leader)
    leader.post(f"/letters/{letter.id}/assign", data={"officer": ban.officer.id, "version": letter.version})
    events = count_rows(LetterStatusEvent)
    response = client_of(app, other).post(
        f"/letters/{letter.id}/propose", data={"paper": "guidance", "version": letter.version}
    )
    assert response.status_code == 400 and "Chỉ cán bộ được giao xử lý" in response.get_data(as_text=True)
    assert letter.status == LetterStatus.ASSIGNED and count_rows(LetterStatusEvent) == events


def test_a_stale_version_is_refused(app, ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    db.session.commit()
    stale = letter.version
    leader = client_of(app, ban.leader)
    leader.post(f"/letters/{letter.id}/urgent", data={"reason": "Nguy cơ xô xát", "version": stale})
    response = leader.post(f"/letters/{letter.id}/file", data={"reason": "Không đủ điều kiện", "version": stale})
    assert response.status_code == 409
    assert letter.status == LetterStatus.RECEIVED


def test_an_urgent_report_shows_and_a_leader_takes_it_in_hand(app, ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    db.session.commit()
    officer, leader = client_of(app, ban.officer), client_of(app, ban.leader)
    response = officer.post(f"/letters/{letter.id}/urgent", data={"reason": "Nguy cơ xô xát khi cưỡng chế", "version": letter.version})
    assert response.status_code == 302
    assert 'id="urgent-alert"' in page(leader, letter)
    assert f'action="/letters/{letter.id}/urgent/acknowledge"' in page(leader, letter)
    assert leader.post(f"/letters/{letter.id}/urgent/acknowledge", data={"version": letter.version}).status_code == 302
    assert letter.urgent_acknowledged_at is not None and 'id="urgent-alert"' not in page(leader, letter)


def test_a_hand_over_body_sees_that_letter_only(app, ban, ward):  # noqa: F811
    letter, other = complaint(ban, ward), complaint(ban, ward)
    inspector = make_user(role=Role.HANDLER, agency=agency("TTR"))
    db.session.commit()
    leader, ttr = client_of(app, ban.leader), client_of(app, inspector)
    assert ttr.get(f"/letters/{letter.id}").status_code == 404
    response = leader.post(
        f"/letters/{letter.id}/hand-over",
        data={"agency": agency("TTR").id, "direction": "Đề nghị Thanh tra tỉnh xác minh", "version": letter.version},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    body = page(ttr, letter)
    assert "Đề nghị Thanh tra tỉnh xác minh" in body
    assert f"/letters/{letter.id}/classify" not in body and f"/letters/{letter.id}/void" not in body
    assert ttr.post(f"/letters/{letter.id}/void", data={"reason": "Không phải của Thanh tra"}).status_code == 403
    assert ttr.get(f"/letters/{letter.id}/classify").status_code == 403
    assert ttr.get(f"/letters/{other.id}").status_code == 404
    listed = ttr.get("/letters/").get_data(as_text=True)
    assert letter.summary in listed and f"/letters/{other.id}\"" not in listed


def test_out_of_scope_ids_answer_404(app, ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    stranger = make_user(role=Role.LEADER, agency=agency("PHG"))
    db.session.commit()
    client = client_of(app, stranger)
    for action, data in (
        ("approve", {}),
        ("file", {"reason": "Không đủ điều kiện"}),
        ("hand-over", {"agency": agency("TTR").id, "direction": "Xác minh nội dung"}),
    ):
        assert client.post(f"/letters/{letter.id}/{action}", data={**data, "version": letter.version}).status_code == 404
    assert client.post("/letters/99999999/approve", data={"version": 1}).status_code == 404


def _ids(body: str) -> tuple[list[str], list[str]]:
    """The ids a page's labels point at, and every id it declares."""
    return re.findall(r'<label[^>]*\bfor="([^"]+)"', body), re.findall(r'\bid="([^"]+)"', body)


def test_every_label_of_the_letter_page_focuses_its_own_forms_field(app, ban, ward):  # noqa: F811
    """Several forms of the page have a "reason", a "direction" or a "comment": each field has an id of its
    own form ("file-reason"), so a label never focuses another form's field; the posted names stay."""
    letter = complaint(ban, ward)
    db.session.commit()
    leader = client_of(app, ban.leader)
    body = page(leader, letter)
    targets, declared = _ids(body)
    assert {"assign-direction", "hand_over-direction", "urgent-reason", "file-reason", "void-reason"} <= set(targets)
    assert [t for t in targets if declared.count(t) != 1] == []
    assert 'name="reason"' in body and 'name="direction"' in body  # what the POSTs read is unchanged
    response = leader.post(f"/letters/{letter.id}/file", data={"reason": "", "version": letter.version})
    assert response.status_code == 400  # a refused form re-renders with its own ids too
    targets, declared = _ids(response.get_data(as_text=True))
    assert [t for t in targets if declared.count(t) != 1] == []


def test_a_forwarding_without_a_receiving_body_is_refused_beside_the_receiver(app, ban):  # noqa: F811
    letter = denunciation(ban)
    db.session.commit()
    leader, officer = client_of(app, ban.leader), client_of(app, ban.officer)
    leader.post(f"/letters/{letter.id}/assign", data={"officer": ban.officer.id, "version": letter.version})
    response = officer.post(
        f"/letters/{letter.id}/propose", data={"paper": "forward_denunciation", "receiver": "", "version": letter.version}
    )
    assert response.status_code == 400 and letter.status == LetterStatus.ASSIGNED
    body = response.get_data(as_text=True)
    receiver = body[body.index('id="propose-receiver"'):]
    assert re.match(r'[^<]*(<option[^>]*>[^<]*</option>\s*)*</select>\s*<div class="invalid-feedback d-block" id="propose-receiver-error-1">Vui lòng chọn cơ quan nhận.', receiver)


def test_a_letter_whose_paper_was_issued_cannot_be_voided(app, ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    db.session.commit()
    leader, officer = client_of(app, ban.leader), client_of(app, ban.officer)
    assert f'action="/letters/{letter.id}/void"' in page(officer, letter)
    leader.post(f"/letters/{letter.id}/assign", data={"officer": ban.officer.id, "version": letter.version})
    officer.post(f"/letters/{letter.id}/propose", data={"paper": "guidance", "version": letter.version})
    leader.post(f"/letters/{letter.id}/approve", data={"version": letter.version})
    draft = db.session.get(Document, letter.proposal_document_id)
    assert f'action="/letters/{letter.id}/void"' in page(officer, letter)  # a draft carries no number yet
    assert leader.post(f"/documents/{draft.id}/issue", data={"version": draft.version}).status_code == 302
    assert f'action="/letters/{letter.id}/void"' not in page(officer, letter)
    response = officer.post(f"/letters/{letter.id}/void", data={"reason": "Đăng ký nhầm đơn"})
    assert response.status_code == 400 and not letter.is_void
    assert f"Đơn đã có văn bản ban hành (số {draft.number_symbol}): không hủy đăng ký được." in response.get_data(as_text=True)


def test_the_history_names_the_proposed_paper_and_the_page_where_the_letter_went(app, ban):  # noqa: F811
    letter = denunciation(ban)
    db.session.commit()
    leader, officer = client_of(app, ban.leader), client_of(app, ban.officer)
    leader.post(f"/letters/{letter.id}/assign", data={"officer": ban.officer.id, "version": letter.version})
    officer.post(
        f"/letters/{letter.id}/propose",
        data={"paper": "forward_denunciation", "receiver": str(agency("XTY").id), "version": letter.version},
    )
    slip = db.session.get(Document, letter.proposal_document_id)
    body = page(leader, letter)
    assert f"Văn bản đề xuất:  → Dự thảo — {slip.subject}" in body and "Trường khác" not in body
    # The notification text needs the number and date: offered once the slip is issued.
    mail_url = f"/letters/{letter.id}/papers/{slip.id}/notification"
    assert mail_url not in body and leader.get(mail_url).status_code == 404
    leader.post(f"/letters/{letter.id}/approve", data={"version": letter.version})
    assert leader.post(f"/documents/{slip.id}/issue", data={"version": slip.version}).status_code == 302
    body = page(leader, letter)
    assert mail_url in body and leader.get(mail_url).status_code == 200
    assert re.search(r"Đã chuyển đơn đến</dt><dd[^>]*>Ủy ban nhân dân xã Tiên Yên<", body)


def test_a_letter_decided_with_its_case_names_the_case_acceptance_in_its_events(app, ban, ward):  # noqa: F811
    """Accepted from the case page (its acceptance notice issued), the waiting letter's status event says so."""
    letter = complaint(ban, ward)
    case = db.session.get(CaseFile, letter.case_id)
    with immediate_transactions():
        issue_document(transitions.accept_case(case, actor=ban.leader), actor=ban.leader, issue_date=date(2026, 7, 16))
    db.session.commit()
    body = page(client_of(app, ban.leader), letter)
    assert letter.status == LetterStatus.ACCEPTED
    assert "<td>Thụ lý vụ việc</td>" in body
