"""The exchange with the national database as data: which column of the export holds what, and which columns a
confirmation file carries back (petitions/data/national_exchange.json, documented in docs/national-database.md).

The official exchange format is not published; when it is, the file changes, not the code. The code knows only
the *sources* (what a record can give, what a confirmation must say); the file names the columns, orders them
and maps each to a source. It is checked when loaded: an unknown source, a name used twice, or a confirmation
lacking one of its required sources is refused, so a bad edit fails at start-up and in the tests, not in an
office's export.

The confirmation closes the loop: after the data clerk has entered the exported records, the national database's
references are written into the confirmation file (one row per record) and uploaded; every row is marked entered
through the same service as the worklist's ticks (`services.mark_entered`), all or nothing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from petitions.auth.models import User
from petitions.domain.dates import parse_written_date
from petitions.domain.national import RecordKind
from petitions.domain.types import DomainError
from petitions.national import services
from petitions.request_args import NO_ROW_ID, parse_id

EXPORT_SOURCES = frozenset(
    {"kind", "record_id", "number", "day", "type", "summary", "agency", "officer", "due_on", "late", "status"}
)
CONFIRMATION_SOURCES = frozenset({"kind", "record_id", "reference", "entered_on"})
MAX_CONFIRMATION_ROWS = 5_000


class ExchangeFileError(ValueError):
    """national_exchange.json breaks its own rules."""


@dataclass(frozen=True)
class Field:
    name: str
    source: str
    description: str
    national_field: str = ""


@dataclass(frozen=True)
class Exchange:
    version: int
    status: str
    export: tuple[Field, ...]
    confirmation: tuple[Field, ...]


def _fields(items: list[dict[str, str]], sources: frozenset[str], part: str) -> tuple[Field, ...]:
    fields = tuple(Field(**item) for item in items)
    names = [field.name for field in fields]
    if len(set(names)) != len(names):
        raise ExchangeFileError(f"{part}: a column name is used twice")
    unknown = {field.source for field in fields} - sources
    if unknown:
        raise ExchangeFileError(f"{part}: unknown sources {sorted(unknown)}")
    return fields


def parse_exchange(text: str) -> Exchange:
    data = json.loads(text)
    confirmation = _fields(data["confirmation"], CONFIRMATION_SOURCES, "confirmation")
    missing = CONFIRMATION_SOURCES - {field.source for field in confirmation}
    if missing:
        raise ExchangeFileError(f"confirmation: no column for {sorted(missing)}")
    return Exchange(
        version=int(data["version"]),
        status=str(data["status"]),
        export=_fields(data["export"], EXPORT_SOURCES, "export"),
        confirmation=confirmation,
    )


@cache
def exchange() -> Exchange:
    return parse_exchange(resources.files("petitions").joinpath("data", "national_exchange.json").read_text(encoding="utf-8"))


def export_record(values: dict[str, Any]) -> dict[str, Any]:
    """One exported row, column name → value, from a record's sources (EXPORT_SOURCES)."""
    return {field.name: values[field.source] for field in exchange().export}


def export_header() -> list[str]:
    return [field.name for field in exchange().export]


# ---------------------------------------------------------------------------------------------------------
# The confirmation file
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfirmationProblem:
    line: int
    message: str


def confirm_entries(content: bytes, *, actor: User, today: date) -> tuple[int, list[ConfirmationProblem]]:
    """Mark entered every record a confirmation file names (UTF-8 CSV, with or without a byte-order mark, the
    columns of national_exchange.json's "confirmation" part, found by name). Returns (records marked, problems); the caller
    commits only when there is no problem (one refused row and nothing is kept)."""
    columns = {field.source: field.name for field in exchange().confirmation}
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return 0, [ConfirmationProblem(0, "Tệp xác nhận cần là CSV mã UTF-8 (lưu từ Excel: «CSV UTF-8»).")]
    reader = csv.DictReader(io.StringIO(text))
    absent = [name for name in columns.values() if name not in (reader.fieldnames or [])]
    if absent:
        return 0, [ConfirmationProblem(1, "Thiếu cột: " + ", ".join(absent) + ".")]
    problems: list[ConfirmationProblem] = []
    marked = 0
    for line, row in enumerate(reader, start=2):
        if line > MAX_CONFIRMATION_ROWS + 1:
            problems.append(ConfirmationProblem(line, f"Tệp có hơn {MAX_CONFIRMATION_ROWS} dòng; hãy chia nhỏ."))
            break
        if not any((value or "").strip() for value in row.values()):
            continue
        try:
            kind = RecordKind((row[columns["kind"]] or "").strip())
        except ValueError:
            problems.append(ConfirmationProblem(line, "Loại hồ sơ không hợp lệ: giữ nguyên giá trị của cột này trong tệp xuất."))
            continue
        try:
            entered_on = parse_written_date(row[columns["entered_on"]] or "", what="Ngày nhập", today=today)
            services.mark_entered(
                # A text that is no whole number becomes an id of no row: "not found", as another office's id.
                actor=actor, kind=kind, record_id=parse_id(row[columns["record_id"]]) or NO_ROW_ID, entered_on=entered_on,
                reference=row[columns["reference"]], today=today,
            )
        except DomainError as refused:  # InvalidDate, EntryError, OutOfScope (answered as a missing record)
            problems.append(ConfirmationProblem(line, str(refused)))
            continue
        marked += 1
    if not marked and not problems:
        problems.append(ConfirmationProblem(0, "Tệp xác nhận không có dòng nào."))
    return marked, problems
