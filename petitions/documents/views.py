"""Outgoing documents: the register (list, filters, printable), drafts, issuing, signed copy, voiding.

Edits and actions are versioned (petitions.concurrency): a stale save answers 409, keeps the
user's input on screen and writes nothing. Web POSTs begin with BEGIN IMMEDIATE on SQLite, which
the numbering needs.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from petitions.auth.models import User
from petitions.auth.permissions import role_required
from petitions.clock import local_today
from petitions.concurrency import Saved, save_versioned
from petitions.directory.models import Agency
from petitions.documents import hooks, issuers, queries, services
from petitions.documents.exports import document_filters_from_request, type_titles
from petitions.documents.forms import (
    MANUAL_SIGNER,
    AttachForm,
    DraftFormBase,
    IssueForm,
    VanThuForm,
    VoidForm,
    authority_choices,
    draft_form_class,
    signer_option_choices,
)
from petitions.documents.labels import (
    AUTHORITY_LABELS,
    RECORD_TYPE_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    USER_FIELDS,
    type_label,
)
from petitions.documents.models import Document, DocumentStatus
from petitions.documents.permissions import (
    ATTACH_ROLES,
    DRAFT_ROLES,
    ISSUE_ROLES,
    READ_ROLES,
    can,
)
from petitions.domain.issuers import SignatureOption
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_of
from petitions.history_words import history_lines
from petitions.letters.queries import visible_users
from petitions.printing import Authority, Signer, template_for
from petitions.request_args import int_arg

bp = Blueprint("documents", __name__, url_prefix="/documents")


def _pdf_response(data: bytes, filename: str, *, download: bool = False) -> Response:
    response = Response(data, mimetype="application/pdf")
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# ------------------------------------------------------------------------------------------ register


@bp.route("/")
@role_required(*READ_ROLES)
def index() -> ResponseReturnValue:
    """Sổ đăng ký văn bản đi: filter by agency, year, type and status; sort by number or date."""
    agencies = queries.visible_agencies(current_user)
    filters = document_filters_from_request()
    page = queries.list_documents(current_user, filters, after=request.args.get("after"))
    register_agency = filters.agency_id or current_user.agency_id
    return render_template(
        "documents/index.html",
        page=page,
        filters=filters,
        agencies=agencies,
        types=type_titles(),
        document_type_label=type_label,
        status_labels=STATUS_LABELS,
        register_agency=register_agency,
        register_year=filters.year or local_today().year,
        can_draft=can(current_user, DRAFT_ROLES),
    )


@bp.route("/register.pdf")
@role_required(*READ_ROLES)
def register_pdf() -> ResponseReturnValue:
    """The printable register of one agency and year (landscape A4)."""
    agency_id = int_arg("agency") or current_user.agency_id
    year = int_arg("year") or local_today().year
    agency = next((a for a in queries.visible_agencies(current_user) if a.id == agency_id), None)
    if agency is None or not 1900 <= year <= 9999:
        abort(404)
    documents = queries.register_documents(current_user, agency_id, year)
    data = services.register_pdf(agency, year, documents)
    return _pdf_response(data, f"so-dang-ky-van-ban-di-{agency.code}-{year}.pdf")


# -------------------------------------------------------------------------------------------- drafts


def _form_agency(form: DraftFormBase, fallback_id: int | None, document: Document | None = None) -> Agency | None:
    """The issuing agency the form is about: the posted one, else ``fallback_id`` (both only if offered)."""
    visible = queries.issuing_agencies(current_user, document)
    wanted = form.issuing_agency_id.data if request.method == "POST" else fallback_id
    return next((a for a in visible if a.id == wanted), None)


def _fill_choices(form: DraftFormBase, template: Any, agency: Agency | None, document: Document | None = None) -> None:
    form.issuing_agency_id.choices = [
        SelectChoice(a.id, a.name) for a in queries.issuing_agencies(current_user, document)
    ]
    form.signer_authority.choices = authority_choices(template)
    options = issuers.signature_options(agency, template.code, local_today()) if agency is not None else ()
    form.signer_option.choices = signer_option_choices(options)


def _chosen_signer(form: DraftFormBase, agency: Agency, doc_type: str) -> Signer | SignatureOption:
    """The official picked in the list, or the signer typed by hand."""
    key = form.signer_option.data or MANUAL_SIGNER
    if key != MANUAL_SIGNER:
        return issuers.find_option(agency, doc_type, local_today(), key)
    if not (form.signer_position.data or "").strip() or not (form.signer_name.data or "").strip():
        raise DomainError(_("Vui lòng chọn người ký trong danh sách, hoặc ghi chức vụ và họ tên người ký."))
    try:
        return Signer(
            position=form.signer_position.data or "",
            name=form.signer_name.data or "",
            authority=Authority(form.signer_authority.data or ""),
            principal=form.signer_principal.data or "",
        )
    except Exception as invalid:  # noqa: BLE001 - InvalidSpecError or a bad authority value
        raise DomainError(_("Thẩm quyền ký cần ghi rõ ký thay / thay mặt cho ai.")) from invalid


def _draft_changes(
    form: DraftFormBase, doc_type: str, *, keep_body: bool, document: Document | None = None
) -> dict[str, Any]:
    agency_id = form.issuing_agency_id.data
    offered = queries.issuing_agencies(current_user, document)
    issuing_agency = next((a for a in offered if a.id == agency_id), None)
    if issuing_agency is None:
        raise DomainError(_("Vui lòng chọn cơ quan ban hành."))
    signer = _chosen_signer(form, issuing_agency, doc_type)
    record = None
    if form.record_type.data and form.record_id.data:
        record = (form.record_type.data, form.record_id.data)
    paragraphs = [p.strip() for p in (form.body.data or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    changes: dict[str, Any] = {
        "issuing_agency": issuing_agency,
        "place": form.place.data or "",
        "signer": signer,
        "fields": form.field_values(),
        "recipients": (form.recipients.data or "").splitlines(),
        "copies_to": (form.copies_to.data or "").splitlines(),
        "archive_unit": form.archive_unit.data or "",
        "record": record,
        "body": None if keep_body else paragraphs,
    }
    return changes


def _render_draft_form(form: DraftFormBase, template: Any, document: Document | None, saved: Saved) -> ResponseReturnValue:
    keep_body = document is not None and services.body_has_tables(document)
    return (
        render_template(
            "documents/form.html",
            form=form,
            template=template,
            document=document,
            stale=saved.stale,
            keep_body=keep_body,
        ),
        saved.status,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(*DRAFT_ROLES)
def new() -> ResponseReturnValue:
    """Choose a document type, then write the draft."""
    code = request.args.get("type", "")
    types = type_titles()
    if code not in types:
        return render_template("documents/choose_type.html", types=types)
    template = template_for(code, local_today())
    form = draft_form_class(template)()
    agency = _form_agency(form, current_user.agency_id)
    _fill_choices(form, template, agency)
    if request.method == "GET" and agency is not None:
        # The agency's own data: its place, its usual signer for this type, its first drafting unit.
        form.issuing_agency_id.data = agency.id
        form.place.data = issuers.place_of(agency)
        usual = issuers.default_option(agency, code, local_today())
        form.signer_option.data = usual.key if usual is not None else MANUAL_SIGNER
        form.archive_unit.data = next(iter(issuers.drafting_unit_codes(agency)), "")
    saved = save_versioned(
        None,
        form,
        lambda: services.create_draft(
            doc_type=code, actor=current_user, **_draft_changes(form, code, keep_body=False)
        ),
        error_field=form.signer_option,
    )
    if saved.ok:
        flash(_("Đã lưu dự thảo."), "success")
        return redirect(url_for("documents.detail", document_id=saved.value.id))
    return _render_draft_form(form, template, None, saved)


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
@role_required(*DRAFT_ROLES)
def edit(document_id: int) -> ResponseReturnValue:
    document = queries.get_document_for(current_user, document_id)
    if document.status != DocumentStatus.DRAFT:
        flash(_("Chỉ sửa được văn bản đang là dự thảo."), "warning")
        return redirect(url_for("documents.detail", document_id=document.id))
    template = template_for(document.doc_type, local_today())
    form = draft_form_class(template)(formdata=None if request.method == "GET" else request.form)
    _fill_choices(form, template, _form_agency(form, document.issuing_agency_id, document), document)
    keep_body = services.body_has_tables(document)
    if request.method == "GET":
        _load_draft(form, document)
    saved = save_versioned(
        document,
        form,
        lambda: services.update_draft(
            document, actor=current_user, **_draft_changes(form, document.doc_type, keep_body=keep_body, document=document)
        ),
        error_field=form.signer_option,
    )
    if saved.ok:
        flash(_("Đã lưu dự thảo."), "success")
        return redirect(url_for("documents.detail", document_id=document.id))
    return _render_draft_form(form, template, document, saved)


def _load_draft(form: DraftFormBase, document: Document) -> None:
    data = document.body_data or {}
    form.version.data = str(document.version)
    form.issuing_agency_id.data = document.issuing_agency_id
    form.place.data = document.place
    form.recipients.data = "\n".join(document.recipients or ())
    form.copies_to.data = "\n".join(document.copies_to or ())
    form.archive_unit.data = document.archive_unit
    form.body.data = "\n\n".join(item for item in data.get("body", ()) if isinstance(item, str))
    chosen = next(
        (
            option
            for option in issuers.signature_options(document.issuing_agency, document.doc_type, local_today())
            if option.official_id == document.signer_official_id
            and issuers.matches_option(services.document_signer(document), option)
        ),
        None,
    )
    form.signer_option.data = chosen.key if chosen is not None else MANUAL_SIGNER
    form.signer_authority.data = document.signer_authority
    form.signer_principal.data = document.signer_principal
    form.signer_position.data = document.signer_position
    form.signer_name.data = document.signer_name
    form.record_type.data = document.record_type or ""
    form.record_id.data = document.record_id
    for name, value in data.get("fields", {}).items():
        if name in form.template_field_names:
            form[f"f_{name}"].data = value


# -------------------------------------------------------------------------------------- detail, PDFs


def _render_detail(document: Document, *, stale: str | None = None, status: int = 200, **forms: Any) -> ResponseReturnValue:
    version = str(document.version)
    issue_form = forms.get("issue_form") or IssueForm(formdata=None, version=version)
    van_thu_form = forms.get("van_thu_form") or VanThuForm(formdata=None, version=version)
    void_form = forms.get("void_form") or VoidForm(formdata=None, version=version)
    attach_form = forms.get("attach_form") or AttachForm(formdata=None, version=version)
    template = template_for(document.doc_type, document.issue_date or local_today())
    history = history_of("document", document.id)
    return (
        render_template(
            "documents/detail.html",
            document=document,
            template=template,
            history=history_lines(history, _history_names(history), with_actors=True),
            stale=stale,
            issue_form=issue_form,
            van_thu_form=van_thu_form,
            void_form=void_form,
            attach_form=attach_form,
            status_labels=STATUS_LABELS,
            source_labels=SOURCE_LABELS,
            authority_labels=AUTHORITY_LABELS,
            record_type_labels=RECORD_TYPE_LABELS,
            can_draft=can(current_user, DRAFT_ROLES),
            can_issue=can(current_user, ISSUE_ROLES),
            can_attach=can(current_user, ATTACH_ROLES),
            related=hooks.related_links(document, current_user),
        ),
        status,
    )


def _history_names(history: list[Any]) -> dict[str, str]:
    """The names of the people the history's values name (issued by, voided by, …), among the accounts the
    user may see; another id stays a number."""
    ids = {
        int(value)
        for entry in history
        if entry.field in USER_FIELDS
        for value in (entry.old_value, entry.new_value)
        if (value or "").isdigit() and len(value) < 10
    }
    if not ids:
        return {}
    rows = db.session.execute(visible_users(current_user).with_only_columns(User.id, User.full_name).where(User.id.in_(ids)))
    return {f"{field}:{user_id}": name for user_id, name in rows for field in USER_FIELDS}


@bp.route("/<int:document_id>")
@role_required(*READ_ROLES)
def detail(document_id: int) -> ResponseReturnValue:
    document = queries.get_document_for(current_user, document_id)
    return _render_detail(document)


@bp.route("/<int:document_id>/pdf")
@role_required(*READ_ROLES)
def pdf(document_id: int) -> ResponseReturnValue:
    """The document as printed for this user (a draft: watermarked, unnumbered); the area owning the linked
    record prints its own papers (services.print_pdf)."""
    document = queries.get_document_for(current_user, document_id)
    return _pdf_response(services.print_pdf(document, user=current_user), services.pdf_filename(document))


@bp.route("/<int:document_id>/signed.pdf")
@role_required(*READ_ROLES)
def signed(document_id: int) -> ResponseReturnValue:
    """The signed copy as uploaded."""
    document = queries.get_document_for(current_user, document_id)
    path = services.signed_file_path(document)
    if path is None or not path.is_file():
        abort(404)
    name = services.pdf_filename(document).replace(".pdf", "-ban-ky.pdf")
    return send_file(path, mimetype="application/pdf", download_name=name, as_attachment=False)


# -------------------------------------------------------------------------------------------- actions


def _run_action(document: Document, form: Any, form_key: str, action: Any, success: str) -> ResponseReturnValue:
    """An action button of the detail page through the save helper; a refusal is shown beside the form's
    first input (the user's input kept), or flashed for a form with none; the detail page re-renders."""
    inputs = [f for f in form if f.type not in ("CSRFTokenField", "HiddenField")]
    saved = save_versioned(document, form, action, error_field=inputs[0] if inputs else None)
    if saved.ok:
        flash(success, "success")
        return redirect(url_for("documents.detail", document_id=document.id))
    if saved.refused and not inputs:
        flash(saved.refused, "danger")
    return _render_detail(document, stale=saved.stale, status=saved.status, **{form_key: form})


@bp.route("/<int:document_id>/issue", methods=["POST"])
@role_required(*ISSUE_ROLES)
def issue(document_id: int) -> ResponseReturnValue:
    """Issue with the next number of the app's register, dated today."""
    document = queries.get_document_for(current_user, document_id)
    form = IssueForm()
    return _run_action(
        document,
        form,
        "issue_form",
        lambda: services.issue_document(document, actor=current_user),
        _("Đã ban hành và cấp số văn bản."),
    )


@bp.route("/<int:document_id>/issue-van-thu", methods=["POST"])
@role_required(*ISSUE_ROLES)
def issue_van_thu(document_id: int) -> ResponseReturnValue:
    """Issue with the number and date the agency's văn thư gave."""
    document = queries.get_document_for(current_user, document_id)
    form = VanThuForm()
    return _run_action(
        document,
        form,
        "van_thu_form",
        lambda: services.issue_document(
            document,
            actor=current_user,
            number=form.number.data,
            issue_date=form.issue_date.data,
            symbol=form.symbol.data,
        ),
        _("Đã ghi số, ngày văn bản do văn thư cấp."),
    )


@bp.route("/<int:document_id>/attach", methods=["POST"])
@role_required(*ATTACH_ROLES)
def attach(document_id: int) -> ResponseReturnValue:
    document = queries.get_document_for(current_user, document_id)
    form = AttachForm()

    def attach_file() -> None:
        data = form.signed_file.data.read(services.signed_pdf_max_bytes() + 1)
        services.attach_signed_pdf(document, data=data, actor=current_user)

    return _run_action(document, form, "attach_form", attach_file, _("Đã lưu bản có chữ ký."))


@bp.route("/<int:document_id>/void", methods=["POST"])
@role_required(*ISSUE_ROLES)
def void(document_id: int) -> ResponseReturnValue:
    document = queries.get_document_for(current_user, document_id)
    form = VoidForm()
    return _run_action(
        document,
        form,
        "void_form",
        lambda: services.void_document(
            document, reason=form.reason.data or "", actor=current_user
        ),
        _("Đã hủy văn bản; số của văn bản được giữ trong sổ."),
    )
