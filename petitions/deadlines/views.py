"""Deadline calculator (every role: it shows no case content) and the administrator's working calendar.

Changing a confirmed year goes through a preview that lists only counts and register numbers of the
open clocks that would move; applying it writes one history row per moved clock.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import click
import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from petitions.auth.forms import ConfirmForm
from petitions.auth.permissions import role_required
from petitions.clock import local_today
from petitions.concurrency import save_versioned
from petitions.deadlines import queries, services
from petitions.deadlines.forms import CalculatorForm, CalendarConfirmForm, CalendarDayForm, CalendarDeleteForm
from petitions.deadlines.models import CalendarDay
from petitions.domain.calendar_data import DAY_KIND_LABELS, DayKind
from petitions.domain.deadlines import DateSpan, DueDate, compute_due, rule_for, weekday_name
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.reception.services import open_missing_clocks
from petitions.scoping import get_visible_or_404

bp = Blueprint("deadlines", __name__, url_prefix="/deadlines")

FIRST_YEAR, LAST_YEAR = 2000, 2100


@bp.before_app_request
def _fresh_calendar() -> None:
    # A test client may reuse one application context (and its `g`) across requests.
    queries.invalidate_calendar_cache()


def admin_calendar_reminder() -> str | None:
    """For the administrator's home page: from 1 October, next year's calendar is not confirmed yet."""
    if not current_user.is_authenticated or current_user.role != Role.ADMIN:
        return None
    return queries.calendar_reminder(local_today())


@bp.cli.command("open-reception-clocks")
def open_reception_clocks_command() -> None:
    """Open the D7, D6 and D1 clocks of visits and sessions saved before reception used clocks."""
    opened = open_missing_clocks()
    db.session.commit()
    click.echo(" ".join(f"{rule}={count}" for rule, count in opened.items()))


@bp.app_context_processor
def _reminder_helper() -> dict[str, Any]:
    return {"admin_calendar_reminder": admin_calendar_reminder}


@bp.app_template_filter("weekday_vn")
def weekday_vn(day: date | None) -> str:
    return weekday_name(day) if day else ""


# Calculator --------------------------------------------------------------------------------


def _spans(rows: Any) -> list[DateSpan]:
    periods = []
    for row in rows:
        start, end = row.start.data, row.end.data
        if start is None and end is None:
            continue
        if start is None or end is None:
            raise DomainError(_("Mỗi khoảng thời gian cần đủ ngày bắt đầu và ngày kết thúc."))
        periods.append((start, end))
    return periods


def calculate(form: CalculatorForm) -> DueDate | None:
    return compute_due(
        form.rule.data,
        form.trigger.data,
        queries.load_working_calendar(),
        variants=form.variant_values(),
        base=form.base.data,
        extensions=form.extensions.data or 0,
        extension_days=form.extension_days.data or 30,
        pauses=_spans(form.pauses),
        obstacles=_spans(form.obstacles),
    )


@bp.route("/calculator")
@role_required(*Role)
def calculator() -> ResponseReturnValue:
    """Due date of any clock from a trigger date and its variants, on the confirmed calendar."""
    form = CalculatorForm(request.args)
    result: DueDate | None = None
    error = no_clock = None
    asked = "rule" in request.args
    if asked and form.validate():
        try:
            result = calculate(form)
        except DomainError as refused:
            error = str(refused)
        else:
            if result is None:
                no_clock = rule_for(form.rule.data, form.trigger.data).no_clock_note
    version = None
    try:
        version = queries.load_working_calendar().version
    except DomainError as missing:
        error = error or str(missing)
    return render_template(
        "deadlines/calculator.html",
        form=form,
        asked=asked,
        result=result,
        error=error,
        no_clock=no_clock,
        calendar_version=version,
    ), 400 if asked and form.errors else 200  # an invalid form re-renders with 400, as a POST's


# Working calendar (administrator) ----------------------------------------------------------


def _year_or_404(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    return year


@dataclass(frozen=True)
class Cell:
    day: date
    in_month: bool
    css: str
    title: str


def _month_grid(year: int, rows: list[CalendarDay]) -> list[tuple[int, list[list[Cell]]]]:
    by_day = {r.day: r for r in rows}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                row = by_day.get(day) if day.month == month else None
                if day.month != month:
                    css, title = "text-body-tertiary", ""
                elif row is not None and row.is_working:
                    css, title = "table-success fw-bold", row.name
                elif row is not None:
                    css, title = "table-danger fw-bold", row.name
                elif day.weekday() >= 5:
                    css, title = "table-secondary", ""
                else:
                    css, title = "", ""
                if row is not None and not row.is_confirmed:
                    css += " fst-italic"
                cells.append(Cell(day, day.month == month, css.strip(), title))
            weeks.append(cells)
        months.append((month, weeks))
    return months


@bp.route("/calendar")
@role_required(Role.ADMIN)
def calendar_index() -> ResponseReturnValue:
    """The years of the working calendar, and the reminder when next year is not confirmed."""
    today = local_today()
    return render_template(
        "deadlines/calendar_index.html",
        statuses=queries.list_year_statuses(today),
        reminder=queries.calendar_reminder(today),
        next_year=services.next_confirmable_year(),
    )


def _render_year(year: int, *, day_form: CalendarDayForm | None = None, status: int = 200) -> ResponseReturnValue:
    rows = queries.year_rows(year)
    confirmed = services.is_year_confirmed(year)
    return (
        render_template(
            "deadlines/calendar_year.html",
            year=year,
            rows=rows,
            months=_month_grid(year, rows),
            confirmed=confirmed,
            versions=queries.versions_of(year),
            drafts=sum(1 for r in rows if not r.is_confirmed),
            next_year=services.next_confirmable_year(),
            reminder=queries.calendar_reminder(local_today()),
            day_form=day_form or CalendarDayForm(),
            delete_form=CalendarDeleteForm(),
            action_form=ConfirmForm(),
            kind_labels=DAY_KIND_LABELS,
        ),
        status,
    )


@bp.route("/calendar/<int:year>")
@role_required(Role.ADMIN)
def calendar_year(year: int) -> ResponseReturnValue:
    """One year: month grid, the days off and make-up days, and what can be done with them."""
    return _render_year(_year_or_404(year))


@bp.route("/calendar/<int:year>/propose", methods=["POST"])
@role_required(Role.ADMIN)
def calendar_propose(year: int) -> ResponseReturnValue:
    """Draft the year's days off from the pinned `holidays` package (compensatory days computed here)."""
    _year_or_404(year)
    form = ConfirmForm()
    saved = save_versioned(
        None, form, lambda: services.propose_calendar_year(year, services.package_holidays(year), actor=current_user)
    )
    if saved.refused:
        flash(saved.refused, "danger")
    elif not saved.ok:
        abort(400)
    else:
        flash(
            _(
                "Đã đề xuất %(count)d ngày nghỉ; hãy kiểm tra, bổ sung ngày hoán đổi và làm việc bù.",
                count=saved.value,
            ),
            "success",
        )
    return redirect(url_for("deadlines.calendar_year", year=year))


