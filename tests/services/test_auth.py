"""Account services: throttling shared across app instances, clearance by two leaders, config."""

from __future__ import annotations

import secrets

import pytest
import sqlalchemy as sa

from petitions.auth import clearance
from petitions.auth import services as auth_services
from petitions.auth.models import SecurityEvent, User
from petitions.auth.passwords import PRODUCTION_HASHER
from petitions.config import ConfigError, check_production_config, config_from_env, normalise_database_url
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from tests.conftest import make_test_app
from tests.factories import DEFAULT_PASSWORD, make_user


def test_account_limit_holds_across_two_app_instances(committed_app):
    """Two app objects (as two gunicorn workers) share the failure counter through the database."""
    with committed_app.app_context():
        make_user(username="shared")
        db.session.commit()
    second_app = make_test_app(committed_app.config["TEST_DATABASE"])
    clients = [committed_app.test_client(), second_app.test_client()]
    for attempt in range(auth_services.ACCOUNT_FAILURES_BEFORE_LOCK):
        clients[attempt % 2].post("/auth/login", data={"username": "shared", "password": "wrong password"})
    for client in clients:
        response = client.post("/auth/login", data={"username": "shared", "password": DEFAULT_PASSWORD})
        assert response.status_code == 401
        assert auth_services.NOT_SIGNED_IN in response.get_data(as_text=True)
    with second_app.app_context():
        failures = db.session.scalar(sa.select(User.failed_login_count).where(User.username == "shared"))
    with second_app.app_context():
        db.engine.dispose()
    assert failures == auth_services.ACCOUNT_FAILURES_BEFORE_LOCK


def test_clearance_needs_a_second_leader(session):
    officer = make_user(role=Role.HANDLER)
    first_leader = make_user(role=Role.LEADER, agency_id=officer.agency_id)
    second_leader = make_user(role=Role.LEADER, agency_id=officer.agency_id)
    grant = clearance.request_clearance(user=officer, requested_by=first_leader, reason="Xác minh đơn tố cáo", days=30)
    assert not clearance.has_identity_clearance(officer)
    with pytest.raises(DomainError, match="lãnh đạo khác"):
        clearance.approve_clearance(grant=grant, approver=first_leader)
    clearance.approve_clearance(grant=grant, approver=second_leader)
    assert clearance.has_identity_clearance(officer)


def test_clearance_cannot_be_requested_or_approved_by_non_leaders(session):
    officer = make_user(role=Role.HANDLER)
    handler = make_user(role=Role.HANDLER, agency_id=officer.agency_id)
    leader = make_user(role=Role.LEADER, agency_id=officer.agency_id)
    with pytest.raises(DomainError):
        clearance.request_clearance(user=officer, requested_by=handler, reason="x", days=30)
    grant = clearance.request_clearance(user=officer, requested_by=leader, reason="x", days=30)
    with pytest.raises(DomainError):
        clearance.approve_clearance(grant=grant, approver=handler)


def test_clearance_expires_and_is_revoked_on_role_change(session, monkeypatch):
    from datetime import timedelta

    from petitions import clock

    officer = make_user(role=Role.HANDLER)
    leaders = make_user(role=Role.LEADER, agency_id=officer.agency_id), make_user(role=Role.LEADER, agency_id=officer.agency_id)
    grant = clearance.request_clearance(user=officer, requested_by=leaders[0], reason="Xác minh", days=10)
    clearance.approve_clearance(grant=grant, approver=leaders[1])
    later = clock.utcnow() + timedelta(days=11)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    assert not clearance.has_identity_clearance(officer)
    monkeypatch.undo()
    auth_services.update_user(
        user=officer, actor=leaders[0], full_name=officer.full_name, role=Role.RECEPTION_OFFICER,
        agency_id=officer.agency_id, is_active=True,
    )
    assert grant.revoked_at is not None and grant.revoke_reason == "role_changed"
    kinds = set(db.session.scalars(sa.select(SecurityEvent.kind).where(SecurityEvent.user_id == officer.id)))
    assert {"clearance_requested", "clearance_approved", "clearance_revoked"} <= kinds


def test_production_hasher_uses_owasp_argon2id_parameters():
    assert PRODUCTION_HASHER.type.name == "ID"
    assert (PRODUCTION_HASHER.memory_cost, PRODUCTION_HASHER.time_cost, PRODUCTION_HASHER.parallelism) == (19456, 2, 1)


@pytest.mark.parametrize(
    "key",
    [
        None,
        "",
        "dev",
        "short-key",
        "changeme",
        "x" * 40,  # long enough, one character: no entropy
        "abcd" * 10,
        "0123456789" * 4,
        "correct-horse-" * 4,
    ],
)
def test_production_refuses_missing_or_weak_secret_key(key):
    with pytest.raises(ConfigError):
        check_production_config({"SECRET_KEY": key, "DEBUG": False})


@pytest.mark.parametrize("make_key", [lambda: secrets.token_urlsafe(48), lambda: secrets.token_hex(32)])
def test_production_accepts_a_long_random_key(make_key):
    for _ in range(20):  # a fresh key each time: no run of random keys is refused
        check_production_config({"SECRET_KEY": make_key(), "DEBUG": False})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_is_normalised_to_psycopg3(url, expected):
    assert normalise_database_url(url) == expected


def test_environment_is_read_by_name_only():
    settings = config_from_env({"DATABASE_URL": "postgres://h/d", "MAIL_PORT": "2525", "UNRELATED": "x", "SECRET_KEY": ""})
    assert settings == {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://h/d", "MAIL_PORT": 2525}


def test_secret_key_file_is_created_once_with_mode_0600(tmp_path):
    from petitions.config import load_or_create_secret_key

    first = load_or_create_secret_key(tmp_path)
    assert load_or_create_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert len(first) >= 48


@pytest.mark.parametrize(
    ("settings", "refused"),
    [
        ({}, False),
        ({"VAULT_MODE": "reference"}, False),
        ({"VAULT_MODE": "plaintext"}, True),
        ({"VAULT_MODE": "encrypted", "VAULT_KEY_FILE": "/etc/petitions/vault.key"}, True),  # no legal basis
        ({"VAULT_MODE": "encrypted", "VAULT_LEGAL_BASIS": "QĐ 12/QĐ-BTCD"}, True),  # no key file
        ({"VAULT_MODE": "encrypted", "VAULT_LEGAL_BASIS": "QĐ 12/QĐ-BTCD", "VAULT_KEY_FILE": "/etc/petitions/vault.key"}, False),
    ],
)
def test_vault_configuration_is_checked_at_start(settings, refused):
    from petitions.config import check_vault_config

    if refused:
        with pytest.raises(ConfigError):
            check_vault_config(settings)
    else:
        check_vault_config(settings)


def test_vault_key_inside_instance_is_refused():
    from petitions.config import INSTANCE_PATH, check_vault_config

    with pytest.raises(ConfigError, match="instance"):
        check_vault_config({"VAULT_MODE": "encrypted", "VAULT_LEGAL_BASIS": "x", "VAULT_KEY_FILE": str(INSTANCE_PATH / "k")})
