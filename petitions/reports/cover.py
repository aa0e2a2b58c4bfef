"""The whole report of a period: the cover report (báo cáo) and every form the catalog has for the window.

How the cover gets its number: the báo cáo is a paper of the body's document register (document type
BAO_CAO, petitions.documents). `draft_cover` writes it as a draft (dự thảo, unnumbered, its body the
period's narrative read from the built forms); the register issues it like any paper — the next number
of the body's register through petitions.numbering, or the number and date the văn thư gave — and from
then on every form of the set prints "(Kèm theo Báo cáo số: 05/BC-UBND ngày 15/03/2026 của …)". Until
it is issued the set prints the cover watermarked DỰ THẢO and the forms with the blank attachment line.

The draft links to the report through record ("report", agency id) and body_data["report"] (the
window); the register prints such a document as the whole set (documents.hooks.on_print).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.documents import hooks, issuers
from petitions.documents import services as documents
from petitions.documents.models import Document, DocumentStatus
from petitions.domain import periods, report_narrative
from petitions.domain.issuers import AgencyLevel
from petitions.domain.periods import ReportPeriod, format_day
from petitions.domain.statistics import ReportTable
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.printing import DocumentSpec, render_report_set, template_for
from petitions.reports import catalog, services
from petitions.reports.excel import render_set_xlsx
from petitions.reports.outputs import ATTACHMENT_BLANK, ReportDocument, pdf_spec, to_json

COVER_DOC_TYPE = services.REPORT_DOC_TYPE  # "BAO_CAO": its template, symbol (BC) and signing rules
RECORD_TYPE = "report"

# Where a body with no managing body in the directory sends its periodic report (TT 02/2021 Đ…, TT
# 01/2024: the provincial People's Committee reports to the Government Inspectorate, which compiles for
# the Government; the reception figures also go to the central Citizen Reception Board). Bodies with a
# parent in the directory send it there.
RECEIVERS_ABOVE_THE_DIRECTORY: dict[AgencyLevel, tuple[str, ...]] = {
    AgencyLevel.PROVINCE: ("Thanh tra Chính phủ", "Ban Tiếp công dân Trung ương"),
}


@dataclass(frozen=True)
class ReportSet:
    """The forms of one window for one body, verified, and the cover report when the period has one."""

    agency: Agency
    period: ReportPeriod
    forms: tuple[ReportDocument, ...]
    cover: Document | None  # the báo cáo in the register (latest not voided), if drafted
    today: date

    @property
    def has_cover(self) -> bool:
        return report_narrative.has_cover_report(self.period)

    @property
    def tables_only_reason(self) -> str:
        return report_narrative.tables_only_reason(self.period)

    @property
    def tables(self) -> dict[str, ReportTable]:
        return {document.form.code: document.table for document in self.forms}

    @property
    def form_codes(self) -> tuple[str, ...]:
        return tuple(document.form.code for document in self.forms)

    @property
    def figures(self) -> report_narrative.CoverFigures:
        return report_narrative.cover_figures(self.tables)

    @property
    def narrative(self) -> str | None:
        """The sentence with the figures of the forms as built now (None: tables only)."""
        if not self.has_cover:
            return None
        return report_narrative.narrative(self.period, self.agency.document_name, self.figures)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return report_narrative.cover_paragraphs(
            self.period, self.agency.document_name, self.tables, self.form_codes
        )

    @property
    def cover_is_stale(self) -> bool:
        """The registered cover's narrative no longer matches the forms (data corrected since it was drafted)."""
        if self.cover is None or self.narrative is None:
            return False
        return self.narrative not in documents.body_from_json((self.cover.body_data or {}).get("body", ()))


def set_form_codes(period: ReportPeriod) -> tuple[str, ...]:
    """The forms the catalog has for the window's generation, in the catalog's order; an office's internal table
    (the anonymous information's) is not sent."""
    return tuple(
        code
        for code, generations in catalog.FORMS.items()
        if period.generation in generations and not generations[period.generation].internal
    )


def _report_key(document: Document) -> dict[str, Any]:
    return dict((document.body_data or {}).get("report") or {})


def covers_for(agency: Agency, period: ReportPeriod) -> list[Document]:
    """The báo cáo papers drafted for (agency, window), newest first, voided ones excluded."""
    rows = db.session.scalars(
        sa.select(Document)
        .where(
            Document.record_type == RECORD_TYPE,
            Document.record_id == agency.id,
            Document.doc_type == COVER_DOC_TYPE,
            Document.status != DocumentStatus.VOID,
        )
        .order_by(Document.id.desc())
    )
    window = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    return [row for row in rows if {k: _report_key(row).get(k) for k in window} == window]


def attachment_line(cover: Document | None, agency: Agency) -> str:
    """The line every attached form prints: filled once the cover has its number and date."""
    if cover is None or cover.number_symbol is None or cover.issue_date is None:
        return ATTACHMENT_BLANK
    return report_narrative.attachment_line(
        cover.number_symbol, format_day(cover.issue_date), cover.issuing_body or agency.document_name
    )


