"""Who may see which core record, as SQL conditions (agency subtree, liaison assignment, case restrictions).

Rules, in one place for every loader and list:
  - officers (reception, handler, leader, viewer) see records whose agency in charge is their
    home agency or below it (auth.permissions.scope_condition);
  - a liaison officer sees only records forwarded or assigned to their agency or below it
    (`assigned_agency_id`), never the rest of the office's work;
  - the administrator sees no case content at all;
  - a case restriction excludes a user, or every user of an agency and of the agencies below it,
    from the case and from the letters attached to it.
Loaders answer 404 outside the scope: a record's existence is not revealed. Every `get_*_for(user, id)`
loader is `get_visible_or_404(visible_*(user), id)`.
"""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa
from flask import abort

from petitions.auth.models import User
from petitions.auth.permissions import scope_condition
from petitions.cases.models import CaseRestriction
from petitions.directory.models import Agency
from petitions.directory.queries import agency_ancestor_ids, in_agency_subtree, subtree_agencies
from petitions.domain.types import Role
from petitions.extensions import db

T = TypeVar("T")


def get_visible_or_404(query: sa.Select[T], ident: Any, *, key: Any = None) -> T:
    """The row of a scoped `visible_*` select whose primary key (or `key` column) is `ident`; 404 when the
    user may not see it or it does not exist (the two are not told apart). Every loader is one call of this."""
    if key is None:
        key = sa.inspect(query.column_descriptions[0]["entity"]).primary_key[0]
    row = db.session.scalar(query.where(key == ident))
    if row is None:
        abort(404)
    return row


def scope_agencies(user: User, *, order_by: Any = Agency.name) -> list[Agency]:
    """The agencies in the user's scope: their home agency and every agency below it (filters, choices)."""
    return subtree_agencies(user.agency_id, order_by=order_by)


def record_scope(user: User, agency_in_charge: Any, assigned_agency: Any | None = None) -> sa.ColumnElement[bool]:
    """The agency part of the rule for a record with these two columns."""
    if user.role == Role.ADMIN or user.agency_id is None:
        return sa.false()
    if user.role == Role.LIAISON:
        if assigned_agency is None:
            return sa.false()
        return in_agency_subtree(assigned_agency, user.agency_id)
    return scope_condition(user, agency_in_charge)


def not_restricted(user: User, case_id_column: Any) -> sa.ColumnElement[bool]:
    """True unless a restriction on that case names the user or one of the agencies above them."""
    targets = [CaseRestriction.user_id == user.id]
    if user.agency_id is not None:
        targets.append(CaseRestriction.agency_id.in_(agency_ancestor_ids(user.agency_id)))
    restricted = sa.exists().where(CaseRestriction.case_file_id == case_id_column, sa.or_(*targets))
    return sa.not_(restricted)
