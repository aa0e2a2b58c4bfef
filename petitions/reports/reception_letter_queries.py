"""Set-based reads for 02/TCD (letters received through reception): the letters handed in at the window's visits,
tallied per unit in SQL, and the replies received in the window about such letters.

A visit whose outcome is a letter received (VisitOutcome.LETTER_RECEIVED) names its letter (visit.letter_id; the
letter names the visit back, letter.visit_id): that letter is 02/TCD's, on the row of the body whose book and
register it is in. The rules are petitions.domain.statistics.reception_letter_facts', applied here set-based: the
letter's main content, its competence (its classification, else the reception book's mark), outside competence the
route of its first approved handling by the window's end (the letter's own first_handled_on / first_handling_route,
petitions.domain.first_handling), and each case once per row by its earliest letter of the window (a window
function, as 02–04/XLD place their cases).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from petitions.domain.classification import SignerKind
from petitions.domain.periods import ReportPeriod
from petitions.domain.reception import VisitOutcome
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.statistics import Facts, LetterFact, LetterKind, ReplyFact, Route
from petitions.extensions import db
from petitions.letters.models import Letter, LetterStatusEvent
from petitions.reception.models import Visit
from petitions.reports.queries import (
    KIND_OF_TYPE,
    UnclassifiedLetters,
    _main_content,
    report_reads,
    unit_map,
    without_jit,
)


def reception_letter_facts(root_id: int, period: ReportPeriod, *, records: bool = False) -> Facts:
    """Tallied 02/TCD facts for the window: one row per unit and alike letters (kind, signers, competence, handled,
    route, whether they place their cases, with those cases' keys), never one per letter; with ``records``, one per
    letter and per reply, naming it (the drill-down). A refused or voided registration is no letter; anonymous
    information is not counted (a visitor is identified: only a letter reclassified so could be)."""
    without_jit()
    units = unit_map(root_id, period)
    original = aliased(Letter)
    kind = _main_content(Letter)
    # Every letter is within or outside competence: its classification, else the reception book's mark.
    within = sa.func.coalesce(Letter.is_within_competence, Visit.within_competence)
    handled = Letter.first_handled_on <= period.end
    route = sa.case((sa.and_(handled, sa.not_(within)), Letter.first_handling_route), else_=sa.null())
    # The letter's case (a duplicate's: its original's), else the letter (or its original) as a matter of its own.
    case_key = sa.func.coalesce(Letter.case_id, original.case_id, -sa.func.coalesce(Letter.duplicate_of_id, Letter.id))
    per_letter = (
        sa.select(
            units.c.unit_id.label("unit_id"),
            kind.label("kind"),
            Letter.signer_kind.label("signer_kind"),
            within.label("within"),
            handled.label("handled"),
            route.label("route"),
            case_key.label("case_key"),
            Visit.visited_on.label("received_on"),
            Letter.id.label("id"),
        )
        .select_from(Visit)
        .join(units, units.c.agency_id == Visit.agency_id)
        .join(Letter, Letter.id == Visit.letter_id)
        .outerjoin(original, original.id == Letter.duplicate_of_id)
        .where(
            Visit.visited_on.between(period.start, period.end),
            Visit.outcome == VisitOutcome.LETTER_RECEIVED,
            Letter.is_void.is_(False),
            Letter.status != LetterStatus.REFUSED,
            Letter.letter_type != LetterType.ANONYMOUS,
        )
        .subquery("reception_letter")
    )
    # The earliest letter of each case on its row places the case (statistics.leading_letters).
    rank = sa.func.row_number().over(
        partition_by=(per_letter.c.unit_id, per_letter.c.case_key),
        order_by=(per_letter.c.received_on, per_letter.c.id),
    )
    ranked = sa.select(per_letter, rank.label("rank")).subquery("ranked")
    keys = (
        ranked.c.unit_id,
        ranked.c.kind,
        ranked.c.signer_kind,
        ranked.c.within,
        ranked.c.handled,
        ranked.c.route,
        (ranked.c.rank == 1).label("leads"),
    )
    rows: Sequence[Any] = db.session.execute(
        sa.select(
            *keys,
            sa.func.aggregate_strings(sa.cast(ranked.c.case_key, sa.String), ",").label("cases"),
            (ranked.c.id if records else sa.null()).label("record"),
            sa.func.count().label("letters"),
        ).group_by(*keys, *((ranked.c.id,) if records else ())),
        bind_arguments=report_reads(),
    ).all()
    without_main = sum(int(row.letters) for row in rows if row.kind is None)
    if without_main:
        raise UnclassifiedLetters(
            f"Có {without_main} đơn tiếp nhận qua tiếp công dân có nhiều nội dung chưa xác định nội dung chính; vui "
            "lòng phân loại lại các đơn này trước khi lập Biểu số 02/TCD (đơn được tính theo nội dung chính)."
        )
    letters = tuple(
        LetterFact(
            unit=str(row.unit_id),
            carried=False,
            signers=row.signer_kind or SignerKind.ONE,
            kind=KIND_OF_TYPE[row.kind],
            handled=bool(row.handled),
            within=bool(row.within),
            route=Route(row.route) if row.route is not None else None,
            case_keys=frozenset(row.cases.split(",")) if row.leads else frozenset(),
            count=int(row.letters),
            record=row.record,
        )
        for row in rows
        if KIND_OF_TYPE[row.kind] is not LetterKind.ANONYMOUS
    )
    return Facts(letters=letters, replies=_replies(units, period, records=records))


def _replies(units: sa.Subquery, period: ReportPeriod, *, records: bool) -> tuple[ReplyFact, ...]:
    """Replies received inside the window about the units' letters handed in at a visit (any window's), per unit
    (dated the window's first day); with ``records``, one per reply (its status event), dated its day."""
    event = LetterStatusEvent
    keys: tuple[Any, ...] = (units.c.unit_id, event.id, event.effective_on) if records else (units.c.unit_id,)
    rows: Sequence[Any] = db.session.execute(
        sa.select(*keys, sa.func.count())
        .select_from(event)
        .join(Letter, Letter.id == event.letter_id)
        # `+ 0`: driven from the window's events, not from every letter of the units (as queries._replies).
        .join(units, units.c.agency_id == Letter.register_agency_id + 0)
        .where(
            event.status == LetterStatus.REPLY_RECEIVED,
            event.effective_on.between(period.start, period.end),
            Letter.visit_id.is_not(None),
            Letter.letter_type != LetterType.ANONYMOUS,
            Letter.is_void.is_(False),
        )
        .group_by(*keys),
        bind_arguments=report_reads(),
    ).all()
    if records:
        return tuple(ReplyFact(on=day, unit=str(unit_id), record=event_id) for unit_id, event_id, day, _ in rows)
    return tuple(ReplyFact(on=period.start, unit=str(unit_id), count=int(n)) for unit_id, n in rows)
