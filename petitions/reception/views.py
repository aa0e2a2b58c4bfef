"""Reception screens: the intake screen, visits, citizens (lookup, page, merge), sessions and compliance.

Personal search terms travel by POST only (lookup fragments, the citizen search kept in the
server-side session); list filters that are not personal stay in the query string.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from petitions.auth.clearance import has_identity_clearance
from petitions.auth.forms import ConfirmForm
from petitions.auth.permissions import role_required
from petitions.citizens import queries as citizen_queries
from petitions.citizens import services as citizen_services
from petitions.citizens.models import Citizen
from petitions.clock import local_today
from petitions.concurrency import save_versioned
from petitions.dates import parse_month_arg
from petitions.directory.forms import item_choices
from petitions.directory.models import ReferenceItem
from petitions.directory.queries import list_items, units_on
from petitions.domain import reception as rules
from petitions.domain.deadlines import LeaderLevel
from petitions.domain.reception import (
    PersonKey,
    ReceptionError,
    RepresentativeKind,
    SessionKind,
    SessionMode,
    SessionStatus,
    VisitClass,
    VisitOutcome,
)
from petitions.domain.records import ComplaintSubtype, IdType, UnitLevel
from petitions.domain.text import fold_text, normalise_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_of
from petitions.history_words import history_lines
from petitions.reception import corrections, forms, labels, queries, services
from petitions.reception.exports import CITIZEN_SEARCH_KEY, visit_filters_from_request
from petitions.reception.models import IntakeDraft
from petitions.reception.permissions import CORRECT_ROLES, READ_ROLES, SESSION_ROLES, WRITE_ROLES
from petitions.request_args import parse_id, parse_int

bp = Blueprint("reception", __name__, url_prefix="/reception")

INTAKE_DRAFT = "visit-intake"


@bp.app_context_processor
def reception_labels() -> dict[str, Any]:
    return {
        "visit_class_labels": forms.CLASS_LABELS,
        "outcome_labels": forms.OUTCOME_LABELS,
        "kind_labels": forms.KIND_LABELS,
        "mode_labels": forms.MODE_LABELS,
        "session_status_labels": forms.STATUS_LABELS,
        "representative_labels": forms.REPRESENTATIVE_LABELS,
        "id_type_labels": forms.ID_TYPE_LABELS,
        "mask_id": rules.mask_id_number,
        # The intake form's hints (reception.js) read the rules from data attributes, never a copy.
        "delegation_min_persons": rules.DELEGATION_MIN_PERSONS,
        "group_representative_limits": rules.GROUP_REPRESENTATIVE_LIMITS,
        **labels.template_globals(),
    }


def _unit_choices(on: date) -> list[SelectChoice]:
    return [SelectChoice("", _("— chọn —"))] + [
        SelectChoice(u.id, u.name) for u in units_on(on, level=UnitLevel.COMMUNE)
    ]


# Intake ----------------------------------------------------------------------------------------------


def _prepare_intake(form: forms.VisitIntakeForm, day: date) -> list[Any]:
    sessions = queries.sessions_on(current_user, day, today=local_today())
    form.session_id.choices = [SelectChoice("", _("Tiếp thường xuyên (không thuộc buổi tiếp nào)"))] + [
        SelectChoice(s.id, f"{forms.KIND_LABELS[s.kind]} — {s.leader_name or s.place or s.held_on}")
        for s in sessions
    ]
    units = _unit_choices(day)
    form.person.form.address_unit_id.choices = units
    form.refusal_ground_id.choices = [SelectChoice("", _("— chọn căn cứ —"))] + item_choices(list_items("refusal_ground", day))
    cases: list[Any] = []
    citizen_id = parse_id(form.citizen_id.data)
    if citizen_id:
        cases = queries.cases_of_citizen(current_user, citizen_id)
    form.case_choice.choices = [SelectChoice("new", _("Vụ việc mới"))] + [
        SelectChoice(str(c.id), f"#{c.id} — {c.title}") for c in cases
    ]
    return sessions


def _person_input(fields: Any) -> citizen_services.CitizenInput | None:
    name = normalise_text(fields.full_name.data)
    if not name:
        return None
    return citizen_services.CitizenInput(
        full_name=name,
        id_type=IdType(fields.id_type.data) if fields.id_type.data else None,
        id_number=fields.id_number.data,
        id_paper_name=getattr(fields, "id_paper_name", None) and fields.id_paper_name.data,
        birth_year=getattr(fields, "birth_year", None) and fields.birth_year.data,
        phone=getattr(fields, "phone", None) and fields.phone.data,
        address_unit_id=getattr(fields, "address_unit_id", None) and fields.address_unit_id.data,
        address_text=getattr(fields, "address_text", None) and fields.address_text.data,
    )


def _visit_input(form: forms.VisitIntakeForm) -> services.VisitInput:
    representatives = []
    for row in form.representatives:
        fields = row.form
        if not normalise_text(fields.full_name.data) and not fields.kind.data:
            continue
        if not fields.kind.data:
            raise ReceptionError(
                _("Vui lòng chọn tư cách của người đại diện %(name)s.", name=fields.full_name.data),
                field="representatives",
            )
        representatives.append(
            services.RepresentativeInput(
                kind=RepresentativeKind(fields.kind.data),
                document_number=fields.document_number.data or "",
                person=_person_input(fields),
                document_dated_on=fields.document_dated_on.data,
                document_issuer=fields.document_issuer.data or "",
                is_certified=bool(fields.is_certified.data),
            )
        )
    case_choice = form.case_choice.data
    return services.VisitInput(
        agency_id=current_user.agency_id,
        visited_on=form.visited_on.data,
        classification=VisitClass(form.classification.data),
        complaint_subtype=ComplaintSubtype(form.complaint_subtype.data)
        if form.complaint_subtype.data
        else None,
        summary=form.summary.data or "",
        outcome=VisitOutcome(form.outcome.data),
        officer_id=current_user.id,
        session_id=form.session_id.data,
        mode=SessionMode(form.mode.data),
        recording_reference=form.recording_reference.data,
        citizen_id=parse_id(form.citizen_id.data),
        person=_person_input(form.person.form),
        headcount=form.headcount.data or 1,
        representatives=tuple(representatives),
        accompanying=tuple(line for line in (form.accompanying.data or "").splitlines() if line.strip()),
        respondent=form.respondent.data or "",
        already_resolved_by=form.already_resolved_by.data or "",
        within_competence=bool(form.within_competence.data),
        with_letter=bool(form.with_letter.data),
        statement=form.statement.data or "",
        documents_handed=form.documents_handed.data or "",
        guided_to=form.guided_to.data or "",
        guided_document_number=form.guided_document_number.data or "",
        forwarded_to=form.forwarded_to.data or "",
        forwarded_document_number=form.forwarded_document_number.data or "",
        refusal_ground_id=form.refusal_ground_id.data,
        refusal_explanation=form.refusal_explanation.data or "",
        follow_up=form.follow_up.data or "",
        case_id=parse_id(case_choice) if case_choice and case_choice != "new" else None,
    )


def _marks_a_field(refused: Exception | None, form: Any) -> bool:
    named = getattr(refused, "field", None)
    return bool(named) and named in form


def _find_draft() -> IntakeDraft | None:
    import sqlalchemy as sa

    return db.session.scalar(
        sa.select(IntakeDraft).where(
            IntakeDraft.user_id == current_user.id, IntakeDraft.form_key == INTAKE_DRAFT
        )
    )


@bp.route("/visits/new", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def new_visit() -> ResponseReturnValue:
    """The intake screen: today, me and today's session by default; the draft restored if there is one."""
    today = local_today()
    draft = None
    if request.method == "POST":
        form = forms.VisitIntakeForm()
    else:
        draft = _find_draft()
        if draft is not None and draft.payload:
            form = forms.VisitIntakeForm(formdata=MultiDict(services.draft_form_data(draft)))
        else:
            form = forms.VisitIntakeForm(formdata=None, visited_on=today)
    day = form.visited_on.data if isinstance(form.visited_on.data, date) else today
    sessions = _prepare_intake(form, day)
    if request.method == "GET" and draft is None and sessions and not form.session_id.data:
        form.session_id.data = sessions[0].id

    def register() -> Any:
        visit = services.register_visit(_visit_input(form), actor=current_user)
        services.discard_draft(user_id=current_user.id, form_key=INTAKE_DRAFT)
        return visit

    saved = save_versioned(None, form, register)
    if saved.ok:
        visit = saved.value
        flash(
            _("Đã ghi lượt tiếp số %(number)d/%(year)d.", number=visit.book_number, year=visit.book_year),
            "success",
        )
        return redirect(url_for("reception.visit_detail", visit_id=visit.id))
    return (
        render_template(
            "reception/intake.html",
            form=form,
            # A refusal about one field is shown beside it (save_versioned put it there), not at the top.
            error=None if _marks_a_field(saved.error, form) else saved.refused,
            draft=draft,
            drafts_drop_identity=services.drafts_drop_identity(),
            draft_identity_classes=[c.value for c in rules.DRAFT_IDENTITY_CLASSES],
            # The note shows while no classification, or one whose draft drops the identity, is chosen.
            draft_drop_classes=["", *(c.value for c in VisitClass if c not in rules.DRAFT_IDENTITY_CLASSES)],
            person_field_prefixes=[*services.PERSON_FIELD_PREFIXES, *sorted(services.PERSON_FIELDS)],
            discard_form=ConfirmForm(),
            max_rows=forms.MAX_REPRESENTATIVE_ROWS,
        ),
        saved.status,
    )


