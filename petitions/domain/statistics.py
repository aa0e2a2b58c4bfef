"""The statistics engine: counting rules over plain facts, forms declared as data, check sums.

A report form is data (``FormDefinition``): its columns name a ``Measure`` (what to count, for which
reception group, delegations only or not); ``compute_table`` evaluates each measure per subordinate
unit with one function per counting rule, adds the total row (the sum of the unit rows, as the
forms aggregate subordinate reports) and ``verify`` checks every printed sum before anything is
printed. The counting rules are the system's reading of the reporting circulars:

  - a fact counts in the period that contains its date (bounds inclusive, local dates);
  - lượt = visits; người = persons received in them (every member of a group, not only the
    representatives); a delegation (đoàn đông người) is a visit of at least 5 persons;
  - vụ việc = distinct cases among a reception group's visits in the period, each counted once per
    group: lần đầu if this office first received it (through any channel, visit or letter) inside the
    period, nhiều lần if before it started; a visit without a case link is a matter of its own,
    received for the first time at that visit;
  - the total of cases is the sum of the group counts (a case seen by two groups counts twice);
  - delegation columns are subsets of their group's and are never added again into the totals;
  - số kỳ tiếp = sessions held (not postponed) by the head, or by the head's delegate, in the period.

Letter forms (01/XLD) count ``LetterFact`` tallies valid at the window's dates: a letter is carried over
(received before the window, no approved route at its start) or received in it; handled = an approved
route effective by the window's end; a column selects letters with a ``LetterFilter`` and counts them
(đơn), the distinct cases among them (vụ việc) or the replies received in the window. 02/XLD (complaints),
03/XLD (denunciations) and 04/XLD (KNPA) count the same facts of one kind (the main content; anonymous
information never): their field, status and competence columns count cases, each placed once by its leading
letter (``leading_letters``), so that a case whose letters differ still falls in exactly one column of each block.

Resolution forms (01/KQGQ, 03/KQGQ) count ``ResolutionFact`` tallies: cases accepted for resolution within
competence that were carried over (accepted before the window, not closed at its start) or accepted in
it, with how the window closed them (decision or conclusion with its verdict and timeliness, withdrawal,
termination otherwise, or not at all) and the figures the decisions issued in the window ordered. A
column's ``FigureKind`` says what its figures are: counts (int) or exact Decimals (money in million VND,
land in m²); check sums and the total row work on either, and ``format_figure`` prints them.

The implementation form (02/KQGQ) counts ``ImplementationFact`` tallies: complaint decisions in force that order
at least one measure, carried over (in force before the window, not fully implemented at its start) or in force
from a day inside it, with what was due at the window's start and done inside it, read from the dated ledger
at the window's dates (``implementation_fact``; the queries apply the same rules in SQL). 04/KQGQ counts denunciation
conclusions with the same facts and rules (in force on their own date); rights restored, which the ledger does not
record, are done when the whole decision or conclusion is (``done_as_of``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from petitions.domain.classification import PriorResolution, SignerKind
from petitions.domain.issuers import ancestry
from petitions.domain.periods import Generation, ReportPeriod
from petitions.domain.reception import DELEGATION_MIN_PERSONS
from petitions.domain.records import CaseVerdict
from petitions.domain.types import DomainError


class ReceptionGroup(StrEnum):
    """Who received the citizen: staff (regular), the head (periodic + unscheduled), the head's delegate."""

    REGULAR = "regular"
    HEAD = "head"
    DELEGATED = "delegated"


# ------------------------------------------------------------------------------------------------ facts


def _one_record(record: int | None, count: int) -> None:
    """A fact that names its record (the un-grouped facts of a drill-down) stands for that record alone."""
    if record is not None and count != 1:
        raise ValueError("a fact naming its record stands for one record")


@dataclass(frozen=True)
class VisitFact:
    """One row of the reception book reduced to what the counts need, or a tally of several.

    The queries feed tallies (one per unit, group, case and delegation flag, the visits inside the
    window): ``count`` visits received ``persons`` persons in all, ``on`` is the earliest of them and
    ``delegation`` says whether they are delegations. A single visit leaves ``delegation`` None and
    the rule (at least five persons) decides. Visits without a case link are each a matter of their own.
    """

    on: date
    group: ReceptionGroup
    persons: int
    case_id: int | None
    unit: str
    count: int = 1
    delegation: bool | None = None
    record: int | None = None  # the visit's id, in a drill-down's un-grouped facts (petitions.domain.drilldown)

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("a tally stands for at least one visit")
        _one_record(self.record, self.count)
        if self.persons < self.count:
            raise ValueError("a visit receives at least one person")
        if self.count > 1 and self.delegation is None:
            raise ValueError("a tally of several visits says whether they are delegations")
        if self.delegation and self.persons < DELEGATION_MIN_PERSONS * self.count:
            raise ValueError("a delegation is at least five persons")


@dataclass(frozen=True)
class CaseFact:
    """The day this unit (office) first received a case through any channel (visit or letter)."""

    case_id: int
    first_received_on: date
    unit: str


@dataclass(frozen=True)
class SessionFact:
    """A leader's reception session (kỳ tiếp), held or postponed; ``count`` sessions when tallied."""

    on: date
    group: ReceptionGroup
    held: bool
    unit: str
    count: int = 1
    record: int | None = None  # the session's id (drill-down)

    def __post_init__(self) -> None:
        _one_record(self.record, self.count)


class LetterKind(StrEnum):
    """What a letter counts as on the XLD forms: its main content's type, or anonymous information."""

    COMPLAINT = "KN"
    DENUNCIATION = "TC"
    PETITION = "KNPA"
    ANONYMOUS = "anonymous"


class Resolution(StrEnum):
    """Where the matter stood at receipt (01/XLD (11)–(13), TT 02/2021 (14)–(17))."""

    FIRST = "first"
    REPEATED = "repeated"
    IN_PROGRESS = "in_progress"
    NOT_RESOLVED = "not_resolved"


class Route(StrEnum):
    """Outside competence: G guided, F forwarded, U urged."""

    GUIDED = "G"
    FORWARDED = "F"
    URGED = "U"


class MatterField(StrEnum):
    """The field (lĩnh vực) of a letter's matter as the XLD forms split it (02/XLD (11)–(17), 03/XLD (13)–(21),
    04/XLD (13)–(16)): read from the item of the classification lists (field_complaint, field_denunciation,
    field_petition) the letter was classified with (MATTER_FIELD_OF_CODE)."""

    POLICY = "policy"  # chế độ, chính sách
    LAND = "land"  # đất đai, nhà cửa
    CIVIL_SERVICE = "civil_service"  # công chức, công vụ
    ADMIN_OTHER = "admin_other"  # hành chính khác (or "hành chính" without its sub-field)
    CORRUPTION = "corruption"  # tham nhũng
    JUDICIAL = "judicial"  # tư pháp
    PARTY = "party"  # Đảng, đoàn thể
    OTHER = "other"  # lĩnh vực khác


# The lists' item codes (petitions.domain.classification.REFERENCE_LISTS), by the form column they count in. An
# item an administrator added counts under its parent's field ("hành chính" → hành chính khác); an item of no
# known code or parent, like a letter with no field recorded, has none (the forms count it as "khác").
MATTER_FIELD_OF_CODE: Mapping[str, MatterField] = {
    "HC_CS": MatterField.POLICY,
    "CS": MatterField.POLICY,
    "HC_DD": MatterField.LAND,
    "DD": MatterField.LAND,
    "HC_CC": MatterField.CIVIL_SERVICE,
    "HC_KHAC": MatterField.ADMIN_OTHER,
    "HC": MatterField.ADMIN_OTHER,
    "THAM_NHUNG": MatterField.CORRUPTION,
    "TP": MatterField.JUDICIAL,
    "DANG": MatterField.PARTY,
    "KHAC": MatterField.OTHER,
}
ADMINISTRATIVE_FIELDS = frozenset(
    {MatterField.POLICY, MatterField.LAND, MatterField.CIVIL_SERVICE, MatterField.ADMIN_OTHER}
)


def matter_field(code: str | None, parent_code: str | None = None) -> MatterField | None:
    """The field of a list item: its own code's, else its parent's (an administrative parent: hành chính khác),
    else none."""
    if code is not None and code in MATTER_FIELD_OF_CODE:
        return MATTER_FIELD_OF_CODE[code]
    parent = MATTER_FIELD_OF_CODE.get(parent_code or "")
    if parent in ADMINISTRATIVE_FIELDS:
        return MatterField.ADMIN_OTHER
    return parent


