"""Routing a letter to the competent body (DOMAIN §3.4): rules as data, precedence, the body a rule names.

A rule maps conditions — the letter's type (by content) and complaint subtype, its field, the administrative
unit where the matter arose, the level of the person or body complained about or denounced — to a target:
a named body, the People's Committee of the place, the body complained about (its head), or the competent
body above it. `route(facts, rules, on, directory)` picks the rule and the body and says why, in Vietnamese.

Precedence ("the more specific rule wins"), defined precisely: every matching rule gets a key compared
dimension by dimension, in this order, the first difference deciding —
  1. the respondent's level: a rule that names it beats one that does not (the law names the competent person
     by who is complained about or denounced: Luật KN Đ17–Đ21, Luật TC Đ13–Đ15);
  2. the place: a rule naming a unit beats one naming none; between two, the unit nearer the matter's unit
     (the commune before the province);
  3. the field: a rule naming a field beats one naming none; between two, the field nearer the letter's
     (a sub-field before its parent field);
  4. the complaint subtype: named beats not named;
  5. the letter type: named beats not named.
Two matching rules with equal keys name the same conditions (a hierarchical condition at an equal distance
is the same unit or field), so an exact tie is a duplicate rule: the services refuse to save one whose
validity overlaps another's, and `route` reports a tie it meets anyway (AMBIGUOUS), never choosing silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from petitions.domain.classification import is_valid_on
from petitions.domain.issuers import AgencyLevel, next_round_agency, resolving_agency
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.types import DomainError


class RespondentLevel(StrEnum):
    """Who is complained about or denounced, by the level that decides the competent person.

    Two-level local government from 01/07/2025 (no district level); the district levels stay for letters
    about acts done before that date, which the province's bodies now handle (their successors).
    """

    COMMUNE_OFFICIAL = "commune_official"  # cán bộ, công chức cấp xã
    COMMUNE_CHAIRMAN = "commune_chairman"  # Chủ tịch, Phó Chủ tịch UBND cấp xã; UBND cấp xã
    DEPARTMENT_OFFICIAL = "department_official"  # công chức của Sở, cơ quan chuyên môn thuộc UBND tỉnh
    DEPARTMENT_HEAD = "department_head"  # Giám đốc, Phó Giám đốc Sở; thủ trưởng cơ quan chuyên môn (the Sở's decision)
    PROVINCE_CHAIRMAN = "province_chairman"  # Chủ tịch, Phó Chủ tịch UBND tỉnh; UBND tỉnh
    DISTRICT_OFFICIAL = "district_official"  # cán bộ, công chức cấp huyện (trước 01/07/2025)
    DISTRICT_CHAIRMAN = "district_chairman"  # Chủ tịch, Phó Chủ tịch UBND cấp huyện (trước 01/07/2025)
    CENTRAL_BODY = "central_body"  # cơ quan trung ương đóng trên địa bàn, bộ, ngành
    NOT_OFFICIAL = "not_official"  # tổ chức, doanh nghiệp, cá nhân không phải cán bộ, công chức


class TargetKind(StrEnum):
    """How a rule names its body."""

    AGENCY = "agency"  # a named body of the directory
    PLACE_AUTHORITY = "place_authority"  # the People's Committee of the unit where the matter arose (walking up)
    RESPONDENT_BODY = "respondent_body"  # the body complained about, or whose official is denounced: its head
    RESPONDENT_SUPERIOR = "respondent_superior"  # the competent body directly above that body


class Verdict(StrEnum):
    ROUTED = "routed"  # a rule applies and names a body
    NO_BODY = "no_body"  # a rule applies but the body it names cannot be found (missing data, outside the directory)
    NO_RULE = "no_rule"  # no rule applies: the officer chooses
    AMBIGUOUS = "ambiguous"  # two rules tie exactly (a duplicate): the officer chooses, the administrator fixes


@dataclass(frozen=True)
class Rule:
    """One routing rule (a row of routing_rule, as plain data)."""

    id: int
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
    is_active: bool = True
    legal_basis: str = ""


@dataclass(frozen=True)
class Facts:
    """What the letter says, as routing reads it. `field_path` and `place_path` are the letter's field and
    unit followed by their ancestors, nearest first (see `place_path`); empty when not recorded."""

    letter_type: LetterType
    complaint_subtype: ComplaintSubtype | None = None
    field_path: tuple[int, ...] = ()
    place_path: tuple[int, ...] = ()
    respondent_level: RespondentLevel | None = None
    respondent_agency_id: int | None = None


@dataclass(frozen=True)
class Directory:
    """The directory as routing needs it, on the routing date: each unit's People's Committee valid that day
    (Agency.unit_id), the bodies' parents and levels (who is above whom), their successors, and names for
    the explanation. Bodies not valid that day are absent from `valid_agencies`."""

    committees: Mapping[int, int] = field(default_factory=dict)  # unit id → agency id
    agency_parents: Mapping[int, int | None] = field(default_factory=dict)
    agency_levels: Mapping[int, AgencyLevel | str | None] = field(default_factory=dict)
    agency_successors: Mapping[int, int] = field(default_factory=dict)
    valid_agencies: frozenset[int] = frozenset()
    agency_names: Mapping[int, str] = field(default_factory=dict)
    unit_names: Mapping[int, str] = field(default_factory=dict)
    item_labels: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """The answer: the verdict, the rule that won (None for NO_RULE), the body (ROUTED only), the rules
    that tied (AMBIGUOUS), and why, in Vietnamese, for the officer."""

    verdict: Verdict
    explanation: str
    rule: Rule | None = None
    agency_id: int | None = None
    tied: tuple[Rule, ...] = ()
    runner_up: Rule | None = None


class DuplicateRule(DomainError):
    """Two rules with the same conditions valid on a common day: routing could not choose between them."""


def place_path(unit_id: int | None, parents: Mapping[int, int | None], successors: Mapping[int, int]) -> tuple[int, ...]:
    """A unit, the units it was merged into (an old commune → the new one; successor links), then the last
    one's parents up to the province: the chain a rule's place is looked for in. A loop ends the walk."""
    if unit_id is None:
        return ()
    chain = [unit_id]
    while (nxt := successors.get(chain[-1])) is not None and nxt not in chain:
        chain.append(nxt)
    while (parent := parents.get(chain[-1])) is not None and parent not in chain:
        chain.append(parent)
    return tuple(chain)


def item_path(item_id: int | None, parents: Mapping[int, int | None]) -> tuple[int, ...]:
    """A field and its parent fields, nearest first."""
    if item_id is None:
        return ()
    chain = [item_id]
    while (parent := parents.get(chain[-1])) is not None and parent not in chain:
        chain.append(parent)
    return tuple(chain)


def is_in_force(rule: Rule, on: date) -> bool:
    return rule.is_active and is_valid_on(rule.valid_from, rule.valid_to, on)


def _distance(wanted: int | None, path: tuple[int, ...]) -> int | None:
    """0 for an exact match, n for the n-th ancestor; None when the rule names a node off the path."""
    if wanted is None:
        return 0
    return path.index(wanted) if wanted in path else None


def matches(rule: Rule, facts: Facts) -> bool:
    """Every condition the rule names holds for the letter (an unnamed condition holds for any letter)."""
    if rule.letter_type is not None and rule.letter_type != facts.letter_type:
        return False
    if rule.complaint_subtype is not None and rule.complaint_subtype != facts.complaint_subtype:
        return False
    if rule.respondent_level is not None and rule.respondent_level != facts.respondent_level:
        return False
    if _distance(rule.field_item_id, facts.field_path) is None:
        return False
    return _distance(rule.place_unit_id, facts.place_path) is not None


Specificity = tuple[int, int, int, int, int, int, int]


def specificity(rule: Rule, facts: Facts) -> Specificity:
    """The precedence key of a matching rule (module docstring): larger is more specific."""

    def hierarchical(wanted: int | None, path: tuple[int, ...]) -> tuple[int, int]:
        if wanted is None:
            return (0, 0)
        return (1, -path.index(wanted))

    place = hierarchical(rule.place_unit_id, facts.place_path)
    field_ = hierarchical(rule.field_item_id, facts.field_path)
    return (
        int(rule.respondent_level is not None),
        *place,
        *field_,
        int(rule.complaint_subtype is not None),
        int(rule.letter_type is not None),
    )


def same_conditions(a: Rule, b: Rule) -> bool:
    """Two rules that name the same conditions (whatever their targets): one of them is a duplicate."""
    return (a.letter_type, a.complaint_subtype, a.field_item_id, a.place_unit_id, a.respondent_level) == (
        b.letter_type,
        b.complaint_subtype,
        b.field_item_id,
        b.place_unit_id,
        b.respondent_level,
    )


def overlaps(a: Rule, b: Rule) -> bool:
    """Their validity periods share a day (open bounds are unbounded)."""
    a_from, a_to = a.valid_from or date.min, a.valid_to or date.max
    b_from, b_to = b.valid_from or date.min, b.valid_to or date.max
    return a_from <= b_to and b_from <= a_to


def check_no_duplicate(rule: Rule, others: Iterable[Rule]) -> None:
    """Refuse a rule whose conditions and validity repeat an active rule's (an exact tie in `route`)."""
    if not rule.is_active:
        return
    for other in others:
        if other.id != rule.id and other.is_active and same_conditions(rule, other) and overlaps(rule, other):
            raise DuplicateRule(
                f"Quy tắc {other.code} đã có đúng các điều kiện này trong cùng thời gian hiệu lực; "
                "hãy sửa quy tắc đó hoặc cho quy tắc đó hết hiệu lực trước."
            )


