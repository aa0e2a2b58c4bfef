"""The JSON API at /api/v1: thin views over the services and loaders the pages call.

Every record is loaded through the token user's scope (petitions.scoping's loaders: 404 outside it, for an id in
the path and for one in a body: the services refuse those with OutOfScope, answered 404 here); every write goes
through petitions.concurrency.save_checked, as the pages' save_versioned; every list is a keyset page of
petitions.paging. The spec (/api/v1/openapi.json) and its page (/api/v1/docs) are public.
"""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, FileSchema
from flask import Response, abort, current_app, g, jsonify, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from petitions.api import case_actions, schemas
from petitions.api.conventions import if_match_version, list_filters, page_json, tagged
from petitions.api.problems import problem
from petitions.api.security import RateLimited, access, auth, before_api_request, rate_limited
from petitions.auth import tokens as tokens_service
from petitions.auth.clearance import has_identity_clearance
from petitions.auth.models import ApiToken
from petitions.auth.tokens import READ, WRITE, live_token_query, live_tokens
from petitions.cases import actions as case_page_actions
from petitions.cases import queries as case_queries
from petitions.cases.permissions import READ_ROLES as CASE_READ_ROLES
from petitions.citizens import queries as citizen_queries
from petitions.citizens import services as citizen_services
from petitions.clock import local_today, to_local
from petitions.concurrency import StaleRecord, save_checked
from petitions.deadlines import queries as deadline_queries
from petitions.directory.queries import agencies_on, list_items
from petitions.documents import queries as document_queries
from petitions.documents import services as document_services
from petitions.documents.models import Document
from petitions.documents.permissions import READ_ROLES as DOCUMENT_READ_ROLES
from petitions.domain import periods
from petitions.domain.classification import LIST_LABELS, REFERENCE_LISTS
from petitions.domain.deadlines import compute_due, rule_for
from petitions.domain.reception import VisitClass
from petitions.domain.types import DomainError, Role
from petitions.extensions import csrf
from petitions.letters import queries as letter_queries
from petitions.letters.models import Letter
from petitions.letters.permissions import READ_ROLES as LETTER_READ_ROLES
from petitions.reception import queries as reception_queries
from petitions.reception import services as reception_services
from petitions.reception.models import Visit
from petitions.reception.permissions import READ_ROLES as RECEPTION_READ_ROLES
from petitions.reception.permissions import WRITE_ROLES as RECEPTION_WRITE_ROLES
from petitions.report_periods import default_period
from petitions.reports import catalog
from petitions.reports import services as report_services
from petitions.reports.outputs import to_json
from petitions.reports.permissions import REPORT_ROLES
from petitions.scoping import OutOfScope, find_visible, get_visible_or_404, pick_agency, scope_agencies
from petitions.vault.queries import visible_identity_refs

bp = APIBlueprint("api", __name__, url_prefix="/api/v1", tag="API")
# Only a token authenticates the API (never the session cookie), so the cookie's CSRF check does not apply.
csrf.exempt(bp)
bp.before_request(before_api_request)

ALL_ROLES = tuple(Role)


def _first_item_link(name: str, operation_id: str, parameter: str) -> dict[str, Any]:
    """An OpenAPI link from a page of a list to its first row's record (the stateful fuzz follows it)."""
    return {name: {"operationId": operation_id, "parameters": {parameter: "$response.body#/items/0/id"}}}
CITIZEN_ROLES = RECEPTION_READ_ROLES


# Errors -----------------------------------------------------------------------------------------------------


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    code = error.code or 500
    own = error.description if error.description != type(error).description else None
    headers = {k: v for k, v in error.get_headers() if k.lower() in ("allow", "retry-after")}
    return problem(code, own, headers=headers)


@bp.errorhandler(RateLimited)
def too_many(error: RateLimited) -> Response:
    return rate_limited(error)


@bp.errorhandler(StaleRecord)
def stale(error: StaleRecord) -> Response:
    # Who saved first and when, as the pages say it (from the record's history), for a caller that has no screen.
    if error.saved_at is not None:
        detail = _(
            "Bản ghi đã được %(who)s lưu lúc %(when)s, sau phiên bản ghi trong If-Match. Không có thay đổi nào được "
            "lưu; hãy đọc lại bản ghi (ETag mới) rồi gửi lại.",
            who=error.saved_by or _("một người dùng khác"),
            when=f"{to_local(error.saved_at):%H:%M %d/%m/%Y}",
        )
    else:
        detail = None
    return problem(412, detail)