@bp.route("/drafts/intake", methods=["POST"])
@role_required(*WRITE_ROLES)
def save_intake_draft() -> ResponseReturnValue:
    """Autosave of the intake screen (called while typing); the draft lives on the server only."""
    services.save_draft(user_id=current_user.id, form_key=INTAKE_DRAFT, payload=request.form.to_dict())
    db.session.commit()
    return {"saved": True}


@bp.route("/drafts/intake/discard", methods=["POST"])
@role_required(*WRITE_ROLES)
def discard_intake_draft() -> ResponseReturnValue:
    if ConfirmForm().validate_on_submit():
        services.discard_draft(user_id=current_user.id, form_key=INTAKE_DRAFT)
        db.session.commit()
        flash(_("Đã bỏ bản nháp."), "info")
    return redirect(url_for("reception.new_visit"))


@bp.route("/citizens/lookup", methods=["POST"])
@role_required(*WRITE_ROLES)
def citizen_lookup() -> ResponseReturnValue:
    """Matches for the person being typed (a small HTML fragment); the terms come in the POST body."""
    name = request.form.get("full_name", "")
    id_type = request.form.get("id_type") or None
    number = rules.clean_id_number(request.form.get("id_number", ""))
    key = PersonKey(
        folded_name=fold_text(name),
        id_number=number,
        unit_id=parse_int(request.form.get("address_unit_id")),
        birth_year=parse_int(request.form.get("birth_year")),
    )
    matches = citizen_queries.find_matches(current_user, key)
    shown = {m.citizen.id for m in matches}
    similar = [c for c in citizen_queries.search_citizens(current_user, name) if c.id not in shown] if name else []
    id_problem = None
    if number and id_type:
        try:
            rules.validate_id_number(id_type, number, paper_name=request.form.get("id_paper_name"))
        except DomainError as problem:
            id_problem = str(problem)
    return render_template(
        "reception/_matches.html", matches=matches, similar=similar[:5], id_problem=id_problem
    )


