"""Case read helpers: the scoped loader, the visible-cases query, the case list and the case page's own rows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseOutcome
from petitions.domain.records import CaseRound, CaseStatus, CaseType
from petitions.domain.text import fold_text
from petitions.extensions import db
from petitions.paging import KeysetPage, keyset_page
from petitions.scoping import find_visible, get_visible_or_404, not_restricted, record_scope


def visible_cases(user: User) -> sa.Select[CaseFile]:
    """Cases this user may see: agency scope or liaison assignment, minus restriction lists. Without a signed-in
    user (the CLI, the demo, a case paper the system drafts) every case: such callers name the case themselves,
    and the documents area only checks that it exists."""
    if not isinstance(user, User):
        return sa.select(CaseFile)
    return sa.select(CaseFile).where(
        record_scope(user, CaseFile.agency_in_charge_id, CaseFile.assigned_agency_id),
        not_restricted(user, CaseFile.id),
    )


def get_case_for(user: User, case_id: int) -> CaseFile:
    """The case if the user may see it; 404 otherwise (restricted users included)."""
    return get_visible_or_404(visible_cases(user), case_id)


# ---------------------------------------------------------------------------------------------------------
# The case list
# ---------------------------------------------------------------------------------------------------------

SORTS = ("opened_desc", "due_asc")


@dataclass(frozen=True)
class CaseFilters:
    """The case list's filters (query string) and order. `text` is a search of the title, which may hold a
    person's name: it travels by POST and the session, never in URLs (as the letter register's search)."""

    text: str = ""
    status: CaseStatus | None = None
    case_type: CaseType | None = None
    case_round: CaseRound | None = None
    agency_id: int | None = None
    handler_id: int | None = None
    overdue: bool = False
    sort: str = "opened_desc"


def _sort_order(sort: str) -> tuple[Any, ...]:
    """The indexed columns of the order, id last (paging's tie-breaker). By deadline: the nearest resolution
    due date first (the cases with a running resolution clock only: the others have no deadline)."""
    if sort == "due_asc":
        return (CaseFile.resolution_due_on.asc(), CaseFile.id.asc())
    return (CaseFile.opened_on.desc(), CaseFile.id.desc())


def filtered_cases(user: User, filters: CaseFilters, *, today: date) -> sa.Select[CaseFile]:
    """The user's cases matching the filters (petitions.scoping through visible_cases); unordered."""
    query = visible_cases(user)
    if filters.status is not None:
        query = query.where(CaseFile.status == filters.status)
    if filters.case_type is not None:
        query = query.where(CaseFile.case_type == filters.case_type)
    if filters.case_round is not None:
        query = query.where(CaseFile.case_round == filters.case_round)
    if filters.agency_id is not None:
        # An agency outside the scope finds nothing: visible_cases already holds the scope.
        query = query.where(CaseFile.agency_in_charge_id == filters.agency_id)
    if filters.handler_id is not None:
        query = query.where(CaseFile.handler_id == filters.handler_id)
    if filters.overdue:
        # The earliest open resolution clock past due: the projection on the row (an index range).
        query = query.where(CaseFile.resolution_due_on < today)
    if filters.sort == "due_asc":
        query = query.where(CaseFile.resolution_due_on.is_not(None))
    words = fold_text(filters.text).split()
    for word in words[:8]:
        query = query.where(CaseFile.title_folded.contains(word, autoescape=True))
    return query


def cases_select(user: User, filters: CaseFilters, *, today: date) -> tuple[sa.Select[CaseFile], tuple[Any, ...]]:
    """The case list's scoped, filtered select and its order, as its page and its export read it."""
    sort = filters.sort if filters.sort in SORTS else "opened_desc"
    return filtered_cases(user, replace(filters, sort=sort), today=today), _sort_order(sort)


def list_cases(
    user: User, filters: CaseFilters, *, today: date, cursor: str | None = None, size: int | None = None
) -> KeysetPage[CaseFile]:
    """One page of the case list in the chosen order after the keyset `cursor` (petitions.paging)."""
    sort = filters.sort if filters.sort in SORTS else "opened_desc"
    query, order = cases_select(user, filters, today=today)
    return keyset_page(
        query,
        order,
        after=cursor,
        list_key=f"cases:{sort}",
        size=size,
    )


# ---------------------------------------------------------------------------------------------------------
# The case page
# ---------------------------------------------------------------------------------------------------------


def status_events(case: CaseFile) -> list[CaseFileStatusEvent]:
    """The case's dated status events, oldest first."""
    return list(
        db.session.scalars(
            sa.select(CaseFileStatusEvent)
            .where(CaseFileStatusEvent.case_file_id == case.id)
            .order_by(CaseFileStatusEvent.effective_on, CaseFileStatusEvent.id)
        )
    )


def case_outcome(case: CaseFile) -> CaseOutcome | None:
    return db.session.scalar(sa.select(CaseOutcome).where(CaseOutcome.case_file_id == case.id))


def parent_case(user: User, case: CaseFile) -> CaseFile | None:
    """The earlier round the case continues, if the user may see it."""
    if case.parent_case_id is None:
        return None
    return find_visible(visible_cases(user), case.parent_case_id)


def next_rounds(user: User, case: CaseFile) -> list[CaseFile]:
    """The later rounds that continue this case (lần 2, tố cáo tiếp) the user may see, oldest first."""
    return list(
        db.session.scalars(visible_cases(user).where(CaseFile.parent_case_id == case.id).order_by(CaseFile.id))
    )
