"""Paperwork from reception records: receipts with code and PIN, slips, refusal and conclusion drafts, the book."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import openpyxl
import pytest
import sqlalchemy as sa

from petitions import clock
from petitions.citizens.services import CitizenInput
from petitions.cli import seed_reference_data
from petitions.config import Config, ProductionConfig
from petitions.directory.models import AdministrativeUnit, Agency, AgencyOfficial
from petitions.directory.queries import get_item
from petitions.documents import issuers
from petitions.documents import services as documents
from petitions.documents.models import DocumentStatus
from petitions.domain.deadlines import LeaderLevel
from petitions.domain.issuers import AgencyLevel, OfficialRole
from petitions.domain.paperwork import ReceiptItem
from petitions.domain.reception import SessionKind, SessionStatus, VisitClass, VisitOutcome
from petitions.domain.records import IdType
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.paperwork import codes, services
from petitions.paperwork.book import LAYOUT_2026
from petitions.paperwork.excel import FIRST_DATA_ROW
from petitions.paperwork.layouts import BLANK_LINE
from petitions.paperwork.models import Receipt
from petitions.paperwork.queries import CLASS_LABELS, book_row, iter_book_rows, visit_person
from petitions.printing import document_text
from petitions.reception import services as reception
from petitions.reception.models import ReceptionSession, Visit
from petitions.reception.queries import visit_due_dates
from petitions.vault.services import store_identity
from tests.factories import count_rows, make_agency, make_citizen, make_cleared_user, make_user, make_visit

DAY = date(2026, 8, 14)
ITEMS = (ReceiptItem("Đơn khiếu nại đề ngày 10/8/2026", 3, "Nguyên vẹn", True),)


def _official(agency, role, title, name):
    db.session.add(AgencyOfficial(agency_id=agency.id, role=role, title=title, name=name))
    db.session.flush()
    db.session.refresh(agency)


@pytest.fixture
def office(session):
    seed_reference_data()
    parent = make_agency(name="Ủy ban nhân dân tỉnh Quảng Ninh", level=AgencyLevel.PROVINCE)
    _official(parent, OfficialRole.HEAD, "Chủ tịch", "Trần Quang Minh")
    _official(parent, OfficialRole.CHIEF_OF_OFFICE, "Chánh Văn phòng", "Đỗ Văn Hiếu")
    agency = make_agency(
        name="Ban Tiếp công dân tỉnh",
        short_name="Quảng Ninh",
        parent_id=parent.id,
        level=AgencyLevel.UNIT,
        drafting_units=[{"code": "TCD", "name": "Bộ phận tiếp công dân thường xuyên"}],
    )
    # The Ban's own head is recorded by the tests that need one (_with_head): without officials a
    # notice drafts with a blank signature block that issuing refuses.
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency, full_name="Trần Thị Ngọc Ẩn")
    with immediate_transactions():
        yield agency, officer


def _visit(agency, officer, **overrides):
    """tests.factories.make_visit with this file's citizen (a CCCD holder from Quảng Ninh)."""
    values = dict(
        guided_to="Ủy ban nhân dân xã Tiên Yên",
        person=CitizenInput(
            full_name="Nguyễn Văn Hưởng",
            id_type=IdType.CCCD,
            id_number="022085001234",
            address_text="thôn Đồng Mỏ",
        ),
    )
    values.update(overrides)
    return make_visit(agency=agency, officer=officer, **values)


# ------------------------------------------------------------------------------------------------ receipts


def test_receipt_stores_a_code_and_only_the_hash_of_its_pin(office):
    agency, officer = office
    visit = _visit(agency, officer)
    receipt, pin = services.issue_receipt(visit, items=ITEMS, actor=officer)
    assert re.fullmatch(r"[A-Z2-9]{6}-[A-Z2-9]{6}-[A-Z2-9]{6}", receipt.code)
    assert pin not in receipt.pin_hash and codes.verify_pin(receipt.pin_hash, pin)
    assert count_rows(Receipt) == 1


