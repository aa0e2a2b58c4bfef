"""Append-only change history of the core records, written automatically in the flush that changes them.

How it works: a model opts in by inheriting `HistoryTracked` and naming its record type and its
personal-data fields. An `after_flush` listener on every SQLAlchemy session then inserts one
`history_entry` row per changed column (plus one per created or deleted record) on the same
connection, so the history commits or rolls back with the change itself. Nobody has to call
anything: forgetting is not possible, only choosing the actor and the reason is left to the
caller, through `history_context(actor=..., reason=...)` (in a request the signed-in user is
the default actor and `g.request_id` is recorded).

Personal-data fields (names, ID numbers, phones, addresses, vault links) are recorded as changed
without their values (`redacted`), so purging a record under the retention rules leaves no
personal data behind in history. The database refuses UPDATE and DELETE on this table (triggers
created by the migrations, both on SQLite and PostgreSQL).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from petitions.clock import utcnow
from petitions.extensions import Model, db


class HistoryEntry(Model):
    """One change of one field of one record (or the creation / deletion of the record)."""

    __tablename__ = "history_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    record_type: Mapped[str] = mapped_column(sa.String(32))
    record_id: Mapped[int]
    action: Mapped[str] = mapped_column(sa.String(16))  # create | update | delete
    field: Mapped[str | None] = mapped_column(sa.String(64))
    old_value: Mapped[str | None] = mapped_column(sa.Text)
    new_value: Mapped[str | None] = mapped_column(sa.Text)
    redacted: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    request_id: Mapped[str | None] = mapped_column(sa.String(64))

    actor = relationship("User")

    __table_args__ = (sa.Index("ix_history_entry_record", "record_type", "record_id", "id"),)

    def __repr__(self) -> str:
        return f"<HistoryEntry {self.record_type}#{self.record_id} {self.action} {self.field}>"


class HistoryTracked:
    """Mixin: every change of this model writes history rows in the same transaction.

    Subclasses set `__history_type__` (the record type stored in history) and may extend
    `__history_personal__` (fields recorded as changed without values). Bookkeeping columns
    (`version`, stamps) and derived `*_folded` search columns are never recorded.
    """

    __history_type__: ClassVar[str]
    __history_personal__: ClassVar[frozenset[str]] = frozenset()
    __history_ignored__: ClassVar[frozenset[str]] = frozenset({"id", "version", "created_at", "updated_at"})
    if TYPE_CHECKING:
        id: Mapped[int]  # every tracked model's primary key (declared by the model itself)


@dataclass(frozen=True)
class HistoryContext:
    actor_id: int | None
    reason: str | None


_context: ContextVar[HistoryContext | None] = ContextVar("history_context", default=None)


@contextmanager
def history_context(*, actor: Any = None, reason: str | None = None) -> Iterator[None]:
    """Within this block, history rows name this actor (a User or None) and this reason."""
    actor_id = getattr(actor, "id", None) if actor is not None else None
    token = _context.set(HistoryContext(actor_id=actor_id, reason=(reason or "").strip()[:500] or None))
    try:
        yield
    finally:
        _context.reset(token)


def _current_actor_and_request() -> tuple[int | None, str | None, str | None]:
    """(actor id, reason, request id): the explicit context first, else the signed-in user."""
    context = _context.get()
    actor_id = context.actor_id if context else None
    reason = context.reason if context else None
    request_id = None
    try:
        from flask import current_app, g, has_request_context

        if has_request_context():
            request_id = g.get("request_id")
            # The citizens' lookup app has no sign-in at all (petitions.lookup.app): no user to name.
            if actor_id is None and getattr(current_app, "login_manager", None) is not None:
                from flask_login import current_user

                if current_user and current_user.is_authenticated:
                    actor_id = current_user.id
    except RuntimeError:  # outside any Flask context
        pass
    return actor_id, reason, request_id


def as_text(value: Any) -> str | None:
    """A value as history stores it: enums by value, dates ISO, booleans true/false."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def stored_moment(text: str) -> date | datetime | None:
    """The date or naive-UTC moment a history value holds, when as_text() wrote one (else None)."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    if len(text) >= 16 and text[4] == "-" and text[10] == "T":
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def _tracked_fields(obj: HistoryTracked) -> Iterator[str]:
    mapper = sa.inspect(type(obj))
    for attr in mapper.column_attrs:
        key = attr.key
        if key in obj.__history_ignored__ or key.endswith("_folded"):
            continue
        yield key


def _rows_for(session: Session) -> list[dict[str, Any]]:
    actor_id, reason, request_id = _current_actor_and_request()
    now = utcnow()
    rows: list[dict[str, Any]] = []

    def row(obj: HistoryTracked, action: str, **values: Any) -> dict[str, Any]:
        return {
            "recorded_at": now,
            "actor_id": actor_id,
            "record_type": obj.__history_type__,
            "record_id": obj.id,  # assigned by the flush's INSERT
            "action": action,
            "field": values.get("field"),
            "old_value": values.get("old_value"),
            "new_value": values.get("new_value"),
            "redacted": values.get("redacted", False),
            "reason": reason,
            "request_id": request_id,
        }

    for obj in session.new:
        if isinstance(obj, HistoryTracked):
            rows.append(row(obj, "create"))
    for obj in session.dirty:
        if not isinstance(obj, HistoryTracked):
            continue
        state = sa.inspect(obj)
        for key in _tracked_fields(obj):
            changes = state.attrs[key].history
            if not changes.has_changes():
                continue
            old = changes.deleted[0] if changes.deleted else None
            new = changes.added[0] if changes.added else None
            if old == new:
                continue
            if key in obj.__history_personal__:
                rows.append(row(obj, "update", field=key, redacted=True))
            else:
                rows.append(row(obj, "update", field=key, old_value=as_text(old), new_value=as_text(new)))
    for obj in session.deleted:
        if isinstance(obj, HistoryTracked):
            rows.append(row(obj, "delete"))
    return rows


# What runs after each flush's history rows: projections of the changed records that must never fall behind
# them (petitions.lookup.projection keeps the citizens' lookup). Registered by their area when imported.
FlushFollower = Callable[[Session], None]
_FOLLOWERS: list[FlushFollower] = []


def follow_flushes(follower: FlushFollower) -> None:
    """Run `follower(session)` after every flush, right after its history rows, on the flush's connection and
    in its transaction: it sees the flush's new/dirty/deleted objects and their attribute histories as history
    does, so every change that writes history reaches it, whichever service made it. It must write with Core
    statements on `session.connection()` (the unit of work is still flushing) and return quickly when the
    flush touched nothing it follows. Registering the same follower twice keeps one."""
    if follower not in _FOLLOWERS:
        _FOLLOWERS.append(follower)


@sa.event.listens_for(Session, "after_flush")
def _write_history(session: Session, _flush_context: Any) -> None:
    # after_flush still sees the pre-flush new/dirty/deleted sets and attribute histories, and
    # new rows already have their ids. A Core insert on the flush's connection keeps the rows in
    # the same transaction without disturbing the unit of work.
    rows = _rows_for(session)
    if rows:
        session.connection().execute(sa.insert(HistoryEntry.__table__), rows)
    for follower in _FOLLOWERS:
        follower(session)


# Reading ---------------------------------------------------------------------------------


def history_of(record_type: str, record_id: int) -> list[HistoryEntry]:
    """Every history row of one record, oldest first."""
    return list(
        db.session.scalars(
            sa.select(HistoryEntry)
            .where(HistoryEntry.record_type == record_type, HistoryEntry.record_id == record_id)
            .order_by(HistoryEntry.id)
        )
    )


def latest_entry(obj: HistoryTracked) -> HistoryEntry | None:
    """The most recent history row of a record: who saved it last, and when."""
    return db.session.scalar(
        sa.select(HistoryEntry)
        .where(HistoryEntry.record_type == obj.__history_type__, HistoryEntry.record_id == obj.id)
        .order_by(HistoryEntry.id.desc())
        .limit(1)
    )
