"""Who sees which chase, and the office's list. The officers (handlers, leaders) of the office that sent the
item see its chases; a liaison, another office, the administrator see none (404). Every loader is
get_visible_or_404 over visible_chases (petitions.scoping)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from petitions.auth.models import User
from petitions.chasing.models import Chase, ChaseRun
from petitions.directory.queries import in_agency_subtree
from petitions.domain.chasing import ChaseStatus, ChaseStep
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.models import Letter
from petitions.paging import KeysetPage, capped_total, keyset_page
from petitions.referrals.models import Referral
from petitions.scoping import get_visible_or_404, not_restricted

PAGE_SIZE = 25
OFFICE_ROLES = (Role.HANDLER, Role.LEADER)

# What a row shows beside the chase: the referral and its letter's register number, the bodies (one query each
# per page, not one per row).
_ROW_LOADS = (
    selectinload(Chase.referral).selectinload(Referral.letter).load_only(
        Letter.id, Letter.register_number, Letter.register_year),
    selectinload(Chase.agency),
    selectinload(Chase.recipient_agency),
)


def visible_chases(user: User) -> sa.Select[Chase]:
    """Chases of the user's office (or one below it), never one of a case restricted from the user."""
    if user.role not in OFFICE_ROLES or user.agency_id is None:
        return sa.select(Chase).where(sa.false())
    restricted_cases = sa.select(Referral.id).where(Referral.id == Chase.referral_id,
                                                     sa.not_(not_restricted(user, Referral.case_file_id)))
    return sa.select(Chase).where(in_agency_subtree(Chase.office_agency_id, user.agency_id),
                                  ~sa.exists(restricted_cases))


def get_chase_for(user: User, chase_id: int) -> Chase:
    return get_visible_or_404(visible_chases(user), chase_id)


@dataclass(frozen=True)
class ChaseFilters:
    status: ChaseStatus | None = ChaseStatus.PROPOSED
    step: ChaseStep | None = None


def chase_page(user: User, filters: ChaseFilters, *, after: str | None, size: int = PAGE_SIZE) -> KeysetPage[Chase]:
    """A page of the office's chases, newest proposal first (the day's list on top)."""
    query, order = chases_select(user, filters)
    return keyset_page(
        query, order, after=after, list_key=f"chasing:{filters.status or 'all'}", size=size, count_total=True,
    )


def chases_select(user: User, filters: ChaseFilters) -> tuple[sa.Select[Chase], tuple[Any, ...]]:
    """The chasing list's scoped, filtered select (its rows' relations loaded per page) and its order."""
    query = visible_chases(user)
    if filters.status is not None:
        query = query.where(Chase.status == filters.status)
    if filters.step is not None:
        query = query.where(Chase.step == filters.step)
    return query.options(*_ROW_LOADS), (Chase.proposed_on.desc(), Chase.id.desc())


def waiting_count(user: User) -> tuple[int, bool]:
    """The office's steps waiting for a leader, counted up to paging.TOTAL_CAP (the home page's badge): one index
    range of ix_chase_office_status_day, no rows loaded."""
    return capped_total(visible_chases(user).where(Chase.status == ChaseStatus.PROPOSED))


def last_run(on: date) -> ChaseRun | None:
    """The day's run of the list, if it was built that day."""
    return db.session.scalar(sa.select(ChaseRun).where(ChaseRun.run_on == on))


def referral_chases(referral_id: int) -> list[Chase]:
    """The ladder of one referral (already loaded through the user's scope), by rung."""
    return list(db.session.scalars(sa.select(Chase).where(Chase.referral_id == referral_id).order_by(Chase.rung)))
