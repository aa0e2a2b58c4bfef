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


def test_existing_letters_get_their_cases(alembic_runner) -> None:  # type: ignore[no-untyped-def]
    """d47e09e502d2: a new letter opens a case of its kind, a duplicate (and a duplicate of a duplicate) joins
    its original's, a letter with a case keeps it; void letters and anonymous information get none; each
    change is in the history."""
    alembic_runner.migrate_up_before("d47e09e502d2")
    stamp = "2026-03-01 08:00:00"
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO agency (id, code, name, is_active, version, created_at, updated_at) "
                "VALUES (1, 'MIG1', 'Cơ quan 1', TRUE, 1, :at, :at)"
            ),
            {"at": stamp},
        )
        connection.execute(
            sa.text(
                "INSERT INTO case_file (id, case_type, status, title, title_folded, opened_on, agency_in_charge_id, "
                "version, created_at, updated_at) VALUES (7, 'COMPLAINT', 'OPEN', 'Có sẵn', 'co san', '2026-01-05', 1, "
                "1, :at, :at)"
            ),
            {"at": stamp},
        )
        # id, type, main type, subtype, received, duplicate of, case, void
        rows = (
            (1, "COMPLAINT", None, "ADMINISTRATIVE", "2026-05-20", None, None, False),
            (2, "COMPLAINT", None, "ADMINISTRATIVE", "2026-06-01", 1, None, False),
            (3, "COMPLAINT", None, "ADMINISTRATIVE", "2026-06-02", 2, None, False),
            (4, "MIXED", "DENUNCIATION", None, "2026-04-01", None, None, False),
            (5, "ANONYMOUS", None, None, "2026-04-02", None, None, False),
            (6, "PETITION", None, None, "2026-04-03", None, None, True),
            (8, "PETITION", None, None, "2026-04-04", None, 7, False),
        )
        for letter_id, kind, main, subtype, received, duplicate_of, case_id, void in rows:
            connection.execute(
                sa.text(
                    "INSERT INTO letter (id, register_agency_id, register_year, register_number, letter_type, "
                    "main_type, complaint_subtype, status, received_on, summary, summary_folded, "
                    "agency_in_charge_id, duplicate_of_id, case_id, is_void, created_at, updated_at) VALUES "
                    "(:id, 1, 2026, :id, :kind, :main, :subtype, 'RECEIVED', :received, :summary, :folded, 1, "
                    ":dup, :case, :void, :at, :at)"
                ),
                {
                    "id": letter_id,
                    "kind": kind,
                    "main": main,
                    "subtype": subtype,
                    "received": received,
                    "summary": f"Đơn thứ {letter_id}",
                    "folded": f"don thu {letter_id}",
                    "dup": duplicate_of,
                    "case": case_id,
                    "void": void,
                    "at": stamp,
                },
            )
    alembic_runner.migrate_up_one()
    with db.engine.connect() as connection:
        cases = dict(_rows(connection, "SELECT id, case_id FROM letter"))
        kinds = {
            row[0]: row[1:]
            for row in _rows(
                connection,
                "SELECT l.id, c.case_type, c.complaint_subtype, c.title, c.opened_on, c.status "
                "FROM letter l JOIN case_file c ON c.id = l.case_id",
            )
        }
        events = _rows(connection, "SELECT case_file_id, status FROM case_file_status_event")
        history = _rows(
            connection, "SELECT record_type, record_id, action, field, new_value FROM history_entry"
        )
    assert cases[1] is not None and cases[1] != 7
    assert cases[2] == cases[1] and cases[3] == cases[1]  # duplicates join the first letter's case
    assert cases[4] not in (None, cases[1], 7)
    assert cases[5] is None and cases[6] is None  # anonymous information, a void letter
    assert cases[8] == 7  # a letter that had its case keeps it
    assert kinds[1][:2] == ("COMPLAINT", "ADMINISTRATIVE") and kinds[1][2] == "Đơn thứ 1"
    assert str(kinds[1][3]).startswith("2026-05-20") and kinds[1][4] == "OPEN"
    assert kinds[4][:2] == ("DENUNCIATION", None)  # a mixed letter's main content
    assert {(cases[1], "OPEN"), (cases[4], "OPEN")} <= events and (7, "OPEN") not in events
    assert ("case", cases[1], "create", None, None) in history
    for letter_id in (1, 2, 3, 4):
        assert ("letter", letter_id, "update", "case_id", str(cases[letter_id])) in history
    assert not any(row[0] == "letter" and row[1] in (5, 6, 8) for row in history)
    with db.engine.begin() as connection:  # new cases still get fresh ids (PostgreSQL's sequence moved on)
        connection.execute(
            sa.text(
                "INSERT INTO case_file (case_type, status, title, title_folded, opened_on, agency_in_charge_id, "
                "version, created_at, updated_at) VALUES ('PETITION', 'OPEN', 'Mới', 'moi', '2026-07-01', 1, 1, :at, :at)"
            ),
            {"at": stamp},
        )


