"""A submitted report against the figures of today: figure by figure, what changed and which records caused it.

At submission every figure of every form is stored with the records it counted (petitions.domain.drilldown's
``Counted``: the records a column's counting rule selects, each with its amount), one list per unit row and
column; the total row is the sum of the rows, so its records are the rows' records. A recompute reads the same
records from the facts of today and compares, cell by cell:

  - **a record added** counts in the figure now and did not when it was submitted; **removed**, the other way;
  - **an amount changed** (a column that sums an amount: persons, money, land …): the record counts on both sides
    with another amount;
  - a vụ việc column lists one record per case (the case's first visit or letter): its records are compared by
    the case, so a case that gained an earlier letter is not a change, a case that left the column is;
  - the total row's changes are its rows' changes, each naming its row.

A cell is listed when its figure changed, or when its records changed while the figure stayed (one letter out and
another in): the figure sent is still right then, but the records behind it are not the same (``figure_changed``
tells the two apart). Nothing else is listed, so an unchanged report lists nothing.

The snapshot is plain JSON (``form_snapshot``, ``read_snapshot``), stored with the submission.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from petitions.domain.drilldown import Counted, RecordKind
from petitions.domain.statistics import Figure, FigureKind, exact_text, zero_of


@dataclass(frozen=True)
class SnapshotColumn:
    """A numeric column of a submitted form: what its figures are and what its records are."""

    number: int
    label: str
    kind: FigureKind  # count, money or land
    records: RecordKind  # what the column lists
    lists_cases: bool = False  # a vụ việc column: each record stands for a case
    weighted: bool = False  # the column sums an amount of each record


def figure_from_json(value: Any, kind: FigureKind) -> Figure:
    """A figure as the forms' JSON writes it (outputs.to_json: an int, or money and land as exact text)."""
    return int(value) if kind is FigureKind.COUNT else Decimal(str(value))


def _encode(item: Counted, column: SnapshotColumn) -> int | list[Any]:
    """A record as stored: its id alone when it adds 1 and stands for no case, else [id, amount, case]."""
    if column.kind is FigureKind.COUNT and item.weight == 1 and item.case_id is None:
        return item.id
    return [item.id, exact_text(item.weight, column.kind), item.case_id]


def _decode(entry: Any, column: SnapshotColumn) -> Counted:
    if isinstance(entry, int):
        return Counted(column.records, entry)
    record, weight, case = entry
    return Counted(column.records, int(record), figure_from_json(weight, column.kind), case)


def form_snapshot(
    columns: Sequence[SnapshotColumn], cells: Mapping[str, Mapping[int, Sequence[Counted]]]
) -> dict[str, Any]:
    """One form's records as JSON: its numeric columns, then per unit row and column the records counted (empty
    cells left out)."""
    by_number = {column.number: column for column in columns}
    return {
        "columns": {
            str(c.number): {
                "label": c.label,
                "kind": c.kind.value,
                "records": c.records.value,
                "cases": c.lists_cases,
                "weighted": c.weighted,
            }
            for c in columns
        },
        "rows": {
            unit: {str(number): [_encode(item, by_number[number]) for item in items] for number, items in row.items() if items}
            for unit, row in cells.items()
        },
    }


def read_snapshot(
    data: Mapping[str, Any],
) -> tuple[tuple[SnapshotColumn, ...], dict[str, dict[int, tuple[Counted, ...]]]]:
    """The columns and the records of a form_snapshot."""
    columns = tuple(
        SnapshotColumn(
            number=int(number),
            label=str(meta["label"]),
            kind=FigureKind(meta["kind"]),
            records=RecordKind(meta["records"]),
            lists_cases=bool(meta["cases"]),
            weighted=bool(meta["weighted"]),
        )
        for number, meta in data["columns"].items()
    )
    by_number = {column.number: column for column in columns}
    cells = {
        unit: {
            int(number): tuple(_decode(entry, by_number[int(number)]) for entry in entries)
            for number, entries in row.items()
        }
        for unit, row in data["rows"].items()
    }
    return columns, cells


