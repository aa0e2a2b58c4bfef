"""The letter register's export (petitions.exports): its filters as its page reads them (the search term from the
server-side session), its rows as its page shows them (no writer: the list names none)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import request, session

from petitions.auth.models import User
from petitions.dates import date_arg
from petitions.domain.records import LetterStatus, LetterType
from petitions.exports.services import ListExport, register_export
from petitions.i18n import lazy_gettext as _l
from petitions.letters import queries
from petitions.letters.labels import STATUS_LABELS, TYPE_LABELS, clock_label
from petitions.letters.models import Letter
from petitions.letters.permissions import READ_ROLES
from petitions.request_args import enum_arg, int_arg

SEARCH_KEY = "letters_search"


def letter_filters_from_request() -> queries.LetterFilters:
    """The register's filters: the query string's, and the search term kept in the session (never in a URL)."""
    sort = request.args.get("sort", "")
    return queries.LetterFilters(
        text=session.get(SEARCH_KEY, ""),
        letter_type=enum_arg(LetterType, "type"),
        status=enum_arg(LetterStatus, "status"),
        field_item_id=int_arg("field"),
        due_from=date_arg("due_from"),
        due_to=date_arg("due_to"),
        overdue=request.args.get("overdue") == "1",
        officer_id=int_arg("officer"),
        agency_id=int_arg("agency"),
        year=int_arg("year"),
        include_void=request.args.get("void") == "1",
        sort=sort if sort in queries.SORTS else "received_desc",
    )


def _select(user: User, filters: queries.LetterFilters, today: date) -> tuple[sa.Select[Any], tuple[Any, ...]]:
    return queries.letters_select(user, filters, today=today)


def _rows(_user: User, letters: list[Letter], _today: date) -> list[tuple[object, ...]]:
    due = queries.due_clocks(letters)  # one query per chunk, as one per page
    rows: list[tuple[object, ...]] = []
    for letter in letters:
        clock = due.get(letter.id)
        sent = (str(letter.repeat_count + 1) if letter.repeat_count else "") + (str(_l("trùng")) if letter.duplicate_of_id else "")
        rows.append(
            (
                letter.register_label,
                letter.received_on,
                str(TYPE_LABELS.get(letter.letter_type, "")),
                str(STATUS_LABELS.get(letter.status, "")),
                letter.summary,
                letter.respondent,
                clock.due_on if clock else None,
                clock_label(clock.rule_id) if clock else "",
                sent,
                str(_l("Đã hủy đăng ký")) if letter.is_void else "",
            )
        )
    return rows


LETTERS = register_export(
    ListExport(
        name="letters",
        title=_l("Sổ đăng ký đơn"),
        filename="so-dang-ky-don",
        roles=frozenset(READ_ROLES),
        filters_type=queries.LetterFilters,
        read_filters=letter_filters_from_request,
        select=_select,
        header=(
            _l("Số"), _l("Ngày nhận"), _l("Loại"), _l("Trạng thái"), _l("Tóm tắt"), _l("Bị khiếu nại, tố cáo"),
            _l("Hạn xử lý"), _l("Việc phải làm"), _l("Lần gửi"), _l("Ghi chú"),
        ),
        rows=_rows,
        page="letters.index",
    )
)
