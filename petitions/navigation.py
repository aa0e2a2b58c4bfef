"""The main menu as data: each item names the roles that see it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from werkzeug.routing import BuildError

from petitions.domain.types import Role
from petitions.i18n import lazy_gettext as _l

ALL_ROLES = frozenset(Role)
CASE_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER, Role.VIEWER})
RECEPTION_ROLES = CASE_ROLES
RECEPTION_WRITE_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER})


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string, translated when rendered
    roles: frozenset[Role]
    group: object | None = None  # items sharing a group label form one drop-down menu


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the navigation bar: a link, or a drop-down holding links."""

    label: object
    url: str | None = None
    children: tuple[tuple[str, object], ...] = ()


RECEPTION_GROUP = _l("Tiếp công dân")
SYSTEM_GROUP = _l("Hệ thống")
LETTERS_GROUP = _l("Đơn thư")
WORKSPACE_GROUP = _l("Phối hợp cơ quan")
REPORTS_GROUP = _l("Báo cáo")
# Pages an officer opens now and then, not every hour: one drop-down keeps the bar on one row at 1280 px.
TOOLS_GROUP = _l("Tiện ích")


MENU: tuple[NavItem, ...] = (
    NavItem("main.index", _l("Trang chủ"), ALL_ROLES),
    NavItem("reception.new_visit", _l("Ghi lượt tiếp"), RECEPTION_WRITE_ROLES, RECEPTION_GROUP),
    NavItem("reception.index", _l("Sổ tiếp"), RECEPTION_ROLES, RECEPTION_GROUP),
    NavItem("reception.citizens", _l("Công dân"), RECEPTION_ROLES, RECEPTION_GROUP),
    NavItem("reception.sessions", _l("Buổi tiếp"), RECEPTION_ROLES, RECEPTION_GROUP),
    NavItem("paperwork.book", _l("Sổ tiếp công dân (in)"), frozenset({Role.RECEPTION_OFFICER, Role.LEADER}), RECEPTION_GROUP),
    NavItem("letters.index", _l("Sổ đơn"), CASE_ROLES | {Role.LIAISON}, LETTERS_GROUP),
    NavItem(
        "letter_register.index",
        _l("Sổ tiếp nhận, xử lý đơn (in)"),
        frozenset({Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER}),
        LETTERS_GROUP,
    ),
    NavItem("letters.destroy", _l("Hủy đơn hết thời hạn lưu"), frozenset({Role.LEADER}), LETTERS_GROUP),
    NavItem("cases.index", _l("Vụ việc"), CASE_ROLES | {Role.LIAISON}),
    NavItem("referrals.index", _l("Việc được gửi đến"), CASE_ROLES | {Role.LIAISON}, WORKSPACE_GROUP),
    NavItem("referrals.review_list", _l("Kết quả cơ quan khác gửi về"), CASE_ROLES, WORKSPACE_GROUP),
    NavItem("performance.index", _l("Hiệu quả giải quyết của cơ quan"), CASE_ROLES, WORKSPACE_GROUP),
    NavItem("chasing.index", _l("Đôn đốc cơ quan chậm trả lời"), frozenset({Role.HANDLER, Role.LEADER}), WORKSPACE_GROUP),
    NavItem("imports.mappings", _l("Ánh xạ khi nhập sổ"), frozenset({Role.ADMIN, Role.LEADER}), SYSTEM_GROUP),
    NavItem("documents.index", _l("Văn bản đi"), CASE_ROLES),
    NavItem("reports.index", _l("Báo cáo thống kê"), CASE_ROLES, REPORTS_GROUP),
    NavItem("reports.dashboard", _l("Bảng số liệu điều hành"), frozenset({Role.LEADER}), REPORTS_GROUP),
    NavItem("national.index", _l("Nhập CSDL quốc gia"), CASE_ROLES, TOOLS_GROUP),
    NavItem("imports.index", _l("Nhập sổ Excel cũ"), frozenset({Role.LEADER, Role.RECEPTION_OFFICER}), TOOLS_GROUP),
    NavItem("deadlines.calculator", _l("Tính thời hạn"), ALL_ROLES, TOOLS_GROUP),
    NavItem("auth.users", _l("Tài khoản"), frozenset({Role.ADMIN}), SYSTEM_GROUP),
    NavItem("directory.index", _l("Danh mục"), frozenset({Role.ADMIN}), SYSTEM_GROUP),
    NavItem("routing.index", _l("Quy tắc xác định thẩm quyền"), frozenset({Role.ADMIN}), SYSTEM_GROUP),
    NavItem("deadlines.calendar_index", _l("Lịch làm việc"), frozenset({Role.ADMIN}), SYSTEM_GROUP),
    NavItem("mail.outbox", _l("Thư điện tử thông báo"), frozenset({Role.ADMIN}), SYSTEM_GROUP),
    NavItem("auth.clearances", _l("Quyền xem danh tính"), frozenset({Role.LEADER}), SYSTEM_GROUP),
    NavItem("auth.security_events", _l("Nhật ký an ninh"), frozenset({Role.ADMIN, Role.LEADER}), SYSTEM_GROUP),
)


def _visible(role: Role | None) -> list[tuple[NavItem, str]]:
    """The items this role sees with their URLs; items of areas not installed are skipped."""
    if role is None:
        return []
    visible = []
    for item in MENU:
        if role not in item.roles:
            continue
        try:
            visible.append((item, url_for(item.endpoint)))
        except BuildError:
            continue
    return visible


def menu_for(role: Role | None) -> list[tuple[str, object]]:
    """(url, label) of every item this role sees, in menu order (the home page's tiles)."""
    return [(url, item.label) for item, url in _visible(role)]


def menu_tree_for(role: Role | None) -> list[MenuEntry]:
    """The navigation bar: plain links, and one drop-down per group where its first item stands.

    A group with a single visible item is shown as a plain link: a menu of one is a detour.
    """
    entries: list[MenuEntry] = []
    groups: dict[str, list[tuple[str, object]]] = {}
    order: list[tuple[str, object] | MenuEntry] = []
    for item, url in _visible(role):
        if item.group is None:
            order.append(MenuEntry(item.label, url))
            continue
        key = str(item.group)
        if key not in groups:
            groups[key] = []
            order.append((key, item.group))
        groups[key].append((url, item.label))
    for entry in order:
        if isinstance(entry, MenuEntry):
            entries.append(entry)
            continue
        key, label = entry
        children = groups[key]
        if len(children) == 1:
            entries.append(MenuEntry(children[0][1], children[0][0]))
        else:
            entries.append(MenuEntry(label, None, tuple(children)))
    return entries
