"""Reading letters into the register's rows: the agency's own register for a date range, in chunks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from petitions.auth.models import User
from petitions.citizens.models import Citizen
from petitions.directory.models import Agency
from petitions.documents import issuers
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.records import LetterStatus, LetterType
from petitions.extensions import db
from petitions.letter_register.book import ACCEPTED_MARK, RegisterRow
from petitions.letters.handling_papers import HandlingPaper, paper_of
from petitions.letters.labels import CHANNEL_LABELS
from petitions.letters.models import Letter
from petitions.letters.paper_texts import DESTRUCTION_CODE
from petitions.paging import keyset_chunks
from petitions.paperwork.book import BookHeading
from petitions.paperwork.queries import Person, citizen_person, denouncer_person
from petitions.vault.models import IdentityRef

REGISTER_PURPOSE = "In sổ tiếp nhận, xử lý đơn"
_CHUNK = 500

TYPE_CODES = {
    LetterType.COMPLAINT: "KN",
    LetterType.DENUNCIATION: "TC",
    LetterType.PETITION: "KNPA",
    LetterType.ANONYMOUS: "Nặc danh",
}
ANONYMOUS_WRITER = "Không rõ người tố cáo"

# Where the approved handling of a letter is written: the column of its status (DOMAIN §3.5, "approve
# route"), with the body it went to and the handling papers issued on it.
ACCEPTED = frozenset({LetterStatus.ACCEPTED})
GUIDED = frozenset({LetterStatus.GUIDED})
FORWARDED = frozenset(
    {
        LetterStatus.FORWARDED,
        LetterStatus.REPLY_RECEIVED,
        LetterStatus.URGED,
        LetterStatus.TO_INSPECTION,
        LetterStatus.TO_PARTY_BODY,
    }
)
OTHER_WORDS = {
    LetterStatus.FILED: "Lưu đơn",
    LetterStatus.DESTROYED: "Lưu đơn (đã tiêu hủy)",
    LetterStatus.RETURNED: "Trả lại đơn",
    LetterStatus.NOT_ACCEPTED: "Không thụ lý",
    LetterStatus.REFUSED: "Từ chối tiếp nhận",
}
FORWARD_WORDS = {
    LetterStatus.TO_INSPECTION: "Chuyển thanh tra, kiểm tra",
    LetterStatus.TO_PARTY_BODY: "Chuyển cơ quan Đảng",
}
RESULT_WORDS = {
    LetterStatus.ACCEPTED: "Đã thụ lý",
    LetterStatus.NOT_ACCEPTED: "Không thụ lý",
    LetterStatus.GUIDED: "Đã hướng dẫn",
    LetterStatus.FORWARDED: "Chờ văn bản phúc đáp",
    LetterStatus.REPLY_RECEIVED: "Đã nhận văn bản phúc đáp",
    LetterStatus.URGED: "Đã đôn đốc",
    LetterStatus.TO_INSPECTION: "Chờ kết quả thanh tra, kiểm tra",
    LetterStatus.TO_PARTY_BODY: "Đã chuyển cơ quan Đảng",
    LetterStatus.RETURNED: "Đã trả lại đơn",
    LetterStatus.FILED: "Đã lưu đơn",
    LetterStatus.DESTROYED: "Đã tiêu hủy",
    LetterStatus.REFUSED: "Từ chối tiếp nhận",
    LetterStatus.APPROVED: "Đã duyệt hướng xử lý, chờ ban hành văn bản",
}
OPEN_RESULT = "Đang xử lý"

# The register's column of each handling paper (petitions.letters.handling_papers): the act it records.
# A paper answering the citizen (D7, D9) is a result; the urgent report a note. A document that is no
# handling paper goes to the column of the letter's status.
PAPER_COLUMNS = {
    HandlingPaper.PROPOSAL_ACCEPT: "accepted",
    HandlingPaper.GUIDANCE: "guided",
    HandlingPaper.EXPLAIN_SETTLED: "guided",
    HandlingPaper.FORWARD_DENUNCIATION: "forwarded",
    HandlingPaper.NOTICE_DENOUNCER_FORWARDED: "forwarded",
    HandlingPaper.FORWARD_PETITION: "forwarded",
    HandlingPaper.FORWARD_COMPLAINT: "forwarded",
    HandlingPaper.FORWARD_PARTY: "forwarded",
    HandlingPaper.FORWARD_ANONYMOUS: "forwarded",
    HandlingPaper.FILING_NOTE: "other",
    HandlingPaper.RETURN_LETTER: "other",
    HandlingPaper.ANSWER_D7: "result",
    HandlingPaper.RESULT_D9: "result",
    HandlingPaper.URGENT_REPORT: "notes",
}
PAPER_WORDS = {
    HandlingPaper.ANSWER_D7: "Đã thông báo kết quả xử lý đơn",
    HandlingPaper.RESULT_D9: "Đã thông báo kết quả giải quyết",
    HandlingPaper.URGENT_REPORT: "Báo cáo khẩn",
    HandlingPaper.NOTICE_DENOUNCER_FORWARDED: "thông báo cho người tố cáo",
}


def classification(letter: Letter) -> str:
    """KN / TC / KNPA / nặc danh; a mixed letter with its main content."""
    if letter.letter_type == LetterType.MIXED:
        main = TYPE_CODES.get(letter.main_type) if letter.main_type else None
        return f"Nhiều nội dung (chính: {main})" if main else "Nhiều nội dung"
    return TYPE_CODES.get(letter.letter_type, "")


def paper_line(document: Document) -> str:
    """'số 05/PC-BTCD ngày 10/07/2026'."""
    day = f" ngày {document.issue_date:%d/%m/%Y}" if document.issue_date else ""
    return f"số {document.number_symbol}{day}"


def _joined(*parts: str) -> str:
    return "; ".join(part.strip() for part in parts if part and part.strip())


def writer_of(letter: Letter, citizen: Citizen | None, ref: IdentityRef | None, user: User | None) -> Person:
    """Who the register names: nobody for anonymous information; a denouncer through the vault's rule
    (paperwork.queries.denouncer_person); else the citizen who wrote."""
    if letter.letter_type == LetterType.ANONYMOUS:
        return Person(ANONYMOUS_WRITER, "", "")
    if letter.identity_ref_id is not None or letter.effective_type == LetterType.DENUNCIATION:
        return denouncer_person(ref, user, purpose=REGISTER_PURPOSE)
    return citizen_person(citizen)


def register_row(
    letter: Letter, person: Person, papers: Sequence[Document] = (), *, forwarded_to: str = ""
) -> RegisterRow:
    """One letter as the register records it: the handling in the column of its status (the body it
    went to), each issued handling paper (number and date) in the column of the act it records; a
    document that is no handling paper follows the status, or the notes while the letter is open."""
    status = letter.status
    if status in ACCEPTED:
        column, words = "accepted", ACCEPTED_MARK
    elif status in GUIDED:
        column, words = "guided", letter.competent_body
    elif status in FORWARDED:
        column, words = "forwarded", _joined(FORWARD_WORDS.get(status, ""), forwarded_to or letter.competent_body)
    elif status in OTHER_WORDS:
        column, words = "other", OTHER_WORDS[status]
    else:
        column, words = "", ""
    cells: dict[str, list[str]] = {key: [] for key in ("accepted", "guided", "forwarded", "other", "result", "notes")}
    if column:
        cells[column].append(words)
    for paper in papers:
        kind = paper_of(paper)
        target = PAPER_COLUMNS.get(kind) if kind is not None else None
        line = paper_line(paper)
        if kind in PAPER_WORDS:
            line = f"{PAPER_WORDS[kind]} {line}"
        elif paper.doc_type == DESTRUCTION_CODE:
            line = f"Biên bản hủy đơn {line}"
        if target is None:
            target, line = (column, line) if column else ("notes", f"Văn bản {line}")
        cells[target].append(line)
    result = RESULT_WORDS.get(status, "")
    if not result:
        due = f" (hạn {letter.handling_due_on:%d/%m/%Y})" if letter.handling_due_on else ""
        result = f"{OPEN_RESULT}{due}"
    source = ""
    if letter.forwarded_by:
        doc = " ".join(
            part
            for part in (
                f"số {letter.forwarded_doc_number}" if letter.forwarded_doc_number else "",
                f"ngày {letter.forwarded_doc_on:%d/%m/%Y}" if letter.forwarded_doc_on else "",
            )
            if part
        )
        source = f"{letter.forwarded_by} chuyển đến" + (f" ({doc})" if doc else "")
    elif letter.channel in CHANNEL_LABELS:
        source = str(CHANNEL_LABELS[letter.channel])
    notes = _joined(
        f"Đã hủy đăng ký: {letter.void_reason or ''}".rstrip(": ") if letter.is_void else "",
        f"Đơn trùng, gửi lần {letter.repeat_count + 1}" if letter.duplicate_of_id or letter.repeat_count else "",
        "Khẩn" if letter.is_urgent else "",
        source,
        *cells["notes"],
    )
    return RegisterRow(
        number=letter.register_number,
        received_on=letter.received_on,
        writer=person.name,
        address=person.address,
        summary=letter.summary,
        classification=classification(letter),
        accepted=_joined(*cells["accepted"]),
        guided=_joined(*cells["guided"]),
        forwarded=_joined(*cells["forwarded"]),
        other=_joined(*cells["other"]),
        result=_joined(result, *cells["result"]),
        notes=notes,
    )


def issued_papers(letter_ids: Sequence[int]) -> dict[int, list[Document]]:
    """The issued documents answering each letter (record_type "letter"), in issue order."""
    if not letter_ids:
        return {}
    documents = db.session.scalars(
        sa.select(Document)
        .where(
            Document.record_type == "letter",
            Document.record_id.in_(letter_ids),
            Document.status == DocumentStatus.ISSUED,
            Document.number_symbol.is_not(None),
        )
        .order_by(Document.issue_date, Document.id)
    )
    papers: dict[int, list[Document]] = {}
    for document in documents:
        papers.setdefault(int(document.record_id or 0), []).append(document)
    return papers


def destruction_records(letters: Sequence[Letter]) -> dict[int, list[Document]]:
    """The issued destruction records (biên bản hủy đơn) of destroyed letters, by document id: the register
    line of a destroyed letter names the record that destroyed it (petitions.letters.destruction)."""
    ids = {letter.destruction_document_id for letter in letters if letter.destruction_document_id is not None}
    if not ids:
        return {}
    found = db.session.scalars(
        sa.select(Document).where(Document.id.in_(ids), Document.status == DocumentStatus.ISSUED)
    )
    return {document.id: [document] for document in found}


_ORDER = (Letter.received_on, Letter.register_year, Letter.register_number, Letter.id)


def register_select(agency_id: int, date_from: date, date_to: date) -> sa.Select[Letter]:
    """The letters of the agency's own register received in the range (voided lines included: the
    number stays taken and the line stays in the book)."""
    return sa.select(Letter).where(
        Letter.register_agency_id == agency_id,
        Letter.received_on >= date_from,
        Letter.received_on <= date_to,
    )


def iter_register_rows(
    agency_id: int, date_from: date, date_to: date, *, user: User | None = None
) -> Iterator[RegisterRow]:
    """The register's rows of one agency for a date range, in order of receipt, in chunks.

    The register is the agency's own book (the letters it numbered), whoever is in charge of them now.
    ``user`` None (the scheduled CLI) is uncleared: denunciations show the vault reference.
    """
    query = register_select(agency_id, date_from, date_to).options(selectinload(Letter.assigned_agency))
    for letters in keyset_chunks(query, _ORDER, size=_CHUNK):
        citizen_ids = {letter.citizen_id for letter in letters if letter.citizen_id is not None}
        ref_ids = {letter.identity_ref_id for letter in letters if letter.identity_ref_id is not None}
        citizens = (
            {
                c.id: c
                for c in db.session.scalars(
                    sa.select(Citizen).where(Citizen.id.in_(citizen_ids)).options(selectinload(Citizen.address_unit))
                )
            }
            if citizen_ids
            else {}
        )
        refs = (
            {r.id: r for r in db.session.scalars(sa.select(IdentityRef).where(IdentityRef.id.in_(ref_ids)))}
            if ref_ids
            else {}
        )
        papers = issued_papers([letter.id for letter in letters])
        records = destruction_records(letters)
        for letter in letters:
            person = writer_of(
                letter,
                citizens.get(letter.citizen_id) if letter.citizen_id else None,
                refs.get(letter.identity_ref_id) if letter.identity_ref_id else None,
                user,
            )
            forwarded_to = letter.assigned_agency.name if letter.assigned_agency is not None else ""
            own = [*papers.get(letter.id, ()), *records.get(letter.destruction_document_id or 0, ())]
            yield register_row(letter, person, own, forwarded_to=forwarded_to)


def count_register_letters(agency_id: int, date_from: date, date_to: date) -> int:
    query = register_select(agency_id, date_from, date_to).with_only_columns(sa.func.count(Letter.id))
    return db.session.scalar(query) or 0


def register_heading(agency: Agency, date_from: date, date_to: date) -> BookHeading:
    """The register's heading: the agency's heading lines as its documents print them, the period."""
    issuer = issuers.issuer_for(agency)
    return BookHeading(
        issuing_body=issuer.issuing_body, parent_body=issuer.parent_body, date_from=date_from, date_to=date_to
    )
