"""Destroying filed letters past their retention (DOMAIN §3.5 "file, destroy", §3.6, D11; TT 05/2021 Đ28).

    page = destroyable_letters(leader, today)                  # the office's filed letters past retention
    record = destroy_letters([12, 15], actor=leader, effective_on=today)

A leader of the office in charge destroys letters filed at least the retention D11 ago (the rule's data:
petitions.domain.deadlines.RETENTION_RULES; the check: petitions.domain.letter_flow.check_retention). One
destruction record (biên bản hủy đơn) is drafted from the office's data and issued in its register with
the next number (petitions.documents), listing each letter by its register line; each letter then moves to
DESTROYED (one history row of the status, one dated status event "destroy") and its personal fields and
content are purged (README "Destroying filed letters" lists them). The register line stays: number, dates,
type, field, eligibility, competence, outcome (the status events), the destruction record's number.

Every id comes through the actor's scope (a letter outside it is refused as a missing one); nothing is kept
when one letter is refused (the caller rolls back). Flushes; the caller commits. An attachment's file is
deleted once the transaction commits (petitions.letters.attachments.unlink_after_commit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from petitions.auth.models import User
from petitions.cases.models import CaseFile
from petitions.cases.services import purge_case_title
from petitions.directory.queries import in_agency_subtree
from petitions.documents import issuers
from petitions.documents import services as documents
from petitions.documents.models import Document
from petitions.domain import letter_flow as flow
from petitions.domain.deadlines import RETENTION_RULES, latest_kept_from_over
from petitions.domain.letter_flow import LetterTransition, TransitionRefused
from petitions.domain.records import LetterStatus
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters import paper_texts as texts
from petitions.letters.attachments import attachment_path, unlink_after_commit
from petitions.letters.handling import is_office_leader
from petitions.letters.handling_papers import archive_unit_of
from petitions.letters.models import Letter, LetterAttachment
from petitions.letters.queries import visible_letters
from petitions.letters.services import end_case_if_done, record_letter_status
from petitions.scoping import OutOfScope, get_visible_or_404
from petitions.vault.models import IdentityRef

LETTER_NOT_FOUND = "Không tìm thấy đơn đã chọn trong các đơn lưu của cơ quan."
MAX_LETTERS = 200  # one record per page's selection; a larger one is split by the leader


def _office_leader(actor: Any) -> User:
    if not isinstance(actor, User) or actor.role != Role.LEADER or actor.agency_id is None:
        raise TransitionRefused(f"Chỉ lãnh đạo cơ quan phụ trách đơn được {flow.ACTION_WORDS[LetterTransition.DESTROY]}.")
    return actor


def destroyable_letters(user: User, today: date) -> sa.Select[Letter]:
    """The filed letters of the user's office (its agency or one below it) whose retention is over today,
    in the order they were filed: one range of the partial index ix_letter_filed per agency."""
    cutoff = latest_kept_from_over(today, flow.RETENTION_RULE)
    if user.agency_id is None:
        return sa.select(Letter).where(sa.false())
    return visible_letters(user).where(
        Letter.status == LetterStatus.FILED,
        Letter.filed_on <= cutoff,
        Letter.is_void.is_(False),
        in_agency_subtree(Letter.agency_in_charge_id, user.agency_id),
    )


DESTROYABLE_ORDER = (Letter.filed_on, Letter.id)


@dataclass(frozen=True)
class Destruction:
    """What a destruction did: its record (issued) and the letters destroyed."""

    record: Document
    letters: tuple[Letter, ...]


def _load(ids: Sequence[int], actor: User) -> list[Letter]:
    unique = list(dict.fromkeys(ids))
    if not unique:
        raise OutOfScope("Vui lòng chọn đơn cần hủy.", field="letter_ids")
    if len(unique) > MAX_LETTERS:
        raise OutOfScope(f"Mỗi biên bản hủy tối đa {MAX_LETTERS} đơn.", field="letter_ids")
    refuse = OutOfScope(LETTER_NOT_FOUND, field="letter_ids")
    return [get_visible_or_404(visible_letters(actor), letter_id, refuse=refuse) for letter_id in unique]


def _check(letter: Letter, actor: User, today: date) -> None:
    if letter.is_void:
        raise TransitionRefused(f"Đơn số {letter.register_label} đã bị hủy đăng ký.")
    try:
        flow.check(letter.status, LetterTransition.DESTROY, actor.role)
        if not is_office_leader(actor, letter):
            raise TransitionRefused(
                f"Chỉ lãnh đạo cơ quan phụ trách đơn được {flow.ACTION_WORDS[LetterTransition.DESTROY]}."
            )
        flow.check_retention(letter.filed_on, today)
    except TransitionRefused as refused:
        raise TransitionRefused(f"Đơn số {letter.register_label}: {refused}") from None


def _record(letters: Sequence[Letter], actor: User, day: date) -> Document:
    """The destruction record drafted from the office's data and issued with its register's next number."""
    office = letters[0].agency_in_charge
    rule = RETENTION_RULES[flow.RETENTION_RULE]
    paper = texts.destruction_record_paper(
        issuer_name=office.document_name,
        lines=[
            texts.DestroyedLine(
                letter.register_label, letter.received_on, letter.letter_type, letter.filed_on or day,
                flow.STATE_WORDS[LetterStatus.FILED],
            )
            for letter in letters
        ],
        retention=rule.description,
        basis=rule.basis,
        leader=actor.full_name,
        archive_unit=archive_unit_of(office),
    )
    document = documents.create_draft(
        doc_type=paper.code,
        issuing_agency=office,
        place=issuers.issuer_for(office).place,
        signer=issuers.default_option(office, paper.code, day),
        fields=dict(paper.fields),
        body=paper.body,
        archive_unit=paper.archive_unit,
        actor=actor,
    )
    document.body_data = {**(document.body_data or {}), "destroyed_letter_ids": [letter.id for letter in letters]}
    db.session.flush()
    return documents.issue_document(document, actor=actor, issue_date=day)


def _purge_identity(ref_id: int) -> None:
    """The vault's reference of a denouncer: deleted with what it holds (the encrypted identity, its blind
    indexes) unless another record still points to it (then kept for that record)."""
    others = db.session.scalar(sa.select(sa.func.count()).select_from(Letter).where(Letter.identity_ref_id == ref_id))
    if others:
        return
    ref = db.session.get(IdentityRef, ref_id)
    if ref is None:
        return
    try:
        with db.session.begin_nested():
            db.session.delete(ref)
            db.session.flush()
    except IntegrityError:  # a visit still holds the reference: its record keeps it
        db.session.expire(ref)


def _purge_case_title(letter: Letter, *, actor: User, reason: str) -> None:
    """A case's title is its first record's summary: once every record of the case is a destroyed letter, the
    title goes too (petitions.cases.services.purge_case_title)."""
    case = db.session.get(CaseFile, letter.case_id) if letter.case_id is not None else None
    if case is not None:
        purge_case_title(case, destroyed_letters=_destroyed_ids(case.id), actor=actor, reason=reason)


def _destroyed_ids(case_id: int) -> frozenset[int]:
    return frozenset(
        db.session.scalars(
            sa.select(Letter.id).where(Letter.case_id == case_id, Letter.status == LetterStatus.DESTROYED)
        )
    )


def _purge(letter: Letter) -> list[LetterAttachment]:
    """Take the writer's identity and the letter's content off the letter (README "Destroying filed letters");
    the attachments whose files go once the transaction commits."""
    ref_id = letter.identity_ref_id
    letter.citizen_id = None
    letter.identity_ref_id = None
    letter.summary = ""
    letter.respondent = ""
    letter.place_text = ""
    letter.urgent_reason = None
    for part in letter.parts:
        part.summary = ""
    attachments = list(db.session.scalars(sa.select(LetterAttachment).where(LetterAttachment.letter_id == letter.id)))
    for attachment in attachments:
        attachment.original_name = ""
        attachment.is_removed = True
    db.session.flush()
    if ref_id is not None:
        _purge_identity(ref_id)
    return attachments


def destroy_letters(letter_ids: Sequence[int], *, actor: Any, effective_on: date) -> Destruction:
    """Destroy the chosen filed letters of the actor's office whose retention (D11) is over on
    `effective_on`: one issued destruction record for them all, then for each letter its status event,
    its history and the purge. Refused (TransitionRefused, Vietnamese, naming the letter) for a letter not
    filed, filed too recently, or of another office; OutOfScope for an id the actor may not see."""
    leader = _office_leader(actor)
    letters = _load(letter_ids, leader)
    for letter in letters:
        _check(letter, leader, effective_on)
    if len({letter.agency_in_charge_id for letter in letters}) > 1:
        raise DomainError("Mỗi biên bản hủy đơn chỉ gồm đơn của một cơ quan: vui lòng chọn đơn của cùng cơ quan.")
    letters.sort(key=lambda letter: (letter.filed_on or effective_on, letter.id))
    record = _record(letters, leader, effective_on)
    reason = f"Hủy đơn theo biên bản số {record.number_symbol}"
    files = []
    for letter in letters:
        with history_context(actor=leader, reason=reason):
            letter.destruction_document_id = record.id
            record_letter_status(
                letter, LetterStatus.DESTROYED, effective_on=effective_on, actor=leader, note=reason,
                transition=LetterTransition.DESTROY.value,
            )
            files.extend(_purge(letter))
        end_case_if_done(letter, effective_on=effective_on, actor=leader, note=reason)
        _purge_case_title(letter, actor=leader, reason=reason)
    for attachment in files:
        try:
            unlink_after_commit(attachment_path(attachment))
        except FileNotFoundError:
            continue
    return Destruction(record, tuple(letters))
