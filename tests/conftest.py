"""Test fixtures: a database built from the migrations, each test rolled back in a SAVEPOINT.

DATABASE_URL chooses the database: unset means a temporary SQLite file; a PostgreSQL URL
gets a throw-away schema per test run (dropped at the end), so runs never see each other.
"""

from __future__ import annotations

import os
import secrets
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
def provision_database(tmp_dir: Path) -> Iterator[TestDatabase]:
    """A fresh, empty database: a SQLite file, or a new schema in the PostgreSQL of DATABASE_URL."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield TestDatabase(url=f"sqlite:///{tmp_dir / 'test.db'}", engine_options={}, is_postgres=False)
        return
    url = normalise_database_url(url)
    schema = f"test_{secrets.token_hex(6)}"
    admin_engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
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
    with provision_database(tmp_path_factory.mktemp("db")) as database:
        yield database


@pytest.fixture(scope="session")
def app(test_database: TestDatabase) -> Iterator[Flask]:
    application = make_test_app(test_database)
    with application.app_context():
        flask_migrate.upgrade()  # the schema comes from the migrations, as in production
        db.engine.dispose()
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


@pytest.fixture
def committed_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on its own fresh database where commits are real (concurrency, several instances)."""
    with provision_database(tmp_path) as database:
        application = make_test_app(database)
        with application.app_context():
            flask_migrate.upgrade()
        application.config["TEST_DATABASE"] = database
        try:
            yield application
        finally:
            with application.app_context():
                db.engine.dispose()


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
