"""Paperwork screens: a visit's papers (receipt with its PIN shown once, record of statement, appointment
slip, refusal notice draft), a leader's session conclusion notice draft, and the printed reception book.

Every visit and session is loaded through reception's scoped loaders (404 outside the user's scope).
The receipt's PIN exists in clear only in the answer to the POST that issued it: that page shows it
once and prints the first copy by posting it back (checked against the stored hash); the issuing officer may
print the citizen's copy again in the same sign-in session (the PIN sealed for it: paperwork.pin_seal); other
reprints say the PIN was printed the first time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from petitions.auth.forms import ConfirmForm
from petitions.auth.permissions import role_required
from petitions.clock import local_today
from petitions.concurrency import save_versioned
from petitions.documents.labels import STATUS_LABELS
from petitions.domain.paperwork import parse_items
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_context
from petitions.paperwork import codes, forms, pin_seal, services
from petitions.paperwork.forms import FirstPrintForm
from petitions.paperwork.permissions import BOOK_ROLES, SESSION_PAPER_ROLES, VISIT_PAPER_ROLES
from petitions.paperwork.queries import count_book_visits, session_visits
from petitions.reception.models import ReceptionSession, Visit
from petitions.reception.queries import get_session_for, get_visit_for, visible_sessions

bp = Blueprint("paperwork", __name__, url_prefix="/paperwork")

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pdf(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _slip_name(kind: str, visit: Visit) -> str:
    return f"{kind}-{visit.agency.code}-{visit.book_year}-{visit.book_number}.pdf"


def _visit(visit_id: int) -> Visit:
    return get_visit_for(current_user, visit_id)


# ------------------------------------------------------------------------------------------- a visit's papers


def _papers_page(visit: Visit, *, appointment: forms.AppointmentForm | None = None, status: int = 200) -> ResponseReturnValue:
    receipt = services.get_receipt(visit)
    if appointment is None:
        appointment = forms.AppointmentForm()
        appointment.on.data = local_today() + timedelta(days=7)
        appointment.at.data = time(8, 0)
        appointment.place.data = services._place_of(visit)
    return (
        render_template(
            "paperwork/visit.html",
            visit=visit,
            receipt=receipt,
            # The issuing officer, in the same sign-in session, may print the citizen's copy again (with its PIN).
            citizen_copy=FirstPrintForm() if receipt and pin_seal.sealed_pin(visit.id, receipt.pin_hash) else None,
            appointment=appointment,
            confirm=ConfirmForm(),
            can_refuse=services.can_have_refusal_notice(visit),
            can_record_statement=services.can_have_statement(visit),
            refusals=services.refusal_documents(visit),
            status_labels=STATUS_LABELS,
        ),
        status,
    )


@bp.route("/visits/<int:visit_id>")
@role_required(*VISIT_PAPER_ROLES)
def visit_papers(visit_id: int) -> ResponseReturnValue:
    """The papers of a visit: what was printed and the buttons to print the rest."""
    return _papers_page(_visit(visit_id))


@bp.route("/visits/<int:visit_id>/receipt", methods=["GET", "POST"])
@role_required(*VISIT_PAPER_ROLES)
def receipt(visit_id: int) -> ResponseReturnValue:
    """Issue the receipt (again: the same lookup code, a new PIN) for the documents handed over."""
    visit = _visit(visit_id)
    existing = services.get_receipt(visit)
    issued_count = existing.pin_issue_count if existing is not None else 0
    form = forms.ReceiptForm()
    if request.method == "GET":
        known = (
            services.receipt_items(existing)
            if existing is not None
            else parse_items(visit.documents_handed)
        )
        form.fill(known)
        form.copies.data = existing.copies if existing is not None else 2
        form.issued.data = str(issued_count)
    elif form.validate_on_submit():
        if form.issued.data != str(issued_count):
            # The same form posted twice (a reload, a double click): never issue a second PIN unasked.
            flash(
                _("Giấy biên nhận vừa được cấp. Muốn cấp lại với mã PIN mới, hãy mở lại biểu mẫu."), "warning"
            )
            return redirect(url_for("paperwork.visit_papers", visit_id=visit.id))
        try:
            with history_context(actor=current_user):
                issued, pin = services.issue_receipt(
                    visit, items=form.receipt_items(), actor=current_user, copies=form.copies.data
                )
        except DomainError as refused:  # e.g. production with a loopback lookup address
            db.session.rollback()
            flash(str(refused), "danger")
            return redirect(url_for("paperwork.visit_papers", visit_id=visit.id))
        db.session.commit()
        pin_seal.seal_pin(visit.id, pin)
        first = forms.FirstPrintForm()
        first.pin.data = pin
        response = make_response(
            render_template(
                "paperwork/receipt_issued.html", visit=visit, receipt=issued, pin=pin, first=first
            )
        )
        response.headers["Cache-Control"] = "no-store"
        return response
    return (
        render_template("paperwork/receipt_form.html", visit=visit, form=form, receipt=existing),
        400 if request.method == "POST" else 200,
    )


@bp.route("/visits/<int:visit_id>/receipt/first.pdf", methods=["POST"])
@role_required(*VISIT_PAPER_ROLES)
def receipt_first_pdf(visit_id: int) -> ResponseReturnValue:
    """The citizen's copy with its PIN: the first print, with the PIN posted back from the page that showed it (it
    must match the hash), or a print again by the issuing officer in the same sign-in session (no PIN posted: the
    one sealed for the session, paperwork.pin_seal)."""
    visit = _visit(visit_id)
    existing = services.get_receipt(visit)
    if existing is None:
        abort(404)
    form = forms.FirstPrintForm()
    if not form.validate_on_submit():
        abort(400)
    if form.pin.data:
        pin = form.pin.data if codes.verify_pin(existing.pin_hash, form.pin.data) else None
    else:
        pin = pin_seal.sealed_pin(visit.id, existing.pin_hash)
    if pin is None:
        abort(400)
    try:
        data = services.slip_pdf(services.receipt_spec(visit, existing, pin=pin, actor=current_user))
    except DomainError as refused:
        flash(str(refused), "danger")
        return redirect(url_for("paperwork.visit_papers", visit_id=visit.id))
    db.session.commit()  # keeps the vault's reveal log of a cleared reader
    return _pdf(data, _slip_name("giay-bien-nhan", visit))


@bp.route("/visits/<int:visit_id>/receipt.pdf")
@role_required(*VISIT_PAPER_ROLES)
def receipt_pdf(visit_id: int) -> ResponseReturnValue:
    """The office's copy (and any reprint): the PIN line says the PIN is only on the citizen's copy."""
    visit = _visit(visit_id)
    existing = services.get_receipt(visit)
    if existing is None:
        abort(404)
    try:
        data = services.slip_pdf(services.receipt_spec(visit, existing, pin=None, actor=current_user))
    except DomainError as refused:
        flash(str(refused), "danger")
        return redirect(url_for("paperwork.visit_papers", visit_id=visit.id))
    db.session.commit()
    return _pdf(data, _slip_name("giay-bien-nhan", visit))


@bp.route("/visits/<int:visit_id>/statement.pdf")
@role_required(*VISIT_PAPER_ROLES)
def statement_pdf(visit_id: int) -> ResponseReturnValue:
    """The record of the oral statement, for the citizen's signature or thumbprint."""
    visit = _visit(visit_id)
    try:
        data = services.slip_pdf(services.statement_spec(visit, actor=current_user))
    except DomainError as refused:
        flash(str(refused), "warning")
        return redirect(url_for("paperwork.visit_papers", visit_id=visit.id))
    db.session.commit()
    return _pdf(data, _slip_name("bien-ban-ghi-noi-dung", visit))


