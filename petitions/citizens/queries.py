"""Citizen read helpers: the scoped loader, matches while typing and the lookup."""

from __future__ import annotations

import re
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


# Folded name search (the one way: the citizen list, the lookup while typing, the letters' writer) --------

# The trigram index (pg_trgm's GIN on PostgreSQL, the FTS5 trigram table on SQLite) serves a substring
# of three characters or more; a shorter one is a plain scan, as before.
TRIGRAM = 3


def _like_pattern(folded: str) -> str:
    # Folded text holds [0-9a-z ] only (domain.text.fold_text), so no LIKE wildcard can enter it.
    return f"%{folded}%"


def name_contains(folded: str) -> sa.ColumnElement[bool]:
    """Citizens whose folded full name contains `folded` anywhere (accent-insensitive substring).

    PostgreSQL: LIKE on the column, served by search_citizen_name_trgm. SQLite: the same LIKE on the
    FTS5 trigram table search_citizen_fts, which answers it from its index (LIKE on the table itself
    would read every name).
    """
    pattern = _like_pattern(folded)
    if len(folded) >= TRIGRAM and db.session.get_bind().dialect.name == "sqlite":
        # unique: a letter search puts one of these per word into the same statement.
        ids = sa.text("SELECT rowid FROM search_citizen_fts WHERE full_name_folded LIKE :pattern").bindparams(
            sa.bindparam("pattern", pattern, unique=True)
        )
        return Citizen.id.in_(ids.columns(sa.column("rowid", sa.Integer)))
    return Citizen.full_name_folded.like(pattern)


_BIRTH_YEAR = re.compile(r"^(19|20)\d\d$")


def split_birth_year(folded: str) -> tuple[str, int | None]:
    """A trailing four-digit year is a birth year: "nguyen van an 1968" → ("nguyen van an", 1968)."""
    words = folded.split()
    if len(words) > 1 and _BIRTH_YEAR.match(words[-1]):
        return " ".join(words[:-1]), int(words[-1])
    return folded, None


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
    condition: sa.ColumnElement[bool] = name_contains(folded)
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
