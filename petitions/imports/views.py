"""The import page (an office's leader or reception officer imports a book), the template download, and the
mapping table (kept by the administrator or a leader)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from petitions.auth.permissions import role_required
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.imports import jobs as import_jobs
from petitions.imports import services
from petitions.imports.forms import ImportForm, MappingForm
from petitions.imports.labels import KIND_LABELS, mapping_targets
from petitions.imports.layout import SHEETS, MappingKind
from petitions.imports.models import ImportMapping
from petitions.imports.template import template_bytes
from petitions.jobs.models import JobStatus
from petitions.jobs.queries import get_job_for
from petitions.scoping import scope_agencies

bp = Blueprint("imports", __name__, url_prefix="/imports")

IMPORT_ROLES = (Role.LEADER, Role.RECEPTION_OFFICER)
MAPPING_ROLES = (Role.ADMIN, Role.LEADER)


@bp.route("/", methods=["GET", "POST"])
@login_required
@role_required(*IMPORT_ROLES)
def index() -> ResponseReturnValue:
    form = ImportForm()
    form.agency.choices = [SelectChoice(agency.id, agency.name) for agency in scope_agencies(current_user)]
    if request.method == "GET":
        form.agency.data = current_user.agency_id
    result = None
    if form.validate_on_submit():
        upload = form.book.data
        content = upload.read()
        name = upload.filename or "so.xlsx"
        if len(content) > current_app.config["IMPORT_INLINE_MAX_BYTES"]:
            # A large book runs in the background; its page follows the progress and shows the same result.
            job = import_jobs.start_import(
                content, file_name=name, agency_id=form.agency.data, dry_run=form.dry_run.data, user=current_user
            )
            db.session.commit()
            return redirect(url_for("imports.run", job_id=job.id))
        result = services.import_book(
            content, file_name=name, agency_id=form.agency.data, actor=current_user, dry_run=form.dry_run.data
        )
    page = render_template(
        "imports/index.html", form=form, result=result, summary=services.describe(result) if result else None,
        sheets=SHEETS, kind_labels=KIND_LABELS,
    )
    return page, 400 if request.method == "POST" and result is None else 200


@bp.route("/runs/<int:job_id>")
@login_required
@role_required(*IMPORT_ROLES)
def run(job_id: int) -> ResponseReturnValue:
    """A background import: its progress while it runs (the page reloads itself), then its result."""
    job = get_job_for(current_user, job_id)
    if job.kind != import_jobs.KIND:
        abort(404)
    result = import_jobs.result_of(job)
    return render_template(
        "imports/run.html", job=job, progress=import_jobs.progress_of(job), result=result,
        summary=services.describe(result) if result else None, kind_labels=KIND_LABELS,
        finished=job.status in (JobStatus.DONE, JobStatus.FAILED),
    )


@bp.route("/template.xlsx")
@login_required
@role_required(*IMPORT_ROLES, *MAPPING_ROLES)
def template() -> ResponseReturnValue:
    return Response(
        template_bytes(mapping_targets(current_user)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="mau-so-nhap.xlsx"'},
    )


def _mapping_forms(bound: tuple[MappingKind, MappingForm] | None) -> dict[MappingKind, MappingForm]:
    targets = mapping_targets(current_user)
    forms = {}
    for kind in MappingKind:
        form = bound[1] if bound and bound[0] is kind else MappingForm(prefix=kind.value, formdata=None)
        form.target.choices = [SelectChoice(code, words) for code, words in targets[kind].items()]
        forms[kind] = form
    return forms


@bp.route("/mappings", methods=["GET", "POST"])
@login_required
@role_required(*MAPPING_ROLES)
def mappings() -> ResponseReturnValue:
    bound = None
    if request.method == "POST":
        try:
            kind = MappingKind(request.form.get("kind", ""))
        except ValueError:
            kind = MappingKind.VISIT_CLASS
        bound = (kind, MappingForm(prefix=kind.value))
    forms = _mapping_forms(bound)
    if bound is not None and bound[1].validate_on_submit():
        kind, form = bound
        try:
            services.add_mapping(kind=kind, source_text=form.source_text.data, target=form.target.data,
                                 actor=current_user)
        except DomainError as refused:
            form.source_text.errors = [*form.source_text.errors, str(refused)]
        else:
            db.session.commit()
            flash(_("Đã lưu ánh xạ."), "success")
            return redirect(url_for("imports.mappings"))
    rows = db.session.scalars(sa.select(ImportMapping).order_by(ImportMapping.kind, ImportMapping.source_folded)).all()
    prefill = {kind: request.args.get(kind.value, "") for kind in MappingKind}
    for kind, text in prefill.items():
        if text and (bound is None or bound[0] is not kind):
            forms[kind].source_text.data = text
    return render_template(
        "imports/mappings.html", forms=forms, rows=rows, kind_labels=KIND_LABELS, delete_form=FlaskForm(),
        targets=mapping_targets(current_user),
    )


@bp.route("/mappings/<int:mapping_id>/delete", methods=["POST"])
@login_required
@role_required(*MAPPING_ROLES)
def delete_mapping(mapping_id: int) -> ResponseReturnValue:
    # The CSRF token is checked by CSRFProtect before the view runs; an unknown id answers 404 (errors.py).
    services.delete_mapping(mapping_id)
    db.session.commit()
    flash(_("Đã xóa ánh xạ."), "success")
    return redirect(url_for("imports.mappings"))
