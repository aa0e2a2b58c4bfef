"""Flask-Login wiring: the cookie names a server-side session, which is checked on every request."""

from __future__ import annotations

from flask import Flask, current_app, g
from flask_login import current_user

from petitions.auth.models import User
from petitions.auth.services import SessionLimits, load_session
from petitions.extensions import db, immediate_transactions, login_manager, sqlite_immediate
from petitions.i18n import lazy_gettext as _l


def session_limits() -> SessionLimits:
    return SessionLimits(
        idle=current_app.config["SESSION_IDLE_TIMEOUT"],
        absolute=current_app.config["SESSION_ABSOLUTE_TIMEOUT"],
    )


def persist_session_stamp() -> None:
    """Load the signed-in user now, at the start of the request, and commit what loading stamped on
    the session row. Loading later (e.g. inside a flush, where history asks who is acting) could
    not commit; here nothing else is pending yet."""
    _ = current_user.is_authenticated  # runs the user loader once; Flask-Login caches the result
    if not g.pop("session_row_changed", False):
        return
    if db.engine.dialect.name == "sqlite" and not sqlite_immediate.get():
        # A GET's transaction began deferred with the read above; SQLite refuses to turn it into a
        # write at once ("database is locked", no waiting) when another request committed since. So
        # the stamp is read again and written under the write lock, which waits its turn instead.
        db.session.rollback()
        g.pop("_login_user", None)
        with immediate_transactions():
            _ = current_user.is_authenticated
            g.pop("session_row_changed", None)
            db.session.commit()
        return
    db.session.commit()


def register(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "warning"
    # The server-side session is the protection; Flask-Login's own would only add noise.
    login_manager.session_protection = None
    app.config["REMEMBER_COOKIE_DURATION"] = 0

    @login_manager.user_loader
    def load_user(token: str) -> User | None:
        user_session = load_session(token, session_limits())
        # An expiry it stamped (ended_at) or the once-a-minute activity stamp must persist even on
        # a GET that commits nothing itself: the sign-in gate commits it (see persist_session_stamp).
        g.session_row_changed = bool(db.session.dirty)
        if user_session is None:
            g.session_expired = True
            return None
        user = user_session.user
        user.current_session = user_session
        return user
