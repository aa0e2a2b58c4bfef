"""The reception generator of `petitions demo`: citizens, leaders' sessions over the last months, and visits.

Listed first in petitions.cli.DEMO_GENERATORS: the letters generator uses its citizens, visits and cases.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from petitions.cases.models import CaseFile
from petitions.citizens.models import Citizen
from petitions.clock import utcnow
from petitions.demo import DemoContext, bulk_insert
from petitions.directory.models import AdministrativeUnit
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
from petitions.numbering import NumberKind, reserve_block
from petitions.reception.models import ReceptionSession, Visit, VisitPerson

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


def generate_reception(ctx: DemoContext) -> int:
    """Citizens, leaders' sessions over the last months, and visits (about 3% delegations)."""
    rng, now = ctx.rng, utcnow()
    units: list[int | None] = list(
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
    citizen_ids = bulk_insert(Citizen.__table__, citizens)

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
    session_ids = bulk_insert(ReceptionSession.__table__, sessions)
    session_days = {
        row["held_on"]: (sid, row["kind"], row["leader_name"])
        for sid, row in zip(session_ids, sessions, strict=True)
    }

    count = ctx.letters
    span = max((ctx.today - first_month).days, 1)
    visit_rows: list[dict[str, Any]] = []
    case_rows: list[dict[str, Any]] = []
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
    case_ids = bulk_insert(CaseFile.__table__, case_rows)
    # Book numbers run per agency and year, in date order, after those already in the book: one
    # block of the reception book per year, reserved from the counter the intake screen uses.
    order = sorted(range(len(visit_rows)), key=lambda i: visit_rows[i]["visited_on"])
    per_year = Counter(row["book_year"] for row in visit_rows)
    blocks = {
        year: iter(reserve_block(NumberKind.RECEPTION_BOOK, ctx.agency_id, year, count))
        for year, count in sorted(per_year.items())
    }
    for i in order:
        row = visit_rows[i]
        row["book_number"] = next(blocks[row["book_year"]])
        row["case_id"] = case_ids[i]
    visit_ids = bulk_insert(Visit.__table__, visit_rows)
    persons = [
        {"visit_id": vid, "citizen_id": row["citizen_id"], "full_name": "", "role": "applicant"}
        for vid, row in zip(visit_ids, visit_rows, strict=True)
        if row["citizen_id"] is not None
    ]
    bulk_insert(VisitPerson.__table__, persons)
    ctx.made.update(citizens=citizen_ids, visits=visit_ids, cases=case_ids, sessions=session_ids)
    return len(visit_ids)
