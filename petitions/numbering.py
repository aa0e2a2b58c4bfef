"""Register and book numbers: one counter table, one row lock, for every numbered sequence of every area.

Each sequence (the letter register, the document register, the reception book) runs per agency and
per calendar year from 1, without gaps or repeats, even under concurrent writes:

  - PostgreSQL: the (kind, agency, year) counter row is read with SELECT … FOR UPDATE, so a second
    transaction waits at that row until the first commits, then reads the number the first wrote;
  - SQLite: row locks do not exist; the transaction must hold the database write lock from its
    start (BEGIN IMMEDIATE), which web POSTs already take and services and the CLI get by running
    inside `extensions.immediate_transactions()`. Without it two readers could both read the same
    last number, so taking a number outside it is refused with a RuntimeError.

The counter row of a new year (or a new agency) is created on first use with INSERT … ON CONFLICT
DO NOTHING: two first numbers racing there both end up locking the one row, and the loser's insert
waits for (and yields to) the winner's on PostgreSQL. The number lives as long as the transaction:
a rollback gives it back, a commit uses it. Nothing is ever deleted (a mistaken letter or document is
voided and keeps its number), so `last_number` is also the count of numbers given.

Receipts (paperwork) carry their visit's reception-book number and have no sequence of their own.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from petitions.clock import utcnow
from petitions.extensions import Model, db, sqlite_immediate


class NumberKind(enum.StrEnum):
    """The numbered sequences; the member *name* is stored, so renaming one needs a migration."""

    LETTER_REGISTER = "letter_register"  # sổ đăng ký đơn (letters, TT 05/2021/TT-TTCP)
    DOCUMENT_REGISTER = "document_register"  # sổ đăng ký văn bản đi (Decree 30/2020)
    RECEPTION_BOOK = "reception_book"  # sổ tiếp công dân (visits; receipts print the visit's number)


class RegisterCounter(Model):
    """The last number one agency's register or book gave in one calendar year."""

    __tablename__ = "register_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NumberKind] = mapped_column(sa.Enum(NumberKind, native_enum=False, length=32))
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    year: Mapped[int]
    last_number: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.UniqueConstraint("kind", "agency_id", "year"),)

    def __repr__(self) -> str:
        return f"<RegisterCounter {self.kind.name} agency={self.agency_id} {self.year}: {self.last_number}>"


def _locked_counter(kind: NumberKind, agency_id: int, year: int) -> RegisterCounter:
    """The (kind, agency, year) counter row, locked until the transaction ends; created when missing."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite" and not sqlite_immediate.get():
        raise RuntimeError(
            "Taking a register number on SQLite needs the write lock from the start of the transaction: "
            "run it inside immediate_transactions() (web POSTs already do)."
        )
    select = (
        sa.select(RegisterCounter)
        .where(RegisterCounter.kind == kind, RegisterCounter.agency_id == agency_id, RegisterCounter.year == year)
        .with_for_update()
        # Another transaction may have moved the row since this session last loaded it.
        .execution_options(populate_existing=True)
    )
    counter = db.session.scalar(select)
    if counter is None:
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        db.session.execute(
            insert(RegisterCounter.__table__)
            .values(kind=kind, agency_id=agency_id, year=year, last_number=0, updated_at=utcnow())
            .on_conflict_do_nothing(index_elements=["kind", "agency_id", "year"])
        )
        counter = db.session.scalar(select)
    assert counter is not None
    return counter


def take_number(
    kind: NumberKind,
    agency_id: int,
    year: int,
    *,
    used_above: Callable[[int], Iterable[int]] | None = None,
) -> int:
    """The next number of the agency's `kind` sequence for `year` (from 1, gapless, unique). Flushes.

    `used_above(last)` names numbers above the counter that were given outside it (the document
    register records the văn thư's own numbers without moving the counter); the next number skips
    them. It is called under the lock, so a number recorded by a transaction that committed before
    this one is seen.
    """
    counter = _locked_counter(kind, agency_id, year)
    used = set(used_above(counter.last_number)) if used_above is not None else set()
    number = counter.last_number + 1
    while number in used:
        number += 1
    counter.last_number = number
    db.session.flush()
    return number


def reserve_block(kind: NumberKind, agency_id: int, year: int, count: int) -> range:
    """`count` consecutive numbers of the sequence at once, for bulk inserts (the demo generators). Flushes."""
    if count < 0:
        raise ValueError("count must not be negative")
    counter = _locked_counter(kind, agency_id, year)
    block = range(counter.last_number + 1, counter.last_number + 1 + count)
    counter.last_number += count
    db.session.flush()
    return block


def reserve_blocks(kind: NumberKind, counts: Mapping[tuple[int, int], int]) -> dict[tuple[int, int], range]:
    """Blocks of several (agency, year) sequences of `kind` at once, for bulk inserts (the demo's batches):
    the counters are created when missing, read and locked in one statement and moved in one more, so a
    batch that numbers its rows in a hundred registers does not pay a hundred round trips. Flushes."""
    if any(count < 0 for count in counts.values()):
        raise ValueError("count must not be negative")
    if not counts:
        return {}
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite" and not sqlite_immediate.get():
        raise RuntimeError(
            "Taking a register number on SQLite needs the write lock from the start of the transaction: "
            "run it inside immediate_transactions() (web POSTs already do)."
        )
    db.session.flush()
    table = RegisterCounter.__table__
    now = utcnow()
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(table)
        .values([{"kind": kind, "agency_id": a, "year": y, "last_number": 0, "updated_at": now} for a, y in counts])
        .on_conflict_do_nothing(index_elements=["kind", "agency_id", "year"])
    )
    keys = list(counts)
    found = db.session.execute(
        sa.select(table.c.id, table.c.agency_id, table.c.year, table.c.last_number)
        .where(table.c.kind == kind, sa.tuple_(table.c.agency_id, table.c.year).in_(keys))
        .with_for_update()
    ).all()
    blocks: dict[tuple[int, int], range] = {}
    moves = []
    for counter_id, agency_id, year, last in found:
        count = counts[(agency_id, year)]
        blocks[(agency_id, year)] = range(last + 1, last + 1 + count)
        moves.append({"counter_id": counter_id, "new_last": last + count, "now": now})
    db.session.execute(
        sa.update(table)
        .where(table.c.id == sa.bindparam("counter_id"))
        .values(last_number=sa.bindparam("new_last"), updated_at=sa.bindparam("now")),
        moves,
    )
    # Counter objects this session loaded before now hold old numbers.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, RegisterCounter):
            db.session.expire(obj)
    return blocks


def last_number(kind: NumberKind, agency_id: int, year: int) -> int:
    """The last number given in the sequence (0 before the first), read without a lock."""
    value = db.session.scalar(
        sa.select(RegisterCounter.last_number).where(
            RegisterCounter.kind == kind, RegisterCounter.agency_id == agency_id, RegisterCounter.year == year
        )
    )
    return value or 0


__all__ = ["NumberKind", "RegisterCounter", "last_number", "reserve_block", "reserve_blocks", "take_number"]