@bp.errorhandler(StaleDataError)
def raced(_error: StaleDataError) -> Response:
    return problem(409)


@bp.errorhandler(OutOfScope)
def out_of_scope(error: OutOfScope) -> Response:
    # An id in a body that names no record the user may see: the same answer as one in a path.
    return problem(404, str(error))


@bp.errorhandler(DomainError)
def refused(error: DomainError) -> Response:
    return problem(422, str(error))


# Spec and docs ----------------------------------------------------------------------------------------------


@bp.get("/openapi.json")
@bp.doc(hide=True)
def spec() -> Response:
    response = jsonify(current_app.spec)  # type: ignore[attr-defined]
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/docs")
@bp.doc(hide=True)
def docs() -> str:
    """The spec as a page: rendered on the server from the same document, no script and no outside asset."""
    return render_template("api/docs.html", spec=current_app.spec, spec_url=url_for("api.spec"))  # type: ignore[attr-defined]


# Tokens -----------------------------------------------------------------------------------------------------


def _token_json(token: ApiToken) -> dict[str, Any]:
    return {**_columns(token, schemas.TokenOut), "current": token.id == g.api_token.id}


def _live_token(token_id: int) -> ApiToken:
    """One of the user's own tokens in force (petitions.auth.tokens.live_tokens' rule); 404 for any other."""
    return get_visible_or_404(live_token_query(current_user), token_id)


@bp.get("/tokens")
@bp.auth_required(auth)
@bp.output(
    schemas.TokenOut(many=True),
    links={"getToken": {"operationId": "get_api_token", "parameters": {"token_id": "$response.body#/0/id"}},
           "revokeToken": {"operationId": "delete_api_revoke_token", "parameters": {"token_id": "$response.body#/0/id"}}},
)
@access(READ, *ALL_ROLES)
def tokens_list() -> Any:
    """Các mã truy cập còn hiệu lực của người dùng (mã mới nhất trước)."""
    return [_token_json(token) for token in live_tokens(current_user)]


@bp.get("/tokens/<int:token_id>")
@bp.auth_required(auth)
@bp.output(schemas.TokenOut)
@access(READ, *ALL_ROLES)
def token(token_id: int) -> Any:
    """Một mã truy cập còn hiệu lực của người dùng; mã đã thu hồi hoặc hết hạn: 404."""
    return _token_json(_live_token(token_id))


@bp.delete("/tokens/<int:token_id>")
@bp.auth_required(auth)
@bp.output({}, status_code=204)
@access(WRITE, *ALL_ROLES)
def revoke_token(token_id: int) -> Any:
    """Thu hồi một mã truy cập của người dùng.

    Như trên trang Mã truy cập API. Mã đang dùng cho chính yêu cầu này không tự thu hồi qua API (409): thu hồi
    nó trên trang, hoặc bằng một mã khác."""
    found = _live_token(token_id)
    if found.id == g.api_token.id:
        abort(409, _("Không thu hồi mã đang dùng cho chính yêu cầu này; hãy thu hồi trên trang Mã truy cập API hoặc bằng một mã khác."))
    save_checked(None, None, lambda: tokens_service.revoke_token(found, actor=current_user, reason="revoked_by_api"))
    return ""


# Reference data ---------------------------------------------------------------------------------------------


@bp.get("/reference-lists")
@bp.auth_required(auth)
@bp.output(schemas.ReferenceListOut(many=True))
@access(READ, *ALL_ROLES)
def reference_lists() -> Any:
    """Danh mục dùng chung (loại đơn, lĩnh vực, căn cứ từ chối, …)."""
    return [{"code": ref.code, "label": ref.label} for ref in REFERENCE_LISTS]


