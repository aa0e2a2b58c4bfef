"""The case list's export (petitions.exports): its filters as its page reads them (the title search from the
server-side session), its rows as its page shows them, the resolution deadline with it."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import request, session

from petitions.auth.models import User
from petitions.cases import queries
from petitions.cases.labels import ROUND_LABELS, STATUS_LABELS, TYPE_LABELS
from petitions.cases.models import CaseFile
from petitions.cases.permissions import READ_ROLES
from petitions.deadlines.models import RecordType
from petitions.deadlines.queries import current_handling_clocks
from petitions.domain.deadlines import CASE_RESOLUTION_RULE_IDS
from petitions.domain.records import CaseRound, CaseStatus, CaseType
from petitions.exports.services import ListExport, register_export
from petitions.i18n import lazy_gettext as _l
from petitions.request_args import enum_arg, int_arg

SEARCH_KEY = "cases_search"


def case_filters_from_request() -> queries.CaseFilters:
    """The case list's filters: the query string's, and the title search kept in the session (never in a URL)."""
    sort = request.args.get("sort", "")
    return queries.CaseFilters(
        text=session.get(SEARCH_KEY, ""),
        status=enum_arg(CaseStatus, "status"),
        case_type=enum_arg(CaseType, "type"),
        case_round=enum_arg(CaseRound, "round"),
        agency_id=int_arg("agency"),
        handler_id=int_arg("handler"),
        overdue=request.args.get("overdue") == "1",
        sort=sort if sort in queries.SORTS else "opened_desc",
    )


def _select(user: User, filters: queries.CaseFilters, today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    return queries.cases_select(user, filters, today=today)


def _rows(_user: User, cases: list[CaseFile], _today: date) -> list[tuple[object, ...]]:
    due = current_handling_clocks(RecordType.CASE, [case.id for case in cases], listed=True, rule_ids=CASE_RESOLUTION_RULE_IDS)
    rows: list[tuple[object, ...]] = []
    for case in cases:
        clock = due.get(case.id)
        rows.append(
            (
                case.id,
                case.opened_on,
                str(TYPE_LABELS.get(case.case_type, "")),
                str(ROUND_LABELS.get(case.case_round, "")),
                str(STATUS_LABELS.get(case.status, "")),
                case.title,
                clock.due_on if clock else None,
                str(_l("tạm đình chỉ")) if clock and clock.paused_since else "",
            )
        )
    return rows


CASES = register_export(
    ListExport(
        name="cases",
        title=_l("Vụ việc"),
        filename="vu-viec",
        roles=frozenset(READ_ROLES),
        filters_type=queries.CaseFilters,
        read_filters=case_filters_from_request,
        select=_select,
        header=(
            _l("Số"), _l("Ngày phát sinh"), _l("Loại"), _l("Lần"), _l("Trạng thái"), _l("Nội dung"),
            _l("Hạn giải quyết"), _l("Ghi chú"),
        ),
        rows=_rows,
        page="cases.index",
    )
)
