"""The application's clock: one place to read 'now', so tests can freeze it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """Timezone-naive UTC, as stored in every *_at column (both databases compare it alike)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_today() -> date:
    """Today's date in Vietnam, which decides which day a receipt or a deadline belongs to.

    Read through utcnow(), so freezing the clock there freezes 'today' as well.
    """
    return to_local(utcnow()).date()


def to_local(moment: datetime) -> datetime:
    """A stored naive-UTC moment as Vietnamese local time, for display."""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL_TZ)
