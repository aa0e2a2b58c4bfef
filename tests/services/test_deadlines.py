"""Deadline services: the calendar in the database, clocks on records, the calendar change flow with history."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.deadlines import queries, services
from petitions.deadlines.models import CalendarDay, CalendarVersion, Clock
from petitions.deadlines.queries import (
    NoConfirmedCalendar,
    calendar_reminder,
    current_handling_clock,
    current_handling_clocks,
    load_working_calendar,
)
from petitions.deadlines.services import (
    CalendarChangeError,
    ClockError,
    DayChange,
    change_confirmed_year,
    change_draft_year,
    confirm_year,
    extend_clock,
    make_entry,
    pause_clock,
    preview_confirm_year,
    preview_confirmed_change,
    propose_calendar_year,
    resume_clock,
    seed_calendar,
    start_clock,
    stop_clock,
)
from petitions.domain.calendar_data import CONFIRMED_DAYS, CONFIRMED_VERSION, DayKind, confirmed_calendar
from petitions.domain.deadlines import (
    PauseBeforeRuleAllows,
    PauseNotAllowed,
    TooManyExtensions,
    UnknownRule,
    VariantNotAllowed,
)
from petitions.domain.records import LetterType
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import HistoryEntry, history_of
from petitions.letters.models import Letter
from petitions.letters.services import letter_clocks
from tests.factories import count_rows, make_case, make_letter, make_user

D = date.fromisoformat

# A fictional 2028 as the holidays package might list it (weekday holidays only, and one on a Saturday).
HOLIDAYS_2028 = {
    D("2028-01-01"): "Tết Dương lịch",  # Saturday → compensatory Monday 03/01
    D("2028-01-26"): "Tết Nguyên Đán",
    D("2028-01-27"): "Tết Nguyên Đán",
    D("2028-05-01"): "Ngày Quốc tế Lao động",
}


@pytest.fixture
def calendar(session):
    seed_calendar()
    return load_working_calendar()


def _registration_clock(letter, rule_id: str = "D10") -> Clock:
    """The clock register_letter opened on the letter from its receipt date."""
    [clock] = [c for c in letter_clocks(letter) if c.rule_id == rule_id]
    return clock


def _due_updates(clock: Clock) -> list[HistoryEntry]:
    return [e for e in history_of("clock", clock.id) if e.action == "update" and e.field == "due_on"]


# Seed and loader --------------------------------------------------------------------------


def test_seed_calendar_loads_confirmed_days_once(session):
    assert seed_calendar() == len(CONFIRMED_DAYS)
    assert seed_calendar() == 0
    assert count_rows(CalendarDay) == len(CONFIRMED_DAYS)
    assert count_rows(CalendarVersion) == 1


def test_seed_command_is_idempotent_and_reports_calendar_days(session, runner):
    first = runner.invoke(args=["seed"])
    second = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert f"calendar_days +{len(CONFIRMED_DAYS)}" in first.output
    assert "calendar_days +0" in second.output
    assert count_rows(CalendarDay) == len(CONFIRMED_DAYS)


def test_load_working_calendar_equals_confirmed_calendar_after_seed(calendar):
    expected = confirmed_calendar()
    assert calendar.days_off == expected.days_off
    assert calendar.working_weekend_days == expected.working_weekend_days == frozenset({D("2026-08-22")})
    assert (calendar.first_day, calendar.last_day) == (D("2025-01-01"), D("2027-12-31"))
    assert calendar.version == CONFIRMED_VERSION


def test_load_working_calendar_raises_domain_error_when_nothing_confirmed(session):
    with pytest.raises(NoConfirmedCalendar):
        load_working_calendar()


def test_load_working_calendar_is_cached_until_a_year_changes(calendar):
    assert load_working_calendar() is calendar
    propose_calendar_year(2028, HOLIDAYS_2028)
    confirm_year(2028, decision_numbers="TB 1/2027")
    reloaded = load_working_calendar()
    assert reloaded is not calendar
    assert reloaded.last_day == D("2028-12-31")


def test_draft_days_do_not_count_until_the_year_is_confirmed(calendar):
    propose_calendar_year(2028, HOLIDAYS_2028)
    queries.invalidate_calendar_cache()
    assert load_working_calendar().last_day == D("2027-12-31")


# Clocks -----------------------------------------------------------------------------------


def test_start_clock_stores_due_date_explanation_and_calendar_version(calendar):
    letter = make_letter(received_on=D("2026-02-13"))  # registration starts D10 from receipt
    clock = _registration_clock(letter)
    assert (clock.record_type, clock.record_id) == ("letter", letter.id)
    assert clock.due_on == D("2026-03-06")
    assert "16/02–20/02/2026" in clock.explanation
    assert clock.calendar_version == CONFIRMED_VERSION
    assert [e.action for e in history_of("clock", clock.id)] == ["create"]


def test_start_clock_returns_none_when_rule_sets_no_clock(calendar):
    letter = make_letter()
    assert start_clock(letter, rule_id="D9", trigger_on=D("2026-05-29")) is None
    assert count_rows(Clock, Clock.rule_id == "D9") == 0
    clock = start_clock(letter, rule_id="D9", trigger_on=D("2026-05-29"), variants=["requested"])
    assert clock is not None and clock.due_on == D("2026-06-05")


def test_start_clock_refuses_second_open_clock_of_same_rule(calendar):
    letter = make_letter()  # registration opened its D10
    with pytest.raises(ClockError):
        start_clock(letter, rule_id="D10", trigger_on=D("2026-03-03"))


def test_start_clock_refuses_denunciation_clock_on_anonymous_information(calendar):
    letter = make_letter(letter_type=LetterType.ANONYMOUS)
    with pytest.raises(ClockError, match="D10"):
        start_clock(letter, rule_id="D21", trigger_on=D("2026-03-02"))


@pytest.mark.parametrize(
    ("rule", "variants", "error"),
    [("D99", (), UnknownRule), ("D7", ("remote",), VariantNotAllowed)],
)
def test_start_clock_raises_domain_error_for_invalid_rule_or_variant(calendar, rule, variants, error):
    letter = make_letter()
    before = count_rows(Clock)
    with pytest.raises(error):
        start_clock(letter, rule_id=rule, trigger_on=D("2026-03-02"), variants=variants)
    assert count_rows(Clock) == before


def test_start_clock_without_date_when_count_passes_last_confirmed_year(calendar):
    case = make_case()
    clock = start_clock(case, rule_id="D24", trigger_on=D("2027-12-20"))
    assert clock is not None and clock.due_on is None
    assert "2028" in clock.explanation
    assert current_handling_clock(case) is None


def test_pause_and_resume_add_the_paused_days(calendar):
    # DOMAIN worked example: D24 from 02/03/2026 paused 10/03 → 20/03: 01/04 + 10 = Sat 11/04 → Mon 13/04.
    case = make_case()
    clock = start_clock(case, rule_id="D24", trigger_on=D("2026-03-02"))
    assert clock.due_on == D("2026-04-01")
    pause_clock(clock, on=D("2026-03-10"))
    assert clock.is_paused and clock.due_on == D("2026-04-01")
    resume_clock(clock, on=D("2026-03-20"))
    assert not clock.is_paused
    assert clock.pauses == [["2026-03-10", "2026-03-20"]]
    assert clock.due_on == D("2026-04-13")
    [update] = _due_updates(clock)
    assert (update.old_value, update.new_value) == ("2026-04-01", "2026-04-13")


def test_pause_clock_refuses_complaint_pause_before_july_2026(calendar):
    clock = start_clock(make_case(), rule_id="D15", trigger_on=D("2026-03-02"))
    with pytest.raises(PauseBeforeRuleAllows):
        pause_clock(clock, on=D("2026-03-10"))
    assert not clock.is_paused


def test_pause_clock_refuses_rule_without_pause(calendar):
    clock = _registration_clock(make_letter(received_on=D("2026-03-02")))
    with pytest.raises(PauseNotAllowed):
        pause_clock(clock, on=D("2026-03-05"))


def test_pause_clock_refuses_when_already_paused_and_resume_when_not(calendar):
    clock = start_clock(make_case(), rule_id="D24", trigger_on=D("2026-03-02"))
    with pytest.raises(ClockError):
        resume_clock(clock, on=D("2026-03-20"))
    pause_clock(clock, on=D("2026-03-10"))
    with pytest.raises(ClockError):
        pause_clock(clock, on=D("2026-03-12"))
    with pytest.raises(DomainError):
        resume_clock(clock, on=D("2026-03-05"))  # resumption before the suspension


def test_extend_clock_up_to_the_complexity_limit(calendar):
    # DOMAIN worked example: D24 very complex from 30/01/2026, 2 extensions → 90 days → 30/04 → Mon 04/05.
    clock = start_clock(make_case(), rule_id="D24", trigger_on=D("2026-01-30"), variants=["very_complex"])
    extend_clock(clock, days=30)
    extend_clock(clock, days=30)
    assert clock.due_on == D("2026-05-04")
    assert clock.extension_days == [30, 30] and clock.extensions == 2
    with pytest.raises(TooManyExtensions):
        extend_clock(clock, days=30)
    assert clock.extension_days == [30, 30]


def test_stop_clock_closes_it_with_reason_and_blocks_changes(calendar):
    actor = make_user()
    clock = start_clock(make_case(), rule_id="D24", trigger_on=D("2026-03-02"))
    with pytest.raises(ClockError):
        stop_clock(clock, reason=" ")
    stop_clock(clock, reason="Đã ban hành kết luận nội dung tố cáo", actor=actor)
    assert not clock.is_open and clock.close_reason.startswith("Đã ban hành")
    closed = [e for e in history_of("clock", clock.id) if e.field == "closed_at"]
    assert closed and closed[0].actor_id == actor.id and closed[0].reason.startswith("Đã ban hành")
    with pytest.raises(ClockError):
        pause_clock(clock, on=D("2026-03-10"))
    with pytest.raises(ClockError):
        stop_clock(clock, reason="lần nữa")


def test_current_handling_clock_is_earliest_open_of_d10_d21_d22(calendar):
    # Receipt Wed 22/04/2026 (27/04, 30/04, 01/05 off): 23(1) 24 28 29 04/05(5) 05 06(7) 07 08 11(10):
    # D22 → 04/05, D21 → 06/05, D10 → 11/05.
    letter = make_letter(letter_type=LetterType.DENUNCIATION, received_on=D("2026-04-22"))
    d10, d21 = _registration_clock(letter, "D10"), _registration_clock(letter, "D21")
    d22 = start_clock(letter, rule_id="D22", trigger_on=letter.received_on)
    start_clock(letter, rule_id="D7", trigger_on=D("2026-04-20"))  # its own column: never the handling clock
    assert (d22.due_on, d21.due_on, d10.due_on) == (D("2026-05-04"), D("2026-05-06"), D("2026-05-11"))
    assert current_handling_clock(letter) is d22
    stop_clock(d22, reason="Đã chuyển đơn và thông báo cho người tố cáo")
    assert current_handling_clock(letter) is d21
    stop_clock(d21, reason="Đã thụ lý")
    assert current_handling_clock(letter) is d10
    stop_clock(d10, reason="Đã duyệt hướng xử lý")
    assert current_handling_clock(letter) is None


def test_current_handling_clocks_answers_many_letters_in_one_query(calendar):
    first, second = make_letter(received_on=D("2026-03-02")), make_letter(received_on=D("2026-03-03"))
    a, b = _registration_clock(first), _registration_clock(second)
    idle = make_letter()
    stop_clock(_registration_clock(idle), reason="Đã xử lý")
    found = current_handling_clocks("letter", [first.id, second.id, idle.id])
    assert found == {first.id: a, second.id: b}


def _stored_handling_due(letter) -> date | None:
    """The projection as the lists read it: from the row, not from the loaded object."""
    return db.session.scalar(sa.select(Letter.handling_due_on).where(Letter.id == letter.id))


def test_letter_row_keeps_its_handling_due_date_through_every_clock_change(calendar):
    # The same dates as above: D22 → 04/05, D21 → 06/05, D10 → 11/05/2026.
    letter = make_letter(letter_type=LetterType.DENUNCIATION, received_on=D("2026-04-22"))
    d10, d21 = _registration_clock(letter, "D10"), _registration_clock(letter, "D21")
    assert _stored_handling_due(letter) == letter.handling_due_on == D("2026-05-06")
    d22 = start_clock(letter, rule_id="D22", trigger_on=letter.received_on)
    start_clock(letter, rule_id="D7", trigger_on=D("2026-04-20"))  # not a handling clock: no effect
    assert _stored_handling_due(letter) == letter.handling_due_on == D("2026-05-04")
    stop_clock(d22, reason="Đã chuyển đơn")
    assert _stored_handling_due(letter) == D("2026-05-06")
    stop_clock(d10, reason="Đã duyệt hướng xử lý")
    assert _stored_handling_due(letter) == d21.due_on == D("2026-05-06")
    stop_clock(d21, reason="Đã thụ lý")
    assert _stored_handling_due(letter) is None and letter.handling_due_on is None


def test_calendar_change_moves_the_letters_stored_due_date(calendar):
    letter = make_letter(received_on=D("2026-03-02"))
    clock = _registration_clock(letter)
    before = clock.due_on
    # A day off inside the count pushes the due date one working day later.
    change_confirmed_year(
        DayChange(
            year=2026,
            add=(make_entry(day=D("2026-03-05"), kind=DayKind.SWAP, name="Nghỉ hoán đổi", decision_no="TB 9"),),
        ),
        decision_numbers="TB 9",
    )
    assert clock.due_on > before
    assert _stored_handling_due(letter) == clock.due_on


# Calendar change flow ---------------------------------------------------------------------


def test_propose_year_adds_draft_days_and_keeps_existing_ones(calendar):
    change_draft_year(
        DayChange(
            2028,
            add=(make_entry(day=D("2028-01-27"), kind=DayKind.SWAP, name="Nghỉ hoán đổi", decision_no="TB 1"),),
        )
    )
    added = propose_calendar_year(2028, HOLIDAYS_2028)
    rows = {r.day: r for r in queries.year_rows(2028)}
    assert added == 4  # 01/01, 26/01, 01/05 and the compensatory Monday 03/01 (27/01 was there)
    assert rows[D("2028-01-03")].kind is DayKind.COMPENSATORY
    assert rows[D("2028-01-27")].kind is DayKind.SWAP
    assert all(not r.is_confirmed for r in rows.values())


def test_propose_year_refuses_a_confirmed_year(calendar):
    with pytest.raises(CalendarChangeError):
        propose_calendar_year(2026, {})


def test_confirm_year_gives_pending_clocks_a_date_with_one_history_row_each(calendar):
    admin = make_user()
    case = make_case()
    pending = start_clock(case, rule_id="D24", trigger_on=D("2027-12-20"))
    unaffected = _registration_clock(make_letter(received_on=D("2026-03-02")))
    propose_calendar_year(2028, HOLIDAYS_2028)

    preview = preview_confirm_year(2028)
    assert preview.newly_dated == 1
    assert [m.record_label for m in preview.moves] == [f"Vụ việc #{case.id}"]
    assert pending.due_on is None  # a preview changes nothing

    version, applied = confirm_year(2028, decision_numbers="Thông báo 123/TB-VPCP", actor=admin)
    # 20/12/2027 + 30 days = Wed 19/01/2028, a working day.
    assert pending.due_on == D("2028-01-19")
    assert pending.calendar_version == version.label
    assert [m.new_due for m in applied.moves] == [D("2028-01-19")]
    [row] = _due_updates(pending)
    assert row.actor_id == admin.id and version.label in row.reason
    assert _due_updates(unaffected) == []
    assert all(r.is_confirmed for r in queries.year_rows(2028))
    assert version.decision_numbers == "Thông báo 123/TB-VPCP" and version.confirmed_by_id == admin.id


def test_confirm_year_requires_decision_number_and_years_in_order(calendar):
    propose_calendar_year(2028, HOLIDAYS_2028)
    with pytest.raises(CalendarChangeError):
        confirm_year(2028, decision_numbers=" ")
    with pytest.raises(CalendarChangeError, match="2028"):
        confirm_year(2029, decision_numbers="TB 2")
    with pytest.raises(CalendarChangeError):
        confirm_year(2026, decision_numbers="TB 3")


def test_confirmed_year_edit_previews_then_moves_clocks_with_one_history_row_each(calendar):
    admin = make_user()
    letter = make_letter(received_on=D("2026-03-02"), summary="Nội dung bí mật của đơn")
    # D10 from Mon 02/03/2026: 03(1) 04 05 06 09(5) 10 11 12 13 16(10) → 16/03; with Thu 05/03 off → 17/03.
    moved = _registration_clock(letter)
    later = _registration_clock(make_letter(received_on=D("2026-06-01")))
    other_year = _registration_clock(make_letter(received_on=D("2027-03-01")))
    entry = make_entry(day=D("2026-03-05"), kind=DayKind.SWAP, name="Nghỉ hoán đổi", decision_no="TB 9/2026")
    change = DayChange(2026, add=(entry,))

    preview = preview_confirmed_change(change)
    assert [(m.record_label, m.rule_id, m.old_due, m.new_due, m.shift_days) for m in preview.moves] == [
        (letter.register_label, "D10", D("2026-03-16"), D("2026-03-17"), 1)
    ]
    assert preview.checked == 2  # the 2027 clock is not even looked at
    assert moved.due_on == D("2026-03-16")

    version, applied = change_confirmed_year(change, decision_numbers="TB 9/2026", actor=admin)
    assert len(applied.moves) == 1 and applied.later == 1
    assert moved.due_on == D("2026-03-17") and moved.calendar_version == version.label
    [row] = _due_updates(moved)
    assert (row.old_value, row.new_value, row.actor_id) == ("2026-03-16", "2026-03-17", admin.id)
    assert _due_updates(later) == [] and _due_updates(other_year) == []
    assert later.calendar_version == version.label  # recomputed on the new version, date unchanged
    assert other_year.calendar_version == CONFIRMED_VERSION
    assert load_working_calendar().version == version.label
    assert not load_working_calendar().is_working_day(D("2026-03-05"))


def test_removing_a_confirmed_day_off_moves_clocks_earlier(calendar):
    # D22 from Thu 31/12/2026 → 08/01/2027 (01/01 off); without the 01/01 day off → 07/01.
    clock = start_clock(make_letter(), rule_id="D22", trigger_on=D("2026-12-31"))
    assert clock.due_on == D("2027-01-08")
    change = DayChange(2027, remove=(D("2027-01-01"),))
    assert preview_confirmed_change(change).earlier == 1
    change_confirmed_year(change, decision_numbers="Thử nghiệm")
    assert clock.due_on == D("2027-01-07")
    assert db.session.scalar(sa.select(CalendarDay).where(CalendarDay.day == D("2027-01-01"))) is None


def test_closed_clocks_never_move(calendar):
    clock = _registration_clock(make_letter(received_on=D("2026-03-02")))
    stop_clock(clock, reason="Đã xử lý")
    entry = make_entry(day=D("2026-03-05"), kind=DayKind.HOLIDAY, name="Nghỉ đột xuất")
    change_confirmed_year(DayChange(2026, add=(entry,)), decision_numbers="TB 1")
    assert clock.due_on == D("2026-03-16")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"day": D("2026-03-05"), "kind": DayKind.MAKE_UP, "decision_no": "TB 1"}, "thứ Bảy"),
        ({"day": D("2026-03-07"), "kind": DayKind.MAKE_UP}, "số văn bản"),
        ({"day": D("2026-03-06"), "kind": DayKind.SWAP}, "số văn bản"),
    ],
)
def test_make_entry_refuses_inconsistent_days(session, kwargs, message):
    with pytest.raises(CalendarChangeError, match=message):
        make_entry(name="Ngày thử", **kwargs)


def test_day_change_refuses_duplicate_and_other_year(calendar):
    duplicate = make_entry(day=D("2026-09-02"), kind=DayKind.HOLIDAY, name="Quốc khánh")
    with pytest.raises(CalendarChangeError, match="đã có"):
        preview_confirmed_change(DayChange(2026, add=(duplicate,)))
    with pytest.raises(CalendarChangeError):
        preview_confirmed_change(DayChange(2027, add=(duplicate,)))
    with pytest.raises(CalendarChangeError):
        change_draft_year(DayChange(2026, add=(duplicate,)))  # 2026 is confirmed: not a draft


def test_make_up_saturday_added_to_confirmed_year_counts_as_working_day(calendar):
    # D7 from Fri 02/10/2026: 05(1)…09(5), 12…16(10) → 16/10; with Sat 10/10 worked → 15/10.
    clock = start_clock(make_letter(), rule_id="D7", trigger_on=D("2026-10-02"))
    assert clock.due_on == D("2026-10-16")
    entry = make_entry(day=D("2026-10-10"), kind=DayKind.MAKE_UP, name="Làm bù", decision_no="TB 5")
    change_confirmed_year(DayChange(2026, add=(entry,)), decision_numbers="TB 5")
    assert clock.due_on == D("2026-10-15")


def test_stored_due_dates_do_not_change_when_holidays_package_changes(calendar, monkeypatch):
    holidays = pytest.importorskip("holidays")
    clock = _registration_clock(make_letter(received_on=D("2026-02-13")))
    before = (clock.due_on, clock.explanation, clock.calendar_version)

    # An "upgraded" package that suddenly lists every Monday of 2026–2028 as a holiday.
    def upgraded(country, years, observed=True, language=None):  # noqa: ARG001
        days = {}
        for year in [years] if isinstance(years, int) else years:
            day = date(year, 1, 1)
            while day.year == year:
                if day.weekday() == 0:
                    days[day] = "Ngày lễ mới"
                day = day.fromordinal(day.toordinal() + 1)
        return days

    monkeypatch.setattr(holidays, "country_holidays", upgraded)
    propose_calendar_year(2028, services.package_holidays(2028))
    queries.invalidate_calendar_cache()
    db.session.expire_all()

    assert (clock.due_on, clock.explanation, clock.calendar_version) == before
    assert load_working_calendar().days_off == confirmed_calendar().days_off
    again = _registration_clock(make_letter(received_on=D("2026-02-13")))
    assert again.due_on == D("2026-03-06")


def test_calendar_reminder_from_first_october_when_next_year_unconfirmed(calendar):
    assert calendar_reminder(D("2027-09-30")) is None
    assert "2028" in calendar_reminder(D("2027-10-01"))
    assert calendar_reminder(D("2026-12-31")) is None  # 2027 is confirmed
    propose_calendar_year(2028, HOLIDAYS_2028)
    confirm_year(2028, decision_numbers="TB 1/2027")
    assert calendar_reminder(D("2027-10-01")) is None


def test_calendar_reminder_when_current_year_unconfirmed(session):
    assert "2026" in calendar_reminder(D("2026-03-01"))


def test_history_rows_name_the_actor_of_a_clock_change(calendar):
    actor = make_user()
    clock = start_clock(make_case(), rule_id="D24", trigger_on=D("2026-01-30"), variants=["complex"], actor=actor)
    extend_clock(clock, days=20, actor=actor, reason="Quyết định gia hạn số 5/QĐ")
    [row] = _due_updates(clock)
    assert row.actor_id == actor.id and row.reason == "Quyết định gia hạn số 5/QĐ"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HistoryEntry).where(
        HistoryEntry.record_type == "clock", HistoryEntry.record_id == clock.id, HistoryEntry.field == "explanation"
    )) == 0
