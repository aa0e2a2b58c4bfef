"""change_clock_variants: a running clock follows the case classed complex or remote after acceptance."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.deadlines.queries import load_working_calendar
from petitions.deadlines.services import (
    ClockError,
    change_clock_variants,
    extend_clock,
    pause_clock,
    resume_clock,
    seed_calendar,
    start_clock,
    stop_clock,
)
from petitions.domain.deadlines import VariantChangeRefused, VariantNotAllowed
from petitions.history import history_of
from tests.factories import make_case, make_user

D = date.fromisoformat
REASON = "Biên bản xác định vụ việc ở xã đảo Cô Tô ngày 20/07/2026"


@pytest.fixture
def calendar(session):
    seed_calendar()
    return load_working_calendar()


def _updates(clock, field):
    return [e for e in history_of("clock", clock.id) if e.action == "update" and e.field == field]


def test_d15_classed_remote_moves_the_due_date_with_explanation_and_history(calendar):
    actor = make_user()
    clock = start_clock(make_case(), rule_id="D15", trigger_on=D("2026-07-16"))
    assert clock.due_on == D("2026-08-17")  # 30 days → Sat 15/08 → Mon 17/08
    change_clock_variants(clock, ["remote"], reason=REASON, actor=actor, effective_on=D("2026-07-20"))
    # DOMAIN §5 worked example: 45 days → Sun 30/08; 31/08–02/09 off → 03/09.
    assert clock.due_on == D("2026-09-03")
    assert clock.variant_list == ["remote"]
    assert "Hạn được tính lại vì ngày 20/07/2026 vụ việc được xác định là vùng sâu, vùng xa" in clock.explanation
    assert "hạn trước đó: 17/08/2026" in clock.explanation and REASON in clock.explanation
    [due_row] = _updates(clock, "due_on")
    assert (due_row.old_value, due_row.new_value) == ("2026-08-17", "2026-09-03")
    assert due_row.reason == REASON and due_row.actor_id == actor.id
    [variant_row] = _updates(clock, "variants")
    assert (variant_row.old_value, variant_row.new_value) == ("", "remote")
    assert not _updates(clock, "variant_changes")  # the variants row carries it


def test_the_explanation_keeps_the_change_after_a_later_pause(calendar):
    clock = start_clock(make_case(), rule_id="D15", trigger_on=D("2026-07-16"))
    change_clock_variants(clock, ["remote"], reason=REASON, effective_on=D("2026-07-20"))
    pause_clock(clock, on=D("2026-07-27"))
    resume_clock(clock, on=D("2026-08-01"))
    # 45 + 5 paused days = 50 → Fri 04/09/2026.
    assert clock.due_on == D("2026-09-04")
    assert "Hạn được tính lại vì ngày 20/07/2026" in clock.explanation


def test_pauses_are_kept_also_an_open_one(calendar):
    clock = start_clock(make_case(), rule_id="D15", trigger_on=D("2026-07-16"))
    pause_clock(clock, on=D("2026-07-20"))
    resume_clock(clock, on=D("2026-07-25"))  # 5 paused days: 35 → Thu 20/08
    assert clock.due_on == D("2026-08-20")
    pause_clock(clock, on=D("2026-07-27"))
    change_clock_variants(clock, ["complex", "remote"], reason="Hai nội dung, xã đảo", effective_on=D("2026-07-28"))
    # 60 + 5 = 65 days → Sat 19/09 → Mon 21/09; the open pause is still open.
    assert clock.due_on == D("2026-09-21")
    assert clock.pauses == [["2026-07-20", "2026-07-25"]] and clock.paused_since == D("2026-07-27")
    resume_clock(clock, on=D("2026-07-30"))  # 3 more days → 68 → Tue 22/09
    assert clock.due_on == D("2026-09-22")


def test_d24_extended_twice_as_very_complex_cannot_become_complex(calendar):
    clock = start_clock(make_case(), rule_id="D24", trigger_on=D("2026-01-30"), variants=["very_complex"])
    extend_clock(clock, days=30)
    extend_clock(clock, days=30)
    before = (clock.variants, clock.due_on, clock.explanation, len(history_of("clock", clock.id)))
    with pytest.raises(VariantChangeRefused, match="đã được gia hạn 2 lần; vụ việc phức tạp chỉ được gia hạn 1 lần"):
        change_clock_variants(clock, ["complex"], reason="Chỉ còn một nội dung", effective_on=D("2026-03-02"))
    assert (clock.variants, clock.due_on, clock.explanation, len(history_of("clock", clock.id))) == before
    assert clock.extension_days == [30, 30]


def test_d24_with_one_extension_may_become_complex_and_keeps_it(calendar):
    clock = start_clock(make_case(), rule_id="D24", trigger_on=D("2026-01-30"), variants=["very_complex"])
    extend_clock(clock, days=30)
    change_clock_variants(clock, ["complex"], reason="Chỉ còn một nội dung", effective_on=D("2026-03-02"))
    assert clock.variant_list == ["complex"] and clock.extension_days == [30]
    assert clock.due_on == D("2026-03-31")  # 60 days → Tue 31/03: unchanged, only the classification moved
    assert len(_updates(clock, "due_on")) == 1  # the extension's only
    [variant_row] = _updates(clock, "variants")
    assert (variant_row.old_value, variant_row.new_value) == ("very_complex", "complex")


def test_closed_clock_refused(calendar):
    clock = start_clock(make_case(), rule_id="D15", trigger_on=D("2026-07-16"))
    stop_clock(clock, reason="Đã ban hành quyết định giải quyết")
    with pytest.raises(ClockError, match="đã kết thúc"):
        change_clock_variants(clock, ["remote"], reason=REASON, effective_on=D("2026-07-20"))
    assert clock.variants == "" and clock.due_on == D("2026-08-17")


@pytest.mark.parametrize(
    ("variants", "reason", "error"),
    [(["remote"], "  ", ClockError), (["very_complex"], REASON, VariantNotAllowed), ([], REASON, VariantChangeRefused)],
)
def test_empty_reason_unknown_combination_or_no_change_refused(calendar, variants, reason, error):
    clock = start_clock(make_case(), rule_id="D15", trigger_on=D("2026-07-16"))
    with pytest.raises(error):
        change_clock_variants(clock, variants, reason=reason, effective_on=D("2026-07-20"))
    assert clock.variants == "" and clock.variant_changes == []
