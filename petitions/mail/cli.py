"""`petitions mail …`: send the queued notification e-mails (cron retries), put failed ones back in the queue."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from petitions.extensions import db
from petitions.mail import services

mail_cli = AppGroup("mail", help="Thư điện tử thông báo văn bản (notification e-mail outbox).")


@mail_cli.command("send")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10_000), help="Số thư tối đa mỗi lần")
def send_command(limit: int) -> None:
    """Send the queued e-mails, oldest first (cron: what could not be sent after its act is retried here)."""
    try:
        summary = services.send_queued(limit)
    except ValueError as unusable:  # the settings (MAIL_SENDER), not a message
        raise click.ClickException(str(unusable)) from unusable
    click.echo(str(summary))


@mail_cli.command("requeue")
@click.argument("mail_ids", nargs=-1, type=click.IntRange(1, 2**31 - 1))
@click.option("--failed", "all_failed", is_flag=True, help="Mọi thư đã thất bại (every failed message)")
@click.option("--stuck", is_flag=True, help="Cả thư kẹt ở trạng thái đang gửi (only when no sender is running)")
def requeue_command(mail_ids: tuple[int, ...], all_failed: bool, stuck: bool) -> None:
    """Put failed (and, with --stuck, interrupted) messages back in the queue with fresh attempts."""
    if not mail_ids and not all_failed:
        raise click.UsageError("name message ids or --failed")
    count = services.requeue(ids=mail_ids or None, include_sending=stuck)
    db.session.commit()
    click.echo(f"mail: {count} message(s) queued again")
