"""Render documents and landscape report tables from frozen specifications to PDF bytes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from petitions.collector import collector_paused
from petitions.printing.errors import InvalidSpecError
from petitions.printing.fonts import check_glyphs, normalize_text
from petitions.printing.layout import (
    COPIES_LABEL,
    LANDSCAPE,
    MARGINS,
    PORTRAIT,
    Cell,
    HeaderCell,
    HeadingText,
    PdfMetadata,
    Section,
    SignatureText,
    body_paragraph,
    build_pdf,
    build_sections_pdf,
    closing_block,
    copies_lines,
    data_table,
    format_blank_place_date,
    format_number_line,
    format_place_date,
    frame_width,
    heading_block,
    layout_table_style,
    legal_basis_paragraph,
    para,
    recipient_block,
    recipient_lines,
    report_heading,
    signature_flowables,
    structured_paragraph,
    styles,
    table_text,
    title_block,
    upper,
)
from petitions.printing.qr import qr_drawing
from petitions.printing.templates import Authority, DocumentTemplate

_NEEDS_PRINCIPAL = {Authority.DEPUTY, Authority.COLLECTIVE, Authority.BY_ORDER, Authority.BY_AUTHORISATION}


@dataclass(frozen=True)
class Signer:
    """Who signs and in what capacity; printed upper case as Decree 30 Art. 13 prescribes.

    ``principal`` is the head (or collective body) signed for: "TRƯỞNG BAN" in "KT. TRƯỞNG BAN",
    "ỦY BAN NHÂN DÂN" in "TM. ỦY BAN NHÂN DÂN". ``collective`` adds a leading "TM. <collective>" line
    when a deputy signs for a chairman of a collective body (TM. / KT. / position).
    """

    position: str
    name: str
    authority: Authority = Authority.DIRECT
    principal: str = ""
    collective: str = ""
    hint: str = ""  # e.g. "(Ký, ghi rõ họ tên)"

    def __post_init__(self) -> None:
        if self.authority in _NEEDS_PRINCIPAL and not self.principal.strip():
            raise InvalidSpecError(f"a {self.authority.value} signature needs the principal it signs for")
        if self.collective and self.authority is Authority.COLLECTIVE:
            raise InvalidSpecError("a TM. signature names its collective as the principal")

    def authority_lines(self) -> tuple[str, ...]:
        """The upper-case lines above the signature, prefixes included."""
        lines: list[str] = []
        if self.collective:
            lines.append(f"{Authority.COLLECTIVE.value} {self.collective}")
        if self.authority is Authority.DIRECT:
            lines.append(self.position)
        elif self.authority is Authority.ACTING:
            lines.append(f"{self.authority.value} {self.position}")
        else:
            lines.extend((f"{self.authority.value} {self.principal}", self.position))
        return tuple(upper(line.strip()) for line in lines)

    def signature_text(self) -> SignatureText:
        """The printed block."""
        return SignatureText(authority_lines=self.authority_lines(), name=self.name.strip(), hint=self.hint)


@dataclass(frozen=True)
class Issuer:
    """The heading of a document: the bodies as named and the place (địa danh) before the date.

    ``parent_body`` is the managing body's line ("UBND tỉnh Quảng Ninh"; empty for an HĐND or UBND);
    ``issuing_body`` the bold line. Built from the agency's data by petitions.documents.issuers.
    """

    issuing_body: str
    place: str
    parent_body: str = ""


@dataclass(frozen=True)
class BodyTable:
    """A ruled table inside a document body (e.g. the documents listed on a receipt)."""

    header_rows: tuple[tuple[str | HeaderCell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    col_weights: tuple[float, ...] | None = None
    align: tuple[str, ...] | None = None
    font_size: float = 12

    def text(self) -> tuple[str, ...]:
        """The table's strings in drawing order."""
        return table_text(self.header_rows, self.rows)


BodyBlock = str | BodyTable


