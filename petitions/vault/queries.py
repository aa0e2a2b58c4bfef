"""Vault read helpers: the scoped select of identity references and its loader."""

from __future__ import annotations

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.scoping import get_visible_or_404, record_scope
from petitions.vault.models import IdentityRef


def visible_identity_refs(user: User) -> sa.Select[IdentityRef]:
    """References kept by the user's agency or below it."""
    return sa.select(IdentityRef).where(record_scope(user, IdentityRef.agency_id))


def get_identity_ref_for(user: User, code: str) -> IdentityRef:
    """The reference if it belongs to the user's agency or below; 404 otherwise."""
    return get_visible_or_404(visible_identity_refs(user), code, key=IdentityRef.code)
