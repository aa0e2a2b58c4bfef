"""Deadline calculator page and `petitions deadline` CLI against the functions; the administrator's calendar."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

import pytest

from petitions import clock
from petitions.deadlines import services
from petitions.deadlines.models import CalendarDay, CalendarVersion
from petitions.deadlines.services import seed_calendar, start_clock
from petitions.domain.calendar_data import confirmed_calendar
from petitions.domain.deadlines import compute_due
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.history import history_of
from petitions.letters.services import letter_clocks
from tests.domain.test_deadlines import WORKED_EXAMPLES, Case
from tests.factories import count_rows, make_case, make_letter, signed_in_client

D = date.fromisoformat

HOLIDAYS_2028 = {
    D("2028-01-01"): "Tết Dương lịch",
    D("2028-01-26"): "Tết Nguyên Đán",
    D("2028-05-01"): "Ngày Quốc tế Lao động",
}


@pytest.fixture
def seeded(session):
    seed_calendar()


def _shows_label(page: str, label: str) -> bool:
    """The register label stands alone on the page (1/2026, not inside 11/2026 or 01/2026)."""
    return re.search(rf"(?<![\d/]){re.escape(label)}(?!\d)", page) is not None


def _expected(case: Case) -> Any:
    """What the functions say on the confirmed calendar (the CLI and the page must say the same)."""
    return compute_due(case.rule, D(case.trigger), confirmed_calendar(), variants=case.variants, **case.kwargs)


# CLI --------------------------------------------------------------------------------------


def _cli_args(case: Case) -> list[str]:
    args = ["deadline", case.rule, case.trigger]
    args += [f"--{v.replace('_', '-')}" for v in case.variants]
    for key, value in case.kwargs.items():
        if key == "extensions":
            args += ["--extensions", str(value)]
        elif key == "pauses":
            for start, end in value:
                args += ["--paused", f"{start.isoformat()}:{end.isoformat()}"]
        else:  # pragma: no cover - the worked examples use only these
            raise AssertionError(key)
    return args


@pytest.mark.parametrize("case", WORKED_EXAMPLES)
def test_cli_gives_the_functions_answer_for_worked_example(seeded, runner, case):
    result = runner.invoke(args=_cli_args(case))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    expected = _expected(case)
    if case.expected is None:
        assert expected is None and lines[0] == "no clock"
    else:
        assert lines[0] == case.expected == expected.due.isoformat()
        assert lines[1] == expected.explanation


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["D99", "2026-03-02"], "Không có thời hạn «D99»"),
        (["D10", "2026-02-30"], "không phải ngày hợp lệ"),
        (["D10", "05/03/2026"], "không phải ngày hợp lệ"),
        (["D21", "2018-12-31"], "chỉ áp dụng từ ngày 01/01/2019"),
        (["D7", "2026-03-02", "--remote"], "không có biến thể"),
        (["D13", "2026-03-02", "--dismissal"], "chỉ áp dụng cùng với"),
        (["D24", "2026-03-02", "--complex", "--very-complex"], "không dùng đồng thời"),
        (["D15", "2026-03-02", "--paused", "2026-03-10:2026-03-20"], "01/07/2026"),
        (["D24", "2026-03-05", "--complex", "--extensions", "2"], "chỉ được gia hạn 1 lần"),
        (["D24", "2026-03-05", "--extensions", "1"], "gia hạn"),
        (["D10", "2026-03-02", "--base", "mười"], "số nguyên"),
        (["D24", "2026-03-02", "--paused", "2026-03-10"], "YYYY-MM-DD:YYYY-MM-DD"),
        (["D24", "2027-12-20"], "chưa được xác nhận"),
    ],
)
def test_cli_exits_non_zero_with_vietnamese_error(seeded, runner, args, message):
    result = runner.invoke(args=["deadline", *args])
    assert result.exit_code != 0
    assert "Lỗi:" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_cli_reports_missing_calendar_when_not_seeded(session, runner):
    result = runner.invoke(args=["deadline", "D10", "2026-03-02"])
    assert result.exit_code != 0 and "petitions seed" in result.output


def test_cli_uses_the_database_calendar_after_an_edit(seeded, runner):
    entry = services.make_entry(day=D("2026-03-05"), kind=services.DayKind.HOLIDAY, name="Nghỉ đột xuất")
    services.change_confirmed_year(services.DayChange(2026, add=(entry,)), decision_numbers="TB 1")
    result = runner.invoke(args=["deadline", "D10", "2026-03-02"])
    assert result.stdout.splitlines()[0] == "2026-03-17"


def test_cli_base_extension_days_and_obstacle_options(seeded, runner):
    # D10 with base 5 from Mon 02/03/2026 → Mon 09/03.
    assert runner.invoke(args=["deadline", "D10", "2026-03-02", "--base", "5"]).stdout.startswith("2026-03-09\n")
    # D24 complex, 1 extension of 20 days from 02/03/2026: 50 days → Tue 21/04.
    out = runner.invoke(args=["deadline", "D24", "2026-03-02", "--complex", "--extensions", "1", "--extension-days", "20"])
    assert out.stdout.startswith("2026-04-21\n")
    # D12 from 02/03/2026, obstacle 10/03–19/03 (10 days): 100 days → Wed 10/06.
    out = runner.invoke(args=["deadline", "D12", "2026-03-02", "--obstacle", "2026-03-10:2026-03-19"])
    assert out.stdout.startswith("2026-06-10\n")


# Calculator page --------------------------------------------------------------------------


def _query(case: Case) -> dict[str, str]:
    query = {"rule": case.rule, "trigger": case.trigger}
    for v in case.variants:
        query[v] = "y"
    for key, value in case.kwargs.items():
        if key == "extensions":
            query["extensions"] = str(value)
        elif key == "pauses":
            for i, (start, end) in enumerate(value):
                query[f"pauses-{i}-start"] = start.isoformat()
                query[f"pauses-{i}-end"] = end.isoformat()
    return query


@pytest.mark.parametrize("case", WORKED_EXAMPLES)
def test_calculator_page_gives_the_functions_answer_for_worked_example(app, seeded, case):
    client, _ = signed_in_client(app, role=Role.HANDLER)
    response = client.get("/deadlines/calculator", query_string=_query(case))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    expected = _expected(case)
    if case.expected is None:
        assert expected is None and 'id="deadline-none"' in page and "Không có thời hạn" in page
    else:
        assert re.findall(r'<time datetime="([\d-]+)">', page) == [case.expected]
        assert expected.explanation.split(".")[0] in page.replace("&#39;", "'")


def test_calculator_page_shows_error_for_too_many_extensions(app, seeded):
    client, _ = signed_in_client(app, role=Role.RECEPTION_OFFICER)
    query = {"rule": "D24", "trigger": "2026-03-05", "complex": "y", "extensions": "2"}
    page = client.get("/deadlines/calculator", query_string=query).get_data(as_text=True)
    assert 'id="deadline-error"' in page and "chỉ được gia hạn 1 lần" in page
    assert "<time" not in page


def test_calculator_page_shows_obstacles_and_half_filled_period_error(app, seeded):
    client, _ = signed_in_client(app, role=Role.VIEWER)
    query = {"rule": "D12", "trigger": "2026-03-02", "obstacles-0-start": "2026-03-10", "obstacles-0-end": "2026-03-19"}
    page = client.get("/deadlines/calculator", query_string=query).get_data(as_text=True)
    assert '<time datetime="2026-06-10">' in page
    query["obstacles-0-end"] = ""
    page = client.get("/deadlines/calculator", query_string=query).get_data(as_text=True)
    assert 'id="deadline-error"' in page


@pytest.mark.parametrize("role", list(Role))
def test_calculator_page_is_open_to_every_role(app, seeded, role):
    client, _ = signed_in_client(app, role=role)
    response = client.get("/deadlines/calculator")
    assert response.status_code == 200
    assert "2025-2027 xác nhận" in response.get_data(as_text=True)


def test_calculator_page_says_calendar_missing_instead_of_failing(app, session):
    client, _ = signed_in_client(app, role=Role.HANDLER)
    response = client.get("/deadlines/calculator", query_string={"rule": "D10", "trigger": "2026-03-02"})
    assert response.status_code == 200
    assert "petitions seed" in response.get_data(as_text=True)


# Administrator's calendar -----------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_calendar_pages_refuse_other_roles_with_403(app, seeded, role):
    client, _ = signed_in_client(app, role=role)
    for url in ("/deadlines/calendar", "/deadlines/calendar/2026", "/deadlines/calendar/2028/confirm"):
        assert client.get(url).status_code == 403, url
    for url in ("/deadlines/calendar/2028/propose", "/deadlines/calendar/2028/days", "/deadlines/calendar/2028/confirm"):
        assert client.post(url).status_code == 403, url


def test_calendar_year_page_shows_days_off_and_make_up_saturday(app, seeded):
    client, _ = signed_in_client(app, role=Role.ADMIN)
    page = client.get("/deadlines/calendar/2026").get_data(as_text=True)
    assert "Đã xác nhận" in page
    assert "22/08/2026" in page and "Làm việc bù cho thứ Hai 31/08/2026" in page
    assert "Ngày Văn hóa Việt Nam" in page
    assert page.count("<caption") == 12


def test_calendar_year_page_answers_404_for_absurd_year(app, seeded):
    client, _ = signed_in_client(app, role=Role.ADMIN)
    assert client.get("/deadlines/calendar/1").status_code == 404
    assert client.post("/deadlines/calendar/2026/days/999999/delete").status_code == 404


@pytest.mark.parametrize(("today", "shown"), [(date(2027, 9, 30), False), (date(2027, 10, 1), True)])
def test_calendar_pages_remind_from_first_october_when_next_year_unconfirmed(app, seeded, monkeypatch, today, shown):
    monkeypatch.setattr(clock, "utcnow", lambda: datetime.combine(today, time(5)))  # 12:00 in Vietnam
    client, _ = signed_in_client(app, role=Role.ADMIN)
    for url in ("/deadlines/calendar", "/deadlines/calendar/2027"):
        page = client.get(url).get_data(as_text=True)
        assert ('id="calendar-reminder"' in page) is shown
        assert ("Lịch làm việc năm 2028 chưa được xác nhận" in page) is shown


def test_admin_prepares_and_confirms_next_year_with_preview(app, seeded, monkeypatch):
    monkeypatch.setattr(services, "package_holidays", lambda year: HOLIDAYS_2028)
    client, admin = signed_in_client(app, role=Role.ADMIN)
    case = make_case(title="Nội dung vụ việc không được lộ")
    pending = start_clock(case, rule_id="D24", trigger_on=D("2027-12-20"))

    assert client.post("/deadlines/calendar/2028/propose").status_code == 302
    assert count_rows(CalendarDay, CalendarDay.day >= D("2028-01-01")) == 4  # + compensatory Mon 03/01
    added = client.post(
        "/deadlines/calendar/2028/days",
        data={"day": "2028-01-29", "kind": "make_up", "name": "Làm bù Tết", "decision_no": "TB 7/2027"},
    )
    assert added.status_code == 302
    preview = client.get("/deadlines/calendar/2028/confirm")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert f"Vụ việc #{case.id}" in page and "Nội dung vụ việc" not in page
    assert "được tính hạn lần đầu: 1" in page
    assert pending.due_on is None

    confirmed = client.post("/deadlines/calendar/2028/confirm", data={"decision_numbers": "TB 7/2027"})
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert pending.due_on == D("2028-01-19")
    version = db.session.query(CalendarVersion).order_by(CalendarVersion.id.desc()).first()
    assert version.first_year == 2028 and version.confirmed_by_id == admin.id
    [row] = [e for e in history_of("clock", pending.id) if e.field == "due_on"]
    assert row.actor_id == admin.id


def test_confirm_without_decision_number_is_refused(app, seeded, monkeypatch):
    monkeypatch.setattr(services, "package_holidays", lambda year: HOLIDAYS_2028)
    client, _ = signed_in_client(app, role=Role.ADMIN)
    client.post("/deadlines/calendar/2028/propose")
    response = client.post("/deadlines/calendar/2028/confirm", data={"decision_numbers": ""})
    assert response.status_code == 400
    assert count_rows(CalendarVersion) == 1


def test_editing_confirmed_year_previews_register_numbers_then_applies(app, seeded):
    client, _ = signed_in_client(app, role=Role.ADMIN)
    letter = make_letter(received_on=D("2026-03-02"), summary="Tên người khiếu nại bí mật")
    [clock] = letter_clocks(letter)  # D10, opened by the registration
    db.session.commit()  # a refused request rolls back what is not committed (here: a SAVEPOINT)
    form = {"day": "2026-03-05", "kind": "holiday", "name": "Nghỉ đột xuất", "decision_no": ""}

    preview = client.post("/deadlines/calendar/2026/days", data=form)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert _shows_label(page, letter.register_label) and "+1" in page and "Tên người khiếu nại" not in page
    db.session.expire_all()
    assert clock.due_on == D("2026-03-16")
    assert count_rows(CalendarDay, CalendarDay.day == D("2026-03-05")) == 0

    missing_notice = client.post("/deadlines/calendar/2026/days", data={**form, "apply": "1"})
    assert missing_notice.status_code == 400

    applied = client.post("/deadlines/calendar/2026/days", data={**form, "apply": "1", "decision_numbers": "CĐ 12/2026"})
    assert applied.status_code == 302
    db.session.expire_all()
    assert clock.due_on == D("2026-03-17")
    assert len([e for e in history_of("clock", clock.id) if e.field == "due_on"]) == 1


def test_deleting_a_confirmed_day_goes_through_preview(app, seeded):
    client, _ = signed_in_client(app, role=Role.ADMIN)
    letter = make_letter()
    clock = start_clock(letter, rule_id="D22", trigger_on=D("2026-12-31"))
    row = db.session.query(CalendarDay).filter_by(day=D("2027-01-01")).one()
    url = f"/deadlines/calendar/2027/days/{row.id}/delete"
    preview = client.post(url)
    assert preview.status_code == 200 and _shows_label(preview.get_data(as_text=True), letter.register_label)
    assert client.post(url, data={"apply": "1", "decision_numbers": "Thử"}).status_code == 302
    db.session.expire_all()
    assert clock.due_on == D("2027-01-07")


def test_draft_days_are_added_and_deleted_without_preview(app, seeded):
    client, _ = signed_in_client(app, role=Role.ADMIN)
    response = client.post(
        "/deadlines/calendar/2028/days", data={"day": "2028-03-06", "kind": "holiday", "name": "Ngày thử"}
    )
    assert response.status_code == 302
    row = db.session.query(CalendarDay).filter_by(day=D("2028-03-06")).one()
    assert not row.is_confirmed
    assert client.post(f"/deadlines/calendar/2028/days/{row.id}/delete").status_code == 302
    assert count_rows(CalendarDay, CalendarDay.day == D("2028-03-06")) == 0


def test_adding_make_up_day_on_weekday_shows_error(app, seeded):
    client, _ = signed_in_client(app, role=Role.ADMIN)
    response = client.post(
        "/deadlines/calendar/2028/days",
        data={"day": "2028-03-06", "kind": "make_up", "name": "Sai", "decision_no": "TB 1"},
    )
    assert response.status_code == 400
    assert "thứ Bảy hoặc Chủ nhật" in response.get_data(as_text=True)


def test_calendar_post_without_csrf_token_is_refused(app, seeded, monkeypatch):
    client, _ = signed_in_client(app, role=Role.ADMIN)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post("/deadlines/calendar/2028/propose")
    assert response.status_code == 400
    assert count_rows(CalendarDay, CalendarDay.day >= D("2028-01-01")) == 0


@pytest.mark.parametrize(
    ("role", "today", "shown"),
    [
        (Role.ADMIN, date(2027, 9, 30), False),
        (Role.ADMIN, date(2027, 10, 1), True),
        (Role.HANDLER, date(2027, 10, 1), False),
    ],
)
def test_admin_home_page_reminds_from_first_october_when_next_year_unconfirmed(
    app, seeded, monkeypatch, role, today, shown
):
    monkeypatch.setattr(clock, "utcnow", lambda: datetime.combine(today, time(5)))  # 12:00 in Vietnam
    client, _ = signed_in_client(app, role=role)
    page = client.get("/").get_data(as_text=True)
    assert ('id="calendar-reminder"' in page) is shown
    assert ("Lịch làm việc năm 2028 chưa được xác nhận" in page) is shown
    assert ("Mở lịch làm việc" in page) is shown


@pytest.mark.parametrize("trigger", ["9999-12-31", "1000-01-01"])
def test_calculator_page_refuses_a_far_date_with_a_message(app, seeded, trigger):
    client, _ = signed_in_client(app, role=Role.HANDLER)
    response = client.get("/deadlines/calculator", query_string={"rule": "D10", "trigger": trigger})
    page = response.get_data(as_text=True)
    assert response.status_code == 400  # the page with the form's message (tests/security/test_input_dates.py)
    assert "nằm ngoài khoảng năm 1900–2100" in page
    assert "<time" not in page
