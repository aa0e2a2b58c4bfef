"""The administration lists' exports (petitions.exports): the accounts and the security events, each as its page
lists it (the same scope: the security events a leader may read are their own offices')."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.orm import selectinload

from petitions.auth.events import visible_events
from petitions.auth.forms import ROLE_LABELS
from petitions.auth.labels import event_detail, event_label
from petitions.auth.models import SecurityEvent, User
from petitions.clock import to_local
from petitions.domain.types import Role
from petitions.exports.services import ListExport, register_export
from petitions.extensions import db
from petitions.i18n import lazy_gettext as _l
from petitions.letters.queries import visible_users


@dataclass(frozen=True)
class UserFilters:
    """The accounts page has no filters: every account, by user name."""


def user_filters_from_request() -> UserFilters:
    return UserFilters()


def user_select() -> tuple[sa.Select[Any], tuple[Any, ...]]:
    """Every account with its agency, by user name: the accounts page's list and its export."""
    return sa.select(User).options(selectinload(User.agency)), (User.username, User.id)


def _user_select(_user: User, _filters: UserFilters, _today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    return user_select()


def _user_state(user: User) -> str:
    if not user.is_active:
        return str(_l("Đã khóa"))
    return str(_l("Tạm khóa")) if user.locked_until else str(_l("Hoạt động"))


def _user_rows(_viewer: User, users: list[User], _today: date) -> list[tuple[object, ...]]:
    return [
        (
            user.username, user.full_name, str(ROLE_LABELS.get(user.role, user.role)),
            user.agency.code if user.agency else "", _user_state(user), "2FA" if user.mfa_enabled else "",
            to_local(user.last_login_at) if user.last_login_at else None,
        )
        for user in users
    ]


USERS = register_export(
    ListExport(
        name="users",
        title=_l("Tài khoản"),
        filename="tai-khoan",
        roles=frozenset({Role.ADMIN}),
        filters_type=UserFilters,
        read_filters=user_filters_from_request,
        select=_user_select,
        header=(
            _l("Tên đăng nhập"), _l("Họ và tên"), _l("Vai trò"), _l("Cơ quan"), _l("Trạng thái"), _l("Xác thực hai lớp"),
            _l("Đăng nhập gần nhất"),
        ),
        rows=_user_rows,
        page="auth.users",
    )
)


@dataclass(frozen=True)
class EventFilters:
    kind: str | None = None


def event_filters_from_request() -> EventFilters:
    return EventFilters(kind=(request.args.get("kind") or "")[:48] or None)


def event_select(viewer: User, filters: EventFilters) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    """The events the viewer may read (auth.events.visible_events), of one kind when asked, newest first: the
    page's list and its export."""
    query = visible_events(viewer)
    if filters.kind:
        query = query.where(SecurityEvent.kind == filters.kind)
    return query, (SecurityEvent.occurred_at.desc(), SecurityEvent.id.desc())


def account_names(viewer: User, events: Iterable[SecurityEvent]) -> dict[int, str]:
    """The accounts the events name, as "full name (user name)": every account for the administrator, for a leader
    those whose names the leader may see (letters.queries.visible_users); another stays unnamed."""
    ids = {i for event in events for i in (event.user_id, event.actor_id) if i is not None}
    if not ids:
        return {}
    query = sa.select(User) if viewer.role is Role.ADMIN else visible_users(viewer)
    rows = db.session.execute(query.with_only_columns(User.id, User.full_name, User.username).where(User.id.in_(ids)))
    return {user_id: f"{name} ({username})" for user_id, name, username in rows}


def endpoint_paths() -> dict[str, str]:
    """Each page's address by its endpoint (an authorisation refusal names the endpoint it refused)."""
    return {rule.endpoint: rule.rule for rule in current_app.url_map.iter_rules()}


def _event_rows(viewer: User, events: list[SecurityEvent], _today: date) -> list[tuple[object, ...]]:
    names, pages = account_names(viewer, events), endpoint_paths()
    return [
        (to_local(event.occurred_at), str(event_label(event.kind)), _account(names, event.user_id),
         _account(names, event.actor_id), event.ip_address or "", event_detail(event.detail, pages))
        for event in events
    ]


def _account(names: dict[int, str], user_id: int | None) -> str:
    if user_id is None:
        return ""
    return names.get(user_id, str(_l("Tài khoản khác")))


EVENTS = register_export(
    ListExport(
        name="security_events",
        title=_l("Nhật ký an ninh"),
        filename="nhat-ky-an-ninh",
        roles=frozenset({Role.ADMIN, Role.LEADER}),
        filters_type=EventFilters,
        read_filters=event_filters_from_request,
        select=lambda viewer, filters, _today: event_select(viewer, filters),
        header=(_l("Thời điểm"), _l("Sự kiện"), _l("Tài khoản"), _l("Người thực hiện"), _l("Địa chỉ"), _l("Chi tiết")),
        rows=_event_rows,
        page="auth.security_events",
    )
)
