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
loader is `get_visible_or_404(visible_*(user), id)`. A service loading an id that came in a form passes
`refuse=OutOfScope(message, field=...)`: the form then shows that message beside the field, for a missing
record and for one outside the scope alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import abort

from petitions.auth.models import User
from petitions.auth.permissions import scope_condition
from petitions.cases.models import CaseRestriction
from petitions.directory.models import Agency
from petitions.directory.queries import in_agency_ancestry, in_agency_subtree, subtree_agencies
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.request_args import in_column_range

T = TypeVar("T")


class FieldRefused(DomainError):
    """A service refuses one input (a date after today, a reason left blank): `field` names the input, so that
    the save helper shows the message beside that form field; the API answers it 422 like any refusal."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class OutOfScope(FieldRefused):
    """An id from a form names no record the actor may see: missing or outside the scope, not told apart.

    `field` names the form field it came from, so that the save helper shows the message there; the API
    answers it 404, as for an id in its path."""


def get_visible_or_404(query: sa.Select[T], ident: Any, *, key: Any = None, refuse: OutOfScope | None = None) -> T:
    """The row of a scoped `visible_*` select whose primary key (or `key` column) is `ident`; 404 when the
    user may not see it or it does not exist (the two are not told apart). Every loader is one call of this.

    Services loading an id from a form pass `refuse`: it is raised instead of the 404 (a form error). An id
    that is not a whole number finds nothing, like any other id outside the scope."""
    row = find_visible(query, ident, key=key)
    if row is None:
        if refuse is not None:
            raise refuse
        abort(404)
    return row


def find_visible(query: sa.Select[T], ident: Any, *, key: Any = None) -> T | None:
    """The lookup under get_visible_or_404, for the few readers where "none" is an ordinary answer (a
    choice offered again after an error, the cases of a typed citizen): the row, or None."""
    if key is None:
        key = sa.inspect(query.column_descriptions[0]["entity"]).primary_key[0]
    if not _is_key(ident):
        return None
    return db.session.scalar(query.where(key == ident))


def _is_key(ident: Any) -> bool:
    """A string key (the vault's codes) or an integer inside the id columns' range (INTEGER, 32-bit on
    PostgreSQL; petitions.request_args.in_column_range): an id beyond it would make PostgreSQL raise instead
    of finding nothing."""
    if isinstance(ident, str):
        return True
    return isinstance(ident, int) and in_column_range(ident)


def visible_agencies(user: User) -> sa.Select[Agency]:
    """The agencies a user works for: their home agency and every agency below it (none without one)."""
    if user.agency_id is None:
        return sa.select(Agency).where(sa.false())
    return sa.select(Agency).where(in_agency_subtree(Agency.id, user.agency_id))


def check_acting_for(actor: Any, agency_id: int) -> None:
    """A service writing into an agency's register or book on a signed-in user's behalf: the agency must be
    the user's own or one below it (refused as a missing agency otherwise). Calls without a signed-in user
    (the CLI, the demo) name the agency themselves."""
    if isinstance(actor, User):
        get_visible_or_404(visible_agencies(actor), agency_id, refuse=OutOfScope("Không tìm thấy cơ quan đã chọn."))


def scope_agencies(user: User, *, order_by: Any = Agency.name) -> list[Agency]:
    """The agencies in the user's scope: their home agency and every agency below it (filters, choices)."""
    return subtree_agencies(user.agency_id, order_by=order_by)


def pick_agency(agencies: Sequence[Agency], code: str, *, default_id: int | None) -> Agency:
    """The agency a report or a figure is asked for among the user's scope (`scope_agencies`): the one named by
    its code, or the user's own when no code is given; 404 for a code outside the scope or a user without one."""
    if not agencies:
        abort(404)
    if not code:
        return next((a for a in agencies if a.id == default_id), agencies[0])
    chosen = next((a for a in agencies if a.code == code), None)
    if chosen is None:
        abort(404)
    return chosen


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
        targets.append(in_agency_ancestry(CaseRestriction.agency_id, user.agency_id))
    restricted = sa.exists().where(CaseRestriction.case_file_id == case_id_column, sa.or_(*targets))
    return sa.not_(restricted)
