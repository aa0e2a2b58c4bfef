"""List exports (petitions.exports): each list's export holds the rows its page shows — the same filters, the same
scope, identity numbers masked —, as a streamed CSV (UTF-8 with BOM) and a workbook, text neutralised; each export
logged as personal-data processing and limited per user; a long list goes to a background job."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from flask import Flask

from petitions.auth.models import SecurityEvent
from petitions.citizens.services import CitizenInput
from petitions.domain.reception import VisitClass
from petitions.domain.records import IdType, LetterType
from petitions.domain.types import Role
from petitions.exports import services as exports
from petitions.extensions import db, immediate_transactions
from tests.factories import (
    DEFAULT_PASSWORD,
    make_agency,
    make_case,
    make_citizen,
    make_document,
    make_letter,
    make_user,
    make_visit,
    signed_in_client,
)

HYPERLINK = '=HYPERLINK("http://x","y")'


def _csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx(response: Any) -> list[list[list[Any]]]:
    """Every sheet's rows (values as stored), and every text cell's stored type checked: never a formula."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    workbook = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    sheets = []
    for sheet in workbook.worksheets:
        rows = []
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {cell.coordinate}: {cell.value}"
            rows.append([cell.value for cell in row])
        sheets.append(rows)
    return sheets


@pytest.fixture
def agencies(session: Any) -> tuple[Any, Any]:
    return make_agency(), make_agency()


def test_citizen_export_neutralises_a_formula_name_and_masks_the_id_in_csv_and_xlsx(app: Flask, agencies: Any) -> None:
    own, _other = agencies
    make_citizen(agency=own, full_name=HYPERLINK, id_type=IdType.CCCD, id_number="001203004005")
    client, _user = signed_in_client(app, Role.RECEPTION_OFFICER, agency=own)

    rows = _csv(client.post("/exports/citizens.csv"))
    assert rows[0] == ["Họ và tên", "Năm sinh", "Giấy tờ", "Xã, phường"]
    assert rows[1][0] == "'" + HYPERLINK  # shown as text by a spreadsheet program, never run
    assert rows[1][2] == "••••••••4005" and "001203004005" not in str(rows)

    sheet = _xlsx(client.post("/exports/citizens.xlsx"))[0]
    assert sheet[1][0] == HYPERLINK  # stored as a string cell (checked in _xlsx), the characters as typed
    assert sheet[1][2] == "••••••••4005"


def test_citizen_export_holds_only_the_agencys_citizens_and_the_search_on_screen(app: Flask, agencies: Any) -> None:
    own, other = agencies
    make_citizen(agency=own, full_name="Lê Văn Bình")
    make_citizen(agency=own, full_name="Phạm Thị Cúc")
    make_citizen(agency=other, full_name="Lê Văn Bình Khác")
    client, _user = signed_in_client(app, Role.RECEPTION_OFFICER, agency=own)

    names = [row[0] for row in _csv(client.post("/exports/citizens.csv"))[1:]]
    assert names == ["Lê Văn Bình", "Phạm Thị Cúc"]
    client.post("/reception/citizens/search", data={"q": "le van"})
    names = [row[0] for row in _csv(client.post("/exports/citizens.csv"))[1:]]
    assert names == ["Lê Văn Bình"]


def _visits(own: Any, other: Any) -> Any:
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=own)
    foreign_officer = make_user(role=Role.RECEPTION_OFFICER, agency=other)
    with immediate_transactions():
        named = make_citizen(agency=own, full_name=HYPERLINK, address_text="Thôn 1")
        make_visit(agency=own, officer=officer, citizen_id=named.id, summary="Khiếu nại thu hồi đất")
        make_visit(
            agency=own, officer=officer, classification=VisitClass.DENUNCIATION, summary="Tố cáo cán bộ xã",
            person=CitizenInput(full_name="Vũ Thị Kín"),
        )
        stranger = make_citizen(agency=other, full_name="Người của cơ quan khác")
        make_visit(agency=other, officer=foreign_officer, citizen_id=stranger.id, summary="Việc của cơ quan khác")
    return officer