def _flash_applied(preview: services.CalendarChangePreview) -> None:
    flash(
        _(
            "Đã áp dụng lịch «%(version)s»: %(moved)d thời hạn thay đổi (trong %(checked)d thời hạn đang chạy được kiểm tra).",
            version=preview.version,
            moved=len(preview.moves),
            checked=preview.checked,
        ),
        "success",
    )


def _render_preview(
    year: int, preview: services.CalendarChangePreview, *, title: str, form: Any, action: str, change: str
) -> ResponseReturnValue:
    # The change itself travels back in hidden fields; the notice number is entered on this page.
    carry = [(k, v) for k, v in request.form.items() if k not in ("csrf_token", "decision_numbers", "apply")]
    return render_template(
        "deadlines/calendar_preview.html",
        year=year,
        preview=preview,
        title=title,
        form=form,
        action=action,
        change=change,
        carry=carry,
    )


def _apply_day_change(
    year: int,
    form: CalendarDayForm | CalendarDeleteForm,
    change: services.DayChange,
    *,
    description: str,
    action: str,
    draft_done: str,
    refused: Callable[[str], ResponseReturnValue],
) -> ResponseReturnValue:
    """Add or remove a day. A draft year changes at once; a confirmed year shows the preview of the
    clocks that would move first, then applies with the decision numbers. Both writes go through the
    one write path (save_versioned); a refusal goes to `refused` with its message."""
    confirmed = services.is_year_confirmed(year)
    if confirmed and form.apply.data != "1":
        try:
            preview = services.preview_confirmed_change(change)
        except DomainError as problem:
            return refused(str(problem))
        return _render_preview(
            year,
            preview,
            title=_("Xem trước: sửa lịch năm %(year)d", year=year),
            form=form,
            action=action,
            change=description,
        )
    if confirmed:
        saved = save_versioned(
            None,
            form,
            lambda: services.change_confirmed_year(
                change, decision_numbers=form.decision_numbers.data or "", actor=current_user
            )[1],
        )
    else:
        saved = save_versioned(None, form, lambda: services.change_draft_year(change, actor=current_user))
    if not saved.ok:
        return refused(saved.refused or _("Vui lòng kiểm tra lại các trường được đánh dấu."))
    if confirmed:
        _flash_applied(saved.value)
    else:
        flash(draft_done, "success")
    return redirect(url_for("deadlines.calendar_year", year=year))