# The statuses at receipt after which a new letter on the matter is its next round: complaint lần 2, tố cáo tiếp.
NEXT_ROUND_PRIORS = frozenset(
    {PriorResolution.RESOLVED_FIRST, PriorResolution.RESOLVED_SECOND, PriorResolution.COURT_JUDGMENT}
)


def is_next_round(prior: PriorResolution, case_is_next_round: bool) -> bool:
    """A letter of a matter's next round (02/XLD within competence lần 2, 03/XLD tố cáo tiếp; the system's rule):
    its case is a round-2 case (a complaint's lần 2, a re-denunciation opened as the next round, Luật TC Đ37), or
    the matter was already resolved when it arrived (first or second time, or by a court judgment)."""
    return case_is_next_round or prior in NEXT_ROUND_PRIORS


def leading_letters(letters: Iterable[tuple[str, date, int]]) -> frozenset[int]:
    """The letter that places each case on the XLD forms' case columns: among a row's eligible letters of one
    kind, per case key (case, or letter), the earliest received, then the first registered (lowest id). A case
    with letters of several fields, statuses or routes counts once, by that letter, so the columns' sums hold;
    the queries choose the same letter in SQL. ``letters``: (case key, received on, id)."""
    first: dict[str, tuple[date, int]] = {}
    for key, received_on, letter_id in letters:
        if key not in first or (received_on, letter_id) < first[key]:
            first[key] = (received_on, letter_id)
    return frozenset(letter_id for _, letter_id in first.values())


@dataclass(frozen=True)
class LetterFact:
    """A tally of ``count`` letters of one unit that are alike for every XLD column, valid at the window.

    ``carried``: received before the window and not handled at its start (else received inside it);
    ``handled``: an approved route effective by the window's end; ``eligible`` only for handled,
    non-anonymous letters; ``case_keys`` name the cases of the tally's letters (a duplicate shares its
    original's; one key per matter, however many letters), set for eligible letters only, where (7) counts
    distinct cases across tallies.
    """

    unit: str
    carried: bool
    signers: SignerKind  # s / o / x: several, one, none (x: anonymous information too)
    kind: LetterKind
    handled: bool
    eligible: bool = False
    resolution: Resolution | None = None
    within: bool | None = None
    route: Route | None = None
    case_keys: frozenset[str] = frozenset()
    count: int = 1
    record: int | None = None  # the letter's id (drill-down)
    # For 02–04/XLD, eligible letters only: the status at receipt as recorded, the field of the matter, whether it
    # is the matter's next round (is_next_round), whether the letters place their cases on the case columns
    # (leading_letters), and for a KNPA within competence whether its case was closed by the window's end.
    prior: PriorResolution | None = None
    field: MatterField | None = None
    next_round: bool | None = None
    leads: bool = False
    case_closed: bool | None = None

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("a tally stands for at least one letter")
        _one_record(self.record, self.count)
        if self.eligible and (not self.handled or self.kind is LetterKind.ANONYMOUS):
            raise ValueError("only a handled letter with a signer can be eligible")
        if self.leads and not self.eligible:
            raise ValueError("only eligible letters place their cases")
        if self.leads and len(self.case_keys) != self.count:
            raise ValueError("letters that place their cases place one each")


@dataclass(frozen=True)
class ReplyFact:
    """``count`` replies received by a unit on ``on`` about its non-anonymous letters (of ``kind``, their main
    content; None: not known)."""

    on: date
    unit: str
    count: int = 1
    record: int | None = None  # the reply's id: its status event (drill-down)

    def __post_init__(self) -> None:
        _one_record(self.record, self.count)
    kind: LetterKind | None = None


@dataclass(frozen=True)
class LetterFilter:
    """Which letters a column counts: each field set must match (None: any)."""

    carried: bool | None = None
    signers: SignerKind | None = None
    handled: bool | None = None
    eligible: bool | None = None
    kind: LetterKind | None = None
    resolutions: frozenset[Resolution] | None = None
    within: bool | None = None
    route: Route | None = None
    # Sets where a form's column takes in several values (02/XLD's "một người đứng tên" also takes the unsigned, a
    # form without G counts it under F), and what 02–04/XLD read of eligible letters (LetterFact).
    signer_kinds: frozenset[SignerKind] | None = None
    routes: frozenset[Route | None] | None = None  # None among them: no route (the internal table's filed)
    priors: frozenset[PriorResolution] | None = None
    fields: frozenset[MatterField | None] | None = None
    next_round: bool | None = None
    leads: bool | None = None
    case_closed: bool | None = None

    def matches(self, fact: LetterFact) -> bool:
        return (
            (self.carried is None or fact.carried == self.carried)
            and (self.signers is None or fact.signers is self.signers)
            and (self.handled is None or fact.handled == self.handled)
            and (self.eligible is None or fact.eligible == self.eligible)
            and (self.kind is None or fact.kind is self.kind)
            and (self.resolutions is None or fact.resolution in self.resolutions)
            and (self.within is None or fact.within == self.within)
            and (self.route is None or fact.route is self.route)
            and (self.signer_kinds is None or fact.signers in self.signer_kinds)
            and (self.routes is None or fact.route in self.routes)
            and (self.priors is None or fact.prior in self.priors)
            and (self.fields is None or fact.field in self.fields)
            and (self.next_round is None or fact.next_round == self.next_round)
            and (self.leads is None or fact.leads == self.leads)
            and (self.case_closed is None or fact.case_closed == self.case_closed)
        )


# ---------------------------------------------------------------------------------- figures and cases


class FigureKind(StrEnum):
    """What a numeric column's figures are: counts, or exact Decimals in the forms' units."""

    COUNT = "count"  # int
    MONEY = "money"  # Decimal, million VND (to the thousand VND: 3 places)
    LAND = "land"  # Decimal, m² (to the hundredth: 2 places)


# A figure on a form: a count, or an exact amount of money or land.
Figure = int | Decimal

# The places each Decimal kind is stored and exported with (petitions.db_types' scales).
FIGURE_PLACES: Mapping[FigureKind, int] = {FigureKind.MONEY: 3, FigureKind.LAND: 2}


def zero_of(kind: FigureKind) -> Figure:
    """The empty figure of a kind: 0 for counts, an exact Decimal zero for money and land."""
    return 0 if kind is FigureKind.COUNT else Decimal(0)


def format_figure(value: Figure, kind: FigureKind) -> str:
    """A figure as printed on the screen and the PDF.

    Counts print as they are (``1234``, as 01/TCD and 01/XLD always printed them). Money and land print
    in the Vietnamese way, exactly: dots group the thousands, a comma marks the decimals, trailing zeros
    after the comma are dropped and nothing is rounded: ``Decimal("1234.500")`` → ``1.234,5``; zero → ``0``.
    """
    if kind is FigureKind.COUNT:
        return str(value)
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):f}"
    whole, _, decimals = text.partition(".")
    decimals = decimals.rstrip("0")
    grouped = group_thousands(int(whole))
    return f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"


def group_thousands(whole: int) -> str:
    """A whole number the Vietnamese way, dots between the thousands: 1328 → ``1.328``."""
    return f"{whole:,}".replace(",", ".")


def exact_text(value: Figure, kind: FigureKind) -> str | int:
    """A figure for machine-readable output (JSON): a count as an int; money and land as the exact decimal
    string at their stored places with a dot (``"1234.500"``), because a JSON number is read as a binary
    float by most consumers and would lose the thousand VND."""
    if kind is FigureKind.COUNT:
        return int(value)
    places = FIGURE_PLACES[kind]
    return f"{Decimal(value).quantize(Decimal(1).scaleb(-places)):f}"


class CaseKind(StrEnum):
    """The type of a case under resolution within competence (01/KQGQ complaints, 03/KQGQ denunciations)."""

    COMPLAINT = "KN"
    DENUNCIATION = "TC"


class Closure(StrEnum):
    """How the window closed a case under resolution (its first closing event dated inside the window)."""

    DECIDED = "decided"  # a complaint decision or a denunciation conclusion issued in the window
    WITHDRAWN = "withdrawn"  # withdrawn: the withdrawal's own date, not the later termination notice
    TERMINATED = "terminated"  # terminated (đình chỉ) other than by withdrawal
    OPEN = "open"  # still under resolution at the window's end


