"""Issue 17: the letter register finds letters by the writer's name, folded and exact."""

from __future__ import annotations

import re

import pytest

from petitions.deadlines.services import seed_calendar
from petitions.directory.seed import seed_reference_items
from petitions.domain.types import Role
from tests.factories import make_agency, signed_in_client

FORM = {
    "received_on": "2026-03-02",
    "channel": "post",
    "letter_type": "complaint",
    "complaint_subtype": "administrative",
    "full_name": "Nguyễn Văn An",
    "id_type": "",
    "id_number": "",
    "signer_kind": "one",
    "signer_count": "1",
    "respondent": "UBND xã Hòa Bình",
    "summary": "Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND",
    "prior_resolution": "not_yet",
    "duplicate_decision": "new",
}


@pytest.fixture
def office(app, session):
    seed_calendar()
    seed_reference_items()
    agency = make_agency()
    client, user = signed_in_client(app, role=Role.LEADER, agency=agency)
    return agency, client, user


def numbers(page: str) -> list[str]:
    return re.findall(r'href="/letters/\d+">(\d+/\d{4})</a>', page)


@pytest.mark.parametrize("term", ["nguyen van a", "Nguyễn Văn An", "NGUYEN VAN AN"])
def test_register_finds_a_letter_by_its_writers_name(office, term):
    _agency, client, _user = office
    assert client.post("/letters/new", data=FORM).status_code == 302
    assert client.post("/letters/new", data={**FORM, "full_name": "Trần Thị Bình", "checked": "1"}).status_code == 302
    client.post("/letters/search", data={"text": term})
    assert numbers(client.get("/letters/").get_data(as_text=True)) == ["1/2026"]
