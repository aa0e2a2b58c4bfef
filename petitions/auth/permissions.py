"""Permission helpers every view uses: role checks (403) and agency scope (404 outside it)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user
from sqlalchemy.orm import InstrumentedAttribute

from petitions.auth.events import record_event
from petitions.auth.models import User
from petitions.directory.queries import in_agency_subtree
from petitions.domain.types import Role
from petitions.extensions import db

P = ParamSpec("P")
R = TypeVar("R")


def role_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Only these roles may use the view: others get 403 and a security event."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated:
                abort(401)
            if current_user.role not in roles:
                record_event(
                    "authz_denied",
                    user=current_user,
                    ip_address=request.remote_addr,
                    detail=f"endpoint={request.endpoint}",
                )
                # The refusal is recorded even though the request ends in an error.
                db.session.commit()
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def scope_condition(
    user: User, agency_column: sa.ColumnElement[Any] | InstrumentedAttribute[Any]
) -> sa.ColumnElement[bool]:
    """SQL condition: the record's agency in charge is the user's home agency or below it.

    Liaison officers and the administrator see nothing through this condition: a liaison
    sees only items forwarded or assigned to their agency (their own loaders), and the
    administrator sees no case content.
    """
    if user.role in (Role.ADMIN, Role.LIAISON) or user.agency_id is None:
        return sa.false()
    return in_agency_subtree(agency_column, user.agency_id)


def safe_next_url(target: str | None) -> str | None:
    """Only a local path (one leading slash, no scheme or host) may be a redirect target."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ch in target for ch in "\r\n\t") or ":" in target.split("/", 2)[1]:
        return None
    return target
