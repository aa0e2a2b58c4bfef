"""Document use cases: drafts, issuing (app register or văn thư), the signed copy, voiding, printing.

The API other areas print through (reception slips, letters' notices and forwarding slips):

    doc = create_draft(doc_type="PHIEU_HEN", issuing_agency=agency, place="Quảng Ninh",
                       signer=Signer(position="Cán bộ tiếp công dân", name="…"),
                       fields={...}, body=["…", BodyTable(...)], recipients=[...],
                       record=("letter", letter.id), actor=user)
    pdf = document_pdf(doc)                 # a draft: DỰ THẢO watermark, no number
    pdf = print_pdf(doc, user=reader)       # as a reader prints it (the record's area may fill it: hooks)
    issue_document(doc, actor=leader)       # next number of the agency's register for the year
    issue_document(doc, actor=leader, number=12, issue_date=day)   # the văn thư's number and date
    attach_signed_pdf(doc, data=pdf_bytes, actor=user)
    void_document(doc, reason="…", actor=leader)                   # keeps its number

Every function flushes and never commits: the caller owns the transaction. Issuing with the app's
register takes the number from `petitions.numbering` (a locked counter row); on SQLite the
transaction must have begun with BEGIN IMMEDIATE (web POSTs do; services and CLI wrap their work in
``immediate_transactions()``).
The posted ``version`` is checked by the save helper (petitions.concurrency) before any of these run;
a broken rule raises DomainError (Vietnamese text).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from petitions.auth.models import User
from petitions.cases.queries import visible_cases
from petitions.citizens.queries import visible_citizens
from petitions.clock import local_today, utcnow
from petitions.directory.models import Agency
from petitions.documents import hooks, issuers
from petitions.documents.labels import field_label
from petitions.documents.models import Document, DocumentStatus, NumberSource
from petitions.domain.issuers import SignatureOption, check_number_date, is_real_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.queries import visible_letters
from petitions.numbering import NumberKind, last_number, take_number
from petitions.printing import (
    Authority,
    BodyTable,
    DocumentSpec,
    DocumentTemplate,
    HeaderCell,
    PrintingError,
    Signer,
    TableReportSpec,
    TemplateNotFoundError,
    document_text,
    is_as_above,
    render_document,
    render_table_report,
    template_for,
)
from petitions.reception.queries import visible_sessions, visible_visits
from petitions.scoping import OutOfScope, get_visible_or_404
from petitions.storage import write_file

BodyBlock = str | BodyTable

DEFAULT_SIGNED_PDF_MAX_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
DRAFT_PLACEHOLDER = "…"

# Fields the web form and update_draft() may change on a draft.
DRAFT_FIELDS = frozenset(
    {
        "issuing_agency",
        "place",
        "signer",
        "fields",
        "body",
        "recipients",
        "copies_to",
        "archive_unit",
        "co_signer",
        "qr_url",
        "record",
        "symbol",
    }
)


# ------------------------------------------------------------------------------------------ helpers


@contextmanager
def _acting(actor: Any, reason: str | None = None) -> Iterator[None]:
    """History rows of this block name the actor (and reason), when the caller gave them."""
    context = history_context(actor=actor, reason=reason) if (actor is not None or reason) else nullcontext()
    with context:
        yield


def _template(doc_type: str, day: date) -> DocumentTemplate:
    try:
        return template_for(doc_type, day)
    except TemplateNotFoundError as missing:
        raise DomainError(f"Không có mẫu văn bản “{doc_type}” áp dụng ngày {day:%d/%m/%Y}.") from missing


def number_symbol(number: int, symbol: str) -> str:
    """'05/TB-BTCD' as printed after 'Số:' (numbers below 10 padded)."""
    return f"{number:02d}/{symbol}" if symbol else f"{number:02d}"


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return DRAFT_PLACEHOLDER


def subject_of(template: DocumentTemplate, fields: Mapping[str, Any]) -> str:
    """The trích yếu from the fields; a draft's missing fields show as '…'."""
    filled = _Blank({k: v for k, v in fields.items() if str(v).strip()})
    return template.subject_format.format_map(filled).strip()


