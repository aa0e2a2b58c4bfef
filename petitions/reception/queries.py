"""Reception read helpers: scoped loaders, due dates from the clocks, a citizen's history, keyset lists,
compliance rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from petitions.auth.clearance import has_identity_clearance
from petitions.auth.models import User
from petitions.cases.models import CaseFile
from petitions.cases.queries import visible_cases
from petitions.citizens.models import Citizen
from petitions.citizens.queries import search_by_name, split_birth_year, visible_citizens
from petitions.deadlines.models import RecordType
from petitions.deadlines.queries import open_clocks_of
from petitions.directory.models import AdministrativeUnit
from petitions.domain import reception as rules
from petitions.domain.deadlines import FrequencyPeriod, LeaderLevel, NoFrequencyRule, frequency_rule_for
from petitions.domain.reception import SessionStatus, VisitClass
from petitions.domain.text import fold_text
from petitions.extensions import db
from petitions.letters.models import Letter
from petitions.letters.queries import visible_letters
from petitions.paging import KeysetPage, keyset_page
from petitions.reception.models import ReceptionSession, Representative, Visit, VisitPerson
from petitions.scoping import find_visible, get_visible_or_404, not_restricted, record_scope
from petitions.vault.services import find_refs

# Loaders ----------------------------------------------------------------------------------------------


def visible_visits(user: User, *, by_agency: bool = True) -> sa.Select[Visit]:
    """Visits of the user's agency subtree, minus those of cases the user is restricted from.

    `by_agency=False` is for a lookup driven by another key (a case's visits): the same rule, with the agency
    column written `+ 0` on SQLite, whose planner keeps no statistics and would otherwise walk the agency's date
    index (ix_visit_list, every visit of the agency) to skip a sort of a few rows (as visible_letters does)."""
    agency: Any = Visit.agency_id
    if not by_agency and db.session.get_bind().dialect.name == "sqlite":
        agency = agency + 0
    return sa.select(Visit).where(record_scope(user, agency), not_restricted(user, Visit.case_id))


def get_visit_for(user: User, visit_id: int) -> Visit:
    return get_visible_or_404(visible_visits(user), visit_id)


def visible_sessions(user: User) -> sa.Select[ReceptionSession]:
    return sa.select(ReceptionSession).where(record_scope(user, ReceptionSession.agency_id))


def get_session_for(user: User, session_id: int) -> ReceptionSession:
    return get_visible_or_404(visible_sessions(user), session_id)


def sessions_on(user: User, day: date, *, today: date) -> list[ReceptionSession]:
    """Sessions of the user's agency subtree on a day that take visits (held, or scheduled for today:
    rules.session_takes_visits), for the intake screen's choice and default."""
    sessions = db.session.scalars(
        visible_sessions(user)
        .where(ReceptionSession.held_on == day, ReceptionSession.status != SessionStatus.POSTPONED)
        .order_by(ReceptionSession.id)
    )
    return [s for s in sessions if rules.session_takes_visits(s.status, s.held_on, today=today)]


# Due dates (the clocks of petitions.deadlines keep them; reception only reads) ----------------------------

NO_ANSWER_DUE = "Chưa tính được hạn: ngày tiếp nằm ngoài lịch làm việc đã xác nhận."


@dataclass(frozen=True)
class VisitDueDates:
    answer_due_on: date | None  # D7: answer the citizen
    answer_due_explanation: str
    refusal_notice_due_on: date | None  # D6: the refusal notice, on the persistent or repeat grounds


def visit_due_dates(visit: Visit) -> VisitDueDates:
    """The visit's D7 and D6 from its open clocks. A visit without a D7 clock was received on a day
    before the first confirmed calendar year, so no due date can be counted."""
    clocks = open_clocks_of(RecordType.VISIT, [visit.id], ("D7", "D6"))
    d7, d6 = clocks.get((visit.id, "D7")), clocks.get((visit.id, "D6"))
    return VisitDueDates(
        answer_due_on=d7.due_on if d7 else None,
        answer_due_explanation=d7.explanation if d7 else NO_ANSWER_DUE,
        refusal_notice_due_on=d6.due_on if d6 else None,
    )


def publish_by_dates(sessions: Iterable[ReceptionSession]) -> dict[int, date | None]:
    """D1 of each session (publish the schedule by this day), from its open clock, in one query for a list;
    None for a session without one (not a head's periodic session, or outside the confirmed calendar)."""
    ids = [s.id for s in sessions]
    clocks = open_clocks_of(RecordType.SESSION, ids, ("D1",))
    dates: dict[int, date | None] = {}
    for session_id in ids:
        clock = clocks.get((session_id, "D1"))
        dates[session_id] = clock.due_on if clock else None
    return dates


