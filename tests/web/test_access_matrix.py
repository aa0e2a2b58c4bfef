"""The access matrix (issue 25; ASVS 5.0 V8.2.1, V8.3.1): every rule of the URL map, for every method and every
role (and no one signed in), answers the status written in tests/web/access_matrix.json.

Each request names records that do not exist (ids far beyond any row), so what it measures is the gate in front
of the record: 403 where the role may not use the route at all, 404 (or a form's 400, a redirect) where it may and
the record is then missing; an API route answers 401 to a browser session whatever the role (it takes tokens
only). A route added to the application and missing from the file fails the test until someone classifies it;
a changed answer fails it too. `UPDATE_ACCESS_MATRIX=1` rewrites the file from the application: review its diff
like code (a role gaining a route is a permission change).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from petitions.cli import seed_reference_data
from petitions.domain.types import Role
from tests.factories import log_in, make_agency, make_user

# The gates answer before any record is read, the same on both databases: asked once, in the slow group on PostgreSQL
# (about 2,000 requests; 40 s on each database in the fast groups).
pytestmark = pytest.mark.load

MATRIX_FILE = Path(__file__).with_name("access_matrix.json")
MISSING_ID = 2_000_000_000
ANONYMOUS = "anonymous"
# Routes that end the caller's own session are asked last (they would sign the client out for the rest).
LAST = {"auth.logout"}


def _value(converter: Any) -> str:
    name = type(converter).__name__
    if name in ("IntegerConverter", "NumberConverter"):
        return str(MISSING_ID)
    return "khong-co-ma-nay"


def _url(rule: Any) -> str:
    url = rule.rule
    for argument in rule.arguments:
        converter = rule._converters[argument]
        for pattern in (f"<{argument}>", *(f"<{kind}:{argument}>" for kind in ("int", "string", "path", "float"))):
            url = url.replace(pattern, _value(converter))
        if f":{argument}>" in url:  # a converter with arguments, e.g. <any(a,b):x>
            start = url.index("<", 0, url.index(f":{argument}>"))
            url = url[:start] + _value(converter) + url[url.index(f":{argument}>") + len(f":{argument}>"):]
    return url


def _requests(app: Flask) -> list[tuple[str, str, str]]:
    """(key, method, url) for every rule and method of the URL map (static files and HEAD/OPTIONS left out)."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((f"{method} {rule.endpoint} {rule.rule}", method, _url(rule)))
    return sorted(found, key=lambda item: (item[0].split(" ")[1] in LAST, item[0]))


def _observe(app: Flask) -> dict[str, dict[str, int]]:
    agency = make_agency(code="MATRAN", name="Cơ quan thử ma trận quyền")
    clients: dict[str, Any] = {ANONYMOUS: app.test_client()}
    for role in Role:
        client = app.test_client()
        assert log_in(client, make_user(role=role, agency=agency)).status_code == 302
        clients[role.value] = client
    observed: dict[str, dict[str, int]] = {}
    for key, method, url in _requests(app):
        observed[key] = {}
        for who, client in clients.items():
            response = client.open(url, method=method, data={} if method != "GET" else None)
            observed[key][who] = response.status_code
            response.close()
    return observed


def test_every_route_answers_each_role_as_the_matrix_says(app, session):
    seed_reference_data()
    observed = _observe(app)
    if os.environ.get("UPDATE_ACCESS_MATRIX") == "1":
        MATRIX_FILE.write_text(json.dumps(observed, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    expected = json.loads(MATRIX_FILE.read_text())
    unclassified = sorted(set(observed) - set(expected))
    assert not unclassified, f"routes not in {MATRIX_FILE.name} (classify them: UPDATE_ACCESS_MATRIX=1, review the diff): {unclassified}"
    gone = sorted(set(expected) - set(observed))
    assert not gone, f"routes in {MATRIX_FILE.name} that no longer exist: {gone}"
    changed = {key: (expected[key], observed[key]) for key in observed if observed[key] != expected[key]}
    assert not changed, json.dumps(changed, indent=1)
    # No route may fail with a server error for anyone, whatever the matrix says.
    errors = {key: answers for key, answers in observed.items() if any(status >= 500 for status in answers.values())}
    assert not errors, errors


@pytest.mark.parametrize("status", [403, 404])
def test_the_matrix_holds_both_answers(status):
    """A matrix where nobody is ever refused (or nothing is ever reached) would prove nothing."""
    expected = json.loads(MATRIX_FILE.read_text())
    assert any(status in answers.values() for answers in expected.values())
