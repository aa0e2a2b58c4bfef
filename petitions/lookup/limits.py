"""The lookup's lock-out counts: a code's and an address's failures within the window, shared by every worker
and instance of the lookup app.

Counted in the database by default: the attempts' log (`lookup_attempt`) is the count, so nothing else has to
be kept in step. With REDIS_URL set the counts live in Redis instead (two keys per attempt, expiring with the
window), which spares the database a count per lookup; the log is written either way.

A code's count leaves out attempts answered "locked" (so a lock ends one window after the last real failure,
however often it is tried meanwhile); an address's count takes every failure.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa

from petitions.domain.lookup import Limits
from petitions.extensions import db
from petitions.lookup.models import LookupAttempt

FOUND = "found"
LOCKED = "locked"
# Failures that count against the code typed (a code's own failures).
CODE_FAILURES = ("unknown", "wrong_pin", "malformed")
REDIS_PREFIX = "petitions:lookup:"


@dataclass(frozen=True)
class Counts:
    code: int
    address: int


class FailureCounter(Protocol):
    def hold(self, code_key: str, address: str) -> None: ...

    def counts(self, code_key: str, address: str, now: datetime) -> Counts: ...

    def add_failure(self, code_key: str, address: str, outcome: str, now: datetime) -> None: ...


class DatabaseCounter:
    """Counts the log's rows (indexes ix_lookup_attempt_code and ix_lookup_attempt_address)."""

    def __init__(self, limits: Limits) -> None:
        self.window = timedelta(minutes=limits.window_minutes)

    def hold(self, code_key: str, address: str) -> None:
        """Serialise the attempts on one code, and on one address, until the transaction ends: PostgreSQL's
        transaction-level advisory locks (always the code's first, then the address's, so two attempts never
        wait for each other in a circle). SQLite needs none: the lookup's transaction began with BEGIN
        IMMEDIATE (petitions.lookup.app), which already holds the database's one write lock."""
        if db.session.get_bind().dialect.name != "postgresql":
            return
        for name in (f"code:{code_key}", f"address:{address}"):
            db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(_lock_number(name))))

    def counts(self, code_key: str, address: str, now: datetime) -> Counts:
        since = now - self.window
        count = sa.select(sa.func.count()).select_from(LookupAttempt).where(LookupAttempt.attempted_at > since)
        code = db.session.scalar(
            count.where(LookupAttempt.code_key == code_key, LookupAttempt.outcome.in_(CODE_FAILURES))
        )
        by_address = db.session.scalar(
            count.where(LookupAttempt.address == address, LookupAttempt.outcome.in_((*CODE_FAILURES, LOCKED)))
        )
        return Counts(code=code or 0, address=by_address or 0)

    def add_failure(self, code_key: str, address: str, outcome: str, now: datetime) -> None:
        """Nothing to do: the attempt's log row is the count."""


def _lock_number(name: str) -> int:
    """A signed 64-bit advisory lock number for a name (in the lookup's own namespace)."""
    digest = hashlib.sha256(f"petitions.lookup:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class RedisCounter:
    """Fixed windows in Redis: each key expires one window after its first failure."""

    def __init__(self, client: Any, limits: Limits) -> None:
        self.client = client
        self.seconds = limits.window_minutes * 60

    def hold(self, code_key: str, address: str) -> None:
        """Nothing: each count is one atomic INCR; two attempts at once may both pass a count of four (the
        database counter serialises them)."""

    @staticmethod
    def _keys(code_key: str, address: str) -> tuple[str, str]:
        return f"{REDIS_PREFIX}code:{code_key}", f"{REDIS_PREFIX}address:{address}"

    def counts(self, code_key: str, address: str, now: datetime) -> Counts:
        code, by_address = self.client.mget(self._keys(code_key, address))
        return Counts(code=int(code or 0), address=int(by_address or 0))

    def add_failure(self, code_key: str, address: str, outcome: str, now: datetime) -> None:
        code, by_address = self._keys(code_key, address)
        pipe = self.client.pipeline()
        if outcome in CODE_FAILURES:
            pipe.incr(code)
            pipe.expire(code, self.seconds, nx=True)
        pipe.incr(by_address)
        pipe.expire(by_address, self.seconds, nx=True)
        pipe.execute()


def prune_attempts(*, older_than: datetime) -> int:
    """Delete the log's attempts before `older_than` (the retention of the lookup log); flushes, returns how many."""
    result = db.session.execute(sa.delete(LookupAttempt).where(LookupAttempt.attempted_at < older_than))
    return int(getattr(result, "rowcount", 0) or 0)


def make_counter(redis_url: str | None, limits: Limits) -> FailureCounter:
    """Redis when REDIS_URL is set, else the database."""
    if not redis_url:
        return DatabaseCounter(limits)
    import redis  # only the deployments that set REDIS_URL need the client loaded

    return RedisCounter(redis.Redis.from_url(redis_url), limits)