# A citizen's history ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    on: date
    kind: str  # visit | letter | case
    record: Any


def citizen_history(user: User, citizen: Citizen) -> list[HistoryLine]:
    """Visits, letters and cases of a citizen, newest first. Denunciations never carry a citizen link; a
    cleared user also sees the denunciation visits whose vault identity matches (encrypted vault only)."""
    visits = list(
        db.session.scalars(
            visible_visits(user)
            .where(
                sa.or_(
                    Visit.citizen_id == citizen.id,
                    Visit.id.in_(
                        sa.select(Representative.visit_id).where(Representative.citizen_id == citizen.id)
                    ),
                    Visit.id.in_(sa.select(VisitPerson.visit_id).where(VisitPerson.citizen_id == citizen.id)),
                )
            )
            .order_by(Visit.visited_on.desc(), Visit.id.desc())
        )
    )
    if has_identity_clearance(user):
        refs = [r.id for r in find_refs(full_name=citizen.full_name, id_number=citizen.id_number)]
        if refs:
            visits += list(
                db.session.scalars(
                    visible_visits(user).where(
                        Visit.identity_ref_id.in_(refs), Visit.classification == VisitClass.DENUNCIATION
                    )
                )
            )
    letters = list(
        db.session.scalars(
            visible_letters(user).where(Letter.citizen_id == citizen.id).order_by(Letter.id.desc())
        )
    )
    case_ids = {v.case_id for v in visits if v.case_id} | {lt.case_id for lt in letters if lt.case_id}
    cases = list(db.session.scalars(visible_cases(user).where(CaseFile.id.in_(case_ids)))) if case_ids else []
    lines = (
        [HistoryLine(v.visited_on, "visit", v) for v in visits]
        + [HistoryLine(lt.received_on, "letter", lt) for lt in letters]
        + [HistoryLine(c.opened_on, "case", c) for c in cases]
    )
    lines.sort(key=lambda line: (line.on, line.kind == "visit", line.record.id), reverse=True)
    return lines


def cases_of_citizen(user: User, citizen_id: int) -> list[CaseFile]:
    """Cases from the citizen's visits and letters that the user may see, newest first (offered on intake);
    none for a citizen the user may not see (the id came from the form)."""
    if find_visible(visible_citizens(user), citizen_id) is None:
        return []
    ids = sa.union(
        sa.select(Visit.case_id).where(Visit.citizen_id == citizen_id, Visit.case_id.is_not(None)),
        sa.select(Letter.case_id).where(Letter.citizen_id == citizen_id, Letter.case_id.is_not(None)),
    )
    return list(
        db.session.scalars(
            visible_cases(user).where(CaseFile.id.in_(ids)).order_by(CaseFile.opened_on.desc()).limit(20)
        )
    )


# Keyset lists -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitFilters:
    date_from: date | None = None
    date_to: date | None = None
    officer_id: int | None = None
    session_id: int | None = None
    kind: str | None = None
    delegation: bool | None = None
    outcome: str | None = None
    agency_id: int | None = None


def visits_select(user: User, filters: VisitFilters, *, newest_first: bool = True) -> tuple[sa.Select[Visit], tuple[Any, ...]]:
    """The reception book's scoped, filtered select and its order (ix_visit_list), as its page and export read it."""
    query = visible_visits(user)
    if filters.date_from:
        query = query.where(Visit.visited_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Visit.visited_on <= filters.date_to)
    if filters.officer_id:
        query = query.where(Visit.officer_id == filters.officer_id)
    if filters.session_id:
        query = query.where(Visit.session_id == filters.session_id)
    if filters.kind:
        query = query.where(Visit.kind == filters.kind)
    if filters.delegation is not None:
        query = query.where(Visit.is_delegation.is_(filters.delegation))
    if filters.outcome:
        query = query.where(Visit.outcome == filters.outcome)
    if filters.agency_id:
        query = query.where(Visit.agency_id == filters.agency_id)
    if newest_first:
        order: tuple[Any, ...] = (Visit.visited_on.desc(), Visit.id.desc())
    else:
        order = (Visit.visited_on.asc(), Visit.id.asc())
    # One query per relation for the whole page, not one per row (the address names the commune's district and
    # province too: paperwork.queries.citizen_address).
    query = query.options(
        selectinload(Visit.citizen)
        .selectinload(Citizen.address_unit)
        .selectinload(AdministrativeUnit.parent)
        .selectinload(AdministrativeUnit.parent),
        selectinload(Visit.officer),
        selectinload(Visit.identity_ref),
    )
    return query, order