def test_receipt_again_keeps_the_code_and_replaces_the_pin(office):
    agency, officer = office
    visit = _visit(agency, officer)
    first, old_pin = services.issue_receipt(visit, items=ITEMS, actor=officer)
    code = first.code
    again, new_pin = services.issue_receipt(visit, items=ITEMS, actor=officer)
    assert again.id == first.id and again.code == code and again.pin_issue_count == 2
    assert codes.verify_pin(again.pin_hash, new_pin)
    assert old_pin == new_pin or not codes.verify_pin(again.pin_hash, old_pin)


def test_receipt_prints_full_id_code_pin_and_links_the_qr_to_lookup(office, app):
    agency, officer = office
    visit = _visit(agency, officer)
    receipt, pin = services.issue_receipt(visit, items=ITEMS, actor=officer)
    spec = services.receipt_spec(visit, receipt, pin=pin, actor=officer)
    text = " ".join(document_text(spec))
    assert "022085001234" in text and receipt.code in text and pin in text
    assert "Đơn khiếu nại đề ngày 10/8/2026" in text
    assert spec.qr_url == f"{app.config['LOOKUP_BASE_URL'].rstrip('/')}/{receipt.code}"
    assert spec.number == visit.book_number and spec.symbol == f"GBN-{agency.code}"
    assert services.slip_pdf(spec).startswith(b"%PDF")


def test_reprinted_receipt_does_not_know_the_pin(office):
    agency, officer = office
    visit = _visit(agency, officer)
    receipt, pin = services.issue_receipt(visit, items=ITEMS, actor=officer)
    text = " ".join(document_text(services.receipt_spec(visit, receipt, pin=None, actor=officer)))
    assert pin not in text.replace(receipt.code, "") and services.PIN_HIDDEN in text


def _denunciation(agency, officer):
    return _visit(
        agency,
        officer,
        classification=VisitClass.DENUNCIATION,
        summary="Tố cáo cán bộ địa chính xã",
        person=None,
        outcome=VisitOutcome.LETTER_RECEIVED,
        guided_to="",
        statement="Tôi tố cáo cán bộ địa chính xã nhận tiền.",
    )


def test_denouncer_slips_leave_the_identity_for_handwriting_when_not_cleared(office):
    agency, officer = office
    visit = _denunciation(agency, officer)
    assert visit.identity_ref is not None
    receipt, pin = services.issue_receipt(visit, items=ITEMS, actor=officer)
    text = " ".join(document_text(services.receipt_spec(visit, receipt, pin=pin, actor=officer)))
    assert BLANK_LINE in text and visit.identity_ref.code not in text
    statement = " ".join(document_text(services.statement_spec(visit, actor=officer)))
    assert "Ghi nội dung tố cáo" in statement and visit.identity_ref.code not in statement


def test_statement_and_appointment_slips_name_the_citizen(office):
    agency, officer = office
    visit = _visit(agency, officer, statement="Gia đình tôi chưa được bồi thường.")
    text = " ".join(document_text(services.statement_spec(visit, actor=officer)))
    assert "Nguyễn Văn Hưởng" in text and "Gia đình tôi chưa được bồi thường." in text
    spec = services.appointment_spec(
        visit,
        at=datetime(2026, 8, 28, 8, 0),
        place="Trụ sở",
        matter="nhận kết quả",
        bring="căn cước",
        actor=officer,
    )
    assert "08 giờ 00 phút ngày 28 tháng 8 năm 2026" in " ".join(document_text(spec))
    with pytest.raises(DomainError):
        services.appointment_spec(
            visit, at=datetime(2026, 8, 1, 8), place="x", matter="x", bring="", actor=officer
        )


# ----------------------------------------------------------------------------------------- refusal notices


