"""Decree 30/2020 (Appendix I) layout building blocks: page geometry, styles, heading, signature, tables."""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.rl_config import _FUZZ

from petitions.collector import collector_paused
from petitions.printing.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, normalize_text, register_fonts

PageSize = tuple[float, float]

PORTRAIT: PageSize = A4
LANDSCAPE: PageSize = landscape(A4)

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT_MARK = "DỰ THẢO"
NBSP = "\u00a0"
# Runs of non-breaking spaces leave room for the văn thư to write the number and date by hand.
_BLANK = NBSP * 8


@dataclass(frozen=True)
class Margins:
    """Page margins in points."""

    top: float
    bottom: float
    left: float
    right: float


# Decree 30/2020 allows top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm: we take the minimum of
# each so that the text block is as wide as the decree allows.
MARGINS = Margins(top=20 * mm, bottom=20 * mm, left=30 * mm, right=15 * mm)

HEADING_LEFT_WIDTH = 62 * mm  # room for the issuing body; the right column must fit NATIONAL_TITLE
RULE_THICKNESS = 0.6


def frame_width(pagesize: PageSize = PORTRAIT, margins: Margins = MARGINS) -> float:
    """Width of the text block."""
    return pagesize[0] - margins.left - margins.right


# --------------------------------------------------------------------------------------------- text helpers


def format_place_date(place: str, day: date) -> str:
    """'<Place>, ngày 05 tháng 01 năm 2026': day < 10 and months 1–2 take a leading zero (Decree 30)."""
    # Months 1 and 2 are padded so that "tháng 1" cannot be altered into "tháng 11" or "tháng 12".
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def format_blank_place_date(place: str, year: int) -> str:
    """A draft's date line: day and month are left blank for the văn thư to fill in on issuing."""
    return f"{place}, ngày{_BLANK}tháng{_BLANK}năm {year}"


def format_number_line(number: int | None, symbol: str) -> str:
    """'Số: 05/TB-BTCD' (numbers < 10 padded); a draft (number None) leaves the number blank."""
    suffix = f"/{symbol}" if symbol else ""
    if number is None:
        return f"Số:{_BLANK}{suffix}"
    if number < 1:
        raise ValueError(f"document numbers start at 1, got {number}")
    return f"Số: {number:02d}{suffix}"


def dash_list(items: Sequence[str], *, last: str = ".") -> tuple[str, ...]:
    """'- a;' … '- z.': the list punctuation of Kính gửi and Nơi nhận (Decree 30, Appendix I)."""
    cleaned = [item.strip().rstrip(";.,").rstrip() for item in items]
    return tuple(
        f"- {item}{last if index == len(cleaned) - 1 else ';'}" for index, item in enumerate(cleaned)
    )


AS_ABOVE = "Như trên"  # the Nơi nhận item standing for the Kính gửi addressees


def is_as_above(item: str) -> bool:
    """Whether a Nơi nhận item is 'Như trên' (however punctuated)."""
    return normalize_text(item).strip().rstrip(";.,").strip().casefold() == AS_ABOVE.casefold()


def copies_lines(copies_to: Sequence[str], archive_unit: str, *, has_addressees: bool = False) -> tuple[str, ...]:
    """The Nơi nhận items: '- Như trên;' first only when a Kính gửi exists, always ending with
    '- Lưu: VT, <unit>.' (Decree 30, Appendix I)."""
    items = [item for item in copies_to if item.strip() and not is_as_above(item)]
    if has_addressees:
        items.insert(0, AS_ABOVE)
    archive = f"Lưu: VT, {archive_unit.strip()}" if archive_unit.strip() else "Lưu: VT"
    return dash_list([*items, archive])


def upper(text: str) -> str:
    """Vietnamese upper case (str.upper maps every precomposed letter, đ → Đ included)."""
    return normalize_text(text).upper()


# ------------------------------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of Appendix I (sizes in points; every one on the vendored family)."""

    parent_body: ParagraphStyle
    issuing_body: ParagraphStyle
    number: ParagraphStyle
    official_subject: ParagraphStyle
    national_title: ParagraphStyle
    motto: ParagraphStyle
    place_date: ParagraphStyle
    doc_type: ParagraphStyle
    subject: ParagraphStyle
    subject_alone: ParagraphStyle
    recipient_single: ParagraphStyle
    recipients: ParagraphStyle
    recipients_label: ParagraphStyle
    body: ParagraphStyle
    legal_basis: ParagraphStyle
    body_centred: ParagraphStyle
    authority_line: ParagraphStyle
    body_heading: ParagraphStyle
    authority: ParagraphStyle
    signature_hint: ParagraphStyle
    signer_name: ParagraphStyle
    copies_label: ParagraphStyle
    copies_item: ParagraphStyle
    form_code: ParagraphStyle
    report_issuer: ParagraphStyle
    report_issuer_bold: ParagraphStyle
    report_title: ParagraphStyle
    report_subtitle: ParagraphStyle
    unit_note: ParagraphStyle


def _style(name: str, font: str, size: float, alignment: int = TA_CENTER, **extra: Any) -> ParagraphStyle:
    # Leading ≈ 1.15 × size: Decree 30 asks for at least single line spacing and at most 1.5 lines.
    extra.setdefault("leading", round(size * 1.15, 1))
    return ParagraphStyle(
        name, fontName=font, fontSize=size, alignment=alignment, textColor=colors.black, **extra
    )


