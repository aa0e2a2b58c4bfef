"""The job interface in both modes: a thread of the app (no REDIS_URL) and RQ on the Redis of 127.0.0.1:6379.

The runners commit (claim, result, failure) and a thread has a connection of its own, so these tests use a database
of their own with real commits (not the rolled-back SAVEPOINT of the other tests). Each run uses a queue name of its
own on a Redis db number of its own (TEST_REDIS_URL, default db 13), so parallel runs never take each other's jobs.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from flask import Flask
from redis import Redis
from rq import SimpleWorker

from petitions.auth.models import User
from petitions.domain.records import IdType
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.jobs import services
from petitions.jobs.models import Job, JobStatus
from petitions.jobs.services import GENERAL_FAILURE, JobFailed, JobResult, Outcome
from tests.conftest import make_test_app, provision_migrated_database
from tests.factories import log_in, make_agency, make_citizen, make_user
from tests.tools import require_redis

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")

# What the test handlers did, by job id (both runners run in this process: the thread, and SimpleWorker).
RUNS: list[int] = []
REFUSED = "Tham số của công việc không hợp lệ."


def _write(job: Job) -> JobResult:
    RUNS.append(job.id)
    with services.open_result(job, "ket-qua.txt") as (handle, result):
        handle.write(str(job.params["text"]).encode())
    return result


def _flaky(job: Job) -> JobResult:
    RUNS.append(job.id)
    if job.attempts < int(job.params["succeed_at"]):
        with services.open_result(job, "ket-qua.txt") as (handle, _result):
            handle.write(b"half")
            raise RuntimeError("connection reset")  # a half-written file must not stay
    with services.open_result(job, "ket-qua.txt") as (handle, result):
        handle.write(b"whole")
    return result


def _broken(job: Job) -> None:
    RUNS.append(job.id)
    raise RuntimeError("secret technical detail /srv/db")


def _refused(job: Job) -> None:
    RUNS.append(job.id)
    raise JobFailed(REFUSED, permanent=True)


for kind, handler in (("test.write", _write), ("test.flaky", _flaky), ("test.broken", _broken), ("test.refused", _refused)):
    services.register_handler(kind, handler, label=kind)


@pytest.fixture(scope="module")
def jobs_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    with provision_migrated_database(tmp_path_factory.mktemp("jobs-db")) as database:
        application = make_test_app(database, JOBS_RETRY_DELAY_SECONDS=0.0)
        try:
            yield application
        finally:
            with application.app_context():
                db.engine.dispose()


def _redis_or_skip() -> Redis:
    return Redis.from_url(require_redis(TEST_REDIS_URL))


@pytest.fixture(params=["thread", "rq"])
def mode(request: pytest.FixtureRequest, jobs_app: Flask) -> Iterator[str]:
    """Each test runs once per runner; the RQ run on a queue named for this run only."""
    RUNS.clear()
    if request.param == "thread":
        jobs_app.config["REDIS_URL"] = None
        yield "thread"
        return
    _redis_or_skip()
    jobs_app.config["REDIS_URL"] = TEST_REDIS_URL
    jobs_app.config["JOBS_QUEUE"] = f"petitions-test-{secrets.token_hex(6)}"
    try:
        yield "rq"
    finally:
        with jobs_app.app_context():
            queue = services.rq_queue(jobs_app)
            queue.delete(delete_jobs=True)
        jobs_app.config["REDIS_URL"] = None


def _run(app: Flask, mode: str) -> None:
    """Let the runner finish every job: the RQ worker in burst mode in this process, or wait for the threads."""
    if mode == "rq":
        with app.app_context():
            queue = services.rq_queue(app)
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with app.app_context():
            waiting = db.session.scalar(
                sa.select(sa.func.count()).select_from(Job).where(Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
            )
            db.session.remove()
        if not waiting:
            return
        time.sleep(0.05)
    raise AssertionError("jobs still waiting after 30 s")


def _user(app: Flask, role: Role = Role.HANDLER) -> int:
    with app.app_context():
        user = make_user(role=role)
        db.session.commit()
        return user.id


def _enqueue(app: Flask, user_id: int, kind: str, **params: Any) -> int:
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        job = services.enqueue(kind, user=user, **params)
        db.session.commit()  # handed to the runner after this commit
        return job.id


def _job(app: Flask, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job is not None
        db.session.expunge(job)
        return job


def _client(app: Flask, user_id: int) -> Any:
    client = app.test_client()
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        assert log_in(client, user).status_code == 302
    return client


def test_a_job_runs_once_and_its_owner_downloads_the_result(jobs_app: Flask, mode: str) -> None:
    owner = _user(jobs_app)
    job_id = _enqueue(jobs_app, owner, "test.write", text="Nguyễn Thị Ánh")
    _run(jobs_app, mode)

    job = _job(jobs_app, job_id)
    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 1, None)
    assert RUNS == [job_id]
    client = _client(jobs_app, owner)
    page = client.get("/jobs/").get_data(as_text=True)
    assert f'href="/jobs/{job_id}/download"' in page and "Xong" in page
    assert 'class="dropdown-item" href="/jobs/"' in page  # the page is in the menu under the user's name
    with client.get(f"/jobs/{job_id}/download") as download:
        assert download.status_code == 200
        assert download.get_data(as_text=True) == "Nguyễn Thị Ánh"
        assert "ket-qua.txt" in download.headers["Content-Disposition"]


def test_another_user_can_neither_see_nor_download_a_job(jobs_app: Flask, mode: str) -> None:
    owner, other = _user(jobs_app), _user(jobs_app, Role.LEADER)
    job_id = _enqueue(jobs_app, owner, "test.write", text="riêng")
    _run(jobs_app, mode)
    assert _job(jobs_app, job_id).status is JobStatus.DONE

    client = _client(jobs_app, other)
    assert client.get(f"/jobs/{job_id}/download").status_code == 404
    assert client.get("/jobs/999999/download").status_code == 404  # the same answer as a missing job
    assert f"job-{job_id}" not in client.get("/jobs/").get_data(as_text=True)


def test_a_failing_job_is_retried_to_its_limit_and_the_failure_shown_to_its_owner(jobs_app: Flask, mode: str) -> None:
    owner = _user(jobs_app)
    job_id = _enqueue(jobs_app, owner, "test.broken")
    _run(jobs_app, mode)

    job = _job(jobs_app, job_id)
    assert (job.status, job.attempts, job.max_attempts) == (JobStatus.FAILED, 3, 3)
    assert RUNS == [job_id] * 3
    assert job.error == GENERAL_FAILURE and job.finished_at is not None
    page = _client(jobs_app, owner).get("/jobs/").get_data(as_text=True)
    assert "Thất bại" in page and GENERAL_FAILURE in page
    assert "secret technical detail" not in page  # the cause goes to the log, never to the page


def test_a_job_that_fails_once_succeeds_on_the_next_attempt_without_a_half_file(jobs_app: Flask, mode: str) -> None:
    owner = _user(jobs_app)
    job_id = _enqueue(jobs_app, owner, "test.flaky", succeed_at=2)
    _run(jobs_app, mode)

    job = _job(jobs_app, job_id)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    folder = Path(jobs_app.config["UPLOAD_FOLDER"]) / "jobs" / str(job_id)
    assert sorted(p.name for p in folder.iterdir()) == ["result.txt"]
    assert (folder / "result.txt").read_bytes() == b"whole"


def test_a_refused_job_fails_at_once_with_its_own_message(jobs_app: Flask, mode: str) -> None:
    owner = _user(jobs_app)
    job_id = _enqueue(jobs_app, owner, "test.refused")
    _run(jobs_app, mode)

    job = _job(jobs_app, job_id)
    assert (job.status, job.attempts, job.error) == (JobStatus.FAILED, 1, REFUSED)
    assert REFUSED in _client(jobs_app, owner).get("/jobs/").get_data(as_text=True)


def test_a_job_delivered_twice_or_run_again_after_it_finished_runs_once(jobs_app: Flask, mode: str) -> None:
    owner = _user(jobs_app)
    job_id = _enqueue(jobs_app, owner, "test.write", text="một lần")
    services.dispatch(jobs_app, job_id)  # a second delivery of the same row
    _run(jobs_app, mode)
    services.dispatch(jobs_app, job_id)  # and a third after it finished
    _run(jobs_app, mode)
    with jobs_app.app_context():
        assert services.perform(job_id) is Outcome.SKIPPED

    job = _job(jobs_app, job_id)
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert RUNS == [job_id]


def test_a_rolled_back_request_queues_nothing(jobs_app: Flask, mode: str) -> None:
    owner = _user(jobs_app)
    with jobs_app.app_context():
        user = db.session.get(User, owner)
        assert user is not None
        job = services.enqueue("test.write", user=user, text="x")
        job_id = job.id
        db.session.rollback()
    _run(jobs_app, mode)
    assert RUNS == []
    with jobs_app.app_context():
        assert db.session.get(Job, job_id) is None


def test_a_job_interrupted_mid_run_is_queued_again_by_the_worker_start(jobs_app: Flask, mode: str) -> None:
    owner = _user(jobs_app)
    with jobs_app.app_context():
        user = db.session.get(User, owner)
        assert user is not None
        job = services.enqueue("test.write", user=user, text="tiếp")
        db.session.info.pop("jobs.pending")  # as if the runner died after claiming it
        job.status, job.attempts = JobStatus.RUNNING, 1
        db.session.commit()
        job_id = job.id
        assert services.requeue_stuck(older_than_seconds=0) == 1
        db.session.commit()
    _run(jobs_app, mode)
    job = _job(jobs_app, job_id)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)


def test_the_single_process_server_runs_again_at_start_the_jobs_its_last_stop_cut_off(jobs_app: Flask, mode: str) -> None:
    owner = _user(jobs_app)
    with jobs_app.app_context():
        user = db.session.get(User, owner)
        assert user is not None
        job = services.enqueue("test.write", user=user, text="lại")
        db.session.info.pop("jobs.pending")  # the process stopped after claiming it
        job.status, job.attempts = JobStatus.RUNNING, 1
        db.session.commit()
        job_id = job.id
        resumed = services.resume_in_process_jobs(jobs_app)
    if mode == "rq":
        assert resumed == 0  # the worker's start does it (petitions worker --requeue-after)
        assert _job(jobs_app, job_id).status is JobStatus.RUNNING
        with jobs_app.app_context():
            resumed = services.requeue_stuck(older_than_seconds=0)
            db.session.commit()
    assert resumed == 1
    _run(jobs_app, mode)
    job = _job(jobs_app, job_id)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)


def test_the_worker_command_runs_the_queue_or_says_no_worker_is_needed(jobs_app: Flask, mode: str) -> None:
    owner = _user(jobs_app)
    runner = jobs_app.test_cli_runner()
    if mode == "thread":
        result = runner.invoke(args=["worker", "--burst"])
        assert result.exit_code != 0 and "REDIS_URL is not set" in result.output
        return
    job_id = _enqueue(jobs_app, owner, "test.write", text="từ lệnh")
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert f"queue {jobs_app.config['JOBS_QUEUE']}" in result.output
    assert _job(jobs_app, job_id).status is JobStatus.DONE


# ------------------------------------------------------------------------------------------------ an export as a job


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_long_export_becomes_a_job_whose_file_only_its_owner_downloads(jobs_app: Flask, mode: str, fmt: str) -> None:
    with jobs_app.app_context():
        own, other = make_agency(), make_agency()
        for number in range(4):
            make_citizen(agency=own, full_name=f"Công dân {number}", id_type=IdType.CCCD, id_number=f"00120300400{number}")
        make_citizen(agency=other, full_name="Người của cơ quan khác")
        owner = make_user(role=Role.RECEPTION_OFFICER, agency=own).id
        colleague = make_user(role=Role.RECEPTION_OFFICER, agency=own).id
        db.session.commit()
    client = _client(jobs_app, owner)
    jobs_app.config["EXPORT_INLINE_MAX_ROWS"] = 3
    try:
        response = client.post(f"/exports/citizens.{fmt}")
    finally:
        jobs_app.config["EXPORT_INLINE_MAX_ROWS"] = 5_000
    assert response.status_code == 303 and response.headers["Location"].endswith("/jobs/")
    _run(jobs_app, mode)

    with jobs_app.app_context():
        job = db.session.scalars(sa.select(Job).where(Job.user_id == owner)).one()
        assert (job.kind, job.status, job.attempts) == ("export", JobStatus.DONE, 1)
        job_id = job.id
    assert f'href="/jobs/{job_id}/download"' in client.get("/jobs/").get_data(as_text=True)
    with client.get(f"/jobs/{job_id}/download") as download:
        assert download.status_code == 200
        assert f".{fmt}" in download.headers["Content-Disposition"]
        body = download.get_data()
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    else:
        rows = [[cell for cell in row] for row in openpyxl.load_workbook(io.BytesIO(body)).worksheets[0].iter_rows(values_only=True)]
    assert [row[0] for row in rows[1:]] == [f"Công dân {number}" for number in range(4)]  # the scope: no other agency
    assert rows[1][2] == "••••••••4000"
    assert _client(jobs_app, colleague).get(f"/jobs/{job_id}/download").status_code == 404
