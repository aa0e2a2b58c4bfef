"""A case's letters and visits as one actor may see them: the one read the case page's timeline and the case's
papers share (the papers leave voided registrations out; the timeline shows them, marked)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases.models import CaseFile
from petitions.extensions import db
from petitions.letters.models import Letter
from petitions.letters.queries import visible_letters
from petitions.reception.models import Visit
from petitions.reception.queries import visible_visits


def case_letters(case: CaseFile, actor: Any, *, with_void: bool) -> list[Letter]:
    """The case's letters the actor may see (every one for the CLI and the demo, which act without a user), in
    arrival order; voided registrations only `with_void`."""
    query = visible_letters(actor, by_agency=False) if isinstance(actor, User) else sa.select(Letter)
    query = query.where(Letter.case_id == case.id)
    if not with_void:
        query = query.where(Letter.is_void.is_(False))
    return list(db.session.scalars(query.order_by(Letter.received_on, Letter.id)))


def case_visits(case: CaseFile, actor: Any) -> list[Visit]:
    """The case's reception visits the actor may see (every one for the CLI and the demo), oldest first."""
    query = visible_visits(actor, by_agency=False) if isinstance(actor, User) else sa.select(Visit)
    return list(db.session.scalars(query.where(Visit.case_id == case.id).order_by(Visit.visited_on, Visit.id)))
