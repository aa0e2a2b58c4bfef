"""The internal table AN/NB from the database: anonymous information carried over and received, handled by each route
(inspected by the body's own subordinate, sent to another body, returned, filed), not handled; titled as internal,
never in the set sent with the report; outputs."""

from __future__ import annotations

import json
from datetime import date

import pytest

from petitions.domain import periods
from petitions.domain.classification import SignerKind
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.referrals import ReferralKind
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.services import record_letter_status
from petitions.printing import report_text
from petitions.referrals.services import open_referral
from petitions.reports import catalog, cover, services
from petitions.reports.excel import render_xlsx
from petitions.reports.outputs import json_bytes, pdf_spec, render_pdf
from tests.factories import make_agency, make_letter, signed_in_client

# Q3 2026: 15/06/2026 – 14/09/2026.
WINDOW = periods.quarter(2026, 3)


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


def information(agency, received_on: date, *, letter_type: LetterType = LetterType.ANONYMOUS):
    """Anonymous information registered at ``agency`` (registered in the confirmed calendar, then dated)."""
    row = make_letter(agency=agency)
    row.received_on, row.letter_type, row.signer_kind = received_on, letter_type, SignerKind.NONE
    row.is_eligible = row.is_within_competence = None
    db.session.flush()
    return row


def handled(row, status: LetterStatus, on: date, *, to=None) -> None:
    """The first handling's status (record_letter_status keeps the letter's first handling); a paper sending the
    information for inspection opens its referral to the receiving body, as petitions.letters.handling does."""
    record_letter_status(row, status, effective_on=on)
    if to is not None:
        open_referral(row, agency_id=to.id, kind=ReferralKind.FORWARDED, sent_on=on, actor=None)


@pytest.fixture
def scenario(session):
    root = make_agency(code="AN", name="Ủy ban nhân dân tỉnh")
    inspectorate = make_agency(code="AN-TT", name="Thanh tra tỉnh", parent_id=root.id)
    board = make_agency(code="AN-B", name="Ban Tiếp công dân tỉnh", parent_id=root.id)
    # On the province's row: one sent to its own inspectorate (theo thẩm quyền); one sent for inspection with no
    # receiver on record (counted as forwarded); one received on the window's last day, not handled.
    handled(information(root, d(20, 6)), LetterStatus.TO_INSPECTION, d(1, 7), to=inspectorate)
    handled(information(root, d(10, 7)), LetterStatus.TO_INSPECTION, d(15, 7))
    information(root, d(14, 9))
    # On the board's row: sent to the inspectorate (another body: forwarded); carried over and filed in the window;
    # filed before the window (not on it); returned; not handled; sent for inspection after the window.
    handled(information(board, d(25, 6)), LetterStatus.TO_INSPECTION, d(2, 7), to=inspectorate)
    handled(information(board, d(1, 5)), LetterStatus.FILED, d(10, 7))
    handled(information(board, d(2, 5)), LetterStatus.FILED, d(1, 6))
    handled(information(board, d(10, 8)), LetterStatus.RETURNED, d(20, 8))
    information(board, d(1, 9))
    handled(information(board, d(5, 9)), LetterStatus.TO_INSPECTION, d(20, 9), to=inspectorate)
    # Not anonymous information: not in the table.
    handled(information(board, d(1, 7), letter_type=LetterType.DENUNCIATION), LetterStatus.FILED, d(2, 7))
    db.session.flush()
    return root, board


def test_hand_computed_figures_in_q3_2026(scenario) -> None:
    root, _board = scenario
    document = services.build_report(form_code="AN/NB", period=WINDOW, agency=root, today=d(1, 10))
    rows = {row.label: [row.value(n) for n in range(1, 10)] for row in document.table.all_rows}
    #                                 (1) (2) (3) (4) own other returned filed not handled
    assert rows["Ủy ban nhân dân tỉnh"] == [3, 0, 3, 2, 1, 1, 0, 0, 1]
    assert rows["Ban Tiếp công dân tỉnh"] == [5, 1, 4, 3, 0, 1, 1, 1, 2]
    assert rows["Thanh tra tỉnh"] == [0] * 9
    assert rows["Tổng cộng"] == [8, 1, 7, 5, 1, 2, 1, 1, 3]


