"""Vocabulary of the core records (letter, case, citizen): types, statuses and which statuses are closed.

Statuses follow DOMAIN §3.5 (the life cycle). The transition rules themselves belong to the
letters and cases areas; here only the names and the open/closed split that several areas
(agency merges, reports, worklists) need.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class LetterType(StrEnum):
    """Intake type of a letter, decided by its content, not its title (TT 05/2021 Đ6)."""

    COMPLAINT = "complaint"  # khiếu nại
    DENUNCIATION = "denunciation"  # tố cáo
    PETITION = "petition"  # kiến nghị, phản ánh
    MIXED = "mixed"  # đơn có nhiều nội dung (+ main content)
    ANONYMOUS = "anonymous"  # thông tin có nội dung tố cáo không rõ người tố cáo (Luật TC Đ25): never a tố cáo


class ComplaintSubtype(StrEnum):
    ADMINISTRATIVE = "administrative"  # khiếu nại quyết định, hành vi hành chính
    DISCIPLINARY = "disciplinary"  # khiếu nại quyết định kỷ luật cán bộ, công chức


class CaseType(StrEnum):
    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    PETITION = "petition"


class IdType(StrEnum):
    CCCD = "cccd"  # căn cước công dân / căn cước: 12 digits
    CMND = "cmnd"  # old identity card: 9 or 12 digits
    PASSPORT = "passport"
    OTHER = "other"


class LetterStatus(StrEnum):
    RECEIVED = "received"
    REFUSED = "refused"
    ASSIGNED = "assigned"
    PROPOSED = "proposed"
    APPROVED = "approved"  # the leader approved the proposal: its paper goes to issuing
    GUIDED = "guided"
    FORWARDED = "forwarded"
    REPLY_RECEIVED = "reply_received"
    URGED = "urged"
    RETURNED = "returned"
    TO_INSPECTION = "to_inspection"
    TO_PARTY_BODY = "to_party_body"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    FILED = "filed"
    DESTROYED = "destroyed"


class CaseStatus(StrEnum):
    OPEN = "open"  # a matter received, not yet accepted for resolution
    ACCEPTED = "accepted"
    VERIFYING = "verifying"
    DIALOGUE_HELD = "dialogue_held"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"
    DECIDED = "decided"
    PUBLISHED = "published"
    IMPLEMENTING = "implementing"
    CLOSED = "closed"
    NOT_ACCEPTED = "not_accepted"
    # A complaint terminated (đình chỉ) whose 30 days to continue (D20) ran out: it can no longer be accepted.
    LAPSED = "lapsed"
    # The complainant took the matter to court: the administrative lineage ends there.
    TO_COURT = "to_court"


class CaseRound(StrEnum):
    """A complaint's round (lần 1 / lần 2) or a denunciation's (lần đầu / tố cáo tiếp, Luật TC Đ37)."""

    FIRST = "first"
    SECOND = "second"


class Complexity(StrEnum):
    """Recorded in writing (NĐ 31 Đ3; DOMAIN §5): drives the clock variants complex / very_complex."""

    ORDINARY = "ordinary"
    COMPLEX = "complex"  # phức tạp
    VERY_COMPLEX = "very_complex"  # đặc biệt phức tạp (denunciations: two extensions)


class CaseVerdict(StrEnum):
    """What the decision or conclusion found (DOMAIN §4; 01/KQGQ (20)–(24), 03/KQGQ (24)–(29))."""

    # complaint, round 1: khiếu nại đúng / sai / có đúng có sai
    RIGHT = "right"
    WRONG = "wrong"
    PARTLY_RIGHT = "partly_right"
    # complaint, round 2: công nhận quyết định lần đầu / hủy, sửa quyết định lần đầu
    UPHELD = "upheld"
    ANNULLED_OR_AMENDED = "annulled_or_amended"
    # denunciation: tố cáo đúng / sai / có đúng có sai
    TRUE = "true"
    FALSE = "false"
    PARTLY_TRUE = "partly_true"


# The system's rule: a letter whose handling ended (routed away for good, filed, or turned into
# a case) is closed; a forwarded letter stays open until the reply is dealt with, so whoever
# inherits the office also inherits the follow-up.
CLOSED_LETTER_STATUSES: frozenset[LetterStatus] = frozenset(
    {
        LetterStatus.REFUSED,
        LetterStatus.GUIDED,
        LetterStatus.RETURNED,
        LetterStatus.TO_PARTY_BODY,
        LetterStatus.ACCEPTED,
        LetterStatus.NOT_ACCEPTED,
        LetterStatus.FILED,
        LetterStatus.DESTROYED,
    }
)
CLOSED_CASE_STATUSES: frozenset[CaseStatus] = frozenset(
    {CaseStatus.CLOSED, CaseStatus.TERMINATED, CaseStatus.NOT_ACCEPTED, CaseStatus.LAPSED, CaseStatus.TO_COURT}
)


def is_letter_open(status: LetterStatus) -> bool:
    return status not in CLOSED_LETTER_STATUSES


# The letter states that end the office's handling of a case not accepted for resolution (DOMAIN §3 steps
# 7 and 12, §3.5; the system's rule): filed or destroyed, refused, or routed away for good — guided to the
# competent body, returned to the body that sent it, forwarded to the Party body. Not among them: a letter
# forwarded to another body (forwarded, urged, reply received) — the board follows it up until the body
# reports back and the citizen is told if they asked (step 12, D8/D9), and the leader then files it; an
# accepted letter, whose case goes on to resolution (the case is accepted, no longer open); anonymous
# information sent for inspection, which opens no case.
CASE_ENDING_LETTER_STATUSES: frozenset[LetterStatus] = frozenset(
    {
        LetterStatus.FILED,
        LetterStatus.DESTROYED,
        LetterStatus.REFUSED,
        LetterStatus.GUIDED,
        LetterStatus.RETURNED,
        LetterStatus.TO_PARTY_BODY,
    }
)


def letter_ends_case(status: LetterStatus) -> bool:
    """Whether a letter in this state no longer holds its case open (CASE_ENDING_LETTER_STATUSES)."""
    return status in CASE_ENDING_LETTER_STATUSES


@dataclass(frozen=True)
class CaseMember:
    """A letter or a visit of a case as the case's rules see it: when it came in, whether its handling ended."""

    kind: str  # "letter" | "visit"
    id: int
    received_on: date
    ended: bool


