"""API tokens: made and revoked by their user on the account page, kept hashed, shown once; refused once expired,
revoked or when the user is deactivated; never the session cookie; a read token cannot write; counted per token.

OWASP ASVS 5.0: V4 API and Web Service (token-only authentication, no cookie), V8.2.1 (a read token cannot write),
V11 Cryptography (only the token's SHA-256 stored; section cited), V7 Session Management (expiry and revocation
take effect at once; section cited), V2.4.1 (a rate limit per token).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import sqlalchemy as sa

from petitions import clock
from petitions.auth import services as auth_services
from petitions.auth import tokens
from petitions.auth.models import ApiToken, SecurityEvent
from petitions.domain.types import Role
from petitions.extensions import db
from tests.api.helpers import Api, api_user, bearer, token_for
from tests.factories import make_user, signed_in_client


def test_a_user_makes_a_token_on_the_account_page_sees_it_once_and_only_its_hash_is_kept(app, session):
    client, user = signed_in_client(app)
    response = client.post("/auth/tokens", data={"name": "Máy chủ báo cáo", "scope": "read", "days": "30"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    secret = page.split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("pt_") and len(secret) > 40
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == user.id))
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert row.scope == "read" and row.name == "Máy chủ báo cáo"
    assert (row.expires_at - row.created_at).days == 30
    assert secret not in repr(db.session.execute(sa.select(ApiToken.__table__)).all())
    listed = client.get("/auth/tokens").get_data(as_text=True)
    assert secret not in listed and row.prefix in listed and "Máy chủ báo cáo" in listed
    # The token works for the API, and its use is dated.
    assert client.get("/api/v1/agencies", headers=bearer(secret)).status_code == 200
    db.session.refresh(row)
    assert row.last_used_at is not None


def test_a_token_form_with_a_bad_lifetime_is_refused(app, session):
    client, user = signed_in_client(app)
    response = client.post("/auth/tokens", data={"name": "x", "scope": "write", "days": "400"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 0


def test_revoking_on_the_page_asks_for_confirmation_and_ends_the_token(app, session):
    client, user = signed_in_client(app)
    secret = token_for(user)
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == user.id))
    db.session.commit()
    page = client.get("/auth/tokens").get_data(as_text=True)
    assert f'action="/auth/tokens/{row.id}/revoke"' in page and "data-confirm=" in page
    assert client.get("/api/v1/agencies", headers=bearer(secret)).status_code == 200
    assert client.post(f"/auth/tokens/{row.id}/revoke", data={}).status_code == 302
    answer = client.get("/api/v1/agencies", headers=bearer(secret))
    assert answer.status_code == 401 and answer.content_type == "application/problem+json"
    assert db.session.scalar(sa.select(SecurityEvent.id).where(SecurityEvent.kind == "api_token_revoked"))


def test_a_user_cannot_revoke_another_users_token(app, session):
    client, _user = signed_in_client(app)
    other = make_user()
    token_for(other)
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == other.id))
    assert client.post(f"/auth/tokens/{row.id}/revoke", data={}).status_code == 404
    db.session.refresh(row)
    assert row.revoked_at is None


def test_an_expired_token_is_refused(app, session, monkeypatch):
    api, user = api_user(app)
    assert api.get("/api/v1/agencies").status_code == 200
    later = clock.utcnow() + timedelta(days=31)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    assert api.get("/api/v1/agencies").status_code == 401


def test_deactivating_a_user_revokes_their_tokens(app, session):
    api, user = api_user(app)
    admin = make_user(role=Role.ADMIN)
    assert api.get("/api/v1/agencies").status_code == 200
    auth_services.update_user(
        user=user, actor=admin, full_name=user.full_name, role=user.role, agency_id=user.agency_id, is_active=False
    )
    db.session.commit()
    assert api.get("/api/v1/agencies").status_code == 401
    assert db.session.scalar(sa.select(ApiToken.revoke_reason).where(ApiToken.user_id == user.id)) == "access_changed"


def test_an_inactive_users_token_is_refused_even_unrevoked(app, session):
    api, user = api_user(app)
    user.is_active = False
    db.session.commit()
    assert api.get("/api/v1/agencies").status_code == 401


def test_the_session_cookie_does_not_authenticate_the_api(app, session):
    client, _user = signed_in_client(app)
    assert client.get("/reception/").status_code == 200  # the cookie works for the pages
    for answer in (client.get("/api/v1/visits"), client.post("/api/v1/citizens/search", json={"q": "a"})):
        assert answer.status_code == 401
        assert answer.content_type == "application/problem+json"
        assert answer.json["detail"].startswith("Cần một mã truy cập")


def test_a_wrong_or_malformed_token_is_refused(app, session):
    client = app.test_client()
    for header in ("Bearer pt_nothing", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + "pt_" + "x" * 300):
        answer = client.get("/api/v1/agencies", headers={"Authorization": header})
        assert answer.status_code == 401, header
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_read_token_cannot_write(app, session):
    api, _user = api_user(app, scope=tokens.READ)
    answer = api.post("/api/v1/visits", json={
        "visited_on": "2026-08-14", "classification": "petition", "summary": "Kiến nghị", "outcome": "guided",
        "guided_to": "UBND xã", "person": {"full_name": "Lê Văn Đọc"},
    })
    assert answer.status_code == 403
    assert "chỉ được đọc" in answer.json["detail"]


def test_a_role_without_access_gets_403_as_on_the_pages(app, session):
    api, _admin = api_user(app, Role.ADMIN)
    assert api.get("/api/v1/visits").status_code == 403
    assert api.get("/api/v1/agencies").status_code == 200  # the shared directory is every role's


def test_requests_are_counted_per_token_and_refused_past_the_limit(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", 3)
    api, user = api_user(app)
    other = Api(app.test_client(), token_for(user))
    assert [api.get("/api/v1/agencies").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/api/v1/agencies")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.content_type == "application/problem+json" and "thử lại sau" in refused.json["detail"]
    assert other.get("/api/v1/agencies").status_code == 200  # per token, not per user
    # The window is on the row in the database, so every worker and instance counts the same requests.
    counts = db.session.scalars(sa.select(ApiToken.window_count).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    assert list(counts) == [4, 1]
    later = clock.utcnow() + timedelta(minutes=1, seconds=1)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    assert api.get("/api/v1/agencies").status_code == 200


def test_the_api_lists_and_revokes_the_users_own_tokens_but_not_the_one_it_runs_on(app, session):
    api, user = api_user(app)
    spare = token_for(user, scope=tokens.READ)
    listed = api.get("/api/v1/tokens").json
    assert len(listed) == 2 and sum(t["current"] for t in listed) == 1
    assert all(spare not in str(t) and t["prefix"] for t in listed)
    current = next(t["id"] for t in listed if t["current"])
    other = next(t["id"] for t in listed if not t["current"])
    assert api.client.delete(f"/api/v1/tokens/{current}", headers=bearer(api.secret)).status_code == 409
    read_only = Api(app.test_client(), spare)
    assert read_only.client.delete(f"/api/v1/tokens/{current}", headers=bearer(spare)).status_code == 403
    assert api.client.delete(f"/api/v1/tokens/{other}", headers=bearer(api.secret)).status_code == 204
    assert api.get(f"/api/v1/tokens/{other}").status_code == 404
    assert read_only.get("/api/v1/agencies").status_code == 401
    stranger, _ = api_user(app)
    assert stranger.get(f"/api/v1/tokens/{current}").status_code == 404
