"""Revealing a protected identity: cleared users only, with a purpose, always logged."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from petitions.auth.clearance import has_identity_clearance
from petitions.auth.events import record_event
from petitions.auth.permissions import role_required
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.vault import services
from petitions.vault.forms import RevealForm
from petitions.vault.queries import get_identity_ref_for

bp = Blueprint("vault", __name__, url_prefix="/vault")


@bp.route("/<code>/reveal", methods=["GET", "POST"])
@role_required(Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER)
def reveal(code: str) -> ResponseReturnValue:
    """Ask the purpose, then show the identity (or where the paper file is).

    The identity is shown in the POST response on purpose, not after a redirect: it must never
    be reachable again by a GET (history, back button); the page is sent with no-store.
    """
    ref = get_identity_ref_for(current_user, code)
    if not has_identity_clearance(current_user):
        record_event("identity_reveal_refused", user=current_user, detail=f"ref={ref.code} reason=no_clearance")
        db.session.commit()
        abort(403)
    form = RevealForm()
    if form.validate_on_submit():
        try:
            revealed = services.reveal(ref, user=current_user, purpose=form.purpose.data or "")
        except services.RevealRefused as refused:
            db.session.commit()
            form.purpose.errors.append(str(refused))
        else:
            db.session.commit()
            return render_template("vault/revealed.html", revealed=revealed)
    return render_template("vault/reveal.html", form=form, ref=ref)
