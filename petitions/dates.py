"""The one way a date typed by a person enters the app: form fields, query strings, JSON bodies, the command line.

Each wraps `petitions.domain.dates` (the parser and the 1900–2100 range) and, for facts that cannot
lie ahead (a visit, a letter's receipt, the date on a letter), the "not after today" check on
Vietnam's date from `petitions.clock`. Never `date.fromisoformat` on request or CLI input elsewhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from flask import request
from markupsafe import Markup
from werkzeug.exceptions import BadRequest
from wtforms import Field
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput, html_params

from petitions import clock
from petitions.domain.dates import (
    InvalidDate,
    check_date,
    format_day,
    parse_date,
    parse_written_date,
    read_written_date,
)
from petitions.i18n import lazy_gettext as _l

# The one shape every date field reads and shows, whatever the browser's language (dd/mm/yyyy, said in words).
DAY_PLACEHOLDER = _l("ngày/tháng/năm")


def day_input_attributes(label: str) -> dict[str, Any]:
    """What makes a text box a date field: the shape it shows, a numeric keyboard on tablets and the mark
    static/js/dates.js looks for (its typing mask, 01122026 → 01/12/2026, and its keyboard-operable calendar,
    whose button is named after `label`). Without script it is a plain text box read by the same parser."""
    return {
        "type": "text",
        "inputmode": "numeric",
        "autocomplete": "off",
        "placeholder": str(DAY_PLACEHOLDER),
        "maxlength": 10,
        "data-date-field": True,
        "data-picker-label": str(_l("Chọn ngày trên lịch: %(label)s", label=label)),
    }


class DayInput(TextInput):
    """A text box for a day written dd/mm/yyyy, never the browser's date input (whose order follows the browser's
    language: mm/dd/yyyy in an English one)."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.pop("type", None)  # a template's type="date" would bring the browser's order back
        for name, value in day_input_attributes(str(field.label.text)).items():
            kwargs.setdefault(name, value)
        return super().__call__(field, **kwargs)


def day_input(name: str, value: date | str | None, *, label: str, **kwargs: Any) -> Markup:
    """A list's date filter box (a query-string argument, no form): the same text box as DayField's, showing
    `value` (a date, or the text asked for: yyyy-mm-dd from an older link shows as dd/mm/yyyy). A Jinja global."""
    shown = value if isinstance(value, str) else (format_day(value) if value else "")
    try:
        shown = format_day(read_written_date(shown))
    except InvalidDate:
        pass
    params = {"id": name, **day_input_attributes(label), **kwargs, "name": name, "value": shown}
    return Markup(f"<input {html_params(**params)}>")


class DayField(Field):
    """A day typed dd/mm/yyyy (also d/m/yyyy, 01122026 or, from older clients, yyyy-mm-dd), read by the one
    parser `petitions.domain.dates.parse_written_date` and checked against the accepted years; with
    ``not_after_today=True`` a future date is refused too. Every form's date is one of these."""

    widget = DayInput()

    # Typed like every other WTForms field's data (wtforms ships no types): None until a valid date
    # is posted, a date once a form with a required DayField has validated. Without this, mypy infers
    # date | None from process_formdata and every validated view would need an assert.
    data: Any

    def __init__(self, label: Any = None, validators: Any = None, *, not_after_today: bool = False, **kwargs: Any):
        super().__init__(label, validators, **kwargs)
        self.not_after_today = not_after_today

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return format_day(self.data) if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            # Only whether it is a day here; its range is post_validate's, whose message names the field.
            self.data = read_written_date(str(valuelist[0]))
        except InvalidDate:
            self.data = None
            raise ValueError(_l("Ngày không hợp lệ: cần một ngày có thật, dạng ngày/tháng/năm.")) from None

    def pre_validate(self, form: Any) -> None:
        # Text that is not a date: its own message stands, and "required" validators, which would
        # clear it and complain of an empty field, do not run.
        if self.process_errors:
            raise StopValidation()

    def post_validate(self, form: Any, validation_stopped: bool) -> None:
        if validation_stopped or not isinstance(self.data, date):
            return
        try:
            check_date(self.data, what=str(self.label.text), today=clock.local_today() if self.not_after_today else None)
        except InvalidDate as refused:
            self.errors.append(str(refused))


def check_day(day: date, *, what: str, not_after_today: bool = False) -> date:
    """A date from a JSON body (the API's writes), checked as DayField checks a form's: InvalidDate when it lies
    outside the accepted years or, with ``not_after_today=True``, after Vietnam's today."""
    return check_date(day, what=what, today=clock.local_today() if not_after_today else None)


class DateArgRefused(BadRequest):
    """A date in a query string that cannot be or lies outside the accepted years: 400, the page showing `shown`
    (the parser's Vietnamese message; petitions.errors)."""

    def __init__(self, shown: str) -> None:
        super().__init__(description=shown)
        self.shown = shown


def date_arg(name: str) -> date | None:
    """A date filter from the query string (dd/mm/yyyy as the filter boxes send it, or yyyy-mm-dd from older
    links): None when blank; a date that cannot be (31/02/2026) or lies outside the accepted years answers 400
    with the parser's message, as a form's date field does (a filter quietly dropped would show a list the
    reader did not ask for)."""
    text = (request.args.get(name) or "").strip()
    if not text:
        return None
    try:
        return parse_written_date(text)
    except InvalidDate as refused:
        raise DateArgRefused(str(refused)) from None


class DateParam(click.ParamType):
    """A YYYY-MM-DD command-line option, with the same range as the forms."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value), what="Ngày")
        except InvalidDate as refused:
            self.fail(str(refused), param, ctx)


CLI_DATE = DateParam()


def parse_month_arg(text: str | None) -> date | None:
    """The first day of a "YYYY-MM" month from a query string; None when blank, 400 when unreadable or out of range
    (as date_arg)."""
    if not (text or "").strip():
        return None
    try:
        return parse_date(f"{(text or '').strip()}-01")
    except InvalidDate as refused:
        raise DateArgRefused(str(refused)) from None
