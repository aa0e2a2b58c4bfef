"""Every list page sends the same number of SQL statements whether it shows 3 rows or 30 (no N+1).

Each list is rendered with a few rows and again with many; the statement count (the count_statements
fixture in conftest) must not grow with the rows shown. The related records of each row (citizens,
officers, agencies, requesters) are distinct, so a per-row lazy load would show up as extra statements.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from petitions.auth import clearance
from petitions.auth.models import User
from petitions.auth.services import record_event
from petitions.cases.services import record_case_status
from petitions.clock import local_today
from petitions.deadlines.services import seed_calendar, start_clock
from petitions.directory import services as directory
from petitions.domain.reception import SessionKind, VisitClass, VisitOutcome
from petitions.domain.records import CaseStatus, IdType, UnitLevel
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters import handling
from petitions.reception import services as reception
from tests.factories import make_case, make_citizen, make_document, make_letter, make_user, signed_in_client

_numbers = itertools.count(1)
DAY = date(2026, 8, 3)


def _letters(user: User, n: int) -> None:
    for _ in range(n):
        make_letter(agency=user.agency)


def _cases(user: User, n: int) -> None:
    """Accepted cases with their resolution clock (the list shows each one's deadline)."""
    seed_calendar()
    for _ in range(n):
        case = make_case(agency_in_charge_id=user.agency_id, opened_on=DAY)
        record_case_status(case, CaseStatus.ACCEPTED, effective_on=DAY)
        start_clock(case, rule_id="D15", trigger_on=DAY, reason="Thụ lý")


def _filed_letters(user: User, n: int) -> None:
    """Letters filed 400 days ago: past their retention (D11), listed on the leader's destruction page."""
    for _ in range(n):
        letter = make_letter(agency=user.agency)
        handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=user,
                             effective_on=local_today() - timedelta(days=400))


def _visits(user: User, n: int) -> None:
    for _ in range(n):
        number = next(_numbers)
        officer = make_user(role=Role.RECEPTION_OFFICER, agency=user.agency)
        with immediate_transactions():  # the reception book number takes the counter's row lock
            reception.register_visit(
                reception.VisitInput(
                    agency_id=user.agency_id,
                    visited_on=DAY,
                    classification=VisitClass.COMPLAINT,
                    summary=f"Khiếu nại việc bồi thường số {number}",
                    outcome=VisitOutcome.GUIDED,
                    guided_to="Ủy ban nhân dân xã Tiên Yên",
                    officer_id=officer.id,
                    statement="Gia đình tôi chưa được bồi thường.",
                    person=reception.CitizenInput(
                        full_name=f"Nguyễn Văn Hưởng {number}",
                        id_type=IdType.CCCD,
                        id_number=f"0220850{number:05d}",
                        address_text="thôn Đồng Mỏ",
                    ),
                ),
                actor=officer,
            )


def _citizens(user: User, n: int) -> None:
    for _ in range(n):
        make_citizen(agency_id=user.agency_id)


def _sessions(user: User, n: int) -> None:
    for _ in range(n):
        reception.create_session(
            agency_id=user.agency_id,
            data=reception.SessionInput(
                kind=SessionKind.PERIODIC, held_on=DAY + timedelta(days=next(_numbers) % 200), leader_name="Đặng Thị Ánh"
            ),
            actor=user,
        )


def _documents(user: User, n: int) -> None:
    for _ in range(n):
        make_document(issuing_agency=user.agency)


def _items(_user: User, n: int) -> None:
    for _ in range(n):
        number = next(_numbers)
        directory.save_reference_item(
            None, list_code="refusal_ground", code=f"T{number}", label=f"Căn cứ thử {number}", parent_id=None,
            valid_from=None, valid_to=None, sort_order=number, legal_basis=None,
        )


def _units(_user: User, n: int) -> None:
    for _ in range(n):
        number = next(_numbers)
        directory.save_unit(
            None, code=f"9{number:04d}", name=f"Tỉnh thử {number}", level=UnitLevel.PROVINCE, parent_id=None,
            valid_from=None, valid_to=None,
        )