def check_rule(rule: Rule) -> None:
    """The shape of a rule: a named body for AGENCY (and only then), a subtype only with complaints,
    valid_to not before valid_from."""
    if rule.valid_from is not None and rule.valid_to is not None and rule.valid_to < rule.valid_from:
        raise DomainError("Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực.")
    if rule.target_kind == TargetKind.AGENCY and rule.target_agency_id is None:
        raise DomainError("Quy tắc chuyển đến một cơ quan cụ thể cần chọn cơ quan đó.")
    if rule.target_kind != TargetKind.AGENCY and rule.target_agency_id is not None:
        raise DomainError("Chỉ quy tắc chuyển đến một cơ quan cụ thể mới chọn cơ quan.")
    if rule.complaint_subtype is not None and rule.letter_type not in (LetterType.COMPLAINT, None):
        raise DomainError("Chỉ quy tắc cho đơn khiếu nại mới có loại khiếu nại.")


def _current(agency_id: int | None, directory: Directory) -> int | None:
    """The body, or the body that succeeded it when it is no longer valid (a merger); None if none is valid."""
    seen: set[int] = set()
    while agency_id is not None and agency_id not in seen:
        if agency_id in directory.valid_agencies:
            return agency_id
        seen.add(agency_id)
        agency_id = directory.agency_successors.get(agency_id)
    return None


