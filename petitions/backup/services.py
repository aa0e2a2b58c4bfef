"""Backups and restores of the whole installation: the database and the files under UPLOAD_FOLDER.

An archive is a gzip'd tar, encrypted by petitions.backup.crypto, holding the database (a copy made
with SQLite's online backup API, or `pg_dump -Fc`), the files of UPLOAD_FOLDER under `uploads/`, and
last `manifest.json`: format version, database kind, creation time, Alembic revision, row counts per
table and the SHA-256 of every file. The vault's key file and the backup key are never in it.

Restore stages and verifies everything before it touches the database or the files: a wrong key, an
altered or truncated archive or a wrong checksum changes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from petitions.backup.crypto import BackupError, DamagedArchive, DecryptingReader, EncryptingWriter

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
KEYS_NOTE = (
    "The vault key file (VAULT_KEY_FILE) and the backup key are not in this backup: "
    "keep them apart, each in its own safe place. / Tệp khóa kho bảo mật và khóa sao lưu không nằm "
    "trong bản sao lưu này: hãy cất giữ riêng."
)
_COPY_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class Installation:
    """What a backup covers: the database's URL (SQLAlchemy form) and the upload folder."""

    database_url: str
    upload_folder: Path
    # Files never copied even when they lie under the upload folder (the keys).
    excluded: tuple[Path, ...] = ()

    @property
    def url(self) -> URL:
        return make_url(self.database_url)

    @property
    def kind(self) -> str:
        backend = self.url.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise BackupError(f"Không hỗ trợ cơ sở dữ liệu {backend}. / Unsupported database {backend}.")
        return backend


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict[str, Any]


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    row_counts: dict[str, int]
    files: int
    checks: list[str] = field(default_factory=list)


# --- hashing and the manifest -------------------------------------------------------------------


class _HashingReader:
    """Hands tarfile a file's bytes and hashes exactly the bytes archived."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.digest.update(data)
        return data


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_COPY_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _add_file(archive: tarfile.TarFile, source: Path, name: str) -> tuple[str, int]:
    with source.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = 0o600
        info.mtime = int(os.fstat(handle.fileno()).st_mtime)
        reader = _HashingReader(handle)
        archive.addfile(info, reader)  # tarfile only calls read()
    return reader.digest.hexdigest(), size


def _upload_files(installation: Installation) -> Iterator[tuple[Path, str]]:
    root = installation.upload_folder
    if not root.is_dir():
        return
    excluded = {path.resolve() for path in installation.excluded}
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory, filename)
            if path.is_symlink() or not path.is_file() or path.resolve() in excluded:
                continue
            yield path, f"{UPLOADS}/{path.relative_to(root).as_posix()}"


def _table_counts(connection: sa.Connection) -> dict[str, int]:
    names = sorted(sa.inspect(connection).get_table_names())
    return {
        name: int(connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) or 0) for name in names
    }


def _alembic_revision(connection: sa.Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.scalar(sa.text("SELECT version_num FROM alembic_version"))


# --- PostgreSQL through libpq's tools ------------------------------------------------------------


def _conninfo_value(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def libpq_command_environment(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string for pg_dump / pg_restore, and an environment holding the password
    (PGPASSWORD: never on a command line other users can read in `ps`). The driver part of the URL
    (postgresql+psycopg) means nothing to libpq; its query parameters (sslmode, …) pass through."""
    parts = {"host": url.host, "port": str(url.port) if url.port else None, "dbname": url.database, "user": url.username}
    for name, value in url.query.items():
        parts[name] = value if isinstance(value, str) else value[-1]
    conninfo = " ".join(f"{name}={_conninfo_value(value)}" for name, value in parts.items() if value)
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    return conninfo, environment