def _refused(agency, officer, code, day=DAY):
    ground = get_item("refusal_ground", code)
    return _visit(
        agency,
        officer,
        visited_on=day,
        outcome=VisitOutcome.REFUSED,
        guided_to="",
        refusal_ground_id=ground.id,
        refusal_explanation="Vụ việc đã được giải quyết lần hai và thông báo bằng văn bản.",
    )


@pytest.mark.parametrize("code", ["R26_03", "R26_11"])
def test_refusal_notice_is_drafted_in_the_register_for_the_two_written_grounds(office, code):
    agency, officer = office
    visit = _refused(agency, officer, code)
    assert visit_due_dates(visit).refusal_notice_due_on is not None  # D6
    document = services.draft_refusal_notice(visit, actor=officer)
    assert document.status is DocumentStatus.DRAFT and document.doc_type == "TB_TU_CHOI_TCD"
    assert (document.record_type, document.record_id) == ("visit", visit.id)
    assert services.draft_refusal_notice(visit, actor=officer).id == document.id  # one live notice
    text = " ".join(document_text(documents.document_spec(document)))
    assert "Nguyễn Văn Hưởng" in text and get_item("refusal_ground", code).label.rstrip(".") in text


@pytest.mark.parametrize(
    ("day", "code", "label", "basis"),
    [
        (date(2026, 6, 15), "R13_3", "Mẫu số 01", "Căn cứ Điều 9 Luật Tiếp công dân ngày 25 tháng 11 năm 2013;"),
        (DAY, "R26_03", "Mẫu số 01/TCD", "136/2025/QH15 ngày 10 tháng 12 năm 2025;"),
    ],
)
def test_the_refusal_notice_carries_its_forms_label_in_each_generation(office, monkeypatch, day, code, label, basis):
    """Like the receipt (Mẫu số 02 / 02/TCD): TT 04/2021 Mẫu số 01 before 01/07/2026, NĐ 154/2026 Mẫu 01/TCD
    after, each printed top right; the 2026 "Căn cứ" line carries the amending law's date. The form is
    the one in force on the day the notice is drafted (the one clock, frozen on the visit's day)."""
    agency, officer = office
    monkeypatch.setattr(clock, "utcnow", lambda: datetime.combine(day, datetime.min.time()) + timedelta(hours=3))
    visit = _refused(agency, officer, code, day)
    lines = document_text(documents.document_spec(services.draft_refusal_notice(visit, actor=officer)))
    assert lines[0] == label
    assert any(basis in line for line in lines)


def test_refusal_notice_is_not_offered_for_other_grounds(office):
    agency, officer = office
    visit = _refused(agency, officer, "R26_01")
    assert not services.can_have_refusal_notice(visit)
    with pytest.raises(DomainError):
        services.draft_refusal_notice(visit, actor=officer)


def test_refusal_notice_is_issued_with_the_registers_number(office):
    agency, officer = office
    visit = _refused(agency, officer, "R26_03")
    document = services.draft_refusal_notice(visit, actor=_with_head(agency))
    documents.issue_document(document, actor=make_user(role=Role.LEADER, agency=agency))
    assert document.status is DocumentStatus.ISSUED and document.number == 1
    text = " ".join(document_text(documents.document_spec(document)))
    assert "TRƯỞNG BAN Đặng Thị Ánh" in text  # the Ban's head, from its officials (never hard-coded)
    assert "Lưu: VT, TCD." in text


def _with_head(agency):
    """Record the agency's head, who signs its notices; returns a reception officer of the agency."""
    agency.officials.append(AgencyOfficial(role=OfficialRole.HEAD, title="Trưởng ban", name="Đặng Thị Ánh"))
    db.session.flush()
    return make_user(role=Role.RECEPTION_OFFICER, agency=agency)


