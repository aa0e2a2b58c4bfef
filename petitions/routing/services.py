"""Routing use cases: save and end rules, propose the competent body for a letter, follow a reorganisation.

Rules are the administrator's shared data (no agency owns one); the proposal reads them with the directory on
the day it is made and calls the pure `petitions.domain.routing.route`. Services flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from petitions.directory.models import AdministrativeUnit, Agency, ReferenceItem
from petitions.directory.queries import valid_on
from petitions.domain import routing
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.routing import Facts, Outcome, RespondentLevel, TargetKind
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.models import Letter
from petitions.routing.models import RoutingRule
from petitions.scoping import OutOfScope, get_visible_or_404

# ---------------------------------------------------------------------------------------------------------
# The rules table
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInput:
    """What the administrator's form says about a rule."""

    code: str
    name: str
    target_kind: TargetKind
    letter_type: LetterType | None = None
    complaint_subtype: ComplaintSubtype | None = None
    field_item_id: int | None = None
    place_unit_id: int | None = None
    respondent_level: RespondentLevel | None = None
    target_agency_id: int | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    legal_basis: str = ""
    note: str = ""


FIELD_LISTS = ("field_complaint", "field_denunciation", "field_petition")


def _load_refs(data: RuleInput) -> None:
    """The ids the form named exist (shared reference data: no agency scope; a missing one is a form error)."""
    if data.field_item_id is not None:
        get_visible_or_404(
            sa.select(ReferenceItem).where(ReferenceItem.list_code.in_(FIELD_LISTS)),
            data.field_item_id,
            refuse=OutOfScope("Không tìm thấy lĩnh vực đã chọn.", field="field_item"),
        )
    if data.place_unit_id is not None:
        get_visible_or_404(
            sa.select(AdministrativeUnit),
            data.place_unit_id,
            refuse=OutOfScope("Không tìm thấy đơn vị hành chính đã chọn.", field="place_unit"),
        )
    if data.target_agency_id is not None:
        get_visible_or_404(
            sa.select(Agency),
            data.target_agency_id,
            refuse=OutOfScope("Không tìm thấy cơ quan đã chọn.", field="target_agency"),
        )


def _active_rules() -> list[routing.Rule]:
    return [row.as_rule() for row in db.session.scalars(sa.select(RoutingRule).where(RoutingRule.is_active))]


def save_rule(rule: RoutingRule | None, data: RuleInput) -> RoutingRule:
    """Create (rule=None) or edit a rule. Refuses a malformed rule (petitions.domain.routing.check_rule), ids
    that name nothing, a code another rule uses in an overlapping period, and a duplicate of another rule's
    conditions in an overlapping period (an exact tie in routing)."""
    code = normalise_text(data.code).upper()
    if not code:
        raise DomainError("Vui lòng nhập mã quy tắc.")
    if not normalise_text(data.name):
        raise DomainError("Vui lòng nhập tên quy tắc.")
    _load_refs(data)
    subtype = data.complaint_subtype if data.letter_type in (LetterType.COMPLAINT, None) else None
    if rule is None:
        rule = RoutingRule(code=code, name=data.name, target_kind=data.target_kind)
    candidate = routing.Rule(
        id=rule.id or 0,
        code=code,
        name=data.name,
        target_kind=data.target_kind,
        letter_type=data.letter_type,
        complaint_subtype=subtype if data.complaint_subtype else None,
        field_item_id=data.field_item_id,
        place_unit_id=data.place_unit_id,
        respondent_level=data.respondent_level,
        target_agency_id=data.target_agency_id,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        is_active=rule.is_active if rule.id else True,
    )
    routing.check_rule(candidate)
    others = _active_rules()
    for other in others:
        if other.id != candidate.id and other.code == code and routing.overlaps(candidate, other):
            raise DomainError(f"Mã {code} đã được quy tắc khác dùng trong cùng thời gian hiệu lực.")
    routing.check_no_duplicate(candidate, others)
    if rule.id is None:
        db.session.add(rule)
    rule.code = code
    rule.name = data.name
    rule.target_kind = data.target_kind
    rule.letter_type = data.letter_type
    rule.complaint_subtype = candidate.complaint_subtype
    rule.field_item_id = data.field_item_id
    rule.place_unit_id = data.place_unit_id
    rule.respondent_level = data.respondent_level
    rule.target_agency_id = data.target_agency_id
    rule.valid_from = data.valid_from
    rule.valid_to = data.valid_to
    rule.legal_basis = data.legal_basis
    rule.note = data.note
    db.session.flush()
    return rule


