"""Who may do what with cases (roles); which cases they see is petitions.cases.queries' scope, which actions a
state allows is flow's transition table (petitions.domain.case_flow)."""

from __future__ import annotations

from petitions.domain.types import Role

# Officers read the cases of their scope; a liaison officer those assigned to their body; viewers read.
READ_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER, Role.LIAISON, Role.VIEWER)
# Transitions are taken by handlers (H) and leaders (L, who sign); the table says which of them may take which.
WRITE_ROLES = (Role.HANDLER, Role.LEADER)
