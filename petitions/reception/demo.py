"""The reception generator of `petitions demo`: citizens, cases, leaders' sessions and visits of a batch.

Listed first in petitions.cli.DEMO_GENERATORS: the letters generator takes the batch's cases (with
their applicants and visits) and hands letters in at some of the visits. About 0.6 cases per letter
and 0.8 visits per letter, with repeat visits on the same case; 5 % of visits are groups of 5–40
persons with their representatives. Sessions are held on working days by each head on their own
rhythm (the province chairman monthly, departments monthly, communes weekly); delegated sessions
only before 01/07/2026; titles go in `leader_level`, the leader's own name in `leader_name`. Every case
opens OPEN with its dated event; its letters' handling moves it on (petitions.letters.demo_handling.follow_cases).
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from petitions.cases.models import CaseFile, CaseFileStatusEvent
from petitions.citizens.models import Citizen, CitizenNameKey, name_key_rows
from petitions.demo import (
    MATTERS_BY_KIND,
    CasePlan,
    DemoAgency,
    DemoBatch,
    Weighted,
    cccd_number,
    cmnd_number,
    folded,
    office_moment,
    person,
    reference_code,
)
from petitions.directory.models import AdministrativeUnit, ReferenceItem
from petitions.domain.deadlines import LeaderLevel
from petitions.domain.reception import (
    SessionKind,
    SessionMode,
    SessionStatus,
    VisitClass,
    VisitOutcome,
    is_delegation,
    max_group_representatives,
)
from petitions.domain.records import (
    CaseRound,
    CaseStatus,
    CaseType,
    ComplaintSubtype,
    Complexity,
    IdType,
    UnitLevel,
)
from petitions.extensions import db
from petitions.numbering import NumberKind
from petitions.reception.models import ReceptionSession, Representative, Visit, VisitPerson
from petitions.vault.models import IdentityRef

CASES_PER_LETTER = 0.6
GROUP_SHARE = 0.05
# Letter types of the matters (anonymous information opens no case here: DOMAIN §3.3).
CASE_KINDS = Weighted((("complaint", 35), ("petition", 30), ("denunciation", 15), ("mixed", 7)))
# Visits per case: a third come by letter only, most once, some again and again (mean ≈ 1.3).
VISITS_PER_CASE = Weighted(((0, 30), (1, 38), (2, 17), (3, 8), (4, 4), (6, 3)))
# How letters and visits spread over the offices (weight per agency of each kind).
AGENCY_WEIGHT = {"board": 30.0, "province": 4.0, "inspectorate": 8.0, "department": 2.5, "commune": 1.6, "office": 0.5}
DELEGATION_ENDS = date(2026, 7, 1)  # Luật 136/2025: no more delegated sessions from this day (tbc)
# A head's rhythm: (kind of agency, level, day of the month or weekday the session falls on or after).
_MONTHLY_DAY = {"province": 15, "department": 8, "inspectorate": 8}
_WEEKLY_DAY = {"commune": 3}  # Thursday
_LEVEL = {
    "province": LeaderLevel.PROVINCE_CHAIRMAN,
    "department": LeaderLevel.DEPARTMENT_HEAD,
    "inspectorate": LeaderLevel.DEPARTMENT_HEAD,
    "commune": LeaderLevel.COMMUNE_CHAIRMAN,
}
_CLASS = {
    "complaint": VisitClass.COMPLAINT,
    "petition": VisitClass.PETITION,
    "denunciation": VisitClass.DENUNCIATION,
}
_CASE_TYPE = {
    "complaint": CaseType.COMPLAINT,
    "petition": CaseType.PETITION,
    "denunciation": CaseType.DENUNCIATION,
}
def _run_lookups(batch: DemoBatch) -> dict[str, Any]:
    """Per-run lookups: commune units for addresses, refusal grounds, agency weights, leaders."""
    cache = batch.run.cache
    if "reception" not in cache:
        # Communes with their validity: an address names a unit in force on the day it was recorded (the
        # communes dissolved on 01/07/2025 before that day, their successors from it).
        units = [
            (unit_id, valid_from or date.min, valid_to or date.max)
            for unit_id, valid_from, valid_to in db.session.execute(
                sa.select(AdministrativeUnit.id, AdministrativeUnit.valid_from, AdministrativeUnit.valid_to)
                .where(AdministrativeUnit.level == UnitLevel.COMMUNE)
                .order_by(AdministrativeUnit.id)
            )
        ]
        grounds = list(db.session.scalars(sa.select(ReferenceItem.id).where(ReferenceItem.list_code == "refusal_ground")))
        agencies = batch.agencies.all
        cache["reception"] = {
            "units": units,
            "units_on": {},
            "grounds": grounds,
            "agencies": Weighted((a, AGENCY_WEIGHT[a.kind]) for a in agencies),
            "communes": batch.agencies.of_kind("commune") or [batch.agencies.root],
            "leaders": {},
        }
    lookups: dict[str, Any] = cache["reception"]
    return lookups


def units_on(lookups: dict[str, Any], day: date) -> list[int | None]:
    """The commune units valid on `day` (None when the directory has none then)."""
    cache: dict[tuple[date, date], list[int | None]] = lookups["units_on"]
    for (first, last), valid in cache.items():
        if first <= day <= last:
            return valid
    valid_units: list[int | None] = [u for u, start, end in lookups["units"] if start <= day <= end]
    # The span over which this set holds: between the nearest validity bounds around the day.
    first = max([start for _, start, _ in lookups["units"] if start <= day]
                + [end + timedelta(days=1) for _, _, end in lookups["units"] if end < day and end != date.max],
                default=date.min)
    last = min([start - timedelta(days=1) for _, start, _ in lookups["units"] if start > day]
               + [end for _, _, end in lookups["units"] if end >= day], default=date.max)
    cache[(first, last)] = valid_units or [None]
    return cache[(first, last)]


def _leader(batch: DemoBatch, agency: DemoAgency, day: date, deputy: bool = False) -> str:
    """The head (or a deputy) of an agency in the five-year term holding `day`: a person's name."""
    leaders: dict[tuple[int, int, bool], str] = _run_lookups(batch)["leaders"]
    key = (agency.id, day.year // 5, deputy)
    if key not in leaders:
        leaders[key] = person(random.Random(f"{batch.run.seed}:{key}"), day).full_name
    return leaders[key]


def _is_session_day(batch: DemoBatch, agency: DemoAgency, day: date) -> bool:
    """The first working day on or after the head's day of the month (or of the week)."""
    days = batch.run.days
    index = bisect.bisect_left(days, day)
    before = days[index - 1] if index > 0 else None
    if agency.kind in _MONTHLY_DAY:
        threshold = _MONTHLY_DAY[agency.kind]
        return day.day >= threshold and (before is None or before.month != day.month or before.day < threshold)
    if agency.kind in _WEEKLY_DAY:
        threshold = _WEEKLY_DAY[agency.kind]
        same_week = before is not None and before.isocalendar()[:2] == day.isocalendar()[:2]
        return day.weekday() >= threshold and not (same_week and before is not None and before.weekday() >= threshold)
    return False


def _sessions(batch: DemoBatch) -> dict[tuple[int, date], dict[str, Any]]:
    """The heads' sessions on the batch's days, by (agency, day)."""
    rng, table = batch.rng, ReceptionSession.__table__
    held: dict[tuple[int, date], dict[str, Any]] = {}
    heads = [a for a in batch.agencies.all if a.kind in _LEVEL]
    for day in batch.days:
        for agency in heads:
            if not _is_session_day(batch, agency, day):
                continue
            delegated = day < DELEGATION_ENDS and rng.random() < 0.15
            kind = SessionKind.DELEGATED if delegated else SessionKind.PERIODIC
            postponed = rng.random() < 0.03
            created = office_moment(day, rng)
            row = batch.add(
                table,
                {
                    "id": batch.new_id(table),
                    "agency_id": agency.id,
                    "kind": kind,
                    "mode": SessionMode.ONLINE if day >= DELEGATION_ENDS and rng.random() < 0.1 else SessionMode.IN_PERSON,
                    "status": SessionStatus.POSTPONED if postponed else SessionStatus.HELD,
                    "held_on": day,
                    "place": f"Trụ sở tiếp công dân, {agency.name}",
                    "leader_id": None,
                    "leader_name": _leader(batch, agency, day, deputy=delegated),
                    "leader_level": _LEVEL[agency.kind],
                    "participating_agencies": "Thanh tra tỉnh; Sở Nông nghiệp và Môi trường"
                    if agency.kind == "province"
                    else "",
                    "planned_content": "Tiếp công dân định kỳ theo lịch đã thông báo",
                    "schedule_published_on": batch.run.days[max(bisect.bisect_left(batch.run.days, day) - 7, 0)],
                    "postponed_reason": "Lãnh đạo bận công tác đột xuất" if postponed else None,
                    "postponement_announced_on": day if postponed else None,
                    "version": 1,
                    "created_at": created,
                    "updated_at": created,
                },
            )
            if not postponed:
                held[(agency.id, day)] = row
    return held


def _citizen(batch: DemoBatch, agency: DemoAgency, day: date) -> int:
    rng, table = batch.rng, Citizen.__table__
    units = units_on(_run_lookups(batch), day)
    citizen_id = batch.new_id(table)
    who = person(rng, day)
    draw = rng.random()
    if draw < 0.85:
        id_type, number = IdType.CCCD, cccd_number(citizen_id, who.sex, who.birth_year, rng)
    elif draw < 0.95:
        id_type, number = IdType.CMND, cmnd_number(citizen_id)
    else:
        id_type, number = None, None
    created = office_moment(day, rng)
    batch.add(
        table,
        {
            "id": citizen_id,
            "full_name": who.full_name,
            "full_name_folded": folded(who.full_name),
            "id_type": id_type,
            "id_number": number,
            "id_issued_on": None,
            "id_issued_place": "Cục Cảnh sát quản lý hành chính về trật tự xã hội" if id_type is IdType.CCCD else None,
            "sex": who.sex,
            "birth_year": who.birth_year,
            "phone": f"09{rng.randrange(10**8):08d}" if rng.random() < 0.6 else None,
            "address_unit_id": rng.choice(units),
            "address_text": f"Thôn {rng.randint(1, 15)}" if rng.random() < 0.5 else f"Tổ {rng.randint(1, 40)}, khu {rng.randint(1, 9)}",
            "merged_into_id": None,
            "agency_id": agency.id,
            "version": 1,
            "created_at": created,
            "updated_at": created,
        },
    )
    for row in name_key_rows(citizen_id, folded(who.full_name), who.birth_year):  # the search's word index
        batch.add(CitizenNameKey.__table__, row)
    return citizen_id


def _identity_ref(batch: DemoBatch, agency: DemoAgency, day: date) -> int:
    table = IdentityRef.__table__
    ref_id = batch.new_id(table)
    batch.add(
        table,
        {"id": ref_id, "code": reference_code(ref_id), "mode": "reference", "agency_id": agency.id,
         "created_at": office_moment(day, batch.rng)},
    )
    return ref_id


def generate_reception(batch: DemoBatch) -> int:
    """The batch's cases (about 0.6 per letter), their applicants, the heads' sessions of its days and
    the visits (about 0.8 per letter); returns the number of visits."""
    rng = batch.rng
    lookups = _run_lookups(batch)
    sessions = _sessions(batch)
    cases: list[CasePlan] = []
    known: list[tuple[int, DemoAgency]] = []  # applicants of this batch (some come with a second matter)
    visit_table = Visit.__table__
    for _ in range(max(round(batch.letters * CASES_PER_LETTER), 1)):
        kind = CASE_KINDS.draw(rng)
        main = rng.choice(("complaint", "petition")) if kind == "mixed" else kind
        matter = rng.choice(MATTERS_BY_KIND[main])
        agency: DemoAgency = lookups["agencies"].draw(rng)
        commune = agency if agency.kind == "commune" else rng.choice(lookups["communes"])
        opened_on = batch.day()
        citizen_id = ref_id = None
        if main == "denunciation":
            ref_id = _identity_ref(batch, agency, opened_on)
        elif known and rng.random() < 0.28:
            citizen_id, agency = rng.choice(known)
        else:
            citizen_id = _citizen(batch, agency, opened_on)
            known.append((citizen_id, agency))
        case_table = CaseFile.__table__
        plan = CasePlan(
            id=batch.new_id(case_table),
            kind=kind,
            matter=matter,
            agency=agency,
            opened_on=opened_on,
            citizen_id=citizen_id,
            respondent=matter.respondent.replace("{commune}", commune.name.replace("Ủy ban nhân dân ", "")),
            competent=batch.agencies.competent(matter, commune),
            identity_ref_id=ref_id,
        )
        created = office_moment(opened_on, rng)
        batch.add(
            case_table,
            {
                "id": plan.id,
                "case_type": _CASE_TYPE[main],
                "complaint_subtype": (ComplaintSubtype.DISCIPLINARY if matter.disciplinary else ComplaintSubtype.ADMINISTRATIVE)
                if main == "complaint" else None,
                # Every case opens OPEN; its letters' handling and its own steps move it on
                # (petitions.letters.demo_handling.follow_cases, once the letters are handled).
                "status": CaseStatus.OPEN,
                "title": matter.summary,
                "title_folded": folded(matter.summary),
                "opened_on": opened_on,
                "accepted_on": None,
                "closed_on": None,
                "agency_in_charge_id": agency.id,
                "assigned_agency_id": plan.competent.id if plan.competent.id != agency.id and rng.random() < 0.3 else None,
                "case_round": CaseRound.FIRST,
                "complexity": Complexity.ORDINARY,
                "is_remote": False,
                "handler_id": None,
                "verification_reported_on": None,
                "decided_on": None,
                "result_notified_on": None,
                "published_on": None,
                "resolution_due_on": None,
                "version": 1,
                "created_at": created,
                "updated_at": created,
            },
        )
        events = CaseFileStatusEvent.__table__
        batch.add(events, {"id": batch.new_id(events), "case_file_id": plan.id, "status": CaseStatus.OPEN,
                           "effective_on": opened_on, "recorded_at": created, "recorded_by_id": None, "note": None,
                           "transition": None})
        day = opened_on
        for number in range(1, VISITS_PER_CASE.draw(rng) + 1):
            if number > 1:
                day = batch.later_day(day, 7, 150)
            plan.visits.append(_visit(batch, plan, day, number, sessions, lookups))
        cases.append(plan)
    _number_visits(batch, batch.rows.get(visit_table.name, []))
    batch.made["cases"] = cases
    return len(batch.rows.get(visit_table.name, []))


def _visit(
    batch: DemoBatch,
    plan: CasePlan,
    day: date,
    number: int,
    sessions: dict[tuple[int, date], dict[str, Any]],
    lookups: dict[str, Any],
) -> dict[str, Any]:
    rng, table = batch.rng, Visit.__table__
    main = plan.matter.kind
    klass = _CLASS[main]
    session = sessions.get((plan.agency.id, day)) if rng.random() < 0.6 else None
    group = rng.random() < GROUP_SHARE
    headcount = min(40, 5 + int(rng.expovariate(1 / 7))) if group else rng.choice((1, 1, 1, 1, 2, 3))
    refused = rng.random() < 0.015
    if refused:
        outcome = VisitOutcome.REFUSED
    elif number == 1 and rng.random() < 0.45:
        outcome = VisitOutcome.LETTER_RECEIVED
    else:
        outcome = VisitOutcome.GUIDED if rng.random() < 0.55 else VisitOutcome.FORWARDED
    within = plan.competent.id == plan.agency.id or plan.agency.kind in ("province", "board")
    created = office_moment(day, rng)
    visit_id = batch.new_id(table)
    online = session is not None and session["mode"] is SessionMode.ONLINE
    row = batch.add(
        table,
        {
            "id": visit_id,
            "agency_id": plan.agency.id,
            "book_year": day.year,
            "book_number": 0,  # given in date order below
            "visited_on": day,
            "session_id": session["id"] if session else None,
            "kind": session["kind"] if session else SessionKind.REGULAR,
            "mode": SessionMode.ONLINE if online else SessionMode.IN_PERSON,
            "officer_id": None,
            "presiding_leader": session["leader_name"] if session else "",
            "citizen_id": plan.citizen_id,
            "identity_ref_id": plan.identity_ref_id,
            "classification": klass,
            "complaint_subtype": (ComplaintSubtype.DISCIPLINARY if plan.matter.disciplinary else ComplaintSubtype.ADMINISTRATIVE)
            if klass is VisitClass.COMPLAINT else None,
            "summary": plan.matter.summary,
            "summary_folded": folded(plan.matter.summary),
            "headcount": headcount,
            "is_delegation": is_delegation(headcount),
            "respondent": plan.respondent,
            "already_resolved_by": plan.competent.name if number > 1 and rng.random() < 0.3 else "",
            "within_competence": within,
            "with_letter": outcome is VisitOutcome.LETTER_RECEIVED,
            "documents_handed": "",
            "outcome": outcome,
            "guided_to": plan.competent.name if outcome is VisitOutcome.GUIDED else "",
            "guided_document_number": "",
            "forwarded_to": plan.competent.name if outcome is VisitOutcome.FORWARDED else "",
            "forwarded_document_number": f"{rng.randint(1, 999)}/PC-BTCD" if outcome is VisitOutcome.FORWARDED else "",
            "refusal_ground_id": rng.choice(lookups["grounds"]) if refused and lookups["grounds"] else None,
            "refusal_explanation": "Công dân vi phạm nội quy nơi tiếp công dân" if refused else "",
            "follow_up": "",
            "recording_reference": f"REC-{visit_id}" if online else None,
            "letter_id": None,  # the letters generator fills it for the letter handed in
            "case_id": plan.id,
            "repeat_number": number,
            "created_by_id": None,
            "version": 1,
            "created_at": created,
            "updated_at": created,
        },
    )
    persons = VisitPerson.__table__
    if plan.citizen_id is not None:
        batch.add(persons, {"id": batch.new_id(persons), "visit_id": visit_id, "citizen_id": plan.citizen_id,
                            "full_name": "", "role": "applicant"})
    if group:
        representatives = Representative.__table__
        for _ in range(rng.randint(1, max_group_representatives(headcount))):
            citizen_id = _citizen(batch, plan.agency, day)
            batch.add(
                representatives,
                {
                    "id": batch.new_id(representatives),
                    "visit_id": visit_id,
                    "citizen_id": citizen_id,
                    "kind": "GROUP",
                    "document_number": f"Văn bản cử người đại diện ngày {day:%d/%m/%Y}",
                    "document_dated_on": day,
                    "document_issuer": "",
                    "is_certified": False,
                    "created_at": created,
                },
            )
            batch.add(persons, {"id": batch.new_id(persons), "visit_id": visit_id, "citizen_id": citizen_id,
                                "full_name": "", "role": "member"})
    elif rng.random() < 0.1:
        companion = person(rng, day).full_name
        batch.add(persons, {"id": batch.new_id(persons), "visit_id": visit_id, "citizen_id": None,
                            "full_name": companion, "role": "accompanying"})
    return row


def _number_visits(batch: DemoBatch, visits: list[dict[str, Any]]) -> None:
    """Book numbers per agency and year in date order, from blocks reserved in the counter the intake
    screen uses (so visits registered later continue the sequence)."""
    by_book: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in visits:
        by_book[(row["agency_id"], row["book_year"])].append(row)
    blocks = batch.reserve(NumberKind.RECEPTION_BOOK, {key: len(rows) for key, rows in by_book.items()})
    for key, rows in sorted(by_book.items()):
        rows.sort(key=lambda r: (r["visited_on"], r["created_at"]))
        for row, number in zip(rows, blocks[key], strict=True):
            row["book_number"] = number
