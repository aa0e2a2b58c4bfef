"""Drill-down of the leaders' dashboard figures that are not one column of a form: the list of records each counts,
whose length (or amounts' sum) is the figure, through the reader's scope, on the form drill-down's page.

A figure that is one column of 01/TCD or 01/XLD links to that column's own drill-down (petitions.reports.drilldown,
``reports.records``); the others are read here, each by the rule that counts it on the dashboard:
  - a sum of 01/TCD columns (vụ việc lần đầu (6)+(15)+(24), the delegations' columns, the head's sessions …): every
    summed column's records on the total row, from the form's un-grouped facts read once (drilldown.form_records),
    in id order — the groups' columns count disjoint visits, so the list adds up to the sum;
  - the letters received by type: 01/XLD's record rows under the filter of (3) (received in the window) narrowed
    to the type (drilldown.figure_page, the statement the form's facts group);
  - the handled letters by first approved handling: the ids dashboard_queries.handling_outcomes counts under it
    (dashboard_queries.outcome_letters), a page at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from petitions.auth.clearance import has_identity_clearance
from petitions.auth.models import User
from petitions.domain.drilldown import KIND_OF, Counted, RecordKind
from petitions.domain.periods import ReportPeriod
from petitions.domain.records import LetterStatus
from petitions.domain.statistics import Column, LetterFilter, LetterKind, Measure, Quantity, zero_of
from petitions.paging import KeysetPage, key_page, ordered_page
from petitions.reports import catalog, dashboard_queries
from petitions.reports.drilldown import (
    CellHead,
    NoSuchCell,
    RecordsPage,
    figure_page,
    form_records,
    load_agency,
    record_lines,
)

XLD = "01/XLD"


def columns_page(
    user: User,
    *,
    form_code: str,
    columns: Sequence[int],
    label: str,
    period: ReportPeriod,
    agency_code: str | None,
    after: str | None,
    size: int | None = None,
) -> RecordsPage:
    """One page of the records a sum of ``form_code``'s columns counts on its total row; the figure is the sum of
    the columns' figures. The columns count records of one kind (NoSuchCell otherwise, or for a column the form
    does not have)."""
    agency = load_agency(user, agency_code)
    whole = form_records(form_code=form_code, period=period, agency=agency)
    cells = [whole.cell(None, number) for number in columns]
    kinds = {cell.kind for cell in cells}
    if len(kinds) != 1:
        raise NoSuchCell("Các cột cộng lại phải đếm cùng một loại hồ sơ.")
    first = cells[0].column
    assert first.measure is not None
    figure = sum((cell.figure for cell in cells), zero_of(first.measure.kind))
    records = sorted((item for cell in cells for item in cell.records), key=lambda item: item.id)
    list_key = f"dashboard:{catalog.slug(form_code)}:{period.code}:{agency.id}:{'+'.join(map(str, columns))}"
    items = ordered_page(records, lambda item: item.id, after=after, list_key=list_key, size=size)
    head = CellHead(form=whole.form, column=Column(first.number, label, first.measure), period=period, agency=agency,
                    unit=None)
    lines = record_lines(user, head.kind, items.rows)
    page = KeysetPage(lines, items.next_cursor, items.is_first, items.total, items.total_capped)
    return RecordsPage(cell=head, figure=figure, page=page, cleared=has_identity_clearance(user))


def letter_type_page(
    user: User,
    *,
    kind: LetterKind,
    label: str,
    period: ReportPeriod,
    agency_code: str | None,
    after: str | None,
    size: int | None = None,
) -> RecordsPage:
    """One page of the letters of ``kind`` received in the window (01/XLD (3)'s letters of that type): the
    dashboard's letters by type. The figure is the list's capped total."""
    agency = load_agency(user, agency_code)
    form = catalog.form_for(XLD, period)
    received = form.column(3).measure
    assert received is not None and received.letters.carried is False
    column = Column(3, label, Measure(Quantity.LETTERS, letters=LetterFilter(carried=False, kind=kind)))
    list_key = f"dashboard:type:{kind.value}:{period.code}:{agency.id}"
    head, items = figure_page(form=form, column=column, period=period, agency=agency, unit=None, after=after,
                              list_key=list_key, size=size)
    lines = record_lines(user, head.kind, items.rows)
    page = KeysetPage(lines, items.next_cursor, items.is_first, items.total, items.total_capped)
    return RecordsPage(cell=head, figure=None if items.total_capped else items.total, page=page,
                       cleared=has_identity_clearance(user))


def outcome_page(
    user: User,
    *,
    outcome: LetterStatus | str,
    label: str,
    period: ReportPeriod,
    agency_code: str | None,
    after: str | None,
    size: int | None = None,
) -> RecordsPage:
    """One page of the window's handled letters (01/XLD (4)) whose first approved handling is ``outcome``: the
    dashboard's letters by outcome. The figure is the list's capped total."""
    agency = load_agency(user, agency_code)
    form = catalog.form_for(XLD, period)
    ids = dashboard_queries.outcome_letters(agency.id, period, outcome)
    list_key = f"dashboard:outcome:{outcome}:{period.code}:{agency.id}"
    found = key_page(sa.select(ids.c.id), ids.c.id, after=after, list_key=list_key, size=size)
    column = Column(4, label, Measure(Quantity.LETTERS, letters=LetterFilter(handled=True)))
    assert KIND_OF[Quantity.LETTERS] is RecordKind.LETTER
    head = CellHead(form=form, column=column, period=period, agency=agency, unit=None)
    lines = record_lines(user, RecordKind.LETTER, [Counted(RecordKind.LETTER, int(row.id)) for row in found.rows])
    page = KeysetPage(lines, found.next_cursor, found.is_first, found.total, found.total_capped)
    return RecordsPage(cell=head, figure=None if found.total_capped else found.total, page=page,
                       cleared=has_identity_clearance(user))
