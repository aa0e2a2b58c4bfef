"""Reading reception records into paperwork data: the reception book's rows, a visit's people and places."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from petitions.auth.clearance import has_identity_clearance
from petitions.auth.models import User
from petitions.citizens.models import Citizen
from petitions.citizens.queries import citizen_address
from petitions.directory.models import Agency
from petitions.documents import issuers
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.paperwork import honorific, refusal_entry
from petitions.domain.reception import SessionKind, VisitClass, VisitOutcome
from petitions.extensions import db
from petitions.paging import keyset_chunks
from petitions.paperwork.book import BookHeading, BookRow
from petitions.reception.models import ReceptionSession, Visit
from petitions.vault.models import IdentityRef
from petitions.vault.services import reveal

CLASS_LABELS = {VisitClass.COMPLAINT: "KN", VisitClass.DENUNCIATION: "TC", VisitClass.PETITION: "KNPA"}
SESSION_KIND_WORDS = {
    SessionKind.REGULAR: "thường xuyên",
    SessionKind.PERIODIC: "định kỳ",
    SessionKind.UNSCHEDULED: "đột xuất",
    SessionKind.DELEGATED: "theo ủy quyền",
}
BOOK_PURPOSE = "In sổ tiếp công dân (Mẫu 03/TCD)"
_CHUNK = 500


# The template code of the refusal notice (paperwork.layouts.REFUSAL_CODE; not imported: layouts is
# the printing side, this module the reading side).
_REFUSAL_DOC_TYPE = "TB_TU_CHOI_TCD"


@dataclass(frozen=True)
class Person:
    """Who a paper names: the citizen, or for a denunciation what the reader may see.

    ``title`` is how the paper addresses them: "ông" / "bà" from the recorded sex, "ông (bà)" when
    unknown (a vault identity records no sex).
    """

    name: str
    id_number: str
    address: str
    title: str = "ông (bà)"


def denouncer_person(ref: IdentityRef | None, user: User | None, *, purpose: str) -> Person:
    """What a paper or register may print of a denouncer: the identity from the vault for a cleared
    user (logged with ``purpose``); anyone else gets the vault reference, never a name."""
    code = ref.code if ref is not None else ""
    if ref is not None and user is not None and has_identity_clearance(user):
        revealed = reveal(ref, user=user, purpose=purpose)
        if revealed.identity is not None:
            identity = revealed.identity
            return Person(identity.full_name, identity.id_number or "", identity.address or "")
        return Person(f"Mã tham chiếu {code} (danh tính lưu trên hồ sơ giấy)", "", "")
    return Person(f"Mã tham chiếu {code}" if code else "", "", "")


def citizen_person(citizen: Citizen | None) -> Person:
    """A citizen as papers name them: full name, ID number, address, honorific."""
    if citizen is None:
        return Person("", "", "")
    return Person(citizen.full_name, citizen.id_number or "", citizen_address(citizen), honorific(citizen.sex))


def visit_person(visit: Visit, user: User | None, *, purpose: str) -> Person:
    """The person a visit's papers name (a denouncer through denouncer_person)."""
    if visit.classification is VisitClass.DENUNCIATION or visit.identity_ref_id is not None:
        return denouncer_person(visit.identity_ref, user, purpose=purpose)
    return citizen_person(visit.citizen)


def _with_document(place: str, number: str) -> str:
    return ", ".join(
        part for part in (place.strip(), f"số {number.strip()}" if number.strip() else "") if part
    )


def book_row(visit: Visit, person: Person, refusal_notice: str = "") -> BookRow:
    """One visit as the book records it (the layout of its date picks the columns).

    A refusal is a short entry ("Từ chối tiếp (Đ9.3); TB số 01/TB-BTCD"): the ground's full wording
    is the notice's, never a book row's.
    """
    guided = visit.outcome is VisitOutcome.GUIDED or bool(visit.guided_to)
    forwarded = visit.outcome is VisitOutcome.FORWARDED or bool(visit.forwarded_to)
    refusal = ""
    if visit.outcome is VisitOutcome.REFUSED:
        ground = visit.refusal_ground.code if visit.refusal_ground is not None else None
        refusal = refusal_entry(ground, refusal_notice)
    return BookRow(
        number=visit.book_number,
        visited_on=visit.visited_on,
        name_address=", ".join(part for part in (person.name, person.address) if part),
        id_number=person.id_number,
        summary=visit.summary,
        classification=CLASS_LABELS[visit.classification],
        persons=visit.headcount,
        resolved_by=visit.already_resolved_by,
        within_competence=visit.within_competence,
        guided=_with_document(visit.guided_to, visit.guided_document_number) if guided else "",
        forwarded=_with_document(visit.forwarded_to, visit.forwarded_document_number) if forwarded else "",
        follow_up=visit.follow_up.strip(),
        refusal=refusal,
    )