class OutcomeFigure(StrEnum):
    """A measure a decision or conclusion orders (CaseOutcome's ordered columns, DOMAIN §4), with its kind
    in FIGURE_OF_OUTCOME. The same names serve what was implemented (02/KQGQ, 04/KQGQ)."""

    RECOVER_MONEY = "recover_money"
    RECOVER_LAND = "recover_land"
    RETURN_MONEY_ORGS = "return_money_orgs"
    RETURN_LAND_ORGS = "return_land_orgs"
    RETURN_MONEY_PERSONS = "return_money_persons"
    RETURN_LAND_PERSONS = "return_land_persons"
    RESTORED_ORGS = "restored_orgs"
    RESTORED_PERSONS = "restored_persons"
    DISCIPLINE_ORGS = "discipline_orgs"
    DISCIPLINE_PERSONS = "discipline_persons"
    DISCIPLINE_OFFICIALS = "discipline_officials"
    INVESTIGATION_CASES = "investigation_cases"
    INVESTIGATION_PERSONS = "investigation_persons"
    INVESTIGATION_OFFICIALS = "investigation_officials"


FIGURE_OF_OUTCOME: Mapping[OutcomeFigure, FigureKind] = {
    figure: (
        FigureKind.MONEY
        if "money" in figure.value
        else FigureKind.LAND
        if "land" in figure.value
        else FigureKind.COUNT
    )
    for figure in OutcomeFigure
}


@dataclass(frozen=True)
class ResolutionFact:
    """A tally of ``count`` cases of one unit under resolution within competence, alike for every KQGQ
    column, valid at the window's dates.

    ``carried``: accepted before the window and not closed at its start (else accepted inside it);
    ``next_round``: a round-2 complaint or a re-denunciation (tố cáo tiếp); ``closure``: how the window
    closed them, with the ``verdict`` of a decision or conclusion and the timeliness (``on_time``) of
    every closing (decision, withdrawal, termination: 03/KQGQ (6) = (30) + (31) counts terminated
    denunciations too; 01/KQGQ's columns select decisions and withdrawals only); ``letters``: the letters accepted (thụ lý) for these cases; ``ordered``:
    the sums of what the decisions issued in the window ordered (money and land exact Decimals).
    """

    unit: str
    kind: CaseKind
    carried: bool
    next_round: bool = False
    closure: Closure = Closure.OPEN
    verdict: CaseVerdict | None = None
    on_time: bool | None = None
    letters: int = 0
    ordered: tuple[tuple[OutcomeFigure, Figure], ...] = ()
    count: int = 1
    record: int | None = None  # the case's id (drill-down)
    accepted_letters: frozenset[int] = frozenset()  # with ``record``: the ids of the ``letters`` accepted with it

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("a tally stands for at least one case")
        if self.letters < 0:
            raise ValueError("letters accepted cannot be negative")
        _one_record(self.record, self.count)
        if self.record is not None and len(self.accepted_letters) != self.letters:
            raise ValueError("a case's fact names every letter accepted with it")
        if (self.verdict is not None) != (self.closure is Closure.DECIDED):
            raise ValueError("a verdict belongs to a decision or conclusion, and every one has a verdict")
        if (self.on_time is not None) != (self.closure is not Closure.OPEN):
            raise ValueError("timeliness is judged for every closed case, and only for those")
        if self.ordered and self.closure is not Closure.DECIDED:
            raise ValueError("only a decision or conclusion orders measures")
        for figure, value in self.ordered:
            exact = isinstance(value, Decimal)
            if exact != (FIGURE_OF_OUTCOME[figure] is not FigureKind.COUNT) or isinstance(value, bool):
                raise ValueError(f"{figure}: money and land are Decimals, the other figures ints")

    def figure(self, which: OutcomeFigure) -> Figure:
        """The sum ordered of one measure (zero of its kind when none)."""
        for figure, value in self.ordered:
            if figure is which:
                return value
        return zero_of(FIGURE_OF_OUTCOME[which])


@dataclass(frozen=True)
class CaseFilter:
    """Which cases under resolution a column counts: each field set must match (None: any)."""

    kind: CaseKind | None = None
    carried: bool | None = None
    next_round: bool | None = None
    closures: frozenset[Closure] | None = None
    verdicts: frozenset[CaseVerdict] | None = None
    on_time: bool | None = None

    def matches(self, fact: ResolutionFact) -> bool:
        return (
            (self.kind is None or fact.kind is self.kind)
            and (self.carried is None or fact.carried == self.carried)
            and (self.next_round is None or fact.next_round == self.next_round)
            and (self.closures is None or fact.closure in self.closures)
            and (self.verdicts is None or fact.verdict in self.verdicts)
            and (self.on_time is None or fact.on_time == self.on_time)
        )


# The counting rules of case resolution (DOMAIN §6), one function each; the queries apply the same rules
# in SQL, set-based.


def is_under_resolution_in(accepted_on: date, closed_on: date | None, period: ReportPeriod) -> bool:
    """A case counts on 01/KQGQ or 03/KQGQ (4) when it was accepted by the window's end and was not closed
    before its start: carried over or accepted in the window."""
    return accepted_on <= period.end and (closed_on is None or closed_on >= period.start)


def is_carried_over(accepted_on: date, closed_on: date | None, period: ReportPeriod) -> bool:
    """kỳ trước chuyển sang: accepted before the window, not yet resolved (no decision, conclusion,
    withdrawal or termination) at its start."""
    return accepted_on < period.start and (closed_on is None or closed_on >= period.start)


def closure_in(closure: Closure, closed_on: date | None, period: ReportPeriod) -> Closure:
    """How the window closed a case: its closing event when dated inside the window, else still open."""
    if closed_on is None or not period.contains(closed_on):
        return Closure.OPEN
    return closure


def closed_on_time(closed_on: date, due_on: date | None) -> bool:
    """A case closed by withdrawal or termination (and a decision the deadline clocks could not judge) is
    resolved on time when closed on or before the resolution deadline in force that day (after lawful
    extensions and pauses); without a deadline it cannot be late."""
    return due_on is None or closed_on <= due_on


def count_resolution_cases(facts: Iterable[ResolutionFact], chosen: CaseFilter) -> int:
    """vụ việc: every case selected (one fact row stands for ``count`` cases)."""
    return sum(fact.count for fact in facts if chosen.matches(fact))


def count_accepted_letters(facts: Iterable[ResolutionFact], chosen: CaseFilter) -> int:
    """đơn: the letters accepted (thụ lý) for the selected cases; later letters about a case under
    resolution count on the XLD forms only."""
    return sum(fact.letters for fact in facts if chosen.matches(fact))


def sum_ordered(facts: Iterable[ResolutionFact], chosen: CaseFilter, figure: OutcomeFigure) -> Figure:
    """What the decisions and conclusions issued in the window ordered, summed over the selected cases
    (money and land exact)."""
    total = zero_of(FIGURE_OF_OUTCOME[figure])
    for fact in facts:
        if fact.closure is Closure.DECIDED and chosen.matches(fact):
            total += fact.figure(figure)
    return total


# The order a case's closings on one day are read in (the queries' CASE): a decision, then a withdrawal.
_CLOSING_ORDER = (Closure.DECIDED, Closure.WITHDRAWN, Closure.TERMINATED)


@dataclass(frozen=True)
class CaseHistory:
    """One case under resolution within competence as its dated records tell it (after every correction):
    the day it was accepted (None: never), its closing events (decision or conclusion, withdrawal,
    termination) with their days, the decision's verdict, recorded timeliness and ordered figures, the due date
    of its resolution clock, and the days its letters were accepted with ``True`` for anonymous information.
    case_queries reads the same facts in SQL; ``resolution_fact`` is the rule in plain Python."""

    unit: str
    kind: CaseKind
    accepted_on: date | None
    closings: tuple[tuple[Closure, date], ...] = ()
    next_round: bool = False
    verdict: CaseVerdict | None = None
    decided_on_time: bool | None = None
    due_on: date | None = None
    letters: tuple[tuple[date, bool], ...] = ()
    ordered: tuple[tuple[OutcomeFigure, Figure], ...] = ()


def first_closing(history: CaseHistory, period: ReportPeriod) -> tuple[Closure, date] | None:
    """The case's first closing effective by the window's end (a withdrawal, not the termination after it)."""
    known = [(day, _CLOSING_ORDER.index(kind), kind) for kind, day in history.closings if day <= period.end]
    if not known:
        return None
    day, _, kind = min(known)
    return kind, day


