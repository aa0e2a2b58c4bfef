"""The issuing body as documents print it: heading lines, place, number symbol, and who may sign.

The one place every area asks (documents, paperwork, reports), from the agency's data in the
directory (DOMAIN §7 "Who issues, where, who signs"; rules in petitions.domain.issuers):

    issuer = issuer_for(agency)                      # Issuer(parent_body, issuing_body, place)
    choices = signature_options(agency, "TB_TU_CHOI_TCD", day)   # the body's officials valid on day
    signer = default_signer(agency, "TB_TU_CHOI_TCD", day)       # the usual one (blank if none)
    symbol = symbol_for(agency, "THONG_BAO", day)    # "TB-BTCD"; a công văn "UBND-TCD"
    check_issuable(agency, doc_type=…, day=…, signer=…)          # DomainError before a number is taken

Never the internal code or short name: a missing place prints as a blank and refuses issuing.
"""

from __future__ import annotations

from datetime import date

from petitions.directory.models import Agency
from petitions.domain import issuers as rules
from petitions.domain.issuers import AgencyLevel, Official, SignatureOption
from petitions.domain.types import DomainError
from petitions.printing import (
    Authority,
    DocumentTemplate,
    Issuer,
    Signer,
    TemplateNotFoundError,
    template_for,
)

# Ký hiệu of the document types (Decree 30/2020, Appendix III, part I); others: initials of the title.
TYPE_ABBREVIATIONS: dict[str, str] = {
    "THONG_BAO": "TB",
    "QUYET_DINH": "QĐ",
    "BAO_CAO": "BC",
    "KE_HOACH": "KH",
    "TO_TRINH": "TTr",
    "BIEN_BAN": "BB",
    "PHIEU_CHUYEN": "PC",
    "PHIEU_HEN": "PH",
    "GIAY_BIEN_NHAN": "GBN",
    "GIAY_MOI": "GM",
    "TB_TU_CHOI_TCD": "TB",
    "TB_KET_LUAN_TCD": "TB",
    "BB_GHI_NOI_DUNG": "BB",
    # Letter handling papers (petitions.letters.handling_papers); their công văn carry none.
    "PHIEU_DE_XUAT_THU_LY": "PĐX",
    "PHIEU_HUONG_DAN": "PHD",
    "TB_CHUYEN_DON_TO_CAO": "TB",
    "PHIEU_CHUYEN_DON_KNPA": "PC",
    "PHIEU_CHUYEN_DON_KN": "PC",
    "PHIEU_LUU_DON": "PLĐ",
    "BB_HUY_DON": "BB",
    "BAO_CAO_KHAN": "BC",
    "TB_XU_LY_DON": "TB",
    "TB_KET_QUA_GIAI_QUYET": "TB",
    # Case papers (petitions.cases.papers). A kết luận has no abbreviation in Appendix III; "KL" is the practice.
    "TB_THU_LY_KHIEU_NAI": "TB",
    "TB_KHONG_THU_LY_KHIEU_NAI": "TB",
    "QD_THU_LY_TO_CAO": "QĐ",
    "TB_THU_LY_TO_CAO": "TB",
    "TB_NOI_DUNG_TO_CAO": "TB",
    "TB_KHONG_THU_LY_TO_CAO": "TB",
    "QD_XAC_MINH": "QĐ",
    "BC_KET_QUA_XAC_MINH": "BC",
    "BB_DOI_THOAI": "BB",
    "QD_GIA_HAN_TO_CAO": "QĐ",
    "QD_TAM_DINH_CHI": "QĐ",
    "QD_TIEP_TUC_GIAI_QUYET": "QĐ",
    "QD_DINH_CHI": "QĐ",
    "QD_GIAI_QUYET_KHIEU_NAI": "QĐ",
    "KL_NOI_DUNG_TO_CAO": "KL",
    "TB_KET_QUA_TO_CAO": "TB",
    "BB_CONG_KHAI": "BB",
    "BC_THUC_HIEN": "BC",
}

PLACEHOLDER = "……"  # what a draft prints where the agency's data is still missing


def place_of(agency: Agency) -> str:
    """The địa danh of the date line: the agency's own, else the nearest managing body's (a Ban of the
    province sits in the province); '' when none is recorded."""
    current: Agency | None = agency
    seen: set[int] = set()
    while current is not None and current.id not in seen:
        if current.place_name.strip():
            return current.place_name.strip()
        seen.add(current.id)
        current = current.parent
    return ""


def issuer_for(agency: Agency) -> Issuer:
    """The heading of the agency's documents: parent line (none for an HĐND/UBND), bold name, place."""
    return Issuer(
        issuing_body=agency.heading_name.strip() or agency.document_name,
        parent_body=agency.heading_parent.strip(),
        place=place_of(agency) or PLACEHOLDER,
    )


def level_of(agency: Agency) -> AgencyLevel:
    """The agency's level; an agency not yet classified signs like a department (in person / KT.)."""
    return agency.level or AgencyLevel.DEPARTMENT


def officials_of(agency: Agency) -> tuple[Official, ...]:
    """The agency's officials as domain facts (all dates)."""
    return tuple(
        Official(o.id, o.role, o.title, o.name, o.valid_from, o.valid_to) for o in agency.officials if o.id is not None
    )


def _template(doc_type: str, day: date) -> DocumentTemplate | None:
    try:
        return template_for(doc_type, day)
    except TemplateNotFoundError:
        return None