@functools.cache
def styles() -> Styles:
    """The shared styles (fonts are registered first, so no style can resolve to a built-in font)."""
    register_fonts()
    return Styles(
        parent_body=_style("parent_body", REGULAR, 13),
        issuing_body=_style("issuing_body", BOLD, 13),
        number=_style("number", REGULAR, 13),
        official_subject=_style("official_subject", REGULAR, 12, spaceBefore=4),
        national_title=_style("national_title", BOLD, 13),
        motto=_style("motto", BOLD, 14),
        place_date=_style("place_date", ITALIC, 14),
        doc_type=_style("doc_type", BOLD, 14, spaceBefore=20),
        subject=_style("subject", BOLD, 14),
        subject_alone=_style("subject_alone", BOLD, 14, spaceBefore=20),  # no type line above it
        recipient_single=_style("recipient_single", REGULAR, 14),
        recipients=_style("recipients", REGULAR, 14, TA_LEFT),
        recipients_label=_style("recipients_label", REGULAR, 14, TA_RIGHT),
        body=_style("body", REGULAR, 14, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6),
        legal_basis=_style("legal_basis", ITALIC, 14, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6),
        body_centred=_style("body_centred", BOLD, 14, spaceBefore=6, spaceAfter=6),
        authority_line=_style("authority_line", BOLD, 14, spaceAfter=10),
        body_heading=_style("body_heading", BOLD, 14, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6),
        authority=_style("authority", BOLD, 14),
        signature_hint=_style("signature_hint", ITALIC, 13),
        signer_name=_style("signer_name", BOLD, 14),
        copies_label=_style("copies_label", BOLD_ITALIC, 12, TA_LEFT),
        copies_item=_style("copies_item", REGULAR, 11, TA_LEFT),
        form_code=_style("form_code", BOLD, 12, TA_RIGHT),
        report_issuer=_style("report_issuer", REGULAR, 12),
        report_issuer_bold=_style("report_issuer_bold", BOLD, 12),
        report_title=_style("report_title", BOLD, 14, spaceBefore=10),
        report_subtitle=_style("report_subtitle", ITALIC, 13),
        unit_note=_style("unit_note", ITALIC, 12, TA_RIGHT, spaceBefore=4, spaceAfter=4),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: NFC-normalised and XML-escaped, so user input is never markup."""
    return Paragraph(escape(normalize_text(text)), style)


# Line breaks of plain cells already broken: (text, style, width) → (lines, height). A table's cells
# repeat ("0", the same count, the same name), so most cells of a form take their lines from here.
# The key holds the style itself (compared by identity, kept alive, so never confused with a later one).
# Bounded: cleared when full (a long register's names would otherwise stay for the process's life).
_BROKEN: dict[tuple[str, ParagraphStyle, float], tuple[Any, float]] = {}
_BROKEN_LIMIT = 20_000


class CellParagraph(Paragraph):
    """A table cell's paragraph, broken into lines once per width.

    A Table wraps each cell when it measures its row and again when it draws it (to centre it
    vertically); the second wrap at the same width gives the same lines, so it is answered from the
    first. The Table's two widths of a column differ in the last bit of the float (it recomputes them
    from its column positions), hence the tolerance; the width itself is taken as the new one, as
    wrap() would. Anything that changes the paragraph (a split) makes a new paragraph.

    A plain cell (``_plain_text``, set by cell_para: one fragment of its style, no markup) takes its
    lines from _BROKEN when a cell of the same text, style and width was broken before: breakLines of
    one plain fragment depends on nothing else, and drawing reads the lines without changing them.
    """

    _wrapped: tuple[float, float] | None = None  # (width, height) of the last wrap
    _plain_text: str | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is not None and abs(self._wrapped[0] - availWidth) < 1e-6:
            self.width = availWidth
            return availWidth, self._wrapped[1]
        key = None
        if self._plain_text is not None and availWidth >= _FUZZ:  # below: Paragraph.wrap's "cannot fit"
            key = (self._plain_text, self.style, availWidth)
            broken = _BROKEN.get(key)
            if broken is not None:  # what Paragraph.wrap sets, from the same lines
                style = self.style
                self.width = availWidth
                self._wrapWidths = [
                    availWidth - (style.leftIndent + style.firstLineIndent) - style.rightIndent,
                    availWidth - style.leftIndent - style.rightIndent,
                ]
                self.blPara, self.height = broken
                self._wrapped = (availWidth, self.height)
                return availWidth, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (width, height)
        if key is not None:
            if len(_BROKEN) >= _BROKEN_LIMIT:
                _BROKEN.clear()
            _BROKEN[key] = (self.blPara, height)
        return width, height


def plain_frag(style: ParagraphStyle) -> Any:
    """The fragment reportlab's parser makes of one plain word in ``style`` (see cell_para)."""
    return Paragraph("x", style).frags[0]


