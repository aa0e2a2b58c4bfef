"""Reorganisations on a date (merge, split, rename) of bodies and administrative units: preview, then apply.

One step, previewed and recorded (docs/reorganisations.md):
  - the preview reads what would move — open letters and cases, their running clocks, open referrals,
    users, routing rules, the bodies or units below — as counts and register / case numbers only;
  - applying it ends the sources the day before the effective date (successor, inactive), creates the
    new records, moves the open items, the users and the records below, lets referrals and routing
    rules follow, and writes one `reorganisation` row, all under one history reason, in the caller's
    transaction (flush only; the view commits through the save helper).
Old records keep the body they had: closed letters and cases, and every letter's register
(register_agency_id, number, year). A running clock keeps its due date: it runs on its letter or case,
which now belongs to the successor. A unit's reorganisation carries the People's Committees that govern
the units (agency.unit_id): they are reorganised the same way, on the same date, in the same step.

The preview carries a fingerprint of its plan (what moves where, and the versions of the records it
changes); applying refuses a plan that changed since (someone edited, opened or closed an item): the
administrator previews again.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases.models import CaseFile
from petitions.concurrency import StaleRecord
from petitions.deadlines.models import Clock, RecordType
from petitions.directory.models import AdministrativeUnit, Agency, AgencyOfficial, Reorganisation
from petitions.domain.records import CLOSED_CASE_STATUSES, CLOSED_LETTER_STATUSES
from petitions.domain.reorganisation import (
    Assignment,
    ItemKind,
    OpenItem,
    ReorgKind,
    ReorgSubject,
    Shape,
    SourceFacts,
    assign,
    check_shape,
    check_territories,
    commune_committee_name,
    number_ranges,
    place_name_of,
)
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.models import Letter
from petitions.referrals import services as referrals
from petitions.referrals.models import Referral
from petitions.routing import services as routing
from petitions.routing.models import RoutingRule
from petitions.scoping import OutOfScope, get_visible_or_404

KIND_LABELS = {ReorgKind.MERGE: "Hợp nhất, sáp nhập", ReorgKind.SPLIT: "Chia tách", ReorgKind.RENAME: "Đổi tên"}


@dataclass(frozen=True)
class NewSuccessor:
    """A successor the step creates: its code and name (a new body, a new unit, a renamed record)."""

    code: str
    name: str


@dataclass(frozen=True)
class ReorgRequest:
    """What the administrator asked for. Successors: the existing ones (ids) first, then the new ones."""

    subject: ReorgSubject
    kind: ReorgKind
    source_ids: tuple[int, ...]
    target_ids: tuple[int, ...] = ()
    new_targets: tuple[NewSuccessor, ...] = ()
    effective_on: date | None = None
    decision_reference: str = ""
    reason: str = ""
    default_target_id: int | None = None  # an existing successor; None: the first new one (else the first)


@dataclass
class SuccessorMoves:
    """What one successor takes: counts and numbers only (never a letter's content or a person's name)."""

    label: str
    is_new: bool
    letters: int = 0
    cases: int = 0
    referrals: int = 0
    clocks: int = 0
    users: int = 0
    children: int = 0
    letter_numbers: list[str] = field(default_factory=list)  # "XA · 2026: 1–5, 9"
    case_numbers: str = ""


@dataclass
class ReorgPreview:
    request: ReorgRequest
    note: str
    source_labels: list[str]
    successors: list[SuccessorMoves]
    carried_sources: list[str]  # a unit's reorganisation: the committees it carries
    carried_successors: list[str]
    counts: dict[str, int]
    fingerprint: str


class PlanChanged(StaleRecord):
    """The items or records changed between the preview and the confirmation: nothing was written."""

    def __init__(self) -> None:
        DomainError.__init__(
            self,
            "Dữ liệu đã thay đổi từ khi xem trước (có đơn, vụ việc hoặc cơ quan vừa được cập nhật). "
            "Chưa có gì được ghi; hãy xem trước lại rồi xác nhận.",
        )
        self.saved_by = None
        self.saved_at = None


# ----------------------------------------------------------------------------------------------- loading


def _load(model: Any, ids: Sequence[int], field_name: str) -> list[Any]:
    """Directory records named in the form, each through the one loader (a missing id is a form error)."""
    refuse = OutOfScope("Không tìm thấy cơ quan, đơn vị đã chọn.", field=field_name)
    return [get_visible_or_404(sa.select(model), ident, refuse=refuse) for ident in ids]


@dataclass
class _Side:
    """One level of the plan (the units of a unit's reorganisation, or bodies): sources and successors, in
    order (an existing record, or a NewSuccessor the step creates); `default` indexes the successors."""

    model: Any
    sources: list[Any]
    successors: list[Any]
    default: int
    territories: list[frozenset[int]] = field(default_factory=list)

    @property
    def existing(self) -> list[Any]:
        return [s for s in self.successors if not isinstance(s, NewSuccessor)]


@dataclass
class _Plan:
    request: ReorgRequest
    units: _Side | None
    agencies: _Side | None
    assignment: Assignment
    note: str
    registers: dict[int, tuple[str, int, int]]  # open letter → (register's code, year, number)

    @property
    def agency_sources(self) -> list[int]:
        return [a.id for a in self.agencies.sources] if self.agencies is not None else []

    @property
    def unit_sources(self) -> list[int]:
        return [u.id for u in self.units.sources] if self.units is not None else []

    def open_referrals(self) -> sa.Select[Any]:
        """Referrals sent to a source body or by it, not completed (referrals.services.follow_reorganisation
        moves exactly these)."""
        return sa.select(Referral.id).where(referrals.follows_reorganisation(self.agency_sources))

    def following_rules(self) -> sa.Select[Any]:
        assert self.request.effective_on is not None
        return sa.select(RoutingRule.id).where(
            routing.follows_reorganisation(self.agency_sources, self.unit_sources, self.request.effective_on)
        )


def _default_index(request: ReorgRequest, existing: list[Any]) -> int:
    if request.default_target_id:
        for index, record in enumerate(existing):
            if record.id == request.default_target_id:
                return index
        raise OutOfScope("Cơ quan, đơn vị nhận mặc định phải là một trong các cơ quan, đơn vị kế thừa.",
                         field="default_target_id")
    return len(existing) if request.new_targets else 0


def _unit_subtree(unit_ids: Sequence[int], parents: dict[int, int | None]) -> frozenset[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for unit, parent in parents.items():
        if parent is not None:
            children[parent].append(unit)
    found: set[int] = set()
    todo = list(unit_ids)
    while todo:
        unit = todo.pop()
        if unit not in found:
            found.add(unit)
            todo.extend(children.get(unit, ()))
    return frozenset(found)


def _all_unit_parents() -> dict[int, int | None]:
    return {row[0]: row[1] for row in db.session.execute(sa.select(AdministrativeUnit.id, AdministrativeUnit.parent_id))}


def _carried_side(units: _Side) -> _Side | None:
    """The People's Committees of a unit's reorganisation: those governing the sources, and for each
    successor unit, in order, the committee governing it (a new one when it has none)."""
    source_ids = [unit.id for unit in units.sources]
    sources = list(
        db.session.scalars(
            sa.select(Agency).where(Agency.unit_id.in_(source_ids), Agency.is_active.is_(True)).order_by(Agency.id)
        )
    )
    if not sources:
        return None
    successors: list[Any] = []
    for unit in units.successors:
        committee = None
        if not isinstance(unit, NewSuccessor):
            committee = db.session.scalar(
                sa.select(Agency).where(Agency.unit_id == unit.id, Agency.is_active.is_(True)).order_by(Agency.id).limit(1)
            )
        successors.append(committee or NewSuccessor(code="", name=commune_committee_name(unit.name)))
    return _Side(Agency, sources, successors, units.default)


def _plan(request: ReorgRequest, *, today: date) -> _Plan:
    """Load and check everything the request names, then assign every open item to its successor."""
    if request.subject is ReorgSubject.UNIT:
        model: Any = AdministrativeUnit
    else:
        model = Agency
    sources = _load(model, request.source_ids, "source_ids")
    existing = _load(model, request.target_ids, "target_ids")
    new = [NewSuccessor(normalise_text(n.code), normalise_text(n.name)) for n in request.new_targets]
    default = _default_index(request, existing)
    shape = Shape(
        kind=request.kind,
        sources=tuple(SourceFacts(s.id, s.is_active, s.valid_from) for s in sources),
        existing_targets=tuple(t.id for t in existing),
        new_targets=len(new),
        effective_on=request.effective_on,
        decision_reference=request.decision_reference,
        default_successor=default,
    )
    check_shape(shape, today=today)
    for target in existing:
        if not target.is_active:
            raise OutOfScope("Cơ quan, đơn vị kế thừa đã ngừng hoạt động.", field="target_ids")
    for successor in new:
        if not successor.code or not successor.name:
            raise OutOfScope("Mỗi dòng tên mới ghi: mã | tên.", field="new_targets")
        if db.session.scalar(sa.select(model.id).where(model.code == successor.code)) is not None:
            raise OutOfScope(f"Mã {successor.code} đã được dùng.", field="new_targets")
    if len({n.code for n in new}) != len(new):
        raise OutOfScope("Mỗi cơ quan, đơn vị mới cần một mã riêng.", field="new_targets")
    side = _Side(model, sources, [*existing, *new], default)
    parents = _all_unit_parents()
    units: _Side | None = None
    agencies: _Side | None
    if request.subject is ReorgSubject.UNIT:
        units = side
        agencies = _carried_side(side)
        if agencies is not None:
            # A committee's territory is its unit's: successor i governs successor unit i.
            agencies.territories = [
                frozenset() if isinstance(u, NewSuccessor) else _unit_subtree([u.id], parents) for u in units.successors
            ]
    else:
        agencies = side
        agencies.territories = [
            _unit_subtree([a.unit_id], parents) if a.unit_id else frozenset() for a in existing
        ] + [frozenset() for _ in new]  # a new body governs no unit yet
    if agencies is not None:
        check_territories(agencies.territories)
    assert request.effective_on is not None  # check_shape refused a missing date
    sources_text = ", ".join(s.code for s in sources)
    targets_text = ", ".join([t.code for t in existing] + [n.code for n in new])
    note = (
        f"{KIND_LABELS[request.kind]} {sources_text} → {targets_text} từ {request.effective_on:%d/%m/%Y} "
        f"({normalise_text(request.decision_reference)})"
    )
    if request.reason.strip():
        note += f": {normalise_text(request.reason)}"
    assignment = Assignment()
    registers: dict[int, tuple[str, int, int]] = {}
    if agencies is not None:
        items, registers = _open_items([a.id for a in agencies.sources], with_places=request.kind is ReorgKind.SPLIT)
        assignment = assign(
            request.kind,
            items,
            territories=agencies.territories,
            unit_parents=parents,
            default=agencies.default,
        )
    return _Plan(request, units, agencies, assignment, note[:500], registers)


# ----------------------------------------------------------------------------------------------- the items


def _open_letters(source_ids: Sequence[int]) -> sa.Select[Any]:
    """Open letters some source is in charge of or was given (void ones are no work: they stay)."""
    return sa.select(Letter.id).where(
        sa.or_(Letter.agency_in_charge_id.in_(source_ids), Letter.assigned_agency_id.in_(source_ids)),
        Letter.status.not_in(CLOSED_LETTER_STATUSES),
        Letter.is_void.is_(False),
    )


def _open_cases(source_ids: Sequence[int]) -> sa.Select[Any]:
    return sa.select(CaseFile.id).where(
        sa.or_(CaseFile.agency_in_charge_id.in_(source_ids), CaseFile.assigned_agency_id.in_(source_ids)),
        CaseFile.status.not_in(CLOSED_CASE_STATUSES),
    )


def _open_items(source_ids: Sequence[int], *, with_places: bool) -> tuple[list[OpenItem], dict[int, tuple[str, int, int]]]:
    """The sources' open letters and cases, with the unit where each matter arose when a split needs it (a
    case: its letters' first), and each letter's register entry (register's code, year, number) read in the
    same statement for the preview."""
    letter_query = (
        _open_letters(source_ids)
        .add_columns(Letter.place_unit_id, Agency.code, Letter.register_year, Letter.register_number)
        .join(Agency, Agency.id == Letter.register_agency_id)
        .order_by(Letter.id)
    )
    items: list[OpenItem] = []
    registers: dict[int, tuple[str, int, int]] = {}
    for ident, place, code, year, number in db.session.execute(letter_query):
        items.append(OpenItem(ItemKind.LETTER, ident, place))
        registers[ident] = (code, year, number)
    case_places: dict[int, int | None] = {}
    if with_places:
        case_places = {
            case_id: place
            for case_id, place in db.session.execute(
                sa.select(Letter.case_id, sa.func.min(Letter.place_unit_id))
                .where(Letter.case_id.in_(_open_cases(source_ids)), Letter.place_unit_id.is_not(None))
                .group_by(Letter.case_id)
            )
            if case_id is not None  # the condition's IN already excludes letters without a case
        }
    items += [
        OpenItem(ItemKind.CASE, case_id, case_places.get(case_id))
        for case_id in db.session.scalars(_open_cases(source_ids).order_by(CaseFile.id))
    ]
    return items, registers


def _id_chunks(ids: Sequence[int], whole: sa.Select[Any] | None) -> list[Any]:
    """The ids as conditions' operands: the query that selects them all when one successor takes every item
    of the kind (one statement however many), else the listed ids in chunks under SQLite's bound-parameter
    limit (a split)."""
    if whole is not None:
        return [whole]
    return [list(ids[start:start + 900]) for start in range(0, len(ids), 900)]


def _running_clocks(record_type: str, ids: Sequence[int], whole: sa.Select[Any] | None = None) -> int:
    if not ids:
        return 0
    return sum(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Clock).where(
                Clock.record_type == record_type, Clock.record_id.in_(chunk), Clock.closed_at.is_(None)
            )
        ) or 0
        for chunk in _id_chunks(ids, whole)
    )


def _letter_numbers(ids: Sequence[int], registers: dict[int, tuple[str, int, int]]) -> list[str]:
    """'XA · 2026: 1–5, 9' per register and year: the numbers stay, the responsibility moves."""
    numbers: dict[tuple[str, int], list[int]] = defaultdict(list)
    for ident in ids:
        code, year, number = registers[ident]
        numbers[(code, year)].append(number)
    return [f"{code} · {year}: {number_ranges(found)}" for (code, year), found in sorted(numbers.items())]


def _count_where(model: Any, column: Any, ids: Sequence[int]) -> int:
    if not ids:
        return 0
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(column.in_(ids))) or 0


def _label(record: Any) -> str:
    return f"{record.code} — {record.name}"


def _successor_label(successor: Any) -> str:
    if isinstance(successor, NewSuccessor):
        return f"{successor.code} — {successor.name}" if successor.code else successor.name
    return _label(successor)


def _fingerprint(plan: _Plan) -> str:
    """What the confirmation must find unchanged: the assignment and the versions of the records changed."""
    parts: list[str] = []
    for index in sorted(plan.assignment.by_successor):
        for kind in ItemKind:
            parts.append(f"{index}:{kind}:{','.join(map(str, plan.assignment.ids(index, kind)))}")
    for side in (plan.units, plan.agencies):
        if side is not None:
            parts += [f"{type(r).__name__}:{r.id}:{r.version}" for r in [*side.sources, *side.existing]]
    if plan.agencies is not None:
        ids = [a.id for a in plan.agencies.sources]
        parts.append("users:" + ",".join(map(str, db.session.scalars(
            sa.select(User.id).where(User.agency_id.in_(ids)).order_by(User.id)))))
    parts.append("referrals:" + ",".join(map(str, db.session.scalars(plan.open_referrals().order_by(Referral.id)))))
    parts.append("rules:" + ",".join(map(str, db.session.scalars(plan.following_rules().order_by(RoutingRule.id)))))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def preview(request: ReorgRequest, *, today: date) -> ReorgPreview:
    """What applying the request would move, without writing anything."""
    plan = _plan(request, today=today)
    main = plan.units or plan.agencies
    assert main is not None
    successors = [SuccessorMoves(_successor_label(r), isinstance(r, NewSuccessor)) for r in main.successors]
    counts = {"letters": 0, "cases": 0, "clocks": 0, "users": 0, "children": 0}
    if plan.agencies is not None:
        agency_ids = [a.id for a in plan.agencies.sources]
        for index, moves in enumerate(successors):
            letters = plan.assignment.ids(index, ItemKind.LETTER)
            cases = plan.assignment.ids(index, ItemKind.CASE)
            moves.letters, moves.cases = len(letters), len(cases)
            every_letter = _open_letters(agency_ids) if len(letters) == plan.assignment.count(ItemKind.LETTER) else None
            every_case = _open_cases(agency_ids) if len(cases) == plan.assignment.count(ItemKind.CASE) else None
            moves.clocks = _running_clocks(RecordType.LETTER, letters, every_letter) + _running_clocks(
                RecordType.CASE, cases, every_case
            )
            moves.letter_numbers = _letter_numbers(letters, plan.registers)
            moves.case_numbers = number_ranges(cases)
        heir = successors[plan.agencies.default]
        heir.users = _count_where(User, User.agency_id, agency_ids)
        # Referrals go to the default successor with their waiting clocks (they run on the referral).
        referral_ids = list(db.session.scalars(plan.open_referrals()))
        heir.referrals = len(referral_ids)
        heir.clocks += _running_clocks(RecordType.REFERRAL, referral_ids, plan.open_referrals())
        if plan.units is None:
            successors[plan.agencies.default].children = _count_where(Agency, Agency.parent_id, agency_ids)
    if plan.units is not None:
        unit_ids = [u.id for u in plan.units.sources]
        successors[plan.units.default].children = _count_where(AdministrativeUnit, AdministrativeUnit.parent_id, unit_ids)
    counts["routing_rules"] = db.session.scalar(sa.select(sa.func.count()).select_from(plan.following_rules().subquery())) or 0
    counts["referrals"] = sum(moves.referrals for moves in successors)
    for moves in successors:
        counts["letters"] += moves.letters
        counts["cases"] += moves.cases
        counts["clocks"] += moves.clocks
        counts["users"] += moves.users
        counts["children"] += moves.children
    carried_sources = [_label(a) for a in plan.agencies.sources] if plan.units and plan.agencies else []
    carried_successors = [_successor_label(a) for a in plan.agencies.successors] if plan.units and plan.agencies else []
    return ReorgPreview(
        request=request,
        note=plan.note,
        source_labels=[_label(s) for s in main.sources],
        successors=successors,
        carried_sources=carried_sources,
        carried_successors=carried_successors,
        counts=counts,
        fingerprint=_fingerprint(plan),
    )


# ----------------------------------------------------------------------------------------------- applying


def apply(request: ReorgRequest, *, fingerprint: str, actor: Any, today: date) -> Reorganisation:
    """Carry out the previewed request in the caller's transaction; refused (PlanChanged) when the plan
    is not the one previewed. Flush only."""
    plan = _plan(request, today=today)
    if _fingerprint(plan) != fingerprint:
        raise PlanChanged()
    on = request.effective_on
    assert on is not None
    counts = {"letters": 0, "cases": 0, "referrals": 0, "clocks": 0, "users": 0, "children": 0, "routing_rules": 0}
    with history_context(actor=actor, reason=plan.note):
        unit_ids: list[int] = []
        if plan.units is not None:
            unit_ids = _create_successors(plan.units, plan, on)
            counts["children"] += _retire_sources(plan.units, unit_ids, on, move_under=False)
        agency_ids: list[int] = []
        if plan.agencies is not None:
            agency_ids = _create_successors(plan.agencies, plan, on, unit_ids=unit_ids)
            moved = _move_items(plan, agency_ids)
            counts["letters"], counts["cases"], counts["clocks"] = moved
            source_ids = [a.id for a in plan.agencies.sources]
            heir = agency_ids[plan.agencies.default]
            counts["users"] = _move_users(source_ids, heir)
            moved_referrals = referrals.follow_reorganisation(
                agency_map={source: heir for source in source_ids}, on=on, actor=actor, reason=plan.note
            )
            counts["referrals"] = len(moved_referrals)
            counts["clocks"] += _running_clocks(RecordType.REFERRAL, [r.id for r in moved_referrals])
            children = _retire_sources(plan.agencies, agency_ids, on, move_under=True)
            if plan.units is None:
                counts["children"] += children
        # Routing rules naming a source follow it (to the default successor of a split), under the same reason.
        counts["routing_rules"] = routing.follow_reorganisation(
            agency_map={a: agency_ids[plan.agencies.default] for a in plan.agency_sources} if plan.agencies else {},
            unit_map={u: unit_ids[plan.units.default] for u in plan.unit_sources} if plan.units else {},
            on=on, actor=actor, reason=plan.note,
        )
        main = plan.units or plan.agencies
        assert main is not None
        main_ids = unit_ids if plan.units is not None else agency_ids
        record = Reorganisation(
            subject=request.subject,
            kind=request.kind,
            effective_on=on,
            decision_reference=normalise_text(request.decision_reference),
            reason=normalise_text(request.reason),
            note=plan.note,
            sources=[_entry(s) for s in main.sources],
            targets=[_entry(db.session.get(main.model, ident)) for ident in main_ids],
            carried=(
                {
                    "sources": [_entry(a) for a in plan.agencies.sources],
                    "targets": [_entry(db.session.get(Agency, ident)) for ident in agency_ids],
                }
                if plan.units is not None and plan.agencies is not None
                else {}
            ),
            counts=counts,
            actor_id=getattr(actor, "id", None),
        )
        db.session.add(record)
        db.session.flush()
    return record


def _entry(record: Any) -> dict[str, object]:
    return {"id": record.id, "code": record.code, "name": record.name}


def _create_successors(side: _Side, plan: _Plan, on: date, *, unit_ids: Sequence[int] = ()) -> list[int]:
    """The successors' ids in order: existing records, and the new ones made now (valid from `on`)."""
    ids: list[int] = []
    first = side.sources[0]
    for index, successor in enumerate(side.successors):
        if not isinstance(successor, NewSuccessor):
            ids.append(successor.id)
            continue
        if side.model is AdministrativeUnit:
            record: Any = AdministrativeUnit(
                code=successor.code, name=successor.name, level=first.level, parent_id=first.parent_id, valid_from=on
            )
        else:
            unit = db.session.get(AdministrativeUnit, unit_ids[index]) if plan.units is not None else None
            record = _new_agency(first, successor, on, stem=f"UBND-{unit.code}" if unit else first.code)
            if unit is not None:
                # The committee of the index-th successor unit.
                record.unit_id, record.place_name = unit.id, place_name_of(unit.name)
            elif plan.request.kind is ReorgKind.RENAME:
                record.unit_id = first.unit_id
        db.session.add(record)
        db.session.flush()
        ids.append(record.id)
        if side.model is Agency and plan.request.kind is ReorgKind.RENAME:
            _carry_officials(first, record, on)
    return ids


def _new_agency(first: Agency, successor: NewSuccessor, on: date, *, stem: str) -> Agency:
    """A new body like the first source (its place in the tree, level and heading), under its new name;
    the administrator completes what its papers print (officials, abbreviation) on its page."""
    code = successor.code or _free_agency_code(stem)
    return Agency(
        code=code, name=successor.name, official_name=successor.name, parent_id=first.parent_id, level=first.level,
        heading_parent=first.heading_parent, heading_name="", place_name=first.place_name,
        abbreviation=first.abbreviation, drafting_units=list(first.drafting_units or []), valid_from=on,
    )


def _free_agency_code(stem: str) -> str:
    code, suffix = stem[:28], 1
    while db.session.scalar(sa.select(Agency.id).where(Agency.code == code)) is not None:
        suffix += 1
        code = f"{stem[:28]}-{suffix}"
    return code


def _carry_officials(old: Agency, new: Agency, on: date) -> None:
    """A renamed body keeps its leaders: their terms end with the old name and go on under the new one."""
    for official in list(old.officials):
        if official.valid_to is not None and official.valid_to < on:
            continue
        db.session.add(AgencyOfficial(
            agency=new, role=official.role, title=official.title, name=official.name, valid_from=on,
            valid_to=official.valid_to,
        ))
        official.valid_to = on - timedelta(days=1)


def _move_items(plan: _Plan, successor_ids: Sequence[int]) -> tuple[int, int, int]:
    """Every open letter and case to its successor; returns (letters, cases, running clocks) moved."""
    assert plan.agencies is not None
    sources = {a.id for a in plan.agencies.sources}
    target_of: dict[tuple[ItemKind, int], int] = {}
    for index, by_kind in plan.assignment.by_successor.items():
        for item_kind, item_ids in by_kind.items():
            for ident in item_ids:
                target_of[(item_kind, ident)] = successor_ids[index]
    letters = cases = clocks = 0
    item_types: tuple[tuple[ItemKind, Any, str], ...] = (
        (ItemKind.LETTER, Letter, RecordType.LETTER),
        (ItemKind.CASE, CaseFile, RecordType.CASE),
    )
    for kind, model, record_type in item_types:
        ids = [ident for (k, ident) in target_of if k is kind]
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for item in db.session.scalars(sa.select(model).where(model.id.in_(chunk))):
                target = target_of[(kind, item.id)]
                if item.agency_in_charge_id in sources:
                    item.agency_in_charge_id = target
                if item.assigned_agency_id in sources:
                    item.assigned_agency_id = target
                if kind is ItemKind.LETTER and item.competent_agency_id in sources:
                    # The body routing named competent: the heir now is (routing proposes again from it).
                    item.competent_agency_id = target
            db.session.flush()
        if kind is ItemKind.LETTER:
            letters = len(ids)
        else:
            cases = len(ids)
        clocks += _running_clocks(record_type, ids)
    return letters, cases, clocks


def _move_users(source_ids: Sequence[int], target_id: int) -> int:
    users = list(db.session.scalars(sa.select(User).where(User.agency_id.in_(source_ids))))
    for user in users:
        user.agency_id = target_id
    db.session.flush()
    return len(users)


def _retire_sources(side: _Side, successor_ids: Sequence[int], on: date, *, move_under: bool) -> int:
    """Sources end the day before `on`, point to their successor and stop being offered; the records below
    them go to the successor. A body is placed under its successor, so that the heir's officers still open
    its old files (scoping follows the agency tree); a unit keeps its place (records name it as it was)."""
    heir = successor_ids[side.default]
    source_ids = [s.id for s in side.sources]
    children = list(db.session.scalars(sa.select(side.model).where(side.model.parent_id.in_(source_ids))))
    moved = 0
    for child in children:
        if child.id in successor_ids:
            # A successor that sat below a source takes the source's place in the tree.
            source = next(s for s in side.sources if s.id == child.parent_id)
            child.parent_id = source.parent_id
        else:
            child.parent_id = heir
            moved += 1
    for source in side.sources:
        last_day = on - timedelta(days=1)
        if source.valid_to is None or source.valid_to > last_day:
            source.valid_to = last_day
        source.successor_id = heir
        source.is_active = False
        if move_under:
            source.parent_id = heir
    db.session.flush()
    return moved


def recent(limit: int = 50) -> list[Reorganisation]:
    """The reorganisations recorded, newest first (the administrator's list)."""
    return list(db.session.scalars(sa.select(Reorganisation).order_by(Reorganisation.recorded_at.desc(), Reorganisation.id.desc()).limit(limit)))
