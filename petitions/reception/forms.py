"""Reception forms: the intake screen, citizens, sessions, visit corrections, filters. Input shape only."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from petitions.clock import local_today
from petitions.dates import DayField
from petitions.domain.deadlines import LEADER_LEVEL_LABELS, leader_level_span
from petitions.domain.reception import (
    RepresentativeKind,
    SessionKind,
    SessionMode,
    SessionStatus,
    VisitClass,
    VisitOutcome,
    session_kind_span,
)
from petitions.domain.records import ComplaintSubtype, IdType
from petitions.i18n import lazy_gettext as _l
from petitions.request_args import coerce_optional_int

ID_TYPE_LABELS = {
    IdType.CCCD: _l("Căn cước công dân / Căn cước (12 số)"),
    IdType.CMND: _l("Chứng minh nhân dân (9 hoặc 12 số)"),
    IdType.PASSPORT: _l("Hộ chiếu"),
    IdType.OTHER: _l("Giấy tờ khác"),
}
SEX_LABELS = {"male": _l("Nam"), "female": _l("Nữ")}
CLASS_LABELS = {
    VisitClass.COMPLAINT: _l("Khiếu nại"),
    VisitClass.DENUNCIATION: _l("Tố cáo"),
    VisitClass.PETITION: _l("Kiến nghị, phản ánh"),
}
SUBTYPE_LABELS = {
    ComplaintSubtype.ADMINISTRATIVE: _l("Khiếu nại quyết định, hành vi hành chính"),
    ComplaintSubtype.DISCIPLINARY: _l("Khiếu nại quyết định kỷ luật"),
}
OUTCOME_LABELS = {
    VisitOutcome.GUIDED: _l("Hướng dẫn"),
    VisitOutcome.LETTER_RECEIVED: _l("Tiếp nhận đơn"),
    VisitOutcome.FORWARDED: _l("Chuyển cơ quan có thẩm quyền"),
    VisitOutcome.REFUSED: _l("Từ chối tiếp"),
}
KIND_LABELS = {
    SessionKind.REGULAR: _l("Tiếp thường xuyên"),
    SessionKind.PERIODIC: _l("Tiếp định kỳ (người đứng đầu)"),
    SessionKind.UNSCHEDULED: _l("Tiếp đột xuất"),
    SessionKind.DELEGATED: _l("Tiếp theo ủy quyền (trước 01/07/2026)"),
}
MODE_LABELS = {SessionMode.IN_PERSON: _l("Trực tiếp"), SessionMode.ONLINE: _l("Trực tuyến")}
STATUS_LABELS = {
    SessionStatus.PLANNED: _l("Đã lên lịch"),
    SessionStatus.HELD: _l("Đã tiếp"),
    SessionStatus.POSTPONED: _l("Hoãn"),
}
REPRESENTATIVE_LABELS = {
    RepresentativeKind.GROUP: _l("Người đại diện của nhóm"),
    RepresentativeKind.AUTHORISED: _l("Người được ủy quyền"),
    RepresentativeKind.LAWYER: _l("Luật sư"),
    RepresentativeKind.LEGAL_AID: _l("Trợ giúp viên pháp lý"),
    RepresentativeKind.ORG_HEAD: _l("Người đứng đầu cơ quan, tổ chức"),
}
NO_CHOICE = ""


def _choices(labels: dict, blank: object | None = None) -> list[SelectChoice]:
    choices = [SelectChoice(NO_CHOICE, blank)] if blank is not None else []
    return choices + [SelectChoice(getattr(key, "value", key), label) for key, label in labels.items()]


class PersonFields(Form):
    """One person's identity fields (the applicant, a representative)."""

    full_name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=200)])
    id_type = SelectField(
        _l("Loại giấy tờ"), choices=_choices(ID_TYPE_LABELS, _l("— không có —")), validators=[Optional()]
    )
    id_number = StringField(_l("Số giấy tờ"), validators=[Optional(), Length(max=40)])
    id_paper_name = StringField(_l("Tên giấy tờ (giấy tờ khác)"), validators=[Optional(), Length(max=100)])
    birth_year = IntegerField(_l("Năm sinh"), validators=[Optional(), NumberRange(1900, 2100)])
    phone = StringField(_l("Điện thoại"), validators=[Optional(), Length(max=32)])
    address_unit_id = SelectField(_l("Xã, phường"), coerce=coerce_optional_int, validators=[Optional()])
    address_text = StringField(_l("Địa chỉ (thôn, số nhà)"), validators=[Optional(), Length(max=500)])


