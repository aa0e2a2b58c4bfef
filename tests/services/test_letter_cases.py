"""Letters belong to cases: a new letter opens its case, a duplicate or a letter in an existing matter joins
one, so that the first receipt of a matter counts across channels (DOMAIN §6)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile, CaseFileStatusEvent
from petitions.deadlines.services import seed_calendar
from petitions.directory.seed import seed_reference_items
from petitions.domain import periods, statistics
from petitions.domain.classification import DuplicateDecision
from petitions.domain.records import CaseStatus, CaseType, ComplaintSubtype, LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import history_of
from petitions.reports import queries as report_queries
from tests.factories import count_rows, make_agency, make_citizen, make_letter, make_user, make_visit


@pytest.fixture
def env(session):
    seed_calendar()
    seed_reference_items()
    agency = make_agency()
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
    with immediate_transactions():
        yield agency, officer


def test_a_new_letter_opens_a_case_of_its_kind(env) -> None:
    agency, officer = env
    citizen = make_citizen(agency_id=agency.id)
    letter = make_letter(
        agency=agency, actor=officer, citizen_id=citizen.id, received_on=date(2026, 5, 20),
        summary="Khiếu nại quyết định thu hồi đất",
    )
    case = db.session.get(CaseFile, letter.case_id)
    assert case is not None
    assert (case.case_type, case.complaint_subtype) == (CaseType.COMPLAINT, ComplaintSubtype.ADMINISTRATIVE)
    assert (case.title, case.opened_on, case.agency_in_charge_id) == (
        "Khiếu nại quyết định thu hồi đất", date(2026, 5, 20), agency.id
    )
    assert count_rows(CaseFileStatusEvent, CaseFileStatusEvent.case_file_id == case.id) == 1
    assert [e.action for e in history_of("case", case.id)] == ["create"]


def test_a_denunciation_opens_a_denunciation_case_and_anonymous_information_none(env) -> None:
    agency, officer = env
    denunciation = make_letter(agency=agency, actor=officer, letter_type=LetterType.DENUNCIATION)
    anonymous = make_letter(agency=agency, actor=officer, letter_type=LetterType.ANONYMOUS)
    assert db.session.get(CaseFile, denunciation.case_id).case_type == CaseType.DENUNCIATION
    assert anonymous.case_id is None


def test_a_duplicate_and_a_letter_in_an_existing_matter_join_the_case(env) -> None:
    agency, officer = env
    citizen = make_citizen(agency_id=agency.id)
    original = make_letter(agency=agency, actor=officer, citizen_id=citizen.id)
    cases_before = count_rows(CaseFile)
    duplicate = make_letter(
        agency=agency, actor=officer, citizen_id=citizen.id,
        duplicate_decision=DuplicateDecision.DUPLICATE, duplicate_of_id=original.id,
    )
    joined = make_letter(
        agency=agency, actor=officer, citizen_id=citizen.id,
        duplicate_decision=DuplicateDecision.EXISTING_CASE, case_id=original.case_id,
    )
    assert duplicate.case_id == original.case_id == joined.case_id
    assert count_rows(CaseFile) == cases_before  # neither opened one


def test_a_visit_after_a_letter_by_post_counts_as_received_again(env) -> None:
    """By post on 20/05, a visit on 10/07 in the same matter: first received before Q3, so nhiều lần."""
    agency, officer = env
    citizen = make_citizen(agency_id=agency.id)
    letter = make_letter(agency=agency, actor=officer, citizen_id=citizen.id, received_on=date(2026, 5, 20))
    visit = make_visit(
        agency=agency, officer=officer, citizen_id=citizen.id, visited_on=date(2026, 7, 10), case_id=letter.case_id
    )
    assert visit.case_id == letter.case_id
    period = periods.parse_period("2026-Q3")
    facts = report_queries.reception_facts(agency.id, period)
    first = statistics.first_received(facts)
    assert first[letter.case_id] == date(2026, 5, 20)
    assert statistics.split_cases(facts.visits, period, first) == (0, 1)  # lần đầu 0, nhiều lần 1


def test_a_case_open_status_is_recorded(env) -> None:
    agency, officer = env
    letter = make_letter(agency=agency, actor=officer, citizen_id=make_citizen(agency_id=agency.id).id)
    statuses = db.session.scalars(
        sa.select(CaseFileStatusEvent.status).where(CaseFileStatusEvent.case_file_id == letter.case_id)
    ).all()
    assert statuses == [CaseStatus.OPEN]
