"""Recording the entry of visits, letters and cases in the national database: mark entered, correct an entry.

Each record is loaded through the actor's scope (its area's `visible_*` select): a record outside it is
refused as a missing one. The entry duty is the office's that has the record in its register, so a body a
letter was handed to for advice sees the letter but does not enter it. The changes write the record's
history rows (the entry's history type is its record's: petitions.national.models). Services flush, never
commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases.queries import visible_cases
from petitions.clock import utcnow
from petitions.directory.queries import subtree_id_list
from petitions.domain.national import (
    EntryError,
    EntryStatus,
    RecordKind,
    check_correction,
    check_entered_on,
    check_mark,
    clean_reference,
    rule_for,
)
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.queries import visible_letters
from petitions.national.models import ENTRY_MODELS, NationalEntry
from petitions.reception.queries import visible_visits
from petitions.scoping import OutOfScope, get_visible_or_404

NOT_FOUND = "Không tìm thấy hồ sơ đã chọn."


def _visible(actor: User, kind: RecordKind) -> sa.Select[Any]:
    if kind == RecordKind.VISIT:
        return visible_visits(actor)
    if kind == RecordKind.LETTER:
        return visible_letters(actor)
    return visible_cases(actor)


def load_entry(actor: User, kind: RecordKind, record_id: Any) -> tuple[Any, NationalEntry]:
    """The record (through the actor's scope) and its entry; OutOfScope when either is missing, outside the
    scope, not the duty of the actor's office (its register is another office's), or a voided letter."""
    kind = RecordKind(kind)
    refuse = OutOfScope(NOT_FOUND, field="record")
    record = get_visible_or_404(_visible(actor, kind), record_id, refuse=refuse)
    if kind == RecordKind.LETTER and record.is_void:
        raise refuse
    model = ENTRY_MODELS[kind]
    entry = db.session.scalar(sa.select(model).where(model.id == record.id))
    if entry is None or actor.agency_id is None or entry.agency_id not in subtree_id_list(actor.agency_id):
        raise refuse
    return record, entry


def _check_reference_free(entry: NationalEntry, reference: str) -> None:
    """A national reference names one record of a kind: the national database gives each record its own."""
    model = type(entry)
    taken = db.session.scalar(
        sa.select(model.id).where(model.national_reference == reference, model.id != entry.id).limit(1)
    )
    if taken is not None:
        raise EntryError(f"Mã hồ sơ quốc gia «{reference}» đã được ghi cho một hồ sơ khác cùng loại.", field="reference")


def mark_entered(
    *, actor: User, kind: RecordKind, record_id: Any, entered_on: date | None, reference: str | None, today: date
) -> NationalEntry:
    """A pending record was entered in the national database on `entered_on` under `reference` (DOMAIN §3.6).

    Refused: a record already entered (corrected instead, with a reason), an entry day after today or before
    the record's own day, an empty or overlong reference, a reference already given to another record of the
    kind. Writes the record's history rows (status, day, reference, who)."""
    _, entry = load_entry(actor, kind, record_id)
    check_mark(entry.entry_status)
    day = check_entered_on(entered_on, trigger=entry.registered_on, today=today)
    cleaned = clean_reference(reference)
    _check_reference_free(entry, cleaned)
    entry.entry_status = EntryStatus.ENTERED
    entry.entered_on = day
    entry.national_reference = cleaned
    entry.entered_by_id = actor.id
    entry.entered_at = utcnow()
    db.session.flush()
    return entry


def mark_many_entered(
    *, actor: User, kind: RecordKind, references: Sequence[tuple[Any, str | None]], entered_on: date | None, today: date
) -> list[NationalEntry]:
    """Several pending records of one kind entered on one day, each (record id, its reference): the same rules as
    one (mark_entered), checked in turn; the first refusal names its record and nothing is kept (the caller rolls
    back). An empty selection is refused."""
    if not references:
        raise EntryError("Chọn ít nhất một hồ sơ.", field="records")
    done = []
    for record_id, reference in references:
        try:
            done.append(
                mark_entered(actor=actor, kind=kind, record_id=record_id, entered_on=entered_on, reference=reference, today=today)
            )
        except EntryError as refused:
            raise EntryError(f"Hồ sơ số {record_id}: {refused}", field=refused.field) from refused
    return done


def correct_entry(
    *,
    actor: User,
    kind: RecordKind,
    record_id: Any,
    entered_on: date | None,
    reference: str | None,
    reason: str | None,
    today: date,
) -> NationalEntry:
    """Correct the day or the reference of an entered record, with the reason (written on each history row).
    Refused for a pending record, without a reason, or when nothing changes."""
    _, entry = load_entry(actor, kind, record_id)
    why = check_correction(entry.entry_status, reason)
    day = check_entered_on(entered_on, trigger=entry.registered_on, today=today)
    cleaned = clean_reference(reference)
    if day == entry.entered_on and cleaned == entry.national_reference:
        raise EntryError("Thông tin nhập không thay đổi.", field="reference")
    _check_reference_free(entry, cleaned)
    with history_context(actor=actor, reason=why):
        entry.entered_on = day
        entry.national_reference = cleaned
        entry.entered_by_id = actor.id
        entry.entered_at = utcnow()
        db.session.flush()
    return entry


def rule_days(kind: RecordKind) -> int:
    """The working days the rule gives a record of this kind (shown on the pages)."""
    return rule_for(kind).working_days
