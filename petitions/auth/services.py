"""Sign-in use cases: authenticate, throttle, sessions, second factor, passwords, security events."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import sqlalchemy as sa
from flask import current_app

from petitions import clock
from petitions.auth import clearance, tokens
from petitions.auth.events import end_all_sessions, end_session, record_event
from petitions.auth.models import LoginAttempt, RecoveryCode, User, UserSession
from petitions.auth.passwords import burn_verification_time, common_passwords, hash_password, verify_password
from petitions.domain.passwords import check_new_password
from petitions.domain.types import DomainError, Role
from petitions.extensions import db

# Per account: the 5th failure in a row locks for 1 minute, each further failure doubles it,
# up to an hour; a success or an administrator clears it. Never permanent (ASVS 6.3.1).
ACCOUNT_FAILURES_BEFORE_LOCK = 5
ACCOUNT_LOCK_BASE = timedelta(minutes=1)
ACCOUNT_LOCK_MAX = timedelta(hours=1)
# Per address: a higher threshold, so one office's NAT does not lock out a whole floor.
ADDRESS_FAILURE_LIMIT = 50
ADDRESS_WINDOW = timedelta(minutes=15)

RECOVERY_CODE_COUNT = 10
MFA_LOCKED = "Nhập sai mã xác thực nhiều lần: tài khoản tạm khóa, vui lòng thử lại sau ít phút."
TOTP_ISSUER = "Petitions"


class SignInRefused(DomainError):
    """Sign-in refused; the message never says whether the username exists."""


# One answer for an unknown name, a wrong password and a locked account: telling them apart would
# tell a guesser which usernames exist (ASVS 5.0 V6.3.8).
NOT_SIGNED_IN = (
    "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa vì đăng nhập sai nhiều lần. "
    "Vui lòng kiểm tra lại và thử lại sau ít phút."
)


class AccountLocked(SignInRefused):
    def __init__(self, until: datetime) -> None:
        super().__init__(NOT_SIGNED_IN)
        self.until = until


class AddressThrottled(SignInRefused):
    def __init__(self) -> None:
        super().__init__("Có quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau ít phút.")


class WrongCredentials(SignInRefused):
    def __init__(self) -> None:
        super().__init__(NOT_SIGNED_IN)


# Sign-in -----------------------------------------------------------------------------------


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def _address_throttled(ip_address: str, now: datetime) -> bool:
    failures = db.session.scalar(
        sa.select(sa.func.count(LoginAttempt.id)).where(
            LoginAttempt.ip_address == ip_address,
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at > now - ADDRESS_WINDOW,
        )
    )
    return (failures or 0) >= ADDRESS_FAILURE_LIMIT


def lock_duration(failures: int) -> timedelta | None:
    """How long the account stays locked after this many failures in a row (None: not locked)."""
    if failures < ACCOUNT_FAILURES_BEFORE_LOCK:
        return None
    doubled = ACCOUNT_LOCK_BASE * (2 ** min(failures - ACCOUNT_FAILURES_BEFORE_LOCK, 10))
    return min(doubled, ACCOUNT_LOCK_MAX)


def authenticate(*, username: str, password: str, ip_address: str, known_device: bool = False) -> User:
    """Check a username and password under the per-account and per-address limits.

    The counters live in the database, so every gunicorn worker and every app instance
    sharing it enforces the same limits. Raises a SignInRefused subclass.

    The address limit slows password spraying (many names, few guesses each) from one address.
    An office signs in from behind one address, so a browser that already signed in as this very
    user (``known_device``: it presents the device cookie issued then) is not held back by the
    address limit; the per-account lock still applies to it.
    """
    now = clock.utcnow()
    if not known_device and _address_throttled(ip_address, now):
        record_event("login_throttled_address", ip_address=ip_address)
        raise AddressThrottled()
    # Lock the user row, so that concurrent failures count one after the other.
    user = db.session.scalar(
        sa.select(User).where(User.username == normalise_username(username)).with_for_update()
    )
    if user is None or not user.is_active:
        burn_verification_time(password)
        db.session.add(LoginAttempt(ip_address=ip_address, attempted_at=now, succeeded=False))
        record_event("login_failure", ip_address=ip_address, detail="unknown or inactive account")
        raise WrongCredentials()
    if user.locked_until is not None and user.locked_until > now:
        burn_verification_time(password)  # same time as a wrong password: the lock is not revealed
        db.session.add(LoginAttempt(ip_address=ip_address, attempted_at=now, succeeded=False))
        record_event("login_locked", user=user, ip_address=ip_address)
        raise AccountLocked(user.locked_until)
    matches, new_hash = verify_password(user.password_hash, password)
    if not matches:
        user.failed_login_count += 1
        duration = lock_duration(user.failed_login_count)
        db.session.add(LoginAttempt(ip_address=ip_address, attempted_at=now, succeeded=False))
        record_event("login_failure", user=user, ip_address=ip_address, detail=f"failures={user.failed_login_count}")
        if duration is not None:
            user.locked_until = now + duration
            record_event("lockout", user=user, ip_address=ip_address, detail=f"minutes={duration.seconds // 60}")
        raise WrongCredentials()
    if new_hash is not None:
        user.password_hash = new_hash
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = now
    db.session.add(LoginAttempt(ip_address=ip_address, attempted_at=now, succeeded=True))
    record_event("login_success", user=user, ip_address=ip_address)
    return user


def clear_lockout(*, user: User, actor: User) -> None:
    user.failed_login_count = 0
    user.mfa_failure_count = 0
    user.locked_until = None
    record_event("lockout_cleared", user=user, actor=actor)


# Server-side sessions ----------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def start_session(*, user: User, ip_address: str | None, user_agent: str | None) -> UserSession:
    """A new session with a fresh random token (the cookie carries only this token)."""
    token = secrets.token_urlsafe(32)
    now = clock.utcnow()
    user_session = UserSession(
        token_hash=_token_hash(token),
        user=user,
        created_at=now,
        last_seen_at=now,
        ip_address=ip_address,
        user_agent=(user_agent or "")[:200] or None,
    )
    user_session.token = token
    db.session.add(user_session)
    db.session.flush()
    return user_session


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta
    absolute: timedelta


def session_expiry_reason(user_session: UserSession, now: datetime, limits: SessionLimits) -> str | None:
    """Why a session can no longer be used ('ended', 'idle', 'absolute'), or None if it can."""
    if user_session.ended_at is not None:
        return "ended"
    if now - user_session.last_seen_at > limits.idle:
        return "idle"
    if now - user_session.created_at > limits.absolute:
        return "absolute"
    return None


def end_expired_sessions(limits: SessionLimits, *, now: datetime | None = None) -> int:
    """Stamp `ended_at` on every session past its idle or absolute limit that nobody came back to.

    A session is also ended when its cookie comes back after the limit (load_session); this sweep
    covers the ones that never come back, so the sessions list and the audit trail say when they
    stopped. Run at every sign-in and by `petitions users end-expired-sessions` (cron).
    """
    now = now or clock.utcnow()
    ended = 0
    for reason, expired in (
        ("idle", UserSession.last_seen_at < now - limits.idle),
        ("absolute", UserSession.created_at < now - limits.absolute),
    ):
        result = db.session.execute(
            sa.update(UserSession)
            .where(UserSession.ended_at.is_(None), expired)
            .values(ended_at=now, end_reason=reason)
            .execution_options(synchronize_session=False)
        )
        ended += result.rowcount or 0  # type: ignore[attr-defined]  # CursorResult of an UPDATE
    return ended


def load_session(token: str, limits: SessionLimits) -> UserSession | None:
    """The live session for a cookie's token, ending it if it has expired; None if unusable."""
    # Every request runs this: the session, its user and the user's agency (the page header) in one query.
    user_session = db.session.scalar(
        sa.select(UserSession)
        .where(UserSession.token_hash == _token_hash(token))
        .options(sa.orm.joinedload(UserSession.user).joinedload(User.agency))
    )
    if user_session is None:
        return None
    now = clock.utcnow()
    reason = session_expiry_reason(user_session, now, limits)
    if reason is not None:
        if user_session.ended_at is None:
            end_session(user_session, reason=reason)
        return None
    if not user_session.user.is_active:
        end_session(user_session, reason="deactivated")
        return None
    # Write the activity stamp at most once a minute: fewer writes, same idle limit.
    if now - user_session.last_seen_at > timedelta(minutes=1):
        user_session.last_seen_at = now
    user_session.token = token
    return user_session


