"""01/TCD outputs: golden PDF (bytes) and Excel (values and merges), JSON figures, refusal of bad sums."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from petitions.domain.statistics import InconsistentForm
from petitions.reports.excel import render_xlsx
from petitions.reports.outputs import header_depth, json_bytes, placed_header, render_pdf, to_json
from tests.tools import require_tool

from . import samples

GOLDEN = Path(__file__).parent / "golden"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _broken():
    document = samples.document()
    table = document.table
    total = replace(table.total, values=dict(table.total.values) | {2: 35})
    return replace(document, table=replace(table, total=total))


def test_golden_pdf(tmp_path: Path) -> None:
    """The PDF equals its golden file byte for byte (regenerate: UPDATE_GOLDEN=1, then look at the PNG)."""
    pdf = render_pdf(samples.document())
    golden = GOLDEN / "01tcd-2026-9m.pdf"
    if UPDATE:
        golden.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            source = tmp_path / "report.pdf"
            source.write_bytes(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "80",
                    "-png",
                    "-singlefile",
                    str(source),
                    str(SCREENSHOTS / "report-01tcd"),
                ],
                check=True,
            )
    assert pdf == golden.read_bytes(), "01/TCD PDF differs from its golden file (UPDATE_GOLDEN=1 to accept)"


def test_pdf_prints_the_heading_the_rows_and_the_ms_row(tmp_path: Path) -> None:
    pdftotext = require_tool("pdftotext", "poppler-utils")
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(samples.document()))
    text = subprocess.run(
        [pdftotext, "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    for expected in (
        "Biểu số: 01/TCD",
        "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN",
        "Số liệu tính từ ngày 15/12/2025 đến ngày 14/09/2026",
        "Mẫu theo TT 01/2024/TT-TTCP",
        "Ghi chú",
        "MS 1 2 3 4 5 6 7 8 9 10",
        "UBND xã Tiên Yên 5 15 4 3 4 2 0",
        "Tổng cộng 14 34 11",
    ):
        assert expected in " ".join(text.split()), expected


def test_header_grid_has_four_rows_and_thirty_one_columns() -> None:
    form = samples.document().form
    cells = placed_header(form)
    assert header_depth(form) == 4
    covered = {(c.row + r, c.col + k) for c in cells for r in range(c.rowspan) for k in range(c.colspan)}
    assert covered == {(r, k) for r in range(4) for k in range(31)}
    assert sum(c.rowspan * c.colspan for c in cells) == 4 * 31


@pytest.mark.parametrize("render", [render_pdf, render_xlsx, json_bytes])
def test_inconsistent_form_is_refused_by_every_output(render) -> None:
    with pytest.raises(InconsistentForm, match=r"\(2\) = \(5\) \+ \(14\) \+ \(23\).*35 ≠ 34"):
        render(_broken())


def _sheet_snapshot(data: bytes) -> tuple[list[list[object]], list[str]]:
    ws = load_workbook(io.BytesIO(data)).active
    values = [[cell.value for cell in row] for row in ws.iter_rows()]
    return values, sorted(str(r) for r in ws.merged_cells.ranges)


def test_golden_excel_values_and_merges() -> None:
    """Compared by cell values and merged ranges, not bytes (the zip carries timestamps)."""
    data = render_xlsx(samples.document())
    golden = GOLDEN / "01tcd-2026-9m.xlsx"
    if UPDATE:
        golden.write_bytes(data)
    assert _sheet_snapshot(data) == _sheet_snapshot(golden.read_bytes())


def test_excel_layout_prints_one_page_wide_landscape() -> None:
    ws = load_workbook(io.BytesIO(render_xlsx(samples.document()))).active
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws["X1"].value == "Biểu số: 01/TCD" and "X1:AE1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A4"].value == "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN"
    ms_row = next(row for row in ws.iter_rows() if row[0].value == "MS")
    assert [c.value for c in ms_row] == ["MS", *range(1, 31)]
    total = next(row for row in ws.iter_rows() if row[0].value == "Tổng cộng")
    assert [c.value for c in total[1:4]] == [14, 34, 11]
    assert total[1].number_format == "#,##0" and total[1].font.bold
    assert "A8:A11" in {str(r) for r in ws.merged_cells.ranges}  # Đơn vị spans the four header rows
    assert ws.print_title_rows == "$8:$12"


def test_json_maps_column_numbers_to_figures_per_unit_and_total() -> None:
    data = to_json(samples.document())
    assert data["form"] == "01/TCD" and data["generation"] == "TT 01/2024/TT-TTCP"
    assert data["period"] == {
        "code": "2026-9M",
        "label": "9 tháng năm 2026",
        "from": "2025-12-15",
        "to": "2026-09-14",
        "window": "15/12/2025 – 14/09/2026",
    }
    assert [row["unit"] for row in data["rows"]] == ["A", "B"]
    assert data["rows"][1]["figures"]["21"] == 1
    assert data["total"]["figures"]["1"] == 14 and "30" not in data["total"]["figures"]
    assert data["columns"]["30"] == "Ghi chú"
    assert data["narrative"].startswith("Trong 9 tháng năm 2026")
    assert data["check_sums"][0] == "(1) = (4) + (13) + (22)"
