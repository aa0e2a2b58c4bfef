"""Agency performance read from the database: grouped counts per body for the ranking, and each figure's
drill-down list (keyset pages) built from the same condition, so that a list's length is its figure.

The office's side only: the referrals the user's office (or one below it) sent, never one of a case restricted
from the user (petitions.referrals.queries.office_referrals). The figures (petitions.domain.performance):
  - received: referrals sent in the window (sent_on);
  - answered: referrals answered (status answered or completed) with the answer dated in the window; on time
    or late against the due date of the referral's last waiting clock (the clock the answer stopped, with its
    extensions and pauses); the working days to answer from the grouped (body, sent, answered, on time) rows;
  - overdue now: referrals still with the body (sent, acknowledged, in progress) whose due date is before the
    as-of day, whatever the window (a debt is counted where it stands);
  - chases sent: chase steps approved whose document was issued (not voided) with an issue date in the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from petitions.auth.models import User
from petitions.chasing.models import Chase
from petitions.deadlines.models import Clock, RecordType
from petitions.directory.models import Agency
from petitions.directory.queries import in_agency_subtree
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.chasing import ChaseStatus
from petitions.domain.deadlines import REFERRAL_RULE_IDS
from petitions.domain.performance import AnswerGroup
from petitions.domain.periods import ReportPeriod
from petitions.domain.referrals import ReferralStatus
from petitions.extensions import db
from petitions.letters.models import Letter
from petitions.paging import KeysetPage, keyset_page
from petitions.referrals.models import Referral
from petitions.referrals.queries import WITH_BODY, office_referrals
from petitions.scoping import get_visible_or_404

PAGE_SIZE = 25

ANSWERED = (ReferralStatus.ANSWERED, ReferralStatus.COMPLETED)


class Figure(StrEnum):
    """A figure of the ranking that has a drill-down list (the mean and the percentile drill down to the
    answers they are taken over: ANSWERED)."""

    RECEIVED = "received"
    ANSWERED = "answered"
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    CHASES = "chases"


def due_when_answered() -> sa.ScalarSelect[Any]:
    """The due date of the referral's last waiting clock (D25 or W1): the one its answer stopped, with the
    extensions granted and the pauses. A return for completion starts a new clock, so the last is the one in
    force when the current answer came."""
    return (
        sa.select(Clock.due_on)
        .where(
            Clock.record_type == RecordType.REFERRAL,
            Clock.record_id == Referral.id,
            Clock.rule_id.in_(sorted(REFERRAL_RULE_IDS)),
        )
        .order_by(Clock.id.desc())
        .limit(1)
        .correlate(Referral)
        .scalar_subquery()
    )


def _office_where(user: User) -> sa.ColumnElement[bool]:
    """The office side's condition on Referral (scope and restrictions), for grouped selects."""
    condition = office_referrals(user).whereclause
    assert condition is not None
    return condition


def _received(period: ReportPeriod) -> sa.ColumnElement[bool]:
    return Referral.sent_on.between(period.start, period.end)


def _answered(period: ReportPeriod) -> sa.ColumnElement[bool]:
    return sa.and_(Referral.status.in_(ANSWERED), Referral.answer_on.between(period.start, period.end))


def _overdue(as_of: date) -> sa.ColumnElement[bool]:
    return sa.and_(Referral.status.in_(WITH_BODY), Referral.answer_due_on < as_of)


def _chases(user: User, period: ReportPeriod) -> sa.Select[Any]:
    """Chase steps of the office's referrals approved and issued in the window (a voided paper is not sent).
    The chase's own office column is matched too, so that the database can start from the office's chases."""
    own_office = in_agency_subtree(Chase.office_agency_id, user.agency_id) if user.agency_id is not None else sa.false()
    return (
        sa.select(Chase)
        .join(Referral, Referral.id == Chase.referral_id)
        .join(Document, Document.id == Chase.document_id)
        .where(
            own_office,
            _office_where(user),
            Chase.status == ChaseStatus.APPROVED,
            Document.status == DocumentStatus.ISSUED,
            Document.issue_date.between(period.start, period.end),
        )
    )


def _counts(query: sa.Select[int, int]) -> dict[int, int]:
    return {agency_id: count for agency_id, count in db.session.execute(query)}


@dataclass(frozen=True)
class GroupedFigures:
    """What the database counts for a ranking, per body (agency id)."""

    received: dict[int, int]
    answers: list[AnswerGroup]
    overdue: dict[int, int]
    chases: dict[int, int]

    @property
    def agency_ids(self) -> set[int]:
        return set(self.received) | {g.agency_id for g in self.answers} | set(self.overdue) | set(self.chases)


