"""A complaint's time limit counted at classification (D12, D13, D16): a closed clock on the letter, counted
again only when what it rests on changes, and the verdict the classification page shows."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.deadlines.services import TIME_LIMIT_NOTE, TIME_LIMIT_REPLACED, seed_calendar
from petitions.directory.seed import seed_reference_items
from petitions.domain.classification import (
    NON_ACCEPTANCE_EXPIRED,
    IntakeFacts,
    LetterChannel,
    PriorResolution,
    TimeLimitStatus,
)
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.types import DomainError, Role
from petitions.extensions import immediate_transactions
from petitions.history import history_of
from petitions.letters.services import (
    ClassificationInput,
    classify_letter,
    complaint_time_limit_view,
    letter_clocks,
    time_limit_clock,
)
from tests.factories import make_agency, make_citizen, make_letter, make_user

D = date.fromisoformat


@pytest.fixture
def env(session):
    seed_calendar()
    seed_reference_items()
    agency = make_agency()
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
    with immediate_transactions():
        yield agency, officer


def _complaint(agency, officer, *, received_on, subtype=ComplaintSubtype.ADMINISTRATIVE, **overrides):
    return make_letter(
        received_on=received_on,
        channel=LetterChannel.POST,
        letter_type=LetterType.COMPLAINT,
        complaint_subtype=subtype,
        agency=agency,
        actor=officer,
        citizen_id=make_citizen(agency_id=agency.id).id,
        summary="Khiếu nại quyết định kỷ luật",
        **overrides,
    )


def _classify(letter, officer, subtype=ComplaintSubtype.ADMINISTRATIVE, **time_limit):
    return classify_letter(
        letter,
        ClassificationInput(
            IntakeFacts(declared_type=LetterType.COMPLAINT), complaint_subtype=subtype, **time_limit
        ),
        actor=officer,
    )


def test_d13_worked_example_is_stored_as_a_closed_clock_and_judged_expired(env):
    agency, officer = env
    letter = _complaint(agency, officer, received_on=D("2025-02-04"), subtype=ComplaintSubtype.DISCIPLINARY)
    _classify(letter, officer, ComplaintSubtype.DISCIPLINARY, decision_known_on=D("2025-01-14"))
    clock = time_limit_clock(letter)
    assert clock is not None and clock.rule_id == "D13" and not clock.is_open
    assert clock.close_reason == TIME_LIMIT_NOTE and clock.trigger_on == D("2025-01-14")
    assert clock.due_on == D("2025-02-03")  # 15 days → 29/01 in Tết, then the weekend
    view = complaint_time_limit_view(letter)
    assert view.verdict.status == TimeLimitStatus.EXPIRED and view.verdict.last_day == D("2025-02-03")
    assert view.ground is not None and view.ground.code == NON_ACCEPTANCE_EXPIRED
    assert [e.new_value for e in history_of("letter", letter.id) if e.field == "decision_known_on"] == ["2025-01-14"]


def test_d12_with_an_obstacle_period_is_within_the_limit(env):
    agency, officer = env
    letter = _complaint(agency, officer, received_on=D("2026-06-05"))
    _classify(
        letter, officer, decision_known_on=D("2026-03-02"), obstacles=((D("2026-04-01"), D("2026-04-10")), (None, None))
    )
    clock = time_limit_clock(letter)
    # 90 days + 10 obstacle days → Wed 10/06 (without the illness: Mon 01/06, and the letter would be late).
    assert clock.rule_id == "D12" and clock.due_on == D("2026-06-10")
    assert clock.obstacles == [["2026-04-01", "2026-04-10"]]
    assert letter.time_limit_obstacles == [["2026-04-01", "2026-04-10"]]
    view = complaint_time_limit_view(letter)
    assert view.verdict.status == TimeLimitStatus.WITHIN and view.ground is None


def test_disciplinary_second_round_dismissal_has_30_days(env):
    agency, officer = env
    letter = _complaint(
        agency,
        officer,
        received_on=D("2026-04-01"),
        subtype=ComplaintSubtype.DISCIPLINARY,
        prior_resolution=PriorResolution.RESOLVED_FIRST,
    )
    _classify(letter, officer, ComplaintSubtype.DISCIPLINARY, decision_known_on=D("2026-03-02"), dismissal=True)
    clock = time_limit_clock(letter)
    assert clock.rule_id == "D13" and clock.variant_list == ["second", "dismissal"]
    assert clock.due_on == D("2026-04-01")  # 30 days; 10 without the dismissal
    assert complaint_time_limit_view(letter).verdict.status == TimeLimitStatus.WITHIN


def test_reclassifying_counts_again_only_when_the_inputs_change(env):
    agency, officer = env
    letter = _complaint(agency, officer, received_on=D("2026-04-01"), subtype=ComplaintSubtype.DISCIPLINARY)
    _classify(letter, officer, ComplaintSubtype.DISCIPLINARY, decision_known_on=D("2026-03-02"))
    first = time_limit_clock(letter)
    assert first.due_on == D("2026-03-17")
    _classify(letter, officer, ComplaintSubtype.DISCIPLINARY, decision_known_on=D("2026-03-02"))
    assert time_limit_clock(letter).id == first.id  # nothing changed: no new count
    _classify(letter, officer, ComplaintSubtype.DISCIPLINARY, decision_known_on=D("2026-03-20"))
    second = time_limit_clock(letter)
    assert second.id != first.id and second.due_on == D("2026-04-06")  # 15 days → Sat 04/04 → Mon 06/04
    assert first.close_reason == TIME_LIMIT_REPLACED
    assert [e.new_value for e in history_of("clock", first.id) if e.field == "close_reason"][-1] == TIME_LIMIT_REPLACED
    # No longer a complaint: the limit no longer holds, and nothing is open.
    classify_letter(letter, ClassificationInput(IntakeFacts(declared_type=LetterType.PETITION)), actor=officer)
    assert time_limit_clock(letter) is None and second.close_reason == TIME_LIMIT_REPLACED
    assert all(c.is_open is False for c in letter_clocks(letter) if c.rule_id in ("D12", "D13", "D16"))


def test_refused_inputs(env):
    agency, officer = env
    letter = _complaint(agency, officer, received_on=D("2026-04-01"))
    with pytest.raises(DomainError, match="không thể sau ngày nhận đơn"):
        _classify(letter, officer, decision_known_on=D("2026-04-02"))
    with pytest.raises(DomainError, match="để tính thời hiệu"):
        _classify(letter, officer, obstacles=((D("2026-03-05"), D("2026-03-06")),))
    with pytest.raises(DomainError):  # a dismissal is a disciplinary decision
        _classify(letter, officer, decision_known_on=D("2026-03-02"), dismissal=True)
    assert time_limit_clock(letter) is None


def test_a_count_before_the_confirmed_calendar_is_not_guessed(env):
    agency, officer = env
    letter = _complaint(agency, officer, received_on=D("2025-01-10"))
    _classify(letter, officer, decision_known_on=D("2024-08-01"))  # 90 days → 30/10/2024: no calendar
    assert letter.decision_known_on == D("2024-08-01")
    assert time_limit_clock(letter) is None and complaint_time_limit_view(letter).verdict is None
