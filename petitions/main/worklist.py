"""The worklist ("Việc của tôi"): the sections of the home page, each a scoped, keyset-paged list of letters.

A section is data: who sees it (an officer's own letters, or a leader's office), the condition that
picks its letters and the indexed order they are listed in. Every section is built on
`visible_letters(user)` (petitions.letters.queries: the agency scope, a liaison's assignment, case
restrictions), so a letter of another agency never appears; each is paged by petitions.paging with a
capped total, which is the count the home page shows.

Sections (DOMAIN §3 steps 5–7, §3.5, §5 "worklist handling deadline"):
- to handle: letters assigned to me, status "assigned" (the officer's next act is a proposal), except
- returned for revision: those whose latest state-setting status event is the leader's return
  (petitions.domain.letter_flow.LetterTransition.RETURN_FOR_REVISION);
- mine due within 3 working days / overdue: my letters whose handling due date (the earliest open
  D10/D21/D22, kept on the row) falls in [today, the 3rd working day after today] / before today;
- to assign (leaders): letters received and not yet assigned in the leader's scope;
- waiting for my approval (leaders): letters whose officer proposed a handling (status "proposed");
- approved, waiting to be issued (leaders): the approved proposal's papers still to be issued and numbered
  (status "approved"; the issue moves the letter on);
- the office's letters due within 3 working days / overdue (leaders);
- urgent reports (leaders): letters reported as urgent and not yet acknowledged
  (Letter.urgent_reported_at / urgent_acknowledged_at, TT 05/2021 Đ16).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.auth.permissions import scope_condition
from petitions.deadlines.models import Clock
from petitions.deadlines.queries import load_working_calendar
from petitions.directory.queries import agency_subtree_ids
from petitions.domain.deadlines import DeadlineError
from petitions.domain.letter_flow import LetterTransition
from petitions.domain.records import LetterStatus
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.i18n import lazy_gettext as _l
from petitions.letters.models import Letter, LetterHandover, LetterStatusEvent
from petitions.letters.queries import due_clocks, visible_letters
from petitions.paging import KeysetPage, keyset_page

DUE_SOON_WORKING_DAYS = 3
HOME_ITEMS = 10  # items a section shows on the home page; the section's own page shows a full page

OFFICER_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER})
LEADER_ROLES = frozenset({Role.LEADER})

BY_RECEIPT = (Letter.received_on, Letter.id)
BY_DUE = (Letter.handling_due_on, Letter.id)


@dataclass(frozen=True)
class Window:
    """What a worklist is counted on: today, the last day of "due soon", and the condition "the letter is
    my office's" (its agency in charge is the user's or below it), read once per page."""

    today: date
    soon_until: date
    own: Any = sa.true()  # a SQL condition


# A leader's office sections hold the office's own letters: a letter another office handed to this body
# for advice or verification (visible through the hand-over) is assigned and approved by that office.
def _office(window: Window, condition: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    return sa.and_(window.own, condition)


OPEN_STATES = (LetterStatus.RECEIVED, LetterStatus.ASSIGNED, LetterStatus.PROPOSED, LetterStatus.APPROVED)


def _handed_to_my_body(user: User, window: Window) -> sa.ColumnElement[bool]:
    """Letters of another office handed to the user's body (or one below it), still being handled."""
    if user.agency_id is None:
        return sa.false()
    # The body's ids are read first: the scope's own statement already holds a subtree CTE of that name.
    bodies = list(db.session.scalars(agency_subtree_ids(user.agency_id)))
    handed = sa.select(LetterHandover.letter_id).where(LetterHandover.agency_id.in_(bodies))
    return sa.and_(Letter.id.in_(handed), Letter.status.in_(OPEN_STATES), sa.not_(window.own))


@dataclass(frozen=True)
class Section:
    key: str
    title: Any  # a lazy string
    hint: Any
    roles: frozenset[Role]
    condition: Callable[[User, Window], sa.ColumnElement[bool]]
    order: tuple[Any, ...]
    alert: bool = False  # shown in red when it holds anything


def _mine(user: User) -> sa.ColumnElement[bool]:
    return Letter.assigned_officer_id == user.id


