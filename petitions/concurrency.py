"""Optimistic concurrency for every editable record: forms post the version back, stale saves answer 409.

The pattern (every create/edit view and versioned action calls `save_versioned`, which does all of it):
  - the edit form has a hidden `version` field filled from the record on GET;
  - on POST the helper calls `check_version(record, form.version.data)` before changing anything
    (services never take or check the version);
  - `StaleRecord` carries a Vietnamese message naming who saved first and when (from history);
    the view answers 409, re-rendering the user's own input, and writes nothing;
  - a race past the check (two saves between check and flush) still fails safely: the
    version_id_col makes the UPDATE match no row, SQLAlchemy raises StaleDataError and the
    error handler answers 409 after a rollback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import request
from flask_login import current_user

from petitions.clock import to_local
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import HistoryTracked, history_context, latest_entry


class StaleRecord(DomainError):
    """Someone saved the record after this form was loaded; nothing was written."""

    def __init__(self, *, saved_by: str | None, saved_at: datetime | None) -> None:
        self.saved_by = saved_by
        self.saved_at = saved_at
        who = saved_by or "một người dùng khác"
        when = f" lúc {to_local(saved_at):%H:%M ngày %d/%m/%Y}" if saved_at else ""
        super().__init__(
            f"Bản ghi này vừa được {who} lưu{when}. Thay đổi của bạn chưa được lưu; "
            "dữ liệu bạn nhập vẫn còn trên màn hình. Hãy mở bản mới trong thẻ khác để so sánh, rồi lưu lại."
        )


def _posted_version(posted: Any) -> int | None:
    try:
        return int(str(posted).strip())
    except (TypeError, ValueError):
        return None


def check_version(record: Any, posted_version: Any) -> None:
    """Raise StaleRecord unless the form was loaded from the record's current version.

    Who saved first comes from the latest history row (records without history name nobody).
    A missing or malformed version counts as stale: the form cannot prove what it was based on.
    """
    if _posted_version(posted_version) == record.version:
        return
    saved_by = saved_at = None
    if isinstance(record, HistoryTracked):
        entry = latest_entry(record)
        if entry is not None:
            saved_at = entry.recorded_at
            saved_by = entry.actor.full_name if entry.actor is not None else "hệ thống"
    elif hasattr(record, "updated_at"):
        saved_at = record.updated_at
    raise StaleRecord(saved_by=saved_by, saved_at=saved_at)


@dataclass
class Saved:
    """What `save_versioned` did. `ok`: saved and committed (the view redirects). Otherwise the view
    re-renders its form with `status`: 200 for a GET, 400 for an invalid form or a refusal (`refused`,
    a DomainError message), 409 for a stale version (`stale`, the StaleRecord message)."""

    ok: bool = False
    value: Any = None
    status: int = 200
    stale: str | None = None
    refused: str | None = None
    error: DomainError | None = None  # the refusal itself, for a view that answers a kind of it otherwise


def form_status(stale: str | None = None) -> int:
    """The status of a form page: 200 for a GET, 409 after a stale save, 400 after any other POST that
    re-renders the form (invalid input or a refused change). Views that re-render without a save use it."""
    if stale:
        return 409
    return 400 if request.method == "POST" else 200


def save_versioned(
    record: Any,
    form: Any,
    save: Callable[[], Any],
    *,
    error_field: Any = None,
    reason: str | None = None,
    validated: bool = False,
) -> Saved:
    """The one write path of a create, edit or versioned action (in the spirit of Indico's `process`):
    validate the submitted form, check the posted version against `record` (None for a create), run
    `save` (the service call) under the signed-in user's history context, and own the single commit.

    Nothing is written unless every step passes. A stale version rolls back and returns the
    StaleRecord message (409); the form keeps the user's input and takes the current version, so saving
    again after a look at the newer record is a deliberate choice. A DomainError rolls back and is
    shown under `error_field` (or returned in `refused` for the view to flash). Services never check
    the version themselves: the posted version is this helper's business.

    `validated`: the view has already validated this submitted form in this request (the registration
    validates before its duplicate check), so its validators do not run a second time.
    """
    if not (validated or form.validate_on_submit()):
        return Saved(status=form_status())
    try:
        value = save_checked(record, form.version.data if record is not None else None, save, reason=reason)
    except StaleRecord as stale:
        if record is not None:
            form.version.data = str(record.version)
        return Saved(status=409, stale=str(stale))
    except DomainError as refused:
        # A refusal that names its form field (scoping.OutOfScope) is shown beside that field.
        named = getattr(refused, "field", None)
        if named and named in form:
            error_field = form[named]
        if error_field is not None:
            error_field.errors = [*error_field.errors, str(refused)]
        return Saved(status=400, refused=str(refused), error=refused)
    return Saved(ok=True, value=value, status=302)


def save_checked(record: Any, posted_version: Any, save: Callable[[], Any], *, reason: str | None = None) -> Any:
    """The write path under `save_versioned`, without a form (the JSON API's writes, whose version comes in
    If-Match): check the posted version against `record` (None for a create), run `save` under the signed-in
    user's history context and commit. A StaleRecord or any other DomainError rolls everything back and is
    raised for the caller to answer (409 on a page, 412 in the API; a refusal as the caller shows it)."""
    try:
        if record is not None:
            check_version(record, posted_version)
        with history_context(actor=current_user, reason=reason):
            value = save()
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    return value
