"""`petitions report <FORM> (--period P | --from D --to D) [--agency CODE] --format pdf|xlsx|json -o FILE`, and
`petitions report all …` for the whole set: the cover report (báo cáo) when the period has one, then every form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from petitions.dates import CLI_DATE
from petitions.domain import periods
from petitions.domain.periods import ReportPeriod
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.reports import catalog, cover, queries, services
from petitions.reports.excel import render_xlsx
from petitions.reports.outputs import json_bytes, render_pdf

report_cli = AppGroup("report", help="Báo cáo thống kê theo biểu mẫu (official statistical reports).")

RENDERERS = {"pdf": render_pdf, "xlsx": render_xlsx, "json": json_bytes}


def _period(period: str | None, start: date | None, end: date | None) -> ReportPeriod:
    if period and (start or end):
        raise click.UsageError("Dùng --period hoặc --from/--to, không dùng cả hai.")
    if period:
        return periods.parse_period(period)
    if start is None or end is None:
        raise click.UsageError(
            "Cần --period (2026-Q3, 2026-6M, 2026-9M, 2026, 2026-NA, 2026-03) hoặc --from và --to."
        )
    return periods.window(start, end)


def _form_command(code: str) -> click.Command:
    @click.option("--period", help="2026-Q3 | 2026-6M | 2026-9M | 2026 | 2026-NA | 2026-03")
    @click.option("--from", "start", type=CLI_DATE, help="YYYY-MM-DD")
    @click.option("--to", "end", type=CLI_DATE, help="YYYY-MM-DD")
    @click.option("--agency", "agency_code", help="Mã cơ quan (mặc định: cơ quan cấp cao nhất)")
    @click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), required=True)
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
    def command(
        period: str | None,
        start: date | None,
        end: date | None,
        agency_code: str | None,
        fmt: str,
        output: Path,
    ) -> None:
        try:
            window = _period(period, start, end)
        except DomainError as refused:
            raise click.UsageError(str(refused)) from refused
        agency = queries.get_agency_by_code(agency_code) if agency_code else queries.get_default_agency()
        if agency is None:
            raise click.ClickException(
                f"Không có cơ quan mã {agency_code}." if agency_code else "Chưa có cơ quan nào."
            )
        try:
            document = services.build_report(form_code=code, period=window, agency=agency)
            data = RENDERERS[fmt](document)
        except DomainError as refused:
            raise click.ClickException(str(refused)) from refused
        output.write_bytes(data)
        span = f"{periods.format_day(window.start)} – {periods.format_day(window.end)}"
        named = span if window.kind is periods.PeriodKind.CUSTOM else f"{window.label} ({span})"
        click.echo(f"{code} {named}, {agency.name}: {len(document.table.rows)} đơn vị → {output}")

    generations = catalog.FORMS[code]
    command.__doc__ = f"{next(iter(generations.values())).label_prefix} cho một kỳ (PDF, Excel hoặc JSON)."
    return report_cli.command(code)(command)


for _code in catalog.form_codes():
    _form_command(_code)


@report_cli.command("all")
@click.option("--period", help="2026-Q3 | 2026-6M | 2026-9M | 2026 | 2026-NA | 2026-03")
@click.option("--from", "start", type=CLI_DATE, help="YYYY-MM-DD")
@click.option("--to", "end", type=CLI_DATE, help="YYYY-MM-DD")
@click.option("--agency", "agency_code", help="Mã cơ quan (mặc định: cơ quan cấp cao nhất)")
@click.option("--format", "fmt", type=click.Choice(sorted(cover.RENDERERS)), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--draft-cover",
    is_flag=True,
    help="Lập dự thảo báo cáo trong sổ văn bản đi (ban hành: petitions documents issue ID)",
)
def all_command(
    period: str | None,
    start: date | None,
    end: date | None,
    agency_code: str | None,
    fmt: str,
    output: Path,
    draft_cover: bool,
) -> None:
    """Cả bộ báo cáo của một kỳ: báo cáo (khi kỳ có báo cáo thuyết minh) và mọi biểu số liệu."""
    try:
        window = _period(period, start, end)
    except DomainError as refused:
        raise click.UsageError(str(refused)) from refused
    agency = queries.get_agency_by_code(agency_code) if agency_code else queries.get_default_agency()
    if agency is None:
        raise click.ClickException(f"Không có cơ quan mã {agency_code}." if agency_code else "Chưa có cơ quan nào.")
    if draft_cover:  # a draft takes no number yet: issuing it in the register does (petitions.numbering)
        try:
            drafted = cover.draft_cover(agency=agency, period=window)
        except DomainError as refused:
            db.session.rollback()
            raise click.ClickException(str(refused)) from refused
        db.session.commit()
        click.echo(f"Đã lập dự thảo báo cáo (văn bản #{drafted.id}); ban hành: petitions documents issue {drafted.id}")
    try:
        report = cover.build_set(agency=agency, period=window)
        data = cover.RENDERERS[fmt](report)
    except DomainError as refused:
        raise click.ClickException(str(refused)) from refused
    output.write_bytes(data)
    span = f"{periods.format_day(window.start)} – {periods.format_day(window.end)}"
    named = span if window.kind is periods.PeriodKind.CUSTOM else f"{window.label} ({span})"
    click.echo(f"{', '.join(report.form_codes)} {named}, {agency.name} → {output}")
    if not report.has_cover:
        click.echo(report.tables_only_reason)
    elif report.cover is None:
        click.echo("Báo cáo chưa có trong sổ văn bản: in bản dự thảo, chưa có số (--draft-cover để lập).")
    elif report.cover.number_symbol is None:
        click.echo(f"Báo cáo là dự thảo chưa ban hành (văn bản #{report.cover.id}): chưa có số.")
    else:
        click.echo(f"Kèm theo Báo cáo số {report.cover.number_symbol} ngày {report.cover.issue_date:%d/%m/%Y}.")
