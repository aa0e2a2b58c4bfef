"""Reference data read helpers: list items, units and agencies valid on a date, successors."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from petitions.directory.models import AdministrativeUnit, Agency, ReferenceItem
from petitions.domain.records import UnitLevel
from petitions.extensions import db


def valid_on(model: Any, day: date) -> sa.ColumnElement[bool]:
    """Valid on that day by its `valid_from` / `valid_to` dates, both inclusive (deactivating a record ends its
    validity, so dates suffice; a past day still finds the units, items and rules of that time)."""
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
            .where(ReferenceItem.list_code == list_code, valid_on(ReferenceItem, on))
            .order_by(ReferenceItem.sort_order, ReferenceItem.code)
        )
    )


def list_items_of(list_codes: tuple[str, ...], on: date) -> dict[str, list[ReferenceItem]]:
    """list_items() of several lists in one query (a page offering the fields of every letter type)."""
    found: dict[str, list[ReferenceItem]] = {code: [] for code in list_codes}
    for item in db.session.scalars(
        sa.select(ReferenceItem)
        .where(ReferenceItem.list_code.in_(list_codes), valid_on(ReferenceItem, on))
        .order_by(ReferenceItem.sort_order, ReferenceItem.code)
    ):
        found[item.list_code].append(item)
    return found


def get_item(list_code: str, code: str) -> ReferenceItem | None:
    return db.session.scalar(
        sa.select(ReferenceItem).where(ReferenceItem.list_code == list_code, ReferenceItem.code == code)
    )


def count_items_by_list() -> dict[str, int]:
    rows = db.session.execute(sa.select(ReferenceItem.list_code, sa.func.count()).group_by(ReferenceItem.list_code))
    return {code: count for code, count in rows}


def units_on(on: date, *, level: UnitLevel | None = None, parent_id: int | None = None) -> list[AdministrativeUnit]:
    query = sa.select(AdministrativeUnit).where(valid_on(AdministrativeUnit, on))
    if level is not None:
        query = query.where(AdministrativeUnit.level == level)
    if parent_id is not None:
        query = query.where(AdministrativeUnit.parent_id == parent_id)
    return list(db.session.scalars(query.order_by(AdministrativeUnit.code)))


def agencies_on(on: date) -> list[Agency]:
    return list(db.session.scalars(sa.select(Agency).where(valid_on(Agency, on)).order_by(Agency.code)))


# The agency tree: the one place that walks it (scopes, restrictions, filters and reports call these).
#
# Every list page asks for the viewer's subtree several times (the scope of the rows, of the filters'
# choices, of the year filter) and for the ancestors once per scoped statement (case restrictions).
# The statements are built on a two-column view of the table (an alias of the mapped class would proxy
# all of Agency's columns on every call, which cost more than running the query), and the ids read in
# one transaction are kept in the session until that transaction ends or the session flushes: a page
# reads each list once, a write sees its own new agencies.

_AGENCY_TREE = sa.table("agency", sa.column("id", sa.Integer), sa.column("parent_id", sa.Integer))
_TREE_MEMO = "directory.agency_tree"


def agency_subtree_ids(agency_id: int) -> sa.Select[int]:
    """A SELECT of an agency's id and all its descendants' (a recursive CTE down the tree, both databases)."""
    tree = sa.select(_AGENCY_TREE.c.id).where(_AGENCY_TREE.c.id == agency_id).cte("agency_tree", recursive=True)
    child = _AGENCY_TREE.alias("agency_child")
    tree = tree.union_all(sa.select(child.c.id).where(child.c.parent_id == tree.c.id))
    return sa.select(tree.c.id)


def agency_ancestor_ids(agency_id: int) -> sa.Select[int]:
    """A SELECT of an agency's id and all its ancestors' (a recursive CTE up the tree, both databases)."""
    tree = (
        sa.select(_AGENCY_TREE.c.id, _AGENCY_TREE.c.parent_id)
        .where(_AGENCY_TREE.c.id == agency_id)
        .cte("agency_up", recursive=True)
    )
    parent = _AGENCY_TREE.alias("agency_parent")
    tree = tree.union_all(sa.select(parent.c.id, parent.c.parent_id).where(parent.c.id == tree.c.parent_id))
    return sa.select(tree.c.id)


def _memo() -> dict[tuple[str, int], list[int]]:
    memo: dict[tuple[str, int], list[int]] = db.session.info.setdefault(_TREE_MEMO, {})
    return memo


def subtree_id_list(agency_id: int) -> list[int]:
    """The ids of an agency and of every agency below it, read once per transaction."""
    memo = _memo()
    key = ("down", agency_id)
    if key not in memo:
        memo[key] = sorted(db.session.scalars(agency_subtree_ids(agency_id)))
    return list(memo[key])


def ancestor_id_list(agency_id: int) -> list[int]:
    """The ids of an agency and of every agency above it, read once per transaction."""
    memo = _memo()
    key = ("up", agency_id)
    if key not in memo:
        memo[key] = sorted(db.session.scalars(agency_ancestor_ids(agency_id)))
    return list(memo[key])


@sa.event.listens_for(Session, "after_flush")
def _forget_tree_after_flush(session: Session, _context: object) -> None:
    session.info.pop(_TREE_MEMO, None)


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_tree_after_transaction(session: Session, _transaction: object) -> None:
    session.info.pop(_TREE_MEMO, None)


def in_agency_subtree(column: Any, agency_id: int) -> sa.ColumnElement[bool]:
    """SQL condition: `column` names the agency or one below it, in the shape both planners serve well.

    The subtree's ids are read first (a small recursive query, once per transaction) and written into
    the condition, so that the planner knows the values instead of guessing the size of a recursive CTE:
      - one agency: `column = id`, a range of the list's composite index (agency, sort key, id);
      - several: `column IN (ids)`. PostgreSQL weighs the listed values against its statistics.
        SQLite would range the agency index once per id and sort the whole subtree in a temporary
        B-tree on every page; `column + 0` keeps it on the sort key's index instead, filtering rows
        as it walks them in order, so a page stops after its rows.
    """
    ids = subtree_id_list(agency_id)
    if len(ids) == 1:
        return column == ids[0]
    if db.session.get_bind().dialect.name == "sqlite":
        return (column + 0).in_(ids)
    return column.in_(ids)


def in_agency_ancestry(column: Any, agency_id: int) -> sa.ColumnElement[bool]:
    """SQL condition: `column` names the agency or one above it (the ids read once per transaction)."""
    return column.in_(ancestor_id_list(agency_id))


def subtree_agencies(agency_id: int | None, *, order_by: Any = Agency.name) -> list[Agency]:
    """An agency and every agency below it (none for no agency), in the given order."""
    if agency_id is None:
        return []
    return list(db.session.scalars(sa.select(Agency).where(Agency.id.in_(subtree_id_list(agency_id))).order_by(order_by)))


def current_successor(agency: Agency) -> Agency:
    """Follow successor links to the agency that carries on today (a merged agency's heir)."""
    seen = {agency.id}
    while agency.successor_id is not None and agency.successor_id not in seen:
        seen.add(agency.successor_id)
        agency = db.session.get_one(Agency, agency.successor_id)  # the foreign key holds it
    return agency