def test_a_refusal_notice_is_signed_by_the_issuing_bodys_own_head(session):
    seed_reference_data()
    with immediate_transactions():
        commune = db.session.scalar(sa.select(Agency).where(Agency.code == "XTY"))
        officer = make_user(role=Role.RECEPTION_OFFICER, agency=commune)
        visit = _refused(commune, officer, "R26_03")
        document = services.draft_refusal_notice(visit, actor=officer)
        text = document_text(documents.document_spec(document))
        assert text[:2] == ("Mẫu số 01/TCD", "ỦY BAN NHÂN DÂN XÃ TIÊN YÊN")
        assert text[-2:] == ("CHỦ TỊCH", "Lý Văn Sáng")  # the commune's chairman, never "TRƯỞNG BAN"
        documents.issue_document(document, actor=make_user(role=Role.LEADER, agency=commune))
    assert document.number_symbol == "01/TB-UBND"


# -------------------------------------------------------------------------------------- conclusion notices


def _session(agency, kind=SessionKind.PERIODIC, status=SessionStatus.HELD):
    session = ReceptionSession(
        agency_id=agency.id,
        kind=kind,
        status=status,
        held_on=DAY,
        place="Trụ sở Tiếp công dân tỉnh",
        leader_name="Nguyễn Văn Hưởng",
        participating_agencies="Thanh tra tỉnh",
    )
    db.session.add(session)
    db.session.flush()
    return session


def test_conclusion_notice_drafts_one_section_per_concluded_visit(office):
    agency, officer = office
    held = _session(agency)
    first = _visit(agency, officer, session_id=held.id)
    _visit(agency, officer, session_id=held.id, summary="Kiến nghị về đường giao thông")
    document = services.draft_conclusion_notice(
        held,
        conclusions={first.id: "Giao UBND xã kiểm tra, trả lời trước ngày 15/9/2026."},
        leader_title="Chủ tịch Ủy ban nhân dân tỉnh",
        recipients=["Thanh tra tỉnh"],
        actor=officer,
    )
    assert (document.record_type, document.record_id) == ("reception_session", held.id)
    text = " ".join(document_text(documents.document_spec(document)))
    assert "Kết luận: Giao UBND xã kiểm tra" in text and "đường giao thông" not in text
    assert document.signer_name == issuers.PLACEHOLDER  # no officials on record: nobody to sign yet
    leader = make_user(role=Role.LEADER, agency=agency)
    with pytest.raises(DomainError, match="họ tên và chức vụ thật"):
        documents.issue_document(document, actor=leader)
    documents.void_document(document, reason="Lập lại sau khi khai báo lãnh đạo", actor=leader)
    _with_head(agency)
    document = services.draft_conclusion_notice(
        held, conclusions={first.id: "Giao UBND xã kiểm tra."}, leader_title="Chủ tịch Ủy ban nhân dân tỉnh",
        actor=officer,
    )
    assert (document.signer_position, document.signer_name) == ("Trưởng ban", "Đặng Thị Ánh")
    documents.issue_document(document, actor=leader)
    services.record_conclusion_number(held, document)
    assert held.conclusion_notice_number == document.number_symbol


@pytest.mark.parametrize(
    ("kind", "status"),
    [(SessionKind.REGULAR, SessionStatus.HELD), (SessionKind.PERIODIC, SessionStatus.PLANNED)],
)
def test_conclusion_notice_only_for_a_held_leader_session(office, kind, status):
    agency, officer = office
    session = _session(agency, kind, status)
    with pytest.raises(DomainError):
        services.draft_conclusion_notice(session, conclusions={}, leader_title="Chủ tịch", actor=officer)


# ------------------------------------------------------------------------------------------------ the book


