"""Pages of the national-database entries: the worklist "Nhập CSDL quốc gia", its CSV, marking and correcting."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from petitions.auth.permissions import role_required, safe_next_url
from petitions.clock import local_today
from petitions.concurrency import save_versioned
from petitions.domain.national import RecordKind, rule_for
from petitions.extensions import db
from petitions.i18n import lazy_gettext as _l
from petitions.letters.labels import TYPE_LABELS
from petitions.letters.queries import list_officers
from petitions.national import exchange, queries, services
from petitions.national.forms import ConfirmationForm, EntryBulkForm, EntryCorrectForm, EntryMarkForm
from petitions.national.labels import ENTRY_STATUS_LABELS
from petitions.national.models import NationalEntry
from petitions.national.permissions import READ_ROLES, WRITE_ROLES, can_record_entry
from petitions.reception.forms import CLASS_LABELS
from petitions.request_args import parse_id
from petitions.scoping import scope_agencies
from petitions.spreadsheets import csv_bytes

bp = Blueprint("national", __name__, url_prefix="/national")

KIND_LABELS = {
    RecordKind.LETTER: _l("Đơn"),
    RecordKind.VISIT: _l("Lượt tiếp công dân"),
    RecordKind.CASE: _l("Vụ việc"),
}
CASE_TYPE_LABELS = {
    "complaint": _l("Khiếu nại"),
    "denunciation": _l("Tố cáo"),
    "petition": _l("Kiến nghị, phản ánh"),
}


def _kind_arg(value: str | None) -> RecordKind:
    try:
        return RecordKind(value or RecordKind.LETTER)
    except ValueError:
        return RecordKind.LETTER


def describe(kind: RecordKind, record: Any) -> dict[str, Any]:
    """What the worklist, the CSV and the mark page show of a record: its number in its book or register, its
    day, its type and content, and its page. Never the writer or the visitor: a denunciation's denouncer is
    not shown to anyone here, cleared or not (the record's page is where a cleared reader sees them)."""
    if record is None:
        return {"number": "", "day": None, "type": "", "summary": "", "url": None}
    if kind == RecordKind.VISIT:
        return {
            "number": f"{record.book_number}/{record.book_year}",
            "day": record.visited_on,
            "type": CLASS_LABELS.get(record.classification, ""),
            "summary": record.summary,
            "url": url_for("reception.visit_detail", visit_id=record.id),
        }
    if kind == RecordKind.LETTER:
        return {
            "number": record.register_label,
            "day": record.received_on,
            "type": TYPE_LABELS.get(record.letter_type, ""),
            "summary": record.summary,
            "url": url_for("letters.detail", letter_id=record.id),
        }
    return {
        "number": str(record.id),
        "day": record.opened_on,
        "type": CASE_TYPE_LABELS.get(str(record.case_type), ""),
        "summary": record.title,
        "url": url_for("cases.detail", case_id=record.id),
    }


def _filters() -> queries.WorklistFilter:
    return queries.WorklistFilter(
        kind=_kind_arg(request.args.get("kind")),
        late_only=request.args.get("late") == "1",
        officer_id=parse_id(request.args.get("officer")),
        agency_id=parse_id(request.args.get("agency")),
    )


@bp.route("/")
@role_required(*READ_ROLES)
def index() -> ResponseReturnValue:
    """The worklist: the scope's pending records of one kind, oldest first, late ones marked."""
    return _render_index(None, 200)


def _render_index(bulk: EntryBulkForm | None, status: int) -> ResponseReturnValue:
    today = local_today()
    filters = _filters()
    if bulk is None:
        bulk = EntryBulkForm()
        bulk.entered_on.data = today
    bulk.kind.data = str(filters.kind)
    page = queries.list_pending(current_user, filters, today=today, after=request.args.get("after"))
    entries = [row.entry for row in page.rows]
    return render_template(
        "national/index.html",
        page=page,
        filters=filters,
        today=today,
        rule=rule_for(filters.kind),
        cutoff=queries.late_cutoff_for(filters.kind, today),
        kinds=list(RecordKind),
        kind_labels=KIND_LABELS,
        described={row.entry.id: describe(filters.kind, row.record) for row in page.rows},
        officers=list_officers(current_user),
        agencies=scope_agencies(current_user),
        officer_names=queries.officer_names({e.officer_id for e in entries if e.officer_id}),
        agency_names=queries.agency_names({e.agency_id for e in entries}),
        can_write=can_record_entry(current_user),
        bulk=bulk,
        typed={key: value for key, value in request.form.items() if key.startswith("reference-")},
    ), status


@bp.route("/mark-many", methods=["POST"])
@role_required(*WRITE_ROLES)
def mark_many() -> ResponseReturnValue:
    """Several records of the worklist's page entered on one day, each with the reference typed on its row;
    nothing is kept when one is refused (the page comes back with what was typed)."""
    form = EntryBulkForm()
    kind = _kind_arg(form.kind.data)
    today = local_today()

    def save() -> Any:
        chosen = list(dict.fromkeys(form.records.data or []))
        references = [(record_id, request.form.get(f"reference-{record_id}")) for record_id in chosen]
        return services.mark_many_entered(
            actor=current_user, kind=kind, references=references, entered_on=form.entered_on.data, today=today
        )

    saved = save_versioned(None, form, save, error_field=form.records)
    if saved.ok:
        flash(_("Đã ghi nhận %(count)d hồ sơ đã nhập vào CSDL quốc gia.", count=len(saved.value)), "success")
        return redirect(safe_next_url(request.args.get("next")) or url_for("national.index", kind=str(kind)))
    return _render_index(form, saved.status)


def _export_records() -> tuple[str, list[dict[str, Any]]]:
    """The worklist's pending records (its filters, every page), each as national_exchange.json's export columns."""
    today = local_today()
    filters = _filters()
    rows = list(queries.export_rows(current_user, filters, today=today))
    officers = queries.officer_names({r.entry.officer_id for r in rows if r.entry.officer_id})
    agencies = queries.agency_names({r.entry.agency_id for r in rows})
    kind = str(filters.kind)
    records = []
    for row in rows:
        shown = describe(filters.kind, row.record)
        records.append(
            exchange.export_record(
                {
                    "kind": kind,
                    "record_id": row.entry.id,
                    "number": shown["number"],
                    "day": shown["day"],
                    "type": str(shown["type"]),
                    "summary": shown["summary"],
                    "agency": agencies.get(row.entry.agency_id, ""),
                    "officer": officers.get(row.entry.officer_id or 0, ""),
                    "due_on": row.due_on,
                    "late": "1" if row.is_late else "0",
                    "status": "chua_nhap",
                }
            )
        )
    return f"csdl-quoc-gia-{kind}-{today.isoformat()}", records


@bp.route("/export.csv")
@role_required(*READ_ROLES)
def export() -> ResponseReturnValue:
    """The worklist's pending records as a CSV in national_exchange.json's columns (docs/national-database.md)."""
    name, records = _export_records()
    header = exchange.export_header()
    body = csv_bytes(header, ([record[column] for column in header] for record in records))
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@bp.route("/export.json")
@role_required(*READ_ROLES)
def export_json() -> ResponseReturnValue:
    """The same records as JSON: the mapping's version and status, then one object per record (dates ISO)."""
    name, records = _export_records()
    mapping = exchange.exchange()
    body = {
        "format": "petitions-csdl-quoc-gia",
        "version": mapping.version,
        "status": mapping.status,
        "records": [{k: v.isoformat() if isinstance(v, date) else v for k, v in r.items()} for r in records],
    }
    return Response(
        json.dumps(body, ensure_ascii=False), mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}.json"'},
    )


