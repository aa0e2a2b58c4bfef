"""Scoped loaders: agency subtree, liaison assignment, case restrictions, the administrator; all 404."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from petitions.cases.queries import get_case_for, visible_cases
from petitions.cases.services import restrict_case
from petitions.citizens.queries import get_citizen_for
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.letters.queries import get_letter_for
from tests.factories import make_agency, make_case, make_citizen, make_letter, make_user


@pytest.fixture
def tree(session):
    """province → department → office, and a sibling department."""
    province = make_agency(code="P", name="Tỉnh")
    department = make_agency(code="D", name="Sở", parent_id=province.id)
    office = make_agency(code="O", name="Phòng", parent_id=department.id)
    sibling = make_agency(code="S", name="Sở khác", parent_id=province.id)
    return {"province": province, "department": department, "office": office, "sibling": sibling}


def test_officer_sees_letter_of_own_agency_and_below(tree):
    user = make_user(role=Role.HANDLER, agency=tree["department"])
    own = make_letter(agency=tree["department"])
    below = make_letter(agency=tree["office"])
    assert get_letter_for(user, own.id) is own
    assert get_letter_for(user, below.id) is below


@pytest.mark.parametrize("loader", ["letter", "case", "citizen"])
def test_loader_returns_404_across_agencies(tree, loader):
    user = make_user(role=Role.HANDLER, agency=tree["department"])
    if loader == "letter":
        record, load = make_letter(agency=tree["sibling"]), get_letter_for
    elif loader == "case":
        record, load = make_case(agency=tree["sibling"]), get_case_for
    else:
        record, load = make_citizen(agency=tree["sibling"]), get_citizen_for
    with pytest.raises(NotFound):
        load(user, record.id)


def test_loader_returns_404_above_own_agency(tree):
    user = make_user(role=Role.LEADER, agency=tree["office"])
    case = make_case(agency=tree["department"])
    with pytest.raises(NotFound):
        get_case_for(user, case.id)


def test_loader_returns_404_for_missing_id(tree):
    user = make_user(role=Role.HANDLER, agency=tree["province"])
    with pytest.raises(NotFound):
        get_letter_for(user, 999_999)


@pytest.mark.parametrize("loader", [get_letter_for, get_case_for, get_citizen_for])
def test_administrator_sees_no_case_content(tree, loader):
    admin = make_user(role=Role.ADMIN, agency=tree["province"])
    record = {
        get_letter_for: make_letter,
        get_case_for: make_case,
        get_citizen_for: make_citizen,
    }[loader](agency=tree["province"])
    with pytest.raises(NotFound):
        loader(admin, record.id)


def test_liaison_sees_only_items_assigned_to_their_agency(tree):
    liaison = make_user(role=Role.LIAISON, agency=tree["sibling"])
    forwarded = make_letter(agency=tree["province"])
    forwarded.assigned_agency_id = tree["sibling"].id
    not_forwarded = make_letter(agency=tree["sibling"])
    db.session.flush()
    assert get_letter_for(liaison, forwarded.id) is forwarded
    with pytest.raises(NotFound):
        get_letter_for(liaison, not_forwarded.id)


def test_liaison_sees_no_citizen_records(tree):
    liaison = make_user(role=Role.LIAISON, agency=tree["sibling"])
    citizen = make_citizen(agency=tree["sibling"])
    with pytest.raises(NotFound):
        get_citizen_for(liaison, citizen.id)


def test_restricted_user_gets_404_for_case_in_scope(tree):
    accused = make_user(role=Role.HANDLER, agency=tree["department"])
    colleague = make_user(role=Role.HANDLER, agency=tree["department"])
    case = make_case(agency=tree["department"])
    restrict_case(case=case, user_id=accused.id, reason="Người bị tố cáo")
    with pytest.raises(NotFound):
        get_case_for(accused, case.id)
    assert get_case_for(colleague, case.id) is case


def test_restricted_unit_excludes_its_users_and_those_below(tree):
    case = make_case(agency=tree["province"])
    restrict_case(case=case, agency_id=tree["department"].id, reason="Đơn vị của người bị tố cáo")
    in_unit = make_user(role=Role.LEADER, agency=tree["department"])
    below_unit = make_user(role=Role.HANDLER, agency=tree["office"])
    outside = make_user(role=Role.LEADER, agency=tree["province"])
    for user in (in_unit, below_unit):
        with pytest.raises(NotFound):
            get_case_for(user, case.id)
    assert get_case_for(outside, case.id) is case


def test_restriction_hides_case_from_lists_and_its_letters(tree):
    case = make_case(agency=tree["department"])
    letter = make_letter(agency=tree["department"])
    letter.case_id = case.id
    accused = make_user(role=Role.HANDLER, agency=tree["department"])
    restrict_case(case=case, user_id=accused.id, reason="Người bị tố cáo")
    db.session.flush()
    assert case not in db.session.scalars(visible_cases(accused)).all()
    with pytest.raises(NotFound):
        get_letter_for(accused, letter.id)


def test_restriction_needs_a_target_and_a_reason(tree):
    case = make_case(agency=tree["department"])
    with pytest.raises(DomainError):
        restrict_case(case=case, reason="Lý do")
    with pytest.raises(DomainError):
        restrict_case(case=case, agency_id=tree["office"].id, reason=" ")