def list_live_sessions(user: User) -> list[UserSession]:
    return list(
        db.session.scalars(
            sa.select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
            .order_by(UserSession.last_seen_at.desc())
        )
    )


# Sign-in steps -----------------------------------------------------------------------------


def pending_step(user: User) -> str | None:
    """The endpoint the user must complete before using the app (None when fully signed in)."""
    user_session = user.current_session
    if user_session is None:
        return None
    if user.mfa_enabled and not user_session.mfa_verified:
        return "auth.mfa_verify"
    if user.must_change_password:
        return "auth.change_password"
    if current_app.config["MFA_REQUIRED"] and not user.mfa_enabled:
        return "auth.mfa_enroll"
    return None


# Passwords ---------------------------------------------------------------------------------


def validate_new_password(user: User, password: str) -> None:
    check_new_password(password, common_passwords=common_passwords(), username=user.username, full_name=user.full_name)


def change_password(*, user: User, current_password: str, new_password: str, keep_session: UserSession | None) -> None:
    """Change a password after checking the current one; every other session of the user ends."""
    matches, _ = verify_password(user.password_hash, current_password)
    if not matches:
        record_event("password_change_failed", user=user)
        raise WrongCredentials()
    validate_new_password(user, new_password)
    if verify_password(user.password_hash, new_password)[0]:
        raise DomainError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    user.password_changed_at = clock.utcnow()
    end_all_sessions(user, reason="password_changed", except_session=keep_session)
    record_event("password_changed", user=user)


