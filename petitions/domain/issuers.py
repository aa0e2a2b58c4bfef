"""Who issues a document, where, and who signs it: agency levels, officials and signing rules as data.

Source: Decree 30/2020/NĐ-CP, Appendix I and Art. 13 (DOMAIN §7 "Who issues, where, who signs").
The head of a body signs in person; a deputy signs "KT." for the head; a collective body (an Ủy ban
nhân dân) signs "TM." through its chairman; the chief of office signs "TL." by the head's order; an
authorised official "TUQ."; an acting head "Q.". Heading, number and signature always name the same
body, so the choices here come only from the officials of the issuing body itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from petitions.domain.types import DomainError


class AgencyLevel(StrEnum):
    """Where a body sits in the two-level local government (from 01/07/2025)."""

    PROVINCE = "province"  # Ủy ban nhân dân tỉnh (collective; prints no parent line)
    OFFICE = "office"  # Văn phòng UBND tỉnh
    UNIT = "unit"  # a unit under the Văn phòng or a Sở (Ban Tiếp công dân tỉnh)
    DEPARTMENT = "department"  # Sở, Thanh tra tỉnh
    COMMUNE = "commune"  # Ủy ban nhân dân xã, phường, đặc khu (collective; no parent line)


# Collective local-government bodies: they sign "TM. ỦY BAN NHÂN DÂN" and print no parent line.
COLLECTIVE_LEVELS = frozenset({AgencyLevel.PROVINCE, AgencyLevel.COMMUNE})
COLLECTIVE_NAME = "Ủy ban nhân dân"
PROVINCIAL_LEVELS = frozenset({AgencyLevel.PROVINCE, AgencyLevel.OFFICE, AgencyLevel.UNIT, AgencyLevel.DEPARTMENT})


# Competence to accept and resolve a case belongs to the person the law names (DOMAIN §3.4; Luật KN Đ17–Đ26,
# Luật TC Đ13–Đ18): the Chủ tịch of an Ủy ban nhân dân, the head of a Sở or of the Thanh tra. The Văn phòng and
# the units under it (the Ban Tiếp công dân) receive, advise and draft: they resolve nothing in their own name.
COMPETENT_LEVELS = frozenset({AgencyLevel.PROVINCE, AgencyLevel.DEPARTMENT, AgencyLevel.COMMUNE})
ADVISORY_LEVELS = frozenset({AgencyLevel.OFFICE, AgencyLevel.UNIT})

# The round-2 body of a provincial chairman's first decision is a minister (Luật KN Đ21: the ministry whose
# field the matter is in). No minister is in the directory, and which one depends on the matter, so the
# decision prints this text (the draft is editable, "superior" overrides it).
MINISTER_ROUND_TWO = "Bộ trưởng quản lý ngành, lĩnh vực"


def ancestry(agency_id: int, parents: Mapping[int, int | None]) -> tuple[int, ...]:
    """The body and its parents up to the top, nearest first (a loop in the data ends the walk)."""
    chain = [agency_id]
    seen = {agency_id}
    while (parent := parents.get(chain[-1])) is not None and parent not in seen:
        chain.append(parent)
        seen.add(parent)
    return tuple(chain)


def _level(value: AgencyLevel | str | None) -> AgencyLevel | None:
    return AgencyLevel(value) if value else None


def resolving_agency(
    agency_id: int, parents: Mapping[int, int | None], levels: Mapping[int, AgencyLevel | str | None]
) -> int:
    """The body whose head resolves a case handled at ``agency_id``: that body if it is competent (or its level is
    not recorded), else the nearest parent of a competent level — the Ban Tiếp công dân's cases (under the Văn
    phòng) are the Ủy ban nhân dân tỉnh's, resolved by its Chủ tịch. No competent parent: the body itself."""
    chain = ancestry(agency_id, parents)
    if _level(levels.get(agency_id)) not in ADVISORY_LEVELS:
        return agency_id
    return next((body for body in chain if _level(levels.get(body)) in COMPETENT_LEVELS), agency_id)