@bp.get("/reference-lists/<string:list_code>")
@bp.auth_required(auth)
@bp.input(schemas.OnDateQuery, location="query")
@bp.output(schemas.ReferenceItemOut(many=True))
@access(READ, *ALL_ROLES)
def reference_items(list_code: str, query_data: dict[str, Any]) -> Any:
    """Các mục của một danh mục còn hiệu lực vào một ngày (mặc định hôm nay)."""
    if list_code not in LIST_LABELS:
        abort(404)
    return list_items(list_code, query_data.get("on") or local_today())


@bp.get("/agencies")
@bp.auth_required(auth)
@bp.input(schemas.OnDateQuery, location="query")
@bp.output(schemas.AgencyOut(many=True))
@access(READ, *ALL_ROLES)
def agencies(query_data: dict[str, Any]) -> Any:
    """Các cơ quan trong hệ thống còn hiệu lực vào một ngày (danh bạ dùng chung)."""
    return agencies_on(query_data.get("on") or local_today())


# Deadlines --------------------------------------------------------------------------------------------------


def _deadline(data: dict[str, Any]) -> dict[str, Any]:
    """The calculator's answer (the deadline page's compute_due on the confirmed working calendar)."""
    result = compute_due(
        data["rule"],
        data["trigger"],
        deadline_queries.load_working_calendar(),
        variants=data.get("variants") or (),
        base=data.get("base"),
        extensions=data.get("extensions") or 0,
        extension_days=data.get("extension_days") or 30,
        pauses=[(span["start"], span["end"]) for span in data.get("pauses") or ()],
        obstacles=[(span["start"], span["end"]) for span in data.get("obstacles") or ()],
    )
    if result is None:
        return {
            "rule": data["rule"], "trigger": data["trigger"], "due": None, "generation": None,
            "calendar_version": None, "counted": None, "rolled_from": None, "explanation": None,
            "note": rule_for(data["rule"], data["trigger"]).no_clock_note,
        }
    return {
        "rule": result.rule_id, "trigger": result.trigger, "due": result.due, "generation": result.generation,
        "calendar_version": result.calendar_version, "counted": result.counted, "rolled_from": result.rolled_from,
        "explanation": result.explanation, "note": None,
    }


@bp.get("/deadlines")
@bp.auth_required(auth)
@bp.input(schemas.DeadlineQuery, location="query")
@bp.output(schemas.DeadlineOut)
@access(READ, *ALL_ROLES)
def deadline(query_data: dict[str, Any]) -> Any:
    """Tính thời hạn: hạn của một loại thời hạn từ ngày bắt đầu tính, theo lịch làm việc đã xác nhận."""
    return _deadline(query_data)


@bp.post("/deadlines")
@bp.auth_required(auth)
@bp.input(schemas.DeadlineIn, location="json")
@bp.output(schemas.DeadlineOut)
@access(READ, *ALL_ROLES)
def deadline_with_periods(json_data: dict[str, Any]) -> Any:
    """Tính thời hạn có tạm đình chỉ (pauses) và trở ngại khách quan (obstacles); không ghi gì."""
    return _deadline(json_data)


# Citizens ---------------------------------------------------------------------------------------------------


@bp.post("/citizens/search")
@bp.auth_required(auth)
@bp.input(schemas.CitizenSearchIn, location="json")
@bp.output(schemas.CitizenPage, links=_first_item_link("getCitizen", "get_api_citizen", "citizen_id"))
@access(READ, *CITIZEN_ROLES)
def search_citizens(json_data: dict[str, Any]) -> Any:
    """Tìm công dân theo họ tên, năm sinh hoặc số giấy tờ.

    Từ khóa đi trong thân yêu cầu (POST), không bao giờ trong địa chỉ."""
    page = reception_queries.list_citizens(
        current_user, text=json_data["q"].strip() or None, after=json_data.get("after"), size=json_data["limit"]
    )
    return page_json(page, lambda citizen: citizen)


@bp.get("/citizens/<int:citizen_id>")
@bp.auth_required(auth)
@bp.output(schemas.CitizenOut)
@access(READ, *CITIZEN_ROLES)
def citizen(citizen_id: int) -> Any:
    """Một công dân (hồ sơ đã hợp nhất: merged_into_id là hồ sơ được giữ lại)."""
    found = citizen_queries.get_citizen_for(current_user, citizen_id)
    return tagged(found, found)


# Visits -----------------------------------------------------------------------------------------------------


