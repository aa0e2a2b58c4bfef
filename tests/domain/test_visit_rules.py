"""The rules of one reception book row (domain.reception): entry, chosen session, mode and recording,
a denouncer's representatives, the outcome's columns, the repeat counter. No app, no database."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain import reception as r
from petitions.domain.records import ComplaintSubtype

AUG_14 = date(2026, 8, 14)


@pytest.mark.parametrize(
    ("summary", "headcount", "classification", "subtype", "message"),
    [
        ("", 1, r.VisitClass.PETITION, None, "tóm tắt"),
        ("   ", 1, r.VisitClass.PETITION, None, "tóm tắt"),
        ("Kiến nghị", 0, r.VisitClass.PETITION, None, "từ 1 trở lên"),
        ("Tố cáo", 1, r.VisitClass.DENUNCIATION, ComplaintSubtype.ADMINISTRATIVE, "Chỉ nội dung khiếu nại"),
        ("Kiến nghị", 1, r.VisitClass.PETITION, ComplaintSubtype.ADMINISTRATIVE, "Chỉ nội dung khiếu nại"),
    ],
)
def test_check_visit_entry_refuses(summary, headcount, classification, subtype, message):
    with pytest.raises(r.ReceptionError, match=message):
        r.check_visit_entry(
            summary=summary, headcount=headcount, classification=classification, complaint_subtype=subtype
        )


@pytest.mark.parametrize(
    ("classification", "subtype"),
    [
        (r.VisitClass.COMPLAINT, ComplaintSubtype.ADMINISTRATIVE),
        (r.VisitClass.COMPLAINT, None),
        (r.VisitClass.PETITION, None),
    ],
)
def test_check_visit_entry_accepts(classification, subtype):
    r.check_visit_entry(
        summary="Nội dung", headcount=1, classification=classification, complaint_subtype=subtype
    )


@pytest.mark.parametrize(
    ("agency_id", "held_on", "message"),
    [
        (None, None, "không thuộc cơ quan"),  # no such session
        (2, AUG_14, "không thuộc cơ quan"),
        (1, date(2026, 8, 13), "trùng ngày"),
    ],
)
def test_check_chosen_session_refuses(agency_id, held_on, message):
    with pytest.raises(r.ReceptionError, match=message):
        r.check_chosen_session(agency_id, held_on, agency_id=1, visited_on=AUG_14)


def test_check_chosen_session_accepts_the_offices_session_of_the_day():
    r.check_chosen_session(1, AUG_14, agency_id=1, visited_on=AUG_14)


@pytest.mark.parametrize(
    ("status", "held_on", "takes"),
    [
        (r.SessionStatus.HELD, AUG_14, True),
        (r.SessionStatus.HELD, date(2026, 8, 3), True),  # a late entry in a session held earlier
        (r.SessionStatus.PLANNED, AUG_14, True),  # scheduled for today: recorded while it runs
        (r.SessionStatus.PLANNED, date(2026, 8, 13), False),  # never marked held
        (r.SessionStatus.POSTPONED, AUG_14, False),
        (r.SessionStatus.POSTPONED, date(2026, 8, 13), False),
    ],
)
def test_only_held_sessions_or_todays_take_visits(status, held_on, takes):
    assert r.session_takes_visits(status, held_on, today=AUG_14) is takes


def test_a_postponed_session_is_refused_with_its_own_message():
    with pytest.raises(r.ReceptionError, match="đã bị hoãn"):
        r.check_session_takes_visits(r.SessionStatus.POSTPONED, AUG_14, today=AUG_14)
    with pytest.raises(r.ReceptionError, match="chưa được ghi là đã tiếp"):
        r.check_session_takes_visits(r.SessionStatus.PLANNED, date(2026, 8, 13), today=AUG_14)


@pytest.mark.parametrize(
    ("typed_mode", "typed", "session_mode", "session_recording", "expected"),
    [
        (r.SessionMode.IN_PERSON, None, None, None, (r.SessionMode.IN_PERSON, None)),
        (r.SessionMode.ONLINE, "GR-1", None, None, (r.SessionMode.ONLINE, "GR-1")),
        # the session's mode wins over the one typed; its recording fills an empty one
        (r.SessionMode.IN_PERSON, None, r.SessionMode.ONLINE, "GR-9", (r.SessionMode.ONLINE, "GR-9")),
        (r.SessionMode.IN_PERSON, "GR-1", r.SessionMode.ONLINE, "GR-9", (r.SessionMode.ONLINE, "GR-1")),
        (r.SessionMode.ONLINE, None, r.SessionMode.IN_PERSON, None, (r.SessionMode.IN_PERSON, None)),
    ],
)
def test_visit_mode_and_recording(typed_mode, typed, session_mode, session_recording, expected):
    assert (
        r.visit_mode_and_recording(
            typed_mode=typed_mode,
            typed_recording=typed,
            session_mode=session_mode,
            session_recording=session_recording,
        )
        == expected
    )


@pytest.mark.parametrize("session_mode", [None, r.SessionMode.ONLINE])
def test_an_online_visit_without_a_recording_is_refused(session_mode):
    with pytest.raises(r.ReceptionError, match="bản ghi âm"):
        r.visit_mode_and_recording(
            typed_mode=r.SessionMode.ONLINE, typed_recording=None, session_mode=session_mode
        )


def test_a_denouncers_representatives_stay_off_the_system():
    with pytest.raises(r.ReceptionError, match="bảo mật"):
        r.check_denunciation_visitor(r.VisitClass.DENUNCIATION, has_representatives=True)
    r.check_denunciation_visitor(r.VisitClass.DENUNCIATION, has_representatives=False)
    r.check_denunciation_visitor(r.VisitClass.COMPLAINT, has_representatives=True)


TYPED = dict(
    guided_to="UBND xã",
    guided_document_number="12/HD",
    forwarded_to="Sở Tài chính",
    forwarded_document_number="34/CV",
    refusal_explanation="Đã giải thích",
)


@pytest.mark.parametrize(
    ("outcome", "kept"),
    [
        (r.VisitOutcome.GUIDED, {"guided_to": "UBND xã", "guided_document_number": "12/HD"}),
        (r.VisitOutcome.FORWARDED, {"forwarded_to": "Sở Tài chính", "forwarded_document_number": "34/CV"}),
        (r.VisitOutcome.REFUSED, {"refusal_explanation": "Đã giải thích"}),
        (r.VisitOutcome.LETTER_RECEIVED, {}),
    ],
)
def test_outcome_columns_keep_the_outcomes_own_details_only(outcome, kept):
    assert r.outcome_columns(outcome, **TYPED) == r.OutcomeColumns(**kept)


@pytest.mark.parametrize(("earlier", "rank"), [(0, 1), (1, 2), (6, 7)])
def test_repeat_number_counts_the_earlier_visits_of_the_case(earlier, rank):
    assert r.repeat_number(earlier) == rank