def _run_tool(arguments: list[str], environment: dict[str, str]) -> None:
    try:
        completed = subprocess.run(arguments, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as missing:
        raise BackupError(
            f"Không có {arguments[0]} (gói postgresql-client). / {arguments[0]} not found (install postgresql-client)."
        ) from missing
    if completed.returncode != 0:
        raise BackupError(f"{arguments[0]} failed ({completed.returncode}): {completed.stderr.strip()[-2000:]}")


def _snapshot_postgres(installation: Installation, target: Path) -> tuple[dict[str, int], str | None]:
    """pg_dump reads the snapshot this transaction exports, so the manifest's row counts are those of
    the dump even while the application writes."""
    engine = sa.create_engine(installation.database_url, poolclass=sa.NullPool)
    conninfo, environment = libpq_command_environment(installation.url)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                snapshot = connection.scalar(sa.text("SELECT pg_export_snapshot()"))
                counts = _table_counts(connection)
                revision = _alembic_revision(connection)
                _run_tool(
                    ["pg_dump", "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                     "-f", str(target), "-d", conninfo],
                    environment,
                )
    finally:
        engine.dispose()
    return counts, revision


# --- SQLite through its online backup API --------------------------------------------------------


def _sqlite_path(installation: Installation) -> Path:
    database = installation.url.database
    if not database or database == ":memory:":
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được. / An in-memory database has no file.")
    return Path(database)


def _sqlite_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=30)
    connection.execute("PRAGMA busy_timeout = 30000")
    return connection


def _snapshot_sqlite(installation: Installation, target: Path) -> tuple[dict[str, int], str | None]:
    """The online backup API copies every page under one read transaction (pages=-1): a consistent
    copy while the app goes on writing to its WAL. Counts and revision are read from the copy."""
    source_path = _sqlite_path(installation)
    if not source_path.exists():
        raise BackupError(f"Không thấy cơ sở dữ liệu {source_path}. / Database file {source_path} not found.")
    source = _sqlite_connection(source_path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    engine = sa.create_engine(f"sqlite:///{target}", poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            return _table_counts(connection), _alembic_revision(connection)
    finally:
        engine.dispose()


# --- backup --------------------------------------------------------------------------------------


def create_backup(installation: Installation, output: Path, key: bytes) -> BackupResult:
    """Writes the encrypted archive to `output` (through a temporary name: a failed run leaves nothing)."""
    kind = installation.kind
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    with tempfile.TemporaryDirectory(prefix="petitions-backup-") as staging:
        os.chmod(staging, 0o700)
        member = SQLITE_MEMBER if kind == "sqlite" else POSTGRES_MEMBER
        snapshot = Path(staging, member)
        if kind == "sqlite":
            counts, revision = _snapshot_sqlite(installation, snapshot)
        else:
            counts, revision = _snapshot_postgres(installation, snapshot)
        files: dict[str, dict[str, Any]] = {}
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as sink:
                writer = EncryptingWriter(sink, key)
                with tarfile.open(fileobj=writer, mode="w|gz") as archive:  # type: ignore[call-overload]
                    digest, size = _add_file(archive, snapshot, member)
                    files[member] = {"sha256": digest, "size": size}
                    for path, name in _upload_files(installation):
                        digest, size = _add_file(archive, path, name)
                        files[name] = {"sha256": digest, "size": size}
                    manifest = {
                        "format_version": FORMAT_VERSION,
                        "database_kind": kind,
                        "database_member": member,
                        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                        "alembic_revision": revision,
                        "row_counts": counts,
                        "files": files,
                        "vault_key_included": False,
                        "keys_note": KEYS_NOTE,
                    }
                    body = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8")
                    info = tarfile.TarInfo(MANIFEST)
                    info.size = len(body)
                    info.mode = 0o600
                    archive.addfile(info, io.BytesIO(body))
                writer.close()
                sink.flush()
                os.fsync(sink.fileno())
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(path=output, size=output.stat().st_size, manifest=manifest)


# --- restore -------------------------------------------------------------------------------------


def _safe_member_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise DamagedArchive(f"Tên tệp không hợp lệ trong bản sao lưu: {name}. / Unsafe name in the archive: {name}.")
    if name not in (MANIFEST, SQLITE_MEMBER, POSTGRES_MEMBER) and path.parts[0] != UPLOADS:
        raise DamagedArchive(f"Tệp lạ trong bản sao lưu: {name}. / Unexpected file in the archive: {name}.")
    return path


def stage_archive(source: BinaryIO, key: bytes, staging: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """Decrypts and unpacks into `staging`; returns the manifest and the SHA-256 of each staged file."""
    reader = DecryptingReader(source, key)
    digests: dict[str, str] = {}
    try:
        with tarfile.open(fileobj=reader, mode="r|gz") as archive:  # type: ignore[call-overload]
            for member in archive:
                if not member.isfile():
                    raise DamagedArchive(f"Mục không phải tệp: {member.name}. / Not a regular file: {member.name}.")
                relative = _safe_member_name(member.name)
                if member.name in digests:
                    raise DamagedArchive(f"Tệp trùng: {member.name}. / Duplicate member: {member.name}.")
                target = staging.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                extracted = archive.extractfile(member)
                if extracted is None:
                    raise DamagedArchive(f"Không đọc được {member.name}. / Cannot read {member.name}.")
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while block := extracted.read(_COPY_BLOCK):
                        digest.update(block)
                        out.write(block)
                digests[member.name] = digest.hexdigest()
        reader.verify_to_end()
    except (tarfile.TarError, EOFError, OSError) as broken:
        if isinstance(broken, BackupError):
            raise
        raise DamagedArchive(f"Bản sao lưu hỏng. / The archive is damaged: {broken}") from broken
    if MANIFEST not in digests:
        raise DamagedArchive("Thiếu manifest.json. / The archive has no manifest.")
    manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    del digests[MANIFEST]
    return manifest, digests


def _verify(manifest: dict[str, Any], digests: dict[str, str], kind: str) -> None:
    if manifest.get("format_version") != FORMAT_VERSION:
        raise DamagedArchive(
            f"Phiên bản định dạng {manifest.get('format_version')} không hỗ trợ. / Unsupported format version."
        )
    if manifest.get("database_kind") != kind:
        raise BackupError(
            f"Bản sao lưu của {manifest.get('database_kind')}, đích là {kind}. "
            f"/ The backup is of a {manifest.get('database_kind')} database; the target is {kind}."
        )
    listed = {name: entry["sha256"] for name, entry in manifest["files"].items()}
    if set(listed) != set(digests):
        missing, extra = sorted(set(listed) - set(digests)), sorted(set(digests) - set(listed))
        raise DamagedArchive(f"Danh sách tệp không khớp manifest. / Files differ from the manifest: {missing} {extra}")
    for name, expected in listed.items():
        if digests[name] != expected:
            raise DamagedArchive(f"Sai SHA-256: {name}. / SHA-256 mismatch for {name}.")


def _has_rows(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        for name in sa.inspect(connection).get_table_names():
            if name == "alembic_version":
                continue
            if connection.scalar(sa.select(sa.literal(1)).select_from(sa.table(name)).limit(1)) is not None:
                return True
    return False


def target_problems(installation: Installation) -> list[str]:
    """Why the target is not empty: rows in the database, files in the upload folder."""
    problems = []
    if installation.kind == "sqlite" and not _sqlite_path(installation).exists():
        pass
    else:
        engine = sa.create_engine(installation.database_url, poolclass=sa.NullPool)
        try:
            if _has_rows(engine):
                problems.append("the database has rows / cơ sở dữ liệu đã có dữ liệu")
        finally:
            engine.dispose()
    if next(_upload_files(installation), None) is not None:
        problems.append(f"{installation.upload_folder} holds files / thư mục tệp đã có tệp")
    return problems


def _restore_sqlite(installation: Installation, snapshot: Path) -> list[str]:
    """The backup API again, from the verified copy into the target: it rewrites every page of the
    target under its write lock, WAL included, instead of swapping a file under open connections."""
    target_path = _sqlite_path(installation)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(snapshot)
    target = _sqlite_connection(target_path)
    try:
        source.backup(target)
        integrity = [row[0] for row in target.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            raise BackupError(f"PRAGMA integrity_check: {integrity[:10]}")
        orphans = target.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            raise BackupError(f"PRAGMA foreign_key_check: {len(orphans)} rows, e.g. {orphans[:5]}")
    finally:
        source.close()
        target.close()
    return ["PRAGMA integrity_check: ok", "PRAGMA foreign_key_check: 0 rows"]


def _restore_postgres(installation: Installation, dump: Path) -> list[str]:
    """One transaction: a failure leaves the target as it was. --clean --if-exists drops the dump's
    objects first (needed with --force; harmless on an empty database)."""
    conninfo, environment = libpq_command_environment(installation.url)
    _run_tool(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
         "--exit-on-error", "-d", conninfo, str(dump)],
        environment,
    )
    return ["pg_restore: one transaction, constraints and foreign keys re-created and checked"]


def _copy_files(staging: Path, manifest: dict[str, Any], upload_folder: Path) -> int:
    copied = 0
    for name, entry in manifest["files"].items():
        if not name.startswith(f"{UPLOADS}/"):
            continue
        relative = PurePosixPath(name).relative_to(UPLOADS)
        target = upload_folder.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(staging.joinpath(*PurePosixPath(name).parts), temporary)
        os.replace(temporary, target)
        if sha256_of(target) != entry["sha256"]:
            raise BackupError(f"Sai SHA-256 sau khi chép: {target}. / SHA-256 mismatch after copying {target}.")
        copied += 1
    return copied


def restore_backup(
    installation: Installation,
    backup: Path,
    key: bytes,
    force: bool = False,
    before_write: Callable[[], None] | None = None,
) -> RestoreResult:
    """Verifies the whole archive, then restores the database and the files and checks the result.

    `before_write` runs once everything is verified and just before the first write (the CLI closes
    the app's pooled connections there)."""
    kind = installation.kind
    if not force:
        problems = target_problems(installation)
        if problems:
            raise BackupError(
                "Đích không trống; dùng --force để ghi đè. / The target is not empty (use --force to overwrite): "
                + "; ".join(problems)
            )
    with tempfile.TemporaryDirectory(prefix="petitions-restore-") as staging_name:
        staging = Path(staging_name)
        os.chmod(staging, 0o700)
        with contextlib.ExitStack() as stack:
            try:
                source = stack.enter_context(backup.open("rb"))
            except FileNotFoundError as missing:
                raise BackupError(f"Không thấy {backup}. / {backup} not found.") from missing
            manifest, digests = stage_archive(source, key, staging)
        _verify(manifest, digests, kind)
        if before_write is not None:
            before_write()
        snapshot = staging / manifest["database_member"]
        checks = _restore_sqlite(installation, snapshot) if kind == "sqlite" else _restore_postgres(installation, snapshot)
        files = _copy_files(staging, manifest, installation.upload_folder)
    engine = sa.create_engine(installation.database_url, poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            counts = _table_counts(connection)
    finally:
        engine.dispose()
    expected = manifest["row_counts"]
    differing = {name: (expected.get(name), counts.get(name)) for name in expected if expected[name] != counts.get(name)}
    if differing:
        raise BackupError(f"Số dòng khác manifest. / Row counts differ from the manifest: {differing}")
    checks.append(f"row counts: {len(expected)} tables, {sum(expected.values()):,} rows, equal to the manifest")
    checks.append(f"files: {files} restored, SHA-256 equal to the manifest")
    return RestoreResult(manifest=manifest, row_counts=counts, files=files, checks=checks)
