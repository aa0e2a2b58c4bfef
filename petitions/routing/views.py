"""Administrator screens for the routing rules: the list, create, edit, end, and "try the rules".

Rules are shared reference data (no agency owns one): the administrator sees them all. Every edit is versioned
(petitions.concurrency): a stale save answers 409 and keeps the input on screen.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from wtforms import SelectChoice

from petitions.auth.forms import ConfirmForm
from petitions.auth.permissions import role_required
from petitions.clock import local_today
from petitions.concurrency import save_versioned
from petitions.directory.forms import item_choices
from petitions.directory.models import AdministrativeUnit, Agency, ReferenceItem
from petitions.directory.queries import list_items_of, units_on
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.routing import RespondentLevel, TargetKind, Verdict
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.paging import keyset_page
from petitions.request_args import enum_arg, int_arg
from petitions.routing import queries, services
from petitions.routing.forms import (
    SUBTYPE_LABELS,
    TYPE_LABELS,
    RoutingRuleEndForm,
    RoutingRuleForm,
    RoutingTryForm,
)
from petitions.routing.labels import RESPONDENT_LEVEL_LABELS, TARGET_LABELS
from petitions.routing.models import RoutingRule
from petitions.scoping import get_visible_or_404

bp = Blueprint("routing", __name__, url_prefix="/routing")

FIELD_LISTS = services.FIELD_LISTS
LIST_NAMES = {"field_complaint": "KN", "field_denunciation": "TC", "field_petition": "KNPA"}


def _rule_or_404(rule_id: int) -> RoutingRule:
    """The administrator's whole table (these screens are ADMIN-only)."""
    return get_visible_or_404(sa.select(RoutingRule), rule_id)


def _field_choices(keep: int | None = None) -> list[SelectChoice]:
    """The fields of the three letter lists in force today, each prefixed with its list (and the one kept)."""
    choices = [SelectChoice("", _("(mọi lĩnh vực)"))]
    for list_code, items in list_items_of(FIELD_LISTS, local_today()).items():
        choices += [
            SelectChoice(choice.value, f"{LIST_NAMES[list_code]} · {choice.label}") for choice in item_choices(items)
        ]
    return _keep(choices, keep, ReferenceItem, "label")


def _unit_choices(keep: int | None = None, blank: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", blank or _("(mọi địa bàn)"))] + [
        SelectChoice(unit.id, unit.name) for unit in units_on(local_today())
    ]
    return _keep(choices, keep, AdministrativeUnit, "name")


def _agency_choices(keep: int | None = None, blank: str | None = None) -> list[SelectChoice]:
    agencies = db.session.scalars(
        sa.select(Agency).where(Agency.is_active).order_by(Agency.name, Agency.id)
    )
    choices = [SelectChoice("", blank or _("—"))] + [SelectChoice(agency.id, agency.name) for agency in agencies]
    return _keep(choices, keep, Agency, "name")


def _keep(choices: list[SelectChoice], keep: int | None, model: Any, text: str) -> list[SelectChoice]:
    """A record's current value stays offered after it stopped being valid (an old rule names an old unit)."""
    if keep is not None and all(choice.value != keep for choice in choices):
        row = db.session.get(model, keep)
        if row is not None:
            choices.append(SelectChoice(keep, getattr(row, text)))
    return choices


@bp.route("/")
@role_required(Role.ADMIN)
def index() -> ResponseReturnValue:
    """The rules, filtered (text, type, target, body, in force or ended), by code, in keyset pages."""
    status = request.args.get("status", "in_force")
    filters = queries.RuleFilters(
        text=(request.args.get("q") or "").strip()[:100],
        letter_type=enum_arg(LetterType, "letter_type"),
        target_kind=enum_arg(TargetKind, "target_kind"),
        agency_id=int_arg("agency"),
        status=status if status in queries.STATUSES else "in_force",
    )
    today = local_today()
    page = keyset_page(
        queries.filtered_rules(filters, today=today), queries.LIST_ORDER, after=request.args.get("after"),
        list_key="routing.rules", count_total=True,
    )
    ids = {rule.target_agency_id for rule in page.rows} | {filters.agency_id}
    units = {rule.place_unit_id for rule in page.rows}
    items = {rule.field_item_id for rule in page.rows}
    return render_template(
        "routing/index.html",
        page=page,
        filters=filters,
        today=today,
        agencies=db.session.scalars(sa.select(Agency).where(Agency.is_active).order_by(Agency.name)).all(),
        agency_names=_names(Agency, "name", ids),
        unit_names=_names(AdministrativeUnit, "name", units),
        item_labels=_names(ReferenceItem, "label", items),
        type_labels=TYPE_LABELS,
        subtype_labels=SUBTYPE_LABELS,
        target_labels=TARGET_LABELS,
        level_labels=RESPONDENT_LEVEL_LABELS,
    )