@bp.route("/citizens/cases", methods=["POST"])
@role_required(*WRITE_ROLES)
def citizen_cases() -> ResponseReturnValue:
    """<option>s of the chosen citizen's cases, for the intake screen's case select."""
    citizen_id = parse_id(request.form.get("citizen_id"))
    cases = queries.cases_of_citizen(current_user, citizen_id) if citizen_id else []
    return render_template("reception/_case_options.html", cases=cases)


# Visits ----------------------------------------------------------------------------------------------


@bp.route("/")
@role_required(*READ_ROLES)
def index() -> ResponseReturnValue:
    """The reception book: visits newest first, filtered, a page at a time (keyset cursor)."""
    filters = visit_filters_from_request()
    order = "desc" if filters.newest_first else "asc"
    page = queries.list_visits(
        current_user, filters, after=request.args.get("after"), newest_first=filters.newest_first
    )
    args = {k: v for k, v in request.args.items() if k != "after" and v}
    return render_template(
        "reception/visits.html",
        page=page,
        args=args,
        order=order,
        cleared=has_identity_clearance(current_user),
        kinds=list(SessionKind),
        outcomes=list(VisitOutcome),
    )


@bp.route("/visits/<int:visit_id>")
@role_required(*READ_ROLES)
def visit_detail(visit_id: int) -> ResponseReturnValue:
    visit = queries.get_visit_for(current_user, visit_id)
    history = history_of("visit", visit.id)
    return render_template(
        "reception/visit.html",
        visit=visit,
        due=queries.visit_due_dates(visit),
        cleared=has_identity_clearance(current_user),
        history=history_lines(history, _history_names(history), with_actors=True),
        can_correct=current_user.role in CORRECT_ROLES,
    )


