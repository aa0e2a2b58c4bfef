"""Administrator screens for reference data: classification lists, administrative units, agencies.

Every edit form is versioned (petitions.concurrency): a stale save answers 409, keeps the
user's input on screen and writes nothing.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from petitions import request_args
from petitions.auth.forms import ConfirmForm
from petitions.auth.permissions import role_required
from petitions.clock import local_today
from petitions.concurrency import Saved, save_versioned
from petitions.directory import queries, reorganisation, services
from petitions.directory.forms import (
    FIRST_NEW,
    NO_LEVEL,
    NO_PARENT,
    OFFICIAL_ROLE_LABELS,
    REORG_KIND_LABELS,
    UNIT_LEVEL_LABELS,
    AgencyForm,
    OfficialForm,
    ReferenceItemForm,
    ReorganisationForm,
    UnitForm,
    format_drafting_units,
    optional_id,
    parse_drafting_units,
)
from petitions.directory.models import AdministrativeUnit, Agency, AgencyOfficial, ReferenceItem
from petitions.documents import issuers
from petitions.domain.classification import LIST_LABELS, REFERENCE_LISTS
from petitions.domain.issuers import AgencyLevel, OfficialRole
from petitions.domain.records import UnitLevel
from petitions.domain.reorganisation import ReorgKind, ReorgSubject
from petitions.domain.text import fold_text, shorten
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.paging import KeysetPage, keyset_page
from petitions.scoping import get_visible_or_404

bp = Blueprint("directory", __name__, url_prefix="/directory")

STATUS_FILTERS = ("active", "inactive", "all")


def _record_or_404(model: type, record_id: int) -> Any:
    """Reference data is the administrator's whole table (these screens are ADMIN-only)."""
    return get_visible_or_404(sa.select(model), record_id)


def _filtered(query: sa.Select, model: Any, folded_column: Any) -> tuple[sa.Select, dict[str, str]]:
    """Apply the list filters from the query string: text (accent-insensitive) and status."""
    text = (request.args.get("q") or "").strip()
    status = request.args.get("status", "active")
    if status not in STATUS_FILTERS:
        status = "active"
    if text:
        pattern = f"%{fold_text(text)}%"
        query = query.where(sa.or_(folded_column.like(pattern), sa.func.lower(model.code).like(pattern)))
    if status == "active":
        query = query.where(model.is_active.is_(True))
    elif status == "inactive":
        query = query.where(model.is_active.is_(False))
    return query, {"q": text, "status": status}


def _page(query: sa.Select[Any], order: tuple[Any, ...], list_key: str) -> KeysetPage[Any]:
    return keyset_page(query, order, after=request.args.get("after"), list_key=list_key, count_total=True)


def _render_form(title: str, form: Any, record: Any, back: str, saved: Saved, **extra: Any) -> ResponseReturnValue:
    stale = saved.stale
    return (
        render_template(
            "directory/form.html", title=title, form=form, record=record, back=back, stale=stale,
            action_form=ConfirmForm(), **extra,
        ),
        saved.status,
    )


@bp.route("/")
@role_required(Role.ADMIN)
def index() -> ResponseReturnValue:
    """The reference lists, with item counts."""
    counts = queries.count_items_by_list()
    return render_template("directory/index.html", lists=REFERENCE_LISTS, counts=counts)


# Classification lists ---------------------------------------------------------------------


def _list_or_404(list_code: str) -> str:
    if list_code not in LIST_LABELS:
        abort(404)
    return list_code


def _item_parent_choices(list_code: str, exclude_id: int | None = None) -> list[SelectChoice]:
    items = db.session.scalars(
        sa.select(ReferenceItem)
        .where(ReferenceItem.list_code == list_code, ReferenceItem.parent_id.is_(None))
        .order_by(ReferenceItem.sort_order)
    )
    return [SelectChoice(NO_PARENT, _("(không có)"))] + [
        SelectChoice(i.id, shorten(i.label, 80)) for i in items if i.id != exclude_id
    ]


@bp.route("/lists/<list_code>")
@role_required(Role.ADMIN)
def items(list_code: str) -> ResponseReturnValue:
    _list_or_404(list_code)
    query = sa.select(ReferenceItem).where(ReferenceItem.list_code == list_code)
    query, filters = _filtered(query, ReferenceItem, ReferenceItem.label_folded)
    page = _page(query, (ReferenceItem.sort_order, ReferenceItem.code, ReferenceItem.id), f"directory.items:{list_code}")
    return render_template(
        "directory/items.html", page=page, list_code=list_code, list_label=LIST_LABELS[list_code],
        filters=filters, action_form=ConfirmForm(),
    )


