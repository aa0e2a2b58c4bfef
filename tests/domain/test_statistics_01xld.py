"""The XLD forms through the engine on random letter facts, against a naive count written from the forms' text.

The naive counts below are written column by column from the circulars' wording (DOMAIN §6), not from the
forms' LetterFilter declarations, and walk the letters one by one (a tally of n letters is n letters). 02–04/XLD
are drawn letter by letter in the order they were received (each case placed by its first eligible letter of the
row and kind), then tallied as the queries tally them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.domain import periods
from petitions.domain.classification import PriorResolution, SignerKind
from petitions.domain.periods import Generation, ReportPeriod
from petitions.domain.statistics import (
    Facts,
    LetterFact,
    LetterKind,
    MatterField,
    ReplyFact,
    Resolution,
    Route,
    UnitRef,
    compute_table,
    is_next_round,
)
from petitions.reports import forms_01xld, forms_02xld, forms_03xld, forms_04xld
from petitions.reports.queries import RESOLUTION_AT_RECEIPT

UNITS = (UnitRef("A", "Ban Tiếp công dân"), UnitRef("B", "UBND xã"))
# Quarters ending before 05/03/2024 (TT 02/2021) and after (TT 01/2024).
WINDOWS = [periods.quarter(year, n) for year in (2023, 2024) for n in (1, 2, 3, 4)]


@st.composite
def letter_facts(draw: st.DrawFn) -> LetterFact:
    """One tally as the queries give it: eligible only when handled and signed; an eligible letter has its
    status at receipt and its competence, and outside competence one of the routes G, F, U."""
    kind = draw(st.sampled_from(list(LetterKind)))
    handled = draw(st.booleans())
    eligible = handled and kind is not LetterKind.ANONYMOUS and draw(st.booleans())
    within = draw(st.booleans()) if eligible else None
    count = draw(st.integers(1, 3))
    return LetterFact(
        unit=draw(st.sampled_from([u.key for u in UNITS])),
        carried=draw(st.booleans()),
        signers=SignerKind.NONE if kind is LetterKind.ANONYMOUS else draw(st.sampled_from(list(SignerKind))),
        kind=kind,
        handled=handled,
        eligible=eligible,
        resolution=draw(st.sampled_from(list(Resolution))) if eligible else None,
        within=within,
        route=draw(st.sampled_from(list(Route))) if within is False else None,
        # a few shared cases (duplicates and letters of one matter), or matters of the letters' own; a tally of
        # several letters may name several (one per letter at most)
        case_keys=frozenset(draw(st.sets(st.sampled_from(["case:1", "case:2", "case:3", "letter:7", "letter:8"]),
                                         min_size=1, max_size=count))) if eligible else frozenset(),
        count=count,
    )


@st.composite
def scenario(draw: st.DrawFn) -> tuple[ReportPeriod, Facts]:
    window = draw(st.sampled_from(WINDOWS))
    days = st.integers(-10, (window.end - window.start).days + 10).map(lambda n: window.start + timedelta(days=n))
    replies = draw(
        st.lists(
            st.builds(ReplyFact, on=days, unit=st.sampled_from([u.key for u in UNITS]), count=st.integers(1, 2)),
            max_size=6,
        )
    )
    letters = draw(st.lists(letter_facts(), min_size=8, max_size=30))
    return window, Facts(letters=tuple(letters), replies=tuple(replies))


# ------------------------------------------------------------------------------------------- naive count


def one_by_one(facts: Facts, unit: str) -> list[LetterFact]:
    return [f for f in facts.letters if f.unit == unit for _ in range(f.count)]


def replies_in(facts: Facts, unit: str, window: ReportPeriod) -> int:
    return sum(r.count for r in facts.replies if r.unit == unit and window.start <= r.on <= window.end)


def naive_2024(letters: list[LetterFact], replies: int) -> dict[int, int]:
    ok = [f for f in letters if f.eligible]

    def n(rule: Callable[[LetterFact], bool], among: list[LetterFact] = letters) -> int:
        return len([f for f in among if rule(f)])

    kn, tc, pa = LetterKind.COMPLAINT, LetterKind.DENUNCIATION, LetterKind.PETITION
    return {
        1: len(letters),  # tổng số đơn
        2: n(lambda f: f.carried),  # kỳ trước chuyển sang
        3: n(lambda f: not f.carried),  # tiếp nhận trong kỳ
        4: n(lambda f: f.handled),  # đã xử lý
        5: n(lambda f: not f.handled),  # chưa xử lý
        6: len(ok),  # đủ điều kiện: số đơn
        7: len({key for f in ok for key in f.case_keys}),  # số vụ việc
        8: n(lambda f: f.kind is kn, ok),
        9: n(lambda f: f.kind is tc, ok),
        10: n(lambda f: f.kind is pa, ok),
        11: n(lambda f: f.resolution is Resolution.FIRST, ok),
        12: n(lambda f: f.resolution is Resolution.REPEATED, ok),
        13: n(lambda f: f.resolution in (Resolution.IN_PROGRESS, Resolution.NOT_RESOLVED), ok),
        14: n(lambda f: f.within is True, ok),
        15: n(lambda f: f.within is True and f.kind is kn, ok),
        16: n(lambda f: f.within is True and f.kind is tc, ok),
        17: n(lambda f: f.within is True and f.kind is pa, ok),
        18: n(lambda f: f.within is False, ok),
        19: n(lambda f: f.within is False and f.route is Route.GUIDED, ok),
        20: n(lambda f: f.within is False and f.route is Route.FORWARDED, ok),
        21: n(lambda f: f.within is False and f.route is Route.URGED, ok),
        22: replies,
    }


def naive_2021(letters: list[LetterFact], replies: int) -> dict[int, int]:
    ok = [f for f in letters if f.eligible]

    def n(rule: Callable[[LetterFact], bool], among: list[LetterFact] = letters) -> int:
        return len([f for f in among if rule(f)])

    several, one, none = SignerKind.SEVERAL, SignerKind.ONE, SignerKind.NONE
    kn, tc, pa = LetterKind.COMPLAINT, LetterKind.DENUNCIATION, LetterKind.PETITION
    return {
        1: len(letters),
        2: n(lambda f: f.carried and f.signers is several),
        3: n(lambda f: f.carried and f.signers is one),
        4: n(lambda f: f.carried and f.signers is none),
        5: n(lambda f: not f.carried and f.signers is several),
        6: n(lambda f: not f.carried and f.signers is one),
        7: n(lambda f: not f.carried and f.signers is none),
        8: n(lambda f: f.handled),
        9: len(ok),
        10: len({key for f in ok for key in f.case_keys}),
        11: n(lambda f: f.kind is kn, ok),
        12: n(lambda f: f.kind is tc, ok),
        13: n(lambda f: f.kind is pa, ok),
        14: n(lambda f: f.resolution is Resolution.FIRST, ok),
        15: n(lambda f: f.resolution is Resolution.REPEATED, ok),
        16: n(lambda f: f.resolution is Resolution.IN_PROGRESS, ok),
        17: n(lambda f: f.resolution is Resolution.NOT_RESOLVED, ok),
        18: n(lambda f: f.within is True, ok),
        19: n(lambda f: f.within is True and f.kind is kn, ok),
        20: n(lambda f: f.within is True and f.kind is tc, ok),
        21: n(lambda f: f.within is True and f.kind is pa, ok),
        22: n(lambda f: f.within is False, ok),
        23: n(lambda f: f.within is False and f.route is Route.GUIDED, ok),
        24: n(lambda f: f.within is False and f.route is Route.FORWARDED, ok),
        25: n(lambda f: f.within is False and f.route is Route.URGED, ok),
        26: replies,
    }


@pytest.mark.fuzz
@settings(max_examples=150, deadline=None)
@given(case=scenario())
def test_every_01xld_figure_is_the_naive_count_and_every_check_sum_holds(case: tuple[ReportPeriod, Facts]) -> None:
    window, facts = case
    form = forms_01xld.FORMS[window.generation]
    table = compute_table(form, window, UNITS, facts).verify()  # raises InconsistentForm on a failed sum
    naive = naive_2021 if window.generation is Generation.TT_02_2021 else naive_2024
    expected = {u.key: naive(one_by_one(facts, u.key), replies_in(facts, u.key, window)) for u in UNITS}
    for row in table.rows:
        assert dict(row.values) == expected[row.unit]
    assert dict(table.total.values) == {
        number: sum(figures[number] for figures in expected.values()) for number in expected["A"]
    }
    # (7) / (10) count distinct cases per row, so the total of a form is the rows' sum, not the distinct count.
    assert all(row.value(1) >= row.value(6 if window.generation is Generation.TT_01_2024 else 9) for row in table.rows)


def test_both_generations_are_drawn() -> None:
    assert {w.generation for w in WINDOWS} == set(Generation)
    assert WINDOWS[0].start == date(2022, 12, 15)


# ------------------------------------------------------------------------ 02–04/XLD: letter by letter

CASES = ["case:1", "case:2", "case:3", "case:4", "letter:7", "letter:8"]


@st.composite
def one_letter(draw: st.DrawFn, second_round: frozenset[str], closed: frozenset[str]) -> LetterFact:
    """One letter as the queries see it; its case's round and closing are the case's (the same for its letters)."""
    kind = draw(st.sampled_from(list(LetterKind)))
    handled = draw(st.booleans())
    eligible = handled and kind is not LetterKind.ANONYMOUS and draw(st.booleans())
    within = draw(st.sampled_from([True, True, False])) if eligible else None
    prior = draw(st.sampled_from(list(PriorResolution))) if eligible else None
    key = draw(st.sampled_from(CASES)) if eligible else None
    return LetterFact(
        unit=draw(st.sampled_from([u.key for u in UNITS])),
        carried=draw(st.booleans()),
        signers=SignerKind.NONE if kind is LetterKind.ANONYMOUS else draw(st.sampled_from(list(SignerKind))),
        kind=kind,
        handled=handled,
        eligible=eligible,
        resolution=RESOLUTION_AT_RECEIPT[prior] if prior is not None else None,
        within=within,
        route=draw(st.sampled_from(list(Route))) if within is False else None,
        case_keys=frozenset({key}) if key is not None else frozenset(),
        prior=prior,
        field=draw(st.sampled_from([*MatterField, None])) if eligible else None,
        next_round=is_next_round(prior, key in second_round) if prior is not None else None,
        case_closed=(key in closed) if eligible and kind is LetterKind.PETITION and within else None,
    )


def place_cases(letters: list[LetterFact]) -> list[LetterFact]:
    """The letters in the order received, each eligible one marked when it is its case's first of its row and kind."""
    seen: set[tuple[str, LetterKind, str]] = set()
    out = []
    for fact in letters:
        if fact.eligible:
            (key,) = fact.case_keys
            first = (fact.unit, fact.kind, key) not in seen
            seen.add((fact.unit, fact.kind, key))
            fact = replace(fact, leads=first)
        out.append(fact)
    return out


