"""Read helpers: the working calendar from the database (cached per request), years, clocks of a record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import g, has_app_context

from petitions.deadlines.models import CalendarDay, CalendarVersion, Clock, clock_record_key
from petitions.domain import calendar_data
from petitions.domain.deadlines import HANDLING_RULE_IDS, DeadlineError, WorkingCalendar, earliest_open
from petitions.extensions import db

_CACHE_KEY = "_deadlines_working_calendar"

# The reminder appears from this day of the year when next year's calendar is not confirmed.
REMINDER_MONTH, REMINDER_DAY = 10, 1


class NoConfirmedCalendar(DeadlineError):
    """The database holds no confirmed calendar year yet (`petitions seed` loads 2025–2027)."""


def as_domain_day(row: CalendarDay) -> calendar_data.CalendarDay:
    return calendar_data.CalendarDay(row.day, row.is_working, row.kind, row.name, row.source, row.decision_no)


def confirmed_years() -> set[int]:
    """Every year some confirmed calendar version covers."""
    years: set[int] = set()
    for first, last in db.session.execute(sa.select(CalendarVersion.first_year, CalendarVersion.last_year)):
        years.update(range(first, last + 1))
    return years


def effective_range(years: Iterable[int]) -> tuple[int, int] | None:
    """The run of consecutive confirmed years starting at the earliest: a due date is never guessed
    across a year nobody confirmed, so a confirmed year after a gap does not count yet."""
    ordered = sorted(set(years))
    if not ordered:
        return None
    last = ordered[0]
    for year in ordered[1:]:
        if year != last + 1:
            break
        last = year
    return ordered[0], last


def latest_version() -> CalendarVersion | None:
    return db.session.scalar(sa.select(CalendarVersion).order_by(CalendarVersion.id.desc()).limit(1))


def confirmed_rows(first_year: int, last_year: int) -> list[CalendarDay]:
    return list(
        db.session.scalars(
            sa.select(CalendarDay)
            .where(
                CalendarDay.calendar_version_id.is_not(None),
                CalendarDay.day >= date(first_year, 1, 1),
                CalendarDay.day <= date(last_year, 12, 31),
            )
            .order_by(CalendarDay.day)
        )
    )


def build_working_calendar(
    *,
    version: str,
    years: Iterable[int],
    add: Iterable[calendar_data.CalendarDay] = (),
    remove: Iterable[date] = (),
    include_drafts_of: int | None = None,
) -> WorkingCalendar:
    """A calendar from the confirmed rows of `years`, with changes not saved yet (for a preview).

    `include_drafts_of` adds the draft rows of a year about to be confirmed.
    """
    span = effective_range(years)
    if span is None:
        raise NoConfirmedCalendar(
            "Chưa có lịch làm việc nào được xác nhận, nên không tính được hạn "
            "(chạy «petitions seed» để nạp lịch 2025–2027)."
        )
    first, last = span
    removed = set(remove)
    rows = {r.day: as_domain_day(r) for r in confirmed_rows(first, last) if r.day not in removed}
    if include_drafts_of is not None:
        drafts = db.session.scalars(
            sa.select(CalendarDay).where(
                CalendarDay.calendar_version_id.is_(None),
                CalendarDay.day >= date(include_drafts_of, 1, 1),
                CalendarDay.day <= date(include_drafts_of, 12, 31),
            )
        )
        rows.update({r.day: as_domain_day(r) for r in drafts if r.day not in removed})
    for entry in add:
        rows[entry.day] = entry
    return calendar_data.build_calendar(rows.values(), first_year=first, last_year=last, version=version)


def load_working_calendar() -> WorkingCalendar:
    """The calendar every due date is counted on: confirmed days of the confirmed years, labelled with
    the latest calendar version. Cached for the request (or app context); the calendar services clear
    the cache when they change a year."""
    if has_app_context():
        cached = g.get(_CACHE_KEY)
        if cached is not None:
            return cached
    version = latest_version()
    calendar = build_working_calendar(version=version.label if version else "", years=confirmed_years())
    if has_app_context():
        setattr(g, _CACHE_KEY, calendar)
    return calendar


def invalidate_calendar_cache() -> None:
    if has_app_context():
        g.pop(_CACHE_KEY, None)


# Years for the administrator's pages -----------------------------------------------------


@dataclass(frozen=True)
class YearStatus:
    year: int
    confirmed: bool
    counted: bool  # inside the run of years the deadlines are counted on
    days_off: int
    make_up_days: int
    drafts: int
    versions: tuple[str, ...]


def year_rows(year: int) -> list[CalendarDay]:
    return list(
        db.session.scalars(
            sa.select(CalendarDay)
            .where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
            .order_by(CalendarDay.day)
        )
    )


def versions_of(year: int) -> list[CalendarVersion]:
    return list(
        db.session.scalars(
            sa.select(CalendarVersion)
            .where(CalendarVersion.first_year <= year, CalendarVersion.last_year >= year)
            .order_by(CalendarVersion.id)
        )
    )


def list_year_statuses(today: date) -> list[YearStatus]:
    """Every year with rows or a version, plus the current and the next year."""
    confirmed = confirmed_years()
    span = effective_range(confirmed)
    day_years = db.session.scalars(sa.select(CalendarDay.day)).all()
    years = sorted(confirmed | {d.year for d in day_years} | {today.year, today.year + 1})
    statuses = []
    for year in years:
        rows = year_rows(year)
        statuses.append(
            YearStatus(
                year=year,
                confirmed=year in confirmed,
                counted=span is not None and span[0] <= year <= span[1],
                days_off=sum(1 for r in rows if not r.is_working and r.day.weekday() < 5),
                make_up_days=sum(1 for r in rows if r.is_working),
                drafts=sum(1 for r in rows if not r.is_confirmed),
                versions=tuple(v.label for v in versions_of(year)),
            )
        )
    return statuses


def calendar_reminder(today: date) -> str | None:
    """From 1 October: next year's calendar is not confirmed yet (and, at any time, this year's)."""
    confirmed = confirmed_years()
    if today.year not in confirmed:
        return (
            f"Lịch làm việc năm {today.year} chưa được xác nhận: các thời hạn chạy sang năm này chưa tính được. "
            "Hãy đề xuất, kiểm tra và xác nhận lịch năm nay."
        )
    if today >= date(today.year, REMINDER_MONTH, REMINDER_DAY) and today.year + 1 not in confirmed:
        return (
            f"Lịch làm việc năm {today.year + 1} chưa được xác nhận. Hãy đề xuất lịch từ danh sách ngày lễ, "
            "nhập ngày hoán đổi, ngày làm việc bù theo thông báo của Chính phủ và xác nhận trước cuối năm."
        )
    return None


# Clocks -----------------------------------------------------------------------------------


def clocks_of(record_type: str, record_id: int) -> list[Clock]:
    """Every clock of a record, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Clock)
            .where(Clock.record_type == record_type, Clock.record_id == record_id)
            .order_by(Clock.id)
        )
    )


