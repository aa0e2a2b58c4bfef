"""Case use cases: create, record a dated status, restrict, follow the opening letter's type, close a case
whose letters and visits are all done. Flush only.

The letters and visits of a case belong to areas above this one (letters, reception): each registers a
reader of its members (`register_members`), so the case's rules see them without this area importing
theirs, as petitions.documents.hooks does for issued documents. The same areas register what their records do
when the matter is accepted or not (`register_decision_follower`) and this area calls it
(`members_follow_decision`) from the case flow.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseRestriction
from petitions.domain.records import (
    CLOSED_CASE_STATUSES,
    CaseMember,
    CaseStatus,
    CaseType,
    ComplaintSubtype,
    case_handling_ended,
    case_reopens,
    first_member,
)
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_context

MembersOf = Callable[[int], list[CaseMember]]
_MEMBERS: dict[str, MembersOf] = {}


def register_members(kind: str, reader: MembersOf) -> None:
    """`reader(case_id)` lists the case's records of `kind` ("letter", "visit"); registered by their area."""
    _MEMBERS[kind] = reader


class DecisionFollower(Protocol):
    """What a member area does with its records of `case` when the matter is accepted (`accepted`) or not,
    dated `on`, under `reason` (the paper that decided)."""

    def __call__(self, case: CaseFile, *, accepted: bool, on: date, actor: Any, reason: str) -> object: ...


_FOLLOWERS: dict[str, DecisionFollower] = {}


def register_decision_follower(kind: str, follower: DecisionFollower) -> None:
    """`follower` moves the case's records of `kind` when the matter is accepted or not; registered by their
    area (petitions.letters.handling for letters)."""
    _FOLLOWERS[kind] = follower


def members_follow_decision(case: CaseFile, *, accepted: bool, on: date, actor: Any, reason: str) -> None:
    """The competent person's acceptance (or non-acceptance) of the matter was issued: each member area moves
    its records of the case that still wait for it (petitions.cases.transitions calls this once per decision)."""
    for follower in _FOLLOWERS.values():
        follower(case, accepted=accepted, on=on, actor=actor, reason=reason)


def case_members(case: CaseFile) -> list[CaseMember]:
    """Every letter and visit of the case, as the registered readers see them."""
    return [member for reader in _MEMBERS.values() for member in reader(case.id)]


def create_case(
    *,
    case_type: CaseType,
    title: str,
    opened_on: date,
    agency_in_charge_id: int,
    complaint_subtype: ComplaintSubtype | None = None,
    actor: Any = None,
    note: str | None = None,
    transition: str | None = None,
) -> CaseFile:
    """Open a case with its first dated status event (naming the case_flow event that opened it, if any)."""
    case = CaseFile(
        case_type=case_type,
        complaint_subtype=complaint_subtype,
        title=title,
        opened_on=opened_on,
        agency_in_charge_id=agency_in_charge_id,
        status=CaseStatus.OPEN,
    )
    db.session.add(case)
    db.session.flush()
    db.session.add(
        CaseFileStatusEvent(
            case_file_id=case.id,
            status=CaseStatus.OPEN,
            effective_on=opened_on,
            recorded_by_id=getattr(actor, "id", None),
            note=(note or "")[:500] or None,
            transition=transition,
        )
    )
    db.session.flush()
    return case


def record_case_status(
    case: CaseFile,
    status: CaseStatus,
    *,
    effective_on: date,
    actor: Any = None,
    note: str | None = None,
    transition: str | None = None,
) -> CaseFileStatusEvent:
    """The one way to change a case's status: the field (history row) and a dated event together, naming the
    petitions.domain.case_flow event that produced it. An event that leaves the status as it is (an
    extension, the verification report) still writes its dated event.

    `closed_on` is the day the case reached an ending (petitions.domain.records.CLOSED_CASE_STATUSES: closed,
    terminated, not accepted, lapsed, to court): set when it moves from an open status into one, kept when it
    moves from one ending to another or records an event that leaves its state (a terminated complaint that
    lapses after D20, a closed case taken to court or followed by its next round: the office's handling ended
    on the first day), cleared when it opens again (reopen_case_if_closed)."""
    was_ended = case.status in CLOSED_CASE_STATUSES
    if case.status != status:
        case.status = status
    if status == CaseStatus.ACCEPTED and case.accepted_on is None:
        case.accepted_on = effective_on
    if status not in CLOSED_CASE_STATUSES:
        if case.closed_on is not None:
            case.closed_on = None
    elif not was_ended or case.closed_on is None:
        case.closed_on = effective_on
    event = CaseFileStatusEvent(
        case_file_id=case.id,
        status=status,
        effective_on=effective_on,
        recorded_by_id=getattr(actor, "id", None),
        note=(note or "")[:500] or None,
        transition=transition,
    )
    db.session.add(event)
    db.session.flush()
    return event


