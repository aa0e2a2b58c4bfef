"""Report screens: choose a form and a period, see the table for the user's scope, download PDF/Excel/JSON."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from petitions.auth.permissions import role_required
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.documents import hooks
from petitions.documents.models import Document
from petitions.documents.permissions import DRAFT_ROLES, can
from petitions.domain import report_narrative
from petitions.domain.records import LetterStatus
from petitions.domain.statistics import FactsWithoutRow, FormDefinition, InconsistentForm, LetterKind
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.report_periods import default_period, period_args, period_from_request, presets
from petitions.reports import catalog, cover, dashboard_drilldown, drilldown, services, submission_views
from petitions.reports import dashboard as dashboards
from petitions.reports.excel import render_xlsx
from petitions.reports.outputs import PlacedHeader, json_bytes, placed_header, render_pdf
from petitions.reports.permissions import REPORT_ROLES
from petitions.reports.queries import UnclassifiedLetters
from petitions.request_args import int_arg
from petitions.scoping import pick_agency, scope_agencies

bp = Blueprint("reports", __name__, url_prefix="/reports")
submission_views.register(bp)  # nộp báo cáo: /reports/set/submit, /reports/submissions/…

DOWNLOADS = {
    "pdf": ("application/pdf", render_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
    "json": ("application/json", json_bytes),
}


@bp.app_template_global()
def form_heading(code: str) -> str:
    """A form's name on the screens: "Biểu số 01/TCD", or "Bảng nội bộ AN/NB" for an office's internal table."""
    generations = catalog.FORMS.get(code)
    if generations and next(iter(generations.values())).internal:
        return _("Bảng nội bộ %(code)s", code=code)
    return _("Biểu số %(code)s", code=code)


def _scoped_agencies() -> list[Agency]:
    return scope_agencies(current_user, order_by=Agency.code)


def _agency_from_request(agencies: list[Agency]) -> Agency:
    """The user's agency, or one below it named by ?agency=CODE; outside the scope: 404."""
    return pick_agency(agencies, request.args.get("agency", "").strip(), default_id=current_user.agency_id)


def _form_code(form_slug: str) -> str:
    code = catalog.code_from_slug(form_slug)
    if code is None:
        abort(404)
    return code


def _header_rows(form: FormDefinition) -> list[list[PlacedHeader]]:
    cells = placed_header(form)
    depth = max(c.row + c.rowspan for c in cells)
    return [sorted((c for c in cells if c.row == r), key=lambda c: c.col) for r in range(depth)]


@bp.route("/")
@role_required(*REPORT_ROLES)
def index() -> ResponseReturnValue:
    """The forms available and their period chooser."""
    forms = [(catalog.slug(code), code, generations) for code, generations in catalog.FORMS.items()]
    today = local_today()
    return render_template(
        "reports/index.html", forms=forms, presets=presets(today), current=default_period(today)
    )


@bp.route("/<form_slug>")
@role_required(*REPORT_ROLES)
def show(form_slug: str) -> ResponseReturnValue:
    """The form on screen for the user's agency (or one below it), with the checks and downloads."""
    code = _form_code(form_slug)
    agencies = _scoped_agencies()
    agency = _agency_from_request(agencies)
    period, error = period_from_request()
    refused: InconsistentForm | None = None
    problem: str | None = None  # the data the form cannot count yet (petitions.reports.queries.UnclassifiedLetters)
    document = None
    try:
        document = services.build_report(form_code=code, period=period, agency=agency)
    except InconsistentForm as failure:
        refused = failure
    except UnclassifiedLetters as unplaced:
        problem = str(unplaced)
    query = {"agency": agency.code} | period_args(period, error)
    return render_template(
        "reports/show.html",
        code=code,
        form_slug=form_slug,
        document=document,
        refused=refused,
        problem=problem,
        error=error,
        period=period,
        agency=agency,
        agencies=agencies,
        presets=presets(local_today()),
        header_rows=_header_rows(catalog.form_for(code, period)),
        query=query,
    ), 400 if error else 200  # an unreadable window: the page with its warning, answered 400