def _bulk_visits(agency, count, *, start=1):
    citizen = make_citizen(
        agency=agency, full_name="Lê Thị Hằng", id_type=IdType.CCCD, id_number="022190004567"
    )
    visits = [
        Visit(
            agency_id=agency.id,
            book_year=2026,
            book_number=start + index,
            visited_on=date(2026, 7, 1) + timedelta(days=index % 30),
            kind=SessionKind.REGULAR,
            citizen_id=citizen.id,
            classification=(VisitClass.COMPLAINT, VisitClass.PETITION)[index % 2],
            summary=f"Nội dung số {index + 1}: bồi thường đất đai",
            outcome=(VisitOutcome.GUIDED, VisitOutcome.FORWARDED)[index % 2],
            headcount=1 + index % 6,
            within_competence=index % 3 == 0,
            guided_to="UBND xã Tiên Yên" if index % 2 == 0 else "",
            guided_document_number="12/PHD" if index % 4 == 0 else "",
            forwarded_to="Thanh tra tỉnh" if index % 2 else "",
            already_resolved_by="UBND xã" if index % 5 == 0 else "",
            follow_up="Đã trả lời" if index % 7 == 0 else "",
        )
        for index in range(count)
    ]
    db.session.add_all(visits)
    db.session.flush()
    return visits


def _expected(visit):
    return book_row(visit, visit_person(visit, None, purpose="test"))


def _cell(value):
    if value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


@pytest.mark.parametrize("count", [0, 1, 1000])
def test_excel_book_matches_the_database_cell_by_cell(office, count):
    agency, officer = office
    visits = _bulk_visits(agency, count)
    data = services.reception_book(
        agency, date_from=date(2026, 7, 1), date_to=date(2026, 7, 31), fmt="xlsx", user=officer
    )
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    read = [tuple(row) for row in ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)]
    assert len(read) == count
    by_number = {v.book_number: v for v in visits}
    for row in read:
        visit = by_number[row[0]]
        assert row[1].date() == visit.visited_on
        assert row[2] == "Lê Thị Hằng" and row[3] == "022190004567"  # full ID: a restricted register
        assert row[4] == visit.summary and row[5] == CLASS_LABELS[visit.classification]
        assert row[6] == visit.headcount
        assert row == tuple(_cell(v) for v in LAYOUT_2026.cells(_expected(visit)))
    assert [r[0] for r in read] == sorted(by_number, key=lambda n: (by_number[n].visited_on, n))


@pytest.mark.parametrize(("count", "pages"), [(0, 1), (1, 1)])
def test_pdf_book_for_few_visits(office, count, pages):
    agency, officer = office
    _bulk_visits(agency, count)
    pdf = services.reception_book(
        agency, date_from=date(2026, 7, 1), date_to=date(2026, 7, 31), fmt="pdf", user=officer
    )
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == pages


def test_pdf_book_for_a_thousand_visits(office):
    agency, officer = office
    _bulk_visits(agency, 1000)
    pdf = services.reception_book(
        agency, date_from=date(2026, 7, 1), date_to=date(2026, 7, 31), fmt="pdf", user=officer
    )
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) > 50


def test_book_keeps_to_its_agency_dates_and_session(office):
    agency, officer = office
    other = make_agency()
    mine = _bulk_visits(agency, 3)
    _bulk_visits(other, 2)
    held = _session(agency)
    mine[0].session_id = held.id
    db.session.flush()
    rows = list(iter_book_rows(agency.id, date(2026, 7, 1), date(2026, 7, 2), user=officer))
    assert [r.number for r in rows] == [1, 2]
    assert [
        r.number for r in iter_book_rows(agency.id, date(2026, 7, 1), date(2026, 7, 31), session_id=held.id)
    ] == [1]


def test_book_shows_a_denouncer_only_to_cleared_readers(office):
    agency, officer = office
    ref = store_identity(None, agency_id=agency.id, actor=officer)
    visit = Visit(
        agency_id=agency.id,
        book_year=2026,
        book_number=1,
        visited_on=date(2026, 7, 3),
        kind=SessionKind.REGULAR,
        identity_ref_id=ref.id,
        classification=VisitClass.DENUNCIATION,
        summary="Tố cáo",
        outcome=VisitOutcome.LETTER_RECEIVED,
    )
    db.session.add(visit)
    db.session.flush()
    span = (agency.id, date(2026, 7, 1), date(2026, 7, 31))
    (plain,) = iter_book_rows(*span, user=officer)
    assert plain.name_address == f"Mã tham chiếu {ref.code}" and plain.id_number == ""
    cleared = make_cleared_user(role=Role.RECEPTION_OFFICER, agency=agency)
    (seen,) = iter_book_rows(*span, user=cleared)
    assert "danh tính lưu trên hồ sơ giấy" in seen.name_address  # reference-only vault: identity on paper


