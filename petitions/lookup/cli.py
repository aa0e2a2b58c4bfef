"""`petitions lookup refresh`: rebuild the citizens' lookup projection from every receipt."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from petitions.extensions import db, immediate_transactions
from petitions.lookup.projection import refresh_all

lookup_cli = AppGroup("lookup", help="Tra cứu của công dân (the public lookup's projection)")


@lookup_cli.command("refresh")
def refresh_command() -> None:
    """Write every receipt's row of the lookup projection again (after an agency was renamed, a calendar
    change, or to check it: the services keep it current on every change)."""
    with immediate_transactions():
        written = refresh_all(db.session.connection())
        db.session.commit()
    click.echo(f"Lookup entries refreshed: {written}")
