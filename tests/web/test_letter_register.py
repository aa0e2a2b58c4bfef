"""The letter register page: the form and count, PDF and Excel downloads, roles 403, scope 404."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.cli import seed_reference_data
from petitions.domain.types import Role
from petitions.extensions import immediate_transactions
from tests.factories import make_agency, make_letter, signed_in_client

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RANGE = "date_from=2026-08-01&date_to=2026-08-31"


@pytest.fixture
def office(app, session):
    seed_reference_data()
    parent = make_agency(name="Ủy ban nhân dân tỉnh Quảng Ninh")
    agency = make_agency(name="Ban Tiếp công dân tỉnh", parent_id=parent.id)
    below = make_agency(name="Phòng Tiếp dân", parent_id=agency.id)
    client, officer = signed_in_client(app, role=Role.HANDLER, agency=agency)
    with immediate_transactions():
        yield agency, below, officer, client


def test_register_counts_and_downloads_as_pdf_and_excel(office):
    agency, below, _officer, client = office
    make_letter(agency=agency, received_on=date(2026, 8, 3))
    make_letter(agency=agency, received_on=date(2026, 8, 4))
    make_letter(agency=below, received_on=date(2026, 8, 4))
    page = client.get("/letter-register/")
    assert page.status_code == 200 and "Sổ tiếp nhận, xử lý đơn" in page.get_data(as_text=True)
    preview = client.get(f"/letter-register/?{RANGE}&fmt=pdf")
    assert preview.status_code == 200 and "Sổ gồm 2 đơn." in preview.get_data(as_text=True)
    lower = client.get(f"/letter-register/?agency={below.id}&{RANGE}&fmt=pdf")
    assert "Sổ gồm 1 đơn." in lower.get_data(as_text=True)
    pdf = client.get(f"/letter-register/?{RANGE}&fmt=pdf&download=1")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert f"so-tiep-nhan-xu-ly-don-{agency.code}-20260801-20260831.pdf" in pdf.headers["Content-Disposition"]
    xlsx = client.get(f"/letter-register/?{RANGE}&fmt=xlsx&download=1")
    assert xlsx.status_code == 200 and xlsx.mimetype == XLSX and xlsx.data.startswith(b"PK")
    assert "attachment" in xlsx.headers["Content-Disposition"]


def test_register_of_an_agency_outside_the_scope_is_404(office):
    agency, _below, _officer, client = office
    parent_id = agency.parent_id
    foreign = make_agency()
    for value in (foreign.id, parent_id, "abc", 10**30):
        assert client.get(f"/letter-register/?agency={value}&{RANGE}&fmt=pdf&download=1").status_code == 404


def test_register_rejects_a_reversed_range(office):
    _agency, _below, _officer, client = office
    backwards = client.get("/letter-register/?date_from=2026-08-31&date_to=2026-08-01&fmt=pdf&download=1")
    assert backwards.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in backwards.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.RECEPTION_OFFICER, Role.LEADER])
def test_register_for_reception_officers_and_leaders_too(app, office, role):
    agency, _below, _officer, _client = office
    client, _ = signed_in_client(app, role=role, agency=agency)
    assert client.get("/letter-register/").status_code == 200
    assert "Sổ tiếp nhận, xử lý đơn (in)" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.LIAISON, Role.ADMIN])
def test_register_is_forbidden_to_other_roles(app, office, role):
    agency, _below, _officer, _client = office
    client, _ = signed_in_client(app, role=role, agency=agency)
    assert client.get("/letter-register/").status_code == 403
    assert client.get(f"/letter-register/?{RANGE}&download=1").status_code == 403
    assert "Sổ tiếp nhận, xử lý đơn (in)" not in client.get("/").get_data(as_text=True)
