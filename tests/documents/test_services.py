"""Document register services: drafts, numbering per agency and year, văn thư numbers, voiding, signed copies."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from petitions.concurrency import StaleRecord, check_version
from petitions.documents import services
from petitions.documents.models import Document, DocumentStatus, NumberSource
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry, history_of
from petitions.numbering import NumberKind, last_number
from petitions.printing import Signer, document_text
from tests.factories import make_agency, make_document, make_user
from tests.tools import require_tool

DAY = date(2026, 3, 9)


def issue(document: Document, **kwargs):  # type: ignore[no-untyped-def]
    with immediate_transactions():
        return services.issue_document(document, **kwargs)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    pdftotext = require_tool("pdftotext", "poppler-utils")
    return subprocess.run(
        [pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_a_draft_is_unnumbered_and_prints_watermarked(session, tmp_path):
    agency = make_agency(code="BTCD2")
    document = make_document(issuing_agency=agency)
    assert document.status == DocumentStatus.DRAFT
    assert document.number is None and document.number_symbol is None
    assert document.symbol == "TB-BTCD2"
    assert document.subject == "Về việc chuyển đơn của ông Nguyễn Văn Hưởng"
    spec = services.document_spec(document)
    assert spec.is_draft
    assert any(line.startswith("Số:") and "/TB-BTCD2" in line for line in document_text(spec))
    data = services.document_pdf(document)
    assert data.startswith(b"%PDF")
    assert squeezed(pdf_text(data, tmp_path)).startswith("DỰTHẢO")


def test_a_draft_with_missing_fields_prints_placeholders_but_cannot_be_issued(session):
    document = make_document(
        doc_type="PHIEU_HEN",
        fields={"citizen_name": "Trần Thị Dân"},
        signer=Signer(position="Cán bộ", name="Lê Văn Cán"),
    )
    assert services.document_pdf(document).startswith(b"%PDF")
    assert services.DRAFT_PLACEHOLDER in document.subject
    with pytest.raises(DomainError, match="còn thiếu"):
        issue(document, issue_date=DAY)
    assert document.status == DocumentStatus.DRAFT


def test_numbers_are_consecutive_per_agency_and_restart_each_year(session):
    first, second = make_agency(code="AGA"), make_agency(code="AGB")
    numbers = [issue(make_document(issuing_agency=first), issue_date=DAY).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    other = issue(make_document(issuing_agency=second), issue_date=DAY)
    assert other.number == 1 and other.number_symbol == "01/TB-AGB"
    next_year = issue(make_document(issuing_agency=first), issue_date=date(2027, 1, 4))
    assert (next_year.number, next_year.number_year) == (1, 2027)
    again = issue(make_document(issuing_agency=first), issue_date=date(2026, 12, 31))
    assert again.number == 4
    counters = [last_number(NumberKind.DOCUMENT_REGISTER, first.id, year) for year in (2026, 2027)]
    assert counters == [4, 1]


def test_issued_document_prints_its_number_and_date(session):
    document = issue(make_document(issuing_agency=make_agency(code="BTCD3")), issue_date=date(2026, 1, 5))
    assert document.number_source == NumberSource.APP
    text = document_text(services.document_spec(document))
    assert "Số: 01/TB-BTCD3" in text
    assert "Sơn Hà, ngày 05 tháng 01 năm 2026" in text
    assert services.pdf_filename(document) == "van-ban-01-TB-BTCD3-2026.pdf"


def test_issuing_takes_its_number_under_each_databases_lock(session, count_statements):
    """SQLite refuses to number outside the write lock; PostgreSQL reads the counter row FOR UPDATE."""
    document = make_document()
    if db.engine.dialect.name == "sqlite":
        with pytest.raises(RuntimeError, match="immediate_transactions"):
            services.issue_document(document, issue_date=DAY)
        return
    with count_statements() as counted:
        services.issue_document(document, issue_date=DAY)
    assert document.number == 1
    assert any("register_counter" in s and "FOR UPDATE" in s for s in counted.statements)


def test_van_thu_number_and_date_are_recorded_and_app_numbering_skips_them(session):
    agency = make_agency(code="VT1")
    recorded = issue(make_document(issuing_agency=agency), number=1, issue_date=date(2026, 3, 2))
    assert (recorded.number, recorded.number_source, recorded.issue_date) == (
        1,
        NumberSource.VAN_THU,
        date(2026, 3, 2),
    )
    with pytest.raises(DomainError, match="đã dùng"):
        issue(make_document(issuing_agency=agency), number=1, issue_date=date(2026, 5, 2))
    assert issue(make_document(issuing_agency=agency), issue_date=DAY).number == 2
    custom = issue(make_document(issuing_agency=agency), number=7, issue_date=DAY, symbol="TB-VT1-XLĐ")
    assert custom.number_symbol == "07/TB-VT1-XLĐ"
    with pytest.raises(DomainError, match="ngày"):
        issue(make_document(issuing_agency=agency), number=9)


def test_an_issued_document_cannot_be_issued_again(session):
    document = issue(make_document(), issue_date=DAY)
    with pytest.raises(DomainError):
        issue(document, issue_date=DAY)


def test_void_keeps_the_number_and_it_is_never_reused(session):
    agency = make_agency()
    leader = make_user(role=Role.LEADER, agency=agency)
    document = issue(make_document(issuing_agency=agency), issue_date=DAY, actor=leader)
    with pytest.raises(DomainError, match="lý do"):
        services.void_document(document, reason="  ", actor=leader)
    services.void_document(document, reason="Ban hành nhầm người nhận", actor=leader)
    assert document.status == DocumentStatus.VOID
    assert (document.number, document.number_symbol) == (1, f"01/TB-{agency.code}")
    assert document.voided_by_id == leader.id
    assert issue(make_document(issuing_agency=agency), issue_date=DAY).number == 2
    with pytest.raises(DomainError):
        services.void_document(document, reason="lần nữa", actor=leader)


def test_history_rows_record_issue_and_void_with_actor_and_reason(session):
    leader = make_user(role=Role.LEADER)
    document = make_document(actor=leader, issuing_agency=leader.agency)
    issue(document, issue_date=DAY, actor=leader)
    services.void_document(document, reason="Sai thẩm quyền ký", actor=leader)
    rows = history_of("document", document.id)
    assert rows[0].action == "create" and rows[0].actor_id == leader.id
    changed = {(row.field, row.new_value) for row in rows if row.action == "update"}
    assert ("status", "issued") in changed and ("number", "1") in changed and ("status", "void") in changed
    void_row = next(row for row in rows if row.field == "void_reason")
    assert void_row.reason == "Sai thẩm quyền ký" and void_row.actor_id == leader.id


def test_personal_content_enters_history_redacted(session):
    document = make_document()
    services.update_draft(document, recipients=["Bà Trần Thị Bí Mật"])
    row = db.session.scalar(
        sa.select(HistoryEntry).where(
            HistoryEntry.record_id == document.id,
            HistoryEntry.record_type == "document",
            HistoryEntry.field == "recipients",
        )
    )
    assert row.redacted and row.new_value is None


def test_a_version_loaded_before_an_update_is_stale(session):
    """The save helper's check (petitions.concurrency) refuses a form loaded before the last update."""
    document = make_document()
    loaded = document.version
    services.update_draft(document, place="Hà Nội")
    with pytest.raises(StaleRecord):
        check_version(document, loaded)
    check_version(document, document.version)


