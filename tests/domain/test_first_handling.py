"""The first handling kept on a letter's row: a fold over its dated events that any recording order gives alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.domain.first_handling import ROUTE_OF_STATUS, ROUTE_PRECEDENCE, FirstHandling, first_handling
from petitions.domain.letter_flow import HANDLED
from petitions.domain.records import LetterStatus
from petitions.domain.statistics import Route

D = date(2026, 3, 1)


def test_the_first_handling_is_the_earliest_and_a_late_recorded_earlier_one_moves_it_back() -> None:
    events = [(LetterStatus.ASSIGNED, D), (LetterStatus.FILED, D + timedelta(9)), (LetterStatus.FORWARDED, D + timedelta(3))]
    assert first_handling(events) == FirstHandling(D + timedelta(3), Route.FORWARDED)  # assigning is no handling
    assert first_handling(events[:2]) == FirstHandling(D + timedelta(9), None)  # filed: handled, no route
    assert first_handling([(LetterStatus.RECEIVED, D)]) is None


def test_on_the_first_day_guided_comes_before_forwarded_before_urged() -> None:
    day = [(LetterStatus.URGED, D), (LetterStatus.ACCEPTED, D), (LetterStatus.TO_PARTY_BODY, D)]
    assert first_handling(day) == FirstHandling(D, Route.FORWARDED)
    assert first_handling([*day, (LetterStatus.RETURNED, D)]) == FirstHandling(D, Route.GUIDED)


events = st.lists(st.tuples(st.sampled_from(list(LetterStatus)), st.integers(0, 6).map(lambda n: D + timedelta(n))))


@pytest.mark.fuzz
@settings(max_examples=200, deadline=None)
@given(events=events, order=st.randoms())
def test_any_recording_order_gives_the_earliest_handling_and_that_days_route(events, order) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(events)
    order.shuffle(shuffled)
    handled = [(status, on) for status, on in events if status in HANDLED]
    if not handled:
        assert first_handling(shuffled) is None
        return
    first_day = min(on for _status, on in handled)
    routes = {ROUTE_OF_STATUS[s] for s, on in handled if on == first_day and s in ROUTE_OF_STATUS}
    route = next((r for r in ROUTE_PRECEDENCE if r in routes), None)
    assert first_handling(shuffled) == first_handling(events) == FirstHandling(first_day, route)
