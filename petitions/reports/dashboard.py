"""The leaders' dashboard: a period against the one before, for an agency's subtree, as the JSON its page draws.

What it shows (DOMAIN §6's counting rules, through the forms' own facts and rules, never counted again another way):
  - reception: visits, persons, cases (lần đầu / nhiều lần), delegations and the head's sessions, the totals 01/TCD
    prints for the same agency and window (queries.reception_facts, domain.dashboard.reception_totals);
  - letters: the window's letters, carried over and received, handled, eligible and their cases, within competence
    and outside it by route, replies, the totals 01/XLD prints (queries.letter_facts,
    domain.dashboard.letter_totals); the letters received by main content, adding up to (3); the handled letters
    by their first approved handling (accepted, forwarded, guided, returned, filed …), adding up to (4);
  - the period before (domain.periods.previous_period) with each figure's change;
  - a monthly trend: the twelve internal months (15th – 14th) up to the period's end;
  - what is overdue now, per body of the subtree: letters past their handling due date and cases past their
    resolution due date, as the register's and the case list's overdue filters show them to the user.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from flask import url_for

from petitions.auth.models import User
from petitions.clock import local_today
from petitions.collector import collector_paused
from petitions.directory.models import Agency
from petitions.domain import dashboard as rules
from petitions.domain.periods import (
    InvalidPeriod,
    ReportPeriod,
    format_day,
    months_up_to,
    parse_period,
    previous_period,
)
from petitions.domain.records import LetterStatus
from petitions.domain.statistics import LetterKind
from petitions.i18n import lazy_gettext as _l
from petitions.reports import catalog, dashboard_queries, queries
from petitions.reports.queries import UnclassifiedLetters

TREND_MONTHS = 12
# The bodies listed by name in the overdue list; the rest are summed on one line.
OVERDUE_LISTED = 15


@dataclass(frozen=True)
class WindowFigures:
    """One window's figures: reception always; letters unless the window holds letters 01/XLD cannot place
    (``problem`` says which, as the form's page does)."""

    period: ReportPeriod
    reception: rules.ReceptionTotals
    letters: rules.LetterTotals | None
    outcomes: Mapping[LetterStatus | str, int]
    problem: str | None = None


@dataclass(frozen=True)
class Dashboard:
    agency: Agency
    current: WindowFigures
    previous: WindowFigures
    trend: tuple[dashboard_queries.MonthFigures, ...]
    overdue: tuple[dashboard_queries.OverdueBody, ...]
    today: date


def window_figures(agency_id: int, period: ReportPeriod) -> WindowFigures:
    """A window's reception and letter totals from the forms' facts, and its handled letters' outcomes."""
    with collector_paused():
        reception = rules.reception_totals(queries.reception_facts(agency_id, period), period)
        try:
            letters = rules.letter_totals(queries.letter_facts(agency_id, period), period)
        except UnclassifiedLetters as unplaced:
            return WindowFigures(period, reception, None, {}, str(unplaced))
    return WindowFigures(period, reception, letters, dashboard_queries.handling_outcomes(agency_id, period))


def build_dashboard(*, user: User, agency: Agency, period: ReportPeriod, today: date | None = None) -> Dashboard:
    """The dashboard of ``agency``'s subtree (the caller has checked it is in the user's scope) for ``period``
    against previous_period(period); the trend's last month ends with the period; overdue as of ``today``."""
    today = today or local_today()
    months = list(months_up_to(period.end, TREND_MONTHS))
    months[-1] = replace(months[-1], end=min(months[-1].end, period.end))
    return Dashboard(
        agency=agency,
        current=window_figures(agency.id, period),
        previous=window_figures(agency.id, previous_period(period)),
        trend=tuple(dashboard_queries.monthly_trend(agency.id, months)),
        overdue=tuple(dashboard_queries.overdue_by_body(user, agency.id, today)),
        today=today,
    )


# ----------------------------------------------------------------------------------------------------- JSON

# (key, label, where the form prints it) of each figure, in the page's order.
RECEPTION_FIGURES: tuple[tuple[str, Any, str], ...] = (
    ("visits", _l("Lượt tiếp"), "01/TCD (1)"),
    ("persons", _l("Người được tiếp"), "01/TCD (2)"),
    ("cases", _l("Vụ việc"), "01/TCD (3)"),
    ("cases_first", _l("Vụ việc tiếp lần đầu"), "01/TCD (6)+(15)+(24)"),
    ("cases_repeated", _l("Vụ việc tiếp nhiều lần"), "01/TCD (7)+(16)+(25)"),
    ("delegations", _l("Đoàn đông người"), "01/TCD (8)+(17)+(26)"),
    ("delegation_persons", _l("Người trong đoàn đông người"), "01/TCD (9)+(18)+(27)"),
    ("delegation_cases", _l("Vụ việc của đoàn đông người"), "01/TCD (10)+(11)+(19)+(20)+(28)+(29)"),
    ("sessions", _l("Kỳ tiếp của thủ trưởng"), "01/TCD (12)+(21)"),
)
LETTER_FIGURES: tuple[tuple[str, Any, str], ...] = (
    ("total", _l("Tổng số đơn"), "01/XLD (1)"),
    ("carried", _l("Kỳ trước chuyển sang"), "01/XLD (2)"),
    ("received", _l("Tiếp nhận trong kỳ"), "01/XLD (3)"),
    ("handled", _l("Đã xử lý"), "01/XLD (4)"),
    ("not_handled", _l("Chưa xử lý"), "01/XLD (5)"),
    ("eligible", _l("Đủ điều kiện xử lý"), "01/XLD (6)"),
    ("eligible_cases", _l("Vụ việc của đơn đủ điều kiện"), "01/XLD (7)"),
    ("within", _l("Thuộc thẩm quyền"), "01/XLD (14)"),
    ("guided", _l("Ngoài thẩm quyền: hướng dẫn"), "01/XLD (19)"),
    ("forwarded", _l("Ngoài thẩm quyền: chuyển đơn"), "01/XLD (20)"),
    ("urged", _l("Ngoài thẩm quyền: đôn đốc"), "01/XLD (21)"),
    ("replies", _l("Văn bản phúc đáp"), "01/XLD (22)"),
)
# The trend's figures (MonthFigures) and the form's columns that count them, for their drill-down.
TREND_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("visits", "visits", "01/TCD (1)"),
    ("persons", "persons", "01/TCD (2)"),
    ("delegations", "delegations", "01/TCD (8)+(17)+(26)"),
    ("letters", "received", "01/XLD (3)"),
)
KIND_LABELS: Mapping[LetterKind, Any] = {
    LetterKind.COMPLAINT: _l("Khiếu nại"),
    LetterKind.DENUNCIATION: _l("Tố cáo"),
    LetterKind.PETITION: _l("Kiến nghị, phản ánh"),
    LetterKind.ANONYMOUS: _l("Thông tin tố cáo không rõ người tố cáo"),
}
OUTCOME_LABELS: Mapping[LetterStatus | str, Any] = {
    LetterStatus.GUIDED: _l("Hướng dẫn"),
    LetterStatus.RETURNED: _l("Trả lại đơn"),
    LetterStatus.FORWARDED: _l("Chuyển đơn"),
    LetterStatus.TO_PARTY_BODY: _l("Chuyển cơ quan Đảng"),
    LetterStatus.TO_INSPECTION: _l("Chuyển thanh tra, kiểm tra"),
    LetterStatus.URGED: _l("Đôn đốc"),
    LetterStatus.ACCEPTED: _l("Thụ lý"),
    LetterStatus.NOT_ACCEPTED: _l("Không thụ lý"),
    LetterStatus.FILED: _l("Lưu đơn"),
    LetterStatus.REPLY_RECEIVED: _l("Nhận văn bản phúc đáp"),
    LetterStatus.DESTROYED: _l("Đã tiêu hủy"),
    dashboard_queries.UNRECORDED: _l("Chưa ghi nhận hướng xử lý"),
}