def _columns(record: Any, schema: Any) -> dict[str, Any]:
    """The record's own columns among the schema's fields (the others the view fills in)."""
    return {name: getattr(record, name) for name in schema().fields if hasattr(record, name)}


def _cleared() -> bool:
    if "api_cleared" not in g:
        g.api_cleared = has_identity_clearance(current_user)
    return bool(g.api_cleared)


def _identity_code(ref_id: int | None) -> str | None:
    """A denouncer's vault code, for a cleared user only (the callers check), if its reference is in scope."""
    if ref_id is None:
        return None
    ref = find_visible(visible_identity_refs(current_user), ref_id)
    return ref.code if ref is not None else None


def _visit_json(visit: Visit) -> dict[str, Any]:
    """A visit as the book shows it: a denunciation's visitor never named, its vault code for cleared users."""
    protected = visit.classification is VisitClass.DENUNCIATION
    fields = _columns(visit, schemas.VisitOut)
    shown = None if protected else visit.citizen
    fields.update(
        citizen_id=shown.id if shown is not None else None,
        citizen_name=shown.full_name if shown is not None else None,
        identity_protected=protected,
        identity_code=visit.identity_ref.code if protected and visit.identity_ref and _cleared() else None,
    )
    return fields


@bp.get("/visits")
@bp.auth_required(auth)
@bp.input(schemas.VisitListQuery, location="query")
@bp.output(schemas.VisitPage, links=_first_item_link("getVisit", "get_api_visit", "visit_id"))
@access(READ, *RECEPTION_READ_ROLES)
def visits(query_data: dict[str, Any]) -> Any:
    """Sổ tiếp công dân: lượt tiếp mới nhất trước (hoặc cũ nhất trước), từng trang."""
    outcome = query_data.get("outcome")
    filters = list_filters(reception_queries.VisitFilters, query_data, outcome=outcome.value if outcome else None)
    page = reception_queries.list_visits(
        current_user, filters, after=query_data.get("after"), newest_first=query_data["order"] == "desc",
        size=query_data["limit"],
    )
    return page_json(page, _visit_json)


@bp.get("/visits/<int:visit_id>")
@bp.auth_required(auth)
@bp.output(schemas.VisitOut)
@access(READ, *RECEPTION_READ_ROLES)
def visit(visit_id: int) -> Any:
    """Một lượt tiếp; ETag là phiên bản của nó (gửi lại trong If-Match khi sửa)."""
    found = reception_queries.get_visit_for(current_user, visit_id)
    return tagged(_visit_json(found), found)


def _person(data: dict[str, Any] | None) -> citizen_services.CitizenInput | None:
    if not data:
        return None
    return citizen_services.CitizenInput(
        full_name=data["full_name"],
        id_type=data.get("id_type"),
        id_number=data.get("id_number"),
        birth_year=data.get("birth_year"),
        phone=data.get("phone"),
        address_unit_id=data.get("address_unit_id"),
        address_text=data.get("address_text"),
    )


@bp.post("/visits")
@bp.auth_required(auth)
@bp.input(schemas.VisitIn, location="json")
@bp.output(
    schemas.VisitOut,
    status_code=201,
    links={
        "getVisit": {"operationId": "get_api_visit", "parameters": {"visit_id": "$response.body#/id"}},
        "editVisit": {"operationId": "patch_api_edit_visit",
                      "parameters": {"visit_id": "$response.body#/id", "header.If-Match": "$response.header.ETag"}},
    },
)
@bp.doc(responses={201: "Đã ghi lượt tiếp vào sổ"})
@access(WRITE, *RECEPTION_WRITE_ROLES)
def register_visit(json_data: dict[str, Any]) -> Any:
    """Ghi một lượt tiếp vào sổ (như màn hình tiếp công dân): số thứ tự trong sổ, vụ việc, thời hạn, đơn nhận."""
    data = dict(json_data)
    entry = reception_services.VisitInput(
        agency_id=data.pop("agency_id", None) or current_user.agency_id,
        officer_id=current_user.id,
        person=_person(data.pop("person", None)),
        accompanying=tuple(data.pop("accompanying", None) or ()),
        **data,
    )
    created = save_checked(None, None, lambda: reception_services.register_visit(entry, actor=current_user))
    return tagged(_visit_json(created), created, 201, Location=url_for("api.visit", visit_id=created.id))


