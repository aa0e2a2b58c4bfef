"""Corrections (đính chính) of a visit or a letter: what may be corrected in which state (domain.corrections)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from petitions.domain.corrections import (
    CorrectionRefused,
    IssuedPaper,
    LetterCorrection,
    LetterFacts,
    VisitCorrection,
    VisitFacts,
    check_letter_correction,
    check_reason,
    check_reclassification,
    check_visit_correction,
    correctable,
)
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import ComplaintSubtype, LetterStatus, LetterType

D = date.fromisoformat
TODAY = D("2026-09-01")
VISIT = VisitFacts(
    visited_on=D("2026-08-14"),
    book_year=2026,
    classification=VisitClass.COMPLAINT,
    complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
    outcome=VisitOutcome.GUIDED,
)
SAME = VisitCorrection(
    visited_on=VISIT.visited_on,
    classification=VISIT.classification,
    complaint_subtype=VISIT.complaint_subtype,
    outcome=VISIT.outcome,
)
NOTICE = IssuedPaper("Thông báo từ chối tiếp công dân", "03/TB-BTCD")
SLIP = IssuedPaper("Văn bản chuyển đơn tố cáo", "05/BTCD-XLĐ", frozenset({LetterType.DENUNCIATION, LetterType.MIXED}))


@pytest.mark.parametrize(
    ("reason", "ok"),
    [("", False), ("   ", False), ("sai", False), ("ghi sai", False), ("Ghi nhầm ngày tiếp", True), ("  Sai  ngày  nhận  đơn ", True)],
)
def test_a_correction_needs_a_reason_of_a_few_words(reason, ok):
    if ok:
        assert check_reason(reason) == " ".join(reason.split())
    else:
        with pytest.raises(CorrectionRefused, match="lý do đính chính"):
            check_reason(reason)


@pytest.mark.parametrize(
    ("facts", "change", "refusal"),
    [
        (VISIT, SAME, "Không có thông tin nào thay đổi"),
        (VISIT, replace(SAME, visited_on=D("2026-09-02")), "sau ngày hôm nay"),
        (VISIT, replace(SAME, visited_on=D("2025-12-30")), "phải thuộc năm 2026"),
        (replace(VISIT, session_held_on=D("2026-08-14")), replace(SAME, visited_on=D("2026-08-13")), "trùng ngày buổi tiếp"),
        (replace(VISIT, papers=(NOTICE,)), replace(SAME, visited_on=D("2026-08-13")), "03/TB-BTCD"),
        (
            replace(VISIT, outcome=VisitOutcome.LETTER_RECEIVED, letter_registered=True, letter_status=LetterStatus.DESTROYED),
            replace(SAME, visited_on=D("2026-08-13"), outcome=VisitOutcome.LETTER_RECEIVED),
            "biên bản hủy đơn",
        ),
        (
            replace(VISIT, outcome=VisitOutcome.LETTER_RECEIVED, letter_registered=True, letter_papers=(SLIP,)),
            replace(SAME, visited_on=D("2026-08-13"), outcome=VisitOutcome.LETTER_RECEIVED),
            "05/BTCD-XLĐ",
        ),
        (VISIT, replace(SAME, classification=VisitClass.DENUNCIATION, complaint_subtype=None), "tố cáo"),
        (
            replace(VISIT, classification=VisitClass.DENUNCIATION, complaint_subtype=None),
            replace(SAME, classification=VisitClass.PETITION, complaint_subtype=None),
            "kho bảo mật",
        ),
        (VISIT, replace(SAME, classification=VisitClass.PETITION), "Chỉ nội dung khiếu nại"),
        (
            replace(VISIT, outcome=VisitOutcome.LETTER_RECEIVED, letter_registered=True),
            replace(SAME, outcome=VisitOutcome.GUIDED),
            "hủy đăng ký đơn",
        ),
        (
            replace(VISIT, outcome=VisitOutcome.REFUSED, papers=(NOTICE,)),
            replace(SAME, outcome=VisitOutcome.GUIDED),
            "về việc từ chối tiếp",
        ),
        (
            replace(VISIT, classification=VisitClass.DENUNCIATION, complaint_subtype=None),
            replace(SAME, classification=VisitClass.DENUNCIATION, complaint_subtype=None, outcome=VisitOutcome.LETTER_RECEIVED),
            "đăng ký đơn tố cáo",
        ),
    ],
)
def test_visit_corrections_refused(facts, change, refusal):
    with pytest.raises(CorrectionRefused, match=refusal):
        check_visit_correction(facts, change, today=TODAY)


@pytest.mark.parametrize(
    ("facts", "change", "changed"),
    [
        (VISIT, replace(SAME, visited_on=D("2026-08-13")), {"date"}),
        (VISIT, replace(SAME, visited_on=TODAY), {"date"}),
        (VISIT, replace(SAME, classification=VisitClass.PETITION, complaint_subtype=None), {"classification"}),
        (VISIT, replace(SAME, complaint_subtype=ComplaintSubtype.DISCIPLINARY), {"classification"}),
        (VISIT, replace(SAME, outcome=VisitOutcome.REFUSED), {"outcome"}),
        (VISIT, replace(SAME, outcome_details_changed=True), {"outcome"}),
        (VISIT, replace(SAME, outcome=VisitOutcome.LETTER_RECEIVED), {"outcome"}),
        # a voided letter no longer holds the outcome; a session's own day is kept
        (replace(VISIT, outcome=VisitOutcome.LETTER_RECEIVED), replace(SAME, outcome=VisitOutcome.FORWARDED), {"outcome"}),
        (replace(VISIT, session_held_on=VISIT.visited_on), replace(SAME, outcome=VisitOutcome.FORWARDED), {"outcome"}),
        # a refusal notice stands only for the refusal and the date it prints
        (replace(VISIT, outcome=VisitOutcome.REFUSED, papers=(NOTICE,)), replace(SAME, outcome=VisitOutcome.REFUSED, classification=VisitClass.PETITION, complaint_subtype=None), {"classification"}),
        (VISIT, replace(SAME, visited_on=D("2026-08-13"), outcome=VisitOutcome.FORWARDED), {"date", "outcome"}),
    ],
)
def test_visit_corrections_allowed(facts, change, changed):
    assert check_visit_correction(facts, change, today=TODAY) == changed


LETTER = LetterFacts(status=LetterStatus.ASSIGNED, is_void=False, register_year=2026, received_on=D("2026-08-03"))
FILED = replace(LETTER, status=LetterStatus.FILED, filed_on=D("2026-08-20"))


@pytest.mark.parametrize(
    ("facts", "change", "refusal"),
    [
        (LETTER, LetterCorrection(received_on=LETTER.received_on), "Không có thông tin nào thay đổi"),
        (replace(LETTER, is_void=True), LetterCorrection(received_on=D("2026-08-04")), "hủy đăng ký"),
        (replace(LETTER, status=LetterStatus.DESTROYED), LetterCorrection(received_on=D("2026-08-04")), "biên bản hủy đơn"),
        (LETTER, LetterCorrection(received_on=D("2026-09-02")), "sau ngày hôm nay"),
        (LETTER, LetterCorrection(received_on=D("2027-01-04")), "sau ngày hôm nay"),
        (replace(LETTER, received_on=D("2026-01-02")), LetterCorrection(received_on=D("2025-12-31")), "năm 2026"),
        (replace(LETTER, letter_dated_on=D("2026-08-01")), LetterCorrection(received_on=D("2026-07-31")), "trước ngày viết đơn"),
        (replace(LETTER, from_visit=True), LetterCorrection(received_on=D("2026-08-04")), "đính chính ngày tiếp ở lượt tiếp"),
        (replace(LETTER, papers=(SLIP,)), LetterCorrection(received_on=D("2026-08-04")), "05/BTCD-XLĐ"),
        (FILED, LetterCorrection(received_on=FILED.received_on, filed_on=D("2026-09-05")), "Ngày lưu đơn không thể sau"),
        (FILED, LetterCorrection(received_on=FILED.received_on, filed_on=D("2026-08-01")), "không thể trước ngày nhận"),
        (FILED, LetterCorrection(received_on=D("2026-08-25")), "không thể trước ngày nhận"),
    ],
)
def test_letter_corrections_refused(facts, change, refusal):
    with pytest.raises(CorrectionRefused, match=refusal):
        check_letter_correction(facts, change, today=TODAY)


@pytest.mark.parametrize(
    ("facts", "change", "via_visit", "changed"),
    [
        (LETTER, LetterCorrection(received_on=D("2026-08-04")), False, {"received"}),
        (replace(LETTER, from_visit=True), LetterCorrection(received_on=D("2026-08-04")), True, {"received"}),
        (FILED, LetterCorrection(received_on=FILED.received_on, filed_on=D("2026-08-21")), False, {"filed"}),
        (FILED, LetterCorrection(received_on=D("2026-08-04"), filed_on=D("2026-08-21")), False, {"received", "filed"}),
        # a filing date posted for a letter that is not filed is not a change
        (LETTER, LetterCorrection(received_on=D("2026-08-04"), filed_on=D("2026-08-21")), False, {"received"}),
    ],
)
def test_letter_corrections_allowed(facts, change, via_visit, changed):
    assert check_letter_correction(facts, change, today=TODAY, via_visit=via_visit) == changed


@pytest.mark.parametrize(
    ("new_type", "main_type", "papers", "ok"),
    [
        (LetterType.COMPLAINT, None, (), True),
        (LetterType.COMPLAINT, None, (SLIP,), False),
        (LetterType.DENUNCIATION, None, (SLIP,), True),
        (LetterType.MIXED, LetterType.COMPLAINT, (SLIP,), True),
        (LetterType.PETITION, None, (IssuedPaper("Thông báo", "1/TB"),), True),
    ],
)
def test_reclassification_against_issued_papers(new_type, main_type, papers, ok):
    if ok:
        check_reclassification(new_type, main_type, papers)
    else:
        with pytest.raises(CorrectionRefused, match="không phân loại lại được"):
            check_reclassification(new_type, main_type, papers)


@pytest.mark.parametrize(
    ("status", "is_void", "ok"),
    [(LetterStatus.RECEIVED, False, True), (LetterStatus.FILED, False, True), (LetterStatus.DESTROYED, False, False), (LetterStatus.RECEIVED, True, False)],
)
def test_correctable(status, is_void, ok):
    assert correctable(status, is_void=is_void) is ok
