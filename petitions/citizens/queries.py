"""Citizen read helpers: the scoped loader, matches while typing and the lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from petitions.auth.models import User
from petitions.citizens.models import Citizen, CitizenNameKey
from petitions.directory.models import AdministrativeUnit
from petitions.domain import reception as rules
from petitions.domain.paperwork import address_line
from petitions.domain.reception import MatchReason, PersonKey
from petitions.domain.text import fold_text, prefix_end
from petitions.extensions import db
from petitions.scoping import get_visible_or_404, record_scope

# Loaders ----------------------------------------------------------------------------------------------


def visible_citizens(user: User) -> sa.Select[Citizen]:
    """Citizens registered by the user's agency or below it (liaisons and the administrator: none)."""
    return sa.select(Citizen).where(record_scope(user, Citizen.agency_id))


def get_citizen_for(user: User, citizen_id: int) -> Citizen:
    return get_visible_or_404(visible_citizens(user), citizen_id)


# Folded name search (the one way: the citizen list, the lookup while typing, the letters' writer) --------
#
# A name matches the typed words when they follow each other in it, each at the start of a word: "nguyen
# van an" finds Nguyễn Văn An and Nguyễn Văn Anh, "van a" and "an" find them too, "guyen" finds neither.
# Each tail of a folded name from a word start is a row of citizen_name_key (CitizenNameKey), so the
# match is one range of its index, with a birth year checked inside the same index: the cost follows the
# citizens of that name, not the table (the trigram indexes it replaces read most of the table for the
# commonest names: ngu, guy, uye, yen, van).


def name_key_ids(folded: str, *, birth_year: int | None = None) -> sa.Select[Any]:
    """Ids of the citizens whose folded name matches `folded` (see above), born in `birth_year` if given;
    merged and out-of-scope records included (the callers' selects leave them out)."""
    query = sa.select(CitizenNameKey.citizen_id)
    if not folded:
        return query.where(sa.false())
    query = query.where(CitizenNameKey.key >= folded, CitizenNameKey.key < prefix_end(folded))
    if birth_year is not None:
        query = query.where(CitizenNameKey.birth_year == birth_year)
    return query


def name_key_count(folded: str, *, cap: int) -> int:
    """How many rows of the word index the range of `folded` holds, counted up to `cap` (an estimate for
    choosing a plan; it never decides which rows match)."""
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(name_key_ids(folded).limit(cap).subquery())) or 0)


def name_key_of(folded: str, citizen_id: sa.ColumnElement[Any] | InstrumentedAttribute[Any]) -> sa.ScalarSelect[Any]:
    """1 when the citizen `citizen_id` (a column of the outer query) has a word of the name matching
    `folded`, else NULL: the same range as name_key_ids, probed by the citizen's key (citizen_id, key)."""
    return (
        name_key_ids(folded).with_only_columns(sa.literal(1)).where(CitizenNameKey.citizen_id == citizen_id).limit(1)
    ).scalar_subquery()


def name_matches(folded: str, *, birth_year: int | None = None, id_number: str | None = None) -> sa.ColumnElement[bool]:
    """Citizens whose folded name matches `folded` (born in `birth_year` if given), or whose ID number is
    `id_number` when one is given: one IN over the word index (a semi-join the planners drive from it)."""
    ids: sa.Select[Any] | sa.CompoundSelect = name_key_ids(folded, birth_year=birth_year)
    if id_number:
        ids = sa.union(ids, sa.select(Citizen.id).where(Citizen.id_number == id_number))
    return Citizen.id.in_(ids)


@dataclass(frozen=True)
class NameSearch:
    """A citizen select narrowed to a name search, the order to list it in (folded name, then id), and
    whether to count its hits in that order (keyset_page's count_in_order)."""

    query: sa.Select[Any]
    order: tuple[Any, Any]
    count_in_order: bool


