"""Citizen read helpers: the scoped loader."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from petitions.auth.models import User
from petitions.extensions import db
from petitions.reception.models import Citizen
from petitions.scoping import record_scope


def visible_citizens(user: User) -> sa.Select[tuple[Citizen]]:
    """Citizens registered by the user's agency or below it (liaisons and the administrator: none)."""
    return sa.select(Citizen).where(record_scope(user, Citizen.agency_id))


def get_citizen_for(user: User, citizen_id: int) -> Citizen:
    citizen = db.session.scalar(visible_citizens(user).where(Citizen.id == citizen_id))
    if citizen is None:
        abort(404)
    return citizen
