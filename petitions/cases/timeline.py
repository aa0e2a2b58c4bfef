"""The case page's read side: every letter, visit, document, clock, status event and history row of a case, seen
through the user's scope, and the one dated timeline they make (issue 18 "Lineage and timeline").

The letters and visits belong to areas above this one; their scoped selects (letters.queries.visible_letters,
reception.queries.visible_visits) are read here, on the page's side, never by the case's rules (those go through
the registered member readers of petitions.cases.services). A denouncer's identity is never shown: a letter or
visit of a denunciation names nobody here; a cleared user opens the letter or the vault for it (DOMAIN §8).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from petitions.auth.models import User
from petitions.cases import labels, queries
from petitions.cases.members_seen import case_letters, case_visits
from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseOutcome
from petitions.cases.transitions import case_paper_of
from petitions.citizens.models import Citizen
from petitions.citizens.queries import visible_citizens
from petitions.clock import to_local
from petitions.deadlines.models import Clock, RecordType
from petitions.documents.labels import STATUS_LABELS as DOCUMENT_STATUS_LABELS
from petitions.documents.models import Document, DocumentStatus
from petitions.documents.queries import visible_documents
from petitions.domain import case_flow as flow
from petitions.domain.deadlines import is_citizen_window
from petitions.extensions import db
from petitions.history import HistoryEntry, history_of
from petitions.i18n import lazy_gettext as _l
from petitions.letters import labels as letter_labels
from petitions.letters.models import Letter
from petitions.letters.queries import history_names, visible_users
from petitions.reception.forms import CLASS_LABELS as VISIT_CLASS_LABELS
from petitions.reception.forms import OUTCOME_LABELS as VISIT_OUTCOME_LABELS
from petitions.reception.models import Visit
from petitions.scoping import find_visible

# A case's papers name it as "case_file" (the documents register's record scopes, petitions.cases.transitions);
# "case" is the contract's first spelling, read too so that no paper linked either way is left off the page.
CASE_RECORD_TYPES = ("case_file", "case")


@dataclass(frozen=True)
class CaseDocument:
    """A document of the case (record "case") or of one of its letters, and whether the user may open it (a
    paper of another body is in that body's register)."""

    document: Document
    openable: bool
    what: str
    of_letter: Letter | None  # None: the case's own paper


@dataclass(frozen=True)
class CaseClock:
    clock: Clock
    what: str
    of_what: str  # "Vụ việc", "Đơn số 12/2026", "Lượt tiếp số 3/2026"

    @property
    def is_window(self) -> bool:
        """A period of the citizen (petitions.domain.deadlines.is_citizen_window): its end is not overdue."""
        return is_citizen_window(self.clock.rule_id)

    def is_overdue(self, today: date) -> bool:
        """An open task of the office past its due date (a citizen's period past its end is not)."""
        clock = self.clock
        return clock.is_open and clock.due_on is not None and clock.due_on < today and not self.is_window


# What the end of a citizen's period means, said on the timeline instead of "Quá hạn" (Luật KN Đ9, Đ48, Đ33.1,
# Đ44, Đ11.8).
WINDOW_END_WORDS: Mapping[str, Any] = {
    "D12": _l("Hết thời hiệu khiếu nại"),
    "D13": _l("Hết thời hiệu khiếu nại quyết định kỷ luật"),
    "D16": _l("Hết thời hạn khiếu nại lần hai"),
    "D18": _l("Quyết định giải quyết khiếu nại có hiệu lực pháp luật"),
    "D20": _l("Hết thời hạn tiếp tục khiếu nại"),
}


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: its day, what happened, details, and a page to open."""

    day: date
    kind: str  # letter | visit | document | clock | status | due
    what: str
    detail: str = ""
    url: str | None = None
    rank: int = 0  # the same day and moment: arrivals, then papers, then states, then clocks
    moment: datetime | None = None  # when it was recorded (UTC): the order of a day's entries


@dataclass
class CasePage:
    case: CaseFile
    letters: list[Letter]
    writers: dict[str, str]
    visits: list[Visit]
    documents: list[CaseDocument]
    clocks: list[CaseClock]
    events: list[CaseFileStatusEvent]
    history: list[HistoryEntry]
    history_names: dict[str, str]
    outcome: CaseOutcome | None
    parent: CaseFile | None
    next_rounds: list[CaseFile]
    handler: User | None
    timeline: list[Entry] = field(default_factory=list)


def _writers(user: User, letters: list[Letter], visits: list[Visit]) -> dict[str, str]:
    """Who wrote each letter / came at each visit, by "letter:id" / "visit:id": a citizen of the user's scope by
    name; a denouncer never (their identity is in the vault)."""
    citizen_ids = {r.citizen_id for r in letters if r.citizen_id is not None}
    citizen_ids |= {r.citizen_id for r in visits if r.citizen_id is not None}
    names = (
        dict(
            db.session.execute(
                visible_citizens(user).with_only_columns(Citizen.id, Citizen.full_name).where(Citizen.id.in_(citizen_ids))
            ).all()
        )
        if citizen_ids
        else {}
    )
    result = {}
    records: list[tuple[str, Letter | Visit]] = [("letter", x) for x in letters] + [("visit", x) for x in visits]
    for kind, record in records:
        if record.identity_ref_id is not None:
            result[f"{kind}:{record.id}"] = _("Danh tính người tố cáo được bảo mật")
        elif record.citizen_id is not None and record.citizen_id in names:
            result[f"{kind}:{record.id}"] = names[record.citizen_id]
        else:
            result[f"{kind}:{record.id}"] = ""
    return result


def _paper_label(document: Document) -> str:
    """What a paper is: the case paper's name (body_data "case_paper", petitions.cases.transitions), else its
    subject."""
    paper = case_paper_of(document)
    if paper is not None:
        return flow.PAPER_WORDS[paper]
    return str(document.subject or document.doc_type)


def case_documents(user: User, case: CaseFile, letters: list[Letter]) -> list[CaseDocument]:
    """The case's papers and its letters' papers, oldest first, each marked openable or not (ix_document_record
    serves both lookups)."""
    letter_by_id = {letter.id: letter for letter in letters}
    condition = sa.and_(Document.record_type.in_(CASE_RECORD_TYPES), Document.record_id == case.id)
    if letter_by_id:
        condition = sa.or_(
            condition, sa.and_(Document.record_type == "letter", Document.record_id.in_(sorted(letter_by_id)))
        )
    found = list(db.session.scalars(sa.select(Document).where(condition).order_by(Document.id)))
    ids = [document.id for document in found]
    openable = (
        set(db.session.scalars(visible_documents(user).with_only_columns(Document.id).where(Document.id.in_(ids))))
        if ids
        else set()
    )
    return [
        CaseDocument(
            document,
            document.id in openable,
            _paper_label(document),
            letter_by_id.get(document.record_id or 0) if document.record_type == "letter" else None,
        )
        for document in found
    ]


def case_clocks(case: CaseFile, letters: list[Letter], visits: list[Visit]) -> list[CaseClock]:
    """Every clock of the case, of its letters and of its visits, in the order they were opened."""
    owners = {(RecordType.CASE, case.id): _("Vụ việc")}
    owners.update({(RecordType.LETTER, letter.id): _("Đơn số %(n)s", n=letter.register_label) for letter in letters})
    owners.update(
        {(RecordType.VISIT, visit.id): _("Lượt tiếp số %(n)s/%(y)s", n=visit.book_number, y=visit.book_year) for visit in visits}
    )
    conditions = [sa.and_(Clock.record_type == RecordType.CASE, Clock.record_id == case.id)]
    for record_type, ids in ((RecordType.LETTER, [x.id for x in letters]), (RecordType.VISIT, [x.id for x in visits])):
        if ids:
            conditions.append(sa.and_(Clock.record_type == record_type, Clock.record_id.in_(ids)))
    clocks = db.session.scalars(sa.select(Clock).where(sa.or_(*conditions)).order_by(Clock.trigger_on, Clock.id))
    return [
        CaseClock(clock, letter_labels.clock_label(clock.rule_id), owners.get((clock.record_type, clock.record_id), ""))
        for clock in clocks
    ]


def case_history(case: CaseFile, outcome: CaseOutcome | None) -> list[HistoryEntry]:
    """The history rows of the case and of its outcome, in the order they were written."""
    entries = history_of("case", case.id)
    if outcome is not None:
        entries += history_of("case_outcome", outcome.id)
    return sorted(entries, key=lambda entry: (entry.recorded_at, entry.id))


def load_case_page(user: User, case: CaseFile, *, today: date) -> CasePage:
    letters = case_letters(case, user, with_void=True)  # voided registrations shown, marked
    visits = case_visits(case, user)
    outcome = queries.case_outcome(case)
    history = case_history(case, outcome)
    page = CasePage(
        case=case,
        letters=letters,
        writers=_writers(user, letters, visits),
        visits=visits,
        documents=case_documents(user, case, letters),
        clocks=case_clocks(case, letters, visits),
        events=queries.status_events(case),
        history=history,
        history_names=history_names(
            user,
            history,
            user_fields=labels.HISTORY_USER_FIELDS,
            agency_fields=labels.HISTORY_AGENCY_FIELDS,
            document_fields=labels.HISTORY_DOCUMENT_FIELDS,
        ),
        outcome=outcome,
        parent=queries.parent_case(user, case),
        next_rounds=queries.next_rounds(user, case),
        handler=find_visible(visible_users(user), case.handler_id) if case.handler_id is not None else None,
    )
    page.timeline = timeline(page, today=today)
    return page


def timeline(page: CasePage, *, today: date) -> list[Entry]:
    """The case's story in date order: letters and visits as they came, papers drafted and issued, every status
    event, every clock started with its due date and its explanation, and the due date itself when it lies in
    the past of an open clock."""
    entries: list[Entry] = []
    for letter in page.letters:
        writer = page.writers.get(f"letter:{letter.id}", "")
        detail = f"{letter_labels.label(letter_labels.TYPE_LABELS, letter.letter_type)} · {letter.summary}"
        if writer:
            detail = f"{writer} · {detail}"
        if letter.is_void:
            detail += f" ({_('đã hủy đăng ký')})"
        entries.append(
            Entry(letter.received_on, "letter", _("Nhận đơn số %(n)s", n=letter.register_label), detail,
                  url_for("letters.detail", letter_id=letter.id), 0)
        )
    for visit in page.visits:
        writer = page.writers.get(f"visit:{visit.id}", "")
        parts = [writer, str(letter_labels.label(VISIT_CLASS_LABELS, visit.classification)), visit.summary,
                 str(letter_labels.label(VISIT_OUTCOME_LABELS, visit.outcome))]
        entries.append(
            Entry(visit.visited_on, "visit", _("Tiếp công dân (lượt số %(n)s/%(y)s)", n=visit.book_number, y=visit.book_year),
                  " · ".join(p for p in parts if p), url_for("reception.visit_detail", visit_id=visit.id), 0)
        )
    for row in page.documents:
        document = row.document
        url = url_for("documents.detail", document_id=document.id) if row.openable else None
        of = _(" (đơn số %(n)s)", n=row.of_letter.register_label) if row.of_letter is not None else ""
        if document.status == DocumentStatus.ISSUED and document.issue_date is not None:
            entries.append(Entry(document.issue_date, "document", _("Ban hành: %(what)s", what=row.what) + of,
                                 document.number_symbol or "", url, 1, document.issued_at))
        else:
            drafted = to_local(document.created_at).date() if document.created_at else page.case.opened_on
            entries.append(Entry(drafted, "document", _("Lập văn bản: %(what)s", what=row.what) + of,
                                 str(letter_labels.label(DOCUMENT_STATUS_LABELS, document.status)), url, 1,
                                 document.created_at))
    # An event whose date was corrected stays on the timeline at the day it was entered with, marked so; the
    # correcting event (its note says the old day and why) stands at the right day.
    corrected = {event.supersedes_id for event in page.events if event.supersedes_id is not None}
    for event in page.events:
        status = str(labels.status_label(event.status))
        done = str(labels.event_label(event.transition))
        what = f"{done} ({status})" if done and event.transition else status
        if event.id in corrected:
            what = _("%(what)s — ngày ghi nhầm, đã đính chính", what=what)
        entries.append(Entry(event.effective_on, "status", what, event.note or "", None, 2, event.recorded_at))
    for timed in page.clocks:
        clock = timed.clock
        due = clock.due_on
        detail = clock.explanation
        entries.append(
            Entry(clock.trigger_on, "clock",
                  _("Bắt đầu tính thời hạn: %(what)s (%(of)s)", what=timed.what, of=timed.of_what)
                  + (_(", hạn %(due)s", due=due.strftime("%d/%m/%Y")) if due else ""),
                  detail, None, 3, clock.opened_at)
        )
        if clock.closed_at is not None:
            entries.append(
                Entry(to_local(clock.closed_at).date(), "clock",
                      _("Kết thúc thời hạn: %(what)s (%(of)s)", what=timed.what, of=timed.of_what), clock.close_reason or "",
                      None, 3, clock.closed_at)
            )
        if clock.is_open and due is not None and due < today and timed.is_window:
            ended = WINDOW_END_WORDS.get(clock.rule_id) or _("Hết thời hạn: %(what)s", what=timed.what)
            entries.append(Entry(due, "window", f"{ended} ({timed.of_what})", timed.what, None, 4, datetime.max))
        elif due is not None and timed.is_overdue(today):
            entries.append(Entry(due, "due", _("Quá hạn: %(what)s (%(of)s)", what=timed.what, of=timed.of_what), "", None, 4,
                                 datetime.max))
    # A day's entries in the order they were recorded (a paper issued, then the state it brought, then the clocks
    # it started), the letters and visits that came in first (their case is opened in the same flush); the rank
    # breaks the ties of one flush.
    return sorted(entries, key=lambda entry: (entry.day, entry.moment or datetime.min, entry.rank))
