"""The `petitions` command: the app's Flask CLI with seed, start and user provisioning."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from petitions.auth import services as auth_services
from petitions.auth.models import User
from petitions.auth.sessions import session_limits
from petitions.backup.cli import backup_command, backup_key_command, restore_command
from petitions.cases.cli import cases_cli
from petitions.cases.demo import generate_cases
from petitions.chasing.cli import chase_command
from petitions.chasing.demo import demo_chases
from petitions.clock import local_today
from petitions.deadlines.cli import deadline_command
from petitions.deadlines.services import seed_calendar
from petitions.demo import BATCH_LETTERS, Generator, run_demo
from petitions.directory.demo import demo_reorganisation
from petitions.directory.models import Agency
from petitions.directory.seed import link_agency_units, seed_agencies, seed_reference_items, seed_units
from petitions.documents.cli import documents_cli
from petitions.documents.services import signed_paths
from petitions.domain.passwords import PasswordRejected
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.imports.cli import import_command
from petitions.jobs import services as jobs_services
from petitions.jobs.cli import worker_command
from petitions.letter_register.cli import letter_register_command
from petitions.letters.attachments import storage_dir, stored_paths
from petitions.letters.demo import generate_letters
from petitions.lookup.cli import lookup_cli
from petitions.mail.cli import mail_cli
from petitions.national.demo import generate_national
from petitions.paperwork.cli import reception_book_command
from petitions.reception.demo import generate_reception
from petitions.reports.cli import report_cli
from petitions.routing.seed import seed_routing_rules
from petitions.storage import SWEEP_MIN_AGE_SECONDS, sweep
from petitions.vault.cli import vault_cli

users_cli = AppGroup("users", help="Tạo và quản lý tài khoản (provision accounts).")
uploads_cli = AppGroup("uploads", help="Tệp tải lên trong UPLOAD_FOLDER (uploaded files).")


def seed_reference_data() -> dict[str, int]:
    """Every area's idempotent seed, in dependency order; returns rows added per area."""
    return {
        "agencies": seed_agencies(),
        "units": seed_units(),
        "agency_units": link_agency_units(),
        "reference_items": seed_reference_items(),
        "calendar_days": seed_calendar(),
        "routing_rules": seed_routing_rules(),
    }


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load reference data (idempotent: running it again adds nothing)."""
    added = seed_reference_data()
    db.session.commit()
    click.echo("Seeded: " + ", ".join(f"{name} +{count}" for name, count in added.items()))


# The demo generators, in dependency order: letters uses reception's citizens, visits and cases.
DEMO_GENERATORS: tuple[tuple[str, Generator], ...] = (
    ("reception", generate_reception),
    ("letters", generate_letters),
    ("national", generate_national),  # last: each record the others made gets its national-database entry
)
# Run after a batch is written (they read its rows): the demo cases, through the case services.
DEMO_AFTER_WRITE: tuple[tuple[str, Generator], ...] = (("cases", generate_cases),)


@click.command("demo")
@click.option(
    "--letters",
    "letters",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 10_000_000),
    help="Điền đến khi cơ sở dữ liệu có N đơn (fill the database up to N letters)",
)
@click.option(
    "--seed", "seed", default=2026, show_default=True, type=int, help="Random seed (repeatable data)"
)
@click.option(
    "--batch", "batch_size", default=BATCH_LETTERS, show_default=True, type=click.IntRange(100, 200_000),
    help="Letters per committed batch (memory grows with it)",
)
@click.option(
    "--processes", "processes", default=2, show_default=True, type=click.IntRange(1, 2),
    help="2: the batches after the first are made by a second process while this one writes (two cores)",
)
@with_appcontext
def demo_command(letters: int, seed: int, batch_size: int, processes: int) -> None:
    """Fill the database with demo records until it holds N letters (after `petitions seed`).

    Each batch is committed: a run that was stopped continues where it ended when started again with
    the same N; a run that finds N letters already there adds nothing.
    """
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        elapsed = time.perf_counter() - started
        click.echo(f"  {done:,}/{total:,} letters, {elapsed:.1f} s", err=True)

    # The generators reserve blocks of register and book numbers: on SQLite that needs the write lock
    # from the start of each batch's transaction, as every numbering does.
    with immediate_transactions():
        seed_reference_data()
        db.session.commit()
        result = run_demo(
            DEMO_GENERATORS, letters=letters, seed=seed, batch_size=batch_size,
            commit=db.session.commit, progress=progress, after_write=DEMO_AFTER_WRITE, processes=processes,
        )
        end_wall, end_cpu = time.perf_counter(), time.process_time()
        merger = demo_reorganisation(local_today()) if result.batches else None
        db.session.commit()
        chases = demo_chases(local_today()) if result.batches else None
        db.session.commit()
        result.end["reorganisation_chases"] = (time.perf_counter() - end_wall, time.process_time() - end_cpu)
    elapsed = time.perf_counter() - started
    if not result.batches:
        click.echo(f"Demo: the database already holds {result.existing:,} letters (≥ {letters:,}); nothing added.")
        return
    made = ", ".join(f"{name} +{count}" for name, count in result.made.items())
    if merger is not None:
        made += f", reorganisation {merger.note[:60]}… ({merger.counts['letters']} open letters moved)"
    if chases is not None:
        made += f", chases proposed {chases.proposed_total}"
    cpu = f"process CPU {time.process_time():.1f} s"
    if result.maker_cpu is not None:
        cpu += f" + {result.maker_cpu:.1f} s in the process that made the batches after the first"
    click.echo(
        f"Demo: {made} ({result.rows:,} rows in {result.batches} batches, {elapsed:.1f} s, "
        f"{(letters - result.existing) / max(elapsed, 1e-9):,.0f} letters/s; {cpu})"
    )
    # After the last batch, in this process alone: where the end of a large load goes.
    click.echo("End: " + ", ".join(f"{name} {wall:.1f} s ({cpu:.1f} s CPU)" for name, (wall, cpu) in result.end.items()))


def ensure_first_admin() -> str | None:
    """Create the first administrator if there is none; returns its one-time password once."""
    if db.session.scalar(sa.select(User.id).where(User.role == Role.ADMIN).limit(1)) is not None:
        return None
    home = db.session.scalar(sa.select(Agency.id).where(Agency.parent_id.is_(None)).order_by(Agency.id).limit(1))
    _, one_time = auth_services.create_user(
        username="admin",
        full_name="Quản trị hệ thống",
        role=Role.ADMIN,
        agency_id=home,
        password=None,
        actor=None,
    )
    return one_time


def print_first_admin(password: str) -> None:
    banner = "=" * 72
    click.echo(banner)
    click.echo("  Tài khoản quản trị đầu tiên / first administrator account")
    click.echo("  Tên đăng nhập (username): admin")
    click.echo(f"  Mật khẩu dùng một lần (one-time password): {password}")
    click.echo("  Mật khẩu này chỉ hiện MỘT LẦN và phải đổi ngay khi đăng nhập.")
    click.echo("  It is shown ONCE and must be changed at first sign-in.")
    click.echo("  Mất mật khẩu? / Lost it?  .venv/bin/petitions users reset-password admin")
    click.echo(banner)


@click.command("start")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def start_command(host: str, port: int) -> None:
    """Migrate, seed, create the first administrator if needed, and serve (single machine)."""
    from flask_migrate import upgrade

    upgrade()
    seed_reference_data()
    password = ensure_first_admin()
    db.session.commit()
    if password is not None:
        print_first_admin(password)
    # current_app is typed as Flask but is a proxy; the server threads need the app itself.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    resumed = jobs_services.resume_in_process_jobs(app)
    if resumed:
        click.echo(f"Background jobs cut off by the last stop: {resumed} queued again.")
    click.echo(f"Petitions: http://{host}:{port}/  (Ctrl+C để dừng)")
    from werkzeug.serving import run_simple

    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--agency", "agency_code", help="Mã cơ quan (agency code)")
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ stdin (read the password from stdin)")
def create_user_command(username: str, full_name: str, role: str, agency_code: str | None, password_stdin: bool) -> None:
    """Create an account; without --password-stdin a one-time password is printed."""
    agency_id = None
    if agency_code:
        agency_id = db.session.scalar(sa.select(Agency.id).where(Agency.code == agency_code))
        if agency_id is None:
            raise click.ClickException(f"Không có cơ quan mã {agency_code}.")
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        user, one_time = auth_services.create_user(
            username=username,
            full_name=full_name,
            role=Role(role),
            agency_id=agency_id,
            password=password,
            actor=None,
            must_change_password=password is None,
        )
    except (DomainError, PasswordRejected) as refused:
        raise click.ClickException(str(refused)) from refused
    db.session.commit()
    if one_time:
        click.echo(f"Created {user.username}; one-time password: {one_time}")
    else:
        click.echo(f"Created {user.username}")


@users_cli.command("reset-password")
@click.argument("username")
def reset_password_command(username: str) -> None:
    """Give a user a new one-time password (printed once) and end their sessions."""
    user = db.session.scalar(sa.select(User).where(User.username == auth_services.normalise_username(username)))
    if user is None:
        raise click.ClickException(f"Không có tài khoản {username}.")
    one_time = auth_services.reset_password(user=user, actor=None)
    db.session.commit()
    click.echo(f"One-time password for {user.username}: {one_time}")


@users_cli.command("end-expired-sessions")
def end_expired_sessions_command() -> None:
    """Stamp the end on sessions past their idle or absolute limit (for cron; sign-ins also do it)."""
    ended = auth_services.end_expired_sessions(session_limits())
    db.session.commit()
    click.echo(f"Ended {ended} expired session(s).")


@uploads_cli.command("sweep")
@click.option(
    "--min-age", "min_age", type=float, default=SWEEP_MIN_AGE_SECONDS, show_default=True,
    help="Chỉ xóa tệp cũ hơn số giây này (seconds; 0 only while the app is stopped)",
)
def sweep_uploads_command(min_age: float) -> None:
    """Delete the stored files no row names (left by a crash between a file and its commit; petitions.storage)."""
    letters = sweep(storage_dir(), stored_paths(), min_age_seconds=min_age)
    documents = sweep(Path(current_app.config["UPLOAD_FOLDER"]) / "documents", signed_paths(), min_age_seconds=min_age)
    click.echo(
        f"Checked {letters.checked + documents.checked} file(s); deleted {letters.orphans + documents.orphans} "
        f"that no row names; left {letters.young + documents.young} younger than {min_age:g} s."
    )


def register(app: Flask) -> None:
    app.cli.add_command(vault_cli)
    app.cli.add_command(documents_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(lookup_cli)
    app.cli.add_command(deadline_command)
    app.cli.add_command(cases_cli)
    app.cli.add_command(chase_command)
    app.cli.add_command(reception_book_command)
    app.cli.add_command(letter_register_command)
    app.cli.add_command(report_cli)
    app.cli.add_command(seed_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(start_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(uploads_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(import_command)
    app.cli.add_command(backup_key_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def main() -> None:
    """Entry point of the `petitions` console script."""
    from petitions import create_app

    cli = FlaskGroup(create_app=lambda: create_app(), add_default_commands=True, load_dotenv=False)
    cli.main(prog_name="petitions")
