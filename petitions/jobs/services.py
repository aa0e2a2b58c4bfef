"""The one job interface: `enqueue(kind, user=…, **params)` writes a job row in the caller's transaction; once that
transaction commits the job is handed to a runner — RQ over Redis when REDIS_URL is set (`petitions worker` runs
it), otherwise a thread of the app itself, so a single machine needs nothing more.

Both runners call `perform(job_id)`, which holds every rule:
- **Idempotent.** A runner claims the row (QUEUED → RUNNING, attempts + 1) in one UPDATE and commits before it
  works; a job delivered twice, or a finished job run again, finds nothing to claim and does nothing. A handler
  writes its file under the job's own name (`open_result`: a temporary file renamed when complete), so an attempt
  that died half-way leaves no second file and the next attempt replaces the same one.
- **Retried with a limit.** A failed attempt puts the row back in QUEUED until `max_attempts` (JOBS_MAX_ATTEMPTS);
  a `JobFailed(permanent=True)` (bad parameters, a refusal) is not retried. Then the row is FAILED.
- **Failures shown to their owner.** `error` holds a Vietnamese message for the jobs page ("Công việc của tôi"):
  the handler's own (`JobFailed`) or a general one; the technical cause goes to the log only, never to the page.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from flask import Flask, current_app
from redis import Redis
from rq import Queue
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from petitions.auth.models import User
from petitions.clock import utcnow
from petitions.extensions import db, immediate_transactions
from petitions.jobs.models import Job, JobStatus

log = logging.getLogger("petitions.jobs")


def N_(message: str) -> str:
    """A msgid stored as it is and translated when shown (babel extracts N_ by default)."""
    return message


# Messages shown on the jobs page (stored as their msgid, translated when shown).
GENERAL_FAILURE = N_("Công việc gặp lỗi hệ thống. Vui lòng thử lại sau hoặc báo quản trị viên.")
UNKNOWN_KIND = N_("Hệ thống không còn loại công việc này.")


class JobFailed(Exception):
    """A failure a handler can explain to the user: `message` is a Vietnamese msgid shown on the jobs page.
    `permanent`: trying again cannot help (the parameters or a rule refuse it), so no retry."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


@dataclass(frozen=True)
class JobResult:
    """What a handler produced: a file under the job's folder (relative to UPLOAD_FOLDER) and its download name."""

    path: str
    name: str


Handler = Callable[[Job], JobResult | None]


@dataclass(frozen=True)
class _Registered:
    run: Handler
    label: object  # what the jobs page calls this kind (a lazy string)


_HANDLERS: dict[str, _Registered] = {}


def register_handler(kind: str, run: Handler, *, label: object) -> None:
    """Name the function that performs jobs of `kind` (each area registers its own when imported)."""
    _HANDLERS[kind] = _Registered(run, label)


def kind_label(kind: str) -> object:
    registered = _HANDLERS.get(kind)
    return registered.label if registered else kind


class Outcome(StrEnum):
    DONE = "done"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"  # nothing to claim: finished, failed, or being run by another runner


# ------------------------------------------------------------------------------------------------ enqueue

_PENDING = "jobs.pending"  # Session.info key: ids of the jobs this transaction queued, dispatched once it commits


def enqueue(kind: str, *, user: User, max_attempts: int | None = None, **params: Any) -> Job:
    """Queue a job of `kind` for `user` with JSON-serialisable `params`. Flushes; the caller commits, and the job
    is handed to the runner after that commit (a rolled-back request queues nothing)."""
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(
        kind=kind,
        params=params,
        user_id=user.id,
        status=JobStatus.QUEUED,
        max_attempts=max_attempts or int(current_app.config.get("JOBS_MAX_ATTEMPTS", 3)),
    )
    db.session.add(job)
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append(job.id)
    return job


def _dispatch_after_commit(session: Session) -> None:
    # Also fires when a SAVEPOINT is released: the jobs wait for the outermost commit.
    if session.get_nested_transaction() is not None:
        return
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    try:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:  # no app context: nothing can run them; the rows stay queued for `petitions jobs`
        log.warning("jobs %s committed outside an app context: left queued", pending)
        return
    for job_id in pending:
        try:
            dispatch(app, job_id)
        except Exception:  # the request's own act is committed: the job stays QUEUED, shown as waiting
            log.exception("job %s could not be handed to the runner", job_id)


def _forget_after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)


if not event.contains(Session, "after_commit", _dispatch_after_commit):
    event.listen(Session, "after_commit", _dispatch_after_commit)
    event.listen(Session, "after_soft_rollback", _forget_after_rollback)


# ------------------------------------------------------------------------------------------------ runners


def uses_rq(app: Flask) -> bool:
    return bool(app.config.get("REDIS_URL"))


def rq_queue(app: Flask) -> Queue:
    """The RQ queue of this app's jobs (REDIS_URL, with its db number; JOBS_QUEUE names the queue)."""
    connection = Redis.from_url(app.config["REDIS_URL"])
    return Queue(app.config.get("JOBS_QUEUE", "petitions"), connection=connection)


def dispatch(app: Flask, job_id: int) -> None:
    """Hand a queued job to the runner: an RQ job (`perform_queued`) or a thread of this process."""
    if uses_rq(app):
        rq_queue(app).enqueue_call(perform_queued, args=(job_id,), result_ttl=0, failure_ttl=86_400)
        return
    thread = threading.Thread(target=_run_in_thread, args=(app, job_id), name=f"petitions-job-{job_id}", daemon=True)
    thread.start()