@dataclass(frozen=True)
class DocumentSpec:
    """Everything a document prints. A document without ``number`` is a draft (watermarked, undated).

    ``data`` fills the template's subject and standard paragraphs; ``body`` follows them (paragraph
    strings and tables, in order). ``symbol`` is the ký hiệu after the number ("TB-BTCD").
    ``issue_date`` chooses the template generation; a draft prints only its year, since the văn thư
    dates the document when issuing it.
    """

    template: DocumentTemplate
    issuing_body: str
    issue_date: date
    place: str
    signer: Signer
    symbol: str = ""
    number: int | None = None
    parent_body: str = ""
    recipients: tuple[str, ...] = ()
    data: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    body: tuple[BodyBlock, ...] = ()
    copies_to: tuple[str, ...] = ()
    archive_unit: str = ""
    co_signer: Signer | None = None
    qr_url: str | None = None

    @property
    def is_draft(self) -> bool:
        """Unnumbered means not issued."""
        return self.number is None


@dataclass(frozen=True)
class _Composed:
    """A document's final strings, shared by the renderer and document_text()."""

    heading: HeadingText
    doc_type: str
    subject: str
    recipients: tuple[str, ...]
    legal_basis: tuple[str, ...]
    body: tuple[BodyBlock, ...]
    signature: SignatureText
    co_signature: SignatureText | None
    copies: tuple[str, ...]
    form_label: str = ""
    authority: str = ""

    def reading_order(self) -> Iterator[str]:
        if self.form_label:
            yield self.form_label
        yield from self.heading.reading_order()
        if self.doc_type:
            yield self.doc_type
        if self.subject:
            yield self.subject
        if self.authority:
            yield self.authority
        yield from self.recipients
        yield from self.legal_basis
        for block in self.body:
            if isinstance(block, BodyTable):
                yield from block.text()
            else:
                yield block
        # The closing table draws its left cell (second signer, Nơi nhận) before the signature.
        if self.co_signature is not None:
            yield from self.co_signature.reading_order()
        if self.copies:
            yield COPIES_LABEL
            yield from self.copies
        yield from self.signature.reading_order()


def _compose(spec: DocumentSpec) -> _Composed:
    template = spec.template
    if not template.is_valid_on(spec.issue_date):
        raise InvalidSpecError(
            f"template {template.code!r} (from {template.valid_from}) is not valid on {spec.issue_date}; "
            "choose it with template_for()"
        )
    if template.signer_authorities and spec.signer.authority not in template.signer_authorities:
        allowed = ", ".join(a.value or "direct" for a in template.signer_authorities)
        raise InvalidSpecError(
            f"template {template.code!r} is signed {allowed}, not {spec.signer.authority.value}"
        )
    subject = template.subject(spec.data)
    official_subject = ""
    if template.is_official_letter and subject:
        # A công văn has no type line: its trích yếu goes under the number as "V/v …".
        official_subject, subject = f"V/v {subject}", ""
    place_date = (
        format_blank_place_date(spec.place, spec.issue_date.year)
        if spec.is_draft
        else format_place_date(spec.place, spec.issue_date)
    )
    heading = HeadingText(
        parent_body=upper(spec.parent_body),
        issuing_body=upper(spec.issuing_body),
        number_line=format_number_line(spec.number, spec.symbol),
        place_date=place_date,
        official_subject=official_subject,
    )
    composed = _Composed(
        heading=heading,
        doc_type=upper(template.title),
        subject=subject,
        recipients=recipient_lines(spec.recipients) if spec.recipients else (),
        legal_basis=template.legal_basis,
        body=(*template.body(spec.data), *spec.body),
        signature=spec.signer.signature_text(),
        co_signature=spec.co_signer.signature_text() if spec.co_signer else None,
        copies=copies_lines(spec.copies_to, spec.archive_unit, has_addressees=bool(spec.recipients))
        if (spec.copies_to or spec.archive_unit or spec.recipients)
        else (),
        form_label=template.form_label,
        authority=upper(str(spec.data.get(template.authority_field, ""))) if template.authority_field else "",
    )
    texts = [normalize_text(text) for text in composed.reading_order()]
    check_glyphs(texts)
    return composed


def document_text(spec: DocumentSpec) -> tuple[str, ...]:
    """The strings a document prints, in drawing order (page numbers and watermark excluded)."""
    return tuple(normalize_text(text) for text in _compose(spec).reading_order())


