"""List exports: every list page exports what it shows — its filters, its scope, its columns, identity numbers masked
as on screen — as a streamed CSV or a write-only workbook, through petitions.spreadsheets (the one neutralising
writer). Each area declares its list once (a `ListExport` in `<area>/exports.py`); this module does the rest:

- **Rows in batches.** The list's own select is read a chunk at a time in its own order by keyset
  (paging.keyset_chunks), each chunk turned into rows by the area (one query per relation per chunk), and written
  as it comes: neither the rows nor the file are ever whole in memory.
- **Large lists in the background.** Above EXPORT_INLINE_MAX_ROWS rows the export is a job (petitions.jobs) that
  writes the file under the user's scope as it is when the job runs, and ends in a download link on the jobs page.
- **Logged and limited.** Each export is a security event `personal_data_export` (who, which list, which format,
  how many rows or which job; never the filters' values, which may hold a name), and a user may make at most
  EXPORT_RATE_LIMIT exports an hour — counted on those events in the database, so the limit holds across workers
  and instances.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import IO, Any, Generic, TypeVar

import sqlalchemy as sa
from flask import current_app

from petitions import clock
from petitions.auth.events import record_event
from petitions.auth.models import SecurityEvent, User
from petitions.domain.dates import InvalidDate, parse_date
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.i18n import lazy_gettext as _l
from petitions.jobs import services as jobs
from petitions.jobs.models import Job
from petitions.paging import keyset_chunks
from petitions.spreadsheets import csv_stream, write_table_workbook

F = TypeVar("F")

EXPORT_EVENT = "personal_data_export"
EXPORT_JOB = "export"
FORMATS = ("csv", "xlsx")
BATCH_ROWS = 500
DEFAULT_INLINE_MAX_ROWS = 5_000
DEFAULT_RATE_LIMIT = 30  # exports per user per hour
RATE_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class ListExport(Generic[F]):
    """One list's export. `read_filters` is the list page's own parser of the request (the same filters, by
    construction); `select` gives the list's scoped, filtered select and its order (primary key last), as its page
    reads it; `rows` turns a chunk of its records into the page's columns, as the page shows them."""

    name: str
    title: object  # a lazy string: the file's and the sheet's title
    filename: str  # the download's name without its extension
    roles: frozenset[Role]
    filters_type: type[F]
    read_filters: Callable[[], F]
    select: Callable[[User, F, date], tuple[sa.Select[Any], Sequence[Any]]]
    header: Sequence[object]
    rows: Callable[[User, list[Any], date], Iterable[Sequence[object]]]
    page: str  # the list page's endpoint (where a refusal sends the user back)


_EXPORTS: dict[str, ListExport[Any]] = {}


def register_export(export: ListExport[Any]) -> ListExport[Any]:
    _EXPORTS[export.name] = export
    return export


def get_export(name: str) -> ListExport[Any] | None:
    return _EXPORTS.get(name)


# ------------------------------------------------------------------------------------------------ filters as JSON


def encode_filters(filters: Any) -> dict[str, Any]:
    """A list's filters (a frozen dataclass of dates, enums, numbers, text) as JSON for a job's parameters."""
    encoded: dict[str, Any] = {}
    for field in dataclasses.fields(filters):
        value = getattr(filters, field.name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, date):
            value = value.isoformat()
        encoded[field.name] = value
    return encoded


def decode_filters(filters_type: type[F], data: dict[str, Any]) -> F:
    """The filters back from encode_filters' JSON, each value to its field's type (unknown fields ignored)."""
    hints = typing.get_type_hints(filters_type)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(filters_type):  # type: ignore[arg-type]
        if field.name not in data:
            continue
        value = data[field.name]
        kind = _value_type(hints[field.name])
        if value is not None and kind is not None:
            if isinstance(kind, type) and issubclass(kind, Enum):
                value = kind(value)
            elif kind is date:
                try:
                    value = parse_date(value)
                except InvalidDate:
                    value = None
        values[field.name] = value
    return filters_type(**values)


