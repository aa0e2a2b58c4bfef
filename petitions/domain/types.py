"""Shared domain vocabulary: roles and other enumerations used across areas."""

from __future__ import annotations

from enum import StrEnum


class DomainError(Exception):
    """A rule of the domain was broken; the message is Vietnamese and safe to show."""


class Role(StrEnum):
    """What a user does in the office; decides menus and permissions (not what they may see)."""

    ADMIN = "admin"
    RECEPTION_OFFICER = "reception_officer"
    HANDLER = "handler"
    LEADER = "leader"
    LIAISON = "liaison"
    VIEWER = "viewer"


# Roles that see case content; the administrator manages accounts and reference data only.
CASE_CONTENT_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER, Role.LIAISON, Role.VIEWER})
