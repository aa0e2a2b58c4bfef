"""The letter register (sổ tiếp nhận, xử lý đơn): rows from the database, Excel read back, PDF, scope,
denouncer secrecy, the CLI, and a golden PDF from seeded data.

Golden PDF: UPDATE_GOLDEN=1 rewrites tests/letter_register/golden/*.pdf and
docs/screenshots/letter-register-seeded.png (first page); look at the PNG before committing.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.directory.models import Agency
from petitions.documents import services as documents
from petitions.domain.classification import LetterChannel, SignerKind
from petitions.domain.issuers import AgencyLevel
from petitions.domain.records import IdType, LetterStatus, LetterType
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.letter_register import services
from petitions.letter_register.book import LAYOUT_REGISTER, register_table
from petitions.letter_register.queries import (
    ANONYMOUS_WRITER,
    count_register_letters,
    iter_register_rows,
    register_heading,
)
from petitions.letters.models import Letter
from petitions.paperwork.excel import FIRST_DATA_ROW, HEADER_FIRST_ROW
from petitions.printing import report_text
from petitions.vault.services import store_identity
from tests.factories import (
    make_agency,
    make_citizen,
    make_cleared_user,
    make_document,
    make_letter,
    make_user,
)

GOLDEN = Path(__file__).parent / "golden"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
JULY = (date(2026, 7, 1), date(2026, 7, 31))


@pytest.fixture
def office(session):
    seed_reference_data()
    parent = make_agency(name="Ủy ban nhân dân tỉnh Quảng Ninh", level=AgencyLevel.PROVINCE)
    agency = make_agency(name="Ban Tiếp công dân tỉnh", parent_id=parent.id, level=AgencyLevel.UNIT)
    officer = make_user(role=Role.HANDLER, agency=agency, full_name="Trần Thị Ngọc Ẩn")
    with immediate_transactions():
        yield agency, officer


def _bulk_letters(agency, count, *, start=1):
    """Letters written straight into the table (the register reads rows, whatever made them)."""
    citizen = make_citizen(agency=agency, full_name="Lê Thị Hằng", id_type=IdType.CCCD, id_number="022190004567",
                           address_text="tổ 5, khu 3")
    statuses = (LetterStatus.RECEIVED, LetterStatus.GUIDED, LetterStatus.FORWARDED, LetterStatus.FILED,
                LetterStatus.ACCEPTED)
    letters = [
        Letter(
            register_agency_id=agency.id,
            agency_in_charge_id=agency.id,
            register_year=2026,
            register_number=start + index,
            letter_type=(LetterType.COMPLAINT, LetterType.PETITION)[index % 2],
            status=statuses[index % len(statuses)],
            received_on=JULY[0] + timedelta(days=index % 31),
            summary=f"Nội dung số {index + 1}: bồi thường đất đai",
            citizen_id=citizen.id,
            competent_body="UBND xã Tiên Yên",
            channel=LetterChannel.POST,
            handling_due_on=date(2026, 8, 14) if index % len(statuses) == 0 else None,
        )
        for index in range(count)
    ]
    db.session.add_all(letters)
    db.session.flush()
    return letters


def _cell(value):
    if value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


@pytest.mark.parametrize("count", [0, 1, 300])
def test_excel_register_matches_the_database_cell_by_cell(office, count):
    agency, officer = office
    letters = _bulk_letters(agency, count)
    data = services.letter_register(agency, date_from=JULY[0], date_to=JULY[1], fmt="xlsx", user=officer)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.cell(4, 1).value == "SỔ TIẾP NHẬN, XỬ LÝ ĐƠN"
    assert [c.value for c in ws[HEADER_FIRST_ROW]][6] == "Hướng xử lý"
    read = [tuple(row) for row in ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)]
    assert len(read) == count
    by_number = {letter.register_number: letter for letter in letters}
    for row in read:
        letter = by_number[row[0]]
        assert row[1].date() == letter.received_on
        assert row[2] == "Lê Thị Hằng" and row[3] == "tổ 5, khu 3"
        assert row[4] == letter.summary and row[5] == ("KN" if letter.letter_type == LetterType.COMPLAINT else "KNPA")
        handling = {LetterStatus.ACCEPTED: 6, LetterStatus.GUIDED: 7, LetterStatus.FORWARDED: 8, LetterStatus.FILED: 9}
        filled = [index for index in range(6, 10) if row[index]]
        assert filled == ([handling[letter.status]] if letter.status in handling else [])
    assert [r[0] for r in read] == sorted(by_number, key=lambda n: (by_number[n].received_on, n))
    assert count_register_letters(agency.id, *JULY) == count


def test_register_rows_say_the_handling_and_the_open_letters_due_date(office):
    agency, officer = office
    received, guided, forwarded, filed, accepted = _bulk_letters(agency, 5)
    rows = {row.number: row for row in iter_register_rows(agency.id, *JULY, user=officer)}
    assert rows[received.register_number].result == "Đang xử lý (hạn 14/08/2026)"
    assert rows[guided.register_number].guided == "UBND xã Tiên Yên"
    assert rows[forwarded.register_number].forwarded == "UBND xã Tiên Yên"
    assert rows[forwarded.register_number].result == "Chờ văn bản phúc đáp"
    assert rows[filed.register_number].other == "Lưu đơn"
    assert rows[accepted.register_number].accepted == "×"


def test_an_issued_handling_paper_is_printed_with_its_number_and_date(office):
    agency, officer = office
    (letter,) = _bulk_letters(agency, 1)
    letter.status = LetterStatus.GUIDED
    leader = make_user(role=Role.LEADER, agency=agency)
    paper = make_document(issuing_agency=agency, record=("letter", letter.id), actor=leader)
    documents.issue_document(paper, actor=leader, issue_date=date(2026, 7, 10))
    draft = make_document(issuing_agency=agency, record=("letter", letter.id), actor=leader)
    (row,) = iter_register_rows(agency.id, *JULY, user=officer)
    assert row.guided == f"UBND xã Tiên Yên; số {paper.number_symbol} ngày 10/07/2026"
    assert draft.number_symbol is None  # a draft is not in the register


def test_each_handling_paper_goes_to_the_column_of_the_act_it_records(office):
    agency, officer = office
    (letter,) = _bulk_letters(agency, 1)  # still open (received)
    leader = make_user(role=Role.LEADER, agency=agency)

    def issued(kind, day):
        paper = make_document(issuing_agency=agency, record=("letter", letter.id), actor=leader)
        paper.body_data = {**paper.body_data, "handling_paper": kind}
        documents.issue_document(paper, actor=leader, issue_date=day)
        return paper

    forward = issued("forward_petition", date(2026, 7, 10))
    answer = issued("answer_d7", date(2026, 7, 11))
    other = make_document(issuing_agency=agency, record=("letter", letter.id), actor=leader)
    documents.issue_document(other, actor=leader, issue_date=date(2026, 7, 12))
    (row,) = iter_register_rows(agency.id, *JULY, user=officer)
    # Issuing the forwarding slip moved the letter (the letters' on-issued hook): it is forwarded now, so the
    # column names the competent body and the other document follows the letter's status into it.
    assert letter.status == LetterStatus.FORWARDED
    assert row.forwarded == (
        f"UBND xã Tiên Yên; số {forward.number_symbol} ngày 10/07/2026; số {other.number_symbol} ngày 12/07/2026"
    )
    assert row.result.endswith(f"Đã thông báo kết quả xử lý đơn số {answer.number_symbol} ngày 11/07/2026")
    assert row.guided == row.accepted == row.other == ""


def test_register_keeps_to_its_agency_and_dates(office):
    agency, officer = office
    other = make_agency()
    _bulk_letters(agency, 3)
    _bulk_letters(other, 2)
    assert [r.number for r in iter_register_rows(agency.id, date(2026, 7, 1), date(2026, 7, 2), user=officer)] == [1, 2]
    assert [r.number for r in iter_register_rows(other.id, *JULY)] == [1, 2]


def test_register_names_a_denouncer_only_to_cleared_readers_and_never_anonymous_writers(office):
    agency, officer = office
    denunciation = make_letter(
        agency=agency, letter_type=LetterType.DENUNCIATION, received_on=date(2026, 7, 3), summary="Tố cáo cán bộ địa chính"
    )
    make_letter(agency=agency, letter_type=LetterType.ANONYMOUS, received_on=date(2026, 7, 4), summary="Thư nặc danh")
    ref_code = db.session.scalar(
        sa.text("SELECT code FROM identity_ref WHERE id = :id"), {"id": denunciation.identity_ref_id}
    ) if denunciation.identity_ref_id else None
    if ref_code is None:  # reference-only mode without an identity typed: give it its code
        ref = store_identity(None, agency_id=agency.id, actor=officer)
        denunciation.identity_ref_id, ref_code = ref.id, ref.code
        db.session.flush()
    plain, anonymous = iter_register_rows(agency.id, *JULY, user=officer)
    assert plain.writer == f"Mã tham chiếu {ref_code}" and plain.address == "" and plain.classification == "TC"
    assert anonymous.writer == ANONYMOUS_WRITER and anonymous.classification == "Nặc danh"
    cleared = make_cleared_user(role=Role.HANDLER, agency=agency)
    seen, _ = iter_register_rows(agency.id, *JULY, user=cleared)
    assert "danh tính lưu trên hồ sơ giấy" in seen.writer  # reference-only vault: the identity is on paper
    no_user, _ = iter_register_rows(agency.id, *JULY)
    assert no_user.writer == f"Mã tham chiếu {ref_code}"


def test_a_voided_line_stays_in_the_register_with_its_reason(office):
    agency, officer = office
    (letter,) = _bulk_letters(agency, 1)
    letter.is_void, letter.void_reason = True, "Đăng ký nhầm"
    (row,) = iter_register_rows(agency.id, *JULY)
    assert row.number == letter.register_number and "Đã hủy đăng ký: Đăng ký nhầm" in row.notes


@pytest.mark.parametrize(("count", "pages"), [(0, 1), (1, 1)])
def test_pdf_register_for_few_letters(office, count, pages):
    agency, officer = office
    _bulk_letters(agency, count)
    pdf = services.letter_register(agency, date_from=JULY[0], date_to=JULY[1], fmt="pdf", user=officer)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == pages


def test_pdf_register_of_many_letters_repeats_the_header(office):
    agency, officer = office
    _bulk_letters(agency, 300)
    rows = list(iter_register_rows(agency.id, *JULY))
    text = report_text(register_table(register_heading(agency, *JULY), rows))
    assert text.count("Tóm tắt nội dung đơn") >= 1 and len(rows) == 300
    pdf = services.letter_register(agency, date_from=JULY[0], date_to=JULY[1], fmt="pdf", user=officer)
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) > 10


def test_excel_register_writes_a_formula_typed_as_a_summary_as_inert_text(office):
    agency, officer = office
    hostile = '=HYPERLINK("http://evil.example/","Bấm vào đây")'
    make_letter(agency=agency, received_on=date(2026, 7, 3), summary=hostile)
    data = services.letter_register(agency, date_from=JULY[0], date_to=JULY[1], fmt="xlsx", user=officer)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    row = next(ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW))
    assert row[4].value == hostile and row[4].data_type == "s"


def test_register_refuses_a_reversed_range(office):
    agency, _ = office
    with pytest.raises(DomainError):
        services.letter_register(agency, date_from=JULY[1], date_to=JULY[0], fmt="pdf")


def test_cli_writes_the_register(office, runner, tmp_path):
    agency, _ = office
    _bulk_letters(agency, 2)
    target = tmp_path / "so.xlsx"
    args = ["letter-register", "--from", "2026-07-01", "--to", "2026-07-31", "-o", str(target)]
    missing = runner.invoke(args=args)
    assert missing.exit_code == 2 and "--agency" in missing.output
    result = runner.invoke(args=[*args, "--agency", agency.code])
    assert result.exit_code == 0, result.output
    assert "2 đơn" in result.output
    ws = openpyxl.load_workbook(target).active
    assert ws.cell(FIRST_DATA_ROW, 3).value == "Lê Thị Hằng"
    wrong = runner.invoke(args=[*args[:-1], str(tmp_path / "so.csv"), "--agency", agency.code])
    assert wrong.exit_code != 0 and ".xlsx" in wrong.output


def test_the_layout_has_the_twelve_columns_of_the_register():
    assert LAYOUT_REGISTER.titles == (
        "Số đăng ký",
        "Ngày nhận đơn",
        "Họ tên người viết đơn",
        "Địa chỉ",
        "Tóm tắt nội dung đơn",
        "Phân loại đơn",
        "Thụ lý",
        "Hướng dẫn",
        "Chuyển đơn",
        "Lưu đơn, trả lại đơn, khác",
        "Kết quả xử lý",
        "Ghi chú",
    )
    assert [g for g, _, _ in LAYOUT_REGISTER.group_spans()] == ["Hướng xử lý"]


# ------------------------------------------------------------------------------------- golden, seeded data


def test_the_seeded_boards_register(session, tmp_path: Path) -> None:
    seed_reference_data()
    board = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
    officer = make_user(role=Role.HANDLER, agency=board, full_name="Trần Thị Ngọc Ẩn")
    with immediate_transactions():
        citizen = make_citizen(agency=board, full_name="Lê Thị Hằng", id_type=IdType.CCCD, id_number="022190004567",
                               address_text="tổ 5, khu 3, phường Hồng Gai")
        make_letter(agency=board, received_on=date(2026, 8, 3), citizen_id=citizen.id,
                    summary="Khiếu nại việc bồi thường, hỗ trợ khi thu hồi đất làm đường", respondent="UBND phường Hồng Gai")
        make_letter(agency=board, received_on=date(2026, 8, 4), letter_type=LetterType.PETITION, citizen_id=citizen.id,
                    channel=LetterChannel.DEPUTY, forwarded_by="Đoàn Đại biểu Quốc hội tỉnh",
                    forwarded_doc_number="112/ĐĐBQH", forwarded_doc_on=date(2026, 7, 30),
                    summary="Kiến nghị sửa chữa đường liên thôn bị sạt lở")
        make_letter(agency=board, received_on=date(2026, 8, 5), letter_type=LetterType.ANONYMOUS,
                    signer_kind=SignerKind.NONE, signer_count=0, summary="Thông tin về việc lấn chiếm đất công")
        pdf = services.letter_register(board, date_from=date(2026, 8, 1), date_to=date(2026, 8, 31), fmt="pdf",
                                       user=officer)
    text = " ".join(report_text(register_table(register_heading(board, date(2026, 8, 1), date(2026, 8, 31)),
                                               list(iter_register_rows(board.id, date(2026, 8, 1), date(2026, 8, 31))))))
    assert "SỔ TIẾP NHẬN, XỬ LÝ ĐƠN" in text.upper() and "(Từ ngày 01/08/2026 đến ngày 31/08/2026)" in text
    assert "Đoàn Đại biểu Quốc hội tỉnh chuyển đến (số 112/ĐĐBQH ngày 30/07/2026)" in text
    golden = GOLDEN / "seeded-letter-register.pdf"
    if UPDATE:
        golden.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            source = tmp_path / "register.pdf"
            source.write_bytes(pdf)
            target = SCREENSHOTS / "letter-register-seeded"
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(source), str(target)], check=True)
    assert golden.is_file(), f"missing {golden}; create it with UPDATE_GOLDEN=1"
    assert pdf == golden.read_bytes(), "seeded-letter-register.pdf differs from its golden file (UPDATE_GOLDEN=1)"
