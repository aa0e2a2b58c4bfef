"""The `petitions` command: seeding, the first administrator, user provisioning."""

from __future__ import annotations

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cli import ensure_first_admin
from petitions.domain.types import Role
from petitions.extensions import db
from tests.factories import count_rows


def test_seed_command_twice_adds_nothing_the_second_time(runner, session):
    first = runner.invoke(args=["seed"])
    second = runner.invoke(args=["seed"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "+0" not in first.output.split(",")[0]  # the first run adds the demo agencies
    assert all(part.strip().endswith("+0") for part in second.output.removeprefix("Seeded:").split(","))


def test_first_admin_is_created_once_with_a_one_time_password(session):
    password = ensure_first_admin()
    assert password is not None and len(password) >= 16
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
    assert admin.must_change_password
    assert ensure_first_admin() is None
    assert count_rows(User, User.role == Role.ADMIN) == 1


def test_users_create_reads_the_password_from_stdin(runner, session):
    runner.invoke(args=["seed"])
    result = runner.invoke(
        args=["users", "create", "--username", "Thanh.Tra", "--full-name", "Lê Văn Tra", "--role", "handler",
              "--agency", "TTR", "--password-stdin"],
        input="một cụm mật khẩu dài\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.username == "thanh.tra"))
    assert user.agency.code == "TTR" and not user.must_change_password
    assert "một cụm mật khẩu dài" not in result.output


def test_users_create_refuses_a_common_password_and_unknown_agency(runner, session):
    runner.invoke(args=["seed"])
    weak = runner.invoke(args=["users", "create", "--username", "a1", "--full-name", "A", "--role", "viewer",
                               "--password-stdin"], input="matkhau123\n")
    assert weak.exit_code != 0 and "phổ biến" in weak.output
    unknown = runner.invoke(args=["users", "create", "--username", "a2", "--full-name", "A", "--role", "viewer",
                                  "--agency", "KHONGCO"])
    assert unknown.exit_code != 0 and "KHONGCO" in unknown.output


def test_reset_password_prints_a_new_one_time_password(runner, session):
    ensure_first_admin()
    result = runner.invoke(args=["users", "reset-password", "admin"])
    assert result.exit_code == 0 and "One-time password for admin:" in result.output
    assert db.session.scalar(sa.select(User.must_change_password).where(User.username == "admin"))
