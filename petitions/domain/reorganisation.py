"""Reorganisations of bodies and administrative units on a date (merge, split, rename): the pure planner.

A reorganisation names its sources (the bodies or units that end the day before the effective date)
and its successors (existing ones, or new records it creates). The planner checks that shape and says
which successor takes each open item; the services (petitions.directory.reorganisation) read the
items, show the plan as a preview and carry it out. Nothing here reads or writes the database.

Which successor takes an item:
  - merge and rename: the one successor;
  - split: the successor whose territory (the administrative units it governs, listed by the
    services) holds the unit where the matter arose, found by walking up from that unit; an item
    with no place unit, or one outside every territory, goes to the default successor the user chose.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from petitions.domain.types import DomainError


class ReorgSubject(enum.StrEnum):
    AGENCY = "agency"
    UNIT = "unit"


class ReorgKind(enum.StrEnum):
    MERGE = "merge"  # several → one (an existing successor, or a new one)
    SPLIT = "split"  # one → several
    RENAME = "rename"  # one → a new record under the new name


class ItemKind(enum.StrEnum):
    """The open items a reorganisation moves, in the order the preview lists them."""

    LETTER = "letter"
    CASE = "case"


@dataclass(frozen=True)
class SourceFacts:
    """What the checks need of a source: its id, whether it is still in force, from when."""

    id: int
    is_active: bool
    valid_from: date | None


@dataclass(frozen=True)
class Shape:
    """The request as the user made it: successors are the existing ones (ids) then the new ones."""

    kind: ReorgKind
    sources: tuple[SourceFacts, ...]
    existing_targets: tuple[int, ...]
    new_targets: int
    effective_on: date | None
    decision_reference: str
    default_successor: int = 0  # index among the successors (existing first, then new)

    @property
    def successor_count(self) -> int:
        return len(self.existing_targets) + self.new_targets


def check_shape(shape: Shape, *, today: date) -> None:
    """Refuse a request that is not a merge, split or rename the law knows, with the reason in Vietnamese."""
    source_ids = [source.id for source in shape.sources]
    if not source_ids:
        raise DomainError("Vui lòng chọn cơ quan, đơn vị bị sắp xếp.")
    if len(set(source_ids)) != len(source_ids):
        raise DomainError("Mỗi cơ quan, đơn vị chỉ được chọn một lần.")
    if len(set(shape.existing_targets)) != len(shape.existing_targets):
        raise DomainError("Mỗi cơ quan, đơn vị kế thừa chỉ được chọn một lần.")
    if set(source_ids) & set(shape.existing_targets):
        raise DomainError("Cơ quan, đơn vị kế thừa không thể là một trong các cơ quan, đơn vị bị sắp xếp.")
    count = shape.successor_count
    if shape.kind is ReorgKind.MERGE:
        if count != 1:
            raise DomainError("Hợp nhất, sáp nhập có đúng một cơ quan, đơn vị kế thừa.")
        if shape.new_targets and len(source_ids) < 2:
            raise DomainError("Hợp nhất thành đơn vị mới cần ít nhất hai đơn vị; đổi tên một đơn vị là “đổi tên”.")
    elif shape.kind is ReorgKind.SPLIT:
        if len(source_ids) != 1:
            raise DomainError("Chia tách áp dụng cho đúng một cơ quan, đơn vị.")
        if count < 2:
            raise DomainError("Chia tách cần ít nhất hai cơ quan, đơn vị kế thừa.")
    elif shape.kind is ReorgKind.RENAME:
        if len(source_ids) != 1 or shape.existing_targets or shape.new_targets != 1:
            raise DomainError("Đổi tên áp dụng cho đúng một cơ quan, đơn vị và tạo một bản ghi mang tên mới.")
    if not 0 <= shape.default_successor < count:
        raise DomainError("Vui lòng chọn cơ quan, đơn vị nhận các việc không xác định được địa bàn.")
    if shape.effective_on is None:
        raise DomainError("Vui lòng nhập ngày có hiệu lực.")
    if shape.effective_on > today:
        raise DomainError("Chỉ ghi nhận sắp xếp từ ngày quyết định có hiệu lực (không ghi trước cho ngày tương lai).")
    for source in shape.sources:
        if not source.is_active:
            raise DomainError("Một cơ quan, đơn vị được chọn đã ngừng hoạt động.")
        if source.valid_from is not None and shape.effective_on <= source.valid_from:
            raise DomainError("Ngày có hiệu lực phải sau ngày bắt đầu hiệu lực của cơ quan, đơn vị bị sắp xếp.")
    if not shape.decision_reference.strip():
        raise DomainError("Vui lòng ghi căn cứ (số, ngày của nghị quyết, quyết định).")


@dataclass(frozen=True)
class OpenItem:
    """An open letter or case of a source: its id and the unit where the matter arose (None: unknown)."""

    kind: ItemKind
    id: int
    place_unit_id: int | None = None


@dataclass(frozen=True)
class Assignment:
    """Which successor (index) takes each item, by kind: {successor: {kind: [ids]}}."""

    by_successor: dict[int, dict[ItemKind, list[int]]] = field(default_factory=dict)

    def ids(self, successor: int, kind: ItemKind) -> list[int]:
        return self.by_successor.get(successor, {}).get(kind, [])

    def count(self, kind: ItemKind) -> int:
        return sum(len(kinds.get(kind, [])) for kinds in self.by_successor.values())


def check_territories(territories: Sequence[Iterable[int]]) -> None:
    """Two successors of a split cannot govern the same unit: an item there would have two heirs."""
    seen: set[int] = set()
    for territory in territories:
        units = set(territory)
        if seen & units:
            raise DomainError("Địa bàn của các cơ quan, đơn vị kế thừa bị trùng nhau.")
        seen |= units


def successor_for(
    place_unit_id: int | None, territories: Sequence[frozenset[int]], unit_parents: Mapping[int, int | None], default: int
) -> int:
    """The successor whose territory holds the unit or one of the units above it; else the default."""
    seen: set[int] = set()
    unit = place_unit_id
    while unit is not None and unit not in seen:
        for index, territory in enumerate(territories):
            if unit in territory:
                return index
        seen.add(unit)
        unit = unit_parents.get(unit)
    return default


def assign(
    kind: ReorgKind,
    items: Iterable[OpenItem],
    *,
    territories: Sequence[frozenset[int]] = (),
    unit_parents: Mapping[int, int | None] | None = None,
    default: int = 0,
) -> Assignment:
    """Every item to its successor: the one successor of a merge or rename; by territory for a split."""
    result: dict[int, dict[ItemKind, list[int]]] = {}
    parents = unit_parents or {}
    for item in items:
        if kind is ReorgKind.SPLIT:
            index = successor_for(item.place_unit_id, territories, parents, default)
        else:
            index = 0
        result.setdefault(index, {}).setdefault(item.kind, []).append(item.id)
    return Assignment(result)


def number_ranges(numbers: Iterable[int]) -> str:
    """'1–3, 7, 9–10' for 1, 2, 3, 7, 9, 10: the register numbers a preview lists, short however many."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    index = 0
    while index < len(ordered):
        start = end = ordered[index]
        while index + 1 < len(ordered) and ordered[index + 1] == end + 1:
            index += 1
            end = ordered[index]
        parts.append(str(start) if start == end else f"{start}–{end}")
        index += 1
    return ", ".join(parts)


_UNIT_KIND_WORDS = ("Đặc khu ", "Phường ", "Xã ", "Thị trấn ", "Tỉnh ", "Thành phố ")


def _kind_word(name: str) -> str:
    return next((word for word in _UNIT_KIND_WORDS if name.lower().startswith(word.lower())), "")


def commune_committee_name(unit_name: str) -> str:
    """'Ủy ban nhân dân xã Tiên Yên' for the unit 'Xã Tiên Yên': the name of a new unit's People's Committee."""
    name = unit_name.strip()
    if not name:
        return ""
    if _kind_word(name):
        name = name[:1].lower() + name[1:]
    return f"Ủy ban nhân dân {name}"


def place_name_of(unit_name: str) -> str:
    """'Tiên Yên' for 'Xã Tiên Yên' (the địa danh a committee's papers print); other names unchanged."""
    name = unit_name.strip()
    return name[len(_kind_word(name)):].strip()
