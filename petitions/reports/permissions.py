"""Who may see reports: officers who see case figures; the administrator sees no case content."""

from __future__ import annotations

from petitions.domain.types import Role

REPORT_ROLES = (Role.LEADER, Role.HANDLER, Role.RECEPTION_OFFICER, Role.VIEWER)