def _body_flowables(blocks: tuple[BodyBlock, ...], width: float, *, structured: bool = False) -> list[Flowable]:
    flowables: list[Flowable] = []
    paragraph = structured_paragraph if structured else body_paragraph
    for block in blocks:
        if isinstance(block, BodyTable):
            flowables.append(
                data_table(
                    block.header_rows,
                    block.rows,
                    width,
                    col_weights=block.col_weights,
                    align=block.align,
                    font_size=block.font_size,
                )
            )
            flowables.append(Spacer(0, 6))
        else:
            flowables.append(paragraph(block))
    return flowables


def _metadata_title(composed: _Composed, spec: DocumentSpec) -> str:
    kind = composed.doc_type or "CÔNG VĂN"
    number = "" if spec.is_draft else composed.heading.number_line.removeprefix("Số: ")
    about = composed.subject or composed.heading.official_subject
    head = f"{kind} {number}".strip() if number else f"{kind} ({upper('dự thảo')})"
    return f"{head}: {about}" if about else head


def render_document(spec: DocumentSpec) -> bytes:
    """A Decree 30 document as PDF bytes (identical bytes for an identical spec)."""
    flowables, metadata = _document_flowables(spec)
    return build_pdf(flowables, metadata=metadata, pagesize=PORTRAIT, is_draft=spec.is_draft)


def _document_flowables(spec: DocumentSpec) -> tuple[list[Flowable], PdfMetadata]:
    composed = _compose(spec)
    width = frame_width(PORTRAIT, MARGINS)
    flowables: list[Flowable] = []
    if composed.form_label:
        # A legal form's number sits above the heading, top right (the forms of TT 04/2021, NĐ 154).
        flowables.append(para(composed.form_label, styles().form_code))
    flowables.append(heading_block(composed.heading, width))
    flowables.extend(title_block(composed.doc_type, composed.subject, width))
    if composed.authority:
        flowables.append(para(composed.authority, styles().authority_line))
    flowables.extend(recipient_block(spec.recipients, width) if spec.recipients else [])
    flowables.extend(legal_basis_paragraph(line) for line in composed.legal_basis)
    body = _body_flowables(composed.body, width, structured=spec.template.structured_body)
    extra_left: list[Flowable] = []
    if spec.qr_url:
        extra_left.extend([Spacer(0, 6), qr_drawing(spec.qr_url)])
    closing = closing_block(
        composed.signature, composed.copies, width, co_signature=composed.co_signature, extra_left=extra_left
    )
    # The signature never opens a page on its own: it travels with the last body block (Decree 30 practice).
    tail = [*body[-1:], Spacer(0, 6), closing]
    flowables.extend(body[:-1])
    flowables.append(KeepTogether(tail))
    metadata = PdfMetadata(
        title=_metadata_title(composed, spec),
        author=composed.heading.issuing_body,
        subject=composed.subject or composed.heading.official_subject,
    )
    return flowables, metadata


