"""Report screens for submissions (nộp báo cáo): submit the period's set, the body's list of submissions, each
reprinted from its stored bytes, and its comparison with today's figures (petitions.reports.submissions).

The routes belong to the reports blueprint (``register``, called by petitions.reports.views)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from petitions.auth.models import User
from petitions.auth.permissions import role_required
from petitions.documents.models import Document
from petitions.domain.statistics import format_figure
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.paging import KeysetPage, capped_total, keyset_page
from petitions.report_periods import period_args, period_from_request
from petitions.reports import drilldown, submissions
from petitions.reports.cover import ReportSet
from petitions.reports.forms import ReportSubmitForm
from petitions.reports.models import ReportSubmission
from petitions.reports.permissions import REPORT_ROLES
from petitions.scoping import scope_agencies

FILE_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class SetPanel:
    """What the whole report's page shows about submitting it: the live submission, why it cannot be submitted
    yet, and the form for a leader."""

    current: ReportSubmission | None
    not_ready: str | None
    form: ReportSubmitForm | None


def set_panel(report: ReportSet) -> SetPanel:
    """The panel of /reports/set for the set built for the page."""
    current = submissions.current_submission(report.agency, report.period)
    form = None
    if submissions.can_submit(current_user):
        form = ReportSubmitForm(formdata=None, version=str(submissions.live_sequence(current)))
    return SetPanel(current=current, not_ready=submissions.not_ready_reason(report), form=form)


@role_required(*submissions.SUBMIT_ROLES)
def submit_set() -> ResponseReturnValue:
    """Freeze and store the period's whole set for the agency (?agency=CODE, the window), after the confirmation."""
    agency = drilldown.load_agency(current_user, request.args.get("agency") or None)
    period, error = period_from_request()
    if error:
        abort(400)
    back = redirect(url_for("reports.report_set", **({"agency": agency.code} | period_args(period))))
    form = ReportSubmitForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "danger")
        return back
    try:
        version = int(form.version.data or 0)
    except ValueError:
        version = -1  # not a page of this window: refused as a stale one
    try:
        submission = submissions.submit_report(
            agency=agency, period=period, actor=current_user, based_on=version, reason=form.reason.data
        )
    except DomainError as refused:
        db.session.rollback()
        flash(str(refused), "danger")
        return back
    db.session.commit()
    flash(
        _("Đã nộp báo cáo %(label)s (lần nộp thứ %(n)d): bản nộp được lưu nguyên như đã gửi.",
          label=period.label, n=submission.sequence),
        "success",
    )
    return redirect(url_for("reports.submission", submission_id=submission.id))


@role_required(*REPORT_ROLES)
def submission_list() -> ResponseReturnValue:
    """The body's submissions (?agency=CODE, the user's own by default), newest first, a page at a time."""
    user: User = current_user
    agency = drilldown.load_agency(user, request.args.get("agency") or None)
    query = submissions.submissions_of(agency).options(
        selectinload(ReportSubmission.submitted_by).load_only(User.full_name),
        selectinload(ReportSubmission.cover_document).load_only(Document.number_symbol, Document.issue_date),
    )
    page = keyset_page(
        query, submissions.LIST_ORDER, after=request.args.get("after"), list_key=f"report-submissions:{agency.id}"
    )
    # Counted over the ids alone: the ORM select's subquery would name every column, the stored files included, and
    # SQLite would read each row's megabyte to count it (39 ms for 96 rows at 100,000 letters).
    total, capped = capped_total(submissions.submission_ids_of(agency))
    page = KeysetPage(page.rows, page.next_cursor, page.is_first, total, capped)
    return render_template(
        "reports/submissions.html",
        page=page,
        agency=agency,
        agencies=scope_agencies(user),
        superseded=submissions.superseded_ids(page.rows),
        period_of=submissions.period_of,
    )


@role_required(*REPORT_ROLES)
def submission_detail(submission_id: int) -> ResponseReturnValue:
    """One submission: what was sent, by whom and when, its files and its place among the window's submissions."""
    submission = submissions.load_submission(current_user, submission_id)
    return render_template(
        "reports/submission.html",
        submission=submission,
        period=submissions.period_of(submission),
        superseded_by=submissions.superseded_ids([submission]).get(submission.id),
        forms=[(code, data) for code, data in submission.figures.items() if code != "narrative"],
    )


@role_required(*REPORT_ROLES)
def submission_download(submission_id: int, fmt: str) -> ResponseReturnValue:
    """The file exactly as submitted (its SHA-256 checked first): the PDF, the workbook, or the set's JSON."""
    if fmt not in FILE_TYPES:
        abort(404)
    submission = submissions.load_submission(current_user, submission_id)
    try:
        data = submissions.stored_file(submission, fmt)
    except submissions.StoredFileDamaged as damaged:
        return Response(str(damaged), status=500, mimetype="text/plain")
    name = f"bao-cao-{submission.agency.code.lower()}-{submission.period_code.replace('..', '_')}-lan-{submission.sequence}"
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt != "json":
        headers["ETag"] = f'"{submission.pdf_sha256 if fmt == "pdf" else submission.xlsx_sha256}"'
    return Response(data, mimetype=FILE_TYPES[fmt], headers=headers)


@role_required(*REPORT_ROLES)
def submission_compare(submission_id: int) -> ResponseReturnValue:
    """So sánh với số liệu hiện tại: figure by figure, what changed since submission and the records behind it."""
    submission = submissions.load_submission(current_user, submission_id)
    comparison = submissions.compare(current_user, submission)
    return render_template(
        "reports/submission_compare.html", comparison=comparison, submission=submission, figure_text=format_figure
    )


def register(bp: Blueprint) -> None:
    """Add the submission routes to the reports blueprint."""
    bp.add_url_rule("/set/submit", "submit_set", submit_set, methods=["POST"])
    bp.add_url_rule("/submissions", "submissions", submission_list)
    bp.add_url_rule("/submissions/<int:submission_id>", "submission", submission_detail)
    bp.add_url_rule("/submissions/<int:submission_id>/download/<fmt>", "submission_download", submission_download)
    bp.add_url_rule("/submissions/<int:submission_id>/compare", "submission_compare", submission_compare)
