"""Reception rules (DOMAIN §1–§3, §6): ID numbers, delegations, representatives, sessions, outcomes, compliance.

Pure functions over builtins and dates; `today` and the calendar are always passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from petitions.domain.deadlines import LEADER_LEVEL_LABELS, LeaderLevel, leader_level_valid_on
from petitions.domain.records import ComplaintSubtype, IdType, LetterStatus, letter_ends_case
from petitions.domain.types import DomainError

# The reform of Luật 136/2025/QH15 and NĐ 154/2026 (tbc): delegated sessions end, D6 begins,
# a personal proxy for a complaint must be notarised or certified.
REFORM_DATE = date(2026, 7, 1)

# The system's counting rule (after Luật TCD Đ29): a visit of five or more persons is a delegation.
# The one definition: the statistics, the reports' SQL and the intake form's hint all read it.
DELEGATION_MIN_PERSONS = 5


class ReceptionError(DomainError):
    """A reception record breaks one of the rules below; the message is Vietnamese. `field` names the input the
    rule is about (VisitInput's name), when it is about one, so that a caller can show the message beside it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidIdNumber(ReceptionError):
    """The number does not have the shape its ID type requires."""


# ---------------------------------------------------------------------------------------------------------
# ID numbers (DOMAIN §2: CCCD exactly 12 digits; CMND 9 or 12; passport letters and digits; other free)
# ---------------------------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s.\-]")
_PASSPORT = re.compile(r"^[A-Z0-9]{6,12}$")


def clean_id_number(value: str) -> str:
    """An ID number as stored: spaces, dots and dashes removed, letters in upper case."""
    return _SEPARATORS.sub("", value or "").upper()


def validate_id_number(id_type: IdType | str, value: str, *, paper_name: str | None = None) -> str:
    """The cleaned number if it fits its type, else InvalidIdNumber.

    CCCD (căn cước): exactly 12 digits. Old CMND: 9 or 12 digits. Passport: 6–12 letters and digits
    (Vietnamese passports are one letter and 7 digits; foreign ones vary). Other papers: the paper's
    name is required and the number is 1–32 visible characters.
    """
    kind = IdType(id_type)
    number = clean_id_number(value)
    if not number:
        raise InvalidIdNumber("Vui lòng nhập số giấy tờ.")
    if kind is IdType.CCCD:
        if not (number.isdigit() and number.isascii() and len(number) == 12):
            raise InvalidIdNumber("Số căn cước công dân phải gồm đúng 12 chữ số.")
    elif kind is IdType.CMND:
        if not (number.isdigit() and number.isascii() and len(number) in (9, 12)):
            raise InvalidIdNumber("Số chứng minh nhân dân phải gồm 9 hoặc 12 chữ số.")
    elif kind is IdType.PASSPORT:
        if not _PASSPORT.match(number) or not any(ch.isdigit() for ch in number):
            raise InvalidIdNumber("Số hộ chiếu gồm 6 đến 12 chữ cái và chữ số.")
    else:
        if not (paper_name or "").strip():
            raise InvalidIdNumber("Giấy tờ khác: vui lòng ghi tên loại giấy tờ.")
        if len(number) > 32 or not number.isprintable():
            raise InvalidIdNumber("Số giấy tờ không quá 32 ký tự.")
    return number


def mask_id_number(number: str | None) -> str:
    """Shown on screens and lists: the last 4 characters only (the system's choice, DOMAIN §8)."""
    if not number:
        return ""
    return "•" * max(len(number) - 4, 0) + number[-4:]


# ---------------------------------------------------------------------------------------------------------
# Delegations and representatives (Luật TCD Đ29; NĐ 155 Đ3, tbc)
# ---------------------------------------------------------------------------------------------------------


def is_delegation(headcount: int) -> bool:
    """A visit of ≥ 5 persons with one matter (đoàn đông người)."""
    return headcount >= DELEGATION_MIN_PERSONS


# How many representatives a group may choose (Luật TCD Đ29), largest groups first: (from headcount, at most).
GROUP_REPRESENTATIVE_LIMITS: tuple[tuple[int, int], ...] = ((11, 5), (DELEGATION_MIN_PERSONS, 2))


def max_group_representatives(headcount: int) -> int:
    """How many representatives a group may choose: 5–10 persons 1–2, more than 10 up to 5; smaller groups none."""
    return next((limit for least, limit in GROUP_REPRESENTATIVE_LIMITS if headcount >= least), 0)


class RepresentativeKind(StrEnum):
    GROUP = "group"  # người đại diện của nhóm đông người
    AUTHORISED = "authorised"  # người được ủy quyền
    LAWYER = "lawyer"  # luật sư
    LEGAL_AID = "legal_aid"  # trợ giúp viên pháp lý
    ORG_HEAD = "org_head"  # người đứng đầu cơ quan, tổ chức


@dataclass(frozen=True)
class RepresentativeFact:
    kind: RepresentativeKind
    document_number: str = ""
    is_certified: bool = False


def check_representatives(
    *, headcount: int, representatives: Iterable[RepresentativeFact], visited_on: date, is_complaint: bool
) -> None:
    """The representatives and proxies of one visit.

    - a group of ≥ 5 names 1–2 representatives (5–10 persons) or up to 5 (more than 10), each with
      the appointment signed by the members;
    - a proxy, lawyer or legal-aid officer shows their document (authorisation, card + assignment);
    - from 01/07/2026 a personal proxy for a complaint must be notarised or certified (tbc).
    """
    facts = list(representatives)
    group = [r for r in facts if r.kind is RepresentativeKind.GROUP]
    if group and headcount < DELEGATION_MIN_PERSONS:
        raise ReceptionError("Chỉ nhóm từ 5 người trở lên mới cử người đại diện.", field="representatives")
    limit = max_group_representatives(headcount)
    if len(group) > limit:
        raise ReceptionError(
            f"Nhóm {headcount} người được cử tối đa {limit} người đại diện (Luật Tiếp công dân, Điều 29).",
            field="representatives",
        )
    for fact in facts:
        if not fact.document_number.strip():
            raise ReceptionError(
                "Người đại diện, người được ủy quyền phải có văn bản cử đại diện hoặc ủy quyền (số văn bản).",
                field="representatives",
            )
        if (
            fact.kind is RepresentativeKind.AUTHORISED
            and is_complaint
            and visited_on >= REFORM_DATE
            and not fact.is_certified
        ):
            raise ReceptionError(
                "Từ ngày 01/07/2026, văn bản ủy quyền khiếu nại của cá nhân phải được công chứng hoặc chứng thực.",
                field="representatives",
            )


# ---------------------------------------------------------------------------------------------------------
# Reception sessions (kỳ tiếp)
# ---------------------------------------------------------------------------------------------------------


class SessionKind(StrEnum):
    REGULAR = "regular"  # tiếp thường xuyên (officers of the board)
    PERIODIC = "periodic"  # tiếp định kỳ (the head, scheduled)
    UNSCHEDULED = "unscheduled"  # tiếp đột xuất (the head, urgent)
    DELEGATED = "delegated"  # tiếp theo ủy quyền (a deputy for the head; until 30/06/2026)


HEAD_SESSION_KINDS = frozenset({SessionKind.PERIODIC, SessionKind.UNSCHEDULED})


def session_kind_span(kind: SessionKind) -> tuple[date | None, date | None]:
    """The days a session kind may be held on (None = open): delegated sessions end the day before the
    2026 reform (Luật 136/2025, tbc); the others are always offered."""
    if kind is SessionKind.DELEGATED:
        return (None, REFORM_DATE - timedelta(days=1))
    return (None, None)


def session_kind_valid_on(kind: SessionKind, day: date) -> bool:
    start, end = session_kind_span(kind)
    return (start is None or start <= day) and (end is None or day <= end)


class SessionMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    POSTPONED = "postponed"


def check_session(
    *,
    kind: SessionKind,
    mode: SessionMode,
    held_on: date,
    recording_reference: str | None,
    status: SessionStatus,
    postponed_reason: str | None,
    leader_level: LeaderLevel | None = None,
) -> None:
    """Delegated sessions only before 01/07/2026 (Luật 136/2025, tbc); a leader level only while it exists
    (no district chairman after 30/06/2025); online ones need the recording's reference; a postponement
    needs its reason."""
    if not session_kind_valid_on(kind, held_on):
        raise ReceptionError("Từ ngày 01/07/2026 người đứng đầu không được ủy quyền tiếp công dân định kỳ.")
    if leader_level is not None and not leader_level_valid_on(leader_level, held_on):
        raise ReceptionError(
            f"Ngày {held_on:%d/%m/%Y} không còn cấp «{LEADER_LEVEL_LABELS[leader_level]}»: hãy chọn cấp lãnh đạo "
            "đang tồn tại vào ngày tiếp."
        )
    if (
        mode is SessionMode.ONLINE
        and status is SessionStatus.HELD
        and not (recording_reference or "").strip()
    ):
        raise ReceptionError("Buổi tiếp trực tuyến phải ghi số hiệu bản ghi âm, ghi hình.")
    if status is SessionStatus.POSTPONED and not (postponed_reason or "").strip():
        raise ReceptionError("Vui lòng ghi lý do hoãn buổi tiếp.")


def visit_kind(session_kind: SessionKind | None) -> SessionKind:
    """A visit outside any session is regular reception."""
    return session_kind or SessionKind.REGULAR


# ---------------------------------------------------------------------------------------------------------
# Visit outcomes
# ---------------------------------------------------------------------------------------------------------


class VisitOutcome(StrEnum):
    GUIDED = "guided"  # hướng dẫn
    LETTER_RECEIVED = "letter_received"  # tiếp nhận đơn
    FORWARDED = "forwarded"  # chuyển đơn / chuyển cơ quan có thẩm quyền
    REFUSED = "refused"  # từ chối tiếp


def visit_ends_case(outcome: VisitOutcome, letter_status: LetterStatus | None) -> bool:
    """Whether a visit no longer holds its case open (the system's rule): guided, forwarded or refused at the
    desk, the visit's own handling is over (the reception book's follow-up column is not a state); a visit
    that handed in a letter goes on through that letter (petitions.domain.records.letter_ends_case), and
    holds the case open while the letter is not registered."""
    if outcome is not VisitOutcome.LETTER_RECEIVED:
        return True
    return letter_status is not None and letter_ends_case(letter_status)


class VisitClass(StrEnum):
    """Classification of a visit's content in the reception book (KN / TC / KNPA)."""

    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    PETITION = "petition"


# Refusal grounds that carry a rule of their own: the one definition of their codes in the
# refusal_ground reference list (classification.REFERENCE_LISTS names its items with them).
GROUND_PERSISTENT_2013 = "R13_3"  # persistent complaints/denunciations (Luật TCD 2013 Đ9)
GROUND_PERSISTENT = "R26_03"  # the same ground from 01/07/2026 (NĐ 154 Đ4.1)
GROUND_REPEAT_KNPA = "R26_11"  # KNPA already answered, without new facts (from 01/07/2026, tbc)

# Grounds whose refusal notice (Mẫu 01/TCD) the head issues within D6: persistent
# complaints/denunciations and repeat KNPA already answered (NĐ 154 Đ4.3; tbc).
D6_GROUND_CODES = frozenset({GROUND_PERSISTENT, GROUND_REPEAT_KNPA})
# Grounds notified in writing by Mẫu 01/TCD: the D6 grounds, and before the reform the
# persistent ground (D6 runs for the 2026 grounds only).
REFUSAL_NOTICE_GROUND_CODES = D6_GROUND_CODES | {GROUND_PERSISTENT_2013}


@dataclass(frozen=True)
class OutcomeFacts:
    outcome: VisitOutcome
    guided_to: str = ""
    forwarded_to: str = ""
    refusal_ground_code: str | None = None
    refusal_ground_valid: bool = False
    refusal_explanation: str = ""
    with_letter: bool = False
    statement: str = ""


def check_outcome(facts: OutcomeFacts) -> None:
    """Each outcome's required details: where to (guided, forwarded), a lawful ground valid on the
    visit date and its explanation (refused), a letter or a written statement (letter received)."""
    if facts.outcome is VisitOutcome.GUIDED and not facts.guided_to.strip():
        raise ReceptionError("Vui lòng ghi nơi hướng dẫn công dân đến.", field="guided_to")
    if facts.outcome is VisitOutcome.FORWARDED and not facts.forwarded_to.strip():
        raise ReceptionError("Vui lòng ghi cơ quan được chuyển đến.", field="forwarded_to")
    if facts.outcome is VisitOutcome.REFUSED:
        if not facts.refusal_ground_code:
            raise ReceptionError("Vui lòng chọn căn cứ từ chối tiếp.", field="refusal_ground_id")
        if not facts.refusal_ground_valid:
            raise ReceptionError("Căn cứ từ chối này không còn (hoặc chưa) có hiệu lực vào ngày tiếp.", field="refusal_ground_id")
        if not facts.refusal_explanation.strip():
            raise ReceptionError("Vui lòng ghi rõ lý do đã giải thích cho công dân.", field="refusal_explanation")
    if (
        facts.outcome is VisitOutcome.LETTER_RECEIVED
        and not facts.with_letter
        and not facts.statement.strip()
    ):
        raise ReceptionError(
            "Công dân không có đơn: vui lòng ghi nội dung trình bày để công dân ký hoặc điểm chỉ."
        )


def starts_d6(outcome: VisitOutcome, ground_code: str | None) -> bool:
    """A refusal on a D6 ground starts the head's deadline for the written notice."""
    return outcome is VisitOutcome.REFUSED and ground_code in D6_GROUND_CODES


def needs_refusal_notice(ground_code: str | None) -> bool:
    """Whether a refusal on this ground is notified in writing (Mẫu 01/TCD)."""
    return ground_code in REFUSAL_NOTICE_GROUND_CODES


# ---------------------------------------------------------------------------------------------------------
# A visit (one row of the reception book)
# ---------------------------------------------------------------------------------------------------------


def check_visit_entry(
    *, summary: str, headcount: int, classification: VisitClass, complaint_subtype: ComplaintSubtype | None
) -> None:
    """A book row states what was presented and counts at least one person; only a complaint has a
    complaint subtype (administrative, labour, …)."""
    if not summary.strip():
        raise ReceptionError("Vui lòng ghi tóm tắt nội dung.", field="summary")
    if headcount < 1:
        raise ReceptionError("Số người phải từ 1 trở lên.", field="headcount")
    if complaint_subtype is not None and classification is not VisitClass.COMPLAINT:
        raise ReceptionError("Chỉ nội dung khiếu nại mới có loại khiếu nại.", field="complaint_subtype")


def check_chosen_session(
    session_agency_id: int | None, session_held_on: date | None, *, agency_id: int, visited_on: date
) -> None:
    """A visit recorded in a session belongs to a session of the same office held that day
    (`session_agency_id` None: the chosen session does not exist)."""
    if session_agency_id is None or session_agency_id != agency_id:
        raise ReceptionError("Buổi tiếp đã chọn không thuộc cơ quan này.", field="session_id")
    if session_held_on != visited_on:
        raise ReceptionError("Ngày tiếp phải trùng ngày của buổi tiếp đã chọn.", field="session_id")


# Reference-only mode (DOMAIN §8): the classifications whose intake draft may keep who came.
DRAFT_IDENTITY_CLASSES = (VisitClass.COMPLAINT, VisitClass.PETITION)


def draft_may_keep_identity(classification: str | None) -> bool:
    """Reference-only mode: an intake draft may keep who came only once the matter is classified and is
    not a denunciation. A denouncer's identity (Luật TC Đ47) is never written in the clear; before the
    choice nobody knows yet whether the visitor is one."""
    return classification in {c.value for c in DRAFT_IDENTITY_CLASSES}


def session_takes_visits(status: SessionStatus, held_on: date, *, today: date) -> bool:
    """Visits are recorded only in a session that was held, or that is scheduled for today (the officer
    records while it runs). 01/TCD counts a head's visits in (13)–(15) and only held sessions in (12):
    a visit in a postponed or never-held session would be counted without its session."""
    return status is SessionStatus.HELD or (status is SessionStatus.PLANNED and held_on == today)


def check_session_takes_visits(status: SessionStatus, held_on: date, *, today: date) -> None:
    """Refuse a visit in a postponed session, or in a planned one of another day (see session_takes_visits)."""
    if status is SessionStatus.POSTPONED:
        raise ReceptionError(
            "Buổi tiếp đã chọn đã bị hoãn: không ghi lượt tiếp vào buổi tiếp đã hoãn. "
            "Hãy chọn buổi tiếp khác hoặc ghi là tiếp thường xuyên."
        )
    if not session_takes_visits(status, held_on, today=today):
        raise ReceptionError(
            "Buổi tiếp đã chọn chưa được ghi là đã tiếp: hãy cập nhật tình trạng buổi tiếp "
            "thành “Đã tiếp” trước khi ghi lượt tiếp."
        )


def visit_mode_and_recording(
    *,
    typed_mode: SessionMode,
    typed_recording: str | None,
    session_mode: SessionMode | None = None,
    session_recording: str | None = None,
) -> tuple[SessionMode, str | None]:
    """A visit in a session is held the session's way; its recording reference is the one typed, else the
    session's. An online visit must name its audio or video recording."""
    mode = session_mode if session_mode is not None else typed_mode
    recording = typed_recording or session_recording or None
    if mode is SessionMode.ONLINE and not recording:
        raise ReceptionError("Tiếp trực tuyến phải ghi số hiệu bản ghi âm, ghi hình.", field="recording_reference")
    return mode, recording


def check_denunciation_visitor(classification: VisitClass, *, has_representatives: bool) -> None:
    """A denouncer's identity is protected (DOMAIN §8): their representatives stay on paper, never in the
    system, where they would name the person."""
    if classification is VisitClass.DENUNCIATION and has_representatives:
        raise ReceptionError(
            "Danh tính người tố cáo được bảo mật: người đại diện ghi trên hồ sơ giấy, không ghi vào hệ thống.",
            field="representatives",
        )


@dataclass(frozen=True)
class OutcomeColumns:
    guided_to: str = ""
    guided_document_number: str = ""
    forwarded_to: str = ""
    forwarded_document_number: str = ""
    refusal_explanation: str = ""


def outcome_columns(
    outcome: VisitOutcome,
    *,
    guided_to: str = "",
    guided_document_number: str = "",
    forwarded_to: str = "",
    forwarded_document_number: str = "",
    refusal_explanation: str = "",
) -> OutcomeColumns:
    """The book keeps the details of the visit's own outcome only: where a guided citizen was sent, where
    the matter was forwarded, why the visit was refused; what was typed for another outcome is dropped."""
    if outcome is VisitOutcome.GUIDED:
        return OutcomeColumns(guided_to=guided_to, guided_document_number=guided_document_number)
    if outcome is VisitOutcome.FORWARDED:
        return OutcomeColumns(forwarded_to=forwarded_to, forwarded_document_number=forwarded_document_number)
    if outcome is VisitOutcome.REFUSED:
        return OutcomeColumns(refusal_explanation=refusal_explanation)
    return OutcomeColumns()


def repeat_number(earlier_visits_of_case: int) -> int:
    """A visit's rank among the visits of its case: a repeat visit on a known matter adds a visit (lượt),
    not a case (vụ việc)."""
    return earlier_visits_of_case + 1


# ---------------------------------------------------------------------------------------------------------
# Citizen matching (one record per real person)
# ---------------------------------------------------------------------------------------------------------


class MatchReason(StrEnum):
    SAME_ID = "same_id"
    NAME_AND_COMMUNE = "name_and_commune"
    NAME_AND_BIRTH_YEAR = "name_and_birth_year"


MATCH_LABELS = {
    MatchReason.SAME_ID: "Trùng số giấy tờ",
    MatchReason.NAME_AND_COMMUNE: "Trùng họ tên và xã, phường",
    MatchReason.NAME_AND_BIRTH_YEAR: "Trùng họ tên và năm sinh",
}


@dataclass(frozen=True)
class PersonKey:
    """What matching compares: the folded name, the cleaned ID number, the commune and the birth year."""

    folded_name: str = ""
    id_number: str = ""
    unit_id: int | None = None
    birth_year: int | None = None


def match_reason(typed: PersonKey, candidate: PersonKey) -> MatchReason | None:
    """Why a stored person may be the one being typed: the same ID; or the same folded name with the
    same commune or the same birth year."""
    if typed.id_number and typed.id_number == candidate.id_number:
        return MatchReason.SAME_ID
    if typed.folded_name and typed.folded_name == candidate.folded_name:
        if typed.unit_id is not None and typed.unit_id == candidate.unit_id:
            return MatchReason.NAME_AND_COMMUNE
        if typed.birth_year is not None and typed.birth_year == candidate.birth_year:
            return MatchReason.NAME_AND_BIRTH_YEAR
    return None


# ---------------------------------------------------------------------------------------------------------
# Leader compliance (D1 publication, D2–D5 frequencies)
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionFact:
    held_on: date
    status: SessionStatus
    schedule_published_on: date | None
    publish_by: date | None  # the D1 due date (5 working days before), None if not computable
    postponement_announced_on: date | None = None


@dataclass(frozen=True)
class MonthCompliance:
    month: date  # first day of the month
    required: int
    held: int
    published_on_time: int
    published_late: int
    not_published: int
    postponed: int
    postponed_announced: int

    @property
    def meets_frequency(self) -> bool:
        return self.held >= self.required


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def required_sessions(min_days: int, per_week: bool, month: date) -> int:
    """Days of reception the rule requires in a month; a weekly rule counts the weeks whose Monday
    falls in the month (the system's rule, so that no week is counted in two months)."""
    if not per_week:
        return min_days
    first, last = month_bounds(month)
    mondays = sum(
        1 for offset in range((last - first).days + 1) if (first + timedelta(offset)).weekday() == 0
    )
    return min_days * mondays


def month_compliance(
    month: date, *, min_days: int, per_week: bool, sessions: Iterable[SessionFact]
) -> MonthCompliance:
    """Sessions held against the frequency, schedules published by the D1 date, postponements announced."""
    first, last = month_bounds(month)
    inside = [s for s in sessions if first <= s.held_on <= last]
    held_days = {s.held_on for s in inside if s.status is SessionStatus.HELD}
    on_time = late = missing = 0
    for s in inside:
        if s.schedule_published_on is None:
            missing += 1
        elif s.publish_by is not None and s.schedule_published_on <= s.publish_by:
            on_time += 1
        else:
            late += 1
    postponed = [s for s in inside if s.status is SessionStatus.POSTPONED]
    return MonthCompliance(
        month=first,
        required=required_sessions(min_days, per_week, first),
        held=len(held_days),
        published_on_time=on_time,
        published_late=late,
        not_published=missing,
        postponed=len(postponed),
        postponed_announced=sum(1 for s in postponed if s.postponement_announced_on is not None),
    )
