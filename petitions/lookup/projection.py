"""The citizens' lookup projection (`lookup_entry`): one row per receipt, refreshed in the transaction of every
change to the receipt, its visit, its letter, its case or their papers.

How it stays current: `follow_flush` is registered with petitions.history.follow_flushes, so it runs after
every flush right where the history rows are written — every letter or case transition, visit edit, paper
issue and receipt reprint writes history there, so none can forget the projection. It looks only at the
fields the citizen's page depends on; when none changed it sends no statement at all. The rows are read and
written with Core statements on the flush's connection (the unit of work is still flushing), so the
projection commits or rolls back with the change. `refresh_all` rebuilds the whole table
(`petitions lookup refresh`): after the release that adds it, or a bulk change made with Core statements (which
no flush sees). A renamed agency refreshes the rows that show its old name.

What a row may hold is decided by petitions.domain.lookup: a stage sentence, a public agency name, a due
date, the kind, number and date of papers addressed to the citizen. A paper released to the citizen (issued, its
signed copy attached) has that copy copied into `lookup_file`, so the lookup app serves it without the file store. Never a person's name, a content, a
denouncer's reference, nor anything of a record other than the receipt's own visit, letter and case.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from petitions.cases.models import CaseFile
from petitions.clock import utcnow
from petitions.deadlines.models import Clock, RecordType
from petitions.directory.models import Agency
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.lookup import (
    CITIZEN_PAPERS,
    LETTER_AT_OTHER_BODY,
    Facts,
    code_key,
    paper_entry,
    situation,
)
from petitions.domain.reception import VisitOutcome
from petitions.domain.records import CaseStatus, CaseType, LetterStatus
from petitions.history import follow_flushes
from petitions.letters.models import Letter
from petitions.lookup.models import LookupEntry, LookupFile
from petitions.paperwork.codes import normalise_code
from petitions.paperwork.models import Receipt
from petitions.reception.models import Visit

# The fields of each record the citizen's page depends on: a flush that changes none of them costs nothing.
_FOLLOWED: dict[type, frozenset[str]] = {
    Receipt: frozenset({"code", "pin_hash", "visit_id"}),
    Visit: frozenset({"outcome", "letter_id", "case_id", "agency_id", "visited_on"}),
    Letter: frozenset(
        {"status", "agency_in_charge_id", "assigned_agency_id", "competent_agency_id", "handling_due_on", "case_id",
         "visit_id", "is_void"}
    ),
    CaseFile: frozenset({"status", "case_type", "agency_in_charge_id", "resolution_due_on", "accepted_on"}),
    Agency: frozenset({"name", "official_name"}),
    Document: frozenset(
        {"status", "issue_date", "number_symbol", "doc_type", "record_type", "record_id", "signed_file_sha256"}
    ),
    Clock: frozenset({"due_on", "closed_at"}),
}
BATCH = 500
log = logging.getLogger("petitions.lookup")


def _changed(obj: Any, fields: frozenset[str]) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _touched(session: Session) -> dict[str, set[Any]]:
    """The ids of the followed records this flush created or changed in a followed field, by kind."""
    found: dict[str, set[Any]] = {"receipt": set(), "visit": set(), "letter": set(), "case": set(), "agency_name": set()}
    for obj in session.new:
        # A new letter reaches a receipt only through its visit; a new case or visit through a letter or visit
        # that names it (dirty or new in the same flush, or later); a new paper is a draft until issued.
        if isinstance(obj, Receipt):
            found["receipt"].add(obj.id)
        elif isinstance(obj, Letter) and obj.visit_id is not None:
            found["letter"].add(obj.id)
        elif isinstance(obj, Document) and obj.status == DocumentStatus.ISSUED:
            _paper_record(found, obj)
    for obj in session.dirty:
        fields = _FOLLOWED.get(type(obj))
        if fields is None or not _changed(obj, fields):
            continue
        if isinstance(obj, Receipt):
            found["receipt"].add(obj.id)
        elif isinstance(obj, Visit):
            found["visit"].add(obj.id)
        elif isinstance(obj, Letter):
            found["letter"].add(obj.id)
        elif isinstance(obj, CaseFile):
            found["case"].add(obj.id)
        elif isinstance(obj, Document):
            _paper_record(found, obj)
        elif isinstance(obj, Clock) and obj.record_type == RecordType.VISIT and obj.rule_id == "D7":
            found["visit"].add(obj.record_id)
        elif isinstance(obj, Agency):
            found["agency_name"].update(_names_before(obj))
    return found


def _names_before(agency: Agency) -> set[str]:
    """The public names a renamed agency may have been shown under (its old and current name and official name):
    the rows showing one of them are refreshed (another body of the same name only costs a refresh)."""
    state = sa.inspect(agency)
    names: set[str] = set()
    for field in ("name", "official_name"):
        history = state.attrs[field].history
        names.update(str(value) for value in (*history.deleted, *history.unchanged, *history.added) if value)
    return names


def _paper_record(found: dict[str, set[Any]], document: Document) -> None:
    if document.doc_type not in CITIZEN_PAPERS or document.record_id is None:
        return
    kind = {"letter": "letter", "case_file": "case", "visit": "visit"}.get(document.record_type or "")
    if kind is not None:
        found[kind].add(document.record_id)


def affected_receipts(connection: sa.Connection, touched: dict[str, set[Any]]) -> list[int]:
    """The receipts whose page shows one of the touched records: through the receipt's visit, the visit's
    letter (either side of the link) and the letter's or the visit's case; or a renamed body's old name."""
    receipts, visits = sorted(touched["receipt"]), sorted(touched["visit"])
    letters, cases = sorted(touched["letter"]), sorted(touched["case"])
    renamed: set[int] = set()
    if touched["agency_name"]:
        entries = LookupEntry.__table__
        renamed = set(connection.scalars(
            sa.select(entries.c.receipt_id).where(entries.c.agency_name.in_(sorted(touched["agency_name"])))
        ))
    if not (receipts or visits or letters or cases):
        return sorted(renamed)
    conditions: list[sa.ColumnElement[bool]] = []
    if receipts:
        conditions.append(Receipt.id.in_(receipts))
    if visits:
        conditions.append(Visit.id.in_(visits))
    if letters or cases:
        letter_links = sa.select(Letter.visit_id).where(
            sa.or_(Letter.id.in_(letters), Letter.case_id.in_(cases)), Letter.visit_id.is_not(None)
        )
        conditions.append(Visit.id.in_(letter_links))
    if letters:
        conditions.append(Visit.letter_id.in_(letters))
    if cases:
        conditions.append(Visit.case_id.in_(cases))
        conditions.append(Visit.letter_id.in_(sa.select(Letter.id).where(Letter.case_id.in_(cases))))
    query = sa.select(Receipt.id).join(Visit, Visit.id == Receipt.visit_id).where(sa.or_(*conditions))
    return sorted(set(connection.scalars(query)) | renamed)