def _place_authority(facts: Facts, directory: Directory) -> int | None:
    for unit_id in facts.place_path:
        if (agency_id := _current(directory.committees.get(unit_id), directory)) is not None:
            return agency_id
    return None


def _target(rule: Rule, facts: Facts, directory: Directory) -> tuple[int | None, str]:
    """The body the rule names for this letter, or None with the reason it cannot be found."""
    if rule.target_kind == TargetKind.AGENCY:
        body = _current(rule.target_agency_id, directory)
        return body, "" if body else "cơ quan quy tắc chỉ định không còn hiệu lực và không có cơ quan kế thừa"
    if rule.target_kind == TargetKind.PLACE_AUTHORITY:
        if not facts.place_path:
            return None, "đơn chưa ghi địa bàn phát sinh vụ việc (đơn vị hành chính)"
        body = _place_authority(facts, directory)
        return body, "" if body else "chưa có Ủy ban nhân dân nào gắn với địa bàn này trong danh mục"
    respondent = _current(facts.respondent_agency_id, directory)
    if respondent is None:
        return None, "đơn chưa ghi cơ quan bị khiếu nại, tố cáo (hoặc cơ quan đó không còn hiệu lực)"
    if rule.target_kind == TargetKind.RESPONDENT_BODY:
        return resolving_agency(respondent, directory.agency_parents, directory.agency_levels), ""
    above = next_round_agency(
        resolving_agency(respondent, directory.agency_parents, directory.agency_levels),
        directory.agency_parents,
        directory.agency_levels,
    )
    body = _current(above, directory)
    return body, "" if body else "cấp trên của cơ quan này không có trong danh mục (bộ, ngành trung ương)"


