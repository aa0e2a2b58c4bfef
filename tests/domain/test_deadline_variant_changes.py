"""A running clock's variants change with the case: the check, the explanation sentence, the case flags."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain.calendar_data import confirmed_calendar
from petitions.domain.dates import InvalidDate
from petitions.domain.deadlines import (
    UnknownVariant,
    Variant,
    VariantChange,
    VariantChangeRefused,
    VariantNotAllowed,
    case_clock_variants,
    check_variant_change,
    compute_due,
    variant_change_text,
)
from petitions.domain.records import Complexity

CAL = confirmed_calendar()
D = date.fromisoformat
V = Variant


def test_d15_classed_remote_is_accepted_and_counts_45_days():
    # DOMAIN §5 worked example: D15 from 16/07/2026, remote → 45 days → Sun 30/08; 31/08–02/09 off → 03/09.
    flags = check_variant_change("D15", D("2026-07-16"), [], ["remote"], on=D("2026-07-20"))
    assert flags == {V.REMOTE}
    due = compute_due("D15", D("2026-07-16"), CAL, variants=flags)
    assert due is not None and due.due == D("2026-09-03")


@pytest.mark.parametrize(
    ("rule", "old", "new", "extensions", "message"),
    [
        ("D24", ["very_complex"], ["complex"], 2, "đã được gia hạn 2 lần; vụ việc phức tạp chỉ được gia hạn 1 lần"),
        ("D24", ["complex"], [], 1, "đã được gia hạn 1 lần; trường hợp thông thường không được gia hạn"),
        ("D15", ["complex"], ["complex"], 0, "không có gì thay đổi"),
        ("D9", ["requested"], [], 0, "chỉ có khi công dân có yêu cầu"),
    ],
)
def test_change_refused_with_the_reason(rule, old, new, extensions, message):
    with pytest.raises(VariantChangeRefused, match=message):
        check_variant_change(rule, D("2026-03-05"), old, new, extensions=extensions, on=D("2026-03-10"))


def test_d24_very_complex_with_one_extension_may_become_complex():
    flags = check_variant_change("D24", D("2026-03-05"), ["very_complex"], ["complex"], extensions=1, on=D("2026-03-10"))
    assert flags == {V.COMPLEX}


@pytest.mark.parametrize(("rule", "new"), [("D15", ["very_complex"]), ("D24", ["remote"]), ("D19", ["remote"])])
def test_change_to_a_variant_the_rule_lacks_is_refused(rule, new):
    with pytest.raises(VariantNotAllowed):
        check_variant_change(rule, D("2026-03-05"), [], new, on=D("2026-03-10"))


def test_change_dated_before_the_trigger_or_outside_the_years_is_refused():
    with pytest.raises(VariantChangeRefused, match="trước ngày bắt đầu tính hạn"):
        check_variant_change("D15", D("2026-07-16"), [], ["remote"], on=D("2026-07-15"))
    with pytest.raises(InvalidDate):
        check_variant_change("D15", D("2026-07-16"), [], ["remote"], on=D("9999-07-15"))


def test_change_text_says_when_why_and_what_moved():
    change = VariantChange(
        on=D("2026-07-20"),
        old=frozenset(),
        new=frozenset({V.REMOTE}),
        reason="Người khiếu nại ở xã đảo Cô Tô.",
        previous_due=D("2026-08-17"),
    )
    text = variant_change_text(change)
    assert text.startswith("Hạn được tính lại vì ngày 20/07/2026 vụ việc được xác định là vùng sâu, vùng xa")
    assert "trước đó: trường hợp thông thường; hạn trước đó: 17/08/2026" in text
    assert text.endswith("Lý do: Người khiếu nại ở xã đảo Cô Tô.")


def test_change_text_names_what_the_case_no_longer_is():
    change = VariantChange(
        on=D("2026-03-10"), old=frozenset({V.VERY_COMPLEX}), new=frozenset({V.COMPLEX}), reason="Chỉ còn một nội dung"
    )
    text = variant_change_text(change)
    assert "được xác định là vụ việc phức tạp và không còn là vụ việc đặc biệt phức tạp" in text
    assert "hạn trước đó" not in text


@pytest.mark.parametrize(
    ("rule", "flags", "expected"),
    [
        ("D15", {"complexity": Complexity.VERY_COMPLEX}, {V.COMPLEX}),  # complaints know one level only
        ("D15", {"complexity": Complexity.COMPLEX, "remote": True}, {V.COMPLEX, V.REMOTE}),
        ("D17", {"remote": True}, {V.REMOTE}),
        ("D19", {"remote": True, "complexity": Complexity.COMPLEX}, {V.COMPLEX}),  # D19 has no remote variant
        ("D24", {"complexity": Complexity.VERY_COMPLEX}, {V.VERY_COMPLEX}),
        ("D24", {"complexity": Complexity.COMPLEX, "remote": True}, {V.COMPLEX}),
        ("D24", {"remote": True}, set()),
        ("D24", {"complexity": Complexity.ORDINARY}, set()),
    ],
)
def test_case_clock_variants_from_case_flags(rule, flags, expected):
    assert case_clock_variants(rule, D("2026-07-16"), **flags) == expected


def test_case_clock_variants_knows_every_complexity_and_nothing_else():
    for level in Complexity:
        case_clock_variants("D24", D("2026-07-16"), complexity=level)
    with pytest.raises(UnknownVariant):
        case_clock_variants("D24", D("2026-07-16"), complexity="huge")