@bp.route("/calendar/<int:year>/days", methods=["POST"])
@role_required(Role.ADMIN)
def calendar_add_day(year: int) -> ResponseReturnValue:
    """Add a day off or a make-up working day: directly in a draft year, after a preview in a confirmed one."""
    _year_or_404(year)
    form = CalendarDayForm()

    def refused(message: str) -> ResponseReturnValue:
        form.day.errors = [*form.day.errors, message]
        return _render_year(year, day_form=form, status=400)

    if not form.validate_on_submit():
        return _render_year(year, day_form=form, status=400)
    try:
        entry = services.make_entry(
            day=form.day.data,
            kind=DayKind(form.kind.data),
            name=form.name.data or "",
            source=form.source.data or "",
            decision_no=form.decision_no.data,
        )
    except DomainError as problem:
        return refused(str(problem))
    return _apply_day_change(
        year,
        form,
        services.DayChange(year=year, add=(entry,)),
        description=_(
            "Thêm ngày %(day)s (%(kind)s): %(name)s",
            day=f"{entry.day:%d/%m/%Y}",
            kind=DAY_KIND_LABELS[entry.kind],
            name=entry.name,
        ),
        action=url_for("deadlines.calendar_add_day", year=year),
        draft_done=_("Đã thêm ngày %(day)s vào dự thảo lịch.", day=f"{entry.day:%d/%m/%Y}"),
        refused=refused,
    )


@bp.route("/calendar/<int:year>/days/<int:day_id>/delete", methods=["POST"])
@role_required(Role.ADMIN)
def calendar_delete_day(year: int, day_id: int) -> ResponseReturnValue:
    """Remove a day: directly in a draft year, after a preview in a confirmed one."""
    _year_or_404(year)
    row = get_visible_or_404(
        sa.select(CalendarDay).where(CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31))), day_id
    )
    form = CalendarDeleteForm()
    if not form.validate_on_submit():
        abort(400)

    def refused(message: str) -> ResponseReturnValue:
        flash(message, "danger")
        return redirect(url_for("deadlines.calendar_year", year=year))

    return _apply_day_change(
        year,
        form,
        services.DayChange(year=year, remove=(row.day,)),
        description=_("Xóa ngày %(day)s: %(name)s", day=f"{row.day:%d/%m/%Y}", name=row.name),
        action=url_for("deadlines.calendar_delete_day", year=year, day_id=day_id),
        draft_done=_("Đã xóa ngày %(day)s khỏi dự thảo lịch.", day=f"{row.day:%d/%m/%Y}"),
        refused=refused,
    )


@bp.route("/calendar/<int:year>/confirm", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def calendar_confirm(year: int) -> ResponseReturnValue:
    """Preview (GET) and confirm (POST) a drafted year: it becomes a calendar version."""
    _year_or_404(year)
    form = CalendarConfirmForm()
    try:
        preview = services.preview_confirm_year(year)
    except DomainError as refused:
        flash(str(refused), "warning")
        return redirect(url_for("deadlines.calendar_year", year=year))
    saved = save_versioned(
        None,
        form,
        lambda: services.confirm_year(
            year, decision_numbers=form.decision_numbers.data or "", notes=form.notes.data or "", actor=current_user
        ),
        error_field=form.decision_numbers,
    )
    if saved.ok:
        _flash_applied(saved.value[1])
        return redirect(url_for("deadlines.calendar_year", year=year))
    status = saved.status
    return (
        render_template(
            "deadlines/calendar_confirm.html",
            year=year,
            preview=preview,
            form=form,
            rows=queries.year_rows(year),
            kind_labels=DAY_KIND_LABELS,
        ),
        status,
    )
