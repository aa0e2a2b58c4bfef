"""Set-based reads for 02/KQGQ and 04/KQGQ: complaint decisions and denunciation conclusions in force, with the dated
implementation ledger read at the window's dates, tallied per unit in SQL (a few rows per unit, never one per
decision).

The rules are petitions.domain.statistics.implementation_fact's, applied here set-based: a complaint decision
that orders at least one measure is in force on its D18 clock's due date (the day it was issued when it has
none), unless a round-2 complaint was opened from it or the court seized on or before that day; a denunciation's
conclusion is in force on its own date (DOMAIN §6). Either is on its form when in force by the window's end and,
if in force before its start, not fully implemented at its start. The ledger (case_implementation_entry) gives the
cumulative figures done as of a day: the latest entry dated on or before it that no correction superseded,
whenever the correction was recorded; rights restored, which it does not record, are done once the whole decision
is (statistics.done_as_of).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from petitions.cases.models import CaseFile, CaseImplementationEntry, CaseOutcome
from petitions.deadlines.models import Clock, RecordType
from petitions.domain.periods import ReportPeriod
from petitions.domain.records import CaseType
from petitions.domain.statistics import (
    FIGURE_OF_OUTCOME,
    FIGURE_PLACES,
    Facts,
    Figure,
    FigureKind,
    ImplementationFact,
    OutcomeFigure,
)
from petitions.extensions import db

# One guard for every report query that PostgreSQL may over-price (01/KQGQ's, where it was measured).
from petitions.reports.queries import report_reads, unit_map, without_jit

# The ledger's column of what was done for each measure ordered; rights restored have none (they count in
# "fully done" only).
DONE_COLUMN: dict[OutcomeFigure, str | None] = {
    OutcomeFigure.RECOVER_MONEY: "recovered_money",
    OutcomeFigure.RECOVER_LAND: "recovered_land",
    OutcomeFigure.RETURN_MONEY_ORGS: "returned_money_orgs",
    OutcomeFigure.RETURN_LAND_ORGS: "returned_land_orgs",
    OutcomeFigure.RETURN_MONEY_PERSONS: "returned_money_persons",
    OutcomeFigure.RETURN_LAND_PERSONS: "returned_land_persons",
    OutcomeFigure.RESTORED_ORGS: None,
    OutcomeFigure.RESTORED_PERSONS: None,
    OutcomeFigure.DISCIPLINE_ORGS: "disciplined_orgs",
    OutcomeFigure.DISCIPLINE_PERSONS: "disciplined_persons",
    OutcomeFigure.DISCIPLINE_OFFICIALS: "disciplined_officials",
    OutcomeFigure.INVESTIGATION_CASES: "prosecuted_cases",
    OutcomeFigure.INVESTIGATION_PERSONS: "prosecuted_persons",
    OutcomeFigure.INVESTIGATION_OFFICIALS: "prosecuted_officials",
}


def _raw(column: Any) -> sa.ColumnElement[int]:
    """A figure as its stored integer (money and land are scaled BIGINTs): sums stay exact in SQL."""
    return sa.type_coerce(column, sa.BigInteger)


def _latest_entry(day: date) -> sa.ScalarSelect[int]:
    """Per decided case (correlated): the id of its ledger entry read as of ``day`` — the latest dated on or
    before it (the later record breaks a tie) that no correction superseded. One index range per case
    (ix_case_implementation_case_day), so the cost follows the window's decisions, not the whole ledger."""
    entry = aliased(CaseImplementationEntry)
    later = aliased(CaseImplementationEntry)
    return (
        sa.select(entry.id)
        .where(
            entry.case_file_id == CaseFile.id,
            entry.effective_on <= day,
            ~sa.exists().where(later.supersedes_id == entry.id),
        )
        .order_by(entry.effective_on.desc(), entry.id.desc())
        .limit(1)
        .correlate(CaseFile)
        .scalar_subquery()
    )


def _final_on() -> sa.Subquery:
    """Per case: the due date of its D18 clock (the day the complaint decision becomes final)."""
    return (
        sa.select(Clock.record_id.label("case_id"), sa.func.max(Clock.due_on).label("final_on"))
        .where(Clock.record_type == RecordType.CASE, Clock.rule_id == "D18")
        .group_by(Clock.record_id)
        .subquery("final_on")
    )


def _figure(kind: FigureKind, raw: Any) -> Figure:
    if kind is FigureKind.COUNT:
        return int(raw or 0)
    # Stored as integers of 10**-places (petitions.db_types): exact back to the Decimal.
    return Decimal(int(raw or 0)).scaleb(-FIGURE_PLACES[kind])


def _decided(period: ReportPeriod) -> sa.CTE:
    """The decisions issued by the window's end that order at least one measure (a decision comes into force
    on or after its own date), with what they ordered as stored integers. Materialised: the decided cases are
    a few percent of the cases on record, and without it SQLite, which keeps no statistics unless ANALYZE ran,
    walked every case of the subtree by its agency index to find them (919 → 159 ms at 1,000,000 letters)."""
    return (
        sa.select(
            CaseOutcome.case_file_id,
            CaseOutcome.decided_on,
            *(_raw(getattr(CaseOutcome, figure.value)).label(figure.value) for figure in OutcomeFigure),
        )
        .where(
            CaseOutcome.decided_on <= period.end,
            sa.or_(*(getattr(CaseOutcome, figure.value) > 0 for figure in OutcomeFigure)),
        )
        .cte("decided")
        .prefix_with("MATERIALIZED")
    )