def _conditions(rule: Rule, directory: Directory) -> str:
    """The conditions a rule names, as the explanation lists them."""
    parts = []
    if rule.respondent_level is not None:
        parts.append(f"người bị khiếu nại, tố cáo: {RESPONDENT_LEVEL_LABELS[rule.respondent_level]}")
    if rule.place_unit_id is not None:
        parts.append(f"địa bàn: {directory.unit_names.get(rule.place_unit_id, rule.place_unit_id)}")
    if rule.field_item_id is not None:
        parts.append(f"lĩnh vực: {directory.item_labels.get(rule.field_item_id, rule.field_item_id)}")
    if rule.complaint_subtype is not None:
        parts.append(f"loại khiếu nại: {SUBTYPE_TEXT[rule.complaint_subtype]}")
    if rule.letter_type is not None:
        parts.append(f"loại đơn: {TYPE_TEXT[rule.letter_type]}")
    return "; ".join(parts) or "mọi đơn"


def route(facts: Facts, rules: Iterable[Rule], on: date, directory: Directory) -> Outcome:
    """The competent body for the letter on `on` (the day the proposal is made: bodies that exist that day),
    by the most specific rule in force that matches (module docstring), with the reason it won."""
    candidates = [rule for rule in rules if is_in_force(rule, on) and matches(rule, facts)]
    if not candidates:
        return Outcome(
            Verdict.NO_RULE,
            "Không có quy tắc phân loại thẩm quyền nào áp dụng cho đơn này "
            f"(ngày {on:%d/%m/%Y}); cán bộ tự xác định cơ quan có thẩm quyền.",
        )
    ranked = sorted(candidates, key=lambda rule: (specificity(rule, facts), -rule.id), reverse=True)
    best = ranked[0]
    tied = tuple(rule for rule in ranked if specificity(rule, facts) == specificity(best, facts))
    if len(tied) > 1:
        codes = ", ".join(rule.code for rule in tied)
        return Outcome(
            Verdict.AMBIGUOUS,
            f"Các quy tắc {codes} có cùng điều kiện nên không chọn được cơ quan; cán bộ tự xác định cơ quan "
            "có thẩm quyền và báo quản trị hệ thống sửa các quy tắc này.",
            rule=best,
            tied=tied,
        )
    runner_up = ranked[1] if len(ranked) > 1 else None
    why = f"Quy tắc {best.code} «{best.name}» áp dụng vì đơn khớp các điều kiện ({_conditions(best, directory)})"
    if runner_up is not None:
        why += (
            f"; quy tắc này cụ thể hơn quy tắc {runner_up.code} «{runner_up.name}» "
            f"({_conditions(runner_up, directory)}), {_why_more_specific(best, runner_up, facts)}"
        )
    else:
        why += "; không có quy tắc nào khác áp dụng"
    if best.legal_basis:
        why += f". Căn cứ: {best.legal_basis}"
    body, missing = _target(best, facts, directory)
    if body is None:
        return Outcome(
            Verdict.NO_BODY,
            f"{why}. Nhưng không xác định được cơ quan: {missing}; cán bộ tự xác định cơ quan có thẩm quyền.",
            rule=best,
            runner_up=runner_up,
        )
    name = directory.agency_names.get(body, str(body))
    return Outcome(Verdict.ROUTED, f"{why}. Cơ quan có thẩm quyền: {name} ({TARGET_TEXT[best.target_kind]}).",
                   rule=best, agency_id=body, runner_up=runner_up)


