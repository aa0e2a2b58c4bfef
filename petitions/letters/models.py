"""Letters (đơn) and their dated status events; the letters issue extends both."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from petitions.clock import utcnow
from petitions.directory.models import Agency
from petitions.domain.records import ComplaintSubtype, LetterStatus, LetterType
from petitions.domain.text import fold_text, normalise_text
from petitions.extensions import db
from petitions.history import HistoryTracked


class Letter(HistoryTracked, db.Model):
    """One letter in the office's register (số đăng ký per year).

    A denunciation never points at a citizen: its denouncer is behind `identity_ref_id`
    (petitions.vault), so that only cleared users can link a person to a denunciation.
    """

    __tablename__ = "letter"
    __history_type__ = "letter"
    __history_personal__ = frozenset({"identity_ref_id"})

    id: Mapped[int] = mapped_column(primary_key=True)
    register_year: Mapped[int]
    register_number: Mapped[int]
    letter_type: Mapped[LetterType] = mapped_column(sa.Enum(LetterType, native_enum=False, length=32))
    complaint_subtype: Mapped[ComplaintSubtype | None] = mapped_column(
        sa.Enum(ComplaintSubtype, native_enum=False, length=32)
    )
    status: Mapped[LetterStatus] = mapped_column(
        sa.Enum(LetterStatus, native_enum=False, length=32), default=LetterStatus.RECEIVED
    )
    received_on: Mapped[date]
    letter_dated_on: Mapped[date | None]
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    summary_folded: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    citizen_id: Mapped[int | None] = mapped_column(sa.ForeignKey("citizen.id"), index=True)
    identity_ref_id: Mapped[int | None] = mapped_column(sa.ForeignKey("identity_ref.id"))
    # The office responsible for the letter (scoping, reports) …
    agency_in_charge_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    # … and the body it was forwarded or assigned to, whose liaison officer may see it.
    assigned_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agency_in_charge: Mapped[Agency] = relationship(foreign_keys=[agency_in_charge_id])
    assigned_agency: Mapped[Agency | None] = relationship(foreign_keys=[assigned_agency_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.Index("ix_letter_register", "register_year", "register_number"),)

    @validates("summary")
    def _normalise_summary(self, _key: str, value: str) -> str:
        value = normalise_text(value)
        self.summary_folded = fold_text(value)
        return value

    def __repr__(self) -> str:
        return f"<Letter {self.register_number}/{self.register_year}>"


class LetterStatusEvent(db.Model):
    """A dated status of a letter, for the reports (append-only; one row per transition)."""

    __tablename__ = "letter_status_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(sa.ForeignKey("letter.id"), index=True)
    status: Mapped[LetterStatus] = mapped_column(sa.Enum(LetterStatus, native_enum=False, length=32))
    effective_on: Mapped[date] = mapped_column(index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(sa.String(500))