def test_visit_export_shows_the_books_rows_of_the_agency_only_with_the_denouncer_hidden(app: Flask, agencies: Any) -> None:
    own, other = agencies
    _visits(own, other)
    client, _user = signed_in_client(app, Role.RECEPTION_OFFICER, agency=own)

    rows = _csv(client.post("/exports/visits.csv"))
    summaries = sorted(row[4] for row in rows[1:])
    assert summaries == ["Khiếu nại thu hồi đất", "Tố cáo cán bộ xã"]
    by_summary = {row[4]: row for row in rows[1:]}
    assert by_summary["Khiếu nại thu hồi đất"][2] == "'" + HYPERLINK
    assert by_summary["Tố cáo cán bộ xã"][2] == "Người tố cáo (được bảo mật)"
    assert "Vũ Thị Kín" not in str(rows) and "Người của cơ quan khác" not in str(rows)
    sheet = _xlsx(client.post("/exports/visits.xlsx"))[0]
    assert sorted(row[4] for row in sheet[1:]) == summaries
    assert HYPERLINK in [row[2] for row in sheet[1:]]


def test_visit_export_applies_the_pages_filters(app: Flask, agencies: Any) -> None:
    own, other = agencies
    _visits(own, other)
    client, _user = signed_in_client(app, Role.RECEPTION_OFFICER, agency=own)

    rows = _csv(client.post("/exports/visits.csv?outcome=guided&from=2026-08-14&to=2026-08-14&order=asc"))
    assert len(rows) == 3
    assert _csv(client.post("/exports/visits.csv?from=2026-08-15")) == [rows[0]]


def test_each_export_is_logged_as_personal_data_processing(app: Flask, agencies: Any) -> None:
    own, _other = agencies
    make_citizen(agency=own, full_name="Lê Văn Bình")
    client, user = signed_in_client(app, Role.RECEPTION_OFFICER, agency=own)
    client.post("/reception/citizens/search", data={"q": "le van"})

    _csv(client.post("/exports/citizens.csv"))
    event = db.session.scalars(sa.select(SecurityEvent).where(SecurityEvent.kind == exports.EXPORT_EVENT)).one()
    assert (event.user_id, event.actor_id) == (user.id, user.id)
    assert event.detail == "list=citizens format=csv inline"  # never the search term (a name)


def test_exports_are_limited_per_user_by_the_count_in_the_database(app: Flask, agencies: Any) -> None:
    own, _other = agencies
    client, user = signed_in_client(app, Role.RECEPTION_OFFICER, agency=own)
    other_client, _other_user = signed_in_client(app, Role.RECEPTION_OFFICER, agency=own)
    app.config["EXPORT_RATE_LIMIT"] = 2
    try:
        assert client.post("/exports/citizens.csv").status_code == 200
        assert client.post("/exports/citizens.xlsx").status_code == 200
        refused = client.post("/exports/citizens.csv")
        assert refused.status_code == 303 and refused.headers["Location"].endswith("/reception/citizens")
        assert "Bạn đã xuất quá nhiều danh sách" in client.get("/reception/citizens").get_data(as_text=True)
        assert other_client.post("/exports/citizens.csv").status_code == 200  # another user's count
    finally:
        app.config["EXPORT_RATE_LIMIT"] = exports.DEFAULT_RATE_LIMIT
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(SecurityEvent).where(SecurityEvent.kind == exports.EXPORT_EVENT,
                                                                    SecurityEvent.user_id == user.id)
    ) == 2


