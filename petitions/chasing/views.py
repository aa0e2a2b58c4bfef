"""The chasing list (/chasing/): the steps proposed for the items the office sent to late bodies, for its
officers; its leaders build today's list, approve a step (its paper drafted, issued at once or left for the
văn thư's number) or skip it with a reason. Every id is loaded through the user's scope
(petitions.chasing.queries); the services check the role and the state."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from petitions.auth.permissions import role_required
from petitions.chasing import labels, queries, services
from petitions.chasing.exports import chase_filters_from_request
from petitions.chasing.forms import ChaseApproveForm, ChaseBuildForm, ChaseBulkApproveForm, ChaseSkipForm
from petitions.chasing.models import Chase
from petitions.clock import local_today
from petitions.concurrency import save_versioned
from petitions.documents.models import Document
from petitions.domain.chasing import ChaseStatus, ChaseStep
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.i18n import lazy_gettext as _l
from petitions.referrals.labels import STATUS_LABELS as REFERRAL_STATUS_LABELS

bp = Blueprint("chasing", __name__, url_prefix="/chasing")

READ_ROLES = queries.OFFICE_ROLES


@bp.app_context_processor
def _globals() -> dict[str, object]:
    return {"chases_of": _chases_of, "chase_labels": labels, "chase_home": _home_summary}


def _home_summary() -> tuple[int, bool] | None:
    """The home page's line "Bước đôn đốc chờ lãnh đạo duyệt" for the office's officers: the capped count of the
    steps waiting; none when there are none (or the user sees no chases)."""
    user = current_user
    if not getattr(user, "is_authenticated", False) or user.role not in READ_ROLES:
        return None
    waiting = queries.waiting_count(user)
    return waiting if waiting[0] else None


def _chases_of(referral_id: int) -> list[Chase]:
    """The chasing steps of a referral the page already loaded through the user's scope (the office's page of an
    item it sent), by rung; none for a user who does not see the office's chases."""
    user = current_user
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(queries.visible_chases(user).where(Chase.referral_id == referral_id)
                                   .order_by(Chase.rung)))


def step_choices(chase: Chase) -> list[SelectChoice]:
    """The steps the leader may approve this chase as (the third rung: escalation or explanation)."""
    return [SelectChoice(step.value, labels.STEP_LABELS[step]) for step in services.steps_offered(chase)]


def _filter_args(filters: queries.ChaseFilters) -> dict[str, Any]:
    """The list's filters as query arguments (the bulk form returns to the same list)."""
    return {"status": filters.status.value if filters.status else "all", **({"step": filters.step.value} if filters.step else {})}


@bp.route("/")
@role_required(*READ_ROLES)
def index() -> ResponseReturnValue:
    """The office's chases: waiting for a leader by default (the day's list), or by state and step."""
    return _render_index(None, 200)


def _render_index(bulk: ChaseBulkApproveForm | None, status: int) -> ResponseReturnValue:
    filters = chase_filters_from_request()
    page = queries.chase_page(current_user, filters, after=request.args.get("after"))
    today = local_today()
    leader = current_user.role == Role.LEADER
    return render_template(
        "chasing/index.html", page=page, filters=filters, labels=labels, run=queries.last_run(today), today=today,
        build_form=ChaseBuildForm() if leader else None,
        bulk_form=(bulk or ChaseBulkApproveForm()) if leader else None, filter_args=_filter_args(filters),
        proposed=ChaseStatus.PROPOSED,
    ), status


