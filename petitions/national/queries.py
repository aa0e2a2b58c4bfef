"""Reading the national-database entries: the worklist of pending and late records, an entry by its record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import abort

from petitions.auth.models import User
from petitions.cases.models import CaseFile, CaseRestriction
from petitions.cases.queries import get_case_for
from petitions.deadlines.queries import NoConfirmedCalendar, load_working_calendar
from petitions.directory.models import Agency
from petitions.directory.queries import ancestor_id_list, in_agency_subtree, subtree_id_list
from petitions.domain.deadlines import CalendarNotConfirmed
from petitions.domain.national import RecordKind, entry_due, late_cutoff, rule_for
from petitions.extensions import db
from petitions.letters.models import Letter
from petitions.letters.queries import get_letter_for
from petitions.national.models import ENTRY_MODELS, NationalEntry, pending
from petitions.paging import TOTAL_CAP, KeysetPage, keyset_chunks, keyset_page
from petitions.reception.models import Visit
from petitions.reception.queries import get_visit_for
from petitions.scoping import not_restricted

# A worklist page: as many rows as the letter register's (each row carries its links and due day).
PAGE_SIZE = 25

RECORD_MODELS: dict[RecordKind, type[Any]] = {RecordKind.VISIT: Visit, RecordKind.LETTER: Letter, RecordKind.CASE: CaseFile}


@dataclass(frozen=True)
class WorklistFilter:
    """The worklist's filters: the kind of record, late ones only, one officer, one agency of the scope."""

    kind: RecordKind = RecordKind.LETTER
    late_only: bool = False
    officer_id: int | None = None
    agency_id: int | None = None


@dataclass(frozen=True)
class WorklistRow:
    """One pending record: its entry, the record itself, its due day (None when the calendar of that year is not
    confirmed) and whether it is late today."""

    entry: NationalEntry
    record: Any
    due_on: date | None
    is_late: bool


def _case_column(kind: RecordKind) -> Any:
    model = RECORD_MODELS[kind]
    return model.id if kind == RecordKind.CASE else model.case_id


def get_record_for(user: User, kind: RecordKind, record_id: int) -> Any:
    """The record through its own area's scoped loader (404 outside the scope, as a missing record)."""
    if kind == RecordKind.VISIT:
        return get_visit_for(user, record_id)
    if kind == RecordKind.LETTER:
        return get_letter_for(user, record_id)
    return get_case_for(user, record_id)


def entry_of(kind: RecordKind, record_id: int) -> NationalEntry | None:
    """The entry row of a record the caller has already loaded through its scope."""
    model = ENTRY_MODELS[kind]
    return db.session.scalar(sa.select(model).where(model.id == record_id))


def get_entry_for(user: User, kind: RecordKind, record_id: int) -> tuple[Any, NationalEntry]:
    """A record and its entry, the record loaded through the user's scope first (404 outside it)."""
    record = get_record_for(user, kind, record_id)
    entry = entry_of(kind, record.id)
    if entry is None:  # every record has its entry (listener, migration backfill); none is a missing one
        abort(404)
    return record, entry


def late_cutoff_for(kind: RecordKind, today: date) -> date | None:
    """The first trigger day that is not late today, or None when today's calendar is not confirmed."""
    try:
        return late_cutoff(today, rule_for(kind), load_working_calendar())
    except (CalendarNotConfirmed, NoConfirmedCalendar):  # no confirmed calendar for that day: not guessed
        return None


def due_on(kind: RecordKind, trigger: date) -> date | None:
    try:
        return entry_due(trigger, rule_for(kind), load_working_calendar())
    except (CalendarNotConfirmed, NoConfirmedCalendar):  # no confirmed calendar for that day: not guessed
        return None


def pending_select(user: User, filters: WorklistFilter, *, today: date) -> sa.Select[Any]:
    """The user's pending entries of one kind: the entry's office in the user's agency subtree (or the one agency
    chosen, when it is in it), not of a case the user is kept away from, not a voided letter; the officer and
    late filters on the entry's own columns (its partial indexes)."""
    model = ENTRY_MODELS[filters.kind]
    record = RECORD_MODELS[filters.kind]
    query = sa.select(model).where(pending(model))
    if user.agency_id is None:
        return query.where(sa.false())
    if filters.agency_id is not None:
        if filters.agency_id not in subtree_id_list(user.agency_id):
            return query.where(sa.false())
        query = query.where(model.agency_id == filters.agency_id)
    else:
        query = query.where(in_agency_subtree(model.agency_id, user.agency_id))
    if filters.officer_id is not None:
        query = query.where(model.officer_id == filters.officer_id)
    if filters.late_only:
        cutoff = late_cutoff_for(filters.kind, today)
        query = query.where(sa.false() if cutoff is None else model.registered_on < cutoff)
    # The record's rule the entry's copies do not carry, a case restriction, checked by key on the rows met only
    # when one names the user or an agency above them (one probe of a small table): everyone else's pages read
    # the entry table's partial index alone (as the letters' scope adds its hand-over part only for a body that
    # holds hand-overs). A voided letter has no pending entry (petitions.national.models).
    if _restrictions_apply(user):
        case_column = _case_column(filters.kind)
        query = query.where(sa.select(record.id).where(record.id == model.id, not_restricted(user, case_column)).exists())
    return query


