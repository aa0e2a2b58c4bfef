"""Optimistic concurrency for every editable record: forms post the version back, stale saves answer 409.

The pattern (views call `save_versioned`, which does all of it):
  - the edit form has a hidden `version` field filled from the record on GET;
  - on POST the view calls `check_version(record, form.version.data)` before changing anything;
  - `StaleRecord` carries a Vietnamese message naming who saved first and when (from history);
    the view answers 409, re-rendering the user's own input, and writes nothing;
  - a race past the check (two saves between check and flush) still fails safely: the
    version_id_col makes the UPDATE match no row, SQLAlchemy raises StaleDataError and the
    error handler answers 409 after a rollback.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

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


def save_versioned(record: Any, form: Any, save: Callable[[], Any], error_field: Any) -> tuple[Any, str | None]:
    """Run a view's create/edit and own its single commit: (saved, None) or (None, message).

    `record` is None for a create. A stale save rolls back and returns the StaleRecord message
    (the view answers 409); the form keeps the user's input and takes the current version, so
    saving again after a look at the newer record is a deliberate choice. A DomainError rolls
    back and is shown under `error_field`. History rows name the signed-in user.
    """
    from flask_login import current_user

    try:
        if record is not None:
            check_version(record, form.version.data)
        with history_context(actor=current_user):
            saved = save()
    except StaleRecord as stale:
        db.session.rollback()
        form.version.data = str(record.version) if record is not None else form.version.data
        return None, str(stale)
    except DomainError as refused:
        db.session.rollback()
        error_field.errors.append(str(refused))
        return None, None
    db.session.commit()
    return saved, None
