"""Case read helpers: the scoped loader and the visible-cases query."""

from __future__ import annotations

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases.models import CaseFile
from petitions.scoping import get_visible_or_404, not_restricted, record_scope


def visible_cases(user: User) -> sa.Select[CaseFile]:
    """Cases this user may see: agency scope or liaison assignment, minus restriction lists."""
    return sa.select(CaseFile).where(
        record_scope(user, CaseFile.agency_in_charge_id, CaseFile.assigned_agency_id),
        not_restricted(user, CaseFile.id),
    )


def get_case_for(user: User, case_id: int) -> CaseFile:
    """The case if the user may see it; 404 otherwise (restricted users included)."""
    return get_visible_or_404(visible_cases(user), case_id)