def cell_para(text: str, style: ParagraphStyle, frag: Any = None) -> CellParagraph:
    """``para`` for a table cell (see CellParagraph).

    With ``frag`` (plain_frag of the same style), text without markup characters skips reportlab's
    markup parser, a fifth of a long register's time: for such text the parser yields exactly one
    fragment of the style with the whitespace-collapsed text (none for blank text), which is what is
    built here; text with ``&``, ``<`` or ``>`` goes through the parser, escaped, as in ``para``.
    """
    text = normalize_text(text)
    if frag is None or any(mark in text for mark in "&<>"):
        return CellParagraph(escape(text), style)
    cleaned = _clean_cell_text(text)
    frags = [frag.clone(text=cleaned, link=[], us_lines=[])] if cleaned else []
    cell = CellParagraph(cleaned, style, frags=frags)
    cell._plain_text = cleaned
    return cell


@functools.lru_cache(maxsize=8192)
def _clean_cell_text(text: str) -> str:
    """reportlab's cleanBlockQuotedText, once per distinct text (cells repeat: "0", counts, names)."""
    return cleanBlockQuotedText(text)


def rule(width: float, *, space_before: float = 1, space_after: float = 0) -> HRFlowable:
    """A centred solid rule of ``width`` points (the rules under the issuing body, motto and subject)."""
    return HRFlowable(
        width=width,
        thickness=RULE_THICKNESS,
        color=colors.black,
        lineCap="square",
        hAlign="CENTER",
        spaceBefore=space_before,
        spaceAfter=space_after,
    )


def _short_rule_width(text: str, style: ParagraphStyle, available: float) -> float:
    # Decree 30: one third to one half of the line above; 0.4 sits in the middle of that range.
    line = min(pdfmetrics.stringWidth(normalize_text(text), style.fontName, style.fontSize), available)
    return line * 0.4


# --------------------------------------------------------------------------------------------- the heading


@dataclass(frozen=True)
class HeadingText:
    """The strings of the state heading block, as printed (issuing body names already upper case)."""

    parent_body: str
    issuing_body: str
    number_line: str
    place_date: str
    official_subject: str = ""  # "V/v …" of a công văn, printed under the number

    def reading_order(self) -> tuple[str, ...]:
        """The heading's strings in the order they are drawn (left then right column, row by row)."""
        top_left = (self.parent_body, self.issuing_body) if self.parent_body else (self.issuing_body,)
        bottom_left = (
            (self.number_line, self.official_subject) if self.official_subject else (self.number_line,)
        )
        return (*top_left, NATIONAL_TITLE, MOTTO, *bottom_left, self.place_date)


def layout_table_style(*extra: tuple[Any, ...]) -> TableStyle:
    """Style of an invisible layout table: no padding, top-aligned, on our font.

    Table sets each cell's font even when the cell holds flowables; without FONTNAME that font is
    Helvetica, which then sits (unused, unembedded) in the PDF's font resources.
    """
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            # Cell alignment, not the flowable's hAlign, places the rules under the heading lines.
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *extra,
        ]
    )


# Words an issuing body's name breaks before when it needs two lines ("ỦY BAN NHÂN DÂN / TỈNH QUẢNG NINH"):
# the administrative unit starts the second line, so a name never splits inside "NHÂN DÂN".
_PREFERRED_BREAKS = frozenset({"TỈNH", "XÃ", "PHƯỜNG", "ĐẶC", "THÀNH", "HUYỆN", "QUẬN", "THỊ"})


def _text_width(text: str, style: ParagraphStyle) -> float:
    return pdfmetrics.stringWidth(normalize_text(text), style.fontName, style.fontSize)


def heading_lines(text: str, style: ParagraphStyle, width: float) -> tuple[str, ...]:
    """A heading name as printed lines: one when it fits, else two balanced lines, broken before the
    administrative unit where possible (Decree 30 prints names on one or two centred lines)."""
    text = " ".join(text.split())
    if not text or _text_width(text, style) <= width:
        return (text,)
    words = text.split(" ")
    splits = []
    for index in range(1, len(words)):
        first, second = " ".join(words[:index]), " ".join(words[index:])
        widest = max(_text_width(first, style), _text_width(second, style))
        if widest <= width:
            splits.append((words[index] not in _PREFERRED_BREAKS, widest, first, second))
    if not splits:
        return (text,)  # longer than two lines: the paragraph wraps it
    _not_preferred, _widest, first, second = min(splits)
    return (first, second)


def fitted_style(text: str, style: ParagraphStyle, width: float, *, smallest: float = 12) -> ParagraphStyle:
    """``style``, a point smaller at a time (down to ``smallest``) until ``text`` fits on one line:
    the date line never wraps."""
    size = style.fontSize
    while size > smallest and _text_width(text, style) > width:
        size -= 0.5
        style = ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=round(size * 1.15, 1))
    return style


