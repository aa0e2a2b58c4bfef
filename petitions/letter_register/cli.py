"""`petitions letter-register --agency CODE --from YYYY-MM-DD --to YYYY-MM-DD -o FILE.pdf|FILE.xlsx`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from petitions.dates import CLI_DATE
from petitions.directory.models import Agency
from petitions.extensions import db
from petitions.letter_register import services
from petitions.letter_register.queries import count_register_letters


@click.command("letter-register")
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
def letter_register_command(start: date, end: date, output: Path, agency_code: str) -> None:
    """Write the letter register (sổ tiếp nhận, xử lý đơn) of a date range as PDF or Excel.

    Like `petitions reception-book`: ``--agency`` is required (no user, so no own agency to default to)
    and denunciation rows carry the identity vault's reference, never a name.
    """
    if end < start:
        raise click.BadParameter("--to phải sau --from.", param_hint="--to")
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in services.FORMATS:
        raise click.BadParameter("tệp phải có đuôi .pdf hoặc .xlsx.", param_hint="-o")
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == agency_code))
    if agency is None:
        raise click.BadParameter(f"không có cơ quan mã «{agency_code}».", param_hint="--agency")
    output.write_bytes(services.letter_register(agency, date_from=start, date_to=end, fmt=fmt))
    count = count_register_letters(agency.id, start, end)
    click.echo(f"{output}: sổ tiếp nhận, xử lý đơn {agency.code} {start:%d/%m/%Y}–{end:%d/%m/%Y}, {count} đơn")
