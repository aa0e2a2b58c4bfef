"""Configuration: safe defaults, explicit environment overrides, the production checks."""

from __future__ import annotations

import math
import os
import secrets
import zlib
from collections import Counter
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from petitions.mail.addresses import normalise_address

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_PATH = PROJECT_ROOT / "instance"

# A key shorter than this, one of these placeholders, or one whose estimated entropy is below
# MIN_SECRET_KEY_BITS (e.g. "x" * 40, "abcd" * 10) is refused in production.
MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_BITS = 128
WEAK_SECRET_KEYS = frozenset({"dev", "secret", "changeme", "change-me", "test", "development", "password"})


def estimated_key_bits(key: str) -> float:
    """A deliberately pessimistic entropy estimate: Shannon bits per character (from the key's own
    character frequencies) times the number of characters that survive compression, so both a small
    alphabet ("x" * 40) and a repeated pattern ("abcd" * 10) score low. A 128-bit hex key scores a
    little under 128; the refusal message says how to make a key that passes with room to spare."""
    if not key:
        return 0.0
    counts = Counter(key)
    per_char = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    # zlib's fixed overhead (about 11 bytes) carries no information.
    surviving = min(max(len(zlib.compress(key.encode("utf-8"), 9)) - 11, 0), len(key))
    return per_char * surviving


class ConfigError(RuntimeError):
    """The configuration cannot be used safely; the message says what to fix."""


class Config:
    """Defaults that work on a fresh clone: SQLite in instance/, Vietnamese UI, strict cookies."""

    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_PATH / 'petitions.db'}"
    # pool_pre_ping: a pooled connection is tested (one round trip) before a request uses it, so a database
    # restarted under load costs only the requests in flight during the outage, never the stale connections
    # after it (benchmarks/faults.py pg-restart measures it).
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    UPLOAD_FOLDER = str(INSTANCE_PATH / "uploads")
    # The office's own wait for the answer of a body it sent an item to (the system's rule W1; None: 30 days).
    REFERRAL_WAIT_DAYS: int | None = None
    # The chasing ladder in working days (the system's rule, docs/chasing.md): reminder from the N-th working day
    # before the body's deadline; second urging N after the first step's decision; the third rung N after that.
    CHASE_REMINDER_DAYS_BEFORE = 3
    CHASE_SECOND_AFTER_DAYS = 10
    CHASE_FINAL_AFTER_DAYS = 10
    MAX_CONTENT_LENGTH = 50 * 1024 * 1024
    REDIS_URL: str | None = None
    # Background jobs (petitions.jobs): on RQ over REDIS_URL in this queue, in a thread of the app when unset.
    JOBS_QUEUE = "petitions"
    JOBS_MAX_ATTEMPTS = 3
    IMPORT_INLINE_MAX_BYTES = 256 * 1024  # a larger book (about 2,000 rows and up) is imported as a background job
    JOBS_RETRY_DELAY_SECONDS = 5.0  # before a failed attempt is tried again (then doubled)
    # List exports (petitions.exports): longer lists are written by a background job; exports per user per hour.
    EXPORT_INLINE_MAX_ROWS = 5_000
    EXPORT_RATE_LIMIT = 30
    # Report queries may read from a second database, e.g. a streaming replica of the main one
    # (petitions.reports.queries); unset, they read the main database.
    REPORTS_DATABASE_URL: str | None = None
    LOOKUP_BASE_URL = "http://127.0.0.1:5001/tra-cuu"
    # Production refuses to issue or print a receipt whose lookup address is loopback (the default):
    # its QR code and link would send the citizen nowhere (petitions.paperwork.services).
    REQUIRE_PUBLIC_LOOKUP_URL = False

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    SESSION_COOKIE_NAME = "petitions_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # The signed cookie only carries the server-side session token; its lifetime is bounded
    # by the server-side idle and absolute limits below, never by the cookie.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=10)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=10)
    SESSION_IDLE_WARNING = timedelta(minutes=5)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the server-side session
    WTF_CSRF_SSL_STRICT = True

    PASSWORD_HASHER = "argon2id"
    MFA_REQUIRED = False
    PROXY_FIX_HOPS = 0

    # Notification e-mail (petitions.mail, docs/mail.md). No server: mail stays queued in the outbox and a
    # log line says so. The password comes from the environment or instance/config.py, never the database.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_SSL = False  # SMTP over TLS from the first byte (usually port 465)
    MAIL_USE_STARTTLS = False  # upgrade with STARTTLS (usually port 587)
    MAIL_CA_FILE: str | None = None  # PEM of the CAs that sign the server's certificate (the system's if unset)
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER: str | None = None  # the From address; required once MAIL_SERVER is set
    MAIL_TIMEOUT = 10.0  # seconds per SMTP operation: a dead server never holds a request for long
    MAIL_MAX_ATTEMPTS = 5  # after this many failed sends a message is marked failed

    PAGE_SIZE = 50

    # The JSON API (/api/v1): requests per token per minute, counted in the database (petitions.auth.tokens).
    API_RATE_LIMIT = 120

    # Identity vault (denouncers' identities). "reference" stores only an opaque code pointing to
    # the paper file; "encrypted" is opt-in and needs the office's legal basis and a key file kept
    # outside the database, instance/ and the backups.
    VAULT_MODE = "reference"
    VAULT_LEGAL_BASIS: str | None = None
    VAULT_KEY_FILE: str | None = None
    # The key of `petitions backup` / `restore` (petitions.backup): a file kept apart from the backups.
    BACKUP_KEY_FILE: str | None = None