def test_the_fictional_demo_units_go_unless_an_address_or_an_administrator_keeps_them(alembic_runner) -> None:  # type: ignore[no-untyped-def]
    """8e2c4a6f1b93: the old seed's "Tỉnh Sơn Hà" rows are removed; one a citizen's address uses stays
    with its parents, an edited one stays, a real unit with a 99-less code is never looked at."""
    alembic_runner.migrate_up_before("8e2c4a6f1b93")
    stamp = "2026-03-01 08:00:00"
    units = (
        # id, code, name, level, parent, successor, version
        (1, "99", "Tỉnh Sơn Hà", "PROVINCE", None, None, 1),
        (2, "991", "Huyện Bình Định", "DISTRICT", 1, None, 1),
        (3, "992", "Huyện Hòa Lạc", "DISTRICT", 1, None, 1),
        (4, "99100", "Xã Bình Định", "COMMUNE", 1, None, 1),
        (5, "99010", "Xã Bình Định", "COMMUNE", 2, 4, 1),  # old commune pointing to its successor
        (6, "99020", "Thị trấn Hòa Lạc", "COMMUNE", 3, None, 1),  # a citizen lives here
        (7, "99021", "Xã Hòa Phú", "COMMUNE", 3, None, 2),  # edited by an administrator
        (8, "99011", "Xã Bình An (đổi tên)", "COMMUNE", 2, 4, 1),  # renamed: not the seeded row any more
        (9, "06862", "Xã Tiên Yên", "COMMUNE", None, None, 1),
    )
    with db.engine.begin() as connection:
        for unit_id, code, name, level, parent, successor, version in units:
            connection.execute(
                sa.text(
                    "INSERT INTO administrative_unit (id, code, name, name_folded, level, parent_id, successor_id, "
                    "is_active, version, created_at, updated_at) VALUES (:id, :code, :name, '', :level, :parent, "
                    ":successor, TRUE, :version, :at, :at)"
                ),
                {"id": unit_id, "code": code, "name": name, "level": level, "parent": parent,
                 "successor": successor, "version": version, "at": stamp},
            )
        connection.execute(
            sa.text(
                "INSERT INTO agency (id, code, name, is_active, version, created_at, updated_at) "
                "VALUES (1, 'MIG1', 'Cơ quan 1', TRUE, 1, :at, :at)"
            ),
            {"at": stamp},
        )
        connection.execute(
            sa.text(
                "INSERT INTO citizen (id, full_name, full_name_folded, address_unit_id, agency_id, version, "
                "created_at, updated_at) VALUES (1, 'Lê Văn Mười', 'le van muoi', 6, 1, 1, :at, :at)"
            ),
            {"at": stamp},
        )
    alembic_runner.migrate_up_one()
    with db.engine.connect() as connection:
        left = dict(_rows(connection, "SELECT code, name FROM administrative_unit"))
    # 99020 (an address) keeps its district 992 and the province; 99021 (edited) and the renamed 99011
    # stay, and so does 991, the parent of 99011, and 99100, 99011's successor; 99010 goes.
    assert set(left) == {"99", "991", "992", "99100", "99020", "99021", "99011", "06862"}
    alembic_runner.migrate_down_one()
    alembic_runner.migrate_up_one()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM citizen"))
        connection.execute(sa.text("DELETE FROM administrative_unit WHERE code IN ('99021', '99011')"))
    alembic_runner.migrate_down_one()
    alembic_runner.migrate_up_one()
    with db.engine.connect() as connection:
        assert dict(_rows(connection, "SELECT code, name FROM administrative_unit")) == {"06862": "Xã Tiên Yên"}