def test_excel_book_writes_a_formula_typed_as_a_name_as_inert_text(office):
    agency, officer = office
    hostile = '=HYPERLINK("http://evil.example/","Bấm vào đây")'
    _visit(
        agency,
        officer,
        person=reception.CitizenInput(full_name=hostile, id_type=IdType.CCCD, id_number="022085001299"),
        summary="@SUM(1+1) và -2",
    )
    data = services.reception_book(agency, date_from=DAY, date_to=DAY, fmt="xlsx", user=officer)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    row = next(ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW))
    assert row[2].value == hostile and row[2].data_type == "s"
    assert row[4].value == "@SUM(1+1) và -2" and row[4].data_type == "s"


def test_book_refuses_a_reversed_range(office):
    agency, officer = office
    with pytest.raises(DomainError):
        services.reception_book(agency, date_from=date(2026, 7, 31), date_to=date(2026, 7, 1), fmt="pdf")


def test_cli_writes_the_book(office, runner, tmp_path):
    agency, officer = office
    _bulk_visits(agency, 2)
    target = tmp_path / "so.xlsx"
    result = runner.invoke(
        args=[
            "reception-book",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
            "-o",
            str(target),
            "--agency",
            agency.code,
        ]
    )
    assert result.exit_code == 0, result.output
    assert "2 lượt tiếp" in result.output
    ws = openpyxl.load_workbook(target).active
    assert ws.cell(FIRST_DATA_ROW, 3).value == "Lê Thị Hằng"


def test_cli_refuses_an_unknown_format(office, runner, tmp_path):
    agency, _ = office
    result = runner.invoke(
        args=[
            "reception-book",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
            "-o",
            str(tmp_path / "x.csv"),
            "--agency",
            agency.code,
        ]
    )
    assert result.exit_code != 0 and ".xlsx" in result.output


# ------------------------------------------------------------------------- the book: refusals, generations


def test_a_refused_visit_is_a_short_book_entry_with_the_issued_notice_number(office):
    agency, officer = office
    visit = _refused(agency, officer, "R26_03")
    row = next(iter_book_rows(agency.id, DAY, DAY))
    assert row.refusal == "Từ chối tiếp (Đ9.3)"
    document = services.draft_refusal_notice(visit, actor=_with_head(agency))
    documents.issue_document(document, actor=make_user(role=Role.LEADER, agency=agency))
    row = next(iter_book_rows(agency.id, DAY, DAY))
    assert row.refusal == f"Từ chối tiếp (Đ9.3); TB số {document.number_symbol}"
    printed = LAYOUT_2026.printed(row)
    assert printed[11] == row.refusal  # column (12), one line: never the ground's full wording
    assert get_item("refusal_ground", "R26_03").label not in " ".join(printed)


def test_the_cli_needs_the_agency_and_refuses_a_range_across_1_july_2026(office, runner, tmp_path):
    agency, _ = office
    args = ["reception-book", "--from", "2026-06-01", "--to", "2026-07-31", "-o", str(tmp_path / "so.pdf")]
    missing = runner.invoke(args=args)
    assert missing.exit_code == 2 and "--agency" in missing.output
    across = runner.invoke(args=[*args, "--agency", agency.code])
    assert across.exit_code == 2
    assert "01/06/2026 đến ngày 30/06/2026" in across.output and not (tmp_path / "so.pdf").exists()
    june = runner.invoke(args=[*args[:3], "--to", "2026-06-30", *args[5:], "--agency", agency.code])
    assert june.exit_code == 0, june.output