def _clean_lines(items: Sequence[str] | None) -> list[str]:
    return [line.strip() for line in (items or ()) if line and line.strip()]


def _signer_json(signer: Signer | None) -> dict[str, str] | None:
    if signer is None:
        return None
    return {
        "position": signer.position,
        "name": signer.name,
        "authority": signer.authority.value,
        "principal": signer.principal,
        "collective": signer.collective,
        "hint": signer.hint,
    }


def _signer_from_json(data: Mapping[str, str] | None) -> Signer | None:
    if not data:
        return None
    return Signer(
        position=data.get("position", ""),
        name=data.get("name", ""),
        authority=Authority(data.get("authority", "")),
        principal=data.get("principal", ""),
        collective=data.get("collective", ""),
        hint=data.get("hint", ""),
    )


def _header_json(cell: str | HeaderCell) -> Any:
    if isinstance(cell, HeaderCell):
        return {"text": cell.text, "colspan": cell.colspan, "rowspan": cell.rowspan}
    return cell


def body_to_json(blocks: Sequence[BodyBlock]) -> list[Any]:
    """Body blocks as stored: a paragraph is a string, a table a {"table": …} object."""
    stored: list[Any] = []
    for block in blocks:
        if isinstance(block, BodyTable):
            stored.append(
                {
                    "table": {
                        "header_rows": [[_header_json(c) for c in row] for row in block.header_rows],
                        "rows": [[str(c) for c in row] for row in block.rows],
                        "col_weights": list(block.col_weights) if block.col_weights else None,
                        "align": list(block.align) if block.align else None,
                        "font_size": block.font_size,
                    }
                }
            )
        elif str(block).strip():
            stored.append(str(block).strip())
    return stored


def body_from_json(stored: Sequence[Any]) -> tuple[BodyBlock, ...]:
    blocks: list[BodyBlock] = []
    for item in stored or ():
        if isinstance(item, dict) and "table" in item:
            table = item["table"]
            blocks.append(
                BodyTable(
                    header_rows=tuple(
                        tuple(HeaderCell(**c) if isinstance(c, dict) else c for c in row)
                        for row in table["header_rows"]
                    ),
                    rows=tuple(tuple(row) for row in table["rows"]),
                    col_weights=tuple(table["col_weights"]) if table.get("col_weights") else None,
                    align=tuple(table["align"]) if table.get("align") else None,
                    font_size=table.get("font_size", 12),
                )
            )
        else:
            blocks.append(str(item))
    return tuple(blocks)


def body_has_tables(document: Document) -> bool:
    return any(isinstance(item, dict) for item in (document.body_data or {}).get("body", ()))


def document_signer(document: Document) -> Signer:
    return Signer(
        position=document.signer_position,
        name=document.signer_name,
        authority=Authority(document.signer_authority),
        principal=document.signer_principal,
        collective=document.signer_collective,
    )


def _check_signer(template: DocumentTemplate, signer: Signer) -> None:
    if not signer.position.strip() or not signer.name.strip():
        raise DomainError("Vui lòng ghi chức vụ và họ tên người ký.")
    if template.signer_authorities and signer.authority not in template.signer_authorities:
        raise DomainError(
            f"Mẫu “{template.title or 'công văn'}” không ký theo thẩm quyền “{signer.authority.value}”."
        )


def _agency_names(agency: Agency) -> tuple[str, str]:
    """(issuing body, parent body) as the heading prints them (petitions.documents.issuers)."""
    issuer = issuers.issuer_for(agency)
    return issuer.issuing_body, issuer.parent_body


def _is_placeholder(text: str) -> bool:
    return not is_real_text(text)


# -------------------------------------------------------------------------------------------- drafts