def test_every_existing_record_gets_a_pending_national_entry(alembic_runner) -> None:  # type: ignore[no-untyped-def]
    """a9d4e2f7c1b8: each visit, letter and case already registered gets its entry, pending (nothing tells what
    the office entered before), with the record's day, office and officer copied; down and up again."""
    alembic_runner.migrate_up_before("a9d4e2f7c1b8")
    stamp = "2026-03-01 08:00:00"
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO agency (id, code, name, is_active, version, created_at, updated_at) "
                "VALUES (1, 'MIG1', 'Cơ quan 1', TRUE, 1, :at, :at)"
            ),
            {"at": stamp},
        )
        for user_id in (1, 2):
            connection.execute(
                sa.text(
                    "INSERT INTO user_account (id, username, full_name, role, agency_id, password_hash, created_at, "
                    "updated_at) VALUES (:id, :name, :name, 'HANDLER', 1, 'x', :at, :at)"
                ),
                {"id": user_id, "name": f"canbo{user_id}", "at": stamp},
            )
        connection.execute(
            sa.text(
                "INSERT INTO case_file (id, case_type, status, title, title_folded, opened_on, agency_in_charge_id, "
                "handler_id, version, created_at, updated_at) VALUES (7, 'COMPLAINT', 'OPEN', 'Có sẵn', 'co san', "
                "'2026-01-05', 1, 2, 1, :at, :at)"
            ),
            {"at": stamp},
        )
        connection.execute(
            sa.text(
                "INSERT INTO letter (id, register_agency_id, register_year, register_number, letter_type, status, "
                "received_on, summary, summary_folded, agency_in_charge_id, case_id, registered_by_id, "
                "assigned_officer_id, is_void, created_at, updated_at) VALUES (3, 1, 2026, 1, 'COMPLAINT', "
                "'RECEIVED', '2026-02-02', 'Đơn', 'don', 1, 7, 1, 2, FALSE, :at, :at)"
            ),
            {"at": stamp},
        )
    alembic_runner.migrate_up_one()
    with db.engine.connect() as connection:
        letters = _rows(connection, "SELECT id, agency_id, officer_id, registered_on, entry_status, entered_on FROM letter_national_entry")
        cases = _rows(connection, "SELECT id, agency_id, officer_id, registered_on, entry_status FROM case_national_entry")
    assert {(row[0], row[1], row[2], str(row[3])[:10], row[4], row[5]) for row in letters} == {
        (3, 1, 2, "2026-02-02", "PENDING", None)  # the assigned officer before the one who registered it
    }
    assert {(row[0], row[1], row[2], str(row[3])[:10], row[4]) for row in cases} == {(7, 1, 2, "2026-01-05", "PENDING")}
    alembic_runner.migrate_down_one()
    alembic_runner.migrate_up_one()


