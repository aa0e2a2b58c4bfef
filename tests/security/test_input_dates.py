"""Far and malformed dates answer 400 everywhere a person types one (issue 25 "Input"; OWASP ASVS 5.0 V2.2.1
input checked against its expected structure and range, V2.2.2 on the server; V16.5.3 failing securely, no 500).

Driven from the code, so that a new date input is caught:

- **Forms**: every field of every form class (Flask-WTF and WTForms, the walk of tests/web/test_form_id_sweep.py)
  that holds a date is the one date type (petitions.dates.DayField), and each one, with its own validators, refuses
  9999-12-31, 31/12/9999, 0001-01-01, 2026-02-30, 31/02/2026, 32/12/2026 and a script with a form error — which the views answer with 400
  (README "Developer conventions"; the POST routes' positive controls post them in tests/web/test_form_id_sweep.py).
- **Query strings**: every route of the URL map whose view reaches a reader of a typed date (date_arg,
  parse_month_arg, period_from_request, or a form bound to the query string that has a DayField) — found by walking
  the calls of petitions' functions — and every list export whose filters do, is asked with each of its date
  names set to a far and to a malformed date: 400. The same request with real dates is the control (not 400).

POST form fields with dates on real routes: tests/web/test_dates.py (letters, visits) and the walk of
tests/security/test_input_forms.py.
"""

from __future__ import annotations

import ast
import functools
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField, DateTimeField, StringField, TimeField

from petitions import clock
from petitions.cli import seed_reference_data
from petitions.dates import DayField
from petitions.domain.types import Role
from tests.factories import log_in, make_agency, make_user
from tests.web.test_form_id_sweep import _form_classes

PETITIONS = Path(__file__).resolve().parents[2] / "petitions"
BAD = ("9999-12-31", "31/12/9999", "0001-01-01", "2026-02-30", "31/02/2026", "32/12/2026", "<script>alert(1)</script>")
TODAY = date(2026, 8, 20)
READERS = {"date_arg", "parse_month_arg", "period_from_request"}
# The date names of the query strings: period_from_request's window and the month of the compliance page; the
# date_arg names and the DayFields of the forms bound to the query string are added from the code.
QUERY_DATES = {"from", "to", "month"}
# URL values of the date routes that take some.
URL_VALUES = {"form_slug": "01-tcd", "fmt": "pdf", "figure": "received"}
# Query values a page needs before it reads its form (the calculator reads it once a rule is asked).
NEEDS = {"deadlines.calculator": {"rule": "D10"}, "reports.records": {"column": "1"}, "routing.try_rules": {"letter_type": "petition"},
         "reports.dashboard_records": {"figure": "type.KN"}}


def _date_field(name: str, field_class: type) -> bool:
    if issubclass(field_class, DayField):
        return True
    if issubclass(field_class, TimeField):  # a time of day (an appointment's hour), no date in it
        return False
    return issubclass(field_class, (DateField, DateTimeField)) or (
        issubclass(field_class, StringField) and (name.endswith("_on") or name in ("date", "day") or name.startswith("date_"))
    )


def test_every_date_field_of_the_forms_is_the_one_date_type(app):
    found = 0
    for cls in _form_classes():
        for name in dir(cls):
            field_class = getattr(getattr(cls, name, None), "field_class", None)
            if field_class is not None and _date_field(name, field_class):
                assert issubclass(field_class, DayField), f"{cls.__module__}.{cls.__name__}.{name}: use DayField"
                found += 1
    assert found >= 20


def test_every_date_field_refuses_far_and_malformed_dates(app):
    refused: dict[str, int] = defaultdict(int)
    with app.test_request_context():
        for cls in _form_classes():
            for name in dir(cls):
                unbound = getattr(cls, name, None)
                if not issubclass(getattr(unbound, "field_class", type), DayField):
                    continue
                one = type("One", (FlaskForm,), {name: unbound})  # the field with its own validators
                for bad in BAD:
                    form = one(formdata=MultiDict({name: bad}), meta={"csrf": False})
                    assert not form.validate() and form[name].errors, (cls.__name__, name, bad)
                    refused[f"{cls.__name__}.{name}"] += 1
    assert len(refused) >= 20


# ------------------------------------------------------------------------------------------------- query strings


def _functions() -> dict[str, list[tuple[str, ast.AST]]]:
    """Every function of petitions by bare name: [(module path, node)]."""
    out: dict[str, list[tuple[str, ast.AST]]] = defaultdict(list)
    for path in PETITIONS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                out[node.name].append((str(path.relative_to(PETITIONS)), node))
    return out


def _names(node: Any) -> set[str]:
    """The names a function's body calls (decorators left out): f(), module.f(), obj.f()."""
    used = set()
    for statement in node.body:
        for sub in ast.walk(statement):
            if isinstance(sub, ast.Call):
                if isinstance(sub.func, ast.Name):
                    used.add(sub.func.id)
                elif isinstance(sub.func, ast.Attribute):
                    used.add(sub.func.attr)
    return used


