"""The working calendar (days, confirmed versions) and the statutory clocks running on letters and cases."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.auth.models import User
from petitions.clock import utcnow
from petitions.domain.calendar_data import DayKind
from petitions.extensions import Model
from petitions.history import HistoryTracked


class CalendarVersion(Model):
    """One confirmation of the calendar: a year confirmed, or a confirmed year edited.

    Every stored due date names the version it was computed with (`Clock.calendar_version`),
    so that a later change can be traced to the administrator and the government decision.
    """

    __tablename__ = "calendar_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(100), unique=True)
    first_year: Mapped[int]
    last_year: Mapped[int]
    decision_numbers: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    confirmed_by: Mapped[User | None] = relationship()

    @property
    def years_label(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    def __repr__(self) -> str:
        return f"<CalendarVersion {self.label}>"


class CalendarDay(HistoryTracked, Model):
    """A day that differs from the Monday–Friday pattern: a day off, or a make-up working weekend day.

    `calendar_version_id` is empty while the day is a draft (proposed or entered for a year that is
    not confirmed yet); the calendar that counts deadlines reads confirmed days only.
    """

    __tablename__ = "calendar_day"
    __history_type__ = "calendar_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    is_working: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    kind: Mapped[DayKind] = mapped_column(sa.Enum(DayKind, native_enum=False, length=32))
    name: Mapped[str] = mapped_column(sa.String(255))
    source: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    decision_no: Mapped[str | None] = mapped_column(sa.String(100))
    calendar_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("calendar_version.id"), index=True)
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    calendar_version: Mapped[CalendarVersion | None] = relationship()

    @property
    def is_confirmed(self) -> bool:
        return self.calendar_version_id is not None

    def __repr__(self) -> str:
        return f"<CalendarDay {self.day} {'working' if self.is_working else 'off'}>"


class RecordType:
    """What a clock runs on (`Clock.record_type`, at most 16 characters)."""

    LETTER = "letter"
    CASE = "case"
    VISIT = "visit"  # D7 (answer the citizen), D6 (refusal notice)
    SESSION = "session"  # a reception session: D1 (publish the schedule), counted backwards
    REFERRAL = "referral"  # an item sent to a body: its answer (D25 for a forwarded denunciation, else W1)


# A record's history type → the clock's record type.
CLOCK_RECORD_TYPES = {
    "letter": RecordType.LETTER,
    "case": RecordType.CASE,
    "visit": RecordType.VISIT,
    "reception_session": RecordType.SESSION,
    "referral": RecordType.REFERRAL,
}


def clock_record_key(record: object) -> tuple[str, int] | None:
    """(record type, id) of a saved record a clock may run on; None for anything else."""
    record_type = CLOCK_RECORD_TYPES.get(getattr(record, "__history_type__", None) or "")
    record_id = getattr(record, "id", None)
    if record_type is None or record_id is None:
        return None
    return record_type, record_id


class Clock(HistoryTracked, Model):
    """A statutory clock (DOMAIN §5) running on a letter, a case, a visit or a reception session, with its stored, explained due date.

    The due date is computed once by the services and stored with the calendar version used; it
    changes only when the clock itself changes (pause, resume, extension) or through the calendar
    change flow, never because the `holidays` package was upgraded. `due_on` is empty when the count
    reached a year whose calendar is not confirmed yet: confirming that year fills it.
    """

    __tablename__ = "clock"
    __history_type__ = "clock"
    # The explanation and version follow the due date; its history row is enough.
    __history_ignored__ = frozenset(
        {
            "id",
            "version",
            "created_at",
            "updated_at",
            "explanation",
            "calendar_version",
            "generation",
            # The variants' own history row carries the change and its reason; this list only feeds the
            # explanation.
            "variant_changes",
        }
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(sa.String(16))
    record_id: Mapped[int]
    rule_id: Mapped[str] = mapped_column(sa.String(8))
    trigger_on: Mapped[date]
    # Variant values in their declared order, comma-separated ("complex,remote").
    variants: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    base: Mapped[int | None]
    # One length per extension granted, in the rule's unit.
    extension_days: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    # Completed suspensions [[P, R], ...] as ISO dates; an open one is `paused_since`.
    pauses: Mapped[list[list[str]]] = mapped_column(sa.JSON, default=list)
    paused_since: Mapped[date | None]
    # Objective obstacle periods [[A, B], ...] (D12, D13), inclusive, ISO dates.
    obstacles: Mapped[list[list[str]]] = mapped_column(sa.JSON, default=list)
    # The case classed again while the clock ran (complex, remote …), oldest first:
    # [{"on": ISO date, "old": "complex", "new": "complex,remote", "reason": "...", "previous_due": ISO | null}].
    variant_changes: Mapped[list[dict[str, str | None]]] = mapped_column(
        sa.JSON, default=list, server_default=sa.text("'[]'")
    )
    due_on: Mapped[date | None]
    explanation: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    calendar_version: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    generation: Mapped[date | None]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(sa.String(255))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.Index("ix_clock_record", "record_type", "record_id"),
        sa.Index("ix_clock_open", "closed_at", "due_on"),
    )

    # The worklist's view of a clock (petitions.domain.deadlines.ClockLike).
    @property
    def due(self) -> date | None:
        return self.due_on

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    @property
    def variant_list(self) -> list[str]:
        return [v for v in self.variants.split(",") if v]

    @property
    def extensions(self) -> int:
        return len(self.extension_days or [])

    def __repr__(self) -> str:
        return f"<Clock {self.rule_id} {self.record_type}#{self.record_id} due {self.due_on}>"
