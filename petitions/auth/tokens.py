"""API tokens: created and revoked by their user, stored hashed, refused once expired, revoked or inactive.

A token is `pt_` and 43 URL-safe characters from `secrets` (256 bits): unguessable, so a plain SHA-256 is the
right way to keep it (as the session tokens: petitions.auth.services) and one indexed lookup finds it. The
token itself is returned once, by `create_token`, and never stored.

Every request presenting a token is counted in a one-minute window kept on the token's row, in one UPDATE: every
worker and every instance sharing the database counts the same requests (as the sign-in throttle does), and
PostgreSQL's row lock puts two concurrent requests one after the other.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from petitions import clock
from petitions.auth.events import record_event
from petitions.auth.models import ApiToken, User
from petitions.domain.types import DomainError
from petitions.extensions import db

READ, WRITE = "read", "write"
SCOPES = (READ, WRITE)
TOKEN_PREFIX = "pt_"
MAX_DAYS = 365
MAX_LIVE_TOKENS = 20
RATE_WINDOW = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def visible_tokens(user: User) -> sa.Select[ApiToken]:
    """The user's own tokens: the only ones they list or revoke."""
    return sa.select(ApiToken).where(ApiToken.user_id == user.id)


def live_token_query(user: User) -> sa.Select[ApiToken]:
    """The user's own tokens still in force (neither revoked nor expired)."""
    return visible_tokens(user).where(ApiToken.revoked_at.is_(None), ApiToken.expires_at > clock.utcnow())


def live_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(live_token_query(user).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def create_token(*, user: User, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for the user; the second value is the token itself, to be shown once."""
    name = name.strip()
    if not name:
        raise DomainError("Vui lòng đặt tên cho mã truy cập.")
    if scope not in SCOPES:
        raise DomainError("Phạm vi của mã truy cập không hợp lệ.")
    if not 1 <= days <= MAX_DAYS:
        raise DomainError("Thời hạn của mã truy cập từ 1 đến 365 ngày.")
    if len(live_tokens(user)) >= MAX_LIVE_TOKENS:
        raise DomainError("Bạn đã có 20 mã truy cập còn hiệu lực; hãy thu hồi mã không dùng trước khi tạo mã mới.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.utcnow()
    token = ApiToken(
        user_id=user.id,
        name=name[:100],
        token_hash=token_hash(secret),
        prefix=secret[:10],
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    record_event("api_token_created", user=user, actor=user, detail=f"token={token.id} scope={scope} days={days}")
    return token, secret


def revoke_token(token: ApiToken, *, actor: User | None, reason: str) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.utcnow()
        token.revoke_reason = reason
        record_event("api_token_revoked", user=token.user, actor=actor, detail=f"token={token.id} {reason}")


def revoke_all_tokens(user: User, *, actor: User | None, reason: str) -> int:
    """Revoke every token of a user still in force (a change of the user's access); how many were."""
    tokens = list(db.session.scalars(visible_tokens(user).where(ApiToken.revoked_at.is_(None))))
    for token in tokens:
        revoke_token(token, actor=actor, reason=reason)
    return len(tokens)


@dataclass(frozen=True)
class Presented:
    """A token that authenticated a request: its row, its user and this request's place in the rate window."""

    token: ApiToken
    user: User
    count: int  # requests in the current window, this one included
    window_ends_at: datetime


def present_token(secret: str) -> Presented | None:
    """The token behind a bearer value, counted, or None when it is unknown, expired, revoked, or its user
    is inactive (the four are not told apart). The count and the last-used date are written (not committed)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    now = clock.utcnow()
    if token is None or token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    new_window = sa.or_(ApiToken.window_started_at.is_(None), ApiToken.window_started_at <= now - RATE_WINDOW)
    db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.id == token.id)
        .values(
            last_used_at=now,
            window_started_at=sa.case((new_window, now), else_=ApiToken.window_started_at),
            window_count=sa.case((new_window, 1), else_=ApiToken.window_count + 1),
        )
        .execution_options(synchronize_session=False)
    )
    started, count = db.session.execute(
        sa.select(ApiToken.window_started_at, ApiToken.window_count).where(ApiToken.id == token.id)
    ).one()
    return Presented(token=token, user=token.user, count=int(count), window_ends_at=(started or now) + RATE_WINDOW)
