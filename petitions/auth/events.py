"""What every change of access writes: a security event (row and log line), and the end of a user's sessions.

Below the account services (auth.services) and the clearances (auth.clearance), which both call it.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa

from petitions import clock
from petitions.auth.models import SecurityEvent, User, UserSession
from petitions.directory.queries import agency_subtree_ids
from petitions.domain.types import Role
from petitions.extensions import db

security_log = logging.getLogger("petitions.security")


def visible_events(viewer: User) -> sa.Select[SecurityEvent]:
    """The security events a viewer may read: every one for the administrator; for a leader, those about or by a
    user of their agency or one below it (another office's sign-ins, addresses and reveals are that office's; an
    event naming no user — an unknown name tried at sign-in — is the administrator's)."""
    query = sa.select(SecurityEvent)
    if viewer.role is Role.ADMIN:
        return query
    if viewer.agency_id is None:
        return query.where(sa.false())
    own = sa.select(User.id).where(User.agency_id.in_(agency_subtree_ids(viewer.agency_id)))
    return query.where(sa.or_(SecurityEvent.user_id.in_(own), SecurityEvent.actor_id.in_(own)))


def _encode_log_text(text: str) -> str:
    """CR/LF and other control characters encoded, so a value cannot forge log lines."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def record_event(
    kind: str,
    *,
    user: User | None = None,
    actor: User | None = None,
    ip_address: str | None = None,
    detail: str = "",
) -> SecurityEvent:
    """Write a security event row (and a log line). Never put secrets or personal data in detail."""
    event = SecurityEvent(
        kind=kind,
        user_id=user.id if user else None,
        actor_id=actor.id if actor else None,
        ip_address=_encode_log_text(ip_address or "")[:64] or None,
        detail=_encode_log_text(detail)[:500] or None,
        occurred_at=clock.utcnow(),
    )
    db.session.add(event)
    security_log.info(
        "event=%s user=%s actor=%s ip=%s detail=%s",
        kind,
        event.user_id,
        event.actor_id,
        event.ip_address,
        event.detail,
    )
    return event


def end_session(user_session: UserSession, *, reason: str) -> None:
    if user_session.ended_at is None:
        user_session.ended_at = clock.utcnow()
        user_session.end_reason = reason


def end_all_sessions(user: User, *, reason: str, except_session: UserSession | None = None) -> int:
    """End every live session of a user (logout everywhere); returns how many were ended."""
    live = db.session.scalars(
        sa.select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    ).all()
    count = 0
    for user_session in live:
        if except_session is not None and user_session.id == except_session.id:
            continue
        end_session(user_session, reason=reason)
        count += 1
    return count