# ------------------------------------------------------------------------------------------- drill-down links


def window_args(period: ReportPeriod) -> dict[str, Any]:
    """The query arguments naming ``period``: its code when the code names exactly this window (a quarter, a whole
    month …), else its dates (a custom window, the trend's last month cut at the period's end)."""
    try:
        named = parse_period(period.code)
    except InvalidPeriod:
        named = None
    if named is not None and (named.start, named.end) == (period.start, period.end):
        return {"period": period.code}
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def source_columns(source: str) -> tuple[str, tuple[int, ...]]:
    """A figure's form and columns from where the form prints it: "01/TCD (6)+(15)+(24)" → ("01/TCD", (6, 15, 24))."""
    code, _, columns = source.partition(" ")
    return code, tuple(int(n) for n in re.findall(r"\((\d+)\)", columns))


def figure_url(key: str, source: str, agency_code: str, period: ReportPeriod) -> str:
    """The records a figure counts: its column's own drill-down when it is one column of a form, else the
    dashboard's (reports.dashboard_records, petitions.reports.dashboard_drilldown)."""
    code, columns = source_columns(source)
    if len(columns) == 1:
        return url_for("reports.records", form_slug=catalog.slug(code), column=columns[0], agency=agency_code,
                       **window_args(period))
    return url_for("reports.dashboard_records", figure=key, agency=agency_code, **window_args(period))


def dashboard_url(figure: str, agency_code: str, period: ReportPeriod) -> str:
    return url_for("reports.dashboard_records", figure=figure, agency=agency_code, **window_args(period))


def _period_json(period: ReportPeriod) -> dict[str, Any]:
    return {
        "code": period.code,
        "label": period.label,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "window": f"{format_day(period.start)} – {format_day(period.end)}",
    }


def _rows(
    dashboard: Dashboard, group: str, figures: tuple[tuple[str, Any, str], ...], current: Mapping[str, int],
    previous: Mapping[str, int],
) -> list[dict[str, Any]]:
    out = []
    code = dashboard.agency.code
    for key, label, source in figures:
        change = rules.Change(current.get(key, 0), previous.get(key, 0))
        out.append(_change_json(key, str(label), change) | {
            "source": source,
            "url": figure_url(f"{group}.{key}", source, code, dashboard.current.period),
            "previous_url": figure_url(f"{group}.{key}", source, code, dashboard.previous.period),
        })
    return out


