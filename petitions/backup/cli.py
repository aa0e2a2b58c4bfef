"""`petitions backup-key`, `petitions backup`, `petitions restore` (README, Security and reliability)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from petitions.backup.crypto import BackupError, create_key_file, load_key
from petitions.backup.services import Installation, create_backup, restore_backup
from petitions.extensions import db

_KEY_OPTION_HELP = "Tệp khóa sao lưu, để riêng (the backup key file, kept apart); default BACKUP_KEY_FILE"


def _installation(key_file: Path) -> Installation:
    config = current_app.config
    excluded = [key_file]
    if config.get("VAULT_KEY_FILE"):
        excluded.append(Path(config["VAULT_KEY_FILE"]))
    return Installation(
        database_url=config["SQLALCHEMY_DATABASE_URI"],
        upload_folder=Path(config["UPLOAD_FOLDER"]),
        excluded=tuple(excluded),
    )


def _key_file(option: str | None) -> Path:
    path = option or current_app.config.get("BACKUP_KEY_FILE")
    if not path:
        raise click.ClickException(
            "Chưa chỉ tệp khóa: --key-file hoặc BACKUP_KEY_FILE. / No key file: give --key-file or set BACKUP_KEY_FILE."
        )
    return Path(path)


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _close_app_connections() -> None:
    # The app's pooled connections would hold locks (SQLite) or see dropped tables (PostgreSQL).
    db.session.remove()
    db.engine.dispose()


@click.command("backup-key")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_key_command(path: Path) -> None:
    """Create a backup key file (mode 0600); keep it apart from the backups and the server's disks."""
    try:
        create_key_file(path)
    except BackupError as problem:
        raise click.ClickException(str(problem)) from problem
    click.echo(f"Created backup key file {path} (mode 0600). Keep a copy apart from the backups: without it "
               "no backup can be restored. / Cất bản sao tệp khóa ở nơi khác bản sao lưu.")


@click.command("backup")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--key-file", "key_option", type=click.Path(dir_okay=False), help=_KEY_OPTION_HELP)
@with_appcontext
def backup_command(output: Path, key_option: str | None) -> None:
    """Write an encrypted backup of the database and UPLOAD_FOLDER to OUTPUT (safe while the app runs)."""
    key_file = _key_file(key_option)
    installation = _installation(key_file)
    if _inside(output, installation.upload_folder):
        raise click.ClickException("OUTPUT nằm trong UPLOAD_FOLDER. / OUTPUT must not be inside UPLOAD_FOLDER.")
    if output.resolve().parent == key_file.resolve().parent:
        click.echo("Warning: the key file lies beside the backup; keep it apart. / Khóa nên để riêng.", err=True)
    try:
        result = create_backup(installation, output, load_key(key_file))
    except BackupError as problem:
        raise click.ClickException(str(problem)) from problem
    manifest = result.manifest
    uploads = len(manifest["files"]) - 1
    click.echo(
        f"Backup {result.path}: {result.size:,} bytes, {manifest['database_kind']} at revision "
        f"{manifest['alembic_revision']}, {sum(manifest['row_counts'].values()):,} rows in "
        f"{len(manifest['row_counts'])} tables, {uploads} files."
    )
    click.echo(manifest["keys_note"])


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key-file", "key_option", type=click.Path(dir_okay=False), help=_KEY_OPTION_HELP)
@click.option("--force", is_flag=True, help="Ghi đè cơ sở dữ liệu và tệp đang có (overwrite a non-empty target)")
@with_appcontext
def restore_command(backup: Path, key_option: str | None, force: bool) -> None:
    """Restore BACKUP into the configured database and UPLOAD_FOLDER (stop the app first).

    The archive is decrypted and every file's SHA-256 checked before anything is written."""
    key_file = _key_file(key_option)
    try:
        result = restore_backup(
            _installation(key_file), backup, load_key(key_file), force=force,
            before_write=_close_app_connections,
        )
    except BackupError as problem:
        raise click.ClickException(str(problem)) from problem
    manifest = result.manifest
    click.echo(
        f"Restored {backup} (made {manifest['created_at']}, {manifest['database_kind']}, "
        f"revision {manifest['alembic_revision']}): {sum(result.row_counts.values()):,} rows, {result.files} files."
    )
    for check in result.checks:
        click.echo(f"  ok  {check}")
    click.echo(manifest["keys_note"])
