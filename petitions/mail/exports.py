"""The e-mail outbox's export (petitions.exports): the messages of the status filter on screen, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions import request_args
from petitions.auth.models import User
from petitions.clock import to_local
from petitions.domain.types import Role
from petitions.exports.services import ListExport, register_export
from petitions.i18n import lazy_gettext as _l
from petitions.mail import queries
from petitions.mail.models import MailStatus, OutgoingMail

STATUS_LABELS = {
    MailStatus.QUEUED: _l("Chờ gửi"), MailStatus.SENDING: _l("Đang gửi"), MailStatus.SENT: _l("Đã gửi"),
    MailStatus.FAILED: _l("Thất bại"),
}


@dataclass(frozen=True)
class OutboxFilters:
    status: MailStatus | None = None


def outbox_filters_from_request() -> OutboxFilters:
    return OutboxFilters(status=request_args.enum_arg(MailStatus, "status"))


def _select(_user: User, filters: OutboxFilters, _today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    return queries.outbox_query(filters.status), queries.OUTBOX_ORDER


def _rows(_user: User, mails: list[OutgoingMail], _today: date) -> list[tuple[object, ...]]:
    numbers = queries.document_numbers(mails)
    return [
        (
            mail.id, to_local(mail.created_at), mail.to_address,
            numbers.get(mail.document_id, "") if mail.document_id else "", mail.purpose,
            str(STATUS_LABELS.get(mail.status, mail.status)), mail.attempts,
            to_local(mail.sent_at) if mail.sent_at else None, mail.last_error or "",
        )
        for mail in mails
    ]


OUTBOX = register_export(
    ListExport(
        name="outbox",
        title=_l("Thư điện tử thông báo"),
        filename="thu-dien-tu",
        roles=frozenset({Role.ADMIN}),
        filters_type=OutboxFilters,
        read_filters=outbox_filters_from_request,
        select=_select,
        header=(
            "#", _l("Tạo lúc"), _l("Gửi đến"), _l("Văn bản"), _l("Loại"), _l("Trạng thái"), _l("Số lần gửi"),
            _l("Gửi lúc"), _l("Lỗi gần nhất"),
        ),
        rows=_rows,
        page="mail.outbox",
    )
)
