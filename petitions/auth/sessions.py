"""Flask-Login wiring: the cookie names a server-side session, which is checked on every request."""

from __future__ import annotations

from flask import Flask, current_app, g
from flask_babel import lazy_gettext as _l

from petitions.auth.models import User
from petitions.auth.services import SessionLimits, load_session
from petitions.extensions import login_manager


def register(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "warning"
    # The server-side session is the protection; Flask-Login's own would only add noise.
    login_manager.session_protection = None
    app.config["REMEMBER_COOKIE_DURATION"] = 0

    @login_manager.user_loader
    def load_user(token: str) -> User | None:
        limits = SessionLimits(
            idle=current_app.config["SESSION_IDLE_TIMEOUT"],
            absolute=current_app.config["SESSION_ABSOLUTE_TIMEOUT"],
        )
        user_session = load_session(token, limits)
        if user_session is None:
            g.session_expired = True
            return None
        user = user_session.user
        user.current_session = user_session
        return user
