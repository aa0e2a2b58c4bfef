"""The migrations are the schema: single head, upgrade from empty, models match, round trips.

pytest-alembic's built-in tests are bound to this file (pyproject: pytest_alembic_tests_path)
and run on whichever database DATABASE_URL names, in a fresh database or schema.
"""

from __future__ import annotations

import flask_migrate
import sqlalchemy as sa
from flask import Flask

from petitions.extensions import db


def application_tables(engine: sa.Engine) -> set[str]:
    names = set(sa.inspect(engine).get_table_names())
    return {name for name in names if not name.startswith(("search_", "alembic_"))}


def test_upgrade_from_empty_creates_exactly_the_model_tables(migration_app: Flask) -> None:
    flask_migrate.upgrade()
    assert application_tables(db.engine) == set(db.metadata.tables)


def test_db_check_reports_no_drift(migration_app: Flask) -> None:
    flask_migrate.upgrade()
    flask_migrate.check()  # raises (exits) when autogenerate finds a difference


def test_engine_settings_match_the_database(migration_app: Flask) -> None:
    """SQLite: WAL, a busy timeout and enforced foreign keys; PostgreSQL: the psycopg 3 driver."""
    if db.engine.dialect.name == "postgresql":
        assert db.engine.dialect.driver == "psycopg"
        return
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
