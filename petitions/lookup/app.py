"""The citizens' lookup application factory: a small Flask app of its own, for its own public hostname.

What it is not: it has no session (no cookie is ever set), no Flask-Login, no CSRF token, none of the officers'
blueprints, and it reads only the lookup projection (petitions.lookup.models); an officer's URL answers 404
here. It serves at the path of LOOKUP_BASE_URL (the receipts' QR codes point at `<LOOKUP_BASE_URL>/<code>`).

Run it apart from the officers' app, e.g. `gunicorn -b 127.0.0.1:8001 'petitions.lookup:app'` (README).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, g, redirect, render_template, request, url_for
from flask.sessions import SessionInterface
from flask_babel import refresh as babel_refresh
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from petitions import i18n
from petitions.config import INSTANCE_PATH, PROJECT_ROOT, ConfigError, config_from_env
from petitions.domain.lookup import Limits
from petitions.extensions import babel, db, sqlite_immediate
from petitions.log_lines import log_to_stderr
from petitions.lookup import models  # noqa: F401  (the two tables it reads and writes)
from petitions.lookup.limits import make_counter
from petitions.lookup.views import bp
from petitions.security_headers import set_security_headers


class LookupConfig:
    """Defaults: the officers' database (DATABASE_URL), the receipts' LOOKUP_BASE_URL, the lock-out's limits."""

    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_PATH / 'petitions.db'}"
    # As the officers' app (petitions.config): a pooled connection is tested before use, so a restarted database
    # costs only the requests in flight during the outage.
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    LOOKUP_BASE_URL = "http://127.0.0.1:5001/tra-cuu"
    REDIS_URL: str | None = None
    PROXY_FIX_HOPS = 0
    # A code locked after 5 failures within 15 minutes; an address after 20 (petitions.domain.lookup.Limits).
    LOOKUP_CODE_FAILURES = 5
    LOOKUP_ADDRESS_FAILURES = 20
    LOOKUP_WINDOW_MINUTES = 15
    # The form is two short fields.
    MAX_CONTENT_LENGTH = 4 * 1024
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    SECURE = False  # HTTPS deployment: HSTS


class LookupProductionConfig(LookupConfig):
    DEBUG = False
    TESTING = False
    SECURE = True
    PREFERRED_URL_SCHEME = "https"


class _NoSession(SessionInterface):
    """No session at all: nothing is read from a cookie and none is ever set (writing one raises)."""

    def open_session(self, app: Flask, request: Any) -> Any:
        return self.make_null_session(app)

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        return None


def lookup_prefix(base_url: str) -> str:
    """The path the page lives at: LOOKUP_BASE_URL's path without its trailing slash ('' for the root)."""
    return urlsplit(base_url).path.rstrip("/")


def create_lookup_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the lookup app; tests pass a config mapping instead of reading instance/ and the environment."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_PATH),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
        static_url_path="/static",
    )
    production = test_config is None and os.environ.get("PETITIONS_ENV") == "production"
    app.config.from_object(LookupProductionConfig if production else LookupConfig)
    if test_config is None:
        # The officers' instance/config.py and environment name the database, Redis and the lookup address;
        # their SECRET_KEY is never needed here (no session, nothing signed).
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(config_from_env(os.environ))
        if production and app.config.get("DEBUG"):
            raise ConfigError("DEBUG must be off in production.")
    else:
        app.config.update(test_config)
    app.config["SECRET_KEY"] = None
    if not app.testing:
        log_to_stderr("petitions.lookup")  # each attempt's line (outcome, the code's key shortened, the address)
    app.session_interface = _NoSession()

    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        # Behind the proxy of its own hostname: the address the lock-out counts is the citizen's.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    db.init_app(app)
    babel.init_app(app, locale_selector=lambda: "vi", timezone_selector=lambda: "Asia/Ho_Chi_Minh")
    i18n.install_template_gettext(app)
    limits = Limits(
        per_code=int(app.config["LOOKUP_CODE_FAILURES"]),
        per_address=int(app.config["LOOKUP_ADDRESS_FAILURES"]),
        window_minutes=int(app.config["LOOKUP_WINDOW_MINUTES"]),
    )
    app.extensions["lookup_limits"] = limits
    app.extensions["lookup_counter"] = make_counter(app.config.get("REDIS_URL"), limits)
    prefix = lookup_prefix(str(app.config["LOOKUP_BASE_URL"]))
    app.register_blueprint(bp, url_prefix=prefix or None)
    if prefix:
        # The hostname alone leads to the page.
        app.add_url_rule("/", "root", lambda: redirect(url_for("lookup.index")))

    @app.before_request
    def start_request() -> None:
        babel_refresh()
        i18n.forget_request_translations()
        # The attempt's log row is a write: SQLite's write lock from the transaction's start.
        g.sqlite_token = sqlite_immediate.set(request.method == "POST")

    @app.teardown_request
    def end_request(_exc: BaseException | None) -> None:
        token = g.pop("sqlite_token", None)
        if token is not None:
            sqlite_immediate.reset(token)

    @app.after_request
    def security_headers(response: Response) -> Response:
        set_security_headers(response, hsts=bool(app.config["SECURE"]), no_store=request.endpoint != "static")
        # The QR link carries the code in its path: no page's address goes out as a referrer.
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        return render_template("lookup/error.html", status=code), code

    return app