def resolution_fact(history: CaseHistory, period: ReportPeriod) -> ResolutionFact | None:
    """The case's fact for the window (None when it is not on the form): under resolution in the window,
    carried over or accepted in it, how the window closed it, the letters accepted with it (on or before its
    acceptance, never anonymous information) and what its decision ordered when issued in the window."""
    if history.accepted_on is None:
        return None
    closing = first_closing(history, period)
    closed_on = closing[1] if closing else None
    if not is_under_resolution_in(history.accepted_on, closed_on, period):
        return None
    closure = closure_in(closing[0], closed_on, period) if closing else Closure.OPEN
    on_time: bool | None = None
    if closure is not Closure.OPEN:
        assert closed_on is not None
        recorded = history.decided_on_time if closure is Closure.DECIDED else None
        on_time = recorded if recorded is not None else closed_on_time(closed_on, history.due_on)
    decided = closure is Closure.DECIDED
    return ResolutionFact(
        unit=history.unit,
        kind=history.kind,
        carried=is_carried_over(history.accepted_on, closed_on, period),
        next_round=history.next_round,
        closure=closure,
        verdict=history.verdict if decided else None,
        on_time=on_time,
        letters=sum(1 for day, anonymous in history.letters if not anonymous and day <= history.accepted_on),
        ordered=tuple((f, v) for f, v in history.ordered if v) if decided else (),
    )


def tally_resolutions(facts: Iterable[ResolutionFact]) -> tuple[ResolutionFact, ...]:
    """Cases alike for every column as one tally (as the queries group them): counts, letters and ordered
    figures summed."""
    groups: dict[tuple[object, ...], list[ResolutionFact]] = {}
    for fact in facts:
        key = (fact.unit, fact.kind, fact.carried, fact.next_round, fact.closure, fact.verdict, fact.on_time)
        groups.setdefault(key, []).append(fact)
    tallies = []
    for alike in groups.values():
        sums: dict[OutcomeFigure, Figure] = {}
        for fact in alike:
            for figure, value in fact.ordered:
                sums[figure] = sums.get(figure, zero_of(FIGURE_OF_OUTCOME[figure])) + value
        first = alike[0]
        tallies.append(
            replace(
                first,
                letters=sum(f.letters for f in alike),
                ordered=tuple((f, sums[f]) for f in OutcomeFigure if f in sums and sums[f]),
                count=sum(f.count for f in alike),
            )
        )
    return tuple(tallies)


# Implementation of decisions (02/KQGQ): decisions in force that order at least one measure, with the
# dated ledger read at the window's dates (valid time). The queries apply the same rules in SQL, set-based.


@dataclass(frozen=True)
class ImplementationFact:
    """A tally of ``count`` decisions of one unit, in force and ordering at least one measure, alike for every
    02/KQGQ column, valid at the window's dates.

    ``carried``: in force before the window and not fully implemented at its start (else it came into force
    inside the window); ``fully_done``: every measure implemented (rights and discipline included) as of the
    window's end; ``due``: what they ordered less what was done before the window; ``done``: what was done
    inside the window (figures as OutcomeFigure names, money and land exact Decimals).
    """

    unit: str
    carried: bool
    fully_done: bool = False
    due: tuple[tuple[OutcomeFigure, Figure], ...] = ()
    done: tuple[tuple[OutcomeFigure, Figure], ...] = ()
    count: int = 1
    record: int | None = None  # the decided case's id (drill-down)

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("a tally stands for at least one decision")
        _one_record(self.record, self.count)
        for figure, value in (*self.due, *self.done):
            exact = isinstance(value, Decimal)
            if exact != (FIGURE_OF_OUTCOME[figure] is not FigureKind.COUNT) or isinstance(value, bool):
                raise ValueError(f"{figure}: money and land are Decimals, the other figures ints")

    def figure(self, which: OutcomeFigure, *, done: bool) -> Figure:
        """The sum due (``done`` False) or done in the window of one measure (zero of its kind when none)."""
        for figure, value in self.done if done else self.due:
            if figure is which:
                return value
        return zero_of(FIGURE_OF_OUTCOME[which])


@dataclass(frozen=True)
class ImplementationFilter:
    """Which decisions a 02/KQGQ column counts: each field set must match (None: any)."""

    carried: bool | None = None
    fully_done: bool | None = None

    def matches(self, fact: ImplementationFact) -> bool:
        return (self.carried is None or fact.carried == self.carried) and (
            self.fully_done is None or fact.fully_done == self.fully_done
        )


@dataclass(frozen=True)
class LedgerEntry:
    """One dated record of a decision's implementation (case_implementation_entry): the cumulative figures done
    as of ``effective_on``; ``supersedes`` names the entry a correction replaced (that one is no longer read)."""

    id: int
    effective_on: date
    done: tuple[tuple[OutcomeFigure, Figure], ...] = ()
    fully_done: bool = False
    supersedes: int | None = None

    def figure(self, which: OutcomeFigure) -> Figure:
        for figure, value in self.done:
            if figure is which:
                return value
        return zero_of(FIGURE_OF_OUTCOME[which])


# Measures the ledger records no figure for (rights restored): done in full once the decision or conclusion is fully
# implemented (the officer's "thực hiện xong"), not before. 04/KQGQ (13), (14) count them so.
UNRECORDED_FIGURES = frozenset({OutcomeFigure.RESTORED_ORGS, OutcomeFigure.RESTORED_PERSONS})


def done_as_of(entry: LedgerEntry | None, figure: OutcomeFigure, ordered: Figure) -> Figure:
    """What was done of one measure as of the ledger ``entry`` read for a day (None: nothing recorded yet): its
    cumulative figure; for a measure the ledger does not record (UNRECORDED_FIGURES), all that was ordered once the
    entry says the whole decision is done."""
    if entry is None:
        return zero_of(FIGURE_OF_OUTCOME[figure])
    if figure in UNRECORDED_FIGURES:
        return ordered if entry.fully_done else zero_of(FIGURE_OF_OUTCOME[figure])
    return entry.figure(figure)


def ledger_as_of(entries: Iterable[LedgerEntry], day: date) -> LedgerEntry | None:
    """Valid time: what was done as of ``day`` is the latest entry dated on or before it (the later record
    breaks a tie) that no correction superseded, whenever the correction was recorded — also after the
    window closed."""
    entries = tuple(entries)
    superseded = {e.supersedes for e in entries if e.supersedes is not None}
    live = [e for e in entries if e.id not in superseded and e.effective_on <= day]
    return max(live, key=lambda e: (e.effective_on, e.id), default=None)


def decision_in_force_on(decided_on: date, final_on: date | None) -> date:
    """A complaint decision is in force (có hiệu lực pháp luật) on the day its D18 period ends, round 2 too
    (``final_on``: the D18 clock's due date); one without that date on record (a disciplinary complaint, to
    which D18 does not apply, or a year whose calendar is not confirmed) from the day it was issued."""
    return final_on if final_on is not None else decided_on


@dataclass(frozen=True)
class DecisionRecord:
    """A complaint decision as the 02/KQGQ rules read it: its unit, the day it came into force (None: it never
    did — the complainant went to round 2 or to court before that day), what it ordered and its ledger."""

    unit: str
    in_force_on: date | None
    ordered: tuple[tuple[OutcomeFigure, Figure], ...]
    entries: tuple[LedgerEntry, ...] = ()

    def ordered_figure(self, which: OutcomeFigure) -> Figure:
        for figure, value in self.ordered:
            if figure is which:
                return value
        return zero_of(FIGURE_OF_OUTCOME[which])


def implementation_fact(decision: DecisionRecord, period: ReportPeriod) -> ImplementationFact | None:
    """The decision on 02/KQGQ (a denunciation's conclusion on 04/KQGQ) for a window, or None when it is not there.

    Counted: a decision in force that orders at least one measure, carried over (in force before the window,
    not fully implemented at its start) or in the period (came into force inside it). Due = ordered less what
    was done before the window (as of the day before its start), never below zero; done = done inside it (as of its end, less
    as of the day before its start; rights restored, which the ledger does not record, count as done when the whole
    decision is: done_as_of); fully done = every measure done as of the window's end."""
    if decision.in_force_on is None or decision.in_force_on > period.end:
        return None
    if not any(value for _, value in decision.ordered):
        return None
    before = ledger_as_of(decision.entries, period.start - timedelta(days=1))
    at_end = ledger_as_of(decision.entries, period.end)
    carried = decision.in_force_on < period.start
    if carried and before is not None and before.fully_done:
        return None
    due = []
    done = []
    for figure in OutcomeFigure:
        ordered = decision.ordered_figure(figure)
        earlier = done_as_of(before, figure, ordered)
        later = done_as_of(at_end, figure, ordered)
        # What was done beyond the order leaves nothing due, never a negative amount.
        due.append((figure, max(ordered - earlier, zero_of(FIGURE_OF_OUTCOME[figure]))))
        done.append((figure, later - earlier))
    return ImplementationFact(
        unit=decision.unit,
        carried=carried,
        fully_done=at_end is not None and at_end.fully_done,
        due=tuple(due),
        done=tuple(done),
    )