def _names(model: Any, text: str, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {row.id: getattr(row, text) for row in db.session.scalars(sa.select(model).where(model.id.in_(wanted)))}


def _prepare(form: RoutingRuleForm, rule: RoutingRule | None) -> None:
    form.field_item.choices = _field_choices(rule.field_item_id if rule else None)
    form.place_unit.choices = _unit_choices(rule.place_unit_id if rule else None)
    form.target_agency.choices = _agency_choices(rule.target_agency_id if rule else None)


def _input(form: RoutingRuleForm) -> services.RuleInput:
    return services.RuleInput(
        code=form.code.data or "",
        name=form.name.data or "",
        target_kind=TargetKind(form.target_kind.data),
        letter_type=LetterType(form.letter_type.data) if form.letter_type.data else None,
        complaint_subtype=ComplaintSubtype(form.complaint_subtype.data) if form.complaint_subtype.data else None,
        field_item_id=form.field_item.data,
        place_unit_id=form.place_unit.data,
        respondent_level=RespondentLevel(form.respondent_level.data) if form.respondent_level.data else None,
        target_agency_id=form.target_agency.data,
        valid_from=form.valid_from.data,
        valid_to=form.valid_to.data,
        legal_basis=form.legal_basis.data or "",
        note=form.note.data or "",
    )


def _render(title: str, form: RoutingRuleForm, rule: RoutingRule | None, status: int, stale: str | None = None,
            end_form: RoutingRuleEndForm | None = None) -> ResponseReturnValue:
    if rule is not None and end_form is None:
        end_form = RoutingRuleEndForm()
        end_form.version.data = str(rule.version)
        end_form.last_day.data = local_today()
    return render_template("routing/form.html", title=title, form=form, rule=rule, stale=stale, end_form=end_form,
                           action_form=ConfirmForm()), status


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new() -> ResponseReturnValue:
    form = RoutingRuleForm()
    _prepare(form, None)
    if request.method == "GET":
        form.valid_from.data = local_today()
    saved = save_versioned(None, form, lambda: services.save_rule(None, _input(form)), error_field=form.code,
                           reason=_("Thêm quy tắc xác định thẩm quyền"))
    if saved.ok:
        flash(_("Đã thêm quy tắc %(code)s.", code=saved.value.code), "success")
        return redirect(url_for("routing.index"))
    return _render(_("Thêm quy tắc xác định thẩm quyền"), form, None, saved.status)


def _fill(form: RoutingRuleForm, rule: RoutingRule) -> None:
    """The rule's values in the fields whose names differ from its columns (the rest come from `obj`)."""
    form.version.data = str(rule.version)
    form.letter_type.data = rule.letter_type.value if rule.letter_type else ""
    form.complaint_subtype.data = rule.complaint_subtype.value if rule.complaint_subtype else ""
    form.respondent_level.data = rule.respondent_level.value if rule.respondent_level else ""
    form.target_kind.data = rule.target_kind.value
    form.field_item.data = rule.field_item_id
    form.place_unit.data = rule.place_unit_id
    form.target_agency.data = rule.target_agency_id


@bp.route("/<int:rule_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit(rule_id: int) -> ResponseReturnValue:
    rule = _rule_or_404(rule_id)
    form = RoutingRuleForm(obj=rule if request.method == "GET" else None)
    _prepare(form, rule)
    if request.method == "GET":
        _fill(form, rule)
    saved = save_versioned(rule, form, lambda: services.save_rule(rule, _input(form)), error_field=form.code,
                           reason=_("Sửa quy tắc xác định thẩm quyền"))
    if saved.ok:
        flash(_("Đã lưu quy tắc %(code)s.", code=rule.code), "success")
        return redirect(url_for("routing.edit", rule_id=rule.id))
    return _render(_("Quy tắc %(code)s", code=rule.code), form, rule, saved.status, saved.stale)


@bp.route("/<int:rule_id>/end", methods=["POST"])
@role_required(Role.ADMIN)
def end(rule_id: int) -> ResponseReturnValue:
    """End a rule: it applies up to the chosen day; letters it chose keep naming it."""
    rule = _rule_or_404(rule_id)
    end_form = RoutingRuleEndForm()
    saved = save_versioned(
        rule, end_form, lambda: services.end_rule(rule, last_day=end_form.last_day.data),
        error_field=end_form.last_day, reason=_("Kết thúc quy tắc xác định thẩm quyền"),
    )
    if saved.ok:
        flash(_("Quy tắc %(code)s áp dụng đến hết ngày %(day)s.", code=rule.code,
                day=end_form.last_day.data.strftime("%d/%m/%Y")), "success")
        return redirect(url_for("routing.edit", rule_id=rule.id))
    form = RoutingRuleForm(obj=rule, formdata=None)
    _prepare(form, rule)
    _fill(form, rule)
    return _render(_("Quy tắc %(code)s", code=rule.code), form, rule, saved.status, saved.stale, end_form)


@bp.route("/try")
@role_required(Role.ADMIN)
def try_rules() -> ResponseReturnValue:
    """Facts in, the rule that wins and why out (the same function the letters call)."""
    form = RoutingTryForm(formdata=request.args if request.args else None)
    form.field_item.choices = _field_choices()
    form.field_item.choices[0] = SelectChoice("", "—")
    form.place_unit.choices = _unit_choices(blank="—")
    form.respondent_agency.choices = _agency_choices()
    outcome = agency = None
    on = local_today()
    if request.args and form.validate():
        on = form.on.data or on
        kind = LetterType(form.letter_type.data)
        facts = services.facts_of(
            letter_type=kind,
            complaint_subtype=ComplaintSubtype(form.complaint_subtype.data) if form.complaint_subtype.data else None,
            field_item_id=form.field_item.data,
            place_unit_id=form.place_unit.data,
            respondent_level=RespondentLevel(form.respondent_level.data) if form.respondent_level.data else None,
            respondent_agency_id=form.respondent_agency.data,
        )
        outcome = services.propose(facts, on=on)
        agency = db.session.get(Agency, outcome.agency_id) if outcome.agency_id else None
    status = 400 if request.args and form.errors else 200  # an invalid form re-renders with 400, as a POST's
    return render_template(
        "routing/try.html", form=form, outcome=outcome, agency=agency, on=on, routed=Verdict.ROUTED
    ), status