def implementation_facts(root_id: int, period: ReportPeriod, *, records: bool = False) -> Facts:
    """Tallied 02/KQGQ facts for the window: one row per unit, carried flag and fully-done flag, with the sums
    due at the window's start and done inside it (grouped SQL); with ``records``, one per decision, naming its case
    (the drill-down, petitions.reports.drilldown). A unit closed before the window's end counts on its successor's
    row (DOMAIN §6).

    No JIT on PostgreSQL: the planner prices this query at some 43,000 at 100,000 letters (it cannot know how few
    decisions a window holds), so at national size it would cross jit_above_cost and compile a query that runs in
    tens of milliseconds."""
    return _implementations(root_id, period, CaseType.COMPLAINT, records=records)


def conclusion_facts(root_id: int, period: ReportPeriod, *, records: bool = False) -> Facts:
    """Tallied 04/KQGQ facts for the window: denunciation conclusions in force (on their own date) that order at
    least one measure, read as implementation_facts reads complaint decisions (one row per unit, carried and
    fully-done flags, due and done sums; with ``records``, one per conclusion, naming its case)."""
    return _implementations(root_id, period, CaseType.DENUNCIATION, records=records)


def _implementations(root_id: int, period: ReportPeriod, case_type: CaseType, *, records: bool) -> Facts:
    """The decisions (complaints) or conclusions (denunciations) of the window, tallied (implementation_facts)."""
    without_jit()
    units = unit_map(root_id, period)
    complaints = case_type is CaseType.COMPLAINT
    final = _final_on()
    before = aliased(CaseImplementationEntry, name="done_before")
    at_end = aliased(CaseImplementationEntry, name="done_at_end")
    child = aliased(CaseFile)
    decided = _decided(period)
    # A complaint decision becomes final at the end of its D18 period; a conclusion is in force on its own date.
    in_force_on = sa.func.coalesce(final.c.final_on, decided.c.decided_on) if complaints else decided.c.decided_on
    ordered = {figure: decided.c[figure.value] for figure in OutcomeFigure}

    def done_by(ledger: Any, figure: OutcomeFigure) -> sa.ColumnElement[int]:
        column = DONE_COLUMN[figure]
        if column is None:  # not in the ledger (rights restored): all of it once the whole decision is done
            return sa.case((sa.func.coalesce(ledger.fully_done, sa.false()), ordered[figure]), else_=0)
        return sa.func.coalesce(_raw(getattr(ledger, column)), 0)

    carried = (in_force_on < period.start).label("carried")
    fully_done = sa.func.coalesce(at_end.fully_done, sa.false())
    decisions_query = (
        sa.select(
            units.c.unit_id,
            carried,
            sa.case((fully_done, 1), else_=0).label("fully_done"),
            CaseFile.id.label("case_id"),
            # What was done beyond the order leaves nothing due, never a negative amount.
            *(
                sa.case((ordered[f] > done_by(before, f), ordered[f] - done_by(before, f)), else_=0).label(
                    f"due_{f.value}"
                )
                for f in OutcomeFigure
            ),
            *((done_by(at_end, f) - done_by(before, f)).label(f"done_{f.value}") for f in OutcomeFigure),
        )
        .select_from(
            # The D18 clock's due date, for complaints only (joined where it always was: the same plan as before).
            decided.join(CaseFile, CaseFile.id == decided.c.case_file_id)
            .join(units, units.c.agency_id == CaseFile.agency_in_charge_id)
            .outerjoin(final, final.c.case_id == CaseFile.id)
            if complaints
            else decided.join(CaseFile, CaseFile.id == decided.c.case_file_id).join(
                units, units.c.agency_id == CaseFile.agency_in_charge_id
            )
        )
        .outerjoin(before, before.id == _latest_entry(period.start - timedelta(days=1)))
        .outerjoin(at_end, at_end.id == _latest_entry(period.end))
        .where(
            CaseFile.case_type == case_type,
            in_force_on <= period.end,
            # Carried over only while not fully implemented at the window's start.
            sa.or_(
                in_force_on >= period.start, sa.func.coalesce(before.fully_done, sa.false()).is_(sa.false())
            ),
        )
    )
    if complaints:
        decisions_query = decisions_query.where(
            # A decision taken to round 2 or to court before it became final never came into force.
            sa.or_(CaseFile.court_filed_on.is_(None), CaseFile.court_filed_on > in_force_on),
            ~sa.exists().where(child.parent_case_id == CaseFile.id, child.opened_on <= in_force_on),
        )
    decisions = decisions_query.subquery("decision")
    sums = [
        sa.func.sum(decisions.c[f"{side}_{f.value}"]).label(f"{side}_{f.value}")
        for side in ("due", "done")
        for f in OutcomeFigure
    ]
    keys: tuple[Any, ...] = (decisions.c.unit_id, decisions.c.carried, decisions.c.fully_done)
    record: tuple[Any, ...] = (decisions.c.case_id,) if records else ()
    rows = db.session.execute(
        sa.select(*keys, sa.func.count(), (decisions.c.case_id if records else sa.null()).label("record"), *sums)
        .group_by(*keys, *record)
        .order_by(*keys, *record),
        bind_arguments=report_reads(),
    ).all()
    figures = tuple(OutcomeFigure)
    facts = []
    for unit_id, is_carried, is_done, count, case_id, *values in rows:
        due = values[: len(figures)]
        done = values[len(figures) :]
        facts.append(
            ImplementationFact(
                unit=str(unit_id),
                carried=bool(is_carried),
                fully_done=bool(is_done),
                due=tuple((f, _figure(FIGURE_OF_OUTCOME[f], v)) for f, v in zip(figures, due, strict=True)),
                done=tuple((f, _figure(FIGURE_OF_OUTCOME[f], v)) for f, v in zip(figures, done, strict=True)),
                count=int(count),
                record=case_id,
            )
        )
    return Facts(implementations=tuple(facts))
