"""Letter use cases of the core skeleton: create a letter, record a dated status. Flush only."""

from __future__ import annotations

from datetime import date
from typing import Any

from petitions.domain.records import ComplaintSubtype, LetterStatus, LetterType
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.letters.models import Letter, LetterStatusEvent


def create_letter(
    *,
    register_year: int,
    register_number: int,
    letter_type: LetterType,
    received_on: date,
    agency_in_charge_id: int,
    summary: str = "",
    complaint_subtype: ComplaintSubtype | None = None,
    citizen_id: int | None = None,
    identity_ref_id: int | None = None,
    actor: Any = None,
) -> Letter:
    """Register a letter with its first status event (received on its received date).

    A denunciation or anonymous information never links to a citizen record: the denouncer's
    identity goes to the vault (DOMAIN §8), so the link cannot leak through citizen pages.
    """
    if letter_type in (LetterType.DENUNCIATION, LetterType.ANONYMOUS) and citizen_id is not None:
        raise DomainError("Đơn tố cáo không được gắn với hồ sơ công dân; danh tính người tố cáo lưu trong kho bảo mật.")
    if letter_type == LetterType.ANONYMOUS and identity_ref_id is not None:
        raise DomainError("Thông tin không rõ người tố cáo không có danh tính để lưu.")
    if complaint_subtype is not None and letter_type != LetterType.COMPLAINT:
        raise DomainError("Chỉ đơn khiếu nại mới có loại khiếu nại.")
    letter = Letter(
        register_year=register_year,
        register_number=register_number,
        letter_type=letter_type,
        complaint_subtype=complaint_subtype,
        received_on=received_on,
        agency_in_charge_id=agency_in_charge_id,
        summary=summary,
        citizen_id=citizen_id,
        identity_ref_id=identity_ref_id,
        status=LetterStatus.RECEIVED,
    )
    db.session.add(letter)
    db.session.flush()
    db.session.add(
        LetterStatusEvent(
            letter_id=letter.id,
            status=LetterStatus.RECEIVED,
            effective_on=received_on,
            recorded_by_id=getattr(actor, "id", None),
        )
    )
    db.session.flush()
    return letter


def record_letter_status(
    letter: Letter, status: LetterStatus, *, effective_on: date, actor: Any = None, note: str | None = None
) -> LetterStatusEvent:
    """The one way to change a letter's status: the field (history row) and a dated event together.

    The transition table (which status may follow which) is the letters issue's rule; this
    function is where it will be checked.
    """
    letter.status = status
    event = LetterStatusEvent(
        letter_id=letter.id,
        status=status,
        effective_on=effective_on,
        recorded_by_id=getattr(actor, "id", None),
        note=(note or "")[:500] or None,
    )
    db.session.add(event)
    db.session.flush()
    return event
