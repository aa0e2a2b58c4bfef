"""Home page (what the user's role can do), health check and the language switch."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from petitions.auth.permissions import safe_next_url
from petitions.extensions import db

bp = Blueprint("main", __name__)


@bp.route("/")
def index() -> ResponseReturnValue:
    return render_template("main/index.html")


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
