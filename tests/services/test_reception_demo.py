"""`petitions demo --letters N`: the shape of the data (PERFORMANCE.md) and of what an office would have.

Cases and visits per letter, group visits with representatives, sessions on working days held by a named
leader, visit times in office hours, names with their real frequencies, plausible CCCD numbers, bodies
forwarded to that exist, 40 agencies, a window of one to ten years by size, overdue letters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import holidays
import pytest
import sqlalchemy as sa
from flask import Flask

from petitions.cases.models import CaseFile
from petitions.citizens.models import Citizen
from petitions.deadlines.models import Clock
from petitions.demo import CCCD_PROVINCE_CODES, MIN_AGENCIES, window_start
from petitions.directory.models import Agency
from petitions.domain.records import IdType
from petitions.extensions import db
from petitions.letters.models import Letter
from petitions.reception.models import ReceptionSession, Representative, Visit
from tests.conftest import app_on_own_database
from tests.factories import count_rows

# The demo builds thousands of records: run once, on PostgreSQL, in the slow group (CI time).
pytestmark = pytest.mark.load

LETTERS = 2000


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, str]]:
    """One demo of LETTERS letters for the module, on a database of its own: the tests only read it (building
    it once per test cost the services group about a minute per database)."""
    with app_on_own_database(tmp_path_factory.mktemp("reception-demo")) as application:
        with application.app_context():
            result = application.test_cli_runner().invoke(
                args=["demo", "--letters", str(LETTERS), "--batch", "1000"]
            )
            assert result.exit_code == 0, result.output
            db.session.remove()
        yield application, result.output


@pytest.fixture
def demo_data(demo_app: tuple[Flask, str]) -> Iterator[str]:
    application, output = demo_app
    with application.app_context():
        yield output
        db.session.remove()


def test_demo_makes_cases_and_visits_in_proportion_to_letters(demo_data):
    assert count_rows(Letter) == LETTERS
    # Plus the demo cases' next rounds (petitions.cases.demo), linked to the case they follow.
    next_rounds = db.session.scalar(sa.select(sa.func.count()).where(CaseFile.parent_case_id.is_not(None)))
    assert next_rounds == 1
    assert count_rows(CaseFile) == round(LETTERS * 0.6) + next_rounds
    visits = count_rows(Visit)
    assert 0.65 * LETTERS < visits < 0.95 * LETTERS
    assert f"reception +{visits}" in demo_data
    # Repeat visits on the same case, numbered 1, 2, … in date order.
    assert count_rows(Visit, Visit.repeat_number > 1) > 0.1 * visits


def test_group_visits_have_five_to_forty_persons_and_representatives(demo_data):
    groups = count_rows(Visit, Visit.is_delegation.is_(True))
    assert 0.02 * count_rows(Visit) < groups < 0.09 * count_rows(Visit)
    assert count_rows(Visit, Visit.is_delegation.is_(True), sa.or_(Visit.headcount < 5, Visit.headcount > 40)) == 0
    assert count_rows(Visit, Visit.is_delegation.is_(False), Visit.headcount >= 5) == 0
    represented = db.session.scalar(sa.select(sa.func.count(sa.distinct(Representative.visit_id))))
    assert represented == groups


def test_sessions_fall_on_working_days_and_name_their_leader(demo_data):
    sessions = db.session.scalars(sa.select(ReceptionSession)).all()
    assert len(sessions) > 100
    days_off = holidays.country_holidays("VN", years=range(2015, 2028), observed=True)
    assert all(s.held_on.weekday() < 5 and s.held_on not in days_off for s in sessions)
    # A title is the leader level's job; leader_name is a person's name.
    assert all(s.leader_level is not None for s in sessions)
    assert not [s.leader_name for s in sessions if s.leader_name.startswith(("Chủ tịch", "Phó", "Giám đốc"))]
    assert all(len(s.leader_name.split()) >= 3 for s in sessions)


def test_visits_fall_in_office_hours_on_working_days(demo_data):
    for visit in db.session.scalars(sa.select(Visit).limit(300)):
        local = visit.created_at + timedelta(hours=7)
        assert local.date() == visit.visited_on and visit.visited_on.weekday() < 5
        minutes = local.hour * 60 + local.minute
        assert 7 * 60 + 30 <= minutes < 11 * 60 + 31 or 13 * 60 + 30 <= minutes < 17 * 60 + 1


def test_names_follow_vietnamese_frequencies_and_id_numbers_are_plausible(demo_data):
    citizens = db.session.scalars(sa.select(Citizen)).all()
    families = Counter(c.full_name.split()[0] for c in citizens)
    assert 0.30 < families["Nguyễn"] / len(citizens) < 0.46
    assert families.most_common(3)[0][0] == "Nguyễn" and {"Trần", "Lê"} <= set(families)
    middles = Counter(c.full_name.split()[1] for c in citizens)
    assert middles.most_common(2)[0][0] in {"Văn", "Thị"}
    cards = [c for c in citizens if c.id_type == IdType.CCCD]
    assert len(cards) > 0.7 * len(citizens)
    for citizen in cards:
        number = citizen.id_number
        assert len(number) == 12 and number.isdigit()
        assert number[:3] in CCCD_PROVINCE_CODES
        century = 0 if citizen.birth_year < 2000 else 2
        assert int(number[3]) == century + (citizen.sex == "female")
        assert number[4:6] == f"{citizen.birth_year % 100:02d}"
    assert len({c.id_number for c in cards}) == len(cards)


def test_forty_agencies_a_window_by_size_and_forwarding_to_bodies_that_exist(demo_data):
    from petitions.clock import local_today

    assert count_rows(Agency) >= MIN_AGENCIES
    first, last = db.session.execute(sa.select(sa.func.min(Letter.received_on), sa.func.max(Letter.received_on))).one()
    # 2,000 letters spread over one year (N / 10,000 years, one at least, ten at most).
    assert first >= window_start(local_today(), LETTERS) and (last - first).days > 350
    today = date(2026, 12, 7)
    assert window_start(today, 1_000_000) == date(2016, 12, 8) == window_start(today, 5_000_000)
    assert window_start(today, 50_000) == today - timedelta(days=1826 - 1)
    offices = db.session.scalar(sa.select(sa.func.count(sa.distinct(Letter.agency_in_charge_id))))
    assert offices >= 30
    names = set(db.session.scalars(sa.select(Agency.name)))
    forwarded = set(db.session.scalars(sa.select(Visit.forwarded_to).where(Visit.forwarded_to != "")))
    assert forwarded and forwarded <= names
    bodies = set(db.session.scalars(sa.select(Letter.competent_body).where(Letter.competent_body != "")))
    assert bodies and bodies <= names


def test_some_letters_are_overdue(demo_data):
    from petitions.clock import local_today

    overdue = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Clock.record_id))).where(
            Clock.record_type == "letter", Clock.rule_id == "D10", Clock.closed_at.is_(None), Clock.due_on < local_today()
        )
    )
    assert 0 < overdue < 0.2 * LETTERS


def test_demo_twice_keeps_book_numbers_unique(runner):
    assert runner.invoke(args=["demo", "--letters", "50"]).exit_code == 0
    assert runner.invoke(args=["demo", "--letters", "100", "--seed", "7"]).exit_code == 0
    assert count_rows(Letter) == 100
    numbers = db.session.execute(sa.select(Visit.agency_id, Visit.book_year, Visit.book_number)).all()
    assert len(numbers) == len(set(numbers))


def test_addresses_name_communes_in_force_on_the_day(app, session):
    """Two years back from today cross 01/07/2025: addresses recorded before it name the communes of the
    time (since dissolved), those recorded from it their successors; never a unit not in force."""
    from petitions.cli import DEMO_GENERATORS, seed_reference_data
    from petitions.demo import run_demo
    from petitions.directory.models import AdministrativeUnit
    from petitions.extensions import immediate_transactions

    with immediate_transactions():
        seed_reference_data()
        run_demo(DEMO_GENERATORS, letters=600, years=2)
    units = {u.id: u for u in db.session.scalars(sa.select(AdministrativeUnit))}
    citizens = db.session.scalars(sa.select(Citizen).where(Citizen.address_unit_id.is_not(None))).all()
    before = after = 0
    for citizen in citizens:
        unit = units[citizen.address_unit_id]
        day = (citizen.created_at + timedelta(hours=7)).date()
        assert (unit.valid_from is None or unit.valid_from <= day) and (unit.valid_to is None or day <= unit.valid_to)
        before += day < date(2025, 7, 1)
        after += day >= date(2025, 7, 1)
    assert before and after
    assert {units[c.address_unit_id].code for c in citizens} >= {"06697", "06685"}  # Hồng Hà before, Hồng Gai after