def end_rule(rule: RoutingRule, *, last_day: date) -> RoutingRule:
    """End a rule: it applies up to and including `last_day`, never after (the row and the letters that name it
    stay). A rule that has not started by then is withdrawn (inactive)."""
    if rule.valid_to is not None and rule.valid_to <= last_day:
        raise DomainError("Quy tắc đã hết hiệu lực trước ngày này.")
    if rule.valid_from is not None and last_day < rule.valid_from:
        rule.is_active = False
    else:
        rule.valid_to = last_day
    db.session.flush()
    return rule


def follows_reorganisation(agency_ids: Iterable[int], unit_ids: Iterable[int], on: date) -> sa.ColumnElement[bool]:
    """The rules a reorganisation on `on` carries to the successors: active, valid on or after that day, naming
    one of the old bodies as target or one of the old units as place. follow_reorganisation changes exactly
    these, and the reorganisation's preview counts them with the same condition."""
    agencies, units = list(agency_ids), list(unit_ids)
    return sa.and_(
        RoutingRule.is_active.is_(True),
        sa.or_(RoutingRule.valid_to.is_(None), RoutingRule.valid_to >= on),
        sa.or_(
            RoutingRule.target_agency_id.in_(agencies) if agencies else sa.false(),
            RoutingRule.place_unit_id.in_(units) if units else sa.false(),
        ),
    )


def follow_reorganisation(
    *, agency_map: Mapping[int, int], unit_map: Mapping[int, int], on: date, actor: Any, reason: str
) -> int:
    """Rules follow a reorganisation effective on `on` (merger, split, rename of agencies or units).

    Every active rule still valid on or after `on` that names an old body (its target) or an old unit (its
    place) ends on the day before, and a copy naming the successor starts on `on` (same code and conditions,
    the old end date, `replaces_id` → the old rule); a rule that starts on or after `on` is changed in place.
    When the copy would repeat a rule the successor already has (two merged communes with the same rule), the
    old rule only ends: the successor's rule covers it. Every change is in the history with `reason`.
    Returns the number of rules changed (ended, moved or withdrawn).
    """
    if not agency_map and not unit_map:
        return 0
    affected = list(
        db.session.scalars(
            sa.select(RoutingRule).where(follows_reorganisation(agency_map, unit_map, on)).order_by(RoutingRule.id)
        )
    )
    changed = 0
    with history_context(actor=actor, reason=reason):
        for rule in affected:
            target = agency_map.get(rule.target_agency_id, rule.target_agency_id) if rule.target_agency_id else None
            place = unit_map.get(rule.place_unit_id, rule.place_unit_id) if rule.place_unit_id else None
            starts = on if rule.valid_from is None or rule.valid_from < on else rule.valid_from
            moved = replace(rule.as_rule(), target_agency_id=target, place_unit_id=place, valid_from=starts)
            others = [r for r in _active_rules() if r.id != rule.id]
            duplicate = any(
                routing.same_conditions(moved, other) and routing.overlaps(moved, other) for other in others
            )
            if rule.valid_from is not None and rule.valid_from >= on:
                if duplicate:
                    rule.is_active = False
                else:
                    rule.target_agency_id, rule.place_unit_id = target, place
            else:
                old_end = rule.valid_to
                rule.valid_to = on - timedelta(days=1)
                if not duplicate:
                    db.session.add(
                        RoutingRule(
                            code=rule.code, name=rule.name, letter_type=rule.letter_type,
                            complaint_subtype=rule.complaint_subtype, field_item_id=rule.field_item_id,
                            place_unit_id=place, respondent_level=rule.respondent_level, target_kind=rule.target_kind,
                            target_agency_id=target, valid_from=on, valid_to=old_end, legal_basis=rule.legal_basis,
                            note=rule.note, replaces_id=rule.id,
                        )
                    )
            db.session.flush()
            changed += 1
    return changed


# ---------------------------------------------------------------------------------------------------------
# The proposal for a letter
# ---------------------------------------------------------------------------------------------------------


def rules_on(on: date) -> list[routing.Rule]:
    """The rules in force on a day (a small table: read whole, filtered in SQL by its dates)."""
    rows = db.session.scalars(sa.select(RoutingRule).where(RoutingRule.is_active, valid_on(RoutingRule, on)))
    return [row.as_rule() for row in rows]


def _unit_links(start: int | None) -> tuple[dict[int, int | None], dict[int, int]]:
    """The parents and successors met walking from a unit through its successors and up (a few rows)."""
    parents: dict[int, int | None] = {}
    successors: dict[int, int] = {}
    todo = [start] if start is not None else []
    while todo:
        unit_id = todo.pop()
        if unit_id in parents:
            continue
        row = db.session.execute(
            sa.select(AdministrativeUnit.parent_id, AdministrativeUnit.successor_id).where(AdministrativeUnit.id == unit_id)
        ).first()
        if row is None:
            parents[unit_id] = None
            continue
        parents[unit_id] = row.parent_id
        if row.successor_id is not None:
            successors[unit_id] = row.successor_id
            todo.append(row.successor_id)
        if row.parent_id is not None:
            todo.append(row.parent_id)
    return parents, successors