@bp.route("/confirm", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def confirm() -> ResponseReturnValue:
    """Upload the confirmation file (the national database's references for exported records): every row marked
    entered, or none when one is refused (each refused row listed)."""
    form = ConfirmationForm()
    problems: list[exchange.ConfirmationProblem] = []
    if form.validate_on_submit():
        marked, problems = exchange.confirm_entries(form.file.data.read(), actor=current_user, today=local_today())
        if not problems:
            db.session.commit()
            flash(_("Đã ghi nhận %(count)d hồ sơ đã nhập vào CSDL quốc gia.", count=marked), "success")
            return redirect(url_for("national.index"))
        db.session.rollback()
    status = 400 if request.method == "POST" else 200
    return render_template(
        "national/confirm.html", form=form, problems=problems, fields=exchange.exchange().confirmation
    ), status


def _back(kind: RecordKind) -> str:
    return safe_next_url(request.args.get("next")) or url_for("national.index", kind=str(kind))


# One URL per kind, named by the record's own id parameter (letter_id, visit_id, case_id) like the records' pages.
_PATHS = {RecordKind.LETTER: ("letters", "letter_id"), RecordKind.VISIT: ("visits", "visit_id"), RecordKind.CASE: ("cases", "case_id")}


@bp.app_template_global()
def national_entry_url(action: str, kind: str, record_id: int, next_url: str | None = None) -> str:
    """The mark or correct page of a record's entry (`action` is "mark" or "correct")."""
    record_kind = RecordKind(kind)
    values: dict[str, Any] = {_PATHS[record_kind][1]: record_id, "next": next_url}
    return url_for(f"national.{action}_{record_kind.value}", **values)


def _mark(kind: RecordKind, record_id: int) -> ResponseReturnValue:
    """Confirm that a pending record was entered: its day and the national reference."""
    record, entry = queries.get_entry_for(current_user, kind, record_id)
    form = EntryMarkForm()
    today = local_today()
    if request.method == "GET":
        form.version.data = str(entry.version)
        form.entered_on.data = today
    saved = save_versioned(
        entry,
        form,
        lambda: services.mark_entered(
            actor=current_user, kind=kind, record_id=record_id, entered_on=form.entered_on.data,
            reference=form.reference.data, today=today,
        ),
        error_field=form.reference,
    )
    if saved.ok:
        flash(_("Đã ghi nhận hồ sơ đã nhập vào CSDL quốc gia."), "success")
        return redirect(_back(kind))
    return _render_form("national/mark.html", kind, record, entry, form, saved.status, saved.stale or saved.refused)


def _correct(kind: RecordKind, record_id: int) -> ResponseReturnValue:
    """Correct an entered record's day or reference, with the reason (shown in the record's history)."""
    record, entry = queries.get_entry_for(current_user, kind, record_id)
    form = EntryCorrectForm()
    today = local_today()
    if request.method == "GET":
        form.version.data = str(entry.version)
        form.entered_on.data = entry.entered_on
        form.reference.data = entry.national_reference
    saved = save_versioned(
        entry,
        form,
        lambda: services.correct_entry(
            actor=current_user, kind=kind, record_id=record_id, entered_on=form.entered_on.data,
            reference=form.reference.data, reason=form.reason.data, today=today,
        ),
        error_field=form.reference,
    )
    if saved.ok:
        flash(_("Đã sửa thông tin nhập CSDL quốc gia."), "success")
        return redirect(_back(kind))
    return _render_form("national/correct.html", kind, record, entry, form, saved.status, saved.stale or saved.refused)


@bp.route("/letters/<int:letter_id>/mark", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def mark_letter(letter_id: int) -> ResponseReturnValue:
    return _mark(RecordKind.LETTER, letter_id)


@bp.route("/visits/<int:visit_id>/mark", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def mark_visit(visit_id: int) -> ResponseReturnValue:
    return _mark(RecordKind.VISIT, visit_id)


@bp.route("/cases/<int:case_id>/mark", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def mark_case(case_id: int) -> ResponseReturnValue:
    return _mark(RecordKind.CASE, case_id)


@bp.route("/letters/<int:letter_id>/correct", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def correct_letter(letter_id: int) -> ResponseReturnValue:
    return _correct(RecordKind.LETTER, letter_id)


@bp.route("/visits/<int:visit_id>/correct", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def correct_visit(visit_id: int) -> ResponseReturnValue:
    return _correct(RecordKind.VISIT, visit_id)


@bp.route("/cases/<int:case_id>/correct", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def correct_case(case_id: int) -> ResponseReturnValue:
    return _correct(RecordKind.CASE, case_id)


def _render_form(
    template: str, kind: RecordKind, record: Any, entry: NationalEntry, form: Any, status: int, message: str | None
) -> ResponseReturnValue:
    return render_template(
        template,
        kind=kind,
        kind_label=KIND_LABELS[kind],
        record=describe(kind, record),
        entry=entry,
        form=form,
        message=message,
        due_on=queries.due_on(kind, entry.registered_on),
        next_url=safe_next_url(request.args.get("next")),
    ), status


@bp.app_template_global()
def national_entry_status(kind: str, record: Any) -> dict[str, Any] | None:
    """The entry status box of a visit's, a letter's or a case's page: the entry, its due day, late or not, and whether
    the reader may act on it (the office's own record, a writing role)."""
    if record is None or getattr(record, "id", None) is None:
        return None
    record_kind = RecordKind(kind)
    entry = queries.entry_of(record_kind, record.id)
    if entry is None:
        return None
    today = local_today()
    cutoff = queries.late_cutoff_for(record_kind, today)
    due = queries.due_on(record_kind, entry.registered_on)
    return {
        "entry": entry,
        "kind": str(record_kind),
        "due_on": due,
        "late": entry.is_pending and cutoff is not None and entry.registered_on < cutoff,
        "entered_late": (not entry.is_pending) and due is not None and entry.entered_on is not None and entry.entered_on > due,
        "status_label": ENTRY_STATUS_LABELS[entry.entry_status],
        "can_act": can_record_entry(current_user) and queries.is_own_office(current_user, entry),
        "entered_by": queries.officer_names({entry.entered_by_id}).get(entry.entered_by_id or 0, "") if entry.entered_by_id else "",
    }


@bp.app_template_global()
def national_my_entries() -> tuple[int, int] | None:
    """The home page's line: (pending, late) entries of the signed-in officer's records, for the roles that
    record entries (one capped count per kind on the officer's partial index)."""
    if not can_record_entry(current_user):
        return None
    return queries.count_mine(current_user, today=local_today())
