"""`petitions demo --letters N`: fill a database with plausible demo records, one generator per area.

Each area registers a generator in DEMO_GENERATORS (in dependency order); a generator receives the
scale N and a seeded random source and inserts its rows in bulk (Core INSERTs of many rows at once,
no ORM objects per row, no history rows: demo data is not a record of anyone's work). Later issues
append their own generators (letters, cases, documents) to the registry.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from petitions.clock import local_today, utcnow
from petitions.directory.models import AdministrativeUnit, Agency
from petitions.domain.reception import (
    SessionKind,
    SessionMode,
    SessionStatus,
    VisitClass,
    VisitOutcome,
    is_delegation,
)
from petitions.domain.records import CaseStatus, CaseType, ComplaintSubtype, IdType, UnitLevel
from petitions.domain.text import fold_text
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
DEMO_GENERATORS: list[tuple[str, Generator]] = []


def generator(name: str) -> Callable[[Generator], Generator]:
    def register(fn: Generator) -> Generator:
        DEMO_GENERATORS.append((name, fn))
        return fn

    return register


def _bulk(table: sa.Table, rows: list[dict[str, Any]], chunk: int = 2000) -> list[int]:
    """Insert rows in chunks and return their ids, in order (RETURNING works on both databases)."""
    ids: list[int] = []
    for start in range(0, len(rows), chunk):
        result = db.session.execute(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows[start : start + chunk]
        )
        ids.extend(result.scalars().all())
    return ids


# Reception -------------------------------------------------------------------------------------------

FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
)
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Xuân", "Kim")
GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Phúc",
    "Tâm",
    "Thảo",
    "Tuấn",
)
MATTERS = (
    (VisitClass.COMPLAINT, "Khiếu nại quyết định thu hồi đất, bồi thường chưa thỏa đáng"),
    (VisitClass.COMPLAINT, "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất"),
    (VisitClass.PETITION, "Kiến nghị giải quyết chế độ chính sách người có công"),
    (VisitClass.PETITION, "Phản ánh ô nhiễm môi trường tại khu dân cư"),
    (VisitClass.PETITION, "Kiến nghị sửa chữa đường giao thông nông thôn"),
    (VisitClass.DENUNCIATION, "Tố cáo cán bộ địa chính có dấu hiệu sai phạm"),
)
_CASE_TYPES = {
    VisitClass.COMPLAINT: CaseType.COMPLAINT,
    VisitClass.DENUNCIATION: CaseType.DENUNCIATION,
    VisitClass.PETITION: CaseType.PETITION,
}


@generator("reception")
def generate_reception(ctx: DemoContext) -> int:
    """Citizens, leaders' sessions over the last months, and visits (about 3% delegations)."""
    from petitions.cases.models import CaseFile
    from petitions.citizens.models import Citizen
    from petitions.reception.models import ReceptionSession, Visit, VisitPerson

    rng, now = ctx.rng, utcnow()
    units = list(
        db.session.scalars(
            sa.select(AdministrativeUnit.id).where(
                AdministrativeUnit.level == UnitLevel.COMMUNE, AdministrativeUnit.valid_to.is_(None)
            )
        )
    ) or [None]
    citizens = []
    for _ in range(max(ctx.letters // 2, 10)):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        citizens.append(
            {
                "full_name": name,
                "full_name_folded": fold_text(name),
                "id_type": IdType.CCCD.name,
                "id_number": "".join(rng.choice("0123456789") for _ in range(12)),
                "birth_year": rng.randint(1940, 2000),
                "address_unit_id": rng.choice(units),
                "address_text": f"Thôn {rng.randint(1, 12)}",
                "agency_id": ctx.agency_id,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    citizen_ids = _bulk(Citizen.__table__, citizens)

    sessions = []
    first_month = (ctx.today.replace(day=1) - timedelta(days=150)).replace(day=1)
    month = first_month
    while month <= ctx.today:
        held = month + timedelta(days=rng.randint(3, 24))
        if held <= ctx.today:
            kind = (
                SessionKind.DELEGATED
                if held < date(2026, 7, 1) and rng.random() < 0.2
                else SessionKind.PERIODIC
            )
            sessions.append(
                {
                    "agency_id": ctx.agency_id,
                    "kind": kind.name,
                    "mode": SessionMode.IN_PERSON.name,
                    "status": SessionStatus.HELD.name,
                    "held_on": held,
                    "place": "Trụ sở Tiếp công dân tỉnh",
                    "leader_name": "Chủ tịch UBND tỉnh"
                    if kind is SessionKind.PERIODIC
                    else "Phó Chủ tịch UBND tỉnh",
                    "leader_level": "PROVINCE_CHAIRMAN",
                    "participating_agencies": "Thanh tra tỉnh; Sở Nông nghiệp và Môi trường",
                    "planned_content": "Tiếp công dân định kỳ",
                    "schedule_published_on": held - timedelta(days=9),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        month = (month + timedelta(days=32)).replace(day=1)
    session_ids = _bulk(ReceptionSession.__table__, sessions)
    session_days = {
        row["held_on"]: (sid, row["kind"], row["leader_name"])
        for sid, row in zip(session_ids, sessions, strict=True)
    }

    count = ctx.letters
    span = max((ctx.today - first_month).days, 1)
    visit_rows, case_rows = [], []
    for _ in range(count):
        day = first_month + timedelta(days=rng.randrange(span))
        klass, summary = rng.choice(MATTERS)
        headcount = rng.choice((5, 7, 12, 20)) if rng.random() < 0.03 else rng.choice((1, 1, 1, 2, 3))
        session = session_days.get(day)
        case_rows.append(
            {
                "case_type": _CASE_TYPES[klass].name,
                "complaint_subtype": ComplaintSubtype.ADMINISTRATIVE.name
                if klass is VisitClass.COMPLAINT
                else None,
                "status": CaseStatus.OPEN.name,
                "title": summary,
                "title_folded": fold_text(summary),
                "opened_on": day,
                "agency_in_charge_id": ctx.agency_id,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        outcome = rng.choice((VisitOutcome.GUIDED, VisitOutcome.LETTER_RECEIVED, VisitOutcome.FORWARDED))
        visit_rows.append(
            {
                "agency_id": ctx.agency_id,
                "book_year": day.year,
                "visited_on": day,
                "session_id": session[0] if session else None,
                "kind": session[1] if session else SessionKind.REGULAR.name,
                "mode": SessionMode.IN_PERSON.name,
                "presiding_leader": session[2] if session else "",
                "citizen_id": None if klass is VisitClass.DENUNCIATION else rng.choice(citizen_ids),
                "classification": klass.name,
                "complaint_subtype": ComplaintSubtype.ADMINISTRATIVE.name
                if klass is VisitClass.COMPLAINT
                else None,
                "summary": summary,
                "summary_folded": fold_text(summary),
                "headcount": headcount,
                "is_delegation": is_delegation(headcount),
                "with_letter": outcome is VisitOutcome.LETTER_RECEIVED,
                "outcome": outcome.name,
                "guided_to": "Ủy ban nhân dân cấp xã nơi cư trú" if outcome is VisitOutcome.GUIDED else "",
                "forwarded_to": "Sở Nông nghiệp và Môi trường" if outcome is VisitOutcome.FORWARDED else "",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    case_ids = _bulk(CaseFile.__table__, case_rows)
    # Book numbers run per agency and year, in date order, after those already in the book.
    start = {
        year: number or 0
        for year, number in db.session.execute(
            sa.select(Visit.book_year, sa.func.max(Visit.book_number))
            .where(Visit.agency_id == ctx.agency_id)
            .group_by(Visit.book_year)
        )
    }
    order = sorted(range(len(visit_rows)), key=lambda i: visit_rows[i]["visited_on"])
    for i in order:
        row = visit_rows[i]
        start[row["book_year"]] = start.get(row["book_year"], 0) + 1
        row["book_number"] = start[row["book_year"]]
        row["case_id"] = case_ids[i]
    visit_ids = _bulk(Visit.__table__, visit_rows)
    persons = [
        {"visit_id": vid, "citizen_id": row["citizen_id"], "full_name": "", "role": "applicant"}
        for vid, row in zip(visit_ids, visit_rows, strict=True)
        if row["citizen_id"] is not None
    ]
    _bulk(VisitPerson.__table__, persons)
    ctx.made.update(citizens=citizen_ids, visits=visit_ids, cases=case_ids, sessions=session_ids)
    return len(visit_ids)


def run_demo(*, letters: int, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    """Run every registered generator; returns rows made per generator. Flushes; the caller commits."""
    agency_id = db.session.scalar(sa.select(Agency.id).where(Agency.code == "BTCD")) or db.session.scalar(
        sa.select(Agency.id).order_by(Agency.id).limit(1)
    )
    if agency_id is None:
        raise RuntimeError("Run `petitions seed` first: the demo needs the agencies.")
    ctx = DemoContext(
        letters=letters, rng=random.Random(seed), agency_id=agency_id, today=today or local_today(), made={}
    )
    return {name: fn(ctx) for name, fn in DEMO_GENERATORS}


__all__ = ["DEMO_GENERATORS", "DemoContext", "generator", "run_demo"]


@click.command("demo")
@click.option(
    "--letters",
    "letters",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 10_000_000),
    help="Quy mô (scale)",
)
@click.option(
    "--seed", "seed", default=2026, show_default=True, type=int, help="Random seed (repeatable data)"
)
@with_appcontext
def demo_command(letters: int, seed: int) -> None:
    """Fill the database with demo records at the given scale (after `petitions seed`)."""
    from petitions.cli import seed_reference_data

    seed_reference_data()
    made = run_demo(letters=letters, seed=seed)
    db.session.commit()
    click.echo("Demo: " + ", ".join(f"{name} +{count}" for name, count in made.items()))
