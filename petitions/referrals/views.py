"""The agency workspace (/workspace/): the items sent to the user's body (its liaison, the officers of a body
inside the system) with their acts; and the office's side: the answers to review, the paper replies of bodies
outside the system, the extension requests its leaders decide. Every id is loaded through the user's scope
(petitions.referrals.queries); the services check the side and state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from petitions.auth.permissions import role_required
from petitions.cases.labels import VERDICT_LABELS
from petitions.clock import local_today
from petitions.concurrency import save_versioned
from petitions.documents.models import Document
from petitions.documents.services import pdf_filename
from petitions.domain.records import LetterType
from petitions.domain.referrals import ReferralAct, Side, allowed
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.i18n import lazy_gettext as _l
from petitions.letters import attachments
from petitions.letters.handling_papers import has_redacted_copy, paper_pdf, redacted_copy_pdf
from petitions.letters.labels import TYPE_LABELS
from petitions.letters.models import LetterAttachment
from petitions.referrals import labels, queries, review, services
from petitions.referrals.exports import READ_ROLES, workspace_filters_from_request
from petitions.referrals.forms import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ReferralAnswerForm,
    ReferralNoteForm,
    ReferralReturnForm,
    ReferralVersionForm,
)
from petitions.referrals.models import Referral

bp = Blueprint("referrals", __name__, url_prefix="/workspace")

BODY_ROLES = (Role.HANDLER, Role.LEADER, Role.LIAISON)
OFFICE_ROLES = (Role.HANDLER, Role.LEADER)


@bp.app_context_processor
def _globals() -> dict[str, Any]:
    return {"referral_labels": labels, "referral_home": _home_summary, "referrals_of": _referrals_of}


class RecordReferral(NamedTuple):
    """A row of a letter's or case's referrals: the referral and whether the user is on the office's side
    (its page is then the office's, else the body's workspace item)."""

    referral: Referral
    office_side: bool

    @property
    def id(self) -> int:
        return self.referral.id


def _referrals_of(*, letter: Any = None, case: Any = None) -> list[RecordReferral]:
    """The referrals of a letter or a case already loaded through the user's scope, that the user may see."""
    if letter is not None:
        found = queries.letter_referrals(current_user, letter.id)
    elif case is not None:
        found = queries.case_referrals(current_user, case.id)
    else:
        return []
    return [RecordReferral(r, Side.OFFICE in services.sides_of(current_user, r)) for r in found]


def _home_summary() -> queries.HomeCounts | None:
    """The home page's section "Phối hợp cơ quan": counts with links (the answers waiting for the office's
    review, the extension requests for its leaders, the body's open and overdue items); none when all are 0."""
    user = current_user
    if not getattr(user, "is_authenticated", False) or user.role == Role.ADMIN or user.agency_id is None:
        return None
    counts = queries.home_counts(user, today=local_today())
    return counts if counts.any else None


# ---------------------------------------------------------------------------------------------------------
# The body's workspace
# ---------------------------------------------------------------------------------------------------------


@bp.route("/")
@role_required(*READ_ROLES)
def index() -> ResponseReturnValue:
    """The items sent to the user's body: filters (state, kind, overdue), keyset pages."""
    filters = workspace_filters_from_request()
    today = local_today()
    page = queries.workspace_page(current_user, filters, today=today, after=request.args.get("after"))
    return render_template("referrals/index.html", page=page, filters=filters, today=today)


def _body_forms(referral: Referral, bound: tuple[str, FlaskForm] | None = None) -> dict[str, FlaskForm]:
    forms: dict[str, FlaskForm] = {}
    if current_user.role not in BODY_ROLES:
        return forms
    offered: dict[str, tuple[ReferralAct, type[FlaskForm]]] = {
        "acknowledge": (ReferralAct.ACKNOWLEDGE, ReferralVersionForm),
        "progress": (ReferralAct.PROGRESS, ReferralNoteForm),
        "answer": (ReferralAct.ANSWER, ReferralAnswerForm),
        "extension": (ReferralAct.REQUEST_EXTENSION, ExtensionRequestForm),
    }
    for key, (act, form_class) in offered.items():
        if not allowed(referral.status, act, Side.BODY):
            continue
        if key == "extension" and (referral.extension_requested_days is not None or not services.can_extend(referral)):
            continue
        if bound is not None and bound[0] == key:
            forms[key] = bound[1]
            continue
        form = form_class(prefix=key)
        form.version.data = str(referral.version)
        forms[key] = form
    return forms


