"""The administrator's reorganisation pages: admin only, choose → preview (nothing written) → confirm."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa

from petitions.directory.models import Agency, Reorganisation
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.history import HistoryEntry
from tests.factories import count_rows, make_agency, make_letter, signed_in_client

PAGES = ("/directory/reorganisations", "/directory/reorganisations/agencies/new", "/directory/reorganisations/units/new")


@pytest.mark.parametrize("role", [Role.LEADER, Role.HANDLER, Role.RECEPTION_OFFICER, Role.LIAISON, Role.VIEWER])
def test_only_the_administrator_reorganises(app, session, role):
    client, _user = signed_in_client(app, role=role)
    for url in PAGES:
        assert client.get(url).status_code == 403
    assert client.post(PAGES[1], data={}).status_code == 403


def _hidden_fields(page: str) -> list[tuple[str, str]]:
    return [(html.unescape(n), html.unescape(v)) for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)]


def test_merge_previewed_then_confirmed_moves_the_open_letters(app, session):
    source = make_agency(code="MA", name="UBND xã Mai")
    other = make_agency(code="MC", name="UBND xã Cúc")
    target = make_agency(code="MB", name="UBND xã Bình")
    letter, letter2 = make_letter(agency=source), make_letter(agency=other)
    client, _admin = signed_in_client(app, role=Role.ADMIN)
    form = client.get(f"{PAGES[1]}?source={source.id}").get_data(as_text=True)
    assert f'<option selected value="{source.id}">' in form or f'value="{source.id}" selected' in form
    history = count_rows(HistoryEntry)
    data = {
        "kind": "merge", "source_ids": [str(source.id), str(other.id)], "target_ids": str(target.id),
        "default_target_id": "0", "effective_on": "2026-07-01", "decision_reference": "NQ 1234/NQ-UBTVQH15",
    }
    response = client.post(PAGES[1], data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="preview-counts"' in page
    assert "Đơn đang xử lý: 2" in page and "MA · 2026: 1" in page
    assert letter.summary not in page  # numbers, no content
    assert count_rows(HistoryEntry) == history and count_rows(Reorganisation) == 0  # the preview wrote nothing

    carried = _hidden_fields(page)
    assert ("source_ids", str(other.id)) in carried and ("apply", "1") in carried
    response = client.post(PAGES[1], data=_as_form(carried))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(letter), letter.id).agency_in_charge_id == target.id
    assert db.session.get(type(letter2), letter2.id).agency_in_charge_id == target.id
    listing = client.get(PAGES[0]).get_data(as_text=True)
    assert "chuyển 2 đơn" in listing and "NQ 1234/NQ-UBTVQH15" in listing


def _as_form(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def test_a_confirmation_after_the_items_changed_answers_409_and_writes_nothing(app, session):
    source, target = make_agency(code="NA"), make_agency(code="NB")
    make_letter(agency=source)
    client, _admin = signed_in_client(app, role=Role.ADMIN)
    data = {
        "kind": "merge", "source_ids": str(source.id), "target_ids": str(target.id), "default_target_id": "0",
        "effective_on": "2026-07-01", "decision_reference": "QĐ 5/QĐ-UBND",
    }
    carried = _hidden_fields(client.post(PAGES[1], data=data).get_data(as_text=True))
    make_letter(agency=source)  # another officer registers a letter meanwhile
    db.session.commit()
    response = client.post(PAGES[1], data=_as_form(carried))
    assert response.status_code == 409 and "xem trước lại" in response.get_data(as_text=True)
    assert count_rows(Reorganisation) == 0
    db.session.expire_all()
    assert db.session.get(Agency, source.id).is_active


def test_a_refused_request_shows_the_reason_beside_the_field(app, session):
    source = make_agency()
    client, _admin = signed_in_client(app, role=Role.ADMIN)
    response = client.post(PAGES[1], data={
        "kind": "split", "source_ids": str(source.id), "default_target_id": "0", "effective_on": "2026-07-01",
        "decision_reference": "QĐ 6", "new_targets": "ONE | Một",
    })
    assert response.status_code == 400 and "ít nhất hai" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Agency.is_active).where(Agency.id == source.id))


def test_the_edit_pages_link_to_the_reorganisation(app, session):
    agency = make_agency()
    client, _admin = signed_in_client(app, role=Role.ADMIN)
    page = client.get(f"/directory/agencies/{agency.id}").get_data(as_text=True)
    assert f"/directory/reorganisations/agencies/new?source={agency.id}" in page
    assert "/merge" not in page


def test_after_a_merger_the_heirs_list_names_the_register_of_each_number(app, session):
    """Both offices numbered a "1/2026": the heir's list marks the one from the merged body's register."""
    source = make_agency(code="MR", name="UBND xã Mận", short_name="UBND xã Mận")
    target = make_agency(code="MS", name="UBND xã Sen", short_name="UBND xã Sen")
    own, inherited = make_letter(agency=target), make_letter(agency=source)
    assert own.register_label == inherited.register_label  # two counters, the same number
    admin, _admin = signed_in_client(app, role=Role.ADMIN)
    data = {
        "kind": "merge", "source_ids": str(source.id), "target_ids": str(target.id), "default_target_id": "0",
        "effective_on": "2026-07-01", "decision_reference": "NQ 77/NQ-UBTVQH15",
    }
    carried = _hidden_fields(admin.post(PAGES[1], data=data).get_data(as_text=True))
    assert admin.post(PAGES[1], data=_as_form(carried)).status_code == 302
    leader, _leader = signed_in_client(app, role=Role.LEADER, agency_id=target.id)
    page = leader.get("/letters/").get_data(as_text=True)
    rows = {letter_id: row for letter_id, row in re.findall(r'href="/letters/(\d+)">(.*?)</td>', page)}
    assert "UBND xã Mận" in rows[str(inherited.id)] and "Sổ đăng ký của UBND xã Mận" in rows[str(inherited.id)]
    assert "UBND xã" not in rows[str(own.id)]  # the heir's own register needs no mark