def tallied(letters: list[LetterFact]) -> tuple[LetterFact, ...]:
    """Alike letters as one tally, their case keys together (what the grouped SQL returns)."""
    groups: dict[tuple[object, ...], list[LetterFact]] = {}
    for fact in letters:
        alike = tuple(getattr(fact, f.name) for f in fields(fact) if f.name not in ("case_keys", "count"))
        groups.setdefault(alike, []).append(fact)
    return tuple(
        replace(alike[0], case_keys=frozenset().union(*(f.case_keys for f in alike)), count=len(alike))
        for alike in groups.values()
    )


@st.composite
def letter_scenario(draw: st.DrawFn) -> tuple[ReportPeriod, list[LetterFact], Facts]:
    window = draw(st.sampled_from(WINDOWS))
    days = st.integers(-10, (window.end - window.start).days + 10).map(lambda n: window.start + timedelta(days=n))
    second_round = frozenset(draw(st.sets(st.sampled_from(CASES))))
    closed = frozenset(draw(st.sets(st.sampled_from(CASES))))
    letters = place_cases(draw(st.lists(one_letter(second_round, closed), min_size=8, max_size=40)))
    replies = draw(
        st.lists(
            st.builds(ReplyFact, on=days, unit=st.sampled_from([u.key for u in UNITS]), count=st.integers(1, 2),
                      kind=st.sampled_from([LetterKind.COMPLAINT, LetterKind.DENUNCIATION, LetterKind.PETITION, None])),
            max_size=8,
        )
    )
    return window, letters, Facts(letters=tallied(letters), replies=tuple(replies))