def tally_implementations(facts: Iterable[ImplementationFact]) -> tuple[ImplementationFact, ...]:
    """Decisions alike (unit, carried, fully done) in one tally each, their figures summed: what the grouped
    SQL returns."""
    groups: dict[tuple[str, bool, bool], list[ImplementationFact]] = {}
    for fact in facts:
        groups.setdefault((fact.unit, fact.carried, fact.fully_done), []).append(fact)

    def summed(members: list[ImplementationFact], *, done: bool) -> tuple[tuple[OutcomeFigure, Figure], ...]:
        return tuple(
            (figure, sum((m.figure(figure, done=done) for m in members), zero_of(FIGURE_OF_OUTCOME[figure])))
            for figure in OutcomeFigure
        )

    return tuple(
        ImplementationFact(
            unit=unit,
            carried=carried,
            fully_done=fully_done,
            due=summed(members, done=False),
            done=summed(members, done=True),
            count=sum(m.count for m in members),
        )
        for (unit, carried, fully_done), members in sorted(groups.items())
    )


def count_decisions(facts: Iterable[ImplementationFact], chosen: ImplementationFilter) -> int:
    """quyết định: every decision selected (one fact row stands for ``count`` decisions)."""
    return sum(fact.count for fact in facts if chosen.matches(fact))


def sum_implementation(
    facts: Iterable[ImplementationFact], chosen: ImplementationFilter, figure: OutcomeFigure, *, done: bool
) -> Figure:
    """What the selected decisions had due at the window's start (``done`` False) or had done inside it."""
    total = zero_of(FIGURE_OF_OUTCOME[figure])
    for fact in facts:
        if chosen.matches(fact):
            total += fact.figure(figure, done=done)
    return total


@dataclass(frozen=True)
class Facts:
    """Everything a form counts from; visits and replies may lie outside the window (ignored).

    Letter facts are already valid for the report's window (the queries evaluate them at its dates)."""

    visits: tuple[VisitFact, ...] = ()
    cases: tuple[CaseFact, ...] = ()
    sessions: tuple[SessionFact, ...] = ()
    letters: tuple[LetterFact, ...] = ()
    replies: tuple[ReplyFact, ...] = ()
    resolutions: tuple[ResolutionFact, ...] = ()
    implementations: tuple[ImplementationFact, ...] = ()

    def units_counted_in(self, period: ReportPeriod) -> frozenset[str]:
        """The units with a figure inside the window: each needs a row on the form."""
        return (
            frozenset(v.unit for v in self.visits if period.contains(v.on))
            | frozenset(s.unit for s in self.sessions if period.contains(s.on))
            | frozenset(letter.unit for letter in self.letters)
            | frozenset(r.unit for r in self.replies if period.contains(r.on))
            | frozenset(c.unit for c in self.resolutions)
            | frozenset(i.unit for i in self.implementations)
        )

    def for_unit(self, unit: str) -> Facts:
        return Facts(
            visits=tuple(v for v in self.visits if v.unit == unit),
            cases=tuple(c for c in self.cases if c.unit == unit),
            sessions=tuple(s for s in self.sessions if s.unit == unit),
            letters=tuple(letter for letter in self.letters if letter.unit == unit),
            replies=tuple(r for r in self.replies if r.unit == unit),
            resolutions=tuple(c for c in self.resolutions if c.unit == unit),
            implementations=tuple(i for i in self.implementations if i.unit == unit),
        )

    def by_unit(self) -> dict[str, Facts]:
        """The facts of every unit that has some, in one pass (a report has dozens of rows)."""
        visits: dict[str, list[VisitFact]] = {}
        cases: dict[str, list[CaseFact]] = {}
        sessions: dict[str, list[SessionFact]] = {}
        letters: dict[str, list[LetterFact]] = {}
        replies: dict[str, list[ReplyFact]] = {}
        resolutions: dict[str, list[ResolutionFact]] = {}
        implementations: dict[str, list[ImplementationFact]] = {}
        for visit in self.visits:
            visits.setdefault(visit.unit, []).append(visit)
        for case in self.cases:
            cases.setdefault(case.unit, []).append(case)
        for session in self.sessions:
            sessions.setdefault(session.unit, []).append(session)
        for letter in self.letters:
            letters.setdefault(letter.unit, []).append(letter)
        for reply in self.replies:
            replies.setdefault(reply.unit, []).append(reply)
        for resolution in self.resolutions:
            resolutions.setdefault(resolution.unit, []).append(resolution)
        for implementation in self.implementations:
            implementations.setdefault(implementation.unit, []).append(implementation)
        return {
            unit: Facts(
                visits=tuple(visits.get(unit, ())),
                cases=tuple(cases.get(unit, ())),
                sessions=tuple(sessions.get(unit, ())),
                letters=tuple(letters.get(unit, ())),
                replies=tuple(replies.get(unit, ())),
                resolutions=tuple(resolutions.get(unit, ())),
                implementations=tuple(implementations.get(unit, ())),
            )
            for unit in visits.keys()
            | cases.keys()
            | sessions.keys()
            | letters.keys()
            | replies.keys()
            | resolutions.keys()
            | implementations.keys()
        }


# ------------------------------------------------------------------------------------ counting rules


def visits_in(
    visits: Iterable[VisitFact], period: ReportPeriod, group: ReceptionGroup | None
) -> list[VisitFact]:
    """The visits of a group (None: every group) whose date lies in the period."""
    return [v for v in visits if period.contains(v.on) and (group is None or v.group is group)]


def is_delegation(visit: VisitFact) -> bool:
    """A crowd delegation: one visit of at least five persons (the system's rule, after Luật TCD Đ29)."""
    if visit.delegation is not None:
        return visit.delegation
    return visit.persons >= DELEGATION_MIN_PERSONS


def count_visits(visits: Sequence[VisitFact]) -> int:
    """lượt: one per visit."""
    return sum(v.count for v in visits)


def count_persons(visits: Sequence[VisitFact]) -> int:
    """người: every person received, members of a group included."""
    return sum(v.persons for v in visits)


def count_delegations(visits: Sequence[VisitFact]) -> int:
    """đoàn: visits of at least five persons."""
    return sum(v.count for v in visits if is_delegation(v))


def first_received(facts: Facts) -> dict[int, date]:
    """First day each case reached the office: the earliest of its recorded dates and of its visits."""
    first: dict[int, date] = {}
    dated = [(c.case_id, c.first_received_on) for c in facts.cases]
    dated += [(v.case_id, v.on) for v in facts.visits if v.case_id is not None]
    for case_id, day in dated:
        known = first.get(case_id)
        if known is None or day < known:
            first[case_id] = day
    return first


def split_cases(
    visits: Sequence[VisitFact], period: ReportPeriod, first: Mapping[int, date]
) -> tuple[int, int]:
    """(lần đầu, nhiều lần): distinct cases of these visits, first received inside the period or before it.

    A visit without a case link is a matter of its own, first received at that visit.
    """
    unlinked = sum(v.count for v in visits if v.case_id is None)
    linked = {v.case_id for v in visits if v.case_id is not None}
    repeated = sum(1 for case_id in linked if first[case_id] < period.start)
    return unlinked + len(linked) - repeated, repeated


def count_cases_per_group(visits: Sequence[VisitFact]) -> int:
    """vụ việc (total): distinct cases within each group, summed over the groups."""
    return sum(
        sum(v.count for v in visits if v.group is group and v.case_id is None)
        + len({v.case_id for v in visits if v.group is group and v.case_id is not None})
        for group in ReceptionGroup
    )


def count_sessions_held(
    sessions: Iterable[SessionFact], period: ReportPeriod, group: ReceptionGroup | None
) -> int:
    """số kỳ tiếp: sessions held in the period; a postponed session is not counted."""
    return sum(
        s.count for s in sessions if s.held and period.contains(s.on) and (group is None or s.group is group)
    )


# --------------------------------------------------------------------------------------- form as data


