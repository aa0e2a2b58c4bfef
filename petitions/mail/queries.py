"""Reads of the outbox: the administrator's list (statuses, attempts, errors; never the message bodies)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from petitions.documents.models import Document
from petitions.extensions import db
from petitions.mail.models import MailStatus, OutgoingMail
from petitions.paging import capped_total

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


def count_by_status() -> dict[MailStatus, tuple[int, bool]]:
    """Per status, the number of messages counted up to the lists' cap, and whether there are more: each an
    index range of ix_outgoing_mail_status, so the filter's counts do not grow with the outbox."""
    return {status: capped_total(outbox_query(status)) for status in MailStatus}
