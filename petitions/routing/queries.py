"""Routing rules read helpers: the administrator's filtered list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from petitions.directory.queries import valid_on
from petitions.domain.records import LetterType
from petitions.domain.routing import TargetKind
from petitions.routing.models import RoutingRule

STATUSES = ("in_force", "ended", "all")
# The list's order: by code, generations of one code oldest first (ids grow with time), and the key.
LIST_ORDER = (RoutingRule.code, RoutingRule.id)


@dataclass(frozen=True)
class RuleFilters:
    text: str = ""
    letter_type: LetterType | None = None
    target_kind: TargetKind | None = None
    agency_id: int | None = None
    status: str = "in_force"


def filtered_rules(filters: RuleFilters, *, today: date) -> sa.Select[RoutingRule]:
    """The rules matching the list's filters. In force: active and valid today; ended: the others."""
    query = sa.select(RoutingRule)
    if filters.text:
        pattern = f"%{filters.text.lower()}%"
        query = query.where(sa.or_(sa.func.lower(RoutingRule.code).like(pattern), sa.func.lower(RoutingRule.name).like(pattern)))
    if filters.letter_type is not None:
        query = query.where(RoutingRule.letter_type == filters.letter_type)
    if filters.target_kind is not None:
        query = query.where(RoutingRule.target_kind == filters.target_kind)
    if filters.agency_id is not None:
        query = query.where(RoutingRule.target_agency_id == filters.agency_id)
    in_force = sa.and_(RoutingRule.is_active, valid_on(RoutingRule, today))
    if filters.status == "in_force":
        query = query.where(in_force)
    elif filters.status == "ended":
        query = query.where(sa.not_(in_force))
    return query