class RepresentativeFields(Form):
    kind = SelectField(
        _l("Tư cách"), choices=_choices(REPRESENTATIVE_LABELS, _l("— chọn —")), validators=[Optional()]
    )
    full_name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=200)])
    id_type = SelectField(
        _l("Loại giấy tờ"), choices=_choices(ID_TYPE_LABELS, _l("— không có —")), validators=[Optional()]
    )
    id_number = StringField(_l("Số giấy tờ"), validators=[Optional(), Length(max=40)])
    document_number = StringField(_l("Số văn bản cử, ủy quyền"), validators=[Optional(), Length(max=64)])
    document_dated_on = DayField(_l("Ngày văn bản"), validators=[Optional()], not_after_today=True)
    document_issuer = StringField(_l("Nơi cấp, người ký"), validators=[Optional(), Length(max=255)])
    is_certified = BooleanField(_l("Đã công chứng, chứng thực"))


MAX_REPRESENTATIVE_ROWS = 5


class VisitIntakeForm(FlaskForm):
    """The intake screen: one visit from the first keystroke to the outcome."""

    visited_on = DayField(_l("Ngày tiếp"), validators=[InputRequired(_l("Vui lòng nhập ngày tiếp."))], not_after_today=True)
    session_id = SelectField(_l("Buổi tiếp"), coerce=coerce_optional_int, validators=[Optional()])
    mode = SelectField(_l("Hình thức"), choices=_choices(MODE_LABELS))
    recording_reference = StringField(
        _l("Số hiệu bản ghi (tiếp trực tuyến)"), validators=[Optional(), Length(max=128)]
    )
    citizen_id = HiddenField()
    person = FormField(PersonFields)
    headcount = IntegerField(_l("Số người"), default=1, validators=[InputRequired(), NumberRange(1, 10000)])
    representatives = FieldList(
        FormField(RepresentativeFields),
        min_entries=MAX_REPRESENTATIVE_ROWS,
        max_entries=MAX_REPRESENTATIVE_ROWS,
    )
    accompanying = TextAreaField(
        _l("Người đi cùng (mỗi người một dòng)"), validators=[Optional(), Length(max=4000)]
    )
    # No default: a denunciation must be chosen on purpose, and until a choice is made the draft keeps
    # nobody's identity (services.save_draft).
    classification = SelectField(
        _l("Phân loại"),
        choices=_choices(CLASS_LABELS, _l("— chọn phân loại —")),
        validators=[DataRequired(_l("Vui lòng chọn phân loại."))],
    )
    complaint_subtype = SelectField(
        _l("Loại khiếu nại"), choices=_choices(SUBTYPE_LABELS, _l("—")), validators=[Optional()]
    )
    summary = TextAreaField(
        _l("Tóm tắt nội dung"),
        validators=[DataRequired(_l("Vui lòng ghi tóm tắt nội dung.")), Length(max=8000)],
    )
    respondent = StringField(
        _l("Người, cơ quan bị khiếu nại, tố cáo"), validators=[Optional(), Length(max=500)]
    )
    already_resolved_by = StringField(_l("Cơ quan đã giải quyết"), validators=[Optional(), Length(max=255)])
    within_competence = BooleanField(_l("Thuộc thẩm quyền"))
    with_letter = BooleanField(_l("Công dân có đơn"))
    statement = TextAreaField(
        _l("Nội dung trình bày (khi không có đơn, để công dân ký hoặc điểm chỉ)"),
        validators=[Optional(), Length(max=20000)],
    )
    documents_handed = TextAreaField(
        _l("Tài liệu công dân cung cấp"), validators=[Optional(), Length(max=4000)]
    )
    outcome = SelectField(_l("Kết quả tiếp"), choices=_choices(OUTCOME_LABELS))
    guided_to = StringField(_l("Hướng dẫn đến"), validators=[Optional(), Length(max=255)])
    guided_document_number = StringField(_l("Số văn bản hướng dẫn"), validators=[Optional(), Length(max=64)])
    forwarded_to = StringField(_l("Chuyển đến"), validators=[Optional(), Length(max=255)])
    forwarded_document_number = StringField(_l("Số văn bản chuyển"), validators=[Optional(), Length(max=64)])
    refusal_ground_id = SelectField(_l("Căn cứ từ chối"), coerce=coerce_optional_int, validators=[Optional()])
    refusal_explanation = TextAreaField(_l("Lý do đã giải thích"), validators=[Optional(), Length(max=4000)])
    follow_up = TextAreaField(_l("Theo dõi kết quả"), validators=[Optional(), Length(max=4000)])
    case_choice = SelectField(_l("Vụ việc"), validate_choice=False)


