"""The main menu as data: each item names the roles that see it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from petitions.domain.types import Role

ALL_ROLES = frozenset(Role)
CASE_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER, Role.VIEWER})
RECEPTION_ROLES = CASE_ROLES
RECEPTION_WRITE_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER})


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string, translated when rendered
    roles: frozenset[Role]


MENU: tuple[NavItem, ...] = (
    NavItem("main.index", _l("Trang chủ"), ALL_ROLES),
    NavItem("auth.users", _l("Tài khoản"), frozenset({Role.ADMIN})),
    NavItem("directory.index", _l("Danh mục"), frozenset({Role.ADMIN})),
    NavItem("letters.index", _l("Sổ đơn"), CASE_ROLES | {Role.LIAISON}),
    NavItem("reception.new_visit", _l("Tiếp công dân"), RECEPTION_WRITE_ROLES),
    NavItem("reception.index", _l("Sổ tiếp"), RECEPTION_ROLES),
    NavItem("reception.citizens", _l("Công dân"), RECEPTION_ROLES),
    NavItem("reception.sessions", _l("Buổi tiếp"), RECEPTION_ROLES),
    NavItem("paperwork.book", _l("Sổ tiếp công dân (in)"), frozenset({Role.RECEPTION_OFFICER, Role.LEADER})),
    NavItem("documents.index", _l("Văn bản đi"), CASE_ROLES),
    NavItem("reports.index", _l("Báo cáo"), CASE_ROLES),
    NavItem("deadlines.calculator", _l("Tính thời hạn"), ALL_ROLES),
    NavItem("deadlines.calendar_index", _l("Lịch làm việc"), frozenset({Role.ADMIN})),
    NavItem("auth.clearances", _l("Quyền xem danh tính"), frozenset({Role.LEADER})),
    NavItem("auth.security_events", _l("Nhật ký an ninh"), frozenset({Role.ADMIN, Role.LEADER})),
)


def menu_for(role: Role | None) -> list[tuple[str, object]]:
    """(url, label) of the items this role sees; items of areas not installed yet are skipped."""
    if role is None:
        return []
    items = []
    for item in MENU:
        if role not in item.roles:
            continue
        try:
            items.append((url_for(item.endpoint), item.label))
        except BuildError:
            continue
    return items