def test_the_table_is_titled_internal_and_not_sent_with_the_report(scenario) -> None:
    root, _board = scenario
    document = services.build_report(form_code="AN/NB", period=WINDOW, agency=root, today=d(1, 10))
    assert document.form.internal and document.form_code_line == "Bảng nội bộ: AN/NB"
    assert document.generation_line.startswith("Bảng nội bộ, không phải biểu mẫu báo cáo theo thông tư")
    text = report_text(pdf_spec(document))
    assert "Bảng nội bộ: AN/NB" in text and not any("Biểu số: AN/NB" in line for line in text)
    assert not any("Kèm theo Báo cáo" in line for line in text)  # attached to no báo cáo
    assert "BẢNG NỘI BỘ: TỔNG HỢP TIẾP NHẬN, XỬ LÝ THÔNG TIN CÓ NỘI DUNG TỐ CÁO KHÔNG RÕ NGƯỜI TỐ CÁO" in text
    for window in (WINDOW, periods.parse_period("2026-9M"), periods.quarter(2023, 4)):
        assert "AN/NB" in catalog.form_codes() and "AN/NB" not in cover.set_form_codes(window)
        assert "02/TCD" in cover.set_form_codes(window) and "04/KQGQ" in cover.set_form_codes(window)


def test_every_output_serves_the_table(app, scenario, runner, tmp_path) -> None:
    root, _board = scenario
    document = services.build_report(form_code="AN/NB", period=WINDOW, agency=root, today=d(1, 10))
    assert render_pdf(document).startswith(b"%PDF")
    assert render_xlsx(document)[:2] == b"PK"
    data = json.loads(json_bytes(document))
    assert data["form"] == "AN/NB" and data["internal"] is True and data["total"]["figures"]["8"] == 1
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    index = client.get("/reports/").get_data(as_text=True)
    assert "Bảng nội bộ AN/NB" in index and 'action="/reports/an-nb"' in index
    page = client.get("/reports/an-nb?period=2026-Q3").get_data(as_text=True)
    assert "<title>Bảng nội bộ AN/NB" in page and "Bảng nội bộ, không phải biểu mẫu báo cáo theo thông tư" in page
    assert 'href="/reports/an-nb/records?column=5' in page
    records = client.get("/reports/an-nb/records?column=5&period=2026-Q3").get_data(as_text=True)
    assert "← Bảng nội bộ AN/NB" in records
    output = tmp_path / "an.json"
    result = runner.invoke(
        args=["report", "AN/NB", "--period", "2026-Q3", "--agency", "AN", "--format", "json", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text(encoding="utf-8"))["total"]["figures"]["1"] == 8
    assert "Bảng nội bộ AN/NB" in runner.invoke(args=["report", "AN/NB", "--help"]).output


def test_report_all_for_the_year_gives_every_form_but_not_the_internal_table(scenario, runner, tmp_path) -> None:
    output = tmp_path / "2026.json"
    result = runner.invoke(args=["report", "all", "--period", "2026", "--agency", "AN", "--format", "json", "-o", str(output)])
    assert result.exit_code == 0, result.output
    data = json.loads(output.read_text(encoding="utf-8"))
    forms = {key for key in data if "/" in key}
    assert forms == {"01/TCD", "02/TCD", "01/XLD", "02/XLD", "03/XLD", "04/XLD", "01/KQGQ", "02/KQGQ", "03/KQGQ",
                     "04/KQGQ"}
    assert data["02/TCD"]["generation"] == "TT 02/2021/TT-TTCP" and data["02/TCD"]["note"] == "mẫu chưa xác nhận"
    assert data["04/KQGQ"]["note"] == "mẫu chưa xác nhận" and data["01/TCD"]["note"] == ""
    assert not any(data[code]["internal"] for code in forms)