def _linked(dashboard: Dashboard, figure: str) -> dict[str, str]:
    code = dashboard.agency.code
    return {
        "url": dashboard_url(figure, code, dashboard.current.period),
        "previous_url": dashboard_url(figure, code, dashboard.previous.period),
    }


def _change_json(key: str, label: str, change: rules.Change) -> dict[str, Any]:
    percent = change.percent
    return {
        "key": key,
        "label": label,
        "current": change.current,
        "previous": change.previous,
        "delta": change.delta,
        "percent": float(percent) if percent is not None else None,
        "percent_text": rules.percent_text(percent),
    }


def _letter_values(figures: WindowFigures) -> dict[str, int]:
    if figures.letters is None:
        return {}
    return {key: value for key, value in asdict(figures.letters).items() if isinstance(value, int)}


def _letters_json(dashboard: Dashboard) -> dict[str, Any] | None:
    current, previous = dashboard.current, dashboard.previous
    if current.letters is None:
        return None
    by_kind = dict(current.letters.received_by_kind)
    before_kind = dict(previous.letters.received_by_kind) if previous.letters is not None else {}
    outcomes = [*rules.HANDLING_OUTCOMES, dashboard_queries.UNRECORDED]
    return {
        "figures": _rows(dashboard, "letters", LETTER_FIGURES, _letter_values(current), _letter_values(previous)),
        "by_type": [
            _change_json(kind.value, str(KIND_LABELS[kind]), rules.Change(by_kind[kind], before_kind.get(kind, 0)))
            | _linked(dashboard, f"type.{kind.value}")
            for kind in rules.LETTER_KINDS
        ],
        "by_outcome": [
            _change_json(
                str(outcome),
                str(OUTCOME_LABELS[outcome]),
                rules.Change(current.outcomes.get(outcome, 0), previous.outcomes.get(outcome, 0)),
            )
            | _linked(dashboard, f"outcome.{outcome}")
            for outcome in outcomes
            if current.outcomes.get(outcome, 0) or previous.outcomes.get(outcome, 0)
            or outcome in (LetterStatus.ACCEPTED, LetterStatus.FORWARDED, LetterStatus.GUIDED, LetterStatus.FILED)
        ],
    }


def _overdue_json(dashboard: Dashboard) -> dict[str, Any]:
    bodies = dashboard.overdue
    listed, rest = bodies[:OVERDUE_LISTED], bodies[OVERDUE_LISTED:]
    return {
        "as_of": dashboard.today.isoformat(),
        "bodies": [
            {
                "agency_id": body.agency_id,
                "code": body.code,
                "name": body.name,
                "letters": body.letters,
                "cases": body.cases,
                "total": body.total,
                "letters_url": url_for("letters.index", overdue=1, agency=body.agency_id),
                "cases_url": url_for("cases.index", overdue=1, agency=body.agency_id),
            }
            for body in listed
        ],
        "others": {
            "bodies": len(rest),
            "letters": sum(body.letters for body in rest),
            "cases": sum(body.cases for body in rest),
        },
        "total": {
            "bodies": len(bodies),
            "letters": sum(body.letters for body in bodies),
            "cases": sum(body.cases for body in bodies),
        },
        "max": max((body.total for body in listed), default=0),
    }


def _trend_json(dashboard: Dashboard) -> dict[str, Any]:
    months: list[dict[str, Any]] = [
        {
            "code": month.period.code,
            "label": f"{month.period.number:02d}/{month.period.year}",
            "from": month.period.start.isoformat(),
            "to": month.period.end.isoformat(),
            "visits": month.visits,
            "persons": month.persons,
            "delegations": month.delegations,
            "letters": month.letters,
            "urls": {
                key: figure_url(f"reception.{figure}", source, dashboard.agency.code, month.period)
                for key, figure, source in TREND_SOURCES
            },
        }
        for month in dashboard.trend
    ]
    return {
        "months": months,
        "max": max((max(m["visits"], m["letters"]) for m in months), default=0),
    }


def as_json(dashboard: Dashboard) -> dict[str, Any]:
    """The dashboard as the JSON object /reports/dashboard.json answers and its page draws (needs a request
    context: the overdue bodies link to their lists)."""
    current, previous = dashboard.current, dashboard.previous
    problems = [p for p in (current.problem, previous.problem) if p]
    return {
        "agency": {"code": dashboard.agency.code, "name": dashboard.agency.name},
        "period": _period_json(current.period),
        "previous": _period_json(previous.period),
        "today": dashboard.today.isoformat(),
        "reception": _rows(dashboard, "reception", RECEPTION_FIGURES, asdict(current.reception), asdict(previous.reception)),
        "letters": _letters_json(dashboard),
        "overdue": _overdue_json(dashboard),
        "trend": _trend_json(dashboard),
        "problems": problems,
    }