def _office_forms(referral: Referral, bound: tuple[str, FlaskForm] | None = None) -> dict[str, FlaskForm]:
    forms: dict[str, FlaskForm] = {}
    if current_user.role not in OFFICE_ROLES:
        return forms
    offered: dict[str, tuple[ReferralAct, type[FlaskForm]]] = {
        "accept": (ReferralAct.ACCEPT, ReferralVersionForm),
        "return": (ReferralAct.RETURN, ReferralReturnForm),
        "paper_reply": (ReferralAct.PAPER_REPLY, ReferralAnswerForm),
    }
    if current_user.role == Role.LEADER and referral.extension_requested_days is not None:
        offered["grant"] = (ReferralAct.GRANT_EXTENSION, ExtensionDecisionForm)
        offered["refuse"] = (ReferralAct.REFUSE_EXTENSION, ExtensionDecisionForm)
    for key, (act, form_class) in offered.items():
        if not allowed(referral.status, act, Side.OFFICE):
            continue
        if bound is not None and bound[0] == key:
            forms[key] = bound[1]
            continue
        form = form_class(prefix=key)
        form.version.data = str(referral.version)
        forms[key] = form
    return forms


def _render(referral: Referral, template: str, forms: dict[str, FlaskForm], status: int = 200) -> ResponseReturnValue:
    source = db.session.get(Document, referral.source_document_id) if referral.source_document_id else None
    clock = queries.waiting_clock(referral) or queries.last_clock(referral)
    return render_template(
        template,
        referral=referral,
        letter=referral.letter,
        # A denunciation goes out as its redacted copy only: its writer is never shown on these pages.
        is_denunciation=referral.letter.letter_type in (LetterType.DENUNCIATION, LetterType.MIXED),
        letter_type=TYPE_LABELS[referral.letter.letter_type],
        verdict_labels=VERDICT_LABELS,
        source=source,
        redacted_copy=source is not None and has_redacted_copy(source),
        clock=clock,
        events=queries.referral_events(referral),
        forms=forms,
        today=local_today(),
    ), status


@bp.route("/<int:referral_id>")
@role_required(*READ_ROLES)
def item(referral_id: int) -> ResponseReturnValue:
    """The body's page of one item: what was sent (the forwarded paper; a denunciation's redacted copy), the
    acts so far, and the forms of the acts the body may take now."""
    referral = queries.get_workspace_referral_for(current_user, referral_id)
    return _render(referral, "referrals/item.html", _body_forms(referral))


def _file(form: ReferralAnswerForm) -> tuple[str, bytes]:
    storage = form.file.data
    return storage.filename or "", storage.stream.read(attachments.max_bytes() + 1)


def _answer(form: ReferralAnswerForm) -> services.Answer:
    filename, data = _file(form)
    return services.Answer(
        number=form.number.data,
        answered_on=form.answered_on.data,
        summary=form.summary.data,
        outcome=form.outcome.data or None,
        verdict=form.verdict.data or None,
        decision_number=form.decision_number.data,
        decision_on=form.decision_on.data,
        filename=filename,
        data=data,
    )


