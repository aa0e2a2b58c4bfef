"""Fifty reception officers submit the intake form at the same moment: book numbers 1–50, no error.

The app runs in a real threaded HTTP server on a database where commits are real (committed_app),
so every request has its own thread, session and connection, as in production. PostgreSQL runs the
requests truly in parallel and serialises them on the reception book's counter row
(SELECT … FOR UPDATE); SQLite serialises the writing requests with BEGIN IMMEDIATE. With the old
max()+1 numbering, parallel intakes on PostgreSQL read the same maximum and all but one failed on
uq_visit_book_number with a 500.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.serving import make_server

from petitions.cli import seed_reference_data
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.numbering import NumberKind, last_number
from petitions.reception.models import Visit
from tests.factories import DEFAULT_PASSWORD, make_agency, make_user

PARALLEL = 50
VISITED_ON = "2026-08-14"

pytestmark = pytest.mark.load


@pytest.fixture
def served(committed_app: Flask) -> Iterator[tuple[str, int]]:
    server = make_server("127.0.0.1", 0, committed_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _post(address: tuple[str, int], path: str, form: dict[str, str], cookie: str = "") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(*address, timeout=120)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    connection.request("POST", path, body=urlencode(form), headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _sign_in(address: tuple[str, int], username: str, cookie_name: str) -> str:
    response = _post(address, "/auth/login", {"username": username, "password": DEFAULT_PASSWORD})
    assert response.status == 302, response.status
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    return f"{cookie_name}={cookies[cookie_name].value}"


def _intake(number: int) -> dict[str, str]:
    """A valid intake form (as tests/web/test_reception.py posts it), one distinct citizen per officer."""
    return {
        "visited_on": VISITED_ON,
        "mode": "in_person",
        "person-full_name": f"Nguyễn Văn Thứ {number}",
        "person-id_type": "cccd",
        "person-id_number": f"0012030{number:05d}",
        "person-birth_year": "1960",
        "headcount": "1",
        "classification": "complaint",
        "complaint_subtype": "administrative",
        "summary": f"Khiếu nại việc bồi thường khi thu hồi đất, lượt {number}",
        "outcome": "guided",
        "guided_to": "Ủy ban nhân dân xã Bình Định",
        "case_choice": "new",
    }


def test_fifty_parallel_intakes_get_book_numbers_one_to_fifty(committed_app: Flask, served) -> None:  # type: ignore[no-untyped-def]
    with committed_app.app_context():
        seed_reference_data()
        agency = make_agency(code="TIEP50")
        usernames = [
            make_user(role=Role.RECEPTION_OFFICER, agency=agency, username=f"tiep{n:02d}").username
            for n in range(PARALLEL)
        ]
        db.session.commit()
        agency_id = agency.id
        db.session.remove()

    cookie_name = committed_app.config["SESSION_COOKIE_NAME"]
    cookies = [_sign_in(served, username, cookie_name) for username in usernames]

    barrier = threading.Barrier(PARALLEL)
    answers: list[tuple[int, str]] = []
    failures: list[BaseException] = []

    def officer(number: int) -> None:
        try:
            barrier.wait(timeout=60)
            response = _post(served, "/reception/visits/new", _intake(number), cookies[number])
            answers.append((response.status, response.headers.get("Location", "")))
        except BaseException as failure:  # noqa: BLE001 - reported by the test
            failures.append(failure)

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert failures == []
    statuses = sorted(status for status, _ in answers)
    assert statuses == [302] * PARALLEL, statuses
    # Each answer sends the officer to the visit just recorded (not to a sign-in step).
    assert all(location.startswith("/reception/visits/") for _, location in answers), answers

    with committed_app.app_context():
        numbers = db.session.scalars(
            sa.select(Visit.book_number)
            .where(Visit.agency_id == agency_id, Visit.book_year == 2026)
            .order_by(Visit.book_number)
        ).all()
        assert numbers == list(range(1, PARALLEL + 1))
        assert last_number(NumberKind.RECEPTION_BOOK, agency_id, 2026) == PARALLEL
        db.session.remove()