# ------------------------------------------------------------------- receipt copies, lookup site, wording


def test_the_receipt_is_labelled_mau_02_tcd_and_only_the_citizens_copy_carries_the_pin(office):
    agency, officer = office
    visit = _visit(agency, officer)
    receipt, pin = services.issue_receipt(visit, items=ITEMS, actor=officer)
    citizen = document_text(services.receipt_spec(visit, receipt, pin=pin, actor=officer))
    office_copy = document_text(services.receipt_spec(visit, receipt, pin=None, actor=officer))
    assert citizen[0] == "Mẫu số 02/TCD" and office_copy[0] == "Mẫu số 02/TCD"
    assert pin in " ".join(citizen) and f"({services.CITIZEN_COPY})" in citizen
    assert pin not in " ".join(office_copy).replace(receipt.code, "")
    assert f"({services.OFFICE_COPY})" in office_copy and services.PIN_HIDDEN in " ".join(office_copy)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:5001/tra-cuu", "http://localhost/tra-cuu", "http://[::1]:8000/x", "http://0.0.0.0/x", ""],
)
def test_production_refuses_a_receipt_whose_lookup_address_is_local(office, app, monkeypatch, url):
    agency, officer = office
    visit = _visit(agency, officer)
    monkeypatch.setitem(app.config, "REQUIRE_PUBLIC_LOOKUP_URL", True)
    monkeypatch.setitem(app.config, "LOOKUP_BASE_URL", url)
    with pytest.raises(DomainError, match="LOOKUP_BASE_URL"):
        services.issue_receipt(visit, items=ITEMS, actor=officer)
    assert count_rows(Receipt) == 0  # no PIN issued that could not be printed
    monkeypatch.setitem(app.config, "LOOKUP_BASE_URL", "https://tracuu.quangninh.gov.vn/tra-cuu")
    receipt, pin = services.issue_receipt(visit, items=ITEMS, actor=officer)
    monkeypatch.setitem(app.config, "LOOKUP_BASE_URL", url)
    with pytest.raises(DomainError, match="LOOKUP_BASE_URL"):
        services.receipt_spec(visit, receipt, pin=pin, actor=officer)


def test_the_default_lookup_address_is_allowed_outside_production(office, app):
    agency, officer = office
    assert app.config["REQUIRE_PUBLIC_LOOKUP_URL"] is False
    assert codes.is_local_url(app.config["LOOKUP_BASE_URL"])
    receipt, pin = services.issue_receipt(_visit(agency, officer), items=ITEMS, actor=officer)
    assert receipt.id is not None and pin


def test_production_config_requires_a_public_lookup_address():
    assert ProductionConfig.REQUIRE_PUBLIC_LOOKUP_URL is True and Config.REQUIRE_PUBLIC_LOOKUP_URL is False
    assert not codes.is_local_url("https://tracuu.quangninh.gov.vn/tra-cuu")
    assert not codes.is_local_url("http://10.2.3.4/tra-cuu")  # an office intranet address is reachable there


@pytest.mark.parametrize(("sex", "title"), [("male", "ông"), ("female", "bà"), (None, "ông (bà)")])
def test_papers_address_the_citizen_by_the_recorded_sex(office, sex, title):
    agency, officer = office
    visit = _visit(
        agency,
        officer,
        person=CitizenInput(full_name="Lê Thị Hằng", id_type=IdType.CCCD, id_number="022190004567", sex=sex),
        statement="Tôi đề nghị được bồi thường.",
    )
    receipt, pin = services.issue_receipt(visit, items=ITEMS, actor=officer)
    texts = [
        " ".join(document_text(services.receipt_spec(visit, receipt, pin=pin, actor=officer))),
        " ".join(document_text(services.statement_spec(visit, actor=officer))),
        " ".join(
            document_text(
                services.appointment_spec(
                    visit, at=datetime(2026, 8, 28, 8), place="Trụ sở", matter="nhận kết quả", bring="", actor=officer
                )
            )
        ),
    ]
    for text in texts:
        assert f"{title} Lê Thị Hằng" in text
        if title != "ông (bà)":
            assert "ông (bà)" not in text