@bp.patch("/visits/<int:visit_id>")
@bp.auth_required(auth)
@bp.input(schemas.VisitPatch, location="json")
@bp.output(schemas.VisitOut)
@bp.doc(description="Cần If-Match: ETag đã đọc (thiếu: 428; phiên bản đã cũ: 412).")
@access(WRITE, *RECEPTION_WRITE_ROLES)
def edit_visit(visit_id: int, json_data: dict[str, Any]) -> Any:
    """Sửa các cột sổ của một lượt tiếp (như trang sửa lượt tiếp)."""
    found = reception_queries.get_visit_for(current_user, visit_id)
    version = if_match_version()
    save_checked(found, version, lambda: reception_services.update_visit(found, **json_data))
    return tagged(_visit_json(found), found)


# Letters ----------------------------------------------------------------------------------------------------


def _letter_json(letter: Letter) -> dict[str, Any]:
    fields = _columns(letter, schemas.LetterOut)
    writer = letter_queries.letter_writer(current_user, letter)
    protected = letter.identity_ref_id is not None
    fields.update(
        citizen_id=writer.id if writer is not None else None,
        writer_name=writer.full_name if writer is not None else None,
        identity_protected=protected,
        identity_code=_identity_code(letter.identity_ref_id) if protected and _cleared() else None,
    )
    return fields


@bp.get("/letters")
@bp.auth_required(auth)
@bp.input(schemas.LetterListQuery, location="query")
@bp.output(schemas.LetterPage, links=_first_item_link("getLetter", "get_api_letter", "letter_id"))
@access(READ, *LETTER_READ_ROLES)
def letters(query_data: dict[str, Any]) -> Any:
    """Sổ đơn: đơn trong phạm vi của người dùng, theo thứ tự đã chọn, từng trang."""
    filters = list_filters(letter_queries.LetterFilters, query_data)
    page = letter_queries.list_letters(
        current_user, filters, cursor=query_data.get("after"), limit=query_data["limit"], today=local_today()
    )
    return page_json(page, _letter_json)


@bp.get("/letters/<int:letter_id>")
@bp.auth_required(auth)
@bp.output(schemas.LetterOut)
@access(READ, *LETTER_READ_ROLES)
def letter(letter_id: int) -> Any:
    """Một đơn; người tố cáo không bao giờ được nêu tên (mã danh tính chỉ cho người được cấp quyền)."""
    found = letter_queries.get_letter_for(current_user, letter_id)
    return tagged(_letter_json(found), found)


# Cases ------------------------------------------------------------------------------------------------------


@bp.get("/cases")
@bp.auth_required(auth)
@bp.input(schemas.CaseListQuery, location="query")
@bp.output(schemas.CasePage, links=_first_item_link("getCase", "get_api_case", "case_id"))
@access(READ, *CASE_READ_ROLES)
def cases(query_data: dict[str, Any]) -> Any:
    """Vụ việc trong phạm vi của người dùng, lọc theo trạng thái, loại, lần, cơ quan, người xử lý, quá hạn."""
    filters = list_filters(case_queries.CaseFilters, query_data)
    page = case_queries.list_cases(
        current_user, filters, today=local_today(), cursor=query_data.get("after"), size=query_data["limit"]
    )
    return page_json(page, lambda case: case)


# From a case to each of its transitions with the ETag just read: the stateful fuzz then sends them with a valid
# If-Match (without these links it only ever met 428/412 on the transitions).
CASE_ACTION_LINKS: Any = {
    f"case_{key}": {"operationId": f"post_api_case_{key}",
                    "parameters": {"case_id": "$request.path.case_id", "header.If-Match": "$response.header.ETag"}}
    for key in case_page_actions.ACTIONS
}


@bp.get("/cases/<int:case_id>")
@bp.auth_required(auth)
@bp.output(schemas.CaseOut, links=CASE_ACTION_LINKS)
@access(READ, *CASE_READ_ROLES)
def case(case_id: int) -> Any:
    """Một vụ việc."""
    found = case_queries.get_case_for(current_user, case_id)
    return tagged(found, found)


