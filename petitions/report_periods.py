"""The reporting window a page is asked for — a preset (?period=2026-Q3, 2026-6M, …) or any window
(?from=…&to=…) — and the presets its chooser offers: one reader for every page that counts over a period
(the 01/TCD report, agency performance). The periods themselves are petitions.domain.periods."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request

from petitions.clock import local_today
from petitions.domain import periods
from petitions.domain.dates import InvalidDate, parse_written_date
from petitions.domain.periods import InvalidPeriod, ReportPeriod


def default_period(today: date) -> ReportPeriod:
    """The current period: the official quarter whose 15th-to-14th window contains today (from 15/12 that is
    next year's quý I)."""
    for year in (today.year, today.year + 1):
        for number in range(1, 5):
            quarter = periods.quarter(year, number)
            if quarter.contains(today):
                return quarter
    raise AssertionError("every day lies in a quarter")


def period_from_request() -> tuple[ReportPeriod, str | None]:
    """The window asked for (?period=2026-Q3, or ?from=…&to=…), or today's quarter with an error."""
    preset = request.args.get("period", "").strip()
    start, end = request.args.get("from", "").strip(), request.args.get("to", "").strip()
    try:
        if start or end:
            return periods.window(parse_written_date(start, what="Từ ngày"), parse_written_date(end, what="Đến ngày")), None
        if preset:
            return periods.parse_period(preset), None
    except InvalidPeriod as refused:
        return default_period(local_today()), str(refused)
    except InvalidDate as refused:
        return default_period(local_today()), str(refused)
    return default_period(local_today()), None


def period_args(period: ReportPeriod, error: str | None = None) -> dict[str, Any]:
    """The query arguments that ask for `period` again (links to downloads and drill-downs): the window's
    dates when the request named them, the preset's code otherwise."""
    if request.args.get("from") and not error:
        return {"from": period.start.isoformat(), "to": period.end.isoformat()}
    return {"period": period.code}


def presets(today: date) -> list[tuple[str, str]]:
    """(code, label) of the official periods of the current period's year and the year before: quarters, 6 and
    9 months, the year, the National Assembly window (from 15/12 the current period is next year's quý I, so
    that year's periods are offered)."""
    out = []
    current = default_period(today).year or today.year
    for year in (current, current - 1):
        for text in (
            f"{year}-Q1",
            f"{year}-Q2",
            f"{year}-Q3",
            f"{year}-Q4",
            f"{year}-6M",
            f"{year}-9M",
            f"{year}",
            f"{year}-NA",
        ):
            period = periods.parse_period(text)
            out.append(
                (
                    period.code,
                    f"{period.label} ({periods.format_day(period.start)} – {periods.format_day(period.end)})",
                )
            )
    return out
