"""The e-mail outbox: a message is written in the transaction of the act that causes it and sent over SMTP
after that transaction commits, so that a rolled-back act sends nothing and a failed send is retried."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from petitions.clock import utcnow
from petitions.extensions import Model


class MailStatus(StrEnum):
    QUEUED = "queued"  # waiting to be sent (or to be retried)
    SENDING = "sending"  # claimed by one sender (no other sends it); back to QUEUED, SENT or FAILED after
    SENT = "sent"  # the SMTP server accepted it
    FAILED = "failed"  # gave up after the configured attempts; the last error says why


class OutgoingMail(Model):
    """One notification e-mail to one address. `document_id` names the document whose signed PDF travels with
    it (read from the document store when sending, never copied here); `record_type`/`record_id` the act
    that caused it (a chase step). It never carries a denouncer's identity: its text is built from the
    document's register data only."""

    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(sa.String(320))
    subject: Mapped[str] = mapped_column(sa.String(500))
    body_text: Mapped[str] = mapped_column(sa.Text)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"))
    purpose: Mapped[str] = mapped_column(sa.String(32))
    record_type: Mapped[str | None] = mapped_column(sa.String(32))
    record_id: Mapped[int | None]
    status: Mapped[MailStatus] = mapped_column(
        sa.Enum(MailStatus, native_enum=False, length=16), default=MailStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    message_id: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    __table_args__ = (
        sa.Index("ix_outgoing_mail_status", "status", "id"),
        sa.Index("ix_outgoing_mail_record", "record_type", "record_id"),
    )

    def __repr__(self) -> str:
        return f"<OutgoingMail {self.id} {self.purpose} {self.status}>"