def heading_block(text: HeadingText, width: float) -> Table:
    """The two-column state heading: issuing body and number left; national title, motto, date right."""
    s = styles()
    left_width = HEADING_LEFT_WIDTH
    right_width = width - left_width
    top_left: list[Flowable] = []
    if text.parent_body:
        top_left.extend(para(line, s.parent_body) for line in heading_lines(text.parent_body, s.parent_body, left_width))
    body_lines = heading_lines(text.issuing_body, s.issuing_body, left_width)
    top_left.extend(para(line, s.issuing_body) for line in body_lines)
    longest = max(body_lines, key=lambda line: _text_width(line, s.issuing_body))
    top_left.append(rule(_short_rule_width(longest, s.issuing_body, left_width), space_before=3))
    motto_width = pdfmetrics.stringWidth(MOTTO, s.motto.fontName, s.motto.fontSize)
    top_right: list[Flowable] = [
        para(NATIONAL_TITLE, s.national_title),
        para(MOTTO, s.motto),
        rule(motto_width, space_before=3),  # as long as the motto, per Decree 30
    ]
    bottom_left: list[Flowable] = [para(text.number_line, s.number)]
    if text.official_subject:
        bottom_left.append(para(text.official_subject, s.official_subject))
    place_date = para(text.place_date, fitted_style(text.place_date, s.place_date, right_width))
    table = Table(
        [[top_left, top_right], [bottom_left, [place_date]]],
        colWidths=[left_width, right_width],
        hAlign="LEFT",
    )
    table.setStyle(layout_table_style(("TOPPADDING", (0, 1), (-1, 1), 8)))
    return table


SUBJECT_RULE_GAP = 6  # points between the subject line's box and its short rule


def title_block(doc_type: str, subject: str, width: float) -> list[Flowable]:
    """Document type (upper case, bold) and subject (bold) centred, with a short rule under the subject."""
    s = styles()
    flowables: list[Flowable] = []
    if doc_type:
        flowables.append(para(doc_type, s.doc_type))
    if subject:
        flowables.append(para(subject, s.subject if doc_type else s.subject_alone))
    if doc_type or subject:
        last = subject or doc_type
        last_style = s.subject if subject else s.doc_type
        # The rule clears the descenders of the line above (q, y, g, dấu nặng): 3 pt touched them.
        flowables.append(rule(_short_rule_width(last, last_style, width), space_before=SUBJECT_RULE_GAP))
    flowables.append(Spacer(0, 10))
    return flowables


# ------------------------------------------------------------------------------------------ recipients, body

RECIPIENTS_LABEL = "Kính gửi:"


def recipient_lines(recipients: Sequence[str]) -> tuple[str, ...]:
    """One recipient prints on the label's line; several print one per line with dashes."""
    if len(recipients) == 1:
        return (f"{RECIPIENTS_LABEL} {recipients[0].strip()}",)
    return (RECIPIENTS_LABEL, *dash_list(recipients))


def recipient_block(recipients: Sequence[str], width: float) -> list[Flowable]:
    """The 'Kính gửi:' block (empty when the document has no addressee)."""
    if not recipients:
        return []
    s = styles()
    lines = recipient_lines(recipients)
    if len(lines) == 1:
        return [para(lines[0], s.recipient_single), Spacer(0, 8)]
    label_width = 45 * mm
    table = Table(
        [[para(lines[0], s.recipients_label), [para(line, s.recipients) for line in lines[1:]]]],
        colWidths=[label_width, width - label_width],
        hAlign="LEFT",
    )
    table.setStyle(layout_table_style(("LEFTPADDING", (1, 0), (1, 0), 4)))
    return [table, Spacer(0, 8)]


def body_paragraph(text: str) -> Paragraph:
    """A body paragraph: 14 pt, justified, first-line indent 1 cm, 6 pt after."""
    return para(text, styles().body)


# A decision's structure in its body (Decree 30, Appendix I, quyết định; a kết luận alike): "Căn cứ …;" and
# "Xét …" lines in italics, an upper-case line ("QUYẾT ĐỊNH:", the issuing authority) centred in bold, a part
# heading ("I. NỘI DUNG KHIẾU NẠI") in bold, an article's "Điều 1." in bold.
_PART_HEADING = re.compile(r"^[IVX]+\. \S")
_ARTICLE = re.compile(r"^(Điều \d+\.)( .*)$", re.DOTALL)


def structured_paragraph(text: str) -> Paragraph:
    """A body paragraph of a structured template (DocumentTemplate.structured_body), styled by what it is."""
    s = styles()
    text = normalize_text(text)
    if text.startswith(("Căn cứ ", "Xét ", "Theo đề nghị ")) and text.rstrip().endswith((";", ",", ".")) and len(text) < 600:
        return para(text, s.legal_basis)
    if any(ch.isalpha() for ch in text) and text == text.upper():
        return para(text, s.body_heading if _PART_HEADING.match(text) else s.body_centred)
    article = _ARTICLE.match(text)
    if article:
        return Paragraph(f"<b>{escape(article.group(1))}</b>{escape(article.group(2))}", s.body)
    return para(text, s.body)


def legal_basis_paragraph(text: str) -> Paragraph:
    """A 'Căn cứ …;' line: like the body, in italics."""
    return para(text, styles().legal_basis)


# ------------------------------------------------------------------------------------------ signature block

COPIES_LABEL = "Nơi nhận:"


@dataclass(frozen=True)
class SignatureText:
    """A signature block as printed: authority lines (upper case), an optional hint, the name."""

    authority_lines: tuple[str, ...]
    name: str
    hint: str = ""  # e.g. "(Ký, ghi rõ họ tên)" under a citizen's or officer's role

    def reading_order(self) -> tuple[str, ...]:
        """The block's strings in drawing order."""
        return (*self.authority_lines, *((self.hint,) if self.hint else ()), self.name)


