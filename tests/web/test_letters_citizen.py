"""Registration's "choose an existing citizen" step: a POST lookup (folded name, ID number) within the
user's scope, the chosen citizen linked to the letter, never for denunciations or anonymous
information, and no personal data in any URL."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from petitions.citizens.models import Citizen
from petitions.deadlines.services import seed_calendar
from petitions.directory.seed import seed_reference_items
from petitions.domain.records import IdType
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.models import Letter
from tests.factories import count_rows, make_agency, make_citizen, signed_in_client

FORM = {
    "received_on": "2026-03-02",
    "channel": "post",
    "letter_type": "complaint",
    "complaint_subtype": "administrative",
    "full_name": "nguyen van an",
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
    client, user = signed_in_client(app, role=Role.RECEPTION_OFFICER, agency=agency)
    known = make_citizen(
        agency_id=agency.id,
        full_name="Nguyễn Văn An",
        id_type=IdType.CCCD,
        id_number="079201000123",
        birth_year=1970,
    )
    return agency, client, user, known


def test_lookup_by_folded_name_offers_the_citizen_and_keeps_the_input(office):
    _agency, client, _user, known = office
    response = client.post("/letters/new", data={**FORM, "lookup": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'name="chosen_citizen" id="citizen-{known.id}" value="{known.id}"' in page
    assert "Nguyễn Văn An" in page and "079201000123" not in page  # the number is masked
    assert "Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND" in page  # nothing typed is lost
    assert count_rows(Letter) == 0


def test_lookup_by_id_number_says_why(office):
    _agency, client, _user, known = office
    page = client.post(
        "/letters/new", data={**FORM, "full_name": "", "id_number": "079 201 000 123", "lookup": "1"}
    ).get_data(as_text=True)
    assert f'value="{known.id}"' in page and "badge" in page


def test_lookup_sees_only_citizens_in_scope(app, office):
    _agency, client, _user, _known = office
    stranger = make_citizen(agency_id=make_agency().id, full_name="Nguyễn Văn An Khác")
    page = client.post("/letters/new", data={**FORM, "lookup": "1"}).get_data(as_text=True)
    assert f'value="{stranger.id}"' not in page


def test_chosen_citizen_is_linked_to_the_letter(office):
    _agency, client, _user, known = office
    before = count_rows(Citizen)
    response = client.post("/letters/new", data={**FORM, "chosen_citizen": str(known.id)})
    assert response.status_code == 302
    letter = db.session.scalar(sa.select(Letter))
    assert letter.citizen_id == known.id
    assert count_rows(Citizen) == before  # no second record of the same person


def test_chosen_citizen_stays_chosen_through_the_duplicate_step(office):
    agency, client, _user, known = office
    client.post("/letters/new", data={**FORM, "chosen_citizen": str(known.id)})
    response = client.post("/letters/new", data={**FORM, "chosen_citizen": str(known.id)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="duplicates"' in page  # offered: same citizen
    assert f'<input type="hidden" name="chosen_citizen" value="{known.id}">' in page


def test_a_citizen_outside_the_scope_cannot_be_chosen(office):
    _agency, client, _user, _known = office
    stranger = make_citizen(agency_id=make_agency().id, full_name="Trần Thị Bình")
    response = client.post("/letters/new", data={**FORM, "chosen_citizen": str(stranger.id)})
    assert response.status_code == 400
    assert count_rows(Letter) == 0


@pytest.mark.parametrize("kind", ["denunciation", "anonymous"])
def test_no_lookup_for_denunciations_or_anonymous_information(office, kind):
    _agency, client, _user, known = office
    data = {**FORM, "letter_type": kind, "complaint_subtype": "", "lookup": "1"}
    if kind == "anonymous":
        data.update(full_name="", signer_kind="none", signer_count="0")
    page = client.post("/letters/new", data=data).get_data(as_text=True)
    assert 'name="chosen_citizen" id="citizen-' not in page
    assert "kho bảo mật" in page


def test_a_denunciation_never_takes_the_chosen_citizen(office):
    _agency, client, _user, known = office
    data = {**FORM, "letter_type": "denunciation", "complaint_subtype": "", "chosen_citizen": str(known.id)}
    response = client.post("/letters/new", data=data)
    assert response.status_code == 302
    letter = db.session.scalar(sa.select(Letter))
    assert letter.citizen_id is None and letter.identity_ref_id is not None


def test_no_personal_data_in_urls(office):
    _agency, client, _user, _known = office
    page = client.post("/letters/new", data={**FORM, "lookup": "1"}).get_data(as_text=True)
    for url in re.findall(r'(?:href|action)="([^"]*)"', page):
        assert "079201000123" not in url and "nguyen" not in url.lower() and "Nguy" not in url