class Quantity(StrEnum):
    """What a column counts; each maps to one rule in RULES."""

    VISITS = "visits"
    PERSONS = "persons"
    DELEGATIONS = "delegations"
    CASES = "cases"
    CASES_FIRST = "cases_first"
    CASES_REPEATED = "cases_repeated"
    SESSIONS_HELD = "sessions_held"
    LETTERS = "letters"
    LETTER_CASES = "letter_cases"
    REPLIES = "replies"
    RESOLUTION_CASES = "resolution_cases"  # cases under resolution (count_resolution_cases)
    RESOLUTION_LETTERS = "resolution_letters"  # letters accepted for them (count_accepted_letters)
    ORDERED = "ordered"  # a measure the window's decisions ordered (sum_ordered; Measure.figure)
    DECISIONS = "decisions"  # decisions to implement (count_decisions; Measure.decisions)
    DUE = "due"  # a measure due at the window's start (sum_implementation; Measure.figure)
    DONE = "done"  # a measure done inside the window (sum_implementation; Measure.figure)


# The quantities that sum one OutcomeFigure (Measure.figure).
FIGURE_QUANTITIES = frozenset({Quantity.ORDERED, Quantity.DUE, Quantity.DONE})


@dataclass(frozen=True)
class Measure:
    """A column's rule: a quantity, for one reception group (None: all), over delegations only or all
    visits; letter quantities count the letters ``letters`` selects; resolution quantities the cases
    ``cases`` selects, ORDERED summing their ``figure``. ``kind`` follows from the figure."""

    quantity: Quantity
    group: ReceptionGroup | None = None
    delegations_only: bool = False
    letters: LetterFilter = field(default_factory=LetterFilter)
    cases: CaseFilter = field(default_factory=CaseFilter)
    figure: OutcomeFigure | None = None
    decisions: ImplementationFilter = field(default_factory=ImplementationFilter)

    def __post_init__(self) -> None:
        if (self.figure is not None) != (self.quantity in FIGURE_QUANTITIES):
            raise ValueError("an ORDERED, DUE or DONE measure names the figure it sums, and only it")

    @property
    def kind(self) -> FigureKind:
        """Counts, or the Decimal kind (money, land) of the figure summed."""
        return FIGURE_OF_OUTCOME[self.figure] if self.figure is not None else FigureKind.COUNT


def count_letters(letters: Iterable[LetterFact], chosen: LetterFilter) -> int:
    """đơn: every letter selected, a duplicate included (it counts as a letter)."""
    return sum(fact.count for fact in letters if chosen.matches(fact))


def count_letter_cases(letters: Iterable[LetterFact], chosen: LetterFilter) -> int:
    """vụ việc: distinct cases among the selected letters (a duplicate adds no case)."""
    return len(frozenset().union(*(fact.case_keys for fact in letters if chosen.matches(fact))))


def replies_in(replies: Iterable[ReplyFact], period: ReportPeriod, kind: LetterKind | None = None) -> list[ReplyFact]:
    """The replies received inside the window, whenever their letter was counted, about letters of one kind (their
    main content: 02–04/XLD; None: every kind, 01/XLD)."""
    return [r for r in replies if period.contains(r.on) and (kind is None or r.kind is kind)]


def count_replies(replies: Iterable[ReplyFact], period: ReportPeriod, kind: LetterKind | None = None) -> int:
    """Replies received inside the window (replies_in)."""
    return sum(r.count for r in replies_in(replies, period, kind))


@dataclass(frozen=True)
class _Context:
    facts: Facts
    period: ReportPeriod
    first: Mapping[int, date]
    # The visits each (group, delegations only) selection picks, computed once per row: a form's
    # columns ask for the same few selections again and again (27 columns, 9 selections on 01/TCD).
    selections: dict[tuple[ReceptionGroup | None, bool], list[VisitFact]] = field(default_factory=dict)
    # The row's letter tallies gathered once by what the letter filters read (_letter_groups).
    letter_groups: list[_LetterGroup] = field(default_factory=list)


@dataclass
class _LetterGroup:
    fact: LetterFact  # one of the group's tallies: every LetterFilter reads only what they share
    count: int
    case_keys: set[str]


def _letter_groups(ctx: _Context) -> list[_LetterGroup]:
    """The row's letter tallies alike for every filter (all but their case key and count), gathered once: the
    form's columns then filter a few hundred groups, not one tally per case (a year is thousands of tallies)."""
    if ctx.letter_groups or not ctx.facts.letters:
        return ctx.letter_groups
    groups: dict[tuple[object, ...], _LetterGroup] = {}
    for fact in ctx.facts.letters:
        key = (
            fact.carried, fact.signers, fact.kind, fact.handled, fact.eligible, fact.resolution, fact.within, fact.route,
            fact.prior, fact.field, fact.next_round, fact.leads, fact.case_closed,
        )
        group = groups.get(key)
        if group is None:
            group = groups[key] = _LetterGroup(fact, 0, set())
        group.count += fact.count
        group.case_keys.update(fact.case_keys)
    ctx.letter_groups.extend(groups.values())
    return ctx.letter_groups


def _count_letters(measure: Measure, ctx: _Context) -> int:
    """count_letters over the row's groups."""
    return sum(group.count for group in _letter_groups(ctx) if measure.letters.matches(group.fact))


def _count_letter_cases(measure: Measure, ctx: _Context) -> int:
    """count_letter_cases over the row's groups."""
    chosen = [group.case_keys for group in _letter_groups(ctx) if measure.letters.matches(group.fact)]
    return len(set().union(*chosen))


def _selected(measure: Measure, ctx: _Context) -> list[VisitFact]:
    key = (measure.group, measure.delegations_only)
    chosen = ctx.selections.get(key)
    if chosen is None:
        chosen = visits_in(ctx.facts.visits, ctx.period, measure.group)
        if measure.delegations_only:
            chosen = [v for v in chosen if is_delegation(v)]
        ctx.selections[key] = chosen
    return chosen


def _implementation_sum(measure: Measure, ctx: _Context, *, done: bool) -> Figure:
    assert measure.figure is not None  # Measure's own check: DUE and DONE name their figure
    return sum_implementation(ctx.facts.implementations, measure.decisions, measure.figure, done=done)


RULES: Mapping[Quantity, Callable[[Measure, _Context], Figure]] = {
    Quantity.VISITS: lambda m, ctx: count_visits(_selected(m, ctx)),
    Quantity.PERSONS: lambda m, ctx: count_persons(_selected(m, ctx)),
    Quantity.DELEGATIONS: lambda m, ctx: count_delegations(_selected(m, ctx)),
    Quantity.CASES: lambda m, ctx: count_cases_per_group(_selected(m, ctx)),
    Quantity.CASES_FIRST: lambda m, ctx: split_cases(_selected(m, ctx), ctx.period, ctx.first)[0],
    Quantity.CASES_REPEATED: lambda m, ctx: split_cases(_selected(m, ctx), ctx.period, ctx.first)[1],
    Quantity.SESSIONS_HELD: lambda m, ctx: count_sessions_held(ctx.facts.sessions, ctx.period, m.group),
    Quantity.LETTERS: _count_letters,
    Quantity.LETTER_CASES: _count_letter_cases,
    Quantity.REPLIES: lambda m, ctx: count_replies(ctx.facts.replies, ctx.period, m.letters.kind),
    Quantity.RESOLUTION_CASES: lambda m, ctx: count_resolution_cases(ctx.facts.resolutions, m.cases),
    Quantity.RESOLUTION_LETTERS: lambda m, ctx: count_accepted_letters(ctx.facts.resolutions, m.cases),
    Quantity.ORDERED: lambda m, ctx: sum_ordered(ctx.facts.resolutions, m.cases, m.figure),  # type: ignore[arg-type]
    Quantity.DECISIONS: lambda m, ctx: count_decisions(ctx.facts.implementations, m.decisions),
    Quantity.DUE: lambda m, ctx: _implementation_sum(m, ctx, done=False),
    Quantity.DONE: lambda m, ctx: _implementation_sum(m, ctx, done=True),
}


@dataclass(frozen=True)
class Column:
    """A numbered column of a form; ``measure`` None is a text column (Ghi chú)."""

    number: int
    label: str
    measure: Measure | None = None

    @property
    def is_numeric(self) -> bool:
        return self.measure is not None

    @property
    def kind(self) -> FigureKind | None:
        """What the column's figures are (None for a text column)."""
        return self.measure.kind if self.measure is not None else None


@dataclass(frozen=True)
class CheckSum:
    """A printed equality: (target) = (t1) + (t2) + …, or with ``plus`` a sum on both sides:
    (target) + (p1) + … = (t1) + (t2) + … (01/KQGQ (25) + (26) = (5) + (6))."""

    target: int
    terms: tuple[int, ...]
    plus: tuple[int, ...] = ()

    @property
    def left(self) -> tuple[int, ...]:
        return (self.target, *self.plus)

    @property
    def text(self) -> str:
        return " + ".join(f"({t})" for t in self.left) + " = " + " + ".join(f"({t})" for t in self.terms)