SIGNATURE_SPACE = 24 * mm  # room for the handwritten signature and the seal


def signature_flowables(signature: SignatureText) -> list[Flowable]:
    """Authority lines (KT./TM./TL./Q. prefixes) bold upper case, space to sign, the name in bold."""
    s = styles()
    flowables: list[Flowable] = [para(line, s.authority) for line in signature.authority_lines]
    if signature.hint:
        flowables.append(para(signature.hint, s.signature_hint))
    flowables.append(Spacer(0, SIGNATURE_SPACE))
    flowables.append(para(signature.name, s.signer_name))
    return flowables


def copies_flowables(lines: Sequence[str]) -> list[Flowable]:
    """'Nơi nhận:' (12 bold italic) and its items (11 upright)."""
    s = styles()
    return [para(COPIES_LABEL, s.copies_label), *(para(line, s.copies_item) for line in lines)]


def closing_block(
    signature: SignatureText,
    copies: Sequence[str],
    width: float,
    *,
    co_signature: SignatureText | None = None,
    extra_left: Sequence[Flowable] = (),
) -> Table:
    """Nơi nhận (or a second signer) on the left, the signature on the right, tops aligned."""
    left: list[Flowable] = []
    if co_signature is not None:
        left.extend(signature_flowables(co_signature))
        if copies:
            left.append(Spacer(0, 10))
    if copies:
        left.extend(copies_flowables(copies))
    left.extend(extra_left)
    if not left:
        left.append(Spacer(0, 0))
    left_width = width * 0.45
    table = Table(
        [[left, signature_flowables(signature)]], colWidths=[left_width, width - left_width], hAlign="LEFT"
    )
    table.setStyle(layout_table_style(("ALIGN", (0, 0), (0, 0), "LEFT")))
    return table


# ---------------------------------------------------------------------------------------------------- tables

Cell = str | int


@dataclass(frozen=True)
class HeaderCell:
    """A header cell that may span several columns or header rows."""

    text: str
    colspan: int = 1
    rowspan: int = 1

    def __post_init__(self) -> None:
        if self.colspan < 1 or self.rowspan < 1:
            raise ValueError("spans must be at least 1")


@dataclass(frozen=True)
class HeaderGrid:
    """Header rows laid out on a rectangular grid: texts at span origins, '' elsewhere."""

    cells: tuple[tuple[str, ...], ...]
    spans: tuple[tuple[tuple[int, int], tuple[int, int]], ...]  # ((col, row), (last col, last row))

    @property
    def columns(self) -> int:
        """Number of grid columns."""
        return len(self.cells[0]) if self.cells else 0


def place_header(rows: Sequence[Sequence[str | HeaderCell]]) -> HeaderGrid:
    """Place spanning header cells the way HTML tables do: each cell takes the next free grid slot."""
    occupied: dict[tuple[int, int], str] = {}
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for row_index, row in enumerate(rows):
        col = 0
        for item in row:
            cell = item if isinstance(item, HeaderCell) else HeaderCell(item)
            while (row_index, col) in occupied:
                col += 1
            for r in range(row_index, row_index + cell.rowspan):
                for c in range(col, col + cell.colspan):
                    occupied[(r, c)] = ""
            occupied[(row_index, col)] = cell.text
            if cell.colspan > 1 or cell.rowspan > 1:
                spans.append(((col, row_index), (col + cell.colspan - 1, row_index + cell.rowspan - 1)))
            col += cell.colspan
    if not occupied:
        return HeaderGrid(cells=(), spans=())
    n_rows = max(r for r, _ in occupied) + 1
    n_cols = max(c for _, c in occupied) + 1
    if n_rows > len(rows):
        raise ValueError("a header cell spans below the last header row")
    holes = [(r, c) for r in range(n_rows) for c in range(n_cols) if (r, c) not in occupied]
    if holes:
        raise ValueError(f"header rows do not fill a rectangle; empty slots (row, col): {holes}")
    cells = tuple(tuple(occupied[(r, c)] for c in range(n_cols)) for r in range(n_rows))
    return HeaderGrid(cells=cells, spans=tuple(spans))


def column_widths(width: float, n_cols: int, weights: Sequence[float] | None) -> list[float]:
    """Split ``width`` among columns in proportion to ``weights`` (equal when None)."""
    if weights is None:
        weights = [1.0] * n_cols
    if len(weights) != n_cols or any(w <= 0 for w in weights):
        raise ValueError(f"need {n_cols} positive column weights, got {list(weights)}")
    total = sum(weights)
    return [width * w / total for w in weights]


_ALIGN = {"LEFT": TA_LEFT, "CENTER": TA_CENTER, "RIGHT": TA_RIGHT, "JUSTIFY": TA_JUSTIFY}


