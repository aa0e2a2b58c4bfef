"""`petitions vault ...`: create the key file, rotate the key."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from petitions.extensions import db
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