def grouped_figures(user: User, period: ReportPeriod, *, as_of: date) -> GroupedFigures:
    """Four grouped statements, whatever the number of referrals: received, answers by (body, sent, answered,
    on time), overdue now, chases sent."""
    where = _office_where(user)
    received = _counts(
        sa.select(Referral.agency_id, sa.func.count()).where(where, _received(period)).group_by(Referral.agency_id)
    )
    answered = (
        sa.select(
            Referral.agency_id.label("agency_id"),
            Referral.sent_on.label("sent_on"),
            Referral.answer_on.label("answer_on"),
            due_when_answered().label("due_on"),
        )
        .where(where, _answered(period))
        .subquery()
    )
    on_time = sa.case(
        (answered.c.due_on.is_(None), sa.null()), (answered.c.answer_on <= answered.c.due_on, 1), else_=0
    ).label("on_time")
    answers = [
        AnswerGroup(agency_id, sent_on, answer_on, None if timely is None else bool(timely), count)
        for agency_id, sent_on, answer_on, timely, count in db.session.execute(
            sa.select(answered.c.agency_id, answered.c.sent_on, answered.c.answer_on, on_time, sa.func.count())
            .group_by(answered.c.agency_id, answered.c.sent_on, answered.c.answer_on, on_time)
        )
    ]
    overdue = _counts(
        sa.select(Referral.agency_id, sa.func.count()).where(where, _overdue(as_of)).group_by(Referral.agency_id)
    )
    chases_sent = _chases(user, period).subquery()
    chases = _counts(
        sa.select(chases_sent.c.agency_id, sa.func.count()).group_by(chases_sent.c.agency_id)
    )
    return GroupedFigures(received, answers, overdue, chases)


def agencies_named(ids: set[int]) -> dict[int, Agency]:
    if not ids:
        return {}
    return {a.id: a for a in db.session.scalars(sa.select(Agency).where(Agency.id.in_(sorted(ids))))}


def get_body_for(user: User, agency_id: int) -> Agency:
    """A body the user's office sent at least one item to (one it may see); 404 for any other agency, as
    for a missing one."""
    sent_to = sa.exists(office_referrals(user).with_only_columns(Referral.id).where(Referral.agency_id == Agency.id))
    return get_visible_or_404(sa.select(Agency).where(sent_to), agency_id)


# The drill-down lists -------------------------------------------------------------------------------------

_ROW_LOADS = (
    selectinload(Referral.letter).load_only(Letter.id, Letter.register_number, Letter.register_year),
    selectinload(Referral.agency),
)


def figure_select(
    user: User, figure: Figure, agency_id: int | None, period: ReportPeriod, *, as_of: date
) -> sa.Select[Any]:
    """The rows behind one figure of one body (None: every body, the total row): the same condition the
    grouped count uses."""
    if figure is Figure.CHASES:
        chases = _chases(user, period)
        return chases if agency_id is None else chases.where(Chase.agency_id == agency_id)
    query = office_referrals(user)
    if agency_id is not None:
        query = query.where(Referral.agency_id == agency_id)
    match figure:
        case Figure.RECEIVED:
            return query.where(_received(period))
        case Figure.ANSWERED:
            return query.where(_answered(period))
        case Figure.ON_TIME:
            return query.where(_answered(period), Referral.answer_on <= due_when_answered())
        case Figure.LATE:
            return query.where(_answered(period), Referral.answer_on > due_when_answered())
        case Figure.OVERDUE:
            return query.where(_overdue(as_of))
    raise AssertionError(figure)


def _order(figure: Figure) -> Sequence[Any]:
    match figure:
        case Figure.RECEIVED:
            return (Referral.sent_on, Referral.id)
        case Figure.OVERDUE:
            return (Referral.answer_due_on, Referral.id)
        case Figure.CHASES:
            return (Chase.decided_on, Chase.id)
    return (Referral.answer_on, Referral.id)


def figure_page(
    user: User,
    figure: Figure,
    agency_id: int | None,
    period: ReportPeriod,
    *,
    as_of: date,
    after: str | None,
    size: int = PAGE_SIZE,
) -> KeysetPage[Any]:
    """One page of a figure's items with the capped total: sent first (received), oldest due first (overdue),
    answered first (answers), approved first (chases)."""
    query = figure_select(user, figure, agency_id, period, as_of=as_of)
    if figure is Figure.CHASES:
        query = query.options(
            selectinload(Chase.referral).selectinload(Referral.letter).load_only(
                Letter.id, Letter.register_number, Letter.register_year
            ),
            selectinload(Chase.document),
            selectinload(Chase.agency),
        )
    else:
        query = query.options(*_ROW_LOADS)
    return keyset_page(
        query, _order(figure), after=after, list_key=f"performance:{figure.value}", size=size, count_total=True
    )


def due_dates(referral_ids: Sequence[int]) -> dict[int, date | None]:
    """The due date in force when answered of each referral of a page (one statement)."""
    if not referral_ids:
        return {}
    return dict(
        db.session.execute(sa.select(Referral.id, due_when_answered()).where(Referral.id.in_(list(referral_ids)))).all()
    )
