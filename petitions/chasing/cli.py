"""`petitions chase [--date YYYY-MM-DD]`: build the day's chasing list for every office (cron, daily) and print a
summary; running it twice on a day proposes nothing twice."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from petitions.chasing.services import build_day_list
from petitions.clock import local_today
from petitions.dates import CLI_DATE
from petitions.extensions import db, immediate_transactions


@click.command("chase")
@click.option("--date", "on", type=CLI_DATE, default=None, help="Ngày lập danh sách (mặc định: hôm nay).")
@with_appcontext
def chase_command(on: date | None) -> None:
    """Lập danh sách đôn đốc trong ngày (build the day's chasing list) and print what it proposed."""
    with immediate_transactions():
        summary = build_day_list(on=on or local_today(), actor=None)
        db.session.commit()
    click.echo(summary.line())
