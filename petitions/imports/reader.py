"""Opening an uploaded .xlsx book without trusting it.

An .xlsx file is a zip of XML parts. Before openpyxl parses anything, the archive itself is checked: the number
of parts, their total uncompressed size and each part's compression ratio (a "zip bomb" of a few kilobytes
unpacks to gigabytes), and each worksheet's declared row count (its `<dimension>`). openpyxl parses the XML
through defusedxml when that package is installed (it is a dependency of ours; tests/imports checks openpyxl
sees it), which refuses entity expansion and external entities. The rows are then read one at a time in
read-only mode, and reading stops past the row limit whatever the dimension said.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook

from petitions.domain.types import DomainError

MAX_PARTS = 500
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # XML compresses well (10–30×); a few hundred is already suspicious
MAX_ROWS = 100_000
_DIMENSION = re.compile(rb'<dimension[^>]*ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


class BookRefused(DomainError):
    """A file that is not a readable .xlsx book, or one past the limits."""


@dataclass(frozen=True)
class RawSheet:
    title: str
    rows: Iterator[tuple[Any, ...]]  # every row after the first is a data row; the first is the header


def _check_archive(archive: zipfile.ZipFile, *, max_rows: int) -> None:
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise BookRefused(f"Tệp có quá nhiều thành phần ({len(parts)}); không phải sổ Excel thông thường.")
    total = sum(part.file_size for part in parts)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise BookRefused(
            f"Tệp khi giải nén lớn hơn {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB; hãy tách sổ thành nhiều tệp."
        )
    for part in parts:
        if part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise BookRefused("Tệp bị nén bất thường (tỷ lệ nén quá cao); tệp bị từ chối để bảo vệ hệ thống.")
    for part in parts:
        if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
            with archive.open(part) as stream:
                head = stream.read(4096)
            found = _DIMENSION.search(head)
            if found and found.group(1) and int(found.group(1)) > max_rows + 1:
                raise BookRefused(f"Một trang của sổ có hơn {max_rows:,} dòng; hãy tách sổ thành nhiều tệp.".replace(",", "."))


def open_book(content: bytes, *, max_rows: int = MAX_ROWS) -> list[RawSheet]:
    """The sheets of an uploaded book, each with its rows as values (dates as datetime, numbers as numbers)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise BookRefused("Tệp không phải sổ Excel .xlsx (hãy lưu sổ dưới dạng Excel Workbook .xlsx).") from None
    with archive:
        _check_archive(archive, max_rows=max_rows)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors) for a broken file
        raise BookRefused("Không đọc được sổ Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.") from None
    return [RawSheet(sheet.title, _limited(sheet.iter_rows(values_only=True), max_rows)) for sheet in workbook.worksheets]


def _limited(rows: Iterator[tuple[Any, ...]], max_rows: int) -> Iterator[tuple[Any, ...]]:
    for number, row in enumerate(rows):
        if number > max_rows:
            raise BookRefused(f"Một trang của sổ có hơn {max_rows:,} dòng; hãy tách sổ thành nhiều tệp.".replace(",", "."))
        yield row