def test_every_ended_case_gets_its_closed_on(alembic_runner) -> None:  # type: ignore[no-untyped-def]
    """d391fdc77a96: a case that ended terminated, not accepted, lapsed or taken to court gets closed_on, the first
    day of its current run of endings (a lapse keeps the termination day; a case closed, reopened and closed again
    takes the last close); open cases and a closed_on already set stay as they are."""
    alembic_runner.migrate_up_before("d391fdc77a96")
    stamp = "2026-03-01 08:00:00"
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO agency (id, code, name, is_active, version, created_at, updated_at) "
                "VALUES (1, 'MIG1', 'Cơ quan 1', TRUE, 1, :at, :at)"
            ),
            {"at": stamp},
        )
        cases = {  # id: (status, closed_on, [(status, effective_on)])
            1: ("LAPSED", None, [("OPEN", "2026-01-05"), ("ACCEPTED", "2026-01-10"), ("TERMINATED", "2026-02-01"),
                                 ("LAPSED", "2026-03-05")]),
            2: ("CLOSED", None, [("OPEN", "2026-01-05"), ("CLOSED", "2026-01-20"), ("OPEN", "2026-02-02"),
                                 ("CLOSED", "2026-02-10")]),
            3: ("NOT_ACCEPTED", None, [("OPEN", "2026-01-05"), ("NOT_ACCEPTED", "2026-01-12")]),
            4: ("TO_COURT", None, [("OPEN", "2026-01-05"), ("ACCEPTED", "2026-01-06"), ("DECIDED", "2026-02-06"),
                                   ("TO_COURT", "2026-02-20")]),
            5: ("ACCEPTED", None, [("OPEN", "2026-01-05"), ("ACCEPTED", "2026-01-06")]),
            6: ("CLOSED", "2026-01-31", [("OPEN", "2026-01-05"), ("CLOSED", "2026-01-30")]),
        }
        for case_id, (status, closed_on, events) in cases.items():
            connection.execute(
                sa.text(
                    "INSERT INTO case_file (id, case_type, status, title, title_folded, opened_on, closed_on, "
                    "agency_in_charge_id, version, created_at, updated_at) VALUES (:id, 'COMPLAINT', :status, 'Có sẵn', "
                    "'co san', '2026-01-05', :closed, 1, 1, :at, :at)"
                ),
                {"id": case_id, "status": status, "closed": closed_on, "at": stamp},
            )
            for event_status, day in events:
                connection.execute(
                    sa.text(
                        "INSERT INTO case_file_status_event (case_file_id, status, effective_on, recorded_at) "
                        "VALUES (:id, :status, :day, :at)"
                    ),
                    {"id": case_id, "status": event_status, "day": day, "at": stamp},
                )
    alembic_runner.migrate_up_one()
    with db.engine.connect() as connection:
        rows = _rows(connection, "SELECT id, closed_on FROM case_file")
    assert {(row[0], str(row[1])[:10] if row[1] is not None else None) for row in rows} == {
        (1, "2026-02-01"), (2, "2026-02-10"), (3, "2026-01-12"), (4, "2026-02-20"), (5, None), (6, "2026-01-31"),
    }
    alembic_runner.migrate_down_one()
    alembic_runner.migrate_up_one()


def test_every_recorded_implementation_gets_its_ledger_entry(alembic_runner) -> None:  # type: ignore[no-untyped-def]
    """e4b8c2d6f0a1: a case whose outcome records an implementation gets one entry with the outcome's figures,
    dated its latest RECORD_IMPLEMENTATION event (else implemented_on); a decision with nothing done gets none."""
    alembic_runner.migrate_up_before("e4b8c2d6f0a1")
    stamp = "2026-03-01 08:00:00"
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO agency (id, code, name, is_active, version, created_at, updated_at) "
                "VALUES (1, 'MIG1', 'Cơ quan 1', TRUE, 1, :at, :at)"
            ),
            {"at": stamp},
        )
        # id: (returned_money_persons in thousand VND units, implemented_on, [record_implementation days])
        outcomes = {
            1: (1_500_000, "2026-02-20", ["2026-02-10", "2026-02-20"]),  # 1,500 million, done, two records
            2: (250_500, None, []),  # 250.5 million recorded without a dated event (imported): decision date
            3: (0, None, []),  # decided, nothing done yet: no entry
        }
        for case_id, (returned, implemented_on, days) in outcomes.items():
            connection.execute(
                sa.text(
                    "INSERT INTO case_file (id, case_type, status, title, title_folded, opened_on, "
                    "agency_in_charge_id, version, created_at, updated_at) VALUES (:id, 'COMPLAINT', 'DECIDED', "
                    "'Có sẵn', 'co san', '2026-01-05', 1, 1, :at, :at)"
                ),
                {"id": case_id, "at": stamp},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO case_outcome (case_file_id, decided_on, return_money_persons, returned_money_persons, "
                    "implemented_on, version, created_at, updated_at) VALUES (:id, '2026-02-01', 2000000, :done, "
                    ":on, 1, :at, :at)"
                ),
                {"id": case_id, "done": returned, "on": implemented_on, "at": stamp},
            )
            for day in days:
                connection.execute(
                    sa.text(
                        "INSERT INTO case_file_status_event (case_file_id, status, effective_on, recorded_at, "
                        "transition) VALUES (:id, 'IMPLEMENTING', :day, :at, 'record_implementation')"
                    ),
                    {"id": case_id, "day": day, "at": stamp},
                )
    alembic_runner.migrate_up_one()
    with db.engine.connect() as connection:
        rows = _rows(
            connection,
            "SELECT case_file_id, effective_on, returned_money_persons, fully_done FROM case_implementation_entry",
        )
    assert {(row[0], str(row[1])[:10], row[2], bool(row[3])) for row in rows} == {
        (1, "2026-02-20", 1_500_000, True), (2, "2026-02-01", 250_500, False),
    }
    alembic_runner.migrate_down_one()
    alembic_runner.migrate_up_one()


