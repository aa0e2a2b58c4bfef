"""The demo's chases: after the demo's letters and referrals are written, the day's list is built as the daily job
would (`petitions chase`), and a leader of the office decides a few steps through the services (approved, their
paper left for the văn thư's number; one skipped), so that the chasing page shows each state."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.chasing import services
from petitions.chasing.models import Chase
from petitions.domain.chasing import ChaseStatus
from petitions.domain.types import DomainError, Role
from petitions.extensions import db

APPROVED = 3


def demo_chases(today: date) -> services.DaySummary:
    """Build today's list; the first office leader of each of a few proposals approves three and skips one.
    Flushes; the caller commits."""
    summary = services.build_day_list(on=today)
    waiting = list(db.session.scalars(
        sa.select(Chase).where(Chase.status == ChaseStatus.PROPOSED).order_by(Chase.id).limit(APPROVED + 1)
    ))
    for index, chase in enumerate(waiting):
        leader = db.session.scalar(
            sa.select(User).where(User.agency_id == chase.office_agency_id, User.role == Role.LEADER,
                                  User.is_active.is_(True)).order_by(User.id).limit(1)
        )
        if leader is None:
            continue
        try:
            with db.session.begin_nested():
                if index < APPROVED:
                    services.approve_chase(chase, actor=leader, on=today)
                else:
                    services.skip_chase(chase, reason="Cơ quan đã báo cáo tiến độ qua điện thoại", actor=leader, on=today)
        except DomainError:
            continue  # a step the demo's data does not allow (no signer recorded): left waiting
    return summary