@functools.cache
def _table_styles(
    font_size: float,
) -> tuple[ParagraphStyle, ParagraphStyle, dict[tuple[bool, str], ParagraphStyle], dict[tuple[bool, str], Any]]:
    """data_table's styles at ``font_size`` (header, column numbers, cells by (bold, alignment)) and the
    cells' plain fragments: made once, so the cells of every table share them (and _BROKEN's lines)."""
    register_fonts()  # plain_frag parses a word in the table's fonts
    leading = round(font_size * 1.15, 1)
    header_style = ParagraphStyle(
        "th", fontName=BOLD, fontSize=font_size, leading=leading, alignment=TA_CENTER
    )
    number_style = ParagraphStyle("tn", header_style, fontName=ITALIC)
    cell_styles = {
        (bold, a): ParagraphStyle(
            f"td-{a}-{bold}",
            fontName=BOLD if bold else REGULAR,
            fontSize=font_size,
            leading=leading,
            alignment=_ALIGN[a],
        )
        for bold in (False, True)
        for a in _ALIGN
    }
    cell_frags = {key: plain_frag(style) for key, style in cell_styles.items()}
    return header_style, number_style, cell_styles, cell_frags


def data_table(
    header_rows: Sequence[Sequence[str | HeaderCell]],
    rows: Sequence[Sequence[Cell]],
    width: float,
    *,
    col_weights: Sequence[float] | None = None,
    column_numbers: Sequence[str] | None = None,
    bold_rows: Sequence[int] = (),
    align: Sequence[str] | None = None,
    font_size: float = 11,
    padding: float = 3,
) -> PagedTable:
    """A ruled table: header rows (with spans), an optional column-number row, then data rows.

    Header rows and the column-number row repeat at the top of every page the table runs onto.
    ``bold_rows`` indexes ``rows`` (negative indexes allowed, e.g. -1 for a total row). ``align`` gives
    one of LEFT/CENTER/RIGHT/JUSTIFY per column (default: first column LEFT, the others CENTER).
    """
    grid = place_header(header_rows)
    n_cols = grid.columns or (len(rows[0]) if rows else 0)
    if n_cols == 0:
        raise ValueError("a table needs at least one column")
    for index, row in enumerate(rows):
        if len(row) != n_cols:
            raise ValueError(f"row {index} has {len(row)} cells, the header has {n_cols} columns")
    if column_numbers is not None and len(column_numbers) != n_cols:
        raise ValueError(f"{len(column_numbers)} column numbers for {n_cols} columns")
    aligns = list(align) if align is not None else ["LEFT", *(["CENTER"] * (n_cols - 1))]
    if len(aligns) != n_cols:
        raise ValueError(f"{len(aligns)} alignments for {n_cols} columns")

    header_style, number_style, cell_styles, cell_frags = _table_styles(font_size)
    bold_indexes = {i % len(rows) for i in bold_rows} if rows else set()

    data: list[list[Flowable | str]] = []
    # The header rows are drawn on every page: CellParagraph breaks their lines once, not once a page.
    for grid_row in grid.cells:
        data.append([cell_para(text, header_style) if text else "" for text in grid_row])
    if column_numbers is not None:
        data.append([cell_para(text, number_style) for text in column_numbers])
    for index, row in enumerate(rows):
        bold = index in bold_indexes
        data.append(
            [
                cell_para(str(value), cell_styles[(bold, aligns[c])], cell_frags[(bold, aligns[c])])
                for c, value in enumerate(row)
            ]
        )

    repeat = len(grid.cells) + (1 if column_numbers is not None else 0)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # reportlab sets a cell font even for flowable cells
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), 2),  # TableRows measures with these paddings
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands.extend(("SPAN", start, end) for start, end in grid.spans)
    widths = column_widths(width, n_cols, col_weights)
    return PagedTable(TableRows(data[:repeat], data[repeat:], widths, TableStyle(commands), (padding, padding, 2, 3)))


class TableRows:
    """The rows of a PagedTable and their heights, measured once for all the pieces it splits into."""

    def __init__(
        self,
        header: list[list[Any]],
        body: list[list[Any]],
        col_widths: list[float],
        style: TableStyle,
        padding: tuple[float, float, float, float],
    ):
        self.header = header
        self.body = body  # rows of CellParagraphs, no spans
        self.col_widths = col_widths
        self.style = style
        self.padding = padding  # left, right, top, bottom: the style's, the same for every cell
        self.header_heights: list[float] | None = None
        self.heights: list[float] = []  # body rows measured so far, in order
        self.suffix: list[float] = []  # suffix[i]: the height of body rows i… (filled once all are measured)

    def table(self, start: int, stop: int, *, measured: bool = True) -> Table:
        """A reportlab Table of the header rows and body rows start…stop-1 (header repeated on overflow).

        With ``measured`` the rows' heights are given, so the Table does not wrap every cell again to
        find them (it still wraps each cell once more when it draws it, to centre it vertically)."""
        heights = [*(self.header_heights or ()), *self.heights[start:stop]] if measured else None
        return Table(
            self.header + self.body[start:stop],
            colWidths=self.col_widths,
            rowHeights=heights,
            repeatRows=len(self.header),
            hAlign="LEFT",
            style=self.style,
        )

    def measure(self, width: float) -> None:
        """Every row's height, each cell wrapped once here (and not again when drawn: CellParagraph).

        The header rows (spans) are measured by reportlab in a Table of their own; a body row the way
        Table._calc_height measures a row of one-paragraph cells: the tallest cell wrapped in its
        column less the side paddings, plus the top and bottom padding (a test checks that the pages
        break where reportlab's own split breaks them). Measured once: the columns' widths are fixed,
        so a row's height does not depend on ``width``."""
        if self.suffix:
            return
        if self.header_heights is None:
            probe = self.table(0, 0, measured=False)
            probe.wrap(width, 1e9)
            # reportlab keeps the heights it computed in _rowHeights (no public accessor).
            self.header_heights = list(probe._rowHeights)
        left, right, top, bottom = self.padding
        inner = [column - left - right for column in self.col_widths]
        tall = 72000 - top - bottom  # the height reportlab offers a cell when it measures it
        for row in self.body:
            self.heights.append(max(cell.wrap(w, tall)[1] for cell, w in zip(row, inner, strict=True)) + (bottom + top))
        total = 0.0
        self.suffix = [0.0] * (len(self.body) + 1)
        for index in range(len(self.body) - 1, -1, -1):
            total += self.heights[index]
            self.suffix[index] = total


