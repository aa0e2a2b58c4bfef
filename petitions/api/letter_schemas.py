"""The letters' write shapes of the API (registration, classification, handling actions), as the pages' forms.

Input only: the rules are petitions.letters.services' and petitions.letters.handling's, which the views in
petitions.api.letters call as the letter pages do. A date of a fact that cannot lie ahead (the letter's receipt,
its date, the forwarding document's date) is checked as the pages' date fields check it (petitions.dates).
"""

from __future__ import annotations

from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf, Range
from marshmallow import ValidationError

from petitions.api.schemas import _ID, LetterOut
from petitions.dates import check_day
from petitions.domain.classification import DuplicateDecision, LetterChannel, PriorResolution, SignerKind
from petitions.domain.records import ComplaintSubtype, IdType, LetterType
from petitions.domain.routing import RespondentLevel
from petitions.domain.types import DomainError
from petitions.letters.handling_papers import HandlingPaper


def _not_after_today(what: str) -> Any:
    def check(day: Any) -> None:
        try:
            check_day(day, what=what, not_after_today=True)
        except DomainError as refused:
            raise ValidationError(str(refused)) from None

    return check


class StrictBoolean(fields.Boolean):
    """true or false only: marshmallow's Boolean also takes 1, 0, "yes", "off", which JSON's boolean is not."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def _id(**kwargs: Any) -> fields.Integer:
    # Strict: a JSON number with a fraction is refused, never truncated to another record's id.
    return fields.Integer(strict=True, validate=_ID, **kwargs)


def _past_day(what: str, **kwargs: Any) -> fields.Date:
    return fields.Date(validate=_not_after_today(what), **kwargs)


# Registration ---------------------------------------------------------------------------------------------


class WriterIn(Schema):
    """The writer as typed (the registration page's fields). A denouncer's identity goes to the vault, never to a
    citizen record; anonymous information keeps none (DOMAIN §8)."""

    full_name = fields.String(load_default="", validate=Length(max=200))
    id_type = fields.Enum(IdType, by_value=True, allow_none=True)
    id_number = fields.String(load_default="", validate=Length(max=32))
    address = fields.String(load_default="", validate=Length(max=500))
    phone = fields.String(load_default="", validate=Length(max=32))


class LetterIn(Schema):
    """An incoming letter as the registration page takes it, with the answer to the duplicate check."""

    received_on = _past_day("Ngày nhận đơn", required=True)
    letter_dated_on = _past_day("Ngày viết đơn", allow_none=True)
    channel = fields.Enum(LetterChannel, by_value=True, required=True)
    forwarded_by = fields.String(load_default="", validate=Length(max=255))
    forwarded_doc_number = fields.String(load_default="", validate=Length(max=100))
    forwarded_doc_on = _past_day("Ngày văn bản chuyển", allow_none=True)
    letter_type = fields.Enum(LetterType, by_value=True, required=True)
    complaint_subtype = fields.Enum(ComplaintSubtype, by_value=True, allow_none=True)
    writer = fields.Nested(WriterIn, allow_none=True)
    citizen_id = _id(
        allow_none=True,
        metadata={"description": "Hồ sơ công dân đã có là người viết đơn (không dùng cho đơn tố cáo, thông tin không rõ người tố cáo)"},
    )
    signer_kind = fields.Enum(SignerKind, by_value=True, load_default=SignerKind.ONE)
    signer_count = fields.Integer(strict=True, load_default=1, validate=Range(0, 10000))
    respondent = fields.String(load_default="", validate=Length(max=500))
    place_text = fields.String(load_default="", validate=Length(max=500))
    summary = fields.String(required=True, validate=Length(1, 5000))
    prior_resolution = fields.Enum(PriorResolution, by_value=True, load_default=PriorResolution.NOT_YET)
    is_confidential = StrictBoolean(load_default=False)
    is_urgent = StrictBoolean(load_default=False)
    result_requested = StrictBoolean(load_default=False)
    duplicate_decision = fields.Enum(
        DuplicateDecision,
        by_value=True,
        metadata={"description": "Trả lời kiểm tra đơn trùng; bỏ trống: nếu có đơn có thể trùng, trả 409 kèm danh sách"},
    )
    duplicate_of = _id(allow_none=True, metadata={"description": "Đơn trong danh sách 409 (đơn trùng, hoặc vụ việc của nó)"})
    duplicate_category = fields.String(
        allow_none=True, validate=Length(max=32), metadata={"description": "Mã loại đơn trùng (danh mục duplicate_category)"}
    )


# The 409 answer of a registration with candidates and no decision: the Problem plus the candidates.
DUPLICATE_CANDIDATE = {
    "type": "object",
    "properties": {
        "letter_id": {"type": "integer"},
        "register_label": {"type": "string", "description": "Số trong sổ (số/năm)"},
        "received_on": {"type": "string", "format": "date"},
        "case_id": {"type": ["integer", "null"]},
        "score": {"type": "integer"},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "same_writer": {"type": "boolean"},
        "same_content": {"type": "boolean"},
        "suggested_decision": {"type": "string", "enum": [decision.value for decision in DuplicateDecision]},
        "suggested_category": {"type": ["string", "null"]},
    },
    "required": ["letter_id", "register_label", "received_on", "case_id", "score", "reasons", "same_writer",
                 "same_content", "suggested_decision", "suggested_category"],
}
DUPLICATES_PROBLEM = {
    "allOf": [
        {"$ref": "#/components/schemas/Problem"},
        {"type": "object", "properties": {"candidates": {"type": "array", "items": DUPLICATE_CANDIDATE}}, "required": ["candidates"]},
    ]
}


# Classification -------------------------------------------------------------------------------------------


class ContentPartIn(Schema):
    letter_type = fields.Enum(LetterType, by_value=True, required=True)
    complaint_subtype = fields.Enum(ComplaintSubtype, by_value=True, allow_none=True)
    summary = fields.String(load_default="", validate=Length(max=1000))
    is_main = StrictBoolean(load_default=False)


class ObstacleIn(Schema):
    start = _past_day("Trở ngại khách quan: từ ngày", required=True)
    end = _past_day("Trở ngại khách quan: đến ngày", required=True)


class LetterClassifyIn(Schema):
    """The classification page's form: what the content is, the conditions of TT 05/2021 Đ6, the field, the
    routing facts and the competent body (blank: the system's proposal), a complaint's time-limit facts."""

    declared_type = fields.Enum(LetterType, by_value=True, required=True)
    complaint_subtype = fields.Enum(ComplaintSubtype, by_value=True, allow_none=True)
    writer_identified = StrictBoolean(load_default=True)
    in_vietnamese = StrictBoolean(load_default=True)
    dated = StrictBoolean(load_default=True)
    has_name_address = StrictBoolean(load_default=True)
    signed = StrictBoolean(load_default=True)
    content_complete = StrictBoolean(load_default=True)
    parts = fields.List(fields.Nested(ContentPartIn), validate=Length(max=2),
                        metadata={"description": "Đơn có nhiều nội dung: các nội dung, một nội dung chính"})
    field_item_id = _id(allow_none=True, metadata={"description": "Lĩnh vực (mục danh mục field_*)"})
    competent_body = fields.String(load_default="", validate=Length(max=255))
    place_unit_id = _id(allow_none=True)
    respondent_level = fields.Enum(RespondentLevel, by_value=True, allow_none=True)
    respondent_agency_id = _id(allow_none=True)
    competent_agency_id = _id(allow_none=True, metadata={"description": "Cơ quan có thẩm quyền (bỏ trống: theo đề xuất của hệ thống)"})
    routing_override_reason = fields.String(load_default="", validate=Length(max=500))
    within_competence = StrictBoolean(allow_none=True, load_default=None)
    decision_known_on = _past_day("Ngày nhận được hoặc biết được quyết định, hành vi bị khiếu nại", allow_none=True)
    is_dismissal = StrictBoolean(load_default=False)
    is_remote = StrictBoolean(load_default=False)
    obstacles = fields.List(fields.Nested(ObstacleIn), validate=Length(max=2))
    reason = fields.String(load_default="", validate=Length(max=500), metadata={"description": "Lý do (bắt buộc khi phân loại lại)"})


# Handling actions -----------------------------------------------------------------------------------------


class LetterAssignIn(Schema):
    officer_id = _id(required=True)
    direction = fields.String(load_default="", validate=Length(max=2000))


class LetterHandOverIn(Schema):
    agency_id = _id(required=True, metadata={"description": "Cơ quan được giao tham mưu, xác minh"})
    direction = fields.String(required=True, validate=Length(max=2000))


class LetterProposeIn(Schema):
    paper = fields.String(
        required=True,
        validate=OneOf([paper.value for paper in HandlingPaper]),
        metadata={"description": "Hướng xử lý (văn bản dự thảo); chỉ văn bản phù hợp với loại đơn"},
    )
    receiver_agency_id = _id(allow_none=True)
    receiver_reason = fields.String(load_default="", validate=Length(max=500))
    reason = fields.String(load_default="", validate=Length(max=2000))
    direction = fields.String(load_default="", validate=Length(max=2000))


class LetterCommentIn(Schema):
    comment = fields.String(load_default="", validate=Length(max=500))


class LetterReasonIn(Schema):
    reason = fields.String(required=True, validate=Length(max=500))


class LetterActionOut(Schema):
    """The letter after the action, and the paper it drafted (a proposal's draft: edited, approved and issued on
    its document page; the letter moves when it is issued, as on the letter page)."""

    letter = fields.Nested(LetterOut, required=True)
    document_id = fields.Integer(allow_none=True, required=True)
