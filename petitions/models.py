"""Imports every area's models so that the metadata (and Alembic) sees every table."""

from petitions.auth.models import (  # noqa: F401
    IdentityClearance,
    LoginAttempt,
    RecoveryCode,
    SecurityEvent,
    User,
    UserSession,
)
from petitions.directory.models import Agency  # noqa: F401