# Documents --------------------------------------------------------------------------------------------------


def _document_json(document: Document) -> dict[str, Any]:
    return {**_columns(document, schemas.DocumentOut), "has_signed_copy": document.signed_file_path is not None}


@bp.get("/documents")
@bp.auth_required(auth)
@bp.input(schemas.DocumentListQuery, location="query")
@bp.output(
    schemas.DocumentPage,
    links={**_first_item_link("getDocument", "get_api_document", "document_id"),
           **_first_item_link("getDocumentPdf", "get_api_document_pdf", "document_id")},
)
@access(READ, *DOCUMENT_READ_ROLES)
def documents(query_data: dict[str, Any]) -> Any:
    """Sổ văn bản đi, từng trang.

    Văn bản trong phạm vi của người dùng (cơ quan ban hành, giấy tờ của vụ việc mình giải quyết), theo thứ tự
    đã chọn, có tổng số (tối đa 1000)."""
    filters = list_filters(document_queries.DocumentFilters, query_data)
    return page_json(document_queries.list_documents(current_user, filters, after=query_data.get("after")), _document_json)


@bp.get("/documents/<int:document_id>")
@bp.auth_required(auth)
@bp.output(schemas.DocumentOut)
@access(READ, *DOCUMENT_READ_ROLES)
def document(document_id: int) -> Any:
    """Thông tin một văn bản (số, ký hiệu, ngày, người ký, hồ sơ liên quan)."""
    found = document_queries.get_document_for(current_user, document_id)
    return tagged(_document_json(found), found)


@bp.get("/documents/<int:document_id>/pdf")
@bp.auth_required(auth)
@bp.output(FileSchema(), content_type="application/pdf", description="Văn bản như người dùng in trên trang")
@access(READ, *DOCUMENT_READ_ROLES)
def document_pdf(document_id: int) -> Any:
    """Bản in PDF của văn bản.

    Như trang văn bản in cho người dùng này: dự thảo có dấu DỰ THẢO, chưa có số; thông báo cho người tố cáo
    chỉ điền danh tính cho người được cấp quyền."""
    found = document_queries.get_document_for(current_user, document_id)
    response = Response(document_services.print_pdf(found, user=current_user), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{document_services.pdf_filename(found)}"'
    return response


# Reports ----------------------------------------------------------------------------------------------------


@bp.get("/reports")
@bp.auth_required(auth)
@bp.output(schemas.ReportFormOut(many=True))
@access(READ, *REPORT_ROLES)
def report_forms() -> Any:
    """Các biểu báo cáo (mã, mã trong địa chỉ, tên)."""
    out = []
    for code in catalog.form_codes():
        latest = list(catalog.FORMS[code].values())[-1]
        out.append({"code": code, "slug": catalog.slug(code), "title": latest.title, "internal": latest.internal})
    return out


def _period(query: dict[str, Any]) -> periods.ReportPeriod:
    start, end = query.get("date_from"), query.get("date_to")
    if start or end:
        if not (start and end) or query.get("period"):
            abort(422, _("Dùng period, hoặc from và to (cả hai), không dùng cả hai cách."))
        return periods.window(start, end)
    if query.get("period"):
        return periods.parse_period(query["period"])
    return default_period(local_today())


@bp.get("/reports/<string:form_slug>")
@bp.auth_required(auth)
@bp.input(schemas.ReportQuery, location="query")
@bp.output(schemas.ReportOut)
@access(READ, *REPORT_ROLES)
def report(form_slug: str, query_data: dict[str, Any]) -> Any:
    """Số liệu một biểu cho một kỳ.

    Như màn hình báo cáo và `petitions report … --format json`: từng đơn vị, tổng cộng, các cột. Mặc định:
    quý hiện tại, cơ quan của người dùng."""
    code = catalog.code_from_slug(form_slug)
    if code is None:
        abort(404)
    window = _period(query_data)
    agencies_in_scope = scope_agencies(current_user)
    agency = pick_agency(agencies_in_scope, query_data.get("agency", ""), default_id=current_user.agency_id)
    document = report_services.build_report(form_code=code, period=window, agency=agency)
    return to_json(document)


# The case transitions: one operation per action of the case page (petitions.api.case_actions).
case_actions.register(bp)
