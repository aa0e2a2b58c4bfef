"""Cases (vụ việc), their dated status events and restriction lists; the cases issue extends them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from petitions.clock import utcnow
from petitions.directory.models import Agency
from petitions.domain.records import CaseStatus, CaseType, ComplaintSubtype
from petitions.domain.text import fold_text, normalise_text
from petitions.extensions import Model
from petitions.history import HistoryTracked


class CaseFile(HistoryTracked, Model):
    """A matter (vụ việc) that visits and letters concern; `case` is an SQL keyword, hence case_file."""

    __tablename__ = "case_file"
    __history_type__ = "case"
    # The title is the first record's summary (a letter's or a visit's content): purged with a destroyed
    # letter's content, so history records it as changed without values.
    __history_personal__ = frozenset({"title"})

    id: Mapped[int] = mapped_column(primary_key=True)
    case_type: Mapped[CaseType] = mapped_column(sa.Enum(CaseType, native_enum=False, length=32))
    complaint_subtype: Mapped[ComplaintSubtype | None] = mapped_column(
        sa.Enum(ComplaintSubtype, native_enum=False, length=32)
    )
    status: Mapped[CaseStatus] = mapped_column(sa.Enum(CaseStatus, native_enum=False, length=32), default=CaseStatus.OPEN)
    title: Mapped[str] = mapped_column(sa.String(255))
    title_folded: Mapped[str] = mapped_column(sa.String(255))
    opened_on: Mapped[date]
    accepted_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    agency_in_charge_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    assigned_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agency_in_charge: Mapped[Agency] = relationship(foreign_keys=[agency_in_charge_id])

    __mapper_args__ = {"version_id_col": version}

    @validates("title")
    def _normalise_title(self, _key: str, value: str) -> str:
        value = normalise_text(value)
        self.title_folded = fold_text(value)
        return value

    def __repr__(self) -> str:
        return f"<CaseFile {self.id}>"


class CaseFileStatusEvent(Model):
    """A dated status of a case, for the reports (append-only; one row per transition)."""

    __tablename__ = "case_file_status_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_file_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    status: Mapped[CaseStatus] = mapped_column(sa.Enum(CaseStatus, native_enum=False, length=32))
    effective_on: Mapped[date] = mapped_column(index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(sa.String(500))


class CaseRestriction(HistoryTracked, Model):
    """A person or a unit kept away from a case (e.g. the accused officer and their unit).

    A restricted agency excludes its users and the users of every agency below it.
    """

    __tablename__ = "case_restriction"
    __history_type__ = "case_restriction"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_file_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    __table_args__ = (sa.CheckConstraint("user_id IS NOT NULL OR agency_id IS NOT NULL", name="target"),)
