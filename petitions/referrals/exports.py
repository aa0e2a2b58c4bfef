"""The workspace list's export (petitions.exports): the items sent to the user's body, with its filters (state, kind,
overdue) as its page reads them and its rows as its page shows them."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import request

from petitions.auth.models import User
from petitions.domain.referrals import ReferralKind, ReferralStatus
from petitions.domain.types import Role
from petitions.exports.services import ListExport, register_export
from petitions.i18n import lazy_gettext as _l
from petitions.referrals import queries
from petitions.referrals.labels import KIND_LABELS, STATUS_LABELS
from petitions.referrals.models import Referral
from petitions.request_args import enum_arg

# Everyone who works for a body sees its workspace (its page and its export); the administrator sees no case content.
READ_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER, Role.LIAISON, Role.VIEWER)


def workspace_filters_from_request() -> queries.WorkspaceFilters:
    return queries.WorkspaceFilters(
        status=enum_arg(ReferralStatus, "status"),
        kind=enum_arg(ReferralKind, "kind"),
        overdue=request.args.get("overdue") == "1",
    )


def _select(user: User, filters: queries.WorkspaceFilters, today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    return queries.workspace_select(user, filters, today=today)


def _rows(_user: User, referrals: list[Referral], today: date) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for r in referrals:
        late = r.is_open and r.status in queries.WITH_BODY and r.answer_due_on is not None and r.answer_due_on < today
        extension = str(_l("Đề nghị gia hạn %(n)s ngày", n=r.extension_requested_days)) if r.extension_requested_days else ""
        rows.append(
            (
                str(_l("Đơn số %(number)s", number=r.letter.register_label)),
                str(KIND_LABELS.get(r.kind, "")),
                r.office_agency.name,
                r.sent_on,
                r.answer_due_on,
                str(_l("Quá hạn")) if late else "",
                str(STATUS_LABELS.get(r.status, "")),
                extension,
            )
        )
    return rows


WORKSPACE = register_export(
    ListExport(
        name="workspace",
        title=_l("Việc được gửi đến cơ quan"),
        filename="viec-duoc-gui-den",
        roles=frozenset(READ_ROLES),
        filters_type=queries.WorkspaceFilters,
        read_filters=workspace_filters_from_request,
        select=_select,
        header=(
            _l("Đơn"), _l("Hình thức"), _l("Cơ quan gửi"), _l("Ngày gửi"), _l("Hạn trả lời"), _l("Quá hạn"),
            _l("Trạng thái"), _l("Ghi chú"),
        ),
        rows=_rows,
        page="referrals.index",
    )
)
