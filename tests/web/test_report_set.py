"""The reports screens open on the current period; the whole report's page (cover narrative, tables-only
periods, drafting the cover into the register, downloads, refusals)."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from petitions import clock
from petitions.documents.models import Document
from petitions.domain.statistics import compute_table
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.reports import cover, services
from tests.factories import signed_in_client
from tests.web.test_reports import board  # noqa: F401  (the Ban and a commune, visits in July and August 2026)


def _freeze_local_day(monkeypatch: pytest.MonkeyPatch, day: date, hour: int = 10) -> None:
    """Vietnam's local date is `day` (UTC+7): the clock's UTC moment is `hour` local, minus 7 hours."""
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=7)
    monkeypatch.setattr(clock, "utcnow", lambda: moment.replace(tzinfo=None))


def _selected(page: str, select_id: str) -> str:
    block = page.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    match = re.search(r'<option value="([^"]+)" selected>', block)
    assert match, f"nothing selected in #{select_id}"
    return match.group(1)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 7), "2026-Q4"),  # 15/09 – 14/12
        (date(2026, 12, 14), "2026-Q4"),  # the window's last day
        (date(2026, 12, 15), "2027-Q1"),  # next year's quý I starts on 15/12
        (date(2027, 3, 14), "2027-Q1"),
        (date(2027, 3, 15), "2027-Q2"),
        (date(2026, 6, 14), "2026-Q2"),
        (date(2026, 6, 15), "2026-Q3"),
    ],
)
def test_the_screens_open_on_the_current_period(app, board, monkeypatch, today: date, expected: str) -> None:  # noqa: F811
    _freeze_local_day(monkeypatch, today, hour=6)  # 06:00 local is the day before in UTC: local date decides
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=board[0].id)
    index = client.get("/reports/").get_data(as_text=True)
    assert _selected(index, "period-set") == expected and _selected(index, "period-01-tcd") == expected
    form = client.get("/reports/01-tcd").get_data(as_text=True)
    assert _selected(form, "period") == expected
    whole = client.get("/reports/set").get_data(as_text=True)
    assert _selected(whole, "period") == expected


def test_the_index_links_to_the_whole_report_and_wide_forms_scroll_in_their_frame(app, board) -> None:  # noqa: F811
    client, _ = signed_in_client(app, role=Role.VIEWER, agency_id=board[0].id)
    assert 'action="/reports/set"' in client.get("/reports/").get_data(as_text=True)
    page = client.get("/reports/01-tcd?period=2026-Q3").get_data(as_text=True)
    assert 'class="report-frame" id="report-frame" tabindex="0" role="region"' in page
    assert "/reports/set?agency=BTCD&amp;period=2026-Q3" in page


def test_the_whole_report_of_nine_months_shows_its_narrative_and_downloads(app, board) -> None:  # noqa: F811
    client, _ = signed_in_client(app, role=Role.VIEWER, agency_id=board[0].id)
    page = client.get("/reports/set?period=2026-9M").get_data(as_text=True)
    # 01/TCD of the fixture: the Ban's delegation of 6 and the commune's periodic visit of 2.
    assert "Ban Tiếp công dân tỉnh đã tiếp 2 lượt/8 người/" in page
    assert "Biểu số 01/TCD" in page and "Biểu số 01/XLD" in page
    assert "Lập dự thảo báo cáo" not in page  # a viewer drafts nothing
    pdf = client.get("/reports/set/download/pdf?period=2026-9M")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert 'filename="bao-cao-btcd-2026-9M.pdf"' in pdf.headers["Content-Disposition"]
    data = json.loads(client.get("/reports/set/download/json?period=2026-9M").data)
    assert data["01/TCD"]["total"]["figures"]["1"] == 2 and "2 lượt/8 người/" in data["narrative"]
    sheets = load_workbook(io.BytesIO(client.get("/reports/set/download/xlsx?period=2026-9M").data)).sheetnames
    assert sheets[:3] == ["01-TCD", "02-TCD", "01-XLD"]  # the circular's order: 02/TCD after 01/TCD
    assert client.get("/reports/set/download/doc?period=2026-9M").status_code == 404


def test_a_2026_quarter_three_says_it_carries_the_tables_only(app, board) -> None:  # noqa: F811
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=board[0].id)
    page = client.get("/reports/set?period=2026-Q3").get_data(as_text=True)
    assert "chỉ gồm các biểu số liệu, không có báo cáo thuyết minh" in page
    assert 'id="cover-narrative"' not in page and "Lập dự thảo báo cáo" not in page
    refused = client.post("/reports/set/draft?period=2026-Q3&agency=BTCD", follow_redirects=True)
    assert "chỉ gồm các biểu số liệu" in refused.get_data(as_text=True)
    assert db.session.query(Document).filter_by(doc_type="BAO_CAO").count() == 0


def test_a_leader_drafts_the_cover_into_the_register(app, board) -> None:  # noqa: F811
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=board[0].id)
    page = client.get("/reports/set?period=2026-9M").get_data(as_text=True)
    assert "Lập dự thảo báo cáo trong sổ văn bản đi" in page
    response = client.post("/reports/set/draft?period=2026-9M&agency=BTCD")
    assert response.status_code == 302 and "/documents/" in response.headers["Location"]
    (drafted,) = cover.covers_for(board[0], cover.periods.parse_period("2026-9M"))
    assert drafted.number is None and drafted.subject.endswith("9 tháng năm 2026")
    page = client.get("/reports/set?period=2026-9M").get_data(as_text=True)
    assert "Dự thảo trong sổ văn bản đi, chưa có số" in page and f"/documents/{drafted.id}" in page
    register_page = client.get(f"/documents/{drafted.id}").get_data(as_text=True)
    assert "Báo cáo cả kỳ và các biểu kèm theo" in register_page
    assert "/reports/set?agency=BTCD&amp;period=2026-9M" in register_page
    again = client.post("/reports/set/draft?period=2026-9M&agency=BTCD", follow_redirects=True)
    assert "Đã có báo cáo 9 tháng năm 2026" in again.get_data(as_text=True)


def test_an_inconsistent_form_refuses_the_set_with_its_message(app, board, monkeypatch) -> None:  # noqa: F811
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        table = compute_table(*args, **kwargs)
        return replace(table, total=replace(table.total, values=dict(table.total.values) | {1: 99}))

    monkeypatch.setattr(services, "compute_table", broken)
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=board[0].id)
    page = client.get("/reports/set?period=2026-9M")
    assert page.status_code == 200
    assert "Không lập được báo cáo cả kỳ" in page.get_data(as_text=True)
    refused = client.get("/reports/set/download/pdf?period=2026-9M")
    assert refused.status_code == 409 and "không khớp" in refused.get_data(as_text=True)


def test_a_commune_officer_cannot_draft_the_boards_report(app, board) -> None:  # noqa: F811
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=board[1].id)
    assert client.post("/reports/set/draft?period=2026-9M&agency=BTCD").status_code == 404
    assert client.get("/reports/set?period=2026-9M&agency=BTCD").status_code == 404
    assert db.session.query(Document).filter_by(doc_type="BAO_CAO").count() == 0
