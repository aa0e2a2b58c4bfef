"""Cases (vụ việc): the case list with its filters, the case page with the timeline, the transition forms."""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from petitions.auth.permissions import role_required
from petitions.cases import labels, queries, timeline
from petitions.cases.forms import CaseSearchForm
from petitions.cases.models import CaseFile
from petitions.cases.permissions import READ_ROLES
from petitions.clock import local_today
from petitions.deadlines.models import RecordType
from petitions.deadlines.queries import current_handling_clocks
from petitions.documents import hooks
from petitions.documents.labels import STATUS_LABELS as DOCUMENT_STATUS_LABELS
from petitions.documents.models import Document
from petitions.domain.deadlines import CASE_RESOLUTION_RULE_IDS
from petitions.domain.records import CaseRound, CaseStatus, CaseType
from petitions.domain.text import normalise_text
from petitions.letters.queries import list_officers, list_scope_agencies
from petitions.request_args import int_arg
from petitions.scoping import find_visible

bp = Blueprint("cases", __name__, url_prefix="/cases")

_SEARCH_KEY = "cases_search"

E = TypeVar("E", bound=Enum)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return labels.template_globals()


def _enum_arg(enum: type[E], name: str) -> E | None:
    try:
        return enum(request.args.get(name, ""))
    except ValueError:
        return None


def _filters_from_args() -> queries.CaseFilters:
    sort = request.args.get("sort", "")
    return queries.CaseFilters(
        text=session.get(_SEARCH_KEY, ""),
        status=_enum_arg(CaseStatus, "status"),
        case_type=_enum_arg(CaseType, "type"),
        case_round=_enum_arg(CaseRound, "round"),
        agency_id=int_arg("agency"),
        handler_id=int_arg("handler"),
        overdue=request.args.get("overdue") == "1",
        sort=sort if sort in queries.SORTS else "opened_desc",
    )


def _filter_args(filters: queries.CaseFilters) -> dict[str, str]:
    """The filters as query-string arguments (for the next page); never the search term."""
    values = {
        "status": filters.status.value if filters.status else None,
        "type": filters.case_type.value if filters.case_type else None,
        "round": filters.case_round.value if filters.case_round else None,
        "agency": filters.agency_id,
        "handler": filters.handler_id,
        "overdue": "1" if filters.overdue else None,
        "sort": filters.sort if filters.sort != "opened_desc" else None,
    }
    return {key: str(value) for key, value in values.items() if value is not None}


@bp.route("/")
@role_required(*READ_ROLES)
def index() -> ResponseReturnValue:
    """The case list: filters and order in the query string, the title search from the session (POST)."""
    today = local_today()
    filters = _filters_from_args()
    page = queries.list_cases(current_user, filters, today=today, cursor=request.args.get("after"))
    return render_template(
        "cases/index.html",
        page=page,
        due=current_handling_clocks(
            RecordType.CASE, [case.id for case in page.rows], listed=True, rule_ids=CASE_RESOLUTION_RULE_IDS
        ),
        filters=filters,
        filter_args=_filter_args(filters),
        search=CaseSearchForm(text=filters.text),
        statuses=list(CaseStatus),
        officers=list_officers(current_user),
        agencies=list_scope_agencies(current_user),
        today=today,
    )


@bp.route("/search", methods=["POST"])
@role_required(*READ_ROLES)
def search() -> ResponseReturnValue:
    """Keep the search term out of URLs: it goes to the session, then back to the list (PRG)."""
    form = CaseSearchForm()
    if form.validate_on_submit():
        text = normalise_text(form.text.data)
        if text:
            session[_SEARCH_KEY] = text
        else:
            session.pop(_SEARCH_KEY, None)
    return redirect(url_for("cases.index"))


@bp.route("/<int:case_id>")
@role_required(*READ_ROLES)
def detail(case_id: int) -> ResponseReturnValue:
    return _render_detail(queries.get_case_for(current_user, case_id))


def _render_detail(case: CaseFile, *, status: int = 200, **context: Any) -> ResponseReturnValue:
    today = local_today()
    data = timeline.load_case_page(current_user, case, today=today)
    return render_template(
        "cases/detail.html",
        case=case,
        data=data,
        history=[(entry, timeline.history_line(entry, data.history_names)) for entry in data.history],
        today=today,
        document_status_labels=DOCUMENT_STATUS_LABELS,
        outcome_rows=labels.OUTCOME_ROWS,
        **context,
    ), status


def _document_links(document: Document, user: Any) -> list[hooks.Link]:
    """The document page's link back to the case of a case paper (petitions.documents.hooks), if the user may
    see the case."""
    case = find_visible(queries.visible_cases(user), document.record_id)
    if case is None:
        return []
    return [hooks.Link(_case_title(case), url_for("cases.detail", case_id=case.id))]


def _case_title(case: CaseFile) -> str:
    return _("Vụ việc số %(id)d", id=case.id)


for _record_type in timeline.CASE_RECORD_TYPES:
    hooks.on_links(_record_type, _document_links)