def _save_item(item: ReferenceItem | None, list_code: str, form: ReferenceItemForm) -> ReferenceItem:
    return services.save_reference_item(
        item,
        list_code=list_code,
        code=form.code.data or "",
        label=form.label.data or "",
        parent_id=optional_id(form.parent_id.data),
        valid_from=form.valid_from.data,
        valid_to=form.valid_to.data,
        sort_order=form.sort_order.data or 0,
        legal_basis=form.legal_basis.data,
    )


@bp.route("/lists/<list_code>/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def item_new(list_code: str) -> ResponseReturnValue:
    _list_or_404(list_code)
    form = ReferenceItemForm()
    form.parent_id.choices = _item_parent_choices(list_code)
    saved = save_versioned(None, form, lambda: _save_item(None, list_code, form), error_field=form.code)
    if saved.ok:
        flash(_("Đã thêm mục vào danh mục."), "success")
        return redirect(url_for("directory.items", list_code=list_code))
    back = url_for("directory.items", list_code=list_code)
    return _render_form(_("Thêm mục: %(name)s", name=LIST_LABELS[list_code]), form, None, back, saved)


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def item_edit(item_id: int) -> ResponseReturnValue:
    item = _record_or_404(ReferenceItem, item_id)
    form = ReferenceItemForm(obj=item if request.method == "GET" else None)
    form.parent_id.choices = _item_parent_choices(item.list_code, exclude_id=item.id)
    if request.method == "GET":
        form.parent_id.data = item.parent_id or NO_PARENT
        form.version.data = str(item.version)
    saved = save_versioned(item, form, lambda: _save_item(item, item.list_code, form), error_field=form.code)
    if saved.ok:
        flash(_("Đã lưu mục danh mục."), "success")
        return redirect(url_for("directory.items", list_code=item.list_code))
    back = url_for("directory.items", list_code=item.list_code)
    deactivate_url = url_for("directory.item_deactivate", item_id=item.id) if item.is_active else None
    return _render_form(
        _("Sửa mục: %(name)s", name=LIST_LABELS[item.list_code]), form, item, back, saved, deactivate_url=deactivate_url
    )


def _deactivate(record: Any, redirect_to: str) -> ResponseReturnValue:
    """The list's button posts no version (the row is as listed); the edit page's posts the form's."""
    form = ConfirmForm()
    saved = save_versioned(
        record if form.version.data else None,
        form,
        lambda: services.deactivate(record, on=local_today()),
        reason=_("Ngừng sử dụng"),
    )
    if saved.stale:
        return render_template("errors/409.html", message=saved.stale), 409
    if saved.refused:
        flash(saved.refused, "danger")
        return redirect(redirect_to)
    if not saved.ok:
        abort(400)
    flash(_("Đã ngừng sử dụng; các hồ sơ cũ vẫn giữ giá trị này."), "success")
    return redirect(redirect_to)


@bp.route("/items/<int:item_id>/deactivate", methods=["POST"])
@role_required(Role.ADMIN)
def item_deactivate(item_id: int) -> ResponseReturnValue:
    item = _record_or_404(ReferenceItem, item_id)
    return _deactivate(item, url_for("directory.items", list_code=item.list_code))


# Administrative units ---------------------------------------------------------------------


def _unit_parent_choices(exclude_id: int | None = None) -> list[SelectChoice]:
    units = db.session.scalars(
        sa.select(AdministrativeUnit)
        .where(AdministrativeUnit.level != UnitLevel.COMMUNE)
        .order_by(AdministrativeUnit.code)
    )
    return [SelectChoice(NO_PARENT, _("(không có)"))] + [
        SelectChoice(u.id, f"{u.code} — {u.name}") for u in units if u.id != exclude_id
    ]


@bp.route("/units")
@role_required(Role.ADMIN)
def units() -> ResponseReturnValue:
    query = sa.select(AdministrativeUnit)
    query, filters = _filtered(query, AdministrativeUnit, AdministrativeUnit.name_folded)
    level = request.args.get("level", "")
    if level in {lv.value for lv in UnitLevel}:
        query = query.where(AdministrativeUnit.level == UnitLevel(level))
    filters["level"] = level
    page = _page(query, (AdministrativeUnit.code, AdministrativeUnit.id), "directory.units")
    return render_template(
        "directory/units.html", page=page, filters=filters, level_labels=UNIT_LEVEL_LABELS, action_form=ConfirmForm()
    )


def _save_unit(unit: AdministrativeUnit | None, form: UnitForm) -> AdministrativeUnit:
    return services.save_unit(
        unit,
        code=form.code.data or "",
        name=form.name.data or "",
        level=UnitLevel(form.level.data),
        parent_id=optional_id(form.parent_id.data),
        valid_from=form.valid_from.data,
        valid_to=form.valid_to.data,
    )


@bp.route("/units/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def unit_new() -> ResponseReturnValue:
    form = UnitForm()
    form.parent_id.choices = _unit_parent_choices()
    saved = save_versioned(None, form, lambda: _save_unit(None, form), error_field=form.code)
    if saved.ok:
        flash(_("Đã thêm đơn vị hành chính."), "success")
        return redirect(url_for("directory.units"))
    return _render_form(_("Thêm đơn vị hành chính"), form, None, url_for("directory.units"), saved)


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def unit_edit(unit_id: int) -> ResponseReturnValue:
    unit = _record_or_404(AdministrativeUnit, unit_id)
    form = UnitForm(obj=unit if request.method == "GET" else None)
    form.parent_id.choices = _unit_parent_choices(exclude_id=unit.id)
    if request.method == "GET":
        form.parent_id.data = unit.parent_id or NO_PARENT
        form.level.data = unit.level.value
        form.version.data = str(unit.version)
    saved = save_versioned(unit, form, lambda: _save_unit(unit, form), error_field=form.code)
    if saved.ok:
        flash(_("Đã lưu đơn vị hành chính."), "success")
        return redirect(url_for("directory.units"))
    return _render_form(
        _("Đơn vị hành chính %(code)s", code=unit.code), form, unit, url_for("directory.units"), saved,
        deactivate_url=url_for("directory.unit_deactivate", unit_id=unit.id) if unit.is_active else None,
        reorganise_url=url_for("directory.reorganise_units", source=unit.id) if unit.is_active else None,
    )


@bp.route("/units/<int:unit_id>/deactivate", methods=["POST"])
@role_required(Role.ADMIN)
def unit_deactivate(unit_id: int) -> ResponseReturnValue:
    return _deactivate(_record_or_404(AdministrativeUnit, unit_id), url_for("directory.units"))


# Agencies ---------------------------------------------------------------------------------


def _agency_parent_choices(exclude_id: int | None = None) -> list[SelectChoice]:
    agencies = db.session.scalars(sa.select(Agency).order_by(Agency.code))
    return [SelectChoice(NO_PARENT, _("(không có)"))] + [
        SelectChoice(a.id, f"{a.code} — {a.name}") for a in agencies if a.id != exclude_id
    ]


@bp.route("/agencies")
@role_required(Role.ADMIN)
def agencies() -> ResponseReturnValue:
    query = sa.select(Agency)
    query, filters = _filtered(query, Agency, Agency.name_folded)
    page = _page(query, (Agency.code, Agency.id), "directory.agencies")
    # The place its documents print (its own or a managing body's): an empty one is shown as missing.
    places = {agency.id: issuers.place_of(agency) for agency in page.rows}
    return render_template("directory/agencies.html", page=page, filters=filters, places=places)


def _save_agency(agency: Agency | None, form: AgencyForm) -> Agency:
    units = tuple((unit["code"], unit["name"]) for unit in parse_drafting_units(form.drafting_units.data or ""))
    return services.save_agency(
        agency,
        code=form.code.data or "",
        name=form.name.data or "",
        short_name=form.short_name.data,
        parent_id=optional_id(form.parent_id.data),
        valid_from=form.valid_from.data,
        valid_to=form.valid_to.data,
        document_data=services.AgencyDocumentData(
            official_name=form.official_name.data or "",
            heading_parent=form.heading_parent.data or "",
            heading_name=form.heading_name.data or "",
            place_name=form.place_name.data or "",
            abbreviation=form.abbreviation.data or "",
            level=AgencyLevel(form.level.data) if form.level.data else None,
            drafting_units=units,
        ),
        email=form.email.data,
    )


@bp.route("/agencies/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def agency_new() -> ResponseReturnValue:
    form = AgencyForm()
    form.parent_id.choices = _agency_parent_choices()
    saved = save_versioned(None, form, lambda: _save_agency(None, form), error_field=form.code)
    if saved.ok:
        flash(_("Đã thêm cơ quan, đơn vị."), "success")
        return redirect(url_for("directory.agencies"))
    return _render_form(_("Thêm cơ quan, đơn vị"), form, None, url_for("directory.agencies"), saved)


@bp.route("/agencies/<int:agency_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def agency_edit(agency_id: int) -> ResponseReturnValue:
    agency = _record_or_404(Agency, agency_id)
    form = AgencyForm(obj=agency if request.method == "GET" else None)
    form.parent_id.choices = _agency_parent_choices(exclude_id=agency.id)
    if request.method == "GET":
        form.parent_id.data = agency.parent_id or NO_PARENT
        form.level.data = agency.level.value if agency.level else NO_LEVEL
        form.drafting_units.data = format_drafting_units(agency.drafting_units or ())
        form.version.data = str(agency.version)
    saved = save_versioned(agency, form, lambda: _save_agency(agency, form), error_field=form.code)
    if saved.ok:
        flash(_("Đã lưu cơ quan, đơn vị."), "success")
        return redirect(url_for("directory.agency_edit", agency_id=agency.id))
    return _render_form(
        _("Cơ quan %(code)s", code=agency.code), form, agency, url_for("directory.agencies"), saved,
        deactivate_url=url_for("directory.agency_deactivate", agency_id=agency.id) if agency.is_active else None,
        reorganise_url=url_for("directory.reorganise_agencies", source=agency.id) if agency.is_active else None,
        officials=agency.officials, role_labels=OFFICIAL_ROLE_LABELS,
        official_new_url=url_for("directory.official_new", agency_id=agency.id),
        issuer=issuers.issuer_for(agency),
        missing_for_documents=_missing_labels(agency),
    )


def _missing_labels(agency: Agency) -> list[str]:
    """What the agency must still record before its documents can be issued, as the screen names it."""
    labels = {
        issuers.PLACE_FIELD: _("Địa danh ghi trước ngày tháng"),
        issuers.ABBREVIATION_FIELD: _("Tên viết tắt trong số, ký hiệu văn bản"),
    }
    return [labels[field] for field in issuers.missing_document_data(agency)]


def _save_official(official: AgencyOfficial | None, agency: Agency, form: OfficialForm) -> AgencyOfficial:
    return services.save_official(
        official,
        agency=agency,
        role=OfficialRole(form.role.data),
        title=form.title.data or "",
        name=form.name.data or "",
        valid_from=form.valid_from.data,
        valid_to=form.valid_to.data,
    )


@bp.route("/agencies/<int:agency_id>/officials/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def official_new(agency_id: int) -> ResponseReturnValue:
    """Record a head, deputy or chief of office who signs the agency's documents."""
    agency = _record_or_404(Agency, agency_id)
    form = OfficialForm()
    if request.method == "GET":
        form.valid_from.data = local_today()
    saved = save_versioned(None, form, lambda: _save_official(None, agency, form), error_field=form.name)
    back = url_for("directory.agency_edit", agency_id=agency.id)
    if saved.ok:
        flash(_("Đã thêm lãnh đạo của cơ quan."), "success")
        return redirect(back)
    return _render_form(_("Thêm lãnh đạo: %(agency)s", agency=agency.name), form, None, back, saved)


@bp.route("/officials/<int:official_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def official_edit(official_id: int) -> ResponseReturnValue:
    """Edit an official; a term that ended gets its last day (valid_to), never a deletion."""
    official = _record_or_404(AgencyOfficial, official_id)
    form = OfficialForm(obj=official if request.method == "GET" else None)
    if request.method == "GET":
        form.role.data = official.role.value
        form.version.data = str(official.version)
    saved = save_versioned(
        official, form, lambda: _save_official(official, official.agency, form), error_field=form.name
    )
    back = url_for("directory.agency_edit", agency_id=official.agency_id)
    if saved.ok:
        flash(_("Đã lưu lãnh đạo của cơ quan."), "success")
        return redirect(back)
    return _render_form(_("Lãnh đạo: %(agency)s", agency=official.agency.name), form, official, back, saved)


@bp.route("/agencies/<int:agency_id>/deactivate", methods=["POST"])
@role_required(Role.ADMIN)
def agency_deactivate(agency_id: int) -> ResponseReturnValue:
    return _deactivate(_record_or_404(Agency, agency_id), url_for("directory.agencies"))


# Reorganisations ---------------------------------------------------------------------------

SUBJECT_MODELS = {ReorgSubject.AGENCY: Agency, ReorgSubject.UNIT: AdministrativeUnit}


@bp.route("/reorganisations")
@role_required(Role.ADMIN)
def reorganisations() -> ResponseReturnValue:
    """The reorganisations recorded, newest first, and the two ways to record one."""
    return render_template(
        "directory/reorganisations.html", rows=reorganisation.recent(), kind_labels=REORG_KIND_LABELS
    )


def _reorg_choices(subject: ReorgSubject, form: ReorganisationForm) -> None:
    """Bodies or units in force (sources, existing successors), and the default successor's choice."""
    today = local_today()
    if subject is ReorgSubject.UNIT:
        records: list[Any] = [u for u in queries.units_on(today) if u.level != UnitLevel.PROVINCE]
    else:
        records = queries.agencies_on(today)
    choices = [SelectChoice(r.id, f"{r.code} — {r.name}") for r in records if r.is_active]
    form.source_ids.choices = choices
    form.target_ids.choices = choices
    form.default_target_id.choices = [SelectChoice(FIRST_NEW, _("(đơn vị mới đầu tiên, hoặc đơn vị kế thừa đầu tiên)"))] + choices


def _reorg_request(subject: ReorgSubject, form: ReorganisationForm) -> reorganisation.ReorgRequest:
    return reorganisation.ReorgRequest(
        subject=subject,
        kind=ReorgKind(form.kind.data),
        source_ids=tuple(form.source_ids.data or ()),
        target_ids=tuple(form.target_ids.data or ()),
        new_targets=tuple(
            reorganisation.NewSuccessor(line["code"], line["name"])
            for line in parse_drafting_units(form.new_targets.data or "")
        ),
        effective_on=form.effective_on.data,
        decision_reference=form.decision_reference.data or "",
        reason=form.reason.data or "",
        default_target_id=form.default_target_id.data or None,
    )


def _reorganise(subject: ReorgSubject) -> ResponseReturnValue:
    """Choose → preview (counts and numbers, nothing written) → confirm (one recorded step)."""
    form = ReorganisationForm()
    _reorg_choices(subject, form)
    if request.method == "GET":
        form.effective_on.data = local_today()
        source = request_args.int_arg("source")
        if source is not None:
            form.source_ids.data = [source]
    title = _("Sắp xếp đơn vị hành chính") if subject is ReorgSubject.UNIT else _("Sắp xếp cơ quan")
    back = url_for("directory.reorganisations")
    if request.method == "POST" and form.apply.data != "1":
        saved = save_versioned(
            None, form, lambda: reorganisation.preview(_reorg_request(subject, form), today=local_today()),
            error_field=form.source_ids,
        )
        if saved.ok:  # a preview writes nothing; the helper's commit had nothing to commit
            return render_template(
                "directory/reorganisation_preview.html", title=title, preview=saved.value, form=form, back=back,
                carry=[(k, v) for k, v in request.form.items(multi=True) if k not in ("csrf_token", "fingerprint", "apply")],
                kind_labels=REORG_KIND_LABELS,
            )
        return render_template("directory/reorganisation.html", title=title, form=form, back=back, subject=subject), saved.status
    saved = save_versioned(
        None, form,
        lambda: reorganisation.apply(
            _reorg_request(subject, form), fingerprint=form.fingerprint.data or "", actor=current_user, today=local_today()
        ),
        error_field=form.source_ids,
    )
    if saved.ok:
        counts = saved.value.counts
        flash(
            _(
                "Đã ghi nhận sắp xếp: chuyển %(letters)d đơn, %(cases)d vụ việc, %(clocks)d thời hạn đang chạy, "
                "%(users)d người dùng sang cơ quan, đơn vị kế thừa.",
                letters=counts.get("letters", 0), cases=counts.get("cases", 0), clocks=counts.get("clocks", 0),
                users=counts.get("users", 0),
            ),
            "success",
        )
        return redirect(back)
    return render_template(
        "directory/reorganisation.html", title=title, form=form, back=back, subject=subject, stale=saved.stale
    ), saved.status


@bp.route("/reorganisations/agencies/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reorganise_agencies() -> ResponseReturnValue:
    return _reorganise(ReorgSubject.AGENCY)


@bp.route("/reorganisations/units/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reorganise_units() -> ResponseReturnValue:
    return _reorganise(ReorgSubject.UNIT)


@bp.app_template_filter("validity")
def validity(record: Any) -> str:
    """'01/07/2025 – …' for a record's validity dates."""
    start = record.valid_from.strftime("%d/%m/%Y") if record.valid_from else "…"
    end = record.valid_to.strftime("%d/%m/%Y") if record.valid_to else "…"
    return f"{start} – {end}"

