"""Document read helpers: the scoped loader, the register list with filters, the printable register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.auth.permissions import scope_condition
from petitions.cases.models import CaseFile
from petitions.directory.models import Agency
from petitions.directory.queries import ancestor_id_list
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.paging import KeysetPage, keyset_page
from petitions.scoping import get_visible_or_404, scope_agencies

# A draft has no number and no date yet. Keyset paging needs sort keys that are never NULL, so a
# draft sorts as if its number and date were the largest (where PostgreSQL puts NULLs): first when
# descending, last when ascending, on both databases.
_NO_NUMBER = 2**31 - 1
_NUMBER_YEAR = sa.func.coalesce(Document.number_year, _NO_NUMBER)
_NUMBER = sa.func.coalesce(Document.number, _NO_NUMBER)
_ISSUE_DATE = sa.func.coalesce(Document.issue_date, sa.literal(date(9999, 12, 31), sa.Date))

SORTS: dict[str, tuple[sa.ColumnElement[Any], ...]] = {
    "number_desc": (_NUMBER_YEAR.desc(), _NUMBER.desc(), Document.id.desc()),
    "number_asc": (_NUMBER_YEAR.asc(), _NUMBER.asc(), Document.id.asc()),
    "date_desc": (_ISSUE_DATE.desc(), Document.created_at.desc(), Document.id.desc()),
    "date_asc": (_ISSUE_DATE.asc(), Document.created_at.asc(), Document.id.asc()),
}
DEFAULT_SORT = "date_desc"


# A case's papers are issued in the register of the body that resolves it, which may sit above the office that
# handles the case (the Ban Tiếp công dân drafts for the Chủ tịch Ủy ban nhân dân tỉnh:
# petitions.cases.papers.resolving_body). The handling office keeps them in view through the case.
CASE_RECORD = "case_file"


def visible_documents(user: User) -> sa.Select[Document]:
    """Documents whose issuing agency is the user's home agency or below it, and the papers of the cases the
    user's agency (or one below it) has in charge, in whichever register they are issued."""
    own = scope_condition(user, Document.issuing_agency_id)
    # Only a body above the user's can be such a register; listing those few ids keeps the condition cheap
    # for every row the register's page walks (and absent for a user at the top).
    above = [a for a in ancestor_id_list(user.agency_id) if a != user.agency_id] if user.agency_id else []
    if user.role in (Role.ADMIN, Role.LIAISON) or not above:
        return sa.select(Document).where(own)
    handled = sa.select(CaseFile.id).where(scope_condition(user, CaseFile.agency_in_charge_id))
    # Read from the registers above (few documents), not from every case handled (many): a list of ids.
    theirs = sa.select(Document.id).where(
        Document.issuing_agency_id.in_(above), Document.record_type == CASE_RECORD, (Document.record_id + 0).in_(handled)
    )
    return sa.select(Document).where(sa.or_(own, Document.id.in_(theirs)))


def get_document_for(user: User, document_id: int) -> Document:
    """The document if the user may see it; 404 otherwise (its existence is not revealed)."""
    return get_visible_or_404(visible_documents(user), document_id)


def visible_agencies(user: User) -> list[Agency]:
    """Agencies the user may issue for and filter by: their home agency and those below it."""
    return scope_agencies(user)


def issuing_agencies(user: User, document: Document | None = None) -> list[Agency]:
    """The registers a draft's form offers: the user's agencies, and the register a visible draft is already in
    (a case paper the Ban drafted in the Ủy ban nhân dân tỉnh's register stays there when the Ban edits it)."""
    agencies = visible_agencies(user)
    if document is not None and all(a.id != document.issuing_agency_id for a in agencies):
        agencies = [document.issuing_agency, *agencies]
    return agencies


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


def list_documents(user: User, filters: DocumentFilters, *, after: str | None) -> KeysetPage[Document]:
    """The register, a page at a time in the chosen order (a cursor of another order starts from the top)."""
    sort = filters.sort if filters.sort in SORTS else DEFAULT_SORT
    query, order = documents_select(user, filters)
    return keyset_page(query, order, after=after, list_key=f"documents:{sort}", count_total=True)


def documents_select(user: User, filters: DocumentFilters) -> tuple[sa.Select[Document], tuple[Any, ...]]:
    """The register's scoped, filtered select and its order, as its page and its export read it."""
    sort = filters.sort if filters.sort in SORTS else DEFAULT_SORT
    return filtered_documents(user, filters), SORTS[sort]


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
    return query


def register_documents(user: User, agency_id: int, year: int) -> list[Document]:
    """The numbered documents (issued and void) of one agency's register for one year, by number."""
    query = visible_documents(user).where(
        Document.issuing_agency_id == agency_id,
        Document.number_year == year,
        Document.number.is_not(None),
    )
    return list(db.session.scalars(query.order_by(Document.number)))