@bp.route("/visits/<int:visit_id>/appointment", methods=["GET", "POST"])
@role_required(*VISIT_PAPER_ROLES)
def appointment(visit_id: int) -> ResponseReturnValue:
    """The appointment slip: the form (on the papers page) posts here and gets the PDF back."""
    visit = _visit(visit_id)
    if request.method == "GET":
        return _papers_page(visit)
    form = forms.AppointmentForm()
    if not form.validate_on_submit():
        return _papers_page(visit, appointment=form, status=400)
    try:
        spec = services.appointment_spec(
            visit,
            at=datetime.combine(form.on.data, form.at.data),
            place=form.place.data.strip(),
            matter=form.matter.data.strip(),
            bring=(form.bring.data or "").strip(),
            actor=current_user,
        )
    except DomainError as refused:
        form.on.errors = [*form.on.errors, str(refused)]
        return _papers_page(visit, appointment=form, status=400)
    data = services.slip_pdf(spec)
    db.session.commit()
    return _pdf(data, _slip_name("phieu-hen", visit))


@bp.route("/visits/<int:visit_id>/refusal-notice", methods=["POST"])
@role_required(*VISIT_PAPER_ROLES)
def refusal_notice(visit_id: int) -> ResponseReturnValue:
    """Draft the refusal notice (Mẫu 01/TCD) in the document register, then open it there."""
    visit = _visit(visit_id)
    saved = save_versioned(None, ConfirmForm(), lambda: services.draft_refusal_notice(visit, actor=current_user))
    if saved.refused:
        flash(saved.refused, "danger")
        return redirect(url_for("paperwork.visit_papers", visit_id=visit.id))
    if not saved.ok:
        abort(400)
    flash(_("Đã lập dự thảo thông báo từ chối tiếp công dân trong sổ văn bản đi."), "success")
    return redirect(url_for("documents.detail", document_id=saved.value.id))


