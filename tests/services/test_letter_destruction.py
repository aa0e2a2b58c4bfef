"""Destroying filed letters past their retention (D11): only a leader of the office, only after a year, one
issued destruction record, one status event and history row each, the personal fields and content purged
while the register line stays (petitions.letters.destruction)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile
from petitions.clock import local_today
from petitions.documents import services as documents
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.classification import IntakeFacts
from petitions.domain.deadlines import latest_kept_from_over, retention_ends, retention_over
from petitions.domain.letter_flow import TransitionRefused, check_retention
from petitions.domain.records import CaseStatus, LetterStatus, LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry, history_of
from petitions.letter_register.queries import iter_register_rows
from petitions.letters import handling
from petitions.letters.attachments import add_attachment, attachment_path
from petitions.letters.destruction import destroy_letters, destroyable_letters
from petitions.letters.handling_papers import HandlingPaper, draft_handling_paper
from petitions.letters.models import Letter, LetterAttachment, LetterStatusEvent
from petitions.letters.services import ClassificationInput, classify_letter, void_letter
from petitions.printing import document_text
from petitions.scoping import OutOfScope
from petitions.vault.models import IdentityRef
from petitions.vault.services import Identity
from tests.factories import make_user
from tests.letters_papers.conftest import (  # noqa: F401  (fixtures)
    agency,
    complaint,
    denunciation,
    office,
    seeded,
    ward,
)

TODAY = local_today()
LONG_AGO = TODAY - timedelta(days=420)  # received
FILED_LONG_AGO = TODAY - timedelta(days=400)  # past the one-year retention
FILED_RECENTLY = TODAY - timedelta(days=300)  # still kept
CANARY = "Canary Nội Dung Đơn Hủy 7319"


@pytest.fixture
def ban(seeded):  # noqa: F811
    with immediate_transactions():
        yield office("BTCD")


def filed(ban, ward, *, on=FILED_LONG_AGO, **overrides):  # type: ignore[no-untyped-def]  # noqa: F811
    letter = complaint(ban, ward, received_on=LONG_AGO, letter_dated_on=LONG_AGO - timedelta(days=2), **overrides)
    handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=ban.leader, effective_on=on)
    return letter


def events(letter: Letter) -> list[LetterStatusEvent]:
    return list(
        db.session.scalars(
            sa.select(LetterStatusEvent).where(LetterStatusEvent.letter_id == letter.id).order_by(LetterStatusEvent.id)
        )
    )


# ------------------------------------------------------------------------------------------- the D11 rule


@pytest.mark.parametrize(
    ("filed_on", "today", "over"),
    [
        (date(2026, 3, 5), date(2027, 3, 5), False),  # the corresponding day is the last day kept
        (date(2026, 3, 5), date(2027, 3, 6), True),
        (date(2028, 2, 29), date(2029, 2, 28), False),  # no 29/02: the month's last day
        (date(2028, 2, 29), date(2029, 3, 1), True),
    ],
)
def test_the_retention_is_one_year_from_filing(filed_on, today, over):
    assert retention_over(filed_on, today) is over
    assert (filed_on <= latest_kept_from_over(today)) is over


def test_too_early_is_refused_with_the_dates():
    with pytest.raises(TransitionRefused, match=r"Đơn lưu ngày 05/03/2026 phải được giữ đủ 01 năm \(đến hết ngày 05/03/2027\)"):
        check_retention(date(2026, 3, 5), date(2027, 3, 5))
    assert retention_ends(date(2026, 3, 5)) == date(2027, 3, 5)


# ------------------------------------------------------------------------------------------- the service


def test_a_leader_destroys_filed_letters_past_retention(ban, ward):  # noqa: F811
    first = filed(ban, ward, summary=CANARY)
    second = filed(ban, ward, on=FILED_LONG_AGO + timedelta(days=1))
    assert first.filed_on == FILED_LONG_AGO
    before = {letter.id: len(events(letter)) for letter in (first, second)}

    done = destroy_letters([second.id, first.id], actor=ban.leader, effective_on=TODAY)

    record = done.record
    assert record.status == DocumentStatus.ISSUED and record.doc_type == "BB_HUY_DON"
    assert record.issuing_agency_id == ban.agency.id and record.number_symbol.endswith("/BB-BTCD")
    assert record.issue_date == TODAY and (record.body_data or {})["destroyed_letter_ids"] == [first.id, second.id]
    printed = " ".join(document_text(documents.document_spec(record)))
    assert "BIÊN BẢN" in printed and first.register_label in printed and second.register_label in printed
    assert f"{FILED_LONG_AGO:%d/%m/%Y}" in printed and CANARY not in printed and "Lê Thị Hằng" not in printed
    for letter in (first, second):
        assert letter.status == LetterStatus.DESTROYED and letter.destruction_document_id == record.id
        new = events(letter)[before[letter.id]:]
        assert [(e.status, e.transition, e.effective_on) for e in new] == [(LetterStatus.DESTROYED, "destroy", TODAY)]
        assert new[0].note == f"Hủy đơn theo biên bản số {record.number_symbol}"
        status_rows = [h for h in history_of("letter", letter.id) if h.field == "status"]
        assert (status_rows[-1].old_value, status_rows[-1].new_value) == ("filed", "destroyed")


def test_only_a_leader_of_the_office_destroys(ban, ward):  # noqa: F811
    letter = filed(ban, ward)
    with pytest.raises(TransitionRefused, match="Chỉ lãnh đạo cơ quan phụ trách đơn được hủy đơn"):
        destroy_letters([letter.id], actor=ban.officer, effective_on=TODAY)
    other_leader = make_user(role=Role.LEADER, agency=agency("TTR"))
    with pytest.raises(OutOfScope, match="Không tìm thấy đơn đã chọn"):
        destroy_letters([letter.id], actor=other_leader, effective_on=TODAY)
    assert letter.status == LetterStatus.FILED


def test_a_letter_filed_less_than_a_year_ago_is_refused(ban, ward):  # noqa: F811
    old, recent = filed(ban, ward), filed(ban, ward, on=FILED_RECENTLY)
    documents_before = db.session.scalar(sa.select(sa.func.count()).select_from(Document))
    with pytest.raises(TransitionRefused, match=rf"Đơn số {recent.register_label}: Đơn lưu ngày .* chưa được hủy"):
        destroy_letters([old.id, recent.id], actor=ban.leader, effective_on=TODAY)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == documents_before


def test_a_letter_not_filed_is_refused(ban, ward):  # noqa: F811
    letter = complaint(ban, ward)
    with pytest.raises(TransitionRefused, match="trạng thái «đã tiếp nhận»: không hủy đơn được"):
        destroy_letters([letter.id], actor=ban.leader, effective_on=TODAY)
    with pytest.raises(OutOfScope, match="Vui lòng chọn đơn cần hủy"):
        destroy_letters([], actor=ban.leader, effective_on=TODAY)


def test_the_page_lists_only_the_offices_letters_past_retention(ban, ward):  # noqa: F811
    old, recent = filed(ban, ward), filed(ban, ward, on=FILED_RECENTLY)
    open_letter = complaint(ban, ward)
    listed = set(db.session.scalars(destroyable_letters(ban.leader, TODAY).with_only_columns(Letter.id)))
    assert old.id in listed and recent.id not in listed and open_letter.id not in listed
    other_leader = make_user(role=Role.LEADER, agency=agency("TTR"))
    assert old.id not in set(db.session.scalars(destroyable_letters(other_leader, TODAY).with_only_columns(Letter.id)))


def test_destroying_purges_the_personal_fields_and_keeps_the_register_line(app, ban, ward):  # noqa: F811
    letter = filed(ban, ward, summary=CANARY, respondent="Ông Canary Bị Khiếu Nại", place_text="Tổ 9 Canary")
    citizen_id = letter.citizen_id
    attachment = add_attachment(letter, filename="don-canary.pdf", data=b"%PDF-1.4\n%canary\n%%EOF\n", actor=ban.officer)
    path = attachment_path(attachment)
    assert path.exists()
    line = (letter.register_number, letter.register_year, letter.received_on, letter.letter_type, letter.filed_on)

    destroy_letters([letter.id], actor=ban.leader, effective_on=TODAY)
    db.session.commit()  # the file goes once the transaction commits
    db.session.expire_all()

    letter = db.session.get(Letter, letter.id)
    assert (letter.register_number, letter.register_year, letter.received_on, letter.letter_type,
            letter.filed_on) == line
    assert (letter.summary, letter.summary_folded, letter.respondent, letter.place_text) == ("", "", "", "")
    assert letter.citizen_id is None and citizen_id is not None
    stored = db.session.get(LetterAttachment, attachment.id)
    assert stored.original_name == "" and stored.is_removed and not path.exists()
    case = db.session.get(CaseFile, letter.case_id)
    assert case.status == CaseStatus.CLOSED and case.title == ""
    # History records the purge without values; no row carries the content.
    rows = db.session.scalars(sa.select(HistoryEntry).where(HistoryEntry.record_id.in_([letter.id, case.id, stored.id])))
    assert all(CANARY not in (r.old_value or "") + (r.new_value or "") for r in rows)
    purged = {h.field: h.redacted for h in history_of("letter", letter.id) if h.reason and h.reason.startswith("Hủy đơn")}
    assert purged["summary"] and purged["citizen_id"] and purged["respondent"] and purged["place_text"]
    found = db.session.scalar(sa.select(sa.func.count()).select_from(Letter).where(Letter.summary.contains("Canary")))
    assert found == 0


def test_destroying_a_denunciation_purges_the_vault_identity(ban):  # noqa: F811
    letter = denunciation(ban, identity=Identity(full_name="Người Tố Cáo Canary"), received_on=LONG_AGO,
                          letter_dated_on=LONG_AGO - timedelta(days=1))
    handling.file_letter(letter, reason="Tố cáo không đủ điều kiện thụ lý", actor=ban.leader, effective_on=FILED_LONG_AGO)
    ref_id = letter.identity_ref_id
    assert ref_id is not None and db.session.get(IdentityRef, ref_id) is not None

    destroy_letters([letter.id], actor=ban.leader, effective_on=TODAY)
    assert letter.identity_ref_id is None
    assert db.session.get(IdentityRef, ref_id) is None


def test_the_printed_register_keeps_the_destroyed_letters_line(ban, ward):  # noqa: F811
    letter = filed(ban, ward, summary=CANARY)
    done = destroy_letters([letter.id], actor=ban.leader, effective_on=TODAY)
    rows = [r for r in iter_register_rows(ban.agency.id, LONG_AGO, LONG_AGO) if r.number == letter.register_number]
    assert len(rows) == 1
    row = rows[0]
    assert (row.received_on, row.classification, row.summary, row.writer, row.address) == (LONG_AGO, "KN", "", "", "")
    assert row.result == "Đã tiêu hủy"
    assert f"Biên bản hủy đơn số {done.record.number_symbol} ngày {TODAY:%d/%m/%Y}" in row.other


def test_a_destroyed_letter_takes_no_further_change(ban, ward):  # noqa: F811
    letter = filed(ban, ward)
    destroy_letters([letter.id], actor=ban.leader, effective_on=TODAY)
    refusals = [
        (lambda: classify_letter(letter, ClassificationInput(IntakeFacts(declared_type=LetterType.PETITION)),
                                 actor=ban.officer), "phân loại"),
        (lambda: void_letter(letter, reason="Đăng ký nhầm đơn", actor=ban.officer), "hủy đăng ký"),
        (lambda: add_attachment(letter, filename="a.pdf", data=b"%PDF-1.4\n%%EOF\n", actor=ban.officer), "đính kèm tệp"),
        (lambda: draft_handling_paper(letter, HandlingPaper.ANSWER_D7, actor=ban.officer), "lập văn bản xử lý"),
        (lambda: destroy_letters([letter.id], actor=ban.leader, effective_on=TODAY), "hủy đơn"),
    ]
    for call, words in refusals:
        with pytest.raises(TransitionRefused, match=words):
            call()
