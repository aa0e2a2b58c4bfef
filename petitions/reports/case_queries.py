"""Set-based reads that feed 01/KQGQ and 03/KQGQ: cases under resolution within competence, tallied.

Valid time: a case's acceptance and closing are read from its dated status events (case_file_status_event),
never from its status today. Per case, one aggregate over its events up to the window's end gives the day
it was accepted (thụ lý) and the day and kind of its first closing — a decision or conclusion, a withdrawal
(its own date, not the later termination notice), a termination otherwise. The cases accepted by the window's
end and not closed before its start are the form's; they are then grouped per unit, kind, carried over, round,
closure, verdict and timeliness with the sums of their accepted letters and of what the window's decisions
ordered, so the engine receives a few hundred ResolutionFact tallies whatever the register's size.

Corrections are applied as recorded when the report is run (DOMAIN §6): a corrected decision record (its
verdict, its ordered figures) is read as corrected, and a status event whose date was corrected is read at its
corrected date (the superseded event is left out), for a window long closed too.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseOutcome
from petitions.deadlines.models import Clock, RecordType
from petitions.domain.case_flow import RESOLUTION_RULES
from petitions.domain.periods import ReportPeriod
from petitions.domain.records import CaseRound, CaseStatus, CaseType, CaseVerdict, LetterStatus, LetterType
from petitions.domain.statistics import (
    FIGURE_OF_OUTCOME,
    CaseKind,
    Closure,
    Facts,
    Figure,
    FigureKind,
    OutcomeFigure,
    ResolutionFact,
)
from petitions.extensions import db
from petitions.letters.models import Letter, LetterStatusEvent
from petitions.reports.queries import UnclassifiedLetters, report_reads, unit_map, without_jit

KIND_OF_CASE = {CaseType.COMPLAINT: CaseKind.COMPLAINT, CaseType.DENUNCIATION: CaseKind.DENUNCIATION}
# The statuses that close a case under resolution in its window (DOMAIN §6 "a case closes in the window of
# its decision or conclusion, or of the withdrawal's own date").
CLOSING = {CaseStatus.DECIDED: Closure.DECIDED, CaseStatus.WITHDRAWN: Closure.WITHDRAWN,
           CaseStatus.TERMINATED: Closure.TERMINATED}


class DecisionWithoutVerdict(UnclassifiedLetters):
    """Cases decided in the window whose decision record names no verdict (only imported data can): the form is
    refused with their count, never printed with them left out (the screen, downloads and the CLI refuse it as
    they refuse unclassified letters: data the form cannot count yet)."""


def _dated_cases(period: ReportPeriod) -> sa.CTE:
    """Per case, from its status events effective by the window's end: the first acceptance and the first
    closing of each kind (a case closed before the window's start is not the form's). An event whose date a
    correction superseded is not read (the correcting event carries the date)."""
    event = CaseFileStatusEvent
    correction = aliased(CaseFileStatusEvent)
    # Uncorrelated: the few corrected ids are read once, not probed per event.
    superseded = sa.select(correction.supersedes_id).where(correction.supersedes_id.is_not(None))

    def first(*statuses: CaseStatus) -> sa.ColumnElement[object]:
        return sa.func.min(sa.case((event.status.in_(statuses), event.effective_on), else_=sa.null()))

    per_case = (
        sa.select(
            event.case_file_id.label("case_id"),
            first(CaseStatus.ACCEPTED).label("accepted_on"),
            first(*CLOSING).label("closed_on"),
            first(CaseStatus.DECIDED).label("decided_on"),
            first(CaseStatus.WITHDRAWN).label("withdrawn_on"),
        )
        .where(
            event.effective_on <= period.end,
            event.status.in_((CaseStatus.ACCEPTED, *CLOSING)),
            event.id.not_in(superseded),
        )
        .group_by(event.case_file_id)
        .subquery("case_dates")
    )
    # Filtered on the grouped columns, not in a HAVING that repeats the aggregates: with bound parameters SQLite
    # cannot tell that HAVING's min(CASE …) is the select list's and computes each again for every event (about
    # 60 ms at 1,000,000 letters).
    return (
        sa.select(per_case)
        .where(
            per_case.c.accepted_on.is_not(None),
            sa.or_(per_case.c.closed_on.is_(None), per_case.c.closed_on >= period.start),
        )
        # Read first, as its own small set (the window's cases: about 1,400 of 600,000 at 1,000,000 letters), then
        # joined to case_file by key: as a plain subquery SQLite, without statistics, walked every case of the
        # subtree by its agency index and probed this set per case. SQLite only, as the other MATERIALIZED hints
        # here: PostgreSQL plans the plain CTEs well, and materialised them cost it about 4 ms of 33 at 100,000
        # letters.
        .cte("dated_case")
        .prefix_with("MATERIALIZED", dialect="sqlite")
    )


def resolution_facts(root_id: int, period: ReportPeriod, *, records: bool = False) -> Facts:
    """Tallied ResolutionFacts for 01/KQGQ and 03/KQGQ over ``root_id``'s subtree (each case on the row of the
    unit in charge of resolving it, placed for the window: a unit closed before the window's end counts on its
    successor's row, DOMAIN §6); with ``records``, one per case, naming it and the letters accepted with it (the
    drill-down, petitions.reports.drilldown)."""
    without_jit()
    # Both sides are small sets read once: the window's cases, then each joined to its case (by key) and to its row.
    mapped = unit_map(root_id, period)
    units = (
        sa.select(mapped.c.agency_id, mapped.c.unit_id).cte("case_unit").prefix_with("MATERIALIZED", dialect="sqlite")
    )
    dated = _dated_cases(period)
    # Closed inside the window (an open case's NULL must read as false, not unknown, in the CASEs below).
    in_window = sa.and_(dated.c.closed_on.is_not(None), dated.c.closed_on.between(period.start, period.end))
    closure = sa.case(
        (sa.not_(in_window), sa.literal(Closure.OPEN.value)),
        (dated.c.decided_on == dated.c.closed_on, sa.literal(Closure.DECIDED.value)),
        (dated.c.withdrawn_on == dated.c.closed_on, sa.literal(Closure.WITHDRAWN.value)),
        else_=sa.literal(Closure.TERMINATED.value),
    )
    decided = sa.and_(in_window, dated.c.decided_on == dated.c.closed_on)
    # The resolution deadline after lawful extensions and pauses (the case's D15/D17/D19/D24 clock), read for the
    # cases closed in the window only.
    due_on = sa.case(
        (
            in_window,
            sa.select(sa.func.max(Clock.due_on))
            .where(
                Clock.record_type == RecordType.CASE,
                Clock.record_id == dated.c.case_id,
                Clock.rule_id.in_(sorted(RESOLUTION_RULES)),
            )
            .scalar_subquery(),
        ),
        else_=sa.null(),
    )
    # The letters accepted (thụ lý) with the case: accepted on or before the case itself, anonymous information
    # never (later letters about a case under resolution count on the XLD forms only).
    accepted_letters = (
        sa.select(Letter.id)
        .select_from(Letter)
        .join(LetterStatusEvent, LetterStatusEvent.letter_id == Letter.id)
        .where(
            Letter.case_id == dated.c.case_id,
            Letter.is_void.is_(False),
            Letter.letter_type != LetterType.ANONYMOUS,
            LetterStatusEvent.status == LetterStatus.ACCEPTED,
            LetterStatusEvent.effective_on <= dated.c.accepted_on,
        )
    )
    letters = accepted_letters.with_only_columns(sa.func.count(sa.distinct(Letter.id))).scalar_subquery()
    # The drill-down's: the same letters by id (a letter accepted twice appears twice; read as a set).
    letter_ids = accepted_letters.with_only_columns(
        sa.func.aggregate_strings(sa.cast(Letter.id, sa.String), ",")
    ).scalar_subquery()
    figures = tuple(OutcomeFigure)
    # One row per case, materialised on SQLite: each per-case read (deadline, letters) runs once per case, where a
    # flattened subquery would repeat the deadline's in every branch of the timeliness CASE below.
    case_row = (
        sa.select(
            units.c.unit_id,
            CaseFile.case_type,
            (dated.c.accepted_on < period.start).label("carried"),
            (CaseFile.case_round == CaseRound.SECOND).label("next_round"),
            closure.label("closure"),
            sa.case((decided, CaseOutcome.verdict), else_=sa.null()).label("verdict"),
            sa.case((decided, CaseOutcome.resolved_on_time), else_=sa.null()).label("resolved_on_time"),
            dated.c.closed_on,
            due_on.label("due_on"),
            letters.label("letters"),
            *((dated.c.case_id.label("record"), letter_ids.label("letter_ids")) if records else ()),
            *(sa.case((decided, getattr(CaseOutcome, f.value)), else_=sa.null()).label(f.value) for f in figures),
        )
        .select_from(dated)
        .join(CaseFile, CaseFile.id == dated.c.case_id)
        .join(units, units.c.agency_id == CaseFile.agency_in_charge_id)
        .outerjoin(CaseOutcome, CaseOutcome.case_file_id == CaseFile.id)
        .where(CaseFile.case_type.in_(tuple(KIND_OF_CASE)))
        .cte("case_row")
        .prefix_with("MATERIALIZED", dialect="sqlite")
    )
    in_time = sa.or_(case_row.c.due_on.is_(None), case_row.c.closed_on <= case_row.c.due_on)
    on_time = sa.case(
        (case_row.c.closure == Closure.OPEN.value, sa.null()),
        (case_row.c.closure == Closure.DECIDED.value, sa.func.coalesce(case_row.c.resolved_on_time, in_time)),
        else_=in_time,
    )
    per_case = sa.select(
        *(case_row.c[k] for k in ("unit_id", "case_type", "carried", "next_round", "closure", "verdict", "letters")),
        on_time.label("on_time"),
        *(case_row.c[f.value] for f in figures),
        *((case_row.c.record, case_row.c.letter_ids) if records else ()),
    ).subquery("per_case")
    keys = ("unit_id", "case_type", "carried", "next_round", "closure", "verdict", "on_time")
    one_per_case = (per_case.c.record, sa.func.max(per_case.c.letter_ids).label("letter_ids")) if records else ()
    rows = db.session.execute(
        sa.select(
            *(per_case.c[k] for k in keys),
            sa.func.count().label("cases"),
            sa.func.sum(per_case.c.letters).label("letters"),
            *(sa.func.sum(per_case.c[f.value]).label(f.value) for f in figures),
            *one_per_case,
        ).group_by(*(per_case.c[k] for k in keys), *one_per_case[:1]),
        bind_arguments=report_reads(),
    ).all()
    without_verdict = sum(
        int(row.cases) for row in rows if row.closure == Closure.DECIDED.value and row.verdict is None
    )
    if without_verdict:
        raise DecisionWithoutVerdict(
            f"Có {without_verdict} vụ việc có quyết định giải quyết (kết luận) trong kỳ chưa ghi kết quả (đúng, sai, "
            "có đúng có sai …); vui lòng bổ sung trước khi lập biểu KQGQ."
        )
    facts = []
    for row in rows:
        closure_kind = Closure(row.closure)
        ordered: list[tuple[OutcomeFigure, Figure]] = []
        if closure_kind is Closure.DECIDED:
            for figure in figures:
                value = getattr(row, figure.value)
                if value:
                    exact = FIGURE_OF_OUTCOME[figure] is not FigureKind.COUNT
                    ordered.append((figure, Decimal(value) if exact else int(value)))
        facts.append(
            ResolutionFact(
                unit=str(row.unit_id),
                kind=KIND_OF_CASE[row.case_type],
                carried=bool(row.carried),
                next_round=bool(row.next_round),
                closure=closure_kind,
                verdict=CaseVerdict(row.verdict) if row.verdict is not None else None,
                on_time=None if row.on_time is None else bool(row.on_time),
                letters=int(row.letters or 0),
                ordered=tuple(ordered),
                count=int(row.cases),
                record=row.record if records else None,
                accepted_letters=frozenset(int(i) for i in row.letter_ids.split(",")) if records and row.letter_ids
                else frozenset(),
            )
        )
    return Facts(resolutions=tuple(facts))
