"""Drill-down: the records a report figure counts, by the counting rules of petitions.domain.statistics.

A form's figures come from tallies (one fact per unit and group of alike records). The same fact queries run
un-grouped give one fact per record, naming it (``record`` on each fact); ``counted`` then reads a column's
``Measure`` over those facts with the engine's own selections — ``visits_in`` and ``is_delegation`` for visits,
the first-received split for cases, ``LetterFilter``/``CaseFilter``/``ImplementationFilter.matches`` for letters,
cases and decisions — and returns what the figure counts, each record with its ``weight``:

  - a count column (lượt, đơn, đoàn, kỳ tiếp, vụ việc, quyết định, văn bản phúc đáp): one record per unit counted,
    weight 1, so the list's length is the figure. A vụ việc column lists one record per case (the first visit or
    letter of the case among those selected, ``case_id`` naming the case); a visit or letter without a case is a
    matter of its own. 01/TCD (3) sums its groups' cases, so a case seen by two groups is listed twice (one visit
    of each group);
  - a column that sums an amount each record carries (người: the persons of each visit; money, land, persons
    disciplined …: what each decision ordered, was due or did): the records with a non-zero amount, weighted by
    it; the weights add up to the figure.

``statistics.evaluate`` over the same un-grouped facts gives the figure again (a tally of one is a tally), so the
list and the figure cannot part: tests/reports/test_drilldown.py checks every column of every form on generated
data against the grouped report. A new Quantity needs its entry in SELECTIONS (the same test fails without it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from petitions.domain.periods import ReportPeriod
from petitions.domain.statistics import (
    Closure,
    Facts,
    Figure,
    Measure,
    Quantity,
    ReceptionGroup,
    VisitFact,
    first_received,
    is_delegation,
    replies_in,
    visits_in,
)


class RecordKind(StrEnum):
    """What a drill-down lists."""

    VISIT = "visit"  # a row of the reception book
    SESSION = "session"  # a leader's reception session
    LETTER = "letter"  # a letter of the register
    REPLY = "reply"  # a reply received about a letter (its status event)
    CASE = "case"  # a case under resolution
    DECISION = "decision"  # a complaint decision in force (its case)


@dataclass(frozen=True)
class Counted:
    """One record a figure counts: its kind and id, what it adds to the figure (1 for a count, else its amount),
    and for a vụ việc column the case it stands for (None: a visit or letter that is a matter of its own)."""

    kind: RecordKind
    id: int
    weight: Figure = 1
    case_id: int | None = None


class NotRecordFacts(ValueError):
    """A drill-down reads un-grouped facts only: each names its record."""


def _record(fact: object) -> int:
    record = getattr(fact, "record", None)
    if record is None:
        raise NotRecordFacts(f"{type(fact).__name__} without its record: run the fact query un-grouped")
    return int(record)


def _visits(measure: Measure, facts: Facts, period: ReportPeriod) -> list[VisitFact]:
    """The visits a visit column reads (statistics._selected's selection)."""
    chosen = visits_in(facts.visits, period, measure.group)
    return [v for v in chosen if is_delegation(v)] if measure.delegations_only else chosen


def _first_visit_per_case(visits: Iterable[VisitFact], *, per_group: bool = False) -> list[Counted]:
    """One record per case: the earliest visit (then the smallest id) of each case among ``visits`` (of each group
    and case with ``per_group``); a visit without a case stands for a matter of its own."""
    first: dict[tuple[ReceptionGroup | None, int], tuple[date, int]] = {}
    alone: list[Counted] = []
    for visit in visits:
        record = _record(visit)
        if visit.case_id is None:
            alone.append(Counted(RecordKind.VISIT, record))
            continue
        key = (visit.group if per_group else None, visit.case_id)
        if key not in first or (visit.on, record) < first[key]:
            first[key] = (visit.on, record)
    return alone + [Counted(RecordKind.VISIT, record, case_id=case) for (_, case), (_, record) in first.items()]


def _cases_split(measure: Measure, facts: Facts, period: ReportPeriod, *, repeated: bool) -> list[Counted]:
    """lần đầu / nhiều lần (statistics.split_cases): a case first received before the window is repeated; a visit
    without a case is a first-time matter."""
    first = first_received(facts)
    return [
        item
        for item in _first_visit_per_case(_visits(measure, facts, period))
        if (item.case_id is not None and first[item.case_id] < period.start) == repeated
    ]


def _letters(measure: Measure, facts: Facts) -> list[Counted]:
    return [Counted(RecordKind.LETTER, _record(f)) for f in facts.letters if measure.letters.matches(f)]


def _letter_cases(measure: Measure, facts: Facts) -> list[Counted]:
    """vụ việc among the selected letters (statistics.count_letter_cases): one letter per case key, the smallest id;
    a negative key is a letter (or its original) standing for a matter of its own."""
    first: dict[str, int] = {}
    for fact in facts.letters:
        if measure.letters.matches(fact):
            record = _record(fact)
            for key in fact.case_keys:
                first[key] = min(first.get(key, record), record)
    return [Counted(RecordKind.LETTER, record, case_id=case_of_key(key)) for key, record in first.items()]


def case_of_key(key: str) -> int | None:
    """The case a letter's case key names: the queries key a case by its id; a negative key (a letter standing for a
    matter of its own) or any other key names none."""
    return int(key) if key.isdigit() and int(key) > 0 else None


def _sessions(measure: Measure, facts: Facts, period: ReportPeriod) -> list[Counted]:
    return [
        Counted(RecordKind.SESSION, _record(s))
        for s in facts.sessions
        if s.held and period.contains(s.on) and (measure.group is None or s.group is measure.group)
    ]


def _resolution_cases(measure: Measure, facts: Facts) -> list[Counted]:
    return [Counted(RecordKind.CASE, _record(f)) for f in facts.resolutions if measure.cases.matches(f)]


def _accepted_letters(measure: Measure, facts: Facts) -> list[Counted]:
    """The letters accepted with the selected cases (statistics.count_accepted_letters)."""
    return [
        Counted(RecordKind.LETTER, letter, case_id=_record(f))
        for f in facts.resolutions
        if measure.cases.matches(f)
        for letter in f.accepted_letters
    ]


def _ordered(measure: Measure, facts: Facts) -> list[Counted]:
    """The decided cases whose decision ordered the figure (statistics.sum_ordered), weighted by it."""
    assert measure.figure is not None
    out = []
    for fact in facts.resolutions:
        value = fact.figure(measure.figure)
        if value and fact.closure is Closure.DECIDED and measure.cases.matches(fact):
            out.append(Counted(RecordKind.CASE, _record(fact), value))
    return out


def _decisions(measure: Measure, facts: Facts) -> list[Counted]:
    return [Counted(RecordKind.DECISION, _record(f)) for f in facts.implementations if measure.decisions.matches(f)]


def _implemented(measure: Measure, facts: Facts, *, done: bool) -> list[Counted]:
    """The decisions with an amount due (or done) of the figure (statistics.sum_implementation), weighted by it."""
    assert measure.figure is not None
    out = []
    for fact in facts.implementations:
        value = fact.figure(measure.figure, done=done)
        if value and measure.decisions.matches(fact):
            out.append(Counted(RecordKind.DECISION, _record(fact), value))
    return out


def _weighted_visits(measure: Measure, facts: Facts, period: ReportPeriod) -> list[Counted]:
    return [Counted(RecordKind.VISIT, _record(v), v.persons) for v in _visits(measure, facts, period)]


Selection = Callable[[Measure, Facts, ReportPeriod], list[Counted]]

# Each Quantity's records, beside statistics.RULES (the figure): the same selection, listed.
SELECTIONS: Mapping[Quantity, Selection] = {
    Quantity.VISITS: lambda m, f, p: [Counted(RecordKind.VISIT, _record(v)) for v in _visits(m, f, p)],
    Quantity.PERSONS: _weighted_visits,
    Quantity.DELEGATIONS: lambda m, f, p: [
        Counted(RecordKind.VISIT, _record(v)) for v in _visits(m, f, p) if is_delegation(v)
    ],
    Quantity.CASES: lambda m, f, p: _first_visit_per_case(_visits(m, f, p), per_group=True),
    Quantity.CASES_FIRST: lambda m, f, p: _cases_split(m, f, p, repeated=False),
    Quantity.CASES_REPEATED: lambda m, f, p: _cases_split(m, f, p, repeated=True),
    Quantity.SESSIONS_HELD: _sessions,
    Quantity.LETTERS: lambda m, f, p: _letters(m, f),
    Quantity.LETTER_CASES: lambda m, f, p: _letter_cases(m, f),
    Quantity.REPLIES: lambda m, f, p: [
        Counted(RecordKind.REPLY, _record(r)) for r in replies_in(f.replies, p, m.letters.kind)
    ],
    Quantity.RESOLUTION_CASES: lambda m, f, p: _resolution_cases(m, f),
    Quantity.RESOLUTION_LETTERS: lambda m, f, p: _accepted_letters(m, f),
    Quantity.ORDERED: lambda m, f, p: _ordered(m, f),
    Quantity.DECISIONS: lambda m, f, p: _decisions(m, f),
    Quantity.DUE: lambda m, f, p: _implemented(m, f, done=False),
    Quantity.DONE: lambda m, f, p: _implemented(m, f, done=True),
}

# The kind of record each Quantity lists (the drill-down page's layout).
KIND_OF: Mapping[Quantity, RecordKind] = {
    Quantity.VISITS: RecordKind.VISIT,
    Quantity.PERSONS: RecordKind.VISIT,
    Quantity.DELEGATIONS: RecordKind.VISIT,
    Quantity.CASES: RecordKind.VISIT,
    Quantity.CASES_FIRST: RecordKind.VISIT,
    Quantity.CASES_REPEATED: RecordKind.VISIT,
    Quantity.SESSIONS_HELD: RecordKind.SESSION,
    Quantity.LETTERS: RecordKind.LETTER,
    Quantity.LETTER_CASES: RecordKind.LETTER,
    Quantity.REPLIES: RecordKind.REPLY,
    Quantity.RESOLUTION_CASES: RecordKind.CASE,
    Quantity.RESOLUTION_LETTERS: RecordKind.LETTER,
    Quantity.ORDERED: RecordKind.CASE,
    Quantity.DECISIONS: RecordKind.DECISION,
    Quantity.DUE: RecordKind.DECISION,
    Quantity.DONE: RecordKind.DECISION,
}

# The quantities that count cases (vụ việc) through the visits or letters standing for them.
CASE_QUANTITIES = frozenset({Quantity.CASES, Quantity.CASES_FIRST, Quantity.CASES_REPEATED, Quantity.LETTER_CASES})
# The quantities whose records carry an amount (the list's weights add up to the figure; its length does not).
WEIGHTED_QUANTITIES = frozenset({Quantity.PERSONS, Quantity.ORDERED, Quantity.DUE, Quantity.DONE})


def counted(measure: Measure, facts: Facts, period: ReportPeriod) -> tuple[Counted, ...]:
    """The records ``measure`` counts over un-grouped ``facts`` — one unit's (a row), or several units' (the total
    row: each unit's records, as the total is the sum of the rows: a case on two rows is listed on both) — in id
    order; their weights add up to the figure. Raises NotRecordFacts for tallies."""
    select = SELECTIONS[measure.quantity]
    items = [item for own in facts.by_unit().values() for item in select(measure, own, period)]
    return tuple(sorted(items, key=lambda item: item.id))
