"""Report screens: the user's scope, roles, downloads, refusals."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook

from petitions.domain.reception import SessionKind
from petitions.domain.statistics import compute_table
from petitions.domain.types import Role
from petitions.reports import services
from tests.factories import make_agency, signed_in_client
from tests.services.test_reports import visit

REPORT_ROLES = [Role.LEADER, Role.HANDLER, Role.RECEPTION_OFFICER, Role.VIEWER]


@pytest.fixture
def board(session):
    root = make_agency(code="BTCD", name="Ban Tiếp công dân tỉnh")
    child = make_agency(code="XA1", name="UBND xã An Lạc", parent_id=root.id)
    visit(root, date(2026, 7, 1), headcount=6)
    visit(child, date(2026, 8, 1), SessionKind.PERIODIC, headcount=2)
    return root, child


@pytest.mark.parametrize("role", REPORT_ROLES)
def test_officers_see_the_form_for_their_agency(app, board, role) -> None:
    root, _child = board
    client, _ = signed_in_client(app, role=role, agency_id=root.id)
    assert client.get("/reports/").status_code == 200
    response = client.get("/reports/01-tcd?period=2026-Q3")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Số liệu tính từ ngày 15/06/2026 đến ngày 14/09/2026" in page
    assert "UBND xã An Lạc" in page and "Tổng cộng" in page
    assert "Kiểm tra: đã khớp mọi tổng in trên biểu" in page


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LIAISON])
def test_administrator_and_liaison_are_refused(app, board, role) -> None:
    root, _child = board
    client, _ = signed_in_client(app, role=role, agency_id=root.id)
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/01-tcd?period=2026-Q3").status_code == 403
    assert client.get("/reports/01-tcd/download/pdf?period=2026-Q3").status_code == 403


def test_unknown_form_and_format_are_404(app, board) -> None:
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=board[0].id)
    assert client.get("/reports/99-xyz?period=2026-Q3").status_code == 404
    assert client.get("/reports/01-tcd/download/doc?period=2026-Q3").status_code == 404


def test_an_officer_of_the_commune_cannot_report_for_the_board(app, board) -> None:
    root, child = board
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=child.id)
    assert client.get("/reports/01-tcd?period=2026-Q3&agency=BTCD").status_code == 404
    page = client.get("/reports/01-tcd?period=2026-Q3").get_data(as_text=True)
    assert "UBND xã An Lạc" in page and "Ban Tiếp công dân tỉnh" not in page


def test_the_board_may_report_for_a_commune_below_it(app, board) -> None:
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=board[0].id)
    response = client.get("/reports/01-tcd/download/json?period=2026-Q3&agency=XA1")
    data = json.loads(response.get_data(as_text=True))
    assert data["issuing_body"] == "UBND xã An Lạc" and data["total"]["figures"]["13"] == 1


def test_downloads(app, board) -> None:
    client, _ = signed_in_client(app, role=Role.VIEWER, agency_id=board[0].id)
    pdf = client.get("/reports/01-tcd/download/pdf?period=2026-Q3")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert 'filename="01-tcd-2026-Q3.pdf"' in pdf.headers["Content-Disposition"]
    xlsx = client.get("/reports/01-tcd/download/xlsx?from=2026-07-01&to=2026-08-31")
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    total = next(row for row in ws.iter_rows() if row[0].value == "Tổng cộng")
    assert [c.value for c in total[1:3]] == [2, 8]
    data = json.loads(client.get("/reports/01-tcd/download/json?period=2026-Q3").data)
    assert data["total"]["figures"]["1"] == 2 and data["rows"][1]["figures"]["13"] == 1


def test_narrative_on_screen_for_nine_months(app, board) -> None:
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=board[0].id)
    page = client.get("/reports/01-tcd?period=2026-9M").get_data(as_text=True)
    assert "đã tiếp tổng số 2 lượt/8 người/2 vụ việc, 1 đoàn đông người" in page


def test_a_bad_period_shows_a_warning_and_a_bad_download_is_400(app, board) -> None:
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=board[0].id)
    page = client.get("/reports/01-tcd?period=2026-Q9")
    assert page.status_code == 400 and "không hợp lệ" in page.get_data(as_text=True)
    assert client.get("/reports/01-tcd/download/pdf?from=2026-13-01&to=2026-12-01").status_code == 400


def test_an_inconsistent_form_is_refused_on_screen_and_for_download(app, board, monkeypatch) -> None:
    def broken(*args, **kwargs):
        table = compute_table(*args, **kwargs)
        return replace(table, total=replace(table.total, values=dict(table.total.values) | {1: 99}))

    monkeypatch.setattr(services, "compute_table", broken)
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=board[0].id)
    page = client.get("/reports/01-tcd?period=2026-Q3").get_data(as_text=True)
    assert "Biểu không được in vì số liệu không khớp" in page and "(1) = (4) + (13) + (22)" in page
    refused = client.get("/reports/01-tcd/download/pdf?period=2026-Q3")
    assert refused.status_code == 409 and "99 ≠ 2" in refused.get_data(as_text=True)


def test_a_form_without_printed_sums_names_its_bounds_not_an_empty_list(app, board) -> None:
    # 02/KQGQ prints no sum; its check is the bound (2) ≤ (1): the line must name it, never "()".
    root, _child = board
    client, _ = signed_in_client(app, role=REPORT_ROLES[0], agency_id=root.id)
    page = client.get("/reports/02-kqgq?period=2026-Q3").get_data(as_text=True)
    assert "Kiểm tra: đã khớp mọi tổng in trên biểu ((2) ≤ (1))." in page
    assert "()" not in page
