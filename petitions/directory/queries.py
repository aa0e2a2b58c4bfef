"""Reference data read helpers: list items, units and agencies valid on a date, successors."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.directory.models import AdministrativeUnit, Agency, ReferenceItem
from petitions.domain.records import UnitLevel
from petitions.extensions import db


def _valid_on(
    model: type[Agency] | type[AdministrativeUnit] | type[ReferenceItem], day: date
) -> sa.ColumnElement[bool]:
    """Valid on that day by its dates (deactivating a record ends its validity, so dates suffice;
    a past day still finds the units and items of that time)."""
    return sa.and_(
        sa.or_(model.valid_from.is_(None), model.valid_from <= day),
        sa.or_(model.valid_to.is_(None), model.valid_to >= day),
    )


def list_items(list_code: str, on: date) -> list[ReferenceItem]:
    """The items of a list in force on a date (for new entries), in display order.

    Use the trigger date of the record (received date, visit date), not today, so that a letter
    received on 30/06/2026 is classified with the list in force that day.
    """
    return list(
        db.session.scalars(
            sa.select(ReferenceItem)
            .where(ReferenceItem.list_code == list_code, _valid_on(ReferenceItem, on))
            .order_by(ReferenceItem.sort_order, ReferenceItem.code)
        )
    )


def get_item(list_code: str, code: str) -> ReferenceItem | None:
    return db.session.scalar(
        sa.select(ReferenceItem).where(ReferenceItem.list_code == list_code, ReferenceItem.code == code)
    )


def count_items_by_list() -> dict[str, int]:
    rows = db.session.execute(sa.select(ReferenceItem.list_code, sa.func.count()).group_by(ReferenceItem.list_code))
    return {code: count for code, count in rows}


def units_on(on: date, *, level: UnitLevel | None = None, parent_id: int | None = None) -> list[AdministrativeUnit]:
    query = sa.select(AdministrativeUnit).where(_valid_on(AdministrativeUnit, on))
    if level is not None:
        query = query.where(AdministrativeUnit.level == level)
    if parent_id is not None:
        query = query.where(AdministrativeUnit.parent_id == parent_id)
    return list(db.session.scalars(query.order_by(AdministrativeUnit.code)))


def agencies_on(on: date) -> list[Agency]:
    return list(db.session.scalars(sa.select(Agency).where(_valid_on(Agency, on)).order_by(Agency.code)))


# The agency tree: the one place that walks it (scopes, restrictions, filters and reports call these).


def agency_subtree_ids(agency_id: int) -> sa.Select[int]:
    """A SELECT of an agency's id and all its descendants' (a recursive CTE down the tree, both databases)."""
    tree = sa.select(Agency.id).where(Agency.id == agency_id).cte("agency_tree", recursive=True)
    child = sa.orm.aliased(Agency)
    tree = tree.union_all(sa.select(child.id).where(child.parent_id == tree.c.id))
    return sa.select(tree.c.id)


def in_agency_subtree(column: Any, agency_id: int) -> sa.ColumnElement[bool]:
    """SQL condition: `column` names the agency or one below it, in the shape both planners serve well.

    The subtree's ids are read first (a small recursive query) and written into the condition, so that
    the planner knows the values instead of guessing the size of a recursive CTE:
      - one agency: `column = id`, a range of the list's composite index (agency, sort key, id);
      - several: `column IN (ids)`. PostgreSQL weighs the listed values against its statistics.
        SQLite would range the agency index once per id and sort the whole subtree in a temporary
        B-tree on every page; `column + 0` keeps it on the sort key's index instead, filtering rows
        as it walks them in order, so a page stops after its rows.
    """
    ids = list(db.session.scalars(agency_subtree_ids(agency_id)))
    if len(ids) == 1:
        return column == ids[0]
    if db.session.get_bind().dialect.name == "sqlite":
        return (column + 0).in_(ids)
    return column.in_(ids)


def agency_ancestor_ids(agency_id: int) -> sa.Select[int]:
    """A SELECT of an agency's id and all its ancestors' (a recursive CTE up the tree, both databases)."""
    tree = sa.select(Agency.id, Agency.parent_id).where(Agency.id == agency_id).cte("agency_up", recursive=True)
    parent = sa.orm.aliased(Agency)
    tree = tree.union_all(sa.select(parent.id, parent.parent_id).where(parent.id == tree.c.parent_id))
    return sa.select(tree.c.id)


def subtree_agencies(agency_id: int | None, *, order_by: Any = Agency.name) -> list[Agency]:
    """An agency and every agency below it (none for no agency), in the given order."""
    if agency_id is None:
        return []
    return list(
        db.session.scalars(sa.select(Agency).where(Agency.id.in_(agency_subtree_ids(agency_id))).order_by(order_by))
    )


def current_successor(agency: Agency) -> Agency:
    """Follow successor links to the agency that carries on today (a merged agency's heir)."""
    seen = {agency.id}
    while agency.successor_id is not None and agency.successor_id not in seen:
        seen.add(agency.successor_id)
        agency = db.session.get_one(Agency, agency.successor_id)  # the foreign key holds it
    return agency
