"""The API's request and response shapes (marshmallow), from which APIFlask writes the OpenAPI 3.1 spec.

Input only: the rules are the services' (petitions.reception.services, …), which the views call as the pages do.
Dates are ISO 8601 (YYYY-MM-DD), moments ISO 8601 in UTC. Unknown fields in a body are refused (422).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf, Range, Regexp

from petitions.documents.models import DocumentStatus
from petitions.documents.queries import DEFAULT_SORT as DOCUMENT_DEFAULT_SORT
from petitions.documents.queries import SORTS as DOCUMENT_SORTS
from petitions.domain.deadlines import RULES_BY_ID, Variant
from petitions.domain.reception import SessionMode, VisitClass, VisitOutcome
from petitions.domain.records import (
    CaseRound,
    CaseStatus,
    CaseType,
    ComplaintSubtype,
    IdType,
    LetterStatus,
    LetterType,
)

_ID = Range(1, 2**31 - 1)


class UtcDateTime(fields.DateTime):
    """A stored moment (naive UTC, petitions.clock) written as RFC 3339 with its offset: 2026-12-07T18:18:15+00:00."""

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def _id(**kwargs: object) -> fields.Integer:
    return fields.Integer(validate=_ID, **kwargs)  # type: ignore[arg-type]


class PageQuery(Schema):
    after = fields.String(
        validate=Length(max=500), metadata={"description": "next_cursor của trang trước (để trống: trang đầu)"}
    )
    limit = fields.Integer(load_default=50, validate=Range(1, 100))


def page_of(item: type[Schema], name: str) -> Any:
    """A keyset page of `item` (petitions.paging): the rows, the next page's cursor, the capped total.

    The rows are a subclass of `item` named after the page: the spec writer (apispec) would otherwise meet the
    same class twice, nested here and as a record's own answer, and write a second copy under another name."""
    row = type(f"{name}Row", (item,), {})
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(row), required=True),
            "next_cursor": fields.String(allow_none=True, required=True),
            "total": fields.Integer(allow_none=True, required=True),
            "total_capped": fields.Boolean(required=True),
        },
        name=name,
    )


# Tokens ---------------------------------------------------------------------------------------------------


