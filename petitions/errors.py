"""Error pages in Vietnamese; a 500 shows an incident id and logs the traceback, never shows it."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from petitions.api.problems import is_api_request, problem
from petitions.extensions import db

log = logging.getLogger("petitions.errors")

_KNOWN_PAGES = frozenset({400, 401, 403, 404, 405, 409, 413, 429})


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        if is_api_request():
            # The API's views are exempt (a token, never the cookie, authenticates them): a CSRF check under
            # /api/ means that no view matched, and the routing's own answer (404, 405) is the one to give.
            routing = request.routing_exception
            return problem(getattr(routing, "code", None) or 404)
        message = _("Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.")
        return render_template("errors/400.html", message=message), 400

    @app.errorhandler(StaleDataError)
    def stale_data(_error: StaleDataError) -> ResponseReturnValue:
        # A save raced another one past the form's version check: nothing was written.
        db.session.rollback()
        message = _("Bản ghi vừa được người khác sửa. Không có thay đổi nào được lưu; vui lòng tải lại và nhập lại.")
        return render_template("errors/409.html", message=message), 409

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if code >= 500:
            return _incident(error)
        if is_api_request():  # no API view matched (a view's own errors are the API blueprint's)
            allowed = {k: v for k, v in error.get_headers() if k.lower() == "allow"}
            return problem(code, headers=allowed)
        template = f"errors/{code}.html" if code in _KNOWN_PAGES else "errors/generic.html"
        # An error raised with a message meant for the reader (petitions.dates.DateArgRefused) shows it.
        return render_template(template, code=code, message=getattr(error, "shown", None)), code

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        return _incident(error)


def _incident(error: BaseException) -> ResponseReturnValue:
    incident_id = secrets.token_hex(6).upper()
    log.error(
        "incident=%s request_id=%s path=%s",
        incident_id,
        g.get("request_id"),
        request.path,
        exc_info=error,
    )
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the page must render even with a broken connection
        log.exception("rollback failed during incident %s", incident_id)
    if is_api_request():
        return problem(500, _("Lỗi hệ thống. Mã sự cố: %(incident)s.", incident=incident_id))
    return render_template("errors/500.html", incident_id=incident_id), 500
