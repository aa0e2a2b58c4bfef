"""Every route refuses anonymous requests unless it is listed in PUBLIC_ENDPOINTS."""

from __future__ import annotations

from werkzeug.routing import Rule

from petitions.web import PUBLIC_ENDPOINTS

# Converter class name → a value it accepts.
SYNTHETIC_VALUES = {
    "IntegerConverter": 1,
    "FloatConverter": 1.5,
    "PathConverter": "x/y",
    "UnicodeConverter": "x",
    "UUIDConverter": "00000000-0000-0000-0000-000000000000",
}


def synthetic_url(app, rule: Rule) -> str:  # type: ignore[no-untyped-def]
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]  # noqa: SLF001 - the converter's type picks the value
        values[name] = SYNTHETIC_VALUES.get(type(converter).__name__, "x")
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def test_every_non_public_route_refuses_anonymous_requests(app, session):
    client = app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        url = synthetic_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers={"Accept": "text/html"})
            refused = response.status_code == 401 or (
                response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
            )
            assert refused, f"{method} {url} ({rule.endpoint}) answered {response.status_code} to an anonymous client"
            checked += 1
    assert checked >= 10  # the walk really visited the application's routes


def test_public_endpoints_list_names_real_endpoints(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert PUBLIC_ENDPOINTS <= endpoints


def test_the_icon_is_served_to_anyone_and_named_on_every_page(app, session):
    # Browsers fetch /favicon.ico unasked (a 404 on every page before); the pages name the vendored SVG.
    client = app.test_client()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    with client.get(response.headers["Location"]) as icon:  # a file response: closed, or a ResourceWarning
        assert icon.status_code == 200
        assert icon.mimetype == "image/svg+xml"
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'rel="icon"' in page
    assert "Petitions</title>" not in page
