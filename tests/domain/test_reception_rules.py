"""Reception rules: ID validators per type, delegations, representatives, sessions, outcomes, matching, compliance."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petitions.domain import reception as r
from petitions.domain.deadlines import LeaderLevel, leader_level_span
from petitions.domain.records import IdType
from petitions.domain.text import fold_text

digits = st.text(alphabet="0123456789", min_size=1, max_size=20)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_cccd_accepts_any_twelve_digits(number):
    assert r.validate_id_number(IdType.CCCD, number) == number


@given(digits.filter(lambda n: len(n) != 12))
def test_cccd_refuses_any_other_length(number):
    with pytest.raises(r.InvalidIdNumber):
        r.validate_id_number(IdType.CCCD, number)


@given(st.sampled_from([9, 12]).flatmap(lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)))
def test_cmnd_accepts_nine_or_twelve_digits(number):
    assert r.validate_id_number(IdType.CMND, number) == number


@given(digits.filter(lambda n: len(n) not in (9, 12)))
def test_cmnd_refuses_other_lengths(number):
    with pytest.raises(r.InvalidIdNumber):
        r.validate_id_number(IdType.CMND, number)


@given(
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=1, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=8),
)
def test_passport_accepts_letters_and_digits(prefix, number):
    assert r.validate_id_number(IdType.PASSPORT, prefix.lower() + number) == prefix + number


@given(st.text(alphabet="ABCDEFGH", min_size=6, max_size=12))
def test_passport_needs_a_digit(letters):
    with pytest.raises(r.InvalidIdNumber):
        r.validate_id_number(IdType.PASSPORT, letters)


@given(st.text(min_size=1, max_size=40))
def test_validators_never_crash_and_clean_separators(text):
    for kind in IdType:
        try:
            cleaned = r.validate_id_number(kind, text, paper_name="Giấy khai sinh")
        except r.InvalidIdNumber:
            continue
        assert " " not in cleaned and "." not in cleaned and "-" not in cleaned


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        (IdType.CCCD, "001 203 004 567", True),
        (IdType.CCCD, "00120300456", False),
        (IdType.CCCD, "００１２０３００４５６７", False),  # full-width digits are not ASCII digits
        (IdType.CMND, "123.456.789", True),
        (IdType.CMND, "1234567890", False),
        (IdType.PASSPORT, "C1234567", True),
        (IdType.PASSPORT, "C12", False),
        (IdType.OTHER, "GKS-123", True),
    ],
)
def test_id_examples(kind, value, ok):
    if ok:
        r.validate_id_number(kind, value, paper_name="Giấy khai sinh")
    else:
        with pytest.raises(r.InvalidIdNumber):
            r.validate_id_number(kind, value)


def test_other_paper_needs_its_name():
    with pytest.raises(r.InvalidIdNumber, match="tên loại giấy tờ"):
        r.validate_id_number(IdType.OTHER, "123")


def test_mask_keeps_last_four():
    assert r.mask_id_number("001203004567") == "••••••••4567"
    assert r.mask_id_number(None) == ""


@pytest.mark.parametrize(("headcount", "delegation"), [(1, False), (4, False), (5, True), (12, True)])
def test_delegation_threshold(headcount, delegation):
    assert r.is_delegation(headcount) is delegation


@pytest.mark.parametrize(("headcount", "limit"), [(4, 0), (5, 2), (10, 2), (11, 5), (300, 5)])
def test_group_representative_limits(headcount, limit):
    assert r.max_group_representatives(headcount) == limit


def _rep(kind=r.RepresentativeKind.GROUP, doc="01/GCĐ", certified=False):
    return r.RepresentativeFact(kind, doc, certified)


def test_twelve_persons_may_name_three_representatives():
    r.check_representatives(
        headcount=12, representatives=[_rep()] * 3, visited_on=date(2026, 8, 3), is_complaint=True
    )


def test_eight_persons_may_not_name_three():
    with pytest.raises(r.ReceptionError, match="tối đa 2"):
        r.check_representatives(
            headcount=8, representatives=[_rep()] * 3, visited_on=date(2026, 8, 3), is_complaint=True
        )


def test_group_representative_needs_a_group():
    with pytest.raises(r.ReceptionError, match="từ 5 người"):
        r.check_representatives(
            headcount=4, representatives=[_rep()], visited_on=date(2026, 8, 3), is_complaint=True
        )


def test_representative_needs_a_document():
    with pytest.raises(r.ReceptionError, match="văn bản"):
        r.check_representatives(
            headcount=6, representatives=[_rep(doc=" ")], visited_on=date(2026, 8, 3), is_complaint=True
        )


@pytest.mark.parametrize(
    ("day", "certified", "ok"),
    [(date(2026, 6, 30), False, True), (date(2026, 7, 1), False, False), (date(2026, 7, 1), True, True)],
)
def test_complaint_proxy_certified_from_reform(day, certified, ok):
    facts = [_rep(r.RepresentativeKind.AUTHORISED, "UQ-1", certified)]
    if ok:
        r.check_representatives(headcount=1, representatives=facts, visited_on=day, is_complaint=True)
    else:
        with pytest.raises(r.ReceptionError, match="công chứng"):
            r.check_representatives(headcount=1, representatives=facts, visited_on=day, is_complaint=True)


def _session(**overrides):
    values = dict(
        kind=r.SessionKind.PERIODIC,
        mode=r.SessionMode.IN_PERSON,
        held_on=date(2026, 8, 3),
        recording_reference=None,
        status=r.SessionStatus.HELD,
        postponed_reason=None,
    )
    values.update(overrides)
    r.check_session(**values)


@pytest.mark.parametrize(("day", "ok"), [(date(2026, 6, 30), True), (date(2026, 7, 1), False)])
def test_delegated_sessions_only_before_reform(day, ok):
    if ok:
        _session(kind=r.SessionKind.DELEGATED, held_on=day)
    else:
        with pytest.raises(r.ReceptionError, match="ủy quyền"):
            _session(kind=r.SessionKind.DELEGATED, held_on=day)


def test_online_session_needs_recording():
    with pytest.raises(r.ReceptionError, match="bản ghi"):
        _session(mode=r.SessionMode.ONLINE)
    _session(mode=r.SessionMode.ONLINE, recording_reference="GH-2026-08-03")


def test_postponement_needs_reason():
    with pytest.raises(r.ReceptionError, match="lý do hoãn"):
        _session(status=r.SessionStatus.POSTPONED)


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (r.OutcomeFacts(r.VisitOutcome.GUIDED), "hướng dẫn"),
        (r.OutcomeFacts(r.VisitOutcome.FORWARDED), "chuyển đến"),
        (r.OutcomeFacts(r.VisitOutcome.REFUSED), "căn cứ"),
        (r.OutcomeFacts(r.VisitOutcome.REFUSED, refusal_ground_code="R26_03"), "hiệu lực"),
        (
            r.OutcomeFacts(r.VisitOutcome.REFUSED, refusal_ground_code="R26_03", refusal_ground_valid=True),
            "lý do",
        ),
        (r.OutcomeFacts(r.VisitOutcome.LETTER_RECEIVED), "trình bày"),
    ],
)
def test_outcome_details_required(facts, message):
    with pytest.raises(r.ReceptionError, match=message):
        r.check_outcome(facts)


@pytest.mark.parametrize(
    "facts",
    [
        r.OutcomeFacts(r.VisitOutcome.GUIDED, guided_to="Tòa án nhân dân tỉnh"),
        r.OutcomeFacts(r.VisitOutcome.FORWARDED, forwarded_to="Sở Xây dựng"),
        r.OutcomeFacts(
            r.VisitOutcome.REFUSED,
            refusal_ground_code="R26_03",
            refusal_ground_valid=True,
            refusal_explanation="Đã giải thích",
        ),
        r.OutcomeFacts(r.VisitOutcome.LETTER_RECEIVED, with_letter=True),
        r.OutcomeFacts(r.VisitOutcome.LETTER_RECEIVED, statement="Bà trình bày việc bồi thường"),
    ],
)
def test_complete_outcomes_pass(facts):
    r.check_outcome(facts)


@pytest.mark.parametrize(
    ("code", "d6"), [("R26_03", True), ("R26_11", True), ("R26_01", False), ("R13_3", False)]
)
def test_d6_grounds(code, d6):
    assert r.starts_d6(r.VisitOutcome.REFUSED, code) is d6


@pytest.mark.parametrize(
    ("code", "notice"),
    [("R13_3", True), ("R26_03", True), ("R26_11", True), ("R13_1", False), ("R26_01", False), (None, False)],
)
def test_refusal_notice_grounds(code, notice):
    assert r.needs_refusal_notice(code) is notice


@pytest.mark.parametrize(
    ("code", "valid_on"),
    [(r.GROUND_PERSISTENT_2013, date(2026, 6, 30)), (r.GROUND_PERSISTENT, date(2026, 7, 1)), (r.GROUND_REPEAT_KNPA, date(2026, 7, 1))],
)
def test_named_refusal_grounds_are_items_of_the_refusal_list(code, valid_on):
    from petitions.domain.classification import REFERENCE_LISTS, is_valid_on

    [refusals] = [lst for lst in REFERENCE_LISTS if lst.code == "refusal_ground"]
    [item] = [i for i in refusals.items if i.code == code]
    assert is_valid_on(item.valid_from, item.valid_to, valid_on)


NAME = fold_text("Nguyễn Văn Đức")


@pytest.mark.parametrize(
    ("typed", "stored", "reason"),
    [
        (r.PersonKey(id_number="001203004567"), r.PersonKey(NAME, "001203004567"), r.MatchReason.SAME_ID),
        (
            r.PersonKey(fold_text("nguyen van duc"), unit_id=7),
            r.PersonKey(NAME, unit_id=7),
            r.MatchReason.NAME_AND_COMMUNE,
        ),
        (
            r.PersonKey(NAME, birth_year=1960),
            r.PersonKey(NAME, birth_year=1960),
            r.MatchReason.NAME_AND_BIRTH_YEAR,
        ),
        (r.PersonKey(NAME, birth_year=1961, unit_id=8), r.PersonKey(NAME, birth_year=1960, unit_id=7), None),
        (r.PersonKey(NAME), r.PersonKey(NAME), None),
    ],
)
def test_match_reasons(typed, stored, reason):
    assert r.match_reason(typed, stored) == reason


def test_weekly_rule_counts_mondays_of_the_month():
    assert r.required_sessions(1, True, date(2026, 6, 1)) == 5  # June 2026 has five Mondays
    assert r.required_sessions(2, False, date(2026, 8, 1)) == 2


def test_month_compliance_counts_held_published_and_postponed():
    facts = [
        r.SessionFact(date(2026, 8, 5), r.SessionStatus.HELD, date(2026, 7, 27), date(2026, 7, 29)),
        r.SessionFact(
            date(2026, 8, 20), r.SessionStatus.POSTPONED, None, date(2026, 8, 13), date(2026, 8, 18)
        ),
        r.SessionFact(date(2026, 9, 3), r.SessionStatus.HELD, None, None),
    ]
    result = r.month_compliance(date(2026, 8, 1), min_days=2, per_week=False, sessions=facts)
    assert (result.required, result.held, result.meets_frequency) == (2, 1, False)
    assert (result.published_on_time, result.not_published, result.postponed, result.postponed_announced) == (
        1,
        1,
        1,
        1,
    )


@pytest.mark.parametrize(
    ("level", "day", "ok"),
    [
        (LeaderLevel.DISTRICT_CHAIRMAN, date(2025, 6, 30), True),
        (LeaderLevel.DISTRICT_CHAIRMAN, date(2025, 7, 1), False),
        (LeaderLevel.DISTRICT_CHAIRMAN, date(2026, 12, 7), False),
        (LeaderLevel.COMMUNE_CHAIRMAN, date(2026, 12, 7), True),  # D4's second generation
        (LeaderLevel.PROVINCE_CHAIRMAN, date(2026, 12, 7), True),
    ],
)
def test_a_session_names_a_leader_level_only_while_it_exists(level, day, ok):
    if ok:
        _session(held_on=day, leader_level=level)
    else:
        with pytest.raises(r.ReceptionError, match="không còn cấp"):
            _session(held_on=day, leader_level=level)


def test_the_spans_the_session_form_offers():
    assert leader_level_span(LeaderLevel.DISTRICT_CHAIRMAN)[1] == date(2025, 6, 30)
    assert leader_level_span(LeaderLevel.COMMUNE_CHAIRMAN)[1] is None  # two generations, the last open
    assert r.session_kind_span(r.SessionKind.DELEGATED) == (None, date(2026, 6, 30))
    assert r.session_kind_valid_on(r.SessionKind.DELEGATED, date(2026, 6, 30))
    assert not r.session_kind_valid_on(r.SessionKind.DELEGATED, date(2026, 7, 1))
    assert r.session_kind_valid_on(r.SessionKind.PERIODIC, date(2026, 12, 7))
