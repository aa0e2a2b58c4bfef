"""Set-based reads for the internal table AN/NB: the anonymous information of the window (01/XLD's window: received
in it, or before it and not handled at its start), tallied per unit in SQL with its first handling's route and, when
it was sent for inspection, the body it went to.

The rules are petitions.domain.statistics.anonymous_facts' and is_own_inspection's: the first approved handling and
its route are the letter's own (first_handled_on / first_handling_route: for anonymous information F is the paper
sending it for inspection, TO_INSPECTION; G a returned letter; none a filing), and the receiver is the body of the
letter's first forwarding referral (the paper opens it, petitions.letters.handling), compared with the registering
body and its subordinates in Python (the directory's parents, read once when a tally needs them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from petitions.domain.classification import SignerKind
from petitions.domain.periods import ReportPeriod
from petitions.domain.records import LetterType
from petitions.domain.referrals import ReferralKind
from petitions.domain.statistics import Facts, LetterFact, LetterKind, Route, is_own_inspection
from petitions.extensions import db
from petitions.referrals.models import Referral
from petitions.reports.queries import _hierarchy, _window_letters, report_reads, unit_map, without_jit


def anonymous_facts(root_id: int, period: ReportPeriod, *, records: bool = False) -> Facts:
    """Tallied AN/NB facts for the window: one row per unit, carried, handled, route and, for those sent for
    inspection, registering body and receiver (a handful per unit); with ``records``, one per letter, naming it."""
    without_jit()
    units = unit_map(root_id, period)
    window = _window_letters(units, period)
    letter = window.c
    handled = letter.first_handled_on <= period.end
    route = sa.case((handled, letter.first_handling_route), else_=sa.null())
    first_referral = (
        sa.select(Referral.agency_id)
        .where(Referral.letter_id == letter.id, Referral.kind == ReferralKind.FORWARDED)
        .order_by(Referral.sent_on, Referral.id)
        .limit(1)
        .scalar_subquery()
    )
    sent_for_inspection = sa.and_(handled, letter.first_handling_route == Route.FORWARDED)
    keys: tuple[Any, ...] = (
        units.c.unit_id,
        (letter.received_on < period.start).label("carried"),
        handled.label("handled"),
        route.label("route"),
        sa.case((sent_for_inspection, letter.register_agency_id), else_=sa.null()).label("register_agency"),
        sa.case((sent_for_inspection, first_referral), else_=sa.null()).label("receiver"),
    )
    rows: Sequence[Any] = db.session.execute(
        sa.select(*keys, (letter.id if records else sa.null()).label("record"), sa.func.count().label("letters"))
        .select_from(window)
        # `+ 0`: from the window's rows, not from every letter of the units (as queries.letter_facts).
        .join(units, units.c.agency_id == letter.register_agency_id + 0)
        .where(letter.letter_type == LetterType.ANONYMOUS)
        .group_by(*keys, *((letter.id,) if records else ())),
        bind_arguments=report_reads(),
    ).all()
    parents = _hierarchy()[0] if any(row.register_agency is not None for row in rows) else {}
    facts = []
    for unit_id, carried, is_handled, route_value, register_agency, receiver, record, n in rows:
        sent = Route(route_value) if route_value is not None else None
        facts.append(
            LetterFact(
                unit=str(unit_id),
                carried=bool(carried),
                signers=SignerKind.NONE,
                kind=LetterKind.ANONYMOUS,
                handled=bool(is_handled),
                within=is_own_inspection(register_agency, receiver, parents) if sent is Route.FORWARDED else None,
                route=sent,
                count=int(n),
                record=record,
            )
        )
    return Facts(letters=tuple(facts))
