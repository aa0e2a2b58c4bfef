"""Clearance to see denouncers' identities: two leaders, a time limit, revoked on role change.

Clearance stays inside one agency tree: the officer cleared belongs to the leaders' agency or to one
below it, so both leaders (the one who asks, the one who approves) lead that agency or one above it.
A leader sees, asks for and approves only the users and grants of their own subtree; anything else
answers as if it did not exist (the view's 404, the service's refusal).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from petitions import clock
from petitions.auth.events import end_all_sessions, record_event
from petitions.auth.models import IdentityClearance, User
from petitions.directory.queries import agency_subtree_ids
from petitions.domain.types import DomainError, Role
from petitions.extensions import db

MAX_CLEARANCE = timedelta(days=365)
CLEARABLE_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER)
NOT_FOUND = "Không tìm thấy cán bộ đã chọn."


def clearance_candidates(leader: User) -> sa.Select[User]:
    """Active users a leader may ask clearance for: officers, handlers and leaders of the leader's
    agency or of an agency below it (none for a user without an agency or who is not a leader)."""
    if leader.role != Role.LEADER or leader.agency_id is None:
        return sa.select(User).where(sa.false())
    return sa.select(User).where(
        User.is_active.is_(True),
        User.role.in_(CLEARABLE_ROLES),
        User.agency_id.in_(agency_subtree_ids(leader.agency_id)),
    )


def visible_clearances(leader: User) -> sa.Select[IdentityClearance]:
    """Grants of users in the leader's agency subtree: the only ones the leader lists, approves or revokes."""
    if leader.role != Role.LEADER or leader.agency_id is None:
        return sa.select(IdentityClearance).where(sa.false())
    in_tree = sa.select(User.id).where(User.agency_id.in_(agency_subtree_ids(leader.agency_id)))
    return sa.select(IdentityClearance).where(IdentityClearance.user_id.in_(in_tree))


def _leads_tree_of(leader: User, user: User) -> bool:
    """True when the user's agency is the leader's own or one below it."""
    if leader.agency_id is None or user.agency_id is None:
        return False
    found = db.session.scalar(
        sa.select(sa.literal(1)).where(sa.literal(user.agency_id).in_(agency_subtree_ids(leader.agency_id)))
    )
    return found is not None


def request_clearance(*, user: User, requested_by: User, reason: str, days: int) -> IdentityClearance:
    """A leader asks for clearance for an officer of their agency or one below it; it is not active until a
    second leader of that tree approves."""
    if requested_by.role != Role.LEADER:
        raise DomainError("Chỉ lãnh đạo mới được đề nghị cấp quyền xem danh tính người tố cáo.")
    if not _leads_tree_of(requested_by, user):
        # Outside the leader's tree the officer does not exist for them (as on the form's list).
        raise DomainError(NOT_FOUND)
    if user.role in (Role.ADMIN, Role.LIAISON, Role.VIEWER):
        raise DomainError("Vai trò này không được cấp quyền xem danh tính người tố cáo.")
    if not reason.strip():
        raise DomainError("Phải ghi rõ lý do cấp quyền.")
    if not 1 <= days <= MAX_CLEARANCE.days:
        raise DomainError("Thời hạn cấp quyền từ 1 đến 365 ngày.")
    grant = IdentityClearance(
        user_id=user.id,
        requested_by_id=requested_by.id,
        reason=reason.strip()[:500],
        valid_until=clock.utcnow() + timedelta(days=days),
        requested_at=clock.utcnow(),
    )
    db.session.add(grant)
    db.session.flush()
    record_event("clearance_requested", user=user, actor=requested_by, detail=f"clearance={grant.id} days={days}")
    return grant


def approve_clearance(*, grant: IdentityClearance, approver: User) -> None:
    """The second leader's approval, by a leader of the officer's agency or one above it; the requester (or
    the officer) cannot approve it themselves."""
    if approver.role != Role.LEADER:
        raise DomainError("Chỉ lãnh đạo mới được phê duyệt quyền xem danh tính.")
    if not _leads_tree_of(approver, grant.user):
        raise DomainError("Không tìm thấy đề nghị đã chọn.")
    if approver.id in (grant.requested_by_id, grant.user_id):
        raise DomainError("Quyền phải được một lãnh đạo khác người đề nghị phê duyệt.")
    if grant.approved_at is not None or grant.revoked_at is not None:
        raise DomainError("Đề nghị này đã được xử lý.")
    grant.approved_by_id = approver.id
    grant.approved_at = clock.utcnow()
    # A change of clearance starts fresh sessions, like any change of access.
    end_all_sessions(grant.user, reason="clearance_changed")
    record_event("clearance_approved", user=grant.user, actor=approver, detail=f"clearance={grant.id}")


def revoke(*, grant: IdentityClearance, actor: User | None, reason: str) -> None:
    if grant.revoked_at is None:
        grant.revoked_at = clock.utcnow()
        grant.revoked_by_id = actor.id if actor else None
        grant.revoke_reason = reason
        end_all_sessions(grant.user, reason="clearance_changed")
        record_event("clearance_revoked", user=grant.user, actor=actor, detail=f"clearance={grant.id} {reason}")


def revoke_all(*, user: User, actor: User | None, reason: str) -> None:
    for grant in db.session.scalars(
        sa.select(IdentityClearance).where(IdentityClearance.user_id == user.id, IdentityClearance.revoked_at.is_(None))
    ):
        revoke(grant=grant, actor=actor, reason=reason)


def has_identity_clearance(user: User) -> bool:
    """True while an approved, unrevoked, unexpired clearance exists for the user."""
    if getattr(user, "role", None) in (None, Role.ADMIN, Role.LIAISON, Role.VIEWER):
        return False
    now = clock.utcnow()
    found = db.session.scalar(
        sa.select(IdentityClearance.id).where(
            IdentityClearance.user_id == user.id,
            IdentityClearance.approved_at.is_not(None),
            IdentityClearance.revoked_at.is_(None),
            IdentityClearance.valid_until > now,
        )
    )
    return found is not None