def _apply(document: Document, template: DocumentTemplate, changes: Mapping[str, Any]) -> None:
    data = dict(document.body_data or {})
    if "issuing_agency" in changes:
        agency: Agency = changes["issuing_agency"]
        if agency is None:
            raise DomainError("Vui lòng chọn cơ quan ban hành.")
        document.issuing_agency_id = agency.id
        document.issuing_agency = agency
        document.issuing_body, document.parent_body = _agency_names(agency)
    if "place" in changes:
        # The agency's địa danh unless the drafter wrote one (never its code or short name).
        document.place = (changes["place"] or "").strip() or issuers.issuer_for(document.issuing_agency).place
    if "signer" in changes:
        chosen: Signer | SignatureOption = changes["signer"]
        if isinstance(chosen, SignatureOption):
            signer = issuers.signer_of(chosen)
            document.signer_official_id = chosen.official_id
        else:
            signer = chosen
            document.signer_official_id = None
        _check_signer(template, signer)
        document.signer_position = signer.position.strip()
        document.signer_name = signer.name.strip()
        document.signer_authority = signer.authority.value
        document.signer_principal = signer.principal.strip()
        document.signer_collective = signer.collective.strip()
    if "fields" in changes:
        fields = {name: str(value).strip() for name, value in (changes["fields"] or {}).items()}
        unknown = set(fields) - set(template.fields)
        if unknown:
            raise DomainError(f"Mẫu văn bản không có trường: {', '.join(sorted(unknown))}.")
        data["fields"] = fields
    if "body" in changes and changes["body"] is not None:
        data["body"] = body_to_json(changes["body"])
    if "co_signer" in changes:
        data["co_signer"] = _signer_json(changes["co_signer"])
    if "qr_url" in changes:
        data["qr_url"] = changes["qr_url"] or None
    if "recipients" in changes:
        document.recipients = _clean_lines(changes["recipients"])
    if "copies_to" in changes:
        document.copies_to = _clean_lines(changes["copies_to"])
    if "archive_unit" in changes:
        document.archive_unit = (changes["archive_unit"] or "").strip()
    if "record" in changes:
        record = changes["record"]
        document.record_type, document.record_id = (record[0], record[1]) if record else (None, None)
    if "symbol" in changes and (changes["symbol"] or "").strip():
        document.symbol = changes["symbol"].strip()
    elif "issuing_agency" in changes or "archive_unit" in changes:
        document.symbol = issuers.symbol_for(document.issuing_agency, template, document.archive_unit)
    document.body_data = {key: value for key, value in data.items() if value is not None}
    document.subject = subject_of(template, document.body_data.get("fields", {}))


# The records a document may be linked to, each with the select of what a user may see of it.
RECORD_SCOPES: dict[str, Callable[[User], sa.Select[Any]]] = {
    "letter": visible_letters,
    "case_file": visible_cases,
    "citizen": visible_citizens,
    "visit": visible_visits,
    "reception_session": visible_sessions,
}
RECORD_NOT_FOUND = "Không tìm thấy bản ghi liên quan trong phạm vi của bạn."


def _check_in_scope(actor: Any, changes: Mapping[str, Any]) -> None:
    """The linked record named on the form, loaded through the actor's scope: one of another agency answers
    as a missing one (a form error on its field), so a draft never links it. Without a signed-in actor
    (the CLI, other areas' own calls) the linked record must still exist.

    The issuing agency is not checked here: the register's form offers only the user's agencies (the view
    loads the choice through scope_agencies), while paperwork drafts a chairman's conclusion notice in the
    register of the body above the office that recorded the session (paperwork.services.chairing_body)."""
    record = changes.get("record")
    if not record:
        return
    record_type, record_id = record
    scope = RECORD_SCOPES.get(record_type)
    if scope is None:
        raise OutOfScope(RECORD_NOT_FOUND, field="record_type")
    query = scope(actor)
    if not isinstance(actor, User):
        query = sa.select(query.column_descriptions[0]["entity"])
    get_visible_or_404(query, record_id, refuse=OutOfScope(RECORD_NOT_FOUND, field="record_id"))


