"""The chasing list's export (petitions.exports): its filters as its page reads them, its rows as its page shows
them (each step with its letter's number, the body chased, the deadline, the step and its state)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import request

from petitions.auth.models import User
from petitions.chasing import queries
from petitions.chasing.labels import STATUS_LABELS, STEP_LABELS
from petitions.chasing.models import Chase
from petitions.domain.chasing import ChaseStatus, ChaseStep
from petitions.exports.services import ListExport, register_export
from petitions.i18n import lazy_gettext as _l
from petitions.request_args import enum_arg

READ_ROLES = frozenset(queries.OFFICE_ROLES)  # as the list page (chasing.views.READ_ROLES)


def chase_filters_from_request() -> queries.ChaseFilters:
    """The list's filters: waiting for a leader unless a state (or "all") is asked, and a step."""
    raw_status = request.args.get("status")
    status = None if raw_status == "all" else (enum_arg(ChaseStatus, "status") or ChaseStatus.PROPOSED)
    return queries.ChaseFilters(status=status, step=enum_arg(ChaseStep, "step"))


def _select(user: User, filters: queries.ChaseFilters, _today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    return queries.chases_select(user, filters)


def _rows(_user: User, chases: list[Chase], _today: date) -> list[tuple[object, ...]]:
    return [
        (
            str(_l("Đơn số %(number)s", number=c.referral.letter.register_label)),
            c.agency.name,
            c.deadline_on,
            str(STEP_LABELS.get(c.step, "")),
            c.recipient_agency.name,
            c.proposed_on,
            str(STATUS_LABELS.get(c.status, "")),
            c.reason or "",
        )
        for c in chases
    ]


CHASES = register_export(
    ListExport(
        name="chasing",
        title=_l("Đôn đốc cơ quan chậm trả lời"),
        filename="don-doc",
        roles=READ_ROLES,
        filters_type=queries.ChaseFilters,
        read_filters=chase_filters_from_request,
        select=_select,
        header=(
            _l("Đơn"), _l("Cơ quan nhận"), _l("Hạn trả lời"), _l("Bước"), _l("Gửi đến"), _l("Ngày đề xuất"),
            _l("Trạng thái"), _l("Lý do"),
        ),
        rows=_rows,
        page="chasing.index",
    )
)
