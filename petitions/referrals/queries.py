"""Who sees which referral, and the lists: the workspace of the receiving body, the office's responses to
review. Every loader is get_visible_or_404 over visible_referrals (petitions.scoping)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from petitions.auth.models import User
from petitions.deadlines.models import Clock, RecordType
from petitions.directory.queries import in_agency_subtree
from petitions.domain.referrals import ReferralKind, ReferralStatus
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.models import Letter
from petitions.paging import KeysetPage, capped_total, keyset_page
from petitions.referrals.models import Referral, ReferralEvent
from petitions.scoping import get_visible_or_404, not_restricted

PAGE_SIZE = 25

# What a list's row shows beside the referral: its letter's register number, the two bodies (one query each per
# page, not one per row).
_ROW_LOADS = (
    selectinload(Referral.letter).load_only(Letter.id, Letter.register_number, Letter.register_year),
    selectinload(Referral.agency),
    selectinload(Referral.office_agency),
)


def body_condition(user: User) -> sa.ColumnElement[bool]:
    """Referrals sent to the user's body or one below it (the workspace's side)."""
    if user.role == Role.ADMIN or user.agency_id is None:
        return sa.false()
    return in_agency_subtree(Referral.agency_id, user.agency_id)


def office_condition(user: User) -> sa.ColumnElement[bool]:
    """Referrals the user's office (or one below it) sent (the office's side); never a liaison's."""
    if user.role in (Role.ADMIN, Role.LIAISON) or user.agency_id is None:
        return sa.false()
    return in_agency_subtree(Referral.office_agency_id, user.agency_id)


def visible_referrals(user: User) -> sa.Select[Referral]:
    """Referrals this user may see: those sent to their body (a liaison sees only these), those their office
    sent; never one of a case restricted from them."""
    return sa.select(Referral).where(
        sa.or_(body_condition(user), office_condition(user)), not_restricted(user, Referral.case_file_id)
    )


def workspace_referrals(user: User) -> sa.Select[Referral]:
    """The workspace's rows: only the items sent to the user's body (whatever else the user may see)."""
    return sa.select(Referral).where(body_condition(user), not_restricted(user, Referral.case_file_id))


def office_referrals(user: User) -> sa.Select[Referral]:
    """The office side's rows: only the items the user's office sent."""
    return sa.select(Referral).where(office_condition(user), not_restricted(user, Referral.case_file_id))


def get_referral_for(user: User, referral_id: int) -> Referral:
    return get_visible_or_404(visible_referrals(user), referral_id)


def get_workspace_referral_for(user: User, referral_id: int) -> Referral:
    """A referral sent to the user's body; 404 otherwise (also one the user's office sent: not a workspace item)."""
    return get_visible_or_404(workspace_referrals(user), referral_id)


def get_office_referral_for(user: User, referral_id: int) -> Referral:
    return get_visible_or_404(office_referrals(user), referral_id)


@dataclass(frozen=True)
class WorkspaceFilters:
    status: ReferralStatus | None = None
    kind: ReferralKind | None = None
    overdue: bool = False


def workspace_page(
    user: User, filters: WorkspaceFilters, *, today: date, after: str | None, size: int = PAGE_SIZE
) -> KeysetPage[Referral]:
    """A page of the body's items. Overdue: still open, answer due before today, in due-date order (the
    oldest debt first); otherwise newest sent first."""
    query, order = workspace_select(user, filters, today=today)
    key = "workspace:overdue" if filters.overdue else "workspace:sent_desc"
    return keyset_page(query, order, after=after, list_key=key, size=size, count_total=True)


def workspace_select(user: User, filters: WorkspaceFilters, *, today: date) -> tuple[sa.Select[Referral], tuple[Any, ...]]:
    """The workspace list's scoped, filtered select (its rows' relations loaded per page) and its order."""
    query = workspace_referrals(user)
    if filters.kind is not None:
        query = query.where(Referral.kind == filters.kind)
    if filters.overdue:
        query = _overdue(query, today)
        if filters.status is not None:
            query = query.where(Referral.status == filters.status)
        order: tuple[Any, ...] = (Referral.answer_due_on, Referral.id)
    else:
        if filters.status is not None:
            query = query.where(Referral.status == filters.status)
        order = (Referral.sent_on.desc(), Referral.id.desc())
    return query.options(*_ROW_LOADS), order