def _restrictions_apply(user: User) -> bool:
    """Whether any case restriction names the user or one of the agencies above them (else none can hide a
    record from them)."""
    targets = [CaseRestriction.user_id == user.id]
    if user.agency_id is not None:
        targets.append(CaseRestriction.agency_id.in_(ancestor_id_list(user.agency_id)))
    return db.session.scalar(sa.select(CaseRestriction.id).where(sa.or_(*targets)).limit(1)) is not None


def _order(kind: RecordKind) -> tuple[Any, ...]:
    model = ENTRY_MODELS[kind]
    return (model.registered_on, model.id)


def list_pending(user: User, filters: WorklistFilter, *, today: date, after: str | None, size: int | None = None) -> KeysetPage[WorklistRow]:
    """One keyset page of pending entries, oldest first (the latest-due on top), with the capped total."""
    query = pending_select(user, filters, today=today)
    page = keyset_page(
        query,
        _order(filters.kind),
        after=after,
        list_key=f"national:{filters.kind}:{int(filters.late_only)}:{filters.officer_id or ''}:{filters.agency_id or ''}",
        size=size or PAGE_SIZE,
        count_total=True,
        # Counted in the list's order: the planner then walks the pending index in order and stops at the cap
        # (PostgreSQL otherwise scanned the whole entry table in parallel for a count of a few hundred rows).
        count_in_order=True,
    )
    rows = _rows(filters.kind, page.rows, today=today)
    return KeysetPage(rows, page.next_cursor, page.is_first, page.total, page.total_capped)


def _rows(kind: RecordKind, entries: list[NationalEntry], *, today: date) -> list[WorklistRow]:
    if not entries:
        return []
    model = RECORD_MODELS[kind]
    records = {r.id: r for r in db.session.scalars(sa.select(model).where(model.id.in_([e.id for e in entries])))}
    cutoff = late_cutoff_for(kind, today)
    return [
        WorklistRow(
            entry=entry,
            record=records.get(entry.id),
            due_on=due_on(kind, entry.registered_on),
            is_late=cutoff is not None and entry.registered_on < cutoff,
        )
        for entry in entries
    ]


def export_rows(user: User, filters: WorklistFilter, *, today: date, chunk: int = 500) -> Iterator[WorklistRow]:
    """Every pending entry the worklist's filters select, in its order, read a chunk at a time (keyset)."""
    query = pending_select(user, filters, today=today)
    for entries in keyset_chunks(query, _order(filters.kind), size=chunk):
        yield from _rows(filters.kind, entries, today=today)


def count_mine(user: User, *, today: date) -> tuple[int, int]:
    """(pending, late) visits, letters and cases whose officer is the user, each kind's count capped like a
    list's total: one statement per kind on the officer's partial index."""
    waiting = late = 0
    if user.agency_id is None:
        return 0, 0
    for kind in RecordKind:
        model = ENTRY_MODELS[kind]
        mine = (
            sa.select(model.registered_on)
            .where(pending(model), model.officer_id == user.id)
            .where(in_agency_subtree(model.agency_id, user.agency_id))
            .limit(TOTAL_CAP)
            .subquery()
        )
        cutoff = late_cutoff_for(kind, today)
        late_sum = sa.func.coalesce(sa.func.sum(sa.case((mine.c.registered_on < cutoff, 1), else_=0)), 0) if cutoff else sa.literal(0)
        counted = db.session.execute(sa.select(sa.func.count(), late_sum).select_from(mine)).one()
        waiting += int(counted[0])
        late += int(counted[1])
    return waiting, late


def officer_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(User.id, User.full_name).where(User.id.in_(ids))).all())


def agency_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(Agency.id, Agency.name).where(Agency.id.in_(ids))).all())


def is_own_office(user: User, entry: NationalEntry) -> bool:
    """The entry is the duty of the user's office or one below it (not a body a record was handed to)."""
    return user.agency_id is not None and entry.agency_id in subtree_id_list(user.agency_id)
