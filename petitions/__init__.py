"""The petitions application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from apiflask import APIFlask
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from petitions.config import (
    INSTANCE_PATH,
    PROJECT_ROOT,
    Config,
    ProductionConfig,
    check_mail_config,
    check_production_config,
    check_vault_config,
    config_from_env,
    load_or_create_secret_key,
)
from petitions.extensions import babel, csrf, db, login_manager, migrate
from petitions.log_lines import log_to_stderr


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; tests pass a config mapping instead of reading instance/ and the environment."""
    # APIFlask is Flask plus the spec it writes from the API's views (petitions/api); its own spec and docs routes
    # and its JSON errors are off: the API serves both under /api/v1 and answers its errors as problem+json.
    app = APIFlask(
        __name__,
        title="Petitions API",
        version="1",
        spec_path=None,
        docs_path=None,
        json_errors=False,
        instance_path=str(INSTANCE_PATH),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    production = test_config is None and os.environ.get("PETITIONS_ENV") == "production"
    app.config.from_object(ProductionConfig if production else Config)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)  # instance/config.py
        app.config.update(config_from_env(os.environ))
        check_vault_config(app.config)
        check_mail_config(app.config)
        if production:
            check_production_config(app.config)
        elif not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = load_or_create_secret_key(INSTANCE_PATH)
    else:
        app.config.update(test_config)

    if not app.testing:
        log_to_stderr("petitions")  # request and security lines

    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        # Flask's documented way to add middleware; mypy refuses assigning to a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    if app.config.get("REPORTS_DATABASE_URL"):
        # A second engine for the report queries only (no model is bound to it): see reports.queries.
        binds = dict(app.config.get("SQLALCHEMY_BINDS") or {})
        binds["reports"] = app.config["REPORTS_DATABASE_URL"]
        app.config["SQLALCHEMY_BINDS"] = binds
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)

    from petitions import i18n

    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)

    from petitions import cli, errors, models, web  # noqa: F401  (models registers every table)
    from petitions.api import letters as _api_letters  # noqa: F401  (the letters' writes, on the API's blueprint)
    from petitions.api import openapi
    from petitions.api.views import bp as api_bp
    from petitions.auth.views import bp as auth_bp
    from petitions.cases.views import bp as cases_bp
    from petitions.chasing.views import bp as chasing_bp
    from petitions.deadlines.views import bp as deadlines_bp
    from petitions.directory.views import bp as directory_bp
    from petitions.documents.views import bp as documents_bp
    from petitions.exports.views import bp as exports_bp
    from petitions.imports.views import bp as imports_bp
    from petitions.jobs.views import bp as jobs_bp
    from petitions.letter_register.views import bp as letter_register_bp
    from petitions.letters.views import bp as letters_bp

    # The citizens' lookup projection follows every flush (petitions.history.follow_flushes) from here on.
    from petitions.lookup import projection  # noqa: F401
    from petitions.mail.views import bp as mail_bp
    from petitions.main.views import bp as main_bp
    from petitions.national.views import bp as national_bp
    from petitions.paperwork.views import bp as paperwork_bp
    from petitions.performance.views import bp as performance_bp
    from petitions.reception.views import bp as reception_bp
    from petitions.referrals.views import bp as referrals_bp
    from petitions.reports.views import bp as reports_bp
    from petitions.routing.views import bp as routing_bp
    from petitions.vault.views import bp as vault_bp

    for blueprint in (main_bp, auth_bp, directory_bp, vault_bp, deadlines_bp, documents_bp, reception_bp, letters_bp, cases_bp, referrals_bp, chasing_bp, reports_bp, paperwork_bp, letter_register_bp, national_bp, imports_bp, routing_bp, mail_bp, performance_bp, jobs_bp, exports_bp, api_bp):
        app.register_blueprint(blueprint)

    from petitions.auth import sessions

    sessions.register(app)
    web.register(app)
    errors.register(app)
    openapi.register(app)
    cli.register(app)
    return app