def _arrival(member: CaseMember) -> tuple[date, int, int]:
    # The same day, a visit comes before the letter it handed in.
    return (member.received_on, 0 if member.kind == "visit" else 1, member.id)


def first_member(members: Iterable[CaseMember]) -> CaseMember | None:
    """The record that opened the case: the earliest received (a visit before a letter of the same day)."""
    ordered: Sequence[CaseMember] = sorted(members, key=_arrival)
    return ordered[0] if ordered else None


def case_reopens(status: CaseStatus, *, ever_accepted: bool) -> bool:
    """A case closed because its letters and visits were all done, never accepted, opens again when a new letter
    of the matter comes in (a duplicate, a letter in the existing matter); a case closed after its resolution
    does not: a new round is a new case (DOMAIN §3.5 "next round")."""
    return status == CaseStatus.CLOSED and not ever_accepted


def case_handling_ended(status: CaseStatus, members: Iterable[CaseMember]) -> bool:
    """A case still open (received, never accepted) ends when it has members and every one of them ended:
    the case closes (the system's rule; an accepted case closes by its own life cycle, DOMAIN §3.5)."""
    listed = list(members)
    return status == CaseStatus.OPEN and bool(listed) and all(m.ended for m in listed)


def is_case_open(status: CaseStatus) -> bool:
    return status not in CLOSED_CASE_STATUSES


class UnitLevel(StrEnum):
    """Administrative levels; districts exist only for records dated before 01/07/2025."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