class TokenOut(Schema):
    """One of the user's API tokens in force (never the token itself: only its first characters)."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    prefix = fields.String(required=True)
    scope = fields.String(required=True)
    created_at = UtcDateTime(required=True)
    expires_at = UtcDateTime(required=True)
    last_used_at = UtcDateTime(allow_none=True, required=True)
    current = fields.Boolean(required=True, metadata={"description": "Mã đang dùng cho yêu cầu này"})


# Reference data -------------------------------------------------------------------------------------------


class ReferenceListOut(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)


class ReferenceItemOut(Schema):
    id = fields.Integer(required=True)
    list_code = fields.String(required=True)
    code = fields.String(required=True)
    label = fields.String(required=True)
    parent_id = fields.Integer(allow_none=True, required=True)
    valid_from = fields.Date(allow_none=True, required=True)
    valid_to = fields.Date(allow_none=True, required=True)
    legal_basis = fields.String(allow_none=True, required=True)


class OnDateQuery(Schema):
    on = fields.Date(metadata={"description": "Ngày hiệu lực (mặc định: hôm nay)"})


class AgencyOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    short_name = fields.String(allow_none=True, required=True)
    parent_id = fields.Integer(allow_none=True, required=True)
    level = fields.String(allow_none=True, required=True)
    is_active = fields.Boolean(required=True)


# Deadlines ------------------------------------------------------------------------------------------------


class Span(Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)


class DeadlineQuery(Schema):
    rule = fields.String(required=True, validate=OneOf(sorted(RULES_BY_ID)), metadata={"description": "Mã thời hạn, ví dụ D10"})
    trigger = fields.Date(required=True, metadata={"description": "Ngày bắt đầu tính (ngày xảy ra sự kiện)"})
    variants = fields.List(fields.String(validate=OneOf([v.value for v in Variant])), validate=Length(max=10))
    base = fields.Integer(validate=Range(1, 365), metadata={"description": "Số ngày do cơ quan đặt (chỉ D10)"})
    extensions = fields.Integer(load_default=0, validate=Range(0, 9))
    extension_days = fields.Integer(load_default=30, validate=Range(1, 365))


class DeadlineIn(DeadlineQuery):
    pauses = fields.List(fields.Nested(Span), validate=Length(max=10))
    obstacles = fields.List(fields.Nested(Span), validate=Length(max=10))


class DeadlineOut(Schema):
    rule = fields.String(required=True)
    trigger = fields.Date(required=True)
    due = fields.Date(allow_none=True, required=True, metadata={"description": "null: thời hạn này không tính"})
    generation = fields.Date(allow_none=True, required=True)
    calendar_version = fields.String(allow_none=True, required=True)
    counted = fields.Integer(allow_none=True, required=True)
    rolled_from = fields.Date(allow_none=True, required=True)
    explanation = fields.String(allow_none=True, required=True)
    note = fields.String(allow_none=True, required=True)


# Citizens -------------------------------------------------------------------------------------------------


class CitizenOut(Schema):
    id = fields.Integer(required=True)
    full_name = fields.String(required=True)
    id_type = fields.String(allow_none=True, required=True)
    id_number = fields.String(allow_none=True, required=True)
    birth_year = fields.Integer(allow_none=True, required=True)
    phone = fields.String(allow_none=True, required=True)
    address_unit_id = fields.Integer(allow_none=True, required=True)
    address_text = fields.String(allow_none=True, required=True)
    agency_id = fields.Integer(required=True)
    merged_into_id = fields.Integer(allow_none=True, required=True)
    version = fields.Integer(required=True)


class CitizenSearchIn(Schema):
    q = fields.String(
        load_default="",
        validate=Length(max=200),
        metadata={"description": "Họ tên (có thể kèm năm sinh) hoặc số giấy tờ; để trống: mọi công dân"},
    )
    after = fields.String(validate=Length(max=500))
    limit = fields.Integer(load_default=50, validate=Range(1, 100))


CitizenPage = page_of(CitizenOut, "CitizenPage")


class PersonIn(Schema):
    full_name = fields.String(required=True, validate=Length(1, 200))
    id_type = fields.Enum(IdType, by_value=True, allow_none=True)
    id_number = fields.String(validate=Length(max=32), allow_none=True)
    birth_year = fields.Integer(validate=Range(1900, 2100), allow_none=True)
    phone = fields.String(validate=Length(max=32), allow_none=True)
    address_unit_id = _id(allow_none=True)
    address_text = fields.String(validate=Length(max=500), allow_none=True)


# Visits ---------------------------------------------------------------------------------------------------


class VisitOut(Schema):
    id = fields.Integer(required=True)
    book_number = fields.Integer(required=True)
    book_year = fields.Integer(required=True)
    agency_id = fields.Integer(required=True)
    visited_on = fields.Date(required=True)
    session_id = fields.Integer(allow_none=True, required=True)
    kind = fields.String(required=True)
    mode = fields.String(required=True)
    classification = fields.String(required=True)
    complaint_subtype = fields.String(allow_none=True, required=True)
    summary = fields.String(required=True)
    outcome = fields.String(required=True)
    headcount = fields.Integer(required=True)
    is_delegation = fields.Boolean(required=True)
    respondent = fields.String(required=True)
    already_resolved_by = fields.String(required=True)
    within_competence = fields.Boolean(required=True)
    documents_handed = fields.String(required=True)
    officer_id = fields.Integer(allow_none=True, required=True)
    citizen_id = fields.Integer(allow_none=True, required=True)
    citizen_name = fields.String(allow_none=True, required=True)
    identity_protected = fields.Boolean(
        required=True, metadata={"description": "Người tố cáo: danh tính được bảo mật (mã chỉ cho người được cấp quyền)"}
    )
    identity_code = fields.String(allow_none=True, required=True)
    case_id = fields.Integer(allow_none=True, required=True)
    letter_id = fields.Integer(allow_none=True, required=True)
    repeat_number = fields.Integer(required=True)
    version = fields.Integer(required=True)


VisitPage = page_of(VisitOut, "VisitPage")


class VisitListQuery(PageQuery):
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")
    agency_id = _id()
    outcome = fields.Enum(VisitOutcome, by_value=True)
    order = fields.String(load_default="desc", validate=OneOf(["asc", "desc"]))


class VisitIn(Schema):
    """One row of the reception book, as the intake screen gives it (petitions.reception.services.VisitInput)."""

    visited_on = fields.Date(required=True)
    agency_id = _id(metadata={"description": "Cơ quan ghi sổ (mặc định: cơ quan của người dùng)"})
    classification = fields.Enum(VisitClass, by_value=True, required=True)
    complaint_subtype = fields.Enum(ComplaintSubtype, by_value=True, allow_none=True)
    summary = fields.String(required=True, validate=Length(1, 5000))
    outcome = fields.Enum(VisitOutcome, by_value=True, required=True)
    mode = fields.Enum(SessionMode, by_value=True, load_default=SessionMode.IN_PERSON)
    session_id = _id(allow_none=True)
    citizen_id = _id(allow_none=True)
    person = fields.Nested(PersonIn, allow_none=True)
    headcount = fields.Integer(load_default=1, validate=Range(1, 10000))
    accompanying = fields.List(fields.String(validate=Length(1, 200)), validate=Length(max=50))
    respondent = fields.String(load_default="", validate=Length(max=500))
    already_resolved_by = fields.String(load_default="", validate=Length(max=255))
    within_competence = fields.Boolean(load_default=False)
    with_letter = fields.Boolean(load_default=False)
    statement = fields.String(load_default="", validate=Length(max=20000))
    documents_handed = fields.String(load_default="", validate=Length(max=5000))
    guided_to = fields.String(load_default="", validate=Length(max=255))
    guided_document_number = fields.String(load_default="", validate=Length(max=64))
    forwarded_to = fields.String(load_default="", validate=Length(max=255))
    forwarded_document_number = fields.String(load_default="", validate=Length(max=64))
    refusal_ground_id = _id(allow_none=True)
    refusal_explanation = fields.String(load_default="", validate=Length(max=5000))
    follow_up = fields.String(load_default="", validate=Length(max=5000))
    case_id = _id(allow_none=True, metadata={"description": "Vụ việc đã có của công dân (để trống: vụ việc mới)"})


class VisitPatch(Schema):
    """The book columns a visit's edit page corrects (petitions.reception.services.EDITABLE_VISIT_FIELDS)."""

    summary = fields.String(validate=Length(1, 5000))
    respondent = fields.String(validate=Length(max=500))
    already_resolved_by = fields.String(validate=Length(max=255))
    within_competence = fields.Boolean()
    documents_handed = fields.String(validate=Length(max=5000))