def restrict_case(
    *, case: CaseFile, reason: str, user_id: int | None = None, agency_id: int | None = None, actor: Any = None
) -> CaseRestriction:
    """Keep a person, or a unit and everything below it, away from a case (e.g. the accused)."""
    if user_id is None and agency_id is None:
        raise DomainError("Phải chọn người hoặc đơn vị bị hạn chế.")
    if not reason.strip():
        raise DomainError("Phải ghi rõ lý do hạn chế.")
    restriction = CaseRestriction(
        case_file_id=case.id,
        user_id=user_id,
        agency_id=agency_id,
        reason=reason.strip()[:500],
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(restriction)
    db.session.flush()
    return restriction


def retype_case(
    case: CaseFile, *, case_type: CaseType, complaint_subtype: ComplaintSubtype | None, actor: Any, reason: str
) -> bool:
    """The case takes the type (and a complaint's subtype) of the letter that opened it, reclassified by its
    content (petitions.letters.services.classify_letter decides when); one history row per changed field.
    Refused for a case past reception: once accepted, its type is the accepted matter's. True if it changed."""
    if case.status != CaseStatus.OPEN:
        raise DomainError("Vụ việc đã được thụ lý hoặc đã kết thúc: không đổi loại vụ việc theo đơn.")
    subtype = complaint_subtype if case_type == CaseType.COMPLAINT else None
    if case.case_type == case_type and case.complaint_subtype == subtype:
        return False
    with history_context(actor=actor, reason=reason):
        case.case_type = case_type
        case.complaint_subtype = subtype
        db.session.flush()
    return True


def close_case_if_ended(case: CaseFile, *, effective_on: date, actor: Any, note: str) -> CaseFileStatusEvent | None:
    """Close a case still open when every letter and visit of it is done (petitions.domain.records
    .case_handling_ended): the status (its history row) and a dated CLOSED event; None when it stays open."""
    if not case_handling_ended(case.status, case_members(case)):
        return None
    with history_context(actor=actor, reason=note):
        return record_case_status(case, CaseStatus.CLOSED, effective_on=effective_on, actor=actor, note=note)


def purge_case_title(case: CaseFile, *, destroyed_letters: frozenset[int], actor: Any, reason: str) -> bool:
    """A case's title is its first record's summary (a letter's content): when every record of the case is a
    letter in `destroyed_letters`, the title is purged with them (DOMAIN §3.6; history records it as changed
    without values). True if purged."""
    members = case_members(case)
    if not members or any(m.kind != "letter" or m.id not in destroyed_letters for m in members) or not case.title:
        return False
    with history_context(actor=actor, reason=reason):
        case.title = ""
        db.session.flush()
    return True


def reopen_case_if_closed(case: CaseFile, *, effective_on: date, actor: Any, note: str) -> CaseFileStatusEvent | None:
    """A new letter joins a case that closed with its letters and visits (never accepted): the case opens again
    (petitions.domain.records.case_reopens), its status (history row), a dated OPEN event and no closed_on
    (record_case_status clears it); None otherwise."""
    if not case_reopens(case.status, ever_accepted=case.accepted_on is not None):
        return None
    with history_context(actor=actor, reason=note):
        return record_case_status(case, CaseStatus.OPEN, effective_on=effective_on, actor=actor, note=note)


def case_follows_corrected_date(
    case: CaseFile, *, kind: str, record_id: int, old_on: date, actor: Any, reason: str
) -> bool:
    """A letter's received date or a visit's date was corrected (petitions.letters.corrections,
    petitions.reception.corrections call this after recounting the record's clocks): when that record opened the
    case (its first member before the correction — the case opened on `old_on` — or after it) and the matter
    is not decided yet (never accepted, not refused acceptance), the case's opened_on becomes the arrival of
    its first member as corrected, one history row with the correction's reason. The case's OPEN status event
    keeps the day it was written with: status events are append-only (the database refuses an UPDATE), so the
    case's timeline shows the corrected day through that history row. True if opened_on changed."""
    if case.accepted_on is not None or case.status == CaseStatus.NOT_ACCEPTED:
        return False
    first = first_member(case_members(case))
    if first is None:
        return False
    opened_it = case.opened_on == old_on or (first.kind, first.id) == (kind, record_id)
    if not opened_it or case.opened_on == first.received_on:
        return False
    with history_context(actor=actor, reason=reason):
        case.opened_on = first.received_on
        db.session.flush()
    return True