class PagedTable(Flowable):
    """A long ruled table that splits at page ends in time linear in its rows.

    reportlab's Table.split re-measures the whole remainder at every page break (and rebuilds its span
    and style maps), so a register of some thousand rows cost the square of its rows. Here each row is
    measured once; a page's piece is an ordinary Table of the header rows and the body rows that fit
    (the same test reportlab applies: rows are added while their sum stays within the frame), and the
    rest is another PagedTable over the same measured rows. A piece that fits whole is drawn as a Table
    built the same way as before, so short tables print exactly as a plain Table did.
    """

    def __init__(self, rows: TableRows, start: int = 0) -> None:
        super().__init__()
        self._rows = rows
        self._start = start
        self._table: Table | None = None
        self.hAlign = "LEFT"

    @property
    def rows(self) -> TableRows:
        """The rows this piece and the pieces split from the same table share."""
        return self._rows

    @property
    def start(self) -> int:
        """The first body row this piece prints."""
        return self._start

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        rows = self._rows
        rows.measure(availWidth)
        width = sum(rows.col_widths)
        rest = sum(rows.header_heights or ()) + rows.suffix[self._start]
        if rest > availHeight + 1:
            self._table = None
            return width, rest  # does not fit: the frame will split it
        self._table = rows.table(self._start, len(rows.body))
        return self._table.wrap(availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        rows = self._rows
        rows.measure(availWidth)
        used, fitting = 0.0, 0
        for height in rows.header_heights or ():
            if used + height > availHeight:
                return []
            used += height
        for index in range(self._start, len(rows.body)):  # no slice: a page's rows, not the remainder's
            if used + rows.heights[index] > availHeight:
                break
            used += rows.heights[index]
            fitting += 1
        if fitting == 0:
            return []  # the header and one row do not fit: the next page
        stop = self._start + fitting
        if stop == len(rows.body):
            return [self]
        return [rows.table(self._start, stop), PagedTable(rows, stop)]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if self._table is None:
            raise RuntimeError("PagedTable drawn without a wrap that fitted")
        self._table.drawOn(canvas, x, y, _sW)


def table_text(
    header_rows: Sequence[Sequence[str | HeaderCell]],
    rows: Sequence[Sequence[Cell]],
    column_numbers: Sequence[str] | None = None,
) -> tuple[str, ...]:
    """A table's strings in drawing order (row by row, left to right), for text-extraction checks."""
    texts = [text for grid_row in place_header(header_rows).cells for text in grid_row if text]
    texts.extend(column_numbers or ())
    texts.extend(str(value) for row in rows for value in row)
    return tuple(texts)


# --------------------------------------------------------------------------------------- report top blocks


def report_heading(parent_body: str, issuing_body: str, form_code: str, width: float) -> Table:
    """Top of a report form: the reporting body left, 'Biểu số: …' right."""
    s = styles()
    left_width = 95 * mm
    left: list[Flowable] = []
    if parent_body:
        left.append(para(parent_body, s.report_issuer))
    if issuing_body:
        left.append(para(issuing_body, s.report_issuer_bold))
        left.append(rule(_short_rule_width(issuing_body, s.report_issuer_bold, left_width), space_before=2))
    if not left:
        left.append(Spacer(0, 0))
    right: list[Flowable] = [para(form_code, s.form_code)] if form_code else [Spacer(0, 0)]
    table = Table([[left, right]], colWidths=[left_width, width - left_width], hAlign="LEFT")
    table.setStyle(layout_table_style())
    return table


# --------------------------------------------------------------------------------------- page furniture


def draw_page_number(canv: Canvas, pagesize: PageSize, margins: Margins, *, first_numbered: int = 2) -> None:
    """Arabic page number centred over the text block in the top margin, from page 2 (Decree 30)."""
    page = canv.getPageNumber()
    if page < first_numbered:
        return
    size = 13
    x = margins.left + (pagesize[0] - margins.left - margins.right) / 2
    y = pagesize[1] - margins.top / 2 - size * 0.35
    canv.saveState()
    canv.setFont(REGULAR, size)
    canv.setFillColor(colors.black)
    canv.drawCentredString(x, y, str(page))
    canv.restoreState()


def draw_watermark(canv: Canvas, pagesize: PageSize, text: str = DRAFT_MARK) -> None:
    """A light diagonal mark across the page, drawn before the content so the text stays legible."""
    width, height = pagesize
    diagonal = math.hypot(width, height)
    size = 0.55 * diagonal / pdfmetrics.stringWidth(text, BOLD, 1)
    canv.saveState()
    canv.setFillColor(colors.Color(0.88, 0.88, 0.88))
    canv.translate(width / 2, height / 2)
    canv.rotate(math.degrees(math.atan2(height, width)))
    canv.setFont(BOLD, size)
    canv.drawCentredString(0, -size * 0.35, text)
    canv.restoreState()


def page_decorator(pagesize: PageSize, margins: Margins, *, is_draft: bool) -> Callable[[Canvas, Any], None]:
    """The onPage callback: watermark (drafts) and page number."""

    def decorate(canv: Canvas, _doc: Any) -> None:
        if is_draft:
            draw_watermark(canv, pagesize)
        draw_page_number(canv, pagesize, margins)

    return decorate


# ----------------------------------------------------------------------------------------------- PDF output


@dataclass(frozen=True)
class PdfMetadata:
    """Document information dictionary entries (no dates: see _UndatedInfo)."""

    title: str
    author: str = ""
    subject: str = ""
    creator: str = "petitions"
    keywords: str = ""


class _UndatedInfo(PDFInfo):
    """PDFInfo without CreationDate/ModDate: a date in the file would belong to the render, not the document."""

    def format(self, document: Any) -> bytes:
        entries: dict[str, Any] = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Producer": PDFString(self.producer),
            "Creator": PDFString(self.creator),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Trapped": PDFName(self.trapped),
        }
        return PDFDictionary(entries).format(document)