# Letters and cases ----------------------------------------------------------------------------------------


class LetterOut(Schema):
    id = fields.Integer(required=True)
    register_agency_id = fields.Integer(required=True)
    register_year = fields.Integer(required=True)
    register_number = fields.Integer(required=True)
    letter_type = fields.String(required=True)
    main_type = fields.String(allow_none=True, required=True)
    complaint_subtype = fields.String(allow_none=True, required=True)
    status = fields.String(required=True)
    channel = fields.String(required=True)
    received_on = fields.Date(required=True)
    letter_dated_on = fields.Date(allow_none=True, required=True)
    summary = fields.String(required=True)
    agency_in_charge_id = fields.Integer(required=True)
    assigned_agency_id = fields.Integer(allow_none=True, required=True)
    case_id = fields.Integer(allow_none=True, required=True)
    visit_id = fields.Integer(allow_none=True, required=True)
    handling_due_on = fields.Date(allow_none=True, required=True)
    is_eligible = fields.Boolean(allow_none=True, required=True)
    is_within_competence = fields.Boolean(allow_none=True, required=True)
    is_urgent = fields.Boolean(required=True)
    is_void = fields.Boolean(required=True)
    citizen_id = fields.Integer(allow_none=True, required=True)
    writer_name = fields.String(allow_none=True, required=True)
    identity_protected = fields.Boolean(required=True)
    identity_code = fields.String(allow_none=True, required=True)
    version = fields.Integer(required=True)


LetterPage = page_of(LetterOut, "LetterPage")


class LetterListQuery(PageQuery):
    letter_type = fields.Enum(LetterType, by_value=True)
    status = fields.Enum(LetterStatus, by_value=True)
    received_from = fields.Date()
    received_to = fields.Date()
    agency_id = _id()
    year = fields.Integer(validate=Range(2000, 2100))
    overdue = fields.Boolean(load_default=False)
    sort = fields.String(
        load_default="received_desc", validate=OneOf(["received_desc", "received_asc", "number_desc", "number_asc"])
    )


