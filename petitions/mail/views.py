"""The administrator's outbox page: every notification e-mail with its status, attempts and last error."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue

from petitions import request_args
from petitions.auth.permissions import role_required
from petitions.domain.types import Role
from petitions.mail import exports as exports  # noqa: F401  (registers the outbox's export)
from petitions.mail import queries
from petitions.mail import services as services  # noqa: F401  (registers the after-commit sender with the app)
from petitions.mail.models import MailStatus
from petitions.paging import keyset_page

bp = Blueprint("mail", __name__, url_prefix="/mail")


@bp.route("/")
@role_required(Role.ADMIN)
def outbox() -> ResponseReturnValue:
    status = request_args.enum_arg(MailStatus, "status")
    page = keyset_page(
        queries.outbox_query(status), queries.OUTBOX_ORDER, after=request.args.get("after"),
        list_key=f"mail.outbox:{status or ''}", count_total=True,
    )
    return render_template(
        "mail/outbox.html", page=page, status=status, statuses=list(MailStatus),
        counts=queries.count_by_status(), numbers=queries.document_numbers(page.rows),
        configured=bool((current_app.config.get("MAIL_SERVER") or "").strip()),
    )
