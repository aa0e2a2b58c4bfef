"""GET requests that write a little (the session's once-a-minute activity stamp, an API token's request count)
must not fail when another request commits meanwhile.

On SQLite a deferred transaction that has read cannot become a write once another connection has committed:
SQLite answers "database is locked" at once, without waiting (the fault script `benchmarks/faults.py conflicts`
met 185 such 500s in 1,000 requests). Each test commits a write from another connection just before the request's
own write, the moment that failed; with the write lock taken first, that other write waits instead (it is given a
short timeout and its refusal is expected). On PostgreSQL the same interleaving simply passes.

ASVS 5.0 V15.4 (safe concurrency): shared state is written under the lock that serialises it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask

from petitions import clock
from petitions.auth.models import User, UserSession
from petitions.directory.models import Agency
from petitions.extensions import db
from tests.api.helpers import bearer, token_for
from tests.factories import log_in, make_user


@contextmanager
def another_commit_before(app: Flask, statement_start: str) -> Iterator[list[str]]:
    """Just before the app's engine runs a statement beginning with `statement_start`, commit a write from a
    connection of its own (once). Yields what happened to that write: 'committed' or 'waited out'."""
    outcome: list[str] = []
    with app.app_context():
        engine = db.engine
        other = sa.create_engine(engine.url, **app.config["SQLALCHEMY_ENGINE_OPTIONS"])

        def interfere(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
            if outcome or not statement.lstrip().upper().startswith(statement_start):
                return
            try:
                with other.begin() as connection:
                    if connection.dialect.name == "sqlite":
                        connection.exec_driver_sql("PRAGMA busy_timeout = 200")
                    connection.execute(sa.update(Agency).values(name=Agency.name))
                outcome.append("committed")
            except sa.exc.OperationalError:
                outcome.append("waited out")  # the request held the write lock: the right order

        sa.event.listen(engine, "before_cursor_execute", interfere)
    try:
        yield outcome
    finally:
        sa.event.remove(engine, "before_cursor_execute", interfere)
        other.dispose()


def test_the_activity_stamp_survives_a_commit_between_its_read_and_its_write(committed_app, monkeypatch):
    with committed_app.app_context():
        user_id = make_user(username="stamped-reader").id
        db.session.commit()
    client = committed_app.test_client()
    with committed_app.app_context():
        assert log_in(client, db.session.get(User, user_id)).status_code == 302
    later = clock.utcnow() + timedelta(minutes=5)
    monkeypatch.setattr(clock, "utcnow", lambda: later)

    with another_commit_before(committed_app, "UPDATE USER_SESSION") as outcome:
        response = client.get("/", headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert outcome, "the stamp was never written"
    with committed_app.app_context():
        stamp = db.session.scalar(sa.select(UserSession.last_seen_at).where(UserSession.user_id == user_id))
    assert stamp == later


def test_an_api_read_counts_its_token_when_another_request_commits_meanwhile(committed_app):
    with committed_app.app_context():
        user = make_user(username="api-reader")
        secret = token_for(user)
        db.session.commit()
    client = committed_app.test_client()

    with another_commit_before(committed_app, "UPDATE API_TOKEN") as outcome:
        response = client.get("/api/v1/letters", headers=bearer(secret))

    assert response.status_code == 200, response.get_data(as_text=True)
    assert outcome, "the count was never written"
