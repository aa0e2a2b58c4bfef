"""Home page (the user's worklist, "Việc của tôi"), a worklist section's own paged list, the icon, health check
and the language switch."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user

from petitions.auth.permissions import safe_next_url
from petitions.clock import local_today
from petitions.extensions import db
from petitions.main import exports as exports  # noqa: F401  (registers the worklist sections' export)
from petitions.main import worklist

bp = Blueprint("main", __name__)


@bp.route("/")
def index() -> ResponseReturnValue:
    """The worklist: each section of the user's role with its count and first letters."""
    today = local_today()
    sections = worklist.worklist(current_user, today)
    return render_template("main/index.html", sections=sections, today=today)


@bp.route("/worklist/<key>")
def worklist_section(key: str) -> ResponseReturnValue:
    """One section of the worklist, paged (keyset cursor in ?after)."""
    section = worklist.SECTIONS_BY_KEY.get(key)
    if section is None or current_user.role not in section.roles:
        abort(404)
    today = local_today()
    page = worklist.section_page(
        current_user, section, worklist.window_for(today, current_user), after=request.args.get("after")
    )
    return render_template("main/worklist_section.html", item=page, today=today)


@bp.route("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """Browsers ask for /favicon.ico on every page (PDFs and downloads included, where no <link> names the
    icon): answer with the vendored icon instead of a 404 in every log."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.route("/healthz")
def healthz() -> tuple[Response, int]:
    """Load balancers ask this: 200 when the database answers, 503 otherwise; no details."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not healthy"; the log has the cause
        current_app.logger.exception("health check failed")
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok"), 200


@bp.route("/language", methods=["POST"])
def set_language() -> ResponseReturnValue:
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next_url(request.form.get("next")) or url_for("main.index"))
