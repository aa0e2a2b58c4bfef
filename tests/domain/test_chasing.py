"""The chasing ladder's pure rules (petitions.domain.chasing.due_step) on the seed calendar: the deadline Friday
28/08/2026 is followed by a weekend and the National Day holidays (31/08–02/09), so the first urging waits for
Thursday 03/09."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain.calendar_data import confirmed_calendar
from petitions.domain.chasing import ChaseStatus, ChaseStep, LadderSettings, PastStep, due_step
from petitions.domain.types import DomainError

DEADLINE = date(2026, 8, 28)  # Friday
DEFAULTS = LadderSettings()
CAL = confirmed_calendar()
A, P, S, W = ChaseStatus.APPROVED, ChaseStatus.PROPOSED, ChaseStatus.SKIPPED, ChaseStatus.WITHDRAWN


def due(today: date, *steps: PastStep, deadline: date | None = DEADLINE, waiting: bool = True, superior: bool = True,
        settings: LadderSettings = DEFAULTS):  # type: ignore[no-untyped-def]
    return due_step(today=today, deadline=deadline, waiting_for_answer=waiting, steps=steps, has_superior=superior,
                    calendar=CAL, settings=settings)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 8, 24), None),  # 4th working day before: too early
        (date(2026, 8, 25), ChaseStep.REMINDER),  # 3rd working day before
        (date(2026, 8, 28), ChaseStep.REMINDER),  # the deadline itself
        (date(2026, 8, 29), None),  # late since Saturday, but no working day has passed
        (date(2026, 9, 2), None),  # National Day
        (date(2026, 9, 3), ChaseStep.FIRST_URGING),  # first working day after the deadline
        (date(2026, 10, 30), ChaseStep.FIRST_URGING),  # long overdue and never urged
    ],
)
def test_a_fresh_ladder_proposes_by_the_deadline(today, expected):  # type: ignore[no-untyped-def]
    assert due(today).step == expected


def test_the_reminder_window_follows_the_settings():
    settings = LadderSettings(reminder_days_before=5)
    # Saturday 22/08/2026 is the calendar's make-up working day: the 5th working day before the deadline.
    assert due(date(2026, 8, 22), settings=settings).step is ChaseStep.REMINDER
    assert due(date(2026, 8, 21), settings=settings).step is None


def test_nothing_once_answered_or_without_a_deadline():
    assert due(date(2026, 9, 3), waiting=False).step is None
    assert due(date(2026, 9, 3), deadline=None).step is None


def test_a_reminder_is_proposed_once_and_not_again_after_a_decision():
    assert due(date(2026, 8, 27), PastStep(0, P)).step is None
    assert due(date(2026, 8, 27), PastStep(0, A, date(2026, 8, 25))).step is None


def test_a_reminder_still_waiting_when_the_deadline_passes_is_replaced_by_the_first_urging():
    result = due(date(2026, 9, 3), PastStep(0, P))
    assert result.step is ChaseStep.FIRST_URGING and result.withdraw_reminder
    assert not due(date(2026, 9, 3), PastStep(0, A, date(2026, 8, 25))).withdraw_reminder


def test_the_second_urging_counts_ten_working_days_from_the_first_decision():
    first = PastStep(1, A, date(2026, 9, 3))
    assert due(date(2026, 9, 16), first).step is None
    assert due(date(2026, 9, 17), first).step is ChaseStep.SECOND_URGING


def test_a_skipped_step_counts_as_decided_on_its_skip_day():
    assert due(date(2026, 9, 17), PastStep(1, S, date(2026, 9, 3))).step is ChaseStep.SECOND_URGING
    assert due(date(2026, 9, 17), PastStep(1, S, date(2026, 9, 4))).step is None


def test_no_next_rung_while_the_step_below_waits_for_a_leader():
    assert due(date(2026, 10, 30), PastStep(1, P)).step is None


def test_the_third_rung_is_an_escalation_or_a_request_for_explanation():
    ladder = (PastStep(1, A, date(2026, 9, 3)), PastStep(2, A, date(2026, 9, 17)))
    assert due(date(2026, 9, 30), *ladder).step is None
    assert due(date(2026, 10, 1), *ladder).step is ChaseStep.ESCALATION
    assert due(date(2026, 10, 1), *ladder, superior=False).step is ChaseStep.EXPLANATION_REQUEST
    assert due(date(2026, 12, 1), *ladder, PastStep(3, A, date(2026, 10, 1))).step is None


def test_an_extension_that_moved_the_deadline_stops_the_urgings_until_it_passes_again():
    first = PastStep(1, A, date(2026, 9, 3))
    assert due(date(2026, 9, 17), first, deadline=date(2026, 9, 30)).step is None
    assert due(date(2026, 10, 1), first, deadline=date(2026, 9, 30)).step is ChaseStep.SECOND_URGING


def test_a_withdrawn_rung_can_be_proposed_again():
    assert due(date(2026, 9, 3), PastStep(1, W)).step is ChaseStep.FIRST_URGING


def test_settings_below_one_day_are_refused():
    with pytest.raises(DomainError):
        LadderSettings(second_after_days=0)
