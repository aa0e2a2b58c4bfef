"""The case transitions of the JSON API: POST /api/v1/cases/{id}/<action>, one operation per action of the case
page (petitions.cases.actions), registered on the API's blueprint.

`register(bp)` adds them to the API's blueprint. Each operation loads the case through the token user's scope (404 outside it), checks If-Match (428 missing, 412
stale), and runs the action's service — the page's own call — under petitions.concurrency.save_checked: who may
take it is flow's table (403 otherwise), what the state allows and every limit the service's (422 with its
Vietnamese message), ids in the body (the verifying officer, the next round's body) are loaded by the service
through the actor's scope (404 like a missing record). The answer is the case with its new ETag and the paper
drafted, if any; the next round answers its new case (201).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apiflask import APIBlueprint
from flask import url_for
from flask_login import current_user

from petitions.api import case_schemas
from petitions.api.conventions import if_match_version, tagged
from petitions.api.schemas import CaseOut
from petitions.api.security import access, auth
from petitions.auth.tokens import WRITE
from petitions.cases import actions
from petitions.cases import queries as case_queries
from petitions.cases.models import CaseFile
from petitions.concurrency import save_checked
from petitions.documents.models import Document
from petitions.domain import case_flow as flow

# What each operation says in the spec beyond the event's name (Vietnamese, as the rest of the spec).
NOTES: Mapping[str, str] = {
    "accept": "Lập dự thảo văn bản thụ lý (tố cáo: kèm hai thông báo); vụ việc được thụ lý khi văn bản được ban hành.",
    "not_accept": "Lập dự thảo thông báo không thụ lý.",
    "verify": "Lập dự thảo quyết định giao xác minh; vụ việc chuyển sang xác minh khi quyết định được ban hành.",
    "report": "Lập dự thảo báo cáo kết quả xác minh.",
    "dialogue": "Lập dự thảo biên bản đối thoại (khiếu nại).",
    "decide": "Lập dự thảo quyết định giải quyết khiếu nại hoặc kết luận nội dung tố cáo với kết quả và số liệu.",
    "notify": "Tố cáo: lập dự thảo thông báo kết quả cho người tố cáo; khiếu nại: ghi nhận ngay.",
    "publish": "Lập dự thảo biên bản công khai kết quả giải quyết.",
    "implement": "Ghi nhận ngay việc tổ chức thực hiện (không có văn bản).",
    "implemented": "Ghi nhận ngay kết quả thực hiện, hoặc (with_report) lập dự thảo báo cáo kết quả thực hiện.",
    "close": "Ghi nhận ngay việc kết thúc vụ việc.",
    "reclassify": "Ghi nhận ngay; hạn giải quyết được tính lại.",
    "extend": "Lập dự thảo quyết định gia hạn (tố cáo phức tạp, đặc biệt phức tạp).",
    "suspend": "Lập dự thảo quyết định tạm đình chỉ.",
    "resume": "Lập dự thảo quyết định tiếp tục giải quyết.",
    "withdraw": "Ghi nhận ngay việc rút đơn; vụ việc chờ quyết định đình chỉ.",
    "terminate": "Lập dự thảo quyết định đình chỉ.",
    "lapse": "Ghi nhận ngay vụ việc chấm dứt vì hết thời hạn tiếp tục khiếu nại (D20).",
    "next_round": "Mở vụ việc tiếp theo (khiếu nại lần hai, tố cáo tiếp), liên kết với vụ việc này: trả lời 201 với "
                  "vụ việc mới.",
    "court": "Ghi nhận ngay việc người khiếu nại khởi kiện vụ án hành chính.",
}
assert set(NOTES) == set(actions.ACTIONS) == set(case_schemas.BODIES)


def _arguments(key: str, case: CaseFile, data: Mapping[str, Any]) -> dict[str, Any]:
    """The body as the action's service takes it: the figures not sent are zero and the decision's sections not
    sent start from the recorded ones, as the page's form sends them (the same shared functions)."""
    arguments = dict(data)
    if key == "decide":
        arguments["figures"] = flow.every_figure(data["figures"], flow.ORDERED_FIGURES)
        arguments["texts"] = actions.decision_texts(case, data["texts"])
    elif key == "implemented":
        arguments["figures"] = flow.every_figure(data["figures"], flow.DONE_FIGURES)
    return arguments


def register(bp: APIBlueprint) -> None:
    """Add every action's operation to the API's blueprint (petitions.api.views calls it once)."""
    for key in actions.ACTIONS:
        _register(bp, key)


def _register(bp: APIBlueprint, key: str) -> None:
    event = actions.event_of(key)
    creates = key == "next_round"

    def view(case_id: int, json_data: dict[str, Any]) -> Any:
        found = case_queries.get_case_for(current_user, case_id)
        version = if_match_version()
        done = save_checked(found, version, lambda: actions.run_action(
            key, found, actor=current_user, arguments=_arguments(key, found, json_data)))
        if creates:
            return tagged(done, done, 201, Location=url_for("api.case", case_id=done.id))
        document_id = done.id if isinstance(done, Document) else None
        return tagged({"case": found, "document_id": document_id}, found)

    view.__name__ = f"case_{key}"
    words = flow.EVENT_WORDS[event]
    view.__doc__ = f"{words[:1].upper()}{words[1:]} (như trên trang vụ việc).\n\n{NOTES[key]} Cần If-Match: ETag của vụ việc."
    output = (
        bp.output(CaseOut, status_code=201, links={
            "getCase": {"operationId": "get_api_case", "parameters": {"case_id": "$response.body#/id"}}})
        if creates else bp.output(case_schemas.CaseTransitionOut)
    )
    decorated = bp.input(case_schemas.BODIES[key], location="json")(output(access(WRITE, *actions.action_roles(key))(view)))
    bp.post(f"/cases/<int:case_id>/{key.replace('_', '-')}")(bp.auth_required(auth)(decorated))