def perform_queued(job_id: int) -> str:
    """The RQ entry point (run by `petitions worker` inside the app's context): one attempt; a failure with
    attempts left is queued again at once (RQ's delayed retries need its scheduler; the attempts are the row's)."""
    outcome = perform(job_id)
    if outcome is Outcome.RETRY:
        dispatch(current_app._get_current_object(), job_id)  # type: ignore[attr-defined]
    return str(outcome)


def _run_in_thread(app: Flask, job_id: int) -> None:
    delay = float(app.config.get("JOBS_RETRY_DELAY_SECONDS", 5.0))
    while True:
        with app.app_context():
            try:
                outcome = perform(job_id)
            finally:
                db.session.remove()
        if outcome is not Outcome.RETRY:
            return
        time.sleep(delay)
        delay *= 2


# ------------------------------------------------------------------------------------------------ perform


def perform(job_id: int) -> Outcome:
    """One attempt at a job, in the current app context; commits its own steps (claim, result or failure)."""
    session = db.session
    with immediate_transactions():
        claimed = session.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
            .values(status=JobStatus.RUNNING, attempts=Job.attempts + 1, started_at=utcnow())
        ).rowcount  # type: ignore[attr-defined]  # CursorResult of an UPDATE
        session.commit()
    if not claimed:
        return Outcome.SKIPPED
    job = session.get_one(Job, job_id)  # the claimed row: there (a job row is never deleted)
    kind, attempt = job.kind, job.attempts
    registered = _HANDLERS.get(kind)
    try:
        if registered is None:
            raise JobFailed(UNKNOWN_KIND, permanent=True)
        result = registered.run(job)
        session.commit()  # what the handler wrote (its log rows) before the job is marked done
    except Exception as error:
        session.rollback()
        log.exception("job %s (%s): attempt %s failed", job_id, kind, attempt)
        return _record_failure(job_id, error)
    with immediate_transactions():
        job = session.get_one(Job, job_id)
        job.status = JobStatus.DONE
        job.error = None
        job.finished_at = utcnow()
        if result is not None:
            job.result_path, job.result_name = result.path, result.name
        session.commit()
    return Outcome.DONE


def _record_failure(job_id: int, error: Exception) -> Outcome:
    session = db.session
    with immediate_transactions():
        job = session.get_one(Job, job_id)
        permanent = isinstance(error, JobFailed) and error.permanent
        retry = not permanent and job.attempts < job.max_attempts
        job.error = error.message if isinstance(error, JobFailed) else GENERAL_FAILURE
        job.status = JobStatus.QUEUED if retry else JobStatus.FAILED
        if not retry:
            job.finished_at = utcnow()
        session.commit()
    return Outcome.RETRY if retry else Outcome.FAILED


def requeue_stuck(*, older_than_seconds: int) -> int:
    """Jobs left RUNNING by a runner that died (a worker killed, the app restarted mid-job) back to QUEUED, or to
    FAILED when their attempts are spent. Flushes; the caller commits and dispatches. Returns their ids' count."""
    cutoff = utcnow().timestamp() - older_than_seconds
    stuck = [
        job
        for job in db.session.scalars(sa.select(Job).where(Job.status == JobStatus.RUNNING))
        if job.started_at is None or job.started_at.timestamp() < cutoff
    ]
    for job in stuck:
        if job.attempts < job.max_attempts:
            job.status = JobStatus.QUEUED
            db.session.info.setdefault(_PENDING, []).append(job.id)
        else:
            job.status, job.error, job.finished_at = JobStatus.FAILED, GENERAL_FAILURE, utcnow()
    db.session.flush()
    return len(stuck)


def resume_in_process_jobs(app: Flask) -> int:
    """At the start of the single-process server (`petitions start`, no REDIS_URL): every job the database holds as
    running was cut off when the process before it stopped (it was the only runner), so each goes back to the queue
    (or to FAILED when its attempts are spent) and is run again by this process's threads after the commit. With
    REDIS_URL the worker does this at its own start (`petitions worker --requeue-after`). Commits."""
    if uses_rq(app):
        return 0
    count = requeue_stuck(older_than_seconds=0)
    db.session.commit()
    return count


# ------------------------------------------------------------------------------------------------ results


def result_folder(job: Job) -> Path:
    """The job's own folder under UPLOAD_FOLDER (jobs/<id>/): one job's files never meet another's."""
    return Path(current_app.config["UPLOAD_FOLDER"]) / "jobs" / str(job.id)


@contextmanager
def open_result(job: Job, name: str) -> Iterator[tuple[IO[bytes], JobResult]]:
    """A binary file to write the job's result into, and the JobResult naming it. Written to a temporary name and
    renamed once the block ends without error, so a download never reads half a file and an attempt that fails
    leaves nothing behind (the next attempt writes the same name again)."""
    folder = result_folder(job)
    folder.mkdir(parents=True, exist_ok=True)
    stored = "result" + Path(name).suffix.lower()
    final = folder / stored
    partial = folder / (stored + ".part")
    try:
        with partial.open("wb") as handle:
            yield handle, JobResult(path=f"jobs/{job.id}/{stored}", name=name)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)


def result_file(job: Job) -> Path | None:
    """The finished job's file, when it made one and it is still there."""
    if job.status is not JobStatus.DONE or not job.result_path:
        return None
    path = Path(current_app.config["UPLOAD_FOLDER"]) / job.result_path
    return path if path.is_file() else None
