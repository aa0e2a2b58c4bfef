"""Submitted reports (nộp báo cáo): the frozen set of one body and one window, as it was sent.

Append-only (the database refuses UPDATE and DELETE, as on history_entry): a correction is a new row
that supersedes the last one (``supersedes_id``, the next ``sequence``); the old row stays as it was sent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from petitions.auth.models import User
from petitions.clock import utcnow
from petitions.directory.models import Agency
from petitions.documents.models import Document
from petitions.domain.periods import Generation
from petitions.extensions import Model
from petitions.history import HistoryTracked


class ReportSubmission(HistoryTracked, Model):
    """One submission of a period's whole report (the cover and every form) by one body.

    ``figures``: the set's JSON as sent (every form's figures keyed by its code, the narrative);
    ``records``: for every figure, the records it counted (petitions.domain.submissions' snapshot);
    ``pdf`` and ``xlsx``: the rendered files, byte for byte, with their SHA-256. The large columns are
    deferred: a list of submissions never reads them.
    """

    __tablename__ = "report_submission"
    __history_type__ = "report_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    period_code: Mapped[str] = mapped_column(sa.String(32))  # 2026-Q3, 2026-9M, or 2026-06-15..2026-09-14
    window_start_on: Mapped[date]
    window_end_on: Mapped[date]
    generation: Mapped[Generation] = mapped_column(sa.Enum(Generation, native_enum=False, length=16))
    sequence: Mapped[int]  # 1 for the first submission of the body and window, 2 for its first correction …
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("report_submission.id"), unique=True)
    cover_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"))
    figures_as_of: Mapped[date]  # the day the set was built (its date lines; a window not closed: its data)
    reason: Mapped[str | None] = mapped_column(sa.String(500))  # why a correction was sent
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    pdf_sha256: Mapped[str] = mapped_column(sa.String(64))
    xlsx_sha256: Mapped[str] = mapped_column(sa.String(64))
    pdf_size: Mapped[int]
    xlsx_size: Mapped[int]
    figures: Mapped[dict[str, Any]] = deferred(mapped_column(sa.JSON, nullable=False))
    records: Mapped[dict[str, Any]] = deferred(mapped_column(sa.JSON, nullable=False))
    pdf: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary, nullable=False))
    xlsx: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary, nullable=False))

    agency: Mapped[Agency] = relationship(foreign_keys=[agency_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    cover_document: Mapped[Document | None] = relationship(foreign_keys=[cover_document_id])

    __table_args__ = (
        # One submission per (body, window, sequence): of two submissions racing for the same next sequence
        # the second fails here, so two can never both be current (petitions.reports.submissions).
        sa.UniqueConstraint(
            "agency_id", "window_start_on", "window_end_on", "sequence", name="uq_report_submission_sequence"
        ),
        sa.Index("ix_report_submission_agency_list", "agency_id", "id"),
    )

    def __repr__(self) -> str:
        return f"<ReportSubmission #{self.id} agency={self.agency_id} {self.period_code} ({self.sequence})>"
