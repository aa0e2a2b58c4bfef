"""One step of the chasing ladder proposed for a referral (a reminder, an urging letter, an escalation or a
request for explanation), the leader's decision on it and its document; and the record of each day's run."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.auth.models import User
from petitions.clock import utcnow
from petitions.directory.models import Agency
from petitions.documents.models import Document
from petitions.domain.chasing import ChaseStatus, ChaseStep
from petitions.extensions import Model
from petitions.history import HistoryTracked
from petitions.referrals.models import Referral


class Chase(HistoryTracked, Model):
    """One rung of the ladder for one referral. `office_agency_id` is the office that sent the item (its leaders
    decide), `agency_id` the body chased, `recipient_agency_id` whom the paper is addressed to (the body, or
    its superior for an escalation). `deadline_on` is the body's deadline as it stood when the step was
    proposed. The pair (referral, rung) is unique: building a day's list twice proposes nothing twice."""

    __tablename__ = "chase"
    __history_type__ = "chase"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referral.id"))
    office_agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    recipient_agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    rung: Mapped[int]
    step: Mapped[ChaseStep] = mapped_column(sa.Enum(ChaseStep, native_enum=False, length=24))
    proposed_on: Mapped[date]
    deadline_on: Mapped[date | None]
    status: Mapped[ChaseStatus] = mapped_column(
        sa.Enum(ChaseStatus, native_enum=False, length=16), default=ChaseStatus.PROPOSED
    )
    decided_on: Mapped[date | None]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # Why a leader skipped it, or why it was withdrawn (the answer arrived on …).
    reason: Mapped[str | None] = mapped_column(sa.Text)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    referral: Mapped[Referral] = relationship()
    agency: Mapped[Agency] = relationship(foreign_keys=[agency_id])
    recipient_agency: Mapped[Agency] = relationship(foreign_keys=[recipient_agency_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    document: Mapped[Document | None] = relationship(foreign_keys=[document_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("referral_id", "rung"),
        # The leaders' daily list: an office's steps by state, newest day first.
        sa.Index("ix_chase_office_status_day", "office_agency_id", "status", "proposed_on", "id"),
        # The bodies' performance: the chases sent to a body in a window.
        sa.Index("ix_chase_agency_status_day", "agency_id", "status", "decided_on", "id"),
        sa.Index("ix_chase_document", "document_id"),
    )

    def __repr__(self) -> str:
        return f"<Chase {self.id} referral={self.referral_id} {self.step} {self.status}>"


class ChaseRun(Model):
    """One building of a day's list (`petitions chase`, or the leaders' page): what it proposed and withdrew.
    One row per day; a second run that day updates its counts (it finds nothing new)."""

    __tablename__ = "chase_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_on: Mapped[date] = mapped_column(unique=True)
    runs: Mapped[int] = mapped_column(default=1, server_default="1")
    proposed: Mapped[int] = mapped_column(default=0, server_default="0")
    withdrawn: Mapped[int] = mapped_column(default=0, server_default="0")
    first_run_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_run_at: Mapped[datetime] = mapped_column(default=utcnow)
