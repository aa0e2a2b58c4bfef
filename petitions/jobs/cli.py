"""`petitions worker`: the RQ worker that runs the background jobs when REDIS_URL is set."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from rq import SimpleWorker

from petitions.extensions import db
from petitions.jobs import services


@click.command("worker")
@click.option("--burst", is_flag=True, help="Chạy hết việc đang chờ rồi dừng (run the queued jobs, then stop)")
@click.option(
    "--requeue-after",
    default=3600,
    show_default=True,
    type=click.IntRange(60, 7 * 86_400),
    help="Giây: việc 'đang chạy' lâu hơn thế khi khởi động được xếp hàng lại (a worker died mid-job)",
)
@with_appcontext
def worker_command(burst: bool, requeue_after: int) -> None:
    """Run the RQ worker of the job queue (REDIS_URL, JOBS_QUEUE) until stopped."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not services.uses_rq(app):
        raise click.ClickException("REDIS_URL is not set: jobs run in a thread of the app, no worker is needed")
    stuck = services.requeue_stuck(older_than_seconds=requeue_after)
    db.session.commit()  # the requeued jobs are dispatched to the queue after this commit
    queue = services.rq_queue(app)
    click.echo(f"worker: queue {queue.name}, {stuck} interrupted job(s) handled")
    # SimpleWorker runs each job in this process, inside the app context (its database pool and settings): a
    # forking worker would hand the pool's open connections to the child. A job that crashes the process is
    # found RUNNING at the next start and queued again (--requeue-after).
    SimpleWorker([queue], connection=queue.connection).work(burst=burst)
