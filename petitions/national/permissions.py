"""Who may read the national-database worklist and record entries (roles); which records is the scope's."""

from __future__ import annotations

from petitions.auth.models import User
from petitions.domain.types import Role

# The officers of the office keep its entries; a viewer reads the worklist. A liaison sees only the records
# handed to its body, whose entry is the sending office's duty; the administrator sees no case content.
READ_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER, Role.VIEWER)
WRITE_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER)


def can_record_entry(user: User) -> bool:
    return user.is_authenticated and user.role in WRITE_ROLES