def test_update_draft_checks_the_signer_and_the_fields(session):
    document = make_document()
    with pytest.raises(DomainError):
        services.update_draft(document, fields={"unknown": "x"})
    with pytest.raises(DomainError):
        services.update_draft(document, signer=Signer(position="", name=""))
    with pytest.raises(TypeError):
        services.update_draft(document, number=3)


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


SIGNED = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_signed_pdf_only_after_issue_and_only_pdf(session, uploads):
    document = make_document()
    with pytest.raises(DomainError, match="sau khi"):
        services.attach_signed_pdf(document, data=SIGNED)
    issue(document, issue_date=DAY)
    with pytest.raises(DomainError, match="không phải là PDF"):
        services.attach_signed_pdf(document, data=b"GIF89a not a pdf")
    with pytest.raises(DomainError, match="rỗng"):
        services.attach_signed_pdf(document, data=b"")
    services.attach_signed_pdf(document, data=SIGNED)
    stored = services.signed_file_path(document)
    assert stored is not None and stored.read_bytes() == SIGNED
    assert stored.is_relative_to(uploads)
    assert document.signed_file_sha256 == hashlib.sha256(SIGNED).hexdigest()
    assert document.signed_file_size == len(SIGNED)
    with pytest.raises(DomainError, match="không được thay thế"):
        services.attach_signed_pdf(document, data=SIGNED)


def test_signed_pdf_size_limit(session, uploads, app, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENT_PDF_MAX_BYTES", 100)
    document = issue(make_document(), issue_date=DAY)
    with pytest.raises(DomainError, match="quá lớn"):
        services.attach_signed_pdf(document, data=b"%PDF-" + b"0" * 200)


def test_signed_pdf_refused_on_a_void_document(session, uploads):
    document = issue(make_document(), issue_date=DAY)
    services.void_document(document, reason="Nhầm")
    with pytest.raises(DomainError):
        services.attach_signed_pdf(document, data=SIGNED)


def test_register_lists_numbered_documents_and_prints_landscape(session, tmp_path):
    agency = make_agency(code="REG", name="Ban Tiếp công dân tỉnh Sơn Hà")
    one = issue(make_document(issuing_agency=agency), issue_date=date(2026, 1, 5))
    two = issue(make_document(issuing_agency=agency), issue_date=date(2026, 1, 6))
    services.void_document(two, reason="Ban hành nhầm")
    spec = services.register_spec(agency, 2026, [one, two])
    assert [row[0] for row in spec.rows] == ["01/TB-REG", "02/TB-REG"]
    assert spec.rows[0][2] == "Thông báo về việc chuyển đơn của ông Nguyễn Văn Hưởng"
    assert spec.rows[1][-1] == "Đã hủy: Ban hành nhầm"
    text = pdf_text(services.register_pdf(agency, 2026, [one, two]), tmp_path)
    assert all(
        squeezed(part) in squeezed(text) for part in ("SỔ ĐĂNG KÝ VĂN BẢN ĐI", "01/TB-REG", "Năm 2026")
    )


def test_body_tables_round_trip_through_json(session):
    from petitions.printing import BodyTable, HeaderCell

    table = BodyTable(
        header_rows=((HeaderCell("STT"), "Tên tài liệu"),), rows=(("1", "Đơn khiếu nại"),), col_weights=(1, 4)
    )
    stored = services.body_to_json(["Mở đầu", table, "Kết thúc"])
    assert services.body_from_json(stored) == ("Mở đầu", table, "Kết thúc")