def _item_parents(start: int | None) -> dict[int, int | None]:
    parents: dict[int, int | None] = {}
    current = start
    while current is not None and current not in parents:
        parents[current] = db.session.scalar(sa.select(ReferenceItem.parent_id).where(ReferenceItem.id == current))
        current = parents[current]
    return parents


def facts_of(
    *,
    letter_type: LetterType,
    complaint_subtype: ComplaintSubtype | None = None,
    field_item_id: int | None = None,
    place_unit_id: int | None = None,
    respondent_level: RespondentLevel | None = None,
    respondent_agency_id: int | None = None,
) -> Facts:
    """The routing facts of a letter (or of the "try the rules" page), with its field's and place's chains."""
    unit_parents, successors = _unit_links(place_unit_id)
    return Facts(
        letter_type=letter_type,
        complaint_subtype=complaint_subtype if letter_type == LetterType.COMPLAINT else None,
        field_path=routing.item_path(field_item_id, _item_parents(field_item_id)),
        place_path=routing.place_path(place_unit_id, unit_parents, successors),
        respondent_level=respondent_level,
        respondent_agency_id=respondent_agency_id,
    )


def letter_facts(letter: Letter) -> Facts:
    """A letter's routing facts: its type by content (a mixed letter's main content), its complaint subtype."""
    kind = letter.effective_type
    subtype = letter.complaint_subtype
    if letter.letter_type == LetterType.MIXED:
        subtype = next((part.complaint_subtype for part in letter.parts if part.is_main), None)
    return facts_of(
        letter_type=kind,
        complaint_subtype=subtype,
        field_item_id=letter.field_item_id,
        place_unit_id=letter.place_unit_id,
        respondent_level=letter.respondent_level,
        respondent_agency_id=letter.respondent_agency_id,
    )


def directory_on(on: date, rules: list[routing.Rule], facts: Facts) -> routing.Directory:
    """The directory as routing reads it on a day: every agency (a few dozen rows), the committees of the
    units valid that day, and the names the explanation needs."""
    agencies = list(db.session.execute(
        sa.select(Agency.id, Agency.parent_id, Agency.level, Agency.successor_id, Agency.unit_id, Agency.name,
                  valid_on(Agency, on).label("valid"))
    ))
    unit_ids = {rule.place_unit_id for rule in rules if rule.place_unit_id} | set(facts.place_path)
    item_ids = {rule.field_item_id for rule in rules if rule.field_item_id}
    return routing.Directory(
        committees={row.unit_id: row.id for row in agencies if row.unit_id is not None and row.valid},
        agency_parents={row.id: row.parent_id for row in agencies},
        agency_levels={row.id: row.level for row in agencies},
        agency_successors={row.id: row.successor_id for row in agencies if row.successor_id is not None},
        valid_agencies=frozenset(row.id for row in agencies if row.valid),
        agency_names={row.id: row.name for row in agencies},
        unit_names=dict(
            db.session.execute(sa.select(AdministrativeUnit.id, AdministrativeUnit.name).where(AdministrativeUnit.id.in_(unit_ids)))
            .all()
        ),
        item_labels=dict(
            db.session.execute(sa.select(ReferenceItem.id, ReferenceItem.label).where(ReferenceItem.id.in_(item_ids)))
            .all()
        ),
    )


def propose(facts: Facts, *, on: date) -> Outcome:
    """The competent body for these facts on `on`, by the rules in force that day, and why."""
    rules = rules_on(on)
    return routing.route(facts, rules, on, directory_on(on, rules, facts))


class Proposer:
    """Proposals for many letters on one day (the demo's bulk letters): the rules and the directory are read
    once, and each distinct set of facts is routed once (the pure function over the same data)."""

    def __init__(self, on: date) -> None:
        self.on = on
        self.rules = rules_on(on)
        self.directory = directory_on(on, self.rules, Facts(LetterType.PETITION))
        self._memo: dict[tuple[Any, ...], Outcome] = {}

    def __call__(self, **facts: Any) -> Outcome:
        key = tuple(sorted(facts.items()))
        if key not in self._memo:
            self._memo[key] = routing.route(facts_of(**facts), self.rules, self.on, self.directory)
        return self._memo[key]