# ----------------------------------------------------------------------------------- a session's conclusion


@bp.route("/sessions/<int:session_id>/conclusion", methods=["GET", "POST"])
@role_required(*SESSION_PAPER_ROLES)
def conclusion(session_id: int) -> ResponseReturnValue:
    """Draft the conclusion notice of a leader's session: one conclusion per visit heard."""
    record: ReceptionSession = get_session_for(current_user, session_id)
    visits = session_visits(record)
    form = forms.conclusion_form([v.id for v in visits])
    allowed = services.can_have_conclusion_notice(record)
    if request.method == "GET":
        form.participants.data = record.participating_agencies
    elif not allowed:
        abort(400)
    else:
        saved = save_versioned(
            None,
            form,
            lambda: services.draft_conclusion_notice(
                record,
                conclusions={v.id: form[forms.conclusion_field_name(v.id)].data or "" for v in visits},
                leader_title=form.leader_title.data,
                participants=form.participants.data or "",
                recipients=(form.recipients.data or "").splitlines(),
                actor=current_user,
            ),
            error_field=form.leader_title,
        )
        if saved.ok:
            flash(_("Đã lập dự thảo thông báo kết luận trong sổ văn bản đi."), "success")
            return redirect(url_for("documents.detail", document_id=saved.value.id))
    rows = [(visit, form[forms.conclusion_field_name(visit.id)]) for visit in visits]
    return (
        render_template(
            "paperwork/conclusion.html",
            record=record,
            form=form,
            rows=rows,
            allowed=allowed,
            drafted=services.conclusion_documents(record),
            status_labels=STATUS_LABELS,
        ),
        400 if request.method == "POST" else 200,
    )


# -------------------------------------------------------------------------------------------------- the book


def _book_sessions(agency_id: int, start: date, end: date) -> list[ReceptionSession]:
    """The sessions the book's range holds (the session choice): bounded by the range, not by a count."""
    return list(
        db.session.scalars(
            visible_sessions(current_user)
            .where(ReceptionSession.agency_id == agency_id, ReceptionSession.held_on.between(start, end))
            .order_by(ReceptionSession.held_on.desc(), ReceptionSession.id.desc())
        )
    )


@bp.route("/book")
@role_required(*BOOK_ROLES)
def book() -> ResponseReturnValue:
    """The reception book (Mẫu 03/TCD) of the user's agency for a date range, optionally one session;
    with ?download the PDF or Excel file, else the form and the number of visits it would hold."""
    agency = current_user.agency
    if agency is None:
        abort(403)
    today = local_today()
    form = forms.BookForm(request.args if request.args else None)
    if not request.args:
        form.date_from.data = today.replace(day=1)
        form.date_to.data = today
    start_on, end_on = form.date_from.data, form.date_to.data
    if not (isinstance(start_on, date) and isinstance(end_on, date) and start_on <= end_on):
        start_on, end_on = today.replace(day=1), today
    sessions = _book_sessions(agency.id, start_on, end_on)
    form.session.choices = [SelectChoice("", _("Tất cả các lượt tiếp"))] + [
        SelectChoice(str(s.id), f"{s.held_on:%d/%m/%Y} — {s.leader_name or s.place or ''}".rstrip(" —"))
        for s in sessions
    ]
    chosen: ReceptionSession | None = None
    count = None
    if request.args and form.validate():
        if form.session.data:
            try:
                session_id = int(form.session.data)
            except ValueError:
                abort(404)
            chosen = get_session_for(current_user, session_id)
            if chosen.agency_id != agency.id:
                abort(404)
        start: date = form.date_from.data
        end: date = form.date_to.data
        if "download" in request.args:
            fmt = form.fmt.data if form.fmt.data in ("pdf", "xlsx") else "pdf"
            data = services.reception_book(
                agency, date_from=start, date_to=end, fmt=fmt, user=current_user, session=chosen
            )
            db.session.commit()  # keeps the vault's reveal log of a cleared reader
            name = f"so-tiep-cong-dan-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
            if fmt == "pdf":
                return _pdf(data, name)
            return Response(
                data,
                mimetype=XLSX_MIMETYPE,
                headers={
                    "Content-Disposition": f'attachment; filename="{name}"',
                    "Cache-Control": "no-store",
                },
            )
        count = count_book_visits(agency.id, start, end, chosen.id if chosen else None)
    status = 400 if request.args and form.errors else 200
    return render_template("paperwork/book.html", form=form, agency=agency, count=count), status
