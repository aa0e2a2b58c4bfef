"""Case forms: the list's search, and the transition forms of the case page (input shape only; the choices come
from the views, the rules from flow's services)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from petitions.dates import DayField
from petitions.domain import case_flow as flow
from petitions.domain.numbers import InvalidNumber, parse_decimal
from petitions.i18n import lazy_gettext as _l


class CaseSearchForm(FlaskForm):
    text = StringField(_l("Tìm trong nội dung vụ việc (không cần dấu)"), validators=[Optional(), Length(max=200)])




class FigureField(Field):
    """An exact decimal typed the Vietnamese way ("1.250,5") or with a dot ("1250.5"), read by the one parser
    (petitions.domain.numbers.parse_decimal); blank is zero. The text typed is shown back as typed when it is
    refused, with the parser's message beside it."""

    widget = TextInput()
    data: Any

    def __init__(self, label: Any = None, validators: Any = None, *, places: int, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.places = places
        self.raw = ""

    def _value(self) -> str:
        return self.raw

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = str(valuelist[0]) if valuelist else ""
        try:
            self.data = parse_decimal(self.raw, places=self.places, what=str(self.label.text), maximum=flow.MAX_FIGURE)
        except InvalidNumber as refused:
            self.data = None
            raise ValueError(str(refused)) from None


def _money(label: Any) -> FigureField:
    return FigureField(label, places=flow.MONEY_PLACES, description=_l("triệu đồng, ví dụ 1.250,5"))


def _land(label: Any) -> FigureField:
    return FigureField(label, places=flow.LAND_PLACES, description=_l("m², ví dụ 1.200,25"))


def _count(label: Any) -> IntegerField:
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=flow.MAX_COUNT)], default=0)


class CaseVersionForm(FlaskForm):
    """An action without input: the optimistic version check only."""

    version = HiddenField()


class CaseReasonForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(_l("Lý do, căn cứ"), validators=[DataRequired(), Length(min=5, max=2000)])


class CaseDatedReasonForm(FlaskForm):
    version = HiddenField()
    effective_on = DayField(_l("Ngày"), validators=[Optional()], not_after_today=True)
    reason = TextAreaField(_l("Nội dung"), validators=[DataRequired(), Length(min=5, max=2000)])


class CaseDatedNoteForm(FlaskForm):
    version = HiddenField()
    effective_on = DayField(_l("Ngày"), validators=[Optional()], not_after_today=True)
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=500)])


class CaseVerificationForm(FlaskForm):
    version = HiddenField()
    # The choices are checked by the views and services with a Vietnamese message (WTForms' own is English).
    handler = SelectField(_l("Cán bộ xác minh"), choices=[], default="", validate_choice=False)
    verifier = StringField(_l("Cơ quan, tổ xác minh"), validators=[Optional(), Length(max=255)])
    members = TextAreaField(_l("Thành viên tổ xác minh (mỗi người một dòng)"), validators=[Optional(), Length(max=2000)])
    days = IntegerField(_l("Thời hạn xác minh (ngày)"), validators=[Optional(), NumberRange(min=1, max=90)])
    plan = TextAreaField(_l("Kế hoạch xác minh"), validators=[Optional(), Length(max=4000)])


class CaseVerificationReportForm(FlaskForm):
    version = HiddenField()
    findings = TextAreaField(_l("Kết quả xác minh"), validators=[DataRequired(), Length(min=5, max=8000)])
    proposal = TextAreaField(_l("Kiến nghị, đề xuất"), validators=[Optional(), Length(max=4000)])


class CaseDialogueForm(FlaskForm):
    version = HiddenField()
    held_on = DayField(_l("Ngày đối thoại"), validators=[DataRequired()], not_after_today=True)
    place = StringField(_l("Địa điểm"), validators=[Optional(), Length(max=255)])
    participants = TextAreaField(
        _l("Thành phần tham gia (mỗi người một dòng)"), validators=[DataRequired(), Length(max=2000)]
    )
    opinions = TextAreaField(_l("Ý kiến các bên"), validators=[Optional(), Length(max=4000)])
    result = TextAreaField(_l("Kết quả đối thoại"), validators=[DataRequired(), Length(min=5, max=4000)])


class CaseReclassifyForm(FlaskForm):
    version = HiddenField()
    complexity = SelectField(_l("Mức độ phức tạp"), choices=[], default="", validate_choice=False)
    remote = BooleanField(_l("Vùng sâu, vùng xa, đi lại khó khăn"))
    effective_on = DayField(_l("Ngày phân loại"), validators=[Optional()], not_after_today=True)
    reason = TextAreaField(_l("Căn cứ phân loại (ghi bằng văn bản)"), validators=[DataRequired(), Length(min=5, max=2000)])


class CaseExtendForm(FlaskForm):
    version = HiddenField()
    days = IntegerField(_l("Số ngày gia hạn"), validators=[DataRequired(), NumberRange(min=1, max=30)], default=30)
    reason = TextAreaField(_l("Lý do gia hạn"), validators=[DataRequired(), Length(min=5, max=2000)])


