"""One way to compare a report built from seeded data with its golden PDF and Excel files.

UPDATE_GOLDEN=1 rewrites them from the scenario (never from hand-passed values) and the PDF's first page as a PNG in
docs/screenshots, to be looked at."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from petitions.reports.excel import render_xlsx
from petitions.reports.outputs import render_pdf

GOLDEN = Path(__file__).parent / "golden"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def sheet(data: bytes) -> tuple[list[list[object]], list[str]]:
    """Cell values and merged ranges (the zip itself carries timestamps)."""
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    return [[cell.value for cell in row] for row in ws.iter_rows()], sorted(str(r) for r in ws.merged_cells.ranges)


def assert_matches_golden(document: Any, *, code: str, stem: str, screenshot: str, tmp_path: Path) -> None:
    """``document``'s PDF equals golden/<stem>.pdf byte for byte and its Excel golden/<stem>.xlsx cell for cell."""
    pdf, xlsx = render_pdf(document), render_xlsx(document)
    golden_pdf, golden_xlsx = GOLDEN / f"{stem}.pdf", GOLDEN / f"{stem}.xlsx"
    if UPDATE:
        golden_pdf.write_bytes(pdf)
        golden_xlsx.write_bytes(xlsx)
        if shutil.which("pdftoppm"):
            source = tmp_path / "report.pdf"
            source.write_bytes(pdf)
            target = SCREENSHOTS / screenshot
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(source), str(target)], check=True)
    assert golden_pdf.is_file() and golden_xlsx.is_file(), "create them with UPDATE_GOLDEN=1"
    assert pdf == golden_pdf.read_bytes(), f"{code} from the seed differs from its golden PDF (UPDATE_GOLDEN=1)"
    assert sheet(xlsx) == sheet(golden_xlsx.read_bytes()), f"{code} differs from its golden Excel (UPDATE_GOLDEN=1)"
