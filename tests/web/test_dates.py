"""Dates typed into forms, query strings and the CLI go through the one date type (petitions.dates)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from petitions import clock
from petitions.cli import seed_reference_data
from petitions.domain.types import Role
from petitions.history import latest_entry
from petitions.letters.models import Letter
from petitions.reception.models import Visit
from tests.factories import count_rows, signed_in_client
from tests.web.test_letters import FORM as LETTER_FORM
from tests.web.test_reception import intake_data

TODAY = date(2026, 8, 20)


def input_tag(page: str, name: str) -> str:
    """The <input> named `name` on `page`."""
    found = re.search(rf'<input [^>]*name="{name}"[^>]*>', page)
    assert found, name
    return found.group(0)


@pytest.fixture
def officer(app, session, monkeypatch):
    seed_reference_data()
    monkeypatch.setattr(clock, "local_today", lambda: TODAY)
    return signed_in_client(app, role=Role.RECEPTION_OFFICER)


def test_a_visit_dated_ahead_is_refused_and_nothing_is_saved(officer):
    client, _ = officer
    response = client.post("/reception/visits/new", data=intake_data(visited_on="2026-08-27"))
    assert response.status_code == 400  # an invalid form re-renders with 400 (README: Developer conventions)
    assert "Ngày tiếp 27/08/2026 là ngày trong tương lai" in response.get_data(as_text=True)
    assert count_rows(Visit) == 0


def test_a_late_entry_for_an_earlier_day_is_kept_with_who_entered_it(officer):
    client, user = officer
    response = client.post("/reception/visits/new", data=intake_data(visited_on="2026-08-14"))
    assert response.status_code == 302
    visit = client.application.extensions["sqlalchemy"].session.query(Visit).one()
    assert visit.visited_on == date(2026, 8, 14)
    entry = latest_entry(visit)
    assert entry is not None and entry.actor_id == user.id and entry.recorded_at is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("received_on", "2026-08-21", "Ngày nhận đơn 21/08/2026 là ngày trong tương lai"),
        ("letter_dated_on", "2026-09-01", "Ngày viết đơn 01/09/2026 là ngày trong tương lai"),
        ("received_on", "9999-12-31", "nằm ngoài khoảng năm 1900–2100"),
        ("received_on", "0001-01-01", "nằm ngoài khoảng năm 1900–2100"),
        ("received_on", "2026-02-30", "Ngày không hợp lệ"),
    ],
)
def test_a_letter_date_that_cannot_be_is_refused(officer, field, value, message):
    client, _ = officer
    response = client.post("/letters/new", data={**LETTER_FORM, field: value})
    assert response.status_code == 400  # an invalid form re-renders with 400 (README: Developer conventions)
    assert message in response.get_data(as_text=True)
    assert count_rows(Letter) == 0


@pytest.mark.parametrize("typed", ["14/08/2026", "14082026", "14/8/2026", "2026-08-14"])
def test_a_visit_day_typed_day_first_or_year_first_is_saved_as_that_day(officer, typed):
    client, _ = officer
    response = client.post("/reception/visits/new", data=intake_data(visited_on=typed))
    assert response.status_code == 302
    assert client.application.extensions["sqlalchemy"].session.query(Visit).one().visited_on == date(2026, 8, 14)


def test_a_date_field_is_a_dd_mm_yyyy_text_box_with_its_error_tied_to_it(officer):
    client, _ = officer
    page = client.get("/letters/new").get_data(as_text=True)
    # Not the browser's date input (mm/dd/yyyy in an English browser): a text box showing today dd/mm/yyyy.
    assert 'type="date"' not in page
    box = input_tag(page, "received_on")
    assert 'type="text"' in box and re.search(r'value="\d\d/\d\d/20\d\d"', box) and 'placeholder="ngày/tháng/năm"' in box
    assert "data-date-field" in box and 'data-picker-label="Chọn ngày trên lịch: Ngày nhận đơn"' in box
    assert "aria-invalid" not in box
    refused = client.post("/letters/new", data={**LETTER_FORM, "received_on": "31/02/2026"}).get_data(as_text=True)
    box = input_tag(refused, "received_on")
    assert 'aria-describedby="received_on-error-1"' in box and 'aria-invalid="true"' in box and 'value="31/02/2026"' in box
    assert '<div class="invalid-feedback d-block" id="received_on-error-1">Ngày không hợp lệ' in refused


def test_a_list_filter_reads_a_day_typed_dd_mm_yyyy_and_shows_it_so(officer):
    client, _ = officer
    page = client.get("/letters/?due_from=1/9/2026&due_to=2026-09-30").get_data(as_text=True)
    assert 'value="01/09/2026"' in input_tag(page, "due_from") and 'value="30/09/2026"' in input_tag(page, "due_to")


def test_the_cli_refuses_a_far_date_with_the_same_message(app, session, runner, tmp_path):
    seed_reference_data()
    result = runner.invoke(
        args=["reception-book", "--from", "9999-01-01", "--to", "9999-01-31", "-o", str(tmp_path / "so.pdf")]
    )
    assert result.exit_code == 2
    assert "nằm ngoài khoảng năm 1900–2100" in result.output