class VisitEditForm(FlaskForm):
    version = HiddenField()
    summary = TextAreaField(
        _l("Tóm tắt nội dung"),
        validators=[DataRequired(_l("Vui lòng ghi tóm tắt nội dung.")), Length(max=8000)],
    )
    respondent = StringField(
        _l("Người, cơ quan bị khiếu nại, tố cáo"), validators=[Optional(), Length(max=500)]
    )
    already_resolved_by = StringField(_l("Cơ quan đã giải quyết"), validators=[Optional(), Length(max=255)])
    within_competence = BooleanField(_l("Thuộc thẩm quyền"))
    documents_handed = TextAreaField(
        _l("Tài liệu công dân cung cấp"), validators=[Optional(), Length(max=4000)]
    )
    guided_to = StringField(_l("Hướng dẫn đến"), validators=[Optional(), Length(max=255)])
    guided_document_number = StringField(_l("Số văn bản hướng dẫn"), validators=[Optional(), Length(max=64)])
    forwarded_to = StringField(_l("Chuyển đến"), validators=[Optional(), Length(max=255)])
    forwarded_document_number = StringField(_l("Số văn bản chuyển"), validators=[Optional(), Length(max=64)])
    follow_up = TextAreaField(_l("Theo dõi kết quả"), validators=[Optional(), Length(max=4000)])


class CitizenForm(FlaskForm):
    version = HiddenField()
    full_name = StringField(
        _l("Họ và tên"), validators=[DataRequired(_l("Vui lòng nhập họ tên.")), Length(max=200)]
    )
    id_type = SelectField(
        _l("Loại giấy tờ"), choices=_choices(ID_TYPE_LABELS, _l("— không có —")), validators=[Optional()]
    )
    id_number = StringField(_l("Số giấy tờ"), validators=[Optional(), Length(max=40)])
    id_paper_name = StringField(_l("Tên giấy tờ (giấy tờ khác)"), validators=[Optional(), Length(max=100)])
    id_issued_on = DayField(_l("Ngày cấp"), validators=[Optional()], not_after_today=True)
    id_issued_place = StringField(_l("Nơi cấp"), validators=[Optional(), Length(max=200)])
    sex = SelectField(_l("Giới tính"), choices=_choices(SEX_LABELS, _l("—")), validators=[Optional()])
    birth_date = DayField(_l("Ngày sinh"), validators=[Optional()], not_after_today=True)
    birth_year = IntegerField(_l("Năm sinh"), validators=[Optional(), NumberRange(1900, 2100)])
    ethnicity = StringField(_l("Dân tộc"), validators=[Optional(), Length(max=64)])
    nationality = StringField(_l("Quốc tịch"), validators=[Optional(), Length(max=64)])
    phone = StringField(_l("Điện thoại"), validators=[Optional(), Length(max=32)])
    address_unit_id = SelectField(_l("Xã, phường"), coerce=coerce_optional_int, validators=[Optional()])
    address_text = StringField(_l("Địa chỉ (thôn, số nhà)"), validators=[Optional(), Length(max=500)])


class CitizenSearchForm(FlaskForm):
    """Search terms travel by POST and stay in the server-side session, never in the URL."""

    q = StringField(_l("Họ tên hoặc số giấy tờ"), validators=[Optional(), Length(max=200)])


class MergeCitizenForm(FlaskForm):
    other_id = SelectField(
        _l("Hồ sơ trùng (sẽ gộp vào hồ sơ này)"), coerce=coerce_optional_int, validators=[InputRequired()]
    )


