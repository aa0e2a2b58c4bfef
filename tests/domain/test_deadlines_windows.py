"""Which clocks are the citizen's periods (their end is not overdue) and which are tasks of the office."""

from __future__ import annotations

import pytest

from petitions.domain.deadlines import (
    CASE_RESOLUTION_RULE_IDS,
    CITIZEN_WINDOW_RULE_IDS,
    RULES_BY_ID,
    is_citizen_window,
)


@pytest.mark.parametrize("rule_id", ["D12", "D13", "D16", "D18", "d20 "])
def test_the_citizens_periods_are_windows(rule_id: str) -> None:
    assert is_citizen_window(rule_id)


@pytest.mark.parametrize("rule_id", sorted(CASE_RESOLUTION_RULE_IDS | {"D10", "D14", "D21", "D22", "D23"}))
def test_the_offices_tasks_are_not(rule_id: str) -> None:
    assert not is_citizen_window(rule_id)


def test_every_window_is_a_rule() -> None:
    assert CITIZEN_WINDOW_RULE_IDS <= set(RULES_BY_ID)