def kind_replies(facts: Facts, unit: str, window: ReportPeriod, kind: LetterKind) -> int:
    return sum(r.count for r in facts.replies if r.unit == unit and r.kind is kind and window.contains(r.on))


def case_placing_letters(letters: list[LetterFact]) -> list[LetterFact]:
    """Each case once, by the first of its eligible letters in the order received."""
    first: dict[str, LetterFact] = {}
    for fact in letters:
        if fact.eligible:
            for key in fact.case_keys:
                first.setdefault(key, fact)
    return list(first.values())


def naive_02xld(letters: list[LetterFact], replies: int, generation: Generation) -> dict[int, int]:
    kn = [f for f in letters if f.kind is LetterKind.COMPLAINT]
    ok = [f for f in kn if f.eligible]
    placed = case_placing_letters(kn)

    def n(rule: Callable[[LetterFact], bool], among: list[LetterFact] = kn) -> int:
        return len([f for f in among if rule(f)])

    several, one, none = SignerKind.SEVERAL, SignerKind.ONE, SignerKind.NONE
    m, p = MatterField, PriorResolution
    administrative = (m.POLICY, m.LAND, m.ADMIN_OTHER, m.CIVIL_SERVICE)
    eligible_block = [
        len(ok),  # số đơn
        len({key for f in ok for key in f.case_keys}),  # số vụ việc
        n(lambda f: f.field in administrative, placed),  # lĩnh vực hành chính
        n(lambda f: f.field is m.POLICY, placed),
        n(lambda f: f.field is m.LAND, placed),
        n(lambda f: f.field in (m.ADMIN_OTHER, m.CIVIL_SERVICE), placed),  # hành chính khác
        n(lambda f: f.field is m.JUDICIAL, placed),
        n(lambda f: f.field is m.PARTY, placed),
        n(lambda f: f.field in (m.OTHER, m.CORRUPTION, None), placed),  # lĩnh vực khác, or none recorded
        n(lambda f: f.prior is p.RESOLVED_FIRST, placed),
        n(lambda f: f.prior is p.RESOLVED_SECOND, placed),
        n(lambda f: f.prior is p.COURT_JUDGMENT, placed),
        n(lambda f: f.prior is p.IN_PROGRESS, placed),
        n(lambda f: f.prior is p.NOT_YET, placed),
        n(lambda f: f.within is True, placed),  # thuộc thẩm quyền
        n(lambda f: f.within is True and not f.next_round, placed),  # lần đầu
        n(lambda f: f.within is True and bool(f.next_round), placed),  # lần hai
        n(lambda f: f.within is False, placed),  # không thuộc thẩm quyền
    ]
    handled = [n(lambda f: f.handled), n(lambda f: f.handled and f.carried), n(lambda f: f.handled and not f.carried)]
    if generation is Generation.TT_02_2021:
        intake = [
            len(kn),
            n(lambda f: f.carried and f.signers is several),
            n(lambda f: f.carried and f.signers in (one, none)),  # no column for the unsigned: with "one"
            n(lambda f: not f.carried and f.signers is several),
            n(lambda f: not f.carried and f.signers in (one, none)),
        ]
        routes = [
            n(lambda f: f.within is False and f.route is Route.GUIDED, placed),
            n(lambda f: f.within is False and f.route is Route.FORWARDED, placed),
            n(lambda f: f.within is False and f.route is Route.URGED, placed),
        ]
    else:
        intake = [len(kn), n(lambda f: f.carried), n(lambda f: not f.carried)]
        routes = [
            n(lambda f: f.within is False and f.route in (Route.GUIDED, Route.FORWARDED), placed),  # no F column
            n(lambda f: f.within is False and f.route is Route.URGED, placed),
        ]
    figures = [*intake, *handled, *eligible_block, *routes, replies]
    return dict(enumerate(figures, start=1))


