"""A large book imported in the background (petitions.jobs): the page stores the upload in the job's folder and
shows the run's page, which follows the progress and then shows the same result as an import done at once.

The progress is a small JSON file in the job's folder, replaced whole at each step: the import's own transaction
holds SQLite's write lock until it ends, so the progress cannot be a row written beside it, and a file in the
shared upload folder is read by whichever process serves the run's page (gunicorn workers, the RQ worker)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from petitions.auth.models import User
from petitions.extensions import db, immediate_transactions
from petitions.i18n import lazy_gettext as _l
from petitions.imports.services import ImportResult, import_book, result_from_json, result_json
from petitions.jobs.models import Job
from petitions.jobs.services import (
    N_,
    JobFailed,
    JobResult,
    enqueue,
    open_result,
    register_handler,
    result_file,
    result_folder,
)
from petitions.scoping import check_acting_for

KIND = "import_book"
BOOK_NAME = "book.xlsx"
PROGRESS_NAME = "progress.json"
BOOK_GONE = N_("Không còn tệp sổ hoặc tài khoản đã nhập sổ; hãy tải sổ lên lại.")


def start_import(content: bytes, *, file_name: str, agency_id: int, dry_run: bool, user: User) -> Job:
    """Queue the import of an uploaded book (runs after the caller commits)."""
    check_acting_for(user, agency_id)
    # One attempt: an import ends in a result (possibly a list of problems), and a crash rolls everything back,
    # so a second attempt could only repeat the same work.
    job = enqueue(KIND, user=user, max_attempts=1, file_name=file_name[:255], agency_id=agency_id, dry_run=dry_run)
    folder = result_folder(job)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / BOOK_NAME).write_bytes(content)
    return job


def _write_progress(folder: Path, payload: dict[str, Any]) -> None:
    partial = folder / (PROGRESS_NAME + ".part")
    partial.write_text(json.dumps(payload), encoding="utf-8")
    os.replace(partial, folder / PROGRESS_NAME)


def progress_of(job: Job) -> dict[str, Any] | None:
    """{"sheet", "done", "total"} of a running import, or None before its first step."""
    try:
        data: dict[str, Any] = json.loads((result_folder(job) / PROGRESS_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def result_of(job: Job) -> ImportResult | None:
    path = result_file(job)
    if path is None:
        return None
    return result_from_json(json.loads(path.read_text(encoding="utf-8")))


def _run(job: Job) -> JobResult:
    folder = result_folder(job)
    actor = db.session.get(User, job.user_id)
    book = folder / BOOK_NAME
    if actor is None or not actor.is_active or not book.is_file():
        raise JobFailed(BOOK_GONE, permanent=True)

    def progress(sheet: str, done: int, total: int) -> None:
        _write_progress(folder, {"sheet": sheet, "done": done, "total": total})

    with immediate_transactions():
        result = import_book(
            book.read_bytes(), file_name=job.params["file_name"], agency_id=job.params["agency_id"], actor=actor,
            dry_run=job.params["dry_run"], progress=progress,
        )
    with open_result(job, "ket-qua-nhap-so.json") as (handle, stored):
        handle.write(json.dumps(result_json(result), ensure_ascii=False).encode("utf-8"))
    book.unlink(missing_ok=True)  # the book holds personal data; the result keeps only the problems
    return stored


register_handler(KIND, _run, label=_l("Nhập sổ Excel"))