@bp.route("/<form_slug>/records")
@role_required(*REPORT_ROLES)
def records(form_slug: str) -> ResponseReturnValue:
    """The records one figure of the form counts (?column=N; ?unit=ID for a row, none for the total row; the form's
    ?agency= and window), a page at a time: the list's length (or its amounts' sum) is the figure."""
    code = _form_code(form_slug)
    column = int_arg("column")
    period, error = period_from_request()
    if error:
        abort(400)
    if column is None:
        abort(404)
    problem: str | None = None
    result = None
    try:
        result = drilldown.records_page(
            current_user, form_code=code, period=period, agency_code=request.args.get("agency") or None,
            unit=request.args.get("unit") or None, column=column, after=request.args.get("after"),
        )
    except drilldown.NoSuchCell:
        abort(404)
    except (UnclassifiedLetters, FactsWithoutRow) as unplaced:
        problem = str(unplaced)
    return render_template(
        "reports/records.html",
        code=code,
        form_slug=form_slug,
        result=result,
        problem=problem,
        period=period,
        query={"agency": request.args.get("agency", "")} | period_args(period),
    )


@bp.route("/<form_slug>/download/<fmt>")
@role_required(*REPORT_ROLES)
def download(form_slug: str, fmt: str) -> ResponseReturnValue:
    """The form as PDF, Excel or JSON; an inconsistent form is refused (409) with the failing sums."""
    code = _form_code(form_slug)
    if fmt not in DOWNLOADS:
        abort(404)
    agency = _agency_from_request(_scoped_agencies())
    period, error = period_from_request()
    if error:
        abort(400)
    try:
        document = services.build_report(form_code=code, period=period, agency=agency)
        mimetype, render = DOWNLOADS[fmt]
        data = render(document)
    except (InconsistentForm, UnclassifiedLetters) as refused:
        return Response(str(refused), status=409, mimetype="text/plain")
    filename = f"{catalog.slug(code)}-{period.code.replace('..', '_')}.{fmt}"
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


# ------------------------------------------------------------------------------------- the whole report


SET_DOWNLOADS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@bp.route("/set")
@role_required(*REPORT_ROLES)
def report_set() -> ResponseReturnValue:
    """The period's whole report: the cover report's narrative (or why the period has none), its paper in the
    register, every form's figures at a glance, and the set to download or print."""
    agencies = _scoped_agencies()
    agency = _agency_from_request(agencies)
    period, error = period_from_request()
    refused: InconsistentForm | None = None
    problem: str | None = None
    report = None
    try:
        report = cover.build_set(agency=agency, period=period)
    except InconsistentForm as failure:
        refused = failure
    except UnclassifiedLetters as unplaced:
        problem = str(unplaced)
    return render_template(
        "reports/set.html",
        report=report,
        refused=refused,
        problem=problem,
        error=error,
        period=period,
        agency=agency,
        agencies=agencies,
        presets=presets(local_today()),
        has_cover=report_narrative.has_cover_report(period),
        tables_only_reason=report_narrative.tables_only_reason(period),
        may_draft=can(current_user, DRAFT_ROLES),
        query={"agency": agency.code} | period_args(period, error),
        slug=catalog.slug,
        submission=submission_views.set_panel(report) if report is not None and not error else None,
    ), 400 if error else 200


