"""Submitting a period's report (nộp báo cáo): the set frozen as it was sent, reprinted byte for byte, and compared
with the figures of today.

What is submitted is the whole set of one body and one window (petitions.reports.cover): the cover report and every
form of the window's generation. The service builds it as the screen does, verifies every form, and stores in one
append-only row (petitions.reports.models.ReportSubmission) the set's JSON, the PDF and the workbook with their
SHA-256, who and when — and, for every figure, the records it counted (the drill-down's selections,
petitions.reports.drilldown; the figures the records add up to are checked against the forms before anything is
stored). A reprint is the stored bytes, checked against their SHA-256; a recompute (``compare``) reads the records
of today for the same window and lists, figure by figure, what changed and which records caused it
(petitions.domain.submissions).

Rules (docs/reports.md, "Nộp báo cáo"):
  - a leader of the body, or of a body above it, submits; every report role reads, reprints and compares, each only
    for the bodies in their scope (another body's submission answers 404, as a missing one);
  - a period with a cover report is submitted once its báo cáo is issued (numbered) in the register and its
    narrative still matches the forms; a tables-only period (TT 01/2024 Q2–Q4, a month, any window) has none;
  - one live submission per body and window: a correction is a new submission that supersedes the last, with a
    reason; the old one stays as it was sent. The form posts the sequence of the live submission it was drawn with
    (0: none), as an edit form posts its record's version: if another was stored since, the new one is refused; two
    racing past that check take the same next ``sequence`` and the unique constraint refuses the second.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from petitions.auth.models import User
from petitions.clock import local_today, to_local
from petitions.directory.models import Agency
from petitions.domain import periods
from petitions.domain.drilldown import CASE_QUANTITIES, KIND_OF, WEIGHTED_QUANTITIES, Counted, RecordKind
from petitions.domain.periods import ReportPeriod
from petitions.domain.statistics import FactsWithoutRow, Figure, FigureKind, FormDefinition
from petitions.domain.submissions import (
    CellChange,
    FormSide,
    RecordChange,
    SnapshotColumn,
    compare_form,
    figure_from_json,
    form_snapshot,
    read_snapshot,
)
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.history import history_context
from petitions.reports import catalog, cover, drilldown
from petitions.reports.models import ReportSubmission
from petitions.reports.queries import UnclassifiedLetters
from petitions.scoping import check_acting_for, get_visible_or_404, visible_agencies

SUBMIT_ROLES = (Role.LEADER,)
REASON_MAX = 500


class SubmissionRefused(DomainError):
    """The set cannot be submitted now (the message says why)."""


# ------------------------------------------------------------------------------------------------ reading


def _window(query: sa.Select[Any], agency_id: int, period: ReportPeriod) -> sa.Select[Any]:
    return query.where(
        ReportSubmission.agency_id == agency_id,
        ReportSubmission.window_start_on == period.start,
        ReportSubmission.window_end_on == period.end,
    )


def current_submission(agency: Agency, period: ReportPeriod) -> ReportSubmission | None:
    """The live submission of the body for the window: the last one (the highest sequence), if any."""
    return db.session.scalar(
        _window(sa.select(ReportSubmission), agency.id, period).order_by(ReportSubmission.sequence.desc()).limit(1)
    )


def submissions_of(agency: Agency) -> sa.Select[ReportSubmission]:
    """Every submission of one body (any window), for a keyset list newest first (ORDER BY id DESC); the large
    columns stay deferred."""
    return sa.select(ReportSubmission).where(ReportSubmission.agency_id == agency.id)


LIST_ORDER = (ReportSubmission.id.desc(),)


def submission_ids_of(agency: Agency) -> sa.Select[Any]:
    """The ids of one body's submissions (what the list counts)."""
    return sa.select(ReportSubmission.id).where(ReportSubmission.agency_id == agency.id)


def visible_submissions(user: User) -> sa.Select[ReportSubmission]:
    """The submissions of the bodies in the user's scope (their agency and the ones below it)."""
    agencies = visible_agencies(user).with_only_columns(Agency.id)
    return sa.select(ReportSubmission).where(ReportSubmission.agency_id.in_(agencies.scalar_subquery()))


def load_submission(user: User, submission_id: int) -> ReportSubmission:
    """A submission through the user's scope: another body's answers 404, as a missing one."""
    return get_visible_or_404(visible_submissions(user), submission_id)


