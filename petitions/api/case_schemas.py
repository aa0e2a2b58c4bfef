"""The bodies of the case transitions (POST /api/v1/cases/{id}/<action>) and their answer.

Each body holds the action's service arguments by their own names (petitions.cases.actions, .transitions): a
refusal that names a field names it as here. Enums travel as their values, dates as ISO days checked as the
pages' date fields check them (the accepted years; not after today for what cannot lie ahead), money and land as
the page's figure fields read them (a decimal string, "1.250,5" or "1250.5", or a JSON number; the one parser),
counts as whole numbers. Unknown fields are refused (422).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, Range
from flask_babel import gettext as _
from marshmallow import ValidationError

from petitions.api.schemas import CaseOut
from petitions.cases.actions import DECISION_TEXTS
from petitions.clock import local_today
from petitions.domain import case_flow as flow
from petitions.domain.dates import InvalidDate, check_date
from petitions.domain.records import CaseVerdict, Complexity
from petitions.domain.types import DomainError

_ID = Range(1, 2**31 - 1)
# Longer than any figure the parser takes (12 digits, their dots, a comma and 3 places).
_FIGURE_TEXT = 40


class Day(fields.Date):
    """An ISO day within the accepted years (petitions.domain.dates.check_date, as the pages' DayField); with
    `not_after_today`, not after Vietnam's today."""

    def __init__(self, *, not_after_today: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.not_after_today = not_after_today

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> date:
        day: date = super()._deserialize(value, attr, data, **kwargs)
        try:
            return check_date(day, today=local_today() if self.not_after_today else None)
        except InvalidDate as refused:
            raise ValidationError(str(refused)) from None


class Figure(fields.Field):
    """A money (million VND) or land (m²) figure, read by flow.read_figure (the page's parser and limits)."""

    def __init__(self, name: str, **kwargs: Any) -> None:
        what = flow.FIGURE_WORDS[name]
        super().__init__(metadata={
            "description": f"{what[:1].upper()}{what[1:]}: chuỗi thập phân (\"1.250,5\" hoặc \"1250.5\") hoặc số; "
                           f"tối đa {flow.figure_places(name)} chữ số thập phân",
            "oneOf": [{"type": "string", "maxLength": _FIGURE_TEXT}, {"type": "number", "minimum": 0}],
        }, **kwargs)
        self.figure = name

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and len(value) > _FIGURE_TEXT:
            raise ValidationError(_("Tối đa %(count)d ký tự.", count=_FIGURE_TEXT))
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ValidationError(_("Cần một chuỗi thập phân hoặc một số."))
        try:
            return flow.read_figure(self.figure, value)
        except DomainError as refused:
            raise ValidationError(str(refused)) from None


def _figures(names: tuple[str, ...], schema_name: str) -> Any:
    return Schema.from_dict(
        {
            name: Figure(name) if name in flow.DECIMAL_FIGURES
            else fields.Integer(strict=True, validate=Range(0, flow.MAX_COUNT),
                                metadata={"description": flow.FIGURE_WORDS[name]})
            for name in names
        },
        name=schema_name,
    )


DecisionFigures = _figures(flow.ORDERED_FIGURES, "CaseDecisionFigures")
ImplementationFigures = _figures(flow.DONE_FIGURES, "CaseImplementationFigures")
DecisionTexts = Schema.from_dict(
    {name: fields.String(validate=Length(max=8000)) for name in DECISION_TEXTS}, name="CaseDecisionTexts"
)


def _reason(description: str = "Lý do, căn cứ") -> fields.String:
    return fields.String(required=True, validate=Length(5, 2000), metadata={"description": description})


def _text(maximum: int, description: str) -> fields.String:
    return fields.String(load_default="", validate=Length(max=maximum), metadata={"description": description})


def _effective_on(description: str = "Ngày (mặc định: hôm nay)") -> Day:
    return Day(load_default=None, allow_none=True, metadata={"description": description})


class CaseAcceptIn(Schema):
    verifier = fields.String(load_default="", validate=Length(max=200))


class CaseReasonIn(Schema):
    reason = _reason()


class CaseVerificationIn(Schema):
    handler_id = fields.Integer(
        validate=_ID, load_default=None, allow_none=True,
        metadata={"description": "Cán bộ xác minh: cán bộ, lãnh đạo của cơ quan giải quyết (ngoài phạm vi: 404)"},
    )
    verifier = _text(255, "Cơ quan, tổ xác minh")
    members = fields.List(fields.String(validate=Length(1, 200)), load_default=list, validate=Length(max=50),
                          metadata={"description": "Thành viên tổ xác minh"})
    days = fields.Integer(load_default=None, allow_none=True, validate=Range(1, 90),
                          metadata={"description": "Thời hạn xác minh (ngày)"})
    plan = _text(4000, "Kế hoạch xác minh")


class CaseVerificationReportIn(Schema):
    findings = fields.String(required=True, validate=Length(5, 8000), metadata={"description": "Kết quả xác minh"})
    proposal = _text(4000, "Kiến nghị, đề xuất")


class CaseDialogueIn(Schema):
    held_on = Day(required=True, metadata={"description": "Ngày đối thoại"})
    place = _text(255, "Địa điểm")
    participants = fields.List(fields.String(validate=Length(1, 200)), required=True, validate=Length(1, 50),
                               metadata={"description": "Thành phần tham gia"})
    opinions = _text(4000, "Ý kiến các bên")
    result = fields.String(required=True, validate=Length(5, 4000), metadata={"description": "Kết quả đối thoại"})


class CaseDecisionIn(Schema):
    verdict = fields.Enum(CaseVerdict, by_value=True, required=True,
                          metadata={"description": "Kết quả giải quyết (loại và lần giải quyết quyết định giá trị nào dùng được)"})
    texts = fields.Nested(DecisionTexts, load_default=dict, metadata={
        "description": "Các phần của quyết định, kết luận; findings và dialogue không gửi: lấy từ báo cáo xác minh và "
                       "biên bản đối thoại đã ban hành (như biểu mẫu trên trang vụ việc)"})
    figures = fields.Nested(DecisionFigures, load_default=dict,
                            metadata={"description": "Số liệu quyết định, kết luận (không gửi: 0)"})


class CaseNotifyIn(Schema):
    result = _text(4000, "Nội dung thông báo")
    effective_on = _effective_on("Ngày thông báo (khiếu nại; mặc định: hôm nay)")


class CasePublishIn(Schema):
    form = fields.String(required=True, validate=Length(3, 255), metadata={"description": "Hình thức công khai"})
    published_on = _effective_on("Ngày công khai")
    place = _text(255, "Nơi công khai")


class CaseDatedNoteIn(Schema):
    effective_on = _effective_on()
    note = _text(500, "Ghi chú")


class CaseImplementationIn(Schema):
    figures = fields.Nested(ImplementationFigures, load_default=dict,
                            metadata={"description": "Số liệu đã thực hiện, cộng dồn (không gửi: 0)"})
    implemented_on = _effective_on("Ngày thực hiện xong (nếu đã xong)")
    summary = _text(4000, "Tóm tắt kết quả thực hiện")
    with_report = fields.Boolean(load_default=False,
                                 metadata={"description": "Lập báo cáo kết quả thực hiện (ghi nhận khi ban hành)"})


class CaseReclassifyIn(Schema):
    complexity = fields.Enum(Complexity, by_value=True, required=True, metadata={"description": "Mức độ phức tạp"})
    remote = fields.Boolean(load_default=False, metadata={"description": "Vùng sâu, vùng xa, đi lại khó khăn"})
    effective_on = _effective_on("Ngày phân loại (mặc định: hôm nay)")
    reason = _reason("Căn cứ phân loại")


class CaseExtendIn(Schema):
    days = fields.Integer(required=True, validate=Range(1, flow.MAX_EXTENSION_DAYS),
                          metadata={"description": "Số ngày gia hạn"})
    reason = _reason("Lý do gia hạn")


class CaseWithdrawIn(Schema):
    reason = _reason("Nội dung đơn rút")
    effective_on = _effective_on()


class CaseLapseIn(Schema):
    effective_on = _effective_on()


class CaseNextRoundIn(Schema):
    received_on = Day(required=True, metadata={"description": "Ngày nhận đơn"})
    agency_in_charge_id = fields.Integer(
        validate=_ID, load_default=None, allow_none=True,
        metadata={"description": "Cơ quan giải quyết: cơ quan đang giải quyết (mặc định), cấp trên của nó hoặc "
                                 "cơ quan trong phạm vi của người dùng (ngoài phạm vi: 404)"},
    )
    title = fields.String(load_default=None, allow_none=True, validate=Length(max=255),
                          metadata={"description": "Nội dung (không gửi: như vụ việc này)"})
    reason = _reason("Căn cứ")


class CaseCourtIn(Schema):
    reference = fields.String(required=True, validate=Length(3, 200), metadata={"description": "Tòa án, số thụ lý vụ án"})
    effective_on = _effective_on("Ngày khởi kiện (mặc định: hôm nay)")


class CaseTransitionOut(Schema):
    """The case after the transition, and the paper it drafted (edited and issued on its document page; the
    transition takes effect when the paper is issued, as on the case page). No paper: the event applied at once."""

    case = fields.Nested(CaseOut, required=True)
    document_id = fields.Integer(allow_none=True, required=True)


# action → its body (petitions.cases.actions.ACTIONS' keys)
BODIES: dict[str, type[Schema]] = {
    "accept": CaseAcceptIn,
    "verify": CaseVerificationIn,
    "report": CaseVerificationReportIn,
    "dialogue": CaseDialogueIn,
    "decide": CaseDecisionIn,
    "notify": CaseNotifyIn,
    "publish": CasePublishIn,
    "implement": CaseDatedNoteIn,
    "implemented": CaseImplementationIn,
    "close": CaseDatedNoteIn,
    "reclassify": CaseReclassifyIn,
    "extend": CaseExtendIn,
    "suspend": CaseReasonIn,
    "resume": CaseReasonIn,
    "withdraw": CaseWithdrawIn,
    "terminate": CaseReasonIn,
    "lapse": CaseLapseIn,
    "next_round": CaseNextRoundIn,
    "not_accept": CaseReasonIn,
    "court": CaseCourtIn,
}
