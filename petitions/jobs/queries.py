"""Reads of the job table: a user's own jobs (the jobs page), one job loaded for its owner only."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.jobs.models import Job
from petitions.scoping import get_visible_or_404

JOBS_ORDER = (Job.id.desc(),)


def visible_jobs(user: User) -> sa.Select[Any]:
    """The jobs a user may see and download: the ones they started, nobody else's (an administrator's neither:
    a job's file is a personal-data export made under its owner's scope)."""
    return sa.select(Job).where(Job.user_id == user.id)


def get_job_for(user: User, job_id: int) -> Job:
    """The user's own job, or 404 (another user's job looks exactly like a missing one)."""
    job: Job = get_visible_or_404(visible_jobs(user), job_id)
    return job
