"""Document read helpers: the scoped loader, the register list with filters, the printable register."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import abort

from petitions.auth.models import User
from petitions.auth.permissions import agency_subtree_ids, scope_condition
from petitions.directory.models import Agency
from petitions.documents.models import Document, DocumentStatus
from petitions.extensions import db

SORTS: dict[str, tuple[sa.ColumnElement[Any], ...]] = {
    "number_desc": (Document.number_year.desc(), Document.number.desc(), Document.id.desc()),
    "number_asc": (Document.number_year.asc(), Document.number.asc(), Document.id.asc()),
    "date_desc": (Document.issue_date.desc(), Document.created_at.desc(), Document.id.desc()),
    "date_asc": (Document.issue_date.asc(), Document.created_at.asc(), Document.id.asc()),
}
DEFAULT_SORT = "date_desc"


def visible_documents(user: User) -> sa.Select[Document]:
    """Documents whose issuing agency is the user's home agency or below it."""
    return sa.select(Document).where(scope_condition(user, Document.issuing_agency_id))


def get_document_for(user: User, document_id: int) -> Document:
    """The document if the user may see it; 404 otherwise (its existence is not revealed)."""
    document = db.session.scalar(visible_documents(user).where(Document.id == document_id))
    if document is None:
        abort(404)
    return document


def visible_agencies(user: User) -> list[Agency]:
    """Agencies the user may issue for and filter by: their home agency and those below it."""
    if user.agency_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Agency).where(Agency.id.in_(agency_subtree_ids(user.agency_id))).order_by(Agency.name)
        )
    )


@dataclass(frozen=True)
class DocumentFilters:
    agency_id: int | None = None
    year: int | None = None
    doc_type: str | None = None
    status: DocumentStatus | None = None
    sort: str = DEFAULT_SORT


def document_year() -> sa.ColumnElement[int]:
    """The register year: the number's year, else (a draft) the year it was created."""
    return sa.func.coalesce(Document.number_year, sa.extract("year", Document.created_at))


def filtered_documents(user: User, filters: DocumentFilters) -> sa.Select[Document]:
    query = visible_documents(user)
    if filters.agency_id is not None:
        query = query.where(Document.issuing_agency_id == filters.agency_id)
    if filters.year is not None:
        query = query.where(document_year() == filters.year)
    if filters.doc_type:
        query = query.where(Document.doc_type == filters.doc_type)
    if filters.status is not None:
        query = query.where(Document.status == filters.status)
    return query.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def register_documents(user: User, agency_id: int, year: int) -> list[Document]:
    """The numbered documents (issued and void) of one agency's register for one year, by number."""
    query = visible_documents(user).where(
        Document.issuing_agency_id == agency_id,
        Document.number_year == year,
        Document.number.is_not(None),
    )
    return list(db.session.scalars(query.order_by(Document.number)))
