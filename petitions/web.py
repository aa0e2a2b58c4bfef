"""Cross-cutting request handling: the sign-in gate, security headers, request ids and logging."""

from __future__ import annotations

import logging
import re
import secrets
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, abort, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, get_timezone
from flask_babel import refresh as babel_refresh
from flask_login import current_user

from petitions import i18n
from petitions.api.problems import is_api_request
from petitions.auth import services as auth_services
from petitions.auth.forms import ROLE_LABELS
from petitions.auth.models import User
from petitions.auth.sessions import persist_session_stamp
from petitions.citizens.queries import citizen_address
from petitions.dates import day_input
from petitions.domain.numbers import format_decimal
from petitions.domain.text import public_basis
from petitions.extensions import sqlite_immediate
from petitions.navigation import menu_for, menu_tree_for
from petitions.paging import page_url
from petitions.security_headers import set_security_headers

# Endpoints an anonymous visitor may reach. Everything else needs a signed-in, fully
# verified session; tests/web/test_public_endpoints.py walks the URL map against this list.
PUBLIC_ENDPOINTS: frozenset[str] = frozenset(
    {"static", "auth.login", "main.healthz", "main.set_language", "main.favicon", "api.spec", "api.docs"}
)

# Endpoints a signed-in user may reach before finishing sign-in (second factor, forced
# password change). The gate sends them nowhere else.
SIGN_IN_STEP_ENDPOINTS: frozenset[str] = frozenset(
    {"auth.logout", "auth.change_password", "auth.mfa_verify", "auth.mfa_enroll", "main.set_language"}
)

# Vendored files for the tests alone (axe-core, the accessibility tests' engine, injected into the pages they check):
# /static serves them only when TESTING; elsewhere they answer 404 as a missing file.
TEST_ONLY_STATIC: tuple[str, ...] = ("vendor/axe-core-",)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_log = logging.getLogger("petitions.request")

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def pending_sign_in_step(user: User) -> str | None:
    """The endpoint a signed-in user must visit before anything else, or None when done."""
    return auth_services.pending_step(user)


