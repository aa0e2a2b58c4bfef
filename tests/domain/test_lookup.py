"""The lookup's rules without an app: which record speaks for the matter, its due date, the papers the citizen is
told about, the keys codes and addresses are counted under, the lock-out."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain.lookup import (
    CITIZEN_PAPERS,
    Facts,
    Limits,
    address_key,
    code_key,
    is_locked,
    paper_entry,
    situation,
)
from petitions.domain.reception import VisitOutcome
from petitions.domain.records import CaseStatus, CaseType, LetterStatus

DUE = date(2026, 9, 30)
RECEIVED = VisitOutcome.LETTER_RECEIVED


@pytest.mark.parametrize(
    ("facts", "stage", "source", "due"),
    [
        # A visit whose letter is not registered yet: its D7.
        (Facts(RECEIVED, visit_answer_due_on=DUE), "visit.received", "visit", DUE),
        (Facts(VisitOutcome.GUIDED, visit_answer_due_on=DUE), "visit.guided", "visit", None),
        # The letter speaks while the case is open; the office's inner steps are one stage.
        (Facts(RECEIVED, letter_status=LetterStatus.PROPOSED, letter_due_on=DUE, case_status=CaseStatus.OPEN,
               case_type=CaseType.COMPLAINT), "letter.handling", "letter", DUE),
        (Facts(RECEIVED, letter_status=LetterStatus.FORWARDED, letter_due_on=DUE), "letter.forwarded", "letter", None),
        (Facts(RECEIVED, letter_status=LetterStatus.URGED), "letter.forwarded", "letter", None),
        # A case closed with its letter, never accepted: the letter says why.
        (Facts(RECEIVED, letter_status=LetterStatus.FILED, case_status=CaseStatus.CLOSED, case_type=CaseType.COMPLAINT),
         "letter.filed", "letter", None),
        # Accepted: the case speaks, with its resolution due date while it runs.
        (Facts(RECEIVED, letter_status=LetterStatus.ACCEPTED, case_status=CaseStatus.VERIFYING,
               case_type=CaseType.COMPLAINT, case_accepted=True, case_due_on=DUE), "case.verifying", "case", DUE),
        (Facts(RECEIVED, letter_status=LetterStatus.ACCEPTED, case_status=CaseStatus.SUSPENDED,
               case_type=CaseType.COMPLAINT, case_accepted=True, case_due_on=DUE), "case.suspended", "case", None),
        (Facts(RECEIVED, letter_status=LetterStatus.ACCEPTED, case_status=CaseStatus.CLOSED,
               case_type=CaseType.DENUNCIATION, case_accepted=True), "case.closed", "case", None),
        # Refused acceptance: the case speaks though never accepted.
        (Facts(RECEIVED, letter_status=LetterStatus.NOT_ACCEPTED, case_status=CaseStatus.NOT_ACCEPTED,
               case_type=CaseType.COMPLAINT), "case.not_accepted", "case", None),
    ],
)
def test_the_most_advanced_record_speaks(facts, stage, source, due):
    found = situation(facts)
    assert (found.stage.code, found.source, found.due_on) == (stage, source, due)
    assert bool(found.due_label) is (due is not None)


@pytest.mark.parametrize(
    ("case_type", "text"),
    [(CaseType.COMPLAINT, "Đã có quyết định giải quyết khiếu nại"), (CaseType.DENUNCIATION, "Đã có kết luận nội dung tố cáo")],
)
def test_a_decision_is_named_by_the_kind_of_matter(case_type, text):
    facts = Facts(RECEIVED, case_status=CaseStatus.DECIDED, case_type=case_type, case_accepted=True)
    assert situation(facts).stage.text == text


def test_every_status_has_a_stage():
    for status in LetterStatus:
        assert situation(Facts(RECEIVED, letter_status=status)).stage.text
    for status in CaseStatus:
        assert situation(Facts(RECEIVED, case_status=status, case_type=CaseType.COMPLAINT, case_accepted=True)).stage.text
    for outcome in VisitOutcome:
        assert situation(Facts(outcome)).stage.text


@pytest.mark.parametrize(
    ("doc_type", "listed"),
    [
        ("QD_GIAI_QUYET_KHIEU_NAI", True),
        ("TB_KET_QUA_TO_CAO", True),
        ("PHIEU_HUONG_DAN", True),
        ("KL_NOI_DUNG_TO_CAO", False),  # names the accused; the denouncer gets the result notice
        ("TB_NOI_DUNG_TO_CAO", False),  # the accused's notice
        ("QD_THU_LY_TO_CAO", False),
        ("PHIEU_DE_XUAT_THU_LY", False),  # the office's own paper
        ("CV_CHUYEN_DON_TO_CAO", False),  # to the competent body
    ],
)
def test_only_papers_addressed_to_the_citizen_are_listed(doc_type, listed):
    entry = paper_entry(doc_type, "05/QĐ-UBND", date(2026, 9, 1))
    assert (entry is not None) is listed
    if listed:
        assert entry == {"kind": doc_type, "name": CITIZEN_PAPERS[doc_type], "number": "05/QĐ-UBND",
                         "issued_on": "2026-09-01"}


def test_a_paper_not_issued_is_not_listed():
    assert paper_entry("QD_GIAI_QUYET_KHIEU_NAI", None, None) is None


def test_a_code_is_kept_as_its_sha256_only():
    key = code_key("K7QX2M-9TZP4A-HWN3RB")
    assert len(key) == 64 and "K7QX2M" not in key
    assert key != code_key("K7QX2M-9TZP4A-HWN3RC")


@pytest.mark.parametrize(
    ("remote", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, "-"),
        ("not an address", "not an address"),
    ],
)
def test_addresses_are_counted_by_subscriber(remote, key):
    assert address_key(remote) == key


@pytest.mark.parametrize(
    ("code", "address", "locked"),
    [(4, 19, False), (5, 0, True), (0, 20, True), (4, 20, True)],
)
def test_a_code_or_an_address_locks_at_its_allowance(code, address, locked):
    assert is_locked(code_failures=code, address_failures=address, limits=Limits()) is locked
