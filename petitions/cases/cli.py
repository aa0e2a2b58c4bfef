"""`petitions cases lapse`: the system's daily sweep of the case flow (DOMAIN §3.5 "terminate", D20)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from petitions.cases.transitions import lapse_expired_cases
from petitions.extensions import db

cases_cli = AppGroup("cases", help="Vụ việc (case flow jobs)")


@cases_cli.command("lapse")
def lapse_command() -> None:
    """Terminated complaints whose 30 days to continue (D20) ran out lapse today (run it daily)."""
    lapsed = lapse_expired_cases()
    db.session.commit()
    click.echo(f"Cases lapsed: {len(lapsed)}" + (f" (#{', #'.join(str(c.id) for c in lapsed)})" if lapsed else ""))