def follow_flush(session: Session) -> None:
    """petitions.history's flush follower: refresh the rows of the receipts this flush touched."""
    touched = _touched(session)
    if not any(touched.values()):
        return
    connection = session.connection()
    ids = affected_receipts(connection, touched)
    if ids:
        refresh_receipts(connection, ids)


follow_flushes(follow_flush)


# ------------------------------------------------------------------------------------------------ one receipt


def _agency_names(connection: sa.Connection, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = connection.execute(sa.select(Agency.id, Agency.official_name, Agency.name).where(Agency.id.in_(wanted)))
    # The public name: the one its documents print, else the directory's.
    return {row.id: (row.official_name or row.name) for row in rows}


def _values(connection: sa.Connection, receipt: Any) -> dict[str, Any]:
    """What the citizen's page shows for one receipt, read from its visit, letter, case and papers."""
    visit = connection.execute(
        sa.select(Visit.id, Visit.agency_id, Visit.visited_on, Visit.outcome, Visit.letter_id, Visit.case_id).where(
            Visit.id == receipt.visit_id
        )
    ).one()
    letter_columns = (Letter.id, Letter.status, Letter.agency_in_charge_id, Letter.assigned_agency_id,
                      Letter.competent_agency_id, Letter.handling_due_on, Letter.case_id)
    # The letter the visit handed in (either side of the link), the visit's own first; a voided registration
    # is no letter.
    letter = connection.execute(
        sa.select(*letter_columns)
        .where(sa.or_(Letter.id == visit.letter_id, Letter.visit_id == visit.id), Letter.is_void.is_(False))
        .order_by((Letter.id == visit.letter_id).desc() if visit.letter_id is not None else Letter.id, Letter.id)
        .limit(1)
    ).first()
    case_id = (letter.case_id if letter is not None and letter.case_id is not None else None) or visit.case_id
    case = None
    if case_id is not None:
        case = connection.execute(
            sa.select(CaseFile.id, CaseFile.status, CaseFile.case_type, CaseFile.agency_in_charge_id,
                      CaseFile.accepted_on, CaseFile.resolution_due_on).where(CaseFile.id == case_id)
        ).first()
    answer_due = None
    if visit.outcome is VisitOutcome.LETTER_RECEIVED and letter is None:
        answer_due = connection.scalar(
            sa.select(Clock.due_on).where(
                Clock.record_type == RecordType.VISIT, Clock.record_id == visit.id, Clock.rule_id == "D7",
                Clock.closed_at.is_(None),
            ).limit(1)
        )
    facts = Facts(
        visit_outcome=VisitOutcome(visit.outcome),
        visit_answer_due_on=answer_due,
        letter_status=LetterStatus(letter.status) if letter is not None else None,
        letter_due_on=letter.handling_due_on if letter is not None else None,
        case_status=CaseStatus(case.status) if case is not None else None,
        case_type=CaseType(case.case_type) if case is not None else None,
        case_accepted=case is not None and case.accepted_on is not None,
        case_due_on=case.resolution_due_on if case is not None else None,
    )
    found = situation(facts)
    if found.source == "case" and case is not None:
        body_id = case.agency_in_charge_id
    elif found.source == "letter" and letter is not None:
        body_id = letter.agency_in_charge_id
        if facts.letter_status in LETTER_AT_OTHER_BODY and letter.assigned_agency_id is not None:
            body_id = letter.assigned_agency_id
        elif facts.letter_status is LetterStatus.GUIDED and letter.competent_agency_id is not None:
            body_id = letter.competent_agency_id
    else:
        body_id = visit.agency_id
    records = [sa.and_(Document.record_type == "visit", Document.record_id == visit.id)]
    if letter is not None:
        records.append(sa.and_(Document.record_type == "letter", Document.record_id == letter.id))
    if case is not None:
        records.append(sa.and_(Document.record_type == "case_file", Document.record_id == case.id))
    papers: list[dict[str, str]] = []
    released: list[Any] = []
    for row in connection.execute(
        sa.select(Document.doc_type, Document.number_symbol, Document.issue_date, Document.signed_file_path,
                  Document.signed_file_sha256, Document.signed_file_size)
        .where(
            sa.or_(*records), Document.status == DocumentStatus.ISSUED,
            Document.doc_type.in_(sorted(CITIZEN_PAPERS)),
        )
        .order_by(Document.issue_date, Document.id)
    ):
        entry = paper_entry(row.doc_type, row.number_symbol, row.issue_date)
        if entry is None:
            continue
        papers.append(entry)
        if row.signed_file_path and row.signed_file_sha256:
            released.append((entry, row))
    tokens = _sync_files(connection, receipt.id, released)
    for entry, row in released:
        token = tokens.get(row.signed_file_sha256)
        if token is not None:
            entry["file"] = token
            entry["size"] = str(row.signed_file_size or 0)
    return {
        "receipt_id": receipt.id,
        "code_key": code_key(normalise_code(receipt.code)),
        "pin_hash": receipt.pin_hash,
        "received_on": visit.visited_on,
        "stage": found.stage.code,
        "stage_text": found.stage.text,
        "agency_name": _agency_names(connection, [body_id]).get(body_id, "") if body_id is not None else "",
        "due_on": found.due_on,
        "due_label": found.due_label,
        "papers": papers,
        "refreshed_at": utcnow(),
    }


def _file_name(doc_type: str, number: str | None) -> str:
    """An ASCII name for the download: the paper's kind and number (no person's name)."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", f"{doc_type}-{number or ''}".translate(_ASCII)).strip("-")
    return f"{stem[:100]}.pdf"


_ASCII = str.maketrans({"Đ": "D", "đ": "d"})


def _sync_files(connection: sa.Connection, receipt_id: int, released: Sequence[Any]) -> dict[str, str]:
    """The signed copies of the receipt's released papers in `lookup_file`: a copy already there keeps its row and
    token, a new one is read from the officers' file store (and checked against its recorded SHA-256), one no
    longer released is removed. Returns {sha256: token} of the copies the page may link."""
    table = LookupFile.__table__
    have = {row.sha256: row.token for row in connection.execute(
        sa.select(table.c.sha256, table.c.token).where(table.c.receipt_id == receipt_id))}
    wanted = {row.signed_file_sha256: row for _entry, row in released}
    stale = [sha for sha in have if sha not in wanted]
    if stale:
        connection.execute(sa.delete(table).where(table.c.receipt_id == receipt_id, table.c.sha256.in_(stale)))
    tokens = {sha: token for sha, token in have.items() if sha in wanted}
    for sha, row in wanted.items():
        if sha in tokens:
            continue
        path = Path(current_app.config["UPLOAD_FOLDER"]) / row.signed_file_path
        try:
            data = path.read_bytes()
        except OSError:
            log.warning("lookup: the signed copy %s is missing; its paper is listed without a download", sha[:12])
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            log.warning("lookup: the signed copy %s does not match its SHA-256; not offered", sha[:12])
            continue
        token = secrets.token_hex(16)
        connection.execute(sa.insert(table).values(
            receipt_id=receipt_id, token=token, file_name=_file_name(row.doc_type, row.number_symbol), sha256=sha,
            size=len(data), content=data, created_at=utcnow(),
        ))
        tokens[sha] = token
    return tokens


def refresh_receipts(connection: sa.Connection, receipt_ids: Sequence[int]) -> int:
    """Rewrite the projection rows of these receipts (insert or update); returns how many were written."""
    table = LookupEntry.__table__
    written = 0
    for start in range(0, len(receipt_ids), BATCH):
        chunk = list(receipt_ids[start : start + BATCH])
        receipts = connection.execute(
            sa.select(Receipt.id, Receipt.code, Receipt.pin_hash, Receipt.visit_id).where(Receipt.id.in_(chunk))
        ).all()
        existing = set(connection.scalars(sa.select(table.c.receipt_id).where(table.c.receipt_id.in_(chunk))))
        for receipt in receipts:
            values = _values(connection, receipt)
            if receipt.id in existing:
                connection.execute(sa.update(table).where(table.c.receipt_id == receipt.id).values(**values))
            else:
                connection.execute(sa.insert(table).values(**values))
            written += 1
    return written


def refresh_all(connection: sa.Connection) -> int:
    """Rebuild the whole projection from the receipts (`petitions lookup refresh`): every receipt's row written
    again, rows of receipts that no longer exist removed. The caller commits."""
    table = LookupEntry.__table__
    connection.execute(sa.delete(table).where(table.c.receipt_id.not_in(sa.select(Receipt.id))))
    files = LookupFile.__table__
    connection.execute(sa.delete(files).where(files.c.receipt_id.not_in(sa.select(Receipt.id))))
    ids = list(connection.scalars(sa.select(Receipt.id).order_by(Receipt.id)))
    return refresh_receipts(connection, ids)
