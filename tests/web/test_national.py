"""The national-database worklist "Nhập CSDL quốc gia": roles, scope, marking and correcting through the pages,
paging, the CSV without any writer's identity, and the entry box on the record pages."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from petitions.clock import local_today
from petitions.deadlines.services import seed_calendar
from petitions.domain.national import EntryStatus
from petitions.domain.records import LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters.models import Letter
from petitions.national.models import CaseNationalEntry, LetterNationalEntry, VisitNationalEntry
from tests.factories import log_in, make_agency, make_case, make_citizen, make_letter, make_user, make_visit

TODAY = local_today()
WRITER = "Lê Thị Canary Nhập"


@dataclass
class Office:
    agency: Any
    leader: Any
    handler: Any


@pytest.fixture
def office(session) -> Office:  # type: ignore[no-untyped-def]
    seed_calendar()  # the confirmed 2025–2027 calendar the due days are counted on
    agency = make_agency()
    office = Office(agency, make_user(role=Role.LEADER, agency=agency), make_user(role=Role.HANDLER, agency=agency))
    db.session.commit()
    return office


def client_of(app, user):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert log_in(client, user).status_code == 302
    return client


def a_letter(office: Office, **overrides: Any) -> Letter:
    overrides.setdefault("received_on", TODAY - timedelta(days=60))
    letter = make_letter(agency=office.agency, actor=office.handler, **overrides)
    db.session.commit()
    return letter


def test_the_worklist_lists_pending_letters_late_first_and_hides_the_writer(app, office) -> None:  # type: ignore[no-untyped-def]
    writer = make_citizen(agency=office.agency, full_name=WRITER)
    old = a_letter(office, citizen_id=writer.id, summary="Khiếu nại việc cấp sổ đỏ cũ")
    new = a_letter(office, received_on=TODAY, summary="Khiếu nại mới nhận hôm nay")
    body = client_of(app, office.handler).get("/national/").get_data(as_text=True)
    assert "Khiếu nại việc cấp sổ đỏ cũ" in body and "Khiếu nại mới nhận hôm nay" in body
    assert body.index(f"/national/letters/{old.id}/mark") < body.index(f"/national/letters/{new.id}/mark")  # oldest first
    assert body.count("Trễ hạn") >= 1 and WRITER not in body
    late = client_of(app, office.handler).get("/national/?late=1").get_data(as_text=True)
    assert "Khiếu nại việc cấp sổ đỏ cũ" in late and "Khiếu nại mới nhận hôm nay" not in late


def test_another_office_sees_nothing_and_cannot_open_the_mark_page(app, office) -> None:  # type: ignore[no-untyped-def]
    letter = a_letter(office, summary="Nội dung của cơ quan A Canary")
    stranger = make_user(role=Role.LEADER, agency=make_agency())
    db.session.commit()
    client = client_of(app, stranger)
    assert "Canary" not in client.get("/national/").get_data(as_text=True)
    assert "Canary" not in client.get("/national/export.csv").get_data(as_text=True)
    assert client.get(f"/national/letters/{letter.id}/mark").status_code == 404
    posted = client.post(f"/national/letters/{letter.id}/mark", data={"version": "1", "entered_on": TODAY.isoformat(), "reference": "QG-X"})
    assert posted.status_code == 404
    assert client.get(f"/national/letters/{10**9}/mark").status_code == 404
    db.session.expire_all()
    assert db.session.get(LetterNationalEntry, letter.id).entry_status == EntryStatus.PENDING
    # An agency of another office named in the filter shows nothing either.
    assert "Canary" not in client.get(f"/national/?agency={office.agency.id}").get_data(as_text=True)


@pytest.mark.parametrize(("role", "read", "write"), [(Role.VIEWER, 200, 403), (Role.LIAISON, 403, 403), (Role.ADMIN, 403, 403)])
def test_roles(app, office, role, read, write) -> None:  # type: ignore[no-untyped-def]
    letter = a_letter(office)
    user = make_user(role=role, agency=office.agency)
    db.session.commit()
    client = client_of(app, user)
    assert client.get("/national/").status_code == read
    assert client.get(f"/national/letters/{letter.id}/mark").status_code == write


def test_marking_from_the_worklist_and_correcting_from_the_letter_page(app, office) -> None:  # type: ignore[no-untyped-def]
    letter = a_letter(office)
    client = client_of(app, office.handler)
    listed = client.get("/national/").get_data(as_text=True)
    assert f"/national/letters/{letter.id}/mark" in listed
    form = client.get(f"/national/letters/{letter.id}/mark?next=/national/")
    assert form.status_code == 200 and "Xác nhận đã nhập" in form.get_data(as_text=True)
    refused = client.post(f"/national/letters/{letter.id}/mark", data={"version": "1", "entered_on": TODAY.isoformat(), "reference": "   "})
    assert refused.status_code == 400
    done = client.post(
        f"/national/letters/{letter.id}/mark?next=/national/",
        data={"version": "1", "entered_on": TODAY.isoformat(), "reference": " QG-2026-15 "},
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/national/")
    assert f"/national/letters/{letter.id}/mark" not in client.get("/national/").get_data(as_text=True)
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "QG-2026-15" in page and "Nhập CSDL quốc gia" in page and f"/national/letters/{letter.id}/correct" in page
    assert "Chưa nhập → Đã nhập" in page  # the letter's own history names the change in words
    stale = client.post(f"/national/letters/{letter.id}/correct", data={"version": "1", "entered_on": TODAY.isoformat(), "reference": "QG-2026-16", "reason": "gõ nhầm"})
    assert stale.status_code == 409
    corrected = client.post(f"/national/letters/{letter.id}/correct", data={"version": "2", "entered_on": TODAY.isoformat(), "reference": "QG-2026-16", "reason": "gõ nhầm mã"})
    assert corrected.status_code == 302
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "QG-2026-15 → QG-2026-16 — gõ nhầm mã" in page


def test_a_visit_page_shows_its_entry_and_the_action(app, office) -> None:  # type: ignore[no-untyped-def]
    with immediate_transactions():
        visit = make_visit(agency=office.agency, officer=office.handler, visited_on=TODAY - timedelta(days=30),
                           citizen_id=make_citizen(agency=office.agency).id)
    db.session.commit()
    client = client_of(app, office.handler)
    page = client.get(f"/reception/visits/{visit.id}").get_data(as_text=True)
    assert "Nhập CSDL quốc gia" in page and f"/national/visits/{visit.id}/mark" in page and "Trễ hạn" in page
    assert client.post(f"/national/visits/{visit.id}/mark", data={"version": "1", "entered_on": TODAY.isoformat(), "reference": "TCD-1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(VisitNationalEntry, visit.id).national_reference == "TCD-1"
    listed = client.get("/national/?kind=visit").get_data(as_text=True)
    assert f"/national/visits/{visit.id}/mark" not in listed
    page = client.get(f"/reception/visits/{visit.id}").get_data(as_text=True)
    assert "Nhập CSDL quốc gia: Chưa nhập → Đã nhập" in page and f"/national/visits/{visit.id}/correct" in page
    assert "Người nhập CSDL quốc gia" not in page  # the line's actor says who; no account shown by its id


def test_a_case_is_marked_through_its_scope(app, office) -> None:  # type: ignore[no-untyped-def]
    case = make_case(agency=office.agency, opened_on=TODAY - timedelta(days=20), title="Vụ việc Canary")
    db.session.commit()
    client = client_of(app, office.leader)
    assert "Vụ việc Canary" in client.get("/national/?kind=case").get_data(as_text=True)
    assert f"/national/cases/{case.id}/mark" in client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert client.post(f"/national/cases/{case.id}/mark", data={"version": "1", "entered_on": TODAY.isoformat(), "reference": "VV-1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(CaseNationalEntry, case.id).entry_status == EntryStatus.ENTERED
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "VV-1" in page and f"/national/cases/{case.id}/correct" in page
    assert "Nhập CSDL quốc gia: Chưa nhập → Đã nhập" in page  # the case's own history


def test_keyset_pages_walk_every_pending_letter_once(app, office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("petitions.national.queries.PAGE_SIZE", 2)
    letters = [a_letter(office, received_on=TODAY - timedelta(days=10 + n)) for n in range(5)]
    client = client_of(app, office.handler)
    seen: list[int] = []
    url = "/national/"
    for _ in range(5):
        body = client.get(url).get_data(as_text=True)
        seen += [letter.id for letter in letters if f"/national/letters/{letter.id}/mark" in body]
        following = re.search(r'href="(/national/\?after=[^"]+)"', body)
        if following is None:
            break
        url = following.group(1).replace("&amp;", "&")
    assert sorted(seen) == sorted(letter.id for letter in letters) and len(seen) == 5


def test_the_csv_maps_the_pending_letters_without_identity_and_neutralises_formulas(app, office) -> None:  # type: ignore[no-untyped-def]
    writer = make_citizen(agency=office.agency, full_name=WRITER)
    letter = a_letter(office, citizen_id=writer.id, summary="=HYPERLINK(\"http://x\") khiếu nại")
    denunciation = a_letter(office, letter_type=LetterType.DENUNCIATION, complaint_subtype=None, summary="Tố cáo cán bộ xã")
    response = client_of(app, office.handler).get("/national/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["loai_ho_so", "ma_noi_bo", "so_vao_so", "ngay_tiep_nhan", "phan_loai", "noi_dung_tom_tat",
                       "co_quan", "can_bo", "han_nhap", "tre_han", "trang_thai"]
    by_id = {row[1]: row for row in rows[1:]}
    assert by_id[str(letter.id)][2] == letter.register_label
    assert by_id[str(letter.id)][5].startswith("'=HYPERLINK")
    assert by_id[str(letter.id)][9] == "1" and by_id[str(letter.id)][10] == "chua_nhap"
    assert by_id[str(denunciation.id)][4] == "Tố cáo"
    assert WRITER not in text


def test_csrf_is_checked_on_marking(app, office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    letter = a_letter(office)
    client = client_of(app, office.handler)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post(f"/national/letters/{letter.id}/mark", data={"version": "1", "entered_on": TODAY.isoformat(), "reference": "QG-1"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(LetterNationalEntry, letter.id).entry_status == EntryStatus.PENDING


def test_the_home_page_counts_my_pending_and_late_entries(app, office) -> None:  # type: ignore[no-untyped-def]
    a_letter(office)
    a_letter(office, received_on=TODAY)
    body = client_of(app, office.handler).get("/").get_data(as_text=True)
    assert "Hồ sơ của tôi chưa nhập CSDL quốc gia: 2, trễ hạn: 1" in body
    assert "national-mine" not in client_of(app, office.leader).get("/").get_data(as_text=True)


def test_a_user_kept_away_from_a_case_sees_none_of_its_records(app, office) -> None:  # type: ignore[no-untyped-def]
    from petitions.cases.models import CaseRestriction

    hidden = a_letter(office, summary="Đơn về người bị tố cáo Canary")
    a_letter(office, summary="Đơn khác của cơ quan")
    colleague = make_user(role=Role.HANDLER, agency=office.agency)
    db.session.add(CaseRestriction(case_file_id=hidden.case_id, user_id=colleague.id, reason="người bị tố cáo"))
    db.session.commit()
    client = client_of(app, colleague)
    body = client.get("/national/").get_data(as_text=True)
    assert "Đơn khác của cơ quan" in body and "Canary" not in body
    assert "Canary" not in client.get("/national/export.csv").get_data(as_text=True)
    assert "Canary" not in client.get("/national/?kind=case").get_data(as_text=True)
    assert client.get(f"/national/letters/{hidden.id}/mark").status_code == 404
    assert client.get(f"/national/cases/{hidden.case_id}/mark").status_code == 404
    # Everyone else still sees it.
    assert "Canary" in client_of(app, office.handler).get("/national/").get_data(as_text=True)


def test_several_letters_are_marked_at_once_or_none(app, office) -> None:  # type: ignore[no-untyped-def]
    first, second, third = a_letter(office), a_letter(office), a_letter(office)
    stranger_letter = make_letter(agency=make_agency(), received_on=TODAY - timedelta(days=60))
    db.session.commit()
    client = client_of(app, office.handler)
    page = client.get("/national/").get_data(as_text=True)
    assert f'name="reference-{first.id}"' in page and 'id="national-bulk"' in page
    day = TODAY.isoformat()
    unconfirmed = client.post("/national/mark-many?kind=letter", data={"kind": "letter", "records": [str(first.id)], f"reference-{first.id}": "QG-A", "entered_on": day})
    assert unconfirmed.status_code == 400 and "Vui lòng xác nhận." in unconfirmed.get_data(as_text=True)
    refused = client.post("/national/mark-many?kind=letter", data={
        "kind": "letter", "records": [str(first.id), str(second.id)], f"reference-{first.id}": "QG-A",
        f"reference-{second.id}": "  ", "entered_on": day, "confirm": "y",
    })
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and f"Hồ sơ số {second.id}: Nhập mã hồ sơ" in body
    assert 'value="QG-A"' in body  # what was typed comes back
    foreign = client.post("/national/mark-many?kind=letter", data={
        "kind": "letter", "records": [str(first.id), str(stranger_letter.id)], f"reference-{first.id}": "QG-A",
        f"reference-{stranger_letter.id}": "QG-B", "entered_on": day, "confirm": "y",
    })
    assert foreign.status_code == 400 and "Không tìm thấy hồ sơ đã chọn." in foreign.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(LetterNationalEntry, first.id).entry_status == EntryStatus.PENDING  # nothing kept
    done = client.post("/national/mark-many?kind=letter", data={
        "kind": "letter", "records": [str(first.id), str(second.id)], f"reference-{first.id}": "QG-A",
        f"reference-{second.id}": "QG-B", f"reference-{third.id}": "ignored: not selected", "entered_on": day, "confirm": "y",
    })
    assert done.status_code == 302
    db.session.expire_all()
    assert [db.session.get(LetterNationalEntry, letter.id).national_reference for letter in (first, second, third)] == ["QG-A", "QG-B", None]
