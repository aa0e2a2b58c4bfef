"""Complaint time limits at classification: which clock, the verdict, the non-acceptance ground (pure rules)."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain.calendar_data import confirmed_calendar
from petitions.domain.classification import (
    NON_ACCEPTANCE_EXPIRED,
    REFERENCE_LISTS,
    TimeLimitStatus,
    complaint_time_limit,
    complaint_time_limit_verdict,
    obstacle_spans,
)
from petitions.domain.deadlines import Variant, VariantNotAllowed, VariantRequiresAnother, compute_due
from petitions.domain.records import ComplaintSubtype
from petitions.domain.types import DomainError

CAL = confirmed_calendar()
D = date.fromisoformat
ADMIN = ComplaintSubtype.ADMINISTRATIVE
DISCIPLINARY = ComplaintSubtype.DISCIPLINARY


def _due(subtype, known_on, obstacles=(), **flags):
    limit = complaint_time_limit(subtype, **flags)
    assert limit is not None
    result = compute_due(limit.rule_id, known_on, CAL, variants=limit.variants, obstacles=obstacles)
    assert result is not None
    return limit.rule_id, result


def test_d13_worked_example_ends_after_tet():
    # DOMAIN §5: D13 from 14/01/2025, 15 days → 29/01 in Tết (27/01–01/02), then the weekend → Mon 03/02.
    rule, result = _due(DISCIPLINARY, D("2025-01-14"), second_round=False)
    assert rule == "D13" and result.due == D("2025-02-03")


def test_d12_counts_90_days_and_leaves_out_an_obstacle_period():
    rule, plain = _due(ADMIN, D("2026-03-02"), second_round=False)
    assert rule == "D12" and plain.due == D("2026-06-01")  # 90 days → Sun 31/05 → Mon 01/06
    # Ill from 01/04 to 10/04 inclusive: 10 days more → Wed 10/06.
    _, with_obstacle = _due(ADMIN, D("2026-03-02"), ((D("2026-04-01"), D("2026-04-10")),), second_round=False)
    assert with_obstacle.due == D("2026-06-10")
    assert "trở ngại khách quan" in with_obstacle.explanation


@pytest.mark.parametrize(
    ("flags", "due"),
    [
        ({"second_round": False}, "2026-03-17"),  # 15 days
        ({"second_round": True}, "2026-03-12"),  # 10 days from the 1st-round decision
        ({"second_round": True, "dismissal": True}, "2026-04-01"),  # a dismissal's 2nd round: 30 days
    ],
)
def test_d13_by_round_and_dismissal(flags, due):
    rule, result = _due(DISCIPLINARY, D("2026-03-02"), **flags)
    assert rule == "D13" and result.due == D(due)


def test_administrative_second_round_is_d16_with_remote():
    limit = complaint_time_limit(ADMIN, second_round=True, remote=True)
    assert limit is not None and (limit.rule_id, limit.variants) == ("D16", {Variant.REMOTE})


@pytest.mark.parametrize(
    ("subtype", "flags", "error"),
    [
        (DISCIPLINARY, {"second_round": False, "dismissal": True}, VariantRequiresAnother),
        (ADMIN, {"second_round": False, "dismissal": True}, VariantNotAllowed),
        (ADMIN, {"second_round": False, "remote": True}, VariantNotAllowed),
    ],
)
def test_flags_the_rule_lacks_are_refused_by_the_engine(subtype, flags, error):
    with pytest.raises(error):
        _due(subtype, D("2026-03-02"), **flags)


def test_no_time_limit_without_a_complaint_subtype():
    assert complaint_time_limit(None, second_round=False) is None


def test_verdict_within_on_the_last_day_and_expired_the_day_after_with_the_ground():
    last = D("2025-02-03")
    within = complaint_time_limit_verdict(D("2025-02-03"), last)
    assert (within.status, within.last_day, within.ground_code) == (TimeLimitStatus.WITHIN, last, None)
    expired = complaint_time_limit_verdict(D("2025-02-04"), last)
    assert (expired.status, expired.ground_code) == (TimeLimitStatus.EXPIRED, NON_ACCEPTANCE_EXPIRED)
    assert complaint_time_limit_verdict(D("2025-02-04"), None).status == TimeLimitStatus.UNKNOWN


def test_the_expired_ground_is_the_non_acceptance_list_item():
    [grounds] = [r for r in REFERENCE_LISTS if r.code == "complaint_non_acceptance"]
    [item] = [i for i in grounds.items if i.code == NON_ACCEPTANCE_EXPIRED]
    assert "Thời hiệu" in item.label and "Điều 11" in (item.legal_basis or "")


def test_obstacle_spans_drop_empty_pairs_and_refuse_half_typed_ones():
    a, b = D("2026-04-01"), D("2026-04-10")
    assert obstacle_spans(((None, None), (a, b))) == ((a, b),)
    with pytest.raises(DomainError, match="cả ngày bắt đầu và ngày kết thúc"):
        obstacle_spans(((a, None),))
