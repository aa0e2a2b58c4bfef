"""The correction pages (Sửa thông tin đã ghi — đính chính) of a visit and a letter: roles, scope, CSRF,
refusals shown with the input kept, the stale version, and the history after saving."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.cli import seed_reference_data
from petitions.deadlines.models import RecordType
from petitions.deadlines.queries import clocks_of
from petitions.domain.reception import VisitOutcome
from petitions.domain.records import LetterStatus
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters.models import Letter
from petitions.letters.services import record_letter_status
from tests.factories import make_agency, make_citizen, make_letter, make_user, make_visit, signed_in_client

D = date.fromisoformat
REASON = "Ghi nhầm ngày tiếp trong sổ"


@pytest.fixture
def office(app, session):
    seed_reference_data()
    agency = make_agency()
    client, officer = signed_in_client(app, role=Role.RECEPTION_OFFICER, agency=agency)
    return agency, client, officer


def _visit(agency, officer, **overrides):
    with immediate_transactions():
        visit = make_visit(agency=agency, officer=officer, citizen_id=make_citizen(agency_id=agency.id).id, **overrides)
    db.session.commit()  # the requests' refusals roll back to here
    return visit


def _form(visit, **changes):
    data = {
        "version": str(visit.version),
        "visited_on": visit.visited_on.isoformat(),
        "classification": visit.classification.value,
        "complaint_subtype": visit.complaint_subtype.value if visit.complaint_subtype else "",
        "outcome": visit.outcome.value,
        "guided_to": visit.guided_to,
        "reason": REASON,
        "confirm": "y",
    }
    data.update(changes)
    return data


def test_visit_page_offers_the_correction_and_its_form_shows_the_recorded_values(office):
    agency, client, officer = office
    visit = _visit(agency, officer)
    page = client.get(f"/reception/visits/{visit.id}").get_data(as_text=True)
    assert "Sửa thông tin đã ghi (đính chính)" in page
    form = client.get(f"/reception/visits/{visit.id}/correct")
    text = form.get_data(as_text=True)
    assert form.status_code == 200
    assert 'value="14/08/2026"' in text and "Ủy ban nhân dân xã Bình Định" in text
    assert "Lý do đính chính" in text and "Tôi xác nhận" in text


def test_a_saved_correction_shows_in_the_history_with_old_and_new_values_and_its_reason(office):
    agency, client, officer = office
    visit = _visit(agency, officer)
    saved = client.post(f"/reception/visits/{visit.id}/correct", data=_form(visit, visited_on="2026-08-07", outcome="forwarded", forwarded_to="UBND xã Bình Định", guided_to=""))
    assert saved.status_code == 302 and saved.headers["Location"] == f"/reception/visits/{visit.id}"
    page = client.get(f"/reception/visits/{visit.id}").get_data(as_text=True)
    assert "Đã đính chính lượt tiếp số" in page
    assert f"Ngày tiếp: 14/08/2026 → 07/08/2026 — Đính chính: {REASON}" in page
    assert f"Kết quả tiếp: Hướng dẫn → Chuyển cơ quan có thẩm quyền — Đính chính: {REASON}" in page
    assert "21/08/2026" in page  # D7 counted again from 07/08


def test_bad_input_keeps_what_was_typed(office):
    agency, client, officer = office
    visit = _visit(agency, officer)
    no_reason = client.post(
        f"/reception/visits/{visit.id}/correct", data=_form(visit, visited_on="2026-08-07", reason="", guided_to="Thôn Đông")
    )
    text = no_reason.get_data(as_text=True)
    assert no_reason.status_code == 400
    assert "Vui lòng ghi lý do đính chính." in text
    assert 'value="2026-08-07"' in text and "Thôn Đông" in text
    unconfirmed = client.post(f"/reception/visits/{visit.id}/correct", data=_form(visit, visited_on="2026-08-07", confirm=""))
    assert unconfirmed.status_code == 400 and "Vui lòng đánh dấu xác nhận đính chính." in unconfirmed.get_data(as_text=True)
    refused = client.post(f"/reception/visits/{visit.id}/correct", data=_form(visit, visited_on="2025-12-30"))
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Ngày tiếp phải thuộc năm 2026" in text and 'value="2025-12-30"' in text and REASON in text
    db.session.refresh(visit)
    assert visit.visited_on == D("2026-08-14")


def test_a_stale_correction_answers_409_and_writes_nothing(office):
    agency, client, officer = office
    visit = _visit(agency, officer)
    form = _form(visit, visited_on="2026-08-07")
    assert client.post(f"/reception/visits/{visit.id}/correct", data=form).status_code == 302
    stale = client.post(f"/reception/visits/{visit.id}/correct", data=form | {"visited_on": "2026-08-10"})
    assert stale.status_code == 409 and "2026-08-10" in stale.get_data(as_text=True)
    db.session.refresh(visit)
    assert visit.visited_on == D("2026-08-07")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.LIAISON, Role.ADMIN])
def test_roles_that_do_not_record_visits_cannot_correct(app, office, role):
    agency, _client, officer = office
    visit = _visit(agency, officer)
    client, _ = signed_in_client(app, role=role, agency=agency)
    assert client.get(f"/reception/visits/{visit.id}/correct").status_code == 403
    assert client.post(f"/reception/visits/{visit.id}/correct", data=_form(visit, visited_on="2026-08-07")).status_code == 403


def test_a_leader_of_the_agency_corrects(app, office):
    agency, _client, officer = office
    visit = _visit(agency, officer)
    client, _ = signed_in_client(app, role=Role.LEADER, agency=agency)
    assert client.post(f"/reception/visits/{visit.id}/correct", data=_form(visit, visited_on="2026-08-07")).status_code == 302


def test_a_visit_of_another_agency_is_404(app, office):
    agency, _client, officer = office
    visit = _visit(agency, officer)
    client, _ = signed_in_client(app, role=Role.LEADER, agency=make_agency())
    assert client.get(f"/reception/visits/{visit.id}/correct").status_code == 404
    assert client.post(f"/reception/visits/{visit.id}/correct", data=_form(visit, visited_on="2026-08-07")).status_code == 404
    db.session.refresh(visit)
    assert visit.visited_on == D("2026-08-14")


def test_csrf_is_enforced_on_the_correction(app, office, monkeypatch):
    agency, client, officer = office
    visit = _visit(agency, officer)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get(f"/reception/visits/{visit.id}/correct").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post(f"/reception/visits/{visit.id}/correct", data=_form(visit, visited_on="2026-08-07")).status_code == 400
    db.session.refresh(visit)
    assert visit.visited_on == D("2026-08-14")
    accepted = client.post(f"/reception/visits/{visit.id}/correct", data=_form(visit, visited_on="2026-08-07", csrf_token=token))
    assert accepted.status_code == 302


# Letters -------------------------------------------------------------------------------------------------


@pytest.fixture
def letter_office(app, session):
    seed_reference_data()
    agency = make_agency()
    client, officer = signed_in_client(app, role=Role.HANDLER, agency=agency)
    letter = make_letter(agency=agency, actor=officer, received_on=D("2026-08-03"), citizen_id=make_citizen(agency_id=agency.id).id)
    db.session.commit()  # the requests' refusals roll back to here
    return agency, client, officer, letter


def _letter_form(letter, **changes):
    data = {"version": str(letter.version), "received_on": "2026-07-31", "reason": "Vào sổ nhầm ngày nhận", "confirm": "y"}
    data.update(changes)
    return data


def test_a_letters_received_date_is_corrected_and_its_clocks_counted_again(letter_office):
    _agency, client, _officer, letter = letter_office
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "Sửa thông tin đã ghi (đính chính)" in page
    form = client.get(f"/letters/{letter.id}/correct")
    assert form.status_code == 200 and 'value="03/08/2026"' in form.get_data(as_text=True)
    saved = client.post(f"/letters/{letter.id}/correct", data=_letter_form(letter))
    assert saved.status_code == 302 and saved.headers["Location"] == f"/letters/{letter.id}"
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "Ngày nhận: 03/08/2026 → 31/07/2026 — Đính chính: Vào sổ nhầm ngày nhận" in page
    [d10] = clocks_of(RecordType.LETTER, letter.id)
    assert (d10.trigger_on, d10.due_on) == (D("2026-07-31"), D("2026-08-14"))


def test_a_letter_correction_refused_keeps_the_input(letter_office):
    _agency, client, _officer, letter = letter_office
    refused = client.post(f"/letters/{letter.id}/correct", data=_letter_form(letter, received_on="2025-12-31"))
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Ngày nhận đơn phải thuộc năm 2026" in text and 'value="2025-12-31"' in text and "Vào sổ nhầm ngày nhận" in text
    stale = client.post(f"/letters/{letter.id}/correct", data=_letter_form(letter, version="0"))
    assert stale.status_code == 409
    db.session.refresh(letter)
    assert letter.received_on == D("2026-08-03")


def test_a_letter_handed_in_at_a_visit_is_sent_to_the_visit(app, office):
    agency, client, officer = office
    visit = _visit(agency, officer, outcome=VisitOutcome.LETTER_RECEIVED, with_letter=True, guided_to="")
    letter = db.session.get(Letter, visit.letter_id)
    refused = client.post(f"/letters/{letter.id}/correct", data=_letter_form(letter, received_on="2026-08-13"))
    assert refused.status_code == 400 and "đính chính ngày tiếp ở lượt tiếp" in refused.get_data(as_text=True)


def test_a_voided_letter_offers_no_correction(letter_office):
    _agency, client, officer, letter = letter_office
    from petitions.letters.services import void_letter

    void_letter(letter, reason="Đăng ký nhầm", actor=officer)
    assert "Sửa thông tin đã ghi" not in client.get(f"/letters/{letter.id}").get_data(as_text=True)
    page = client.get(f"/letters/{letter.id}/correct").get_data(as_text=True)
    assert "Đơn đã bị hủy đăng ký: không đính chính được." in page


def test_a_filed_letters_form_offers_the_filing_date(letter_office):
    _agency, client, officer, letter = letter_office
    record_letter_status(letter, LetterStatus.FILED, effective_on=D("2026-08-20"), actor=officer)
    form = client.get(f"/letters/{letter.id}/correct").get_data(as_text=True)
    assert "Ngày lưu đơn" in form
    saved = client.post(f"/letters/{letter.id}/correct", data=_letter_form(letter, received_on="2026-08-03", filed_on="2026-08-19"))
    assert saved.status_code == 302
    db.session.refresh(letter)
    assert letter.filed_on == D("2026-08-19")


@pytest.mark.parametrize(("role", "status"), [(Role.VIEWER, 403), (Role.LIAISON, 403)])
def test_letter_correction_roles(app, letter_office, role, status):
    agency, _client, _officer, letter = letter_office
    client, _ = signed_in_client(app, role=role, agency=agency)
    assert client.get(f"/letters/{letter.id}/correct").status_code == status
    assert client.post(f"/letters/{letter.id}/correct", data=_letter_form(letter)).status_code == status


def test_a_letter_of_another_agency_is_404(app, letter_office):
    _agency, _client, _officer, letter = letter_office
    client, _ = signed_in_client(app, role=Role.HANDLER, agency=make_agency())
    assert client.get(f"/letters/{letter.id}/correct").status_code == 404
    assert client.post(f"/letters/{letter.id}/correct", data=_letter_form(letter)).status_code == 404
    assert make_user  # the factory stays available to the sweep's world


CLASSIFY = {
    "declared_type": "petition",
    "writer_identified": "y",
    "in_vietnamese": "y",
    "dated": "y",
    "has_name_address": "y",
    "signed": "y",
    "content_complete": "y",
    "main_part": "1",
    "within_competence": "",
}


def test_a_reclassification_is_a_correction_that_needs_its_reason(letter_office):
    _agency, client, _officer, letter = letter_office
    first = client.post(f"/letters/{letter.id}/classify", data=CLASSIFY | {"version": str(letter.version), "declared_type": "complaint", "complaint_subtype": "administrative"})
    assert first.status_code == 302  # the first classification needs no reason
    db.session.refresh(letter)
    bare = client.post(f"/letters/{letter.id}/classify", data=CLASSIFY | {"version": str(letter.version)})
    assert bare.status_code == 400 and "Vui lòng ghi lý do đính chính" in bare.get_data(as_text=True)
    db.session.refresh(letter)
    assert letter.letter_type.value == "complaint"
    done = client.post(f"/letters/{letter.id}/classify", data=CLASSIFY | {"version": str(letter.version), "reason": "Nội dung là kiến nghị, không phải khiếu nại"})
    assert done.status_code == 302
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "Loại đơn: Khiếu nại → Kiến nghị, phản ánh — Nội dung là kiến nghị, không phải khiếu nại" in page