def _history_names(history: list[Any]) -> dict[str, str]:
    """The refusal grounds a visit's history names, by their labels (a shared reference list)."""
    ids = {int(value) for h in history if h.field == "refusal_ground_id" for value in (h.old_value, h.new_value) if value}
    if not ids:
        return {}
    items = db.session.scalars(sa.select(ReferenceItem).where(ReferenceItem.id.in_(sorted(ids))))
    return {f"refusal_ground_id:{item.id}": item.label for item in items}


@bp.route("/visits/<int:visit_id>/edit", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def edit_visit(visit_id: int) -> ResponseReturnValue:
    """Correct the book columns of a visit; a stale save answers 409 and keeps the input."""
    visit = queries.get_visit_for(current_user, visit_id)
    form = forms.VisitEditForm(obj=visit if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(visit.version)

    def update() -> None:
        services.update_visit(visit, **{name: getattr(form, name).data for name in services.EDITABLE_VISIT_FIELDS})

    saved = save_versioned(visit, form, update, error_field=form.summary)
    if saved.ok:
        flash(_("Đã lưu lượt tiếp."), "success")
        return redirect(url_for("reception.visit_detail", visit_id=visit.id))
    return render_template("reception/visit_edit.html", form=form, visit=visit, stale=saved.stale), saved.status


def _correction_form(visit: Any) -> forms.VisitCorrectForm:
    """The correction form: on GET the visit's recorded values, on POST what was posted (nothing typed is
    lost on a refusal); the refusal grounds offered are those valid on the day shown."""
    if request.method != "GET":
        form = forms.VisitCorrectForm()
    else:
        form = forms.VisitCorrectForm(formdata=None, obj=visit)
        form.version.data = str(visit.version)
        form.classification.data = visit.classification.value
        form.complaint_subtype.data = visit.complaint_subtype.value if visit.complaint_subtype else ""
        form.outcome.data = visit.outcome.value
        form.reason.data = ""
    day = form.visited_on.data if isinstance(form.visited_on.data, date) else visit.visited_on
    grounds = item_choices(list_items("refusal_ground", day))
    if visit.refusal_ground_id and all(str(c.value) != str(visit.refusal_ground_id) for c in grounds):
        # The recorded ground stays selectable even when no longer offered for new visits.
        grounds.append(SelectChoice(visit.refusal_ground_id, visit.refusal_ground.label))
    form.refusal_ground_id.choices = [SelectChoice("", _("— chọn căn cứ —")), *grounds]
    return form


def _correction_input(form: forms.VisitCorrectForm) -> corrections.VisitCorrectionInput:
    return corrections.VisitCorrectionInput(
        visited_on=form.visited_on.data,
        classification=VisitClass(form.classification.data),
        complaint_subtype=ComplaintSubtype(form.complaint_subtype.data) if form.complaint_subtype.data else None,
        outcome=VisitOutcome(form.outcome.data),
        reason=form.reason.data or "",
        guided_to=form.guided_to.data or "",
        guided_document_number=form.guided_document_number.data or "",
        forwarded_to=form.forwarded_to.data or "",
        forwarded_document_number=form.forwarded_document_number.data or "",
        refusal_ground_id=form.refusal_ground_id.data,
        refusal_explanation=form.refusal_explanation.data or "",
    )


@bp.route("/visits/<int:visit_id>/correct", methods=["GET", "POST"])
@role_required(*CORRECT_ROLES)
def correct_visit(visit_id: int) -> ResponseReturnValue:
    """Sửa thông tin đã ghi (đính chính): the visit's date, classification and outcome, with a reason; the
    rules and what they refuse are petitions.domain.corrections. A stale save answers 409, a refusal 400,
    both with the input kept."""
    visit = queries.get_visit_for(current_user, visit_id)
    form = _correction_form(visit)
    saved = save_versioned(
        visit, form, lambda: corrections.correct_visit(visit.id, _correction_input(form), actor=current_user)
    )
    if saved.ok:
        flash(_("Đã đính chính lượt tiếp số %(n)d/%(y)d.", n=visit.book_number, y=visit.book_year), "success")
        return redirect(url_for("reception.visit_detail", visit_id=visit.id))
    return (
        render_template(
            "reception/visit_correct.html", form=form, visit=visit, stale=saved.stale, refused=saved.refused
        ),
        saved.status,
    )


# Citizens --------------------------------------------------------------------------------------------


@bp.route("/citizens")
@role_required(*READ_ROLES)
def citizens() -> ResponseReturnValue:
    text = session.get(CITIZEN_SEARCH_KEY) or None
    page = queries.list_citizens(current_user, text=text, after=request.args.get("after"))
    form = forms.CitizenSearchForm(formdata=None, q=text or "")
    return render_template(
        "reception/citizens.html", page=page, form=form, text=text, clear_form=ConfirmForm()
    )


@bp.route("/citizens/search", methods=["POST"])
@role_required(*READ_ROLES)
def search_citizens() -> ResponseReturnValue:
    """Keep the search term in the server-side session, so it never appears in a URL."""
    form = forms.CitizenSearchForm()
    if form.validate_on_submit():
        term = normalise_text(form.q.data)
        if term:
            session[CITIZEN_SEARCH_KEY] = term[:200]
        else:
            session.pop(CITIZEN_SEARCH_KEY, None)
    return redirect(url_for("reception.citizens"))


@bp.route("/citizens/<int:citizen_id>")
@role_required(*READ_ROLES)
def citizen_detail(citizen_id: int) -> ResponseReturnValue:
    citizen = citizen_queries.get_citizen_for(current_user, citizen_id)
    if citizen.merged_into_id is not None:
        flash(_("Hồ sơ này đã được hợp nhất; đang mở hồ sơ được giữ lại."), "info")
        return redirect(url_for("reception.citizen_detail", citizen_id=citizen.merged_into_id))
    lines = queries.citizen_history(current_user, citizen)
    matches = _matches_of(citizen)
    return render_template(
        "reception/citizen.html",
        citizen=citizen,
        lines=lines,
        matches=matches,
        cleared=has_identity_clearance(current_user),
    )


def _citizen_input(form: forms.CitizenForm) -> citizen_services.CitizenInput:
    return citizen_services.CitizenInput(
        full_name=form.full_name.data or "",
        id_type=IdType(form.id_type.data) if form.id_type.data else None,
        id_number=form.id_number.data,
        id_paper_name=form.id_paper_name.data,
        id_issued_on=form.id_issued_on.data,
        id_issued_place=form.id_issued_place.data,
        sex=form.sex.data or None,
        birth_year=form.birth_year.data,
        birth_date=form.birth_date.data,
        ethnicity=form.ethnicity.data,
        nationality=form.nationality.data,
        phone=form.phone.data,
        address_unit_id=form.address_unit_id.data,
        address_text=form.address_text.data,
    )


@bp.route("/citizens/<int:citizen_id>/edit", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def edit_citizen(citizen_id: int) -> ResponseReturnValue:
    citizen = citizen_queries.get_citizen_for(current_user, citizen_id)
    form = forms.CitizenForm(obj=citizen if request.method == "GET" else None)
    form.address_unit_id.choices = _unit_choices(local_today())
    if request.method == "GET":
        form.version.data = str(citizen.version)
        form.id_type.data = citizen.id_type.value if citizen.id_type else ""
    saved = save_versioned(
        citizen, form, lambda: citizen_services.update_citizen(citizen, _citizen_input(form)), error_field=form.id_number
    )
    if saved.ok:
        flash(_("Đã lưu hồ sơ công dân."), "success")
        return redirect(url_for("reception.citizen_detail", citizen_id=citizen.id))
    return render_template("reception/citizen_form.html", form=form, citizen=citizen, stale=saved.stale), saved.status


def _matches_of(citizen: Citizen) -> list[citizen_queries.Match]:
    """Other records of the user's scope that may be the same person (offered for a merge)."""
    return citizen_queries.find_matches(
        current_user,
        PersonKey(
            folded_name=citizen.full_name_folded,
            id_number=citizen.id_number or "",
            unit_id=citizen.address_unit_id,
            birth_year=citizen.birth_year,
        ),
        exclude_id=citizen.id,
    )


@bp.route("/citizens/<int:citizen_id>/merge", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def merge_citizen(citizen_id: int) -> ResponseReturnValue:
    """Merge a duplicate record (one of the offered matches) into this one; history records it."""
    citizen = citizen_queries.get_citizen_for(current_user, citizen_id)
    matches = _matches_of(citizen)
    form = forms.MergeCitizenForm()
    form.other_id.choices = [
        SelectChoice(m.citizen.id, f"#{m.citizen.id} {m.citizen.full_name} — {m.label}") for m in matches
    ]

    def merge() -> Any:
        other = citizen_queries.get_citizen_for(current_user, form.other_id.data)
        citizen_services.merge_citizens(keep=citizen, absorb=other, actor=current_user)
        return other

    saved = save_versioned(None, form, merge, error_field=form.other_id)
    if saved.ok:
        flash(_("Đã hợp nhất hồ sơ #%(other)d vào hồ sơ này.", other=saved.value.id), "success")
        return redirect(url_for("reception.citizen_detail", citizen_id=citizen.id))
    return render_template("reception/merge.html", form=form, citizen=citizen, matches=matches), saved.status


# Sessions --------------------------------------------------------------------------------------------


def _session_input(form: forms.SessionForm) -> services.SessionInput:
    return services.SessionInput(
        kind=SessionKind(form.kind.data),
        held_on=form.held_on.data,
        mode=SessionMode(form.mode.data),
        status=SessionStatus(form.status.data),
        place=form.place.data or "",
        leader_name=form.leader_name.data or "",
        leader_level=LeaderLevel(form.leader_level.data) if form.leader_level.data else None,
        participating_agencies=form.participating_agencies.data or "",
        planned_content=form.planned_content.data or "",
        schedule_published_on=form.schedule_published_on.data,
        postponed_reason=form.postponed_reason.data,
        postponement_announced_on=form.postponement_announced_on.data,
        conclusion_notice_number=form.conclusion_notice_number.data,
        recording_reference=form.recording_reference.data,
    )


@bp.route("/sessions")
@role_required(*READ_ROLES)
def sessions() -> ResponseReturnValue:
    page = queries.list_sessions(current_user, after=request.args.get("after"))
    return render_template("reception/sessions.html", page=page, publish_by=queries.publish_by_dates(page.rows))


@bp.route("/sessions/new", methods=["GET", "POST"])
@role_required(*SESSION_ROLES)
def new_session() -> ResponseReturnValue:
    form = forms.SessionForm()
    if request.method == "GET":
        form.held_on.data = local_today()
    form.offer_options_valid_on(form.held_on.data)
    saved = save_versioned(
        None,
        form,
        lambda: services.create_session(agency_id=current_user.agency_id, data=_session_input(form), actor=current_user),
        error_field=form.kind,
    )
    if saved.ok:
        flash(_("Đã tạo buổi tiếp."), "success")
        return redirect(url_for("reception.session_detail", session_id=saved.value.id))
    return render_template("reception/session_form.html", form=form, record=None, publish_by=None, stale=None), saved.status


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@role_required(*READ_ROLES)
def session_detail(session_id: int) -> ResponseReturnValue:
    """A session's page and its versioned edit form (hold, postpone with reason, conclusion notice)."""
    record = queries.get_session_for(current_user, session_id)
    if request.method == "POST" and current_user.role not in SESSION_ROLES:
        abort(403)
    form = forms.SessionForm(obj=record if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(record.version)
        form.kind.data = record.kind.value
        form.mode.data = record.mode.value
        form.status.data = record.status.value
        form.leader_level.data = record.leader_level.value if record.leader_level else ""
    form.offer_options_valid_on(form.held_on.data)
    saved = save_versioned(
        record, form, lambda: services.update_session(record, _session_input(form), actor=current_user),
        error_field=form.kind,
    )
    if saved.ok:
        flash(_("Đã lưu buổi tiếp."), "success")
        return redirect(url_for("reception.session_detail", session_id=record.id))
    return (
        render_template(
            "reception/session_form.html",
            form=form,
            record=record,
            publish_by=queries.publish_by_dates([record])[record.id],
            stale=saved.stale,
        ),
        saved.status,
    )


@bp.route("/compliance")
@role_required(*READ_ROLES)
def compliance() -> ResponseReturnValue:
    """Each leader's month: head sessions held against D2–D5, schedules published by D1, postponements."""
    first_day = parse_month_arg(request.args.get("month"))
    month = first_day or local_today().replace(day=1)
    rows = queries.leader_compliance(current_user, month)
    return render_template("reception/compliance.html", rows=rows, month=month)
