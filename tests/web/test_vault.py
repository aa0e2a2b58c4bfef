"""The reveal page: clearance, purpose, scope, logging."""

from __future__ import annotations

import sqlalchemy as sa

from petitions.auth.models import SecurityEvent
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.vault import services
from tests.factories import log_in, make_agency, make_cleared_user, signed_in_client


def _kinds() -> list[str]:
    return list(db.session.scalars(sa.select(SecurityEvent.kind).order_by(SecurityEvent.id)))


def test_reveal_page_refuses_uncleared_officer_with_403_and_logs_it(app, session):
    client, user = signed_in_client(app, role=Role.HANDLER)
    ref = services.store_identity(None, agency_id=user.agency_id)
    response = client.get(f"/vault/{ref.code}/reveal")
    assert response.status_code == 403
    assert "identity_reveal_refused" in _kinds()


def test_reveal_page_refuses_administrator_and_liaison(app, session):
    for role in (Role.ADMIN, Role.LIAISON, Role.VIEWER):
        client, user = signed_in_client(app, role=role)
        ref = services.store_identity(None, agency_id=user.agency_id)
        assert client.get(f"/vault/{ref.code}/reveal").status_code == 403


def test_reveal_of_another_agencys_reference_is_404(app, session):
    user = make_cleared_user()
    client = app.test_client()
    log_in(client, user)
    ref = services.store_identity(None, agency_id=make_agency().id)
    assert client.get(f"/vault/{ref.code}/reveal").status_code == 404


def test_cleared_user_reveals_after_giving_a_purpose(app, session):
    user = make_cleared_user()
    client = app.test_client()
    log_in(client, user)
    ref = services.store_identity(None, agency_id=user.agency_id)
    page = client.get(f"/vault/{ref.code}/reveal").get_data(as_text=True)
    assert "Mục đích xem danh tính" in page
    missing = client.post(f"/vault/{ref.code}/reveal", data={"purpose": ""})
    assert "Vui lòng ghi rõ mục đích." in missing.get_data(as_text=True)
    shown = client.post(f"/vault/{ref.code}/reveal", data={"purpose": "Mời người tố cáo đến làm việc"})
    assert shown.status_code == 200
    assert "hồ sơ giấy" in shown.get_data(as_text=True)
    assert shown.headers["Cache-Control"] == "no-store"
    assert _kinds().count("identity_revealed") == 1
