"""REPORTS_DATABASE_URL: the report queries read from that database (a streaming replica in production),
everything else from the main one; unset, reports read the main database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from flask import Flask

from petitions.directory.models import Agency
from petitions.domain.periods import quarter
from petitions.extensions import db
from petitions.reports import queries
from tests.conftest import make_test_app, provision_migrated_database

Q1 = quarter(2026, 1)


def _url(database: Any) -> str:
    # Each database's own schema travels in its URL, so that two engines of one app can differ.
    if database.schema:
        return database.url + ("&" if "?" in database.url else "?") + "options=" + quote(f"-csearch_path={database.schema}")
    return str(database.url)


def _app(database: Any, **overrides: Any) -> Flask:
    return make_test_app(database, SQLALCHEMY_DATABASE_URI=_url(database), SQLALCHEMY_ENGINE_OPTIONS={}, **overrides)


@pytest.fixture
def main_and_replica(tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    """Two migrated databases with the same top agency; only the replica knows its subordinate."""
    with ExitStack() as stack:
        main_dir, replica_dir = tmp_path / "main", tmp_path / "replica"
        main_dir.mkdir()
        replica_dir.mkdir()
        main = stack.enter_context(provision_migrated_database(main_dir))
        replica = stack.enter_context(provision_migrated_database(replica_dir))
        for database, with_child in ((main, False), (replica, True)):
            app = _app(database)
            with app.app_context():
                root = Agency(code="ROOT", name="Ủy ban nhân dân tỉnh")
                db.session.add(root)
                db.session.flush()
                if with_child:
                    db.session.add(Agency(code="SXD", name="Sở Xây dựng", parent_id=root.id))
                db.session.commit()
                db.engine.dispose()
        yield main, replica


def _unit_names(app: Flask) -> list[str]:
    with app.app_context():
        try:
            root = db.session.scalar(sa.select(Agency).where(Agency.code == "ROOT"))
            assert root is not None
            return [unit.name for unit in queries.list_report_units(root, Q1)]
        finally:
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()


def test_report_queries_read_the_reports_database_when_one_is_configured(main_and_replica):
    main, replica = main_and_replica
    assert _unit_names(_app(main, REPORTS_DATABASE_URL=_url(replica))) == ["Ủy ban nhân dân tỉnh", "Sở Xây dựng"]


def test_report_queries_read_the_main_database_by_default(main_and_replica):
    main, _replica = main_and_replica
    assert _unit_names(_app(main)) == ["Ủy ban nhân dân tỉnh"]