class _UndatedCanvas(Canvas):
    """A canvas whose info dictionary carries no dates (reportlab offers no switch for this)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._doc.info = _UndatedInfo()


def _doc_template(buffer: io.BytesIO, pagesize: PageSize, margins: Margins, metadata: PdfMetadata) -> BaseDocTemplate:
    return BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        # invariant: fixed timestamp and document ID, so equal input gives equal bytes (golden files).
        invariant=True,
        # A TTF initial font keeps reportlab from declaring Helvetica in every page's resources.
        initialFontName=REGULAR,
        title=normalize_text(metadata.title),
        author=normalize_text(metadata.author),
        subject=normalize_text(metadata.subject),
        creator=metadata.creator,
        keywords=metadata.keywords,
        lang="vi-VN",
    )


def _body_frame(pagesize: PageSize, margins: Margins) -> Frame:
    return Frame(
        margins.left,
        margins.bottom,
        pagesize[0] - margins.left - margins.right,
        pagesize[1] - margins.top - margins.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )


@dataclass(frozen=True)
class Section:
    """One part of a multi-part PDF (a cover report, then each attached form) on its own page size."""

    flowables: Sequence[Flowable]
    pagesize: PageSize
    is_draft: bool = False


def build_sections_pdf(sections: Sequence[Section], *, metadata: PdfMetadata, margins: Margins = MARGINS) -> bytes:
    """Lay out each section from a new page, on that section's page size (portrait cover, landscape
    forms): one page template per (size, watermark), chosen before each section's first page. Pages are
    numbered through the whole file from page 2 (reproducible like build_pdf)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = _doc_template(buffer, sections[0].pagesize, margins, metadata)
    templates: dict[tuple[PageSize, bool], str] = {}
    story: list[Flowable] = []
    for index, section in enumerate(sections):
        key = (section.pagesize, section.is_draft)
        if key not in templates:
            templates[key] = f"page{len(templates)}"
        if index:
            story.extend([NextPageTemplate(templates[key]), PageBreak()])
        story.extend(section.flowables)
    doc.addPageTemplates(
        [
            PageTemplate(
                id=template_id,
                frames=[_body_frame(pagesize, margins)],
                pagesize=pagesize,
                onPage=page_decorator(pagesize, margins, is_draft=is_draft),
            )
            for (pagesize, is_draft), template_id in templates.items()
        ]
    )
    with collector_paused():
        doc.build(story, canvasmaker=_UndatedCanvas)
    return buffer.getvalue()


def build_pdf(
    flowables: Sequence[Flowable],
    *,
    metadata: PdfMetadata,
    pagesize: PageSize = PORTRAIT,
    margins: Margins = MARGINS,
    is_draft: bool = False,
) -> bytes:
    """Lay out ``flowables`` on A4 pages with Decree 30 margins; byte-for-byte reproducible."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        # invariant: fixed timestamp and document ID, so equal input gives equal bytes (golden files).
        invariant=True,
        # A TTF initial font keeps reportlab from declaring Helvetica in every page's resources.
        initialFontName=REGULAR,
        title=normalize_text(metadata.title),
        author=normalize_text(metadata.author),
        subject=normalize_text(metadata.subject),
        creator=metadata.creator,
        keywords=metadata.keywords,
        lang="vi-VN",
    )
    frame = Frame(
        margins.left,
        margins.bottom,
        pagesize[0] - margins.left - margins.right,
        pagesize[1] - margins.top - margins.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=page_decorator(pagesize, margins, is_draft=is_draft))]
    )
    with collector_paused():
        doc.build(list(flowables), canvasmaker=_UndatedCanvas)
    return buffer.getvalue()
