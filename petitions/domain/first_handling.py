"""A letter's first approved handling (the XLD forms' "đã xử lý" and its route outside competence), folded from
its dated status events so that it can be kept on the letter's row.

The reports read, for a window ending on day E: handled = an approved handling (petitions.domain.letter_flow.HANDLED)
effective by E; its route = the outside-competence route (G, F, U) of the handling dated that first day. Both follow
from the earliest handling alone: a letter is handled by E exactly when its first handling is dated E or earlier,
and the route is read on that day, whatever E. So one (day, route) pair per letter serves every window, past ones
included.

Valid time: status events are append-only, and one recorded late carries its own earlier date (a paper issued on
12/03 and recorded in April). Folding is a minimum, so the order events are recorded in does not matter: an event
dated before the kept day replaces it, one on the same day may only bring a route of higher precedence, a later one
changes nothing. The letter's row after any sequence of events equals the fold over all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from petitions.domain.letter_flow import HANDLED
from petitions.domain.records import LetterStatus
from petitions.domain.statistics import Route

# The route a letter outside competence took, by the status of its handling (01/XLD): a letter returned with
# guidance counts as guided; to a Party body (or the inspectorate) as forwarded.
ROUTE_OF_STATUS: dict[LetterStatus, Route] = {
    LetterStatus.GUIDED: Route.GUIDED,
    LetterStatus.RETURNED: Route.GUIDED,
    LetterStatus.FORWARDED: Route.FORWARDED,
    LetterStatus.TO_PARTY_BODY: Route.FORWARDED,
    LetterStatus.TO_INSPECTION: Route.FORWARDED,
    LetterStatus.URGED: Route.URGED,
}
# Two routes on the first day (a mixed letter guided for one content and forwarded for another): the first of
# these counts, so that the figure does not depend on the order the papers were recorded in.
ROUTE_PRECEDENCE: tuple[Route, ...] = (Route.GUIDED, Route.FORWARDED, Route.URGED)


@dataclass(frozen=True)
class FirstHandling:
    on: date
    route: Route | None = None


def with_event(current: FirstHandling | None, status: LetterStatus, on: date) -> FirstHandling | None:
    """The first handling after one more dated status event (recorded in any order)."""
    if status not in HANDLED:
        return current
    route = ROUTE_OF_STATUS.get(status)
    if current is None or on < current.on:
        return FirstHandling(on, route)
    if on == current.on and route is not None:
        if current.route is None or ROUTE_PRECEDENCE.index(route) < ROUTE_PRECEDENCE.index(current.route):
            return FirstHandling(on, route)
    return current


def first_handling(events: Iterable[tuple[LetterStatus, date]]) -> FirstHandling | None:
    """The fold over a letter's (status, effective day) events."""
    current: FirstHandling | None = None
    for status, on in events:
        current = with_event(current, status, on)
    return current