def _query_forms() -> dict[str, set[str]]:
    """Form classes bound to the query string (XForm(request.args ...)) → their DayFields' names."""
    by_name = {cls.__name__: cls for cls in _form_classes()}
    out: dict[str, set[str]] = {}
    for path in PETITIONS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and "request.args" in ast.unparse(node):
                called = ast.unparse(node.func).rsplit(".", 1)[-1]
                if called in by_name:
                    cls = by_name[called]
                    out[called] = {n for n in dir(cls) if issubclass(getattr(getattr(cls, n, None), "field_class", type), DayField)}
    return {name: fields for name, fields in out.items() if fields}


@functools.cache
def _date_readers() -> tuple[set[tuple[str, str]], set[str]]:
    """Petitions' functions, as (module path, name), that reach a date reader (their calls walked to a fixpoint,
    by name), and the query names the readers take."""
    functions = _functions()
    forms = _query_forms()
    names = set(QUERY_DATES) | {n for fields in forms.values() for n in fields}
    for entries in functions.values():
        for _path, node in entries:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and ast.unparse(sub.func) == "date_arg" and sub.args:
                    names.add(ast.literal_eval(sub.args[0]))
    reaching_names = set(READERS) | set(forms)
    reaching: set[tuple[str, str]] = set()
    changed = True
    while changed:
        changed = False
        for name, entries in functions.items():
            for path, node in entries:
                if (path, name) not in reaching and _names(node) & reaching_names:
                    reaching.add((path, name))
                    if not _is_view(node):  # a view is called by Flask only ("items", "show": names of methods too)
                        reaching_names.add(name)
                    changed = True
    return reaching, names


def _is_view(node: Any) -> bool:
    return any("route(" in ast.unparse(d) for d in node.decorator_list)


def _where(function: Any) -> tuple[str, str]:
    return function.__module__.removeprefix("petitions.").replace(".", "/") + ".py", function.__name__


@pytest.fixture
def clients(app, session, monkeypatch):
    seed_reference_data()
    monkeypatch.setattr(clock, "local_today", lambda: TODAY)
    agency = make_agency(code="DTA", name="Ban Tiếp công dân")
    out = {}
    for role in (Role.LEADER, Role.ADMIN, Role.RECEPTION_OFFICER, Role.HANDLER):
        user = make_user(role=role, agency=None if role is Role.ADMIN else agency)
        client = app.test_client()
        assert log_in(client, user).status_code == 302
        out[role] = client
    return out


def _query(names: set[str], value: str) -> dict[str, str]:
    """Every date name set to `value`; the month (YYYY-MM) to the month of `value`: 2026-08, 9999-12, 2026-02-30
    (which is no month)."""
    return dict.fromkeys(names, value) | {"month": value[:7] if value == GOOD or value.startswith("9999") else value}


GOOD = "2026-08-01"


@pytest.mark.load  # every report and list page rendered twice over: run once, on PostgreSQL
def test_every_date_in_a_query_string_answers_400(app, clients):
    reaching, names = _date_readers()
    routes = sorted(
        {rule.endpoint: rule for rule in app.url_map.iter_rules()
         if "GET" in (rule.methods or ()) and not rule.endpoint.startswith("api.")
         and _where(app.view_functions[rule.endpoint]) in reaching}.values(),
        key=lambda r: r.endpoint,
    )
    assert {"letters.index", "reception.index", "reception.compliance", "performance.index", "reports.show",
            "paperwork.book", "letter_register.index", "deadlines.calculator"} <= {r.endpoint for r in routes}
    checked = []
    for rule in routes:
        missing = [a for a in rule.arguments if a not in URL_VALUES]
        assert missing == [], f"{rule.endpoint}: give URL_VALUES for {missing}"
        with app.test_request_context():
            from flask import url_for

            path = url_for(rule.endpoint, **{a: URL_VALUES[a] for a in rule.arguments})
        extra = NEEDS.get(rule.endpoint, {})
        good = _query(names, GOOD) | {"to": "2026-08-14"} | extra
        client = next((c for c in clients.values() if c.get(path, query_string=good).status_code == 200), None)
        assert client is not None, f"{rule.endpoint}: no role opens it with real dates"
        for bad in ("9999-12-31", "2026-02-30"):
            answer = client.get(path, query_string={**extra, **_query(names, bad)})
            assert answer.status_code == 400, (rule.endpoint, bad, answer.status_code)
        checked.append(rule.endpoint)
    print(f"\n{len(checked)} GET routes read a date from the query string; each answers 400 to a far and a malformed one")


@pytest.mark.load  # reads the package's call graph and posts every dated export: once, on PostgreSQL
def test_every_list_export_with_dates_answers_400(app, clients):
    from petitions.exports.services import _EXPORTS

    reaching, names = _date_readers()
    dated = sorted(name for name, export in _EXPORTS.items() if _where(export.read_filters) in reaching)
    assert {"visits", "letters"} <= set(dated)
    for name in dated:
        export = _EXPORTS[name]
        client = next((clients[r] for r in (Role.LEADER, Role.RECEPTION_OFFICER, Role.HANDLER, Role.ADMIN) if r in export.roles), None)
        assert client is not None
        assert client.post(f"/exports/{name}.csv", query_string=_query(names, GOOD) | {"to": "2026-08-14"}).status_code == 200
        for bad in ("9999-12-31", "2026-02-30"):
            assert client.post(f"/exports/{name}.csv", query_string=_query(names, bad)).status_code == 400, (name, bad)

