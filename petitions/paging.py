"""One way to show a list: keyset pages over indexed keys, opaque signed cursors, a capped total.

Every list screen builds its filtered, scoped SELECT and calls `keyset_page(select, order, after=...)`;
the template shows `page.rows` and calls the `pager(page)` macro (templates/_macros/paging.html).

- The order ends with the primary key, so every row has one place in it (the tie-breaker).
- A cursor names the last row shown (its id) and the list it was made for, signed with the app's
  secret: it carries no sort value (no citizen's name enters a URL), and a cursor that was tampered
  with, made for another list or order, or points at a row that is gone starts from the top; it never
  answers 500. The next page starts strictly after that row's sort key, read from the row itself.
- No offset paging (a deep page would scan every row before it) and no unpaged `.limit(N)` list.
- The total, when a list shows one, is counted up to a cap: "more than 1 000" is all a reader needs
  and the count stays cheap on a large table.
- A list the app has already computed whole, in order (a report figure's records, which the counting rules
  select in Python: petitions.reports.drilldown), is paged by `ordered_page` with the same cursors and page
  type: by a unique integer key, strictly after the last key shown, with its exact total. A list the database
  selects through a derived table in the order of its unique integer key (a figure's records read in SQL) is paged
  by `key_page` the same way, with the capped total.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from flask import current_app, request, url_for
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from petitions.extensions import db

T = TypeVar("T")

TOTAL_CAP = 1000
_SALT = "petitions.paging.cursor"


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    """One page of a list: its rows, the cursor of the next page (None on the last page),
    whether this is the first page, and the capped total when the list shows one."""

    rows: list[T]
    next_cursor: str | None = None
    is_first: bool = True
    total: int | None = None
    total_capped: bool = False

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_SALT)  # type: ignore[arg-type]


def encode_cursor(list_key: str, row_id: int) -> str:
    """An opaque cursor: the list (and order) it belongs to and the id of the last row shown."""
    return str(_serializer().dumps([list_key, int(row_id)]))


def decode_cursor(cursor: str | None, list_key: str) -> int | None:
    """The last row's id, or None (start from the top) for anything not made for this list."""
    if not cursor:
        return None
    try:
        made_for, row_id = _serializer().loads(cursor)
    except (BadData, TypeError, ValueError):
        return None
    if made_for != list_key or not isinstance(row_id, int) or isinstance(row_id, bool):
        return None
    return row_id


def _key_parts(order: Sequence[Any]) -> list[tuple[Any, bool]]:
    """(expression, descending) for each ORDER BY term (a column, `col.asc()` or `col.desc()`)."""
    parts = []
    for term in order:
        if isinstance(term, UnaryExpression) and term.modifier in (operators.desc_op, operators.asc_op):
            parts.append((term.element, term.modifier is operators.desc_op))
        else:
            parts.append((term, False))
    return parts


def _after(parts: list[tuple[Any, bool]], anchor: Sequence[Any]) -> sa.ColumnElement[bool]:
    """Rows strictly after the anchor in this order. One direction: a row-value comparison (served by
    the composite index); mixed directions: the expanded OR form."""
    directions = {descending for _, descending in parts}
    if len(directions) == 1:
        left = sa.tuple_(*(expression for expression, _ in parts))
        right = sa.tuple_(
            *(
                sa.literal(value, expression.type)
                for (expression, _), value in zip(parts, anchor, strict=True)
            )
        )
        return left < right if directions == {True} else left > right
    alternatives = []
    for index, (expression, descending) in enumerate(parts):
        equal = [parts[i][0] == anchor[i] for i in range(index)]
        beyond = expression < anchor[index] if descending else expression > anchor[index]
        alternatives.append(sa.and_(*equal, beyond))
    return sa.or_(*alternatives)