# ---------------------------------------------------------------------------------------------------------
# The letter's competent body
# ---------------------------------------------------------------------------------------------------------

OVERRIDE_REASON_MIN = 5


class OverrideRefused(DomainError):
    """Another body than the proposal, without a reason; shown beside the reason field (the save helper reads
    `field`)."""

    field = "routing_override_reason"


@dataclass(frozen=True)
class LetterRouting:
    """What the classification form says about routing: the facts it rests on, and the body the officer
    chose (None: the system's proposal) with the reason when it differs from the proposal."""

    place_unit_id: int | None = None
    respondent_level: RespondentLevel | None = None
    respondent_agency_id: int | None = None
    chosen_agency_id: int | None = None
    override_reason: str = ""
    # The choice was recorded earlier (a reclassification that does not touch routing): it stands as it was.
    recorded: bool = False


def recorded_routing(letter: Letter) -> LetterRouting:
    """The letter's recorded routing facts and choice: an officer's choice against the proposal stays chosen
    (with its reason); otherwise the body follows the proposal."""
    chosen_by_officer = letter.routing_override_reason is not None or letter.routing_rule_id is None
    return LetterRouting(
        place_unit_id=letter.place_unit_id,
        respondent_level=letter.respondent_level,
        respondent_agency_id=letter.respondent_agency_id,
        chosen_agency_id=letter.competent_agency_id if chosen_by_officer else None,
        override_reason=letter.routing_override_reason or "",
        recorded=True,
    )


def route_letter(letter: Letter, data: LetterRouting, *, visible_bodies: sa.Select[Agency], on: date) -> Outcome:
    """Record the routing facts and the competent body of a letter being classified (or reclassified: the
    proposal is made again from the new facts). The proposed body is kept with the rule that chose it; a body
    the officer chooses against a proposal needs a reason (kept on the letter and in its history); without a
    proposal (no rule, or a rule that finds no body) the officer's choice needs none. The ids are loaded
    through `visible_bodies` (the bodies the actor may send to) and the shared unit list: missing and out of
    scope are the same form error. Runs inside the caller's history context; flushes."""
    if data.place_unit_id is not None:
        get_visible_or_404(
            sa.select(AdministrativeUnit), data.place_unit_id,
            refuse=OutOfScope("Không tìm thấy đơn vị hành chính đã chọn.", field="place_unit"),
        )
    for agency_id, name in ((data.respondent_agency_id, "respondent_agency"), (data.chosen_agency_id, "competent_agency")):
        if agency_id is not None and not data.recorded:
            get_visible_or_404(visible_bodies, agency_id, refuse=OutOfScope("Không tìm thấy cơ quan đã chọn.", field=name))
    letter.place_unit_id = data.place_unit_id
    letter.respondent_level = data.respondent_level
    letter.respondent_agency_id = data.respondent_agency_id
    outcome = propose(letter_facts(letter), on=on)
    proposed = outcome.agency_id
    chosen = data.chosen_agency_id
    reason = normalise_text(data.override_reason)
    if chosen is None or chosen == proposed:
        letter.competent_agency_id = proposed
        letter.routing_rule_id = outcome.rule.id if proposed is not None and outcome.rule else None
        letter.routing_override_reason = None
    else:
        if proposed is not None and not data.recorded and len(reason) < OVERRIDE_REASON_MIN:
            raise OverrideRefused("Cơ quan đã chọn khác cơ quan hệ thống đề xuất: vui lòng ghi lý do.")
        letter.competent_agency_id = chosen
        letter.routing_rule_id = None
        letter.routing_override_reason = reason[:500] or None
    db.session.flush()
    return outcome


class ReceiverRefused(DomainError):
    """A paper sent to another body than the letter's competent body, without a reason; shown beside the
    reason field of the proposal form."""

    field = "receiver_reason"


def check_receiver(letter: Letter, receiver_agency_id: int | None, reason: str | None) -> str | None:
    """A paper proposed for another body than the competent body the letter records needs a reason: the text
    the proposal's history and status event keep (None when the receiver is that body, or either is unknown)."""
    competent = letter.competent_agency
    if competent is None or receiver_agency_id is None or receiver_agency_id == competent.id:
        return None
    text = normalise_text(reason)
    if len(text) < OVERRIDE_REASON_MIN:
        raise ReceiverRefused(
            "Cơ quan nhận khác cơ quan có thẩm quyền đã xác định khi phân loại: vui lòng ghi lý do."
        )
    receiver = db.session.get(Agency, receiver_agency_id)
    name = receiver.name if receiver is not None else str(receiver_agency_id)
    return f"gửi {name} thay vì cơ quan có thẩm quyền đã xác định ({competent.name}): {text[:400]}"
