"""The letter register page: choose an agency of the user's scope and a date range, see how many letters
the register holds, download it as PDF or Excel."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from petitions.auth.permissions import role_required
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.extensions import db
from petitions.letter_register import forms, services
from petitions.letter_register.permissions import REGISTER_ROLES
from petitions.letter_register.queries import count_register_letters
from petitions.request_args import parse_id
from petitions.scoping import get_visible_or_404, scope_agencies, visible_agencies

bp = Blueprint("letter_register", __name__, url_prefix="/letter-register")

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen_agency(value: str | None) -> Agency:
    """The agency whose register is printed: the user's own by default, else one of their scope (404
    outside it, like a missing one)."""
    agency_id = parse_id(value)
    if agency_id is None:
        agency_id = current_user.agency_id
    return get_visible_or_404(visible_agencies(current_user), agency_id)


@bp.route("/")
@role_required(*REGISTER_ROLES)
def index() -> ResponseReturnValue:
    """The register of an agency for a date range; with ?download the PDF or Excel file, else the form
    and the number of letters it would hold."""
    if current_user.agency_id is None:
        abort(403)
    today = local_today()
    form = forms.RegisterForm(request.args if request.args else None)
    form.agency.choices = [SelectChoice(str(a.id), a.name) for a in scope_agencies(current_user)]
    if not request.args:
        form.agency.data = str(current_user.agency_id)
        form.date_from.data = today.replace(day=1)
        form.date_to.data = today
    agency = _chosen_agency(form.agency.data)
    count = None
    if request.args and form.validate():
        start: date = form.date_from.data
        end: date = form.date_to.data
        if "download" in request.args:
            fmt = form.fmt.data if form.fmt.data in services.FORMATS else "pdf"
            data = services.letter_register(agency, date_from=start, date_to=end, fmt=fmt, user=current_user)
            db.session.commit()  # keeps the vault's reveal log of a cleared reader
            name = f"so-tiep-nhan-xu-ly-don-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
            disposition = "inline" if fmt == "pdf" else "attachment"
            return Response(
                data,
                mimetype="application/pdf" if fmt == "pdf" else XLSX_MIMETYPE,
                headers={"Content-Disposition": f'{disposition}; filename="{name}"', "Cache-Control": "no-store"},
            )
        count = count_register_letters(agency.id, start, end)
    status = 400 if request.args and form.errors else 200
    return (
        render_template(
            "letter_register/index.html", form=form, agency=agency, count=count, title=_("Sổ tiếp nhận, xử lý đơn")
        ),
        status,
    )
