"""Administrator screens for reference data: roles, versioned edits (409), deactivation, filters."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.directory.models import Agency, AgencyOfficial, ReferenceItem
from petitions.domain.types import Role
from petitions.extensions import db
from tests.factories import make_agency, signed_in_client


def _agency_form(agency: Agency, **changes: str) -> dict[str, str]:
    data = {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name or "",
        "parent_id": str(agency.parent_id or 0),
        "valid_from": "",
        "valid_to": "",
        "version": str(agency.version),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_directory_pages_refuse_other_roles_with_403(app, session, role):
    client, _ = signed_in_client(app, role=role)
    for url in ("/directory/", "/directory/agencies", "/directory/units", "/directory/lists/refusal_ground"):
        assert client.get(url).status_code == 403


def test_agency_edit_by_two_clients_answers_409_naming_who_saved_first(app, session):
    agency = make_agency(name="Sở Tư pháp")
    first, first_user = signed_in_client(app, role=Role.ADMIN, full_name="Nguyễn Thị Nhanh")
    second, _ = signed_in_client(app, role=Role.ADMIN, full_name="Trần Văn Chậm")
    url = f"/directory/agencies/{agency.id}"
    assert first.get(url).status_code == 200
    assert second.get(url).status_code == 200
    loaded = _agency_form(agency)

    saved = first.post(url, data={**loaded, "name": "Sở Tư pháp tỉnh Sơn Hà"})
    assert saved.status_code == 302
    stale = second.post(url, data={**loaded, "name": "Tên do người thứ hai nhập"})

    page = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "Nguyễn Thị Nhanh" in page and "chưa được lưu" in page
    assert "Tên do người thứ hai nhập" in page  # the user's input stays on screen
    db.session.expire_all()
    assert db.session.get(Agency, agency.id).name == "Sở Tư pháp tỉnh Sơn Hà"
    assert first_user.full_name == "Nguyễn Thị Nhanh"


def test_stale_data_error_past_the_version_check_answers_409_not_500(app, session, monkeypatch):
    """Another save commits between the check and the flush: the UPDATE matches no row."""
    from petitions import concurrency

    agency = make_agency(name="Tên gốc")
    client, _ = signed_in_client(app, role=Role.ADMIN)

    def concurrent_save(record, _posted):  # type: ignore[no-untyped-def]
        db.session.execute(sa.text("UPDATE agency SET version = version + 1 WHERE id = :id"), {"id": record.id})

    # save_versioned (petitions.concurrency) runs the check for every edit view.
    monkeypatch.setattr(concurrency, "check_version", concurrent_save)
    response = client.post(f"/directory/agencies/{agency.id}", data=_agency_form(agency, name="Tên mới"))
    assert response.status_code == 409
    assert "vừa được người khác sửa" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Agency, agency.id).name == "Tên gốc"


def test_agency_create_redirects_and_lists_it(app, session):
    client, _ = signed_in_client(app, role=Role.ADMIN)
    response = client.post(
        "/directory/agencies/new",
        data={"code": "STP", "name": "Sở Tư pháp", "short_name": "Sở TP", "parent_id": "0", "valid_from": "2025-07-01"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/directory/agencies"
    listing = client.get("/directory/agencies?q=so tu phap").get_data(as_text=True)
    assert "Sở Tư pháp" in listing and "01/07/2025" in listing


def test_agency_create_with_duplicate_code_shows_error(app, session):
    existing = make_agency(code="DUP")
    client, _ = signed_in_client(app, role=Role.ADMIN)
    response = client.post("/directory/agencies/new", data={"code": existing.code, "name": "Khác", "parent_id": "0"})
    assert response.status_code == 400  # a refused or invalid form re-renders with 400
    assert "Mã này đã được dùng." in response.get_data(as_text=True)


def test_agency_deactivate_is_post_only_and_keeps_the_row(app, session):
    agency = make_agency()
    client, _ = signed_in_client(app, role=Role.ADMIN)
    assert client.get(f"/directory/agencies/{agency.id}/deactivate").status_code == 405
    response = client.post(f"/directory/agencies/{agency.id}/deactivate", data={"version": str(agency.version)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Agency, agency.id).is_active is False


def test_agency_edit_page_offers_deactivation_with_confirmation(app, session):
    agency = make_agency()
    client, _ = signed_in_client(app, role=Role.ADMIN)
    page = client.get(f"/directory/agencies/{agency.id}").get_data(as_text=True)
    assert f'action="/directory/agencies/{agency.id}/deactivate"' in page and "data-confirm=" in page


def test_reference_list_filters_and_paginates(app, session, monkeypatch):
    seed_reference_data()
    monkeypatch.setitem(app.config, "PAGE_SIZE", 5)
    client, _ = signed_in_client(app, role=Role.ADMIN)
    expected = db.session.scalars(
        sa.select(ReferenceItem.id).where(ReferenceItem.list_code == "refusal_ground")
        .order_by(ReferenceItem.sort_order, ReferenceItem.code, ReferenceItem.id)
    ).all()
    assert len(expected) > 15
    url, seen, pages = "/directory/lists/refusal_ground?status=all", [], 0
    while url:
        page = client.get(url).get_data(as_text=True)
        assert f"{len(expected)} kết quả" in page
        seen += [int(i) for i in re.findall(r'href="/directory/items/(\d+)"', page)]  # each item's label links it
        pages += 1
        found = re.search(r'rel="next" href="([^"]+)"', page)
        url = html.unescape(found.group(1)) if found else None
        assert url is None or "status=all" in url  # the filter survives paging
    assert seen == list(expected) and pages == -(-len(expected) // 5)
    found = client.get("/directory/lists/refusal_ground?q=vu khi").get_data(as_text=True)
    weapon = db.session.scalar(sa.select(ReferenceItem.id).where(ReferenceItem.code == "R26_04"))
    assert "vũ khí" in found and f'href="/directory/items/{weapon}"' in found


def test_reference_item_edit_and_deactivate(app, session):
    seed_reference_data()
    item = db.session.scalar(sa.select(ReferenceItem).where(ReferenceItem.code == "CO_SIGNERS"))
    client, _ = signed_in_client(app, role=Role.ADMIN)
    data = {"code": item.code, "label": "Nhiều người đứng tên", "parent_id": "0", "sort_order": "5",
            "legal_basis": "", "version": str(item.version)}
    assert client.post(f"/directory/items/{item.id}", data=data).status_code == 302
    assert client.post(f"/directory/items/{item.id}/deactivate", data={}).status_code == 302
    db.session.expire_all()
    saved = db.session.get(ReferenceItem, item.id)
    assert saved.label == "Nhiều người đứng tên" and saved.is_active is False


def test_unknown_list_is_404(app, session):
    client, _ = signed_in_client(app, role=Role.ADMIN)
    assert client.get("/directory/lists/khong-co").status_code == 404


def test_unit_create_and_list_by_level(app, session):
    seed_reference_data()
    client, _ = signed_in_client(app, role=Role.ADMIN)
    province_id = db.session.scalar(sa.text("SELECT id FROM administrative_unit WHERE code = '22'"))
    response = client.post(
        "/directory/units/new",
        data={"code": "07030", "name": "Phường Hoành Bồ", "level": "commune", "parent_id": str(province_id),
              "valid_from": "2025-07-01"},
    )
    assert response.status_code == 302
    page = client.get("/directory/units?level=commune&q=hoanh bo").get_data(as_text=True)
    assert "Phường Hoành Bồ" in page


def test_directory_post_without_csrf_token_is_refused(app, session, monkeypatch):
    agency = make_agency()
    client, _ = signed_in_client(app, role=Role.ADMIN)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post(f"/directory/agencies/{agency.id}/deactivate", data={})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Agency, agency.id).is_active is True


def test_an_administrator_records_what_an_agencys_documents_print(app, session):
    agency = make_agency(code="SXD9", name="Sở Xây dựng", place_name="", abbreviation="")
    client, _ = signed_in_client(app, role=Role.ADMIN)
    url = f"/directory/agencies/{agency.id}"
    # An installation upgraded with these fields empty is told what is missing, on the list and the form.
    listed = client.get("/directory/agencies?q=xay dung").get_data(as_text=True)
    row = listed[listed.index("SXD9") :]
    assert row[: row.index("</tr>")].count("Chưa khai báo") == 2
    before = client.get(url).get_data(as_text=True)
    assert 'id="missing-for-documents"' in before
    assert "còn thiếu: Địa danh ghi trước ngày tháng, Tên viết tắt trong số, ký hiệu văn bản" in before
    saved = client.post(
        url,
        data=_agency_form(
            agency,
            level="department",
            official_name="Sở Xây dựng tỉnh Quảng Ninh",
            heading_parent="UBND tỉnh Quảng Ninh",
            heading_name="Sở Xây dựng",
            place_name="Quảng Ninh",
            abbreviation="SXD",
            drafting_units="VP | Văn phòng Sở\r\nTTr | Thanh tra Sở",
        ),
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    db.session.expire_all()
    agency = db.session.get(Agency, agency.id)
    assert (agency.place_name, agency.abbreviation, agency.heading_parent) == ("Quảng Ninh", "SXD", "UBND tỉnh Quảng Ninh")
    assert agency.drafting_units == [{"code": "VP", "name": "Văn phòng Sở"}, {"code": "TTr", "name": "Thanh tra Sở"}]
    page = client.get(url).get_data(as_text=True)
    assert "Số: …/TB-SXD" in page and "Quảng Ninh, ngày" in page
    assert 'id="missing-for-documents"' not in page

    added = client.post(
        f"/directory/agencies/{agency.id}/officials/new",
        data={"role": "deputy", "title": "Phó Giám đốc", "name": "Phan Thị Yến", "valid_from": "2025-07-01", "valid_to": ""},
    )
    assert added.status_code == 302
    official = db.session.scalar(sa.select(AgencyOfficial).where(AgencyOfficial.agency_id == agency.id))
    assert official is not None and official.name == "Phan Thị Yến"
    assert "Phan Thị Yến" in client.get(url).get_data(as_text=True)
    ended = client.post(
        f"/directory/officials/{official.id}",
        data={"role": "deputy", "title": "Phó Giám đốc", "name": "Phan Thị Yến", "valid_from": "2025-07-01",
              "valid_to": "2026-06-30", "version": str(official.version)},
    )
    assert ended.status_code == 302
    db.session.expire_all()
    assert db.session.get(AgencyOfficial, official.id).valid_to == date(2026, 6, 30)


def test_a_dotted_official_is_refused(app, session):
    agency = make_agency()
    client, _ = signed_in_client(app, role=Role.ADMIN)
    refused = client.post(
        f"/directory/agencies/{agency.id}/officials/new",
        data={"role": "head", "title": "Giám đốc", "name": "……………", "valid_from": "", "valid_to": ""},
    )
    assert refused.status_code in (400, 409, 422) and "họ tên thật" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(AgencyOfficial).where(AgencyOfficial.agency_id == agency.id)) is None


def test_an_abbreviation_with_a_space_is_refused(app, session):
    agency = make_agency()
    client, _ = signed_in_client(app, role=Role.ADMIN)
    refused = client.post(f"/directory/agencies/{agency.id}", data=_agency_form(agency, abbreviation="B TCD"))
    assert "không có dấu cách" in refused.get_data(as_text=True)
