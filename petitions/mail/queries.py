"""Reads of the outbox: the administrator's list (statuses, attempts, errors; never the message bodies)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from petitions.documents.models import Document
from petitions.extensions import db
from petitions.mail.models import MailStatus, OutgoingMail

# The list's order: newest first (the primary key, as keyset paging needs; ix_outgoing_mail_status serves a filter).
OUTBOX_ORDER = (OutgoingMail.id.desc(),)


def outbox_query(status: MailStatus | None = None) -> sa.Select[OutgoingMail]:
    query = sa.select(OutgoingMail)
    if status is not None:
        query = query.where(OutgoingMail.status == status)
    return query


def document_numbers(mails: Iterable[OutgoingMail]) -> dict[int, str]:
    """The number ("05/BTCD-TCD") of each document the listed messages carry, in one query."""
    ids = {mail.document_id for mail in mails if mail.document_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Document.id, Document.number_symbol).where(Document.id.in_(ids)))
    return {document_id: number or "" for document_id, number in rows}


def count_by_status() -> dict[MailStatus, int]:
    rows = db.session.execute(sa.select(OutgoingMail.status, sa.func.count()).group_by(OutgoingMail.status))
    return {status: int(count) for status, count in rows}
