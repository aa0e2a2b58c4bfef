"""The spec APIFlask writes from the API's views, finished: errors as problem+json, the conventions stated.

- Every operation's error responses carry the Problem schema as application/problem+json (APIFlask writes
  application/json), and a `default` problem response covers the statuses an operation does not list.
- Writes that need If-Match name 412 and 428; every authenticated operation names 401, 403 and 429.
- Validation errors (APIFlask's HTTPError from webargs) become problems with a Vietnamese detail and the field
  errors under `errors`.
"""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from apiflask.exceptions import HTTPError
from flask import Response
from flask_babel import gettext as _

from petitions.api.problems import PROBLEM_MIMETYPE, TITLES, problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_CONTENT = {PROBLEM_MIMETYPE: {"schema": PROBLEM_REF}}
# RFC 9457's members, as petitions.api.problems.problem writes them.
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Lỗi (RFC 9457): `detail` nói bằng tiếng Việt điều gì không đúng.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "object", "description": "Dữ liệu không hợp lệ: vị trí → trường → các lỗi"},
    },
    "required": ["type", "title", "status", "detail"],
}
AUTH_STATUSES = (401, 403, 429)
IF_MATCH_STATUSES = (409, 412, 428)
# The POST operations that change a record and take its ETag: the case transitions, the letters' actions.
IF_MATCH_OPERATIONS = ("post_api_case_", "post_api_letter_")

DESCRIPTION = """API JSON của hệ thống tiếp công dân và xử lý đơn thư.

- Xác thực: `Authorization: Bearer <mã truy cập>`; mã do người dùng tạo tại *Tài khoản → Mã truy cập API*, phạm vi
  chỉ đọc hoặc đọc và ghi, có thời hạn; cookie đăng nhập không dùng được cho API.
- Phạm vi dữ liệu như trên các trang: bản ghi ngoài phạm vi của người dùng trả 404 (mã số trong địa chỉ hoặc trong
  thân yêu cầu).
- Lỗi: `application/problem+json`, `detail` bằng tiếng Việt.
- Danh sách: trang theo khóa (`after` = `next_cursor` của trang trước), tổng đếm tới 1000 (`total_capped`).
- Sửa bản ghi: gửi `If-Match` với ETag đã đọc; phiên bản đã cũ: 412; thiếu If-Match: 428.
- Ngày theo ISO 8601 (YYYY-MM-DD). Không có dữ liệu cá nhân trong địa chỉ: tìm công dân bằng POST.
- Giới hạn: số yêu cầu mỗi phút cho mỗi mã (429, Retry-After).
"""


def _problem_response(status: int) -> dict[str, Any]:
    return {"description": TITLES.get(status, "Error"), "content": PROBLEM_CONTENT}


def finish_spec(spec: Any) -> Any:
    components = spec.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    # APIFlask's own error schemas are replaced by the Problem every error answers with.
    for name in ("HTTPError", "ValidationError"):
        schemas.pop(name, None)
    schemas["Problem"] = PROBLEM_SCHEMA
    for _path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in list(responses):
                # A problem the operation describes itself (a 409 that lists candidates) keeps its schema.
                if status != "default" and int(status) >= 400 and PROBLEM_MIMETYPE not in responses[status].get("content", {}):
                    responses[status] = _problem_response(int(status))
            if operation.get("security"):
                for status in AUTH_STATUSES:
                    responses.setdefault(str(status), _problem_response(status))
            if method == "patch" or operation.get("operationId", "").startswith(IF_MATCH_OPERATIONS):
                for status in IF_MATCH_STATUSES:
                    responses.setdefault(str(status), _problem_response(status))
                operation.setdefault("parameters", []).append(
                    {
                        "name": "If-Match",
                        "in": "header",
                        "required": True,
                        "description": "ETag của bản ghi đã đọc (ví dụ \"v3\")",
                        "schema": {"type": "string"},
                    }
                )
            responses["default"] = {"description": "Lỗi (problem+json)", "content": PROBLEM_CONTENT}
    spec["info"]["description"] = DESCRIPTION
    return spec


def register(app: APIFlask) -> None:
    app.config["SPEC_PROCESSOR_PASS_OBJECT"] = False
    # operationId = "{method}_{endpoint}" (get_api_visit, …): the links between operations name them.
    app.config["AUTO_OPERATION_ID"] = True

    def api_error(error: HTTPError) -> Response:
        # Raised by the API's input validation (webargs, through APIFlask) and by apiflask.abort.
        if error.status_code == 422:
            return problem(422, _("Dữ liệu gửi lên không hợp lệ."), errors=error.detail or {})
        return problem(error.status_code, headers=error.headers)

    # The callback of APIFlask's own HTTPError handler. Not through `app.error_processor`, which would also take
    # every werkzeug HTTPException of the pages (their Vietnamese HTML error pages: petitions.errors).
    app.error_callback = api_error

    app.spec_processor(finish_spec)