_DIMENSIONS = (
    "vì nêu cấp của người bị khiếu nại, tố cáo",
    "vì nêu địa bàn",
    "vì nêu địa bàn gần với nơi phát sinh vụ việc hơn",
    "vì nêu lĩnh vực",
    "vì nêu lĩnh vực chi tiết hơn",
    "vì nêu loại khiếu nại",
    "vì nêu loại đơn",
)


def _why_more_specific(best: Rule, other: Rule, facts: Facts) -> str:
    """The first dimension where the winner's key beats the runner-up's (module docstring)."""
    mine, theirs = specificity(best, facts), specificity(other, facts)
    for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
        if a != b:
            # A hierarchical dimension is (named, -distance): a difference in "named" or in the distance.
            return _DIMENSIONS[index]
    return _DIMENSIONS[-1]


RESPONDENT_LEVEL_LABELS: dict[RespondentLevel, str] = {
    RespondentLevel.COMMUNE_OFFICIAL: "Cán bộ, công chức cấp xã",
    RespondentLevel.COMMUNE_CHAIRMAN: "Chủ tịch, Phó Chủ tịch UBND cấp xã (UBND cấp xã)",
    RespondentLevel.DEPARTMENT_OFFICIAL: "Công chức của Sở, cơ quan chuyên môn thuộc UBND tỉnh",
    RespondentLevel.DEPARTMENT_HEAD: "Giám đốc, Phó Giám đốc Sở (quyết định, hành vi của Sở)",
    RespondentLevel.PROVINCE_CHAIRMAN: "Chủ tịch, Phó Chủ tịch UBND tỉnh (UBND tỉnh)",
    RespondentLevel.DISTRICT_OFFICIAL: "Cán bộ, công chức cấp huyện (trước 01/07/2025)",
    RespondentLevel.DISTRICT_CHAIRMAN: "Chủ tịch, Phó Chủ tịch UBND cấp huyện (trước 01/07/2025)",
    RespondentLevel.CENTRAL_BODY: "Cơ quan trung ương, bộ, ngành",
    RespondentLevel.NOT_OFFICIAL: "Tổ chức, cá nhân không phải cán bộ, công chức",
}
TYPE_TEXT: dict[LetterType, str] = {
    LetterType.COMPLAINT: "khiếu nại",
    LetterType.DENUNCIATION: "tố cáo",
    LetterType.PETITION: "kiến nghị, phản ánh",
    LetterType.MIXED: "nhiều nội dung",
    LetterType.ANONYMOUS: "thông tin tố cáo không rõ người tố cáo",
}
SUBTYPE_TEXT: dict[ComplaintSubtype, str] = {
    ComplaintSubtype.ADMINISTRATIVE: "quyết định, hành vi hành chính",
    ComplaintSubtype.DISCIPLINARY: "quyết định kỷ luật",
}
TARGET_TEXT: dict[TargetKind, str] = {
    TargetKind.AGENCY: "cơ quan do quy tắc chỉ định",
    TargetKind.PLACE_AUTHORITY: "Ủy ban nhân dân nơi phát sinh vụ việc",
    TargetKind.RESPONDENT_BODY: "người đứng đầu cơ quan bị khiếu nại, tố cáo",
    TargetKind.RESPONDENT_SUPERIOR: "cơ quan cấp trên trực tiếp của cơ quan bị khiếu nại, tố cáo",
}
