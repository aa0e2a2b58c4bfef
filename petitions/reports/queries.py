"""Set-based reads that feed the statistics engine: report units, visit tallies, first-received dates, sessions.

Nothing here loads the reception book row by row: visits are grouped in SQL per unit, reception group,
case and delegation flag; a case's first-received date is the minimum over its visits and letters at
that unit; sessions held are counted per unit and group. The engine (domain/statistics.py) turns these
facts into the form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, aliased

from petitions.cases.models import CaseFile, CaseFileStatusEvent
from petitions.directory.models import Agency, ReferenceItem
from petitions.domain.classification import PriorResolution, SignerKind
from petitions.domain.issuers import AgencyLevel
from petitions.domain.periods import ReportPeriod
from petitions.domain.reception import DELEGATION_MIN_PERSONS, SessionKind, SessionStatus, VisitOutcome
from petitions.domain.records import CaseRound, CaseStatus, LetterStatus, LetterType
from petitions.domain.statistics import (
    NEXT_ROUND_PRIORS,
    CaseFact,
    Facts,
    LetterFact,
    LetterFilter,
    LetterKind,
    MatterField,
    ReceptionGroup,
    ReplyFact,
    Resolution,
    Route,
    SessionFact,
    UnitRef,
    VisitFact,
    carry_first_received,
    head_reception_row,
    matter_field,
)
from petitions.domain.text import fold_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.letters.models import Letter, LetterPart, LetterStatusEvent
from petitions.reception.models import ReceptionSession, Visit

# periodic and unscheduled sessions are both "the head's reception" on the forms.
GROUP_OF_KIND = {
    SessionKind.REGULAR: ReceptionGroup.REGULAR,
    SessionKind.PERIODIC: ReceptionGroup.HEAD,
    SessionKind.UNSCHEDULED: ReceptionGroup.HEAD,
    SessionKind.DELEGATED: ReceptionGroup.DELEGATED,
}


GROUP_OF_VALUE = {group.value: group for group in ReceptionGroup}


def _group_expression(kind_column: InstrumentedAttribute[SessionKind]) -> sa.ColumnElement[str]:
    """The reception group of a visit or session kind, computed in SQL (enum names are stored)."""
    return sa.case(
        *((kind_column == kind, sa.literal(group.value)) for kind, group in GROUP_OF_KIND.items()),
        else_=sa.literal(ReceptionGroup.REGULAR.value),
    )


def _placement(agency: Any, heir: Any, period: ReportPeriod | None) -> tuple[sa.ColumnElement[Any], sa.ColumnElement[bool]]:
    """Where an agency's records count in a window (DOMAIN §6: a closed unit's letters, cases and decisions roll
    to its successor's row for windows ending after its closing date): (the body it counts under, whether it rolled).

    Rolled (closed before the window's end, with a successor): under its successor. A body the reorganisation
    placed under its successor (petitions.directory.reorganisation moves a merged body below its heir) counts,
    for a window ending on or before its closing date, where it stood beside its heir: under the heir's parent.
    Otherwise under its parent. ``heir`` is ``agency``'s successor, outer-joined. Without a window: the tree as
    it is today.
    """
    if period is None:
        return agency.parent_id, sa.false()
    rolled = sa.and_(agency.successor_id.is_not(None), agency.valid_to.is_not(None), agency.valid_to < period.end)
    parent = sa.case(
        (rolled, agency.successor_id),
        (sa.and_(agency.successor_id.is_not(None), agency.parent_id == agency.successor_id), heir.parent_id),
        else_=agency.parent_id,
    )
    return parent, rolled


def unit_map(root_id: int, period: ReportPeriod | None = None) -> sa.Subquery:
    """(agency_id, unit_id): each agency of the subtree mapped to its report row in the window.

    The root's own records form the root's row; every direct child heads a row that takes in its whole subtree (a
    recursive CTE over the parent index, both databases). Then each body with a successor is placed for the window
    (_placement): one closed before the window's end rolls into its successor's row (and leaves the report when
    its successor is outside it); one placed under its heir by the reorganisation heads its own row again for a
    window ending by its closing date when the heir is a row of this report. A closed body's own subordinates follow
    today's tree (the reorganisation moves them to the heir).
    """
    tree = (
        sa.select(Agency.id.label("agency_id"), Agency.id.label("unit_id"))
        .where(Agency.parent_id == root_id)
        .cte("report_unit", recursive=True)
    )
    child = aliased(Agency)
    tree = tree.union_all(sa.select(child.id, tree.c.unit_id).where(child.parent_id == tree.c.agency_id))
    # Typed INTEGER: a compound's columns take the affinity of its first SELECT, and a bare parameter has none, so
    # SQLite could not index the map's agency_id for a join on an INTEGER column and always drove a report from the
    # map (every case of the subtree by its agency index: 02/KQGQ 1,022 -> 190 ms at 1,000,000 letters).
    root_row = sa.cast(sa.literal(root_id), sa.Integer)
    root = sa.select(root_row.label("agency_id"), root_row.label("unit_id"))
    today = sa.union_all(root, sa.select(tree.c.agency_id, tree.c.unit_id)).cte("today_unit")
    if period is None:
        return sa.select(today.c.agency_id, today.c.unit_id).subquery("unit_map")
    agency, heir, successor_row = aliased(Agency), aliased(Agency), today.alias("successor_unit")
    parent, rolled = _placement(agency, heir, period)
    # Read for the rolled bodies only (a handful): a join would scan the map once per body.
    successor_unit = (
        sa.select(successor_row.c.unit_id).where(successor_row.c.agency_id == agency.successor_id).scalar_subquery()
    )
    unit = sa.case(
        (rolled, successor_unit),
        (sa.and_(parent == root_id, agency.id != root_id), agency.id),
        else_=today.c.unit_id,
    )
    return (
        sa.select(today.c.agency_id, unit.label("unit_id"))
        .select_from(today)
        .join(agency, agency.id == today.c.agency_id)
        .outerjoin(heir, heir.id == agency.successor_id)
        # a body rolled into a successor outside the report leaves it (its successor's report counts it)
        .where(sa.or_(sa.not_(rolled), successor_unit.is_not(None)))
        .subquery("unit_map")
    )


def report_reads() -> dict[str, Any]:
    """Bind arguments for a report query: the REPORTS_DATABASE_URL engine (a streaming replica in
    production) when one is configured, else the main database (an empty mapping)."""
    engine = db.engines.get("reports")
    return {"bind": engine} if engine is not None else {}


def without_jit() -> None:
    """PostgreSQL only: no JIT compilation for the rest of this report's transaction. The planner cannot know how few
    cases or decisions a window holds (the unit map's recursive CTE, HAVING over dated events), prices the queries
    over jit_above_cost and JIT-compiles a 70 ms query for about 900 ms (measured at 100,000 letters: README
    Performance, 01/KQGQ and 02/KQGQ; at 1,000,000 letters it cost 01/TCD's quarter ~1.9 s and 01/XLD's ~1.4 s).
    The one place a report turns it off; every form's facts call it first."""
    reads = report_reads()
    engine = reads.get("bind") or db.engine
    if engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL jit = off"), bind_arguments=reads)


NO_LONGER_VALID = "không còn hiệu lực"


# The order of the subordinate rows, by level: the Văn phòng, then the departments (sở, Thanh tra),
# then units, then the communes; a body with no recorded level last. Within a level, by name.
LEVEL_ORDER = (AgencyLevel.OFFICE, AgencyLevel.DEPARTMENT, AgencyLevel.UNIT, AgencyLevel.COMMUNE, AgencyLevel.PROVINCE)


def _row_order(agency: Agency) -> tuple[int, str]:
    rank = LEVEL_ORDER.index(agency.level) if agency.level in LEVEL_ORDER else len(LEVEL_ORDER)
    return rank, agency.name_folded or fold_text(agency.name)


def list_report_units(
    root: Agency, period: ReportPeriod, with_figures: Iterable[str] = ()
) -> tuple[UnitRef, ...]:
    """The form's rows: the agency itself, then its direct subordinates valid in the window, grouped by
    level (LEVEL_ORDER) and by name within a level — never by the internal code. Subordinates are placed for the
    window as unit_map places them (a body closed before the window's end rolls into its successor's row).

    A subordinate that is no longer (or not yet) valid in the window still gets its row when it has
    figures there (`with_figures`: unit keys, e.g. a reorganised body whose subordinate still
    received citizens), marked as such, so that no figure leaves the total.
    """
    valid = sa.and_(
        sa.or_(Agency.valid_from.is_(None), Agency.valid_from <= period.end),
        sa.or_(Agency.valid_to.is_(None), Agency.valid_to >= period.start),
    )
    heir = aliased(Agency)
    parent, rolled = _placement(Agency, heir, period)
    # A body rolled into its successor's row has no row of its own, unless a form's facts still name it.
    placed = sa.and_(parent == root.id, sa.not_(rolled), Agency.id != root.id)
    keys = [int(key) for key in with_figures]
    children = db.session.execute(
        sa.select(Agency, valid.label("is_valid"))
        .outerjoin(heir, heir.id == Agency.successor_id)
        .where(
            sa.or_(sa.and_(placed, valid), sa.and_(sa.or_(placed, Agency.parent_id == root.id), Agency.id.in_(keys)))
            if keys
            else sa.and_(placed, valid)
        ),
        bind_arguments=report_reads(),
    ).all()
    children = sorted(children, key=lambda row: _row_order(row[0]))
    return (
        UnitRef(str(root.id), root.name),
        *(
            UnitRef(str(agency.id), agency.name if is_valid else f"{agency.name} ({NO_LONGER_VALID})")
            for agency, is_valid in children
        ),
    )


# The leader's receptions (the head's, periodic or unscheduled, and the delegated ones): their sessions
# and visits count where the leader's body has its row.
LEADER_KINDS = tuple(kind for kind, group in GROUP_OF_KIND.items() if group is not ReceptionGroup.REGULAR)


def reception_facts(root_id: int, period: ReportPeriod, *, records: bool = False) -> Facts:
    """Tallied facts for 01/TCD: one row per unit, group, case and delegation flag (not per visit); with
    ``records``, one per visit and per session, naming it (the drill-down, petitions.reports.drilldown).

    The head's reception counts on the row of the body whose head chaired it
    (domain.statistics.head_reception_row): a visit received at the province chairman's session,
    recorded by the Ban, is the UBND tỉnh's (13)–(20) as the session is its (12) (a delegated session
    and its visits likewise, (21)–(29)). Only the leader's visits carry their recording agency and
    their session's leader level into the tallies.
    """
    without_jit()
    units = unit_map(root_id, period)
    group = _group_expression(Visit.kind).label("grp")
    delegation = (Visit.headcount >= DELEGATION_MIN_PERSONS).label("delegation")
    is_leaders = Visit.kind.in_(LEADER_KINDS)
    recorded_at = sa.case((is_leaders, Visit.agency_id), else_=sa.null()).label("recorded_at")
    leader_level = sa.type_coerce(
        sa.case((is_leaders, ReceptionSession.leader_level), else_=sa.null()), ReceptionSession.leader_level.type
    ).label("leader_level")
    keys: tuple[Any, ...] = (units.c.unit_id, group, Visit.case_id, delegation, recorded_at, leader_level)
    record = Visit.id if records else sa.null()
    tallies = db.session.execute(
        sa.select(
            *keys,
            sa.func.count().label("visits"),
            sa.func.sum(Visit.headcount).label("persons"),
            sa.func.min(Visit.visited_on).label("first_on"),
            record.label("record"),
        )
        .join(units, units.c.agency_id == Visit.agency_id)
        # Only a leader's visit needs its session (its leader level): the staff's visits, most of the
        # book, are not looked up in reception_session.
        .outerjoin(ReceptionSession, sa.and_(ReceptionSession.id == Visit.session_id, is_leaders))
        .where(Visit.visited_on.between(period.start, period.end), Visit.outcome != VisitOutcome.REFUSED)
        .group_by(*keys, *((Visit.id,) if records else ())),
        bind_arguments=report_reads(),
    ).all()
    rows = _HeadRows(units) if any(row.leader_level is not None for row in tallies) else None
    visits: list[VisitFact] = []
    moved: list[tuple[int, str, str]] = []
    # A year of a national office is some 50,000 tallies: plain tuples and a dict for the group.
    for unit_id, grp, case_id, is_delegation, recording_agency, level, n_visits, persons, first_on, visit_id in tallies:
        unit = str(unit_id)
        if rows is not None and level is not None:
            unit = str(rows.row(int(recording_agency), level.value))
            if case_id is not None and unit != str(unit_id):
                moved.append((case_id, str(unit_id), unit))
        visits.append(
            VisitFact(
                on=first_on,
                group=GROUP_OF_VALUE[grp],
                persons=int(persons),
                case_id=case_id,
                unit=unit,
                count=int(n_visits),
                delegation=bool(is_delegation),
                record=visit_id,
            )
        )
    cases = _first_received(units, period)
    return Facts(
        visits=tuple(visits),
        cases=cases + carry_first_received(cases, moved),
        sessions=_sessions_held(units, period, rows, records=records),
    )


class _HeadRows:
    """Where a head's reception counts in a report over ``units``: read once, used per tally row."""

    def __init__(self, units: sa.Subquery) -> None:
        pairs = db.session.execute(sa.select(units.c.agency_id, units.c.unit_id), bind_arguments=report_reads())
        self.row_of = {int(agency): int(unit) for agency, unit in pairs}
        self.parents, self.levels = _hierarchy()

    def row(self, recording_agency: int, leader_level: str | None) -> int:
        return head_reception_row(recording_agency, leader_level, self.parents, self.levels, self.row_of)


def _first_received(units: sa.Subquery, period: ReportPeriod) -> tuple[CaseFact, ...]:
    """For each case visited in the window that its unit had received before the window: the first day
    it did, by visit or by letter.

    Only a date before the window tells nhiều lần from lần đầu (domain.statistics.split_cases); a case
    its unit first received inside the window is dated by its visits there, which are in the facts,
    so the rows from the window on are not read (most of a year's cases are new ones).
    """
    # One CTE read by both branches: the window's visits are scanned once, not once per branch.
    in_window = (
        sa.select(Visit.case_id)
        .join(units, units.c.agency_id == Visit.agency_id)
        .where(Visit.visited_on.between(period.start, period.end), Visit.case_id.is_not(None))
        .cte("in_window")
    )
    # Driven from the window's cases (ix_visit_case_visited, ix_letter_case_received: case_id first), so the cost follows the
    # period's cases, not the table: `+ 0` keeps SQLite from driving from the unit map through the
    # agency indexes, which read every visit and letter of the subtree (270 ms of a 460 ms quarter
    # at 100k letters).
    by_visit = (
        sa.select(units.c.unit_id, Visit.case_id.label("case_id"), Visit.visited_on.label("day"))
        .join(units, units.c.agency_id == Visit.agency_id + 0)
        .where(
            Visit.case_id.in_(sa.select(in_window.c.case_id)),
            Visit.outcome != VisitOutcome.REFUSED,
            Visit.visited_on < period.start,
        )
    )
    by_letter = (
        sa.select(units.c.unit_id, Letter.case_id.label("case_id"), Letter.received_on.label("day"))
        .join(units, units.c.agency_id == Letter.agency_in_charge_id + 0)
        .where(Letter.case_id.in_(sa.select(in_window.c.case_id)), Letter.received_on < period.start)
    )
    received = sa.union_all(by_visit, by_letter).subquery("received")
    rows = db.session.execute(
        sa.select(received.c.unit_id, received.c.case_id, sa.func.min(received.c.day)).group_by(
            received.c.unit_id, received.c.case_id
        ),
        bind_arguments=report_reads(),
    ).all()
    return tuple(
        CaseFact(case_id=case_id, first_received_on=day, unit=str(unit)) for unit, case_id, day in rows
    )


def _sessions_held(
    units: sa.Subquery, period: ReportPeriod, where: _HeadRows | None = None, *, records: bool = False
) -> tuple[SessionFact, ...]:
    """Sessions held (not planned, not postponed) in the window, counted per unit and group.

    A session counts on the row of the body whose head chaired it (domain.statistics.head_reception_row):
    the province chairman's periodic sessions, organised and recorded by the Ban Tiếp công dân under
    the Văn phòng, are the UBND tỉnh's (12), not the Văn phòng's. A chairing body outside the report's
    subtree (a report of the Văn phòng alone) leaves the session on the recording body's row. With ``records``:
    one fact per session, naming it and dated its day.
    """
    group = _group_expression(ReceptionSession.kind).label("grp")
    keys: tuple[Any, ...] = (ReceptionSession.agency_id, ReceptionSession.leader_level, group)
    rows: Sequence[Any] = db.session.execute(
        sa.select(
            *keys,
            sa.func.count(),
            (ReceptionSession.id if records else sa.null()).label("record"),
            (ReceptionSession.held_on if records else sa.null()).label("held_on"),
        )
        .join(units, units.c.agency_id == ReceptionSession.agency_id)
        .where(
            ReceptionSession.held_on.between(period.start, period.end),
            ReceptionSession.status == SessionStatus.HELD,
            ReceptionSession.kind != SessionKind.REGULAR,
        )
        .group_by(*keys, *((ReceptionSession.id,) if records else ())),
        bind_arguments=report_reads(),
    ).all()
    if not rows:
        return ()
    where = where or _HeadRows(units)
    if records:
        return tuple(
            SessionFact(
                on=held_on,
                group=ReceptionGroup(grp),
                held=True,
                unit=str(where.row(agency_id, leader_level.value if leader_level else None)),
                record=session_id,
            )
            for agency_id, leader_level, grp, _, session_id, held_on in rows
        )
    counts: dict[tuple[int, str], int] = {}
    for agency_id, leader_level, grp, n, _, _ in rows:
        unit = where.row(agency_id, leader_level.value if leader_level else None)
        counts[(unit, grp)] = counts.get((unit, grp), 0) + int(n)
    return tuple(
        SessionFact(on=period.start, group=ReceptionGroup(grp), held=True, unit=str(unit), count=n)
        for (unit, grp), n in sorted(counts.items())
    )


def _hierarchy() -> tuple[dict[int, int | None], dict[int, str | None]]:
    """Every agency's parent and level (None where the directory records none)."""
    parents: dict[int, int | None] = {}
    levels: dict[int, str | None] = {}
    agencies = db.session.execute(sa.select(Agency.id, Agency.parent_id, Agency.level), bind_arguments=report_reads())
    for agency_id, parent_id, level in agencies:
        parents[agency_id] = parent_id
        levels[agency_id] = level.value if level is not None else None
    return parents, levels


def get_agency_by_code(code: str) -> Agency | None:
    return db.session.scalar(sa.select(Agency).where(Agency.code == code))


def get_default_agency() -> Agency | None:
    """The top of the hierarchy (the province's board) when no agency is named."""
    return db.session.scalar(sa.select(Agency).where(Agency.parent_id.is_(None)).order_by(Agency.id).limit(1))


# ------------------------------------------------------------------------------------------------ letters

KIND_OF_TYPE = {
    LetterType.COMPLAINT: LetterKind.COMPLAINT,
    LetterType.DENUNCIATION: LetterKind.DENUNCIATION,
    LetterType.PETITION: LetterKind.PETITION,
    LetterType.ANONYMOUS: LetterKind.ANONYMOUS,
}
TYPE_OF_KIND = {kind: letter_type for letter_type, kind in KIND_OF_TYPE.items()}
RESOLUTION_AT_RECEIPT = {
    PriorResolution.NOT_YET: Resolution.NOT_RESOLVED,
    PriorResolution.IN_PROGRESS: Resolution.IN_PROGRESS,
    PriorResolution.RESOLVED_FIRST: Resolution.FIRST,
    PriorResolution.RESOLVED_SECOND: Resolution.REPEATED,
    PriorResolution.COURT_JUDGMENT: Resolution.REPEATED,
}


class _NotAnIndexTerm(sa.sql.expression.FunctionElement[Any]):
    """A column's value that SQLite's planner will not drive an index from (unary `+`, a no-op on any value); the
    column itself elsewhere. `+ 0` does the same for an integer, but would turn SQLite's text dates into numbers."""

    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


def not_an_index_term(column: Any) -> sa.ColumnElement[Any]:
    """``column``'s value, which SQLite's planner will not serve from an index (nor order by it)."""
    return _NotAnIndexTerm(column)


@compiles(_NotAnIndexTerm)
def _column_itself(element: _NotAnIndexTerm, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_NotAnIndexTerm, "sqlite")
def _unary_plus(element: _NotAnIndexTerm, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


def _window_letters(units: sa.Subquery, period: ReportPeriod) -> sa.Subquery:
    """The letters a window counts, as three disjoint index ranges: received inside it (ix_letter_register_received
    per registering agency, or ix_letter_received); received before it and first handled from its first day on, or
    not handled at all (both ranges of ix_letter_first_handled). No status event is read: the first handling is on
    the letter's row (petitions.domain.first_handling).

    The ranges return the letters' rows, not their ids joined back to the table: PostgreSQL at 1,000,000 letters
    overestimated the ids (86,000 for 31,000) and hashed the whole table (a sequential scan of every letter) to join
    them back, 543 ms of the bare SQL's plan; the rows straight from the ranges took 238 ms (README Performance).
    petitions.reports.dashboard_queries.handled_in_window reads the handled part of the same ranges: change both."""
    ours = Letter.register_agency_id.in_(sa.select(units.c.agency_id))
    # `+ 0` before the window: SQLite would otherwise walk each agency's register up to the window's start.
    ours_by_key = (Letter.register_agency_id + 0).in_(sa.select(units.c.agency_id))
    counted = sa.and_(Letter.is_void.is_(False), Letter.status != LetterStatus.REFUSED)
    # SQLite (no statistics), reading whole rows, took ix_letter_received for `received_on < start` — every letter
    # before the window — over the first-handled range; PostgreSQL chooses the range by itself.
    received_before = _NotAnIndexTerm(Letter.received_on) < period.start
    # Only the columns the form reads: SQLite copies the window's rows into a temporary table.
    read = sa.select(
        *(
            getattr(Letter, name)
            for name in (
                "id", "register_agency_id", "received_on", "signer_kind", "letter_type", "main_type", "is_eligible",
                "prior_resolution", "is_within_competence", "first_handled_on", "first_handling_route", "case_id",
                "duplicate_of_id", "field_item_id",
            )
        )
    )
    window = sa.union_all(
        read.where(Letter.received_on.between(period.start, period.end), ours, counted),
        read.where(Letter.first_handled_on >= period.start, received_before, ours_by_key, counted),
        read.where(Letter.first_handled_on.is_(None), Letter.received_on < period.start, ours_by_key, counted),
    ).subquery("window_letters")
    return window


class UnclassifiedLetters(DomainError):
    """Letters the form cannot place (a mixed letter without its main content, e.g. from an import): the form
    is refused with the count, never printed with them left out."""


def _main_content(letter: Any) -> sa.ColumnElement[LetterType]:
    """A letter's type on the XLD forms (``letter``: Letter, or the window's columns): a mixed letter's main content
    (its own record, or its main part's from an import that has only the parts), else its type. NULL: a mixed letter
    whose main content is nowhere recorded."""
    main_part = (
        sa.select(LetterPart.letter_type)
        .where(LetterPart.letter_id == letter.id, LetterPart.is_main.is_(True))
        .limit(1)
        .scalar_subquery()
    )
    main_content = sa.case(
        (letter.letter_type == LetterType.MIXED, sa.func.coalesce(letter.main_type, main_part)),
        else_=letter.letter_type,
    )
    return sa.type_coerce(main_content, Letter.letter_type.type)


@dataclass(frozen=True)
class LetterRows:
    """The letters an XLD form counts for a window: ``statement`` reads them (its FROM and WHERE; take its columns with
    ``select``), ``columns`` names each one's attributes (SQL expressions)."""

    statement: sa.Select[Any]
    columns: Mapping[str, sa.ColumnElement[Any]]
    # What the report groups the rows by: the attributes, or the few values they are computed from (each attribute a
    # function of these, so the groups are alike letters still, and the attributes are computed per group, not per
    # letter: 01/XLD's quarter at 100,000 letters, 46 ms of SQL with the attributes as the groups, 26 ms so).
    groups: tuple[sa.ColumnElement[Any], ...]
    units: sa.Subquery  # the report's rows (unit_map), for the replies

    def select(self, *names: str) -> sa.Select[Any]:
        """The rows with only the attributes ``names``, labelled so."""
        return self.statement.with_only_columns(*(self.columns[name].label(name) for name in names))


def letter_rows(root_id: int, period: ReportPeriod, kind: LetterKind | None = None) -> LetterRows:
    """The letters an XLD form counts for a window, one row each, named by LetterFact's attributes and computed once
    here for both readers: the report groups them (letter_facts), a figure's drill-down selects the rows its column's
    LetterFilter matches (letter_condition), so that the two cannot count differently.

    Columns: ``id``, ``unit`` (the report row), ``carried``, ``signers`` (anonymous information: none), ``kind`` (the
    main content, a LetterType: KIND_OF_TYPE; NULL for a mixed letter without one, which refuses the form),
    ``handled``, ``eligible``, ``resolution`` (the status at receipt of an eligible letter, a PriorResolution:
    RESOLUTION_AT_RECEIPT), ``within`` and ``route`` (of an eligible letter; the route outside competence only),
    ``case_key`` (an eligible letter's case, or a negative key for a matter of its own); for one ``kind`` (02–04/XLD)
    also, of the eligible letters, ``prior``, ``field_item`` (the classification item: matter_field), ``next_round``,
    ``leads`` (statistics.leading_letters, a window function over the kind's letters) and ``case_closed`` (NULL and
    false for 01/XLD, which reads none of them)."""
    units = unit_map(root_id, period)
    window = _window_letters(units, period)
    letter = window.c
    original = aliased(Letter)
    content = _main_content(letter)
    # Never NULL (a letter not handled yet is not handled): a filter's handled=False matches it, as in Python.
    handled = sa.and_(letter.first_handled_on.is_not(None), letter.first_handled_on <= period.end)
    route_value = sa.case((handled, letter.first_handling_route), else_=sa.null())
    # An eligible letter outside competence is counted in the eligible columns only when it took one of the
    # form's routes (G, F, U): one filed (or accepted) instead is handled, not eligible — the form's sums
    # (6) = (14) + (18) and (18) = G + F + U hold by construction (printed in the notes: forms_01xld.NOTES).
    outside_without_route = sa.and_(letter.is_within_competence.is_(False), route_value.is_(None))
    eligible = sa.and_(
        handled, letter.is_eligible.is_(True), letter.letter_type != LetterType.ANONYMOUS, sa.not_(outside_without_route)
    )
    # The case a letter belongs to: its own, its original's for a duplicate.
    case_id = sa.func.coalesce(letter.case_id, original.case_id)
    # The case key of the eligible ones: the case, else the letter itself (or its original) stands for a matter of
    # its own (a negative key: never a case's id).
    case_key = sa.case(
        (eligible, sa.func.coalesce(case_id, -sa.func.coalesce(letter.duplicate_of_id, letter.id))),
        else_=sa.null(),
    )
    signers = sa.type_coerce(
        sa.case(
            (content == LetterType.ANONYMOUS, sa.literal(SignerKind.NONE, Letter.signer_kind.type)),
            else_=letter.signer_kind,
        ), Letter.signer_kind.type
    )
    columns: dict[str, sa.ColumnElement[Any]] = {
        "id": letter.id,
        "unit": units.c.unit_id,
        "carried": letter.received_on < period.start,
        "signers": signers,
        "kind": content,
        "handled": handled,
        "eligible": eligible,
        "resolution": sa.type_coerce(sa.case((eligible, letter.prior_resolution)), Letter.prior_resolution.type),
        "within": sa.case((eligible, letter.is_within_competence)),
        # (a CASE in a CASE: PostgreSQL would read `eligible AND …` as one AND, no longer the grouped `eligible`)
        "route": sa.type_coerce(
            sa.case((eligible, sa.case((letter.is_within_competence.is_(False), route_value)))),
            Letter.first_handling_route.type,
        ),
        "case_key": case_key,
    }
    statement = (
        sa.select(*(value.label(name) for name, value in columns.items()))
        .select_from(window)
        # `+ 0`: from the window's rows, not from every letter of the units through their register index.
        .join(units, units.c.agency_id == letter.register_agency_id + 0)
        .outerjoin(original, original.id == letter.duplicate_of_id)
    )
    if kind is None:  # 01/XLD: every kind, read straight from the window (a derived table cost SQLite a quarter more)
        constants: dict[str, sa.ColumnElement[Any]] = {
            "prior": sa.null(), "field_item": sa.null(), "next_round": sa.null(), "leads": sa.false(),
            "case_closed": sa.null(),
        }
        groups = (
            units.c.unit_id, columns["carried"], letter.signer_kind, content, handled, eligible, letter.prior_resolution,
            letter.is_within_competence, route_value,
        )
        return LetterRows(statement, {**columns, **constants}, groups, units)
    return _kind_rows(statement, kind, letter, content, eligible, case_id, period, units)


def _kind_rows(
    statement: sa.Select[Any],
    kind: LetterKind,
    letter: Any,
    content: sa.ColumnElement[LetterType],
    eligible: sa.ColumnElement[bool],
    case_id: sa.ColumnElement[Any],
    period: ReportPeriod,
    units: sa.Subquery,
) -> LetterRows:
    """One kind's letters (02–04/XLD), with what their case columns read of the eligible ones: the status at receipt,
    the field item, whether the matter is in its next round (statistics.is_next_round: a round-2 case, or resolved at
    receipt), whether a KNPA within competence had its case closed by the window's end, and whether the letter is the
    first of its case, row and kind (statistics.leading_letters, a window function over the kind's letters)."""
    next_round = sa.case(
        (
            eligible,
            sa.or_(
                sa.func.coalesce(CaseFile.case_round == CaseRound.SECOND, sa.false()),
                letter.prior_resolution.in_(sorted(NEXT_ROUND_PRIORS)),
            ),
        ),
        else_=sa.null(),
    )
    # 04/XLD (TT 01/2024) (19)–(20): a KNPA case within competence is resolved when its latest status effective by
    # the window's end (no superseded one: the correction carries the date) closes it; read for those letters only.
    event, correction = CaseFileStatusEvent, aliased(CaseFileStatusEvent)
    latest_status = (
        sa.select(event.status)
        .where(
            event.case_file_id == case_id,
            event.effective_on <= period.end,
            ~sa.exists().where(correction.supersedes_id == event.id),
        )
        .order_by(event.effective_on.desc(), event.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    case_closed = sa.case(
        (
            sa.and_(eligible, content.in_([LetterType.PETITION]), letter.is_within_competence.is_(True)),
            sa.func.coalesce(latest_status == CaseStatus.CLOSED, sa.false()),
        ),
        else_=sa.null(),
    )
    per_letter = (
        statement.add_columns(
            sa.type_coerce(sa.case((eligible, letter.prior_resolution)), Letter.prior_resolution.type).label("prior"),
            sa.case((eligible, letter.field_item_id), else_=sa.null()).label("field_item"),
            next_round.label("next_round"),
            case_closed.label("case_closed"),
            letter.received_on.label("received_on"),
        )
        .outerjoin(CaseFile, CaseFile.id == case_id)
        # one kind by its main content; a mixed letter without one stays, to refuse the form
        .where(sa.or_(content.in_([TYPE_OF_KIND[kind]]), content.is_(None)))
        .subquery("per_letter")
    )
    rank = sa.func.row_number().over(
        partition_by=(per_letter.c.unit, per_letter.c.kind, per_letter.c.case_key),
        order_by=(per_letter.c.received_on, per_letter.c.id),
    )
    ranked = sa.select(per_letter, rank.label("rank")).subquery("ranked")
    columns: dict[str, sa.ColumnElement[Any]] = {name: ranked.c[name] for name in _ROW_COLUMNS if name != "leads"}
    columns["leads"] = sa.and_(ranked.c.case_key.is_not(None), ranked.c.rank == 1)
    return LetterRows(sa.select(ranked), columns, tuple(columns[name] for name in _KEY_COLUMNS), units)


# letter_rows' columns after the id: the report's keys (LetterFact's attributes, the field by its item), the case key.
_ROW_COLUMNS = (
    "id", "unit", "carried", "signers", "kind", "handled", "eligible", "resolution", "within", "route", "case_key",
    "prior", "field_item", "next_round", "leads", "case_closed",
)
_KEY_COLUMNS = tuple(name for name in _ROW_COLUMNS if name not in ("id", "case_key"))


def letter_facts(
    root_id: int, period: ReportPeriod, kind: LetterKind | None = None, *, records: bool = False
) -> Facts:
    """Tallied letter facts for the XLD forms, valid at the window's dates: letter_rows grouped per unit and alike
    letters, with the cases of the eligible ones, never one per letter of the register; with ``records``, one per
    letter and per reply, naming it (the whole form's records: petitions.reports.drilldown.form_records, a
    submission's). Every kind for 01/XLD; one ``kind`` (the main content) for 02/XLD (complaints), 03/XLD
    (denunciations) or 04/XLD (KNPA), whose eligible letters also carry their status at receipt, the field of their
    matter, whether it is the matter's next round, whether the letter places its case on the case columns, and for a
    KNPA within competence whether its case was closed by the window's end (letter_rows).

    A letter is in the form when received inside the window, or before it and not yet handled at its
    start (no approved route effective before it); handled = an approved route effective by its end.
    A refused or voided registration is no letter.
    """
    without_jit()
    rows = letter_rows(root_id, period, kind)
    keys = tuple(rows.columns[name].label(name) for name in _KEY_COLUMNS)
    query = rows.statement.with_only_columns(
        *keys,
        sa.func.aggregate_strings(sa.cast(rows.columns["case_key"], sa.String), ",").label("cases"),
        (rows.columns["id"] if records else sa.null()).label("record"),
        sa.func.count().label("letters"),
    ).group_by(*rows.groups, *((rows.columns["id"],) if records else ()))
    tallies = db.session.execute(query, bind_arguments=report_reads()).all()
    without_main = sum(int(row.letters) for row in tallies if row.kind is None)
    if without_main:
        raise UnclassifiedLetters(unclassified_message(without_main))
    fields = _matter_fields({int(row.field_item) for row in tallies if row.field_item is not None})
    # Rows that read alike are added up into one fact.
    counts: dict[_LetterKey, list[Any]] = {}
    single: list[LetterFact] = []  # with ``records``: one per letter
    for row in tallies:
        key: _LetterKey = (
            str(row.unit),
            bool(row.carried),
            row.signers,
            KIND_OF_TYPE[row.kind],
            bool(row.handled),
            bool(row.eligible),
            RESOLUTION_AT_RECEIPT[row.resolution] if row.resolution is not None else None,
            _flag(row.within),
            row.route,
            row.prior,
            fields.get(int(row.field_item)) if row.field_item is not None else None,
            _flag(row.next_round),
            bool(row.leads),
            _flag(row.case_closed),
        )
        if records:
            cases = frozenset(row.cases.split(",") if row.eligible and row.cases else ())
            single.append(_letter_fact(key, cases, 1, row.record))
            continue
        tally = counts.setdefault(key, [0, set()])
        tally[0] += int(row.letters)
        if row.eligible and row.cases:
            tally[1].update(row.cases.split(","))
    return Facts(
        letters=tuple(single) or tuple(_letter_fact(key, frozenset(keys), n) for key, (n, keys) in counts.items()),
        replies=_replies(rows.units, period, records=records),
    )


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def unclassified_message(letters: int) -> str:
    return (
        f"Có {letters} đơn có nhiều nội dung chưa xác định nội dung chính; vui lòng phân loại lại "
        "các đơn này trước khi lập các biểu xử lý đơn (XLD): đơn được tính theo nội dung chính."
    )


# LetterFilter's fields, by the LetterFact attribute (letter_rows' column) each one reads.
LETTER_FILTER_READS: dict[str, str] = {
    "carried": "carried", "signers": "signers", "handled": "handled", "eligible": "eligible", "kind": "kind",
    "resolutions": "resolution", "within": "within", "route": "route", "signer_kinds": "signers", "routes": "route",
    "priors": "prior", "fields": "field_item", "next_round": "next_round", "leads": "leads",
    "case_closed": "case_closed",
}


def letter_condition(chosen: LetterFilter, rows: Mapping[str, sa.ColumnElement[Any]]) -> sa.ColumnElement[bool]:
    """``chosen`` (a column's LetterFilter, as the form declares it) as a condition on letter_rows' columns ``rows``:
    the same test as LetterFilter.matches on the facts letter_facts makes of those rows, field by field — a value
    must equal the attribute, a set hold it (None in a set: no value), a field left None matches anything — through
    the stored value(s) each attribute value is read from (a kind from its letter type, a resolution from the statuses
    at receipt, a field from its classification items). A NULL attribute equals no value, as None does in Python."""
    terms: list[sa.ColumnElement[bool]] = []
    fields_of_items: dict[MatterField | None, list[int]] | None = None
    for spec in dataclasses.fields(chosen):
        wanted = getattr(chosen, spec.name)
        if wanted is None:
            continue
        column = rows[LETTER_FILTER_READS[spec.name]]
        values = wanted if isinstance(wanted, frozenset) else (wanted,)
        stored: list[Any] = []
        for value in values:
            if spec.name == "kind":
                stored.append(TYPE_OF_KIND[value])
            elif spec.name == "resolutions":
                stored += [prior for prior, read in RESOLUTION_AT_RECEIPT.items() if read is value]
            elif spec.name == "fields":
                if fields_of_items is None:
                    fields_of_items = _items_by_field()
                stored += [*fields_of_items.get(value, ()), *((None,) if value is None else ())]
            else:
                stored.append(value)
        known = [value for value in stored if value is not None]
        if isinstance(wanted, bool):
            terms.append(column.is_(wanted))
            continue
        term = column.in_(known) if known else sa.false()
        terms.append(sa.or_(term, column.is_(None)) if None in stored else term)
    return sa.and_(sa.true(), *terms)


def _items_by_field() -> dict[MatterField | None, list[int]]:
    """Every classification item by the field it counts under (statistics.matter_field, as _matter_fields reads it)."""
    parent = aliased(ReferenceItem)
    rows = db.session.execute(
        sa.select(ReferenceItem.id, ReferenceItem.code, parent.code).outerjoin(parent, parent.id == ReferenceItem.parent_id),
        bind_arguments=report_reads(),
    ).all()
    out: dict[MatterField | None, list[int]] = {}
    for item_id, code, parent_code in rows:
        out.setdefault(matter_field(code, parent_code), []).append(int(item_id))
    return out


def _letter_fact(key: _LetterKey, cases: frozenset[str], count: int, record: int | None = None) -> LetterFact:
    return LetterFact(
        *key[:9],
        case_keys=cases,
        count=count,
        record=record,
        prior=key[9],
        field=key[10],
        next_round=key[11],
        leads=key[12],
        case_closed=key[13],
    )


# LetterFact's fields: the first nine in their declared order, then prior, field, next round, leads, case closed.
_LetterKey = tuple[
    str, bool, SignerKind, LetterKind, bool, bool, Resolution | None, bool | None, Route | None,
    PriorResolution | None, MatterField | None, bool | None, bool, bool | None,
]


def _matter_fields(item_ids: set[int]) -> dict[int, MatterField | None]:
    """The field (statistics.matter_field) of each classification item the window's eligible letters name."""
    if not item_ids:
        return {}
    parent = aliased(ReferenceItem)
    rows = db.session.execute(
        sa.select(ReferenceItem.id, ReferenceItem.code, parent.code)
        .outerjoin(parent, parent.id == ReferenceItem.parent_id)
        .where(ReferenceItem.id.in_(sorted(item_ids))),
        bind_arguments=report_reads(),
    ).all()
    return {int(item_id): matter_field(code, parent_code) for item_id, code, parent_code in rows}


def _replies(units: sa.Subquery, period: ReportPeriod, *, records: bool = False) -> tuple[ReplyFact, ...]:
    """Replies received inside the window about the units' letters with a signer, per unit and kind of letter (its
    main content; dated the window's first day: the query already keeps the window's replies only, so one fact per
    unit and kind, not per day); with ``records``, one per reply (its status event), dated its day."""
    event = LetterStatusEvent
    kind = _main_content(Letter).label("kind")
    if records:
        keys: tuple[Any, ...] = (units.c.unit_id, kind, event.id, event.effective_on)
    else:
        keys = (units.c.unit_id, kind)
    rows: Sequence[Any] = db.session.execute(
        sa.select(*keys, sa.func.count())
        .select_from(event)
        .join(Letter, Letter.id == event.letter_id)
        # `+ 0`: driven from the window's events (ix_letter_status_event_effective_on), not from every letter of the
        # units through their register index (300 ms of a 700 ms quarter at 100k letters on SQLite).
        .join(units, units.c.agency_id == Letter.register_agency_id + 0)
        .where(
            event.status == LetterStatus.REPLY_RECEIVED,
            event.effective_on.between(period.start, period.end),
            Letter.letter_type != LetterType.ANONYMOUS,
            Letter.is_void.is_(False),
        )
        .group_by(*keys),
        bind_arguments=report_reads(),
    ).all()

    def of(letter_type: LetterType | None) -> LetterKind | None:
        return KIND_OF_TYPE[letter_type] if letter_type is not None else None

    if records:
        return tuple(
            ReplyFact(on=day, unit=str(unit_id), record=event_id, kind=of(letter_type))
            for unit_id, letter_type, event_id, day, _ in rows
        )
    return tuple(
        ReplyFact(on=period.start, unit=str(unit_id), count=int(n), kind=of(letter_type)) for unit_id, letter_type, n in rows
    )
