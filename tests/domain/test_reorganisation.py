"""The reorganisation planner: which requests are merges, splits and renames, and which successor takes each item."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain.reorganisation import (
    ItemKind,
    OpenItem,
    ReorgKind,
    Shape,
    SourceFacts,
    assign,
    check_shape,
    check_territories,
    commune_committee_name,
    number_ranges,
    place_name_of,
    successor_for,
)
from petitions.domain.types import DomainError

TODAY = date(2026, 12, 7)
ON = date(2026, 12, 1)
A, B, C = (SourceFacts(1, True, None), SourceFacts(2, True, date(2025, 7, 1)), SourceFacts(3, True, None))


def shape(kind: ReorgKind, sources: tuple[SourceFacts, ...], existing: tuple[int, ...] = (), new: int = 0, **kw) -> Shape:
    values = {"effective_on": ON, "decision_reference": "NQ 1/NQ-HĐND", "default_successor": 0} | kw
    return Shape(kind, sources, existing, new, **values)


@pytest.mark.parametrize(
    ("request_shape", "refusal"),
    [
        (shape(ReorgKind.MERGE, (A, B), existing=(9,)), None),
        (shape(ReorgKind.MERGE, (A,), existing=(9,)), None),  # A merged into an existing body
        (shape(ReorgKind.MERGE, (A, B), new=1), None),  # A and B into a new one
        (shape(ReorgKind.MERGE, (A,), new=1), "đổi tên"),  # one into a new one is a rename
        (shape(ReorgKind.MERGE, (A, B), existing=(9,), new=1), "đúng một"),
        (shape(ReorgKind.MERGE, (A, B), existing=(2,)), "không thể là"),
        (shape(ReorgKind.MERGE, (A, A), existing=(9,)), "một lần"),
        (shape(ReorgKind.MERGE, (), existing=(9,)), "Vui lòng chọn"),
        (shape(ReorgKind.SPLIT, (A,), existing=(8, 9)), None),
        (shape(ReorgKind.SPLIT, (A,), existing=(8,), new=1, default_successor=1), None),
        (shape(ReorgKind.SPLIT, (A,), existing=(8,)), "ít nhất hai"),
        (shape(ReorgKind.SPLIT, (A, B), existing=(8, 9)), "đúng một"),
        (shape(ReorgKind.SPLIT, (A,), existing=(8, 9), default_successor=2), "không xác định được địa bàn"),
        (shape(ReorgKind.RENAME, (A,), new=1), None),
        (shape(ReorgKind.RENAME, (A,), existing=(9,)), "tên mới"),
        (shape(ReorgKind.RENAME, (A, C), new=1), "tên mới"),
        (shape(ReorgKind.MERGE, (A,), existing=(9,), effective_on=None), "ngày có hiệu lực"),
        (shape(ReorgKind.MERGE, (A,), existing=(9,), effective_on=date(2026, 12, 8)), "tương lai"),
        (shape(ReorgKind.MERGE, (B,), existing=(9,), effective_on=date(2025, 7, 1)), "sau ngày bắt đầu"),
        (shape(ReorgKind.MERGE, (SourceFacts(4, False, None),), existing=(9,)), "ngừng hoạt động"),
        (shape(ReorgKind.MERGE, (A,), existing=(9,), decision_reference=" "), "căn cứ"),
    ],
)
def test_check_shape(request_shape: Shape, refusal: str | None) -> None:
    if refusal is None:
        check_shape(request_shape, today=TODAY)
    else:
        with pytest.raises(DomainError, match=refusal):
            check_shape(request_shape, today=TODAY)


# Units: province 1 > old district 10 > communes 100, 101, 102; commune 200 under the province.
PARENTS = {1: None, 10: 1, 100: 10, 101: 10, 102: 10, 200: 1}


@pytest.mark.parametrize(
    ("place", "territories", "expected"),
    [
        (100, [frozenset({100}), frozenset({101})], 0),
        (101, [frozenset({100}), frozenset({101})], 1),
        (102, [frozenset({100}), frozenset({101})], 1),  # outside both: the default (1)
        (None, [frozenset({100}), frozenset({101})], 1),  # no place recorded: the default
        (100, [frozenset({10}), frozenset({200})], 0),  # found by walking up to the district
        (999, [frozenset({100}), frozenset({101})], 1),  # a unit the tree does not know
    ],
)
def test_successor_for(place: int | None, territories: list[frozenset[int]], expected: int) -> None:
    assert successor_for(place, territories, PARENTS, default=1) == expected


def test_successor_for_stops_on_a_loop_in_the_units() -> None:
    assert successor_for(5, [frozenset({7})], {5: 6, 6: 5}, default=0) == 0


def test_assign_a_merge_gives_everything_to_the_one_successor() -> None:
    items = [OpenItem(ItemKind.LETTER, 1, 100), OpenItem(ItemKind.CASE, 7, None), OpenItem(ItemKind.LETTER, 2, 200)]
    plan = assign(ReorgKind.MERGE, items, territories=[frozenset({200})], unit_parents=PARENTS, default=0)
    assert plan.ids(0, ItemKind.LETTER) == [1, 2] and plan.ids(0, ItemKind.CASE) == [7]
    assert plan.count(ItemKind.LETTER) == 2 and set(plan.by_successor) == {0}


def test_assign_a_split_by_the_matters_place() -> None:
    items = [
        OpenItem(ItemKind.LETTER, 1, 100),
        OpenItem(ItemKind.LETTER, 2, 101),
        OpenItem(ItemKind.LETTER, 3, None),
        OpenItem(ItemKind.CASE, 4, 101),
        OpenItem(ItemKind.CASE, 5, 102),
    ]
    plan = assign(
        ReorgKind.SPLIT, items, territories=[frozenset({100}), frozenset({101})], unit_parents=PARENTS, default=0
    )
    assert plan.ids(0, ItemKind.LETTER) == [1, 3] and plan.ids(1, ItemKind.LETTER) == [2]
    assert plan.ids(1, ItemKind.CASE) == [4] and plan.ids(0, ItemKind.CASE) == [5]
    assert plan.count(ItemKind.LETTER) + plan.count(ItemKind.CASE) == len(items)


def test_overlapping_territories_are_refused() -> None:
    check_territories([{1, 2}, {3}])
    with pytest.raises(DomainError, match="trùng"):
        check_territories([{1, 2}, {2, 3}])


@pytest.mark.parametrize(
    ("numbers", "text"),
    [([], ""), ([5], "5"), ([3, 1, 2], "1–3"), ([1, 2, 3, 7, 9, 10, 10], "1–3, 7, 9–10"), ([4, 6], "4, 6")],
)
def test_number_ranges(numbers: list[int], text: str) -> None:
    assert number_ranges(numbers) == text


@pytest.mark.parametrize(
    ("unit", "committee", "place"),
    [
        ("Xã Tiên Yên", "Ủy ban nhân dân xã Tiên Yên", "Tiên Yên"),
        ("Phường Hồng Gai", "Ủy ban nhân dân phường Hồng Gai", "Hồng Gai"),
        ("Đặc khu Vân Đồn", "Ủy ban nhân dân đặc khu Vân Đồn", "Vân Đồn"),
        ("Hạ Long", "Ủy ban nhân dân Hạ Long", "Hạ Long"),
    ],
)
def test_names_of_a_new_units_committee(unit: str, committee: str, place: str) -> None:
    assert commune_committee_name(unit) == committee and place_name_of(unit) == place
