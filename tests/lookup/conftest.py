"""The citizens' lookup: a visit with its letter and case, its receipt (code and PIN), and the lookup app on the
test database (sharing the rolled-back connection of the `session` fixture with the officers' app)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from petitions.citizens.services import CitizenInput
from petitions.cli import seed_reference_data
from petitions.domain.paperwork import ReceiptItem
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import IdType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.lookup.app import create_lookup_app
from petitions.paperwork import services as paperwork
from tests.conftest import TestDatabase
from tests.factories import make_agency, make_user, make_visit

LOOKUP_BASE_URL = "https://tracuu.quangninh.gov.vn/tra-cuu"
ITEMS = (ReceiptItem("Đơn khiếu nại đề ngày 10/8/2026", 3, "Nguyên vẹn", True),)
VISITED = date(2026, 8, 14)


def lookup_config(database: TestDatabase, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database.url,
        "SQLALCHEMY_ENGINE_OPTIONS": database.engine_options,
        "LOOKUP_BASE_URL": LOOKUP_BASE_URL,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def lookup_app(app: Flask, test_database: TestDatabase) -> Iterator[Flask]:
    """The public lookup app on the test database (built after the officers' app migrated it)."""
    application = create_lookup_app(lookup_config(test_database))
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def lookup_client(lookup_app: Flask, session: Any) -> FlaskClient:
    return lookup_app.test_client()


@dataclass
class Matter:
    """A receipt's visit (its letter and case behind it), the receipt's code and PIN."""

    visit: Any
    code: str
    pin: str
    # Plain values: a lookup request ends its session, which detaches the rows created before it.
    visit_id: int
    letter_id: int
    case_id: int


@dataclass
class Office:
    agency: Any
    officer: Any
    leader: Any
    # Plain values, as for Matter.
    agency_id: int
    names: tuple[str, ...]


@pytest.fixture
def office(session: Any) -> Iterator[Office]:
    seed_reference_data()
    agency = make_agency(name="Ban Tiếp công dân tỉnh Quảng Ninh", official_name="Ban Tiếp công dân tỉnh Quảng Ninh")
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency, full_name="CANARY-OFFICER Trần Thị Ngọc Ẩn")
    leader = make_user(role=Role.LEADER, agency=agency, full_name="CANARY-LEADER Phạm Văn Thành")
    with immediate_transactions():  # registering a letter takes the register number under the write lock
        yield Office(agency, officer, leader, agency.id,
                     (officer.full_name, leader.full_name, officer.username, leader.username))


def receive(office: Office, *, tag: str = "A", **overrides: Any) -> Matter:
    """A complaint handed in at a visit (its letter and case registered), with its receipt issued."""
    values: dict[str, Any] = dict(
        visited_on=VISITED,
        outcome=VisitOutcome.LETTER_RECEIVED,
        with_letter=True,
        guided_to="",
        summary=f"CANARY-SUMMARY-{tag} Khiếu nại việc bồi thường khi thu hồi đất",
        respondent=f"CANARY-RESPONDENT-{tag} Ông Nguyễn Văn Bảy",
        presiding_leader=f"CANARY-PRESIDING-{tag}",
        person=CitizenInput(full_name=f"CANARY-CITIZEN-{tag} Nguyễn Văn Hưởng", id_type=IdType.CCCD,
                            id_number="022085001234", address_text=f"CANARY-ADDRESS-{tag} thôn Đồng Mỏ"),
    )
    values.update(overrides)
    if values.get("classification") is VisitClass.DENUNCIATION:
        values.setdefault("complaint_subtype", None)
    visit = make_visit(agency=office.agency, officer=office.officer, **values)
    receipt, pin = paperwork.issue_receipt(visit, items=ITEMS, actor=office.officer)
    db.session.flush()
    return Matter(visit=visit, code=receipt.code, pin=pin, visit_id=visit.id, letter_id=visit.letter_id,
                  case_id=visit.case_id)
