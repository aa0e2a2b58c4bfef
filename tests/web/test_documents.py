"""Document register screens: roles (403), scope (404), drafts, issuing, stale edits (409), PDFs, uploads."""

from __future__ import annotations

import io
import re
from datetime import UTC, date
from zoneinfo import ZoneInfo

import pytest

from petitions.documents.models import Document, DocumentStatus, NumberSource
from petitions.domain.types import Role
from petitions.extensions import db
from tests.factories import make_agency, make_document, signed_in_client


@pytest.fixture
def office(session):  # type: ignore[no-untyped-def]
    parent = make_agency(code="UBX", name="Ủy ban nhân dân tỉnh Thử")
    return make_agency(code="BTX", name="Ban Tiếp công dân tỉnh Thử", parent=parent)


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


def draft_form(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "issuing_agency_id": "",
        "place": "Sơn Hà",
        "f_subject": "Về việc chuyển đơn của bà Trần Thị Dân",
        "recipients": "Bà Trần Thị Dân",
        "body": "Đoạn thứ nhất.\r\n\r\nĐoạn thứ hai./.",
        "copies_to": "Như trên\r\nLưu hồ sơ",
        "archive_unit": "XLĐ",
        "signer_authority": "KT.",
        "signer_principal": "Trưởng ban",
        "signer_position": "Phó Trưởng ban",
        "signer_name": "Đặng Thị Ánh",
        "record_type": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LIAISON])
def test_admin_and_liaison_see_no_documents(app, office, role):
    client, _ = signed_in_client(app, role=role, agency=office)
    document = make_document(issuing_agency=office)
    db.session.commit()
    for url in (
        "/documents/",
        f"/documents/{document.id}",
        f"/documents/{document.id}/pdf",
        "/documents/register.pdf",
    ):
        assert client.get(url).status_code == 403, url


def test_viewer_reads_but_cannot_draft_or_issue(app, office):
    client, _ = signed_in_client(app, role=Role.VIEWER, agency=office)
    document = make_document(issuing_agency=office)
    db.session.commit()
    assert client.get("/documents/").status_code == 200
    assert client.get(f"/documents/{document.id}").status_code == 200
    assert client.get("/documents/new").status_code == 403
    assert (
        client.post(f"/documents/{document.id}/issue", data={"version": document.version}).status_code == 403
    )
    assert client.post(f"/documents/{document.id}/void", data={"reason": "x"}).status_code == 403


@pytest.mark.parametrize("role", [Role.HANDLER, Role.RECEPTION_OFFICER])
def test_officers_draft_but_cannot_issue(app, office, role):
    client, _ = signed_in_client(app, role=role, agency=office)
    assert client.get("/documents/new").status_code == 200
    assert client.get("/documents/new?type=THONG_BAO").status_code == 200
    response = client.post("/documents/new?type=THONG_BAO", data=draft_form(issuing_agency_id=office.id))
    assert response.status_code == 302, response.get_data(as_text=True)
    document = db.session.get(Document, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert document.status == DocumentStatus.DRAFT and document.issuing_agency_id == office.id
    assert document.body_data["body"] == ["Đoạn thứ nhất.", "Đoạn thứ hai./."]
    assert document.copies_to == ["Như trên", "Lưu hồ sơ"]
    assert (
        client.post(f"/documents/{document.id}/issue", data={"version": document.version}).status_code == 403
    )


def test_documents_outside_the_agency_subtree_are_404(app, office):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=office)
    elsewhere = make_document(issuing_agency=make_agency())
    db.session.commit()
    for url in (
        f"/documents/{elsewhere.id}",
        f"/documents/{elsewhere.id}/pdf",
        f"/documents/{elsewhere.id}/edit",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/documents/{elsewhere.id}/issue", data={"version": elsewhere.version}).status_code
        == 404
    )
    assert client.get("/documents/999999").status_code == 404
    assert client.get(f"/documents/register.pdf?agency={elsewhere.issuing_agency_id}").status_code == 404
    listing = client.get("/documents/").get_data(as_text=True)
    assert elsewhere.subject not in listing


def test_a_parent_agency_leader_sees_documents_of_agencies_below(app, office):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=office.parent)
    document = make_document(issuing_agency=office)
    db.session.commit()
    assert client.get(f"/documents/{document.id}").status_code == 200


def test_leader_issues_from_the_register_then_voids_keeping_the_number(app, office):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=office)
    document = make_document(issuing_agency=office)
    db.session.commit()
    response = client.post(f"/documents/{document.id}/issue", data={"version": document.version})
    assert response.status_code == 302
    db.session.refresh(document)
    assert (document.status, document.number, document.number_source) == (
        DocumentStatus.ISSUED,
        1,
        NumberSource.APP,
    )
    assert document.number_symbol == "01/TB-BTX"
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "01/TB-BTX" in page and "Lịch sử" in page

    refused = client.post(f"/documents/{document.id}/void", data={"version": document.version, "reason": ""})
    assert refused.status_code == 400
    response = client.post(
        f"/documents/{document.id}/void", data={"version": document.version, "reason": "Nhầm nơi nhận"}
    )
    assert response.status_code == 302
    db.session.refresh(document)
    assert (document.status, document.number) == (DocumentStatus.VOID, 1)


