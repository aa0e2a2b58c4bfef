"""`petitions demo --letters N`: the reception generator's citizens, sessions and visits with delegations."""

from __future__ import annotations

from petitions.citizens.models import Citizen
from petitions.reception.models import ReceptionSession, Visit
from tests.factories import count_rows


def test_demo_makes_visits_with_delegations(runner):
    result = runner.invoke(args=["demo", "--letters", "400"])
    assert result.exit_code == 0, result.output
    assert "reception +400" in result.output
    assert count_rows(Visit) == 400
    assert count_rows(Citizen) == 200
    assert count_rows(ReceptionSession) >= 5
    delegations = count_rows(Visit, Visit.is_delegation.is_(True))
    assert 0 < delegations < 40
    assert count_rows(Visit, Visit.is_delegation.is_(True), Visit.headcount < 5) == 0


def test_demo_twice_keeps_book_numbers_unique(runner):
    assert runner.invoke(args=["demo", "--letters", "50"]).exit_code == 0
    assert runner.invoke(args=["demo", "--letters", "50", "--seed", "7"]).exit_code == 0
    assert count_rows(Visit) == 100
