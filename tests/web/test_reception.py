"""Reception screens: roles, the intake POST, lookups by POST, drafts across a forced logout, 409, no personal data in URLs."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from petitions import clock
from petitions.citizens.models import Citizen
from petitions.cli import seed_reference_data
from petitions.domain.deadlines import LeaderLevel
from petitions.domain.reception import SessionKind, SessionStatus, VisitOutcome
from petitions.domain.records import IdType
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.reception.models import IntakeDraft, ReceptionSession, Visit
from tests.factories import count_rows, log_in, make_citizen, signed_in_client

READ_PAGES = ("/reception/", "/reception/citizens", "/reception/sessions", "/reception/compliance")


@pytest.fixture
def officer_client(app, session):
    seed_reference_data()
    return signed_in_client(app, role=Role.RECEPTION_OFFICER)


def intake_data(**overrides):
    data = {
        "visited_on": "2026-08-14",
        "mode": "in_person",
        "person-full_name": "Nguyễn Văn Đức",
        "person-id_type": "cccd",
        "person-id_number": "001203004567",
        "person-birth_year": "1960",
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


@pytest.mark.parametrize("path", (*READ_PAGES, "/reception/visits/new"))
def test_liaison_cannot_open_reception_pages(app, session, path):
    client, _ = signed_in_client(app, role=Role.LIAISON)
    assert client.get(path).status_code == 403


def test_liaison_cannot_post_a_lookup(app, session):
    client, _ = signed_in_client(app, role=Role.LIAISON)
    assert client.post("/reception/citizens/lookup", data={"full_name": "Nguyễn"}).status_code == 403


@pytest.mark.parametrize("path", READ_PAGES)
def test_officer_opens_reception_pages(officer_client, path):
    client, _ = officer_client
    assert client.get(path).status_code == 200


def test_viewer_reads_but_cannot_record(app, session):
    client, _ = signed_in_client(app, role=Role.VIEWER)
    assert client.get("/reception/").status_code == 200
    assert client.get("/reception/visits/new").status_code == 403


def test_intake_defaults_to_today_and_me(officer_client, monkeypatch):
    client, user = officer_client
    page = client.get("/reception/visits/new").get_data(as_text=True)
    assert f'value="{clock.local_today():%d/%m/%Y}"' in page
    assert user.full_name in page


def test_intake_form_carries_the_delegation_rules_from_python(officer_client, monkeypatch):
    """reception.js keeps no copy of the threshold or the representatives' table: the page passes them."""
    from petitions.domain import reception as rules

    monkeypatch.setattr(rules, "DELEGATION_MIN_PERSONS", 7)
    monkeypatch.setattr(rules, "GROUP_REPRESENTATIVE_LIMITS", ((13, 4), (7, 2)))
    client, _ = officer_client
    page = client.get("/reception/visits/new").get_data(as_text=True)
    assert 'data-delegation-min="7"' in page
    assert 'data-rep-limits="[[13, 4], [7, 2]]"' in page
    assert "Từ 7 người trở lên là đoàn đông người." in page


