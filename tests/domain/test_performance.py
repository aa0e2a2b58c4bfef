"""The performance figures' rules: timeliness against the due date in force, the mean rounded half up, the
nearest-rank 90th percentile, working days on the confirmed calendar, the ranking's order."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from petitions.domain.calendar_data import confirmed_calendar
from petitions.domain.performance import (
    AnswerGroup,
    BodyFigures,
    body_figures,
    is_on_time,
    mean_days,
    nearest_rank,
    ranked,
    working_day_ordinals,
    working_days_taken,
)

CALENDAR = confirmed_calendar()


@pytest.mark.parametrize(
    ("answer_on", "due_on", "expected"),
    [
        (date(2026, 4, 24), date(2026, 4, 24), True),  # on the last day
        (date(2026, 4, 27), date(2026, 4, 24), False),
        (date(2026, 4, 1), None, None),  # no due date counted: unclassified
    ],
)
def test_an_answer_is_on_time_until_the_due_date_in_force(answer_on, due_on, expected):  # type: ignore[no-untyped-def]
    assert is_on_time(answer_on, due_on) is expected


@pytest.mark.parametrize(
    ("days", "mean", "p90"),
    [
        ({}, None, None),
        ({5: 1}, Decimal("5.0"), 5),
        ({1: 1, 2: 1}, Decimal("1.5"), 2),  # ⌈1.8⌉ = 2nd
        ({1: 9, 100: 1}, Decimal("10.9"), 1),  # 9 of 10 within 1 day: ⌈9⌉ = 9th
        ({1: 8, 100: 2}, Decimal("20.8"), 100),
        ({7: 1, 21: 1, 29: 1, 8: 1}, Decimal("16.3"), 29),  # 16.25 rounds half up
        ({0: 10}, Decimal("0.0"), 0),
    ],
)
def test_mean_and_nearest_rank_percentile(days, mean, p90):  # type: ignore[no-untyped-def]
    assert mean_days(days) == mean
    assert nearest_rank(days) == p90


@pytest.mark.parametrize(
    ("sent_on", "answer_on", "expected"),
    [
        (date(2026, 4, 20), date(2026, 4, 20), 0),
        (date(2026, 4, 20), date(2026, 4, 21), 1),
        (date(2026, 4, 24), date(2026, 4, 27), 0),  # Friday → the Monday off (Giỗ Tổ, compensatory)
        (date(2026, 4, 20), date(2026, 5, 5), 8),  # 27/04, 30/04, 01/05 off
        (date(2026, 8, 21), date(2026, 8, 24), 2),  # the make-up Saturday 22/08 counts
        (date(2026, 3, 10), date(2026, 4, 20), 29),
        (date(2024, 12, 30), date(2025, 1, 3), None),  # 2024 is outside the confirmed calendar
    ],
)
def test_working_days_taken_on_the_confirmed_calendar(sent_on, answer_on, expected):  # type: ignore[no-untyped-def]
    ordinals = working_day_ordinals([sent_on, answer_on, date(2026, 1, 2)], CALENDAR)
    assert working_days_taken(sent_on, answer_on, ordinals) == expected
    if expected is not None:
        assert expected == CALENDAR.working_days_between(sent_on, answer_on)


def test_body_figures_sum_the_groups_and_keep_uncountable_answers_out_of_the_mean():
    figures = body_figures(
        received={1: 2},
        answers=[
            AnswerGroup(1, date(2026, 4, 20), date(2026, 5, 5), True, 2),
            AnswerGroup(1, date(2026, 4, 20), date(2026, 4, 21), False, 1),
            AnswerGroup(1, date(2024, 12, 2), date(2025, 1, 3), None, 1),
        ],
        overdue={2: 1},
        chases={2: 3},
        calendar=CALENDAR,
    )
    one = figures[1]
    assert (one.received, one.answered, one.on_time, one.late, one.uncounted) == (2, 4, 2, 1, 1)
    assert one.days == Counter({8: 2, 1: 1}) and one.counted == 3
    assert (figures[2].overdue, figures[2].chases, figures[2].answered) == (1, 3, 0)


def test_the_ranking_puts_the_most_overdue_first_then_the_latest_then_the_slowest():
    rows = [
        BodyFigures(1, "A", overdue=0, late=5, days=Counter({3: 1})),
        BodyFigures(2, "B", overdue=2),
        BodyFigures(3, "C", overdue=0, late=5, days=Counter({9: 1})),
        BodyFigures(4, "D"),
        BodyFigures(5, "Đ", overdue=0, late=0, days=Counter({1: 1})),
    ]
    assert [r.name for r in ranked(rows)] == ["B", "C", "A", "Đ", "D"]
