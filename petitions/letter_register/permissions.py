"""Who may print the letter register (roles; the agencies come from the user's scope)."""

from __future__ import annotations

from petitions.domain.types import Role

# The officers who register and handle letters and the leaders who sign the book. A viewer reads letters
# on screen; a liaison sees only the letters forwarded to them, never another body's register.
REGISTER_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER)
