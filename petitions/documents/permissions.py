"""Who may do what with outgoing documents (the administrator sees no document content)."""

from __future__ import annotations

from petitions.domain.types import Role

READ_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER, Role.VIEWER)
DRAFT_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER)
ISSUE_ROLES = (Role.LEADER,)  # issue (take or record the number) and void
ATTACH_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER)  # keep the signed copy


def can(user: object, roles: tuple[Role, ...]) -> bool:
    return getattr(user, "role", None) in roles
