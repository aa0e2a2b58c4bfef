"""Reception records: reception sessions, visits (lượt tiếp) with their persons and representatives,
and the intake screen's server-side drafts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from petitions.citizens.models import Citizen
from petitions.clock import utcnow
from petitions.directory.models import Agency
from petitions.domain.deadlines import LeaderLevel
from petitions.domain.reception import (
    RepresentativeKind,
    SessionKind,
    SessionMode,
    SessionStatus,
    VisitClass,
    VisitOutcome,
)
from petitions.domain.records import ComplaintSubtype
from petitions.domain.text import fold_text, normalise_text
from petitions.extensions import Model
from petitions.history import HistoryTracked


def _enum(kind: type, length: int = 32) -> sa.Enum:
    return sa.Enum(kind, native_enum=False, length=length)


class ReceptionSession(HistoryTracked, Model):
    """A reception session (kỳ tiếp): regular, a head's periodic or unscheduled one, or a delegated one."""

    __tablename__ = "reception_session"
    __history_type__ = "reception_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    kind: Mapped[SessionKind] = mapped_column(_enum(SessionKind, 16))
    mode: Mapped[SessionMode] = mapped_column(_enum(SessionMode, 16), default=SessionMode.IN_PERSON)
    status: Mapped[SessionStatus] = mapped_column(_enum(SessionStatus, 16), default=SessionStatus.PLANNED)
    held_on: Mapped[date] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    leader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    leader_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    leader_level: Mapped[LeaderLevel | None] = mapped_column(_enum(LeaderLevel))
    participating_agencies: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    planned_content: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # D1 (publish the schedule 5 working days before) is the session's clock: reception.queries.publish_by_dates.
    schedule_published_on: Mapped[date | None]
    postponed_reason: Mapped[str | None] = mapped_column(sa.String(500))
    postponement_announced_on: Mapped[date | None]
    conclusion_notice_number: Mapped[str | None] = mapped_column(sa.String(64))
    recording_reference: Mapped[str | None] = mapped_column(sa.String(128))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agency: Mapped[Agency] = relationship()
    leader = relationship("User", foreign_keys=[leader_id])

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<ReceptionSession {self.id} {self.kind} {self.held_on}>"


class Visit(HistoryTracked, Model):
    """One row of the reception book (sổ tiếp công dân, NĐ 154 Mẫu 03/TCD) and what came of it.

    A denunciation's visitor is never linked to a citizen record: `identity_ref_id` points into the
    identity vault, and only cleared users see it (DOMAIN §8).
    """

    __tablename__ = "visit"
    __history_type__ = "visit"
    __history_personal__ = frozenset({"citizen_id", "identity_ref_id", "statement"})

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    book_year: Mapped[int]
    book_number: Mapped[int]
    visited_on: Mapped[date]
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reception_session.id"), index=True)
    kind: Mapped[SessionKind] = mapped_column(_enum(SessionKind, 16))
    mode: Mapped[SessionMode] = mapped_column(_enum(SessionMode, 16), default=SessionMode.IN_PERSON)
    officer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    presiding_leader: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    citizen_id: Mapped[int | None] = mapped_column(sa.ForeignKey("citizen.id"), index=True)
    identity_ref_id: Mapped[int | None] = mapped_column(sa.ForeignKey("identity_ref.id"))
    classification: Mapped[VisitClass] = mapped_column(_enum(VisitClass, 16))
    complaint_subtype: Mapped[ComplaintSubtype | None] = mapped_column(_enum(ComplaintSubtype))
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    summary_folded: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    headcount: Mapped[int] = mapped_column(default=1, server_default="1")
    is_delegation: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    respondent: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    already_resolved_by: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    within_competence: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    with_letter: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    statement: Mapped[str | None] = mapped_column(sa.Text)
    documents_handed: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    outcome: Mapped[VisitOutcome] = mapped_column(_enum(VisitOutcome, 16))
    guided_to: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    guided_document_number: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    forwarded_to: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    forwarded_document_number: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    refusal_ground_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reference_item.id"))
    refusal_explanation: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    follow_up: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    recording_reference: Mapped[str | None] = mapped_column(sa.String(128))
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_file.id"))  # ix_visit_case_visited
    # This visit's rank among the visits of its case (1 = first time): the repeat counter.
    repeat_number: Mapped[int] = mapped_column(default=1, server_default="1")
    # The due dates D7 (answer the citizen) and D6 (refusal notice) are the visit's clocks in
    # petitions.deadlines, read with reception.queries.visit_due_dates.
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agency: Mapped[Agency] = relationship()
    session: Mapped[ReceptionSession | None] = relationship()
    citizen: Mapped[Citizen | None] = relationship()
    officer = relationship("User", foreign_keys=[officer_id])
    refusal_ground = relationship("ReferenceItem")
    identity_ref = relationship("IdentityRef")
    persons: Mapped[list[VisitPerson]] = relationship(back_populates="visit", order_by="VisitPerson.id")
    representatives: Mapped[list[Representative]] = relationship(
        back_populates="visit", order_by="Representative.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("agency_id", "book_year", "book_number", name="uq_visit_book_number"),
        sa.Index("ix_visit_list", "agency_id", "visited_on", "id"),
        # Users who see the whole tree page through every visit in date order.
        sa.Index("ix_visit_visited", "visited_on", "id"),
        # A case's visits in date order (its page); any lookup by case uses its first column.
        sa.Index("ix_visit_case_visited", "case_id", "visited_on", "id"),
    )

    @validates("summary")
    def _normalise_summary(self, _key: str, value: str) -> str:
        value = normalise_text(value)
        self.summary_folded = fold_text(value)
        return value

    def __repr__(self) -> str:
        return f"<Visit {self.book_number}/{self.book_year}>"


class VisitPerson(Model):
    """A person who came on a visit: the applicant, a group member or someone accompanying them."""

    __tablename__ = "visit_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visit.id"), index=True)
    citizen_id: Mapped[int | None] = mapped_column(sa.ForeignKey("citizen.id"), index=True)
    full_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    role: Mapped[str] = mapped_column(sa.String(16))  # applicant | member | accompanying

    visit: Mapped[Visit] = relationship(back_populates="persons")
    citizen: Mapped[Citizen | None] = relationship()


class Representative(HistoryTracked, Model):
    """A group representative or a proxy (authorised person, lawyer, legal-aid officer, head of an
    organisation) on a visit, with the appointment or authorisation document."""

    __tablename__ = "representative"
    __history_type__ = "representative"
    __history_personal__ = frozenset({"citizen_id"})

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visit.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(sa.ForeignKey("citizen.id"), index=True)
    kind: Mapped[RepresentativeKind] = mapped_column(_enum(RepresentativeKind, 16))
    document_number: Mapped[str] = mapped_column(sa.String(64))
    document_dated_on: Mapped[date | None]
    document_issuer: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    is_certified: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    visit: Mapped[Visit] = relationship(back_populates="representatives")
    citizen: Mapped[Citizen] = relationship()


class IntakeDraft(Model):
    """The intake form as an officer left it, saved on the server while typing (never in the browser),
    so that a long statement survives a timeout and is restored after signing in again."""

    __tablename__ = "intake_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    form_key: Mapped[str] = mapped_column(sa.String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.UniqueConstraint("user_id", "form_key", name="uq_intake_draft_user_form"),)