class SessionForm(FlaskForm):
    version = HiddenField()
    kind = SelectField(_l("Loại buổi tiếp"), choices=_choices(KIND_LABELS))
    mode = SelectField(_l("Hình thức"), choices=_choices(MODE_LABELS))
    status = SelectField(_l("Tình trạng"), choices=_choices(STATUS_LABELS))
    held_on = DayField(_l("Ngày tiếp"), validators=[InputRequired(_l("Vui lòng nhập ngày tiếp."))])
    place = StringField(_l("Địa điểm"), validators=[Optional(), Length(max=255)])
    leader_name = StringField(_l("Lãnh đạo chủ trì"), validators=[Optional(), Length(max=200)])
    leader_level = SelectField(
        _l("Cấp của lãnh đạo"),
        choices=[SelectChoice(NO_CHOICE, _l("—"))]
        + [SelectChoice(k.value, v) for k, v in LEADER_LEVEL_LABELS.items()],
        validators=[Optional()],
    )
    participating_agencies = TextAreaField(_l("Cơ quan tham dự"), validators=[Optional(), Length(max=4000)])
    planned_content = TextAreaField(_l("Nội dung dự kiến"), validators=[Optional(), Length(max=4000)])
    schedule_published_on = DayField(_l("Ngày thông báo lịch tiếp"), validators=[Optional()])
    postponed_reason = StringField(_l("Lý do hoãn"), validators=[Optional(), Length(max=500)])
    postponement_announced_on = DayField(_l("Ngày thông báo hoãn"), validators=[Optional()])
    conclusion_notice_number = StringField(
        _l("Số thông báo kết luận"), validators=[Optional(), Length(max=64)]
    )
    recording_reference = StringField(
        _l("Số hiệu bản ghi âm, ghi hình (trực tuyến)"), validators=[Optional(), Length(max=128)]
    )

    def offer_options_valid_on(self, day: date | None) -> None:
        """Offer only the kinds and leader levels that exist on the session's day (no delegated session from
        01/07/2026, no district chairman after 30/06/2025); the others stay in the page hidden and disabled,
        with their dates, so that reception.js shows them again when an earlier day is typed. The service
        refuses them whatever is posted (petitions.domain.reception.check_session)."""
        day = day or local_today()
        self.kind.choices = [
            _dated_choice(kind.value, label, session_kind_span(kind), day) for kind, label in KIND_LABELS.items()
        ]
        self.leader_level.choices = [SelectChoice(NO_CHOICE, _l("—"))] + [
            _dated_choice(level.value, label, leader_level_span(level), day)
            for level, label in LEADER_LEVEL_LABELS.items()
        ]


def _dated_choice(value: str, label: Any, span: tuple[date | None, date | None], day: date) -> SelectChoice:
    start, end = span
    render_kw: dict[str, Any] = {}
    if start is not None:
        render_kw["data-valid-from"] = start.isoformat()
    if end is not None:
        render_kw["data-valid-to"] = end.isoformat()
    if (start is not None and day < start) or (end is not None and day > end):
        render_kw.update(hidden=True, disabled=True)
    return SelectChoice(value, label, render_kw=render_kw or None)


class VisitCorrectForm(FlaskForm):
    """A correction (đính chính) of a visit's date, classification and outcome, with its reason (domain.corrections)."""

    version = HiddenField()
    visited_on = DayField(
        _l("Ngày tiếp"), validators=[InputRequired(_l("Vui lòng nhập ngày tiếp."))], not_after_today=True
    )
    classification = SelectField(_l("Phân loại"), choices=_choices(CLASS_LABELS))
    complaint_subtype = SelectField(
        _l("Loại khiếu nại"), choices=_choices(SUBTYPE_LABELS, _l("—")), validators=[Optional()]
    )
    outcome = SelectField(_l("Kết quả tiếp"), choices=_choices(OUTCOME_LABELS))
    guided_to = StringField(_l("Hướng dẫn đến"), validators=[Optional(), Length(max=255)])
    guided_document_number = StringField(_l("Số văn bản hướng dẫn"), validators=[Optional(), Length(max=64)])
    forwarded_to = StringField(_l("Chuyển đến"), validators=[Optional(), Length(max=255)])
    forwarded_document_number = StringField(_l("Số văn bản chuyển"), validators=[Optional(), Length(max=64)])
    refusal_ground_id = SelectField(_l("Căn cứ từ chối"), coerce=coerce_optional_int, validators=[Optional()])
    refusal_explanation = TextAreaField(_l("Lý do đã giải thích"), validators=[Optional(), Length(max=4000)])
    reason = TextAreaField(
        _l("Lý do đính chính"),
        validators=[DataRequired(_l("Vui lòng ghi lý do đính chính.")), Length(max=500)],
    )
    confirm = BooleanField(
        _l("Tôi xác nhận thông tin trên được ghi sai và cần đính chính; thời hạn của lượt tiếp sẽ được tính lại."),
        validators=[DataRequired(_l("Vui lòng đánh dấu xác nhận đính chính."))],
    )
