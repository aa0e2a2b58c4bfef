"""A referral: one item an office sent to a body (a forwarding paper issued, a hand-over inside the system),
with the body's answer and its waiting clock's due date; and its append-only events."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.clock import utcnow
from petitions.directory.models import Agency
from petitions.domain.records import CaseVerdict
from petitions.domain.referrals import AnswerVia, ReferralAct, ReferralKind, ReferralOutcome, ReferralStatus
from petitions.extensions import Model
from petitions.history import HistoryTracked
from petitions.letters.models import Letter


class Referral(HistoryTracked, Model):
    """One item sent to one body. `agency_id` is the receiving body (its liaison and officers see the item in
    the workspace), `office_agency_id` the office that sent it (it reviews the answer). `answer_due_on` is a
    projection of the referral's open waiting clock (D25 or the system's W1, petitions.deadlines), kept by the
    clock services so that the overdue filter reads one indexed column."""

    __tablename__ = "referral"
    __history_type__ = "referral"
    # A body's answer may name people: a purge (destroyed letter) records it as changed without values.
    __history_personal__ = frozenset({"answer_summary"})

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(sa.ForeignKey("letter.id"), index=True)
    case_file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    office_agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    kind: Mapped[ReferralKind] = mapped_column(sa.Enum(ReferralKind, native_enum=False, length=16))
    sent_on: Mapped[date]
    source_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"))
    direction: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    status: Mapped[ReferralStatus] = mapped_column(
        sa.Enum(ReferralStatus, native_enum=False, length=16), default=ReferralStatus.SENT
    )
    answer_due_on: Mapped[date | None]
    # Days of an extension the body asked for and the office has not decided yet.
    extension_requested_days: Mapped[int | None]
    acknowledged_on: Mapped[date | None]
    # The answer (the body's in its workspace, or a paper reply the office registered).
    answer_via: Mapped[AnswerVia | None] = mapped_column(sa.Enum(AnswerVia, native_enum=False, length=16))
    answer_number: Mapped[str | None] = mapped_column(sa.String(100))
    answer_on: Mapped[date | None]
    answer_summary: Mapped[str | None] = mapped_column(sa.Text)
    answer_attachment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter_attachment.id"))
    # What the reports count: what the body did, and (a complaint or denunciation settled) what it found.
    outcome: Mapped[ReferralOutcome | None] = mapped_column(sa.Enum(ReferralOutcome, native_enum=False, length=16))
    verdict: Mapped[CaseVerdict | None] = mapped_column(sa.Enum(CaseVerdict, native_enum=False, length=32))
    decision_number: Mapped[str | None] = mapped_column(sa.String(100))
    decision_on: Mapped[date | None]
    answered_at: Mapped[datetime | None]
    completed_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    letter: Mapped[Letter] = relationship()
    agency: Mapped[Agency] = relationship(foreign_keys=[agency_id])
    office_agency: Mapped[Agency] = relationship(foreign_keys=[office_agency_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The workspace's list (a body's items, newest first, by state) and its overdue filter.
        sa.Index("ix_referral_agency_sent", "agency_id", "sent_on", "id"),
        sa.Index("ix_referral_agency_status_sent", "agency_id", "status", "sent_on", "id"),
        sa.Index("ix_referral_agency_due", "agency_id", "answer_due_on", "id"),
        # The office's "responses to review" (answered, by the office that sent them).
        sa.Index("ix_referral_office_status", "office_agency_id", "status", "answered_at", "id"),
        # The extension requests waiting for the office's leaders (few rows among many).
        sa.Index("ix_referral_office_extension", "office_agency_id", "extension_requested_days", "id"),
        # The lists' orders alone: a body or an office of several agencies is matched as `agency + 0 IN (...)` on
        # SQLite (petitions.directory.queries.in_agency_subtree), which then walks the order's index and stops after
        # a page instead of sorting every row of the subtree.
        sa.Index("ix_referral_sent", "sent_on", "id"),
        sa.Index("ix_referral_due", "answer_due_on", "id"),
        sa.Index("ix_referral_status_answered", "status", "answered_at", "id"),
        # Agency performance (petitions.performance): a body's answers in a window in answer order, an office's
        # answers in a window, and the answer date alone for an office of several agencies (`+ 0 IN` on SQLite).
        sa.Index("ix_referral_agency_answer", "agency_id", "answer_on", "id"),
        sa.Index("ix_referral_office_answer", "office_agency_id", "answer_on", "id"),
        sa.Index("ix_referral_answer", "answer_on", "id"),
        # Agency performance: the referrals an office sent in a window (its "received" figure).
        sa.Index("ix_referral_office_sent", "office_agency_id", "sent_on", "id"),
    )

    @property
    def is_open(self) -> bool:
        return self.status != ReferralStatus.COMPLETED

    def __repr__(self) -> str:
        return f"<Referral {self.id} letter={self.letter_id} agency={self.agency_id} {self.status}>"


class ReferralEvent(Model):
    """One act on a referral (acknowledgement, progress, answer, paper reply, return, acceptance, extension
    asked, granted or refused, a move to a successor body), with who, when and what. Append-only."""

    __tablename__ = "referral_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referral.id"), index=True)
    act: Mapped[ReferralAct] = mapped_column(sa.Enum(ReferralAct, native_enum=False, length=24))
    effective_on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    days: Mapped[int | None]
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    actor_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor = relationship("User")

    def __repr__(self) -> str:
        return f"<ReferralEvent {self.referral_id} {self.act}>"
