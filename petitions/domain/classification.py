"""The classification lists of DOMAIN §1–§3 and §6 as data, each item with its validity dates.

Seeded into `reference_item` (directory area), where administrators may correct labels and
dates; records store the item's id, so an old record keeps the item (and the generation of the
list) it was classified with. Items marked (tbc) rest on texts read only in unofficial copies:
correct them as data once checked against the official gazette.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from petitions.domain.deadlines import DateSpan, Variant
from petitions.domain.reception import GROUND_PERSISTENT, GROUND_PERSISTENT_2013, GROUND_REPEAT_KNPA
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.types import DomainError


@dataclass(frozen=True)
class ListItem:
    code: str
    label: str
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    legal_basis: str | None = None


@dataclass(frozen=True)
class ReferenceList:
    code: str
    label: str
    items: tuple[ListItem, ...]


def is_valid_on(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    """Both bounds inclusive; an open bound never excludes."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


def check_validity_range(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise DomainError("Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực.")


# Generations of the law (DOMAIN §0).
LAW_TCD_2013 = date(2014, 7, 1)  # Luật Tiếp công dân 42/2013/QH13 in force
LAW_KN_2011 = date(2012, 7, 1)  # Luật Khiếu nại 02/2011/QH13
LAW_TC_2018 = date(2019, 1, 1)  # Luật Tố cáo 25/2018/QH14
TT_02_2021 = date(2021, 5, 10)  # Circular 02/2021/TT-TTCP (report forms)
TT_05_2021 = date(2021, 11, 15)  # Circular 05/2021/TT-TTCP (letter handling) (tbc: effective date)
REFORM_2026 = date(2026, 7, 1)  # Luật 136/2025/QH15, NĐ 154/2026 in force (tbc)
LAST_DAY_BEFORE_REFORM = date(2026, 6, 30)

_OLD_REFUSAL_BASIS = "Luật Tiếp công dân 2013, Điều 9"
_NEW_REFUSAL_BASIS = "Luật TCD sửa đổi (Luật 136/2025/QH15); NĐ 154/2026/NĐ-CP Điều 4.1 (tbc)"

_INTOXICATED = (
    "Người trong tình trạng say do dùng chất kích thích, người mắc bệnh tâm thần hoặc bệnh khác "
    "làm mất khả năng nhận thức hoặc khả năng điều khiển hành vi của mình"
)
_THREATS = (
    "Người có hành vi đe dọa, xúc phạm cơ quan, tổ chức, đơn vị, người tiếp công dân, người thi hành "
    "công vụ hoặc có hành vi khác vi phạm nội quy nơi tiếp công dân"
)
# Luật Tiếp công dân 2013 Đ9.3, word for word (the 2026 list keeps it, tbc). An earlier wording here
# dropped "được cơ quan nhà nước có thẩm quyền": migration 4b7d2e9c1a35 corrects seeded rows.
_PERSISTENT = (
    "Người khiếu nại, tố cáo về vụ việc đã giải quyết đúng chính sách, pháp luật, được cơ quan nhà nước "
    "có thẩm quyền kiểm tra, rà soát, thông báo bằng văn bản và đã được tiếp, giải thích, hướng dẫn "
    "nhưng vẫn cố tình khiếu nại, tố cáo kéo dài"
)


# The ground of the `complaint_non_acceptance` list a complaint filed after its time limit gets (Luật KN Đ11.4;
# complaint_time_limit_verdict below names it).
NON_ACCEPTANCE_EXPIRED = "KN11_EXPIRED"


def _old(code: str, label: str) -> ListItem:
    return ListItem(code, label, valid_from=LAW_TCD_2013, valid_to=LAST_DAY_BEFORE_REFORM, legal_basis=_OLD_REFUSAL_BASIS)


def _new(code: str, label: str) -> ListItem:
    return ListItem(code, label, valid_from=REFORM_2026, legal_basis=_NEW_REFUSAL_BASIS)


REFERENCE_LISTS: tuple[ReferenceList, ...] = (
    ReferenceList(
        "letter_type",
        "Loại đơn (phân loại theo nội dung)",
        (
            ListItem("complaint", "Khiếu nại"),
            ListItem("denunciation", "Tố cáo"),
            ListItem("petition", "Kiến nghị, phản ánh"),
            ListItem("mixed", "Đơn có nhiều nội dung"),
            ListItem(
                "anonymous",
                "Thông tin có nội dung tố cáo không rõ người tố cáo",
                legal_basis="Luật Tố cáo 2018, Điều 25",
            ),
        ),
    ),
    ReferenceList(
        "complaint_subtype",
        "Loại khiếu nại",
        (
            ListItem("administrative", "Khiếu nại quyết định, hành vi hành chính"),
            ListItem("disciplinary", "Khiếu nại quyết định kỷ luật cán bộ, công chức"),
        ),
    ),
    ReferenceList(
        "letter_source",
        "Nguồn đơn",
        (
            ListItem("post", "Qua bưu chính"),
            ListItem("in_person", "Trực tiếp tại nơi tiếp công dân"),
            ListItem("drop_box", "Hòm thư góp ý"),
            ListItem("deputy", "Đại biểu Quốc hội, Hội đồng nhân dân chuyển đến"),
            ListItem("front", "Mặt trận Tổ quốc chuyển đến"),
            ListItem("press", "Cơ quan báo chí chuyển đến"),
            ListItem("agency", "Cơ quan, tổ chức khác chuyển đến"),
            ListItem("leader", "Lãnh đạo giao"),
            ListItem("online", "Trực tuyến", valid_from=REFORM_2026, legal_basis="NĐ 154/2026/NĐ-CP (tbc)"),
        ),
    ),
    ReferenceList(
        "id_type",
        "Loại giấy tờ tùy thân",
        (
            ListItem("cccd", "Căn cước công dân / Căn cước"),
            ListItem("cmnd", "Chứng minh nhân dân"),
            ListItem("passport", "Hộ chiếu"),
            ListItem("other", "Giấy tờ khác"),
        ),
    ),
    ReferenceList(
        "field_complaint",
        "Lĩnh vực đơn khiếu nại (biểu 02/XLD)",
        (
            ListItem("HC", "Hành chính", valid_from=TT_02_2021),
            ListItem("HC_CS", "Chế độ, chính sách", "HC", valid_from=TT_02_2021),
            ListItem("HC_DD", "Đất đai, nhà cửa", "HC", valid_from=TT_02_2021),
            ListItem("HC_KHAC", "Khác (hành chính)", "HC", valid_from=TT_02_2021),
            ListItem("TP", "Tư pháp", valid_from=TT_02_2021),
            ListItem("DANG", "Đảng, đoàn thể", valid_from=TT_02_2021),
            ListItem("KHAC", "Lĩnh vực khác", valid_from=TT_02_2021),
        ),
    ),
    ReferenceList(
        "field_denunciation",
        "Lĩnh vực đơn tố cáo (biểu 03/XLD)",
        (
            ListItem("HC", "Hành chính", valid_from=TT_02_2021),
            ListItem("HC_CS", "Chế độ, chính sách", "HC", valid_from=TT_02_2021),
            ListItem("HC_DD", "Đất đai, nhà cửa", "HC", valid_from=TT_02_2021),
            ListItem("HC_CC", "Công chức, công vụ", "HC", valid_from=TT_02_2021),
            ListItem("HC_KHAC", "Khác (hành chính)", "HC", valid_from=TT_02_2021),
            ListItem("THAM_NHUNG", "Tham nhũng", valid_from=TT_02_2021),
            ListItem("TP", "Tư pháp", valid_from=TT_02_2021),
            ListItem("DANG", "Đảng, đoàn thể", valid_from=TT_02_2021),
            ListItem("KHAC", "Lĩnh vực khác", valid_from=TT_02_2021),
        ),
    ),
    ReferenceList(
        "field_petition",
        "Lĩnh vực đơn kiến nghị, phản ánh (biểu 04/XLD)",
        (
            ListItem("CS", "Chế độ, chính sách", valid_from=TT_02_2021),
            ListItem("DD", "Đất đai, nhà cửa", valid_from=TT_02_2021),
            ListItem("TP", "Tư pháp", valid_from=TT_02_2021),
            ListItem("KHAC", "Khác", valid_from=TT_02_2021),
        ),
    ),
    ReferenceList(
        "refusal_ground",
        "Căn cứ từ chối tiếp công dân",
        (
            _old("R13_1", _INTOXICATED),
            _old("R13_2", _THREATS),
            _old(GROUND_PERSISTENT_2013, _PERSISTENT),
            _old("R13_4", "Trường hợp khác theo quy định của pháp luật"),
            _new("R26_01", _INTOXICATED),
            _new("R26_02", _THREATS),
            _new(GROUND_PERSISTENT, _PERSISTENT),
            _new("R26_04", "Không gửi, ký gửi vũ khí, công cụ hỗ trợ theo quy định"),
            _new("R26_05", "Không chấp hành việc kiểm tra an ninh"),
            _new("R26_06", "Ghi âm, ghi hình, phát trực tiếp khi người chủ trì đã yêu cầu không thực hiện"),
            _new("R26_07", "Kích động, gây rối trật tự nơi tiếp công dân"),
            _new("R26_08", "Người không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp"),
            _new("R26_09", "Không chứng minh được tư cách người đại diện"),
            _new("R26_10", "Nội dung không phải là khiếu nại, tố cáo, kiến nghị, phản ánh"),
            _new(GROUND_REPEAT_KNPA, "Kiến nghị, phản ánh đã được trả lời mà không có tình tiết mới"),
            _new("R26_12", "Vụ việc đã có bản án, quyết định của Tòa án có hiệu lực pháp luật"),
            _new("R26_13", "Vụ việc đã được cơ quan có thẩm quyền khác thụ lý, giải quyết"),
        ),
    ),
    ReferenceList(
        "ineligibility_reason",
        "Lý do đơn không đủ điều kiện xử lý",
        tuple(
            ListItem(code, label, valid_from=TT_05_2021, legal_basis=basis)
            for code, label, basis in (
                ("NOT_VIETNAMESE", "Đơn không viết bằng tiếng Việt và không có bản dịch có công chứng", "TT 05/2021 Đ6"),
                ("UNDATED", "Đơn không ghi ngày, tháng, năm viết đơn", "TT 05/2021 Đ6"),
                ("NO_NAME_ADDRESS", "Đơn không ghi họ tên, địa chỉ của người viết đơn", "TT 05/2021 Đ6"),
                ("UNSIGNED", "Đơn không có chữ ký hoặc điểm chỉ của người viết đơn", "TT 05/2021 Đ6"),
                (
                    "COMPLAINT_INCOMPLETE",
                    "Đơn khiếu nại không ghi rõ quyết định, hành vi bị khiếu nại, nội dung, lý do, chứng cứ và yêu cầu giải quyết",
                    "TT 05/2021 Đ6",
                ),
                (
                    "DENUNCIATION_INCOMPLETE",
                    "Đơn tố cáo không ghi rõ người bị tố cáo, hành vi vi phạm hoặc cách liên hệ với người tố cáo",
                    "TT 05/2021 Đ6",
                ),
                ("PETITION_NO_CONTENT", "Đơn kiến nghị, phản ánh không nêu rõ nội dung", "TT 05/2021 Đ6"),
                (
                    "ANONYMOUS",
                    "Không rõ họ tên, địa chỉ người tố cáo hoặc mạo danh (thông tin có nội dung tố cáo)",
                    "Luật Tố cáo 2018, Điều 25",
                ),
            )
        ),
    ),
    ReferenceList(
        "complaint_non_acceptance",
        "Lý do không thụ lý khiếu nại",
        tuple(
            ListItem(code, label, valid_from=LAW_KN_2011, legal_basis="Luật Khiếu nại 2011, Điều 11")
            for code, label in (
                (
                    "KN11_INTERNAL",
                    "Quyết định, hành vi hành chính trong nội bộ cơ quan để chỉ đạo, tổ chức thực hiện nhiệm vụ; "
                    "quyết định có chứa quy phạm pháp luật; quyết định, hành vi thuộc phạm vi bí mật nhà nước",
                ),
                ("KN11_NOT_AFFECTED", "Không liên quan trực tiếp đến quyền, lợi ích hợp pháp của người khiếu nại"),
                ("KN11_NO_CAPACITY", "Người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp"),
                ("KN11_BAD_REPRESENTATIVE", "Người đại diện không hợp pháp thực hiện khiếu nại"),
                ("KN11_UNSIGNED", "Đơn khiếu nại không có chữ ký hoặc điểm chỉ của người khiếu nại"),
                (NON_ACCEPTANCE_EXPIRED, "Thời hiệu, thời hạn khiếu nại đã hết mà không có lý do chính đáng"),
                ("KN11_SECOND_ROUND", "Khiếu nại đã có quyết định giải quyết khiếu nại lần hai"),
                (
                    "KN11_TERMINATED",
                    "Có văn bản thông báo đình chỉ giải quyết khiếu nại mà sau 30 ngày người khiếu nại không tiếp tục khiếu nại",
                ),
                ("KN11_COURT", "Việc khiếu nại đã được Tòa án thụ lý hoặc đã có bản án, quyết định của Tòa án"),
            )
        ),
    ),
    ReferenceList(
        "denunciation_non_acceptance",
        "Lý do không thụ lý tố cáo",
        tuple(
            ListItem(code, label, valid_from=LAW_TC_2018, legal_basis="Luật Tố cáo 2018, Điều 29.1")
            for code, label in (
                ("TC29_FORM", "Tố cáo không đáp ứng yêu cầu về hình thức (Luật Tố cáo Điều 23)"),
                ("TC29_CAPACITY", "Người tố cáo không có năng lực hành vi dân sự đầy đủ"),
                ("TC29_COMPETENCE", "Vụ việc không thuộc thẩm quyền giải quyết"),
                ("TC29_UNIDENTIFIABLE", "Không đủ căn cứ xác định người vi phạm, hành vi vi phạm pháp luật"),
            )
        ),
    ),
    ReferenceList(
        "duplicate_category",
        "Loại đơn trùng",
        tuple(
            ListItem(code, label, legal_basis="Quy ước của hệ thống")
            for code, label in (
                ("SAME_SENDER", "Cùng người gửi, cùng nội dung đã tiếp nhận"),
                ("MULTI_DESTINATION", "Cùng nội dung, gửi nhiều nơi hoặc được chuyển đến từ nơi khác"),
                ("CO_SIGNERS", "Cùng nội dung, người đứng tên khác (đơn nhiều người đứng tên)"),
                ("RESOLVED_REPEAT", "Nội dung đã được giải quyết, tiếp tục gửi đơn"),
            )
        ),
    ),
)

LIST_LABELS: dict[str, str] = {ref.code: ref.label for ref in REFERENCE_LISTS}


# ---------------------------------------------------------------------------------------------------------
# Letter intake rules (DOMAIN §2, §3.3): channels, signers, classification by content, eligibility.
# ---------------------------------------------------------------------------------------------------------


class LetterChannel(StrEnum):
    """How the letter reached the office (the `letter_source` list's codes)."""

    POST = "post"
    IN_PERSON = "in_person"
    DROP_BOX = "drop_box"
    DEPUTY = "deputy"
    FRONT = "front"
    PRESS = "press"
    AGENCY = "agency"
    LEADER = "leader"
    ONLINE = "online"


# Channels through which another body forwards the letter: its document number and date are required.
FORWARDING_CHANNELS: frozenset[LetterChannel] = frozenset(
    {LetterChannel.DEPUTY, LetterChannel.FRONT, LetterChannel.PRESS, LetterChannel.AGENCY}
)


class SignerKind(StrEnum):
    """Đơn một người / nhiều người đứng tên / không có người đứng tên (a report dimension)."""

    ONE = "one"
    SEVERAL = "several"
    NONE = "none"


class PriorResolution(StrEnum):
    """Where the matter stood when the letter arrived (DOMAIN §2)."""

    NOT_YET = "not_yet"
    IN_PROGRESS = "in_progress"
    RESOLVED_FIRST = "resolved_first"
    RESOLVED_SECOND = "resolved_second"
    COURT_JUDGMENT = "court_judgment"


class DuplicateDecision(StrEnum):
    """The officer's answer to the duplicate check, made before the letter is saved."""

    NEW = "new"  # a new matter
    # đơn trùng: counts as a letter, not as a new case; the original's repeat count rises
    DUPLICATE = "duplicate"
    EXISTING_CASE = "existing_case"  # a new letter in a matter already on file


def suggested_decision(*, same_writer: bool, same_content: bool, candidate_has_case: bool) -> DuplicateDecision:
    """The answer the duplicate check preselects for its best candidate (the officer may change it):

    - the same writer and the same content: a duplicate (đơn trùng) of that letter;
    - the same content from another (or an unknown) writer: a new letter in that letter's matter, when it has
      a case (anonymous information has none: then a duplicate);
    - the same writer only (a name or an ID number): a new matter of a person already known.
    """
    if same_content and (same_writer or not candidate_has_case):
        return DuplicateDecision.DUPLICATE
    if same_content:
        return DuplicateDecision.EXISTING_CASE
    return DuplicateDecision.NEW


@dataclass(frozen=True)
class IntakeFacts:
    """What the officer read in the letter; the rules below decide its type and eligibility.

    `declared_type` is what the content is (not the title the citizen wrote). `writer_identified`
    is false for an unknown, pseudonymous or unidentifiable writer.
    """

    declared_type: LetterType
    writer_identified: bool = True
    in_vietnamese: bool = True
    dated: bool = True
    has_name_address: bool = True
    signed: bool = True
    # KN: act, content, reasons, evidence, demand; TC: accused, violation, contact; KNPA: content.
    content_complete: bool = True


class TypeChangeRefused(DomainError):
    """A reclassification the law forbids (anonymous information never becomes a denunciation)."""


def intake_type(facts: IntakeFacts) -> LetterType:
    """The intake type: a denunciation whose writer cannot be identified is anonymous information.

    Luật Tố cáo 2018 Đ25.1: information with denunciation content from an unknown or pseudonymous
    person, or not in the legal form, is not a denunciation and gets its own intake type.
    """
    if facts.declared_type == LetterType.DENUNCIATION and not facts.writer_identified:
        return LetterType.ANONYMOUS
    return facts.declared_type


# Eligibility conditions of TT 05/2021 Đ6 in the order they are checked: (facts attribute, reason
# code of the `ineligibility_reason` list, types the condition applies to (None: every type)).
_COMMON = None
_ELIGIBILITY_TABLE: tuple[tuple[str, str, frozenset[LetterType] | None], ...] = (
    ("in_vietnamese", "NOT_VIETNAMESE", _COMMON),
    ("dated", "UNDATED", _COMMON),
    ("has_name_address", "NO_NAME_ADDRESS", _COMMON),
    ("signed", "UNSIGNED", _COMMON),
    ("content_complete", "COMPLAINT_INCOMPLETE", frozenset({LetterType.COMPLAINT})),
    ("content_complete", "DENUNCIATION_INCOMPLETE", frozenset({LetterType.DENUNCIATION})),
    ("content_complete", "PETITION_NO_CONTENT", frozenset({LetterType.PETITION})),
)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason_code: str | None  # the first failed condition (`ineligibility_reason` list), None when eligible


def eligibility(facts: IntakeFacts, *, main_type: LetterType | None = None) -> Eligibility:
    """Whether the letter meets the conditions to be handled (TT 05/2021 Đ6), and the first that fails.

    Anonymous information is never eligible as a denunciation (reason ANONYMOUS); what happens to it
    (inspection if concrete, else filing) is the handling decision, not eligibility. A mixed letter
    is judged by its main content's conditions.
    """
    kind = intake_type(facts)
    if kind == LetterType.ANONYMOUS:
        return Eligibility(False, "ANONYMOUS")
    if kind == LetterType.MIXED:
        kind = main_type or LetterType.PETITION
    for attribute, code, applies_to in _ELIGIBILITY_TABLE:
        if applies_to is not None and kind not in applies_to:
            continue
        if not getattr(facts, attribute):
            return Eligibility(False, code)
    return Eligibility(True, None)


# What one content of a mixed letter may be: never "mixed" itself, nor anonymous information.
PART_TYPES = (LetterType.COMPLAINT, LetterType.DENUNCIATION, LetterType.PETITION)


@dataclass(frozen=True)
class ContentPart:
    """One content of a mixed letter (đơn có nhiều nội dung)."""

    letter_type: LetterType
    summary: str
    complaint_subtype: ComplaintSubtype | None = None
    is_main: bool = False


def check_parts(parts: tuple[ContentPart, ...]) -> ContentPart:
    """A mixed letter has ≥ 2 contents, each a KN, TC or KNPA, and exactly one main content; returns it."""
    if len(parts) < 2:
        raise DomainError("Đơn có nhiều nội dung phải có ít nhất hai nội dung.")
    for part in parts:
        if part.letter_type not in PART_TYPES:
            raise DomainError("Mỗi nội dung của đơn là khiếu nại, tố cáo hoặc kiến nghị, phản ánh.")
        check_subtype(part.letter_type, part.complaint_subtype)
        if not part.summary.strip():
            raise DomainError("Vui lòng tóm tắt từng nội dung của đơn.")
    mains = [p for p in parts if p.is_main]
    if len(mains) != 1:
        raise DomainError("Đơn có nhiều nội dung phải có đúng một nội dung chính.")
    return mains[0]


def check_subtype(letter_type: LetterType, subtype: ComplaintSubtype | None) -> None:
    """A complaint has its subtype (administrative or disciplinary: different clocks); nothing else has one."""
    if letter_type == LetterType.COMPLAINT and subtype is None:
        raise DomainError("Vui lòng chọn loại khiếu nại (hành chính hoặc kỷ luật).")
    if letter_type != LetterType.COMPLAINT and subtype is not None:
        raise DomainError("Chỉ đơn khiếu nại mới có loại khiếu nại.")


def check_type_change(old: LetterType, new: LetterType) -> None:
    """Anonymous information is never promoted to a denunciation (Luật TC Đ25): if the writer comes
    forward, their denunciation is a new letter with its own identity and clocks."""
    if old == LetterType.ANONYMOUS and new in (LetterType.DENUNCIATION, LetterType.MIXED):
        raise TypeChangeRefused(
            "Thông tin không rõ người tố cáo không bao giờ trở thành đơn tố cáo; "
            "nếu người tố cáo xuất hiện, hãy đăng ký một đơn mới."
        )


def effective_type(letter_type: LetterType, main_type: LetterType | None) -> LetterType:
    """The type whose clocks run: a mixed letter's main content, else the letter's own type."""
    if letter_type == LetterType.MIXED and main_type is not None:
        return main_type
    return letter_type


def registration_clocks(letter_type: LetterType, main_type: LetterType | None = None) -> tuple[str, ...]:
    """Clocks opened at registration, dated from receipt (DOMAIN §5): D10 always; D21 for a denunciation.

    Anonymous information has only D10.
    """
    if effective_type(letter_type, main_type) == LetterType.DENUNCIATION:
        return ("D10", "D21")
    return ("D10",)


def classification_clocks(
    letter_type: LetterType, main_type: LetterType | None, within_competence: bool | None
) -> frozenset[str]:
    """Clocks that classification opens, dated from receipt (DOMAIN §3.5, §5): D21 for every
    denunciation, D22 for one outside competence, D14 for a complaint within competence."""
    kind = effective_type(letter_type, main_type)
    clocks: set[str] = set()
    if kind == LetterType.DENUNCIATION:
        clocks.add("D21")
        if within_competence is False:
            clocks.add("D22")
    if kind == LetterType.COMPLAINT and within_competence is True:
        clocks.add("D14")
    return frozenset(clocks)


# Clocks a reclassification may open or close; D10 (every letter) is never touched by it.
CLASSIFICATION_RULE_IDS: frozenset[str] = frozenset({"D14", "D21", "D22"})


def check_forwarding(channel: LetterChannel, document_number: str | None, document_date: object) -> None:
    """A letter forwarded by a deputy, the Front, the press or an agency carries its slip's number and date."""
    if channel in FORWARDING_CHANNELS and (not (document_number or "").strip() or document_date is None):
        raise DomainError("Đơn do cơ quan, tổ chức chuyển đến cần số và ngày của văn bản chuyển.")


def check_signers(kind: SignerKind, count: int) -> int:
    """One signer: 1; several: the count (≥ 2); none (unsigned): 0. Returns the stored count."""
    if kind == SignerKind.ONE:
        return 1
    if kind == SignerKind.NONE:
        return 0
    if count < 2:
        raise DomainError("Đơn nhiều người đứng tên cần ghi số người (từ 2 trở lên).")
    return count


# ---------------------------------------------------------------------------------------------------------
# Complaint time limits (thời hiệu khiếu nại; DOMAIN §5 D12, D13, D16; Luật KN Đ9, Đ33, Đ48, Đ11.4)
# ---------------------------------------------------------------------------------------------------------

# The clocks that are a complainant's time limit, not the office's task: counted at classification, closed
# at once (petitions.deadlines.services.record_time_limit).
TIME_LIMIT_RULE_IDS: frozenset[str] = frozenset({"D12", "D13", "D16"})


@dataclass(frozen=True)
class TimeLimitClock:
    """The time-limit clock a complaint has, with its variants (checked by the deadline engine)."""

    rule_id: str
    variants: frozenset[Variant] = frozenset()


def complaint_time_limit(
    subtype: ComplaintSubtype | None, *, second_round: bool, dismissal: bool = False, remote: bool = False
) -> TimeLimitClock | None:
    """The time limit of a complaint by its subtype and round (None: not a complaint):

    - administrative, 1st round: D12, 90 days from receipt or knowledge of the decision or act;
    - administrative, 2nd round: D16, 30 days (`remote` 45) from the 1st-round decision or the end of its
      resolution period;
    - disciplinary: D13, 15 days; 2nd round (`second`) 10, a dismissal's 2nd round 30.

    Flags the rule does not have are passed on, so the engine refuses them with its message (a dismissal
    on an administrative complaint, remote on a 1st-round one).
    """
    if subtype is None:
        return None
    flags: set[Variant] = set()
    if dismissal:
        flags.add(Variant.DISMISSAL)
    if remote:
        flags.add(Variant.REMOTE)
    if subtype == ComplaintSubtype.DISCIPLINARY:
        if second_round:
            flags.add(Variant.SECOND)
        return TimeLimitClock("D13", frozenset(flags))
    return TimeLimitClock("D16" if second_round else "D12", frozenset(flags))


def obstacle_spans(pairs: tuple[tuple[date | None, date | None], ...]) -> tuple[DateSpan, ...]:
    """Objective obstacle periods (trở ngại khách quan) as typed: empty pairs dropped, half-typed ones refused.
    The engine checks the rest (order, overlap, after the trigger)."""
    spans: list[DateSpan] = []
    for first, last in pairs:
        if first is None and last is None:
            continue
        if first is None or last is None:
            raise DomainError("Khoảng trở ngại khách quan cần cả ngày bắt đầu và ngày kết thúc.")
        spans.append((first, last))
    return tuple(sorted(spans))


class TimeLimitStatus(StrEnum):
    WITHIN = "within"  # filed on or before the last day
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # the last day waits for a confirmed calendar year


@dataclass(frozen=True)
class TimeLimitVerdict:
    """Whether the complaint was filed within its time limit; an expired one names its non-acceptance ground."""

    status: TimeLimitStatus
    last_day: date | None
    ground_code: str | None = None


def complaint_time_limit_verdict(filed_on: date, last_day: date | None) -> TimeLimitVerdict:
    """Filed on `filed_on` (the day the office received it) against the limit's last day (inclusive)."""
    if last_day is None:
        return TimeLimitVerdict(TimeLimitStatus.UNKNOWN, None)
    if filed_on <= last_day:
        return TimeLimitVerdict(TimeLimitStatus.WITHIN, last_day)
    return TimeLimitVerdict(TimeLimitStatus.EXPIRED, last_day, NON_ACCEPTANCE_EXPIRED)
