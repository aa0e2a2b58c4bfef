"""The comparison of a submitted form with today's (petitions.domain.submissions): what is listed, by hand."""

from __future__ import annotations

import json
from decimal import Decimal

from petitions.domain.drilldown import Counted, RecordKind
from petitions.domain.statistics import FigureKind
from petitions.domain.submissions import (
    Change,
    FormSide,
    SnapshotColumn,
    compare_form,
    form_snapshot,
    read_snapshot,
    record_changes,
)

LETTERS = SnapshotColumn(1, "Tổng số đơn", FigureKind.COUNT, RecordKind.LETTER)
CASES = SnapshotColumn(7, "Số vụ việc", FigureKind.COUNT, RecordKind.LETTER, lists_cases=True)
MONEY = SnapshotColumn(7, "Thu hồi cho Nhà nước: tiền", FigureKind.MONEY, RecordKind.CASE, weighted=True)
PERSONS = SnapshotColumn(2, "Số người", FigureKind.COUNT, RecordKind.VISIT, weighted=True)


def letter(record: int, case: int | None = None) -> Counted:
    return Counted(RecordKind.LETTER, record, 1, case)


def side(rows: dict[str, dict[int, list[Counted]]], names: dict[str, str] | None = None) -> FormSide:
    """A form's side whose figures are its records' sums (as the engine's are)."""
    figures = {unit: {n: sum(item.weight for item in items) for n, items in cells.items()} for unit, cells in rows.items()}
    total: dict[int, int] = {}
    for cells in figures.values():
        for n, value in cells.items():
            total[n] = total.get(n, 0) + value
    return FormSide(names=names or {unit: f"Đơn vị {unit}" for unit in rows}, figures=figures, total=total, records=rows)


def test_the_snapshot_reads_back_what_it_stored_as_plain_json() -> None:
    cells = {
        "10": {1: (letter(5), letter(9)), 7: (letter(5, 40), letter(11))},
        "11": {1: ()},
    }
    columns = (LETTERS, CASES, SnapshotColumn(9, "Tiền", FigureKind.MONEY, RecordKind.CASE, weighted=True))
    money = {"10": {9: (Counted(RecordKind.CASE, 3, Decimal("12.500")),)}}
    stored = form_snapshot(columns, {unit: cells.get(unit, {}) | money.get(unit, {}) for unit in ("10", "11")})
    assert stored["rows"] == {"10": {"1": [5, 9], "7": [[5, 1, 40], 11], "9": [[3, "12.500", None]]}, "11": {}}
    read_columns, read_cells = read_snapshot(json.loads(json.dumps(stored)))
    assert read_columns == columns
    assert read_cells["10"][1] == (letter(5), letter(9))
    assert read_cells["10"][7] == (letter(5, 40), letter(11))
    assert read_cells["10"][9] == (Counted(RecordKind.CASE, 3, Decimal("12.500")),)
    assert read_cells["11"] == {}


def test_an_unchanged_form_lists_nothing() -> None:
    rows = {"10": {1: [letter(1), letter(2)]}}
    assert compare_form("01/XLD", (LETTERS,), side(rows), side(rows)) == ()


def test_a_record_out_and_one_in_are_listed_on_the_row_and_the_total() -> None:
    submitted = side({"10": {1: [letter(1), letter(2)]}, "11": {1: [letter(3)]}})
    now = side({"10": {1: [letter(1)]}, "11": {1: [letter(3), letter(4)]}})
    cells = compare_form("01/XLD", (LETTERS,), submitted, now)
    assert [(c.unit, c.submitted, c.now, c.figure_changed) for c in cells] == [
        ("10", 2, 1, True),
        ("11", 1, 2, True),
        (None, 3, 3, False),  # the total stays at 3, yet its records changed: listed, not as a changed figure
    ]
    assert [(r.unit, r.change, r.item.id) for r in cells[2].records] == [
        ("10", Change.REMOVED, 2),
        ("11", Change.ADDED, 4),
    ]


def test_a_case_column_compares_cases_not_the_letter_standing_for_them() -> None:
    # Case 40 gained an earlier letter (7 now stands for it): no change. Case 41 left the column; letter 9, a
    # matter of its own, came in.
    submitted = {"10": {7: [letter(8, 40), letter(12, 41)]}}
    now = {"10": {7: [letter(7, 40), letter(9)]}}
    (cell, total) = compare_form("01/XLD", (CASES,), side(submitted), side(now))
    assert (cell.submitted, cell.now) == (2, 2)
    assert [(r.change, r.item.id, r.item.case_id) for r in cell.records] == [
        (Change.ADDED, 9, None),
        (Change.REMOVED, 12, 41),
    ]
    assert total.records == cell.records


def test_an_amount_column_lists_the_records_whose_amount_changed() -> None:
    before = {"10": {7: [Counted(RecordKind.CASE, 3, Decimal("12.500")), Counted(RecordKind.CASE, 4, Decimal("1"))]}}
    after = {"10": {7: [Counted(RecordKind.CASE, 3, Decimal("10.000")), Counted(RecordKind.CASE, 4, Decimal("1.000"))]}}
    (cell, _total) = compare_form("01/KQGQ", (MONEY,), side(before), side(after))
    assert cell.difference == Decimal("-2.5")
    (change,) = cell.records  # case 4: the same amount, written with other places
    assert (change.change, change.item.id, change.before, change.after) == (
        Change.AMOUNT, 3, Decimal("12.500"), Decimal("10.000")
    )


def test_a_row_only_one_side_has_is_compared_with_nothing() -> None:
    visit = Counted(RecordKind.VISIT, 5, 6)
    cells = compare_form(
        "01/TCD", (PERSONS,), side({}), side({"12": {2: [visit]}}, names={"12": "UBND xã Mới"})
    )
    assert [(c.unit, c.unit_name, c.submitted, c.now) for c in cells] == [("12", "UBND xã Mới", 0, 6), (None, "", 0, 6)]
    (gone,) = record_changes("12", PERSONS, [visit], [])
    assert (gone.change, gone.before, gone.after) == (Change.REMOVED, 6, None)
