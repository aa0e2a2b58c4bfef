"""Who sees agency performance: the office's leaders and officers; never a liaison (a body's own user sees
its workspace, not the office's ranking of bodies) nor the administrator (no case content)."""

from __future__ import annotations

from petitions.domain.types import Role

PERFORMANCE_ROLES = (Role.LEADER, Role.HANDLER, Role.RECEPTION_OFFICER, Role.VIEWER)