def list_visits(
    user: User, filters: VisitFilters, *, after: str | None, newest_first: bool = True, size: int = 50
) -> KeysetPage[Visit]:
    """Visits newest (or oldest) first, `size` at a time after a (date, id) cursor: on the ix_visit_list index."""
    query, order = visits_select(user, filters, newest_first=newest_first)
    list_key = "reception.visits:" + ("desc" if newest_first else "asc")
    return keyset_page(query, order, after=after, list_key=list_key, size=size)


def citizens_select(user: User, *, text: str | None) -> tuple[sa.Select[Citizen], tuple[Any, ...], bool]:
    """The citizen list's scoped select and order: all by folded name, or a search's hits (see list_citizens);
    and whether a search counts its hits in that order."""
    query = visible_citizens(user).where(Citizen.merged_into_id.is_(None)).options(selectinload(Citizen.address_unit))
    if not text:
        return query, (Citizen.full_name_folded, Citizen.id), False
    folded, birth_year = split_birth_year(fold_text(text))
    found = search_by_name(query, folded, birth_year=birth_year, id_number=rules.clean_id_number(text))
    return found.query, tuple(found.order), found.count_in_order


def list_citizens(user: User, *, text: str | None, after: str | None, size: int = 50) -> KeysetPage[Citizen]:
    """Citizens by folded name then id, after a cursor; `text` filters by folded name (words from their
    start, through the word index: citizens.queries.name_matches), an ID number, or a name followed by a
    birth year ("nguyen van an 1968"). A search shows its number of hits, counted up to the cap."""
    query, order, count_in_order = citizens_select(user, text=text)
    if not text:
        # The cursor names the last row only (petitions.paging): no name enters a URL.
        return keyset_page(query, order, after=after, list_key="reception.citizens", size=size)
    return keyset_page(
        query,
        order,
        after=after,
        list_key="reception.citizens:search",
        size=size,
        count_total=True,
        count_in_order=count_in_order,
    )


def sessions_select(user: User) -> tuple[sa.Select[ReceptionSession], tuple[Any, ...]]:
    """Sessions of the user's agency subtree and their order, newest first: the sessions page and its export."""
    return visible_sessions(user), (ReceptionSession.held_on.desc(), ReceptionSession.id.desc())


def list_sessions(user: User, *, after: str | None, size: int = 50) -> KeysetPage[ReceptionSession]:
    query, order = sessions_select(user)
    return keyset_page(query, order, after=after, list_key="reception.sessions", size=size)


# Compliance -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplianceRow:
    leader_name: str
    leader_level: LeaderLevel
    rule_text: str
    result: rules.MonthCompliance


def leader_compliance(user: User, month: date) -> list[ComplianceRow]:
    """Per leader (name and level) of the user's agency subtree: the month's head sessions against D2–D5,
    schedules published by the D1 date and postponements announced."""
    first, last = rules.month_bounds(month)
    year_before = first.replace(year=first.year - 1)
    sessions = list(
        db.session.scalars(
            visible_sessions(user).where(
                ReceptionSession.kind.in_(sorted(rules.HEAD_SESSION_KINDS)),
                ReceptionSession.leader_level.is_not(None),
                ReceptionSession.held_on.between(year_before, last),
            )
        )
    )
    # A leader who held sessions in the past year but none this month still appears (as not met).
    grouped: dict[tuple[str, LeaderLevel], list[ReceptionSession]] = {}
    for s in sessions:
        assert s.leader_level is not None  # the query keeps sessions with a leader level only
        items = grouped.setdefault((s.leader_name, s.leader_level), [])
        if first <= s.held_on <= last:
            items.append(s)
    publish_by = publish_by_dates(s for items in grouped.values() for s in items)
    rows = []
    for (name, level), items in sorted(grouped.items()):
        try:
            rule = frequency_rule_for(level, first)
        except NoFrequencyRule:
            continue
        facts = [
            rules.SessionFact(
                held_on=s.held_on,
                status=s.status,
                schedule_published_on=s.schedule_published_on,
                publish_by=publish_by[s.id],
                postponement_announced_on=s.postponement_announced_on,
            )
            for s in items
        ]
        result = rules.month_compliance(
            first, min_days=rule.min_days, per_week=rule.period is FrequencyPeriod.WEEK, sessions=facts
        )
        rows.append(ComplianceRow(name, level, f"{rule.id}: {rule.description}", result))
    return rows
