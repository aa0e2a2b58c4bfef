"""Users, their server-side sessions, sign-in throttling and the security event log."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.clock import utcnow
from petitions.directory.models import Agency
from petitions.domain.types import Role
from petitions.extensions import Model


class User(Model):
    """An officer's account. Flask-Login identifies it by its current session token, not its id."""

    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[Role] = mapped_column(sa.Enum(Role, native_enum=False, length=32))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    must_change_password: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    password_changed_at: Mapped[datetime | None]
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_counter: Mapped[int | None]
    mfa_enabled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    failed_login_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Wrong second-factor codes in a row: counted apart from the password's failures, which a correct password
    # resets (an attacker holding the password must not get a fresh count of code guesses by signing in again).
    mfa_failure_count: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agency: Mapped[Agency | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    # Set by the session loader for the request: the server-side session this request runs in.
    current_session = None  # type: UserSession | None

    # Flask-Login protocol --------------------------------------------------------------
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str | None:
        return self.current_session.token if self.current_session else None

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class UserSession(Model):
    """A signed-in session held on the server; ending it refuses the cookie everywhere at once."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only a SHA-256 of the token is stored: a copy of this table cannot be replayed as cookies.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(sa.String(32))
    mfa_verified: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    ip_address: Mapped[str | None] = mapped_column(sa.String(64))
    user_agent: Mapped[str | None] = mapped_column(sa.String(200))

    user: Mapped[User] = relationship()

    # The raw token exists only in the request that created or presented it.
    token = None  # type: str | None


class LoginAttempt(Model):
    """Failed sign-ins per client address, shared by every worker through the database."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    ip_address: Mapped[str] = mapped_column(sa.String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    succeeded: Mapped[bool] = mapped_column(default=False, server_default=sa.false())


class SecurityEvent(Model):
    """Append-only log of sign-ins, lock-outs, MFA, authorisation failures, clearances and reveals."""

    __tablename__ = "security_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(sa.String(48), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    ip_address: Mapped[str | None] = mapped_column(sa.String(64))
    detail: Mapped[str | None] = mapped_column(sa.String(500))


class RecoveryCode(Model):
    """One-use codes for a lost authenticator; only their SHA-256 is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None]


class IdentityClearance(Model):
    """Clearance to see denouncers' identities: asked by one leader, approved by another, time-limited."""

    __tablename__ = "identity_clearance"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(sa.String(500))
    valid_until: Mapped[datetime]
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    revoke_reason: Mapped[str | None] = mapped_column(sa.String(64))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])


class ApiToken(Model):
    """A user's token for the JSON API (/api/v1): only its SHA-256 is kept, the token itself is shown once.

    It acts as its user (role, agency, clearance read afresh on every request), limited by its scope (read or
    write), until it expires or is revoked (by the user, or when the user's access changes). The rate-limit
    window lives on the row, so every worker and instance sharing the database counts the same requests."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(16))  # the token's first characters, to recognise it
    scope: Mapped[str] = mapped_column(sa.String(8))  # "read" or "write" (petitions.auth.tokens.SCOPES)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(sa.String(32))
    window_started_at: Mapped[datetime | None]
    window_count: Mapped[int] = mapped_column(default=0, server_default="0")

    user: Mapped[User] = relationship()
