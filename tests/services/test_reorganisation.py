"""Reorganisations applied: what the preview counts is what moves; closed records, register numbers and due
dates stay; sources end; one record row and history rows with one reason; a changed plan is refused."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile
from petitions.cli import seed_reference_data
from petitions.deadlines.models import Clock, RecordType
from petitions.directory import reorganisation as reorg
from petitions.directory.models import AdministrativeUnit, Agency, AgencyOfficial, Reorganisation
from petitions.domain.issuers import OfficialRole
from petitions.domain.records import CLOSED_LETTER_STATUSES, CaseStatus, LetterStatus, UnitLevel
from petitions.domain.referrals import ReferralKind, ReferralStatus
from petitions.domain.reorganisation import ReorgKind, ReorgSubject
from petitions.domain.routing import TargetKind
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import HistoryEntry, history_of
from petitions.letters.models import Letter
from petitions.letters.queries import get_letter_for
from petitions.letters.services import record_letter_status
from petitions.referrals import services as referrals
from petitions.routing.models import RoutingRule
from petitions.scoping import OutOfScope
from tests.factories import count_rows, make_agency, make_case, make_letter, make_user

TODAY = date(2026, 12, 7)
ON = date(2026, 7, 1)


def request(subject: ReorgSubject = ReorgSubject.AGENCY, kind: ReorgKind = ReorgKind.MERGE, **kw) -> reorg.ReorgRequest:
    values = {"effective_on": ON, "decision_reference": "NQ 1234/NQ-UBTVQH15", "reason": "sắp xếp đơn vị"} | kw
    return reorg.ReorgRequest(subject=subject, kind=kind, **values)


def run(req: reorg.ReorgRequest, actor=None) -> tuple[reorg.ReorgPreview, Reorganisation]:
    seen = reorg.preview(req, today=TODAY)
    return seen, reorg.apply(req, fingerprint=seen.fingerprint, actor=actor, today=TODAY)


def open_clocks(record_type: str, record_id: int) -> dict[str, date | None]:
    return {
        c.rule_id: c.due_on
        for c in db.session.scalars(
            sa.select(Clock).where(Clock.record_type == record_type, Clock.record_id == record_id, Clock.closed_at.is_(None))
        )
    }


def test_merging_two_bodies_moves_what_the_preview_counted(session):
    xa, xb = make_agency(code="XA", name="UBND xã A"), make_agency(code="XB", name="UBND xã B")
    heir = make_agency(code="XC", name="UBND xã C")
    child = make_agency(code="XA1", parent_id=xa.id)
    open_a, open_b = make_letter(agency=xa), make_letter(agency=xb)
    closed = make_letter(agency=xa)
    record_letter_status(closed, LetterStatus.FILED, effective_on=date(2026, 4, 1))
    given = make_letter(agency=heir, received_on=date(2025, 12, 1))  # another body's letter handed to A
    given.assigned_agency_id = xa.id
    case = make_case(agency=xb)
    closed_case = make_case(agency=xb)
    closed_case.status = CaseStatus.CLOSED
    officer = make_user(agency=xa)
    actor = make_user()
    db.session.flush()
    numbers = {letter.id: (letter.register_agency_id, letter.register_year, letter.register_number)
               for letter in (open_a, open_b, closed)}
    due = {letter.id: open_clocks(RecordType.LETTER, letter.id) for letter in (open_a, open_b, given)}
    running = sum(len(d) for d in due.values()) + sum(
        len(open_clocks(RecordType.CASE, c)) for c in (case.id, open_a.case_id, open_b.case_id, given.case_id) if c
    )
    history_before = count_rows(HistoryEntry)

    seen = reorg.preview(request(source_ids=(xa.id, xb.id), target_ids=(heir.id,)), today=TODAY)
    assert count_rows(HistoryEntry) == history_before  # a preview writes nothing
    heir_moves = seen.successors[0]
    # Letters: the two open ones and the one handed to A; the cases: the open one and those the open letters opened.
    assert (heir_moves.letters, heir_moves.users, heir_moves.children) == (3, 1, 1)
    assert heir_moves.cases == len({case.id, open_a.case_id, open_b.case_id, given.case_id} - {None})
    assert heir_moves.clocks == running > 0
    assert "XA · 2026: 1" in heir_moves.letter_numbers and "XB · 2026: 1" in heir_moves.letter_numbers
    assert str(case.id) in heir_moves.case_numbers.replace("–", ", ")
    assert "Khiếu nại" not in repr(seen)  # counts and numbers, no content

    record = reorg.apply(request(source_ids=(xa.id, xb.id), target_ids=(heir.id,)), fingerprint=seen.fingerprint,
                         actor=actor, today=TODAY)

    assert record.counts == seen.counts
    assert record.counts["letters"] == 3 and record.counts["clocks"] == running
    assert open_a.agency_in_charge_id == open_b.agency_in_charge_id == heir.id
    assert given.agency_in_charge_id == heir.id and given.assigned_agency_id == heir.id
    assert case.agency_in_charge_id == heir.id
    assert closed.agency_in_charge_id == xa.id and closed_case.agency_in_charge_id == xb.id  # old records keep theirs
    for letter in (open_a, open_b, closed):  # register numbers never change
        assert (letter.register_agency_id, letter.register_year, letter.register_number) == numbers[letter.id]
    for letter in (open_a, open_b, given):  # clocks keep their due dates, on letters the heir now holds
        assert open_clocks(RecordType.LETTER, letter.id) == due[letter.id]
    heir_officer = make_user(agency=heir)
    assert get_letter_for(heir_officer, open_a.id) is open_a and get_letter_for(heir_officer, closed.id) is closed
    assert officer.agency_id == heir.id and child.parent_id == heir.id
    for source in (xa, xb):
        assert (source.valid_to, source.successor_id, source.is_active, source.parent_id) == (
            date(2026, 6, 30), heir.id, False, heir.id)
    assert (record.subject, record.kind, record.effective_on) == (ReorgSubject.AGENCY, ReorgKind.MERGE, ON)
    assert [s["code"] for s in record.sources] == ["XA", "XB"] and record.targets[0]["code"] == "XC"
    assert record.actor_id == actor.id and record.decision_reference == "NQ 1234/NQ-UBTVQH15"
    rows = db.session.scalars(sa.select(HistoryEntry).where(HistoryEntry.id > 0, HistoryEntry.reason == record.note)).all()
    changed = {(row.record_type, row.record_id) for row in rows}
    assert {("letter", open_a.id), ("letter", given.id), ("case", case.id), ("agency", xa.id), ("agency", child.id)} <= changed
    assert ("letter", closed.id) not in changed
    assert all(row.actor_id == actor.id for row in rows)
    assert "Hợp nhất, sáp nhập XA, XB → XC từ 01/07/2026 (NQ 1234/NQ-UBTVQH15)" in record.note
    assert make_letter(agency=heir, received_on=date(2025, 12, 2)).register_number == 2  # the heir's own counter


def test_a_plan_that_changed_after_the_preview_is_refused(session):
    source, heir = make_agency(code="YA"), make_agency(code="YB")
    make_letter(agency=source)
    req = request(source_ids=(source.id,), target_ids=(heir.id,))
    seen = reorg.preview(req, today=TODAY)
    make_letter(agency=source)  # registered meanwhile: the preview no longer tells what moves
    with pytest.raises(reorg.PlanChanged):
        reorg.apply(req, fingerprint=seen.fingerprint, actor=None, today=TODAY)
    assert count_rows(Reorganisation) == 0


def test_renaming_a_body_makes_a_new_record_that_takes_its_open_work_and_leaders(session):
    old = make_agency(code="SNN", name="Sở Nông nghiệp", level=None)
    make_agency(code="SNN1", parent_id=old.id)
    leader = AgencyOfficial(agency=old, role=OfficialRole.HEAD, title="Giám đốc", name="Nguyễn Văn Một")
    db.session.add(leader)
    letter = make_letter(agency=old)
    db.session.flush()
    new_name = reorg.NewSuccessor(code="SNNMT", name="Sở Nông nghiệp và Môi trường")
    _seen, record = run(request(kind=ReorgKind.RENAME, source_ids=(old.id,), new_targets=(new_name,)))
    renamed = db.session.scalar(sa.select(Agency).where(Agency.code == "SNNMT"))
    assert renamed is not None and renamed.valid_from == ON and renamed.parent_id is None
    assert letter.agency_in_charge_id == renamed.id and old.successor_id == renamed.id
    assert [o.name for o in renamed.officials] == ["Nguyễn Văn Một"] and renamed.officials[0].valid_from == ON
    assert leader.valid_to == date(2026, 6, 30)  # documents signed before keep their signer
    assert record.targets == [{"id": renamed.id, "code": "SNNMT", "name": "Sở Nông nghiệp và Môi trường"}]
    assert record.counts["children"] == 1


def test_splitting_a_body_gives_what_has_no_place_to_the_chosen_default(session):
    old, east, west = make_agency(code="HX"), make_agency(code="HE"), make_agency(code="HW")
    letter = make_letter(agency=old)
    user = make_user(agency=old)
    _seen, record = run(request(kind=ReorgKind.SPLIT, source_ids=(old.id,), target_ids=(east.id, west.id),
                                default_target_id=west.id))
    assert letter.agency_in_charge_id == west.id and user.agency_id == west.id and old.successor_id == west.id
    assert record.counts["letters"] == 1


def test_merging_two_communes_carries_their_committees_into_the_new_ones(session):
    seed_reference_data()
    province = db.session.scalar(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == "22"))
    unit_a = AdministrativeUnit(code="90001", name="Xã An", level=province.level.__class__("commune"),
                                parent_id=province.id, valid_from=date(2025, 7, 1))
    unit_b = AdministrativeUnit(code="90002", name="Xã Bình", level=unit_a.level, parent_id=province.id)
    db.session.add_all([unit_a, unit_b])
    db.session.flush()
    committee_a = make_agency(code="UA", name="Ủy ban nhân dân xã An", unit_id=unit_a.id)
    committee_b = make_agency(code="UB", name="Ủy ban nhân dân xã Bình", unit_id=unit_b.id)
    letter_a, letter_b = make_letter(agency=committee_a), make_letter(agency=committee_b)
    new_unit = reorg.NewSuccessor(code="90009", name="Xã An Bình")
    seen, record = run(request(ReorgSubject.UNIT, source_ids=(unit_a.id, unit_b.id), new_targets=(new_unit,)))

    merged = db.session.scalar(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == "90009"))
    committee = db.session.scalar(sa.select(Agency).where(Agency.unit_id == merged.id))
    assert committee is not None and committee.name == "Ủy ban nhân dân xã An Bình" and committee.place_name == "An Bình"
    assert seen.carried_sources == ["UA — Ủy ban nhân dân xã An", "UB — Ủy ban nhân dân xã Bình"]
    assert seen.carried_successors == ["Ủy ban nhân dân xã An Bình"]
    assert letter_a.agency_in_charge_id == letter_b.agency_in_charge_id == committee.id
    assert unit_a.successor_id == unit_b.successor_id == merged.id and not unit_a.is_active
    assert unit_a.parent_id == province.id  # a unit keeps its place: records name it as it was
    assert committee_a.successor_id == committee.id and committee_a.valid_to == date(2026, 6, 30)
    assert record.counts["letters"] == seen.counts["letters"] == 2
    assert record.carried["targets"][0]["id"] == committee.id and record.targets[0]["code"] == "90009"
    assert {e.reason for e in history_of("administrative_unit", unit_a.id) if e.action == "update"} == {record.note}


def test_a_unit_merged_into_one_whose_committee_exists_moves_work_there(session):
    seed_reference_data()
    province = db.session.scalar(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == "22"))
    small = AdministrativeUnit(code="90011", name="Xã Nhỏ", level=province.level.__class__("commune"), parent_id=province.id)
    big = AdministrativeUnit(code="90012", name="Xã Lớn", level=small.level, parent_id=province.id)
    db.session.add_all([small, big])
    db.session.flush()
    small_committee = make_agency(code="UN", unit_id=small.id)
    big_committee = make_agency(code="UL", unit_id=big.id)
    letter = make_letter(agency=small_committee)
    run(request(ReorgSubject.UNIT, source_ids=(small.id,), target_ids=(big.id,)))
    assert letter.agency_in_charge_id == big_committee.id and small.successor_id == big.id
    assert count_rows(Agency, Agency.unit_id == big.id) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source_ids": (10**9,)}, "source_ids"),
        ({"target_ids": (10**9,)}, "target_ids"),
        ({"default_target_id": 10**9}, "default_target_id"),
    ],
)
def test_an_id_that_names_nothing_is_a_form_error(session, change, field):
    source, heir = make_agency(), make_agency()
    values = {"source_ids": (source.id,), "target_ids": (heir.id,)} | change
    with pytest.raises(OutOfScope) as refused:
        reorg.preview(request(**values), today=TODAY)
    assert refused.value.field == field


def test_a_new_code_already_used_is_refused(session):
    source, other = make_agency(), make_agency(code="TAKEN")
    with pytest.raises(DomainError, match="TAKEN"):
        reorg.preview(request(kind=ReorgKind.RENAME, source_ids=(source.id,),
                              new_targets=(reorg.NewSuccessor(other.code, "Tên mới"),)), today=TODAY)


def test_the_demo_merges_two_communes_once_and_moves_their_open_work(app, runner, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_FOLDER", str(tmp_path / "letters"))
    result = runner.invoke(args=["demo", "--letters", "400", "--batch", "200"])
    assert result.exit_code == 0, result.output
    record = db.session.scalar(sa.select(Reorganisation))
    assert record is not None and record.kind is ReorgKind.MERGE and record.effective_on.year == 2026
    merged = db.session.get(Agency, record.sources[0]["id"])
    heir = db.session.get(Agency, record.targets[0]["id"])
    assert merged.successor_id == heir.id and not merged.is_active and "phường" in merged.name.lower()
    assert record.counts["letters"] > 0 and "open letters moved" in result.output
    still_open = sa.select(sa.func.count()).select_from(Letter).where(
        Letter.agency_in_charge_id == merged.id, Letter.status.not_in(CLOSED_LETTER_STATUSES), Letter.is_void.is_(False))
    assert db.session.scalar(still_open) == 0
    kept = db.session.scalar(sa.select(sa.func.count()).select_from(Letter).where(Letter.register_agency_id == merged.id))
    assert kept > 0  # its register stays its own
    # Continuing the demo neither merges again nor makes the merged commune again.
    assert runner.invoke(args=["demo", "--letters", "600", "--batch", "200"]).exit_code == 0
    assert count_rows(Reorganisation) == 1 and count_rows(Agency, Agency.name == merged.name) == 1


def _commune(code: str, name: str) -> AdministrativeUnit:
    province = db.session.scalar(sa.select(AdministrativeUnit).where(AdministrativeUnit.code == "22"))
    unit = AdministrativeUnit(code=code, name=name, level=UnitLevel.COMMUNE, parent_id=province.id)
    db.session.add(unit)
    db.session.flush()
    return unit


def test_a_split_sends_each_open_item_to_the_body_governing_its_place(session):
    seed_reference_data()
    east_unit, west_unit = _commune("91001", "Xã Đông"), _commune("91002", "Xã Tây")
    district = make_agency(code="UBNDH", name="UBND huyện cũ")
    east = make_agency(code="UE", name="UBND xã Đông", unit_id=east_unit.id)
    west = make_agency(code="UW", name="UBND xã Tây", unit_id=west_unit.id)
    in_east, in_west, nowhere = make_letter(agency=district), make_letter(agency=district), make_letter(agency=district)
    in_east.place_unit_id, in_west.place_unit_id = east_unit.id, west_unit.id
    db.session.flush()
    req = request(kind=ReorgKind.SPLIT, source_ids=(district.id,), target_ids=(east.id, west.id), default_target_id=east.id)
    seen, record = run(req)
    assert [(s.letters, s.cases) for s in seen.successors] == [(2, 2), (1, 1)]  # a case goes where its letter's place is
    assert (in_east.agency_in_charge_id, in_west.agency_in_charge_id, nowhere.agency_in_charge_id) == (
        east.id, west.id, east.id)
    assert db.session.get(CaseFile, in_west.case_id).agency_in_charge_id == west.id
    assert record.counts["letters"] == 3 and district.successor_id == east.id


def test_routing_rules_follow_the_reorganisation_as_the_preview_counted(session):
    seed_reference_data()
    old_unit, new_unit = _commune("92001", "Xã Cũ"), _commune("92002", "Xã Mới")
    old_committee = make_agency(code="UC", name="UBND xã Cũ", unit_id=old_unit.id)
    new_committee = make_agency(code="UM", name="UBND xã Mới", unit_id=new_unit.id)
    named = RoutingRule(code="R1", name="Đất đai ở xã Cũ", target_kind=TargetKind.AGENCY, target_agency_id=old_committee.id)
    placed = RoutingRule(code="R2", name="Việc ở xã Cũ", place_unit_id=old_unit.id, target_kind=TargetKind.PLACE_AUTHORITY)
    ended = RoutingRule(code="R3", name="Đã hết hiệu lực", target_kind=TargetKind.AGENCY, target_agency_id=old_committee.id,
                        valid_to=date(2026, 1, 31))
    db.session.add_all([named, placed, ended])
    db.session.flush()
    seen, record = run(request(ReorgSubject.UNIT, source_ids=(old_unit.id,), target_ids=(new_unit.id,)))
    assert seen.counts["routing_rules"] == record.counts["routing_rules"] == 2
    assert named.valid_to == placed.valid_to == date(2026, 6, 30) and ended.valid_to == date(2026, 1, 31)
    heirs = db.session.scalars(sa.select(RoutingRule).where(RoutingRule.valid_from == ON)).all()
    assert {(r.code, r.target_agency_id, r.place_unit_id) for r in heirs} == {
        ("R1", new_committee.id, None), ("R2", None, new_unit.id)}
    assert {e.reason for e in history_of("routing_rule", named.id) if e.action == "update"} == {record.note}


def test_open_referrals_follow_with_their_waiting_clocks_and_completed_ones_stay(session):
    office, source, heir = make_agency(code="BAN"), make_agency(code="RS"), make_agency(code="RH")
    letter, done_letter = make_letter(agency=office), make_letter(agency=office)
    sent = referrals.open_referral(letter, agency_id=source.id, kind=ReferralKind.FORWARDED, sent_on=date(2026, 5, 4),
                                   actor=None)
    done = referrals.open_referral(done_letter, agency_id=source.id, kind=ReferralKind.FORWARDED,
                                   sent_on=date(2026, 5, 4), actor=None)
    done.status = ReferralStatus.COMPLETED
    db.session.flush()
    due = open_clocks(RecordType.REFERRAL, sent.id)
    assert due
    seen, record = run(request(source_ids=(source.id,), target_ids=(heir.id,)))
    assert seen.counts["referrals"] == record.counts["referrals"] == 1 and seen.successors[0].referrals == 1
    assert seen.counts["clocks"] == record.counts["clocks"] == len(due)
    assert sent.agency_id == heir.id and done.agency_id == source.id
    assert open_clocks(RecordType.REFERRAL, sent.id) == due  # the wait keeps its due date
    assert {e.reason for e in history_of("referral", sent.id) if e.action == "update"} == {record.note}
