"""Paperwork use cases: issue a visit's receipt (code + PIN), print its slips, draft the outgoing notices.

Receipt, record of statement and appointment slip are handed over at the desk and numbered with the
visit's reception-book number; the refusal notice and the session's conclusion notice are outgoing
documents and go through the document register (draft → issued with the register's number).
Every function flushes and never commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app

from petitions.auth.models import User
from petitions.clock import local_today, to_local, utcnow
from petitions.directory.models import Agency
from petitions.documents import issuers
from petitions.documents import services as documents
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.issuers import SignatureOption
from petitions.domain.paperwork import ReceiptItem
from petitions.domain.reception import (
    SessionKind,
    SessionStatus,
    VisitClass,
    VisitOutcome,
    needs_refusal_notice,
)
from petitions.domain.statistics import chairing_agency
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.paperwork import codes
from petitions.paperwork.book import book_pdf
from petitions.paperwork.excel import book_workbook
from petitions.paperwork.layouts import (
    APPOINTMENT_SYMBOL,
    CONCLUSION_CODE,
    RECEIPT_SYMBOL,
    REFUSAL_CODE,
    STATEMENT_SYMBOL,
    AppointmentData,
    ConclusionData,
    ConclusionItem,
    ContentKind,
    Issuer,
    Paper,
    ReceiptData,
    RefusalData,
    StatementData,
    appointment_paper,
    conclusion_paper,
    receipt_paper,
    refusal_paper,
    slip_symbol,
    statement_paper,
)
from petitions.paperwork.models import Receipt
from petitions.paperwork.queries import (
    SESSION_KIND_WORDS,
    Person,
    book_heading,
    iter_book_rows,
    session_visits,
    visit_person,
)
from petitions.printing import DocumentSpec, Signer, render_document
from petitions.reception.models import ReceptionSession, Visit

OFFICER_POSITION = "Cán bộ tiếp công dân"
PIN_HIDDEN = "chỉ in trên bản giao người cung cấp"
CITIZEN_COPY = "Bản giao người cung cấp"
OFFICE_COPY = "Bản lưu tại cơ quan tiếp nhận"
LOCAL_LOOKUP_REFUSED = (
    "Chưa thể cấp giấy biên nhận: địa chỉ trang tra cứu (LOOKUP_BASE_URL = {url}) là địa chỉ nội bộ của "
    "máy chủ, công dân quét mã QR sẽ không mở được. Quản trị viên cần đặt địa chỉ công khai của trang tra cứu."
)
LEADER_SESSION_KINDS = frozenset({SessionKind.PERIODIC, SessionKind.UNSCHEDULED, SessionKind.DELEGATED})
_CONTENT_KINDS = {
    VisitClass.COMPLAINT: ContentKind.COMPLAINT,
    VisitClass.DENUNCIATION: ContentKind.DENUNCIATION,
    VisitClass.PETITION: ContentKind.PETITION,
}


def issuer_for(agency: Agency) -> Issuer:
    """The heading of an agency's papers, from the agency's data (petitions.documents.issuers)."""
    return issuers.issuer_for(agency)


def _received_at(visit: Visit) -> datetime:
    """When the visit was received, local time: its registration moment on its book day."""
    moment = to_local(visit.created_at).replace(tzinfo=None)
    return moment if moment.date() == visit.visited_on else datetime.combine(visit.visited_on, moment.time())


def _place_of(visit: Visit) -> str:
    if visit.session is not None and visit.session.place:
        return visit.session.place
    return f"Trụ sở {visit.agency.name}"


def _desk_person(visit: Visit, actor: User | None, purpose: str) -> Person:
    """The person a desk slip names; a denouncer the reader may not see is left blank, to be written
    by hand from the paper file (the slip never carries the vault reference to the citizen)."""
    person = visit_person(visit, actor, purpose=purpose)
    if visit.classification is VisitClass.DENUNCIATION and person.name.startswith("Mã tham chiếu"):
        return Person("", "", "")
    return person


def _officer_name(visit: Visit, actor: User | None) -> str:
    officer = visit.officer or actor
    return officer.full_name if officer is not None else ""


# ------------------------------------------------------------------------------------------------- receipt


def get_receipt(visit: Visit) -> Receipt | None:
    return db.session.scalar(sa.select(Receipt).where(Receipt.visit_id == visit.id))


def _items_json(items: Sequence[ReceiptItem]) -> list[dict[str, Any]]:
    return [asdict(item) for item in items]


def receipt_items(receipt: Receipt) -> tuple[ReceiptItem, ...]:
    return tuple(ReceiptItem(**item) for item in receipt.items or ())


def lookup_base_url() -> str:
    """The citizens' lookup site the receipt prints; in production (REQUIRE_PUBLIC_LOOKUP_URL) a
    loopback or unset address is refused, before a PIN is issued and at every print."""
    url = str(current_app.config.get("LOOKUP_BASE_URL") or "")
    if current_app.config.get("REQUIRE_PUBLIC_LOOKUP_URL") and codes.is_local_url(url):
        raise DomainError(LOCAL_LOOKUP_REFUSED.format(url=url or "—"))
    return url


def issue_receipt(
    visit: Visit, *, items: Sequence[ReceiptItem], actor: User | None = None, copies: int = 2
) -> tuple[Receipt, str]:
    """Give (or give again) the visit's receipt: a new PIN each time, the same lookup code.

    Returns the receipt and the PIN in clear, to print once; only its hash is stored.
    """
    lookup_base_url()  # refused before any PIN exists when the receipt could not be printed
    pin = codes.new_pin()
    receipt = get_receipt(visit)
    if receipt is None:
        code = codes.new_receipt_code()
        while db.session.scalar(sa.select(Receipt.id).where(Receipt.code == code)) is not None:
            code = codes.new_receipt_code()  # 88 random bits: in practice never taken
        receipt = Receipt(
            agency_id=visit.agency_id,
            visit_id=visit.id,
            code=code,
            pin_issue_count=1,
            created_by_id=getattr(actor, "id", None),
        )
        db.session.add(receipt)
    else:
        receipt.pin_issue_count += 1
    receipt.pin_hash = codes.hash_pin(pin)
    receipt.pin_issued_at = utcnow()
    receipt.items = _items_json(items)
    receipt.copies = copies
    db.session.flush()
    return receipt, pin


def receipt_spec(
    visit: Visit, receipt: Receipt, *, pin: str | None, actor: User | None = None
) -> DocumentSpec:
    """The receipt. With ``pin`` (the first print, right after issuing) it is the citizen's copy; without
    it the office's copy (and any reprint), whose PIN line says the PIN is only on the citizen's copy."""
    person = _desk_person(visit, actor, "In giấy biên nhận")
    officer = _officer_name(visit, actor)
    data = ReceiptData(
        received_at=_received_at(visit),
        received_place=_place_of(visit),
        officer_name=officer,
        officer_position=OFFICER_POSITION,
        provider_name=person.name,
        provider_id=person.id_number,
        provider_address=person.address,
        items=receipt_items(receipt),
        lookup_code=receipt.code,
        lookup_base_url=lookup_base_url(),
        pin=pin or PIN_HIDDEN,
        copies=receipt.copies,
        provider_title=person.title,
        copy_label=CITIZEN_COPY if pin else OFFICE_COPY,
    )
    return receipt_paper(data).spec(
        issuer_for(visit.agency),
        visit.visited_on,
        number=visit.book_number,
        symbol=slip_symbol(RECEIPT_SYMBOL, visit.agency.abbreviation or visit.agency.code),
    )


# ------------------------------------------------------------------------------------ statement, appointment


STATEMENT_WITH_LETTER = (
    "Công dân đã nộp đơn khi đến: không lập biên bản ghi nội dung trình bày trực tiếp "
    "(biên bản chỉ lập khi công dân trình bày trực tiếp, không có đơn)."
)


def can_have_statement(visit: Visit) -> bool:
    """A record of an oral statement is written only for a citizen who came without a letter (Luật TCD
    Đ25, NĐ 154 Đ14.1: the officer writes down what is said; a letter already states it)."""
    return not visit.with_letter


def statement_spec(visit: Visit, *, actor: User | None = None) -> DocumentSpec:
    """The record of the oral statement, for signature or thumbprint (a denouncer's identity: see visit_person).
    Refused for a visit that came with a letter."""
    if not can_have_statement(visit):
        raise DomainError(STATEMENT_WITH_LETTER)
    person = _desk_person(visit, actor, "In biên bản ghi nội dung")
    data = StatementData(
        kind=_CONTENT_KINDS[visit.classification],
        received_at=_received_at(visit),
        received_place=_place_of(visit),
        officer_name=_officer_name(visit, actor),
        officer_position=OFFICER_POSITION,
        citizen_name=person.name,
        citizen_id=person.id_number,
        citizen_address=person.address,
        statement=visit.statement or visit.summary,
        citizen_title=person.title,
    )
    return statement_paper(data).spec(
        issuer_for(visit.agency),
        visit.visited_on,
        number=visit.book_number,
        symbol=slip_symbol(STATEMENT_SYMBOL, visit.agency.abbreviation or visit.agency.code),
    )


def appointment_spec(
    visit: Visit, *, at: datetime, place: str, matter: str, bring: str, actor: User | None = None
) -> DocumentSpec:
    """An appointment slip for the visit's citizen."""
    if at.date() < visit.visited_on:
        raise DomainError("Ngày hẹn không được trước ngày tiếp.")
    person = _desk_person(visit, actor, "In phiếu hẹn")
    data = AppointmentData(
        citizen_title=person.title,
        citizen_name=person.name,
        citizen_address=person.address,
        matter=matter,
        appointment_at=at,
        appointment_place=place,
        bring=bring,
        officer_name=_officer_name(visit, actor),
    )
    return appointment_paper(data).spec(
        issuer_for(visit.agency),
        local_today(),
        number=visit.book_number,
        symbol=slip_symbol(APPOINTMENT_SYMBOL, visit.agency.abbreviation or visit.agency.code),
    )


def slip_pdf(spec: DocumentSpec) -> bytes:
    """A desk slip as PDF bytes."""
    return render_document(spec)


# ------------------------------------------------------------------------------ outgoing: the register's drafts


def documents_of(record_type: str, record_id: int, doc_type: str) -> list[Document]:
    """The register's documents of a type drafted for a record (newest first)."""
    return list(
        db.session.scalars(
            sa.select(Document)
            .where(
                Document.record_type == record_type,
                Document.record_id == record_id,
                Document.doc_type == doc_type,
            )
            .order_by(Document.id.desc())
        )
    )


def _live(docs: Sequence[Document]) -> Document | None:
    return next((doc for doc in docs if doc.status != DocumentStatus.VOID), None)


def _usual_signer(agency: Agency, code: str) -> Signer:
    """Who signs ``code`` for the agency today: its usual official (a refusal: the head in person; a
    UBND's session conclusions: the Chánh Văn phòng by order), never a title fixed here; a blank block,
    which issuing refuses, while the agency has no officials on record (petitions.documents.issuers)."""
    return issuers.default_signer(agency, code, local_today())


def _draft(paper: Paper, agency: Agency, record: tuple[str, int], actor: User | None) -> Document:
    # The official behind the usual signer is recorded on the draft, so issuing checks their term.
    option = issuers.default_option(agency, paper.code, local_today())
    signer: Signer | SignatureOption | None = paper.signer  # None: create_draft takes the usual one
    if option is not None and paper.signer is not None and issuers.matches_option(paper.signer, option):
        signer = option
    return documents.create_draft(
        doc_type=paper.code,
        issuing_agency=agency,
        place=issuer_for(agency).place,
        signer=signer,
        fields=dict(paper.fields),
        body=paper.body,
        recipients=paper.recipients,
        copies_to=paper.copies_to,
        archive_unit=paper.archive_unit,
        co_signer=paper.co_signer,
        record=record,
        actor=actor,
    )


def can_have_refusal_notice(visit: Visit) -> bool:
    """A refused visit on the persistent or repeat-KNPA ground."""
    ground = visit.refusal_ground.code if visit.refusal_ground is not None else None
    return visit.outcome is VisitOutcome.REFUSED and needs_refusal_notice(ground)


def _archive_unit(agency: Agency) -> str:
    """The drafting unit named after "Lưu: VT," — the body's first recorded drafting unit (its
    reception unit comes first in the directory's data), none when the body records none."""
    codes_ = issuers.drafting_unit_codes(agency)
    return codes_[0] if codes_ else ""


def chairing_body(session: ReceptionSession) -> Agency:
    """The body whose head chaired a session: a province chairman's session recorded by the Ban (under
    the Văn phòng) is the UBND tỉnh's — its notice goes out under the UBND's heading and number, signed
    as the signing rules say (the same rule as the 01/TCD row of its sessions)."""
    chain: list[Agency] = []
    current: Agency | None = session.agency
    while current is not None and current not in chain:
        chain.append(current)
        current = current.parent
    parents = {agency.id: agency.parent_id for agency in chain}
    levels = {agency.id: agency.level.value if agency.level is not None else None for agency in chain}
    leader_level = session.leader_level.value if session.leader_level is not None else None
    chosen = chairing_agency(session.agency_id, leader_level, parents, levels)
    return next(agency for agency in chain if agency.id == chosen)


def draft_refusal_notice(visit: Visit, *, actor: User | None = None) -> Document:
    """The refusal notice (Mẫu 01/TCD) as a draft of the document register. The body's head signs it
    (in person, or a deputy "KT.") as the signing rules and the body's officials on record say; a body
    without officials on record gets a blank block, which issuing refuses (D6)."""
    if not can_have_refusal_notice(visit):
        raise DomainError(
            "Chỉ lập thông báo từ chối tiếp khi từ chối vì khiếu nại, tố cáo kéo dài hoặc kiến nghị, "
            "phản ánh đã được trả lời mà không có tình tiết mới."
        )
    existing = _live(documents_of("visit", visit.id, REFUSAL_CODE))
    if existing is not None:
        return existing
    person = visit_person(visit, actor, purpose="Lập thông báo từ chối tiếp công dân")
    data = RefusalData(
        issuer_name=visit.agency.document_name,
        citizen_title=person.title,
        citizen_name=person.name,
        citizen_id=person.id_number,
        citizen_address=person.address,
        visit_date=visit.visited_on,
        visit_place=_place_of(visit),
        ground=visit.refusal_ground.label,
        explanation=visit.refusal_explanation,
        signer=_usual_signer(visit.agency, REFUSAL_CODE),
        archive_unit=_archive_unit(visit.agency),
    )
    return _draft(refusal_paper(data), visit.agency, ("visit", visit.id), actor)


def can_have_conclusion_notice(session: ReceptionSession) -> bool:
    """A leader's session (periodic, unscheduled, delegated) that was held."""
    return session.kind in LEADER_SESSION_KINDS and session.status is SessionStatus.HELD


def draft_conclusion_notice(
    session: ReceptionSession,
    *,
    conclusions: Mapping[int, str],
    leader_title: str,
    participants: str = "",
    recipients: Sequence[str] = (),
    actor: User | None = None,
) -> Document:
    """The conclusion notice of a leader's session: one section per visit heard, with the leader's
    conclusion (``conclusions`` maps visit ids to text). A draft of the register of the body whose head
    chaired the session (chairing_body), signed as the rules say for that body."""
    if not can_have_conclusion_notice(session):
        raise DomainError("Chỉ lập thông báo kết luận cho buổi tiếp của lãnh đạo đã được tổ chức.")
    if not leader_title.strip():
        raise DomainError("Vui lòng ghi chức danh của lãnh đạo chủ trì.")
    items = []
    for visit in session_visits(session):
        person = visit_person(visit, actor, purpose="Lập thông báo kết luận tiếp công dân")
        who = ", ".join(p for p in (person.name, person.address) if p) or f"lượt tiếp số {visit.book_number}"
        text = (conclusions.get(visit.id) or "").strip()
        if not text:
            continue
        items.append(ConclusionItem(citizen=f"{person.title} {who}", matter=visit.summary, conclusion=text))
    if not items:
        raise DomainError("Vui lòng ghi kết luận cho ít nhất một lượt tiếp.")
    issuing = chairing_body(session)
    data = ConclusionData(
        leader_title=leader_title.strip(),
        leader_name=session.leader_name,
        session_kind=SESSION_KIND_WORDS[session.kind],
        held_on=session.held_on,
        held_place=session.place or _session_place(session),
        participants=participants.strip() or session.participating_agencies,
        items=tuple(items),
        signer=_usual_signer(issuing, CONCLUSION_CODE),
        recipients=tuple(r.strip() for r in recipients if r.strip()),
        copies_to=("Như trên",) if recipients else (),
        archive_unit=_archive_unit(issuing),
    )
    return _draft(conclusion_paper(data), issuing, ("reception_session", session.id), actor)


def conclusion_documents(session: ReceptionSession) -> list[Document]:
    """The register's conclusion notices drafted for a session (newest first)."""
    return documents_of("reception_session", session.id, CONCLUSION_CODE)


def refusal_documents(visit: Visit) -> list[Document]:
    """The register's refusal notices drafted for a visit (newest first)."""
    return documents_of("visit", visit.id, REFUSAL_CODE)


def _session_place(session: ReceptionSession) -> str:
    return f"Trụ sở {session.agency.name}"


def record_conclusion_number(session: ReceptionSession, document: Document) -> None:
    """Copy an issued conclusion notice's number onto the session (its 'conclusion notice no.')."""
    if document.status is DocumentStatus.ISSUED and document.number_symbol:
        session.conclusion_notice_number = document.number_symbol
        db.session.flush()


# ---------------------------------------------------------------------------------------------- the book


def reception_book(
    agency: Agency,
    *,
    date_from: date,
    date_to: date,
    fmt: str,
    user: User | None = None,
    session: ReceptionSession | None = None,
) -> bytes:
    """The reception book of ``agency`` as PDF ("pdf") or Excel ("xlsx") bytes."""
    if date_to < date_from:
        raise DomainError("Ngày kết thúc phải sau ngày bắt đầu.")
    heading = book_heading(agency, date_from, date_to, session)
    rows = iter_book_rows(
        agency.id, date_from, date_to, user=user, session_id=session.id if session else None
    )
    if fmt == "pdf":
        return book_pdf(heading, list(rows))
    if fmt == "xlsx":
        return book_workbook(heading, rows)
    raise ValueError(f"unknown book format {fmt!r}")