class ProductionConfig(Config):
    """Production: secure cookies with __Host- names, second factor for everyone."""

    DEBUG = False
    TESTING = False
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-petitions_session"
    REMEMBER_COOKIE_SECURE = True
    MFA_REQUIRED = True
    PREFERRED_URL_SCHEME = "https"
    REQUIRE_PUBLIC_LOOKUP_URL = True


def normalise_database_url(url: str) -> str:
    """Route every PostgreSQL URL through the psycopg 3 driver, as deployers write them in many forms."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _as_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Environment variables read by name; anything else in the environment is ignored.
_ENV_SETTINGS: Mapping[str, tuple[str, Any]] = {
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", normalise_database_url),
    "SECRET_KEY": ("SECRET_KEY", str),
    "UPLOAD_FOLDER": ("UPLOAD_FOLDER", str),
    "PETITIONS_REFERRAL_WAIT_DAYS": ("REFERRAL_WAIT_DAYS", int),
    "PETITIONS_CHASE_REMINDER_DAYS_BEFORE": ("CHASE_REMINDER_DAYS_BEFORE", int),
    "PETITIONS_CHASE_SECOND_AFTER_DAYS": ("CHASE_SECOND_AFTER_DAYS", int),
    "PETITIONS_CHASE_FINAL_AFTER_DAYS": ("CHASE_FINAL_AFTER_DAYS", int),
    "REDIS_URL": ("REDIS_URL", str),
    "PETITIONS_JOBS_QUEUE": ("JOBS_QUEUE", str),
    "REPORTS_DATABASE_URL": ("REPORTS_DATABASE_URL", normalise_database_url),
    "LOOKUP_BASE_URL": ("LOOKUP_BASE_URL", str),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", _as_bool),
    "MAIL_USE_STARTTLS": ("MAIL_USE_STARTTLS", _as_bool),
    "MAIL_CA_FILE": ("MAIL_CA_FILE", str),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_SENDER": ("MAIL_SENDER", str),
    "MAIL_TIMEOUT": ("MAIL_TIMEOUT", float),
    "MAIL_MAX_ATTEMPTS": ("MAIL_MAX_ATTEMPTS", int),
    "PROXY_FIX_HOPS": ("PROXY_FIX_HOPS", int),
    "PETITIONS_MFA_REQUIRED": ("MFA_REQUIRED", _as_bool),
    "VAULT_MODE": ("VAULT_MODE", str),
    "VAULT_LEGAL_BASIS": ("VAULT_LEGAL_BASIS", str),
    "VAULT_KEY_FILE": ("VAULT_KEY_FILE", str),
    "BACKUP_KEY_FILE": ("BACKUP_KEY_FILE", str),
}


def config_from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings named in the environment, converted; unknown variables are ignored."""
    settings: dict[str, Any] = {}
    for name, (key, convert) in _ENV_SETTINGS.items():
        raw = environ.get(name)
        if raw is not None and raw != "":
            settings[key] = convert(raw)
    return settings


