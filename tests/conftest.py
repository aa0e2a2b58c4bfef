"""Test fixtures: a database built from the migrations, each test rolled back in a SAVEPOINT.

DATABASE_URL chooses the database: unset means a temporary SQLite file; a PostgreSQL URL
gets a throw-away schema per test run (dropped at the end), so runs never see each other.

The migrations run once per test process into a template (a SQLite file; a PostgreSQL schema, kept
as its pg_dump), and every migrated database a test asks for (`app`, `committed_app`,
`provision_migrated_database`) is a copy of it: a file copy, or the dump replayed into a new schema,
instead of the migrations each time. With TEST_TEMPLATE_DIR set (.ci/run sets it) the template
is made once for every test process of the run. tests/test_migrations.py still runs the migrations
themselves on empty databases (`provision_database`), up and down, and compares them with the models.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pytest_alembic.config import Config as AlembicConfig
from sqlalchemy.orm import scoped_session, sessionmaker

from petitions import create_app
from petitions.config import PROJECT_ROOT, normalise_database_url
from petitions.extensions import db
from tests.mail_server import (  # noqa: F401  (fixtures for every test module)
    _smtp_certificate,
    _smtp_controller,
    _smtp_starttls_controller,
    _smtps_controller,
    smtp_server,
    smtp_starttls_server,
    smtps_server,
)

TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"


@dataclass
class TestDatabase:
    url: str
    engine_options: dict[str, Any]
    is_postgres: bool
    schema: str | None = None


@contextmanager
def provision_database(tmp_dir: Path, *, create_schema: bool = True) -> Iterator[TestDatabase]:
    """A fresh, empty database: a SQLite file, or a new schema in the PostgreSQL of DATABASE_URL
    (create_schema=False: only its name, for the caller to create; it is dropped at the end all the same)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield TestDatabase(url=f"sqlite:///{tmp_dir / 'test.db'}", engine_options={}, is_postgres=False)
        return
    url = normalise_database_url(url)
    schema = f"test_{secrets.token_hex(6)}"
    admin_engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    if create_schema:
        with admin_engine.connect() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield TestDatabase(
            url=url,
            engine_options={"connect_args": {"options": f"-csearch_path={schema}"}},
            is_postgres=True,
            schema=schema,
        )
    finally:
        with admin_engine.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin_engine.dispose()


# The migrated template -------------------------------------------------------------------------------------

_templates: dict[str, str] = {}  # per process: "sqlite" → the template file, "postgresql" → the schema's SQL


def _migrate(database: TestDatabase) -> None:
    application = make_test_app(database)
    with application.app_context():
        flask_migrate.upgrade()  # the schema comes from the migrations, as in production
        db.engine.dispose()


