"""Classification by content and eligibility (TT 05/2021 Đ6, Luật TC Đ25): table-driven, no app."""

from __future__ import annotations

import pytest

from petitions.domain.classification import (
    ContentPart,
    IntakeFacts,
    LetterChannel,
    SignerKind,
    TypeChangeRefused,
    check_forwarding,
    check_parts,
    check_signers,
    check_subtype,
    check_type_change,
    classification_clocks,
    eligibility,
    intake_type,
    registration_clocks,
)
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.types import DomainError

KN, TC, KNPA, MIXED, ANON = (
    LetterType.COMPLAINT,
    LetterType.DENUNCIATION,
    LetterType.PETITION,
    LetterType.MIXED,
    LetterType.ANONYMOUS,
)


@pytest.mark.parametrize(
    ("declared", "identified", "expected"),
    [
        (KN, True, KN),
        (TC, True, TC),
        (TC, False, ANON),  # unknown or pseudonymous denouncer: not a tố cáo (Đ25.1)
        (KNPA, False, KNPA),
        (ANON, True, ANON),
        (MIXED, True, MIXED),
    ],
)
def test_intake_type(declared, identified, expected):
    assert intake_type(IntakeFacts(declared, writer_identified=identified)) == expected


@pytest.mark.parametrize(
    ("kind", "failed", "expected"),
    [
        (KN, None, None),
        (TC, None, None),
        (KNPA, None, None),
        (KN, "in_vietnamese", "NOT_VIETNAMESE"),
        (TC, "dated", "UNDATED"),
        (KNPA, "has_name_address", "NO_NAME_ADDRESS"),
        (KN, "signed", "UNSIGNED"),
        (KN, "content_complete", "COMPLAINT_INCOMPLETE"),
        (TC, "content_complete", "DENUNCIATION_INCOMPLETE"),
        (KNPA, "content_complete", "PETITION_NO_CONTENT"),
        (ANON, None, "ANONYMOUS"),
    ],
)
def test_eligibility_reports_the_failed_condition(kind, failed, expected):
    facts = IntakeFacts(kind, **({failed: False} if failed else {}))
    verdict = eligibility(facts)
    assert verdict.reason_code == expected
    assert verdict.eligible is (expected is None)


def test_eligibility_checks_conditions_in_order():
    facts = IntakeFacts(KN, dated=False, signed=False, content_complete=False)
    assert eligibility(facts).reason_code == "UNDATED"


def test_unidentified_denouncer_is_never_eligible_as_a_denunciation():
    assert eligibility(IntakeFacts(TC, writer_identified=False)).reason_code == "ANONYMOUS"


@pytest.mark.parametrize(
    ("main", "expected"), [(KN, "COMPLAINT_INCOMPLETE"), (TC, "DENUNCIATION_INCOMPLETE")]
)
def test_mixed_letter_is_judged_by_its_main_content(main, expected):
    assert eligibility(IntakeFacts(MIXED, content_complete=False), main_type=main).reason_code == expected


@pytest.mark.parametrize(
    ("old", "new", "refused"),
    [
        (ANON, TC, True),
        (ANON, MIXED, True),
        (ANON, KNPA, False),
        (ANON, ANON, False),
        (TC, ANON, False),
        (KN, TC, False),
    ],
)
def test_anonymous_information_never_becomes_a_denunciation(old, new, refused):
    if refused:
        with pytest.raises(TypeChangeRefused):
            check_type_change(old, new)
    else:
        check_type_change(old, new)


@pytest.mark.parametrize(
    ("kind", "main", "within", "expected"),
    [
        (KN, None, True, {"D14"}),
        (KN, None, False, set()),
        (KN, None, None, set()),
        (TC, None, True, {"D21"}),
        (TC, None, False, {"D21", "D22"}),
        (ANON, None, False, set()),
        (KNPA, None, False, set()),
        (MIXED, TC, False, {"D21", "D22"}),
        (MIXED, KN, True, {"D14"}),
    ],
)
def test_classification_clocks(kind, main, within, expected):
    assert classification_clocks(kind, main, within) == expected


@pytest.mark.parametrize(
    ("kind", "expected"), [(KN, ("D10",)), (TC, ("D10", "D21")), (ANON, ("D10",)), (KNPA, ("D10",))]
)
def test_registration_clocks(kind, expected):
    assert registration_clocks(kind) == expected


@pytest.mark.parametrize(
    ("kind", "subtype", "ok"),
    [
        (KN, ComplaintSubtype.ADMINISTRATIVE, True),
        (KN, ComplaintSubtype.DISCIPLINARY, True),
        (KN, None, False),
        (TC, ComplaintSubtype.ADMINISTRATIVE, False),
        (TC, None, True),
    ],
)
def test_complaint_subtype(kind, subtype, ok):
    if ok:
        check_subtype(kind, subtype)
    else:
        with pytest.raises(DomainError):
            check_subtype(kind, subtype)


def part(kind, main=False, subtype=None):
    return ContentPart(kind, "nội dung", subtype, main)


@pytest.mark.parametrize(
    ("parts", "ok"),
    [
        ((part(TC, True), part(KNPA)), True),
        ((part(KN, True, ComplaintSubtype.ADMINISTRATIVE), part(TC)), True),
        ((part(TC, True),), False),  # one content is not a mixed letter
        ((part(TC), part(KNPA)), False),  # no main content
        ((part(TC, True), part(KNPA, True)), False),  # two main contents
        ((part(ANON, True), part(KNPA)), False),  # anonymous information is not a content of a signed letter
        ((part(KN, True), part(KNPA)), False),  # complaint without subtype
    ],
)
def test_mixed_parts(parts, ok):
    if ok:
        assert check_parts(parts).is_main
    else:
        with pytest.raises(DomainError):
            check_parts(parts)


@pytest.mark.parametrize(
    ("channel", "number", "day", "ok"),
    [
        (LetterChannel.POST, None, None, True),
        (LetterChannel.DEPUTY, "12/ĐĐBQH", "2026-01-02", True),
        (LetterChannel.FRONT, None, "2026-01-02", False),
        (LetterChannel.PRESS, "5/BĐ", None, False),
        (LetterChannel.AGENCY, " ", "2026-01-02", False),
    ],
)
def test_forwarded_letters_carry_the_slip(channel, number, day, ok):
    if ok:
        check_forwarding(channel, number, day)
    else:
        with pytest.raises(DomainError):
            check_forwarding(channel, number, day)


@pytest.mark.parametrize(
    ("kind", "count", "expected"),
    [
        (SignerKind.ONE, 7, 1),
        (SignerKind.NONE, 3, 0),
        (SignerKind.SEVERAL, 5, 5),
        (SignerKind.SEVERAL, 1, None),
    ],
)
def test_signers(kind, count, expected):
    if expected is None:
        with pytest.raises(DomainError):
            check_signers(kind, count)
    else:
        assert check_signers(kind, count) == expected
