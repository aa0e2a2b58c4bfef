"""The citizens' lookup tables: the projection the public lookup app reads (with the signed copies of the papers
sent to the citizen), and the log of its attempts.

The lookup app (petitions.lookup.app) reads and writes only these tables. `lookup_entry` is written by the
officers' side (petitions.lookup.projection) whenever a receipt's visit, letter, case or papers change;
`lookup_attempt` by the lookup app, one row per attempt, which is also what its lock-out counts.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from petitions.clock import utcnow
from petitions.extensions import Model


class LookupEntry(Model):
    """One receipt's matter as the citizen may see it: no person's name, no content, no internal id but the
    receipt it is refreshed from. `code_key` is the SHA-256 of the receipt's code (petitions.domain.lookup
    .code_key), `pin_hash` a copy of the receipt's salted PIN hash (a reprint's new PIN replaces it)."""

    __tablename__ = "lookup_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(sa.ForeignKey("receipt.id"), unique=True)
    code_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    pin_hash: Mapped[str] = mapped_column(sa.String(200))
    received_on: Mapped[date]
    stage: Mapped[str] = mapped_column(sa.String(32))  # petitions.domain.lookup.Stage.code
    stage_text: Mapped[str] = mapped_column(sa.String(255))  # the sentence the citizen reads
    agency_name: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    due_on: Mapped[date | None]
    due_label: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    # [{"kind", "name", "number", "issued_on"}]: the issued papers addressed to the citizen (domain.lookup.paper_entry).
    papers: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<LookupEntry receipt={self.receipt_id} {self.stage}>"


class LookupFile(Model):
    """The signed copy of a paper addressed to the citizen (petitions.domain.lookup.CITIZEN_PAPERS), copied from
    the officers' file store when the copy was attached, so that the lookup app serves it from this table alone.
    `token` names it in the download link (random, kept while the copy stays the same); the link is also signed
    with the entry's PIN hash and expires (petitions.lookup.services.download_link)."""

    __tablename__ = "lookup_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(sa.ForeignKey("receipt.id"), index=True)
    token: Mapped[str] = mapped_column(sa.String(32), unique=True)
    file_name: Mapped[str] = mapped_column(sa.String(120))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<LookupFile receipt={self.receipt_id} {self.file_name}>"


class LookupAttempt(Model):
    """One lookup on the public page: the code's key (never the code, never the PIN), the address it came from
    (an IPv6 address by its /64), the outcome, the moment. The lock-out counts these rows in the database, so
    it holds across every worker and instance (or counts in Redis when REDIS_URL is set: petitions.lookup.limits).
    """

    __tablename__ = "lookup_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    code_key: Mapped[str] = mapped_column(sa.String(64))
    address: Mapped[str] = mapped_column(sa.String(64))
    # found | unknown | wrong_pin | malformed | locked | download
    outcome: Mapped[str] = mapped_column(sa.String(16))

    __table_args__ = (
        # The lock-out's two counts: a code's, an address's failures within the window.
        sa.Index("ix_lookup_attempt_code", "code_key", "attempted_at"),
        sa.Index("ix_lookup_attempt_address", "address", "attempted_at"),
        sa.Index("ix_lookup_attempt_at", "attempted_at"),
    )

    def __repr__(self) -> str:
        return f"<LookupAttempt {self.outcome} {self.attempted_at}>"
