"""Drill-down: every figure of a report form lists the records it counts, and the list's length is the figure.

One definition, no second query per column: the column's Measure, as the form declares it, is the only rule.

  - A figure of a form whose records come as one statement (catalog.RECORD_ROWS: 01–04/XLD's letters,
    queries.letter_rows — the statement the form's fact query groups into its tallies) that counts letters or their
    cases (SQL_QUANTITIES) is read alone: the column's LetterFilter becomes a condition on those rows
    (queries.letter_condition, field by field, the same test LetterFilter.matches makes on the facts), a vụ việc
    column keeps one letter per unit and case (the smallest id), and the page comes a page at a time in id order
    through paging.key_page with the capped total (figure_page). Only that figure's letters of the window are read.
  - Any other figure comes from the whole form: the form's own fact query (catalog.FACTS) runs un-grouped —
    ``records=True`` adds the record's id to its GROUP BY and names it on each fact — and the column's counting rule
    selects the records from those facts (petitions.domain.drilldown.counted, the engine's selections), paged in
    memory (paging.ordered_page) with the exact figure. A column that sums an amount (persons, money, land, persons
    disciplined …) lists the records carrying it with their amounts, which add up to the figure.

tests/reports/test_drilldown.py checks every column of every form on generated data against the grouped report, and
for the figures read alone that every page, in order, lists exactly the records the whole form's facts give.

The page (``records_page``) loads the agency and every record through the actor's scope (petitions.scoping and
the areas' ``visible_*`` selects): an agency outside it, a unit that is not a row of its report or a column that
is not a figure answers 404, as a missing one; a counted record the actor may not see (a restricted case, a
letter now in another body's charge) keeps its line, so that the list still adds up to the figure, with nothing
of it shown. A denouncer is never named: a letter's writer is a citizen the actor may see, a denunciation's
identity stays behind the vault's code (shown to cleared users only, as the reception book does).

A new form plugs in with (the catalog's FormDefinition and fact loader as for the report itself):
  1. its fact loader takes ``records: bool = False`` (catalog.FactsLoader) and, with it, runs the same query with
     the record's id in the GROUP BY, setting ``record`` on each fact (``count`` 1) — ResolutionFact also names
     the letters accepted with its case (``accepted_letters``) — e.g. ``queries.letter_facts``;
  2. a column whose Measure uses an existing Quantity needs nothing else; a new Quantity needs its selection in
     petitions.domain.drilldown.SELECTIONS and its record kind in KIND_OF (and a new kind of record a loader in
     ``_LOADERS`` here and a table in templates/reports/records.html);
  3. tests/reports/test_drilldown.py walks catalog.FORMS: give the form's records on its generated data set;
  4. to read its letter figures alone, its record rows in catalog.RECORD_ROWS (columns named by LetterFact's
     attributes, as queries.letter_rows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from petitions.auth.clearance import has_identity_clearance
from petitions.auth.models import User
from petitions.cases.models import CaseFile, CaseOutcome
from petitions.cases.queries import visible_cases
from petitions.citizens.models import Citizen
from petitions.citizens.queries import visible_citizens
from petitions.collector import collector_paused
from petitions.directory.models import Agency
from petitions.documents.models import Document
from petitions.documents.queries import visible_documents
from petitions.domain.drilldown import (
    CASE_QUANTITIES,
    KIND_OF,
    WEIGHTED_QUANTITIES,
    Counted,
    RecordKind,
    case_of_key,
    counted,
)
from petitions.domain.periods import ReportPeriod
from petitions.domain.statistics import (
    Column,
    Facts,
    FactsWithoutRow,
    Figure,
    FigureKind,
    FormDefinition,
    Quantity,
    UnitRef,
    evaluate,
    format_figure,
    zero_of,
)
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.letters.models import Letter, LetterStatusEvent
from petitions.letters.queries import visible_letters
from petitions.paging import KeysetPage, key_page, ordered_page
from petitions.reception.models import ReceptionSession, Visit
from petitions.reception.queries import visible_sessions, visible_visits
from petitions.reports import catalog, queries
from petitions.scoping import get_visible_or_404, visible_agencies


class NoSuchCell(DomainError):
    """No such figure on the form: a text column, a column the form does not have, a unit that is not a row."""


@dataclass(frozen=True)
class CellHead:
    """One figure of a form: its form, column, window, agency and row (``unit`` None: the total row)."""

    form: FormDefinition
    column: Column
    period: ReportPeriod
    agency: Agency
    unit: UnitRef | None

    @property
    def kind(self) -> RecordKind:
        assert self.column.measure is not None
        return KIND_OF[self.column.measure.quantity]

    @property
    def lists_cases(self) -> bool:
        """A vụ việc column: each record stands for a case."""
        assert self.column.measure is not None
        return self.column.measure.quantity in CASE_QUANTITIES

    @property
    def shows_case(self) -> bool:
        """Each line names its case: a vụ việc column, or the letters accepted with the cases (KQGQ (1)–(3))."""
        assert self.column.measure is not None
        return self.lists_cases or self.column.measure.quantity is Quantity.RESOLUTION_LETTERS

    @property
    def weighted(self) -> bool:
        """The column sums an amount of each record (persons, money, land …), not one per record."""
        assert self.column.measure is not None
        return self.column.measure.quantity in WEIGHTED_QUANTITIES

    @property
    def figure_kind(self) -> FigureKind:
        return self.column.kind or FigureKind.COUNT

    def text(self, value: Figure) -> str:
        return format_figure(value, self.figure_kind)


@dataclass(frozen=True)
class Cell(CellHead):
    """A figure of a form and every record it counts, from the whole form's facts (FormRecords)."""

    figure: Figure
    records: tuple[Counted, ...]

    @property
    def listed(self) -> Figure:
        """What the list adds up to: its length, or its records' amounts (equal to the figure)."""
        return sum((item.weight for item in self.records), zero_of(self.figure_kind))


