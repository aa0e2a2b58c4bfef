"""Entry status of each visit, letter and case in the national database (DOMAIN §3.6): one row per record.

**Storage, decided.** One small table per kind of record (`visit_national_entry`, `letter_national_entry`,
`case_national_entry`) whose primary key *is* the record's id (a foreign key to it), created pending in the
same flush as the record (the listener below; the demo's bulk loader queues the rows itself); a voided
letter's pending entry is removed (a voided registration is nothing to enter). Why not
columns on the record tables: the letter, visit and case rows are versioned (`version_id_col`), so an
officer marking a record entered would make every open edit form of that record stale (409), and three
areas other than this one own those tables. Why not one table keyed by (record type, id): that table
cannot have a foreign key to its record, and its rows could not carry the record's own id as their key,
which is what puts an entry's changes in the record's history (below) and lets the keyset pages of
petitions/paging.py use that id as the tie-breaker of the list's order.

**Speed.** The worklist reads only pending entries, through partial indexes (`entry_status = 'PENDING'`)
in the list's order: by office (`agency_id`, copied from the record) and day, and by officer and day.
Pending rows are few once an office keeps up (entered rows leave the index), so the list and its capped
count stay small however large the registers grow. `registered_on` (the record's trigger day), `agency_id`
and `officer_id` are copies kept by the listener when the record changes; "late" is `registered_on` before
a cutoff computed once from today (petitions.domain.national.late_cutoff).

**History.** The entry is part of its record: `__history_type__` is the record's type and the key is the
record's id, so marking or correcting an entry writes its rows into the record's own history (the letter
page, the visit page). The pending row is inserted by Core in the record's flush, so the record's history
does not get a second "created" row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, cast

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from petitions.cases.models import CaseFile
from petitions.domain.national import EntryStatus, RecordKind
from petitions.extensions import Model
from petitions.history import HistoryTracked
from petitions.letters.models import Letter
from petitions.reception.models import Visit

PENDING_SQL = "entry_status = 'PENDING'"


class NationalEntry(HistoryTracked):
    """Columns shared by the three entry tables (a mixin: each kind has its own table)."""

    __record_table__: ClassVar[str]
    __history_ignored__ = frozenset(
        {"id", "version", "created_at", "updated_at", "agency_id", "officer_id", "registered_on", "entered_at"}
    )
    kind: ClassVar[RecordKind]

    @declared_attr
    def id(cls) -> Mapped[int]:  # noqa: N805 (declared_attr takes the class)
        return mapped_column(sa.ForeignKey(f"{cls.__record_table__}.id", ondelete="CASCADE"), primary_key=True)

    @declared_attr
    def agency_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(sa.ForeignKey("agency.id"))

    @declared_attr
    def officer_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(sa.ForeignKey("user_account.id"))

    registered_on: Mapped[date]
    entry_status: Mapped[EntryStatus] = mapped_column(
        sa.Enum(EntryStatus, native_enum=False, length=16), default=EntryStatus.PENDING, server_default="PENDING"
    )
    entered_on: Mapped[date | None]
    national_reference: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    @declared_attr
    def entered_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(sa.ForeignKey("user_account.id"))

    entered_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.version}

    @property
    def is_pending(self) -> bool:
        return self.entry_status == EntryStatus.PENDING

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.entry_status}>"


def _indexes(table: str) -> tuple[sa.Index, ...]:
    pending = sa.text(PENDING_SQL)
    return (
        sa.Index(f"ix_{table}_pending_agency", "agency_id", "registered_on", "id", sqlite_where=pending, postgresql_where=pending),
        sa.Index(f"ix_{table}_pending_officer", "officer_id", "registered_on", "id", sqlite_where=pending, postgresql_where=pending),
        sa.Index(f"ix_{table}_pending_day", "registered_on", "id", sqlite_where=pending, postgresql_where=pending),
    )


class VisitNationalEntry(NationalEntry, Model):
    __tablename__ = "visit_national_entry"
    __record_table__ = "visit"
    __history_type__ = "visit"
    # The visit's history names each row's actor, who is the one recording the entry; the id alone would be
    # shown as a number (the visit page names no accounts by id).
    __history_ignored__ = NationalEntry.__history_ignored__ | {"entered_by_id"}
    kind = RecordKind.VISIT
    __table_args__ = _indexes(__tablename__)


class LetterNationalEntry(NationalEntry, Model):
    __tablename__ = "letter_national_entry"
    __record_table__ = "letter"
    __history_type__ = "letter"
    kind = RecordKind.LETTER
    __table_args__ = _indexes(__tablename__)


class CaseNationalEntry(NationalEntry, Model):
    __tablename__ = "case_national_entry"
    __record_table__ = "case_file"
    __history_type__ = "case"
    kind = RecordKind.CASE
    __table_args__ = _indexes(__tablename__)


ENTRY_MODELS: dict[RecordKind, type[NationalEntry]] = {
    RecordKind.VISIT: VisitNationalEntry,
    RecordKind.LETTER: LetterNationalEntry,
    RecordKind.CASE: CaseNationalEntry,
}


def pending(model: type[NationalEntry]) -> sa.ColumnElement[bool]:
    """The pending rows, written with the status as a literal: PostgreSQL uses a partial index only when it can
    prove the query's condition implies the index's, which a bound parameter does not once the statement is
    prepared (psycopg prepares a statement run five times, and its generic plan scanned the whole table)."""
    return model.entry_status == sa.literal_column(f"'{EntryStatus.PENDING.name}'")


def entry_table(model: type[NationalEntry]) -> sa.Table:
    """The table of a concrete entry model (the mixin itself has none)."""
    return cast(sa.Table, model.__table__)  # type: ignore[attr-defined]


# The record's columns copied onto its entry: (trigger day, agency, officer). A letter's officer is the one
# it is assigned to, else the one who registered it; a visit's the receiving officer; a case's its handler.
def _visit_copy(visit: Visit) -> dict[str, Any]:
    return {"registered_on": visit.visited_on, "agency_id": visit.agency_id, "officer_id": visit.officer_id or visit.created_by_id}


def _letter_copy(letter: Letter) -> dict[str, Any]:
    return {
        "registered_on": letter.received_on,
        "agency_id": letter.agency_in_charge_id,
        "officer_id": letter.assigned_officer_id or letter.registered_by_id,
    }


def _case_copy(case: CaseFile) -> dict[str, Any]:
    return {"registered_on": case.opened_on, "agency_id": case.agency_in_charge_id, "officer_id": case.handler_id}


_COPIES: tuple[tuple[type[Any], type[NationalEntry], Any, frozenset[str]], ...] = (
    (Visit, VisitNationalEntry, _visit_copy, frozenset({"visited_on", "agency_id", "officer_id", "created_by_id"})),
    (Letter, LetterNationalEntry, _letter_copy, frozenset({"received_on", "agency_in_charge_id", "assigned_officer_id", "registered_by_id"})),
    (CaseFile, CaseNationalEntry, _case_copy, frozenset({"opened_on", "agency_in_charge_id", "handler_id"})),
)


def _changed(obj: Any, keys: frozenset[str]) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[key].history.has_changes() for key in keys)


@sa.event.listens_for(Session, "after_flush")
def _keep_entries(session: Session, _flush_context: Any) -> None:
    """A new visit, letter or case gets its pending entry in the same transaction; a change of the copied
    columns (a corrected day, an assignment) is carried to its entry. Core statements: no history rows (the
    record's own history already tells both)."""
    connection = None
    for record_model, entry_model, copy, keys in _COPIES:
        new = [obj for obj in session.new if isinstance(obj, record_model)]
        dirty = [obj for obj in session.dirty if isinstance(obj, record_model) and _changed(obj, keys)]
        if not new and not dirty:
            continue
        connection = connection or session.connection()
        table = entry_table(entry_model)
        new = [obj for obj in new if not getattr(obj, "is_void", False)]
        if new:
            connection.execute(
                sa.insert(table), [{"id": obj.id, "entry_status": EntryStatus.PENDING.name, **copy(obj)} for obj in new]
            )
        for obj in dirty:
            connection.execute(sa.update(table).where(table.c.id == obj.id).values(**copy(obj)))
    # A voided registration is no record to enter: its pending entry goes (one entered before the voiding stays,
    # with its day and reference).
    voided = [obj.id for obj in session.dirty if isinstance(obj, Letter) and obj.is_void and _changed(obj, frozenset({"is_void"}))]
    if voided:
        table = entry_table(LetterNationalEntry)
        (connection or session.connection()).execute(
            sa.delete(table).where(table.c.id.in_(voided), table.c.entry_status == EntryStatus.PENDING.name)
        )