def register(app: Flask) -> None:
    app.jinja_env.globals["page_url"] = page_url  # the pager macro's links (petitions/paging.py)
    app.jinja_env.globals["day_input"] = day_input  # a list's date filter box (petitions/dates.py)
    app.jinja_env.globals["citizen_address"] = citizen_address  # hamlet, commune, district, province
    i18n.install_template_gettext(app)

    @app.context_processor
    def layout_context() -> dict[str, object]:
        role = current_user.role if current_user.is_authenticated else None
        signed_in = role is not None and pending_sign_in_step(current_user) is None
        return {
            "current_locale": lambda: str(get_locale() or "vi"),
            "menu": menu_for(role) if signed_in else [],
            "menu_tree": menu_tree_for(role) if signed_in else [],
            "role_label": lambda r: ROLE_LABELS.get(r, r),
            "idle_seconds": int(app.config["SESSION_IDLE_TIMEOUT"].total_seconds()),
            "idle_warning_seconds": int(app.config["SESSION_IDLE_WARNING"].total_seconds()),
        }

    @app.template_filter("local_datetime")
    def local_datetime(moment: datetime | None) -> str:
        """A stored UTC moment (naive: UTC, as SQLite returns it) in the user's time zone (Vietnam time), dd/mm/yyyy
        HH:MM. Only digits, so no locale's pattern: strftime gives Babel's "dd/MM/yyyy HH:mm" at a fifth of its cost
        (about 20 against 90–120 µs a moment, a list page shows 50: the submitted reports' list)."""
        if moment is None:
            return ""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(get_timezone()).strftime("%d/%m/%Y %H:%M")

    @app.template_global()
    def field_aria(field: Any, help_id: str | None = None, group_error_id: str | None = None) -> dict[str, str]:
        """The attributes that tie a form field to its errors (ids ``<field id>-error-N``, as the forms macro
        ``errors`` writes them) and its help text: aria-describedby, and aria-invalid when it has errors.
        `group_error_id`: an error about a group of fields shown once beside the group (the intake's
        representatives, ReceptionError.field == "representatives"), which marks this field too."""
        ids = [group_error_id] if group_error_id else []
        ids += [f"{field.id}-error-{n}" for n in range(1, len(field.errors or ()) + 1)]
        if help_id:
            ids.append(help_id)
        attributes = {"aria-describedby": " ".join(ids)} if ids else {}
        if field.errors or group_error_id:
            attributes["aria-invalid"] = "true"
        return attributes

    @app.template_filter("number")
    def number(value: object) -> object:
        """A count or figure in the reader's language: 1.234 in Vietnamese (petitions.domain.numbers), 1,234 in
        English; anything else (a dash, a text already written) as it is."""
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return value
        if str(get_locale() or "vi") == "en":
            return f"{value:,}"
        return format_decimal(Decimal(str(value)))

    @app.template_filter("basis")
    def basis(text: str | None) -> str:
        """A legal basis without the rule data's "(tbc)" markers (petitions.domain.text.public_basis)."""
        return public_basis(text)

    @app.template_filter("vn_date")
    def vn_date(day: date | None) -> str:
        return day.strftime("%d/%m/%Y") if day else ""

    @app.before_request
    def start_request() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(8)
        g.request_started = time.perf_counter()
        # The signed-in user and the locale are decided afresh for every request, even when
        # a test client reuses an application context (and with it `g`).
        g.pop("_login_user", None)
        babel_refresh()
        i18n.forget_request_translations()
        # A write request takes SQLite's write lock when its transaction begins.
        g.sqlite_token = sqlite_immediate.set(request.method in UNSAFE_METHODS)

    @app.before_request
    def test_only_assets() -> None:
        if request.endpoint == "static" and not app.config.get("TESTING"):
            filename = str((request.view_args or {}).get("filename", ""))
            if filename.startswith(TEST_ONLY_STATIC):
                abort(404)

    @app.before_request
    def sign_in_gate() -> ResponseReturnValue | None:
        endpoint = request.endpoint
        if request.blueprint == "api" or (endpoint is None and is_api_request()):
            # The API never reads the session cookie: its views check a token (petitions.api.security).
            return None
        if endpoint != "static":
            persist_session_stamp()
        if endpoint in PUBLIC_ENDPOINTS:
            return None
        if endpoint is None:  # no route matched: let the 404/405 handler answer
            return None
        if not current_user.is_authenticated:
            return _refuse_anonymous()
        step = pending_sign_in_step(current_user)
        if step is not None and endpoint not in SIGN_IN_STEP_ENDPOINTS:
            return redirect(url_for(step))
        return None

    @app.after_request
    def security_headers(response: Response) -> Response:
        # Pages carry case content: never keep them in a shared or back-button cache.
        set_security_headers(
            response, hsts=bool(app.config.get("SESSION_COOKIE_SECURE")), no_store=request.endpoint != "static"
        )
        if "request_id" in g:
            response.headers["X-Request-ID"] = g.request_id
        return response

    @app.teardown_request
    def log_request(_exc: BaseException | None) -> None:
        token = g.pop("sqlite_token", None)
        if token is not None:
            sqlite_immediate.reset(token)
        started = g.get("request_started")
        if started is None or request.endpoint == "static":
            return
        # The path only: query strings may carry search terms, which can be personal data.
        # The id from the identity map: after a view's commit the user row is expired, and reading `.id`
        # would load it again (one more statement and transaction per saving request).
        user = current_user._get_current_object() if current_user else None  # noqa: SLF001
        state = sa.inspect(user, raiseerr=False) if user is not None else None
        user_id = state.identity[0] if state is not None and state.identity else getattr(user, "id", None)
        request_log.info(
            "request_id=%s method=%s path=%s endpoint=%s user=%s ms=%.1f",
            g.get("request_id"),
            request.method,
            request.path,
            request.endpoint,
            user_id,
            (time.perf_counter() - started) * 1000,
        )


def _refuse_anonymous() -> ResponseReturnValue:
    wants_html = request.method == "GET" and request.accept_mimetypes.accept_html
    if wants_html:
        # Only the path travels in `next`, never a query string (it may hold search terms).
        return redirect(url_for("auth.login", next=request.path))
    if request.headers.get("Sec-Fetch-Mode") == "navigate":
        # A form sent by the browser after the session ended (timed out, or ended by the administrator): the
        # login page, then the form's page again (the intake keeps its draft on the server), not a bare 401.
        # Nothing of the refused form is kept. Scripts' requests (fetch) and other clients still get 401.
        return redirect(url_for("auth.login", next=request.path), code=303)
    response = Response("Unauthorized", status=401, mimetype="text/plain")
    return response