def next_round_agency(
    resolving_id: int, parents: Mapping[int, int | None], levels: Mapping[int, AgencyLevel | str | None]
) -> int | None:
    """Who hears a complaint's second round after the first decision of ``resolving_id``'s head (Luật KN Đ7.1,
    Đ33): the competent body above it — a commune chairman's or a Sở director's decision goes to the Chủ tịch
    Ủy ban nhân dân tỉnh. None above it (the provincial chairman's own decision): a minister
    (MINISTER_ROUND_TWO), who is not in the directory."""
    parent = parents.get(resolving_id)
    if parent is None or parent == resolving_id:
        return None
    above = resolving_agency(parent, parents, levels)
    return above if _level(levels.get(above)) not in ADVISORY_LEVELS else None


class OfficialRole(StrEnum):
    """An official's place in the body's signing order."""

    HEAD = "head"  # người đứng đầu: Chủ tịch, Giám đốc, Trưởng ban, Chánh Văn phòng
    DEPUTY = "deputy"  # cấp phó: Phó Chủ tịch, Phó Giám đốc …
    CHIEF_OF_OFFICE = "chief_of_office"  # Chánh Văn phòng signing by the head's order (TL.)
    ACTING_HEAD = "acting_head"  # quyền: title stored as the head's ("Giám đốc" → "Q. GIÁM ĐỐC")
    AUTHORISED = "authorised"  # thừa ủy quyền (TUQ.)


class SigningMode(StrEnum):
    """The prefix of the signature block; values are printing.Authority's values."""

    IN_PERSON = ""
    DEPUTY = "KT."
    COLLECTIVE = "TM."
    BY_ORDER = "TL."
    BY_AUTHORISATION = "TUQ."
    ACTING = "Q."


# The modes each role can sign in (a deputy of a collective body signs TM. … / KT. …).
_ROLE_MODES: dict[OfficialRole, tuple[SigningMode, ...]] = {
    OfficialRole.HEAD: (SigningMode.COLLECTIVE, SigningMode.IN_PERSON),
    OfficialRole.DEPUTY: (SigningMode.COLLECTIVE, SigningMode.DEPUTY),
    OfficialRole.CHIEF_OF_OFFICE: (SigningMode.BY_ORDER,),
    OfficialRole.ACTING_HEAD: (SigningMode.ACTING,),
    OfficialRole.AUTHORISED: (SigningMode.BY_AUTHORISATION,),
}


@dataclass(frozen=True)
class SigningRule:
    """The signing modes, in order of preference, for a document type (None: any) at some levels (None: any)."""

    doc_type: str | None
    levels: frozenset[AgencyLevel] | None
    modes: tuple[SigningMode, ...]

    def matches(self, doc_type: str, level: AgencyLevel) -> bool:
        return self.doc_type in (None, doc_type) and (self.levels is None or level in self.levels)


# The document types a head approves inside the body (petitions.printing.templates, letter handling).
INTERNAL_APPROVALS = ("PHIEU_DE_XUAT_THU_LY", "PHIEU_LUU_DON", "BB_HUY_DON")

# The papers of a case's resolution (petitions.cases.papers): the competence is the PERSON's (Chủ tịch Ủy ban
# nhân dân, Giám đốc Sở, Chánh Thanh tra: Luật Khiếu nại Đ17–Đ26, Luật Tố cáo Đ13–Đ18), so even an Ủy ban
# nhân dân's paper is signed "CHỦ TỊCH" in person or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", never "TM. ỦY BAN NHÂN DÂN"
# (DOMAIN §7: "a complaint decision: CHỦ TỊCH").
PERSONAL_COMPETENCE = (
    "TB_THU_LY_KHIEU_NAI",
    "TB_KHONG_THU_LY_KHIEU_NAI",
    "QD_THU_LY_TO_CAO",
    "TB_THU_LY_TO_CAO",
    "TB_NOI_DUNG_TO_CAO",
    "TB_KHONG_THU_LY_TO_CAO",
    "QD_XAC_MINH",
    "BC_KET_QUA_XAC_MINH",
    "BB_DOI_THOAI",
    "QD_GIA_HAN_TO_CAO",
    "QD_TAM_DINH_CHI",
    "QD_TIEP_TUC_GIAI_QUYET",
    "QD_DINH_CHI",
    "QD_GIAI_QUYET_KHIEU_NAI",
    "KL_NOI_DUNG_TO_CAO",
    "TB_KET_QUA_TO_CAO",
    "BB_CONG_KHAI",
    "BC_THUC_HIEN",
)