# Still the body's to do (an answered item waits for the office).
WITH_BODY = (ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED, ReferralStatus.IN_PROGRESS)


def _overdue(query: sa.Select[Referral], today: date) -> sa.Select[Referral]:
    return query.where(Referral.answer_due_on < today, Referral.status.in_(WITH_BODY))


def _to_review(user: User) -> sa.Select[Referral]:
    return office_referrals(user).where(Referral.status == ReferralStatus.ANSWERED, Referral.answered_at.is_not(None))


def _extensions(user: User) -> sa.Select[Referral]:
    if user.role != Role.LEADER:
        return sa.select(Referral).where(sa.false())
    return office_referrals(user).where(Referral.extension_requested_days.is_not(None))


def responses_to_review(user: User, *, after: str | None = None, size: int = PAGE_SIZE) -> KeysetPage[Referral]:
    """The office's answered referrals waiting for its review (accept or return), oldest answer first."""
    return keyset_page(
        _to_review(user).options(*_ROW_LOADS), (Referral.answered_at, Referral.id), after=after,
        list_key="referrals:review", size=size, count_total=True,
    )


def extensions_to_decide(user: User, *, after: str | None = None, size: int = PAGE_SIZE) -> KeysetPage[Referral]:
    """Extension requests waiting for a leader of the office that sent the item."""
    return keyset_page(
        _extensions(user).options(*_ROW_LOADS), (Referral.id,), after=after, list_key="referrals:extensions",
        size=size, count_total=True,
    )


@dataclass(frozen=True)
class HomeCounts:
    """The home page's referral badges, each counted up to paging.TOTAL_CAP: (count, more than that)."""

    review: tuple[int, bool]
    extensions: tuple[int, bool]
    open: tuple[int, bool]
    overdue: tuple[int, bool]

    @property
    def any(self) -> bool:
        return bool(self.review[0] or self.extensions[0] or self.open[0])


def home_counts(user: User, *, today: date) -> HomeCounts:
    """Counts only (no rows): the answers the office has to review, the extension requests for its leaders, the
    body's open items and the overdue ones."""
    open_items = workspace_referrals(user).where(Referral.status.in_(WITH_BODY))
    return HomeCounts(
        review=capped_total(_to_review(user)),
        extensions=capped_total(_extensions(user)),
        open=capped_total(open_items),
        overdue=capped_total(_overdue(workspace_referrals(user), today)),
    )


def letter_referrals(user: User, letter_id: int) -> list[Referral]:
    """The referrals of a letter already loaded through its scope that this user may see, oldest first."""
    return list(db.session.scalars(visible_referrals(user).where(Referral.letter_id == letter_id).order_by(Referral.id)))


def case_referrals(user: User, case_id: int) -> list[Referral]:
    return list(
        db.session.scalars(visible_referrals(user).where(Referral.case_file_id == case_id).order_by(Referral.id))
    )


def referral_events(referral: Referral) -> list[ReferralEvent]:
    return list(
        db.session.scalars(
            sa.select(ReferralEvent).where(ReferralEvent.referral_id == referral.id).order_by(ReferralEvent.id)
        )
    )


def waiting_clock(referral: Referral) -> Clock | None:
    """The referral's open waiting clock (D25 or W1), if one runs."""
    return db.session.scalar(
        sa.select(Clock)
        .where(Clock.record_type == RecordType.REFERRAL, Clock.record_id == referral.id, Clock.closed_at.is_(None))
        .order_by(Clock.id.desc())
        .limit(1)
    )


def last_clock(referral: Referral) -> Clock | None:
    """The referral's latest waiting clock, open or closed (its rule says whether an extension can be asked)."""
    return db.session.scalar(
        sa.select(Clock)
        .where(Clock.record_type == RecordType.REFERRAL, Clock.record_id == referral.id)
        .order_by(Clock.id.desc())
        .limit(1)
    )
