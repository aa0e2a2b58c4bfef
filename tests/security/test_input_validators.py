"""Every validator of typed input, under hypothesis (issue 25 "Input"; OWASP ASVS 5.0 V2.2.1 input validated
against expected structures and ranges, V2.2.2 enforced on the server, V15.3.5 values of the expected type, V16.5.3
failing securely: a parser answers with its own declared error or a value, never an unexpected exception, which
would be a 500).

For each validator: it raises nothing but its declared error on any text, accepts what it should, and gives
back what it read where a written form exists (round-trip). The validators already under hypothesis elsewhere
are named here so that the list is whole (README "Security and reliability"):

| validator | declared error | test |
|---|---|---|
| domain.reception.validate_id_number (CCCD, CMND, passport, other) | InvalidIdNumber | tests/domain/test_reception_rules.py (per type) + here (idempotent, only its error) |
| domain.dates.parse_date / check_date | InvalidDate | here |
| domain.dates.parse_written_date | InvalidDate | here |
| domain.numbers.parse_decimal (format_decimal's inverse) | InvalidNumber | here |
| domain.passwords.check_new_password | PasswordRejected | here |
| domain.text.normalise_text / fold_text / prefix_end | — (ValueError for an empty prefix) | here |
| domain.periods.parse_period | InvalidPeriod | here |
| domain.deadlines.parse_date_span | InvalidDateSpan | here |
| domain.deadlines.compute_due (working-day arithmetic) | DeadlineError | tests/domain/test_deadlines.py (6 properties) |
| domain.paperwork.parse_items (items_text's inverse) | — | here |
| domain.corrections.check_reason | CorrectionRefused | here |
| domain.classification.check_signers | DomainError | here |
| domain.issuers.check_signer / check_number_date (register numbers never back-dated) | DomainError | here |
| paperwork.codes.normalise_code (receipt codes) | — | here |
| request_args.parse_int / parse_id / coerce_optional_int | — / ValueError (WTForms' invalid choice) | here |
| directory.forms.parse_drafting_units (format_drafting_units' inverse) | — | here |
| dates.DayField (every date field of every form) | a form error | here |
| cases.forms.FigureField (money and land figures) | a form error | here |
"""

from __future__ import annotations

import string
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from petitions.directory.forms import format_drafting_units, parse_drafting_units
from petitions.domain.classification import SignerKind, check_signers
from petitions.domain.corrections import CorrectionRefused, check_reason
from petitions.domain.dates import (
    FIRST_ACCEPTED_YEAR,
    LAST_ACCEPTED_YEAR,
    InvalidDate,
    check_date,
    format_day,
    parse_date,
    parse_written_date,
)
from petitions.domain.deadlines import InvalidDateSpan, parse_date_span
from petitions.domain.issuers import check_number_date, check_signer
from petitions.domain.numbers import InvalidNumber, format_decimal, parse_decimal
from petitions.domain.paperwork import ReceiptItem, items_text, parse_items
from petitions.domain.passwords import MAX_LENGTH, MIN_LENGTH, PasswordRejected, check_new_password
from petitions.domain.periods import InvalidPeriod, parse_period
from petitions.domain.reception import InvalidIdNumber, validate_id_number
from petitions.domain.records import IdType
from petitions.domain.text import fold_text, normalise_text, prefix_end
from petitions.domain.types import DomainError
from petitions.paperwork.codes import CODE_ALPHABET, new_receipt_code, normalise_code
from petitions.request_args import INT_MAX, INT_MIN, NO_ROW_ID, coerce_optional_int, parse_id, parse_int

# Hostile text: any Unicode, and the shapes the parsers look for with odd digits and separators mixed in.
ODD_DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９²³¹"
texts = st.one_of(
    st.text(),
    st.text(alphabet=ODD_DIGITS + "/-.:, ;|eE+_" + string.ascii_letters, max_size=40),
    st.from_regex(r"\A\d{1,40}[/.-]\d{1,40}[/.-]\d{1,40}\Z"),
)
# Pure parsers: one run is enough (the fuzz group, once, on PostgreSQL), not one per database.
pytestmark = pytest.mark.fuzz

in_range = st.dates(date(FIRST_ACCEPTED_YEAR, 1, 1), date(LAST_ACCEPTED_YEAR, 12, 31))
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------------------------------------- dates


@FAST
@given(texts)
@example("9999-12-31")
@example("0001-01-01")
@example("2026-02-30")
def test_parse_date_raises_only_invalid_date(text):
    try:
        day = parse_date(text)
    except InvalidDate:
        return
    assert FIRST_ACCEPTED_YEAR <= day.year <= LAST_ACCEPTED_YEAR


@FAST
@given(in_range, in_range)
def test_parse_date_round_trips_and_refuses_the_future(day, today):
    assert parse_date(day.isoformat()) == day
    if day > today:
        with pytest.raises(InvalidDate, match="tương lai"):
            parse_date(day.isoformat(), today=today)
    else:
        assert parse_date(f"  {day.isoformat()} ", today=today) == day