def create_draft(
    *,
    doc_type: str,
    issuing_agency: Agency,
    place: str = "",
    signer: Signer | SignatureOption | None = None,
    fields: Mapping[str, Any] | None = None,
    body: Sequence[BodyBlock] = (),
    recipients: Sequence[str] = (),
    copies_to: Sequence[str] = (),
    archive_unit: str = "",
    co_signer: Signer | None = None,
    qr_url: str | None = None,
    record: tuple[str, int] | None = None,
    symbol: str | None = None,
    actor: Any = None,
) -> Document:
    """A new draft (dự thảo): printable with the watermark, unnumbered until issued.

    Fields may still be incomplete; issuing requires every field the template declares. Without a
    ``place`` the agency's địa danh prints; without a ``signer`` the usual signer of the type among the
    agency's officials today (petitions.documents.issuers), or a blank block issuing refuses.
    """
    template = _template(doc_type, local_today())
    if signer is None:
        signer = issuers.default_option(issuing_agency, template.code, local_today()) or issuers.default_signer(
            issuing_agency, template.code, local_today()
        )
    document = Document(
        doc_type=template.code,
        status=DocumentStatus.DRAFT,
        body_data={},
        created_by_id=getattr(actor, "id", None),
    )
    changes: dict[str, Any] = {
        "issuing_agency": issuing_agency,
        "place": place,
        "signer": signer,
        "fields": fields or {},
        "body": body,
        "recipients": recipients,
        "copies_to": copies_to,
        "archive_unit": archive_unit,
        "co_signer": co_signer,
        "qr_url": qr_url,
        "record": record,
    }
    if symbol:
        changes["symbol"] = symbol
    _check_in_scope(actor, changes)
    _apply(document, template, changes)
    with _acting(actor):
        db.session.add(document)
        db.session.flush()
    return document


def update_draft(document: Document, *, actor: Any = None, **changes: Any) -> Document:
    """Change a draft (keys of DRAFT_FIELDS; a ``body`` of None keeps the body). The caller (the save
    helper, petitions.concurrency) has checked the posted version."""
    unknown = set(changes) - DRAFT_FIELDS
    if unknown:
        raise TypeError(f"update_draft() got unknown fields: {', '.join(sorted(unknown))}")
    if document.status != DocumentStatus.DRAFT:
        raise DomainError("Chỉ sửa được văn bản đang là dự thảo.")
    _check_in_scope(actor, changes)
    _apply(document, _template(document.doc_type, local_today()), changes)
    with _acting(actor):
        db.session.flush()
    return document


# ---------------------------------------------------------------------------------------- numbering


