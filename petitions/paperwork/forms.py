"""Paperwork forms: the receipt's documents, the appointment slip, the conclusion notice, the book's range."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from petitions.dates import DayField
from petitions.domain.paperwork import ReceiptItem
from petitions.i18n import lazy_gettext as _l
from petitions.paperwork.book import BookSpansGenerations, book_layout

ITEM_ROWS = 6
ORIGINAL_CHOICES = [SelectChoice("copy", _l("Bản sao")), SelectChoice("original", _l("Bản chính"))]
FORMAT_CHOICES = [SelectChoice("pdf", _l("PDF (để in)")), SelectChoice("xlsx", _l("Excel"))]


class ReceiptItemForm(Form):
    """One document handed over (a row of the receipt's list; an empty name skips the row)."""

    name = StringField(_l("Tên tài liệu"), validators=[Optional(), Length(max=300)])
    pages = IntegerField(
        _l("Số trang"),
        validators=[Optional(), NumberRange(min=1, max=10000, message=_l("Số trang không hợp lệ."))],
    )
    condition = StringField(_l("Tình trạng"), validators=[Optional(), Length(max=200)])
    original = SelectField(_l("Bản chính / bản sao"), choices=ORIGINAL_CHOICES, default="copy")


class ReceiptForm(FlaskForm):
    """Issue (or issue again) the visit's receipt."""

    issued = HiddenField()  # how many times the PIN was issued when the form was shown (double-submit guard)
    items = FieldList(FormField(ReceiptItemForm), min_entries=ITEM_ROWS, max_entries=50)
    copies = IntegerField(
        _l("Số bản"),
        default=2,
        validators=[
            InputRequired(_l("Vui lòng nhập số bản.")),
            NumberRange(min=1, max=9, message=_l("Số bản từ 1 đến 9.")),
        ],
    )

    def receipt_items(self) -> tuple[ReceiptItem, ...]:
        items = []
        for row in self.items:
            fields = row.form
            name = (fields.name.data or "").strip()
            if not name:
                continue
            items.append(
                ReceiptItem(
                    name=name,
                    pages=fields.pages.data,
                    condition=(fields.condition.data or "").strip(),
                    is_original=fields.original.data == "original",
                )
            )
        return tuple(items)

    def fill(self, items: Sequence[ReceiptItem]) -> None:
        """Show known documents in the first rows (the rest stay empty)."""
        for row, item in zip(self.items, items, strict=False):
            row.form.name.data = item.name
            row.form.pages.data = item.pages
            row.form.condition.data = item.condition
            row.form.original.data = "original" if item.is_original else "copy"
        while len(self.items) < len(items) + 2 and len(self.items) < 50:
            self.items.append_entry()


class FirstPrintForm(FlaskForm):
    """The first print of a receipt carries the PIN it was just issued with (never stored in clear); a print again
    in the issuing session posts none and uses the PIN sealed for that session (paperwork.pin_seal)."""

    pin = HiddenField(validators=[Optional()])


class AppointmentForm(FlaskForm):
    on = DayField(_l("Ngày hẹn"), validators=[InputRequired(_l("Vui lòng nhập ngày hẹn."))])
    at = TimeField(_l("Giờ hẹn"), validators=[InputRequired(_l("Vui lòng nhập giờ hẹn."))])
    place = StringField(
        _l("Địa điểm"), validators=[InputRequired(_l("Vui lòng nhập địa điểm.")), Length(max=300)]
    )
    matter = StringField(
        _l("Nội dung làm việc"),
        validators=[InputRequired(_l("Vui lòng nhập nội dung làm việc.")), Length(max=500)],
    )
    bring = StringField(_l("Giấy tờ cần mang theo"), validators=[Optional(), Length(max=300)])


class ConclusionForm(FlaskForm):
    """The session's conclusion notice; one conclusion text per visit is added by conclusion_form()."""

    leader_title = StringField(
        _l("Chức danh lãnh đạo chủ trì"),
        validators=[InputRequired(_l("Vui lòng ghi chức danh của lãnh đạo chủ trì.")), Length(max=200)],
    )
    participants = TextAreaField(_l("Thành phần tham dự"), validators=[Optional(), Length(max=2000)])
    recipients = TextAreaField(_l("Kính gửi (mỗi dòng một nơi)"), validators=[Optional(), Length(max=2000)])


def conclusion_field_name(visit_id: int) -> str:
    return f"conclusion_{visit_id}"


def conclusion_form(visit_ids: Sequence[int], **kwargs: Any) -> ConclusionForm:
    """A ConclusionForm with one text area per visit heard at the session."""

    class SessionConclusionForm(ConclusionForm):
        pass

    for visit_id in visit_ids:
        setattr(
            SessionConclusionForm,
            conclusion_field_name(visit_id),
            TextAreaField(_l("Kết luận"), validators=[Optional(), Length(max=5000)]),
        )
    return SessionConclusionForm(**kwargs)


class BookForm(FlaskForm):
    """The reception book's range (read by GET: dates and a session are not personal)."""

    class Meta:
        csrf = False

    date_from = DayField(_l("Từ ngày"), validators=[InputRequired(_l("Vui lòng nhập ngày bắt đầu."))])
    date_to = DayField(_l("Đến ngày"), validators=[InputRequired(_l("Vui lòng nhập ngày kết thúc."))])
    session = SelectField(_l("Buổi tiếp (không bắt buộc)"), choices=[], validate_choice=False)
    fmt = SelectField(_l("Định dạng"), choices=FORMAT_CHOICES, default="pdf")

    def validate_date_to(self, field: DayField) -> None:
        start: date | None = self.date_from.data
        if start is not None and field.data is not None and field.data < start:
            raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))
        if start is not None and field.data is not None:
            try:
                book_layout(start, field.data)
            except BookSpansGenerations as error:
                raise ValidationError(str(error)) from error