# Transitions that leave the letter's state as it was (an alert, its acknowledgement, a hand-over for
# advice): "returned for revision" looks past them to the last event that set the state.
_STATE_KEEPING = (LetterTransition.URGENT_REPORT, LetterTransition.ACKNOWLEDGE_URGENT, LetterTransition.HAND_OVER)


def _returned_now() -> sa.ColumnElement[bool]:
    """The letter's last state-setting status event is the leader's return: a return event of this letter
    with no later event that set the state. Correlated on the letter (EXISTS / NOT EXISTS), so each of
    the officer's letters is probed through the (transition, letter_id) index; the uncorrelated
    `id NOT IN (…)` it replaces made PostgreSQL hash every return event of the table first (53,000 at
    1,000,000 letters: 0.7 s per query)."""
    returned = sa.orm.aliased(LetterStatusEvent)
    later = sa.orm.aliased(LetterStatusEvent)
    return sa.exists().where(
        returned.letter_id == Letter.id,
        returned.transition == LetterTransition.RETURN_FOR_REVISION.value,
        ~sa.exists().where(
            later.letter_id == returned.letter_id,
            later.id > returned.id,
            sa.func.coalesce(later.transition, "").not_in([t.value for t in _STATE_KEEPING]),
        ),
    )


def _returned(user: User) -> sa.ColumnElement[bool]:
    """My assigned letters whose last move was the leader's return (contract: status assigned, latest
    event RETURN_FOR_REVISION)."""
    return sa.and_(_mine(user), Letter.status == LetterStatus.ASSIGNED, _returned_now())


def _to_handle(user: User) -> sa.ColumnElement[bool]:
    """My assigned letters not returned for revision (those have their own section)."""
    return sa.and_(_mine(user), Letter.status == LetterStatus.ASSIGNED, ~_returned_now())


