"""The outgoing document register's export (petitions.exports): its filters as its page reads them, its rows as its
page shows them."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import request
from flask_login import current_user

from petitions.auth.models import User
from petitions.clock import local_today
from petitions.documents import queries
from petitions.documents.labels import STATUS_LABELS, type_label
from petitions.documents.models import Document, DocumentStatus
from petitions.documents.permissions import READ_ROLES
from petitions.exports.services import ListExport, register_export
from petitions.i18n import lazy_gettext as _l
from petitions.printing import DEFAULT_REGISTRY, template_for
from petitions.request_args import int_arg


def type_titles() -> dict[str, str]:
    """The document types offered today, code → what each is for (documents.labels.TYPE_LABELS; several share a
    printed title), in the registry's order."""
    today = local_today()
    titles = {}
    for code in DEFAULT_REGISTRY.codes():
        try:
            title = template_for(code, today).title
        except Exception:  # noqa: BLE001 - a type with no generation valid today is not offered
            continue
        titles[code] = str(type_label(code, title))
    return titles


def document_filters_from_request() -> queries.DocumentFilters:
    """The register's filters from the query string: an agency outside the user's is no filter."""
    agency_ids = {agency.id for agency in queries.visible_agencies(current_user)}
    agency_id = int_arg("agency")
    status = request.args.get("status", "")
    sort = request.args.get("sort", queries.DEFAULT_SORT)
    return queries.DocumentFilters(
        agency_id=agency_id if agency_id in agency_ids else None,
        year=int_arg("year"),
        doc_type=request.args.get("type") or None,
        status=DocumentStatus(status) if status in {s.value for s in DocumentStatus} else None,
        sort=sort if sort in queries.SORTS else queries.DEFAULT_SORT,
    )


def _select(user: User, filters: queries.DocumentFilters, _today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    return queries.documents_select(user, filters)


def _rows(_user: User, documents: list[Document], _today: date) -> list[tuple[object, ...]]:
    titles = type_titles()
    return [
        (
            document.number_symbol or str(_l("(chưa cấp số)")),
            document.issue_date,
            titles.get(document.doc_type, document.doc_type),
            document.subject,
            document.signer_name,
            document.issuing_body,
            str(STATUS_LABELS.get(document.status, "")),
        )
        for document in documents
    ]


DOCUMENTS = register_export(
    ListExport(
        name="documents",
        title=_l("Sổ đăng ký văn bản đi"),
        filename="so-van-ban-di",
        roles=frozenset(READ_ROLES),
        filters_type=queries.DocumentFilters,
        read_filters=document_filters_from_request,
        select=_select,
        header=(
            _l("Số, ký hiệu"), _l("Ngày"), _l("Loại văn bản"), _l("Trích yếu"), _l("Người ký"), _l("Cơ quan ban hành"),
            _l("Trạng thái"),
        ),
        rows=_rows,
        page="documents.index",
    )
)