def load_or_create_secret_key(instance_path: Path) -> str:
    """Read instance/secret_key, creating it once (mode 0600) on a fresh machine."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two workers starting together must not both write a different key.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def check_production_config(config: Mapping[str, Any]) -> None:
    """Refuse to start production with a missing or weak secret key or debug on."""
    key = config.get("SECRET_KEY")
    if not key:
        raise ConfigError("SECRET_KEY is not set: production refuses to start without one.")
    if (
        len(key) < MIN_SECRET_KEY_LENGTH
        or key.lower() in WEAK_SECRET_KEYS
        or estimated_key_bits(key) < MIN_SECRET_KEY_BITS
    ):
        raise ConfigError(
            f"SECRET_KEY is too weak: use at least {MIN_SECRET_KEY_LENGTH} random characters, about "
            f"{MIN_SECRET_KEY_BITS} bits or more (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    if config.get("DEBUG"):
        raise ConfigError("DEBUG must be off in production.")
    check_vault_config(config)
    check_mail_config(config, production=True)


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def check_mail_config(config: Mapping[str, Any], *, production: bool = False) -> None:
    """A configured SMTP server needs a plain sender address and one way of encryption at most; production
    refuses to send a password unencrypted to a server that is not on this machine."""
    server = (config.get("MAIL_SERVER") or "").strip()
    if not server:
        return
    if normalise_address(config.get("MAIL_SENDER")) is None:
        raise ConfigError("MAIL_SERVER is set: MAIL_SENDER must be one plain e-mail address (the From of notifications).")
    if config.get("MAIL_USE_SSL") and config.get("MAIL_USE_STARTTLS"):
        raise ConfigError("Choose MAIL_USE_SSL (port 465) or MAIL_USE_STARTTLS (port 587), not both.")
    ca_file = config.get("MAIL_CA_FILE")
    if ca_file and not Path(ca_file).is_file():
        raise ConfigError(f"MAIL_CA_FILE names no file: {ca_file}")
    encrypted = config.get("MAIL_USE_SSL") or config.get("MAIL_USE_STARTTLS")
    if production and config.get("MAIL_USERNAME") and not encrypted and server not in LOOPBACK_HOSTS:
        raise ConfigError("MAIL_USERNAME is set without MAIL_USE_SSL or MAIL_USE_STARTTLS: the password would travel in clear.")


def check_vault_config(config: Mapping[str, Any]) -> None:
    """Encrypted vault mode must name its legal basis and a key file outside instance/."""
    mode = config.get("VAULT_MODE") or "reference"
    if mode not in ("reference", "encrypted"):
        raise ConfigError("VAULT_MODE must be 'reference' or 'encrypted'.")
    if mode == "encrypted":
        if not (config.get("VAULT_LEGAL_BASIS") or "").strip():
            raise ConfigError("VAULT_MODE=encrypted needs VAULT_LEGAL_BASIS (the office's recorded legal basis).")
        key_file = config.get("VAULT_KEY_FILE")
        if not key_file:
            raise ConfigError("VAULT_MODE=encrypted needs VAULT_KEY_FILE (a path outside the database and instance/).")
        if Path(key_file).resolve().is_relative_to(INSTANCE_PATH.resolve()):
            raise ConfigError("VAULT_KEY_FILE must not be inside instance/: keep the key apart from the data.")
