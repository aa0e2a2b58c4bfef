"""Who calls the API: a bearer token (petitions.auth.tokens), never the session cookie.

`before_api_request` makes every API request start anonymous, so the pages' cookie cannot authenticate it (and
CSRF protection, which guards the cookie, is left out for the API's views only). The token check then sets the
token's user as Flask-Login's current user: the pages' role checks, scopes, history and services read the same
`current_user`. A token's scope (read, write) and the user's role are checked per view by `access`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from math import ceil
from typing import Any, ParamSpec, TypeVar

from apiflask import HTTPTokenAuth
from flask import abort, current_app, g
from flask_babel import gettext as _
from flask_login import current_user

from petitions import clock
from petitions.api.problems import problem
from petitions.auth import tokens
from petitions.auth.models import User
from petitions.auth.permissions import role_required
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions, login_manager

P = ParamSpec("P")
R = TypeVar("R")

auth = HTTPTokenAuth(
    scheme="Bearer",
    description="Mã truy cập cá nhân (tạo tại Tài khoản → Mã truy cập API): Authorization: Bearer pt_…",
)


class RateLimited(Exception):
    """The token has made more requests in this window than the limit."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def before_api_request() -> None:
    """Every API request starts anonymous: the session cookie is never read for it."""
    g._login_user = login_manager.anonymous_user()  # noqa: SLF001 - Flask-Login's per-request user
    g.api_token = None
    g.pop("api_cleared", None)  # a test client may reuse one application context (and its `g`)


@auth.verify_token
def verify_token(secret: str) -> User | None:
    # Every request writes the token's count, a GET too: on SQLite it takes the write lock from its first read,
    # or a deferred transaction could not turn into a write once another request committed ("database is locked").
    with immediate_transactions():
        presented = tokens.present_token(secret or "")
    if presented is None:
        db.session.rollback()
        return None
    # The count and the last-used date are kept whatever the view answers (even a 429).
    db.session.commit()
    limit = int(current_app.config.get("API_RATE_LIMIT", 120))
    if presented.count > limit:
        seconds = max(1, ceil((presented.window_ends_at - clock.utcnow()).total_seconds()))
        raise RateLimited(seconds)
    g._login_user = presented.user  # noqa: SLF001 - the token's user is the request's current user
    g.api_token = presented.token
    return presented.user


@auth.error_processor
def auth_error(error: Any) -> Any:
    headers = {"WWW-Authenticate": 'Bearer realm="petitions"'} if error.status_code == 401 else None
    return problem(error.status_code, headers=headers)


def rate_limited(error: RateLimited) -> Any:
    return problem(
        429,
        _("Quá nhiều yêu cầu với mã truy cập này. Vui lòng thử lại sau %(seconds)d giây.", seconds=error.retry_after),
        headers={"Retry-After": str(error.retry_after)},
    )


def access(scope: str, *roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The view needs a token of this scope (a write token may also read) and one of these roles (the pages'
    own role check: 403 and a security event otherwise)."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        checked = role_required(*roles)(view)

        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            token = g.get("api_token")
            if token is None or not current_user.is_authenticated:
                abort(401)
            if scope == tokens.WRITE and token.scope != tokens.WRITE:
                abort(403, _("Mã truy cập này chỉ được đọc; thao tác ghi cần mã có phạm vi “đọc và ghi”."))
            return checked(*args, **kwargs)

        return wrapped

    return decorator


