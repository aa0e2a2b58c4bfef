"""`petitions report 01/TCD …`: periods, formats, agency choice and refusals."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from petitions.domain.reception import SessionKind
from petitions.reports.cli import report_cli
from tests.factories import make_agency
from tests.services.test_reports import visit


@pytest.fixture
def board(session):
    root = make_agency(code="BTCD", name="Ban Tiếp công dân tỉnh")
    make_agency(code="XA1", name="UBND xã An Lạc", parent_id=root.id)
    visit(root, date(2026, 7, 1), headcount=6)
    visit(root, date(2026, 8, 1), SessionKind.PERIODIC, headcount=2)
    return root


def run(runner, *args: str):
    return runner.invoke(report_cli, ["01/TCD", *args])


def test_json_for_a_quarter(runner, board, tmp_path: Path) -> None:
    out = tmp_path / "q3.json"
    result = run(runner, "--period", "2026-Q3", "--agency", "BTCD", "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (
        "01/TCD quý III năm 2026 (15/06/2026 – 14/09/2026), Ban Tiếp công dân tỉnh: 2 đơn vị" in result.output
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["total"]["figures"]["1"] == 2 and data["total"]["figures"]["2"] == 8
    assert data["total"]["figures"]["8"] == 1 and data["total"]["figures"]["13"] == 1
    assert [row["name"] for row in data["rows"]] == ["Ban Tiếp công dân tỉnh", "UBND xã An Lạc"]


def test_pdf_for_a_custom_window(runner, board, tmp_path: Path) -> None:
    out = tmp_path / "w.pdf"
    result = run(
        runner,
        "--from",
        "2026-07-01",
        "--to",
        "2026-07-31",
        "--agency",
        "BTCD",
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_xlsx_for_the_year(runner, board, tmp_path: Path) -> None:
    out = tmp_path / "y.xlsx"
    result = run(runner, "--period", "2026", "--agency", "BTCD", "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    ws = load_workbook(io.BytesIO(out.read_bytes())).active
    total = next(row for row in ws.iter_rows() if row[0].value == "Tổng cộng")
    assert [c.value for c in total[1:3]] == [2, 8]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-Q5"], "không hợp lệ"),
        (["--period", "2026-Q3", "--from", "2026-07-01"], "không dùng cả hai"),
        (["--from", "2026-07-01"], "Cần --period"),
        (["--from", "2026-07-31", "--to", "2026-07-01"], "sau ngày kết thúc"),
    ],
)
def test_bad_periods_are_refused(runner, board, tmp_path: Path, args: list[str], message: str) -> None:
    result = run(runner, *args, "--format", "json", "-o", str(tmp_path / "x.json"))
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "x.json").exists()


def test_unknown_agency_is_refused(runner, board, tmp_path: Path) -> None:
    result = run(
        runner, "--period", "2026-Q3", "--agency", "NOPE", "--format", "json", "-o", str(tmp_path / "x")
    )
    assert result.exit_code != 0 and "Không có cơ quan mã NOPE" in result.output


def test_the_petitions_command_knows_report(runner, board, tmp_path: Path) -> None:
    out = tmp_path / "q.json"
    result = runner.invoke(
        args=["report", "01/TCD", "--period", "2026-Q3", "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["form"] == "01/TCD"