# First match wins; a rule for a named document type comes before the general ones.
SIGNING_RULES: tuple[SigningRule, ...] = (
    # Refusing a citizen is the head's own act (Luật TCD Đ9): in person, a deputy for the head, or acting.
    SigningRule("TB_TU_CHOI_TCD", None, (SigningMode.IN_PERSON, SigningMode.DEPUTY, SigningMode.ACTING)),
    # A chairman's session conclusions: the office signs by order under the UBND's heading and number.
    SigningRule(
        "TB_KET_LUAN_TCD",
        COLLECTIVE_LEVELS,
        (SigningMode.BY_ORDER, SigningMode.DEPUTY, SigningMode.IN_PERSON),
    ),
    SigningRule(
        "TB_KET_LUAN_TCD",
        None,
        (SigningMode.IN_PERSON, SigningMode.DEPUTY, SigningMode.ACTING, SigningMode.BY_ORDER),
    ),
    # A letter's handling papers to the head (the proposal to accept, Mẫu 01 of TT 05/2021, and the
    # proposal to file) and the record destroying filed letters (TT 05/2021 Đ28) are approved by the head
    # or a deputy in person, at every level: an internal approval, not an act on behalf of an Ủy ban nhân dân.
    *(
        SigningRule(code, None, (SigningMode.IN_PERSON, SigningMode.DEPUTY, SigningMode.ACTING))
        for code in INTERNAL_APPROVALS
    ),
    *(
        SigningRule(code, None, (SigningMode.IN_PERSON, SigningMode.DEPUTY, SigningMode.ACTING))
        for code in PERSONAL_COMPETENCE
    ),
    # Notices and công văn of an Ủy ban nhân dân go out on behalf of the collective, or by order.
    SigningRule(
        None,
        COLLECTIVE_LEVELS,
        (SigningMode.COLLECTIVE, SigningMode.BY_ORDER, SigningMode.BY_AUTHORISATION),
    ),
    SigningRule(
        None,
        None,
        (
            SigningMode.IN_PERSON,
            SigningMode.ACTING,
            SigningMode.DEPUTY,
            SigningMode.BY_ORDER,
            SigningMode.BY_AUTHORISATION,
        ),
    ),
)


def signing_modes(doc_type: str, level: AgencyLevel, rules: Iterable[SigningRule] = SIGNING_RULES) -> tuple[SigningMode, ...]:
    """The modes a body of ``level`` signs ``doc_type`` in, most usual first."""
    for rule in rules:
        if rule.matches(doc_type, level):
            return rule.modes
    return ()


@dataclass(frozen=True)
class Official:
    """One official of a body between two dates (validity inclusive; None: open)."""

    id: int
    role: OfficialRole
    title: str
    name: str
    valid_from: date | None = None
    valid_to: date | None = None

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class SignatureOption:
    """A way the document can be signed: the mode, the official and the lines it prints.

    ``principal`` is whom the signer signs for ("Chủ tịch" in "KT. CHỦ TỊCH"; "Ủy ban nhân dân" in
    "TM. ỦY BAN NHÂN DÂN"); ``collective`` adds the "TM. ỦY BAN NHÂN DÂN" line above a deputy's "KT.".
    """

    official_id: int
    mode: SigningMode
    position: str
    name: str
    principal: str = ""
    collective: str = ""

    @property
    def key(self) -> str:
        """Stable value of a select option: '<official id>:<mode name>'."""
        return f"{self.official_id}:{self.mode.name}"

    @property
    def authority(self) -> str:
        """The printed prefix of the last authority line ('KT.' for a deputy of a collective body)."""
        if self.mode is SigningMode.COLLECTIVE and self.collective:
            return SigningMode.DEPUTY.value
        return self.mode.value

    def label(self) -> str:
        """'TM. Ủy ban nhân dân / KT. Chủ tịch / Phó Chủ tịch — Nguyễn Văn A' for a select."""
        lines: list[str] = []
        if self.collective:
            lines.append(f"{SigningMode.COLLECTIVE.value} {self.collective}")
        prefix = self.authority
        if not prefix:
            lines.append(self.position)
        elif prefix == SigningMode.ACTING.value:
            lines.append(f"{prefix} {self.position}")
        else:
            lines.extend((f"{prefix} {self.principal}", self.position))
        return " / ".join(lines) + f" — {self.name}"