def search_by_name(
    query: sa.Select[Any], folded: str, *, birth_year: int | None = None, id_number: str | None = None
) -> NameSearch:
    """`query` (over Citizen) narrowed to the citizens of name_matches, listed by folded name, then id.

    The same rows on both databases, each planner given the shape it runs best. PostgreSQL: the hits are
    named and put in order from the word index alone (key range, name, id: an index-only scan), and the
    citizens are read in that order, up to the page or the count's cap; with an IN over the hits it
    joined, or scanned, every hit's citizen to sort them (the commonest full name has 7,536 at 1,000,000
    letters: 0.3–2.7 s). SQLite: the IN (its planner reads each hit's citizen by key and sorts them, 20 ms
    for those 7,536; it does not keep a subquery's order, so the joined form sorted the same rows after
    a temporary B-tree for the DISTINCT, 30–65 ms)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return NameSearch(
            query.where(name_matches(folded, birth_year=birth_year, id_number=id_number)),
            (Citizen.full_name_folded, Citizen.id),
            count_in_order=False,
        )
    # Labelled `id`, as the citizen's own key (the pager reads the last row's id by that name).
    by_name = name_key_ids(folded, birth_year=birth_year).with_only_columns(
        CitizenNameKey.citizen_id.label("id"), CitizenNameKey.name
    )
    hits: Any = by_name.distinct()
    if id_number:
        # The ID number's citizen, named by its first tail (the whole name) in the same index.
        by_number = sa.select(CitizenNameKey.citizen_id.label("id"), CitizenNameKey.name).where(
            CitizenNameKey.citizen_id.in_(sa.select(Citizen.id).where(Citizen.id_number == id_number)),
            CitizenNameKey.key == CitizenNameKey.name,
        )
        hits = sa.union(by_name, by_number)
    # Ordered inside, so that PostgreSQL reads the citizens in that order and stops after the page.
    found = hits.order_by(sa.literal_column("name"), sa.literal_column("id")).subquery("name_hits")
    return NameSearch(query.join(found, found.c.id == Citizen.id), (found.c.name, found.c.id), count_in_order=True)


def name_matches_on_row(folded: str) -> sa.ColumnElement[bool]:
    """The same match tested on the citizen's row (for a plan that meets the rows by another index)."""
    return (sa.literal(" ") + Citizen.full_name_folded).contains(" " + folded, autoescape=True)


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
    # The keys' ids first (an IN over ix_citizen_id_number and ix_citizen_full_name_folded): with the OR
    # beside the scope, SQLite (no statistics) read every citizen of the office through the agency's
    # index instead (260 ms for the board at 1,000,000 letters; 21 ms so).
    keyed = sa.select(Citizen.id).where(sa.or_(*conditions))
    query = visible_citizens(user).where(Citizen.id.in_(keyed), Citizen.merged_into_id.is_(None))
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
    """Name (accent-insensitive, words from their start: see name_matches) or exact ID number, for the
    lookup while typing."""
    folded = fold_text(text)
    if len(folded) < 2:
        return []
    number = rules.clean_id_number(text)
    has_number = number.isalnum() and any(ch.isdigit() for ch in number)
    found = search_by_name(
        visible_citizens(user).where(Citizen.merged_into_id.is_(None)), folded, id_number=number if has_number else None
    )
    return list(db.session.scalars(found.query.order_by(*found.order).limit(limit)))


def _unit_chain(unit: AdministrativeUnit | None) -> tuple[str, ...]:
    """The unit's name and its parents' up to the province (a district only for pre-2025 units)."""
    names: list[str] = []
    while unit is not None and len(names) < 4:
        names.append(unit.name)
        unit = unit.parent
    return tuple(names)


def citizen_address(citizen: Citizen) -> str:
    """A citizen's address wherever it is shown or printed, from the smallest unit to the largest: the free text
    (hamlet, street), then the commune, the district (pre-2025 units) and the province, lower-case kinds."""
    return address_line(citizen.address_text, _unit_chain(citizen.address_unit))
