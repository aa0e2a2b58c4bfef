"""The import page, the template download and the mapping table, through the web client."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.imports.layout import SHEETS, VISITS
from petitions.imports.models import ImportMapping
from petitions.jobs import services as job_services
from petitions.reception.models import Visit
from tests.factories import log_in, make_agency, make_user
from tests.imports.test_import_books import book, visit_row


@pytest.fixture
def office(session):
    seed_reference_data()
    agency = make_agency(code="NHAPWEB", name="Ban Tiếp công dân thử trang nhập")
    return agency, make_user(role=Role.LEADER, agency=agency), make_user(role=Role.ADMIN, agency=agency)


def upload(client, content: bytes, agency, *, dry_run: bool):
    data = {"book": (io.BytesIO(content), "so-cu.xlsx"), "agency": str(agency.id)}
    if dry_run:
        data["dry_run"] = "y"
    return client.post("/imports/", data=data, content_type="multipart/form-data")


def count_visits(agency) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Visit).where(Visit.agency_id == agency.id))


def test_a_dry_run_lists_the_problems_then_the_import_registers(client, office):
    agency, leader, _admin = office
    log_in(client, leader)
    bad = book([visit_row(1), visit_row(2, visited_on="ngày hôm qua")])
    page = upload(client, bad, agency, dry_run=True).get_data(as_text=True)
    assert "Không nhập dòng nào: 1 lỗi" in page
    assert "<td>3</td><td>Ngày tiếp</td>" in page
    good = book([visit_row(1), visit_row(2)])
    page = upload(client, good, agency, dry_run=True).get_data(as_text=True)
    assert "Sẽ nhập 2 dòng" in page and count_visits(agency) == 0
    page = upload(client, good, agency, dry_run=False).get_data(as_text=True)
    assert "Đã nhập 2 dòng" in page and count_visits(agency) == 2


def test_another_office_cannot_be_chosen(client, office):
    agency, leader, _admin = office
    other = make_agency(code="NHAPWEB2")
    log_in(client, leader)
    page = upload(client, book([visit_row(1)]), other, dry_run=False).get_data(as_text=True)
    assert "Not a valid choice" in page or "không hợp lệ" in page.lower()
    assert count_visits(other) == 0


def test_the_template_has_every_sheet_with_its_headers(client, office):
    _agency, leader, _admin = office
    log_in(client, leader)
    response = client.get("/imports/template.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    for sheet in SHEETS:
        header = next(workbook[sheet.title].iter_rows(values_only=True))
        assert list(header) == [column.header for column in sheet.columns]
    assert "Hướng dẫn" in workbook.sheetnames


def test_the_administrator_keeps_the_mapping_table(client, office):
    _agency, _leader, admin = office
    log_in(client, admin)
    response = client.post(
        "/imports/mappings",
        data={"kind": "visit_outcome", "visit_outcome-source_text": "HD tại chỗ", "visit_outcome-target": "guided"},
    )
    assert response.status_code == 302
    row = db.session.scalar(sa.select(ImportMapping).where(ImportMapping.kind == "visit_outcome"))
    assert (row.source_text, row.source_folded, row.target) == ("HD tại chỗ", "hd tai cho", "guided")
    page = client.get("/imports/mappings").get_data(as_text=True)
    assert "HD tại chỗ" in page
    client.post(f"/imports/mappings/{row.id}/delete")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportMapping)) == 0


@pytest.mark.parametrize(("role", "path", "status"), [
    (Role.ADMIN, "/imports/", 403),  # the administrator sees no case content, so registers none
    (Role.RECEPTION_OFFICER, "/imports/mappings", 403),
    (Role.HANDLER, "/imports/", 403),
    (Role.RECEPTION_OFFICER, "/imports/", 200),
])
def test_who_may_use_which_page(client, office, role, path, status):
    agency, _leader, _admin = office
    log_in(client, make_user(role=role, agency=agency))
    assert client.get(path).status_code == status


def test_the_visits_sheet_title_is_the_layouts():
    assert VISITS.title == "Tiếp công dân"


def test_a_large_book_runs_in_the_background_with_its_progress(client, office, app, monkeypatch, tmp_path):
    agency, leader, _admin = office
    monkeypatch.setitem(app.config, "IMPORT_INLINE_MAX_BYTES", 0)  # every book counts as large here
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    # The test's transaction is rolled back at its end, so no runner may see the job: it is performed below, in
    # this session, as a runner would (tests/services/test_jobs.py runs the runners themselves, both kinds).
    handed: list[int] = []
    monkeypatch.setattr(job_services, "dispatch", lambda _app, job_id: handed.append(job_id))
    log_in(client, leader)
    response = upload(client, book([visit_row(1), visit_row(2)]), agency, dry_run=False)
    assert response.status_code == 302 and "/imports/runs/" in response.location
    job_id = int(response.location.rsplit("/", 1)[1])
    waiting = client.get(f"/imports/runs/{job_id}").get_data(as_text=True)
    assert "Sổ đang chờ được đọc" in waiting and 'http-equiv="refresh"' in waiting
    assert handed == [job_id]
    assert job_services.perform(job_id) is job_services.Outcome.DONE
    folder = tmp_path / "jobs" / str(job_id)
    assert json.loads((folder / "progress.json").read_text()) == {"sheet": VISITS.title, "done": 2, "total": 2}
    assert not (folder / "book.xlsx").exists()  # the book's personal data is not kept once imported
    page = client.get(f"/imports/runs/{job_id}").get_data(as_text=True)
    assert "Đã nhập 2 dòng" in page and 'http-equiv="refresh"' not in page
    assert count_visits(agency) == 2
    # Another officer of the same office does not see the run.
    client.post("/auth/logout")
    log_in(client, make_user(role=Role.RECEPTION_OFFICER, agency=agency))
    assert client.get(f"/imports/runs/{job_id}").status_code == 404