SECTIONS: tuple[Section, ...] = (
    Section(
        "urgent",
        _l("Báo cáo khẩn chờ lãnh đạo tiếp nhận"),
        _l("Đơn có nguy cơ gây thiệt hại nghiêm trọng hoặc sắp xảy ra đã được báo cáo khẩn."),
        LEADER_ROLES,
        lambda user, window: _office(
            window, sa.and_(Letter.urgent_reported_at.is_not(None), Letter.urgent_acknowledged_at.is_(None))
        ),
        BY_RECEIPT,
        alert=True,
    ),
    Section(
        "awaiting_approval",
        _l("Chờ tôi duyệt"),
        _l("Cán bộ đã đề xuất hướng xử lý; lãnh đạo duyệt hoặc trả lại."),
        LEADER_ROLES,
        lambda user, window: _office(window, Letter.status == LetterStatus.PROPOSED),
        BY_RECEIPT,
    ),
    Section(
        "awaiting_issue",
        _l("Đã duyệt, chờ ban hành"),
        _l("Đề xuất đã được duyệt; văn bản của đơn chờ ban hành, cấp số (mở đơn để ban hành từng văn bản)."),
        LEADER_ROLES,
        lambda user, window: _office(window, Letter.status == LetterStatus.APPROVED),
        BY_RECEIPT,
    ),
    Section(
        "to_assign",
        _l("Chờ giao xử lý"),
        _l("Đơn đã tiếp nhận, chưa giao cho cán bộ nào."),
        LEADER_ROLES,
        lambda user, window: _office(window, Letter.status == LetterStatus.RECEIVED),
        BY_RECEIPT,
    ),
    Section(
        "office_overdue",
        _l("Đơn của cơ quan đã quá hạn xử lý"),
        _l("Hạn xử lý (sớm nhất trong các thời hạn D10, D21, D22 đang chạy) đã qua."),
        LEADER_ROLES,
        lambda user, window: _office(window, Letter.handling_due_on < window.today),
        BY_DUE,
        alert=True,
    ),
    Section(
        "office_due_soon",
        _l("Đơn của cơ quan sắp đến hạn (trong 3 ngày làm việc)"),
        _l("Hạn xử lý từ hôm nay đến hết ngày làm việc thứ ba kể từ hôm nay."),
        LEADER_ROLES,
        lambda user, window: _office(window, Letter.handling_due_on.between(window.today, window.soon_until)),
        BY_DUE,
    ),
    Section(
        "returned",
        _l("Bị trả lại để làm lại"),
        _l("Lãnh đạo đã trả lại đề xuất của tôi kèm ý kiến; xem ý kiến trên trang của đơn."),
        OFFICER_ROLES,
        lambda user, window: _returned(user),
        BY_RECEIPT,
        alert=True,
    ),
    Section(
        "to_handle",
        _l("Đơn được giao cho tôi"),
        _l("Đơn đã giao cho tôi xử lý, chưa đề xuất hướng xử lý."),
        OFFICER_ROLES,
        lambda user, window: _to_handle(user),
        BY_RECEIPT,
    ),
    Section(
        "handed_over",
        _l("Đơn cơ quan khác giao tham mưu, xác minh"),
        _l("Đơn của cơ quan khác được giao cho cơ quan tôi để tham mưu, xác minh, đang xử lý."),
        OFFICER_ROLES,
        _handed_to_my_body,
        BY_RECEIPT,
    ),
    Section(
        "mine_overdue",
        _l("Đơn của tôi đã quá hạn xử lý"),
        _l("Đơn giao cho tôi có hạn xử lý đã qua."),
        OFFICER_ROLES,
        lambda user, window: sa.and_(_mine(user), Letter.handling_due_on < window.today),
        BY_DUE,
        alert=True,
    ),
    Section(
        "mine_due_soon",
        _l("Đơn của tôi sắp đến hạn (trong 3 ngày làm việc)"),
        _l("Đơn giao cho tôi có hạn xử lý từ hôm nay đến hết ngày làm việc thứ ba kể từ hôm nay."),
        OFFICER_ROLES,
        lambda user, window: sa.and_(
            _mine(user), Letter.handling_due_on.between(window.today, window.soon_until)
        ),
        BY_DUE,
    ),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


def sections_for(user: User) -> list[Section]:
    """The sections this user's role has, in the page's order."""
    return [section for section in SECTIONS if user.role in section.roles]


def window_for(today: date, user: User | None = None) -> Window:
    """Today and the third working day after it on the confirmed calendar (a calendar not confirmed
    that far counts three weekdays: the section still shows, the administrator is reminded elsewhere),
    and the user's own office."""
    try:
        soon = load_working_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
    except DeadlineError:
        soon, left = today, DUE_SOON_WORKING_DAYS
        while left:
            soon += timedelta(days=1)
            left -= soon.weekday() < 5
    own = scope_condition(user, Letter.agency_in_charge_id) if user is not None else sa.true()
    return Window(today=today, soon_until=soon, own=own)


def scoped_letters(user: User) -> sa.Select[Letter]:
    """The letters every section starts from: the user's scope (visible_letters), not voided. Built once
    per page: the scope's statement (agency subtree, case restrictions) costs more to build than a
    section's query costs to run."""
    return visible_letters(user).where(Letter.is_void.is_(False))


def section_query(user: User, section: Section, window: Window, scoped: sa.Select[Letter] | None = None) -> sa.Select[Letter]:
    """The section's letters: the user's scope, not voided, the section's condition."""
    return (scoped if scoped is not None else scoped_letters(user)).where(section.condition(user, window))


@dataclass(frozen=True)
class SectionPage:
    section: Section
    page: KeysetPage[Letter]
    clocks: dict[int, Clock]

    @property
    def count(self) -> int:
        return self.page.total or 0


def section_page(
    user: User,
    section: Section,
    window: Window,
    *,
    after: str | None = None,
    size: int | None = None,
    scoped: sa.Select[Letter] | None = None,
) -> SectionPage:
    """One page of a section with its capped total and each letter's handling clock (one query)."""
    page = keyset_page(
        section_query(user, section, window, scoped),
        section.order,
        after=after,
        list_key=f"worklist:{section.key}",
        size=size,
        count_total=True,
    )
    return SectionPage(section, page, due_clocks(page.rows))


def worklist(user: User, today: date, *, size: int = HOME_ITEMS) -> list[SectionPage]:
    """Every section of the user's home page, first `size` letters each."""
    window = window_for(today, user)
    scoped = scoped_letters(user)
    return [section_page(user, section, window, size=size, scoped=scoped) for section in sections_for(user)]