def test_the_refusal_notice_addresses_the_citizen_by_sex(office):
    agency, officer = office
    ground = get_item("refusal_ground", "R26_03")
    visit = _visit(
        agency,
        officer,
        person=CitizenInput(full_name="Lê Thị Hằng", id_type=IdType.CCCD, id_number="022190004567", sex="female"),
        outcome=VisitOutcome.REFUSED,
        guided_to="",
        refusal_ground_id=ground.id,
        refusal_explanation="Vụ việc đã được giải quyết đúng pháp luật.",
    )
    document = services.draft_refusal_notice(visit, actor=officer)
    spec = documents.document_spec(document)
    text = " ".join(document_text(spec))
    assert "từ chối tiếp bà Lê Thị Hằng" in text and "ông (bà)" not in text
    assert "Bà Lê Thị Hằng" in spec.recipients


def test_a_stored_draft_without_the_title_field_still_prints_as_drafted(office):
    agency, officer = office
    document = services.draft_refusal_notice(_refused(agency, officer, "R26_03"), actor=officer)
    document.body_data = {k: v for k, v in document.body_data.items() if k != "citizen_title"}
    db.session.flush()
    assert "từ chối tiếp ông (bà) Nguyễn Văn Hưởng" in " ".join(document_text(documents.document_spec(document)))


def test_the_appointment_slip_does_not_repeat_its_words(office):
    agency, officer = office
    visit = _visit(agency, officer)
    spec = services.appointment_spec(
        visit, at=datetime(2026, 8, 28, 8), place="Trụ sở", matter="Làm việc về Nhận kết quả giải quyết", bring="", actor=officer
    )
    text = " ".join(document_text(spec))
    assert "Về việc nhận kết quả giải quyết" in text
    assert "để làm việc về nhận kết quả giải quyết" in text
    assert "Về việc Làm việc" not in text and "làm việc về Làm việc" not in text


def test_addresses_end_with_the_commune_and_the_province_in_lower_case_kinds(office):
    agency, officer = office
    commune = db.session.scalar(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == "06862"))  # seeded
    visit = _visit(
        agency,
        officer,
        person=CitizenInput(
            full_name="Nguyễn Văn Hưởng",
            id_type=IdType.CCCD,
            id_number="022085001234",
            address_text="thôn Đồng Mỏ",
            address_unit_id=commune.id,
        ),
    )
    person = visit_person(visit, None, purpose="test")
    assert person.address == "thôn Đồng Mỏ, xã Tiên Yên, tỉnh Quảng Ninh"


def test_a_chairmans_conclusion_notice_goes_out_under_the_ubnd_heading_and_number(office):
    agency, officer = office
    held = _session(agency)
    held.leader_level = LeaderLevel.PROVINCE_CHAIRMAN
    first = _visit(agency, officer, session_id=held.id)
    document = services.draft_conclusion_notice(
        held,
        conclusions={first.id: "Giao Sở Nông nghiệp và Môi trường kiểm tra, trả lời công dân."},
        leader_title="Chủ tịch Ủy ban nhân dân tỉnh",
        actor=officer,
    )
    assert document.issuing_agency_id == agency.parent_id  # the chairing body, not the Ban that recorded it
    documents.issue_document(document, actor=make_user(role=Role.LEADER, agency=agency.parent))
    text = " ".join(document_text(documents.document_spec(document)))
    assert "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG Đỗ Văn Hiếu" in text
    assert "BAN TIẾP CÔNG DÂN" not in text.split("THÔNG BÁO")[0]  # heading, number and signature: one body
