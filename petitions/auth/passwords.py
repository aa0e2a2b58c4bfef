"""Password hashing: argon2id with OWASP parameters, rehash on login, legacy werkzeug hashes upgraded."""

from __future__ import annotations

from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from werkzeug.security import check_password_hash

from petitions.domain.passwords import normalise_password

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1 (the documented minimum).
PRODUCTION_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)
# Tests hash thousands of passwords; this keeps the suite fast. Never selectable in production
# (create_app only takes it from a test config mapping).
FAST_TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, hash_len=16, salt_len=16)

_HASHERS = {"argon2id": PRODUCTION_HASHER, "fast-test-hasher": FAST_TEST_HASHER}

# Legacy hashes from earlier tools (werkzeug's generate_password_hash) start with these.
_LEGACY_PREFIXES = ("pbkdf2:", "scrypt:")


def _hasher() -> PasswordHasher:
    return _HASHERS[current_app.config["PASSWORD_HASHER"]]


def hash_password(password: str) -> str:
    return _hasher().hash(normalise_password(password))


def verify_password(stored_hash: str, password: str) -> tuple[bool, str | None]:
    """(matches, new hash to store or None). A new hash is returned when the stored one is a
    legacy werkzeug hash or argon2 with other parameters, so logins upgrade it silently."""
    candidate = normalise_password(password)
    if stored_hash.startswith(_LEGACY_PREFIXES):
        if check_password_hash(stored_hash, candidate):
            return True, hash_password(candidate)
        return False, None
    hasher = _hasher()
    try:
        hasher.verify(stored_hash, candidate)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    if hasher.check_needs_rehash(stored_hash):
        return True, hash_password(candidate)
    return True, None


_DUMMY_HASHES: dict[str, str] = {}


def burn_verification_time(password: str) -> None:
    """Verify against a dummy hash, so an unknown username costs as much time as a known one."""
    name = current_app.config["PASSWORD_HASHER"]
    if name not in _DUMMY_HASHES:
        _DUMMY_HASHES[name] = _HASHERS[name].hash("dummy password for timing")
    verify_password(_DUMMY_HASHES[name], password)


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("petitions").joinpath("data/common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