def _numeric_column(form: FormDefinition, number: int) -> Column:
    if not 1 <= number <= len(form.columns) or not form.column(number).is_numeric:
        raise NoSuchCell(f"Biểu {form.code} không có cột số ({number}).")
    return form.column(number)


@dataclass(frozen=True)
class FormRecords:
    """A form's un-grouped facts for one agency and window, read once, and its rows: every cell's records."""

    form: FormDefinition
    period: ReportPeriod
    agency: Agency
    rows: tuple[UnitRef, ...]
    per_unit: dict[str, Facts]

    def cell(self, unit: str | None, column: int) -> Cell:
        """The figure of ``column`` on ``unit``'s row (None: the total row) and the records it counts. Raises
        NoSuchCell for a cell the form does not have."""
        chosen = _numeric_column(self.form, column)
        measure = chosen.measure
        assert measure is not None
        if unit is None:
            units: Sequence[UnitRef] = self.rows
            row = None
        else:
            row = next((r for r in self.rows if r.key == unit), None)
            if row is None:
                raise NoSuchCell("Đơn vị không có dòng trên biểu.")
            units = (row,)
        own = [self.per_unit.get(u.key, Facts()) for u in units]
        with collector_paused():
            figure = sum((evaluate(measure, f, self.period) for f in own), zero_of(measure.kind))
            records = counted(measure, _merged(own), self.period)
        return Cell(
            form=self.form, column=chosen, period=self.period, agency=self.agency, unit=row, figure=figure,
            records=records,
        )


