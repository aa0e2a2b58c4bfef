"""Grouped reads of the leaders' dashboard beside the forms' own facts: the first handling's outcome of a window's
letters, the monthly trend, what is overdue now per body. Each returns a handful of grouped rows, never one per
letter or visit.

The window's reception and letters are the forms' facts (queries.reception_facts, queries.letter_facts); what is
read here keeps to the same letters and visits: the letters 01/XLD counts (its window's letters, registered by the
report's units, neither void nor refused) and the visits 01/TCD counts (received at the units, not refused).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases.models import CaseFile
from petitions.cases.queries import visible_cases
from petitions.directory.models import Agency
from petitions.directory.queries import in_agency_subtree
from petitions.domain.dashboard import HANDLING_OUTCOMES
from petitions.domain.letter_flow import HANDLED
from petitions.domain.periods import ReportPeriod
from petitions.domain.reception import DELEGATION_MIN_PERSONS, VisitOutcome
from petitions.domain.records import LetterStatus
from petitions.extensions import db
from petitions.letters.models import Letter, LetterStatusEvent
from petitions.letters.queries import visible_letters
from petitions.reception.models import Visit
from petitions.reports.queries import report_reads, unit_map

# The outcome of a handled letter whose first handling day has no handling event on record (a row the fold did
# not write: an import); counted apart so that the outcomes still add up to the handled letters.
UNRECORDED = "unrecorded"


def handled_in_window(units: sa.Subquery, period: ReportPeriod) -> sa.Subquery:
    """The letters 01/XLD counts as handled (4) in a window, narrowed to what the outcome needs (id, first handling
    day): of the window's letters (queries._window_letters: received in it, or before it and first handled from its
    first day on, or never), those first handled by its end — two index ranges, received in the window and handled
    by its end (ix_letter_register_received), received before it and first handled inside it (ix_letter_first_handled).
    Registered by the report's units, neither void nor refused. Not the window's whole rows: reading them (every
    column of the quarter's 10,000 letters) took 43 ms where these two ranges take 15 (median, the province's Q3 2026
    at 100,000 letters on SQLite)."""
    ours = Letter.register_agency_id.in_(sa.select(units.c.agency_id))
    # `+ 0` before the window, as _window_letters: SQLite would otherwise walk each agency's register up to its start.
    ours_before = (Letter.register_agency_id + 0).in_(sa.select(units.c.agency_id))
    counted = sa.and_(Letter.is_void.is_(False), Letter.status != LetterStatus.REFUSED)
    columns = (Letter.id.label("id"), Letter.first_handled_on.label("first_handled_on"))
    return sa.union_all(
        sa.select(*columns).where(
            Letter.received_on.between(period.start, period.end), Letter.first_handled_on <= period.end, ours, counted
        ),
        sa.select(*columns).where(
            Letter.first_handled_on.between(period.start, period.end),
            Letter.received_on < period.start,
            ours_before,
            counted,
        ),
    ).subquery("handled_letters")


def _first_outcomes(root_id: int, period: ReportPeriod) -> sa.Subquery:
    """One row per handled letter of the window (01/XLD (4)): its id and the rank in HANDLING_OUTCOMES of its first
    approved handling (among the handling events dated the letter's first handling day; NULL: none on record)."""
    handled = handled_in_window(unit_map(root_id, period), period)
    event = LetterStatusEvent
    rank = sa.case(*((event.status == status, index) for index, status in enumerate(HANDLING_OUTCOMES)))
    return (
        sa.select(handled.c.id.label("id"), sa.func.min(rank).label("rank"))
        .select_from(handled)
        .outerjoin(
            event,
            sa.and_(
                event.letter_id == handled.c.id,
                event.effective_on == handled.c.first_handled_on,
                event.status.in_(sorted(HANDLED)),
            ),
        )
        .group_by(handled.c.id)
        .subquery("first_outcome")
    )


def handling_outcomes(root_id: int, period: ReportPeriod) -> dict[LetterStatus | str, int]:
    """The window's handled letters (01/XLD (4)) by their first approved handling (domain.dashboard.handling_outcome):
    one row per letter inside the database (_first_outcomes), then counted per outcome. A letter without such an
    event is UNRECORDED."""
    per_letter = _first_outcomes(root_id, period)
    rows = db.session.execute(
        sa.select(per_letter.c.rank, sa.func.count()).group_by(per_letter.c.rank), bind_arguments=report_reads()
    ).all()
    return {(HANDLING_OUTCOMES[rank] if rank is not None else UNRECORDED): int(n) for rank, n in rows}


def outcome_letters(root_id: int, period: ReportPeriod, outcome: LetterStatus | str) -> sa.Subquery:
    """The ids of the window's handled letters whose first approved handling is ``outcome`` (UNRECORDED: none on
    record): the letters handling_outcomes counts under it (the dashboard's drill-down)."""
    per_letter = _first_outcomes(root_id, period)
    rank = per_letter.c.rank
    chosen = rank.is_(None) if outcome == UNRECORDED else rank == HANDLING_OUTCOMES.index(LetterStatus(outcome))
    return sa.select(per_letter.c.id).where(chosen).subquery("outcome_letters")


@dataclass(frozen=True)
class MonthFigures:
    """One month of the trend: visits, persons and delegations as 01/TCD (1), (2) and its delegation columns count
    them; letters received as 01/XLD (3) counts them."""

    period: ReportPeriod
    visits: int = 0
    persons: int = 0
    delegations: int = 0
    letters: int = 0


def _month_of(column: Any, months: Sequence[ReportPeriod]) -> sa.ColumnElement[int]:
    """The index of the month a date falls in (the months are consecutive, oldest first)."""
    return sa.case(*((column <= month.end, index) for index, month in enumerate(months))).label("month")


def monthly_trend(root_id: int, months: Sequence[ReportPeriod]) -> list[MonthFigures]:
    """Visits, persons, delegations and letters received per month over consecutive months: two grouped statements
    (one row per month each), the report's units placed for the span's end (unit_map)."""
    span = ReportPeriod(months[0].start, months[-1].end)
    units = unit_map(root_id, span)
    month = _month_of(Visit.visited_on, months)
    visits = db.session.execute(
        sa.select(
            month,
            sa.func.count(),
            sa.func.sum(Visit.headcount),
            sa.func.sum(sa.case((Visit.headcount >= DELEGATION_MIN_PERSONS, 1), else_=0)),
        )
        .join(units, units.c.agency_id == Visit.agency_id)
        .where(Visit.visited_on.between(span.start, span.end), Visit.outcome != VisitOutcome.REFUSED)
        .group_by(month),
        bind_arguments=report_reads(),
    ).all()
    letter_month = _month_of(Letter.received_on, months)
    letters = db.session.execute(
        sa.select(letter_month, sa.func.count())
        .join(units, units.c.agency_id == Letter.register_agency_id)
        .where(
            Letter.received_on.between(span.start, span.end),
            Letter.is_void.is_(False),
            Letter.status != LetterStatus.REFUSED,
        )
        .group_by(letter_month),
        bind_arguments=report_reads(),
    ).all()
    figures = {index: [0, 0, 0, 0] for index in range(len(months))}
    for index, n_visits, persons, delegations in visits:
        figures[index][:3] = [int(n_visits), int(persons or 0), int(delegations or 0)]
    for index, n_letters in letters:
        figures[index][3] = int(n_letters)
    return [MonthFigures(months[index], *figures[index]) for index in range(len(months))]


@dataclass(frozen=True)
class OverdueBody:
    """A body of the subtree with work past its deadline now: letters past their handling due date (the case list's
    and the register's overdue filter), cases past their resolution due date."""

    agency_id: int
    code: str
    name: str
    letters: int = 0
    cases: int = 0

    @property
    def total(self) -> int:
        return self.letters + self.cases


def overdue_by_body(user: User, agency_id: int, today: date) -> list[OverdueBody]:
    """Per body of ``agency_id``'s subtree (the body in charge), what the user's letter register and case list show
    under their overdue filter for that body: the same conditions (visible_letters, visible_cases), grouped. Bodies
    with the most overdue first."""
    # Grouped on `body + 0`: SQLite would otherwise walk the whole (agency, due date) index in the body's order to
    # group without sorting; the overdue rows are a range of the due-date index (ix_letter_due_id, ix_case_file_due_id).
    letter_body = (Letter.agency_in_charge_id + 0).label("body")
    letters = db.session.execute(
        visible_letters(user)
        .with_only_columns(letter_body, sa.func.count())
        .where(
            in_agency_subtree(Letter.agency_in_charge_id, agency_id),
            Letter.is_void.is_(False),
            Letter.handling_due_on < today,
        )
        .group_by(letter_body)
    ).all()
    case_body = (CaseFile.agency_in_charge_id + 0).label("body")
    cases = db.session.execute(
        visible_cases(user)
        .with_only_columns(case_body, sa.func.count())
        .where(in_agency_subtree(CaseFile.agency_in_charge_id, agency_id), CaseFile.resolution_due_on < today)
        .group_by(case_body)
    ).all()
    counts: dict[int, list[int]] = {}
    for body, n in letters:
        counts.setdefault(body, [0, 0])[0] = int(n)
    for body, n in cases:
        counts.setdefault(body, [0, 0])[1] = int(n)
    if not counts:
        return []
    names = db.session.execute(
        sa.select(Agency.id, Agency.code, Agency.name).where(Agency.id.in_(sorted(counts)))
    ).all()
    bodies = [OverdueBody(body, code, name, *counts[body]) for body, code, name in names]
    return sorted(bodies, key=lambda b: (-b.total, -b.letters, b.name, b.agency_id))
