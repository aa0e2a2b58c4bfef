"""The agency workspace and the office's side through the web: the liaison's list, item page and acts (an
answer with the decision attached), the office seeing the answer at once (letter page, case page, home page,
responses to review), accepting it or returning it, a paper reply, an extension asked and granted."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa

from petitions.documents import services as documents
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.referrals import ReferralStatus
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.services import assign_letter
from petitions.referrals.models import Referral
from tests.factories import log_in, make_user
from tests.letters_papers.conftest import (  # noqa: F401  (fixtures)
    agency,
    complaint,
    denunciation,
    office,
    seeded,
    ward,
)

DAY = date(2026, 7, 6)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ban(seeded, app):  # noqa: F811
    return office("BTCD")


def client_of(app, user):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert log_in(client, user).status_code == 302
    return client


def forward(ban, letter, paper: HandlingPaper, receiver: str) -> Referral:  # type: ignore[no-untyped-def]
    with immediate_transactions():
        assign_letter(letter, officer_id=ban.officer.id, direction="Xem xét", actor=ban.leader, effective_on=DAY)
        document = handling.propose_handling(
            letter, paper, actor=ban.officer, effective_on=DAY, receiver_agency_id=agency(receiver).id
        )
        handling.approve_proposal(letter, actor=ban.leader, effective_on=DAY)
        documents.issue_document(document, actor=ban.leader, issue_date=date(2026, 7, 15))
    referral = db.session.scalars(sa.select(Referral).where(Referral.letter_id == letter.id)).one()
    db.session.commit()
    return referral


def answer_data(referral: Referral, prefix: str = "answer", **overrides) -> dict:  # type: ignore[no-untyped-def]
    data = {
        f"{prefix}-version": str(referral.version),
        f"{prefix}-number": "45/UBND-TTr",
        f"{prefix}-answered_on": "2026-08-01",
        f"{prefix}-summary": "Đã giải quyết, trả lời công dân bằng văn bản",
        f"{prefix}-outcome": "resolved",
        f"{prefix}-verdict": "",
        f"{prefix}-decision_number": "12/QĐ-UBND",
        f"{prefix}-decision_on": "2026-07-30",
        f"{prefix}-file": (io.BytesIO(PDF), "quyet-dinh.pdf"),
    }
    data.update(overrides)
    return data


def test_the_liaison_answers_in_the_workspace_and_the_office_sees_it_and_accepts(app, ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    referral = forward(ban, letter, HandlingPaper.FORWARD_PETITION, "PHG")
    liaison = client_of(app, make_user(role=Role.LIAISON, agency=agency("PHG")))
    listing = liaison.get("/workspace/").get_data(as_text=True)
    assert f'href="/workspace/{referral.id}"' in listing and "1 kết quả" in listing
    page = liaison.get(f"/workspace/{referral.id}").get_data(as_text=True)
    assert 'id="acknowledge-form"' in page and 'id="answer-form"' in page and "W1" in page
    assert liaison.post(f"/workspace/{referral.id}/acknowledge", data={"acknowledge-version": referral.version}).status_code == 302
    db.session.refresh(referral)
    assert referral.status == ReferralStatus.ACKNOWLEDGED
    refused = liaison.post(f"/workspace/{referral.id}/answer", data=answer_data(referral, **{"answer-outcome": ""}),
                           content_type="multipart/form-data")
    assert refused.status_code == 400 and "Vui lòng chọn kết quả giải quyết" in refused.get_data(as_text=True)
    response = liaison.post(f"/workspace/{referral.id}/answer", data=answer_data(referral), content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(referral)
    assert referral.status == ReferralStatus.ANSWERED
    officer = client_of(app, ban.officer)
    for url in (f"/letters/{letter.id}", f"/cases/{letter.case_id}", "/workspace/review"):
        body = officer.get(url).get_data(as_text=True)
        assert "45/UBND-TTr" in body or f'href="/workspace/sent/{referral.id}"' in body, url
    assert 'data-count="referrals-review">1<' in officer.get("/").get_data(as_text=True)
    body = officer.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert 'id="referrals"' in body and "Đã trả lời, chờ xem xét" in body and 'id="reply-form"' not in body
    file = officer.get(f"/workspace/{referral.id}/answer-file")
    assert file.status_code == 200 and file.data == PDF
    assert officer.post(f"/workspace/sent/{referral.id}/accept", data={"accept-version": referral.version}).status_code == 302
    db.session.refresh(referral)
    db.session.refresh(letter)
    assert referral.status == ReferralStatus.COMPLETED and letter.status == LetterStatus.REPLY_RECEIVED


def test_the_office_returns_an_answer_for_completion_with_a_reason(app, ban, ward):  # noqa: F811
    letter = denunciation(ban)
    referral = forward(ban, letter, HandlingPaper.FORWARD_DENUNCIATION, "XTY")
    liaison = client_of(app, make_user(role=Role.LIAISON, agency=agency("XTY")))
    page = liaison.get(f"/workspace/{referral.id}").get_data(as_text=True)
    assert "Bản sao đơn đã che thông tin người tố cáo" in page and 'id="extension-form"' not in page  # D25: the law's
    assert liaison.post(f"/workspace/{referral.id}/answer", data=answer_data(referral),
                        content_type="multipart/form-data").status_code == 302
    officer = client_of(app, ban.officer)
    db.session.refresh(referral)
    refused = officer.post(f"/workspace/sent/{referral.id}/return", data={"return-version": referral.version, "return-note": ""})
    assert refused.status_code == 400
    assert officer.post(f"/workspace/sent/{referral.id}/return",
                        data={"return-version": referral.version, "return-note": "Thiếu biên bản xác minh"}).status_code == 302
    db.session.refresh(referral)
    assert referral.status == ReferralStatus.IN_PROGRESS
    assert "Thiếu biên bản xác minh" in liaison.get(f"/workspace/{referral.id}").get_data(as_text=True)


def test_a_paper_reply_for_a_body_outside_the_system(app, ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    referral = forward(ban, letter, HandlingPaper.FORWARD_PETITION, "PHG")
    officer = client_of(app, ban.officer)
    page = officer.get(f"/workspace/sent/{referral.id}").get_data(as_text=True)
    assert 'id="paper_reply-form"' in page
    response = officer.post(f"/workspace/sent/{referral.id}/paper-reply", data=answer_data(referral, "paper_reply"),
                            content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(referral)
    assert referral.status == ReferralStatus.ANSWERED and referral.answer_via.value == "paper"
    assert referral.answer_due_on is None


def test_an_extension_asked_by_the_body_and_granted_by_the_offices_leader(app, ban, ward):  # noqa: F811
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    referral = forward(ban, letter, HandlingPaper.FORWARD_PETITION, "PHG")
    due = referral.answer_due_on
    liaison = client_of(app, make_user(role=Role.LIAISON, agency=agency("PHG")))
    response = liaison.post(f"/workspace/{referral.id}/extension", data={
        "extension-version": referral.version, "extension-days": "10", "extension-reason": "Cần xác minh thêm tại thực địa",
    })
    assert response.status_code == 302
    leader = client_of(app, ban.leader)
    home = leader.get("/").get_data(as_text=True)
    assert 'data-count="referrals-extensions"' in home
    db.session.refresh(referral)
    assert client_of(app, ban.officer).post(f"/workspace/sent/{referral.id}/extension/grant",
                                            data={"grant-version": referral.version}).status_code == 403
    assert leader.post(f"/workspace/sent/{referral.id}/extension/grant", data={"grant-version": referral.version}).status_code == 302
    db.session.refresh(referral)
    assert referral.extension_requested_days is None and (referral.answer_due_on - due).days == 10


def test_the_workspace_filters_overdue_items(app, ban, ward):  # noqa: F811
    old = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    referral = forward(ban, old, HandlingPaper.FORWARD_PETITION, "PHG")  # due 14/08/2026: overdue today
    liaison = client_of(app, make_user(role=Role.LIAISON, agency=agency("PHG")))
    overdue = liaison.get("/workspace/?overdue=1").get_data(as_text=True)
    assert f'href="/workspace/{referral.id}"' in overdue and "Quá hạn" in overdue
    answered = liaison.get("/workspace/?status=answered").get_data(as_text=True)
    assert f'href="/workspace/{referral.id}"' not in answered


def test_the_workspace_export_holds_the_bodys_items_with_the_filters_and_nothing_for_another_body(app, ban, ward):  # noqa: F811
    import csv

    old = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    referral = forward(ban, old, HandlingPaper.FORWARD_PETITION, "PHG")  # due 14/08/2026: overdue today
    liaison = client_of(app, make_user(role=Role.LIAISON, agency=agency("PHG")))

    def rows(client, query: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
        response = client.post(f"/exports/workspace.csv{query}")
        assert response.status_code == 200
        return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))

    overdue = rows(liaison, "?overdue=1")
    assert overdue[0][:3] == ["Đơn", "Hình thức", "Cơ quan gửi"]
    assert [(row[0], row[5]) for row in overdue[1:]] == [(f"Đơn số {referral.letter.register_label}", "Quá hạn")]
    assert rows(liaison, "?status=answered") == [overdue[0]]
    other = client_of(app, make_user(role=Role.LIAISON, agency=agency("TTR")))
    assert rows(other, "") == [overdue[0]]