def build_set(
    *, agency: Agency, period: ReportPeriod, today: date | None = None, cover: Document | None = None
) -> ReportSet:
    """Every form of the window for ``agency`` (each verified: InconsistentForm refuses the whole set) and
    the cover: ``cover`` if given, else the latest registered one for the window."""
    today = today or local_today()
    if cover is None and report_narrative.has_cover_report(period):
        found = covers_for(agency, period)
        cover = found[0] if found else None
    line = attachment_line(cover, agency)
    forms = tuple(
        replace(services.build_report(form_code=code, period=period, agency=agency, today=today), attachment_line=line)
        for code in set_form_codes(period)
    )
    return ReportSet(agency=agency, period=period, forms=forms, cover=cover, today=today)


# -------------------------------------------------------------------------------------------- drafting


def receivers(agency: Agency) -> tuple[str, ...]:
    """Nơi nhận of the báo cáo: the managing body in the directory, or the level's receivers above it."""
    if agency.parent is not None:
        return (agency.parent.document_name,)
    return RECEIVERS_ABOVE_THE_DIRECTORY.get(issuers.level_of(agency), ())


def _archive_unit(agency: Agency) -> str:
    units = issuers.drafting_unit_codes(agency)
    return units[0] if units else ""


def draft_cover(*, agency: Agency, period: ReportPeriod, actor: Any = None, today: date | None = None) -> Document:
    """Write the period's báo cáo into the body's register as a draft (flushes; the caller commits).

    Refuses (DomainError) a period without a cover report and a second cover while one not voided exists
    (void it in the register to draft again); the forms must be consistent (InconsistentForm)."""
    if not report_narrative.has_cover_report(period):
        raise DomainError(report_narrative.tables_only_reason(period))
    existing = covers_for(agency, period)
    if existing:
        raise DomainError(
            f"Đã có báo cáo {period.label} trong sổ văn bản (văn bản #{existing[0].id}); "
            "hủy văn bản đó trong sổ nếu cần lập lại."
        )
    report = build_set(agency=agency, period=period, today=today)
    day = report.today
    document = documents.create_draft(
        doc_type=COVER_DOC_TYPE,
        issuing_agency=agency,
        signer=issuers.default_option(agency, COVER_DOC_TYPE, day),
        fields={"subject": report_narrative.subject(period)},
        body=report.paragraphs,
        copies_to=receivers(agency),
        archive_unit=_archive_unit(agency),
        actor=actor,
    )
    document.record_type, document.record_id = RECORD_TYPE, agency.id
    document.body_data = {
        **(document.body_data or {}),
        "report": {"period": period.code, "from": period.start.isoformat(), "to": period.end.isoformat()},
    }
    db.session.flush()
    return document


def _preview_spec(report: ReportSet) -> DocumentSpec:
    """The cover as it would be drafted now (not in the register: unnumbered, watermarked)."""
    agency, day = report.agency, report.today
    issuer = issuers.issuer_for(agency)
    template = template_for(COVER_DOC_TYPE, day)
    return DocumentSpec(
        template=template,
        issuing_body=issuer.issuing_body,
        parent_body=issuer.parent_body,
        issue_date=day,
        place=issuer.place,
        signer=issuers.default_signer(agency, COVER_DOC_TYPE, day),
        symbol=issuers.symbol_for(agency, template),
        data={"subject": report_narrative.subject(report.period)},
        body=report.paragraphs,
        copies_to=receivers(agency),
        archive_unit=_archive_unit(agency),
    )


def cover_spec(report: ReportSet) -> DocumentSpec | None:
    """The cover's print: the registered paper, else a preview; None for a tables-only period."""
    if not report.has_cover:
        return None
    if report.cover is not None:
        return documents.document_spec(report.cover)
    return _preview_spec(report)


# ------------------------------------------------------------------------------------------------ outputs


def render_set_pdf(report: ReportSet) -> bytes:
    """The cover (portrait) then every form (landscape) in one PDF."""
    return render_report_set(cover_spec(report), [pdf_spec(document) for document in report.forms])


def set_json(report: ReportSet) -> dict[str, Any]:
    """Every form's JSON keyed by its code, and the narrative when the period has one."""
    data: dict[str, Any] = {document.form.code: to_json(document) for document in report.forms}
    if report.has_cover:
        data["narrative"] = report.narrative
    return data


def set_json_bytes(report: ReportSet) -> bytes:
    return (json.dumps(set_json(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_xlsx_set(report: ReportSet) -> bytes:
    return render_set_xlsx(report.forms)


RENDERERS = {"pdf": render_set_pdf, "xlsx": render_xlsx_set, "json": set_json_bytes}


# -------------------------------------------------------------------------------------- the register's print


def _print_from_register(document: Document, _user: Any) -> bytes | None:
    """The register prints a báo cáo with its forms (figures as of today, the paper as registered)."""
    if document.doc_type != COVER_DOC_TYPE:
        return None
    key = _report_key(document)
    agency = db.session.get(Agency, document.record_id)
    if agency is None or not key.get("from") or not key.get("to"):
        return None
    try:
        period = periods.parse_period(key["period"]) if key.get("period") and ".." not in key["period"] else None
    except DomainError:
        period = None
    if period is None or (period.start.isoformat(), period.end.isoformat()) != (key["from"], key["to"]):
        period = periods.window(date.fromisoformat(key["from"]), date.fromisoformat(key["to"]))
    try:
        return render_set_pdf(build_set(agency=agency, period=period, cover=document))
    except DomainError:  # a form refused (its sums, unclassified letters): the paper prints alone
        return None


hooks.on_print(RECORD_TYPE, _print_from_register)