@dataclass(frozen=True)
class FormSide:
    """One side of a comparison: a form's unit rows (key → printed name, in the form's order), each row's figures
    and the total row's (``total``), and each row's records per column."""

    names: Mapping[str, str]
    figures: Mapping[str, Mapping[int, Figure]]
    total: Mapping[int, Figure]
    records: Mapping[str, Mapping[int, Sequence[Counted]]]


class Change(StrEnum):
    ADDED = "added"  # counts now, did not when submitted
    REMOVED = "removed"  # counted when submitted, does not now
    AMOUNT = "amount"  # counts on both sides with another amount


@dataclass(frozen=True)
class RecordChange:
    """A record behind a changed cell: on ``unit``'s row, what happened to it, and its amount on each side (None
    where it does not count)."""

    unit: str
    change: Change
    item: Counted
    before: Figure | None
    after: Figure | None


@dataclass(frozen=True)
class CellChange:
    """A cell of a form whose figure or whose records changed since submission (``unit`` None: the total row)."""

    form: str
    unit: str | None
    unit_name: str
    column: SnapshotColumn
    submitted: Figure
    now: Figure
    records: tuple[RecordChange, ...]

    @property
    def difference(self) -> Figure:
        return self.now - self.submitted

    @property
    def figure_changed(self) -> bool:
        return self.now != self.submitted


def _identity(item: Counted, column: SnapshotColumn) -> tuple[Any, ...]:
    """What a record stands for in its column: the case in a vụ việc column (a record of its own otherwise)."""
    if column.lists_cases and item.case_id is not None:
        return ("case", item.case_id)
    return (item.kind.value, item.id)


def record_changes(
    unit: str, column: SnapshotColumn, before: Iterable[Counted], after: Iterable[Counted]
) -> tuple[RecordChange, ...]:
    """The records of one cell that were added, removed or counted with another amount, in id order."""
    old = {_identity(item, column): item for item in before}
    new = {_identity(item, column): item for item in after}
    out = [RecordChange(unit, Change.REMOVED, item, item.weight, None) for key, item in old.items() if key not in new]
    out += [RecordChange(unit, Change.ADDED, item, None, item.weight) for key, item in new.items() if key not in old]
    out += [
        RecordChange(unit, Change.AMOUNT, item, old[key].weight, item.weight)
        for key, item in new.items()
        if key in old and old[key].weight != item.weight
    ]
    return tuple(sorted(out, key=lambda change: (change.item.id, change.change.value)))


def compare_form(
    code: str, columns: Sequence[SnapshotColumn], submitted: FormSide, now: FormSide
) -> tuple[CellChange, ...]:
    """Every cell of form ``code`` whose figure or records differ between ``submitted`` and ``now``: the unit rows
    in the submitted form's order (rows only one side has included), then the total row, column by column."""
    units = list(submitted.names) + [unit for unit in now.names if unit not in submitted.names]
    out: list[CellChange] = []
    totals: dict[int, list[RecordChange]] = {column.number: [] for column in columns}
    for unit in units:
        name = submitted.names.get(unit) or now.names.get(unit) or unit
        for column in columns:
            zero = zero_of(column.kind)
            before = submitted.figures.get(unit, {}).get(column.number, zero)
            after = now.figures.get(unit, {}).get(column.number, zero)
            changes = record_changes(
                unit,
                column,
                submitted.records.get(unit, {}).get(column.number, ()),
                now.records.get(unit, {}).get(column.number, ()),
            )
            totals[column.number].extend(changes)
            if before != after or changes:
                out.append(CellChange(code, unit, name, column, before, after, changes))
    for column in columns:
        zero = zero_of(column.kind)
        before, after = submitted.total.get(column.number, zero), now.total.get(column.number, zero)
        changes = tuple(totals[column.number])
        if before != after or changes:
            out.append(CellChange(code, None, "", column, before, after, changes))
    return tuple(out)
