"""Paperwork screens: a visit's papers (receipt with the PIN shown once, slips, refusal notice draft), the
session conclusion notice, the reception book; roles 403, scope 404, PDFs and Excel served as files."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest

from petitions.citizens.services import CitizenInput
from petitions.cli import seed_reference_data
from petitions.directory.models import AdministrativeUnit
from petitions.directory.queries import get_item
from petitions.documents.models import Document
from petitions.domain.reception import SessionKind, SessionStatus, VisitClass, VisitOutcome
from petitions.domain.records import IdType, UnitLevel
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.paperwork import codes
from petitions.paperwork.models import Receipt
from petitions.reception import services as reception
from petitions.reception.models import ReceptionSession
from tests.factories import count_rows, make_agency, make_user, signed_in_client
from tests.tools import require_tool

DAY = date(2026, 8, 14)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def office(app, session):
    seed_reference_data()
    parent = make_agency(name="Ủy ban nhân dân tỉnh Quảng Ninh")
    agency = make_agency(name="Ban Tiếp công dân tỉnh", short_name="Quảng Ninh", parent_id=parent.id)
    client, officer = signed_in_client(app, role=Role.RECEPTION_OFFICER, agency=agency)
    with immediate_transactions():
        yield agency, officer, client


def _visit(agency, officer, **overrides):
    values = dict(
        agency_id=agency.id,
        visited_on=DAY,
        classification=VisitClass.COMPLAINT,
        summary="Khiếu nại việc bồi thường khi thu hồi đất",
        outcome=VisitOutcome.GUIDED,
        guided_to="Ủy ban nhân dân xã Tiên Yên",
        officer_id=officer.id,
        statement="Gia đình tôi chưa được bồi thường.",
        person=CitizenInput(
            full_name="Nguyễn Văn Hưởng",
            id_type=IdType.CCCD,
            id_number="022085001234",
            address_text="thôn Đồng Mỏ",
        ),
    )
    values.update(overrides)
    visit = reception.register_visit(reception.VisitInput(**values), actor=officer)
    db.session.commit()  # a view's rollback (a refused action) must not undo the test's records
    return visit


def _refused(agency, officer, code):
    return _visit(
        agency,
        officer,
        outcome=VisitOutcome.REFUSED,
        guided_to="",
        refusal_ground_id=get_item("refusal_ground", code).id,
        refusal_explanation="Vụ việc đã được giải quyết lần hai và thông báo bằng văn bản.",
    )


def _held_session(agency, kind=SessionKind.PERIODIC, status=SessionStatus.HELD):
    record = ReceptionSession(
        agency_id=agency.id,
        kind=kind,
        status=status,
        held_on=DAY,
        place="Trụ sở Tiếp công dân tỉnh",
        leader_name="Đặng Thị Ánh",
        participating_agencies="Thanh tra tỉnh",
    )
    db.session.add(record)
    db.session.commit()
    return record


def _receipt_data(issued="0", **overrides):
    data = {
        "issued": issued,
        "copies": "2",
        "items-0-name": "Đơn khiếu nại đề ngày 10/8/2026",
        "items-0-pages": "3",
        "items-0-condition": "Nguyên vẹn",
        "items-0-original": "original",
        "items-1-name": "Quyết định thu hồi đất",
        "items-1-pages": "2",
        "items-1-original": "copy",
    }
    data.update(overrides)
    return data


def _pin_of(page):
    return re.search(r"data-receipt-pin>([^<]+)<", page).group(1)


def _pdf_text(data):
    """The PDF's text through poppler's pdftotext (installed with poppler-utils)."""
    pdftotext = require_tool("pdftotext", "poppler-utils")
    return subprocess.run(
        [pdftotext, "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def _is_pdf(response, name_part):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert name_part in response.headers["Content-Disposition"]


# ------------------------------------------------------------------------------------------------ pages


def test_officer_opens_every_paper_of_a_visit(office):
    agency, officer, client = office
    visit = _visit(agency, officer)
    assert client.get(f"/paperwork/visits/{visit.id}").status_code == 200
    assert client.get(f"/paperwork/visits/{visit.id}/receipt").status_code == 200
    assert client.get(f"/paperwork/visits/{visit.id}/appointment").status_code == 200
    _is_pdf(client.get(f"/paperwork/visits/{visit.id}/statement.pdf"), "bien-ban-ghi-noi-dung")
    assert f"/paperwork/visits/{visit.id}" in client.get(f"/reception/visits/{visit.id}").get_data(
        as_text=True
    )


@pytest.mark.parametrize("role", [Role.VIEWER, Role.LIAISON, Role.ADMIN])
def test_other_roles_cannot_open_a_visits_papers(app, office, role):
    agency, officer, _ = office
    visit = _visit(agency, officer)
    client, _ = signed_in_client(app, role=role, agency=agency)
    for path in ("", "/receipt", "/statement.pdf", "/appointment"):
        assert client.get(f"/paperwork/visits/{visit.id}{path}").status_code == 403
    assert client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data()).status_code == 403
    assert client.post(f"/paperwork/visits/{visit.id}/refusal-notice").status_code == 403


@pytest.mark.parametrize("role", [Role.HANDLER, Role.LEADER])
def test_handler_and_leader_print_a_visits_papers(app, office, role):
    agency, officer, _ = office
    visit = _visit(agency, officer)
    client, _ = signed_in_client(app, role=role, agency=agency)
    assert client.get(f"/paperwork/visits/{visit.id}").status_code == 200


def test_a_visit_outside_the_scope_or_missing_is_404(app, office):
    agency, officer, client = office
    other = make_agency(name="Ban Tiếp công dân tỉnh khác")
    outsider = make_user(role=Role.RECEPTION_OFFICER, agency=other)
    foreign = _visit(other, outsider)
    for path in ("", "/receipt", "/statement.pdf", "/receipt.pdf"):
        assert client.get(f"/paperwork/visits/{foreign.id}{path}").status_code == 404
        assert client.get(f"/paperwork/visits/999999{path}").status_code == 404
    assert client.post(f"/paperwork/visits/{foreign.id}/receipt", data=_receipt_data()).status_code == 404
    assert client.post(f"/paperwork/visits/{foreign.id}/refusal-notice").status_code == 404
    assert client.get(f"/paperwork/sessions/{_held_session(other).id}/conclusion").status_code == 404
    assert client.get("/paperwork/sessions/999999/conclusion").status_code == 404
    assert count_rows(Receipt) == 0


# ---------------------------------------------------------------------------------------------- receipt


def test_receipt_shows_the_pin_once_then_prints_it_once(office):
    agency, officer, client = office
    visit = _visit(agency, officer)
    assert client.get(f"/paperwork/visits/{visit.id}/receipt.pdf").status_code == 404  # nothing to reprint
    response = client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data())
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    pin = _pin_of(page)
    receipt = db.session.query(Receipt).one()
    assert receipt.code in page and codes.verify_pin(receipt.pin_hash, pin)
    assert [item["name"] for item in receipt.items] == [
        "Đơn khiếu nại đề ngày 10/8/2026",
        "Quyết định thu hồi đất",
    ]
    assert receipt.items[0]["is_original"] and receipt.items[0]["pages"] == 3 and receipt.copies == 2
    # never again on a page
    for path in ("", "/receipt"):
        again = client.get(f"/paperwork/visits/{visit.id}{path}").get_data(as_text=True)
        assert receipt.code in again and pin not in again
    first = client.post(f"/paperwork/visits/{visit.id}/receipt/first.pdf", data={"pin": pin})
    _is_pdf(first, "giay-bien-nhan")
    assert pin in _pdf_text(first.data) and receipt.code in _pdf_text(first.data)
    assert (
        client.post(f"/paperwork/visits/{visit.id}/receipt/first.pdf", data={"pin": "000000x"}).status_code
        == 400
    )
    reprint = client.get(f"/paperwork/visits/{visit.id}/receipt.pdf")
    _is_pdf(reprint, "giay-bien-nhan")
    assert pin not in _pdf_text(reprint.data).replace(receipt.code, "")


def test_the_issuing_officer_prints_the_citizens_copy_again_in_the_same_session_only(app, office):
    """Left the issued page before printing: the papers page prints the citizen's copy again with the same PIN
    (sealed for the issuing sign-in session, never in clear in the cookie or the database, never on screen again);
    another officer cannot, and a PIN issued anew replaces the sealed one."""
    agency, officer, client = office
    visit = _visit(agency, officer)
    pin = _pin_of(client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data()).get_data(as_text=True))
    papers = client.get(f"/paperwork/visits/{visit.id}").get_data(as_text=True)
    assert 'id="citizen-copy-again"' in papers and pin not in papers
    again = client.post(f"/paperwork/visits/{visit.id}/receipt/first.pdf", data={})
    _is_pdf(again, "giay-bien-nhan")
    assert pin in _pdf_text(again.data)
    assert db.session.query(Receipt).one().pin_issue_count == 1  # not re-issued
    cookie = app.session_interface.get_signing_serializer(app).loads(client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value)
    sealed = cookie["sealed_receipt_pins"][str(visit.id)]
    assert pin not in str(cookie) and pin not in str(db.session.query(Receipt).one().__dict__)
    other, _ = signed_in_client(app, role=Role.RECEPTION_OFFICER, agency=agency)
    assert 'id="citizen-copy-again"' not in other.get(f"/paperwork/visits/{visit.id}").get_data(as_text=True)
    assert other.post(f"/paperwork/visits/{visit.id}/receipt/first.pdf", data={}).status_code == 400
    with other.session_transaction() as stolen:  # the sealed token carried to another sign-in session opens nothing
        stolen["sealed_receipt_pins"] = {str(visit.id): sealed}
    assert other.post(f"/paperwork/visits/{visit.id}/receipt/first.pdf", data={}).status_code == 400
    renewed = client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data(issued="1"))
    new_pin = _pin_of(renewed.get_data(as_text=True))
    assert new_pin in _pdf_text(client.post(f"/paperwork/visits/{visit.id}/receipt/first.pdf", data={}).data)


def test_a_reposted_receipt_form_does_not_issue_a_second_pin(office):
    agency, officer, client = office
    visit = _visit(agency, officer)
    assert client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data()).status_code == 200
    twice = client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data())
    assert twice.status_code == 302 and twice.headers["Location"].endswith(f"/paperwork/visits/{visit.id}")
    assert db.session.query(Receipt).one().pin_issue_count == 1
    again = client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data(issued="1"))
    assert again.status_code == 200 and db.session.query(Receipt).one().pin_issue_count == 2


def test_an_invalid_receipt_form_keeps_the_input(office):
    agency, officer, client = office
    visit = _visit(agency, officer)
    response = client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data(copies="0"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Số bản từ 1 đến 9." in page and "Quyết định thu hồi đất" in page
    assert count_rows(Receipt) == 0


def test_receipt_needs_a_csrf_token_when_csrf_is_on(app, office, monkeypatch):
    agency, officer, client = office
    visit = _visit(agency, officer)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data()).status_code == 400
    form = client.get(f"/paperwork/visits/{visit.id}/receipt").get_data(as_text=True)
    token = form.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    issued = client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data(csrf_token=token))
    assert issued.status_code == 200
    page = issued.get_data(as_text=True)
    pin = _pin_of(page)
    first_token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    _is_pdf(
        client.post(
            f"/paperwork/visits/{visit.id}/receipt/first.pdf", data={"pin": pin, "csrf_token": first_token}
        ),
        "giay-bien-nhan",
    )


# ------------------------------------------------------------------------------------ appointment, refusal


def test_appointment_slip_is_printed_from_the_form(office):
    agency, officer, client = office
    visit = _visit(agency, officer)
    data = {
        "on": "2026-08-28",
        "at": "08:00",
        "place": "Trụ sở",
        "matter": "Nhận kết quả",
        "bring": "Căn cước",
    }
    _is_pdf(client.post(f"/paperwork/visits/{visit.id}/appointment", data=data), "phieu-hen")
    early = client.post(f"/paperwork/visits/{visit.id}/appointment", data={**data, "on": "2026-08-01"})
    assert early.status_code == 400 and "Ngày hẹn không được trước ngày tiếp." in early.get_data(as_text=True)
    missing = client.post(f"/paperwork/visits/{visit.id}/appointment", data={**data, "place": ""})
    assert missing.status_code == 400 and "Vui lòng nhập địa điểm." in missing.get_data(as_text=True)


@pytest.mark.parametrize("code", ["R26_03", "R26_11"])
def test_refusal_notice_button_drafts_in_the_register(office, code):
    agency, officer, client = office
    visit = _refused(agency, officer, code)
    page = client.get(f"/paperwork/visits/{visit.id}").get_data(as_text=True)
    assert f"/paperwork/visits/{visit.id}/refusal-notice" in page and "data-confirm=" in page
    response = client.post(f"/paperwork/visits/{visit.id}/refusal-notice")
    document = db.session.query(Document).one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/documents/{document.id}")
    assert (document.doc_type, document.record_type, document.record_id) == (
        "TB_TU_CHOI_TCD",
        "visit",
        visit.id,
    )
    # the register's draft form shows Vietnamese labels for the notice's fields
    edit = client.get(f"/documents/{document.id}/edit").get_data(as_text=True)
    assert "Lý do từ chối tiếp" in edit and "Ngày công dân đến" in edit


@pytest.mark.parametrize("outcome", ["R26_01", None])
def test_refusal_notice_button_only_for_the_written_grounds(office, outcome):
    agency, officer, client = office
    visit = _refused(agency, officer, outcome) if outcome else _visit(agency, officer)
    page = client.get(f"/paperwork/visits/{visit.id}").get_data(as_text=True)
    assert "/refusal-notice" not in page
    response = client.post(f"/paperwork/visits/{visit.id}/refusal-notice")
    assert response.status_code == 302 and count_rows(Document) == 0


# ----------------------------------------------------------------------------------------- conclusion


def test_conclusion_notice_form_drafts_one_section_per_visit(office):
    agency, officer, client = office
    held = _held_session(agency)
    first = _visit(agency, officer, session_id=held.id)
    second = _visit(agency, officer, session_id=held.id, summary="Kiến nghị về đường giao thông")
    page = client.get(f"/paperwork/sessions/{held.id}/conclusion").get_data(as_text=True)
    assert f'name="conclusion_{first.id}"' in page and f'name="conclusion_{second.id}"' in page
    assert f"/paperwork/sessions/{held.id}/conclusion" in client.get(
        f"/reception/sessions/{held.id}"
    ).get_data(as_text=True)
    empty = client.post(f"/paperwork/sessions/{held.id}/conclusion", data={"leader_title": "Chủ tịch"})
    assert empty.status_code == 400 and "ít nhất một lượt tiếp" in empty.get_data(as_text=True)
    response = client.post(
        f"/paperwork/sessions/{held.id}/conclusion",
        data={
            "leader_title": "Chủ tịch Ủy ban nhân dân tỉnh",
            "recipients": "Thanh tra tỉnh\nUBND xã Tiên Yên",
            f"conclusion_{first.id}": "Giao UBND xã kiểm tra, trả lời trước ngày 15/9/2026.",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    document = db.session.query(Document).one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/documents/{document.id}")
    assert (document.doc_type, document.record_id) == ("TB_KET_LUAN_TCD", held.id)
    edit = client.get(f"/documents/{document.id}/edit").get_data(as_text=True)
    assert "Chức danh lãnh đạo chủ trì" in edit and "Thành phần tham dự" in edit


def test_conclusion_notice_only_for_a_held_leader_session(office):
    agency, officer, client = office
    regular = _held_session(agency, kind=SessionKind.REGULAR)
    page = client.get(f"/paperwork/sessions/{regular.id}/conclusion")
    assert page.status_code == 200 and "<textarea" not in page.get_data(as_text=True)
    refused = client.post(f"/paperwork/sessions/{regular.id}/conclusion", data={"leader_title": "Chủ tịch"})
    assert refused.status_code == 400 and count_rows(Document) == 0


@pytest.mark.parametrize("role", [Role.HANDLER, Role.VIEWER, Role.LIAISON, Role.ADMIN])
def test_conclusion_notice_roles(app, office, role):
    agency, _, _ = office
    held = _held_session(agency)
    client, _ = signed_in_client(app, role=role, agency=agency)
    assert client.get(f"/paperwork/sessions/{held.id}/conclusion").status_code == 403


# ------------------------------------------------------------------------------------------------- book


def test_reception_book_downloads_as_pdf_and_excel(office):
    agency, officer, client = office
    held = _held_session(agency)
    _visit(agency, officer, session_id=held.id)
    _visit(agency, officer)
    assert client.get("/paperwork/book").status_code == 200
    preview = client.get("/paperwork/book?date_from=2026-08-01&date_to=2026-08-31&session=&fmt=pdf")
    assert preview.status_code == 200 and "Sổ gồm 2 lượt tiếp." in preview.get_data(as_text=True)
    one = client.get(f"/paperwork/book?date_from=2026-08-01&date_to=2026-08-31&session={held.id}&fmt=pdf")
    assert "Sổ gồm 1 lượt tiếp." in one.get_data(as_text=True)
    pdf = client.get("/paperwork/book?date_from=2026-08-01&date_to=2026-08-31&session=&fmt=pdf&download=1")
    _is_pdf(pdf, f"so-tiep-cong-dan-{agency.code}-20260801-20260831.pdf")
    xlsx = client.get("/paperwork/book?date_from=2026-08-01&date_to=2026-08-31&fmt=xlsx&download=1")
    assert xlsx.status_code == 200 and xlsx.mimetype == XLSX and xlsx.data.startswith(b"PK")
    assert (
        "attachment" in xlsx.headers["Content-Disposition"] and ".xlsx" in xlsx.headers["Content-Disposition"]
    )


def test_reception_book_rejects_a_reversed_range_and_a_foreign_session(office):
    agency, officer, client = office
    backwards = client.get("/paperwork/book?date_from=2026-08-31&date_to=2026-08-01&fmt=pdf&download=1")
    assert backwards.status_code == 400 and "Ngày kết thúc phải sau ngày bắt đầu." in backwards.get_data(
        as_text=True
    )
    foreign = _held_session(make_agency())
    url = f"/paperwork/book?date_from=2026-08-01&date_to=2026-08-31&session={foreign.id}&fmt=pdf&download=1"
    assert client.get(url).status_code == 404
    assert (
        client.get("/paperwork/book?date_from=2026-08-01&date_to=2026-08-31&session=abc").status_code == 404
    )


def test_reception_book_for_leaders_too(app, office):
    agency, _, _ = office
    client, _ = signed_in_client(app, role=Role.LEADER, agency=agency)
    assert client.get("/paperwork/book").status_code == 200
    assert "Sổ tiếp công dân (in)" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.HANDLER, Role.VIEWER, Role.LIAISON, Role.ADMIN])
def test_reception_book_is_forbidden_to_other_roles(app, office, role):
    agency, _, _ = office
    client, _ = signed_in_client(app, role=role, agency=agency)
    assert client.get("/paperwork/book").status_code == 403
    assert client.get("/paperwork/book?date_from=2026-08-01&date_to=2026-08-31&download=1").status_code == 403
    assert "Sổ tiếp công dân (in)" not in client.get("/").get_data(as_text=True)


def test_no_record_of_oral_statement_for_a_visit_that_came_with_a_letter(office):
    agency, officer, client = office
    visit = _visit(agency, officer, with_letter=True)
    page = client.get(f"/paperwork/visits/{visit.id}").get_data(as_text=True)
    assert f"/paperwork/visits/{visit.id}/statement.pdf" not in page
    response = client.get(f"/paperwork/visits/{visit.id}/statement.pdf")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/paperwork/visits/{visit.id}")
    without = _visit(agency, officer)
    assert f"/paperwork/visits/{without.id}/statement.pdf" in client.get(f"/paperwork/visits/{without.id}").get_data(
        as_text=True
    )


def test_the_book_page_refuses_a_range_across_1_july_2026_naming_both_parts(office):
    _agency, _officer, client = office
    response = client.get("/paperwork/book?date_from=2026-06-01&date_to=2026-07-31&fmt=pdf&download=1")
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "từ ngày 01/06/2026 đến ngày 30/06/2026" in page and "từ ngày 01/07/2026 đến ngày 31/07/2026" in page
    june = client.get("/paperwork/book?date_from=2026-06-01&date_to=2026-06-30&fmt=xlsx&download=1")
    assert june.status_code == 200 and june.mimetype.endswith("spreadsheetml.sheet")


def test_the_visit_shows_the_hamlet_before_the_commune(office):
    agency, officer, client = office
    commune = AdministrativeUnit(code="T22001", name="Xã Quảng La", level=UnitLevel.COMMUNE)
    db.session.add(commune)
    db.session.flush()
    person = CitizenInput(
        full_name="Nguyễn Văn Hưởng",
        id_type=IdType.CCCD,
        id_number="022085001234",
        address_text="thôn Đồng Mỏ",
        address_unit_id=commune.id,
    )
    visit = _visit(agency, officer, person=person)
    page = client.get(f"/reception/visits/{visit.id}").get_data(as_text=True)
    assert "thôn Đồng Mỏ, xã Quảng La" in page and "Quảng La, thôn Đồng Mỏ" not in page


def test_production_with_a_loopback_lookup_address_issues_no_receipt(app, office, monkeypatch):
    agency, officer, client = office
    visit = _visit(agency, officer)
    monkeypatch.setitem(app.config, "REQUIRE_PUBLIC_LOOKUP_URL", True)
    monkeypatch.setitem(app.config, "LOOKUP_BASE_URL", "http://127.0.0.1:5001/tra-cuu")
    response = client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/paperwork/visits/{visit.id}")
    assert count_rows(Receipt) == 0
    assert "LOOKUP_BASE_URL" in client.get(f"/paperwork/visits/{visit.id}").get_data(as_text=True)  # the flash


def test_the_issued_page_offers_the_citizens_copy_with_the_pin_and_the_offices_without(office):
    agency, officer, client = office
    visit = _visit(agency, officer)
    page = client.post(f"/paperwork/visits/{visit.id}/receipt", data=_receipt_data()).get_data(as_text=True)
    assert f"/paperwork/visits/{visit.id}/receipt/first.pdf" in page and f"/paperwork/visits/{visit.id}/receipt.pdf" in page
    pin = _pin_of(page)
    code = db.session.query(Receipt).one().code
    office_copy = _pdf_text(client.get(f"/paperwork/visits/{visit.id}/receipt.pdf").data)
    assert "Bản lưu tại cơ quan tiếp nhận" in office_copy and pin not in office_copy.replace(code, "")
    citizen_copy = client.post(f"/paperwork/visits/{visit.id}/receipt/first.pdf", data={"pin": pin})
    assert "Bản giao người cung cấp" in _pdf_text(citizen_copy.data) and pin in _pdf_text(citizen_copy.data)