@bp.route("/set/download/<fmt>")
@role_required(*REPORT_ROLES)
def set_download(fmt: str) -> ResponseReturnValue:
    """The whole set as one PDF (cover, then forms), one workbook (a sheet per form) or one JSON object."""
    if fmt not in SET_DOWNLOADS:
        abort(404)
    agency = _agency_from_request(_scoped_agencies())
    period, error = period_from_request()
    if error:
        abort(400)
    try:
        data = cover.RENDERERS[fmt](cover.build_set(agency=agency, period=period))
    except (InconsistentForm, UnclassifiedLetters) as refused:
        return Response(str(refused), status=409, mimetype="text/plain")
    filename = f"bao-cao-{agency.code.lower()}-{period.code.replace('..', '_')}.{fmt}"
    return Response(
        data, mimetype=SET_DOWNLOADS[fmt], headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.route("/set/draft", methods=["POST"])
@role_required(*DRAFT_ROLES)
def draft_cover() -> ResponseReturnValue:
    """Write the period's báo cáo into the register as a draft; the register issues it (and numbers it)."""
    agency = _agency_from_request(_scoped_agencies())
    period, error = period_from_request()
    if error:
        abort(400)
    try:
        document = cover.draft_cover(agency=agency, period=period, actor=current_user)
    except DomainError as refused:
        db.session.rollback()
        flash(str(refused), "danger")
        return redirect(url_for("reports.report_set", **({"agency": agency.code} | period_args(period))))
    db.session.commit()
    flash(_("Đã lập dự thảo báo cáo trong sổ văn bản đi; ban hành văn bản để lấy số."), "success")
    return redirect(url_for("documents.detail", document_id=document.id))


def _cover_links(document: Document, user: object) -> list[hooks.Link]:
    """A báo cáo in the register links to its period's whole report (for a user who may see reports)."""
    if document.doc_type != cover.COVER_DOC_TYPE or getattr(user, "role", None) not in REPORT_ROLES:
        return []
    window = (document.body_data or {}).get("report") or {}
    agency = db.session.get(Agency, document.record_id) if document.record_id is not None else None
    if agency is None or not window.get("from") or not window.get("to"):
        return []
    args = {"period": window["period"]} if window.get("period") and ".." not in window["period"] else {
        "from": window["from"], "to": window["to"]
    }
    return [hooks.Link(_("Báo cáo cả kỳ và các biểu kèm theo"), url_for("reports.report_set", agency=agency.code, **args))]


hooks.on_links(cover.RECORD_TYPE, _cover_links)


# ------------------------------------------------------------------------------------- the leaders' dashboard


# The dashboard is the leaders' (the menu offers it to them alone); the forms and their drill-downs stay open to
# every role that reads reports.
DASHBOARD_ROLES = (Role.LEADER,)


@bp.route("/dashboard")
@role_required(*DASHBOARD_ROLES)
def dashboard() -> ResponseReturnValue:
    """The period against the one before, the monthly trend and what is overdue per body, for the user's agency
    (or one below it), drawn from the same JSON /reports/dashboard.json answers."""
    agencies = _scoped_agencies()
    agency = _agency_from_request(agencies)
    period, error = period_from_request()
    data = dashboards.as_json(dashboards.build_dashboard(user=current_user, agency=agency, period=period))
    return render_template(
        "reports/dashboard.html",
        data=data,
        error=error,
        period=period,
        agency=agency,
        agencies=agencies,
        presets=presets(local_today()),
        query={"agency": agency.code} | period_args(period, error),
    ), 400 if error else 200


@bp.route("/dashboard.json")
@role_required(*DASHBOARD_ROLES)
def dashboard_json() -> ResponseReturnValue:
    """The dashboard's figures as JSON (?period=2026-Q3 or ?from=…&to=…, ?agency=CODE); a bad period is 400."""
    agency = _agency_from_request(_scoped_agencies())
    period, error = period_from_request()
    if error:
        abort(400)
    data = dashboards.as_json(dashboards.build_dashboard(user=current_user, agency=agency, period=period))
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/json")


@bp.route("/dashboard/records")
@role_required(*DASHBOARD_ROLES)
def dashboard_records() -> ResponseReturnValue:
    """The records a dashboard figure counts that is not one column of a form (?figure=reception.cases_first,
    type.KN, outcome.accepted; the dashboard's ?agency= and window), a page at a time, on the drill-down's page."""
    figure = request.args.get("figure", "")
    group, _dot, key = figure.partition(".")
    period, error = period_from_request()
    if error:
        abort(400)
    agency_code, after = request.args.get("agency") or None, request.args.get("after")
    problem: str | None = None
    result = None
    try:
        if group == "reception" and (found := next((f for f in dashboards.RECEPTION_FIGURES if f[0] == key), None)):
            code, columns = dashboards.source_columns(found[2])
            result = dashboard_drilldown.columns_page(
                current_user, form_code=code, columns=columns, label=str(found[1]), period=period,
                agency_code=agency_code, after=after,
            )
        elif group == "type" and key in {kind.value for kind in dashboards.KIND_LABELS}:
            kind = LetterKind(key)
            result = dashboard_drilldown.letter_type_page(
                current_user, kind=kind, label=str(dashboards.KIND_LABELS[kind]), period=period,
                agency_code=agency_code, after=after,
            )
        elif group == "outcome" and (outcome := _outcome(key)) is not None:
            result = dashboard_drilldown.outcome_page(
                current_user, outcome=outcome, label=str(dashboards.OUTCOME_LABELS[outcome]), period=period,
                agency_code=agency_code, after=after,
            )
        else:
            abort(404)
    except drilldown.NoSuchCell:
        abort(404)
    except (UnclassifiedLetters, FactsWithoutRow) as unplaced:
        problem = str(unplaced)
    query = {"agency": request.args.get("agency", "")} | dashboards.window_args(period)
    return render_template(
        "reports/records.html",
        code=result.cell.form.code if result else "01/XLD",
        form_slug=None,
        result=result,
        problem=problem,
        period=period,
        query=query,
        back=(url_for("reports.dashboard", **query), _("Bảng số liệu điều hành")),
    )


def _outcome(key: str) -> LetterStatus | str | None:
    """A dashboard outcome named in a URL (a LetterStatus value, or dashboard_queries.UNRECORDED), or None."""
    return next((outcome for outcome in dashboards.OUTCOME_LABELS if str(outcome) == key), None)
