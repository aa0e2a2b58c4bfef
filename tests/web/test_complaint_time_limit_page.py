"""The classification page records what a complaint's time limit counts from and says whether the complaint
was filed within it (DOMAIN §5 D12, D13)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from petitions.deadlines.services import seed_calendar
from petitions.directory.seed import seed_reference_items
from petitions.domain.classification import LetterChannel
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.types import Role
from tests.factories import make_agency, make_citizen, make_letter, signed_in_client

CLASSIFY = {
    "declared_type": "complaint",
    "complaint_subtype": "disciplinary",
    "writer_identified": "y",
    "in_vietnamese": "y",
    "dated": "y",
    "has_name_address": "y",
    "signed": "y",
    "content_complete": "y",
    "within_competence": "yes",
    "main_part": "1",
}


@pytest.fixture
def office(app, session):
    seed_calendar()
    seed_reference_items()
    agency = make_agency()
    client, user = signed_in_client(app, role=Role.RECEPTION_OFFICER, agency=agency)
    return agency, client, user


def _letter(agency, user, received_on):
    return make_letter(
        received_on=received_on,
        channel=LetterChannel.POST,
        letter_type=LetterType.COMPLAINT,
        complaint_subtype=ComplaintSubtype.DISCIPLINARY,
        agency=agency,
        actor=user,
        citizen_id=make_citizen(agency_id=agency.id).id,
        summary="Khiếu nại quyết định kỷ luật khiển trách",
    )


def test_a_late_disciplinary_complaint_shows_the_expired_limit_and_the_ground(office):
    agency, client, user = office
    letter = _letter(agency, user, date(2025, 2, 4))
    page = client.get(f"/letters/{letter.id}/classify").get_data(as_text=True)
    assert "Ngày nhận được hoặc biết được quyết định" in page and "complaint-time-limit" not in page
    # The mixed-letter block is for a mixed letter only, and a content is never "mixed" itself.
    assert re.search(r'<fieldset class="[^"]*d-none" id="mixed-parts"', page)
    part_types = re.search(r'<select[^>]*name="part1_type".*?</select>', page, re.S).group(0)
    assert 'value="complaint"' in part_types and 'value="mixed"' not in part_types
    response = client.post(
        f"/letters/{letter.id}/classify",
        data={**CLASSIFY, "version": str(letter.version), "decision_known_on": "2025-01-14"},
    )
    assert response.status_code == 302
    page = client.get(f"/letters/{letter.id}/classify").get_data(as_text=True)
    # DOMAIN §5 worked example: D13 from 14/01/2025 ends on 03/02/2025; the letter came on 04/02.
    assert "Đã quá thời hiệu khiếu nại (hết ngày 03/02/2025)" in page
    assert "Thời hiệu, thời hạn khiếu nại đã hết mà không có lý do chính đáng" in page
    assert 'value="14/01/2025"' in page  # the form shows what was recorded


def test_a_timely_complaint_with_an_obstacle_shows_the_last_day(office):
    agency, client, user = office
    letter = _letter(agency, user, date(2026, 3, 20))
    response = client.post(
        f"/letters/{letter.id}/classify",
        data={
            **CLASSIFY,
            "version": str(letter.version),
            "decision_known_on": "2026-03-02",
            "obstacle1_from": "2026-03-05",
            "obstacle1_to": "2026-03-09",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/letters/{letter.id}/classify").get_data(as_text=True)
    # 15 + 5 obstacle days = 20 → Sun 22/03 → Mon 23/03.
    assert "Còn thời hiệu khiếu nại đến 23/03/2026" in page
    assert "Căn cứ không thụ lý" not in page


def test_half_typed_obstacle_is_refused_with_the_message(office):
    agency, client, user = office
    letter = _letter(agency, user, date(2026, 3, 20))
    response = client.post(
        f"/letters/{letter.id}/classify",
        data={
            **CLASSIFY,
            "version": str(letter.version),
            "decision_known_on": "2026-03-02",
            "obstacle1_from": "2026-03-05",
        },
    )
    assert response.status_code == 400
    assert "cả ngày bắt đầu và ngày kết thúc" in response.get_data(as_text=True)
    assert letter.decision_known_on is None