def test_every_handled_letter_gets_its_first_handling(alembic_runner) -> None:  # type: ignore[no-untyped-def]
    """a1f3c5e7b9d2: the earliest handling event's day and that day's route (guided before forwarded before urged)
    go on the letter's row, whatever order the events were recorded in; a letter not handled gets neither."""
    alembic_runner.migrate_up_before("a1f3c5e7b9d2")
    stamp = "2026-03-01 08:00:00"
    letters = {  # id: [(status, effective_on)] in the order recorded
        1: [("RECEIVED", "2026-01-05"), ("ASSIGNED", "2026-01-06"), ("FORWARDED", "2026-01-10"), ("URGED", "2026-01-20")],
        2: [("RECEIVED", "2026-01-05"), ("ACCEPTED", "2026-02-01"), ("GUIDED", "2026-02-01")],
        3: [("FORWARDED", "2026-03-05"), ("RETURNED", "2026-03-05")],  # returned with guidance: guided
        4: [("RECEIVED", "2026-01-05")],
        5: [("FILED", "2026-02-10"), ("GUIDED", "2026-02-01")],  # the guidance recorded late, dated earlier
        6: [("URGED", "2026-01-15"), ("REPLY_RECEIVED", "2026-01-30")],
    }
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO agency (id, code, name, is_active, version, created_at, updated_at) "
                "VALUES (1, 'MIG1', 'Cơ quan 1', TRUE, 1, :at, :at)"
            ),
            {"at": stamp},
        )
        for letter_id, events in letters.items():
            connection.execute(
                sa.text(
                    "INSERT INTO letter (id, register_agency_id, register_year, register_number, letter_type, status, "
                    "received_on, summary, summary_folded, agency_in_charge_id, is_void, created_at, updated_at) "
                    "VALUES (:id, 1, 2026, :id, 'PETITION', :status, '2026-01-05', 'Đơn', 'don', 1, FALSE, :at, :at)"
                ),
                {"id": letter_id, "status": events[-1][0], "at": stamp},
            )
            for status, day in events:
                connection.execute(
                    sa.text(
                        "INSERT INTO letter_status_event (letter_id, status, effective_on, recorded_at) "
                        "VALUES (:id, :status, :day, :at)"
                    ),
                    {"id": letter_id, "status": status, "day": day, "at": stamp},
                )
    alembic_runner.migrate_up_one()
    with db.engine.connect() as connection:
        rows = _rows(connection, "SELECT id, first_handled_on, first_handling_route FROM letter")
    assert {(row[0], str(row[1])[:10] if row[1] is not None else None, row[2]) for row in rows} == {
        (1, "2026-01-10", "FORWARDED"),  # the assignment is no handling; the later chase changes nothing
        (2, "2026-02-01", "GUIDED"),  # accepted and guided the same day: the route is guided
        (3, "2026-03-05", "GUIDED"),
        (4, None, None),
        (5, "2026-02-01", "GUIDED"),
        (6, "2026-01-15", "URGED"),
    }
    alembic_runner.migrate_down_one()
    alembic_runner.migrate_up_one()