def signature_options(agency: Agency, doc_type: str, day: date) -> tuple[SignatureOption, ...]:
    """Every way the agency's officials valid on ``day`` may sign ``doc_type``, the usual one first."""
    template = _template(doc_type, day)
    allowed = [a.value for a in template.signer_authorities] if template and template.signer_authorities else None
    return rules.signature_options(
        doc_type=doc_type, level=level_of(agency), officials=officials_of(agency), day=day, allowed=allowed
    )


def signer_of(choice: SignatureOption) -> Signer:
    """The printed signature block of a choice."""
    return Signer(
        position=choice.position,
        name=choice.name,
        authority=Authority(choice.authority),
        principal=choice.principal,
        collective=choice.collective,
    )


def find_option(agency: Agency, doc_type: str, day: date, key: str) -> SignatureOption:
    """The choice with ``key`` ('<official id>:<mode>'), or a DomainError if it is not valid on ``day``."""
    for choice in signature_options(agency, doc_type, day):
        if choice.key == key:
            return choice
    raise DomainError(f"Người ký đã chọn không còn là lãnh đạo của cơ quan vào ngày {day:%d/%m/%Y}; vui lòng chọn lại.")


def default_option(agency: Agency, doc_type: str, day: date) -> SignatureOption | None:
    choices = signature_options(agency, doc_type, day)
    return choices[0] if choices else None


def default_signer(agency: Agency, doc_type: str, day: date) -> Signer:
    """The usual signer of ``doc_type`` for the agency on ``day``; without officials on record, a blank
    block ("……") that a draft may print and issuing refuses."""
    choice = default_option(agency, doc_type, day)
    if choice is None:
        return Signer(position=PLACEHOLDER, name=PLACEHOLDER)
    return signer_of(choice)


def matches_option(signer: Signer, choice: SignatureOption) -> bool:
    """Whether a stored signer prints exactly as ``choice`` (same lines, same name)."""
    return signer.signature_text() == signer_of(choice).signature_text()


def type_abbreviation(template: DocumentTemplate) -> str:
    """'TB' for a THÔNG BÁO; '' for a công văn (its ký hiệu is the body's and the drafting unit's)."""
    if template.is_official_letter:
        return ""
    if template.code in TYPE_ABBREVIATIONS:
        return TYPE_ABBREVIATIONS[template.code]
    return "".join(word[0] for word in template.title.replace(",", " ").split() if word[0].isalpha()).upper()


def symbol_for(agency: Agency, template: DocumentTemplate, drafting_unit: str = "") -> str:
    """The ký hiệu after the number: 'TB-BTCD' (type, body's abbreviation); a công văn 'UBND-TCD'
    (body, drafting unit). A body without an abbreviation on record prints '……'."""
    body = agency.abbreviation.strip() or PLACEHOLDER
    if template.is_official_letter:
        unit = drafting_unit.strip()
        return f"{body}-{unit}" if unit else body
    abbreviation = type_abbreviation(template)
    return f"{abbreviation}-{body}" if abbreviation else body


def drafting_unit_codes(agency: Agency) -> tuple[str, ...]:
    """The abbreviations of the agency's drafting units ('TCD', 'XLĐ'), as recorded."""
    return tuple(str(unit.get("code", "")).strip() for unit in agency.drafting_units or () if unit.get("code"))


# What issuing needs from the directory, named as the agency form's fields are.
PLACE_FIELD = "địa danh ghi trước ngày tháng"
ABBREVIATION_FIELD = "tên viết tắt trong số, ký hiệu văn bản"


def missing_document_data(agency: Agency, *, place: str | None = None) -> tuple[str, ...]:
    """The agency's fields that must be filled before its documents can be issued (the form's names):
    the place written before the date (its own, a managing body's, or the document's ``place``) and the
    abbreviation printed in numbers. Empty when nothing is missing."""
    missing: list[str] = []
    if not rules.is_real_text(place if place is not None else place_of(agency)):
        missing.append(PLACE_FIELD)
    if not agency.abbreviation.strip():
        missing.append(ABBREVIATION_FIELD)
    return tuple(missing)


def check_issuable(
    agency: Agency, *, doc_type: str, day: date, signer: Signer, place: str | None = None
) -> None:
    """Refuse to issue (DomainError) unless heading, number and signature can name the body for real:
    a place (the document's ``place``, else the agency's), an abbreviation, a real signer's name and
    title — and, once the body's officials are on record, one of them valid on ``day`` signing in a
    way the document type allows."""
    missing = missing_document_data(agency, place=place)
    if missing:
        raise DomainError(
            f"Chưa thể ban hành: {agency.document_name} chưa khai báo {' và '.join(missing)}. "
            "Vào Danh mục › Cơ quan, mở cơ quan này và điền các ô đó, rồi ban hành lại."
        )
    rules.check_signer(position=signer.position, name=signer.name)
    if agency.officials:
        choices = signature_options(agency, doc_type, day)
        if not any(matches_option(signer, choice) for choice in choices):
            raise DomainError(
                f"Người ký “{signer.name}” không phải là lãnh đạo của {agency.document_name} được ký văn bản này "
                f"vào ngày {day:%d/%m/%Y}; vui lòng chọn lại người ký."
            )


__all__ = [
    "PLACEHOLDER",
    "TYPE_ABBREVIATIONS",
    "check_issuable",
    "default_option",
    "default_signer",
    "drafting_unit_codes",
    "find_option",
    "issuer_for",
    "level_of",
    "matches_option",
    "missing_document_data",
    "officials_of",
    "place_of",
    "signature_options",
    "signer_of",
    "symbol_for",
    "type_abbreviation",
]
