"""Reference data: idempotent seeds, lists valid on a date, saving with checks, merges that keep old links."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.directory import queries, services
from petitions.directory.models import AdministrativeUnit, Agency, ReferenceItem
from petitions.domain.classification import REFERENCE_LISTS
from petitions.domain.records import CaseStatus, LetterStatus, UnitLevel
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_of
from petitions.letters.queries import get_letter_for
from petitions.letters.services import record_letter_status
from tests.factories import count_rows, make_agency, make_case, make_letter, make_user


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


def test_merge_agency_moves_open_items_and_keeps_closed_ones(session):
    source = make_agency(code="XA", name="UBND xã A")
    target = make_agency(code="XB", name="UBND xã B")
    child = make_agency(code="XA1", parent_id=source.id)
    open_letter = make_letter(agency=source)
    closed_letter = make_letter(agency=source)
    record_letter_status(closed_letter, LetterStatus.FILED, effective_on=date(2026, 4, 1))
    # Another year's number: the same number of the same year in both registers cannot move (see below).
    forwarded_to_source = make_letter(agency=target, received_on=date(2025, 12, 1))
    forwarded_to_source.assigned_agency_id = source.id
    open_case = make_case(agency=source)
    closed_case = make_case(agency=source)
    closed_case.status = CaseStatus.CLOSED
    actor = make_user()
    db.session.flush()

    result = services.merge_agency(
        source=source, target=target, merged_on=date(2026, 7, 1), reason="QĐ 12/QĐ-UBND ngày 20/6/2026", actor=actor
    )

    # The cases: open_case and the cases the two letters of the source opened (a case stays open when a
    # letter of it is filed); closed_case stays.
    assert (result.letters_moved, result.cases_moved, result.children_moved) == (2, 3, 1)
    assert open_letter.agency_in_charge_id == target.id
    assert forwarded_to_source.assigned_agency_id == target.id
    assert open_case.agency_in_charge_id == target.id
    assert closed_letter.agency_in_charge_id == source.id
    assert closed_case.agency_in_charge_id == source.id
    assert child.parent_id == target.id
    assert source.valid_to == date(2026, 6, 30) and source.successor_id == target.id and not source.is_active
    assert queries.current_successor(source) is target
    heir_officer = make_user(agency=target)
    assert get_letter_for(heir_officer, closed_letter.id) is closed_letter  # the heir still opens old files
    moved = [e for e in history_of("letter", open_letter.id) if e.field == "agency_in_charge_id"]
    assert len(moved) == 1 and moved[0].actor_id == actor.id and "Sáp nhập XA vào XB" in moved[0].reason
    merged = {e.field: e for e in history_of("agency", source.id) if e.action == "update"}
    assert {"valid_to", "successor_id", "is_active"} <= set(merged)
    assert all("QĐ 12/QĐ-UBND" in e.reason for e in merged.values())



def test_merge_agency_moves_letters_whose_numbers_the_target_also_used(session):
    source = make_agency(code="XC", name="UBND xã C")
    target = make_agency(code="XD", name="UBND xã D")
    moved = make_letter(agency=source)  # 1/2026 of the source's register
    make_letter(agency=target)  # 1/2026 of the target's register
    result = services.merge_agency(
        source=source, target=target, merged_on=date(2026, 7, 1), reason="QĐ 13/QĐ-UBND ngày 20/6/2026", actor=make_user()
    )
    assert result.letters_moved == 1
    # The heir is now responsible; the letter keeps its entry in the register it was received in.
    assert moved.agency_in_charge_id == target.id
    assert (moved.register_agency_id, moved.register_number, moved.register_year) == (source.id, 1, 2026)
    # The heir's own register goes on from its own counter.
    assert make_letter(agency=target).register_number == 2

def test_merge_agency_refuses_itself_and_a_missing_reason(session):
    agency = make_agency()
    other = make_agency()
    with pytest.raises(DomainError):
        services.merge_agency(source=agency, target=agency, merged_on=date(2026, 7, 1), reason="x", actor=None)
    with pytest.raises(DomainError):
        services.merge_agency(source=agency, target=other, merged_on=date(2026, 7, 1), reason=" ", actor=None)


def test_merge_unit_keeps_records_and_links_successor(session):
    seed_reference_data()
    source = db.session.scalar(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == "06673"))
    target = db.session.scalar(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == "06688"))
    services.merge_unit(source=source, target=target, merged_on=date(2027, 1, 1), reason="NQ 01/2026", actor=None)
    assert source.valid_to == date(2026, 12, 31) and source.successor is target
