"""`petitions vault ...`: create the key file, rotate the key, seal the companions of older denunciations."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from petitions.extensions import db
from petitions.reception.services import seal_denouncer_companions
from petitions.vault import services
from petitions.vault.keys import VaultConfigError, create_key_file

vault_cli = AppGroup("vault", help="Kho bảo mật danh tính người tố cáo (identity vault).")


@vault_cli.command("init-key")
def init_key_command() -> None:
    """Create the key file named by VAULT_KEY_FILE (refuses to overwrite one)."""
    try:
        path = services.key_file_path()
        create_key_file(path)
    except VaultConfigError as problem:
        raise click.ClickException(str(problem)) from problem
    click.echo(f"Created vault key file {path} (mode 0600). Back it up apart from the database.")


@vault_cli.command("rotate-key")
def rotate_key_command() -> None:
    """Encrypt every stored identity with a new key; old keys stay in the file for old backups."""
    try:
        count = services.rotate_key()
    except VaultConfigError as problem:
        raise click.ClickException(str(problem)) from problem
    db.session.commit()
    click.echo(f"Rotated the vault key; re-encrypted {count} identities.")


@vault_cli.command("seal-companions")
@click.option("--vacuum/--no-vacuum", default=True, help="Reclaim the space the old names used (VACUUM).")
def seal_companions_command(vacuum: bool) -> None:
    """Persons accompanying a denouncer, stored by name before they followed the denouncer's rule: into
    the vault (encrypted mode) or off the database (reference-only mode); the visit keeps the count."""
    try:
        cleared, moved = seal_denouncer_companions()
    except VaultConfigError as problem:
        raise click.ClickException(str(problem)) from problem
    db.session.commit()
    if vacuum:
        _vacuum_companions()
    click.echo(f"Cleared {cleared} companion names of denunciations; {moved} moved into the vault.")


def _vacuum_companions() -> None:
    """Old values stay in free pages (SQLite) or dead tuples (PostgreSQL) until a VACUUM, which cannot
    run in a transaction: on the driver's own connection, outside SQLAlchemy's BEGIN."""
    raw = db.engine.raw_connection()
    try:
        if db.engine.dialect.name == "postgresql":
            raw.driver_connection.autocommit = True  # type: ignore[union-attr]
            statement = "VACUUM visit_person"
        else:
            statement = "VACUUM"  # SQLite rewrites the whole file
        cursor = raw.cursor()
        cursor.execute(statement)
        cursor.close()
        if db.engine.dialect.name == "postgresql":
            raw.driver_connection.autocommit = False  # type: ignore[union-attr]
    finally:
        raw.close()