def form_records(*, form_code: str, period: ReportPeriod, agency: Agency) -> FormRecords:
    """``agency``'s form for the window from its fact query run un-grouped, with the report's rows. Raises what the
    report raises for data it cannot count (UnclassifiedLetters, FactsWithoutRow)."""
    form = catalog.form_for(form_code, period)
    with collector_paused():
        facts = catalog.facts_loader(form.code)(agency.id, period, records=True)
        counted_units = facts.units_counted_in(period)
        rows = queries.list_report_units(agency, period, with_figures=counted_units)
        if counted_units - {row.key for row in rows}:
            raise FactsWithoutRow(f"Biểu {form.code}: có số liệu trong kỳ của đơn vị không có dòng trên biểu.")
        per_unit = facts.by_unit()
    return FormRecords(form=form, period=period, agency=agency, rows=rows, per_unit=per_unit)


def _merged(parts: Sequence[Facts]) -> Facts:
    """Several units' facts as one (counted() reads them unit by unit again)."""
    if len(parts) == 1:
        return parts[0]
    return Facts(
        visits=tuple(v for p in parts for v in p.visits),
        cases=tuple(c for p in parts for c in p.cases),
        sessions=tuple(s for p in parts for s in p.sessions),
        letters=tuple(x for p in parts for x in p.letters),
        replies=tuple(r for p in parts for r in p.replies),
        resolutions=tuple(r for p in parts for r in p.resolutions),
        implementations=tuple(i for p in parts for i in p.implementations),
    )


# ------------------------------------------------------------------------------------------------- the page


@dataclass
class RecordLine:
    """A line of the list: what was counted, and what the actor may see of it (``record`` None: nothing)."""

    item: Counted
    record: Any = None
    case: CaseFile | None = None  # the case the record stands for (vụ việc columns, letters accepted with a case)
    letter: Letter | None = None  # a reply's letter
    writer: Citizen | None = None  # a letter's writer, when the actor may see that citizen
    outcome: CaseOutcome | None = None  # a case's or decision's record
    decision_number: str | None = None

    @property
    def amount(self) -> Figure:
        return self.item.weight


@dataclass(frozen=True)
class RecordsPage:
    """A figure and one page of its records; ``figure``: the figure (None: more than the list's capped total, when
    the records were read in SQL and not counted whole); ``cleared``: the actor may see a denouncer's vault code."""

    cell: CellHead
    figure: Figure | None
    page: KeysetPage[RecordLine]
    cleared: bool


def load_agency(user: User, code: str | None) -> Agency:
    """The report's agency through the actor's scope (their own without a code); outside it: 404, as a missing one."""
    if not code:
        return get_visible_or_404(visible_agencies(user), user.agency_id)
    return get_visible_or_404(visible_agencies(user), code, key=Agency.code)


def records_page(
    user: User,
    *,
    form_code: str,
    period: ReportPeriod,
    agency_code: str | None,
    unit: str | None,
    column: int,
    after: str | None,
    size: int | None = None,
) -> RecordsPage:
    """One page of a figure's records as the actor may see them (module docstring); ``size`` lines (the app's
    PAGE_SIZE by default). A figure whose records its form reads in SQL (reads_in_sql) is read alone, a page at a
    time (figure_page); any other from the whole form's facts."""
    agency = load_agency(user, agency_code)
    form = catalog.form_for(form_code, period)
    chosen = _numeric_column(form, column)  # before any query
    list_key = f"reports:{catalog.slug(form.code)}:{period.code}:{agency.id}:{unit or 'total'}:{column}"
    if reads_in_sql(form, chosen):
        head, items = figure_page(form=form, column=chosen, period=period, agency=agency, unit=unit, after=after,
                                  list_key=list_key, size=size)
        figure: Figure | None = None if items.total_capped else items.total
        cell: CellHead = head
    else:
        whole = form_records(form_code=form_code, period=period, agency=agency).cell(unit, column)
        items = ordered_page(whole.records, lambda item: item.id, after=after, list_key=list_key, size=size)
        figure, cell = whole.figure, whole
    lines = record_lines(user, cell.kind, items.rows)
    page = KeysetPage(lines, items.next_cursor, items.is_first, items.total, items.total_capped)
    return RecordsPage(cell=cell, figure=figure, page=page, cleared=has_identity_clearance(user))


