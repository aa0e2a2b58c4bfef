"""The lookup page: the code (typed, or from the receipt's QR link) and the PIN, then the matter's stage.

Every failure answers the same page, status and bytes (petitions.lookup.services.look_up decides, logs and
counts); only a field left empty is named, since that says nothing about any code.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, render_template, request, url_for
from flask.typing import ResponseReturnValue

from petitions.extensions import db
from petitions.lookup import services
from petitions.lookup.forms import LookupForm
from petitions.paperwork.codes import normalise_code

bp = Blueprint("lookup", __name__)


@bp.route("/", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    """The form; its POST looks the pair up."""
    if request.method != "POST":  # GET and HEAD
        return render_template("lookup/index.html", form=LookupForm(), failed=False)
    form = LookupForm(request.form)
    if not form.validate():
        # Only an empty field is told apart; a typed code is shown again as the receipts print it.
        form.code.data = normalise_code(form.code.data or "")[:32]
        return render_template("lookup/index.html", form=form, failed=False), 400
    entry = services.look_up(
        code=form.code.data or "",
        pin=form.pin.data or "",
        remote_addr=request.remote_addr,
        counter=current_app.extensions["lookup_counter"],
        limits=current_app.extensions["lookup_limits"],
    )
    db.session.commit()
    if entry is None:
        # A blank form: nothing typed comes back, so that every failure is the same page.
        return render_template("lookup/index.html", form=LookupForm(), failed=True), 400
    links = {
        paper["file"]: url_for("lookup.download", **services.download_args(entry, paper["file"]))
        for paper in entry.papers
        if paper.get("file")
    }
    return render_template("lookup/result.html", entry=entry, links=links)


@bp.route("/van-ban/<token>")
def download(token: str) -> ResponseReturnValue:
    """A paper's signed copy, through the signed, short-lived link the result page gave."""
    file = services.find_download(
        token=token, expires=request.args.get("e", ""), mac=request.args.get("s", ""), remote_addr=request.remote_addr
    )
    if file is None:
        abort(404)
    db.session.commit()
    response = make_response(file.content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{file.file_name}"'
    return response


@bp.route("/<code>")
def from_qr(code: str) -> ResponseReturnValue:
    """The receipt's QR link: the form with the code filled in (only a well-formed code is), the PIN to type."""
    form = LookupForm()
    normalised = normalise_code(code)
    if services.is_well_formed(normalised):
        form.code.data = normalised
    return render_template("lookup/index.html", form=form, failed=False)
