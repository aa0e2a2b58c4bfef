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
from wtforms import DateField
from wtforms.validators import StopValidation

from petitions import clock
from petitions.domain.dates import InvalidDate, check_date, parse_date
from petitions.i18n import lazy_gettext as _l


class DayField(DateField):
    """A date input (the browser's date picker posts YYYY-MM-DD), checked against the accepted years;
    with ``not_after_today=True`` a future date is refused too."""

    # Typed like every other WTForms field's data (wtforms ships no types): None until a valid date
    # is posted, a date once a form with a required DayField has validated. Without this, mypy infers
    # date | None from process_formdata and every validated view would need an assert.
    data: Any

    def __init__(self, label: Any = None, validators: Any = None, *, not_after_today: bool = False, **kwargs: Any):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)
        self.not_after_today = not_after_today

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = date.fromisoformat(str(valuelist[0]).strip())
        except ValueError:
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


def date_arg(name: str) -> date | None:
    """A date filter from the query string; anything unreadable or out of range is no filter."""
    try:
        return parse_date(request.args.get(name) or "")
    except InvalidDate:
        return None


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
    """The first day of a "YYYY-MM" month from a query string, or None when unreadable or out of range."""
    try:
        return parse_date(f"{text or ''}-01")
    except InvalidDate:
        return None