@contextmanager
def _template_folder() -> Iterator[Path]:
    """Where the template is kept, locked: one process of the run migrates, the others wait and copy."""
    shared = os.environ.get("TEST_TEMPLATE_DIR")
    if shared:
        folder = Path(shared)
    else:
        folder = Path(tempfile.mkdtemp(prefix="petitions-test-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder


def _sqlite_template() -> Path:
    if "sqlite" not in _templates:
        with _template_folder() as folder:
            template = folder / "template.db"
            if not template.exists():
                building = folder / f"building-{os.getpid()}.db"
                _migrate(TestDatabase(url=f"sqlite:///{building}", engine_options={}, is_postgres=False))
                connection = sqlite3.connect(building)  # everything into the main file, nothing left in a -wal
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.close()
                for suffix in ("-wal", "-shm"):
                    Path(f"{building}{suffix}").unlink(missing_ok=True)
                building.rename(template)
            _templates["sqlite"] = str(template)
    return Path(_templates["sqlite"])


# The name the template schema has in its dump; each copy gets its own in its place.
_DUMPED_SCHEMA = "test_template_5c1e9a"


def _postgres_template(url: str) -> str:
    """The migrated schema as SQL (pg_dump of a schema the migrations built, less psql's own commands)."""
    if "postgresql" not in _templates:
        with _template_folder() as folder:
            dump = folder / "template-postgresql.sql"
            if not dump.exists():
                with provision_database(folder) as database:
                    _migrate(database)
                    pg_dump = shutil.which("pg_dump")
                    if pg_dump is None:
                        pytest.fail("pg_dump is needed to copy the migrated test schema")
                    address = sa.make_url(url)
                    result = subprocess.run(
                        [pg_dump, "-h", address.host or "127.0.0.1", "-p", str(address.port or 5432),
                         "-U", address.username or "postgres", "--no-owner", "--no-privileges", "--inserts",
                         "--rows-per-insert=500", f"--schema={database.schema}", address.database or "postgres"],
                        check=True, capture_output=True, text=True,
                        env=dict(os.environ, PGPASSWORD=address.password or ""),
                    )
                    assert database.schema is not None
                    # Extensions belong to the database, not to the schema: a schema's dump leaves them out, so the
                    # template creates them first (a copy into another database of the run, e.g. the slow groups',
                    # would otherwise miss pg_trgm's operator classes).
                    engine = sa.create_engine(url)
                    try:
                        with engine.connect() as connection:
                            extensions = connection.execute(sa.text(
                                "SELECT e.extname, n.nspname FROM pg_extension e"
                                " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'"
                            )).all()
                    finally:
                        engine.dispose()
                    create_extensions = [
                        f'CREATE EXTENSION IF NOT EXISTS "{name}" WITH SCHEMA "{schema}";' for name, schema in extensions
                    ]
                    sql = "\n".join(
                        create_extensions
                        + [line for line in result.stdout.splitlines() if not line.startswith("\\")]
                    )
                    building = folder / f"building-{os.getpid()}.sql"
                    building.write_text(sql.replace(database.schema, _DUMPED_SCHEMA), encoding="utf-8")
                    building.rename(dump)
            _templates["postgresql"] = dump.read_text(encoding="utf-8")
    return _templates["postgresql"]


@contextmanager
def provision_migrated_database(tmp_dir: Path) -> Iterator[TestDatabase]:
    """A fresh database at the migrations' head, copied from the template: a SQLite file in tmp_dir, or a new
    schema (dropped at the end) made by the template's SQL."""
    if not os.environ.get("DATABASE_URL"):
        path = tmp_dir / "test.db"
        shutil.copyfile(_sqlite_template(), path)
        yield TestDatabase(url=f"sqlite:///{path}", engine_options={}, is_postgres=False)
        return
    url = normalise_database_url(os.environ["DATABASE_URL"])
    template = _postgres_template(url)
    with provision_database(tmp_dir, create_schema=False) as database:
        assert database.schema is not None
        engine = sa.create_engine(url)
        try:
            connection = engine.raw_connection()
            try:
                with connection.cursor() as cursor:
                    cursor.execute(template.replace(_DUMPED_SCHEMA, database.schema))  # no parameters: one round trip
                connection.commit()
            finally:
                connection.close()
        finally:
            engine.dispose()
        yield database


def make_test_app(database: TestDatabase, **overrides: Any) -> Flask:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": database.url,
        "SQLALCHEMY_ENGINE_OPTIONS": database.engine_options,
        "PASSWORD_HASHER": "fast-test-hasher",
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
        # Uploaded and generated files (letter attachments, signed PDFs) never land in instance/.
        "UPLOAD_FOLDER": tempfile.mkdtemp(prefix="petitions-test-uploads-"),
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def test_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestDatabase]:
    """The session's database, at the migrations' head (a copy of the template)."""
    with provision_migrated_database(tmp_path_factory.mktemp("db")) as database:
        yield database


@pytest.fixture(scope="session")
def app(test_database: TestDatabase) -> Iterator[Flask]:
    application = make_test_app(test_database)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def session(app: Flask) -> Iterator[Any]:
    """db.session inside an app context; everything the test (and its requests) writes is undone.

    The session joins an outer transaction on one connection and turns its own commits into
    SAVEPOINT releases, so views that commit behave as in production while nothing persists.
    """
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=True)
        )
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@dataclass
class StatementCount:
    """SQL statements sent to the database inside a `count_statements()` block."""

    statements: list[str]

    @property
    def total(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_statements(app: Flask, session: Any):  # type: ignore[no-untyped-def]
    """Count the SQL statements a block sends (as zeus's assert_statement_count): a listener on the
    engine's before_cursor_execute sees every statement of the test's requests and queries.

        with count_statements() as counted:
            client.get("/letters/")
        assert counted.total == ...
    """

    @contextmanager
    def counting() -> Iterator[StatementCount]:
        counted = StatementCount([])

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            counted.statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield counted
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)

    return counting


@pytest.fixture
def client(app: Flask, session: Any) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask, session: Any):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@contextmanager
def app_on_own_database(tmp_dir: Path, **overrides: Any) -> Iterator[Flask]:
    """An app on a fresh migrated database of its own, where commits are real; dropped afterwards."""
    with provision_migrated_database(tmp_dir) as database:
        application = make_test_app(database, **overrides)
        application.config["TEST_DATABASE"] = database
        try:
            yield application
        finally:
            with application.app_context():
                db.engine.dispose()


@pytest.fixture
def committed_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on its own fresh database where commits are real (concurrency, several instances)."""
    with app_on_own_database(tmp_path) as application:
        yield application


# pytest-alembic's built-in tests (bound to tests/test_migrations.py) look for these here.
@pytest.fixture
def migration_app(tmp_path: Path) -> Iterator[Flask]:
    with provision_database(tmp_path) as database:
        application = make_test_app(database)
        with application.app_context():
            yield application
            db.engine.dispose()


@pytest.fixture
def alembic_config() -> AlembicConfig:
    migrations = PROJECT_ROOT / "migrations"
    return AlembicConfig(config_options={"file": str(migrations / "alembic.ini"), "script_location": str(migrations)})


@pytest.fixture
def alembic_engine(migration_app: Flask) -> sa.Engine:
    return db.engine
