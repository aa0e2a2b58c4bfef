"""Reference data: idempotent seeds, lists valid on a date, saving with checks (reorganisations: test_reorganisation)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.directory import queries, services
from petitions.directory.models import AdministrativeUnit, Agency, ReferenceItem
from petitions.domain.classification import REFERENCE_LISTS
from petitions.domain.records import UnitLevel
from petitions.domain.types import DomainError
from petitions.extensions import db
from tests.factories import count_rows, make_agency


def test_seed_is_idempotent(session):
    first = seed_reference_data()
    assert first["reference_items"] == sum(len(ref.items) for ref in REFERENCE_LISTS)
    assert first["units"] > 0
    counts = (count_rows(Agency), count_rows(AdministrativeUnit), count_rows(ReferenceItem))
    second = seed_reference_data()
    assert set(second.values()) == {0}
    assert (count_rows(Agency), count_rows(AdministrativeUnit), count_rows(ReferenceItem)) == counts


def test_seed_keeps_an_administrators_edit(session):
    seed_reference_data()
    item = queries.get_item("letter_type", "petition")
    item.label = "Kiến nghị, phản ánh (đã sửa)"
    db.session.flush()
    seed_reference_data()
    assert queries.get_item("letter_type", "petition").label == "Kiến nghị, phản ánh (đã sửa)"


def test_seeded_units_before_reform_point_to_their_successor(session):
    seed_reference_data()
    old = db.session.scalar(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == "06871"))
    assert (old.name, old.valid_to) == ("Xã Phong Dụ", date(2025, 6, 30))
    assert (old.parent.level, old.parent.name) == (UnitLevel.DISTRICT, "Huyện Tiên Yên")
    assert (old.successor.code, old.successor.name) == ("06862", "Xã Tiên Yên")
    assert old.successor.parent.code == "22"  # the new commune sits directly under the province
    assert {u.code for u in queries.units_on(date(2025, 7, 1), level=UnitLevel.DISTRICT)} == set()
    assert {u.code for u in queries.units_on(date(2024, 1, 1), level=UnitLevel.DISTRICT)} == {"193", "199", "203"}


@pytest.mark.parametrize(
    ("day", "expected_prefix", "count"),
    [(date(2026, 6, 30), "R13_", 4), (date(2026, 7, 1), "R26_", 13)],
)
def test_refusal_grounds_change_on_1_july_2026(session, day, expected_prefix, count):
    seed_reference_data()
    grounds = queries.list_items("refusal_ground", day)
    assert len(grounds) == count
    assert all(g.code.startswith(expected_prefix) for g in grounds)


def test_anonymous_information_is_its_own_letter_type(session):
    seed_reference_data()
    item = queries.get_item("letter_type", "anonymous")
    assert item is not None and "không rõ người tố cáo" in item.label


def test_field_lists_are_trees_for_the_report_forms(session):
    seed_reference_data()
    children = [i for i in queries.list_items("field_denunciation", date(2026, 1, 1)) if i.parent_id]
    assert {c.parent.code for c in children} == {"HC"}
    assert {c.code for c in children} == {"HC_CS", "HC_DD", "HC_CC", "HC_KHAC"}


def test_save_reference_item_refuses_duplicate_code_and_bad_dates(session):
    seed_reference_data()
    kwargs = dict(list_code="duplicate_category", label="X", parent_id=None, sort_order=0, legal_basis=None)
    with pytest.raises(DomainError):
        services.save_reference_item(None, code="SAME_SENDER", valid_from=None, valid_to=None, **kwargs)
    with pytest.raises(DomainError):
        services.save_reference_item(None, code="NEW", valid_from=date(2026, 2, 1), valid_to=date(2026, 1, 1), **kwargs)


def test_save_agency_refuses_a_parent_cycle(session):
    top = make_agency()
    child = make_agency(parent_id=top.id)
    with pytest.raises(DomainError):
        services.save_agency(top, code=top.code, name=top.name, short_name=None, parent_id=child.id,
                             valid_from=None, valid_to=None)


def test_deactivate_ends_validity_and_keeps_the_row(session):
    agency = make_agency()
    services.deactivate(agency, on=date(2026, 11, 27))
    assert agency.is_active is False and agency.valid_to == date(2026, 11, 27)
    assert agency not in queries.agencies_on(date(2026, 11, 28))
