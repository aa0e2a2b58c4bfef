"""Two app instances (two gunicorn masters on two ports, the production configuration file) sharing one
committed database: a sign-in on one is valid on the other, a sign-out on one ends the session on
both, and the per-account lock-out and the per-address limit count the failures of both.

PostgreSQL when DATABASE_URL names it (a database of its own, dropped afterwards), else one SQLite
file that both instances open. Marked `load`: it starts real servers (about half a minute).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from benchmarks.load import csrf_token, ensure_user, petitions_cli, serve, sign_in, top_agency_code
from petitions.auth.services import ACCOUNT_FAILURES_BEFORE_LOCK, ADDRESS_FAILURE_LIMIT
from petitions.config import normalise_database_url

pytestmark = pytest.mark.load

PASSWORD = "two instances share one database"


@pytest.fixture
def shared_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment for the CLI and both servers: one migrated, seeded database and one secret key."""
    env = {key: value for key, value in os.environ.items() if key != "PETITIONS_ENV"}
    env["SECRET_KEY"] = secrets.token_urlsafe(48)
    env["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    url = os.environ.get("DATABASE_URL")
    admin = None
    name = f"test_instances_{secrets.token_hex(4)}"
    if url:
        admin = sa.create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = admin.url.set(database=name).render_as_string(hide_password=False)
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'shared.db'}"
    try:
        petitions_cli(env, "db", "upgrade")
        petitions_cli(env, "seed")
        yield env
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.dispose()


def _attempt(base: str, username: str, password: str) -> int:
    """One sign-in from a fresh browser (no device cookie): the answer's status."""
    return sign_in(base, username, password).status_code


def test_two_instances_share_sessions_lock_outs_and_address_limits(shared_env, tmp_path):
    agency = top_agency_code(shared_env)
    ensure_user(shared_env, "an", PASSWORD, agency=agency)
    ensure_user(shared_env, "binh", PASSWORD, agency=agency)
    with serve(shared_env, workers=1, log_dir=tmp_path) as a, serve(shared_env, workers=1, log_dir=tmp_path) as b:
        # Signed in on A: the same cookie is a live session on B.
        browser = requests.Session()
        assert sign_in(a.base, "an", PASSWORD, browser).status_code == 302
        assert browser.get(b.base + "/letters/", allow_redirects=False).status_code == 200
        # Signed out on B: the session row is ended, so the old cookie no longer opens A either.
        old_cookies = browser.cookies.copy()
        token = csrf_token(browser, b.base + "/letters/")
        assert browser.post(b.base + "/auth/logout", data={"csrf_token": token}, allow_redirects=False).status_code == 302
        replay = requests.Session()
        replay.cookies.update(old_cookies)
        answer = replay.get(a.base + "/letters/", allow_redirects=False)
        assert answer.status_code == 302 and "/auth/login" in answer.headers["Location"]

        # Wrong passwords alternate between the instances; the account locks at the same count.
        refused = 0
        for attempt in range(ACCOUNT_FAILURES_BEFORE_LOCK):
            assert _attempt((a, b)[attempt % 2].base, "binh", "not the password") == 401
            refused += 1
        # Locked on both: even the right password is refused (with the same answer as a wrong one).
        assert _attempt(a.base, "binh", PASSWORD) == 401
        assert _attempt(b.base, "binh", PASSWORD) == 401
        refused += 2

        # The address limit counts the failures seen by both instances together.
        while refused < ADDRESS_FAILURE_LIMIT:
            assert _attempt((a, b)[refused % 2].base, "nobody-here", "guess") == 401
            refused += 1
        assert _attempt(a.base, "an", PASSWORD) == 429
        assert _attempt(b.base, "an", PASSWORD) == 429