def head_title(officials: Iterable[Official], day: date) -> str:
    """The title of the body's head on ``day`` (an acting head's when the post is vacant); '' if none."""
    valid = [o for o in officials if o.is_valid_on(day)]
    for role in (OfficialRole.HEAD, OfficialRole.ACTING_HEAD):
        for official in valid:
            if official.role is role:
                return official.title
    return ""


def _choice(official: Official, mode: SigningMode, level: AgencyLevel, principal: str) -> SignatureOption | None:
    collective_body = level in COLLECTIVE_LEVELS
    if mode is SigningMode.COLLECTIVE:
        if not collective_body:
            return None
        if official.role is OfficialRole.HEAD:
            return SignatureOption(official.id, mode, official.title, official.name, principal=COLLECTIVE_NAME)
        if not principal:
            return None
        return SignatureOption(
            official.id, mode, official.title, official.name, principal=principal, collective=COLLECTIVE_NAME
        )
    if mode in (SigningMode.IN_PERSON, SigningMode.ACTING):
        return SignatureOption(official.id, mode, official.title, official.name)
    if not principal:
        return None
    return SignatureOption(official.id, mode, official.title, official.name, principal=principal)


def signature_options(
    *,
    doc_type: str,
    level: AgencyLevel,
    officials: Iterable[Official],
    day: date,
    allowed: Iterable[str] | None = None,
    rules: Iterable[SigningRule] = SIGNING_RULES,
) -> tuple[SignatureOption, ...]:
    """Every way the body's officials valid on ``day`` can sign ``doc_type``, the usual one first.

    ``allowed`` narrows the printed prefixes further (the template's own list, e.g. a receipt signs
    in person only).
    """
    roster = sorted((o for o in officials if o.is_valid_on(day)), key=lambda o: (list(OfficialRole).index(o.role), o.id))
    principal = head_title(roster, day)
    allowed_prefixes = set(allowed) if allowed is not None else None
    choices: list[SignatureOption] = []
    for mode in signing_modes(doc_type, level, rules):
        for official in roster:
            if mode not in _ROLE_MODES[official.role]:
                continue
            choice = _choice(official, mode, level, principal)
            if choice is None or (allowed_prefixes is not None and choice.authority not in allowed_prefixes):
                continue
            choices.append(choice)
    return tuple(choices)


# A signer's name or title left as dots ("……", "...") or blank is a placeholder, not a signer.
_PLACEHOLDER = re.compile(r"…|\.\.|_{2,}")


def is_real_text(text: str | None) -> bool:
    """Whether ``text`` names something: has a letter and no dotted placeholder."""
    value = (text or "").strip()
    return any(ch.isalpha() for ch in value) and not _PLACEHOLDER.search(value)


def check_signer(*, position: str, name: str) -> None:
    """A document is issued only with the signer's real name and title (Decree 30 Art. 13)."""
    if not is_real_text(position) or not is_real_text(name):
        raise DomainError("Chưa thể ban hành: phải ghi họ tên và chức vụ thật của người ký (không để dấu chấm).")


def check_number_date(*, day: date, previous_number: int | None, previous_date: date | None) -> None:
    """A register number is never back-dated: the next number is dated on or after the previous one
    (Decree 30 Art. 15: numbers follow the order of issue within the year)."""
    if previous_date is not None and day < previous_date:
        raise DomainError(
            f"Không được lùi ngày: số trước ({previous_number or 0:02d}) của sổ đã đề ngày {previous_date:%d/%m/%Y}, "
            f"số tiếp theo không thể đề ngày {day:%d/%m/%Y}."
        )
