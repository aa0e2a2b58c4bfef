"""Agency performance use cases (read only): the ranking of the bodies an office sent items to for a window,
its total row, and its printed (PDF, the register layout) and spreadsheet (.xlsx) forms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from petitions.auth.models import User
from petitions.deadlines.queries import NoConfirmedCalendar, load_working_calendar
from petitions.directory.models import Agency
from petitions.documents.issuers import issuer_for
from petitions.domain.deadlines import WorkingCalendar
from petitions.domain.performance import (
    PERCENTILE,
    BodyFigures,
    body_figures,
    ranked,
    working_day_ordinals,
    working_days_taken,
)
from petitions.domain.periods import ReportPeriod
from petitions.paperwork.book import BookColumn, BookHeading, BookLayout, register_spec
from petitions.paperwork.excel import register_workbook
from petitions.performance import queries
from petitions.printing import render_table_report
from petitions.referrals.models import Referral

__all__ = ["Ranking", "build_ranking", "days_taken", "format_mean", "ranking_pdf", "ranking_xlsx"]

TITLE = "Kết quả giải quyết việc đã chuyển, giao của các cơ quan"


@dataclass(frozen=True)
class Ranking:
    """The ranking of one office for a window: a row per body (ranked), the total row, the as-of day of the
    "overdue now" column."""

    office: Agency
    period: ReportPeriod
    as_of: date
    rows: list[BodyFigures]
    total: BodyFigures


def _total(rows: Sequence[BodyFigures]) -> BodyFigures:
    total = BodyFigures(0, name="Tổng cộng")
    for row in rows:
        total.received += row.received
        total.answered += row.answered
        total.on_time += row.on_time
        total.late += row.late
        total.overdue += row.overdue
        total.chases += row.chases
        total.uncounted += row.uncounted
        total.days.update(row.days)
    return total


def _calendar() -> WorkingCalendar | None:
    """The confirmed calendar the deadlines are counted on; none confirmed yet: no working days counted."""
    try:
        return load_working_calendar()
    except NoConfirmedCalendar:
        return None


def build_ranking(user: User, office: Agency, period: ReportPeriod, *, as_of: date) -> Ranking:
    """The figures of every body the user's office sent items to that has one in the window (or an overdue
    item now), ranked (petitions.domain.performance.ranked); the working days on the confirmed calendar."""
    grouped = queries.grouped_figures(user, period, as_of=as_of)
    figures = body_figures(
        received=grouped.received,
        answers=grouped.answers,
        overdue=grouped.overdue,
        chases=grouped.chases,
        calendar=_calendar() if grouped.answers else None,
    )
    names = queries.agencies_named(set(figures))
    for agency_id, row in figures.items():
        row.name = names[agency_id].name
    rows = ranked(figures.values())
    return Ranking(office, period, as_of, rows, _total(rows))


def days_taken(referrals: Sequence[Referral]) -> dict[int, int | None]:
    """Working days in (sent, answered] of each answered referral of a page, on the confirmed calendar."""
    days = [d for r in referrals if r.answer_on for d in (r.sent_on, r.answer_on)]
    ordinals = working_day_ordinals(days, _calendar() if days else None)
    return {
        r.id: working_days_taken(r.sent_on, r.answer_on, ordinals) if r.answer_on else None for r in referrals
    }


def format_mean(value: Decimal | None) -> str:
    """12.5 → "12,5" (the Vietnamese decimal comma); none → "—"."""
    return "—" if value is None else f"{value}".replace(".", ",")


def _days(value: int | None) -> int | str:
    return "—" if value is None else value


@dataclass(frozen=True)
class PrintedRow:
    number: str
    row: BodyFigures


LAYOUT: BookLayout[PrintedRow] = BookLayout(
    form_code="",
    source="the system's own table (no official form): petitions.domain.performance",
    columns=(
        BookColumn("STT", lambda r: r.number, 0.5),
        BookColumn("Cơ quan", lambda r: r.row.name, 3.2, "LEFT"),
        BookColumn("Nhận trong kỳ", lambda r: r.row.received, 1.0),
        BookColumn("Đã trả lời", lambda r: r.row.answered, 1.0, group="Trả lời trong kỳ"),
        BookColumn("Đúng hạn", lambda r: r.row.on_time, 1.0, group="Trả lời trong kỳ"),
        BookColumn("Trễ hạn", lambda r: r.row.late, 1.0, group="Trả lời trong kỳ"),
        BookColumn("Bình quân (ngày làm việc)", lambda r: format_mean(r.row.mean_days), 1.2, group="Trả lời trong kỳ"),
        BookColumn(f"P{PERCENTILE} (ngày làm việc)", lambda r: _days(r.row.p90_days), 1.2, group="Trả lời trong kỳ"),
        BookColumn("Quá hạn hiện nay", lambda r: r.row.overdue, 1.0),
        BookColumn("Văn bản đôn đốc đã gửi", lambda r: r.row.chases, 1.1),
    ),
)


def _printed(ranking: Ranking) -> list[PrintedRow]:
    rows = [PrintedRow(str(n), row) for n, row in enumerate(ranking.rows, start=1)]
    rows.append(PrintedRow("", ranking.total))
    return rows


def _heading(ranking: Ranking) -> BookHeading:
    issuer = issuer_for(ranking.office)
    return BookHeading(
        issuing_body=issuer.issuing_body,
        parent_body=issuer.parent_body,
        date_from=ranking.period.start,
        date_to=ranking.period.end,
        session_label=f"Quá hạn hiện nay tính đến ngày {ranking.as_of:%d/%m/%Y}",
    )


def ranking_pdf(ranking: Ranking) -> bytes:
    """The ranking as a landscape A4 table (the registers' layout engine), the total row last."""
    spec = register_spec(TITLE, _heading(ranking), LAYOUT, _printed(ranking), empty_note="Không có số liệu trong kỳ.")
    return render_table_report(spec)


def ranking_xlsx(ranking: Ranking) -> bytes:
    """The ranking as .xlsx (petitions.spreadsheets through the registers' workbook writer)."""
    return register_workbook(TITLE, _heading(ranking), LAYOUT, _printed(ranking), sheet_title="Xếp hạng cơ quan")