def issued_refusal_numbers(visit_ids: list[int]) -> dict[int, str]:
    """The number of each visit's issued refusal notice (the latest issued one), by visit id."""
    if not visit_ids:
        return {}
    rows = db.session.execute(
        sa.select(Document.record_id, Document.number_symbol)
        .where(
            Document.record_type == "visit",
            Document.record_id.in_(visit_ids),
            Document.doc_type == _REFUSAL_DOC_TYPE,
            Document.status == DocumentStatus.ISSUED,
            Document.number_symbol.is_not(None),
        )
        .order_by(Document.id)
    ).all()
    return {int(record_id): number for record_id, number in rows if record_id is not None and number}


_BOOK_ORDER = (Visit.visited_on, Visit.book_year, Visit.book_number, Visit.id)


def _book_select(agency_id: int, date_from: date, date_to: date, session_id: int | None) -> sa.Select:
    query = sa.select(Visit).where(
        Visit.agency_id == agency_id, Visit.visited_on >= date_from, Visit.visited_on <= date_to
    )
    if session_id is not None:
        query = query.where(Visit.session_id == session_id)
    return query.options(
        selectinload(Visit.citizen).selectinload(Citizen.address_unit),
        selectinload(Visit.identity_ref),
        selectinload(Visit.refusal_ground),
    )


def iter_book_rows(
    agency_id: int, date_from: date, date_to: date, *, user: User | None = None, session_id: int | None = None
) -> Iterator[BookRow]:
    """The book's rows of one agency for a date range (and a session), in book order, in chunks.

    The book is the agency's own register: visits of other agencies, even subordinate ones, are not in
    it. ``user`` None (the scheduled CLI) is uncleared: denunciations show the vault reference.
    """
    query = _book_select(agency_id, date_from, date_to, session_id)
    for visits in keyset_chunks(query, _BOOK_ORDER, size=_CHUNK):
        refused = [visit.id for visit in visits if visit.outcome is VisitOutcome.REFUSED]
        notices = issued_refusal_numbers(refused)
        for visit in visits:
            yield book_row(visit, visit_person(visit, user, purpose=BOOK_PURPOSE), notices.get(visit.id, ""))


def book_heading(
    agency: Agency, date_from: date, date_to: date, session: ReceptionSession | None = None
) -> BookHeading:
    """The book's heading: the agency's heading lines (its parent line and name as its documents print
    them, petitions.documents.issuers), the period, the session if one was chosen."""
    label = ""
    if session is not None:
        kind = SESSION_KIND_WORDS.get(session.kind, "")
        leader = f" của {session.leader_name}" if session.leader_name else ""
        label = f"Kỳ tiếp {kind} ngày {session.held_on:%d/%m/%Y}{leader}".replace("  ", " ")
    issuer = issuers.issuer_for(agency)
    return BookHeading(
        issuing_body=issuer.issuing_body,
        parent_body=issuer.parent_body,
        date_from=date_from,
        date_to=date_to,
        session_label=label,
    )


def count_book_visits(agency_id: int, date_from: date, date_to: date, session_id: int | None = None) -> int:
    query = sa.select(sa.func.count(Visit.id)).where(
        Visit.agency_id == agency_id, Visit.visited_on >= date_from, Visit.visited_on <= date_to
    )
    if session_id is not None:
        query = query.where(Visit.session_id == session_id)
    return db.session.scalar(query) or 0


def session_visits(session: ReceptionSession) -> list[Visit]:
    """The visits received at a session, in book order."""
    return list(
        db.session.scalars(
            sa.select(Visit)
            .where(Visit.session_id == session.id)
            .order_by(Visit.book_year, Visit.book_number, Visit.id)
            .options(
                selectinload(Visit.citizen).selectinload(Citizen.address_unit),
                selectinload(Visit.identity_ref),
            )
        )
    )