def test_intake_records_a_visit_and_redirects_to_it(officer_client):
    client, user = officer_client
    response = client.post("/reception/visits/new", data=intake_data())
    assert response.status_code == 302
    visit = db.session.query(Visit).one()
    assert response.headers["Location"] == f"/reception/visits/{visit.id}"
    assert (visit.officer_id, visit.outcome, visit.citizen.full_name) == (
        user.id,
        VisitOutcome.GUIDED,
        "Nguyễn Văn Đức",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã ghi lượt tiếp số 1/2026" in page
    assert "27/08/2026" in page  # D7


def test_intake_refusal_keeps_the_input(officer_client):
    client, _ = officer_client
    response = client.post("/reception/visits/new", data=intake_data(**{"person-id_number": "12345"}))
    assert response.status_code == 400  # a refused or invalid form re-renders with 400
    page = response.get_data(as_text=True)
    assert "12 chữ số" in page and "Khiếu nại việc bồi thường" in page
    assert count_rows(Visit) == 0


def test_group_of_twelve_with_three_representatives(officer_client):
    client, _ = officer_client
    data = intake_data(headcount="12")
    for n in range(3):
        data |= {
            f"representatives-{n}-kind": "group",
            f"representatives-{n}-full_name": f"Người đại diện {n}",
            f"representatives-{n}-document_number": "01/BB",
        }
    assert client.post("/reception/visits/new", data=data).status_code == 302
    visit = db.session.query(Visit).one()
    assert visit.is_delegation and len(visit.representatives) == 3


def test_lookup_offers_the_same_person_by_post(officer_client):
    client, user = officer_client
    citizen = make_citizen(agency_id=user.agency_id, full_name="Nguyễn Văn Đức", birth_year=1960)
    fragment = client.post(
        "/reception/citizens/lookup", data={"full_name": "nguyen van duc", "birth_year": "1960"}
    )
    html = fragment.get_data(as_text=True)
    assert f'data-pick-citizen="{citizen.id}"' in html and "Trùng họ tên và năm sinh" in html


def test_lookup_flags_a_bad_id_number(officer_client):
    client, _ = officer_client
    html = client.post("/reception/citizens/lookup", data={"id_type": "cmnd", "id_number": "1234"}).get_data(
        as_text=True
    )
    assert "9 hoặc 12 chữ số" in html


def test_draft_survives_a_forced_logout(app, officer_client, monkeypatch):
    client, user = officer_client
    statement = "Bà trình bày dài: " + "việc thu hồi đất năm 2019 " * 50
    saved = client.post("/reception/drafts/intake", data=intake_data(statement=statement))
    assert saved.status_code == 200 and count_rows(IntakeDraft) == 1
    later = clock.utcnow() + timedelta(hours=3)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    # The form the browser sends once the session ended goes to the sign-in page (303, nothing of it kept);
    # a script's request (the autosave's fetch) gets a bare 401.
    sent = client.post("/reception/visits/new", data=intake_data(), headers={"Sec-Fetch-Mode": "navigate"})
    assert sent.status_code == 303 and sent.headers["Location"] == "/auth/login?next=/reception/visits/new"
    autosave = client.post("/reception/drafts/intake", data=intake_data(), headers={"Sec-Fetch-Mode": "cors"})
    assert autosave.status_code == 401
    # The idle session ended: the officer's browser (asking for HTML) is sent to the sign-in page,
    # which brings them back to the form (only the path travels in `next`).
    expired = client.get("/reception/visits/new", headers={"Accept": "text/html"})
    assert expired.status_code == 302
    assert expired.headers["Location"] == "/auth/login?next=/reception/visits/new"
    log_in(client, user)
    page = client.get("/reception/visits/new").get_data(as_text=True)
    assert "Đã khôi phục bản nháp" in page
    assert "việc thu hồi đất năm 2019 việc thu hồi" in page
    assert client.post("/reception/visits/new", data=intake_data(statement=statement)).status_code == 302
    assert count_rows(IntakeDraft) == 0


def test_stale_visit_edit_answers_409(officer_client):
    client, _ = officer_client
    client.post("/reception/visits/new", data=intake_data())
    visit = db.session.query(Visit).one()
    form = {"version": str(visit.version), "summary": "Sửa lần một"}
    assert client.post(f"/reception/visits/{visit.id}/edit", data=form).status_code == 302
    stale = client.post(f"/reception/visits/{visit.id}/edit", data=form | {"summary": "Sửa lần hai"})
    assert stale.status_code == 409
    assert "Sửa lần hai" in stale.get_data(as_text=True)


def test_visit_and_citizen_outside_scope_are_404(app, officer_client):
    client, _ = officer_client
    other, other_user = signed_in_client(app, role=Role.RECEPTION_OFFICER)
    other.post("/reception/visits/new", data=intake_data())
    visit = db.session.query(Visit).one()
    assert client.get(f"/reception/visits/{visit.id}").status_code == 404
    assert client.get(f"/reception/citizens/{visit.citizen_id}").status_code == 404


def test_citizen_search_travels_by_post(officer_client):
    client, user = officer_client
    make_citizen(agency_id=user.agency_id, full_name="Nguyễn Văn Đức")
    response = client.post("/reception/citizens/search", data={"q": "nguyen van duc"})
    assert response.headers["Location"] == "/reception/citizens"
    assert "Nguyễn Văn Đức" in client.get("/reception/citizens").get_data(as_text=True)


def test_merge_from_the_citizens_page(officer_client):
    client, user = officer_client
    keep = make_citizen(
        agency_id=user.agency_id, full_name="Trần Văn Bình", id_type=IdType.CCCD, id_number="001203004568"
    )
    dup = make_citizen(
        agency_id=user.agency_id, full_name="Trần Văn Bình", id_type=IdType.CCCD, id_number="001203004568"
    )
    assert "Hợp nhất hồ sơ trùng (1)" in client.get(f"/reception/citizens/{keep.id}").get_data(as_text=True)
    assert client.post(f"/reception/citizens/{keep.id}/merge", data={"other_id": dup.id}).status_code == 302
    assert db.session.get(Citizen, dup.id).merged_into_id == keep.id


def test_no_personal_data_in_any_url_the_pages_produce(officer_client):
    client, user = officer_client
    client.post("/reception/visits/new", data=intake_data(outcome="letter_received", with_letter="y"))
    client.post("/reception/citizens/search", data={"q": "Nguyễn Văn Đức"})
    visit = db.session.query(Visit).one()
    pages = [
        "/reception/",
        "/reception/citizens",
        f"/reception/citizens/{visit.citizen_id}",
        f"/reception/visits/{visit.id}",
        "/reception/visits/new",
        f"/reception/citizens/{visit.citizen_id}/edit",
    ]
    secrets = ["nguyen", "Nguy", "%C4%90", "001203004567", "4567", "duc"]
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        for url in re.findall(r'(?:href|action|src|data-[a-z-]+-url)="([^"]*)"', html):
            assert not any(s.lower() in url.lower() for s in secrets), (path, url)


def test_csrf_is_required_for_the_autosave(app, officer_client, monkeypatch):
    client, _ = officer_client
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post("/reception/drafts/intake", data={"summary": "x"}).status_code == 400
    page = client.get("/reception/visits/new").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    ok = client.post("/reception/drafts/intake", data={"summary": "x"}, headers={"X-CSRFToken": token})
    assert ok.status_code == 200


def test_visit_page_shows_the_d7_due_date_and_its_explanation(officer_client):
    client, _ = officer_client
    response = client.post("/reception/visits/new", data=intake_data())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hạn trả lời công dân (D7)" in page
    assert "27/08/2026" in page  # from 14/08, the make-up Saturday 22/08 counted
    assert "22/08/2026" in page  # the explanation names it


def test_session_form_and_compliance(officer_client):
    client, _ = officer_client
    data = {
        "kind": "periodic",
        "mode": "in_person",
        "status": "held",
        "held_on": "2026-09-04",
        "leader_name": "Chủ tịch Lê Văn An",
        "leader_level": "province_chairman",
        "schedule_published_on": "2026-08-24",
    }
    response = client.post("/reception/sessions/new", data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "25/08/2026" in page  # D1
    assert "25/08/2026" in client.get("/reception/sessions").get_data(as_text=True)
    compliance = client.get("/reception/compliance?month=2026-09").get_data(as_text=True)
    assert "Chủ tịch Lê Văn An" in compliance and "Đạt" in compliance
    sessions_before = count_rows(ReceptionSession)
    refused = client.post(
        "/reception/sessions/new", data=data | {"kind": "delegated", "held_on": "2026-07-06"}
    )
    # The form is shown again (400, no redirect) with the rule's message, and nothing is saved.
    assert refused.status_code == 400
    assert "Từ ngày 01/07/2026 người đứng đầu không được ủy quyền tiếp công dân định kỳ." in refused.get_data(
        as_text=True
    )
    assert count_rows(ReceptionSession) == sessions_before


def test_session_online_needs_recording(officer_client):
    client, _ = officer_client
    data = {"kind": "regular", "mode": "online", "status": "held", "held_on": str(date(2026, 8, 3))}
    assert "bản ghi" in client.post("/reception/sessions/new", data=data).get_data(as_text=True)


def test_intake_neither_offers_nor_accepts_a_postponed_session(officer_client, monkeypatch):
    client, user = officer_client
    monkeypatch.setattr(clock, "local_today", lambda: date(2026, 8, 14))
    monkeypatch.setattr("petitions.reception.views.local_today", lambda: date(2026, 8, 14))
    postponed = ReceptionSession(
        agency_id=user.agency_id, kind=SessionKind.PERIODIC, status=SessionStatus.POSTPONED, held_on=date(2026, 8, 14),
        leader_name="Chủ tịch Hoãn Lịch", postponed_reason="Đi công tác",
    )
    held = ReceptionSession(
        agency_id=user.agency_id, kind=SessionKind.PERIODIC, status=SessionStatus.HELD, held_on=date(2026, 8, 14),
        leader_name="Chủ tịch Đã Tiếp",
    )
    db.session.add_all([postponed, held])
    db.session.flush()
    page = client.get("/reception/visits/new").get_data(as_text=True)
    assert "Chủ tịch Đã Tiếp" in page and "Chủ tịch Hoãn Lịch" not in page
    refused = client.post("/reception/visits/new", data=intake_data(session_id=str(postponed.id)))
    assert refused.status_code == 400 and count_rows(Visit) == 0
    assert client.post("/reception/visits/new", data=intake_data(session_id=str(held.id))).status_code == 302


def test_intake_classification_has_no_default(officer_client):
    client, _ = officer_client
    page = client.get("/reception/visits/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="classification".*?</select>', page, re.S).group(0)
    options = re.findall(r"<option( selected)? value=\"([^\"]*)\">([^<]*)<", select)
    assert options[0][1:] == ("", "— chọn phân loại —")  # the browser shows the first option
    assert not [value for chosen, value, _ in options if chosen and value]
    data = intake_data()
    del data["classification"]
    refused = client.post("/reception/visits/new", data=data)
    assert refused.status_code == 400 and "Vui lòng chọn phân loại." in refused.get_data(as_text=True)
    assert count_rows(Visit) == 0


def test_autosave_keeps_no_denouncer_identity_and_the_screen_says_so(officer_client):
    client, _ = officer_client
    page = client.get("/reception/visits/new").get_data(as_text=True)
    assert "Bản nháp không lưu họ tên, giấy tờ, điện thoại, địa chỉ" in page
    assert 'data-draft-identity-classes="complaint petition"' in page
    typed = intake_data(classification="denunciation", complaint_subtype="", accompanying="Trần Văn Đi Cùng")
    for before_choice in (typed | {"classification": ""}, typed):
        assert client.post("/reception/drafts/intake", data=before_choice).status_code == 200
        payload = db.session.query(IntakeDraft).one().payload
        assert not [k for k in payload if k.startswith("person-") or k == "accompanying"]
        assert "Nguyễn Văn Đức" not in str(payload) and "001203004567" not in str(payload)
    restored = client.get("/reception/visits/new").get_data(as_text=True)
    assert "Đã khôi phục bản nháp" in restored and "Khiếu nại việc bồi thường" in restored
    assert "Nguyễn Văn Đức" not in restored


def test_a_denouncers_companions_are_not_shown_to_an_uncleared_handler(app, officer_client):
    client, user = officer_client
    data = intake_data(classification="denunciation", complaint_subtype="", accompanying="Trần Văn Đi Cùng\nLê Thị Theo")
    response = client.post("/reception/visits/new", data=data)
    assert response.status_code == 302
    handler, _ = signed_in_client(app, role=Role.HANDLER, agency_id=user.agency_id)
    for reader in (client, handler):
        page = reader.get(response.headers["Location"]).get_data(as_text=True)
        assert "2 người (được bảo mật như người tố cáo)" in page
        assert "Trần Văn Đi Cùng" not in page and "Lê Thị Theo" not in page


def test_a_denunciations_representative_is_refused_beside_the_filled_row(officer_client):
    """The refusal names its field (ReceptionError.field): shown beside the representatives and tied to the row
    that was filled (aria-invalid, aria-describedby), not in a banner at the top with no field marked."""
    client, _ = officer_client
    data = intake_data(classification="denunciation", complaint_subtype="", headcount="6") | {
        "representatives-0-kind": "group",
        "representatives-0-full_name": "Trần Văn Đại Diện",
        "representatives-0-document_number": "01/GCĐD",
    }
    refused = client.post("/reception/visits/new", data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and count_rows(Visit) == 0
    assert 'id="intake-error"' not in page
    assert re.search(r'<div class="invalid-feedback d-block" id="representatives-error">Danh tính người tố cáo', page)
    filled = re.search(r'<input [^>]*name="representatives-0-full_name"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in filled and 'aria-describedby="representatives-error"' in filled
    assert "is-invalid" in filled
    untouched = re.search(r'<input [^>]*name="representatives-1-full_name"[^>]*>', page).group(0)
    assert "aria-invalid" not in untouched


def _option(page: str, value: str) -> str:
    """The <option> tag of `value` in the page (its attributes tell whether it is offered)."""
    match = re.search(rf'<option[^>]*value="{value}"[^>]*>', page)
    assert match, value
    return match.group(0)


def test_session_form_offers_only_what_exists_on_the_day(officer_client, monkeypatch):
    """In December 2026 the form no longer offers a delegated session (none from 01/07/2026) nor the district
    chairman (no district level from 01/07/2025); an older session's page, dated before, still does."""
    client, user = officer_client
    monkeypatch.setattr("petitions.reception.forms.local_today", lambda: date(2026, 12, 7))
    monkeypatch.setattr("petitions.reception.views.local_today", lambda: date(2026, 12, 7))
    page = client.get("/reception/sessions/new").get_data(as_text=True)
    for value in ("delegated", "district_chairman"):
        tag = _option(page, value)
        assert "hidden" in tag and "disabled" in tag, tag
    for value in ("periodic", "province_chairman", "commune_chairman"):
        tag = _option(page, value)
        assert "hidden" not in tag and "disabled" not in tag, tag

    old = ReceptionSession(
        agency_id=user.agency_id, kind=SessionKind.DELEGATED, status=SessionStatus.HELD, held_on=date(2025, 3, 5),
        leader_name="Phó Chủ tịch Ủy Quyền", leader_level=LeaderLevel.DISTRICT_CHAIRMAN,
    )
    db.session.add(old)
    db.session.commit()  # kept past the refused post below, which rolls its request back
    page = client.get(f"/reception/sessions/{old.id}").get_data(as_text=True)
    assert "disabled" not in _option(page, "delegated") and "disabled" not in _option(page, "district_chairman")

    sessions_before = count_rows(ReceptionSession)
    refused = client.post(
        "/reception/sessions/new",
        data={"kind": "periodic", "mode": "in_person", "status": "planned", "held_on": "2026-12-10",
              "leader_name": "Chủ tịch Lê Văn An", "leader_level": "district_chairman"},
    )
    assert refused.status_code == 400
    assert "không còn cấp «Chủ tịch Ủy ban nhân dân cấp huyện»" in refused.get_data(as_text=True)
    assert count_rows(ReceptionSession) == sessions_before