class CaseOut(Schema):
    id = fields.Integer(required=True)
    case_type = fields.String(required=True)
    complaint_subtype = fields.String(allow_none=True, required=True)
    case_round = fields.String(required=True)
    status = fields.String(required=True)
    title = fields.String(required=True)
    opened_on = fields.Date(required=True)
    accepted_on = fields.Date(allow_none=True, required=True)
    decided_on = fields.Date(allow_none=True, required=True)
    closed_on = fields.Date(allow_none=True, required=True)
    resolution_due_on = fields.Date(allow_none=True, required=True)
    agency_in_charge_id = fields.Integer(required=True)
    assigned_agency_id = fields.Integer(allow_none=True, required=True)
    parent_case_id = fields.Integer(allow_none=True, required=True)
    handler_id = fields.Integer(allow_none=True, required=True)
    version = fields.Integer(required=True)


CasePage = page_of(CaseOut, "CasePage")


class CaseListQuery(PageQuery):
    status = fields.Enum(CaseStatus, by_value=True)
    case_type = fields.Enum(CaseType, by_value=True)
    case_round = fields.Enum(CaseRound, by_value=True)
    agency_id = _id()
    handler_id = _id()
    overdue = fields.Boolean(load_default=False)
    sort = fields.String(load_default="opened_desc", validate=OneOf(["opened_desc", "due_asc"]))


# Documents ------------------------------------------------------------------------------------------------


class DocumentOut(Schema):
    """An outgoing document's register data (its text is the PDF: GET /documents/{id}/pdf)."""

    id = fields.Integer(required=True)
    doc_type = fields.String(required=True)
    subject = fields.String(required=True)
    status = fields.String(required=True)
    issuing_agency_id = fields.Integer(required=True)
    issuing_body = fields.String(required=True)
    number = fields.Integer(allow_none=True, required=True)
    number_year = fields.Integer(allow_none=True, required=True)
    number_symbol = fields.String(allow_none=True, required=True)
    issue_date = fields.Date(allow_none=True, required=True)
    signer_position = fields.String(required=True)
    signer_name = fields.String(required=True)
    record_type = fields.String(allow_none=True, required=True)
    record_id = fields.Integer(allow_none=True, required=True)
    has_signed_copy = fields.Boolean(required=True)
    version = fields.Integer(required=True)


DocumentPage = page_of(DocumentOut, "DocumentPage")


class DocumentListQuery(Schema):
    after = fields.String(validate=Length(max=500))
    agency_id = _id()
    year = fields.Integer(validate=Range(2000, 2100))
    doc_type = fields.String(validate=Length(1, 48))
    status = fields.Enum(DocumentStatus, by_value=True)
    sort = fields.String(load_default=DOCUMENT_DEFAULT_SORT, validate=OneOf(sorted(DOCUMENT_SORTS)))


# Reports --------------------------------------------------------------------------------------------------


class ReportQuery(Schema):
    period = fields.String(
        validate=Regexp(r"^[0-9]{4}(-(Q[1-4]|6M|9M|NA|[0-9]{2}))?$"), metadata={"description": "2026-Q3, 2026-6M, 2026-9M, 2026, 2026-NA hoặc 2026-03"}
    )
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")
    agency = fields.String(validate=Length(1, 32), metadata={"description": "Mã cơ quan (mặc định: cơ quan của người dùng)"})


class ReportFormOut(Schema):
    code = fields.String(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    internal = fields.Boolean(required=True)


class ReportPeriodOut(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    # Already ISO text in the report's JSON (petitions.reports.outputs.to_json).
    from_ = fields.String(required=True, attribute="from", data_key="from", metadata={"format": "date"})
    to = fields.String(required=True, metadata={"format": "date"})
    window = fields.String(required=True)


class ReportRowOut(Schema):
    unit = fields.String(allow_none=True, required=True)
    name = fields.String(required=True)
    figures = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)
    note = fields.String(allow_none=True, required=True)


class ReportTotalOut(Schema):
    name = fields.String(required=True)
    figures = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)


class ReportOut(Schema):
    """A form's figures for a window (petitions.reports.outputs.to_json, as `petitions report … --format json`)."""

    form = fields.String(required=True)
    generation = fields.String(required=True)
    note = fields.String(allow_none=True, required=True)
    internal = fields.Boolean(required=True)
    title = fields.String(required=True)
    issuing_body = fields.String(required=True)
    period = fields.Nested(ReportPeriodOut, required=True)
    columns = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    kinds = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    check_sums = fields.List(fields.String(), required=True)
    rows = fields.List(fields.Nested(ReportRowOut), required=True)
    total = fields.Nested(ReportTotalOut, required=True)
    narrative = fields.String(allow_none=True, required=True)
    notes = fields.List(fields.String(), required=True)