def naive_03xld(letters: list[LetterFact], replies: int, generation: Generation) -> dict[int, int]:
    tc = [f for f in letters if f.kind is LetterKind.DENUNCIATION]
    ok = [f for f in tc if f.eligible]
    placed = case_placing_letters(tc)

    def n(rule: Callable[[LetterFact], bool], among: list[LetterFact] = tc) -> int:
        return len([f for f in among if rule(f)])

    m, p = MatterField, PriorResolution
    concluded = (p.RESOLVED_FIRST, p.RESOLVED_SECOND, p.COURT_JUDGMENT)
    fields = [
        n(lambda f: f.field in (m.POLICY, m.LAND, m.CIVIL_SERVICE, m.ADMIN_OTHER), placed),  # hành chính
        n(lambda f: f.field is m.POLICY, placed),
        n(lambda f: f.field is m.LAND, placed),
        n(lambda f: f.field is m.CIVIL_SERVICE, placed),
        n(lambda f: f.field is m.ADMIN_OTHER, placed),
        n(lambda f: f.field is m.CORRUPTION, placed),
        n(lambda f: f.field is m.JUDICIAL, placed),
        n(lambda f: f.field is m.PARTY, placed),
        n(lambda f: f.field in (m.OTHER, None), placed),
    ]
    # tố cáo tiếp: quá thời hạn (no conclusion at receipt), đã có kết luận
    overdue = n(lambda f: bool(f.next_round) and f.prior not in concluded, placed)
    concluded_again = n(lambda f: bool(f.next_round) and f.prior in concluded, placed)
    within = [
        n(lambda f: f.within is True, placed),
        n(lambda f: f.within is True and not f.next_round, placed),  # lần đầu
        n(lambda f: f.within is True and bool(f.next_round), placed),  # tố cáo tiếp
        n(lambda f: f.within is False, placed),
    ]
    handled = [n(lambda f: f.handled), n(lambda f: f.handled and f.carried), n(lambda f: f.handled and not f.carried)]
    eligible = [len(ok), len({key for f in ok for key in f.case_keys})]
    if generation is Generation.TT_02_2021:
        intake = [len(tc)] + [
            n(lambda f, c=carried, s=signers: f.carried is c and f.signers is s)
            for carried in (True, False)
            for signers in (SignerKind.SEVERAL, SignerKind.ONE, SignerKind.NONE)
        ]
        statuses = [
            n(lambda f: not f.next_round and f.prior is p.NOT_YET, placed),
            n(lambda f: not f.next_round and f.prior is p.IN_PROGRESS, placed),
            overdue,
            concluded_again,
        ]
        routes = [
            n(lambda f: f.within is False and f.route is Route.GUIDED, placed),
            n(lambda f: f.within is False and f.route is Route.FORWARDED, placed),
            n(lambda f: f.within is False and f.route is Route.URGED, placed),
        ]
    else:
        intake = [len(tc), n(lambda f: f.carried), n(lambda f: not f.carried)]
        statuses = [overdue, concluded_again, n(lambda f: not f.next_round, placed)]
        routes = [
            n(lambda f: f.within is False and f.route in (Route.FORWARDED, Route.GUIDED), placed),  # no G column
            n(lambda f: f.within is False and f.route is Route.URGED, placed),
        ]
    figures = [*intake, *handled, *eligible, *fields, *statuses, *within, *routes, replies]
    return dict(enumerate(figures, start=1))