@bp.route("/approve-many", methods=["POST"])
@role_required(Role.LEADER)
def approve_many() -> ResponseReturnValue:
    """The steps a leader ticked on the list approved at once (issued now or left for the văn thư); the refused
    ones are named by their letter's number, the rest approved. Nothing approved: the list comes back (400)."""
    form = ChaseBulkApproveForm()
    issue = form.issue.data == "issue"
    saved = save_versioned(None, form, lambda: services.approve_many(form.chase_ids.data or [], actor=current_user,
                                                                     issue=issue))
    if not saved.ok:
        flash(saved.refused or _("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
        return _render_index(form, saved.status)
    done: services.BulkApproval = saved.value
    count = len(done.approved)
    flash(_("Đã duyệt và ban hành %(n)d bước đôn đốc.", n=count) if issue
          else _("Đã duyệt %(n)d bước đôn đốc; văn bản chờ văn thư cấp số.", n=count), "success")
    if done.refused or done.missing:
        flash(_("Không duyệt %(n)d bước: %(why)s", n=len(done.refused) + len(done.missing),
                why=" ".join(done.refusals())), "warning")
    return redirect(url_for("chasing.index", **_filter_args(chase_filters_from_request())))


@bp.route("/build", methods=["POST"])
@role_required(Role.LEADER)
def build() -> ResponseReturnValue:
    """Build today's list for the leader's office (what the daily `petitions chase` does for every office)."""
    form = ChaseBuildForm()
    if form.validate_on_submit():
        try:
            summary = services.build_day_list(on=local_today(), actor=current_user)
        except DomainError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        else:
            db.session.commit()
            flash(summary.line(), "success")
    return redirect(url_for("chasing.index"))


def _render(chase: Chase, approve: ChaseApproveForm | None = None, skip: ChaseSkipForm | None = None,
            status: int = 200) -> ResponseReturnValue:
    forms = {}
    if chase.status == ChaseStatus.PROPOSED and services.can_decide(current_user, chase):
        approve = approve or ChaseApproveForm(prefix="approve", version=chase.version, step=chase.step.value)
        approve.step.choices = step_choices(chase)
        forms = {"approve": approve, "skip": skip or ChaseSkipForm(prefix="skip", version=chase.version)}
    document = db.session.get(Document, chase.document_id) if chase.document_id else None
    return render_template(
        "chasing/item.html", chase=chase, referral=chase.referral, letter=chase.referral.letter, document=document,
        ladder=queries.referral_chases(chase.referral_id), labels=labels, referral_status=REFERRAL_STATUS_LABELS,
        forms=forms,
    ), status


@bp.route("/<int:chase_id>")
@role_required(*READ_ROLES)
def item(chase_id: int) -> ResponseReturnValue:
    """One proposed step: the item, its body and deadline, the ladder so far; a leader's approve and skip forms."""
    return _render(queries.get_chase_for(current_user, chase_id))


@bp.route("/<int:chase_id>/approve", methods=["POST"])
@role_required(Role.LEADER)
def approve(chase_id: int) -> ResponseReturnValue:
    chase = queries.get_chase_for(current_user, chase_id)
    form = ChaseApproveForm(prefix="approve")
    form.step.choices = step_choices(chase)
    saved = save_versioned(chase, form, lambda: services.approve_chase(
        chase, actor=current_user, step=ChaseStep(form.step.data), issue=form.issue.data == "issue"))
    if saved.ok:
        flash(str(_l("Đã duyệt và ban hành văn bản đôn đốc.") if form.issue.data == "issue"
                  else _l("Đã duyệt; văn bản chờ văn thư cấp số.")), "success")
        return redirect(url_for("chasing.item", chase_id=chase.id))
    flash(saved.stale or saved.refused or _("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
    return _render(chase, approve=form, status=saved.status)


@bp.route("/<int:chase_id>/skip", methods=["POST"])
@role_required(Role.LEADER)
def skip(chase_id: int) -> ResponseReturnValue:
    chase = queries.get_chase_for(current_user, chase_id)
    form = ChaseSkipForm(prefix="skip")
    saved = save_versioned(chase, form, lambda: services.skip_chase(chase, reason=form.reason.data, actor=current_user),
                           error_field=form.reason)
    if saved.ok:
        flash(_("Đã bỏ qua bước đôn đốc."), "success")
        return redirect(url_for("chasing.item", chase_id=chase.id))
    flash(saved.stale or saved.refused or _("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
    return _render(chase, skip=form, status=saved.status)
