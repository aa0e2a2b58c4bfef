"""Importing an office's Excel books (issue 24): every row checked and registered through the intake services,
all or nothing, each row once, problems named by sheet, row and column."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.domain.reception import VisitOutcome
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry
from petitions.imports import reader
from petitions.imports.layout import LETTERS, VISITS, MappingKind
from petitions.imports.models import ImportedRow
from petitions.imports.services import ImportResult, add_mapping, import_book
from petitions.letters.models import Letter
from petitions.reception.models import Visit
from tests.factories import make_agency, make_user

HEADER = [column.header for column in VISITS.columns]


def visit_row(number: int, **overrides: Any) -> list[Any]:
    values = {
        "row_key": f"2023-{number:05d}",
        "visited_on": datetime(2025, 3, 1 + number % 28),
        "full_name": f"Nguyễn Văn Nhập {number}",
        "id_number": f"0221{number:08d}",
        "address": "Hạ Long, Quảng Ninh",
        "headcount": 1,
        "classification": "Khiếu nại",
        "complaint_subtype": "Khiếu nại quyết định, hành vi hành chính",
        "summary": f"Khiếu nại việc thu hồi đất thửa số {number}",
        "outcome": "Hướng dẫn",
        "outcome_detail": "UBND thành phố Hạ Long",
        "refusal_ground": None,
        "agency": None,
    }
    values.update(overrides)
    return [values[column.key] for column in VISITS.columns]


def book(rows: list[list[Any]], *, title: str = VISITS.title, header: list[str] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(content: bytes, **arguments: Any) -> ImportResult:
    arguments.setdefault("file_name", "so.xlsx")
    arguments.setdefault("dry_run", False)
    with immediate_transactions():  # as the page's POST and the command run it (register numbers on SQLite)
        return import_book(content, **arguments)


@pytest.fixture
def office(session):
    seed_reference_data()
    agency = make_agency(code="NHAPSO", name="Ban Tiếp công dân thử nhập sổ")
    # The records are registered by one who may see them: the office's leader (the administrator sees no case
    # content and keeps the mapping table).
    leader = make_user(role=Role.LEADER, agency=agency)
    return agency, leader


def visits_of(agency) -> list[Visit]:
    return list(db.session.scalars(sa.select(Visit).where(Visit.agency_id == agency.id).order_by(Visit.id)))


def test_a_valid_book_imports_every_row_through_the_intake(office):
    agency, admin = office
    rows = [visit_row(n) for n in range(1, 21)]
    rows[4] = visit_row(5, outcome="Tiếp nhận đơn", outcome_detail=None)
    result = run_import(book(rows), file_name="so-2023.xlsx", agency_id=agency.id, actor=admin, dry_run=False)
    assert result.problems == []
    assert result.imported == {VISITS.title: 20}
    visits = visits_of(agency)
    assert len(visits) == 20
    first = visits[0]
    assert (first.visited_on, first.book_year, first.guided_to) == (date(2025, 3, 2), 2025, "UBND thành phố Hạ Long")
    assert visits[4].outcome is VisitOutcome.LETTER_RECEIVED and visits[4].letter_id is not None
    history = db.session.scalars(
        sa.select(HistoryEntry.reason).where(HistoryEntry.record_type == "visit", HistoryEntry.record_id == first.id)
    ).all()
    assert any("so-2023.xlsx" in (reason or "") and "dòng 2" in (reason or "") for reason in history)


def test_three_bad_rows_import_nothing_and_are_each_named(office):
    agency, admin = office
    rows = [visit_row(n) for n in range(1, 31)]
    rows[3] = visit_row(4, visited_on="31/02/2025")  # sheet row 5
    rows[10] = visit_row(11, classification="Việc riêng")  # sheet row 12: a word the mapping table lacks
    rows[20] = visit_row(21, outcome="Từ chối tiếp", outcome_detail=None)  # sheet row 22: refused without a ground
    result = run_import(book(rows), file_name="so.xlsx", agency_id=agency.id, actor=admin, dry_run=False)
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [
        (VISITS.title, 5, "Ngày tiếp"),
        (VISITS.title, 12, "Phân loại"),
        (VISITS.title, 22, "Lý do từ chối"),
    ]
    assert "dd/mm/yyyy" in result.problems[0].message
    assert result.unmapped == {MappingKind.VISIT_CLASS: {"Việc riêng"}}
    assert visits_of(agency) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportedRow)) == 0


def test_the_same_book_twice_imports_once(office):
    agency, admin = office
    content = book([visit_row(n) for n in range(1, 11)])
    first = run_import(content, file_name="so.xlsx", agency_id=agency.id, actor=admin, dry_run=False)
    again = run_import(content, file_name="so.xlsx", agency_id=agency.id, actor=admin, dry_run=False)
    assert (first.imported, first.skipped) == ({VISITS.title: 10}, {VISITS.title: 0})
    assert (again.imported, again.skipped, again.problems) == ({VISITS.title: 0}, {VISITS.title: 10}, [])
    assert len(visits_of(agency)) == 10


def test_a_dry_run_checks_everything_and_keeps_nothing(office):
    agency, admin = office
    result = run_import(book([visit_row(1), visit_row(2)]), file_name="so.xlsx", agency_id=agency.id, actor=admin,
                         dry_run=True)
    assert (result.problems, result.imported) == ([], {VISITS.title: 2})
    assert visits_of(agency) == []


def test_the_mapping_table_turns_the_office_words_into_codes(office):
    agency, admin = office
    keeper = make_user(role=Role.ADMIN, agency=agency)
    add_mapping(kind=MappingKind.VISIT_CLASS, source_text="KN đất đai", target="complaint", actor=keeper)
    add_mapping(kind=MappingKind.VISIT_OUTCOME, source_text="HD", target="guided", actor=keeper)
    result = run_import(book([visit_row(1, classification="kn dat dai", outcome="hd")]), file_name="so.xlsx",
                         agency_id=agency.id, actor=admin, dry_run=False)
    assert result.problems == []
    (visit,) = visits_of(agency)
    assert visit.outcome is VisitOutcome.GUIDED


def test_a_row_for_an_office_outside_the_importer_scope_is_refused(office):
    agency, admin = office
    other = make_agency(code="NHAPKHAC", name="Cơ quan khác")
    result = run_import(book([visit_row(1, agency="NHAPKHAC")]), file_name="so.xlsx", agency_id=agency.id, actor=admin,
                         dry_run=False)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Cơ quan tiếp nhận")]
    assert visits_of(other) == [] and visits_of(agency) == []


def test_a_missing_required_column_is_named(office):
    agency, admin = office
    header = [h for h in HEADER if h != "Nội dung"]
    result = run_import(book([], header=header), file_name="so.xlsx", agency_id=agency.id, actor=admin, dry_run=True)
    assert [(p.row, p.column) for p in result.problems] == [(1, "Nội dung")]


def test_a_zip_bomb_is_refused_before_parsing(office):
    agency, admin = office
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (64 * 1024 * 1024))  # 64 MB of spaces, ~64 KB packed
    result = run_import(buffer.getvalue(), file_name="bom.xlsx", agency_id=agency.id, actor=admin, dry_run=False)
    (problem,) = result.problems
    assert "nén" in problem.message


def test_a_sheet_declaring_too_many_rows_is_refused():
    content = book([visit_row(1)])
    with pytest.raises(reader.BookRefused, match="hơn 0 dòng"):
        reader.open_book(content, max_rows=0)


def test_not_an_xlsx_is_refused(office):
    agency, admin = office
    result = run_import(b"name,date\n", file_name="so.csv", agency_id=agency.id, actor=admin, dry_run=False)
    assert ".xlsx" in result.problems[0].message


def test_openpyxl_parses_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


@pytest.mark.load
def test_a_book_of_500_rows_imports(office):
    # Every row of a long book is registered, in the one transaction. What 5,000
    # rows cost is printed by benchmarks/import_book.py (a figure to read, not a timed test).
    agency, leader = office
    rows = [visit_row(n) for n in range(1, 501)]
    result = run_import(book(rows), agency_id=agency.id, actor=leader)
    assert (result.problems, result.imported) == ([], {VISITS.title: 500})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit).where(Visit.agency_id == agency.id)) == 500


LETTER_HEADER = [column.header for column in LETTERS.columns]


def letter_row(number: int, **overrides: Any) -> list[Any]:
    values = {
        "row_key": f"D-{number:05d}",
        "received_on": "05/06/2025",
        "letter_dated_on": "01/06/2025",
        "channel": "Qua bưu chính",
        "letter_type": "Khiếu nại",
        "complaint_subtype": "Khiếu nại quyết định, hành vi hành chính",
        "full_name": f"Trần Thị Gửi {number}",
        "id_number": f"0221{number:08d}",
        "address": "Cẩm Phả",
        "summary": f"Khiếu nại quyết định thu hồi đất số {number}",
        "forwarded_by": None,
        "forwarded_doc_number": None,
        "forwarded_doc_on": None,
        "signer_count": None,
        "agency": None,
    }
    values.update(overrides)
    return [values[column.key] for column in LETTERS.columns]


def two_sheet_book(visits: list[list[Any]], letters: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = VISITS.title
    first.append(HEADER)
    for row in visits:
        first.append(row)
    second = workbook.create_sheet(LETTERS.title)
    second.append(LETTER_HEADER)
    for row in letters:
        second.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def letters_of(agency) -> list[Letter]:
    return list(db.session.scalars(sa.select(Letter).where(Letter.agency_in_charge_id == agency.id).order_by(Letter.id)))


def test_the_letters_sheet_registers_through_the_letters_service(office):
    agency, leader = office
    letters = [
        letter_row(1),
        letter_row(2, letter_type="Tố cáo", complaint_subtype=None, full_name="Người Tố Cáo Nhập Sổ"),
        letter_row(3, letter_type="Thông tin có nội dung tố cáo không rõ người tố cáo", complaint_subtype=None,
                   full_name=None, id_number=None, address=None),
        letter_row(4, letter_type="Kiến nghị, phản ánh", complaint_subtype=None, channel="Đại biểu Quốc hội, HĐND chuyển đến",
                   forwarded_by="Đoàn ĐBQH tỉnh", forwarded_doc_number="12/ĐĐBQH", forwarded_doc_on="02/06/2025",
                   signer_count=3),
    ]
    result = run_import(two_sheet_book([visit_row(1)], letters), agency_id=agency.id, actor=leader)
    assert result.problems == []
    assert result.imported == {VISITS.title: 1, LETTERS.title: 4}
    complaint, denunciation, anonymous, petition = letters_of(agency)
    assert complaint.citizen_id is not None and complaint.received_on == date(2025, 6, 5)
    # The denouncer goes to the identity vault, never to a citizen record or the letter's columns (DOMAIN §8).
    assert denunciation.citizen_id is None and denunciation.identity_ref_id is not None
    assert "Người Tố Cáo Nhập Sổ" not in str([getattr(denunciation, c.key) for c in Letter.__table__.columns])
    assert anonymous.citizen_id is None and anonymous.identity_ref_id is None and anonymous.signer_count == 0
    assert (petition.forwarded_doc_number, petition.signer_count) == ("12/ĐĐBQH", 3)


def test_a_letter_row_the_letters_rules_refuse_stops_the_whole_book(office):
    agency, leader = office
    letters = [letter_row(1), letter_row(2, channel="Đại biểu Quốc hội, HĐND chuyển đến")]  # no forwarding paper
    result = run_import(two_sheet_book([visit_row(1)], letters), agency_id=agency.id, actor=leader)
    assert [(p.sheet, p.row) for p in result.problems] == [(LETTERS.title, 3)]
    assert "văn bản chuyển" in result.problems[0].message
    assert letters_of(agency) == [] and visits_of(agency) == []