class CaseDecideForm(FlaskForm):
    """The decision or conclusion: the verdict, its sections, and the figures it orders (KQGQ columns)."""

    version = HiddenField()
    verdict = SelectField(_l("Kết quả giải quyết"), choices=[], default="", validate_choice=False)
    findings = TextAreaField(_l("Kết quả xác minh, nhận định"), validators=[Optional(), Length(max=8000)])
    dialogue = TextAreaField(_l("Kết quả đối thoại"), validators=[Optional(), Length(max=8000)])
    conclusion = TextAreaField(_l("Kết luận"), validators=[Optional(), Length(max=8000)])
    decision = TextAreaField(_l("Quyết định, biện pháp xử lý"), validators=[Optional(), Length(max=8000)])
    recover_money = _money(_l("Thu hồi cho Nhà nước: tiền"))
    recover_land = _land(_l("Thu hồi cho Nhà nước: đất"))
    return_money_orgs = _money(_l("Trả lại cho tổ chức: tiền"))
    return_land_orgs = _land(_l("Trả lại cho tổ chức: đất"))
    return_money_persons = _money(_l("Trả lại cho cá nhân: tiền"))
    return_land_persons = _land(_l("Trả lại cho cá nhân: đất"))
    restored_orgs = _count(_l("Tổ chức được khôi phục quyền lợi"))
    restored_persons = _count(_l("Cá nhân được khôi phục quyền lợi"))
    discipline_orgs = _count(_l("Kiến nghị xử lý: tổ chức"))
    discipline_persons = _count(_l("Kiến nghị xử lý kỷ luật: người"))
    discipline_officials = _count(_l("Kiến nghị xử lý kỷ luật: cán bộ, công chức"))
    investigation_cases = _count(_l("Chuyển cơ quan điều tra: vụ"))
    investigation_persons = _count(_l("Chuyển cơ quan điều tra: người"))
    investigation_officials = _count(_l("Chuyển cơ quan điều tra: cán bộ, công chức"))


class CaseNotifyForm(FlaskForm):
    version = HiddenField()
    effective_on = DayField(_l("Ngày thông báo"), validators=[Optional()], not_after_today=True)
    result = TextAreaField(_l("Nội dung thông báo"), validators=[Optional(), Length(max=4000)])


class CasePublishForm(FlaskForm):
    version = HiddenField()
    how = StringField(_l("Hình thức công khai"), validators=[DataRequired(), Length(min=3, max=255)])
    published_on = DayField(_l("Ngày công khai"), validators=[Optional()], not_after_today=True)
    place = StringField(_l("Nơi công khai"), validators=[Optional(), Length(max=255)])


class CaseImplementationForm(FlaskForm):
    """What was actually done (02/KQGQ, 04/KQGQ), recorded at once or through the implementation report."""

    version = HiddenField()
    implemented_on = DayField(_l("Ngày thực hiện xong (nếu đã xong)"), validators=[Optional()], not_after_today=True)
    summary = TextAreaField(_l("Tóm tắt kết quả thực hiện"), validators=[Optional(), Length(max=4000)])
    with_report = BooleanField(_l("Lập báo cáo kết quả thực hiện (văn bản)"))
    recovered_money = _money(_l("Đã thu hồi cho Nhà nước: tiền"))
    recovered_land = _land(_l("Đã thu hồi cho Nhà nước: đất"))
    returned_money_orgs = _money(_l("Đã trả lại cho tổ chức: tiền"))
    returned_land_orgs = _land(_l("Đã trả lại cho tổ chức: đất"))
    returned_money_persons = _money(_l("Đã trả lại cho cá nhân: tiền"))
    returned_land_persons = _land(_l("Đã trả lại cho cá nhân: đất"))
    disciplined_orgs = _count(_l("Đã xử lý: tổ chức"))
    disciplined_persons = _count(_l("Đã xử lý kỷ luật: người"))
    disciplined_officials = _count(_l("Đã xử lý kỷ luật: cán bộ, công chức"))
    prosecuted_cases = _count(_l("Đã khởi tố: vụ"))
    prosecuted_persons = _count(_l("Đã khởi tố: người"))
    prosecuted_officials = _count(_l("Đã khởi tố: cán bộ, công chức"))


class CaseNextRoundForm(FlaskForm):
    """The complaint comes back in round 2 or the denunciation is made again to the superior (tố cáo tiếp)."""

    version = HiddenField()
    received_on = DayField(_l("Ngày nhận đơn"), validators=[DataRequired()], not_after_today=True)
    agency = SelectField(_l("Cơ quan giải quyết"), choices=[], default="", validate_choice=False)
    title = StringField(_l("Nội dung (để trống: như vụ việc này)"), validators=[Optional(), Length(max=255)])
    reason = TextAreaField(_l("Căn cứ"), validators=[DataRequired(), Length(min=5, max=2000)])


class CaseCourtForm(FlaskForm):
    version = HiddenField()
    effective_on = DayField(_l("Ngày khởi kiện"), validators=[Optional()], not_after_today=True)
    reference = StringField(_l("Tòa án, số thụ lý vụ án"), validators=[DataRequired(), Length(min=3, max=200)])


ORDERED_FIELDS = (
    "recover_money", "recover_land", "return_money_orgs", "return_land_orgs", "return_money_persons",
    "return_land_persons", "restored_orgs", "restored_persons", "discipline_orgs", "discipline_persons", "discipline_officials",
    "investigation_cases", "investigation_persons", "investigation_officials",
)
DONE_FIELDS = (
    "recovered_money", "recovered_land", "returned_money_orgs", "returned_land_orgs", "returned_money_persons",
    "returned_land_persons", "disciplined_orgs", "disciplined_persons", "disciplined_officials", "prosecuted_cases",
    "prosecuted_persons", "prosecuted_officials",
)
