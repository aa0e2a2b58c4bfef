"""Who may see which core record, as SQL conditions (agency subtree, liaison assignment, case restrictions).

Rules, in one place for every loader and list:
  - officers (reception, handler, leader, viewer) see records whose agency in charge is their
    home agency or below it (auth.permissions.scope_condition);
  - a liaison officer sees only records forwarded or assigned to their agency or below it
    (`assigned_agency_id`), never the rest of the office's work;
  - the administrator sees no case content at all;
  - a case restriction excludes a user, or every user of an agency and of the agencies below it,
    from the case and from the letters attached to it.
Loaders answer 404 outside the scope: a record's existence is not revealed.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.auth.permissions import agency_subtree_ids, scope_condition
from petitions.cases.models import CaseRestriction
from petitions.directory.models import Agency
from petitions.domain.types import Role


def agency_ancestor_ids(agency_id: int) -> sa.Select[int]:
    """A SELECT of an agency's id and all its ancestors' (a recursive CTE upwards, both databases)."""
    tree = sa.select(Agency.id, Agency.parent_id).where(Agency.id == agency_id).cte("agency_up", recursive=True)
    parent = sa.orm.aliased(Agency)
    tree = tree.union_all(sa.select(parent.id, parent.parent_id).where(parent.id == tree.c.parent_id))
    return sa.select(tree.c.id)


def record_scope(user: User, agency_in_charge: Any, assigned_agency: Any | None = None) -> sa.ColumnElement[bool]:
    """The agency part of the rule for a record with these two columns."""
    if user.role == Role.ADMIN or user.agency_id is None:
        return sa.false()
    if user.role == Role.LIAISON:
        if assigned_agency is None:
            return sa.false()
        return assigned_agency.in_(agency_subtree_ids(user.agency_id))
    return scope_condition(user, agency_in_charge)


def not_restricted(user: User, case_id_column: Any) -> sa.ColumnElement[bool]:
    """True unless a restriction on that case names the user or one of the agencies above them."""
    targets = [CaseRestriction.user_id == user.id]
    if user.agency_id is not None:
        targets.append(CaseRestriction.agency_id.in_(agency_ancestor_ids(user.agency_id)))
    restricted = sa.exists().where(CaseRestriction.case_file_id == case_id_column, sa.or_(*targets))
    return sa.not_(restricted)