def _value_type(hint: Any) -> type | None:
    """The type of a field's value: `X | None` → X."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        members = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return members[0] if len(members) == 1 else None
    return hint if isinstance(hint, type) else None


# ------------------------------------------------------------------------------------------------ reading


def count_rows(export: ListExport[Any], user: User, filters: Any, *, today: date, up_to: int) -> int:
    """How many rows the export holds, counted up to `up_to` (the database stops there)."""
    query, _order = export.select(user, filters, today)
    limited = query.order_by(None).limit(up_to).subquery()
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(limited)) or 0)


def iter_rows(export: ListExport[Any], user: User, filters: Any, *, today: date) -> Iterator[Sequence[object]]:
    """Every row of the list in its order, read BATCH_ROWS records at a time by keyset. The records of a chunk are
    let go once written (the session's identity map holds them weakly)."""
    query, order = export.select(user, filters, today)
    for chunk in keyset_chunks(query, order, size=BATCH_ROWS):
        yield from export.rows(user, chunk, today)
        del chunk


def stream_csv(export: ListExport[Any], user: User, filters: Any, *, today: date) -> Iterator[bytes]:
    return csv_stream(export.header, iter_rows(export, user, filters, today=today))


def write_xlsx(
    export: ListExport[Any], user: User, filters: Any, target: IO[bytes], *, today: date, max_rows: int | None = None
) -> int:
    rows = iter_rows(export, user, filters, today=today)
    if max_rows is None:
        return write_table_workbook(target, str(export.title), export.header, rows)
    return write_table_workbook(target, str(export.title), export.header, rows, max_rows=max_rows)


def download_name(export: ListExport[Any], fmt: str, today: date) -> str:
    return f"{export.filename}-{today.isoformat()}.{fmt}"


# ------------------------------------------------------------------------------------------------ limits and log


def inline_max_rows() -> int:
    return int(current_app.config.get("EXPORT_INLINE_MAX_ROWS", DEFAULT_INLINE_MAX_ROWS))


def rate_limited(user: User) -> bool:
    """Whether the user has made EXPORT_RATE_LIMIT exports within the last hour (their logged events)."""
    limit = int(current_app.config.get("EXPORT_RATE_LIMIT", DEFAULT_RATE_LIMIT))
    since = clock.utcnow() - RATE_WINDOW
    recent = sa.select(SecurityEvent.id).where(
        SecurityEvent.kind == EXPORT_EVENT, SecurityEvent.user_id == user.id, SecurityEvent.occurred_at >= since
    )
    counted = db.session.scalar(sa.select(sa.func.count()).select_from(recent.limit(limit).subquery())) or 0
    return counted >= limit


def log_export(user: User, export: ListExport[Any], fmt: str, *, ip_address: str | None, outcome: str) -> None:
    """The export as personal-data processing: who, which list and format, and its rows or its job. Flushes with
    the caller's transaction."""
    record_event(
        EXPORT_EVENT, user=user, actor=user, ip_address=ip_address, detail=f"list={export.name} format={fmt} {outcome}"
    )


# ------------------------------------------------------------------------------------------------ the job


def start_export_job(export: ListExport[Any], user: User, filters: Any, fmt: str, *, today: date) -> Job:
    """Queue the export as a background job (the caller commits)."""
    return jobs.enqueue(
        EXPORT_JOB, user=user, list=export.name, format=fmt, filters=encode_filters(filters), today=today.isoformat()
    )


EXPORT_GONE = jobs.N_("Danh sách này không còn xuất được.")
OWNER_INACTIVE = jobs.N_("Tài khoản yêu cầu đã ngừng hoạt động: không xuất danh sách.")


def run_export_job(job: Job) -> jobs.JobResult:
    """Write the export of a job's parameters, under its owner's scope as it is now (a user who lost a role or their
    account no longer exports)."""
    export = get_export(str(job.params.get("list")))
    fmt = str(job.params.get("format"))
    if export is None or fmt not in FORMATS:
        raise jobs.JobFailed(EXPORT_GONE, permanent=True)
    user = db.session.get(User, job.user_id)
    if user is None or not user.is_active or user.role not in export.roles:
        raise jobs.JobFailed(OWNER_INACTIVE, permanent=True)
    filters = decode_filters(export.filters_type, dict(job.params.get("filters") or {}))
    try:
        today = parse_date(str(job.params.get("today")))
    except InvalidDate:
        today = clock.local_today()
    with jobs.open_result(job, download_name(export, fmt, today)) as (handle, result):
        if fmt == "csv":
            for chunk in stream_csv(export, user, filters, today=today):
                handle.write(chunk)
        else:
            write_xlsx(export, user, filters, handle, today=today)
    return result


jobs.register_handler(EXPORT_JOB, run_export_job, label=_l("Xuất danh sách"))
