"""Demo records for `petitions demo --letters N`: the shared context, the bulk insert and the runner.

A generator receives the scale N and a seeded random source (in a DemoContext) and inserts its rows in
bulk (Core INSERTs of many rows at once, no ORM objects per row, no history rows: demo data is not a
record of anyone's work). The CLI module lists the generators to run, in dependency order
(petitions.cli.DEMO_GENERATORS), and owns the command; this module knows neither.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.extensions import db


@dataclass
class DemoContext:
    """What generators share: the scale, the random source, the home agency and ids made so far."""

    letters: int
    rng: random.Random
    agency_id: int
    today: date
    made: dict[str, list[int]]


Generator = Callable[[DemoContext], int]


def bulk_insert(table: sa.Table, rows: list[dict[str, Any]], chunk: int = 2000) -> list[int]:
    """Insert rows in chunks and return their ids, in order (RETURNING works on both databases)."""
    ids: list[int] = []
    for start in range(0, len(rows), chunk):
        result = db.session.execute(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows[start : start + chunk]
        )
        ids.extend(result.scalars().all())
    return ids


def run_demo(
    generators: Sequence[tuple[str, Generator]], *, letters: int, seed: int = 2026, today: date | None = None
) -> dict[str, int]:
    """Run the generators in order; returns rows made per generator. Flushes; the caller commits."""
    agency_id = db.session.scalar(sa.select(Agency.id).where(Agency.code == "BTCD")) or db.session.scalar(
        sa.select(Agency.id).order_by(Agency.id).limit(1)
    )
    if agency_id is None:
        raise RuntimeError("Run `petitions seed` first: the demo needs the agencies.")
    ctx = DemoContext(
        letters=letters, rng=random.Random(seed), agency_id=agency_id, today=today or local_today(), made={}
    )
    return {name: fn(ctx) for name, fn in generators}


