"""The job table: what was asked (kind and parameters), by whom, where it stands, and what it produced."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from petitions.clock import utcnow
from petitions.extensions import Model


class JobStatus(StrEnum):
    QUEUED = "queued"  # waiting for a runner (first time, or again after a failed attempt)
    RUNNING = "running"  # claimed by one runner: no other runs it
    DONE = "done"  # finished; result_path names its file when it made one
    FAILED = "failed"  # gave up after max_attempts (or a failure no retry can mend); error says why


class Job(Model):
    """One background job. The row is the truth both runners (thread, RQ) read and write: a runner claims it
    (QUEUED → RUNNING, attempts + 1) in one UPDATE, so a job queued twice or re-run after it finished is not
    run twice. `error` is the text shown to the user who started it (a msgid, translated when shown); the
    technical cause goes to the log only. `result_path` is relative to UPLOAD_FOLDER."""

    __tablename__ = "background_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(48))
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    status: Mapped[JobStatus] = mapped_column(
        sa.Enum(JobStatus, native_enum=False, length=16), default=JobStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    max_attempts: Mapped[int] = mapped_column(default=3, server_default="3")
    error: Mapped[str | None] = mapped_column(sa.String(500))
    result_path: Mapped[str | None] = mapped_column(sa.String(255))
    result_name: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    __table_args__ = (
        # The jobs page: one user's jobs, newest first (keyset on id).
        sa.Index("ix_background_job_user_id", "user_id", "id"),
        sa.Index("ix_background_job_status", "status", "id"),
    )

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.status}>"
