"""Who may do what in reception (roles; the record scope is in queries' loaders)."""

from __future__ import annotations

from petitions.domain.types import Role

# A liaison of a body letters are forwarded to never opens the reception pages; the administrator
# sees no case content.
READ_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER, Role.VIEWER)
WRITE_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER)
SESSION_ROLES = (Role.RECEPTION_OFFICER, Role.LEADER)
# A correction (đính chính) of a visit's date, classification or outcome: the roles that record visits at
# the desk and the leaders of the office, within their agency scope (the visit's loader); a viewer reads.
CORRECT_ROLES = WRITE_ROLES


def can_record_visits(user: object) -> bool:
    return getattr(user, "role", None) in WRITE_ROLES


def can_manage_sessions(user: object) -> bool:
    return getattr(user, "role", None) in SESSION_ROLES
