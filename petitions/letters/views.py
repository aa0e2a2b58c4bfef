"""Letters: the register list and search, registration with the duplicate check, detail, classification,
voiding, attachments (upload, sandboxed download)."""

from __future__ import annotations

from typing import Any, NamedTuple, TypeVar

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from petitions.auth.permissions import role_required
from petitions.citizens.models import Citizen
from petitions.clock import local_today
from petitions.concurrency import form_status, save_versioned
from petitions.deadlines.queries import current_handling_clock
from petitions.directory.forms import item_choices
from petitions.directory.models import AdministrativeUnit, Agency, ReferenceItem
from petitions.directory.queries import list_items, list_items_of, units_on
from petitions.documents import hooks
from petitions.documents.labels import STATUS_LABELS as DOCUMENT_STATUS_LABELS
from petitions.documents.models import Document, DocumentStatus
from petitions.documents.queries import visible_documents
from petitions.documents.services import pdf_filename
from petitions.domain import corrections as correction_rules
from petitions.domain import letter_flow
from petitions.domain.classification import (
    ContentPart,
    DuplicateDecision,
    IntakeFacts,
    LetterChannel,
    PriorResolution,
    SignerKind,
)
from petitions.domain.deadlines import RETENTION_RULES
from petitions.domain.letter_flow import LetterTransition
from petitions.domain.records import ComplaintSubtype, IdType, LetterStatus, LetterType
from petitions.domain.routing import RespondentLevel, Verdict
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_of
from petitions.history_words import history_lines
from petitions.i18n import lazy_gettext as _l
from petitions.letters import attachments, corrections, destruction, handling, labels, queries, services
from petitions.letters.exports import SEARCH_KEY, letter_filters_from_request
from petitions.letters.forms import (
    AttachmentUploadForm,
    ConfirmForm,
    LetterAssignForm,
    LetterClassifyForm,
    LetterCommentForm,
    LetterCorrectForm,
    LetterDestroyForm,
    LetterHandOverForm,
    LetterProposeForm,
    LetterReasonForm,
    LetterRegisterForm,
    LetterSearchForm,
    LetterVersionForm,
    LetterVoidForm,
)
from petitions.letters.handling_papers import (
    PAPERS,
    HandlingPaper,
    fills_denouncer,
    forwarding_notification,
    has_notification,
    has_redacted_copy,
    paper_label,
    paper_of,
    redacted_copy_pdf,
)
from petitions.letters.models import Letter
from petitions.letters.permissions import ACTION_ROLES, ASSIGN_ROLES, READ_ROLES, WRITE_ROLES
from petitions.letters.queries import visible_letters
from petitions.paging import keyset_page
from petitions.routing import services as routing_services
from petitions.routing.forms import respondent_level_choices
from petitions.routing.models import RoutingRule
from petitions.scoping import find_visible
from petitions.storage import StorageFull

bp = Blueprint("letters", __name__, url_prefix="/letters")



@bp.app_context_processor
def _labels() -> dict[str, object]:
    return labels.template_globals()





def _filter_args(filters: queries.LetterFilters) -> dict[str, str]:
    """The filters as query-string arguments (for the next page); never the search term."""
    values = {
        "type": filters.letter_type.value if filters.letter_type else None,
        "status": filters.status.value if filters.status else None,
        "field": filters.field_item_id,
        "due_from": filters.due_from.isoformat() if filters.due_from else None,
        "due_to": filters.due_to.isoformat() if filters.due_to else None,
        "overdue": "1" if filters.overdue else None,
        "officer": filters.officer_id,
        "agency": filters.agency_id,
        "year": filters.year,
        "void": "1" if filters.include_void else None,
        "sort": filters.sort if filters.sort != "received_desc" else None,
    }
    return {key: str(value) for key, value in values.items() if value is not None}


def _field_option_groups() -> list[tuple[str, list[SelectChoice]]]:
    """The field trees of the three letter kinds, as (option group, choices) in this order."""
    groups = (
        ("field_complaint", _("Khiếu nại")),
        ("field_denunciation", _("Tố cáo")),
        ("field_petition", _("Kiến nghị, phản ánh")),
    )
    items = list_items_of(tuple(code for code, _group in groups), local_today())
    return [(group, item_choices(items[code])) for code, group in groups]


@bp.route("/")
@role_required(*READ_ROLES)
def index() -> ResponseReturnValue:
    """The letter register: filters and order in the query string, the search term from the session (POST)."""
    filters = letter_filters_from_request()
    page = queries.list_letters(current_user, filters, cursor=request.args.get("after"), today=local_today())
    search = LetterSearchForm(text=filters.text)
    agencies = queries.list_scope_agencies(current_user)
    return render_template(
        "letters/index.html",
        page=page,
        due=queries.due_clocks(page.rows),
        filters=filters,
        filter_args=_filter_args(filters),
        search=search,
        statuses=list(LetterStatus),
        fields=_field_option_groups(),
        officers=queries.list_officers(current_user),
        agencies=agencies,
        # A number names its register: after a merger the heir's list holds two "1/2026" of two registers, so a
        # letter numbered by another office's register (a merged body's, a body below) shows that office's mark.
        register_marks={a.id: RegisterMark(a.short_name or a.abbreviation or a.code, a.name) for a in agencies},
        years=queries.list_years(current_user),
        today=local_today(),
        can_register=current_user.role in WRITE_ROLES,
    )