def _record_key(record: object) -> tuple[str, int]:
    key = clock_record_key(record)
    if key is None:
        raise DeadlineError("Thời hạn chỉ chạy trên đơn, vụ việc, lượt tiếp hoặc kỳ tiếp công dân đã lưu.")
    return key


def open_clock(record: object, rule_id: str) -> Clock | None:
    """The record's open clock of this rule (one at most), or None."""
    record_type, record_id = _record_key(record)
    return db.session.scalar(
        sa.select(Clock).where(
            Clock.record_type == record_type,
            Clock.record_id == record_id,
            Clock.rule_id == rule_id,
            Clock.closed_at.is_(None),
        )
    )


def open_clocks_of(record_type: str, record_ids: Iterable[int], rule_ids: Iterable[str]) -> dict[tuple[int, str], Clock]:
    """The open clocks of these rules on many records of one type, by (record id, rule), in one query:
    how a record's area reads the due dates it shows, on a detail page or a whole list."""
    ids, rules = sorted(set(record_ids)), sorted(set(rule_ids))
    if not ids or not rules:
        return {}
    clocks = db.session.scalars(
        sa.select(Clock)
        .where(
            Clock.record_type == record_type,
            Clock.record_id.in_(ids),
            Clock.rule_id.in_(rules),
            Clock.closed_at.is_(None),
        )
        .order_by(Clock.id)
    )
    return {(clock.record_id, clock.rule_id): clock for clock in clocks}


def current_handling_clock(record: object) -> Clock | None:
    """The letter's worklist "handling deadline": the earliest open clock among D10, D21 and D22
    (DOMAIN §5). Clocks waiting for an unconfirmed calendar year have no date and are left out."""
    record_type, record_id = _record_key(record)
    return current_handling_clocks(record_type, [record_id]).get(record_id)


# What a list shows of a record's handling clock: a worklist page does not decode the pauses, obstacles
# and extensions (JSON) of every clock on it.
LISTED_CLOCK_COLUMNS = (Clock.id, Clock.record_type, Clock.record_id, Clock.rule_id, Clock.due_on, Clock.explanation,
                        Clock.paused_since, Clock.closed_at)


def current_handling_clocks(
    record_type: str, record_ids: Iterable[int], *, listed: bool = False, rule_ids: frozenset[str] = HANDLING_RULE_IDS
) -> dict[int, Clock]:
    """The handling clock of many records in one query (worklists), by record id: the earliest open one among
    `rule_ids` (a case list passes CASE_RESOLUTION_RULE_IDS). `listed`: only the LISTED_CLOCK_COLUMNS are
    loaded (an attribute read later loads itself)."""
    ids = list(record_ids)
    if not ids:
        return {}
    query = sa.select(Clock)
    if listed:
        query = query.options(sa.orm.load_only(*LISTED_CLOCK_COLUMNS))
    clocks = db.session.scalars(
        query
        .where(
            Clock.record_type == record_type,
            Clock.record_id.in_(ids),
            Clock.rule_id.in_(sorted(rule_ids)),
            Clock.closed_at.is_(None),
            Clock.due_on.is_not(None),
        )
        .order_by(Clock.id)
    )
    grouped: dict[int, list[Clock]] = {}
    for clock in clocks:
        grouped.setdefault(clock.record_id, []).append(clock)
    result = {}
    for record_id, candidates in grouped.items():
        chosen = earliest_open(candidates, rule_ids)
        if chosen is not None:
            result[record_id] = chosen
    return result
