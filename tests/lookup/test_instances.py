"""Two instances of the lookup app (two create_lookup_app on one committed database, as two servers behind one
hostname would be) share the lock-out: failures made on one lock the code on the other. Counted in the database,
and in Redis when REDIS_URL is set (the Redis on localhost; skipped when none answers, except under CI=true).

OWASP ASVS 5.0: V2.4.1 (anti-automation: the lock-out holds across instances), V6.3 (brute force limited; section
cited).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from petitions.cli import seed_reference_data
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.lookup.app import create_lookup_app
from petitions.lookup.limits import REDIS_PREFIX, RedisCounter
from tests.conftest import make_test_app, provision_migrated_database
from tests.factories import make_agency, make_user
from tests.lookup.conftest import Office, lookup_config, receive
from tests.tools import require_redis

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip() -> str:
    return require_redis(REDIS_URL)


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[tuple[Flask, Any]]:
    """The officers' app on a fresh database whose commits are real, with one receipt issued and committed."""
    with provision_migrated_database(tmp_path) as database:
        officers = make_test_app(database)
        with officers.app_context():
            seed_reference_data()
            agency = make_agency(name="Ban Tiếp công dân tỉnh Quảng Ninh")
            officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
            leader = make_user(role=Role.LEADER, agency=agency)
            with immediate_transactions():
                matter = receive(Office(agency, officer, leader, agency.id, ()))
                db.session.commit()
        try:
            yield officers, database, matter
        finally:
            with officers.app_context():
                db.engine.dispose()


@pytest.mark.parametrize("counted_in", ["database", "redis"])
def test_failures_on_one_instance_lock_the_code_on_the_other(shared, counted_in):
    _officers, database, matter = shared
    extra: dict[str, Any] = {}
    if counted_in == "redis":
        extra["REDIS_URL"] = _redis_or_skip()
    first, second = (create_lookup_app(lookup_config(database, **extra)) for _ in range(2))
    try:
        if counted_in == "redis":
            assert isinstance(first.extensions["lookup_counter"], RedisCounter)
        wrong = f"{(int(matter.pin) + 1) % 1_000_000:06d}"

        def attempt(app: Flask, pin: str, address: str) -> int:
            with app.test_client() as client:
                return client.post("/tra-cuu/", data={"code": matter.code, "pin": pin},
                                   environ_base={"REMOTE_ADDR": address}).status_code

        # Two failures on each instance, from different addresses: not locked yet (4 < 5).
        assert [attempt(first, wrong, "192.0.2.1"), attempt(first, wrong, "192.0.2.2")] == [400, 400]
        assert [attempt(second, wrong, "192.0.2.3"), attempt(second, wrong, "192.0.2.4")] == [400, 400]
        assert attempt(second, matter.pin, "192.0.2.5") == 200
        # The fifth failure, on the first instance, locks the code on the second.
        assert attempt(first, wrong, "192.0.2.6") == 400
        assert attempt(second, matter.pin, "192.0.2.7") == 400
        assert attempt(first, matter.pin, "192.0.2.8") == 400
    finally:
        for app in (first, second):
            with app.app_context():
                db.engine.dispose()
        if counted_in == "redis":
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(f"{REDIS_PREFIX}*"))
            if keys:
                client.delete(*keys)