@FAST
@given(st.dates().filter(lambda d: not FIRST_ACCEPTED_YEAR <= d.year <= LAST_ACCEPTED_YEAR))
def test_far_dates_are_refused(day):
    with pytest.raises(InvalidDate, match="nằm ngoài khoảng năm"):
        check_date(day)
    with pytest.raises(InvalidDate):
        parse_date(day.isoformat())


@FAST
@given(texts)
@example("01/01/" + "9" * 30)  # a year too large for a date: was an OverflowError (a 500 in the imports)
@example("01/01/99999")
@example("31/02/2026")
def test_parse_written_date_raises_only_invalid_date(text):
    try:
        day = parse_written_date(text)
    except InvalidDate:
        return
    assert FIRST_ACCEPTED_YEAR <= day.year <= LAST_ACCEPTED_YEAR


@FAST
@given(in_range, st.sampled_from("/-."))
def test_parse_written_date_round_trips(day, separator):
    assert parse_written_date(format_day(day).replace("/", separator)) == day


@FAST
@given(texts)
@example("2026-03-10:2026-03-20")
@example("2026-03-10:" + "9" * 30)
def test_parse_date_span_raises_only_its_error(text):
    try:
        start, end = parse_date_span(text)
    except InvalidDateSpan:
        return
    assert isinstance(start, date) and isinstance(end, date)


@FAST
@given(st.dates(), st.dates())
def test_parse_date_span_round_trips(start, end):
    assert parse_date_span(f"{start.isoformat()}:{end.isoformat()}") == (start, end)


# ------------------------------------------------------------------------------------------------- figures


@FAST
@given(texts, st.integers(0, 4))
@example("1.250,5", 1)
@example("1e5", 2)
@example("NaN", 2)
@example("-1", 2)
@example("١٢٣", 0)
def test_parse_decimal_raises_only_invalid_number(text, places):
    try:
        value = parse_decimal(text, places=places, maximum=Decimal("999999999999"))
    except InvalidNumber:
        return
    assert value.is_finite() and Decimal(0) <= value <= Decimal("999999999999")
    exponent = value.normalize().as_tuple().exponent
    assert not isinstance(exponent, int) or -exponent <= places


@FAST
@given(st.decimals(min_value=0, max_value=Decimal("999999999999"), places=3, allow_nan=False, allow_infinity=False))
def test_parse_decimal_reads_back_format_decimal(value):
    assert parse_decimal(format_decimal(value), places=3) == value


# ------------------------------------------------------------------------------------------------- identity papers


@FAST
@given(st.sampled_from(list(IdType)), texts, st.one_of(st.none(), st.text(max_size=20)))
@example(IdType.CCCD, "079 199-887.766", None)
@example(IdType.OTHER, "<script>alert(1)</script>", "Giấy phép lái xe")
def test_validate_id_number_raises_only_its_error_and_is_idempotent(kind, text, paper):
    try:
        number = validate_id_number(kind, text, paper_name=paper)
    except InvalidIdNumber:
        return
    assert number and validate_id_number(kind, number, paper_name=paper) == number
    if kind in (IdType.CCCD, IdType.CMND):
        assert number.isascii() and number.isdigit()


# ------------------------------------------------------------------------------------------------- passwords


@FAST
@given(st.text(max_size=MAX_LENGTH + 20), st.text(max_size=20), st.text(max_size=30))
def test_check_new_password_raises_only_password_rejected(password, username, full_name):
    try:
        check_new_password(password, common_passwords={"password", "12345678"}, username=username, full_name=full_name)
    except PasswordRejected:
        return
    import unicodedata

    assert MIN_LENGTH <= len(unicodedata.normalize("NFC", password)) <= MAX_LENGTH


# ------------------------------------------------------------------------------------------------- text


@FAST
@given(st.text())
def test_normalise_and_fold_never_raise_and_are_idempotent(text):
    assert normalise_text(normalise_text(text)) == normalise_text(text)
    assert fold_text(fold_text(text)) == fold_text(text)


@FAST
@given(st.text(min_size=1), st.text())
def test_prefix_end_bounds_every_text_with_the_prefix(prefix, tail):
    assert prefix <= prefix + tail < prefix_end(prefix)
    with pytest.raises(ValueError):
        prefix_end("")


# ------------------------------------------------------------------------------------------------- periods


@FAST
@given(texts)
@example("2026-Q5")
@example("1999")
@example("٢٠٢٦-Q1")
def test_parse_period_raises_only_invalid_period(text):
    try:
        period = parse_period(text)
    except InvalidPeriod:
        return
    assert period.start <= period.end


@FAST
@given(st.integers(2000, 2100), st.sampled_from(["Q1", "Q2", "Q3", "Q4", "6M", "9M", "NA", "", "01", "12"]))
def test_parse_period_reads_back_its_code(year, suffix):
    text = f"{year}-{suffix}" if suffix else str(year)
    period = parse_period(text)
    assert parse_period(period.code) == period and period.code == text


# ------------------------------------------------------------------------------------------------- paperwork