@bp.route("/search", methods=["POST"])
@role_required(*READ_ROLES)
def search() -> ResponseReturnValue:
    """Keep the search term out of URLs: it goes to the session, then back to the list (PRG)."""
    form = LetterSearchForm()
    if form.validate_on_submit():
        text = normalise_text(form.text.data)
        if text:
            session[SEARCH_KEY] = text
        else:
            session.pop(SEARCH_KEY, None)
    return redirect(url_for("letters.index"))


# ---------------------------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------------------------


def _category_choices() -> list[SelectChoice]:
    return [SelectChoice(item.code, item.label) for item in list_items("duplicate_category", local_today())]


def _form_page(form: LetterRegisterForm, **context: Any) -> str:
    """The registration page. The duplicate categories are read only to show the form: the field does
    not validate against them (the service checks the code), so a POST that saves reads no list."""
    form.duplicate_category.choices = _category_choices()
    return render_template("letters/new.html", form=form, **context)


def _writer_input(form: LetterRegisterForm) -> services.WriterInput:
    return services.WriterInput(
        full_name=form.full_name.data or "",
        id_type=IdType(form.id_type.data) if form.id_type.data else None,
        id_number=form.id_number.data or "",
        address=form.address.data or "",
        phone=form.phone.data or "",
        citizen_id=form.chosen_citizen.data,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def new() -> ResponseReturnValue:
    """Register a letter. Before saving, letters it may repeat are shown, ranked and explained; the
    officer then marks it new, a duplicate of one of them, or a new letter in that one's case."""
    form = LetterRegisterForm()
    if request.method == "GET":
        form.received_on.data = local_today()
    offers: list[queries.DuplicateOffer] = []
    if request.method == "POST" and request.form.get("lookup"):
        return _lookup_citizens(form)
    if form.validate_on_submit():
        letter_type = LetterType(form.letter_type.data)
        try:
            offers = services.duplicate_offers(
                current_user,
                letter_type=letter_type,
                received_on=form.received_on.data,
                summary=form.summary.data or "",
                respondent=form.respondent.data or "",
                writer=_writer_input(form),
            )
        except DomainError as exc:
            flash(str(exc), "danger")
            return _form_page(form, offers=[], chosen=None), 400
        if offers and form.checked.data != "1":
            # A confirmation step, not an error: the officer chooses how to record it, then saves.
            form.checked.data = "1"
            _preselect(form, offers[0])
            flash(_("Có đơn có thể trùng: hãy xem và chọn cách ghi nhận trước khi lưu."), "warning")
            return _form_page(form, offers=offers, chosen=_shown_choice(form))
        # The id and number are read before the commit: afterwards the row is expired, and reading them
        # would load the letter again in a transaction of its own.
        saved = save_versioned(
            None, form, lambda: _registered(_register(form, letter_type, offers)), validated=True
        )
        if saved.ok:
            letter_id, label = saved.value
            flash(_("Đã đăng ký đơn số %(number)s.", number=label), "success")
            return redirect(url_for("letters.detail", letter_id=letter_id))
        flash(saved.refused or "", "danger")
    if request.method == "POST" and form.errors:
        flash(_("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
    return _form_page(form, offers=offers, chosen=_shown_choice(form)), form_status()


def _registered(letter: Letter) -> tuple[int, str]:
    return letter.id, letter.register_label


def _preselect(form: LetterRegisterForm, best: queries.DuplicateOffer) -> None:
    """The decision that matches the best candidate, chosen for the officer (who may change it)."""
    suggested = services.suggested_choice(best)
    form.duplicate_decision.data = suggested.decision.value
    form.duplicate_of.data = suggested.letter_id
    if suggested.category_code and not form.duplicate_category.data:
        form.duplicate_category.data = suggested.category_code


def _shown_choice(form: LetterRegisterForm) -> Citizen | None:
    if not form.chosen_citizen.data:
        return None
    return queries.get_writer_citizen(current_user, form.chosen_citizen.data)


def _lookup_citizens(form: LetterRegisterForm) -> ResponseReturnValue:
    """Existing citizens who may be the writer, offered on the same page (the terms come in the POST
    body, never in a URL); every typed value stays in the form. CSRFProtect has checked the token."""
    kind = form.letter_type.data
    if kind in {t.value for t in services.VAULT_TYPES}:
        flash(
            _(
                "Đơn tố cáo và thông tin không rõ người tố cáo không gắn với hồ sơ công dân: "
                "danh tính người tố cáo được lưu trong kho bảo mật."
            ),
            "warning",
        )
        return _form_page(form, offers=[], chosen=None)
    found = queries.citizen_candidates(
        current_user, full_name=form.full_name.data or "", id_number=form.id_number.data or ""
    )
    return _form_page(form, offers=[], lookup=found, chosen=_shown_choice(form))


def _register(
    form: LetterRegisterForm, letter_type: LetterType, offers: list[queries.DuplicateOffer]
) -> Letter:
    subtype = form.complaint_subtype.data
    data = services.LetterInput(
        received_on=form.received_on.data,
        channel=LetterChannel(form.channel.data),
        letter_type=letter_type,
        complaint_subtype=ComplaintSubtype(subtype)
        if subtype and letter_type == LetterType.COMPLAINT
        else None,
        agency_id=current_user.agency_id,
        summary=form.summary.data or "",
        letter_dated_on=form.letter_dated_on.data,
        forwarded_by=form.forwarded_by.data,
        forwarded_doc_number=form.forwarded_doc_number.data,
        forwarded_doc_on=form.forwarded_doc_on.data,
        signer_kind=SignerKind(form.signer_kind.data),
        signer_count=form.signer_count.data or 0,
        respondent=form.respondent.data or "",
        place_text=form.place_text.data or "",
        is_confidential=form.is_confidential.data,
        is_urgent=form.is_urgent.data,
        prior_resolution=PriorResolution(form.prior_resolution.data),
        result_requested=form.result_requested.data,
    )
    choice = services.DuplicateChoice(
        DuplicateDecision(form.duplicate_decision.data or DuplicateDecision.NEW.value),
        form.duplicate_of.data,
        form.duplicate_category.data or None,
    )
    return services.register_as_decided(data, writer=_writer_input(form), choice=choice, offers=offers, actor=current_user)


# ---------------------------------------------------------------------------------------------------------
# Detail, classification, voiding
# ---------------------------------------------------------------------------------------------------------


F = TypeVar("F", bound=FlaskForm)


def _own_ids(form: F, key: str) -> F:
    """Field ids unique on the letter page, "<form>-<field>": several of its forms have a "reason", a
    "direction" or a "comment", and a label must focus its own form's field. Posted names stay the same."""
    for field in form:
        field.id = f"{key}-{field.name}"
        field.label.field_id = field.id
    return form


def _assign_form(letter: Letter) -> LetterAssignForm:
    form = _own_ids(LetterAssignForm(), "assign")
    form.officer.choices = [
        SelectChoice(officer.id, officer.full_name) for officer in queries.list_officers(current_user)
    ]
    return form


@bp.route("/<int:letter_id>")
@role_required(*READ_ROLES)
def detail(letter_id: int) -> ResponseReturnValue:
    return _render_detail(queries.get_letter_for(current_user, letter_id))


def _render_detail(
    letter: Letter,
    *,
    assign_form: LetterAssignForm | None = None,
    status: int = 200,
    bound: tuple[str, FlaskForm] | None = None,
) -> ResponseReturnValue:
    # The shared reference lists belong to no agency; the writer and the officer are loaded through the
    # viewer's scope like any record named by an id.
    item_ids = [i for i in (letter.field_item_id, letter.ineligibility_item_id, letter.duplicate_category_item_id) if i]
    items = {item.id: item for item in db.session.scalars(sa.select(ReferenceItem).where(ReferenceItem.id.in_(item_ids)))}
    citizen = queries.letter_writer(current_user, letter)
    history = history_of("letter", letter.id)
    offered = handling.available_transitions(letter, current_user)
    papers = _letter_documents(letter)
    proposal_ids = {document.id for document in handling.proposal_drafts(letter)}
    can_assign = LetterTransition.ASSIGN in offered and current_user.role in ASSIGN_ROLES
    if assign_form is None and can_assign:
        assign_form = _assign_form(letter)
        assign_form.version.data = str(letter.version)
        assign_form.officer.data = letter.assigned_officer_id
        assign_form.direction.data = letter.direction or ""
    return render_template(
        "letters/detail.html",
        letter=letter,
        citizen=citizen,
        items=items,
        officer=queries.assigned_officer(current_user, letter),
        clocks=queries.letter_clocks(letter),
        handling=current_handling_clock(letter),
        files=queries.list_attachments(letter),
        history=history_lines(history, queries.history_names(current_user, history)),
        upload_form=_own_ids(AttachmentUploadForm(), "upload"),
        void_form=_own_ids(LetterVoidForm(), "void"),
        assign_form=assign_form,
        confirm_form=ConfirmForm(),
        can_write=current_user.role in WRITE_ROLES and not letter.is_void,
        can_edit_entry=current_user.role in WRITE_ROLES and not letter.is_void and handling.is_in_charge(current_user, letter),
        can_correct=current_user.role in WRITE_ROLES
        and handling.is_in_charge(current_user, letter)
        and correction_rules.correctable(letter.status, is_void=letter.is_void),
        handling_forms=_handling_forms(letter, offered, bound),
        papers=papers,
        events=queries.status_events(letter),
        transition_labels=labels.TRANSITION_LABELS,
        document_status_labels=DOCUMENT_STATUS_LABELS,
        can_void=current_user.role in WRITE_ROLES
        and not letter.is_void
        and handling.is_in_charge(current_user, letter)
        and services.void_refusal(letter) is None,
        proposal_papers=[row for row in papers if row.document.id in proposal_ids and row.document.status != DocumentStatus.VOID],
        propose_help=_propose_help(letter),
        elsewhere=_elsewhere(letter),
        routing_rule=db.session.get(RoutingRule, letter.routing_rule_id) if letter.routing_rule_id else None,
    ), status


_SENT_STATES = frozenset({LetterStatus.FORWARDED, LetterStatus.URGED, LetterStatus.REPLY_RECEIVED})


def _elsewhere(letter: Letter) -> tuple[str, Agency] | None:
    """The body that has the letter now, when it is not the office in charge: the body it was forwarded to
    (which follows it up and replies), or the body it was handed to for advice or verification."""
    body = letter.assigned_agency
    if body is None or body.id == letter.agency_in_charge_id:
        return None
    return (_("Đã chuyển đơn đến") if letter.status in _SENT_STATES else _("Giao tham mưu, xác minh")), body


@bp.route("/<int:letter_id>/assign", methods=["POST"])
@role_required(*ACTION_ROLES["assign"])
def assign(letter_id: int) -> ResponseReturnValue:
    """Giao xử lý: the leader picks an officer of the scope and writes the direction."""
    letter = queries.get_letter_for(current_user, letter_id)
    if letter.is_void:
        abort(404)
    form = _assign_form(letter)
    saved = save_versioned(
        letter,
        form,
        lambda: services.assign_letter(
            letter,
            officer_id=form.officer.data,
            direction=form.direction.data or "",
            actor=current_user,
            effective_on=local_today(),
        ),
    )
    if saved.ok:
        flash(_("Đã giao xử lý đơn %(number)s.", number=letter.register_label), "success")
        return redirect(url_for("letters.detail", letter_id=letter.id))
    flash(saved.stale or saved.refused or _("Vui lòng chọn cán bộ được giao xử lý."), "danger")
    return _render_detail(letter, assign_form=form, status=saved.status)


# ---------------------------------------------------------------------------------------------------------
# Handling: one POST per transition of petitions.domain.letter_flow (petitions.letters.handling)
# ---------------------------------------------------------------------------------------------------------


def _propose_help(letter: Letter) -> str | None:
    """What proposing a paper drafts with it, for this letter (PaperDefinition.companions)."""
    hints = [
        _("Đề xuất «%(paper)s» thì «%(companion)s» được lập kèm, gửi cùng cơ quan nhận.",
          paper=definition.label, companion=paper_label(companion))
        for definition in PAPERS.values()
        if letter.letter_type in definition.letter_types
        for companion in definition.companions
        if letter.letter_type in PAPERS[companion].letter_types
    ]
    return " ".join(hints) or None


def _paper_choices(letter: Letter) -> list[SelectChoice]:
    """The route papers that fit the letter (those that decide where it goes)."""
    return [SelectChoice(paper.value, PAPERS[paper].label) for paper in handling.proposable_papers(letter)]


def _agency_choices(agencies: list[Agency], blank: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", blank)] if blank is not None else []
    return choices + [SelectChoice(str(agency.id), agency.name) for agency in agencies]


def _new_form(key: str, letter: Letter) -> FlaskForm:
    """The form of one handling action with its choices (blank or as posted)."""
    form_class = _ACTIONS[key][0]
    form = _own_ids(form_class(), key)
    if isinstance(form, LetterHandOverForm):
        form.agency.choices = [
            SelectChoice(agency.id, agency.name) for agency in handling.hand_over_bodies(current_user, letter)
        ]
    if isinstance(form, LetterProposeForm):
        form.paper.choices = _paper_choices(letter)
        form.receiver.choices = _agency_choices(handling.receiver_bodies(current_user), _("— không gửi cơ quan khác —"))
    return form


def _handling_forms(
    letter: Letter, offered: frozenset[LetterTransition], bound: tuple[str, FlaskForm] | None
) -> dict[str, FlaskForm]:
    """The forms of the transitions the user may take now, by action key; a re-rendered one keeps its input."""
    forms: dict[str, FlaskForm] = {}
    for key, (_form_class, transition, _done) in _ACTIONS.items():
        if transition not in offered:
            continue
        if bound is not None and bound[0] == key:
            forms[key] = bound[1]
            continue
        form = _new_form(key, letter)
        form.version.data = str(letter.version)
        if isinstance(form, LetterProposeForm) and letter.competent_agency_id is not None:
            form.receiver.data = str(letter.competent_agency_id)  # the competent body found at classification
        forms[key] = form
    return forms


class RegisterMark(NamedTuple):
    """How the letter list marks a number of another office's register: its short name, its full name."""

    mark: str
    name: str


class LetterDocument(NamedTuple):
    """A row of the letter page's documents: the document, whether the user may open it (a paper of a body
    the letter was handed over to is in that body's register), what it is, and what goes out with it."""

    document: Document
    openable: bool
    what: str
    redacted_copy: bool  # the redacted copy of the letter and annexes (a forwarded denunciation)
    notification: bool  # the notification text for the receiving body
    blank_denouncer: bool  # the notice to the denouncer prints blank lines for this user (fills_denouncer)


def _letter_documents(letter: Letter) -> list[LetterDocument]:
    """The letter's documents (record "letter"), oldest first (see LetterDocument)."""
    found = list(
        db.session.scalars(
            sa.select(Document)
            .where(Document.record_type == "letter", Document.record_id == letter.id)
            .order_by(Document.id)
        )
    )
    ids = [document.id for document in found]
    openable = (
        set(db.session.scalars(visible_documents(current_user).with_only_columns(Document.id).where(Document.id.in_(ids))))
        if ids
        else set()
    )
    rows = []
    for document in found:
        paper, opens = paper_of(document), document.id in openable
        rows.append(
            LetterDocument(
                document,
                opens,
                paper_label(paper) if paper else document.subject,
                opens and has_redacted_copy(document),
                opens and has_notification(document),
                paper is HandlingPaper.NOTICE_DENOUNCER_FORWARDED and not fills_denouncer(document, current_user),
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------------------
# What goes out with a forwarding: the redacted copy, the notification text
# ---------------------------------------------------------------------------------------------------------


@bp.route("/<int:letter_id>/papers/<int:document_id>/redacted-copy.pdf")
@role_required(*READ_ROLES)
def redacted_copy(letter_id: int, document_id: int) -> ResponseReturnValue:
    """The copy of the forwarded letter and its annexes with the denouncer's identity covered, printed to go
    with the forwarding slip (petitions.letters.handling_papers.redacted_copy_pdf)."""
    _letter, document = queries.get_letter_document_for(current_user, letter_id, document_id)
    if not has_redacted_copy(document):
        abort(404)
    response = Response(redacted_copy_pdf(document), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="ban-sao-da-che-{pdf_filename(document)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:letter_id>/papers/<int:document_id>/notification")
@role_required(*READ_ROLES)
def notification(letter_id: int, document_id: int) -> ResponseReturnValue:
    """The notification text that accompanies a paper sent to another body, shown for copying into the
    office's mail (the app sends no e-mail; the văn thư or the e-document network dispatches)."""
    letter, document = queries.get_letter_document_for(current_user, letter_id, document_id)
    if not has_notification(document):
        abort(404)
    return render_template(
        "letters/notification.html",
        letter=letter,
        document=document,
        what=paper_label(paper) if (paper := paper_of(document)) else document.subject,
        mail=forwarding_notification(document),
        redacted_copy=has_redacted_copy(document),
    )


def _document_links(document: Document, user: Any) -> list[hooks.Link]:
    """The document page's links for a document linked to a letter (petitions.documents.hooks): the letter,
    if the user may see it, and what goes out with a paper sent to another body."""
    letter = find_visible(visible_letters(user), document.record_id)
    if letter is None:
        return []
    links = [hooks.Link(_("Đơn số %(number)s", number=letter.register_label), url_for("letters.detail", letter_id=letter.id))]
    if has_redacted_copy(document):
        links.append(
            hooks.Link(
                _("Bản sao đơn đã che thông tin người tố cáo (PDF)"),
                url_for("letters.redacted_copy", letter_id=letter.id, document_id=document.id),
                goes_with=True,
            )
        )
    if has_notification(document):
        links.append(
            hooks.Link(
                _("Nội dung thư thông báo cho cơ quan nhận"),
                url_for("letters.notification", letter_id=letter.id, document_id=document.id),
                goes_with=True,
            )
        )
    return links


hooks.on_links("letter", _document_links)


def _propose(letter: Letter, form: LetterProposeForm) -> object:
    receiver = form.receiver.data
    return handling.propose_handling(
        letter,
        HandlingPaper(form.paper.data),
        actor=current_user,
        effective_on=local_today(),
        receiver_agency_id=int(receiver) if receiver and receiver.isdigit() and len(receiver) < 19 else None,
        reason=normalise_text(form.reason.data) or None,
        direction=normalise_text(form.direction.data) or None,
        receiver_reason=normalise_text(form.receiver_reason.data) or None,
    )


def _save_action(key: str, letter: Letter, form: FlaskForm) -> object:
    today = local_today()
    if isinstance(form, LetterHandOverForm):
        return handling.hand_over_letter(
            letter, agency_id=form.agency.data, direction=form.direction.data or "", actor=current_user, effective_on=today
        )
    if isinstance(form, LetterProposeForm):
        return _propose(letter, form)
    if key == "return":
        assert isinstance(form, LetterCommentForm)
        return handling.return_proposal(letter, comment=form.comment.data or "", actor=current_user, effective_on=today)
    if key == "approve":
        assert isinstance(form, LetterCommentForm)
        return handling.approve_proposal(letter, comment=form.comment.data, actor=current_user, effective_on=today)
    if key == "acknowledge":
        return handling.acknowledge_urgent(letter, actor=current_user, effective_on=today)
    assert isinstance(form, LetterReasonForm)
    reason = form.reason.data or ""
    if key == "urgent":
        return handling.report_urgent(letter, reason=reason, actor=current_user, effective_on=today)
    if key == "chase":
        return handling.chase_letter(letter, note=reason, actor=current_user, effective_on=today)
    return handling.file_letter(letter, reason=reason, actor=current_user, effective_on=today)


def _handle(key: str, letter_id: int) -> ResponseReturnValue:
    """One handling action: the letter through the user's scope, the form, the service under the save helper
    (version checked, one commit); a refusal re-renders the letter page with the form and its message."""
    letter = queries.get_letter_for(current_user, letter_id)
    if letter.is_void:
        abort(404)
    form = _new_form(key, letter)
    saved = save_versioned(letter, form, lambda: _save_action(key, letter, form))
    named = _FORM_FIELDS.get(getattr(saved.error, "field", None) or "")
    if saved.refused and named and named in form:
        form[named].errors = [*form[named].errors, saved.refused]  # beside the field it is about
    if saved.ok:
        flash(str(_ACTIONS[key][2]), "success")
        return redirect(url_for("letters.detail", letter_id=letter.id, _anchor="handling"))
    flash(saved.stale or saved.refused or _("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
    return _render_detail(letter, status=saved.status, bound=(key, form))


# The handling papers' services name the fields they refuse by their own argument names.
_FORM_FIELDS = {"receiver_agency_id": "receiver"}

_ACTIONS: dict[str, tuple[type[FlaskForm], LetterTransition, object]] = {
    "hand_over": (LetterHandOverForm, LetterTransition.HAND_OVER, _l("Đã giao cơ quan tham mưu, xác minh.")),
    "propose": (LetterProposeForm, LetterTransition.PROPOSE, _l("Đã gửi đề xuất và dự thảo văn bản để lãnh đạo duyệt.")),
    "return": (LetterCommentForm, LetterTransition.RETURN_FOR_REVISION, _l("Đã trả lại đề xuất để làm lại.")),
    "approve": (LetterCommentForm, LetterTransition.APPROVE, _l("Đã duyệt đề xuất; văn bản chuyển ban hành.")),
    "urgent": (LetterReasonForm, LetterTransition.URGENT_REPORT, _l("Đã báo cáo khẩn cho lãnh đạo.")),
    "acknowledge": (LetterVersionForm, LetterTransition.ACKNOWLEDGE_URGENT, _l("Đã tiếp nhận báo cáo khẩn.")),
    "chase": (LetterReasonForm, LetterTransition.CHASE, _l("Đã ghi nhận việc đôn đốc.")),
    "file": (LetterReasonForm, LetterTransition.FILE, _l("Đã lưu đơn.")),
}


@bp.route("/<int:letter_id>/hand-over", methods=["POST"])
@role_required(*ACTION_ROLES["hand_over"])
def hand_over(letter_id: int) -> ResponseReturnValue:
    return _handle("hand_over", letter_id)


@bp.route("/<int:letter_id>/propose", methods=["POST"])
@role_required(*ACTION_ROLES["propose"])
def propose(letter_id: int) -> ResponseReturnValue:
    return _handle("propose", letter_id)


@bp.route("/<int:letter_id>/return", methods=["POST"])
@role_required(*ACTION_ROLES["return"])
def return_proposal(letter_id: int) -> ResponseReturnValue:
    return _handle("return", letter_id)


@bp.route("/<int:letter_id>/approve", methods=["POST"])
@role_required(*ACTION_ROLES["approve"])
def approve(letter_id: int) -> ResponseReturnValue:
    return _handle("approve", letter_id)


@bp.route("/<int:letter_id>/urgent", methods=["POST"])
@role_required(*ACTION_ROLES["urgent"])
def report_urgent(letter_id: int) -> ResponseReturnValue:
    return _handle("urgent", letter_id)


@bp.route("/<int:letter_id>/urgent/acknowledge", methods=["POST"])
@role_required(*ACTION_ROLES["acknowledge"])
def acknowledge_urgent(letter_id: int) -> ResponseReturnValue:
    return _handle("acknowledge", letter_id)


@bp.route("/<int:letter_id>/chase", methods=["POST"])
@role_required(*ACTION_ROLES["chase"])
def chase(letter_id: int) -> ResponseReturnValue:
    return _handle("chase", letter_id)


@bp.route("/<int:letter_id>/file", methods=["POST"])
@role_required(*ACTION_ROLES["file"])
def file_letter(letter_id: int) -> ResponseReturnValue:
    return _handle("file", letter_id)


def _field_choices(letter_type: LetterType) -> list[SelectChoice]:
    list_code = {
        LetterType.COMPLAINT: "field_complaint",
        LetterType.DENUNCIATION: "field_denunciation",
        LetterType.ANONYMOUS: "field_denunciation",
    }.get(letter_type, "field_petition")
    # The field's data is a string (coerce=str), so are the values it is compared with.
    return [SelectChoice("", "—")] + [
        SelectChoice(str(choice.value), choice.label) for choice in item_choices(list_items(list_code, local_today()))
    ]


@bp.route("/<int:letter_id>/classify", methods=["GET", "POST"])
@role_required(*ACTION_ROLES["classify"])
def classify(letter_id: int) -> ResponseReturnValue:
    """Classify by content; reclassifying is recorded and re-runs the clocks that depend on it."""
    letter = queries.get_letter_for(current_user, letter_id)
    if not handling.is_in_charge(current_user, letter):
        abort(403)  # a body the letter was handed over to advises; the office in charge keeps its register
    if letter.is_void:
        abort(404)
    form = LetterClassifyForm()
    kind = LetterType(form.declared_type.data) if form.declared_type.data else letter.effective_type
    form.field_item.choices = _field_choices(kind)
    _routing_choices(form, letter)
    if request.method == "GET":
        _routing_data(form, letter)
        form.version.data = str(letter.version)
        form.declared_type.data = letter.letter_type.value
        form.complaint_subtype.data = letter.complaint_subtype.value if letter.complaint_subtype else ""
        form.field_item.data = str(letter.field_item_id or "")
        form.competent_body.data = letter.competent_body
        form.within_competence.data = {True: "yes", False: "no", None: ""}[letter.is_within_competence]
        form.writer_identified.data = letter.letter_type != LetterType.ANONYMOUS
        form.decision_known_on.data = letter.decision_known_on
        form.is_dismissal.data = letter.is_dismissal
        form.is_remote.data = letter.is_remote
        for index, (first, last) in enumerate(letter.obstacle_spans[:2], start=1):
            getattr(form, f"obstacle{index}_from").data = first
            getattr(form, f"obstacle{index}_to").data = last

    saved = save_versioned(
        letter,
        form,
        lambda: services.classify_or_reclassify(letter, _classification(form), actor=current_user, reason=form.reason.data),
    )
    if saved.ok:
        flash(_("Đã lưu phân loại đơn %(number)s.", number=letter.register_label), "success")
        return redirect(url_for("letters.detail", letter_id=letter.id))
    if message := saved.stale or saved.refused:
        flash(message, "danger")
    time_limit = services.complaint_time_limit_view(letter)
    proposal = routing_services.propose(routing_services.letter_facts(letter), on=local_today())
    return render_template(
        "letters/classify.html", form=form, letter=letter, time_limit=time_limit, proposal=proposal,
        proposed=db.session.get(Agency, proposal.agency_id) if proposal.agency_id else None, routed=Verdict.ROUTED,
    ), saved.status


def _routing_choices(form: LetterClassifyForm, letter: Letter) -> None:
    """The routing fields' choices: the units in force today (and the letter's own), the bodies the user may send
    to; the competent body's first choice is the system's proposal."""
    units = units_on(local_today())
    form.place_unit.choices = [SelectChoice("", "—")] + [SelectChoice(unit.id, unit.name) for unit in units]
    if letter.place_unit_id is not None and all(unit.id != letter.place_unit_id for unit in units):
        unit = db.session.get(AdministrativeUnit, letter.place_unit_id)
        if unit is not None:
            form.place_unit.choices.append(SelectChoice(unit.id, unit.name))
    form.respondent_level.choices = respondent_level_choices("—")
    bodies = [SelectChoice(agency.id, agency.name) for agency in handling.receiver_bodies(current_user)]
    form.respondent_agency.choices = [SelectChoice("", "—"), *bodies]
    form.competent_agency.choices = [SelectChoice("", _("Theo đề xuất của hệ thống")), *bodies]


def _routing_data(form: LetterClassifyForm, letter: Letter) -> None:
    """The recorded routing on the form: a body the officer chose stays chosen; one a rule chose is "the proposal"."""
    form.place_unit.data = letter.place_unit_id
    form.respondent_level.data = letter.respondent_level.value if letter.respondent_level else ""
    form.respondent_agency.data = letter.respondent_agency_id
    chosen = routing_services.recorded_routing(letter).chosen_agency_id
    form.competent_agency.data = chosen
    form.routing_override_reason.data = letter.routing_override_reason or ""


def _classification(form: LetterClassifyForm) -> services.ClassificationInput:
    declared = LetterType(form.declared_type.data)
    parts: list[ContentPart] = []
    for index in (1, 2):
        kind = getattr(form, f"part{index}_type").data
        if kind:
            subtype = getattr(form, f"part{index}_subtype").data
            parts.append(
                ContentPart(
                    LetterType(kind),
                    getattr(form, f"part{index}_summary").data or "",
                    ComplaintSubtype(subtype) if subtype and kind == LetterType.COMPLAINT.value else None,
                    form.main_part.data == str(index),
                )
            )
    subtype = form.complaint_subtype.data
    return services.ClassificationInput(
        facts=IntakeFacts(
            declared_type=declared,
            writer_identified=form.writer_identified.data,
            in_vietnamese=form.in_vietnamese.data,
            dated=form.dated.data,
            has_name_address=form.has_name_address.data,
            signed=form.signed.data,
            content_complete=form.content_complete.data,
        ),
        complaint_subtype=ComplaintSubtype(subtype) if subtype else None,
        parts=tuple(parts),
        field_item_id=int(form.field_item.data) if (form.field_item.data or "").isdigit() else None,
        competent_body=form.competent_body.data or "",
        routing=routing_services.LetterRouting(
            place_unit_id=form.place_unit.data,
            respondent_level=RespondentLevel(form.respondent_level.data) if form.respondent_level.data else None,
            respondent_agency_id=form.respondent_agency.data,
            chosen_agency_id=form.competent_agency.data,
            override_reason=form.routing_override_reason.data or "",
        ),
        within_competence={"yes": True, "no": False}.get(form.within_competence.data),
        decision_known_on=form.decision_known_on.data,
        dismissal=form.is_dismissal.data,
        remote=form.is_remote.data,
        obstacles=(
            (form.obstacle1_from.data, form.obstacle1_to.data),
            (form.obstacle2_from.data, form.obstacle2_to.data),
        ),
    )


@bp.route("/<int:letter_id>/correct", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def correct(letter_id: int) -> ResponseReturnValue:
    """Sửa thông tin đã ghi (đính chính): the received date and the filing date, with a reason; the clocks
    counted from receipt are counted again. Officers who register letters and leaders of the office in
    charge; the classification is corrected on the classification page (petitions.domain.corrections)."""
    letter = queries.get_letter_for(current_user, letter_id)
    if not handling.is_in_charge(current_user, letter):
        abort(403)  # a body the letter was handed over to advises; the office in charge keeps its register
    if request.method == "GET":
        form = LetterCorrectForm(formdata=None, received_on=letter.received_on, filed_on=letter.filed_on)
        form.version.data = str(letter.version)
    else:
        form = LetterCorrectForm()
    saved = save_versioned(
        letter,
        form,
        lambda: corrections.correct_letter(
            letter.id,
            corrections.LetterCorrectionInput(
                received_on=form.received_on.data, filed_on=form.filed_on.data, reason=form.reason.data or ""
            ),
            actor=current_user,
        ),
    )
    if saved.ok:
        flash(_("Đã đính chính đơn %(number)s.", number=letter.register_label), "success")
        return redirect(url_for("letters.detail", letter_id=letter.id))
    refusal = None
    if saved.status != 409:
        try:
            correction_rules.check_letter_open_to_correction(corrections.letter_facts(letter))
        except DomainError as closed:
            refusal = str(closed)  # said before anything is typed: nothing on this letter can be corrected
    return (
        render_template(
            "letters/correct.html",
            form=form,
            letter=letter,
            stale=saved.stale,
            refused=saved.refused or refusal,
            clocks=queries.letter_clocks(letter),
        ),
        saved.status,
    )


@bp.route("/<int:letter_id>/void", methods=["POST"])
@role_required(*WRITE_ROLES)
def void(letter_id: int) -> ResponseReturnValue:
    """Void a mistaken registration (never a delete: the number stays in the register)."""
    letter = queries.get_letter_for(current_user, letter_id)
    if not handling.is_in_charge(current_user, letter):
        abort(403)  # a body the letter was handed over to advises; the office in charge keeps its register
    form = LetterVoidForm()
    saved = save_versioned(None, form, lambda: services.void_letter(letter, reason=form.reason.data, actor=current_user))
    if saved.ok:
        flash(_("Đã hủy đăng ký đơn %(number)s.", number=letter.register_label), "success")
        return redirect(url_for("letters.detail", letter_id=letter.id))
    flash(saved.refused or _("Vui lòng ghi rõ lý do hủy đăng ký (ít nhất 5 ký tự)."), "danger")
    return _render_detail(letter, status=saved.status)


# ---------------------------------------------------------------------------------------------------------
# Destroying filed letters past retention (D11)
# ---------------------------------------------------------------------------------------------------------


@bp.route("/destroy", methods=["GET", "POST"])
@role_required(*ASSIGN_ROLES)
def destroy() -> ResponseReturnValue:
    """The leader's page: the office's filed letters whose retention (D11) is over, to select, confirm and
    destroy under one destruction record (petitions.letters.destruction)."""
    today = local_today()
    page = keyset_page(
        destruction.destroyable_letters(current_user, today), destruction.DESTROYABLE_ORDER,
        after=request.args.get("after"), list_key="letters:destroyable", count_total=True,
    )
    form = LetterDestroyForm()
    saved = save_versioned(
        None, form,
        lambda: destruction.destroy_letters(form.letter_ids.data or [], actor=current_user, effective_on=today),
        error_field=form.letter_ids,
    )
    if saved.ok:
        done = saved.value
        flash(
            _("Đã hủy %(count)d đơn theo biên bản số %(number)s.", count=len(done.letters),
              number=done.record.number_symbol),
            "success",
        )
        return redirect(url_for("documents.detail", document_id=done.record.id))
    return render_template(
        "letters/destroy.html", form=form, page=page, today=today,
        letter_type_labels=labels.TYPE_LABELS, retention=RETENTION_RULES[letter_flow.RETENTION_RULE],
    ), saved.status


# ---------------------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------------------


@bp.route("/<int:letter_id>/attachments", methods=["POST"])
@role_required(*WRITE_ROLES)
def upload(letter_id: int) -> ResponseReturnValue:
    letter = queries.get_letter_for(current_user, letter_id)
    if letter.is_void:
        abort(404)
    form = AttachmentUploadForm()

    def attach() -> None:
        storage = form.file.data
        data = storage.stream.read(attachments.max_bytes() + 1)
        attachments.add_attachment(letter, filename=storage.filename or "", data=data, actor=current_user)

    saved = save_versioned(None, form, attach)
    if saved.ok:
        flash(_("Đã đính kèm tệp."), "success")
        return redirect(url_for("letters.detail", letter_id=letter.id))
    if isinstance(saved.error, attachments.AttachmentTooLarge):
        abort(413)
    flash(saved.refused or _("Vui lòng chọn tệp."), "danger")
    # A full disk: 507 Insufficient Storage, the page as it was, nothing kept (petitions.storage).
    return _render_detail(letter, status=507 if isinstance(saved.error, StorageFull) else saved.status)


@bp.route("/<int:letter_id>/attachments/<int:attachment_id>")
@role_required(*READ_ROLES)
def download(letter_id: int, attachment_id: int) -> ResponseReturnValue:
    """A download only (never rendered inline), sandboxed, for users who may see the letter."""
    _letter, attachment = queries.get_attachment_for(current_user, letter_id, attachment_id)
    return attachments.download_response(attachment)


@bp.route("/<int:letter_id>/attachments/<int:attachment_id>/remove", methods=["POST"])
@role_required(*WRITE_ROLES)
def remove_attachment(letter_id: int, attachment_id: int) -> ResponseReturnValue:
    _letter, attachment = queries.get_attachment_for(current_user, letter_id, attachment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    attachments.remove_attachment(attachment, actor=current_user)
    db.session.commit()
    flash(_("Đã gỡ tệp đính kèm."), "success")
    return redirect(url_for("letters.detail", letter_id=letter_id))
