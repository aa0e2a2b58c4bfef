"""Agency performance pages (/performance/): the ranking of the bodies the user's office sent items to, for a
preset period or any window, with its method; each figure's drill-down list (keyset pages); the ranking as PDF
and as .xlsx. Every body id is loaded through the office's scope (404 outside it)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from petitions.auth.permissions import role_required
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.domain.performance import PERCENTILE
from petitions.extensions import db
from petitions.performance import queries, services
from petitions.performance.permissions import PERFORMANCE_ROLES
from petitions.report_periods import period_args, period_from_request, presets
from petitions.request_args import int_arg

bp = Blueprint("performance", __name__, url_prefix="/performance")

DOWNLOADS = {
    "pdf": ("application/pdf", services.ranking_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", services.ranking_xlsx),
}


def _office() -> Agency:
    if current_user.agency_id is None:
        abort(404)
    office = db.session.get(Agency, current_user.agency_id)
    assert office is not None
    return office


@bp.route("/")
@role_required(*PERFORMANCE_ROLES)
def index() -> ResponseReturnValue:
    """The ranking for the window asked for (?period=2026-Q3 or ?from=…&to=…; today's quarter by default)."""
    period, error = period_from_request()
    as_of = local_today()
    ranking = services.build_ranking(current_user, _office(), period, as_of=as_of)
    query = period_args(period, error)
    return render_template(
        "performance/index.html",
        ranking=ranking,
        period=period,
        error=error,
        query=query,
        # Each figure's list for the window; a row appends its body (one url_for per figure, not per cell).
        figure_urls={f.value: url_for("performance.items", figure=f.value, **query) for f in queries.Figure},
        presets=presets(as_of),
        percentile=PERCENTILE,
        format_mean=services.format_mean,
    ), 400 if error else 200  # an unreadable window: the page with its warning, answered 400


@bp.route("/ranking.<fmt>")
@role_required(*PERFORMANCE_ROLES)
def download(fmt: str) -> ResponseReturnValue:
    """The ranking as PDF (landscape table) or .xlsx; an unreadable window is refused (400)."""
    if fmt not in DOWNLOADS:
        abort(404)
    period, error = period_from_request()
    if error:
        abort(400)
    ranking = services.build_ranking(current_user, _office(), period, as_of=local_today())
    mimetype, render = DOWNLOADS[fmt]
    filename = f"hieu-qua-co-quan-{period.code.replace('..', '_')}.{fmt}"
    return Response(render(ranking), mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/items/<figure>")
@role_required(*PERFORMANCE_ROLES)
def items(figure: str) -> ResponseReturnValue:
    """The items behind one figure of a body (?body=ID; none: every body, the total row) for the same window
    (?period= or ?from=&to=): a keyset-paged list whose length is the figure."""
    try:
        chosen = queries.Figure(figure)
    except ValueError:
        abort(404)
    body = None
    if request.args.get("body"):
        body_id = int_arg("body")
        body = queries.get_body_for(current_user, body_id if body_id is not None else 0)
    period, error = period_from_request()
    as_of = local_today()
    page = queries.figure_page(
        current_user, chosen, body.id if body else None, period, as_of=as_of, after=request.args.get("after")
    )
    due: dict[int, Any] = {}
    taken: dict[int, int | None] = {}
    if chosen in (queries.Figure.ANSWERED, queries.Figure.ON_TIME, queries.Figure.LATE):
        due = queries.due_dates([r.id for r in page.rows])
        taken = services.days_taken(page.rows)
    return render_template(
        "performance/items.html",
        figure=chosen,
        body=body,
        period=period,
        error=error,
        as_of=as_of,
        page=page,
        due=due,
        taken=taken,
        query=period_args(period, error),
    ), 400 if error else 200
