"""Errors of the API as application/problem+json (RFC 9457), with a Vietnamese `detail` for every status.

Every error the API can answer goes through `problem()`: the views' aborts and refusals, the validation of a
body or a query (APIFlask's HTTPError), the token check, and the routes no view matched under /api/ (the app's
error handlers call `is_api_request` and answer with `problem` there).
"""

from __future__ import annotations

from typing import Any

from flask import Response, json, request
from flask_babel import gettext as _

API_PREFIX = "/api/"
PROBLEM_MIMETYPE = "application/problem+json"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    428: "Precondition Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def default_detail(status: int) -> str:
    """The Vietnamese detail of a status when the refusal brings none of its own."""
    details = {
        400: _("Yêu cầu không hợp lệ."),
        401: _(
            "Cần một mã truy cập hợp lệ trong tiêu đề Authorization: Bearer …; mã không có, không đúng, đã hết hạn "
            "hoặc đã bị thu hồi."
        ),
        403: _("Mã truy cập hoặc vai trò của bạn không cho phép thao tác này."),
        404: _("Không tìm thấy."),
        405: _("Địa chỉ này không nhận phương thức này."),
        406: _("Không có định dạng trả lời phù hợp với tiêu đề Accept."),
        409: _("Bản ghi vừa được người khác sửa. Không có thay đổi nào được lưu; vui lòng đọc lại bản ghi."),
        412: _("Phiên bản trong If-Match không còn là phiên bản hiện tại của bản ghi. Không có thay đổi nào được lưu."),
        413: _("Nội dung gửi lên quá lớn."),
        415: _("Nội dung gửi lên phải là JSON (application/json)."),
        422: _("Dữ liệu gửi lên không hợp lệ."),
        428: _("Cần tiêu đề If-Match với ETag của bản ghi (đọc bản ghi trước để lấy ETag)."),
        429: _("Quá nhiều yêu cầu với mã truy cập này. Vui lòng thử lại sau."),
    }
    return details.get(status, _("Lỗi hệ thống."))


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(status: int, detail: str | None = None, *, headers: Any = None, **extra: Any) -> Response:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail or default_detail(status),
        "instance": request.path,
        **extra,
    }
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in dict(headers or {}).items():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response
