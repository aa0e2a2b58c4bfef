"""Deadline engine: every clock, variant and error, on the confirmed 2025–2027 calendar, worked by hand."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.domain.calendar_data import confirmed_calendar
from petitions.domain.deadlines import (
    HANDLING_RULE_IDS,
    RULE_IDS,
    RULES,
    RULES_BY_ID,
    BaseNotSettable,
    CalendarNotConfirmed,
    Clock,
    ClockRule,
    DeadlineError,
    Direction,
    ExtensionNotAllowed,
    ExtensionTooLong,
    FrequencyPeriod,
    InvalidBase,
    InvalidCalendar,
    InvalidDateSpan,
    LeaderLevel,
    NoFrequencyRule,
    ObstacleNotAllowed,
    PauseBeforeRuleAllows,
    PauseNotAllowed,
    RuleNotInForce,
    TooManyExtensions,
    TriggerBeforeRule,
    Unit,
    UnknownRule,
    UnknownVariant,
    Variant,
    VariantNotAllowed,
    VariantRequiresAnother,
    VariantsConflict,
    WorkingCalendar,
    compute_due,
    earliest_open,
    format_days,
    frequency_rule_for,
    generations,
    index_rules,
    parse_date_span,
    parse_variant,
    referral_rule_id,
    rule_for,
)
from petitions.domain.types import DomainError

CAL = confirmed_calendar()
D = date.fromisoformat

# Days off of the confirmed calendar, for reading the hand computations below:
#   2025: 01/01 We; 27/01 Mo–01/02 Sa (Tết); 07/04 Mo; 30/04 We; 01/05 Th; 02/05 Fr; 01/09 Mo; 02/09 Tu.
#   2026: 01/01 Th; 16/02 Mo–20/02 Fr (Tết); 27/04 Mo; 30/04 Th; 01/05 Fr; 31/08 Mo; 01/09 Tu; 02/09 We;
#         24/11 Tu. Saturday 22/08/2026 is a working day.
#   2027: 01/01 Fr; 04/02 Th–10/02 We (Tết); 16/04 Fr; 30/04 Fr; 03/05 Mo; 02/09 Th; 03/09 Fr; 24/11 We.


@dataclass(frozen=True)
class Case:
    rule: str
    trigger: str
    expected: str | None  # None: the rule sets no clock
    variants: tuple[str, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def run(self) -> date | None:
        result = compute_due(self.rule, D(self.trigger), CAL, variants=self.variants, **self.kwargs)
        return None if result is None else result.due


def _pause(start: str, end: str) -> tuple[date, date]:
    return (D(start), D(end))


# The worked examples of the specification, all of them, as given there.
WORKED_EXAMPLES = [
    pytest.param(Case("D10", "2026-02-13", "2026-03-06"), id="D10-tet-and-weekends-skipped"),
    pytest.param(Case("D7", "2026-08-14", "2026-08-27"), id="D7-make-up-saturday-counts"),
    pytest.param(Case("D24", "2026-07-23", "2026-08-22"), id="D24-ends-on-make-up-saturday"),
    pytest.param(
        Case("D15", "2026-07-16", "2026-09-03", ("remote",)), id="D15-remote-rolls-past-31-08-to-02-09"
    ),
    pytest.param(Case("D15", "2026-09-25", "2026-11-25", ("remote", "complex")), id="D15-both-ends-on-24-11"),
    pytest.param(
        Case("D17", "2026-11-26", "2027-02-11", ("remote", "complex")), id="D17-both-ends-in-tet-2027"
    ),
    pytest.param(
        Case("D24", "2026-01-30", "2026-05-04", ("very_complex",), {"extensions": 2}),
        id="D24-very-complex-two-extensions",
    ),
    pytest.param(
        Case("D24", "2026-03-02", "2026-04-13", kwargs={"pauses": [_pause("2026-03-10", "2026-03-20")]}),
        id="D24-paused-ten-days",
    ),
    pytest.param(Case("D14", "2026-06-25", "2026-07-09"), id="D14-received-before-change-10-wd"),
    pytest.param(Case("D14", "2026-07-02", "2026-07-13"), id="D14-received-after-change-7-wd"),
    pytest.param(Case("D14", "2025-08-26", "2025-09-11"), id="D14-national-day-2025-skipped"),
    pytest.param(Case("D21", "2026-04-22", "2026-05-06"), id="D21-april-may-holidays-skipped"),
    pytest.param(Case("D21", "2026-04-22", "2026-05-11", ("several_places",)), id="D21-several-places-10-wd"),
    pytest.param(Case("D22", "2026-12-31", "2027-01-08"), id="D22-new-year-2027-skipped"),
    pytest.param(Case("D1", "2026-09-04", "2026-08-25"), id="D1-backwards-past-national-day"),
    pytest.param(Case("D16", "2026-10-15", "2026-11-16"), id="D16-ends-saturday"),
    pytest.param(Case("D13", "2025-01-14", "2025-02-03"), id="D13-ends-in-tet-2025"),
    pytest.param(Case("D8", "2027-04-28", "2027-05-11"), id="D8-april-may-2027-skipped"),
    pytest.param(Case("D9", "2026-05-29", "2026-06-05", ("requested",)), id="D9-requested"),
    pytest.param(Case("D9", "2026-05-29", None), id="D9-not-requested-no-clock"),
]

# Our own cases. Each comment is the hand count: for working-day rules the working days after the trigger,
# numbered; for day rules trigger + N, then the roll to the next working day.
OWN_CASES = [
    # Thu 05/03/2026: 06(1) 09 10 11 12 13(6) 16 17 18 19(10).
    pytest.param(Case("D7", "2026-03-05", "2026-03-19"), id="D7-plain-two-weeks"),
    # Friday receipt 09/10/2026: 12(1) 13 14 15 16(5) 19 20 21 22 23(10).
    pytest.param(Case("D7", "2026-10-09", "2026-10-23"), id="D7-friday-receipt"),
    # Eve of Tết 16/02/2026, itself a holiday: 16–20/02 off, 23(1)…27(5), 02/03(6)…06/03(10).
    pytest.param(Case("D7", "2026-02-16", "2026-03-06"), id="D7-trigger-on-tet-eve"),
    # Thu 24/12/2026 into 2027: 25(1) 28 29 30 31(5), 01/01 off, 04(6) 05 06 07 08(10).
    pytest.param(Case("D7", "2026-12-24", "2027-01-08"), id="D7-across-new-year"),
    # Wed 03/02/2027, last working day before Tết 04–10/02: 11(1) 12(2) 15 16 17 18 19(7).
    pytest.param(Case("D21", "2027-02-03", "2027-02-19"), id="D21-eve-of-tet-2027"),
    # Friday 25/04/2025: 28(1) 29(2), 30/04 01/05 02/05 off, 05(3) 06 07 08 09(7).
    pytest.param(Case("D21", "2025-04-25", "2025-05-09"), id="D21-friday-before-30-04-2025"),
    # Fri 09/04/2027: 12(1) 13 14 15(4), 16 off (Hùng Kings), 19(5) 20 21 22 23(9) 26(10).
    pytest.param(
        Case("D21", "2027-04-09", "2027-04-26", ("several_places",)), id="D21-several-places-hung-kings"
    ),
    # Fri 24/01/2025, last working day before Tết 27/01–01/02: 03/02(1)…07(5), 10(6)…14(10).
    pytest.param(Case("D10", "2025-01-24", "2025-02-14"), id="D10-eve-of-tet-2025"),
    # Office sets 15 wd. Fri 24/04/2026: 27 off; 28(1) 29(2); 30/04 01/05 off; 04(3)…08(7); 11(8)…15(12);
    # 18(13) 19(14) 20(15).
    pytest.param(Case("D10", "2026-04-24", "2026-05-20", kwargs={"base": 15}), id="D10-office-base-15"),
    # Mon 17/08/2026: 18(1) 19(2) 20(3) 21(4) Sat 22(5): the due date is the make-up Saturday.
    pytest.param(Case("D22", "2026-08-17", "2026-08-22"), id="D22-due-on-make-up-saturday"),
    # Fri 29/08/2025: 01/09 02/09 off; 03(1) 04 05(3) 08(4) 09(5).
    pytest.param(Case("D22", "2025-08-29", "2025-09-09"), id="D22-friday-before-national-day-2025"),
    # Thu 20/08/2026: 21(1), Sat 22(2, make-up), 24(3) 25(4) 26(5).
    pytest.param(Case("D23", "2026-08-20", "2026-08-26"), id="D23-counts-make-up-saturday"),
    # Mon 29/12/2025: 30(1) 31(2), 01/01 off, 02/01(3), 05(4) 06(5).
    pytest.param(Case("D23", "2025-12-29", "2026-01-06"), id="D23-across-new-year-2026"),
    # Wed 26/08/2026: 27(1) 28(2); 31/08 01/09 02/09 off; 03(3) 04(4) 07(5) 08(6) 09(7).
    pytest.param(Case("D8", "2026-08-26", "2026-09-09"), id="D8-national-day-2026-with-swap"),
    # D6 starts on 01/07/2026 (Wed): 02(1) 03(2) 06(3).
    pytest.param(Case("D6", "2026-07-01", "2026-07-06"), id="D6-first-day-in-force"),
    # Fri 24/04/2026: 27 off; 28(1) 29(2); 30/04 01/05 off; 04(3) 05(4) 06(5).
    pytest.param(Case("D9", "2026-04-24", "2026-05-06", ("requested",)), id="D9-requested-across-30-04"),
    # D14 switch: received Tue 30/06/2026 → old 10 wd: 01/07(1) 02 03(3) 06 07 08 09 10(8) 13(9) 14(10).
    pytest.param(Case("D14", "2026-06-30", "2026-07-14"), id="D14-last-day-of-old-generation"),
    # Received Wed 01/07/2026 → new 7 wd: 02(1) 03(2) 06 07 08 09 10(7): a day later, four days earlier.
    pytest.param(Case("D14", "2026-07-01", "2026-07-10"), id="D14-first-day-of-new-generation"),
    # D1 backwards from Mon 23/02/2026: 20–16/02 off (Tết); 13(1) 12(2) 11(3) 10(4) 09(5).
    pytest.param(Case("D1", "2026-02-23", "2026-02-09"), id="D1-backwards-past-tet"),
    # D1 backwards from Wed 26/08/2026: 25(1) 24(2) Sat 22(3, make-up) 21(4) 20(5).
    pytest.param(Case("D1", "2026-08-26", "2026-08-20"), id="D1-backwards-counts-make-up-saturday"),
    # D1 backwards from Tue 05/01/2027: 04(1), 01/01 off, 31/12(2) 30(3) 29(4) 28(5).
    pytest.param(Case("D1", "2027-01-05", "2026-12-28"), id="D1-backwards-across-new-year"),
    # 02/01/2026 + 90 = 02/04/2026 (Jan +29, Feb +28, Mar +31, Apr +2), a Thursday: no roll.
    pytest.param(Case("D12", "2026-01-02", "2026-04-02"), id="D12-plain"),
    # Obstacle 10–19/02/2026 = 10 days: 02/01 + 100 = 12/04/2026 Sunday → Mon 13/04.
    pytest.param(
        Case("D12", "2026-01-02", "2026-04-13", kwargs={"obstacles": [_pause("2026-02-10", "2026-02-19")]}),
        id="D12-obstacle-ten-days",
    ),
    # Two obstacles 01–03/07 (3) and 04–08/08/2025 (5): 16/06/2025 + 98 = 22/09/2025 (Mon); without them
    # 90 days end on Sun 14/09.
    pytest.param(
        Case(
            "D12",
            "2025-06-16",
            "2025-09-22",
            kwargs={"obstacles": [_pause("2025-08-04", "2025-08-08"), _pause("2025-07-01", "2025-07-03")]},
        ),
        id="D12-two-obstacles",
    ),
    # Calendar-day period ending in a holiday run: 07/11/2026 + 90 = Fri 05/02/2027 (Tết); 06–07 weekend,
    # 08–10 off → Thu 11/02/2027.
    pytest.param(Case("D12", "2026-11-07", "2027-02-11"), id="D12-ends-in-tet-run"),
    # 02/03/2026 + 15 = 17/03, + obstacle 05–09/03 (5 days) = 22/03 Sunday → Mon 23/03.
    pytest.param(
        Case("D13", "2026-03-02", "2026-03-23", kwargs={"obstacles": [_pause("2026-03-05", "2026-03-09")]}),
        id="D13-obstacle",
    ),
    # second: 20/04/2026 + 10 = Thu 30/04 (holiday), 01/05 off, weekend → Mon 04/05.
    pytest.param(Case("D13", "2026-04-20", "2026-05-04", ("second",)), id="D13-second-round"),
    # second + dismissal: 25/10/2026 + 30 = Tue 24/11 (Culture Day) → Wed 25/11.
    pytest.param(
        Case("D13", "2026-10-25", "2026-11-25", ("second", "dismissal")),
        id="D13-second-dismissal-culture-day",
    ),
    # second + dismissal + obstacle 10–11/06/2025 (2): 02/06/2025 + 32 = Fri 04/07/2025.
    pytest.param(
        Case(
            "D13",
            "2025-06-02",
            "2025-07-04",
            ("dismissal", "second"),
            {"obstacles": [_pause("2025-06-10", "2025-06-11")]},
        ),
        id="D13-second-dismissal-obstacle",
    ),
    # 05/01/2027 + 30 = Thu 04/02/2027 (Tết 04–10/02) → Thu 11/02.
    pytest.param(Case("D15", "2027-01-05", "2027-02-11"), id="D15-plain-ends-in-tet"),
    # complex: 17/03/2025 + 45 = Thu 01/05/2025; 02/05 off; weekend → Mon 05/05.
    pytest.param(Case("D15", "2025-03-17", "2025-05-05", ("complex",)), id="D15-complex"),
    # Accepted Fri 19/06/2026 (before the change), paused 06/07 → 16/07/2026 (after it): 19/06 + 30 + 10 =
    # Wed 29/07/2026.
    pytest.param(
        Case("D15", "2026-06-19", "2026-07-29", kwargs={"pauses": [_pause("2026-07-06", "2026-07-16")]}),
        id="D15-pause-from-change-in-older-complaint",
    ),
    # 15/04/2027 + 30 = Sat 15/05/2027 → Mon 17/05.
    pytest.param(Case("D16", "2027-04-15", "2027-05-17"), id="D16-plain-saturday"),
    # remote: 18/07/2025 + 45 = Mon 01/09/2025 (holiday), 02/09 off → Wed 03/09.
    pytest.param(Case("D16", "2025-07-18", "2025-09-03", ("remote",)), id="D16-remote-national-day"),
    # 02/03/2026 + 45 = Thu 16/04/2026.
    pytest.param(Case("D17", "2026-03-02", "2026-04-16"), id="D17-plain"),
    # remote: 31/10/2025 + 60 = Tue 30/12/2025.
    pytest.param(Case("D17", "2025-10-31", "2025-12-30", ("remote",)), id="D17-remote"),
    # complex: 03/09/2026 + 60 = Mon 02/11; pause 10/09 → 05/10 (25 days) → Fri 27/11/2026.
    pytest.param(
        Case(
            "D17", "2026-09-03", "2026-11-27", ("complex",), {"pauses": [_pause("2026-09-10", "2026-10-05")]}
        ),
        id="D17-complex-paused",
    ),
    # 23/07/2026 + 30 = Sat 22/08/2026, the make-up working Saturday: no roll.
    pytest.param(Case("D18", "2026-07-23", "2026-08-22"), id="D18-plain-make-up-saturday"),
    # remote: 10/10/2026 + 45 = Tue 24/11 (Culture Day) → Wed 25/11.
    pytest.param(Case("D18", "2026-10-10", "2026-11-25", ("remote",)), id="D18-remote-culture-day"),
    # 02/12/2026 + 30 = Fri 01/01/2027 (holiday), weekend → Mon 04/01/2027.
    pytest.param(Case("D19", "2026-12-02", "2027-01-04"), id="D19-plain-new-year"),
    # complex: 15/06/2026 + 45 = Thu 30/07/2026.
    pytest.param(Case("D19", "2026-06-15", "2026-07-30", ("complex",)), id="D19-complex"),
    # 03/08/2026 + 30 = 02/09 (holiday), but a 2-day pause (10 → 12/08) first: + 32 = Fri 04/09/2026.
    pytest.param(
        Case("D19", "2026-08-03", "2026-09-04", kwargs={"pauses": [_pause("2026-08-10", "2026-08-12")]}),
        id="D19-pause-moves-past-holiday",
    ),
    # 01/04/2025 + 30 = Thu 01/05/2025 (holiday), 02/05 off, weekend → Mon 05/05.
    pytest.param(Case("D20", "2025-04-01", "2025-05-05"), id="D20-ends-on-labour-day"),
    # complex, one extension of 20 days: 04/05/2026 + 50 = Tue 23/06/2026.
    pytest.param(
        Case("D24", "2026-05-04", "2026-06-23", ("complex",), {"extensions": 1, "extension_days": 20}),
        id="D24-complex-one-extension-20-days",
    ),
    # very complex, extensions of 30 and 15 days: 03/11/2025 + 75 = Sat 17/01/2026 → Mon 19/01.
    pytest.param(
        Case(
            "D24",
            "2025-11-03",
            "2026-01-19",
            ("very_complex",),
            {"extensions": 2, "extension_days": (30, 15)},
        ),
        id="D24-very-complex-uneven-extensions",
    ),
    # complex, 1 × 30 days, paused 20/10 → 04/11 (15): 01/10/2026 + 75 = Tue 15/12/2026.
    pytest.param(
        Case(
            "D24",
            "2026-10-01",
            "2026-12-15",
            ("complex",),
            {"extensions": 1, "pauses": [_pause("2026-10-20", "2026-11-04")]},
        ),
        id="D24-extension-and-pause",
    ),
    # Denunciation pauses exist since 2019: 05/05/2025 + 30 + 7 (12 → 19/05) = Wed 11/06/2025.
    pytest.param(
        Case("D24", "2025-05-05", "2025-06-11", kwargs={"pauses": [_pause("2025-05-12", "2025-05-19")]}),
        id="D24-pause-before-2026-allowed",
    ),
    # Two pauses, the second starting the day the first was lifted: 02/03/2026 + 30 + 5 (10 → 15/03)
    # + 5 (15 → 20/03) = Sat 11/04 → Mon 13/04, as with one pause 10 → 20/03.
    pytest.param(
        Case(
            "D24",
            "2026-03-02",
            "2026-04-13",
            kwargs={"pauses": [_pause("2026-03-10", "2026-03-15"), _pause("2026-03-15", "2026-03-20")]},
        ),
        id="D24-two-touching-pauses",
    ),
    # 28/01/2026 + 20 = Tue 17/02 (Tết 16–20/02), weekend → Mon 23/02/2026.
    pytest.param(Case("D25", "2026-01-28", "2026-02-23"), id="D25-ends-in-tet-run"),
    # 14/08/2027 + 20 = Fri 03/09/2027 (National Day), weekend → Mon 06/09.
    pytest.param(Case("D25", "2027-08-14", "2027-09-06"), id="D25-national-day-2027"),
    # 13/08/2025 + 20 = Tue 02/09/2025 (holiday) → Wed 03/09.
    pytest.param(Case("D26", "2025-08-13", "2025-09-03"), id="D26-national-day-2025"),
    # 04/11/2027 + 20 = Wed 24/11/2027 (Culture Day) → Thu 25/11.
    pytest.param(Case("D26", "2027-11-04", "2027-11-25"), id="D26-culture-day-2027"),
    # The system's referral wait (W1, 30 days): Mon 02/03/2026 + 30 = Wed 01/04/2026.
    pytest.param(Case("W1", "2026-03-02", "2026-04-01"), id="W1-plain-30-days"),
    # The office's own base of 20: 02/03 + 20 = Sun 22/03 → Mon 23/03.
    pytest.param(Case("W1", "2026-03-02", "2026-03-23", kwargs={"base": 20}), id="W1-office-base-rolls-past-sunday"),
    # One extension of 15 days granted by the leader: 02/03 + 45 = Thu 16/04.
    pytest.param(
        Case("W1", "2026-03-02", "2026-04-16", kwargs={"extensions": 1, "extension_days": 15}),
        id="W1-one-extension-of-15-days",
    ),
]


@pytest.mark.parametrize("case", WORKED_EXAMPLES)
def test_compute_due_matches_specification_worked_example(case: Case) -> None:
    assert case.run() == (None if case.expected is None else D(case.expected))


def test_compute_due_raises_for_specification_error_row() -> None:
    # The 21st worked example: D24 from 05/03/2026, complex, 2 extensions → error (complex allows 1).
    with pytest.raises(TooManyExtensions):
        compute_due("D24", D("2026-03-05"), CAL, variants={"complex"}, extensions=2)


@pytest.mark.parametrize("case", OWN_CASES)
def test_compute_due_matches_hand_count(case: Case) -> None:
    assert case.run() == (None if case.expected is None else D(case.expected))


def test_cases_cover_every_rule_and_variant_combination() -> None:
    covered = {
        (p.values[0].rule, frozenset(parse_variant(v) for v in p.values[0].variants))
        for p in WORKED_EXAMPLES + OWN_CASES
    }
    wanted = {(rule.id, effect.variants) for rule in RULES for effect in rule.effects}
    assert wanted - covered == set()


def test_own_cases_are_at_least_thirty() -> None:
    assert len(OWN_CASES) >= 30


# ---------------------------------------------------------------------------------------------------------
# Errors: one row per error condition
# ---------------------------------------------------------------------------------------------------------

ERROR_CASES = [
    # The specification's error row: complex allows one extension only.
    pytest.param(
        "D24", "2026-03-05", ("complex",), {"extensions": 2}, TooManyExtensions, id="D24-complex-two-ext"
    ),
    pytest.param(
        "D24", "2026-03-05", ("very_complex",), {"extensions": 3}, TooManyExtensions, id="D24-very-3-ext"
    ),
    pytest.param("D24", "2026-03-05", (), {"extensions": 1}, TooManyExtensions, id="D24-plain-extension"),
    pytest.param(
        "D24", "2026-03-05", ("complex",), {"extensions": -1}, TooManyExtensions, id="D24-negative-ext"
    ),
    pytest.param(
        "D24",
        "2026-03-05",
        ("complex",),
        {"extensions": 1, "extension_days": 31},
        ExtensionTooLong,
        id="D24-31-days",
    ),
    pytest.param(
        "D24",
        "2026-03-05",
        ("complex",),
        {"extensions": 1, "extension_days": 0},
        ExtensionTooLong,
        id="D24-0-days",
    ),
    pytest.param(
        "D24",
        "2026-03-05",
        ("very_complex",),
        {"extensions": 2, "extension_days": (30,)},
        ExtensionTooLong,
        id="D24-days-count-mismatch",
    ),
    pytest.param(
        "D15", "2026-03-05", ("complex",), {"extensions": 1}, ExtensionNotAllowed, id="D15-no-extensions"
    ),
    pytest.param("D17", "2026-03-05", (), {"extensions": 1}, ExtensionNotAllowed, id="D17-no-extensions"),
    pytest.param("D11", "2026-03-05", (), {}, UnknownRule, id="D11-is-retention-not-a-clock"),
    pytest.param("D99", "2026-03-05", (), {}, UnknownRule, id="unknown-rule"),
    pytest.param("D21", "2018-12-31", (), {}, TriggerBeforeRule, id="D21-before-2019"),
    pytest.param("D14", "2012-06-30", (), {}, TriggerBeforeRule, id="D14-before-2012"),
    pytest.param("D6", "2026-06-30", (), {}, TriggerBeforeRule, id="D6-before-2026-07-01"),
    pytest.param("D7", "2026-03-05", ("remote",), {}, VariantNotAllowed, id="D7-remote"),
    pytest.param("D15", "2026-03-05", ("several_places",), {}, VariantNotAllowed, id="D15-several-places"),
    pytest.param("D16", "2026-03-05", ("complex",), {}, VariantNotAllowed, id="D16-complex"),
    pytest.param("D19", "2026-03-05", ("remote",), {}, VariantNotAllowed, id="D19-remote"),
    pytest.param("D24", "2026-03-05", ("remote",), {}, VariantNotAllowed, id="D24-remote"),
    pytest.param("D10", "2026-03-05", ("requested",), {}, VariantNotAllowed, id="D10-requested"),
    pytest.param(
        "D13", "2026-03-05", ("dismissal",), {}, VariantRequiresAnother, id="D13-dismissal-without-second"
    ),
    pytest.param(
        "D24", "2026-03-05", ("complex", "very_complex"), {}, VariantsConflict, id="D24-both-complexities"
    ),
    pytest.param("D7", "2026-03-05", ("urgent",), {}, UnknownVariant, id="unknown-variant"),
    pytest.param("D7", "2026-03-05", (), {"base": 15}, BaseNotSettable, id="D7-base"),
    pytest.param("D10", "2026-03-05", (), {"base": 0}, InvalidBase, id="D10-base-zero"),
    pytest.param(
        "D15",
        "2026-03-05",
        (),
        {"pauses": [_pause("2026-03-10", "2026-03-20")]},
        PauseBeforeRuleAllows,
        id="D15-pause-before-2026-07-01",
    ),
    pytest.param(
        "D17",
        "2026-06-01",
        (),
        {"pauses": [_pause("2026-06-30", "2026-07-10")]},
        PauseBeforeRuleAllows,
        id="D17-pause-on-30-06-2026",
    ),
    pytest.param(
        "D19",
        "2026-06-01",
        (),
        {"pauses": [_pause("2026-06-10", "2026-06-20")]},
        PauseBeforeRuleAllows,
        id="D19-pause-before-change",
    ),
    pytest.param(
        "D7",
        "2026-03-05",
        (),
        {"pauses": [_pause("2026-03-10", "2026-03-12")]},
        PauseNotAllowed,
        id="D7-pause",
    ),
    pytest.param(
        "D16",
        "2026-08-05",
        (),
        {"pauses": [_pause("2026-08-10", "2026-08-12")]},
        PauseNotAllowed,
        id="D16-pause",
    ),
    pytest.param(
        "D24",
        "2026-03-05",
        (),
        {"pauses": [_pause("2026-03-20", "2026-03-10")]},
        InvalidDateSpan,
        id="pause-reversed",
    ),
    pytest.param(
        "D24",
        "2026-03-05",
        (),
        {"pauses": [_pause("2026-03-10", "2026-03-10")]},
        InvalidDateSpan,
        id="pause-empty",
    ),
    pytest.param(
        "D24",
        "2026-03-05",
        (),
        {"pauses": [_pause("2026-03-01", "2026-03-10")]},
        InvalidDateSpan,
        id="pause-before-trigger",
    ),
    pytest.param(
        "D24",
        "2026-03-05",
        (),
        {"pauses": [_pause("2026-03-10", "2026-03-20"), _pause("2026-03-15", "2026-03-25")]},
        InvalidDateSpan,
        id="pauses-overlap",
    ),
    pytest.param(
        "D15",
        "2026-03-05",
        (),
        {"obstacles": [_pause("2026-03-10", "2026-03-12")]},
        ObstacleNotAllowed,
        id="D15-obstacle",
    ),
    pytest.param(
        "D12",
        "2026-03-05",
        (),
        {"obstacles": [_pause("2026-03-12", "2026-03-10")]},
        InvalidDateSpan,
        id="obstacle-reversed",
    ),
    pytest.param(
        "D12",
        "2026-03-05",
        (),
        {"obstacles": [_pause("2026-03-05", "2026-03-10")]},
        InvalidDateSpan,
        id="obstacle-on-trigger-day",
    ),
    pytest.param(
        "D13",
        "2026-03-05",
        (),
        {"obstacles": [_pause("2026-03-06", "2026-03-10"), _pause("2026-03-10", "2026-03-12")]},
        InvalidDateSpan,
        id="obstacles-share-a-day",
    ),
    # 24/12/2027 + 10 wd runs into 2028, which is not confirmed.
    pytest.param("D7", "2027-12-24", (), {}, CalendarNotConfirmed, id="D7-into-unconfirmed-2028"),
    # 01/11/2027 + 90 days = 30/01/2028.
    pytest.param("D12", "2027-11-01", (), {}, CalendarNotConfirmed, id="D12-into-unconfirmed-2028"),
    # Five working days before Fri 03/01/2025: 02(1), 01/01 off, then 2024, not confirmed.
    pytest.param("D1", "2025-01-03", (), {}, CalendarNotConfirmed, id="D1-back-into-unconfirmed-2024"),
    # 31/12/2027 (Fri) + 30 days is in 2028 too.
    pytest.param("D20", "2027-12-31", (), {}, CalendarNotConfirmed, id="D20-raw-end-unconfirmed"),
]


@pytest.mark.parametrize(("rule", "trigger", "variants", "kwargs", "error"), ERROR_CASES)
def test_compute_due_raises_domain_error_for_invalid_input(
    rule: str, trigger: str, variants: tuple[str, ...], kwargs: dict[str, Any], error: type[DeadlineError]
) -> None:
    with pytest.raises(error) as raised:
        compute_due(rule, D(trigger), CAL, variants=variants, **kwargs)
    assert isinstance(raised.value, DomainError)
    # The message is for officers: Vietnamese, non-empty, never a Python repr.
    message = str(raised.value)
    assert message and "Error" not in message and "datetime" not in message


def test_compute_due_error_message_names_the_missing_flag_when_dismissal_without_second() -> None:
    with pytest.raises(VariantRequiresAnother, match="khiếu nại lần hai"):
        compute_due("D13", D("2026-03-05"), CAL, variants={"dismissal"})


def test_compute_due_error_message_says_complex_allows_one_extension_when_two() -> None:
    with pytest.raises(TooManyExtensions, match="vụ việc phức tạp chỉ được gia hạn 1 lần"):
        compute_due("D24", D("2026-03-05"), CAL, variants={"complex"}, extensions=2)


def test_compute_due_error_message_gives_01_07_2026_when_complaint_pause_too_early() -> None:
    with pytest.raises(PauseBeforeRuleAllows, match="01/07/2026"):
        compute_due("D15", D("2026-03-05"), CAL, pauses=[_pause("2026-03-10", "2026-03-20")])


def test_compute_due_still_validates_flags_when_no_clock() -> None:
    with pytest.raises(BaseNotSettable):
        compute_due("D9", D("2026-05-29"), CAL, base=3)


def test_rule_for_raises_rule_not_in_force_after_last_generation() -> None:
    ended = ClockRule(
        "D3X", trigger="t", act="a", base=1, unit=Unit.DAYS, direction=Direction.FORWARD,
        valid_from=D("2014-07-01"), valid_to=D("2025-06-30"), basis="b",
    )  # fmt: skip
    rules = index_rules([ended])
    assert rule_for("D3X", D("2025-06-30"), rules=rules) is ended
    with pytest.raises(RuleNotInForce, match="không còn áp dụng") as raised:
        rule_for("D3X", D("2025-07-01"), rules=rules)
    assert not isinstance(raised.value, TriggerBeforeRule)


def test_index_rules_rejects_overlapping_generations() -> None:
    first = ClockRule(
        "DX", trigger="t", act="a", base=1, unit=Unit.DAYS, direction=Direction.FORWARD,
        valid_from=D("2014-07-01"), valid_to=D("2026-07-01"), basis="b",
    )  # fmt: skip
    second = replace(first, base=2, valid_from=D("2026-07-01"), valid_to=None)
    with pytest.raises(ValueError, match="overlap"):
        index_rules([first, second])


def test_clock_rule_rejects_backward_day_rule() -> None:
    with pytest.raises(ValueError, match="backward"):
        ClockRule(
            "DX", trigger="t", act="a", base=1, unit=Unit.DAYS, direction=Direction.BACKWARD,
            valid_from=D("2014-07-01"), valid_to=None, basis="b",
        )  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# Results and explanations
# ---------------------------------------------------------------------------------------------------------


def _explain(rule: str, trigger: str, **kwargs: Any) -> str:
    result = compute_due(rule, D(trigger), CAL, **kwargs)
    assert result is not None
    return result.explanation


def test_explanation_lists_weekends_and_tet_when_working_days_skip_them() -> None:
    text = _explain("D10", "2026-02-13")
    assert (
        "10 ngày làm việc kể từ ngày 13/02/2026 (không tính thứ Bảy, Chủ nhật và ngày nghỉ 16/02–20/02/2026)"
        in text
    )
    assert "thứ Sáu, 06/03/2026" in text


def test_explanation_says_make_up_saturday_counted_when_in_the_count() -> None:
    assert "thứ Bảy 22/08/2026 là ngày làm việc bù nên được tính" in _explain("D7", "2026-08-14")


def test_explanation_says_no_roll_when_day_rule_ends_on_make_up_saturday() -> None:
    assert "22/08/2026 là thứ Bảy làm việc bù nên hạn giữ nguyên" in _explain("D24", "2026-07-23")


def test_explanation_says_rolled_forward_when_raw_end_is_a_holiday() -> None:
    text = _explain("D15", "2026-09-25", variants={"remote", "complex"})
    assert "ngày 24/11/2026 là ngày nghỉ nên hạn chuyển sang ngày làm việc tiếp theo" in text.lower()
    assert "60 ngày thay cho 30" in text
    assert "thứ Tư, 25/11/2026" in text


def test_explanation_names_weekday_when_raw_end_is_a_weekend() -> None:
    text = _explain("D15", "2026-07-16", variants={"remote"})
    assert "30/08/2026 là Chủ nhật nên hạn chuyển sang ngày làm việc tiếp theo" in text
    assert "31/08–02/09/2026" in text


def test_explanation_mentions_extensions_when_extended() -> None:
    text = _explain("D24", "2026-01-30", variants={"very_complex"}, extensions=2)
    assert "cộng 2 lần gia hạn (mỗi lần 30 ngày), tổng 90 ngày" in text
    assert "vụ việc đặc biệt phức tạp" in text


def test_explanation_mentions_pause_when_paused() -> None:
    text = _explain("D24", "2026-03-02", pauses=[_pause("2026-03-10", "2026-03-20")])
    assert "cộng 10 ngày tạm đình chỉ giải quyết" in text
    assert "11/04/2026 là thứ Bảy" in text


def test_explanation_mentions_obstacle_when_obstacle_given() -> None:
    text = _explain("D12", "2026-01-02", obstacles=[_pause("2026-02-10", "2026-02-19")])
    assert "cộng 10 ngày có trở ngại khách quan (10/02–19/02/2026)" in text


def test_explanation_cites_legal_basis_and_calendar_version() -> None:
    text = _explain("D7", "2026-08-14")
    assert "Căn cứ: khoản 1 Điều 28 Luật Tiếp công dân 2013." in text
    assert "Lịch làm việc: 2025-2027 xác nhận." in text


def test_explanation_names_generation_when_rule_has_several() -> None:
    assert "bản có hiệu lực từ 01/07/2026" in _explain("D14", "2026-07-02")
    assert "từ 01/07/2012 đến 30/06/2026" in _explain("D14", "2026-06-25")


def test_explanation_counts_backwards_for_d1() -> None:
    text = _explain("D1", "2026-09-04")
    assert "5 ngày làm việc trước ngày 04/09/2026" in text
    assert "31/08–02/09/2026" in text


def test_explanation_mentions_office_base_when_set() -> None:
    assert "Cơ quan đặt thời hạn 15 ngày làm việc (mặc định 10)" in _explain("D10", "2026-04-24", base=15)


def test_explanation_is_plain_vietnamese_without_english_values() -> None:
    text = _explain("D21", "2026-04-22", variants={"several_places"})
    assert "several_places" not in text and "working_days" not in text


def test_due_date_records_generation_version_and_roll() -> None:
    result = compute_due("D14", D("2026-07-02"), CAL)
    assert result is not None
    assert (result.rule_id, result.generation, result.calendar_version) == (
        "D14",
        D("2026-07-01"),
        CAL.version,
    )
    assert (result.trigger, result.counted, result.rolled_from) == (D("2026-07-02"), 7, None)
    rolled = compute_due("D16", D("2026-10-15"), CAL)
    assert rolled is not None and rolled.rolled_from == D("2026-11-14")


def test_due_date_counted_includes_extensions_and_pauses() -> None:
    result = compute_due(
        "D24",
        D("2026-10-01"),
        CAL,
        variants={"complex"},
        extensions=1,
        pauses=[_pause("2026-10-20", "2026-11-04")],
    )
    assert result is not None and result.counted == 30 + 30 + 15


def test_compute_due_accepts_variant_spellings_from_the_cli() -> None:
    result = compute_due("D15", D("2026-09-25"), CAL, variants=["--remote", "COMPLEX"])
    assert result is not None and result.due == D("2026-11-25")


def test_compute_due_accepts_lower_case_rule_id() -> None:
    result = compute_due("d7", D("2026-08-14"), CAL)
    assert result is not None and result.due == D("2026-08-27")


# ---------------------------------------------------------------------------------------------------------
# Working-day rules on a custom calendar: pauses counted in working days, (P, R]
# ---------------------------------------------------------------------------------------------------------


def test_working_day_pause_counts_working_days_in_half_open_range() -> None:
    # No shipped working-day rule can be paused, so check the convention on the calendar helper.
    # (P, R] = (Fri 06/03/2026, Mon 16/03/2026]: 09 10 11 12 13 16 = 6 working days.
    assert CAL.working_days_between(D("2026-03-06"), D("2026-03-16")) == 6
    # (Fri 13/02, Mon 23/02]: Tết and weekends → only 23/02.
    assert CAL.working_days_between(D("2026-02-13"), D("2026-02-23")) == 1


# ---------------------------------------------------------------------------------------------------------
# Rule data
# ---------------------------------------------------------------------------------------------------------


def test_rules_by_id_holds_every_clock_of_the_specification() -> None:
    expected = ["D1", *(f"D{n}" for n in range(6, 11)), *(f"D{n}" for n in range(12, 27)), "W1"]
    assert list(RULES_BY_ID) == expected
    assert RULE_IDS == tuple(expected)


@pytest.mark.parametrize(
    ("trigger", "base", "generation"),
    [
        ("2012-07-01", 10, "2012-07-01"),
        ("2026-06-30", 10, "2012-07-01"),
        ("2026-07-01", 7, "2026-07-01"),
        ("2030-01-01", 7, "2026-07-01"),
    ],
)
def test_rule_for_selects_d14_generation_by_receipt_date(trigger: str, base: int, generation: str) -> None:
    rule = rule_for("D14", D(trigger))
    assert (rule.base, rule.generation) == (base, D(generation))


@pytest.mark.parametrize(
    ("rule_id", "unit", "direction", "base"),
    [
        ("D1", Unit.WORKING_DAYS, Direction.BACKWARD, 5),
        ("D6", Unit.WORKING_DAYS, Direction.FORWARD, 3),
        ("D7", Unit.WORKING_DAYS, Direction.FORWARD, 10),
        ("D8", Unit.WORKING_DAYS, Direction.FORWARD, 7),
        ("D9", Unit.WORKING_DAYS, Direction.FORWARD, 5),
        ("D10", Unit.WORKING_DAYS, Direction.FORWARD, 10),
        ("D12", Unit.DAYS, Direction.FORWARD, 90),
        ("D13", Unit.DAYS, Direction.FORWARD, 15),
        ("D15", Unit.DAYS, Direction.FORWARD, 30),
        ("D16", Unit.DAYS, Direction.FORWARD, 30),
        ("D17", Unit.DAYS, Direction.FORWARD, 45),
        ("D18", Unit.DAYS, Direction.FORWARD, 30),
        ("D19", Unit.DAYS, Direction.FORWARD, 30),
        ("D20", Unit.DAYS, Direction.FORWARD, 30),
        ("D21", Unit.WORKING_DAYS, Direction.FORWARD, 7),
        ("D22", Unit.WORKING_DAYS, Direction.FORWARD, 5),
        ("D23", Unit.WORKING_DAYS, Direction.FORWARD, 5),
        ("D24", Unit.DAYS, Direction.FORWARD, 30),
        ("D25", Unit.DAYS, Direction.FORWARD, 20),
        ("D26", Unit.DAYS, Direction.FORWARD, 20),
        ("W1", Unit.DAYS, Direction.FORWARD, 30),
    ],
)
def test_rule_data_matches_specification_table(
    rule_id: str, unit: Unit, direction: Direction, base: int
) -> None:
    rule = generations(rule_id)[-1]
    assert (rule.unit, rule.direction, rule.base) == (unit, direction, base)
    assert rule.trigger and rule.act and rule.basis


def test_rule_data_pauses_only_for_d15_d17_d19_d24() -> None:
    pausable = {r.id: r.pauses_from for r in RULES if r.pauses_from is not None}
    assert pausable == {
        "D15": D("2026-07-01"),
        "D17": D("2026-07-01"),
        "D19": D("2026-07-01"),
        "D24": D("2019-01-01"),
    }


def test_rule_data_obstacles_only_for_d12_d13() -> None:
    assert {r.id for r in RULES if r.counts_obstacles} == {"D12", "D13"}


def test_rule_data_marks_to_be_confirmed_rules() -> None:
    assert {(r.id, r.generation) for r in RULES if r.to_be_confirmed} == {
        ("D6", D("2026-07-01")),
        ("D10", date.min),
        ("D14", D("2026-07-01")),
    }


def test_the_referral_wait_is_the_systems_rule_with_two_extensions_at_most() -> None:
    rule = rule_for("W1", D("2026-03-02"))
    assert rule.base_settable and "hệ thống" in rule.basis
    with pytest.raises(TooManyExtensions):
        compute_due("W1", D("2026-03-02"), CAL, extensions=3, extension_days=10)
    with pytest.raises(ExtensionNotAllowed):
        compute_due("D25", D("2026-03-02"), CAL, extensions=1, extension_days=10)
    assert referral_rule_id(forwarded_denunciation=True) == "D25"
    assert referral_rule_id(forwarded_denunciation=False) == "W1"


def test_rule_for_raises_unknown_rule_for_blank_id() -> None:
    with pytest.raises(UnknownRule):
        rule_for("", D("2026-01-01"))


# ---------------------------------------------------------------------------------------------------------
# Variants and periods parsing
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        ("remote", Variant.REMOTE),
        ("--remote", Variant.REMOTE),
        ("very-complex", Variant.VERY_COMPLEX),
        ("--very-complex", Variant.VERY_COMPLEX),
        ("SEVERAL_PLACES", Variant.SEVERAL_PLACES),
        (" second ", Variant.SECOND),
        (Variant.DISMISSAL, Variant.DISMISSAL),
    ],
)
def test_parse_variant_accepts_cli_spellings(text: str | Variant, variant: Variant) -> None:
    assert parse_variant(text) is variant


def test_parse_variant_raises_unknown_variant_for_other_text() -> None:
    with pytest.raises(UnknownVariant, match="Không có biến thể"):
        parse_variant("extended")


def test_parse_date_span_reads_from_to() -> None:
    assert parse_date_span("2026-03-10:2026-03-20") == (D("2026-03-10"), D("2026-03-20"))


@pytest.mark.parametrize(
    "text", ["2026-03-10", "2026-03-10:2026-03-20:2026-03-30", "2026-13-01:2026-03-20", ""]
)
def test_parse_date_span_raises_invalid_date_span_for_bad_text(text: str) -> None:
    with pytest.raises(InvalidDateSpan):
        parse_date_span(text)


def test_format_days_compresses_runs() -> None:
    days = [D("2026-04-27"), D("2026-04-30"), D("2026-05-01"), D("2026-12-31"), D("2027-01-01")]
    assert format_days(days) == "27/04/2026, 30/04–01/05/2026, 31/12/2026–01/01/2027"


# ---------------------------------------------------------------------------------------------------------
# Working calendar value
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-08-22", True),  # make-up Saturday
        ("2026-08-23", False),  # the Sunday after it
        ("2026-08-31", False),  # its swap
        ("2026-11-24", False),  # Culture Day
        ("2026-11-25", True),
        ("2025-02-01", False),  # Tết Saturday
        ("2027-05-03", False),  # compensatory for Saturday 01/05/2027
    ],
)
def test_is_working_day_follows_confirmed_calendar(day: str, working: bool) -> None:
    assert CAL.is_working_day(D(day)) is working


@pytest.mark.parametrize("day", ["2024-12-31", "2028-01-01"])
def test_is_working_day_raises_calendar_not_confirmed_outside_years(day: str) -> None:
    with pytest.raises(CalendarNotConfirmed, match="chưa được xác nhận") as raised:
        CAL.is_working_day(D(day))
    assert raised.value.day == D(day)


def test_calendar_add_and_subtract_working_days_are_inverse_on_working_days() -> None:
    start = D("2026-08-20")
    assert CAL.subtract_working_days(CAL.add_working_days(start, 7), 7) == start


@pytest.mark.parametrize(
    "kwargs",
    [
        {"working_weekend_days": [D("2026-08-21")]},  # a Friday cannot be a make-up day
        {"days_off": [D("2028-01-03")]},  # outside the covered years
        {"days_off": [D("2026-08-22")], "working_weekend_days": [D("2026-08-22")]},
    ],
)
def test_working_calendar_raises_invalid_calendar_for_contradictions(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidCalendar):
        WorkingCalendar.for_years(2026, 2027, version="test", **kwargs)


def test_working_calendar_raises_invalid_calendar_when_range_reversed() -> None:
    with pytest.raises(InvalidCalendar):
        WorkingCalendar(version="test", first_day=D("2027-01-01"), last_day=D("2026-01-01"))


def test_working_calendar_plain_weekdays_when_no_days_off() -> None:
    cal = WorkingCalendar.for_years(2030, 2030, version="test")
    assert list(cal.years) == [2030]
    # Tue 01/01/2030 is a working day in a calendar that lists no holidays: the version decides.
    assert cal.is_working_day(D("2030-01-01"))
    result = compute_due("D7", D("2030-01-01"), cal)
    # 02(1) 03(2) 04(3) 07(4) 08 09 10 11(8) 14(9) 15(10).
    assert result is not None and result.due == D("2030-01-15")
    assert result.calendar_version == "test"


# ---------------------------------------------------------------------------------------------------------
# Worklist: earliest open clock
# ---------------------------------------------------------------------------------------------------------


def test_earliest_open_returns_earliest_open_clock() -> None:
    clocks = [
        Clock("D10", D("2026-03-10")),
        Clock("D21", D("2026-03-08")),
        Clock("D22", D("2026-03-05"), is_open=False),
    ]
    assert earliest_open(clocks) == Clock("D21", D("2026-03-08"))


def test_earliest_open_returns_none_when_all_closed() -> None:
    assert earliest_open([Clock("D10", D("2026-03-10"), is_open=False)]) is None
    assert earliest_open([]) is None


def test_earliest_open_ignores_other_columns_when_rule_ids_given() -> None:
    clocks = [Clock("D7", D("2026-03-01")), Clock("D10", D("2026-03-10"))]
    assert earliest_open(clocks, HANDLING_RULE_IDS) == Clock("D10", D("2026-03-10"))


def test_earliest_open_keeps_first_when_tied() -> None:
    clocks = [Clock("D22", D("2026-03-10")), Clock("D10", D("2026-03-10"))]
    assert earliest_open(clocks) == Clock("D22", D("2026-03-10"))


def test_earliest_open_skips_clocks_without_a_due_date() -> None:
    clocks = [Clock("D10", None), Clock("D21", D("2026-03-08"))]
    assert earliest_open(clocks) == Clock("D21", D("2026-03-08"))
    assert earliest_open([Clock("D10", None)]) is None


def test_handling_rule_ids_are_d10_d21_d22() -> None:
    assert HANDLING_RULE_IDS == {"D10", "D21", "D22"}


# ---------------------------------------------------------------------------------------------------------
# Reception frequencies D2–D5
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "on", "rule_id", "min_days", "period"),
    [
        (LeaderLevel.PROVINCE_CHAIRMAN, "2026-03-01", "D2", 1, FrequencyPeriod.MONTH),
        (LeaderLevel.DISTRICT_CHAIRMAN, "2025-06-30", "D3", 2, FrequencyPeriod.MONTH),
        (LeaderLevel.COMMUNE_CHAIRMAN, "2026-06-30", "D4", 1, FrequencyPeriod.WEEK),
        (LeaderLevel.COMMUNE_CHAIRMAN, "2026-07-01", "D4", 2, FrequencyPeriod.MONTH),
        (LeaderLevel.DEPARTMENT_HEAD, "2026-03-01", "D5", 1, FrequencyPeriod.MONTH),
        ("commune_chairman", "2015-01-05", "D4", 1, FrequencyPeriod.WEEK),
    ],
)
def test_frequency_rule_for_picks_generation_by_date(
    level: LeaderLevel | str, on: str, rule_id: str, min_days: int, period: FrequencyPeriod
) -> None:
    rule = frequency_rule_for(level, D(on))
    assert (rule.id, rule.min_days, rule.period) == (rule_id, min_days, period)


def test_frequency_rule_for_raises_when_district_level_abolished() -> None:
    with pytest.raises(NoFrequencyRule, match="cấp huyện"):
        frequency_rule_for(LeaderLevel.DISTRICT_CHAIRMAN, D("2025-07-01"))


def test_frequency_rule_for_raises_for_unknown_level() -> None:
    with pytest.raises(NoFrequencyRule):
        frequency_rule_for("vice_chairman", D("2026-03-01"))


def test_frequency_rule_description_is_vietnamese() -> None:
    rule = frequency_rule_for(LeaderLevel.COMMUNE_CHAIRMAN, D("2026-06-01"))
    assert (
        rule.description == "Chủ tịch Ủy ban nhân dân cấp xã trực tiếp tiếp công dân ít nhất 1 ngày mỗi tuần"
    )


# ---------------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------------

FIRST = D("2025-01-01")
LAST_SAFE = D("2027-09-30")  # late enough triggers, early enough that every count stays in 2027
triggers = st.dates(min_value=FIRST, max_value=LAST_SAFE)
# D14 is left out on purpose: its switch from 10 to 7 wd on 01/07/2026 makes a later receipt due earlier.
WD_RULES = ["D7", "D8", "D10", "D21", "D22", "D23"]
DAY_RULES = ["D12", "D13", "D15", "D16", "D17", "D18", "D19", "D20", "D24", "D25", "D26"]
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, database=None)


@PROPERTY_SETTINGS
@given(rule=st.sampled_from(WD_RULES), trigger=triggers)
def test_working_day_due_is_a_working_day_after_trigger_with_exact_count(rule: str, trigger: date) -> None:
    result = compute_due(rule, trigger, CAL)
    assert result is not None
    assert result.due > trigger and CAL.is_working_day(result.due)
    assert CAL.working_days_between(trigger, result.due) == rule_for(rule, trigger).base


@PROPERTY_SETTINGS
@given(rule=st.sampled_from(DAY_RULES), trigger=triggers)
def test_day_rule_due_is_first_working_day_not_before_raw_end(rule: str, trigger: date) -> None:
    result = compute_due(rule, trigger, CAL)
    assert result is not None
    raw_end = trigger + timedelta(days=rule_for(rule, trigger).base)
    assert result.due >= raw_end and CAL.is_working_day(result.due)
    day = raw_end
    while day < result.due:
        assert not CAL.is_working_day(day)
        day += timedelta(days=1)


@PROPERTY_SETTINGS
@given(trigger=triggers, small=st.integers(1, 40), extra=st.integers(1, 20))
def test_more_base_days_never_give_an_earlier_due(trigger: date, small: int, extra: int) -> None:
    shorter = compute_due("D10", trigger, CAL, base=small)
    longer = compute_due("D10", trigger, CAL, base=small + extra)
    assert shorter is not None and longer is not None
    assert shorter.due < longer.due


@PROPERTY_SETTINGS
@given(rule=st.sampled_from(WD_RULES + DAY_RULES), first=triggers, gap=st.integers(0, 60))
def test_later_trigger_never_gives_an_earlier_due(rule: str, first: date, gap: int) -> None:
    second = min(first + timedelta(days=gap), LAST_SAFE)
    early = compute_due(rule, first, CAL)
    late = compute_due(rule, second, CAL)
    assert early is not None and late is not None
    assert early.due <= late.due


@PROPERTY_SETTINGS
@given(session=st.dates(min_value=D("2025-01-15"), max_value=D("2027-12-31")))
def test_d1_due_is_fifth_working_day_before_session(session: date) -> None:
    result = compute_due("D1", session, CAL)
    assert result is not None
    assert result.due < session and CAL.is_working_day(result.due)
    # Working days in [due, session) are exactly five.
    assert CAL.working_days_between(result.due - timedelta(days=1), session - timedelta(days=1)) == 5


@PROPERTY_SETTINGS
@given(trigger=triggers, start=st.integers(0, 25), length=st.integers(1, 30))
def test_pause_never_gives_an_earlier_due(trigger: date, start: int, length: int) -> None:
    suspended = trigger + timedelta(days=start)
    plain = compute_due("D24", trigger, CAL)
    paused = compute_due("D24", trigger, CAL, pauses=[(suspended, suspended + timedelta(days=length))])
    assert plain is not None and paused is not None
    assert paused.due >= plain.due
    assert paused.counted == plain.counted + length