def reset_password(*, user: User, actor: User | None) -> str:
    """An administrator's reset (actor None: from the command line): a one-time password the user
    must change at the next sign-in."""
    temporary = generate_one_time_password()
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    user.failed_login_count = 0
    user.mfa_failure_count = 0
    user.locked_until = None
    end_all_sessions(user, reason="password_reset")
    record_event("password_reset", user=user, actor=actor)
    return temporary


def generate_one_time_password() -> str:
    """Easy to read aloud and type: 4 groups of 4 from an alphabet without look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


# Users -------------------------------------------------------------------------------------


def create_user(
    *,
    username: str,
    full_name: str,
    role: Role,
    agency_id: int | None,
    password: str | None,
    actor: User | None,
    must_change_password: bool = True,
) -> tuple[User, str | None]:
    """Create an account; with no password a one-time one is generated and returned once."""
    normalised = normalise_username(username)
    if not normalised or not all(ch.isalnum() or ch in "._-" for ch in normalised):
        raise DomainError("Tên đăng nhập chỉ gồm chữ, số và các ký tự . _ -")
    if db.session.scalar(sa.select(User.id).where(User.username == normalised)) is not None:
        raise DomainError("Tên đăng nhập đã tồn tại.")
    one_time = None
    if password is None:
        one_time = password = generate_one_time_password()
    user = User(
        username=normalised,
        full_name=full_name.strip(),
        role=role,
        agency_id=agency_id,
        password_hash="",
        must_change_password=must_change_password,
    )
    if one_time is None:
        validate_new_password(user, password)
    user.password_hash = hash_password(password)
    db.session.add(user)
    db.session.flush()
    record_event("user_created", user=user, actor=actor, detail=f"role={role.value}")
    return user, one_time


def update_user(*, user: User, actor: User, full_name: str, role: Role, agency_id: int | None, is_active: bool) -> None:
    """Edit an account; a change of role, agency or activity ends its sessions at once."""
    changed_access = user.role != role or user.agency_id != agency_id or user.is_active != is_active
    user.full_name = full_name.strip()
    if user.role != role:
        clearance.revoke_all(user=user, actor=actor, reason="role_changed")
    user.role = role
    user.agency_id = agency_id
    user.is_active = is_active
    if changed_access:
        end_all_sessions(user, reason="access_changed")
        # The API tokens act as the user: a change of role, agency or activity revokes them too.
        tokens.revoke_all_tokens(user, actor=actor, reason="access_changed")
    record_event("user_updated" if is_active else "user_deactivated", user=user, actor=actor)


# Second factor -----------------------------------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)


def _matching_counter(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code matches (one step of clock drift allowed either way)."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for counter in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def enrol_totp(*, user: User, secret: str, code: str) -> list[str]:
    """Turn on the second factor once the user proves the app works; returns recovery codes once."""
    counter = _matching_counter(secret, code, clock.utcnow())
    if counter is None:
        record_event("mfa_enrol_failed", user=user)
        raise DomainError("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại và nhập mã mới.")
    user.totp_secret = secret
    user.totp_last_counter = counter
    user.mfa_enabled = True
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    for recovery in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_token_hash(recovery)))
    record_event("mfa_enrolled", user=user)
    return codes


def verify_second_factor(*, user: User, code: str, user_session: UserSession) -> None:
    """Accept a fresh TOTP code (never one already used) or an unused recovery code."""
    now = clock.utcnow()
    # The account lock (lock_duration) also bounds code guessing: six digits, three valid at a time, would
    # otherwise fall to a patient script behind a known password (ASVS 5.0 V6.6.3). The row is locked so that
    # concurrent guesses count one after the other.
    db.session.execute(sa.select(User.id).where(User.id == user.id).with_for_update())
    if user.locked_until is not None and user.locked_until > now:
        record_event("mfa_locked", user=user)
        raise DomainError(MFA_LOCKED)
    cleaned = code.strip().replace(" ", "").replace("-", "").lower()
    if user.totp_secret is not None:
        counter = _matching_counter(user.totp_secret, cleaned, now)
        if counter is not None:
            if user.totp_last_counter is not None and counter <= user.totp_last_counter:
                record_event("mfa_replay", user=user)
                raise DomainError("Mã này đã được dùng. Vui lòng chờ mã mới.")
            user.totp_last_counter = counter
            user.mfa_failure_count = 0
            user_session.mfa_verified = True
            record_event("mfa_success", user=user)
            return
    recovery = db.session.scalar(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _token_hash(cleaned),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is not None:
        recovery.used_at = now
        user.mfa_failure_count = 0
        user_session.mfa_verified = True
        record_event("mfa_recovery_code_used", user=user)
        return
    user.mfa_failure_count += 1
    record_event("mfa_failure", user=user, detail=f"failures={user.mfa_failure_count}")
    duration = lock_duration(user.mfa_failure_count)
    if duration is not None:
        user.locked_until = now + duration
        record_event("lockout", user=user, detail=f"second factor, minutes={duration.seconds // 60}")
        raise DomainError(MFA_LOCKED)
    raise DomainError("Mã xác thực không đúng.")


def disable_mfa(*, user: User, actor: User) -> None:
    """An administrator's reset of a lost authenticator; the user enrols again at next sign-in."""
    user.totp_secret = None
    user.totp_last_counter = None
    user.mfa_enabled = False
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    end_all_sessions(user, reason="mfa_reset")
    record_event("mfa_reset", user=user, actor=actor)