def naive_04xld(letters: list[LetterFact], replies: int, generation: Generation) -> dict[int, int]:
    pa = [f for f in letters if f.kind is LetterKind.PETITION]
    ok = [f for f in pa if f.eligible]
    placed = case_placing_letters(pa)

    def n(rule: Callable[[LetterFact], bool], among: list[LetterFact] = pa) -> int:
        return len([f for f in among if rule(f)])

    m, p = MatterField, PriorResolution
    resolved = (p.RESOLVED_FIRST, p.RESOLVED_SECOND, p.COURT_JUDGMENT)
    fields = [
        n(lambda f: f.field is m.POLICY, placed),
        n(lambda f: f.field is m.LAND, placed),
        n(lambda f: f.field is m.JUDICIAL, placed),
        n(lambda f: f.field not in (m.POLICY, m.LAND, m.JUDICIAL), placed),  # khác, or none recorded
    ]
    handled = [n(lambda f: f.handled), n(lambda f: f.handled and f.carried), n(lambda f: f.handled and not f.carried)]
    eligible = [len(ok), len({key for f in ok for key in f.case_keys})]
    outside = [
        n(lambda f: f.within is False, placed),
        n(lambda f: f.within is False and f.route in (Route.FORWARDED, Route.GUIDED), placed),  # no G column
        n(lambda f: f.within is False and f.route is Route.URGED, placed),
    ]
    if generation is Generation.TT_02_2021:
        intake = [len(pa)] + [
            n(lambda f, c=carried, s=signers: f.carried is c and f.signers is s)
            for carried in (True, False)
            for signers in (SignerKind.SEVERAL, SignerKind.ONE, SignerKind.NONE)
        ]
        statuses = [
            n(lambda f: f.prior in resolved, placed),
            n(lambda f: f.prior is p.IN_PROGRESS, placed),
            n(lambda f: f.prior is p.NOT_YET, placed),
        ]
        tail = [replies]
    else:
        intake = [len(pa), n(lambda f: f.carried), n(lambda f: not f.carried)]
        statuses = [n(lambda f: f.prior in resolved, placed), n(lambda f: f.prior not in resolved, placed)]
        # the cases within competence, resolved (closed) by the window's end or not; no replies column
        tail = [n(lambda f: f.within is True and bool(f.case_closed), placed),
                n(lambda f: f.within is True and not f.case_closed, placed)]
    within = [n(lambda f: f.within is True, placed)]
    figures = [*intake, *handled, *eligible, *fields, *statuses, *within, *outside, *tail]
    return dict(enumerate(figures, start=1))


