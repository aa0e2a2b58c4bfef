"""`petitions backup` / `petitions restore` (issue 25, Backups) on the suite's database (DATABASE_URL).

OWASP ASVS 5.0: V14.2.4 (the data's protection applied to its copies: backups encrypted), V11 Cryptography (an
authenticated cipher, a key kept apart; section cited), V13.3 (secrets kept apart: the vault key never inside the
archive; section cited), and integrity checked on restore (the manifest's SHA-256 and row counts), with the
restore's refusals (a wrong key, an altered archive, a non-empty target) that change nothing (V16.5.3).

Each test runs on its own throw-away databases: SQLite files, or on PostgreSQL new databases on the
server of DATABASE_URL (pg_dump / pg_restore work on whole databases, not the suite's schema).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import make_url

from petitions.backup.crypto import CHUNK_SIZE, load_key
from petitions.backup.services import stage_archive
from petitions.cli import seed_reference_data
from petitions.config import normalise_database_url
from petitions.extensions import db
from tests.conftest import TestDatabase as Database
from tests.conftest import make_test_app

ATTACHMENT = Path("letters/2026/01/scan-0001.pdf")


@contextmanager
def throwaway_database(tmp_path: Path, label: str) -> Iterator[Database]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield Database(url=f"sqlite:///{tmp_path / label}.db", engine_options={}, is_postgres=False)
        return
    server = make_url(normalise_database_url(url))
    name = f"backup_{label}_{secrets.token_hex(4)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield Database(
            url=server.set(database=name).render_as_string(hide_password=False), engine_options={}, is_postgres=True
        )
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Source:
    app: Flask
    key_file: Path
    attachment: Path
    backup: Path
    manifest: dict[str, Any]
    attempts_before: int
    attempts_after: int


def run(app: Flask, *args: str) -> Any:
    result = app.test_cli_runner().invoke(args=list(args))
    return result


def count_rows(database: Database, table: str) -> int:
    engine = sa.create_engine(database.url, poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)  # noqa: S608
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    """A migrated, seeded installation with one attachment, backed up while a thread inserts rows."""
    tmp_path = tmp_path_factory.mktemp("backup-source")
    key_file = tmp_path / "keys" / "backup.key"
    with throwaway_database(tmp_path, "source") as database:
        app = make_test_app(database, UPLOAD_FOLDER=str(tmp_path / "uploads"))
        with app.app_context():
            flask_migrate.upgrade()
            seed_reference_data()
            db.session.commit()
            db.engine.dispose()
        attachment = tmp_path / "uploads" / ATTACHMENT
        attachment.parent.mkdir(parents=True)
        attachment.write_bytes(os.urandom(3 * CHUNK_SIZE + 12345))  # several encryption chunks
        assert run(app, "backup-key", str(key_file)).exit_code == 0

        # Writes run during the backup: sign-in attempts inserted one per transaction, as the app does.
        stop, started = threading.Event(), threading.Event()
        writer = sa.create_engine(database.url, poolclass=sa.NullPool)
        errors: list[BaseException] = []

        def insert_rows() -> None:
            try:
                number = 0
                while not stop.is_set():
                    with writer.begin() as connection:
                        connection.execute(
                            sa.text("INSERT INTO login_attempt (ip_address, attempted_at, succeeded) "
                                    "VALUES (:ip, CURRENT_TIMESTAMP, :ok)"),
                            {"ip": f"10.0.{number // 250 % 250}.{number % 250}", "ok": number % 2 == 0},
                        )
                    number += 1
                    if number == 50:
                        started.set()
            except BaseException as error:  # reported by the main thread
                errors.append(error)
                started.set()

        thread = threading.Thread(target=insert_rows)
        thread.start()
        try:
            assert started.wait(60)
            before = count_rows(database, "login_attempt")
            backup = tmp_path / "out" / "petitions.bak"
            result = run(app, "backup", str(backup), "--key-file", str(key_file))
            after = count_rows(database, "login_attempt")
            time.sleep(0.2)
        finally:
            stop.set()
            thread.join()
            writer.dispose()
        assert not errors, errors
        assert result.exit_code == 0, result.output
        assert "not in this backup" in result.output
        staging = tmp_path / "inspect"
        staging.mkdir()
        with backup.open("rb") as handle:
            manifest, _ = stage_archive(handle, load_key(key_file), staging)
        yield Source(app, key_file, attachment, backup, manifest, before, after)


def target_app(database: Database, tmp_path: Path) -> Flask:
    return make_test_app(database, UPLOAD_FOLDER=str(tmp_path / "restored-uploads"))


def test_backup_taken_during_writes_restores_consistently(source: Source, tmp_path: Path) -> None:
    manifest = source.manifest
    assert manifest["format_version"] == 1
    assert manifest["database_kind"] == ("postgresql" if os.environ.get("DATABASE_URL") else "sqlite")
    assert manifest["alembic_revision"]
    assert manifest["vault_key_included"] is False
    assert manifest["files"][f"uploads/{ATTACHMENT.as_posix()}"]["sha256"] == sha256(source.attachment)
    assert not any("key" in name for name in manifest["files"])
    # The snapshot caught the writer mid-stream: more rows than before the backup, fewer than after it.
    assert source.attempts_before <= manifest["row_counts"]["login_attempt"] <= source.attempts_after
    assert source.attempts_before < source.attempts_after
    assert manifest["row_counts"]["reference_item"] > 0

    with throwaway_database(tmp_path, "target") as database:
        app = target_app(database, tmp_path)
        result = run(app, "restore", str(source.backup), "--key-file", str(source.key_file))
        assert result.exit_code == 0, result.output
        if not database.is_postgres:
            assert "PRAGMA integrity_check: ok" in result.output
            assert "PRAGMA foreign_key_check: 0 rows" in result.output
        assert "equal to the manifest" in result.output
        engine = sa.create_engine(database.url, poolclass=sa.NullPool)
        try:
            with engine.connect() as connection:
                for table, expected in manifest["row_counts"].items():
                    counted = connection.scalar(sa.text(f"SELECT count(*) FROM {table}"))  # noqa: S608
                    assert counted == expected, table
                if database.is_postgres:
                    # Every foreign key restored and valid (pg_restore re-creates them after the data).
                    invalid = connection.scalar(sa.text(
                        "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated"))
                    assert invalid == 0
                else:
                    assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                    assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
                revision = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
        finally:
            engine.dispose()
        assert revision == manifest["alembic_revision"]
        restored = tmp_path / "restored-uploads" / ATTACHMENT
        assert sha256(restored) == sha256(source.attachment)
        # The restored database works for the app.
        with app.app_context():
            assert db.session.scalar(sa.text("SELECT count(*) FROM agency")) == manifest["row_counts"]["agency"]
            db.session.remove()
            db.engine.dispose()


def test_key_file_is_private_and_never_overwritten(source: Source) -> None:
    assert source.key_file.stat().st_mode & 0o777 == 0o600
    before = source.key_file.read_bytes()
    result = run(source.app, "backup-key", str(source.key_file))
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert source.key_file.read_bytes() == before


def assert_untouched(database: Database, tmp_path: Path) -> None:
    if database.is_postgres:
        engine = sa.create_engine(database.url, poolclass=sa.NullPool)
        try:
            with engine.connect() as connection:
                assert sa.inspect(connection).get_table_names() == []
        finally:
            engine.dispose()
    else:
        assert not Path(make_url(database.url).database or "").exists()
    assert not (tmp_path / "restored-uploads").exists()


def test_wrong_key_is_refused_and_nothing_is_touched(source: Source, tmp_path: Path) -> None:
    other_key = tmp_path / "other.key"
    with throwaway_database(tmp_path, "wrongkey") as database:
        app = target_app(database, tmp_path)
        assert run(app, "backup-key", str(other_key)).exit_code == 0
        result = run(app, "restore", str(source.backup), "--key-file", str(other_key))
        assert result.exit_code != 0
        assert "Sai khóa" in result.output and "Wrong key" in result.output
        assert_untouched(database, tmp_path)


@pytest.mark.parametrize("where", ["header", "middle", "end", "truncated"])
def test_altered_archive_is_refused_and_nothing_is_touched(source: Source, tmp_path: Path, where: str) -> None:
    data = bytearray(source.backup.read_bytes())
    if where == "truncated":
        data = data[: len(data) - 100]
    else:
        # Byte 20 lies in the key id; the middle in the attachment's chunks; the end in the last tag.
        index = {"header": 20, "middle": len(data) // 2, "end": len(data) - 1}[where]
        data[index] ^= 0x01
    altered = tmp_path / "altered.bak"
    altered.write_bytes(bytes(data))
    with throwaway_database(tmp_path, "altered") as database:
        app = target_app(database, tmp_path)
        result = run(app, "restore", str(altered), "--key-file", str(source.key_file))
        assert result.exit_code != 0
        assert "Traceback" not in result.output
        expected = "Wrong key" if where == "header" else ("truncated" if where == "truncated" else "altered")
        assert expected in result.output
        assert_untouched(database, tmp_path)


def test_restore_refuses_a_non_empty_target_without_force(source: Source, tmp_path: Path) -> None:
    with throwaway_database(tmp_path, "busy") as database:
        app = target_app(database, tmp_path)
        with app.app_context():
            flask_migrate.upgrade()
            seed_reference_data()
            db.session.execute(sa.text(
                "INSERT INTO login_attempt (ip_address, attempted_at, succeeded) "
                "VALUES ('192.0.2.1', CURRENT_TIMESTAMP, false)"))
            db.session.commit()
            db.engine.dispose()
        refused = run(app, "restore", str(source.backup), "--key-file", str(source.key_file))
        assert refused.exit_code != 0
        assert "--force" in refused.output and "not empty" in refused.output
        assert count_rows(database, "login_attempt") == 1

        forced = run(app, "restore", str(source.backup), "--key-file", str(source.key_file), "--force")
        assert forced.exit_code == 0, forced.output
        assert count_rows(database, "login_attempt") == source.manifest["row_counts"]["login_attempt"]
        assert count_rows(database, "reference_item") == source.manifest["row_counts"]["reference_item"]
        assert sha256(tmp_path / "restored-uploads" / ATTACHMENT) == sha256(source.attachment)


def test_key_files_under_the_upload_folder_are_left_out(tmp_path: Path) -> None:
    """The vault key and the backup key stay out of the archive even when someone put them among the files."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "vault.key").write_text("vault key material")
    (uploads / "kept.txt").write_text("an ordinary file")
    with throwaway_database(tmp_path, "keys") as database:
        app = make_test_app(database, UPLOAD_FOLDER=str(uploads), VAULT_KEY_FILE=str(uploads / "vault.key"))
        if not database.is_postgres:  # an empty SQLite database: an empty file
            Path(make_url(database.url).database or "").touch()
        key_file = uploads / "backup.key"
        assert run(app, "backup-key", str(key_file)).exit_code == 0
        backup = tmp_path / "keys.bak"
        result = run(app, "backup", str(backup), "--key-file", str(key_file))
        assert result.exit_code == 0, result.output
        staging = tmp_path / "staging"
        staging.mkdir()
        with backup.open("rb") as handle:
            manifest, _ = stage_archive(handle, load_key(key_file), staging)
    uploaded = sorted(name for name in manifest["files"] if name.startswith("uploads/"))
    assert uploaded == ["uploads/kept.txt"]
    assert b"vault key material" not in b"".join(p.read_bytes() for p in staging.rglob("*") if p.is_file())
