"""Letter read helpers: the scoped loader and the visible-letters query."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from petitions.auth.models import User
from petitions.extensions import db
from petitions.letters.models import Letter
from petitions.scoping import not_restricted, record_scope


def visible_letters(user: User) -> sa.Select[tuple[Letter]]:
    """Letters this user may see (agency scope, liaison assignment, restrictions of the linked case)."""
    return sa.select(Letter).where(
        record_scope(user, Letter.agency_in_charge_id, Letter.assigned_agency_id),
        not_restricted(user, Letter.case_id),
    )


def get_letter_for(user: User, letter_id: int) -> Letter:
    """The letter if the user may see it; 404 otherwise (its existence is not revealed)."""
    letter = db.session.scalar(visible_letters(user).where(Letter.id == letter_id))
    if letter is None:
        abort(404)
    return letter