def test_an_export_needs_the_lists_role_and_a_known_list(app: Flask, agencies: Any) -> None:
    own, _other = agencies
    liaison, _user = signed_in_client(app, Role.LIAISON, agency=own)
    assert liaison.post("/exports/citizens.csv").status_code == 403
    officer, _user = signed_in_client(app, Role.RECEPTION_OFFICER, agency=own)
    assert officer.post("/exports/nothing.csv").status_code == 404
    assert officer.post("/exports/citizens.pdf").status_code == 404
    assert officer.get("/exports/citizens.csv").status_code == 405


def test_list_pages_show_the_export_buttons_with_their_filters(app: Flask, agencies: Any) -> None:
    own, _other = agencies
    client, _user = signed_in_client(app, Role.RECEPTION_OFFICER, agency=own)
    page = client.get("/reception/?outcome=guided&after=abc").get_data(as_text=True)
    assert 'action="/exports/visits.csv?outcome=guided"' in page
    assert 'action="/exports/visits.xlsx?outcome=guided"' in page
    assert "Xuất CSV" in client.get("/reception/citizens").get_data(as_text=True)


def test_letter_export_holds_the_registers_rows_of_the_agency_with_its_filters(app: Flask, agencies: Any) -> None:
    own, other = agencies
    make_letter(agency=own, summary="Khiếu nại bồi thường đất")
    make_letter(agency=own, letter_type=LetterType.PETITION, summary="Kiến nghị sửa đường")
    make_letter(agency=other, summary="Đơn của cơ quan khác")
    client, _user = signed_in_client(app, Role.LEADER, agency=own)

    rows = _csv(client.post("/exports/letters.csv"))
    assert rows[0][:6] == ["Số", "Ngày nhận", "Loại", "Trạng thái", "Tóm tắt", "Bị khiếu nại, tố cáo"]
    assert sorted(row[4] for row in rows[1:]) == ["Khiếu nại bồi thường đất", "Kiến nghị sửa đường"]
    assert [row[4] for row in _csv(client.post("/exports/letters.csv?type=petition"))[1:]] == ["Kiến nghị sửa đường"]
    sheet = _xlsx(client.post("/exports/letters.xlsx?type=complaint"))[0]
    assert [row[4] for row in sheet[1:]] == ["Khiếu nại bồi thường đất"]


def test_case_export_holds_the_agencys_cases_and_the_title_search_on_screen(app: Flask, agencies: Any) -> None:
    own, other = agencies
    make_case(agency=own, title="Khiếu nại thu hồi đất ở xã Bình Định")
    make_case(agency=own, title="Tố cáo cán bộ địa chính")
    make_case(agency=other, title="Khiếu nại thu hồi đất của cơ quan khác")
    client, _user = signed_in_client(app, Role.LEADER, agency=own)

    titles = sorted(row[5] for row in _csv(client.post("/exports/cases.csv"))[1:])
    assert titles == ["Khiếu nại thu hồi đất ở xã Bình Định", "Tố cáo cán bộ địa chính"]
    client.post("/cases/search", data={"text": "thu hoi dat"})
    assert [row[5] for row in _csv(client.post("/exports/cases.csv"))[1:]] == ["Khiếu nại thu hồi đất ở xã Bình Định"]
    assert [row[5] for row in _xlsx(client.post("/exports/cases.xlsx"))[0][1:]] == ["Khiếu nại thu hồi đất ở xã Bình Định"]


def test_document_export_holds_the_agencys_register_only(app: Flask, agencies: Any) -> None:
    own, other = agencies
    make_document(issuing_agency=own, fields={"subject": HYPERLINK})
    make_document(issuing_agency=other, fields={"subject": "Văn bản của cơ quan khác"})
    client, _user = signed_in_client(app, Role.LEADER, agency=own)

    rows = _csv(client.post("/exports/documents.csv"))
    assert [row[3] for row in rows[1:]] == ["'" + HYPERLINK]
    assert [row[3] for row in _xlsx(client.post("/exports/documents.xlsx"))[0][1:]] == [HYPERLINK]


