"""Citizen read helpers: the scoped loader, matches while typing and the lookup."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.citizens.models import Citizen
from petitions.domain import reception as rules
from petitions.domain.reception import MatchReason, PersonKey
from petitions.domain.text import fold_text
from petitions.extensions import db
from petitions.scoping import get_visible_or_404, record_scope

# Loaders ----------------------------------------------------------------------------------------------


def visible_citizens(user: User) -> sa.Select[Citizen]:
    """Citizens registered by the user's agency or below it (liaisons and the administrator: none)."""
    return sa.select(Citizen).where(record_scope(user, Citizen.agency_id))


def get_citizen_for(user: User, citizen_id: int) -> Citizen:
    return get_visible_or_404(visible_citizens(user), citizen_id)


# Matching ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    citizen: Citizen
    reason: MatchReason

    @property
    def label(self) -> str:
        return rules.MATCH_LABELS[self.reason]


def find_matches(user: User, key: PersonKey, *, exclude_id: int | None = None, limit: int = 8) -> list[Match]:
    """Citizens this user may see who may be the person being typed: the same ID number, or the same folded
    name with the same commune or birth year; merged records are left out."""
    conditions = []
    if key.id_number:
        conditions.append(Citizen.id_number == key.id_number)
    if key.folded_name:
        conditions.append(Citizen.full_name_folded == key.folded_name)
    if not conditions:
        return []
    query = visible_citizens(user).where(sa.or_(*conditions), Citizen.merged_into_id.is_(None))
    if exclude_id is not None:
        query = query.where(Citizen.id != exclude_id)
    matches = []
    for citizen in db.session.scalars(query.order_by(Citizen.id.desc()).limit(50)):
        candidate = PersonKey(
            folded_name=citizen.full_name_folded,
            id_number=citizen.id_number or "",
            unit_id=citizen.address_unit_id,
            birth_year=citizen.birth_year,
        )
        reason = rules.match_reason(key, candidate)
        if reason is not None:
            matches.append(Match(citizen, reason))
    order = list(MatchReason)
    matches.sort(key=lambda m: order.index(m.reason))
    return matches[:limit]


def search_citizens(user: User, text: str, *, limit: int = 8) -> list[Citizen]:
    """Name (accent-insensitive, any part) or exact ID number, for the lookup while typing."""
    folded = fold_text(text)
    if len(folded) < 2:
        return []
    number = rules.clean_id_number(text)
    condition: sa.ColumnElement[bool] = Citizen.full_name_folded.like(f"%{folded}%")
    if number.isalnum() and any(ch.isdigit() for ch in number):
        condition = sa.or_(condition, Citizen.id_number == number)
    return list(
        db.session.scalars(
            visible_citizens(user)
            .where(condition, Citizen.merged_into_id.is_(None))
            .order_by(Citizen.full_name_folded, Citizen.id)
            .limit(limit)
        )
    )