# ------------------------------------------------------------------------------- one figure's records in SQL

# The quantities whose records a form's record rows give by a filter on them (catalog.RECORD_ROWS).
SQL_QUANTITIES = frozenset({Quantity.LETTERS, Quantity.LETTER_CASES})


def reads_in_sql(form: FormDefinition, column: Column) -> bool:
    """Whether ``column``'s records are read alone in SQL: its form has record rows and it counts letters or cases."""
    return (
        form.code in catalog.RECORD_ROWS and column.measure is not None and column.measure.quantity in SQL_QUANTITIES
    )


def figure_page(
    *,
    form: FormDefinition,
    column: Column,
    period: ReportPeriod,
    agency: Agency,
    unit: str | None,
    after: str | None,
    list_key: str,
    size: int | None = None,
) -> tuple[CellHead, KeysetPage[Counted]]:
    """One page of the records one figure counts, read alone: the form's record rows (the statement its fact query
    groups) filtered by the column's own LetterFilter (queries.letter_condition: the declaration is the one rule),
    for a vụ việc column one letter per case (the smallest id per unit and case key, as counted() lists them), in id
    order through paging.key_page with the capped total. Refused as the report is for letters it cannot place
    (UnclassifiedLetters); a unit that is not a row of the report: NoSuchCell."""
    measure = column.measure
    assert measure is not None and reads_in_sql(form, column)
    row = None
    if unit is not None:
        rows = queries.list_report_units(agency, period, with_figures=(unit,) if unit.isdigit() else ())
        row = next((r for r in rows if r.key == unit), None)
        if row is None:
            raise NoSuchCell("Đơn vị không có dòng trên biểu.")
    head = CellHead(form=form, column=column, period=period, agency=agency, unit=row)
    queries.without_jit()
    letters = catalog.RECORD_ROWS[form.code](agency.id, period)
    columns = letters.columns
    reads = queries.report_reads()
    unplaced = db.session.scalar(
        sa.select(sa.func.count()).select_from(letters.select("id").where(columns["kind"].is_(None)).subquery()),
        bind_arguments=reads,
    )
    if unplaced:
        raise queries.UnclassifiedLetters(queries.unclassified_message(int(unplaced)))
    # The id as a value, not the table's key: SQLite would otherwise serve `ORDER BY id` by walking every letter in
    # key order instead of sorting the window's few (a 1,000-row capped count, then the page, from the index ranges).
    chosen = letters.statement.with_only_columns(
        queries.not_an_index_term(columns["id"]).label("id"), columns["unit"].label("unit"),
        columns["case_key"].label("case_key"),
    ).where(
        queries.letter_condition(measure.letters, columns),
        *((columns["unit"] == int(unit),) if unit is not None else ()),
    )
    cases = measure.quantity is Quantity.LETTER_CASES
    if cases:
        nth = sa.func.row_number().over(partition_by=(columns["unit"], columns["case_key"]), order_by=columns["id"])
        ranked = chosen.where(columns["case_key"].is_not(None)).add_columns(nth.label("nth")).subquery("ranked")
        listed = sa.select(ranked.c.id, ranked.c.case_key).where(ranked.c.nth == 1).subquery("listed")
    else:
        listed = chosen.subquery("listed")
    page = key_page(sa.select(listed.c.id, listed.c.case_key), listed.c.id, after=after, list_key=list_key, size=size)
    items = [
        Counted(RecordKind.LETTER, int(r.id), case_id=case_of_key(str(r.case_key)) if cases else None) for r in page.rows
    ]
    return head, KeysetPage(items, page.next_cursor, page.is_first, page.total, page.total_capped)


def record_lines(user: User, kind: RecordKind, items: Sequence[Counted]) -> list[RecordLine]:
    """``items`` (records of one kind) as the actor may see them, as the page shows them: a record outside the scope
    keeps its line with nothing of it (also for a submitted report's changes, petitions.reports.submissions)."""
    lines = [RecordLine(item) for item in items]
    _LOADERS[kind](user, lines)
    _attach_cases(user, lines)
    return lines


