"""The lookup projection: written with the receipt, following the services' changes in their own transaction,
rebuilt by `petitions lookup refresh`, holding nothing but what the citizen may read.

OWASP ASVS 5.0: V14.2.6 (the public projection holds only what the citizen may read), V14.2.4 (refreshed in the
change's own transaction, so a purge or a correction reaches it at once).
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa

from petitions.cases import transitions
from petitions.cases.models import CaseFile
from petitions.domain.lookup import code_key
from petitions.domain.reception import VisitClass
from petitions.extensions import db
from petitions.letters import handling
from petitions.letters.models import Letter
from petitions.lookup.models import LookupEntry
from petitions.paperwork import codes
from petitions.paperwork import services as paperwork
from tests.lookup.conftest import ITEMS, receive


def entry_of(code: str) -> LookupEntry:
    db.session.expire_all()
    entry = db.session.scalar(sa.select(LookupEntry).where(LookupEntry.code_key == code_key(codes.normalise_code(code))))
    assert entry is not None
    return entry


def test_issuing_a_receipt_writes_its_row_keyed_by_the_codes_hash(office):
    matter = receive(office)
    entry = entry_of(matter.code)
    assert entry.code_key != matter.code and matter.code not in json.dumps(entry.papers)
    assert codes.verify_pin(entry.pin_hash, matter.pin)
    assert entry.stage == "letter.handling" and entry.stage_text == "Đã tiếp nhận, đang xem xét, xử lý đơn"
    assert entry.agency_name == "Ban Tiếp công dân tỉnh Quảng Ninh"
    assert entry.received_on == matter.visit.visited_on
    letter = db.session.get(Letter, matter.letter_id)
    assert entry.due_on == letter.handling_due_on and entry.due_on is not None and entry.due_label == "Hạn xử lý đơn"


def test_a_reprint_replaces_the_pin_hash(office):
    matter = receive(office)
    _receipt, new_pin = paperwork.issue_receipt(matter.visit, items=ITEMS, actor=office.officer)
    db.session.flush()
    entry = entry_of(matter.code)
    assert codes.verify_pin(entry.pin_hash, new_pin)
    assert new_pin == matter.pin or not codes.verify_pin(entry.pin_hash, matter.pin)


def test_the_row_follows_a_letter_transition_made_through_the_services(office):
    matter = receive(office)
    letter = db.session.get(Letter, matter.letter_id)
    handling.file_letter(letter, reason="Đơn trùng nội dung đã giải quyết", actor=office.leader,
                         effective_on=date(2026, 8, 20))
    # No flush by the test: the service's own flush refreshed the row, in its transaction.
    entry = entry_of(matter.code)
    assert (entry.stage, entry.stage_text) == ("letter.filed", "Đã xử lý xong, đơn được lưu theo quy định")
    assert entry.due_on is None and entry.due_label == ""
    assert db.session.get(CaseFile, matter.case_id).accepted_on is None  # the case closed with it, unheard


def test_a_rolled_back_change_leaves_the_row_as_it_was(office):
    matter = receive(office)
    letter = db.session.get(Letter, matter.letter_id)
    savepoint = db.session.begin_nested()
    handling.file_letter(letter, reason="Đơn trùng nội dung đã giải quyết", actor=office.leader,
                         effective_on=date(2026, 8, 20))
    assert entry_of(matter.code).stage == "letter.filed"
    savepoint.rollback()
    assert entry_of(matter.code).stage == "letter.handling"


def test_refresh_rebuilds_every_row_and_drops_strays(office, runner):
    first, second = receive(office, tag="A"), receive(office, tag="B")
    db.session.execute(sa.delete(LookupEntry))
    result = runner.invoke(args=["lookup", "refresh"])
    assert result.exit_code == 0, result.output
    assert "Lookup entries refreshed: 2" in result.output
    assert entry_of(first.code).stage == entry_of(second.code).stage == "letter.handling"


def test_a_change_no_receipt_shows_sends_no_statement(office, count_statements):
    """The follower looks at the followed fields only: a letter edit elsewhere costs no query."""
    matter = receive(office)
    letter = db.session.get(Letter, matter.letter_id)
    db.session.flush()
    with count_statements() as counted:
        letter.direction = "Đề nghị xác minh thêm"
        db.session.flush()
    assert not any("receipt" in s for s in counted.statements), counted.statements


def test_the_row_holds_no_name_no_content_and_no_denouncer(office):
    matter = receive(office, tag="D", classification=VisitClass.DENUNCIATION)
    entry = entry_of(matter.code)
    row = db.session.execute(sa.select(LookupEntry.__table__).where(LookupEntry.id == entry.id)).one()
    text = json.dumps([str(value) for value in row], ensure_ascii=False)
    assert "CANARY" not in text
    assert matter.code not in text and matter.pin not in text


def test_the_row_follows_the_case_once_the_matter_is_accepted(office):
    """The case flow's acceptance (as the letters' path runs it): the case speaks, with its resolution clock's
    due date, and the letter's handling date is gone."""
    matter = receive(office)
    case = db.session.get(CaseFile, matter.case_id)
    transitions.accept_from_letter(case, accepted_on=date(2026, 8, 20), actor=office.leader,
                                   reason="Thụ lý giải quyết khiếu nại", second_round=False)
    entry = entry_of(matter.code)
    case = db.session.get(CaseFile, matter.case_id)
    assert (entry.stage, entry.stage_text) == ("case.accepted", "Đã thụ lý, đang giải quyết")
    assert case.resolution_due_on is not None
    assert (entry.due_on, entry.due_label) == (case.resolution_due_on, "Hạn giải quyết")


def test_renaming_the_body_renames_it_on_the_rows_that_show_it(office):
    from petitions.directory.models import Agency

    matter = receive(office)
    agency = db.session.get(Agency, office.agency_id)
    agency.official_name = "Ban Tiếp công dân tỉnh Quảng Ninh (mới)"
    db.session.flush()
    assert entry_of(matter.code).agency_name == "Ban Tiếp công dân tỉnh Quảng Ninh (mới)"
