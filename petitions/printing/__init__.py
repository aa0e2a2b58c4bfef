"""Printing engine: Decree 30/2020 documents and report tables as reproducible PDFs (the only reportlab user)."""

from petitions.printing.errors import (
    FontMissingError,
    InvalidSpecError,
    MissingFieldsError,
    PrintingError,
    TemplateNotFoundError,
    TemplateRegistryError,
    UnsupportedCharactersError,
)
from petitions.printing.fonts import FAMILY, check_glyphs, register_fonts
from petitions.printing.layout import (
    DRAFT_MARK,
    LANDSCAPE,
    MARGINS,
    PORTRAIT,
    HeaderCell,
    Margins,
    format_number_line,
    format_place_date,
)
from petitions.printing.qr import qr_drawing, qr_svg
from petitions.printing.render import (
    BodyTable,
    DocumentSpec,
    Signer,
    TableReportSpec,
    document_text,
    render_document,
    render_table_report,
    report_text,
)
from petitions.printing.templates import (
    DEFAULT_REGISTRY,
    Authority,
    DocumentTemplate,
    TemplateRegistry,
    template_for,
)

__all__ = [
    "DEFAULT_REGISTRY",
    "DRAFT_MARK",
    "FAMILY",
    "LANDSCAPE",
    "MARGINS",
    "PORTRAIT",
    "Authority",
    "BodyTable",
    "DocumentSpec",
    "DocumentTemplate",
    "FontMissingError",
    "HeaderCell",
    "InvalidSpecError",
    "Margins",
    "MissingFieldsError",
    "PrintingError",
    "Signer",
    "TableReportSpec",
    "TemplateNotFoundError",
    "TemplateRegistry",
    "TemplateRegistryError",
    "UnsupportedCharactersError",
    "check_glyphs",
    "document_text",
    "format_number_line",
    "format_place_date",
    "qr_drawing",
    "qr_svg",
    "register_fonts",
    "render_document",
    "render_table_report",
    "report_text",
    "template_for",
]
