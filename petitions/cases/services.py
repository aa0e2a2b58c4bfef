"""Case use cases of the core skeleton: create, record a dated status, restrict. Flush only."""

from __future__ import annotations

from datetime import date
from typing import Any

from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseRestriction
from petitions.domain.records import CaseStatus, CaseType, ComplaintSubtype
from petitions.domain.types import DomainError
from petitions.extensions import db


def create_case(
    *,
    case_type: CaseType,
    title: str,
    opened_on: date,
    agency_in_charge_id: int,
    complaint_subtype: ComplaintSubtype | None = None,
    actor: Any = None,
) -> CaseFile:
    """Open a case with its first dated status event."""
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
            case_file_id=case.id, status=CaseStatus.OPEN, effective_on=opened_on, recorded_by_id=getattr(actor, "id", None)
        )
    )
    db.session.flush()
    return case


def record_case_status(
    case: CaseFile, status: CaseStatus, *, effective_on: date, actor: Any = None, note: str | None = None
) -> CaseFileStatusEvent:
    """The one way to change a case's status: the field (history row) and a dated event together."""
    case.status = status
    if status == CaseStatus.ACCEPTED and case.accepted_on is None:
        case.accepted_on = effective_on
    if status == CaseStatus.CLOSED:
        case.closed_on = effective_on
    event = CaseFileStatusEvent(
        case_file_id=case.id,
        status=status,
        effective_on=effective_on,
        recorded_by_id=getattr(actor, "id", None),
        note=(note or "")[:500] or None,
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