@FAST
@given(texts)
@example("Bản sao; ²; rách; bản chính")  # a superscript digit: str.isdigit() but not int() (was a ValueError)
@example("Đơn; " + "9" * 5000)  # more digits than int() reads (was a ValueError), and beyond the column
def test_parse_items_never_raises(text):
    for item in parse_items(text):
        assert item.name and (item.pages is None or 0 <= item.pages <= INT_MAX)


item_names = st.text(alphabet=st.characters(blacklist_characters=";\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), min_size=1).map(str.strip).filter(bool)
items = st.builds(
    ReceiptItem,
    name=item_names,
    pages=st.one_of(st.none(), st.integers(1, 10_000)),
    condition=item_names | st.just(""),
    is_original=st.booleans(),
)


@FAST
@given(st.lists(items, max_size=5))
def test_parse_items_reads_back_items_text(listed):
    assert parse_items(items_text(tuple(listed))) == tuple(listed)


@FAST
@given(st.text(alphabet=CODE_ALPHABET.lower() + CODE_ALPHABET + " -", max_size=30))
def test_normalise_code_is_idempotent(text):
    assert normalise_code(normalise_code(text)) == normalise_code(text)


def test_a_new_receipt_code_is_its_own_normal_form():
    for _ in range(50):
        code = new_receipt_code()
        assert normalise_code(code.lower().replace("-", " ")) == code


# ------------------------------------------------------------------------------------------------- rules


@FAST
@given(st.one_of(st.none(), texts))
def test_check_reason_raises_only_correction_refused_and_is_idempotent(reason):
    try:
        text = check_reason(reason)
    except CorrectionRefused:
        return
    assert check_reason(text) == text


@FAST
@given(st.sampled_from(list(SignerKind)), st.integers(-(10**6), 10**6))
def test_check_signers_raises_only_domain_error(kind, count):
    try:
        stored = check_signers(kind, count)
    except DomainError:
        assert kind not in (SignerKind.ONE, SignerKind.NONE) and count < 2
        return
    assert stored >= 0


@FAST
@given(texts, texts)
def test_check_signer_raises_only_domain_error(position, name):
    try:
        check_signer(position=position, name=name)
    except DomainError:
        return
    assert any(c.isalpha() for c in position) and any(c.isalpha() for c in name)


@FAST
@given(in_range, st.one_of(st.none(), st.integers(1, 10_000)), st.one_of(st.none(), in_range))
def test_a_register_number_is_never_back_dated(day, previous_number, previous_date):
    try:
        check_number_date(day=day, previous_number=previous_number, previous_date=previous_date)
    except DomainError:
        assert previous_date is not None and day < previous_date
        return
    assert previous_date is None or day >= previous_date


# ------------------------------------------------------------------------------------------------- request values


@FAST
@given(st.one_of(st.none(), st.booleans(), st.integers(), texts))
def test_request_numbers_are_in_the_column_range_or_nothing(value):
    number = parse_int(value)
    assert number is None or INT_MIN <= number <= INT_MAX
    ident = parse_id(value)
    assert ident is None or ident == NO_ROW_ID or INT_MIN <= ident <= INT_MAX
    try:
        chosen = coerce_optional_int(value)
    except ValueError:
        return
    assert chosen is None or INT_MIN <= chosen <= INT_MAX


@FAST
@given(st.lists(st.tuples(item_names.filter(lambda s: "|" not in s), st.text(alphabet=string.ascii_letters + " ", max_size=20).map(str.strip)), max_size=5))
def test_parse_drafting_units_reads_back_format_drafting_units(pairs):
    units = [{"code": code, "name": name} for code, name in pairs]
    assert parse_drafting_units(format_drafting_units(units)) == units


# ------------------------------------------------------------------------------------------------- form fields


@pytest.fixture(scope="module")
def form_context(app):
    with app.test_request_context():
        yield app


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
@example(text="9999-12-31")
@example(text="2026-02-30")
@example(text="<script>alert(1)</script>")
def test_day_field_gives_a_date_in_range_or_a_form_error(form_context, text):
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict

    from petitions.dates import DayField

    class One(FlaskForm):
        day = DayField("Ngày", not_after_today=True)

    form = One(formdata=MultiDict({"day": text}), meta={"csrf": False})
    if form.validate():
        assume(text.strip())
        assert FIRST_ACCEPTED_YEAR <= form.day.data.year <= LAST_ACCEPTED_YEAR
        assert form.day.data <= date.today() + timedelta(days=1)
    else:
        assert form.day.errors


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
@example(text="1.250,5")
@example(text="9" * 5000)
def test_figure_field_gives_a_figure_or_a_form_error(form_context, text):
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict

    from petitions.cases.forms import _money
    from petitions.domain.case_flow import MAX_FIGURE

    class One(FlaskForm):
        money = _money("Tiền")

    form = One(formdata=MultiDict({"money": text}), meta={"csrf": False})
    if form.validate():
        assert Decimal(0) <= form.money.data <= MAX_FIGURE
    else:
        assert form.money.errors and form.money.data is None