# ----------------------------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class TableReportSpec:
    """A landscape report form (e.g. Biểu số 01/TCD): heading, title, period lines, one big table.

    ``column_numbers`` is the row of column numbers printed under the header (None: no such row);
    ``bold_rows`` indexes ``rows`` (e.g. (-1,) for the total row).
    """

    title: str
    header_rows: tuple[tuple[str | HeaderCell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    issuing_body: str = ""
    parent_body: str = ""
    form_code: str = ""
    subtitle_lines: tuple[str, ...] = ()
    unit_note: str = ""
    col_weights: tuple[float, ...] | None = None
    column_numbers: tuple[str, ...] | None = None
    bold_rows: tuple[int, ...] = ()
    align: tuple[str, ...] | None = None
    font_size: float = 10
    cell_padding: float = 3  # left and right, points: a 31-column form needs its columns' whole width
    is_draft: bool = False
    # After the table: the report's sentence(s), then the place/date line over the head's signature on
    # the right and the preparer's block on the left (a form sent out is signed like any document).
    closing_paragraphs: tuple[str, ...] = ()
    place_date: str = ""
    signer: Signer | None = None
    preparer: Signer | None = None


def _report_closing_strings(spec: TableReportSpec) -> Iterator[str]:
    yield from spec.closing_paragraphs
    if spec.preparer is not None:
        yield from filter(None, spec.preparer.signature_text().reading_order())
    if spec.place_date:
        yield spec.place_date
    if spec.signer is not None:
        yield from filter(None, spec.signer.signature_text().reading_order())


def _report_strings(spec: TableReportSpec) -> Iterator[str]:
    if spec.parent_body:
        yield upper(spec.parent_body)
    if spec.issuing_body:
        yield upper(spec.issuing_body)
    if spec.form_code:
        yield spec.form_code
    yield upper(spec.title)
    yield from spec.subtitle_lines
    if spec.unit_note:
        yield spec.unit_note
    yield from table_text(spec.header_rows, spec.rows, spec.column_numbers)
    yield from _report_closing_strings(spec)


def report_text(spec: TableReportSpec) -> tuple[str, ...]:
    """The strings a report prints, in drawing order (page numbers and watermark excluded)."""
    return tuple(normalize_text(text) for text in _report_strings(spec))


def _report_closing(spec: TableReportSpec, width: float) -> list[Flowable]:
    """The sentence under the table, then the two signature blocks (kept together with the sentence)."""
    s = styles()
    flowables: list[Flowable] = [Spacer(0, 8), *(body_paragraph(text) for text in spec.closing_paragraphs)]
    if spec.place_date or spec.signer is not None or spec.preparer is not None:
        left: list[Flowable] = (
            signature_flowables(spec.preparer.signature_text()) if spec.preparer is not None else [Spacer(0, 0)]
        )
        right: list[Flowable] = [para(spec.place_date, s.place_date)] if spec.place_date else []
        if spec.signer is not None:
            right.extend(signature_flowables(spec.signer.signature_text()))
        half = width / 2
        table = Table([[left, right or [Spacer(0, 0)]]], colWidths=[half, half], hAlign="LEFT")
        table.setStyle(layout_table_style())
        flowables.append(KeepTogether([Spacer(0, 6), table]))
    return flowables if len(flowables) > 1 else []


def render_table_report(spec: TableReportSpec) -> bytes:
    """A landscape A4 report table as PDF bytes; the header rows repeat on every page."""
    flowables, metadata = _report_flowables(spec)
    return build_pdf(flowables, metadata=metadata, pagesize=LANDSCAPE, is_draft=spec.is_draft)


def _report_flowables(spec: TableReportSpec) -> tuple[list[Flowable], PdfMetadata]:
    check_glyphs(report_text(spec))
    s = styles()
    width = frame_width(LANDSCAPE, MARGINS)
    flowables: list[Flowable] = []
    if spec.parent_body or spec.issuing_body or spec.form_code:
        flowables.append(
            report_heading(upper(spec.parent_body), upper(spec.issuing_body), spec.form_code, width)
        )
    flowables.append(para(upper(spec.title), s.report_title))
    flowables.extend(para(line, s.report_subtitle) for line in spec.subtitle_lines)
    flowables.append(para(spec.unit_note, s.unit_note) if spec.unit_note else Spacer(0, 8))
    flowables.append(
        data_table(
            spec.header_rows,
            spec.rows,
            width,
            col_weights=spec.col_weights,
            column_numbers=spec.column_numbers,
            bold_rows=spec.bold_rows,
            align=spec.align,
            font_size=spec.font_size,
            padding=spec.cell_padding,
        )
    )
    flowables.extend(_report_closing(spec, width))
    metadata = PdfMetadata(
        title=" ".join(filter(None, (spec.form_code, upper(spec.title)))),
        author=upper(spec.issuing_body),
        subject=" ".join(spec.subtitle_lines),
    )
    return flowables, metadata


def render_report_set(cover: DocumentSpec | None, forms: Sequence[TableReportSpec]) -> bytes:
    """A report as it is sent: the cover report (báo cáo) on portrait pages, then each attached form on
    landscape pages, in one PDF (reportlab page templates switch the page size between sections)."""
    sections: list[Section] = []
    with collector_paused():  # building the tables' cells too (see collector_paused)
        if cover is not None:
            flowables, metadata = _document_flowables(cover)
            sections.append(Section(flowables, PORTRAIT, cover.is_draft))
        for spec in forms:
            flowables, form_metadata = _report_flowables(spec)
            sections.append(Section(flowables, LANDSCAPE, spec.is_draft))
            if cover is None and len(sections) == 1:
                metadata = form_metadata
        if not sections:
            raise InvalidSpecError("a report set needs a cover or at least one form")
        return build_sections_pdf(sections, metadata=metadata)