def _agencies(_user: User, n: int) -> None:
    for _ in range(n):
        number = next(_numbers)
        directory.save_agency(
            None, code=f"LT{number}", name=f"Cơ quan liệt kê {number}", short_name=None, parent_id=None,
            valid_from=None, valid_to=None,
        )


def _users(_user: User, n: int) -> None:
    for _ in range(n):
        make_user(role=Role.HANDLER)  # each with its own agency (shown in the list)


def _events(_user: User, n: int) -> None:
    for _ in range(n):
        record_event("list_test", user=make_user(), detail=f"n={next(_numbers)}")


def _clearances(user: User, n: int) -> None:
    for _ in range(n):
        asking = make_user(role=Role.LEADER, agency=user.agency)
        grant = clearance.request_clearance(
            user=make_user(role=Role.HANDLER, agency=user.agency), requested_by=asking, reason="Xác minh", days=30
        )
        clearance.approve_clearance(grant=grant, approver=make_user(role=Role.LEADER, agency=user.agency))


LIST_PAGES: dict[str, tuple[Role, str, Callable[[User, int], None]]] = {
    "letters": (Role.LEADER, "/letters/", _letters),
    "cases": (Role.LEADER, "/cases/", _cases),
    "cases by deadline": (Role.LEADER, "/cases/?sort=due_asc", _cases),
    "destroyable letters": (Role.LEADER, "/letters/destroy", _filed_letters),
    "visits": (Role.RECEPTION_OFFICER, "/reception/", _visits),
    "citizens": (Role.RECEPTION_OFFICER, "/reception/citizens", _citizens),
    "sessions": (Role.RECEPTION_OFFICER, "/reception/sessions", _sessions),
    "documents": (Role.LEADER, "/documents/", _documents),
    "reference items": (Role.ADMIN, "/directory/lists/refusal_ground?status=all", _items),
    "units": (Role.ADMIN, "/directory/units", _units),
    "agencies": (Role.ADMIN, "/directory/agencies", _agencies),
    "users": (Role.ADMIN, "/auth/users", _users),
    "security events": (Role.ADMIN, "/auth/security-events?kind=list_test", _events),
    "clearances": (Role.LEADER, "/auth/clearances", _clearances),
}


def _render(client: Any, url: str, count_statements: Any) -> tuple[int, list[str], int]:
    """(statements, their text, table rows shown) for one GET, after a warm-up GET (caches filled) and
    with the test's rows out of the session, so each request loads what it shows."""
    db.session.commit()
    db.session.remove()
    assert client.get(url).status_code == 200
    with count_statements() as counted:
        response = client.get(url)
    assert response.status_code == 200
    return counted.total, counted.statements, response.get_data(as_text=True).count("<tr")


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_page_statement_count_does_not_grow_with_rows(app, count_statements, name):
    role, url, add_rows = LIST_PAGES[name]
    client, user = signed_in_client(app, role=role)
    user_id = user.id
    add_rows(user, 3)
    few, _, rows_few = _render(client, url, count_statements)
    user = db.session.get(User, user_id)
    add_rows(user, 27)
    many, statements, rows_many = _render(client, url, count_statements)
    assert rows_many >= rows_few + 20, "the second rendering must show many more rows"
    assert many == few, f"{name}: {few} statements for 3 rows, {many} for 30:\n" + "\n".join(statements)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_page_with_a_tampered_cursor_shows_the_first_page(app, session, name):
    role, url, add_rows = LIST_PAGES[name]
    client, user = signed_in_client(app, role=role)
    add_rows(user, 3)
    db.session.commit()
    first = client.get(url)
    joiner = "&" if "?" in url else "?"
    for cursor in ("garbage", "WyJsZXR0ZXJzIiwgMV0.forged", "%%%"):
        tampered = client.get(f"{url}{joiner}after={cursor}")
        assert tampered.status_code == 200
        assert tampered.get_data(as_text=True).count("<tr") == first.get_data(as_text=True).count("<tr")
