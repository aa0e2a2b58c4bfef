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


def _rows(connection: sa.Connection, sql: str) -> set[tuple[object, ...]]:
    return {tuple(row) for row in connection.execute(sa.text(sql))}


def test_the_persistent_refusal_ground_gets_the_laws_wording_unless_edited(alembic_runner) -> None:  # type: ignore[no-untyped-def]
    """4b7d2e9c1a35: the seeded Đ9.3 label gains "được cơ quan nhà nước có thẩm quyền"; an edited one stays."""
    alembic_runner.migrate_up_before("4b7d2e9c1a35")
    old = (
        "Người khiếu nại, tố cáo về vụ việc đã giải quyết đúng chính sách, pháp luật, đã được kiểm tra, "
        "rà soát, thông báo bằng văn bản, đã được tiếp, giải thích, hướng dẫn nhưng vẫn cố tình khiếu nại, "
        "tố cáo kéo dài"
    )
    with db.engine.begin() as connection:
        for code, label in (("R13_3", old), ("R26_03", "Cố tình khiếu nại kéo dài (sửa tay)"), ("R26_01", old)):
            connection.execute(
                sa.text(
                    "INSERT INTO reference_item (list_code, code, label, label_folded, sort_order, is_active, "
                    "version, created_at, updated_at) VALUES ('refusal_ground', :code, :label, '', 0, TRUE, 1, "
                    "'2026-03-01 08:00:00', '2026-03-01 08:00:00')"
                ),
                {"code": code, "label": label},
            )
    alembic_runner.migrate_up_one()
    with db.engine.connect() as connection:
        labels = dict(_rows(connection, "SELECT code, label FROM reference_item"))
        folded = dict(_rows(connection, "SELECT code, label_folded FROM reference_item"))
    assert "được cơ quan nhà nước có thẩm quyền kiểm tra" in str(labels["R13_3"])
    assert "duoc co quan nha nuoc co tham quyen" in str(folded["R13_3"])
    assert labels["R26_03"] == "Cố tình khiếu nại kéo dài (sửa tay)"  # an administrator's wording stays
    assert labels["R26_01"] == old  # another ground's row is not touched, whatever it says
    alembic_runner.migrate_down_one()
    with db.engine.connect() as connection:
        assert dict(_rows(connection, "SELECT code, label FROM reference_item"))["R13_3"] == old


def test_one_register_counter_takes_over_the_old_counters_and_the_book(alembic_runner) -> None:  # type: ignore[no-untyped-def]
    """13ea838ab88e: letter and document counters copied, reception-book counters from the visits; and back."""
    alembic_runner.migrate_up_before("13ea838ab88e")
    stamp = "2026-03-01 08:00:00"
    with db.engine.begin() as connection:
        for agency_id in (1, 2):
            connection.execute(
                sa.text(
                    "INSERT INTO agency (id, code, name, is_active, version, created_at, updated_at) "
                    "VALUES (:id, :code, :name, TRUE, 1, :at, :at)"
                ),
                {"id": agency_id, "code": f"MIG{agency_id}", "name": f"Cơ quan {agency_id}", "at": stamp},
            )
        for table, rows in (
            ("letter_register_counter", ((1, 2025, 40), (1, 2026, 7))),
            ("document_number_counter", ((1, 2026, 12), (2, 2026, 3))),
        ):
            for agency_id, year, last in rows:
                connection.execute(
                    sa.text(
                        f"INSERT INTO {table} (agency_id, year, last_number, updated_at) "
                        "VALUES (:agency, :year, :last, :at)"
                    ),
                    {"agency": agency_id, "year": year, "last": last, "at": stamp},
                )
        # Book numbers as max()+1 left them: agency 1 has 2026 up to 5 (4 was never used), agency 2 has 2025.
        for agency_id, year, number in ((1, 2026, 1), (1, 2026, 2), (1, 2026, 3), (1, 2026, 5), (2, 2025, 9)):
            connection.execute(
                sa.text(
                    "INSERT INTO visit (agency_id, book_year, book_number, visited_on, kind, mode, "
                    "classification, outcome, created_at, updated_at) VALUES (:agency, :year, :number, "
                    ":on, 'REGULAR', 'IN_PERSON', 'COMPLAINT', 'GUIDED', :at, :at)"
                ),
                {"agency": agency_id, "year": year, "number": number, "on": f"{year}-03-01", "at": stamp},
            )

    alembic_runner.migrate_up_to("13ea838ab88e")
    with db.engine.connect() as connection:
        assert _rows(connection, "SELECT kind, agency_id, year, last_number FROM register_counter") == {
            ("LETTER_REGISTER", 1, 2025, 40),
            ("LETTER_REGISTER", 1, 2026, 7),
            ("DOCUMENT_REGISTER", 1, 2026, 12),
            ("DOCUMENT_REGISTER", 2, 2026, 3),
            ("RECEPTION_BOOK", 1, 2026, 5),
            ("RECEPTION_BOOK", 2, 2025, 9),
        }
    tables = set(sa.inspect(db.engine).get_table_names())
    assert "letter_register_counter" not in tables and "document_number_counter" not in tables

    alembic_runner.migrate_down_one()
    with db.engine.connect() as connection:
        assert _rows(connection, "SELECT agency_id, year, last_number FROM letter_register_counter") == {
            (1, 2025, 40),
            (1, 2026, 7),
        }
        assert _rows(connection, "SELECT agency_id, year, last_number FROM document_number_counter") == {
            (1, 2026, 12),
            (2, 2026, 3),
        }
    assert "register_counter" not in set(sa.inspect(db.engine).get_table_names())
