"""`petitions reception-book --from YYYY-MM-DD --to YYYY-MM-DD -o FILE.pdf|FILE.xlsx`: the book for scheduled printing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from petitions.dates import CLI_DATE
from petitions.directory.models import Agency
from petitions.extensions import db
from petitions.paperwork import services
from petitions.paperwork.book import BookSpansGenerations, book_layout
from petitions.paperwork.queries import count_book_visits


def _agency(code: str) -> Agency:
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == code))
    if agency is None:
        raise click.BadParameter(f"không có cơ quan mã «{code}».", param_hint="--agency")
    return agency


@click.command("reception-book")
@click.option("--from", "start", type=CLI_DATE, required=True, help="Ngày đầu (YYYY-MM-DD).")
@click.option("--to", "end", type=CLI_DATE, required=True, help="Ngày cuối (YYYY-MM-DD), tính cả ngày này.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.pdf hoặc FILE.xlsx",
)
@click.option("--agency", "agency_code", required=True, help="Mã cơ quan giữ sổ (bắt buộc).")
@with_appcontext
def reception_book_command(start: date, end: date, output: Path, agency_code: str) -> None:
    """Write the reception book (Mẫu 03/TCD) of a date range as PDF or Excel.

    ``--agency`` is required: the command runs without a user, so it has no "own agency" to default
    to, and a default body (the hierarchy's root) would silently print another body's empty book.
    Run without a user, so denunciation rows carry the identity vault's reference, never a name.
    A range across 01/07/2026 (a change of the book's form) is refused with the two ranges to print.
    """
    if end < start:
        raise click.BadParameter("--to phải sau --from.", param_hint="--to")
    try:
        book_layout(start, end)
    except BookSpansGenerations as error:
        raise click.BadParameter(str(error), param_hint="--from/--to") from error
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "xlsx"):
        raise click.BadParameter("tệp phải có đuôi .pdf hoặc .xlsx.", param_hint="-o")
    agency = _agency(agency_code)
    data = services.reception_book(agency, date_from=start, date_to=end, fmt=fmt)
    output.write_bytes(data)
    count = count_book_visits(agency.id, start, end)
    click.echo(f"{output}: sổ tiếp công dân {agency.code} {start:%d/%m/%Y}–{end:%d/%m/%Y}, {count} lượt tiếp")
