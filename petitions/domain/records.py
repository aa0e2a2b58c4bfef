"""Vocabulary of the core records (letter, case, citizen): types, statuses and which statuses are closed.

Statuses follow DOMAIN §3.5 (the life cycle). The transition rules themselves belong to the
letters and cases areas; here only the names and the open/closed split that several areas
(agency merges, reports, worklists) need.
"""

from __future__ import annotations

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
    {CaseStatus.CLOSED, CaseStatus.TERMINATED, CaseStatus.NOT_ACCEPTED}
)


def is_letter_open(status: LetterStatus) -> bool:
    return status not in CLOSED_LETTER_STATUSES


def is_case_open(status: CaseStatus) -> bool:
    return status not in CLOSED_CASE_STATUSES


class UnitLevel(StrEnum):
    """Administrative levels; districts exist only for records dated before 01/07/2025."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
