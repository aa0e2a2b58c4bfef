"""Backup size and restore time for the demo data (README, Security and reliability).

    .venv/bin/python benchmarks/backup_restore.py --letters 10000 [--files 100 --file-kb 256]

Fills a scratch installation (a SQLite file, or with DATABASE_URL a scratch database on that PostgreSQL
server) with `petitions demo`, adds --files random files (incompressible, like scanned attachments) to
its UPLOAD_FOLDER, then times the real commands `petitions backup` and `petitions restore` into a
second scratch installation and prints the figures. Everything scratch is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

PETITIONS = str(Path(sys.executable).parent / "petitions")


@contextmanager
def scratch_database(work: Path, label: str) -> Iterator[str]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield f"sqlite:///{work / label}.db"
        return
    server = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"backup_figures_{label}_{secrets.token_hex(4)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def petitions(database_url: str, uploads: Path, *args: str) -> tuple[float, str]:
    environment = dict(os.environ, DATABASE_URL=database_url, UPLOAD_FOLDER=str(uploads))
    environment.setdefault("SECRET_KEY", secrets.token_hex(32))
    started = time.perf_counter()
    done = subprocess.run([PETITIONS, *args], env=environment, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"petitions {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--file-kb", type=int, default=256)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="petitions-backup-figures-") as name:
        work = Path(name)
        source_uploads, target_uploads = work / "uploads", work / "restored-uploads"
        key_file = work / "keys" / "backup.key"
        with scratch_database(work, "source") as source, scratch_database(work, "target") as target:
            petitions(source, source_uploads, "db", "upgrade")
            demo_seconds, _ = petitions(source, source_uploads, "demo", "--letters", str(options.letters))
            for number in range(options.files):
                path = source_uploads / "letters" / f"{number // 50:03d}" / f"scan-{number:05d}.pdf"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(os.urandom(options.file_kb * 1024))
            petitions(source, source_uploads, "backup-key", str(key_file))
            backup = work / "out" / "petitions.bak"
            backup_seconds, backup_output = petitions(source, source_uploads, "backup", str(backup), "--key-file", str(key_file))
            restore_seconds, restore_output = petitions(
                target, target_uploads, "restore", str(backup), "--key-file", str(key_file)
            )
            # The commands' own start (importing the app) is part of both times; measured alone here.
            startup_seconds, _ = petitions(source, source_uploads, "backup", "--help")
            kind = make_url(source).get_backend_name()
            database_bytes = (
                (work / "source.db").stat().st_size if kind == "sqlite" else _postgres_size(source)
            )
        figures = {
            "database": kind,
            "letters": options.letters,
            "database_bytes": database_bytes,
            "files": options.files,
            "files_bytes": options.files * options.file_kb * 1024,
            "backup_bytes": backup.stat().st_size if backup.exists() else None,
            "backup_seconds": round(backup_seconds, 1),
            "restore_seconds": round(restore_seconds, 1),
            "command_startup_seconds": round(startup_seconds, 1),
            "demo_seconds": round(demo_seconds, 1),
            "load_average": os.getloadavg()[0],
        }
        print(backup_output.strip())
        print(restore_output.strip())
        print(json.dumps(figures))


def _postgres_size(url: str) -> int:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(sa.text("SELECT pg_database_size(current_database())")) or 0)
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