@dataclass(frozen=True)
class Bound:
    """A subset or minimum: (small) × factor ≤ (large), e.g. delegations (8) ≤ visits (4), persons (9) ≥ 5 × (8)."""

    small: int
    large: int
    factor: int = 1

    @property
    def text(self) -> str:
        scaled = f"{self.factor} × ({self.small})" if self.factor != 1 else f"({self.small})"
        return f"{scaled} ≤ ({self.large})"


@dataclass(frozen=True)
class HeaderGroup:
    """A spanning header cell over columns (leaf ints are column numbers)."""

    label: str
    children: tuple[HeaderGroup | int, ...]


@dataclass(frozen=True)
class FormDefinition:
    """A report form of one generation, as data: columns with their rules, header, printed sums."""

    code: str  # "01/TCD"
    generation: Generation
    title: str
    columns: tuple[Column, ...]
    header: tuple[HeaderGroup | int, ...]
    check_sums: tuple[CheckSum, ...] = ()
    bounds: tuple[Bound, ...] = ()
    unit_heading: str = "Đơn vị"
    note: str = ""  # printed under the title, e.g. "mẫu chưa xác nhận"
    # The system's counting decisions where the form is silent, printed in the report's notes.
    counting_notes: tuple[str, ...] = ()
    # An office's own table, not a form of the circulars: titled so, never part of the set that is sent.
    internal: bool = False

    def __post_init__(self) -> None:
        numbers = [c.number for c in self.columns]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"{self.code}: columns must be numbered 1..n in order")
        if sorted(_leaves(self.header)) != numbers:
            raise ValueError(f"{self.code}: the header must cover every column exactly once")
        numeric = {c.number for c in self.columns if c.is_numeric}
        for check in self.check_sums:
            if not {*check.left, *check.terms} <= numeric:
                raise ValueError(f"{self.code}: check {check.text} names a non-numeric column")
            if len({self.column(n).kind for n in (*check.left, *check.terms)}) != 1:
                raise ValueError(f"{self.code}: check {check.text} adds figures of different kinds")
        for bound in self.bounds:
            if not {bound.small, bound.large} <= numeric:
                raise ValueError(f"{self.code}: bound {bound.text} names a non-numeric column")
            if self.column(bound.small).kind != self.column(bound.large).kind:
                raise ValueError(f"{self.code}: bound {bound.text} compares figures of different kinds")

    def column(self, number: int) -> Column:
        return self.columns[number - 1]

    @property
    def numeric_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_numeric)

    @property
    def label_prefix(self) -> str:
        return f"Bảng nội bộ {self.code}" if self.internal else f"Biểu số {self.code}"


def _leaves(nodes: Iterable[HeaderGroup | int]) -> list[int]:
    out: list[int] = []
    for node in nodes:
        out.extend(_leaves(node.children) if isinstance(node, HeaderGroup) else [node])
    return out


# ------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class UnitRef:
    """A row of the form: a subordinate unit's key (matches the facts' ``unit``) and printed name."""

    key: str
    name: str


@dataclass(frozen=True)
class TableRow:
    """One row: the unit's name, the figure of each numeric column by number, the note."""

    label: str
    values: Mapping[int, Figure]
    note: str = ""
    is_total: bool = False
    unit: str = ""

    def value(self, number: int) -> Figure:
        return self.values[number]


@dataclass(frozen=True)
class CheckFailure:
    """A printed sum that does not hold on one row."""

    row: str
    rule: str
    left: Figure
    right: Figure

    @property
    def message(self) -> str:
        return f"Dòng “{self.row}”: {self.rule} không khớp ({self.left} ≠ {self.right})."


class InconsistentForm(DomainError):
    """A form whose printed sums do not hold: it is refused, never printed."""

    def __init__(self, form_code: str, failures: Sequence[CheckFailure]) -> None:
        self.failures = tuple(failures)
        listed = " ".join(f.message for f in self.failures)
        super().__init__(f"Biểu số {form_code} không được in vì số liệu không khớp: {listed}")


TOTAL_LABEL = "Tổng cộng"


@dataclass(frozen=True)
class ReportTable:
    """A computed form: unit rows and a total row, for one period."""

    form: FormDefinition
    period: ReportPeriod
    rows: tuple[TableRow, ...]
    total: TableRow
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def all_rows(self) -> tuple[TableRow, ...]:
        return (*self.rows, self.total)

    @property
    def column_number_row(self) -> tuple[str, ...]:
        """The MS row: 'MS' under the unit column, then each column's number."""
        return ("MS", *(str(c.number) for c in self.form.columns))

    def cell_text(self, row: TableRow, column: Column) -> str:
        """A cell as printed on the screen and the PDF: the figure in its kind's format, or the note."""
        if column.kind is None:
            return row.note
        return format_figure(row.value(column.number), column.kind)

    def failures(self) -> tuple[CheckFailure, ...]:
        return check_table(self)

    def verify(self) -> ReportTable:
        """Raise InconsistentForm unless every printed sum holds on every row (total included)."""
        failures = self.failures()
        if failures:
            raise InconsistentForm(self.form.code, failures)
        return self


def check_table(table: ReportTable) -> tuple[CheckFailure, ...]:
    """Every check sum and bound on every row, and the total row equal to the sum of the unit rows."""
    failures: list[CheckFailure] = []
    for row in table.all_rows:
        for check in table.form.check_sums:
            zero = zero_of(table.form.column(check.target).kind or FigureKind.COUNT)
            left = sum((row.value(t) for t in check.left), zero)
            right = sum((row.value(t) for t in check.terms), zero)
            if left != right:
                failures.append(CheckFailure(row.label, check.text, left, right))
        for bound in table.form.bounds:
            small = bound.factor * row.value(bound.small)
            if small > row.value(bound.large):
                failures.append(CheckFailure(row.label, bound.text, small, row.value(bound.large)))
        for number, value in row.values.items():
            if value < 0:
                failures.append(CheckFailure(row.label, f"({number}) ≥ 0", value, 0))
    for column in table.form.numeric_columns:
        zero = zero_of(column.kind or FigureKind.COUNT)
        summed = sum((row.value(column.number) for row in table.rows), zero)
        if table.total.value(column.number) != summed:
            failures.append(
                CheckFailure(
                    table.total.label,
                    f"({column.number}) = tổng các đơn vị",
                    table.total.value(column.number),
                    summed,
                )
            )
    return tuple(failures)


def evaluate(measure: Measure, facts: Facts, period: ReportPeriod) -> Figure:
    """One figure for one unit's facts."""
    return RULES[measure.quantity](measure, _Context(facts, period, first_received(facts)))


def compute_row(
    form: FormDefinition, unit: UnitRef, facts: Facts, period: ReportPeriod, *, own: Facts | None = None
) -> TableRow:
    """A unit's row: every numeric column evaluated over that unit's facts only (``own``, when the
    caller has already picked them out of ``facts``)."""
    own = facts.for_unit(unit.key) if own is None else own
    ctx = _Context(own, period, first_received(own))
    values = {
        c.number: RULES[c.measure.quantity](c.measure, ctx) for c in form.columns if c.measure is not None
    }
    return TableRow(label=unit.name, values=values, unit=unit.key)


def total_row(form: FormDefinition, rows: Sequence[TableRow]) -> TableRow:
    """The total: each column summed over the unit rows (money and land exact, zero of their kind when
    there is no row)."""
    values = {
        c.number: sum((r.value(c.number) for r in rows), zero_of(c.kind or FigureKind.COUNT))
        for c in form.numeric_columns
    }
    return TableRow(label=TOTAL_LABEL, values=values, is_total=True)


class FactsWithoutRow(DomainError):
    """Figures in the window belong to a unit the form has no row for: refused rather than dropped."""


def compute_table(
    form: FormDefinition, period: ReportPeriod, units: Sequence[UnitRef], facts: Facts
) -> ReportTable:
    """The whole form: one row per subordinate unit, then the total. Not yet verified (see verify()).

    Every fact counted in the window must fall in one of the rows: a figure never silently leaves
    the total because its unit was missed (e.g. a unit no longer valid whose subordinate still is).
    """
    orphans = facts.units_counted_in(period) - {unit.key for unit in units}
    if orphans:
        raise FactsWithoutRow(
            f"Biểu {form.code}: có số liệu trong kỳ của đơn vị không có dòng trên biểu ({', '.join(sorted(orphans))})."
        )
    per_unit = facts.by_unit()
    rows = tuple(compute_row(form, unit, facts, period, own=per_unit.get(unit.key, Facts())) for unit in units)
    return ReportTable(form=form, period=period, rows=rows, total=total_row(form, rows))


