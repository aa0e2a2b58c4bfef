"""A worklist section's export (petitions.exports): the section's letters ("mine overdue", "the office's overdue",
…) as its own paged page shows them. The section is named in the query (`section=<key>`); a section the user's role
does not have exports nothing, as its page answers 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import request

from petitions.auth.models import User
from petitions.domain.types import Role
from petitions.exports.services import ListExport, register_export
from petitions.i18n import lazy_gettext as _l
from petitions.letters.labels import STATUS_LABELS, TYPE_LABELS, clock_label
from petitions.letters.models import Letter
from petitions.main import worklist


@dataclass(frozen=True)
class SectionFilters:
    section: str = ""


def section_filters_from_request() -> SectionFilters:
    return SectionFilters(section=request.args.get("section", ""))


def _select(user: User, filters: SectionFilters, today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    section = worklist.SECTIONS_BY_KEY.get(filters.section)
    if section is None or user.role not in section.roles:
        return sa.select(Letter).where(sa.false()), (Letter.id,)
    return worklist.section_query(user, section, worklist.window_for(today, user)), section.order


def _rows(_user: User, letters: list[Letter], _today: date) -> list[tuple[object, ...]]:
    clocks = worklist.due_clocks(letters)
    rows: list[tuple[object, ...]] = []
    for letter in letters:
        clock = clocks.get(letter.id)
        rows.append(
            (
                letter.register_label,
                letter.received_on,
                str(TYPE_LABELS.get(letter.letter_type, "")),
                str(STATUS_LABELS.get(letter.status, "")),
                letter.summary,
                clock.due_on if clock else letter.handling_due_on,
                clock_label(clock.rule_id) if clock else "",
            )
        )
    return rows


WORKLIST = register_export(
    ListExport(
        name="worklist",
        title=_l("Việc của tôi"),
        filename="viec-cua-toi",
        roles=frozenset(role for section in worklist.SECTIONS for role in section.roles) or frozenset(Role),
        filters_type=SectionFilters,
        read_filters=section_filters_from_request,
        select=_select,
        header=(_l("Số"), _l("Ngày nhận"), _l("Loại"), _l("Trạng thái"), _l("Tóm tắt"), _l("Hạn xử lý"), _l("Việc phải làm")),
        rows=_rows,
        page="main.index",
    )
)