def superseded_ids(rows: Iterable[ReportSubmission]) -> dict[int, int]:
    """For the given submissions, the one that superseded each (id → id), if any."""
    ids = [row.id for row in rows]
    if not ids:
        return {}
    found = db.session.execute(
        sa.select(ReportSubmission.supersedes_id, ReportSubmission.id).where(ReportSubmission.supersedes_id.in_(ids))
    ).all()
    return {int(old): int(new) for old, new in found if old is not None}


def period_of(submission: ReportSubmission) -> ReportPeriod:
    """The window the submission was made for, as it was asked for (a preset, or any window)."""
    code = submission.period_code
    if ".." not in code:
        try:
            period = periods.parse_period(code)
        except DomainError:
            period = None
        if period is not None and (period.start, period.end) == (submission.window_start_on, submission.window_end_on):
            return period
    return periods.window(submission.window_start_on, submission.window_end_on)


class StoredFileDamaged(DomainError):
    """The stored bytes no longer have the SHA-256 recorded at submission."""


SUBMITTED_FORMATS = ("pdf", "xlsx", "json")


def stored_file(submission: ReportSubmission, fmt: str) -> bytes:
    """The file exactly as submitted: the PDF or the workbook (checked against its SHA-256; a mismatch is refused,
    never served), or the set's JSON as the set's download writes it."""
    if fmt == "json":
        return (json.dumps(submission.figures, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt not in ("pdf", "xlsx"):
        raise ValueError(fmt)
    data, digest = (submission.pdf, submission.pdf_sha256) if fmt == "pdf" else (submission.xlsx, submission.xlsx_sha256)
    if sha256(data) != digest:
        raise StoredFileDamaged(f"Tệp đã nộp (lần nộp #{submission.id}) không còn khớp mã SHA-256 đã ghi khi nộp.")
    return bytes(data)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------------------------------------ readiness


def can_submit(user: Any) -> bool:
    return getattr(user, "role", None) in SUBMIT_ROLES


def not_ready_reason(report: cover.ReportSet) -> str | None:
    """Why the set cannot be submitted yet (None: it can): a period with a cover report needs its báo cáo issued
    in the register, and the narrative it states must still be the forms' (else void it and draft again)."""
    if not report.has_cover:
        return None
    if report.cover is None:
        return "Kỳ này có báo cáo kèm theo các biểu: lập dự thảo báo cáo và ban hành (lấy số) trước khi nộp."
    if report.cover.number_symbol is None or report.cover.issue_date is None:
        return "Báo cáo trong sổ văn bản đi chưa được ban hành: ban hành văn bản (lấy số) trước khi nộp."
    if report.cover_is_stale:
        return (
            "Số liệu đã thay đổi sau khi lập báo cáo: nội dung báo cáo không còn khớp với các biểu. "
            "Hủy văn bản trong sổ, lập lại dự thảo và ban hành trước khi nộp."
        )
    return None


# ------------------------------------------------------------------------------------------------ submitting


def _columns(form: FormDefinition) -> tuple[SnapshotColumn, ...]:
    out = []
    for column in form.numeric_columns:
        measure = column.measure
        assert measure is not None
        out.append(
            SnapshotColumn(
                number=column.number,
                label=column.label,
                kind=column.kind or FigureKind.COUNT,
                records=KIND_OF[measure.quantity],
                lists_cases=measure.quantity in CASE_QUANTITIES,
                weighted=measure.quantity in WEIGHTED_QUANTITIES,
            )
        )
    return tuple(out)


def _form_records(report: cover.ReportSet) -> dict[str, Any]:
    """Every figure's records, per form, unit row and column, checked against the built forms: a figure whose
    records do not add up to it refuses the submission (nothing half-explained is stored)."""
    out: dict[str, Any] = {}
    for document in report.forms:
        table = document.table
        records = drilldown.form_records(form_code=table.form.code, period=report.period, agency=report.agency)
        if [row.key for row in records.rows] != [row.unit for row in table.rows]:
            raise SubmissionRefused(f"Biểu {table.form.code}: các dòng đơn vị thay đổi trong khi lập; hãy nộp lại.")
        columns = _columns(table.form)
        cells: dict[str, dict[int, tuple[Counted, ...]]] = {}
        for row in table.rows:
            cells[row.unit] = {}
            for column in columns:
                cell = records.cell(row.unit, column.number)
                if cell.figure != row.value(column.number) or cell.listed != cell.figure:
                    raise SubmissionRefused(
                        f"Biểu {table.form.code}, {row.label}, cột ({column.number}): số liệu {row.value(column.number)} "
                        f"không khớp với các hồ sơ được tính ({cell.listed}); chưa nộp được."
                    )
                cells[row.unit][column.number] = cell.records
        out[table.form.code] = form_snapshot(columns, cells)
    return out


def submit_report(
    *,
    agency: Agency,
    period: ReportPeriod,
    actor: Any,
    based_on: int,
    reason: str | None = None,
    today: date | None = None,
) -> ReportSubmission:
    """Freeze and store the period's whole set for ``agency`` as submitted by ``actor``. Flushes; the caller commits.

    ``based_on``: the sequence of the live submission the actor saw (0: none yet). Refuses (SubmissionRefused) a set not ready
    (``not_ready_reason``), one another submission has superseded since the actor's page was drawn, a correction
    without a reason, and the loser of two racing submissions; InconsistentForm and UnclassifiedLetters refuse it
    as they refuse the set."""
    if isinstance(actor, User):
        if not can_submit(actor):
            raise SubmissionRefused("Chỉ lãnh đạo cơ quan nộp báo cáo.")
        check_acting_for(actor, agency.id)
    current = current_submission(agency, period)
    _check_based_on(current, based_on)
    reason = (reason or "").strip()[:REASON_MAX] or None
    if current is not None and reason is None:
        raise SubmissionRefused("Nộp lại báo cáo đã nộp cần ghi lý do (bản nộp mới thay thế bản cũ; bản cũ vẫn được lưu).")
    report = cover.build_set(agency=agency, period=period, today=today or local_today())
    refused = not_ready_reason(report)
    if refused:
        raise SubmissionRefused(refused)
    pdf = cover.render_set_pdf(report)
    xlsx = cover.render_xlsx_set(report)
    records = _form_records(report)
    submission = ReportSubmission(
        agency_id=agency.id,
        period_code=period.code,
        window_start_on=period.start,
        window_end_on=period.end,
        generation=period.generation,
        sequence=current.sequence + 1 if current is not None else 1,
        supersedes_id=current.id if current is not None else None,
        cover_document_id=report.cover.id if report.cover is not None else None,
        figures_as_of=report.today,
        reason=reason,
        submitted_by_id=getattr(actor, "id", None),
        pdf=pdf,
        pdf_sha256=sha256(pdf),
        pdf_size=len(pdf),
        xlsx=xlsx,
        xlsx_sha256=sha256(xlsx),
        xlsx_size=len(xlsx),
        figures=cover.set_json(report),
        records=records,
    )
    try:
        with history_context(actor=actor, reason=reason), db.session.begin_nested():
            db.session.add(submission)
            db.session.flush()
    except IntegrityError as raced:  # another submission took this sequence first (committed before this one)
        if submission in db.session:
            db.session.expunge(submission)
        raise SubmissionRefused(_superseded_message(current_submission(agency, period))) from raced
    return submission


def live_sequence(current: ReportSubmission | None) -> int:
    """What a submit form posts back: the live submission's sequence, 0 when there is none."""
    return current.sequence if current is not None else 0


def _check_based_on(current: ReportSubmission | None, based_on: int) -> None:
    if live_sequence(current) != based_on:
        raise SubmissionRefused(_superseded_message(current))


def _superseded_message(current: ReportSubmission | None) -> str:
    if current is None:
        return "Trang đã cũ: lần nộp bạn thấy không còn là lần nộp hiện hành. Tải lại trang rồi nộp lại."
    who = current.submitted_by.full_name if current.submitted_by is not None else "một người dùng khác"
    when = f"{to_local(current.submitted_at):%H:%M ngày %d/%m/%Y}"
    return (
        f"Báo cáo kỳ này vừa được {who} nộp lúc {when} (lần nộp thứ {current.sequence}); "
        "bản của bạn chưa được nộp. Tải lại trang, xem lần nộp đó rồi quyết định có nộp lại không."
    )


# ------------------------------------------------------------------------------------------------ comparing


@dataclass
class RecordView:
    """A changed record as the reader may see it (``line.record`` None: outside their scope, nothing shown)."""

    change: RecordChange
    unit_name: str
    line: drilldown.RecordLine


@dataclass
class FormComparison:
    """One submitted form against today: its changed cells (in the form's order), or why it cannot be recomputed."""

    code: str
    title: str
    cells: list[CellChange] = field(default_factory=list)
    records: dict[tuple[str | None, int], list[RecordView]] = field(default_factory=dict)
    problem: str | None = None

    @property
    def changed_figures(self) -> list[CellChange]:
        return [cell for cell in self.cells if cell.figure_changed]

    @property
    def moved_records(self) -> list[CellChange]:
        """Cells whose figure stayed while the records behind it changed."""
        return [cell for cell in self.cells if not cell.figure_changed]


@dataclass(frozen=True)
class Comparison:
    submission: ReportSubmission
    period: ReportPeriod
    forms: tuple[FormComparison, ...]
    new_forms: tuple[str, ...]  # forms the catalog has now for the window that were not in the submission

    @property
    def unchanged(self) -> bool:
        return all(not form.cells and form.problem is None for form in self.forms)


def _submitted_side(code: str, figures: Mapping[str, Any], columns: tuple[SnapshotColumn, ...], cells: Any) -> FormSide:
    form_json = figures[code]
    kinds = {column.number: column.kind for column in columns}

    def read(values: Mapping[str, Any]) -> dict[int, Figure]:
        return {int(n): figure_from_json(v, kinds[int(n)]) for n, v in values.items() if int(n) in kinds}

    return FormSide(
        names={row["unit"]: row["name"] for row in form_json["rows"]},
        figures={row["unit"]: read(row["figures"]) for row in form_json["rows"]},
        total=read(form_json["total"]["figures"]),
        records=cells,
    )


def _side_now(code: str, period: ReportPeriod, agency: Agency, columns: tuple[SnapshotColumn, ...]) -> FormSide:
    """The form's rows, figures and records of today (the drill-down's un-grouped facts: the same figures as the
    report's, tests/reports/test_drilldown.py)."""
    records = drilldown.form_records(form_code=code, period=period, agency=agency)
    figures: dict[str, dict[int, Figure]] = {}
    cells: dict[str, dict[int, tuple[Counted, ...]]] = {}
    total: dict[int, Figure] = {}
    numeric = {column.number for column in records.form.numeric_columns}
    for row in records.rows:
        figures[row.key], cells[row.key] = {}, {}
        for column in columns:
            if column.number not in numeric:  # a column the form no longer has: nothing now
                continue
            cell = records.cell(row.key, column.number)
            figures[row.key][column.number] = cell.figure
            cells[row.key][column.number] = cell.records
            total[column.number] = total.get(column.number, 0) + cell.figure
    return FormSide(names={row.key: row.name for row in records.rows}, figures=figures, total=total, records=cells)


def compare(user: User, submission: ReportSubmission) -> Comparison:
    """The submission against the records of today, form by form (petitions.domain.submissions.compare_form), each
    changed record loaded through the reader's scope as the drill-down shows it."""
    period = period_of(submission)
    agency = submission.agency
    figures = submission.figures
    forms = []
    for code, data in submission.records.items():
        columns, cells = read_snapshot(data)
        title = str(figures[code].get("title", ""))
        comparison = FormComparison(code=code, title=title)
        try:
            now = _side_now(code, period, agency, columns)
        except (UnclassifiedLetters, FactsWithoutRow, catalog.UnknownForm) as unplaced:
            comparison.problem = str(unplaced)
        else:
            comparison.cells = list(compare_form(code, columns, _submitted_side(code, figures, columns, cells), now))
        forms.append(comparison)
    _load_records(user, forms)
    submitted = set(submission.records)
    new_forms = tuple(code for code in cover.set_form_codes(period) if code not in submitted)
    return Comparison(
        submission=submission,
        period=period,
        forms=tuple(forms),
        new_forms=new_forms,
    )


def _load_records(user: User, forms: list[FormComparison]) -> None:
    """Every changed record of every form, loaded once per kind through the reader's scope."""
    wanted: dict[RecordKind, dict[int, Counted]] = {}
    for form in forms:
        for cell in form.cells:
            for change in cell.records:
                wanted.setdefault(change.item.kind, {}).setdefault(change.item.id, change.item)
    lines: dict[tuple[RecordKind, int], drilldown.RecordLine] = {}
    for kind, items in wanted.items():
        for line in drilldown.record_lines(user, kind, list(items.values())):
            lines[(kind, line.item.id)] = line
    for form in forms:
        names = {c.unit: c.unit_name for c in form.cells if c.unit is not None}
        for cell in form.cells:
            form.records[(cell.unit, cell.column.number)] = [
                RecordView(
                    change=change,
                    unit_name=names.get(change.unit, change.unit),
                    line=_line_for(lines[(change.item.kind, change.item.id)], change.item),
                )
                for change in cell.records
            ]


def _line_for(line: drilldown.RecordLine, item: Counted) -> drilldown.RecordLine:
    """The loaded line, with this cell's own record (its case and amount may differ from another cell's)."""
    if line.item == item:
        return line
    return drilldown.RecordLine(
        item, record=line.record, case=line.case, letter=line.letter, writer=line.writer, outcome=line.outcome,
        decision_number=line.decision_number,
    )
