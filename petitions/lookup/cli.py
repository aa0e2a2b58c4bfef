"""`petitions lookup refresh`: rebuild the citizens' lookup projection from every receipt; `petitions lookup prune`:
the lookup log's retention."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

from petitions.clock import utcnow
from petitions.extensions import db, immediate_transactions
from petitions.lookup.limits import prune_attempts
from petitions.lookup.projection import refresh_all

lookup_cli = AppGroup("lookup", help="Tra cứu của công dân (the public lookup's projection)")


@lookup_cli.command("refresh")
def refresh_command() -> None:
    """Write every receipt's row of the lookup projection again (after the release that adds it, a bulk change
    made outside the ORM, or to check it: the services keep it current on every change)."""
    with immediate_transactions():
        written = refresh_all(db.session.connection())
        db.session.commit()
    click.echo(f"Lookup entries refreshed: {written}")


@lookup_cli.command("prune")
@click.option("--days", type=click.IntRange(min=1), default=90, show_default=True,
              help="Keep the attempts of this many days.")
def prune_command(days: int) -> None:
    """Delete the lookup log's attempts older than --days (they hold citizens' addresses: kept only as long as the
    office's log retention asks; the lock-out reads the last 15 minutes only). Run it from cron."""
    with immediate_transactions():
        removed = prune_attempts(older_than=utcnow() - timedelta(days=days))
        db.session.commit()
    click.echo(f"Lookup attempts removed: {removed}")
