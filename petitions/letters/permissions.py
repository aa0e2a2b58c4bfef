"""Who may do what with letters (roles); which letters they see is petitions.letters.queries' scope."""

from __future__ import annotations

from petitions.domain.types import Role

# Reception officers and handlers register and classify (DOMAIN §3.5); leaders may do everything.
WRITE_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER)
# Liaison officers see letters forwarded to their agency; viewers read.
READ_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER, Role.LIAISON, Role.VIEWER)
# Giao xử lý is the leader's (DOMAIN §3.5).
ASSIGN_ROLES = (Role.LEADER,)
# The letter page's actions and the API's operations for them (petitions.letters.handling, classification): who
# may take each, by role. The service checks the rest (the transition table, the office in charge, the assignee).
ACTION_ROLES: dict[str, tuple[Role, ...]] = {
    "classify": WRITE_ROLES,
    "assign": ASSIGN_ROLES,
    "hand_over": ASSIGN_ROLES,
    "propose": WRITE_ROLES,
    "return": ASSIGN_ROLES,
    "approve": ASSIGN_ROLES,
    "urgent": WRITE_ROLES,
    "acknowledge": ASSIGN_ROLES,
    "chase": WRITE_ROLES,
    "file": ASSIGN_ROLES,
}