def _act(
    referral: Referral,
    key: str,
    form_class: type[FlaskForm],
    act: Callable[[Any], object],
    done: object,
    *,
    office: bool,
) -> ResponseReturnValue:
    """One act on the referral through the save helper (version checked, one commit); a refusal re-renders
    the page with the form and its message."""
    form = form_class(prefix=key)
    saved = save_versioned(referral, form, lambda: act(form))
    endpoint, page, forms_of = (
        ("referrals.sent", "referrals/sent.html", _office_forms) if office else ("referrals.item", "referrals/item.html", _body_forms)
    )
    if saved.ok:
        flash(str(done), "success")
        return redirect(url_for(endpoint, referral_id=referral.id))
    if isinstance(saved.error, attachments.AttachmentTooLarge):
        abort(413)
    flash(saved.stale or saved.refused or _("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
    return _render(referral, page, forms_of(referral, (key, form)), status=saved.status)


@bp.route("/<int:referral_id>/acknowledge", methods=["POST"])
@role_required(*BODY_ROLES)
def acknowledge(referral_id: int) -> ResponseReturnValue:
    referral = queries.get_workspace_referral_for(current_user, referral_id)
    return _act(referral, "acknowledge", ReferralVersionForm, lambda f: services.acknowledge(referral, actor=current_user),
                _l("Đã xác nhận nhận việc."), office=False)


@bp.route("/<int:referral_id>/progress", methods=["POST"])
@role_required(*BODY_ROLES)
def progress(referral_id: int) -> ResponseReturnValue:
    referral = queries.get_workspace_referral_for(current_user, referral_id)
    return _act(referral, "progress", ReferralNoteForm,
                lambda f: services.report_progress(referral, note=f.note.data or "", actor=current_user),
                _l("Đã báo cáo tiến độ."), office=False)


@bp.route("/<int:referral_id>/answer", methods=["POST"])
@role_required(*BODY_ROLES)
def answer(referral_id: int) -> ResponseReturnValue:
    referral = queries.get_workspace_referral_for(current_user, referral_id)
    return _act(referral, "answer", ReferralAnswerForm,
                lambda f: services.answer(referral, _answer(f), actor=current_user), _l("Đã gửi kết quả."), office=False)


@bp.route("/<int:referral_id>/extension", methods=["POST"])
@role_required(*BODY_ROLES)
def request_extension(referral_id: int) -> ResponseReturnValue:
    referral = queries.get_workspace_referral_for(current_user, referral_id)
    return _act(
        referral, "extension", ExtensionRequestForm,
        lambda f: services.request_extension(referral, days=f.days.data, reason=f.reason.data or "", actor=current_user),
        _l("Đã gửi đề nghị gia hạn."), office=False,
    )


@bp.route("/<int:referral_id>/paper.pdf")
@role_required(*READ_ROLES)
def paper(referral_id: int) -> ResponseReturnValue:
    """The forwarding paper as issued (it never names a denouncer)."""
    referral = queries.get_referral_for(current_user, referral_id)
    source = db.session.get(Document, referral.source_document_id) if referral.source_document_id else None
    if source is None:
        abort(404)
    return _pdf(paper_pdf(source, user=None), pdf_filename(source))


@bp.route("/<int:referral_id>/redacted-copy.pdf")
@role_required(*READ_ROLES)
def redacted_copy(referral_id: int) -> ResponseReturnValue:
    """A forwarded denunciation's copy with the denouncer's identity covered: what the body receives."""
    referral = queries.get_referral_for(current_user, referral_id)
    source = db.session.get(Document, referral.source_document_id) if referral.source_document_id else None
    if source is None or not has_redacted_copy(source):
        abort(404)
    return _pdf(redacted_copy_pdf(source), f"ban-sao-da-che-{pdf_filename(source)}")


def _pdf(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:referral_id>/answer-file")
@role_required(*READ_ROLES)
def answer_file(referral_id: int) -> ResponseReturnValue:
    """The decision or reply scan attached to the answer, for both sides."""
    referral = queries.get_referral_for(current_user, referral_id)
    attachment = db.session.get(LetterAttachment, referral.answer_attachment_id) if referral.answer_attachment_id else None
    if attachment is None or attachment.is_removed:
        abort(404)
    return attachments.download_response(attachment)


# ---------------------------------------------------------------------------------------------------------
# The office's side
# ---------------------------------------------------------------------------------------------------------


@bp.route("/review")
@role_required(*READ_ROLES)
def review_list() -> ResponseReturnValue:
    """The answers waiting for the office's review, oldest first; the extension requests for its leaders."""
    page = queries.responses_to_review(current_user, after=request.args.get("after"))
    extensions = queries.extensions_to_decide(current_user)
    return render_template("referrals/review.html", page=page, extensions=extensions, today=local_today())


@bp.route("/sent/<int:referral_id>")
@role_required(*READ_ROLES)
def sent(referral_id: int) -> ResponseReturnValue:
    """The office's page of an item it sent: the body's answer, accept or return it, register a paper reply,
    decide an extension request."""
    referral = queries.get_office_referral_for(current_user, referral_id)
    return _render(referral, "referrals/sent.html", _office_forms(referral))


@bp.route("/sent/<int:referral_id>/accept", methods=["POST"])
@role_required(*OFFICE_ROLES)
def accept(referral_id: int) -> ResponseReturnValue:
    referral = queries.get_office_referral_for(current_user, referral_id)
    return _act(referral, "accept", ReferralVersionForm, lambda f: review.accept(referral, actor=current_user),
                _l("Đã chấp nhận kết quả."), office=True)


@bp.route("/sent/<int:referral_id>/return", methods=["POST"])
@role_required(*OFFICE_ROLES)
def return_answer(referral_id: int) -> ResponseReturnValue:
    referral = queries.get_office_referral_for(current_user, referral_id)
    return _act(referral, "return", ReferralReturnForm,
                lambda f: review.return_for_completion(referral, reason=f.note.data or "", actor=current_user),
                _l("Đã trả lại để cơ quan bổ sung."), office=True)


@bp.route("/sent/<int:referral_id>/paper-reply", methods=["POST"])
@role_required(*OFFICE_ROLES)
def paper_reply(referral_id: int) -> ResponseReturnValue:
    referral = queries.get_office_referral_for(current_user, referral_id)
    return _act(referral, "paper_reply", ReferralAnswerForm,
                lambda f: services.register_paper_reply(referral, _answer(f), actor=current_user),
                _l("Đã ghi nhận văn bản phúc đáp."), office=True)


@bp.route("/sent/<int:referral_id>/extension/grant", methods=["POST"])
@role_required(Role.LEADER)
def grant_extension(referral_id: int) -> ResponseReturnValue:
    referral = queries.get_office_referral_for(current_user, referral_id)
    return _act(referral, "grant", ExtensionDecisionForm,
                lambda f: services.decide_extension(referral, grant=True, note=f.note.data, actor=current_user),
                _l("Đã đồng ý gia hạn."), office=True)


@bp.route("/sent/<int:referral_id>/extension/refuse", methods=["POST"])
@role_required(Role.LEADER)
def refuse_extension(referral_id: int) -> ResponseReturnValue:
    referral = queries.get_office_referral_for(current_user, referral_id)
    return _act(referral, "refuse", ExtensionDecisionForm,
                lambda f: services.decide_extension(referral, grant=False, note=f.note.data, actor=current_user),
                _l("Đã ghi ý kiến không đồng ý gia hạn."), office=True)