def test_the_history_shows_the_issue_in_words(app, office):
    client, leader = signed_in_client(app, role=Role.LEADER, agency=office, full_name="Đặng Thị Ánh")
    document = make_document(issuing_agency=office)
    db.session.commit()
    assert client.post(f"/documents/{document.id}/issue", data={"version": document.version}).status_code == 302
    db.session.refresh(document)
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    history = page[page.index("Lịch sử"):]
    rows = {
        cells[3]: (cells[4], cells[5])  # field → (old, new)
        for row in re.findall(r"<tr>(.*?)</tr>", history, re.S)
        if len(cells := [c.strip() for c in re.findall(r"<td[^>]*>([^<]*)</td>", row)]) >= 6
    }
    # Status and number source by their labels, the issuer by name, the moment in Vietnam time (UTC+7).
    local = document.issued_at.replace(tzinfo=UTC).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert rows["Trạng thái"] == ("Dự thảo", "Đã ban hành")
    assert rows["Nguồn cấp số"] == ("", "Sổ đăng ký của ứng dụng")
    assert rows["Người ban hành"] == ("", "Đặng Thị Ánh") and leader.full_name == "Đặng Thị Ánh"
    assert rows["Thời điểm ban hành"] == ("", local.strftime("%d/%m/%Y %H:%M"))
    assert rows["Ngày văn bản"] == ("", document.issue_date.strftime("%d/%m/%Y"))


def test_leader_records_the_van_thu_number(app, office):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=office)
    document = make_document(issuing_agency=office)
    db.session.commit()
    response = client.post(
        f"/documents/{document.id}/issue-van-thu",
        data={"version": document.version, "number": "15", "issue_date": "2026-02-03", "symbol": ""},
    )
    assert response.status_code == 302
    db.session.refresh(document)
    assert (document.number, document.issue_date, document.number_source) == (
        15,
        date(2026, 2, 3),
        NumberSource.VAN_THU,
    )
    taken = make_document(issuing_agency=office)
    db.session.commit()
    response = client.post(
        f"/documents/{taken.id}/issue-van-thu",
        data={"version": taken.version, "number": "15", "issue_date": "2026-05-03"},
    )
    assert response.status_code == 400
    assert "đã dùng" in response.get_data(as_text=True)
    assert 'value="15"' in response.get_data(as_text=True)  # the input is kept


def test_stale_edit_answers_409_and_keeps_the_input(app, office):
    client, _ = signed_in_client(app, role=Role.HANDLER, agency=office)
    document = make_document(issuing_agency=office)
    db.session.commit()
    loaded = document.version
    first = client.post(
        f"/documents/{document.id}/edit",
        data=draft_form(issuing_agency_id=office.id, version=loaded, place="Hà Nội"),
    )
    assert first.status_code == 302
    stale = client.post(
        f"/documents/{document.id}/edit",
        data=draft_form(issuing_agency_id=office.id, version=loaded, place="Địa danh của tôi"),
    )
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "Địa danh của tôi" in html and "chưa được lưu" in html
    db.session.refresh(document)
    assert document.place == "Hà Nội"


def test_stale_issue_answers_409(app, office):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=office)
    document = make_document(issuing_agency=office)
    db.session.commit()
    response = client.post(f"/documents/{document.id}/issue", data={"version": document.version - 1 or "0"})
    assert response.status_code == 409
    db.session.refresh(document)
    assert document.status == DocumentStatus.DRAFT


def test_edit_of_an_issued_document_is_refused(app, office):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=office)
    document = make_document(issuing_agency=office)
    db.session.commit()
    client.post(f"/documents/{document.id}/issue", data={"version": document.version})
    assert client.get(f"/documents/{document.id}/edit").status_code == 302


def test_pdf_downloads(app, office):
    client, _ = signed_in_client(app, role=Role.VIEWER, agency=office)
    document = make_document(issuing_agency=office)
    db.session.commit()
    response = client.get(f"/documents/{document.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert f"du-thao-{document.id}.pdf" in response.headers["Content-Disposition"]
    register = client.get(f"/documents/register.pdf?agency={office.id}&year=2026")
    assert register.status_code == 200 and register.mimetype == "application/pdf"
    assert register.data.startswith(b"%PDF")


def test_signed_copy_upload_refuses_non_pdf_and_serves_the_pdf(app, office, uploads):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=office)
    document = make_document(issuing_agency=office)
    db.session.commit()
    client.post(f"/documents/{document.id}/issue", data={"version": document.version})
    db.session.refresh(document)
    bad = client.post(
        f"/documents/{document.id}/attach",
        data={"version": document.version, "signed_file": (io.BytesIO(b"PK\x03\x04 zip"), "scan.pdf")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "không phải là PDF" in bad.get_data(as_text=True)
    signed = b"%PDF-1.4\n% signed\n%%EOF\n"
    ok = client.post(
        f"/documents/{document.id}/attach",
        data={"version": document.version, "signed_file": (io.BytesIO(signed), "scan.pdf")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    served = client.get(f"/documents/{document.id}/signed.pdf")
    assert served.status_code == 200 and served.mimetype == "application/pdf" and served.data == signed
    served.close()


def test_register_list_filters_and_sorts(app, office):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=office)
    drafts = [make_document(issuing_agency=office, fields={"subject": f"Về việc số {n}"}) for n in range(3)]
    db.session.commit()
    for document in drafts[:2]:
        client.post(f"/documents/{document.id}/issue", data={"version": document.version})
    html = client.get("/documents/?status=issued&sort=number_asc").get_data(as_text=True)
    assert html.index("01/TB-BTX") < html.index("02/TB-BTX")
    assert "Về việc số 2" not in html
    html = client.get("/documents/?status=issued&sort=number_desc").get_data(as_text=True)
    assert html.index("02/TB-BTX") < html.index("01/TB-BTX")
    html = client.get("/documents/?status=draft").get_data(as_text=True)
    assert "Về việc số 2" in html and "01/TB-BTX" not in html
    html = client.get("/documents/?type=PHIEU_HEN").get_data(as_text=True)
    assert "Về việc số" not in html
    assert client.get("/documents/?year=abc&status=bogus&sort=bogus").status_code == 200
