"""The export buttons' endpoint: `POST /exports/<list>.<csv|xlsx>?<the list's filters>`. The filters come in the query
string, as on the list page, and are read by that page's own parser; the button posts (an export is logged and
counted against the user's limit, and may queue a job)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, request, stream_with_context, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from petitions.auth.models import User
from petitions.auth.permissions import role_required
from petitions.clock import local_today
from petitions.exports import services
from petitions.extensions import db
from petitions.i18n import lazy_gettext as _l

bp = Blueprint("exports", __name__, url_prefix="/exports")

MIMETYPES = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_FILE_CHUNK = 64 * 1024


# The buttons' texts live here, not in the macro: message extraction skips templates/_macros/ (babel ignores
# directories starting with "_"), so a text written there would never reach the English catalogue.
BUTTONS = (("csv", _l("Xuất CSV")), ("xlsx", _l("Xuất Excel")))
BUTTONS_LABEL = _l("Xuất danh sách")
BUTTONS_HINT = _l("Xuất các dòng của danh sách theo bộ lọc đang chọn")


@bp.app_template_global()
def export_buttons_text() -> dict[str, Any]:
    """What the export buttons say (templates/_macros/exports.html)."""
    return {"buttons": BUTTONS, "label": BUTTONS_LABEL, "hint": BUTTONS_HINT}


@bp.app_template_global()
def export_url(name: str, fmt: str, extra: dict[str, Any] | None = None) -> str:
    """The export of the list on screen: the same filters (the page's query string, and `extra`: what the page
    has in its path), not its page cursor."""
    return url_for("exports.export", name=name, fmt=fmt, **{**_list_args(), **(extra or {})})


def _list_args() -> dict[str, Any]:
    """The list's filters from the query string: not its page cursor, nor url_for's own _-prefixed options."""
    return {key: values for key, values in request.args.lists() if key != "after" and not key.startswith("_") and any(values)}


@bp.route("/<name>.<fmt>", methods=["POST"])
def export(name: str, fmt: str) -> ResponseReturnValue:
    """The list's rows in the format asked: streamed now, or as a job when longer than EXPORT_INLINE_MAX_ROWS."""
    listed = services.get_export(name)
    if listed is None or fmt not in services.FORMATS:
        abort(404)
    view = role_required(*listed.roles)(_export)
    return view(listed, fmt)


def _export(listed: services.ListExport[Any], fmt: str) -> ResponseReturnValue:
    back = url_for(listed.page, **_list_args())
    if services.rate_limited(current_user):
        flash(_("Bạn đã xuất quá nhiều danh sách trong một giờ. Vui lòng thử lại sau."), "danger")
        return redirect(back, 303)
    today = local_today()
    filters = listed.read_filters()
    limit = services.inline_max_rows()
    if services.count_rows(listed, current_user, filters, today=today, up_to=limit + 1) > limit:
        job = services.start_export_job(listed, current_user, filters, fmt, today=today)
        services.log_export(current_user, listed, fmt, ip_address=request.remote_addr, outcome=f"job={job.id}")
        db.session.commit()  # the job is handed to its runner after this commit
        flash(_("Danh sách dài: đang xuất trong nền. Tệp sẽ có ở trang Công việc của tôi."), "info")
        return redirect(url_for("jobs.index"), 303)
    user_id = current_user.id
    services.log_export(current_user, listed, fmt, ip_address=request.remote_addr, outcome="inline")
    db.session.commit()
    filename = services.download_name(listed, fmt, today)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"}
    if fmt == "csv":
        return Response(stream_with_context(_csv_body(listed, user_id, filters, today)), mimetype=MIMETYPES["csv"], headers=headers)
    # A workbook is a zip whose directory comes last: written to a temporary file (on disk past 8 MB), then sent.
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    services.write_xlsx(listed, current_user, filters, spooled, today=today)
    spooled.seek(0)
    return Response(_file_chunks(spooled), mimetype=MIMETYPES["xlsx"], headers=headers)


def _csv_body(listed: services.ListExport[Any], user_id: int, filters: Any, today: date) -> Iterator[bytes]:
    """The CSV's rows, read as the response is sent. The generator runs in a context of its own, whose database
    session is not the view's: the user is loaded there (the view's row, expired by its commit, is detached)."""
    user = db.session.get(User, user_id)
    if user is None:  # the account is gone between the view and its first row
        return
    yield from services.stream_csv(listed, user, filters, today=today)


def _file_chunks(handle: Any) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(_FILE_CHUNK):
            yield chunk