def _by_id(query: sa.Select[Any], key: Any, ids: Sequence[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(query.where(key.in_(sorted(set(ids)))))}


def _load_letters(user: User, lines: list[RecordLine]) -> None:
    letters = _by_id(visible_letters(user), Letter.id, [line.item.id for line in lines])
    for line in lines:
        line.record = letters.get(line.item.id)
    _attach_writers(user, [line for line in lines if line.record is not None])


def _attach_writers(user: User, lines: list[RecordLine]) -> None:
    """A letter's writer when the actor may see the citizen; a denunciation never has one (the vault's code)."""
    def letter_of(line: RecordLine) -> Letter:
        return line.letter if line.letter is not None else line.record

    citizens = _by_id(visible_citizens(user), Citizen.id, [c for line in lines if (c := letter_of(line).citizen_id)])
    for line in lines:
        citizen_id = letter_of(line).citizen_id
        line.writer = citizens.get(citizen_id) if citizen_id is not None else None


def _load_visits(user: User, lines: list[RecordLine]) -> None:
    visits = _by_id(visible_visits(user), Visit.id, [line.item.id for line in lines])
    for line in lines:
        line.record = visits.get(line.item.id)


def _load_sessions(user: User, lines: list[RecordLine]) -> None:
    sessions = _by_id(visible_sessions(user), ReceptionSession.id, [line.item.id for line in lines])
    for line in lines:
        line.record = sessions.get(line.item.id)


def _load_replies(user: User, lines: list[RecordLine]) -> None:
    """A reply is its status event on a letter the actor may see."""
    events = _by_id(sa.select(LetterStatusEvent), LetterStatusEvent.id, [line.item.id for line in lines])
    letters = _by_id(visible_letters(user), Letter.id, [e.letter_id for e in events.values()])
    for line in lines:
        event = events.get(line.item.id)
        line.letter = letters.get(event.letter_id) if event is not None else None
        line.record = event if line.letter is not None else None
    _attach_writers(user, [line for line in lines if line.record is not None])


def _load_cases(user: User, lines: list[RecordLine]) -> None:
    """Cases (01/KQGQ, 03/KQGQ) and decisions (02/KQGQ, by their case) with the decision's record and number."""
    cases = _by_id(visible_cases(user), CaseFile.id, [line.item.id for line in lines])
    shown = list(cases)
    outcomes = (
        {o.case_file_id: o for o in db.session.scalars(sa.select(CaseOutcome).where(CaseOutcome.case_file_id.in_(shown)))}
        if shown
        else {}
    )
    documents = _by_id(
        visible_documents(user), Document.id, [o.decision_document_id for o in outcomes.values() if o.decision_document_id]
    )
    for line in lines:
        line.record = cases.get(line.item.id)
        line.outcome = outcomes.get(line.item.id) if line.record is not None else None
        if line.outcome is not None and line.outcome.decision_document_id in documents:
            line.decision_number = documents[line.outcome.decision_document_id].number_symbol


def _attach_cases(user: User, lines: list[RecordLine]) -> None:
    """The case each record stands for (vụ việc columns; the case a letter was accepted with), if visible."""
    wanted = [line.item.case_id for line in lines if line.item.case_id is not None and line.record is not None]
    cases = _by_id(visible_cases(user), CaseFile.id, [c for c in wanted if c is not None])
    for line in lines:
        if line.item.case_id is not None and line.case is None:
            line.case = cases.get(line.item.case_id)


_LOADERS: dict[RecordKind, Callable[[User, list[RecordLine]], None]] = {
    RecordKind.LETTER: _load_letters,
    RecordKind.VISIT: _load_visits,
    RecordKind.SESSION: _load_sessions,
    RecordKind.REPLY: _load_replies,
    RecordKind.CASE: _load_cases,
    RecordKind.DECISION: _load_cases,
}

