"""Report screens: choose a form and a period, see the table for the user's scope, download PDF/Excel/JSON."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from petitions.auth.permissions import role_required
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.domain.statistics import FormDefinition, InconsistentForm
from petitions.report_periods import period_args, period_from_request, presets
from petitions.reports import catalog, services
from petitions.reports.excel import render_xlsx
from petitions.reports.outputs import PlacedHeader, json_bytes, placed_header, render_pdf
from petitions.reports.permissions import REPORT_ROLES
from petitions.reports.queries import UnclassifiedLetters
from petitions.scoping import scope_agencies

bp = Blueprint("reports", __name__, url_prefix="/reports")

DOWNLOADS = {
    "pdf": ("application/pdf", render_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
    "json": ("application/json", json_bytes),
}


def _scoped_agencies() -> list[Agency]:
    return scope_agencies(current_user, order_by=Agency.code)


def _agency_from_request(agencies: list[Agency]) -> Agency:
    """The user's agency, or one below it named by ?agency=CODE; outside the scope: 404."""
    code = request.args.get("agency", "").strip()
    if not agencies:
        abort(404)
    if not code:
        return next((a for a in agencies if a.id == current_user.agency_id), agencies[0])
    chosen = next((a for a in agencies if a.code == code), None)
    if chosen is None:
        abort(404)
    return chosen


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
    return render_template("reports/index.html", forms=forms, presets=presets(local_today()))


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
