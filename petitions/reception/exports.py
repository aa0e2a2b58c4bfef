"""The reception book's and the citizen list's exports (petitions.exports): their filters as their pages read them,
their rows as their pages show them — a denouncer never named (their vault code for a cleared reader only), identity
numbers masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import request, session

from petitions.auth.clearance import has_identity_clearance
from petitions.auth.models import User
from petitions.citizens.models import Citizen
from petitions.citizens.queries import citizen_address
from petitions.dates import date_arg
from petitions.domain.reception import SessionKind, VisitClass, VisitOutcome, mask_id_number
from petitions.exports.services import ListExport, register_export
from petitions.i18n import lazy_gettext as _l
from petitions.reception import queries
from petitions.reception.forms import CLASS_LABELS, KIND_LABELS, MODE_LABELS, OUTCOME_LABELS
from petitions.reception.forms import STATUS_LABELS as SESSION_STATUS_LABELS
from petitions.reception.models import ReceptionSession, Visit
from petitions.reception.permissions import READ_ROLES
from petitions.request_args import int_arg

CITIZEN_SEARCH_KEY = "reception_citizen_search"


@dataclass(frozen=True)
class VisitListFilters(queries.VisitFilters):
    """The reception book's filters and its order (newest or oldest first)."""

    newest_first: bool = True


def visit_filters_from_request() -> VisitListFilters:
    """The reception book's filters from the query string (its page and its export)."""
    delegation = request.args.get("delegation")
    kind = request.args.get("kind") or None
    outcome = request.args.get("outcome") or None
    return VisitListFilters(
        date_from=date_arg("from"),
        date_to=date_arg("to"),
        officer_id=int_arg("officer"),
        session_id=int_arg("session"),
        kind=kind if kind in {k.value for k in SessionKind} else None,
        delegation={"yes": True, "no": False}.get(delegation or ""),
        outcome=outcome if outcome in {o.value for o in VisitOutcome} else None,
        agency_id=int_arg("unit"),
        newest_first=request.args.get("order") != "asc",
    )


def _visits(user: User, filters: VisitListFilters, _today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    return queries.visits_select(user, filters, newest_first=filters.newest_first)


SECRET_VISITOR = _l("Người tố cáo (được bảo mật)")


def visitor(visit: Visit, *, cleared: bool) -> tuple[str, str]:
    """(name, address) of who came, as the book's page shows them (templates/reception/_visit_who.html): a
    denunciation's visitor only as a vault code, and only to a cleared reader."""
    if visit.classification == VisitClass.DENUNCIATION:
        if cleared and visit.identity_ref is not None:
            return str(_l("Mã danh tính %(code)s", code=visit.identity_ref.code)), ""
        return str(SECRET_VISITOR), ""
    citizen = visit.citizen
    if citizen is None:
        return "", ""
    return citizen.full_name, citizen_address(citizen)


def _visit_rows(user: User, visits: list[Visit], _today: date) -> list[tuple[object, ...]]:
    cleared = has_identity_clearance(user)
    rows: list[tuple[object, ...]] = []
    for visit in visits:
        name, address = visitor(visit, cleared=cleared)
        rows.append(
            (
                f"{visit.book_number}/{visit.book_year}",
                visit.visited_on,
                name,
                address,
                visit.summary,
                str(CLASS_LABELS.get(visit.classification, "")),
                visit.headcount,
                str(_l("Đoàn")) if visit.is_delegation else "",
                str(OUTCOME_LABELS.get(visit.outcome, "")),
                visit.officer.full_name if visit.officer else "",
            )
        )
    return rows


VISITS = register_export(
    ListExport(
        name="visits",
        title=_l("Sổ tiếp công dân"),
        filename="so-tiep-cong-dan",
        roles=frozenset(READ_ROLES),
        filters_type=VisitListFilters,
        read_filters=visit_filters_from_request,
        select=_visits,
        header=(
            _l("Số"), _l("Ngày"), _l("Họ tên"), _l("Địa chỉ"), _l("Nội dung"), _l("Phân loại"), _l("Số người"),
            _l("Đoàn"), _l("Kết quả"), _l("Cán bộ"),
        ),
        rows=_visit_rows,
        page="reception.index",
    )
)


@dataclass(frozen=True)
class CitizenListFilters:
    """The citizen list's search (kept in the server-side session, never in a URL)."""

    text: str | None = None


def citizen_filters_from_request() -> CitizenListFilters:
    return CitizenListFilters(text=session.get(CITIZEN_SEARCH_KEY) or None)


def _citizens(user: User, filters: CitizenListFilters, _today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    query, order, _count_in_order = queries.citizens_select(user, text=filters.text)
    return query, order


def _citizen_rows(_user: User, citizens: list[Citizen], _today: date) -> list[tuple[object, ...]]:
    # As the list shows them (templates/reception/citizens.html): the identity number masked, no phone.
    return [
        (c.full_name, c.birth_year, mask_id_number(c.id_number), c.address_unit.name if c.address_unit else "")
        for c in citizens
    ]


CITIZENS = register_export(
    ListExport(
        name="citizens",
        title=_l("Công dân"),
        filename="cong-dan",
        roles=frozenset(READ_ROLES),
        filters_type=CitizenListFilters,
        read_filters=citizen_filters_from_request,
        select=_citizens,
        header=(_l("Họ và tên"), _l("Năm sinh"), _l("Giấy tờ"), _l("Xã, phường")),
        rows=_citizen_rows,
        page="reception.citizens",
    )
)


# Reception sessions (the page "Buổi tiếp"): no filters, newest first, as its page lists them.


@dataclass(frozen=True)
class SessionFilters:
    """The sessions page has no filters: every session of the user's agency tree."""


def session_filters_from_request() -> SessionFilters:
    return SessionFilters()


def _session_select(user: User, _filters: SessionFilters, _today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    return queries.sessions_select(user)


def _session_rows(_user: User, sessions: list[ReceptionSession], _today: date) -> list[tuple[object, ...]]:
    publish_by = queries.publish_by_dates(sessions)
    return [
        (
            item.held_on,
            str(KIND_LABELS.get(item.kind, "")),
            str(MODE_LABELS.get(item.mode, "")),
            item.leader_name,
            str(SESSION_STATUS_LABELS.get(item.status, "")),
            publish_by.get(item.id),
            item.schedule_published_on,
        )
        for item in sessions
    ]


SESSIONS = register_export(
    ListExport(
        name="sessions",
        title=_l("Buổi tiếp công dân"),
        filename="buoi-tiep",
        roles=frozenset(READ_ROLES),
        filters_type=SessionFilters,
        read_filters=session_filters_from_request,
        select=_session_select,
        header=(
            _l("Ngày"), _l("Loại"), _l("Hình thức"), _l("Lãnh đạo chủ trì"), _l("Tình trạng"),
            _l("Hạn thông báo lịch (D1)"), _l("Ngày thông báo"),
        ),
        rows=_session_rows,
        page="reception.sessions",
    )
)
