"""Plain factory functions with defaults; each flushes and returns the row."""

from __future__ import annotations

import itertools
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from petitions.auth import services as auth_services
from petitions.auth.models import User
from petitions.directory.models import Agency
from petitions.domain.types import Role
from petitions.extensions import db

_sequence = itertools.count(1)
DEFAULT_PASSWORD = "correct horse battery staple"


def make_agency(**overrides: Any) -> Agency:
    number = next(_sequence)
    values: dict[str, Any] = {"code": f"AG{number}", "name": f"Cơ quan thử {number}", "place_name": "Quảng Ninh"}
    values.update(overrides)
    values.setdefault("abbreviation", values["code"])  # what the number's symbol prints
    agency = Agency(**values)
    db.session.add(agency)
    db.session.flush()
    return agency


def make_user(*, role: Role = Role.RECEPTION_OFFICER, password: str = DEFAULT_PASSWORD, **overrides: Any) -> User:
    number = next(_sequence)
    agency = overrides.pop("agency", None)
    if agency is None and "agency_id" not in overrides:
        agency = make_agency()
    user, _ = auth_services.create_user(
        username=overrides.pop("username", f"user{number}"),
        full_name=overrides.pop("full_name", f"Nguyễn Văn Thử {number}"),
        role=role,
        agency_id=overrides.pop("agency_id", agency.id if agency else None),
        password=password,
        actor=None,
        must_change_password=overrides.pop("must_change_password", False),
    )
    for key, value in overrides.items():
        setattr(user, key, value)
    db.session.flush()
    return user


def log_in(client: FlaskClient, user: User, password: str = DEFAULT_PASSWORD) -> Any:
    """Sign in through the real login form (CSRF off in the default test config)."""
    return client.post("/auth/login", data={"username": user.username, "password": password})


def count_rows(model: type, *conditions: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions)) or 0


def signed_in_client(app: Flask, role: Role = Role.RECEPTION_OFFICER, **overrides: Any) -> tuple[FlaskClient, User]:
    user = make_user(role=role, **overrides)
    client = app.test_client()
    response = log_in(client, user)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client, user


# Core records (issue 4) ------------------------------------------------------------------


def make_citizen(**overrides: Any) -> Any:
    from petitions.citizens.services import create_citizen

    number = next(_sequence)
    if "agency_id" not in overrides:
        overrides["agency_id"] = (overrides.pop("agency", None) or make_agency()).id
    values: dict[str, Any] = {"full_name": f"Trần Thị Dân {number}", "phone": "0912345678"}
    values.update(overrides)
    return create_citizen(**values)


def make_visit(*, agency: Agency, officer: User, **overrides: Any) -> Any:
    """A guided complaint visit registered through the real service (book number, clocks, history).
    The caller holds the write lock on SQLite (`immediate_transactions()`), as the intake does."""
    from datetime import date

    from petitions.domain.reception import VisitClass, VisitOutcome
    from petitions.domain.records import ComplaintSubtype
    from petitions.reception import services as reception

    values: dict[str, Any] = dict(
        agency_id=agency.id,
        visited_on=date(2026, 8, 14),
        classification=VisitClass.COMPLAINT,
        complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
        summary="Khiếu nại việc bồi thường khi thu hồi đất",
        outcome=VisitOutcome.GUIDED,
        guided_to="Ủy ban nhân dân xã Bình Định",
        officer_id=officer.id,
    )
    values.update(overrides)
    if values["classification"] is not VisitClass.COMPLAINT and "complaint_subtype" not in overrides:
        values["complaint_subtype"] = None  # only a complaint has a subtype
    return reception.register_visit(reception.VisitInput(**values), actor=officer)


def make_letter(**overrides: Any) -> Any:
    """A letter registered through the real service (numbered from the office's counter, clocks started).

    Overrides are LetterInput fields, plus `agency` (instead of `agency_id`) and `actor`. A complaint
    gets an administrative subtype unless one is given; the confirmed calendar is loaded if missing,
    since registration starts the letter's clocks on it.
    """
    from datetime import date

    from petitions.deadlines.services import seed_calendar
    from petitions.domain.classification import LetterChannel
    from petitions.domain.records import ComplaintSubtype, LetterType
    from petitions.extensions import immediate_transactions
    from petitions.letters.services import LetterInput, register_letter

    number = next(_sequence)
    actor = overrides.pop("actor", None)
    if "agency_id" not in overrides:
        overrides["agency_id"] = (overrides.pop("agency", None) or make_agency()).id
    letter_type = overrides.get("letter_type", LetterType.COMPLAINT)
    values: dict[str, Any] = {
        "received_on": date(2026, 3, 2),
        "channel": LetterChannel.POST,
        "letter_type": letter_type,
        "complaint_subtype": ComplaintSubtype.ADMINISTRATIVE if letter_type == LetterType.COMPLAINT else None,
        "summary": f"Khiếu nại việc bồi thường đất số {number}",
    }
    values.update(overrides)
    seed_calendar()
    # The fixture's transaction is already open: the flag only lets the counter take its row lock here.
    with immediate_transactions():
        return register_letter(LetterInput(**values), actor=actor)


def make_case(**overrides: Any) -> Any:
    from datetime import date

    from petitions.cases.services import create_case
    from petitions.domain.records import CaseType

    number = next(_sequence)
    if "agency_in_charge_id" not in overrides:
        overrides["agency_in_charge_id"] = (overrides.pop("agency", None) or make_agency()).id
    values: dict[str, Any] = {
        "case_type": CaseType.COMPLAINT,
        "title": f"Vụ việc khiếu nại số {number}",
        "opened_on": date(2026, 3, 2),
    }
    values.update(overrides)
    return create_case(**values)


def make_cleared_user(*, role: Role = Role.HANDLER, **overrides: Any) -> User:
    """A user with an approved identity clearance (asked by one leader, approved by another, both of the
    user's agency: clearance stays inside one agency tree)."""
    from petitions.auth import clearance

    user = make_user(role=role, **overrides)
    asking = make_user(role=Role.LEADER, agency_id=user.agency_id)
    approving = make_user(role=Role.LEADER, agency_id=user.agency_id)
    grant = clearance.request_clearance(user=user, requested_by=asking, reason="Xác minh tố cáo", days=30)
    clearance.approve_clearance(grant=grant, approver=approving)
    db.session.flush()
    return user


# Documents (issue 5) ---------------------------------------------------------------------


def make_document(**overrides: Any) -> Any:
    """A THÔNG BÁO draft with every field filled (ready to issue)."""
    from petitions.documents.services import create_draft
    from petitions.printing import Authority, Signer

    if "issuing_agency" not in overrides:
        overrides["issuing_agency"] = make_agency()
    values: dict[str, Any] = {
        "doc_type": "THONG_BAO",
        "place": "Sơn Hà",
        "signer": Signer(
            position="Phó Trưởng ban", name="Đặng Thị Ánh", authority=Authority.DEPUTY, principal="Trưởng ban"
        ),
        "fields": {"subject": "Về việc chuyển đơn của ông Nguyễn Văn Hưởng"},
        "body": ["Ban Tiếp công dân tỉnh thông báo để ông Nguyễn Văn Hưởng được biết./."],
        "recipients": ["Ông Nguyễn Văn Hưởng, thôn Đồng Mỏ, xã Bình Định"],
        "copies_to": ["Như trên", "Trưởng ban (để báo cáo)"],
        "archive_unit": "XLĐ",
    }
    values.update(overrides)
    return create_draft(**values)