def keyset_page(
    query: sa.Select[Any],
    order: Sequence[Any],
    *,
    after: str | None,
    list_key: str,
    size: int | None = None,
    count_total: bool = False,
    count_in_order: bool = False,
) -> KeysetPage[Any]:
    """One page of `query` in `order` (whose last term is the primary key), after the cursor `after`.

    `list_key` names the list and its order (e.g. "letters:number_asc"): a cursor made for another
    starts from the top. Sort expressions must not be NULL (coalesce a nullable column). With
    `count_total`, the page carries the number of matching rows, counted up to TOTAL_CAP; with
    `count_in_order` too, they are counted in the list's order (for rows that come from an ordered
    source, such as a search's hits, which the database then reads in order and stops at the cap,
    instead of joining every hit unordered).
    """
    size = size or int(current_app.config.get("PAGE_SIZE", 50))
    parts = _key_parts(order)
    primary_key = parts[-1][0]
    total = capped = None
    if count_total:
        total, capped = capped_total(query.order_by(None).order_by(*order) if count_in_order else query.order_by(None))
        if total == 0:  # nothing matches: no page to read (a worklist's empty sections cost one query)
            return KeysetPage([], None, not after, 0, False)
    last_id = decode_cursor(after, list_key)
    anchor = None
    if last_id is not None:
        anchor = db.session.execute(sa.select(*(e for e, _ in parts)).where(primary_key == last_id)).first()
    if anchor is not None:
        query = query.where(_after(parts, tuple(anchor)))
    rows = list(db.session.scalars(query.order_by(None).order_by(*order).limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(list_key, _row_id(rows[-1], primary_key)) if more and rows else None
    return KeysetPage(rows, next_cursor, anchor is None, total, bool(capped))


def ordered_page(
    items: Sequence[T], key: Callable[[T], int], *, after: str | None, list_key: str, size: int | None = None
) -> KeysetPage[T]:
    """One page of a list computed whole in memory, `items` in ascending order of the unique integer `key`: the
    cursor names the last key shown (as keyset_page's names the last row), the page after it starts strictly
    after that key — also when that item has left the list since — and the total is exact (the list is whole)."""
    size = size or int(current_app.config.get("PAGE_SIZE", 50))
    last = decode_cursor(after, list_key)
    start = bisect_right([key(item) for item in items], last) if last is not None else 0
    rows = list(items[start : start + size])
    more = start + size < len(items)
    next_cursor = encode_cursor(list_key, key(rows[-1])) if more and rows else None
    return KeysetPage(rows, next_cursor, last is None, len(items), False)


def key_page(
    query: sa.Select[Any], key: Any, *, after: str | None, list_key: str, size: int | None = None
) -> KeysetPage[Any]:
    """One page of `query`'s rows (named tuples) in ascending order of `key`, a unique integer column it selects (a
    derived table's id: a report figure's records, petitions.reports.drilldown), with the capped total. The key is
    the whole order, so the cursor's last key is the anchor itself (no row to read back): the page after it starts
    strictly after that key, also when that row has left the list since (as ordered_page)."""
    size = size or int(current_app.config.get("PAGE_SIZE", 50))
    total, capped = capped_total(query)
    if total == 0:
        return KeysetPage([], None, not after, 0, False)
    last = decode_cursor(after, list_key)
    if last is not None:
        query = query.where(key > last)
    rows = list(db.session.execute(query.order_by(None).order_by(key).limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(list_key, int(rows[-1]._mapping[key])) if more and rows else None
    return KeysetPage(rows, next_cursor, last is None, total, capped)


def capped_total(query: sa.Select[Any]) -> tuple[int, bool]:
    """The number of rows `query` matches, counted up to TOTAL_CAP, and whether there are more (a list's or a
    home page's badge: "Hơn 1000"). Counted as given: ordered, the database reads the rows in that order and
    stops at the cap (keyset_page's `count_in_order`)."""
    counted = int(db.session.scalar(sa.select(sa.func.count()).select_from(query.limit(TOTAL_CAP + 1).subquery())) or 0)
    return min(counted, TOTAL_CAP), counted > TOTAL_CAP


def keyset_chunks(query: sa.Select[Any], order: Sequence[Any], *, size: int) -> Iterator[list[Any]]:
    """All rows of `query` in `order` (primary key last), `size` at a time, each chunk starting after
    the last row of the one before: for exports that read a whole range without offset scans."""
    parts = _key_parts(order)
    primary_key = parts[-1][0]
    ordered = query.order_by(None).order_by(*order)
    anchor: tuple[Any, ...] | None = None
    while True:
        chunk = ordered if anchor is None else ordered.where(_after(parts, anchor))
        rows = list(db.session.scalars(chunk.limit(size)))
        if rows:
            yield rows
        if len(rows) < size:
            return
        last_id = _row_id(rows[-1], primary_key)
        anchor = tuple(db.session.execute(sa.select(*(e for e, _ in parts)).where(primary_key == last_id)).one())


def _row_id(row: Any, primary_key: Any) -> int:
    return int(getattr(row, primary_key.key))


def page_url(cursor: str | None = None, args: dict[str, Any] | None = None) -> str:
    """The current list's URL for another page: the same path and filters, `after` replaced.

    Filters come from `args` when the view names them (e.g. to leave a value out), else from the
    request's own query string. Empty values are dropped.
    """
    if args is not None:
        query: dict[str, Any] = {key: value for key, value in args.items() if value not in (None, "")}
    else:
        query = {key: values for key, values in request.args.lists() if any(values)}
    query.pop("after", None)
    if cursor:
        query = {"after": cursor, **query}
    return url_for(request.endpoint or "", **(request.view_args or {}), **query)