def test_worklist_section_export_holds_the_sections_letters_of_the_agency(app: Flask, agencies: Any) -> None:
    own, other = agencies
    make_letter(agency=own, summary="Đơn quá hạn của cơ quan")  # received 02/03/2026: D10 long past
    make_letter(agency=other, summary="Đơn quá hạn của cơ quan khác")
    client, _user = signed_in_client(app, Role.LEADER, agency=own)

    page = client.get("/worklist/office_overdue").get_data(as_text=True)
    assert 'action="/exports/worklist.csv?section=office_overdue"' in page
    rows = _csv(client.post("/exports/worklist.csv?section=office_overdue"))
    assert rows[0] == ["Số", "Ngày nhận", "Loại", "Trạng thái", "Tóm tắt", "Hạn xử lý", "Việc phải làm"]
    assert [row[4] for row in rows[1:]] == ["Đơn quá hạn của cơ quan"]
    handler, _user = signed_in_client(app, Role.HANDLER, agency=own)
    assert _csv(handler.post("/exports/worklist.csv?section=office_overdue")) == [rows[0]]  # not the handler's section


def test_the_security_events_export_holds_what_the_leader_may_read(app: Flask, agencies: Any) -> None:
    own, other = agencies
    from petitions.auth.events import record_event

    record_event("login_failure", user=make_user(agency=own), ip_address="10.0.0.1", detail="our-office")
    record_event("login_failure", user=make_user(agency=other), ip_address="10.0.0.2", detail="other-office")
    db.session.flush()
    client, _leader = signed_in_client(app, Role.LEADER, agency=own)
    details = [row[5] for row in _csv(client.post("/exports/security_events.csv"))[1:]]
    assert "our-office" in details and "other-office" not in details
    times = [row[0] for row in _xlsx(client.post("/exports/security_events.xlsx"))[0][1:]]
    assert times and all(moment is not None for moment in times)  # local times written without a zone


def test_the_administrators_lists_export_and_only_for_the_administrator(app: Flask, agencies: Any) -> None:
    own, _other = agencies
    make_user(agency=own, username="nguoi.xuat", full_name=HYPERLINK)
    admin, _user = signed_in_client(app, Role.ADMIN, agency=own)
    users = _csv(admin.post("/exports/users.csv"))
    assert ["nguoi.xuat", "'" + HYPERLINK] in [row[:2] for row in users]
    assert _xlsx(admin.post("/exports/outbox.xlsx"))[0][0][0] == "#"
    leader, _leader = signed_in_client(app, Role.LEADER, agency=own)
    assert leader.post("/exports/users.csv").status_code == 403
    assert leader.post("/exports/outbox.csv").status_code == 403


def test_the_sessions_export_holds_the_agencys_sessions(app: Flask, agencies: Any) -> None:
    own, other = agencies
    client, _user = signed_in_client(app, Role.LEADER, agency=own)
    header = _csv(client.post("/exports/sessions.csv"))[0]
    assert header[0] == "Ngày" and header[-1] == "Ngày thông báo"


def test_csv_export_streams_when_the_request_session_is_gone(committed_app: Flask) -> None:
    """As in production (not under the `session` fixture, whose one session outlives the request): the CSV is
    written after the view returned and committed, in a context of its own, and still reads the user's scope
    (the view's user row, expired by the commit, used to be detached there: a 500 on every CSV export)."""
    with committed_app.app_context():
        agency = make_agency()
        make_letter(agency=agency, summary="Khiếu nại đã xuất")
        user = make_user(role=Role.LEADER, agency=agency)
        username = user.username
        db.session.commit()
    client = committed_app.test_client()
    assert client.post("/auth/login", data={"username": username, "password": DEFAULT_PASSWORD}).status_code == 302
    rows = _csv(client.post("/exports/letters.csv"))
    assert [row[4] for row in rows[1:]] == ["Khiếu nại đã xuất"]