NAIVE = {
    "02/XLD": (forms_02xld.FORMS, naive_02xld, LetterKind.COMPLAINT),
    "03/XLD": (forms_03xld.FORMS, naive_03xld, LetterKind.DENUNCIATION),
    "04/XLD": (forms_04xld.FORMS, naive_04xld, LetterKind.PETITION),
}


@pytest.mark.fuzz
@settings(max_examples=150, deadline=None)
@given(case=letter_scenario())
@pytest.mark.parametrize("code", sorted(NAIVE))
def test_every_kind_form_figure_is_the_naive_count_and_every_check_sum_holds(
    code: str, case: tuple[ReportPeriod, list[LetterFact], Facts]
) -> None:
    window, letters, facts = case
    forms, naive, kind = NAIVE[code]
    table = compute_table(forms[window.generation], window, UNITS, facts).verify()  # raises on a failed sum
    expected = {
        u.key: naive([f for f in letters if f.unit == u.key], kind_replies(facts, u.key, window, kind), window.generation)
        for u in UNITS
    }
    for row in table.rows:
        assert dict(row.values) == expected[row.unit]
    # The letters drawn one by one through 01/XLD too: the same figures as its own naive count.
    xld = compute_table(forms_01xld.FORMS[window.generation], window, UNITS, facts).verify()
    count = naive_2021 if window.generation is Generation.TT_02_2021 else naive_2024
    for row in xld.rows:
        replies = replies_in(facts, row.unit, window)
        assert dict(row.values) == count([f for f in letters if f.unit == row.unit], replies)