def _number_taken(agency_id: int, year: int, number: int, *, exclude_id: int | None = None) -> bool:
    query = sa.select(Document.id).where(
        Document.issuing_agency_id == agency_id, Document.number_year == year, Document.number == number
    )
    if exclude_id is not None:
        query = query.where(Document.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def take_next_number(agency_id: int, year: int) -> int:
    """The next number of the agency's register for the year (gapless; skips numbers the văn thư used).

    A văn thư's own number is recorded on the document only and leaves the counter where it was; the
    app's sequence steps over it when it gets there, so neither number is given twice.
    """

    def used_by_van_thu(last: int) -> list[int]:
        return list(
            db.session.scalars(
                sa.select(Document.number).where(
                    Document.issuing_agency_id == agency_id,
                    Document.number_year == year,
                    Document.number > last,
                )
            )
        )

    return take_number(NumberKind.DOCUMENT_REGISTER, agency_id, year, used_above=used_by_van_thu)


def _check_ready(document: Document, agency: Agency, issue_date: date) -> DocumentTemplate:
    template = _template(document.doc_type, issue_date)
    fields = (document.body_data or {}).get("fields", {})
    missing = template.missing_fields(fields)
    if missing:
        names = ", ".join(str(field_label(name)) for name in missing)
        raise DomainError(f"Chưa đủ nội dung để ban hành; còn thiếu: {names}.")
    signer = document_signer(document)
    _check_signer(template, signer)
    issuers.check_issuable(agency, doc_type=template.code, day=issue_date, signer=signer, place=document.place)
    return template


def _previous_entry(agency_id: int, year: int, number: int) -> tuple[int, date] | None:
    """The register's entry just below ``number`` in the year: (its number, its date)."""
    row = db.session.execute(
        sa.select(Document.number, Document.issue_date)
        .where(
            Document.issuing_agency_id == agency_id,
            Document.number_year == year,
            Document.number < number,
            Document.issue_date.is_not(None),
        )
        .order_by(Document.number.desc())
        .limit(1)
    ).first()
    if row is None or row[0] is None or row[1] is None:
        return None
    return row[0], row[1]


def check_not_backdated(agency_id: int, day: date, number: int) -> None:
    """An app-register number is never dated before the number below it (DomainError)."""
    previous = _previous_entry(agency_id, day.year, number)
    if previous is not None:
        check_number_date(day=day, previous_number=previous[0], previous_date=previous[1])


def issue_document(
    document: Document,
    *,
    actor: Any = None,
    issue_date: date | None = None,
    number: int | None = None,
    symbol: str | None = None,
) -> Document:
    """Issue a draft: without ``number``, the next number of the app's register (dated ``issue_date``,
    default today); with ``number`` and ``issue_date``, the number and date the văn thư gave.
    """
    if document.status != DocumentStatus.DRAFT:
        raise DomainError("Văn bản này đã được ban hành hoặc đã hủy.")
    source = NumberSource.APP if number is None else NumberSource.VAN_THU
    if number is not None:  # source is VAN_THU
        if issue_date is None:
            raise DomainError("Vui lòng ghi ngày văn bản do văn thư cấp.")
        if number < 1:
            raise DomainError("Số văn bản bắt đầu từ 01.")
    day = issue_date or local_today()
    agency = db.session.get(Agency, document.issuing_agency_id)
    assert agency is not None
    template = _template(document.doc_type, day)
    # Data recorded on the agency after the draft was written replaces the draft's blanks.
    if _is_placeholder(document.place):
        document.place = issuers.place_of(agency) or document.place
    final_symbol = (symbol or "").strip() or document.symbol
    if issuers.PLACEHOLDER in final_symbol:
        final_symbol = issuers.symbol_for(agency, template, document.archive_unit)
    _check_ready(document, agency, day)
    if source == NumberSource.APP:
        # Cheap early refusal; checked again under the counter's lock once the number is known.
        check_not_backdated(agency.id, day, last_number(NumberKind.DOCUMENT_REGISTER, agency.id, day.year) + 1)
    # Check that the document prints (fonts, signer, template generation) before taking a number.
    preview = document_spec(document, issue_date=day, number=number or 1, symbol=final_symbol)
    try:
        document_text(preview)
    except PrintingError as failed:
        raise DomainError(f"Không in được văn bản: {failed}") from failed

    with _acting(actor):
        if source == NumberSource.APP:
            assigned = take_next_number(agency.id, day.year)
            check_not_backdated(agency.id, day, assigned)
        else:
            assert number is not None
            if _number_taken(agency.id, day.year, number, exclude_id=document.id):
                raise DomainError(
                    f"Số {number:02d} năm {day.year} của {agency.name} đã dùng cho văn bản khác."
                )
            assigned = number
        document.issuing_body, document.parent_body = _agency_names(agency)
        document.symbol = final_symbol
        document.number = assigned
        document.number_year = day.year
        document.number_symbol = number_symbol(assigned, final_symbol)
        document.issue_date = day
        document.number_source = source
        document.status = DocumentStatus.ISSUED
        document.issued_at = utcnow()
        document.issued_by_id = getattr(actor, "id", None)
        try:
            with db.session.begin_nested():
                db.session.flush()
        except IntegrityError as taken:  # a văn thư number recorded concurrently
            raise DomainError(f"Số {assigned:02d} năm {day.year} đã dùng cho văn bản khác.") from taken
        # The linked record's area moves it (a letter's handling paper: its state and clocks), same transaction.
        hooks.run_on_issued(document, actor)
    return document


# ------------------------------------------------------------------------------------ signed copy, void


def signed_pdf_max_bytes() -> int:
    return int(current_app.config.get("DOCUMENT_PDF_MAX_BYTES", DEFAULT_SIGNED_PDF_MAX_BYTES))


def signed_file_path(document: Document) -> Path | None:
    if not document.signed_file_path:
        return None
    return Path(current_app.config["UPLOAD_FOLDER"]) / document.signed_file_path


def signed_paths() -> set[Path]:
    """Every signed copy a document names, for the sweep of files no row names (petitions.storage)."""
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    names = db.session.scalars(sa.select(Document.signed_file_path).where(Document.signed_file_path.is_not(None)))
    return {(folder / name).resolve() for name in names if name}


def attach_signed_pdf(document: Document, *, data: bytes, actor: Any = None) -> Document:
    """Keep the signed copy (scan or digitally signed PDF) of an issued document, with its SHA-256; then run
    the record's on_signed callbacks (documents.hooks)."""
    if document.status != DocumentStatus.ISSUED:
        raise DomainError("Chỉ đính kèm bản ký sau khi văn bản đã được ban hành (và chưa bị hủy).")
    if document.signed_file_path:
        raise DomainError("Văn bản đã có bản ký; bản đã lưu không được thay thế.")
    if not data:
        raise DomainError("Tệp tải lên rỗng.")
    limit = signed_pdf_max_bytes()
    if len(data) > limit:
        raise DomainError(f"Tệp quá lớn (tối đa {limit // (1024 * 1024)} MB).")
    if not data.startswith(PDF_MAGIC):
        raise DomainError("Tệp tải lên không phải là PDF.")
    digest = hashlib.sha256(data).hexdigest()
    relative = f"documents/{document.number_year}/{document.id}-{digest[:16]}.pdf"
    # Whole or not at all; deleted again if the transaction does not commit; a full disk is a StorageFull
    # refusal (petitions.storage). The name carries the content's digest: an earlier attempt's file is the same.
    write_file(Path(current_app.config["UPLOAD_FOLDER"]) / relative, data, overwrite=True)
    document.signed_file_path = relative
    document.signed_file_sha256 = digest
    document.signed_file_size = len(data)
    document.signed_uploaded_at = utcnow()
    document.signed_uploaded_by_id = getattr(actor, "id", None)
    with _acting(actor):
        db.session.flush()
        # The linked record's area acts on the signed copy (a chase paper queues its e-mail), same transaction.
        hooks.run_on_signed(document, actor)
    return document


def void_document(document: Document, *, reason: str, actor: Any = None) -> Document:
    """Void a draft or an issued document; an issued one keeps its number (never reused)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Vui lòng ghi lý do hủy văn bản.")
    if document.status == DocumentStatus.VOID:
        raise DomainError("Văn bản đã bị hủy.")
    document.status = DocumentStatus.VOID
    document.void_reason = reason[:500]
    document.voided_at = utcnow()
    document.voided_by_id = getattr(actor, "id", None)
    with _acting(actor, reason):
        db.session.flush()
    return document


# ------------------------------------------------------------------------------------------- printing


def document_spec(
    document: Document,
    *,
    issue_date: date | None = None,
    number: int | None = None,
    symbol: str | None = None,
) -> DocumentSpec:
    """What the document prints. A draft has no number (watermark) and shows '…' for missing fields."""
    day = issue_date or document.issue_date or local_today()
    template = _template(document.doc_type, day)
    data = document.body_data or {}
    fields = dict(data.get("fields", {}))
    printed_number = number if number is not None else document.number
    if printed_number is None:
        fields = {
            name: (str(fields.get(name) or "").strip() or DRAFT_PLACEHOLDER) for name in template.fields
        }
    return DocumentSpec(
        template=template,
        issuing_body=document.issuing_body,
        parent_body=document.parent_body,
        issue_date=day,
        place=document.place,
        signer=document_signer(document),
        co_signer=_signer_from_json(data.get("co_signer")),
        symbol=symbol if symbol is not None else document.symbol,
        number=printed_number,
        recipients=tuple(document.recipients or ()),
        data=fields,
        body=body_from_json(data.get("body", ())),
        copies_to=tuple(document.copies_to or ()),
        archive_unit=document.archive_unit,
        qr_url=data.get("qr_url"),
    )


def document_pdf(document: Document) -> bytes:
    """The document as PDF bytes (a draft carries the DỰ THẢO watermark), from its stored data alone."""
    return render_document(document_spec(document))


def print_pdf(document: Document, *, user: Any) -> bytes:
    """The document as this user prints it: the area owning its record prints the documents it knows
    (petitions.documents.hooks.on_print; a notice to a denouncer is filled only for a cleared reader), every
    other document prints from its stored data (document_pdf)."""
    printed = hooks.printed_pdf(document, user)
    return printed if printed is not None else document_pdf(document)


def pdf_filename(document: Document) -> str:
    """An ASCII file name: 'van-ban-05-TB-BTCD-2026.pdf' or 'du-thao-<id>.pdf'."""
    if document.number is None:
        return f"du-thao-{document.id}.pdf"
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in document.symbol.replace("Đ", "D"))
    return f"van-ban-{document.number:02d}-{safe}-{document.number_year}.pdf"


REGISTER_HEADER = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ghi chú",
)


def register_receivers(document: Document) -> list[str]:
    """The receivers the register lists: the Kính gửi addressees and the other Nơi nhận items, once
    each; "Như trên" only points back at the addressees, so it is never a receiver of its own."""
    items = [*(document.recipients or ()), *(document.copies_to or ())]
    return list(dict.fromkeys(item.strip() for item in items if item.strip() and not is_as_above(item)))


def archive_copies(document: Document) -> list[str]:
    """Who keeps a copy: the văn thư, and the drafting unit when there is one ("Lưu: VT, TCD")."""
    return ["VT", *([document.archive_unit] if document.archive_unit.strip() else [])]


def copies_count(document: Document) -> int:
    """The number of copies issued: one per receiver and one per kept copy (Decree 30, Appendix IV)."""
    return len(register_receivers(document)) + len(archive_copies(document))


def kind_and_subject(document: Document) -> str:
    """The register's "Tên loại và trích yếu" column: 'Công văn V/v đôn đốc …', 'Thông báo về việc …'."""
    template = _template(document.doc_type, document.issue_date or local_today())
    kind = template.title.capitalize() if template.title else "Công văn"
    subject = document.subject.strip()
    if not subject:
        return kind
    if template.is_official_letter:
        return f"{kind} V/v {subject[0].lower()}{subject[1:]}"
    return f"{kind} {subject[0].lower()}{subject[1:]}"


def register_note(document: Document) -> str:
    notes = []
    if document.status == DocumentStatus.VOID:
        notes.append(f"Đã hủy: {document.void_reason}")
    if document.number_source == NumberSource.VAN_THU:
        notes.append("Số do văn thư cấp")
    return "; ".join(notes)


def register_spec(agency: Agency, year: int, documents: Sequence[Document]) -> TableReportSpec:
    """Sổ đăng ký văn bản đi of one agency and year (Decree 30/2020, Appendix IV), landscape."""
    rows = []
    for document in documents:
        rows.append(
            (
                document.number_symbol or "",
                document.issue_date.strftime("%d/%m/%Y") if document.issue_date else "",
                kind_and_subject(document),
                document.signer_name,
                "; ".join(register_receivers(document)),
                ", ".join(archive_copies(document)),
                str(copies_count(document)),
                register_note(document),
            )
        )
    issuing, parent = _agency_names(agency)
    return TableReportSpec(
        title="Sổ đăng ký văn bản đi",
        parent_body=parent,
        issuing_body=issuing,
        subtitle_lines=(f"Năm {year}",),
        header_rows=(REGISTER_HEADER,),
        rows=tuple(rows),
        column_numbers=tuple(str(n) for n in range(1, len(REGISTER_HEADER) + 1)),
        col_weights=(1.5, 1.2, 4.0, 1.6, 2.8, 1.3, 0.8, 1.6),
        align=("CENTER", "CENTER", "LEFT", "LEFT", "LEFT", "CENTER", "CENTER", "LEFT"),
        font_size=10,
    )


def register_pdf(agency: Agency, year: int, documents: Sequence[Document]) -> bytes:
    return render_table_report(register_spec(agency, year, documents))
