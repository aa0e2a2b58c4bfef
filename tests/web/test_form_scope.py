"""Ids that arrive in forms are loaded through the actor's scope, in the services (issue 14, item 1).

Agency A and agency B each have their own people and records. An officer of B who types A's ids into a
form gets the answer a missing id gets (a form error, or 404), never a link to A's record and never a
500; the services refuse the same ids when called directly, so a new view cannot forget the check.

OWASP ASVS 5.0: V8.2.2 (data-specific access: an id from a form is loaded through the actor's scope, IDOR/BOLA),
V8.3.1 (enforced in the service layer, not only the view), V8.4.1 (one agency's operations never touch another's).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from petitions.cli import seed_reference_data
from petitions.clock import local_today
from petitions.deadlines.services import seed_calendar
from petitions.directory.models import ReferenceItem
from petitions.documents import services as documents
from petitions.documents.models import Document
from petitions.domain.classification import LetterChannel
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.letters import services as letters
from petitions.letters.models import Letter
from petitions.printing import Authority, Signer
from petitions.reception import services as reception
from petitions.reception.models import Visit
from tests.factories import count_rows, make_agency, make_citizen, make_letter, make_user, signed_in_client

A_CITIZEN = "Hoàng Thị Riêng Tư A"
A_SUMMARY = "Khiếu nại bí mật của tỉnh A về đất rừng"
A_OFFICER = "Cán Bộ Xử Lý Của A"
HUGE_ID = 10**20  # beyond any database integer: must find nothing, not crash
BEYOND_INT4 = 3_000_000_000  # beyond PostgreSQL's INTEGER columns, inside BIGINT: nothing, not a 500


@pytest.fixture
def two_agencies(app, session):  # type: ignore[no-untyped-def]
    seed_reference_data()
    seed_calendar()
    a = make_agency(code="SCA", name="Ban Tiếp công dân tỉnh A")
    b = make_agency(code="SCB", name="Ban Tiếp công dân tỉnh B")
    a_officer = make_user(role=Role.HANDLER, agency=a, full_name=A_OFFICER)
    a_citizen = make_citizen(agency_id=a.id, full_name=A_CITIZEN)
    a_letter = make_letter(agency=a, citizen_id=a_citizen.id, summary=A_SUMMARY)
    db.session.commit()
    return {"a": a, "b": b, "a_officer": a_officer, "a_citizen": a_citizen, "a_letter": a_letter}


def _signer() -> Signer:
    return Signer(position="Phó Trưởng ban", name="Đặng Thị Ánh", authority=Authority.DEPUTY, principal="Trưởng ban")


def _draft_form(agency_id: int, **overrides: str) -> dict[str, str]:
    data = {
        "issuing_agency_id": str(agency_id),
        "place": "Sơn Hà",
        "f_subject": "Về việc trả lời đơn",
        "signer_authority": "KT.",
        "signer_principal": "Trưởng ban",
        "signer_position": "Phó Trưởng ban",
        "signer_name": "Đặng Thị Ánh",
        "record_type": "",
    }
    data.update(overrides)
    return data


# Documents: the linked record ------------------------------------------------------------------------


@pytest.mark.parametrize("record_id", ["a_letter", "missing", "huge", "beyond_int4"])
def test_document_cannot_link_another_agencys_letter(app, two_agencies, record_id):
    """Finding: B's officer drafted a document linked to A's letter (302) — now a form error on the field."""
    ids = {"a_letter": two_agencies["a_letter"].id, "missing": two_agencies["a_letter"].id + 1000, "huge": HUGE_ID,
           "beyond_int4": BEYOND_INT4}
    client, _user = signed_in_client(app, role=Role.HANDLER, agency=two_agencies["b"])
    before = count_rows(Document)
    response = client.post(
        "/documents/new?type=THONG_BAO",
        data=_draft_form(two_agencies["b"].id, record_type="letter", record_id=str(ids[record_id])),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Không tìm thấy bản ghi liên quan trong phạm vi của bạn." in page
    assert A_SUMMARY not in page and A_CITIZEN not in page
    assert count_rows(Document) == before


def test_document_edit_cannot_link_another_agencys_citizen(app, two_agencies):
    client, user = signed_in_client(app, role=Role.HANDLER, agency=two_agencies["b"])
    draft = documents.create_draft(
        doc_type="THONG_BAO", issuing_agency=two_agencies["b"], place="Sơn Hà", signer=_signer(), actor=user
    )
    db.session.commit()
    response = client.post(
        f"/documents/{draft.id}/edit",
        data=_draft_form(
            two_agencies["b"].id,
            version=str(draft.version),
            record_type="citizen",
            record_id=str(two_agencies["a_citizen"].id),
        ),
    )
    assert response.status_code == 400
    db.session.refresh(draft)
    assert (draft.record_type, draft.record_id) == (None, None)


def test_draft_service_refuses_another_agencys_record(two_agencies):
    user = make_user(role=Role.HANDLER, agency=two_agencies["b"])
    with pytest.raises(DomainError, match="Không tìm thấy bản ghi liên quan"):
        documents.create_draft(
            doc_type="THONG_BAO",
            issuing_agency=two_agencies["b"],
            place="Sơn Hà",
            signer=_signer(),
            record=("letter", two_agencies["a_letter"].id),
            actor=user,
        )


def test_draft_form_refuses_another_agency_as_issuer(app, two_agencies):
    client, _user = signed_in_client(app, role=Role.HANDLER, agency=two_agencies["b"])
    before = count_rows(Document)
    response = client.post("/documents/new?type=THONG_BAO", data=_draft_form(two_agencies["a"].id))
    assert response.status_code == 400
    assert count_rows(Document) == before


def test_own_record_still_links(app, two_agencies):
    client, user = signed_in_client(app, role=Role.HANDLER, agency=two_agencies["b"])
    own = make_letter(agency=two_agencies["b"], citizen_id=make_citizen(agency_id=two_agencies["b"].id).id)
    db.session.commit()
    response = client.post(
        "/documents/new?type=THONG_BAO",
        data=_draft_form(two_agencies["b"].id, record_type="letter", record_id=str(own.id)),
    )
    assert response.status_code == 302
    document = db.session.get(Document, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert (document.record_type, document.record_id) == ("letter", own.id)


# Letters: register, assign, classify, detail ---------------------------------------------------------


def _letter_input(agency_id: int, **overrides: object) -> letters.LetterInput:
    values: dict[str, object] = {
        "received_on": date(2026, 3, 2),
        "channel": LetterChannel.POST,
        "letter_type": LetterType.COMPLAINT,
        "complaint_subtype": ComplaintSubtype.ADMINISTRATIVE,
        "agency_id": agency_id,
        "summary": "Khiếu nại việc bồi thường",
    }
    values.update(overrides)
    return letters.LetterInput(**values)  # type: ignore[arg-type]


def test_register_letter_refuses_another_agencys_citizen(two_agencies):
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=two_agencies["b"])
    before = count_rows(Letter)
    with immediate_transactions(), pytest.raises(DomainError, match="Không tìm thấy hồ sơ công dân"):
        letters.register_letter(
            _letter_input(two_agencies["b"].id, citizen_id=two_agencies["a_citizen"].id), actor=officer
        )
    assert count_rows(Letter) == before


def test_register_letter_refuses_another_agencys_register(two_agencies):
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=two_agencies["b"])
    with immediate_transactions(), pytest.raises(DomainError, match="Không tìm thấy cơ quan"):
        letters.register_letter(_letter_input(two_agencies["a"].id), actor=officer)


def test_assign_letter_refuses_another_agencys_officer(two_agencies):
    leader = make_user(role=Role.LEADER, agency=two_agencies["b"])
    own = make_letter(agency=two_agencies["b"], citizen_id=make_citizen(agency_id=two_agencies["b"].id).id)
    with immediate_transactions(), pytest.raises(DomainError, match="cán bộ được giao"):
        letters.assign_letter(
            own, officer_id=two_agencies["a_officer"].id, direction="", actor=leader, effective_on=date(2026, 3, 3)
        )
    assert own.assigned_officer_id is None


def test_classify_refuses_a_field_item_no_longer_in_force(app, two_agencies):
    """A field item that ended yesterday is not offered; typed into the form it is refused, not stored."""
    client, user = signed_in_client(app, role=Role.HANDLER, agency=two_agencies["b"])
    own = make_letter(agency=two_agencies["b"], citizen_id=make_citizen(agency_id=two_agencies["b"].id).id)
    ended = ReferenceItem(
        list_code="field_complaint", code="ENDED", label="Lĩnh vực đã hết hiệu lực",
        valid_from=date(2000, 1, 1), valid_to=local_today() - timedelta(days=1),
    )
    db.session.add(ended)
    db.session.commit()
    response = client.post(
        f"/letters/{own.id}/classify",
        data={
            "version": str(own.version),
            "declared_type": "complaint",
            "complaint_subtype": "administrative",
            "writer_identified": "y", "in_vietnamese": "y", "dated": "y", "has_name_address": "y",
            "signed": "y", "content_complete": "y",
            "field_item": str(ended.id),
            "within_competence": "yes",
            "main_part": "1",
        },
    )
    assert response.status_code == 400
    db.session.refresh(own)
    assert own.field_item_id is None


def test_letter_page_shows_no_person_of_another_agency(app, two_agencies):
    """Stored ids that point outside the viewer's scope (old data, a move between agencies) show nothing of
    the other agency: neither its citizen's name nor its officer's."""
    client, _user = signed_in_client(app, role=Role.HANDLER, agency=two_agencies["b"])
    own = make_letter(agency=two_agencies["b"], citizen_id=make_citizen(agency_id=two_agencies["b"].id).id)
    own.citizen_id = two_agencies["a_citizen"].id
    own.assigned_officer_id = two_agencies["a_officer"].id
    db.session.commit()
    page = client.get(f"/letters/{own.id}").get_data(as_text=True)
    assert A_CITIZEN not in page and A_OFFICER not in page


# Reception: the intake screen --------------------------------------------------------------------------


def _intake(**overrides: str) -> dict[str, str]:
    data = {
        "visited_on": "2026-08-14",
        "mode": "in_person",
        "headcount": "1",
        "classification": "complaint",
        "complaint_subtype": "administrative",
        "summary": "Khiếu nại việc bồi thường khi thu hồi đất",
        "outcome": "guided",
        "guided_to": "Ủy ban nhân dân xã Bình Định",
        "case_choice": "new",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("which", ["a_citizen", "missing", "huge", "beyond_int4"])
def test_intake_with_another_agencys_citizen_is_a_form_error(app, two_agencies, which):
    """The probe of the issue: B's officer posting A's citizen_id. A form error; no visit; no name."""
    ids = {"a_citizen": two_agencies["a_citizen"].id, "missing": two_agencies["a_citizen"].id + 1000, "huge": HUGE_ID,
           "beyond_int4": BEYOND_INT4}
    client, _user = signed_in_client(app, role=Role.RECEPTION_OFFICER, agency=two_agencies["b"])
    response = client.post("/reception/visits/new", data=_intake(citizen_id=str(ids[which])))
    assert response.status_code == 400
    assert A_CITIZEN not in response.get_data(as_text=True)
    assert count_rows(Visit) == 0


def test_register_visit_refuses_another_agencys_book(two_agencies):
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=two_agencies["b"])
    data = reception.VisitInput(
        agency_id=two_agencies["a"].id,
        visited_on=date(2026, 8, 14),
        classification=VisitClass.PETITION,
        summary="Kiến nghị về đường làng",
        outcome=VisitOutcome.GUIDED,
        guided_to="UBND xã",
        citizen_id=two_agencies["a_citizen"].id,
    )
    with immediate_transactions(), pytest.raises(DomainError, match="Không tìm thấy cơ quan"):
        reception.register_visit(data, actor=officer)
    assert count_rows(Visit) == 0