# ---------------------------------------------------------------------------------------------------------
# Whose row the head's reception counts on: the sessions (12) and the visits received at them (13)–(20)
# ---------------------------------------------------------------------------------------------------------
# Luật Tiếp công dân 2013 puts the duty to receive on the head himself: the province chairman in
# person at the province's reception office (Đ12.5), the commune chairman (Đ15.2.d), the head of a
# department (Đ18.2). The Ban Tiếp công dân at that office organises and records those sessions but
# does not hold them. So the head's reception is the chairing body's reception: its sessions (12)
# and every figure of the visits received at them (13)–(20) count on that body's row, never on the
# row of the Ban that recorded them; the form's row sums ((1) = 4+13+22 …) then hold on both rows.

# The level of the body a leader heads, by the session's leader level (values of
# deadlines.LeaderLevel and of the agencies' level): a province chairman's sessions are the province
# UBND's, even when its Ban Tiếp công dân (under the Văn phòng) organises them and records them.
BODY_LEVEL_OF_LEADER: Mapping[str, str] = {
    "province_chairman": "province",
    "commune_chairman": "commune",
    "department_head": "department",
}


def chairing_agency(
    agency_id: int,
    leader_level: str | None,
    parents: Mapping[int, int | None],
    levels: Mapping[int, str | None] | None = None,
) -> int:
    """The body whose head chaired a session recorded at ``agency_id``: the nearest body, from the
    recording one up its parents, of the level the leader heads. Without recorded levels, a
    province chairman's body is the top of the hierarchy. Any other case: the recording body.
    """
    wanted = BODY_LEVEL_OF_LEADER.get(leader_level or "")
    if wanted is None:
        return agency_id
    chain = ancestry(agency_id, parents)
    if levels is not None:
        match = next((body for body in chain if levels.get(body) == wanted), None)
        if match is not None:
            return match
    if wanted == "province" and not any((levels or {}).get(body) for body in chain):
        return chain[-1]
    return agency_id


def head_reception_row(
    recording_agency: int,
    leader_level: str | None,
    parents: Mapping[int, int | None],
    levels: Mapping[int, str | None],
    row_of: Mapping[int, int],
) -> int:
    """The report row (``row_of``: agency → row) of a head's reception — a session, or a visit received
    at one — recorded at ``recording_agency``: the row of the body whose head chaired it
    (``chairing_agency``); the recording body's row when that body has no row in this report (a
    report of the Văn phòng alone keeps the chairman's sessions on the Ban's row)."""
    chair = chairing_agency(recording_agency, leader_level, parents, levels)
    return row_of.get(chair, row_of[recording_agency])


def carry_first_received(
    cases: Iterable[CaseFact], moved: Iterable[tuple[int, str, str]]
) -> tuple[CaseFact, ...]:
    """First-received dates for cases whose head's-reception visits count on another row.

    ``moved`` holds (case, recording row, counting row). The case's history stays with the office that
    received it: a case the Ban had received before the window counts nhiều lần on the chairing body's
    row too. Returns the extra facts for the counting rows (the recording row's date, re-homed)."""
    known = {(c.case_id, c.unit): c.first_received_on for c in cases}
    extra: dict[tuple[int, str], date] = {}
    for case_id, source, target in moved:
        day = known.get((case_id, source))
        if day is None or source == target:
            continue
        key = (case_id, target)
        if key not in extra or day < extra[key]:
            extra[key] = day
    return tuple(CaseFact(case_id, day, unit) for (case_id, unit), day in sorted(extra.items()))


# ---------------------------------------------------------------------------------------------------------
# Letters received through reception (02/TCD) and anonymous information (the internal table AN/NB)
# ---------------------------------------------------------------------------------------------------------
# Both are LetterFact tallies counted by the XLD quantities (LETTERS, LETTER_CASES, REPLIES), so the engine, the
# check sums and the drill-down serve them unchanged. The queries (petitions.reports.reception_letter_queries) apply
# these rules set-based; the functions below are the rules in plain Python.


@dataclass(frozen=True)
class ReceivedLetter:
    """A letter as 02/TCD and the anonymous table read it from its records (corrections applied).

    ``kind``: its main content; ``case_key``: its case (a duplicate's: its original's), else the letter (or its
    original) standing for a matter of its own; ``within``: the competence its classification recorded (None: not
    classified yet); ``within_at_desk``: the reception book's mark for the visit that handed it in;
    ``first_handled_on`` / ``first_route``: its first approved handling and that handling's route (G, F, U; None for
    a filing, an acceptance …); ``own_inspection``: anonymous information sent for inspection to the registering
    body itself or one of its subordinates (rather than to another body)."""

    id: int
    unit: str
    received_on: date
    kind: LetterKind
    signers: SignerKind
    case_key: str
    within: bool | None = None
    within_at_desk: bool = False
    first_handled_on: date | None = None
    first_route: Route | None = None
    own_inspection: bool = False

    def handled_by(self, day: date) -> bool:
        return self.first_handled_on is not None and self.first_handled_on <= day


def reception_letter_within(letter: ReceivedLetter) -> bool:
    """02/TCD (9)–(12): within competence as the letter's classification records it; a letter not classified yet
    as the reception book marked its visit (the system's rule: every letter is within or outside, (1) = (9) + (11))."""
    return letter.within if letter.within is not None else letter.within_at_desk


def reception_letter_facts(letters: Iterable[ReceivedLetter], period: ReportPeriod) -> tuple[LetterFact, ...]:
    """02/TCD's facts, one per letter handed in at a visit inside the window (anonymous information is not a
    letter of this form): its kind, competence (reception_letter_within) and, outside competence, the route of its
    first handling effective by the window's end. Each case counts once per row, by its earliest letter of the
    window (leading_letters, across kinds): that letter alone carries the case key, so (2) = (4) + (6) + (8) =
    (10) + (12) hold."""
    chosen = [x for x in letters if period.contains(x.received_on) and x.kind is not LetterKind.ANONYMOUS]
    leads: set[int] = set()
    for unit in {x.unit for x in chosen}:
        leads |= leading_letters((x.case_key, x.received_on, x.id) for x in chosen if x.unit == unit)
    facts = []
    for x in chosen:
        within = reception_letter_within(x)
        handled = x.handled_by(period.end)
        facts.append(
            LetterFact(
                unit=x.unit,
                carried=False,
                signers=x.signers,
                kind=x.kind,
                handled=handled,
                within=within,
                route=x.first_route if handled and not within else None,
                case_keys=frozenset({x.case_key}) if x.id in leads else frozenset(),
                record=x.id,
            )
        )
    return tuple(facts)


def is_own_inspection(register_agency: int, receiver: int | None, parents: Mapping[int, int | None]) -> bool:
    """Anonymous information sent for inspection (Luật TC Đ25.2) is inspected "theo thẩm quyền" when the receiver is
    the registering body itself or one of its subordinates (its inspectorate, a department under it), and forwarded to
    the competent body otherwise, or when no receiver is on record (the system's rule)."""
    return receiver is not None and register_agency in ancestry(receiver, parents)


def anonymous_facts(letters: Iterable[ReceivedLetter], period: ReportPeriod) -> tuple[LetterFact, ...]:
    """The internal table's facts: anonymous information carried over (received before the window, not handled at
    its start) or received inside it, as 01/XLD reads letters; handled by the window's end with its first handling's
    route — F: sent for inspection (``within``: to the registering body or a subordinate, its own inspection; else
    to another body), G: returned, none: filed (the only other handling anonymous information can take)."""
    facts = []
    for x in letters:
        if x.kind is not LetterKind.ANONYMOUS or x.received_on > period.end:
            continue
        carried = x.received_on < period.start
        if carried and x.handled_by(period.start - timedelta(days=1)):
            continue
        handled = x.handled_by(period.end)
        route = x.first_route if handled else None
        facts.append(
            LetterFact(
                unit=x.unit,
                carried=carried,
                signers=SignerKind.NONE,
                kind=LetterKind.ANONYMOUS,
                handled=handled,
                within=x.own_inspection if route is Route.FORWARDED else None,
                route=route,
                record=x.id,
            )
        )
    return tuple(facts)
