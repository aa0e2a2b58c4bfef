"""How the demo's letters were handled: every state of petitions.domain.letter_flow with its papers.

Called by the letters generator (petitions.letters.demo) for each letter once it is numbered and
classified. A letter's handling follows its age in working days, as an office's register would show it:
the letters of the last two weeks are still being handled (received, assigned, proposed with a draft
paper, returned for revision, approved and waiting for the văn thư), a few older ones are overdue, and
the rest were settled by a route paper (guidance, forwarding with its slip and, for a denunciation, the
notice to the denouncer, return to the sender, to inspection, to the Party body, acceptance) or filed
with the reason; forwarded letters were chased and answered, filed letters older than a year destroyed.

Each step is what the services of petitions.letters.handling would have written, in bulk: one dated
status event naming the transition (with the actor and the note), one history row on the letter (the
registration's "create", then the field the step changed, with the service's reason), the paper as a
row of the document register (drafted from the letter's facts by the builders of
petitions.letters.paper_texts, heading, place, symbol and signer from the issuing body's data
(petitions.documents.issuers), numbered per body and year from blocks of petitions.numbering), and the
clocks the step stops (the paper's effects in petitions.domain.letter_flow.PAPER_EFFECTS).

The offices need people: the run adds demo accounts (a leader and officers for each office, the
Ban a deputy and more officers; nobody knows their password: an administrator gives one with
`petitions users reset-password`) and, where the directory has no official in office on a day the
demo issues a paper, officials of an earlier term. Papers exist from the day the app's templates apply
(Decree 30/2020 layout, 05/03/2020); a letter settled before that day has its steps and no paper rows.

The cases follow (`follow_cases`, once the batch's letters are handled): every case opened OPEN (its event
written by the reception generator); a complaint or denunciation whose letter's acceptance paper was issued is
accepted that day, with its resolution clock (case_flow.resolution_rule) and D23, and goes on along
petitions.domain.case_flow as far as today allows — verification, the dialogue for complaints, the decision
with its outcome row (a verdict case_flow.verdicts_for allows, figures for some, on time against the clock),
the result told, publication, implementation, closing; a few are withdrawn and terminated (a complaint lapses
once D20 ran out). Each step is one dated status event naming the CaseEvent, history rows, the clocks the
table's row starts and stops; `resolution_due_on` is filled as refresh_resolution_due would. Any other case
closes on the day its last letter and visit ended (records.case_handling_ended), else stays open: a petition
is never accepted. The bulk cases get no papers of their own (petitions.cases.demo drives a few cases through
the services with their papers) and no non-acceptance (that plan is there too).
"""

from __future__ import annotations

import bisect
import json
import operator
import random
import re
import secrets
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from petitions.auth.models import User
from petitions.auth.passwords import hash_password
from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseImplementationEntry, CaseOutcome
from petitions.db_types import ScaledDecimal
from petitions.deadlines.models import Clock, RecordType
from petitions.demo import DemoAgency, DemoBatch, Weighted, folded, office_moment, person, reference_code
from petitions.directory.models import AdministrativeUnit, Agency, AgencyOfficial
from petitions.documents import issuers
from petitions.documents.models import Document, DocumentStatus, NumberSource
from petitions.documents.services import body_to_json, number_symbol, subject_of
from petitions.domain import case_flow
from petitions.domain import letter_flow as flow
from petitions.domain.case_flow import CaseEvent
from petitions.domain.classification import DuplicateDecision, PriorResolution
from petitions.domain.deadlines import (
    CASE_RESOLUTION_RULE_IDS,
    RETENTION_RULES,
    DeadlineError,
    retention_ends,
)
from petitions.domain.first_handling import FirstHandling, with_event
from petitions.domain.issuers import OfficialRole
from petitions.domain.letter_flow import HANDLED, LetterTransition
from petitions.domain.paperwork import address_line, honorific
from petitions.domain.reception import visit_ends_case
from petitions.domain.records import (
    CASE_ENDING_LETTER_STATUSES,
    CaseMember,
    CaseRound,
    CaseStatus,
    CaseType,
    CaseVerdict,
    Complexity,
    LetterStatus,
    LetterType,
    case_handling_ended,
    letter_ends_case,
)
from petitions.domain.referrals import ReferralKind, ReferralOutcome, ReferralStatus
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.history import HistoryEntry, as_text
from petitions.letters import paper_texts as texts
from petitions.letters.handling_papers import PAPERS, PRIOR_WORDS, HandlingPaper
from petitions.letters.models import LetterHandover, LetterStatusEvent
from petitions.letters.paper_texts import AnswerOutcome, Content, LetterFacts, Writer
from petitions.numbering import NumberKind
from petitions.paperwork.layouts import Paper, format_date
from petitions.printing import DEFAULT_REGISTRY, template_for
from petitions.referrals import demo as referral_demo

# The services' history reasons (petitions.letters.handling, petitions.letters.services).
REASONS: dict[LetterTransition, str] = {
    LetterTransition.REGISTER: "Đăng ký đơn",
    LetterTransition.ASSIGN: "Giao xử lý đơn",
    LetterTransition.HAND_OVER: "Giao cơ quan khác tham mưu, xác minh",
    LetterTransition.PROPOSE: "Đề xuất hướng xử lý đơn",
    LetterTransition.RETURN_FOR_REVISION: "Trả lại đề xuất để làm lại",
    LetterTransition.APPROVE: "Duyệt đề xuất xử lý đơn",
    LetterTransition.URGENT_REPORT: "Báo cáo khẩn",
    LetterTransition.ACKNOWLEDGE_URGENT: "Tiếp nhận báo cáo khẩn",
    LetterTransition.REPLY: "Ghi nhận văn bản phúc đáp",
    LetterTransition.CHASE: "Đôn đốc cơ quan được chuyển đơn",
    LetterTransition.FILE: "Lưu đơn",
    LetterTransition.DESTROY: "Hủy đơn lưu đã hết thời hạn lưu",
}
# Per transition: its value as the event stores it, the history reason, whether it is the registration.
_STEP_WORDS: dict[LetterTransition, tuple[str, str, bool]] = {
    transition: (transition.value, REASONS.get(transition, "Ban hành văn bản xử lý đơn"),
                 transition is LetterTransition.REGISTER)
    for transition in LetterTransition
}
_STATUS_TEXT: dict[LetterStatus, str | None] = {status: as_text(status) for status in LetterStatus}
_TEMPLATES_CHANGE = date(2026, 7, 1)  # _template caches per side of this day (template_for may answer another generation)
_EVENTS = LetterStatusEvent.__table__
_HISTORY = HistoryEntry.__table__
DIRECTIONS = (
    "Đề nghị nghiên cứu, đề xuất hướng xử lý theo quy định",
    "Kiểm tra nội dung đơn, đề xuất xử lý trong thời hạn",
    "Nghiên cứu hồ sơ, báo cáo đề xuất trước khi trình",
)
RETURN_COMMENTS = (
    "Đề nghị ghi rõ cơ quan có thẩm quyền giải quyết và căn cứ pháp lý",
    "Bổ sung kết quả giải quyết trước đó của vụ việc rồi trình lại",
    "Kiểm tra lại nội dung đơn trùng với đơn đã xử lý trước đây",
)
URGENT_REASONS = (
    "Công dân phản ánh nguy cơ sạt lở đất đe dọa nhà ở của nhiều hộ dân",
    "Nhóm hộ dân thông báo sẽ tập trung đông người tại trụ sở nếu không được giải quyết",
    "Đơn phản ánh việc xả thải gây ô nhiễm nguồn nước sinh hoạt của khu dân cư",
)
FILE_REASONS = {
    "duplicate": "Đơn trùng nội dung với đơn đã được xử lý",
    "ineligible": "Đơn không đủ điều kiện xử lý",
    "anonymous": "Thông tin không rõ người tố cáo, không có căn cứ để thanh tra, kiểm tra",
    "answered": "Cơ quan có thẩm quyền đã giải quyết, trả lời công dân",
    "petition": "Đã xem xét, trả lời người viết đơn",
}
RETURN_REASONS = "Nội dung đơn không thuộc thẩm quyền giải quyết của cơ quan nhận được đơn chuyển đến"
REPLY_SUMMARIES = (
    "đã xem xét, giải quyết và trả lời công dân",
    "đã thụ lý, đang xác minh nội dung đơn",
    "đã tổ chức đối thoại và giải quyết dứt điểm",
)
# Titles of an office's officials, by the part it plays in the demo (when the directory records none).
_TITLES = {
    "province": ("Chủ tịch", "Phó Chủ tịch"),
    "board": ("Trưởng ban", "Phó Trưởng ban"),
    "inspectorate": ("Chánh Thanh tra", "Phó Chánh Thanh tra"),
    "department": ("Giám đốc", "Phó Giám đốc"),
    "commune": ("Chủ tịch", "Phó Chủ tịch"),
    "office": ("Chánh Văn phòng", "Phó Chánh Văn phòng"),
}
TERM_YEARS = 5
# Share of the letters still open by age in working days (the rest were settled): most of the last
# fortnight's letters are in hand, a few older ones are overdue.
_OPEN_SHARE = ((2, 0.97), (10, 0.75), (25, 0.12), (60, 0.03))
_LONG_OPEN = 0.004


# ---------------------------------------------------------------------------------------------------------
# Per-run: the offices' people, the issuing bodies' data, the templates
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Staff:
    leaders: list[int] = field(default_factory=list)
    officers: list[int] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)


@dataclass
class Issuing:
    """What the heading and number of an agency's papers print (issuers), per template code."""

    agency: Agency
    archive_unit: str
    terms: list[date]  # the days the agency's officials change (a signer is looked up per term)
    document_name: str  # the body's name in the papers' sentences (Agency.document_name)
    signers: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    names: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)  # code → body, parent, place, symbol
    agency_id: int = 0  # agency.id, read once (an ORM attribute costs a call per paper)


@dataclass
class Context:
    staff: dict[int, Staff]
    issuing: dict[int, Issuing]
    agencies: dict[int, DemoAgency]
    inspectorate: DemoAgency | None
    chains: dict[int | None, tuple[str, ...]]  # a unit's name and its parents' (addresses)
    papers_from: date
    templates: dict[tuple[str, bool], Any] = field(default_factory=dict)
    addresses: dict[tuple[str, int | None], str] = field(default_factory=dict)  # a citizen's address line
    day_index: dict[date, int] = field(default_factory=dict)


def _usernames(agency: DemoAgency, scale: int) -> list[tuple[str, Role]]:
    """An office's leader(s) and officers; `scale` more officers for a demo whose offices get more letters."""
    code = "".join(ch for ch in folded(agency.code).lower() if ch.isalnum())
    if agency.kind == "board":
        return [(f"{code}.lanhdao", Role.LEADER), (f"{code}.phoban", Role.LEADER),
                *((f"{code}.canbo{n}", Role.HANDLER) for n in range(1, 4 * scale + 1))]
    return [(f"{code}.lanhdao", Role.LEADER), *((f"{code}.canbo{n}", Role.HANDLER) for n in range(1, 2 * scale + 1))]


def staff_scale(batch: DemoBatch) -> int:
    """Officers grow with the letters a year (about one Ban officer per 2,500 letters of the province a
    year): the default demo's Ban has 4, a ten-year national-size one 40."""
    years = max((batch.run.today - batch.run.first_day).days / 365.25, 1.0)
    return max(1, round(batch.run.total / years / 10_000))


def ensure_staff(batch: DemoBatch) -> dict[int, Staff]:
    """The demo accounts of every office (added once; reused by later runs). Nobody knows their password."""
    import random

    scale = staff_scale(batch)
    wanted = {agency.id: _usernames(agency, scale) for agency in batch.agencies.all}
    existing = {u.username: u for u in db.session.scalars(sa.select(User))}
    password_hash: str | None = None
    rng = random.Random(f"{batch.run.seed}:staff")
    for agency in batch.agencies.all:
        for username, role in wanted[agency.id]:
            if username in existing:
                continue
            if password_hash is None:
                # One unknown secret for every demo account: an administrator resets the one to use.
                password_hash = hash_password(secrets.token_urlsafe(32))
            user = User(username=username, full_name=person(rng, batch.today).full_name, role=role,
                        agency_id=agency.id, password_hash=password_hash, must_change_password=True)
            db.session.add(user)
            existing[username] = user
    db.session.flush()
    staff: dict[int, Staff] = defaultdict(Staff)
    for user in sorted(existing.values(), key=lambda u: u.id):
        if not user.is_active or user.agency_id is None:
            continue
        if user.role == Role.LEADER:
            staff[user.agency_id].leaders.append(user.id)
        elif user.role in (Role.HANDLER, Role.RECEPTION_OFFICER):
            staff[user.agency_id].officers.append(user.id)
        else:
            continue
        staff[user.agency_id].names[user.id] = user.full_name
    return dict(staff)


def ensure_officials(batch: DemoBatch, papers_from: date) -> None:
    """Officials who sign on every day the demo issues papers: an agency with none gets a head and a deputy
    from that day; one whose recorded officials start later gets those of the term before. Core inserts
    (the demo writes no history for reference data it adds)."""
    import random

    rng = random.Random(f"{batch.run.seed}:officials")
    table = AgencyOfficial.__table__
    now = batch.now
    kinds = {a.id: a.kind for a in batch.agencies.all}
    for agency in db.session.scalars(sa.select(Agency).options(selectinload(Agency.officials))):
        if agency.id not in kinds:
            continue
        starts = [o.valid_from for o in agency.officials]
        if any(start is None or start <= papers_from for start in starts):
            continue
        until = min(s for s in starts if s is not None) - timedelta(days=1) if starts else None
        head, deputy = _TITLES.get(kinds[agency.id], _TITLES["office"])
        for existing in agency.officials:
            if existing.role is OfficialRole.HEAD:
                head = existing.title
            elif existing.role is OfficialRole.DEPUTY:
                deputy = existing.title
        for role, title in ((OfficialRole.HEAD, head), (OfficialRole.DEPUTY, deputy)):
            db.session.execute(sa.insert(table).values(
                agency_id=agency.id, role=role.name, title=title, name=person(rng, papers_from).full_name,
                valid_from=papers_from - timedelta(days=365 * TERM_YEARS) if until else papers_from,
                valid_to=until, version=1, created_at=now, updated_at=now,
            ))
    db.session.expire_all()


def context(batch: DemoBatch) -> Context:
    cache = batch.run.cache
    if "handling" not in cache:
        papers_from = _papers_from()
        staff = ensure_staff(batch)
        ensure_officials(batch, papers_from)
        agencies = {a.id: a for a in batch.agencies.all}
        issuing: dict[int, Issuing] = {}
        for agency in db.session.scalars(
            sa.select(Agency).where(Agency.id.in_(agencies)).options(selectinload(Agency.officials))
        ):
            terms = sorted({d for o in agency.officials for d in (o.valid_from, o.valid_to and o.valid_to + timedelta(days=1)) if d})
            issuing[agency.id] = Issuing(agency, _archive_unit(agency), terms, agency.document_name,
                                        agency_id=agency.id)
        units = {u.id: u for u in db.session.scalars(sa.select(AdministrativeUnit))}
        chains: dict[int | None, tuple[str, ...]] = {None: ()}
        for unit_id, unit in units.items():
            names: list[str] = []
            current: AdministrativeUnit | None = unit
            while current is not None and len(names) < 4:
                names.append(current.name)
                current = units.get(current.parent_id) if current.parent_id else None
            chains[unit_id] = tuple(names)
        cache["handling"] = Context(
            staff=staff, issuing=issuing, agencies=agencies,
            inspectorate=next(iter(batch.agencies.of_kind("inspectorate")), None), chains=chains,
            papers_from=papers_from, day_index={day: i for i, day in enumerate(batch.run.days)},
        )
    handling: Context = cache["handling"]
    return handling


def _papers_from() -> date:
    """The first day every handling paper's template applies (the app's papers follow Decree 30/2020)."""
    return max(min(t.valid_from for t in _generations(paper.template_code)) for paper in PAPERS.values())


def _generations(code: str) -> tuple[Any, ...]:
    return DEFAULT_REGISTRY.generations(code)


def _archive_unit(agency: Agency) -> str:
    units = [(str(u.get("code", "")).strip(), folded(str(u.get("name", "")))) for u in agency.drafting_units or ()]
    for code, name in units:
        if code and ("xu ly don" in name or "khieu nai" in name):
            return code
    return next((code for code, _ in units if code), "")


# ---------------------------------------------------------------------------------------------------------
# One letter
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Handled:
    """What the letter's handling leaves for its clocks: the rules stopped (with when and why), D9 started."""

    stops: dict[str, tuple[datetime, str]] = field(default_factory=dict)
    d9_from: date | None = None
    d9_closed: tuple[datetime, str] | None = None


class LetterHandling:
    """The steps of one letter, written as the services would."""

    def __init__(self, batch: DemoBatch, ctx: Context, row: dict[str, Any], parts: Sequence[dict[str, Any]]) -> None:
        self.batch, self.ctx, self.row, self.rng = batch, ctx, row, batch.rng
        self.parts = parts
        self.agency = ctx.agencies.get(row["agency_in_charge_id"])
        self.staff = ctx.staff.get(row["agency_in_charge_id"], Staff())
        self.status = LetterStatus.RECEIVED
        self.day = row["received_on"]
        self.handled = Handled()
        self._facts: LetterFacts | None = None
        days = batch.run.days
        self.index = ctx.day_index.get(self.day, bisect.bisect_left(days, self.day))
        self.age = len(days) - 1 - self.index  # working days since receipt

    # -- time and people ---------------------------------------------------------------------------------

    def advance(self, low: int, high: int) -> bool:
        """Move the day `low`–`high` working days on; False (and no move) past today."""
        days = self.batch.run.days
        index = self.index + self.rng.randint(low, high)
        if index >= len(days):
            return False
        self.index, self.day = index, days[index]
        return True

    def leader(self) -> int | None:
        return self.rng.choice(self.staff.leaders) if self.staff.leaders else None

    def officer(self) -> int | None:
        return self.rng.choice(self.staff.officers) if self.staff.officers else None

    # -- writing -----------------------------------------------------------------------------------------

    def step(self, transition: LetterTransition, to: LetterStatus | None, *, actor: int | None, note: str | None = None,
             paper: dict[str, Any] | None = None, label: str = "", field: str = "status", old: Any = None,
             new: Any = None) -> dict[str, Any]:
        """One status event and its history row, as record_letter_status and the history listener write them."""
        batch, row, day = self.batch, self.row, self.day
        status = self.status
        state = to or status
        moment = office_moment(day, self.rng)
        value, reason, create = _STEP_WORDS[transition]
        event = batch.add(_EVENTS, {
            "id": batch.new_id(_EVENTS), "letter_id": row["id"], "status": state, "effective_on": day,
            "recorded_at": moment, "recorded_by_id": actor, "note": note, "transition": value,
            "_paper": paper, "_label": label,
        })
        if field == "status":
            old, new = _STATUS_TEXT[status], _STATUS_TEXT[state]
        entry = batch.add(_HISTORY, {
            "id": batch.new_id(_HISTORY), "recorded_at": moment, "actor_id": actor, "record_type": "letter",
            "record_id": row["id"], "action": "create" if create else "update", "field": None if create else field,
            "old_value": None if create else old, "new_value": None if create else new,
            "redacted": False, "reason": reason, "request_id": None,
        })
        if paper is not None:  # its note and reason name the paper's number once the batch's papers are numbered
            batch.made.setdefault("paper_steps", []).append((event, entry))
        self.status = state
        row["updated_at"] = moment
        # The row's first handling, by the rule record_letter_status applies (petitions.domain.first_handling).
        if state in HANDLED:
            kept = FirstHandling(row["first_handled_on"], row["first_handling_route"]) if row["first_handled_on"] else None
            first = with_event(kept, state, day)
            if first is not None:
                row["first_handled_on"], row["first_handling_route"] = first.on, first.route
        if state in CASE_ENDING_LETTER_STATUSES and "_ended_on" not in row:
            row["_ended_on"] = day  # the day the letter stopped holding its case open (follow_cases)
        return event

    def stop(self, rules: Sequence[str], reason: str) -> None:
        moment = office_moment(self.day, self.rng)
        for rule_id in rules:
            self.handled.stops.setdefault(rule_id, (moment, reason[:255]))

    # -- papers ------------------------------------------------------------------------------------------

    def facts(self) -> LetterFacts:
        if self._facts is None:
            row, ctx = self.row, self.ctx
            issuing = ctx.issuing[row["agency_in_charge_id"]]
            if row["letter_type"] == LetterType.MIXED and self.parts:
                contents = tuple(Content(p["letter_type"], p["summary"], p["is_main"], p["id"]) for p in self.parts)
            else:
                contents = (Content(row["letter_type"], row["summary"], True, None),)
            writer = None
            citizen = self.batch.made.get("citizens", {}).get(row["citizen_id"]) if row["citizen_id"] else None
            if citizen is not None and row["letter_type"] not in (LetterType.DENUNCIATION, LetterType.ANONYMOUS):
                address_key = (citizen["address_text"], citizen["address_unit_id"])
                address = ctx.addresses.get(address_key)
                if address is None:
                    address = ctx.addresses[address_key] = address_line(
                        citizen["address_text"], ctx.chains.get(citizen["address_unit_id"], ()))
                writer = Writer(honorific(citizen["sex"]), citizen["full_name"], address)
            forwarded = " ".join(
                part for part in (
                    f"số {row['forwarded_doc_number']}" if row["forwarded_doc_number"] else "",
                    f"ngày {_day_text(row['forwarded_doc_on'])}" if row["forwarded_doc_on"] else "",
                ) if part
            ) if row["forwarded_doc_number"] or row["forwarded_doc_on"] else ""
            self._facts = LetterFacts(
                issuer_name=issuing.document_name, register_label=f"{row['register_number']}/{row['register_year']}",
                received_on=row["received_on"], dated_on=row["letter_dated_on"], kind=row["letter_type"],
                contents=contents, respondent=row["respondent"], place_text=row["place_text"],
                competent_body=row["competent_body"], prior_resolution=PRIOR_WORDS.get(row["prior_resolution"], ""),
                forwarded_by=row["forwarded_by"] or "", forwarded_doc=forwarded, writer=writer,
                reference_code=reference_code(row["identity_ref_id"]) if row["identity_ref_id"] else "",
            )
        return self._facts

    def paper(self, kind: HandlingPaper, *, receiver: DemoAgency | None = None, reason: str = "",
              author: int | None = None, issued: bool = True) -> dict[str, Any] | None:
        """The paper as a document row (drafted by the officer; issued on the step's day when `issued`), or
        None before the app's papers existed."""
        if self.day < self.ctx.papers_from:
            return None
        row, ctx = self.row, self.ctx
        issuing = ctx.issuing[row["agency_in_charge_id"]]
        definition = PAPERS[kind]
        facts = self.facts()
        if (definition.strips_identity and facts.writer is not None
                and any(c.kind is LetterType.DENUNCIATION for c in facts.contents)):
            facts = replace(facts, writer=None)
        receiver_name = ctx.issuing[receiver.id].document_name if receiver and receiver.id in ctx.issuing else (
            receiver.name if receiver else "")
        contents = tuple(c for c in facts.contents if c.kind in definition.content_kinds) or facts.contents
        unit = issuing.archive_unit
        proposer = self.staff.names.get(author or 0, "")
        built = _SHAPES.render(kind, facts, contents=contents, receiver=receiver_name, reason=reason, proposer=proposer,
                               unit=unit, row=row, template=self._template, late=self.day >= _TEMPLATES_CHANGE)
        if built is None:
            return None
        document = self.document(built, author=author, data={
            "handling_paper": kind.value, "part_ids": [c.part_id for c in contents if c.part_id is not None],
            "receiver_agency_id": receiver.id if receiver is not None else None,
        })
        if issued:
            self.issue(document, actor=self.leader())
        return document

    def document(self, built: Paper | Rendered, *, author: int | None, data: dict[str, Any]) -> dict[str, Any]:
        """A draft row of the document register for the paper, under the heading of the office in charge."""
        row, ctx = self.row, self.ctx
        issuing = ctx.issuing[row["agency_in_charge_id"]]
        code, unit = built.code, built.archive_unit
        names = issuing.names.get(code)
        if names is None:
            template = template_for(code, self.day)
            issuer = issuers.issuer_for(issuing.agency)
            names = issuing.names[code] = (
                issuer.issuing_body, issuer.parent_body, issuer.place, issuers.symbol_for(issuing.agency, template, unit)
            )
        body, parent, place, symbol = names
        signer = self._signer(issuing, code)
        moment = office_moment(self.day, self.rng)
        stored: dict[str, Any] | str
        if isinstance(built, Rendered):  # the stored JSON as json.dumps writes it, the data's keys last
            subject, stored = built.subject, f"{built.head}, {_data_json(data)}"
        else:
            subject, stored = subject_of(self._template(code), built.fields), _stored(built)
            stored.update(data)
        table = Document.__table__
        return self.batch.add(table, {
            "id": self.batch.new_id(table), "doc_type": code, "subject": subject,
            "body_data": stored, "recipients": list(built.recipients), "copies_to": list(built.copies_to),
            "archive_unit": unit, "place": place, "issuing_agency_id": issuing.agency_id,
            "issuing_body": body, "parent_body": parent, **signer,
            "status": DocumentStatus.DRAFT, "number": None, "number_year": None, "symbol": symbol,
            "number_symbol": None, "issue_date": None, "number_source": None, "issued_at": None,
            "issued_by_id": None, "signed_file_path": None, "signed_file_sha256": None, "signed_file_size": None,
            "signed_uploaded_at": None, "signed_uploaded_by_id": None, "void_reason": None, "voided_at": None,
            "voided_by_id": None, "record_type": "letter" if "handling_paper" in data else None,
            "record_id": row["id"] if "handling_paper" in data else None, "created_by_id": author,
            "version": 1, "created_at": moment, "updated_at": moment,
        })

    def issue(self, document: dict[str, Any], *, actor: int | None) -> None:
        """The văn thư numbers and dates it (the number comes with the batch's block; see number_papers)."""
        moment = office_moment(self.day, self.rng)
        document.update(status=DocumentStatus.ISSUED, issue_date=self.day, number_year=self.day.year,
                        number_source=NumberSource.APP, issued_at=moment, issued_by_id=actor, updated_at=moment,
                        version=2)
        self.batch.made.setdefault("papers", []).append(document)

    def _template(self, code: str) -> Any:
        key = (code, self.day >= _TEMPLATES_CHANGE)
        template = self.ctx.templates.get(key)
        if template is None:
            template = self.ctx.templates[key] = template_for(code, self.day)
        return template

    def _signer(self, issuing: Issuing, code: str) -> dict[str, Any]:
        term = bisect.bisect_right(issuing.terms, self.day)
        key = (code, term)
        if key not in issuing.signers:
            option = issuers.default_option(issuing.agency, code, self.day)
            signer = issuers.signer_of(option) if option else issuers.default_signer(issuing.agency, code, self.day)
            issuing.signers[key] = {
                "signer_position": signer.position, "signer_name": signer.name,
                "signer_authority": signer.authority.value, "signer_principal": signer.principal,
                "signer_collective": signer.collective, "signer_official_id": option.official_id if option else None,
            }
        return issuing.signers[key]

    # -- the life of the letter --------------------------------------------------------------------------

    def run(self) -> Handled:
        row, rng = self.row, self.rng
        clerk = self.officer()
        row["registered_by_id"] = clerk
        self.step(LetterTransition.REGISTER, LetterStatus.RECEIVED, actor=clerk)
        if rng.random() < (0.05 if self.age <= 15 else 0.006):
            self._urgent()
        open_share = next((share for limit, share in _OPEN_SHARE if self.age <= limit), _LONG_OPEN)
        if rng.random() < open_share:
            self._in_hand()
        else:
            self._settle()
        row["status"] = self.status
        return self.handled

    def _urgent(self) -> None:
        row = self.row
        officer = self.officer()
        reason = self.rng.choice(URGENT_REASONS)
        self.step(LetterTransition.URGENT_REPORT, None, actor=officer, note=reason, field="urgent_reported_at",
                  old=None, new=as_text(self.day))
        row.update(is_urgent=True, urgent_reported_at=office_moment(self.day, self.rng), urgent_reason=reason,
                   urgent_acknowledged_at=None)
        if self.age <= 3 or not self.advance(0, 1):
            return  # the leaders' home pages show it until one of them takes it in hand
        leader = self.leader()
        self.step(LetterTransition.ACKNOWLEDGE_URGENT, None, actor=leader, field="urgent_acknowledged_at",
                  old=None, new=as_text(self.day))
        row["urgent_acknowledged_at"] = office_moment(self.day, self.rng)
        superior = self.ctx.issuing[row["agency_in_charge_id"]].agency.parent
        receiver = self.ctx.agencies.get(superior.id) if superior is not None else None
        document = self.paper(HandlingPaper.URGENT_REPORT, receiver=receiver, reason=reason, author=self.officer())
        if document is not None:
            self.step(LetterTransition.ISSUE_PAPER, None, actor=leader, paper=document,
                      label=PAPERS[HandlingPaper.URGENT_REPORT].label, field="is_urgent", old="true", new="true")

    def _assign(self) -> int | None:
        """The leader assigns an officer (or hands the letter to the inspectorate for verification, whose
        leader assigns one of its officers)."""
        row, rng, ctx = self.row, self.rng, self.ctx
        leader = self.leader()
        body = ctx.inspectorate
        share = 0.05 if row["letter_type"] in (LetterType.DENUNCIATION, LetterType.COMPLAINT) else 0.01
        if body is not None and body.id != row["agency_in_charge_id"] and ctx.staff.get(body.id) and rng.random() < share:
            direction = "Đề nghị Thanh tra tỉnh xác minh, tham mưu hướng xử lý"
            table = LetterHandover.__table__
            self.batch.add(table, {"id": self.batch.new_id(table), "letter_id": row["id"], "agency_id": body.id,
                                   "direction": direction, "handed_on": self.day, "handed_by_id": leader,
                                   "created_at": office_moment(self.day, rng)})
            self.step(LetterTransition.HAND_OVER, LetterStatus.ASSIGNED, actor=leader,
                      note=f"Giao {body.name}: {direction}")
            row.update(assigned_agency_id=body.id, direction=direction)
            referral_demo.sent(self.batch, row, agency_id=body.id, kind=ReferralKind.HANDED_OVER, day=self.day,
                               moment=self._moment(), actor=leader, direction=direction)
            staff = ctx.staff[body.id]
            officer = rng.choice(staff.officers) if staff.officers else None
            if officer is not None and self.advance(0, 2):
                self.step(LetterTransition.ASSIGN, LetterStatus.ASSIGNED,
                          actor=rng.choice(staff.leaders) if staff.leaders else None,
                          note=f"Giao {staff.names.get(officer, '')}: {direction}")
                row["assigned_officer_id"] = officer
            return officer
        officer = self.officer()
        if officer is None:
            return None
        direction = rng.choice(DIRECTIONS)
        self.step(LetterTransition.ASSIGN, LetterStatus.ASSIGNED, actor=leader,
                  note=f"Giao {self.staff.names.get(officer, '')}: {direction}")
        row.update(assigned_officer_id=officer, direction=direction)
        return officer

    def _in_hand(self) -> None:
        """A letter still being handled: received, assigned, proposed, returned, approved."""
        rng = self.rng
        stage = rng.random()
        if stage < 0.3 or not self.advance(0, 2):
            return  # received, waiting to be assigned
        officer = self._assign()
        if officer is None or stage < 0.6:
            return
        route = self._route()
        if route is None or not self.advance(1, 4):
            return
        kind, receiver, reason = route
        draft = self.paper(kind, receiver=receiver, reason=reason, author=officer, issued=False)
        self._propose(officer, kind, draft)
        if stage < 0.78:
            return  # waiting for the leader's approval
        if rng.random() < 0.5 and self.advance(0, 2):
            self.step(LetterTransition.RETURN_FOR_REVISION, LetterStatus.ASSIGNED, actor=self.leader(),
                      note=rng.choice(RETURN_COMMENTS))
            if stage < 0.9 or not self.advance(1, 3):
                return  # returned for revision: on the officer's worklist
            self._propose(officer, kind, draft)
        if stage < 0.93 or not self.advance(0, 2):
            return
        self.step(LetterTransition.APPROVE, LetterStatus.APPROVED, actor=self.leader(),
                  note=f"Duyệt: {PAPERS[kind].label}")

    def _propose(self, officer: int, kind: HandlingPaper, draft: dict[str, Any] | None) -> None:
        self.step(LetterTransition.PROPOSE, LetterStatus.PROPOSED, actor=officer, note=f"Đề xuất: {PAPERS[kind].label}")
        if draft is not None:
            self.row["proposal_document_id"] = draft["id"]

    def _route(self) -> tuple[HandlingPaper, DemoAgency | None, str] | None:
        """The paper that settles the letter, its receiving body and reason (None: filed without a paper)."""
        row, rng = self.row, self.rng
        competent: DemoAgency = row["_competent"]
        kind = row["letter_type"]
        main = row["main_type"] or kind
        within = competent.id == row["agency_in_charge_id"]
        if row["duplicate_decision"] == DuplicateDecision.DUPLICATE:
            return None
        # Anonymous information is never eligible as a denunciation (Luật TC Đ25): inspected or forwarded when
        # concrete, else filed — its route, not its eligibility, decides.
        if kind == LetterType.ANONYMOUS:
            if rng.random() < 0.45:
                return HandlingPaper.FORWARD_ANONYMOUS, self.ctx.inspectorate or competent, ""
            return HandlingPaper.FILING_NOTE, None, FILE_REASONS["anonymous"]
        if row["is_eligible"] is False:
            if row["prior_resolution"] in (PriorResolution.RESOLVED_FIRST, PriorResolution.RESOLVED_SECOND) and kind in (
                LetterType.COMPLAINT, LetterType.PETITION
            ) and row["citizen_id"]:
                return HandlingPaper.EXPLAIN_SETTLED, None, "Vụ việc đã được cơ quan có thẩm quyền giải quyết đúng quy định"
            return HandlingPaper.FILING_NOTE, None, FILE_REASONS["ineligible"]
        if row["forwarded_by"] and rng.random() < 0.12:
            return HandlingPaper.RETURN_LETTER, None, RETURN_REASONS
        if main == LetterType.DENUNCIATION or kind == LetterType.DENUNCIATION:
            if within:
                return HandlingPaper.PROPOSAL_ACCEPT, None, ""
            if rng.random() < 0.06:
                return HandlingPaper.FORWARD_PARTY, competent, ""
            return HandlingPaper.FORWARD_DENUNCIATION, competent, ""
        if within:
            if kind in (LetterType.COMPLAINT, LetterType.MIXED) and main == LetterType.COMPLAINT:
                return HandlingPaper.PROPOSAL_ACCEPT, None, ""
            if row["citizen_id"]:
                return HandlingPaper.ANSWER_D7, None, ""
            return None
        if kind == LetterType.COMPLAINT:
            if row["forwarded_by"]:
                return HandlingPaper.FORWARD_COMPLAINT, competent, ""
            return (HandlingPaper.GUIDANCE, competent, "") if row["citizen_id"] else (HandlingPaper.FORWARD_COMPLAINT, competent, "")
        if kind == LetterType.MIXED:
            return (HandlingPaper.GUIDANCE, competent, "") if row["citizen_id"] else (HandlingPaper.FORWARD_PETITION, competent, "")
        return HandlingPaper.FORWARD_PETITION, competent, ""

    def _settle(self) -> None:
        """A settled letter: assigned, (proposed, returned, approved), the route paper issued, then what
        follows the route (reply, chase, filing, destruction)."""
        rng, row = self.rng, self.row
        route = self._route()
        leader_files = route is None or rng.random() < 0.15 and route[0] is HandlingPaper.FILING_NOTE
        officer = self._assign() if self.advance(0, 2) else None
        if leader_files:
            reason = route[2] if route else FILE_REASONS["duplicate" if row["duplicate_decision"] == DuplicateDecision.DUPLICATE else "petition"]
            if self.advance(1, 6):
                self._file(reason)
            self._after()
            return
        assert route is not None
        kind, receiver, reason = route
        full = officer is not None and rng.random() < 0.7
        draft = None
        if full and self.advance(1, 4):
            draft = self.paper(kind, receiver=receiver, reason=reason, author=officer, issued=False)
            self._propose(officer or 0, kind, draft)
            if rng.random() < 0.1 and self.advance(0, 2):
                self.step(LetterTransition.RETURN_FOR_REVISION, LetterStatus.ASSIGNED, actor=self.leader(),
                          note=rng.choice(RETURN_COMMENTS))
                if self.advance(1, 3):
                    self._propose(officer or 0, kind, draft)
            if self.status is LetterStatus.PROPOSED and self.advance(0, 2):
                self.step(LetterTransition.APPROVE, LetterStatus.APPROVED, actor=self.leader(),
                          note=f"Duyệt: {PAPERS[kind].label}")
        if self.status not in (LetterStatus.RECEIVED, LetterStatus.ASSIGNED, LetterStatus.APPROVED) or not self.advance(0, 2):
            return  # the steps ran into today: the letter stays where it is
        leader = self.leader()
        if draft is not None and draft["status"] is DocumentStatus.DRAFT:
            self.issue(draft, actor=leader)
            document: dict[str, Any] | None = draft
        else:
            document = self.paper(kind, receiver=receiver, reason=reason, author=officer)
        self._issued(kind, document, leader, receiver)
        self._after()

    def _issued(self, kind: HandlingPaper, document: dict[str, Any] | None, leader: int | None,
                receiver: DemoAgency | None) -> None:
        """The route paper's effect (petitions.letters.handling.on_paper_issued), and the notice that goes
        with a forwarded denunciation."""
        row = self.row
        effect = flow.paper_effect(kind.value)
        label = PAPERS[kind].label
        to = effect.to or self.status
        if document is None:  # before the app's papers: the paper exists on paper only
            note = f"{label} (văn bản giấy)"
        else:
            note = None
        self.step(LetterTransition.ISSUE_PAPER, to, actor=leader, note=note, paper=document, label=label)
        if to == LetterStatus.FILED:
            row["filed_on"] = row["filed_on"] or self.day
        reason = f"Đã ban hành {label}"
        self.stop(effect.stops, reason)
        for referral in row.get("_referrals", ()):
            if referral["kind"] is ReferralKind.HANDED_OVER and referral["status"] is ReferralStatus.SENT:
                # The body it was handed to reported its verification before the office decided the route.
                moment = self._moment()
                referral_demo.answered(self.batch, referral, day=self.day, moment=moment, actor=None,
                                       number=f"{row['id'] % 900 + 10}/BC-TTr", pick=3 + row["id"], paper=False)
                referral["outcome"] = ReferralOutcome.VERIFIED
                referral_demo.accepted(self.batch, referral, day=self.day, moment=moment, actor=leader)
        if to == LetterStatus.FORWARDED and receiver is not None:
            row["assigned_agency_id"] = receiver.id
        if effect.to in (LetterStatus.FORWARDED, LetterStatus.TO_INSPECTION) and receiver is not None:
            referral_demo.sent(
                self.batch, row, agency_id=receiver.id, kind=ReferralKind.FORWARDED, day=self.day,
                moment=self._moment(), actor=leader,
                document_id=document["id"] if document is not None else None,
                denunciation=kind in (HandlingPaper.FORWARD_DENUNCIATION, HandlingPaper.FORWARD_PARTY),
            )
        if effect.accepts and "_accepted_on" not in row:
            # The case is accepted that day (petitions.letters.handling._accept_case): see follow_cases.
            row["_accepted_on"], row["_accepted_by"], row["_accepted_reason"] = self.day, leader, reason
        if kind is HandlingPaper.FORWARD_DENUNCIATION:
            notice = self.paper(HandlingPaper.NOTICE_DENOUNCER_FORWARDED, receiver=receiver, author=row["assigned_officer_id"])
            label2 = PAPERS[HandlingPaper.NOTICE_DENOUNCER_FORWARDED].label
            self.step(LetterTransition.ISSUE_PAPER, to, actor=leader, paper=notice, label=label2,
                      note=None if notice is not None else f"{label2} (văn bản giấy)")
            self.stop(("D22",), f"{reason}; đã chuyển đơn và thông báo người tố cáo")
        if kind is HandlingPaper.ANSWER_D7:
            self.advance(0, 3)
            self._file(FILE_REASONS["petition"])

    def _file(self, reason: str) -> None:
        if self.status not in flow.TABLE[LetterTransition.FILE].from_states:
            return
        self.step(LetterTransition.FILE, LetterStatus.FILED, actor=self.leader(), note=reason)
        self.stop(flow.TABLE[LetterTransition.FILE].stops, f"Lưu đơn: {reason}")
        self.row["filed_on"] = self.row["filed_on"] or self.day

    def _after(self) -> None:
        """What follows the route: the reply of the body it went to (chased when late), filing, destruction."""
        rng, row = self.rng, self.row
        if self.status is LetterStatus.FORWARDED:
            if rng.random() < 0.2 and self.advance(25, 45):
                self.step(LetterTransition.CHASE, LetterStatus.URGED, actor=row["assigned_officer_id"],
                          note="Đề nghị cơ quan được chuyển đơn báo cáo kết quả giải quyết")
            if rng.random() < 0.7 and self.advance(10, 50):
                number = f"{rng.randint(10, 999)}/{'UBND' if rng.random() < 0.5 else 'BC'}"
                if not self._answered(number):
                    return  # answered in the last days: waiting for the office's review
                self.step(LetterTransition.REPLY, LetterStatus.REPLY_RECEIVED, actor=row["assigned_officer_id"],
                          note=f"Phúc đáp số {number}: {rng.choice(REPLY_SUMMARIES)}")
                if row["result_requested"]:
                    self._result()
                if rng.random() < 0.6 and self.advance(3, 20):
                    self._file(FILE_REASONS["answered"])
        if self.status is LetterStatus.FILED and rng.random() < 0.8:
            self._destroy()

    def _moment(self) -> datetime:
        """A time of the office's day for the referrals' rows, drawn apart from the letters' random source."""
        return office_moment(self.day, random.Random(self.row["id"] * 31 + self.index))

    def _answered(self, number: str) -> bool:
        """The body's answer to the forwarded letter (two in five are paper replies the office registered, the
        rest answers in the workspace), accepted by the office unless it came in the last five working days.
        Drawn from the letter's id, not the random source, so the rest of the demo is what it was."""
        row = self.row
        open_referrals = [r for r in row.get("_referrals", ()) if r["status"] is not ReferralStatus.COMPLETED]
        if not open_referrals:
            return True
        referral = open_referrals[-1]
        moment = self._moment()
        referral_demo.answered(self.batch, referral, day=self.day, moment=moment, actor=row["assigned_officer_id"],
                               number=number, pick=row["id"], paper=row["id"] % 5 < 2)
        if len(self.batch.run.days) - 1 - self.index < 5:
            return False
        referral_demo.accepted(self.batch, referral, day=self.day, moment=moment, actor=row["assigned_officer_id"])
        return True

    def _destroy(self) -> None:
        """Past the retention (D11, from the filing), the office destroys the letter with others of the same
        day under one destruction record (petitions.letters.destruction): its register line stays, the
        writer and the content are purged."""
        row, rng = self.row, self.rng
        after = retention_ends(row["filed_on"]) + timedelta(days=1 + rng.randint(0, 60))
        days = self.batch.run.days
        index = bisect.bisect_left(days, after)
        if index >= len(days):
            return
        self.index, self.day = index, days[index]
        leader = self.leader()
        records: dict[tuple[int, date], dict[str, Any]] = self.batch.made.setdefault("destructions", {})
        key = (row["agency_in_charge_id"], self.day)
        if key not in records and self.day >= self.ctx.papers_from:
            records[key] = {"lines": [], "leader": leader, "day": self.day, "document": None, "letters": []}
        record = records.get(key)
        if record is not None:
            record["lines"].append(texts.DestroyedLine(
                f"{row['register_number']}/{row['register_year']}", row["received_on"], row["letter_type"],
                row["filed_on"], flow.STATE_WORDS[LetterStatus.FILED],
            ))
            record["letters"].append(row)
        self.step(LetterTransition.DESTROY, LetterStatus.DESTROYED, actor=record["leader"] if record else leader,
                  note=None if record else "Hủy đơn theo biên bản hủy đơn (văn bản giấy)", paper=record,
                  label="Hủy đơn theo biên bản")
        row.update(citizen_id=None, identity_ref_id=None, summary="", summary_folded="", respondent="",
                   respondent_folded="", place_text="", urgent_reason=None)
        for part in self.parts:
            part["summary"] = ""

    def _result(self) -> None:
        """The citizen asked to be told the result (Luật TCD Đ28.2): D9 runs from the reply, the result
        notice stops it."""
        self.handled.d9_from = self.day
        if self.row["citizen_id"] is None or not self.advance(2, 8):
            return
        document = self.paper(HandlingPaper.RESULT_D9, receiver=None, reason=self.rng.choice(REPLY_SUMMARIES).capitalize(),
                              author=self.row["assigned_officer_id"])
        label = PAPERS[HandlingPaper.RESULT_D9].label
        self.step(LetterTransition.ISSUE_PAPER, None, actor=self.leader(), paper=document, label=label,
                  note=None if document is not None else f"{label} (văn bản giấy)")
        self.handled.d9_closed = (office_moment(self.day, self.rng), f"Đã ban hành {label}")


def _stored(built: Paper) -> dict[str, Any]:
    """The paper's text as the document register stores it in body_data (documents.services)."""
    stored: dict[str, Any] = {"fields": dict(built.fields), "body": body_to_json(built.body)}
    if built.co_signer is not None:
        stored["co_signer"] = {"position": built.co_signer.position, "name": built.co_signer.name,
                               "authority": built.co_signer.authority.value, "principal": built.co_signer.principal,
                               "collective": built.co_signer.collective, "hint": built.co_signer.hint}
    return stored


@dataclass(frozen=True)
class Rendered:
    """A paper's text for its document row: the subject, body_data's JSON text without its closing brace (the
    paper's fields, body and co-signer; the row's data is appended), recipients and copies."""

    code: str
    archive_unit: str
    subject: str
    head: str
    recipients: tuple[str, ...]
    copies_to: tuple[str, ...]


class _DayTexts(dict[date, str]):
    """format_date's text of a day, remembered (strftime costs microseconds a call)."""

    def __missing__(self, day: date) -> str:
        text = self[day] = format_date(day)
        return text


_day_text = _DayTexts().__getitem__


class _DayMark(date):
    """A date that prints as its mark (format_date writes f"{day:%d/%m/%Y}")."""

    mark = ""

    def __format__(self, spec: str) -> str:
        return self.mark


# A value's mark: an upper-case letter then lower-case ones, so that _lower_first marks its own form ("qxq3Q"); no
# space, no final stop; never inside another mark nor in the papers' words.
_MARK = re.compile(r"([Qq])xq(\d+)Q")
_encode = json.encoder.encode_basestring_ascii  # a string as json.dumps writes it (quoted, ASCII)
_CONTENT_KEY = operator.attrgetter("kind", "is_main")


def _clean(text: str) -> bool:
    """A value the papers print as it is: one space between words, no line break, no final stop or comma (their
    _sentence then only adds the stop, the same on the mark and on the value)."""
    return " ".join(text.split()) == text and text[-1] not in ".;, "


def _program(text: str, count: int) -> str:
    """The text as a format string: each mark a field (its value's index; + count for _lower_first's form)."""
    out, position = [], 0
    for found in _MARK.finditer(text):
        out.append(text[position:found.start()].replace("{", "{{").replace("}", "}}"))
        out.append(f"{{{int(found.group(2)) + (count if found.group(1) == 'q' else 0)}}}")
        position = found.end()
    out.append(text[position:].replace("{", "{{").replace("}", "}}"))
    return "".join(out)


@dataclass(frozen=True)
class _Shape:
    """One shape's texts as format strings over the values (see PaperShapes)."""

    code: str
    archive_unit: str
    subject: str
    head: str  # in JSON: the fields get the values' JSON text
    recipients: tuple[str, ...]
    copies_to: tuple[str, ...]
    lowered: tuple[int, ...]  # the values printed in _lower_first's form
    escape: tuple[int, ...]  # the format arguments printed in the JSON text (as they are, and lowered)
    padding: tuple[str, ...]  # the lowered forms' places in the format arguments


class PaperShapes:
    """The handling papers' texts, each rendered once per shape and then filled per letter, with the same output.

    A letter's paper differs from the next one's of the same kind mostly in its values (register number, dates,
    the writer's name and address, the summary, the respondent, the bodies' names), not in its sentences. The shape
    is the paper kind, the letter kind, the contents' kinds, which values are empty and what else chooses the
    sentences; the builder (petitions.letters.paper_texts) runs once per shape on marks instead of the values (a
    date that prints as a mark), and each letter's paper is that text with the marks replaced by its values (in
    body_data's JSON text by their JSON text; in _lower_first's form where the builder wrote that form). The first
    paper of every shape is built directly as well and compared (a shape that differs is always built directly),
    and a letter with a value the builders would reshape (_sentence, _paragraphs) is built directly."""

    def __init__(self) -> None:
        self.shapes: dict[tuple[Any, ...], _Shape | None] = {}
        self.clean: dict[str, bool] = {"": True}
        self.lowered: dict[str, str] = {}

    def render(self, kind: HandlingPaper, facts: LetterFacts, *, contents: tuple[Content, ...], receiver: str,
               reason: str, proposer: str, unit: str, row: dict[str, Any], template: Callable[[str], Any],
               late: bool) -> Paper | Rendered | None:
        """The paper's text (None: the builder makes none for these facts); `template`: a code's template on the
        paper's day, the same for every day on the same side of `late`."""
        writer = facts.writer
        values = [
            facts.issuer_name, facts.register_label, facts.respondent, facts.place_text, facts.competent_body,
            facts.prior_resolution, facts.forwarded_by, facts.forwarded_doc, facts.reference_code,
            writer.name if writer is not None else "", writer.address if writer is not None else "",
            receiver, reason, proposer, row["competent_body"],
            *[content.summary for content in facts.contents], *[content.summary for content in contents],
        ]
        verdicts = list(map(self.clean.get, values))
        if None in verdicts:
            verdicts = [self.verdict(value) for value in values]
        if False in verdicts:
            return _build(kind, facts, contents=contents, receiver=receiver, reason=reason, proposer=proposer,
                          unit=unit, row=row)
        key = (
            kind, late, unit, facts.kind, facts.dated_on is None, facts.annexes, writer.title if writer else None,
            *map(_CONTENT_KEY, facts.contents), len(facts.contents), *map(_CONTENT_KEY, contents), *map(bool, values),
        )
        if key in self.shapes:
            shape = self.shapes[key]
        else:
            shape = self.shapes[key] = _make_shape(kind, facts, contents, len(values), unit, template, values)
            if shape is not None and self.fill(shape, values, facts) != _rendered(
                _build(kind, facts, contents=contents, receiver=receiver, reason=reason, proposer=proposer, unit=unit,
                       row=row), template
            ):
                shape = self.shapes[key] = None
        if shape is None:
            return _build(kind, facts, contents=contents, receiver=receiver, reason=reason, proposer=proposer,
                          unit=unit, row=row)
        return self.fill(shape, values, facts)

    def verdict(self, value: str) -> bool:
        verdict = self.clean.get(value)
        if verdict is None:
            verdict = self.clean[value] = not value or _clean(value)
        return verdict

    def fill(self, shape: _Shape, values: list[str], facts: LetterFacts) -> Rendered:
        received = _day_text(facts.received_on)
        dated = _day_text(facts.dated_on) if facts.dated_on is not None else ""
        raw = [*values, received, dated, *shape.padding]
        if shape.lowered:
            lowered, count = self.lowered, len(values) + 2
            for index in shape.lowered:
                value = values[index]
                text = lowered.get(value)
                if text is None:
                    text = lowered[value] = texts._lower_first(value)
                raw[count + index] = text
        escaped = raw.copy()
        for index in shape.escape:
            escaped[index] = _encode(raw[index])[1:-1]
        return Rendered(
            code=shape.code, archive_unit=shape.archive_unit, subject=shape.subject.format(*raw),
            head=shape.head.format(*escaped), recipients=tuple([text.format(*raw) for text in shape.recipients]),
            copies_to=tuple([text.format(*raw) for text in shape.copies_to]),
        )


def _data_json(data: dict[str, Any]) -> str:
    """json.dumps(data) without its opening brace; a handling paper's data written directly (json.dumps of a
    small dict costs several microseconds)."""
    if data.keys() == {"handling_paper", "part_ids", "receiver_agency_id"} and list(data) == _PAPER_DATA:
        paper, parts, receiver = data["handling_paper"], data["part_ids"], data["receiver_agency_id"]
        if paper.__class__ is str and all(part.__class__ is int for part in parts) and (
            receiver is None or receiver.__class__ is int
        ):
            return (f'"handling_paper": {_encode(paper)}, "part_ids": [{", ".join(map(str, parts))}], '
                    f'"receiver_agency_id": {"null" if receiver is None else receiver}}}')
    return json.dumps(data)[1:]


_PAPER_DATA = ["handling_paper", "part_ids", "receiver_agency_id"]


def _rendered(built: Paper | None, template: Callable[[str], Any]) -> Rendered | None:
    """A paper built directly, as PaperShapes gives it."""
    if built is None:
        return None
    return Rendered(code=built.code, archive_unit=built.archive_unit, subject=subject_of(template(built.code), built.fields),
                    head=json.dumps(_stored(built))[:-1], recipients=tuple(built.recipients),
                    copies_to=tuple(built.copies_to))


def _make_shape(kind: HandlingPaper, facts: LetterFacts, contents: tuple[Content, ...], count: int, unit: str,
                template: Callable[[str], Any], values: list[str]) -> _Shape | None:
    """The builder run on marks: value i (when not empty) is "Qxq{i}Q", the received and dated days the next two."""
    named = [f"Qxq{i}Q" if value else "" for i, value in enumerate(values)]
    received, dated = _DayMark(2000, 1, 1), _DayMark(2000, 1, 1)
    received.mark, dated.mark = f"Qxq{count}Q", f"Qxq{count + 1}Q"
    writer, n = facts.writer, len(facts.contents)
    marked = replace(
        facts, issuer_name=named[0], register_label=named[1], respondent=named[2], place_text=named[3],
        competent_body=named[4], prior_resolution=named[5], forwarded_by=named[6], forwarded_doc=named[7],
        reference_code=named[8], writer=replace(writer, name=named[9], address=named[10]) if writer is not None else None,
        received_on=received, dated_on=dated if facts.dated_on is not None else None,
        contents=tuple(replace(c, summary=named[15 + i]) for i, c in enumerate(facts.contents)),
    )
    built = _rendered(
        _build(kind, marked, contents=tuple(replace(c, summary=named[15 + n + i]) for i, c in enumerate(contents)),
               receiver=named[11], reason=named[12], proposer=named[13], unit=unit, row={"competent_body": named[14]}),
        template,
    )
    if built is None:
        return None
    every = " ".join((built.subject, built.head, *built.recipients, *built.copies_to))
    found = {(m.group(1), int(m.group(2))) for m in _MARK.finditer(every)}
    total = count + 2
    return _Shape(
        code=built.code, archive_unit=built.archive_unit, subject=_program(built.subject, total),
        head=_program(built.head, total), recipients=tuple(_program(t, total) for t in built.recipients),
        copies_to=tuple(_program(t, total) for t in built.copies_to),
        lowered=tuple(sorted(i for case, i in found if case == "q")),
        escape=tuple(sorted(i + (total if case == "q" else 0) for case, i in found)),
        padding=("",) * total,
    )


_SHAPES = PaperShapes()


def _build(kind: HandlingPaper, facts: LetterFacts, *, contents: tuple[Content, ...], receiver: str, reason: str,
           proposer: str, unit: str, row: dict[str, Any]) -> Paper | None:
    """The paper's text by the builders the handling papers use (petitions.letters.handling_papers._build)."""
    if kind is HandlingPaper.PROPOSAL_ACCEPT:
        return texts.proposal_paper(replace(facts, contents=contents), proposer=proposer, direction=None, archive_unit=unit)
    if kind is HandlingPaper.FILING_NOTE:
        return texts.filing_paper(facts, reason=reason, proposer=proposer, archive_unit=unit)
    if kind is HandlingPaper.GUIDANCE and facts.writer is not None:
        return texts.guidance_paper(facts, facts.writer, contents=contents, competent=receiver or row["competent_body"],
                                    archive_unit=unit)
    if kind is HandlingPaper.FORWARD_DENUNCIATION:
        return texts.forward_denunciation_paper(facts, content=contents[0], receiver=receiver, archive_unit=unit)
    if kind is HandlingPaper.NOTICE_DENOUNCER_FORWARDED:
        return texts.notice_denouncer_paper(facts, receiver=receiver, archive_unit=unit)
    if kind in (HandlingPaper.FORWARD_PETITION, HandlingPaper.FORWARD_COMPLAINT):
        return texts.forward_paper(facts, code=PAPERS[kind].template_code, contents=contents, receiver=receiver,
                                   archive_unit=unit)
    if kind is HandlingPaper.EXPLAIN_SETTLED and facts.writer is not None:
        return texts.explain_settled_paper(facts, facts.writer, explanation=reason, archive_unit=unit)
    if kind is HandlingPaper.RETURN_LETTER and facts.forwarded_by:
        return texts.return_paper(facts, sender=facts.forwarded_by, reason=reason, archive_unit=unit)
    if kind is HandlingPaper.FORWARD_PARTY:
        party = receiver or row["competent_body"]
        return texts.forward_party_paper(facts, content=contents[0], receiver=f"Ủy ban Kiểm tra Đảng ủy {party}",
                                         archive_unit=unit)
    if kind is HandlingPaper.URGENT_REPORT and receiver:
        return texts.urgent_report_paper(facts, receiver=receiver, reason=reason, archive_unit=unit)
    if kind is HandlingPaper.ANSWER_D7 and facts.writer is not None:
        return texts.answer_paper(facts, facts.writer, outcome=AnswerOutcome.ACCEPTED, competent=row["competent_body"],
                                  reason="", archive_unit=unit)
    if kind is HandlingPaper.RESULT_D9 and facts.writer is not None:
        return texts.result_paper(facts, facts.writer, resolver=receiver or row["competent_body"], result=reason,
                                  archive_unit=unit)
    if kind is HandlingPaper.FORWARD_ANONYMOUS:
        return texts.forward_anonymous_paper(facts, receiver=receiver, archive_unit=unit)
    return None


def number_papers(batch: DemoBatch) -> None:
    """Number the batch's issued papers per issuing body and year in date order, from blocks reserved in the
    document register (petitions.numbering), and name the number on the step that issued each."""
    _destruction_records(batch)
    papers: list[dict[str, Any]] = batch.made.pop("papers", [])
    by_register: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for document in papers:
        by_register[(document["issuing_agency_id"], document["number_year"])].append(document)
    blocks = batch.reserve(NumberKind.DOCUMENT_REGISTER, {key: len(documents) for key, documents in by_register.items()})
    for key, documents in sorted(by_register.items()):
        documents.sort(key=lambda d: (d["issue_date"], d["issued_at"], d["id"]))
        for document, number in zip(documents, blocks[key], strict=True):
            document["number"] = number
            document["number_symbol"] = number_symbol(number, document["symbol"])
    destroy = LetterTransition.DESTROY.value
    for event, entry in batch.made.pop("paper_steps", ()):
        issued = event["_paper"]
        if "lines" in issued:  # a destruction: the record's number
            issued = issued["document"]
        event["note"] = f"{event['_label']} số {issued['number_symbol'] or ''}".strip()
        entry["reason"] = (event["note"] if event["transition"] == destroy else f"Ban hành {event['note']}")[:500]


def _destruction_records(batch: DemoBatch) -> None:
    """One destruction record per office and day of the batch (biên bản hủy đơn), drafted by the builder the
    destruction service uses and issued that day; each destroyed letter names it."""
    ctx: Context = batch.run.cache["handling"]
    rule = RETENTION_RULES[flow.RETENTION_RULE]
    for (agency_id, day), record in sorted(batch.made.pop("destructions", {}).items()):
        issuing = ctx.issuing[agency_id]
        staff = ctx.staff.get(agency_id, Staff())
        paper = texts.destruction_record_paper(
            issuer_name=issuing.document_name, lines=record["lines"], retention=rule.description,
            basis=rule.basis, leader=staff.names.get(record["leader"] or 0, ""), archive_unit=issuing.archive_unit,
        )
        handling = LetterHandling(batch, ctx, record["letters"][0], ())
        handling.day = day
        document = handling.document(paper, author=record["leader"], data={
            "destroyed_letter_ids": [row["id"] for row in record["letters"]]
        })
        handling.issue(document, actor=record["leader"])
        record["document"] = document
        for row in record["letters"]:
            row["destruction_document_id"] = document["id"]




# ---------------------------------------------------------------------------------------------------------
# The cases: what their letters' handling and their own life cycle (petitions.domain.case_flow) made of them
# ---------------------------------------------------------------------------------------------------------

# An accepted case's life after acceptance (DOMAIN §3.5): the share withdrawn (then terminated), the share of
# complaints with a dialogue, of decisions published, of published decisions implemented; the complexity
# recorded at acceptance. Steps are a few days to weeks apart (acceptance to decision 8–38 days: most within the
# 30-day D15/D24, some late); a step that would fall after today has not happened, so older cases are further on.
_WITHDRAWN = 0.06
_DIALOGUE = 0.7
_PUBLISHED = 0.85
_IMPLEMENTED = 0.6
_COMPLEXITY = Weighted(((Complexity.ORDINARY, 80), (Complexity.COMPLEX, 15), (Complexity.VERY_COMPLEX, 5)))
_GAPS: dict[CaseEvent, tuple[int, int]] = {
    CaseEvent.ASSIGN_VERIFICATION: (1, 5), CaseEvent.REPORT_VERIFICATION: (5, 20), CaseEvent.HOLD_DIALOGUE: (1, 6),
    CaseEvent.DECIDE: (1, 7), CaseEvent.NOTIFY_RESULT: (1, 5), CaseEvent.PUBLISH: (3, 15),
    CaseEvent.START_IMPLEMENTATION: (3, 20), CaseEvent.RECORD_IMPLEMENTATION: (20, 60), CaseEvent.CLOSE: (5, 30),
    CaseEvent.WITHDRAW: (10, 40), CaseEvent.TERMINATE: (3, 15),
}
_CLOSED_BY_LETTERS = "Các đơn, lượt tiếp công dân của vụ việc đã xử lý xong"
_DENOUNCER_NOTIFIED = "Đã thông báo việc thụ lý cho người tố cáo và người bị tố cáo"
# Money (million VND) to the thousand VND, land (m²) to the hundredth: CaseOutcome's scales (petitions.db_types).
_MONEY, _LAND = Decimal("0.001"), Decimal("0.01")
_SCALED = {c.name: c.type for c in CaseOutcome.__table__.columns if isinstance(c.type, ScaledDecimal)}


class CaseLife:
    """One case's steps after its letters were handled, written as petitions.cases.transitions._apply would:
    the state through case_flow.next_state (an illegal step raises), one dated status event naming the event,
    a history row for each field it changes, the clocks of the table's row started and stopped (rule ids by
    case_flow.clock_rules, due dates by the deadline engine on the seeded calendar), the outcome row."""

    def __init__(self, batch: DemoBatch, ctx: Context, row: dict[str, Any], clocks: Any) -> None:
        self.batch, self.ctx, self.row, self.rng, self.clocks = batch, ctx, row, batch.rng, clocks
        self.status = CaseStatus.OPEN
        self.day: date = row["opened_on"]
        self.open: dict[str, dict[str, Any]] = {}  # rule id → its open clock row
        self.outcome: dict[str, Any] | None = None
        staff = ctx.staff.get(row["agency_in_charge_id"], Staff())
        self.leader = staff.leaders[0] if staff.leaders else None
        self.officers = staff.officers

    def facts(self) -> case_flow.CaseFacts:
        row = self.row
        return case_flow.CaseFacts(
            status=self.status, case_type=row["case_type"], complaint_subtype=row["complaint_subtype"],
            case_round=row["case_round"], complexity=row["complexity"], remote=row["is_remote"],
            verification_reported=row["verification_reported_on"] is not None,
            result_notified=row["result_notified_on"] is not None,
        )

    def later(self, event: CaseEvent) -> bool:
        """Move to the working day the step's gap reaches; False (and no move) when that is after today."""
        low, high = _GAPS[event]
        days = self.batch.run.days
        index = bisect.bisect_left(days, self.day + timedelta(days=self.rng.randint(low, high)))
        if index >= len(days):
            return False
        self.day = days[index]
        return True

    def history(self, field: str, old: Any, new: Any, reason: str, actor: int | None, moment: datetime,
                record: tuple[str, int] | None = None) -> None:
        table = HistoryEntry.__table__
        record_type, record_id = record or ("case", self.row["id"])
        self.batch.add(table, {
            "id": self.batch.new_id(table), "recorded_at": moment, "actor_id": actor, "record_type": record_type,
            "record_id": record_id, "action": "update", "field": field, "old_value": as_text(old),
            "new_value": as_text(new), "redacted": False, "reason": reason[:500], "request_id": None,
        })

    def record(self, status: CaseStatus, *, transition: str | None, note: str | None, reason: str,
               actor: int | None, fields: dict[str, Any] | None = None) -> datetime:
        """The status event (petitions.cases.services.record_case_status) and the changed fields' history."""
        row, moment = self.row, office_moment(self.day, self.rng)
        changes = dict(fields or {})
        if status != self.status:
            changes["status"] = status
        if status == CaseStatus.ACCEPTED and row["accepted_on"] is None:
            changes["accepted_on"] = self.day
        if status == CaseStatus.CLOSED:
            changes["closed_on"] = self.day
        for name, value in changes.items():
            if name != "status" and row[name] == value:
                continue
            self.history(name, self.status if name == "status" else row[name], value, reason, actor, moment)
            row[name] = value
        self.status = status
        table = CaseFileStatusEvent.__table__
        self.batch.add(table, {
            "id": self.batch.new_id(table), "case_file_id": row["id"], "status": status, "effective_on": self.day,
            "recorded_at": moment, "recorded_by_id": actor, "note": (note or "")[:500] or None,
            "transition": transition,
        })
        row["updated_at"] = moment
        return moment

    def start(self, rule_id: str) -> None:
        """The clock as start_clock opens it; none where the engine cannot count (a day before the rule, or
        outside the confirmed years of the seeded calendar: the letters' clocks have the same limit)."""
        try:
            variants = case_flow.case_variants(rule_id, self.day, self.facts())
        except DeadlineError:
            return  # no generation of the rule on that day (the ten-year window starts before some rules)
        clock = self.clocks.row(self.row["id"], rule_id, self.day, office_moment(self.day, self.rng), variants=variants)
        if clock is None:
            return
        table = Clock.__table__
        clock.update(id=self.batch.new_id(table), record_type=RecordType.CASE, closed_at=None, close_reason=None,
                     paused_since=None, opened_by_id=self.leader)
        self.batch.add(table, clock)
        self.open[rule_id] = clock

    def stop(self, rule_id: str, reason: str) -> dict[str, Any] | None:
        clock = self.open.pop(rule_id, None)
        if clock is not None:
            clock.update(closed_at=max(office_moment(self.day, self.rng), clock["opened_at"]), close_reason=reason[:255])
        return clock

    def apply(self, event: CaseEvent, *, actor: int | None, note: str | None = None, reason: str | None = None,
              fields: dict[str, Any] | None = None) -> None:
        facts = self.facts()
        to = case_flow.next_state(facts, event, None)  # raises CaseTransitionRefused for an illegal step
        table_row = case_flow.TABLE[event]
        words = case_flow.EVENT_WORDS[event]
        reason = reason or words[:1].upper() + words[1:]
        due = self.open.get(self.resolution_rule() or "", {}).get("due_on")
        self.record(to, transition=event.value, note=note, reason=reason, actor=actor, fields=fields)
        facts = self.facts()
        for rule_id in case_flow.clock_rules(table_row.stops, facts):
            self.stop(rule_id, reason)
        for rule_id in case_flow.clock_rules(table_row.starts, facts):
            if rule_id not in self.open:
                self.start(rule_id)
        if event is CaseEvent.DECIDE:
            self.decide(actor, due)

    def resolution_rule(self) -> str | None:
        row = self.row
        return case_flow.resolution_rule(row["case_type"], row["complaint_subtype"], row["case_round"])

    # -- the outcome -------------------------------------------------------------------------------------

    def decide(self, actor: int | None, due: date | None) -> None:
        """The outcome row of the decision (conclusion): a verdict the case's kind and round allow, what it
        orders (for some), whether it came within the resolution clock's due date."""
        rng, row = self.rng, self.row
        verdict = rng.choice(sorted(case_flow.verdicts_for(self.facts())))
        founded = verdict not in (CaseVerdict.WRONG, CaseVerdict.FALSE, CaseVerdict.UPHELD)
        ordered: dict[str, Decimal | int] = dict.fromkeys(case_flow.ORDERED_FIGURES, 0)
        if founded and rng.random() < 0.6:
            if row["case_type"] == CaseType.COMPLAINT:
                ordered["return_money_persons"] = (Decimal(rng.randint(5, 9000)) / 10).quantize(_MONEY)
                ordered["return_land_persons"] = (Decimal(rng.randint(0, 40000)) / 100).quantize(_LAND)
                ordered["restored_persons"] = rng.randint(0, 2)
            else:
                ordered["recover_money"] = (Decimal(rng.randint(10, 50000)) / 10).quantize(_MONEY)
                ordered["discipline_officials"] = rng.randint(0, 2)
                ordered["investigation_cases"] = int(rng.random() < 0.05)
        moment = office_moment(self.day, rng)
        table = CaseOutcome.__table__
        self.outcome = self.batch.add(table, {
            "id": self.batch.new_id(table), "case_file_id": row["id"], "verdict": verdict, "decided_on": self.day,
            "decision_document_id": None, "resolved_on_time": case_flow.on_time(self.day, due),
            **ordered, **dict.fromkeys(case_flow.DONE_FIGURES, 0), "implemented_on": None,
            "version": 1, "created_at": moment, "updated_at": moment,
        })
        row["decided_on"] = self.day

    def implemented(self, actor: int | None) -> dict[str, Any]:
        """What the implementation did: part or all of what was ordered."""
        assert self.outcome is not None
        outcome, share = self.outcome, Decimal(self.rng.choice((50, 80, 100))) / 100
        done: dict[str, Any] = {}
        for ordered, did in zip(case_flow.ORDERED_MONEY + case_flow.ORDERED_LAND,
                                case_flow.DONE_MONEY + case_flow.DONE_LAND, strict=True):
            done[did] = (outcome[ordered] * share).quantize(_MONEY if did in case_flow.DONE_MONEY else _LAND)
        done["disciplined_officials"] = outcome["discipline_officials"]
        done["prosecuted_cases"] = outcome["investigation_cases"]
        moment = office_moment(self.day, self.rng)
        reason = "Ghi nhận kết quả thực hiện"
        for name, value in done.items():
            if value:
                self.history(name, outcome[name], value, reason, actor, moment, ("case_outcome", outcome["id"]))
        # implemented_on is the day every measure was done: only when all of it was.
        complete = share == 1
        outcome.update(done, implemented_on=self.day if complete else None, updated_at=moment, version=2)
        table, dialect = CaseImplementationEntry.__table__, db.session.get_bind().dialect
        self.batch.add(table, {
            "id": self.batch.new_id(table), "case_file_id": self.row["id"], "effective_on": self.day,
            # Money and land as the scaled integers the bulk writer takes (the outcome's are converted at the end).
            **{name: _SCALED[name].process_bind_param(outcome[name], dialect) if name in _SCALED else outcome[name]
               for name in case_flow.DONE_FIGURES},
            "fully_done": complete, "supersedes_id": None,
            "note": reason, "recorded_at": moment, "recorded_by_id": actor,
        })
        return done

    # -- the life ----------------------------------------------------------------------------------------

    def accept(self, letter: dict[str, Any]) -> None:
        """The letter's proposal to accept was issued (petitions.cases.transitions.accept_from_letter): round 2
        when the letter says the first round was resolved; the complexity recorded."""
        row = self.row
        self.day = letter["_accepted_on"]
        if letter["prior_resolution"] == PriorResolution.RESOLVED_FIRST:
            row["case_round"] = CaseRound.SECOND
        row["complexity"] = _COMPLEXITY.draw(self.rng)
        reason = letter["_accepted_reason"]
        self.apply(CaseEvent.ACCEPT, actor=letter["_accepted_by"], note=reason[:500], reason=reason)
        if "D23" in self.open:  # the denunciation's notices went out with the acceptance decision
            self.stop("D23", _DENOUNCER_NOTIFIED)

    def resolve(self) -> None:
        """From acceptance, as far as today allows: verification, (dialogue), decision, result told,
        publication, implementation, closing; or withdrawn and terminated (a complaint lapses after D20)."""
        rng, kind = self.rng, self.row["case_type"]
        leader, officer = self.leader, rng.choice(self.officers) if self.officers else None
        if rng.random() < _WITHDRAWN:
            if self.later(CaseEvent.WITHDRAW):
                self.apply(CaseEvent.WITHDRAW, actor=officer, note="Người viết đơn có đơn rút")
                if self.later(CaseEvent.TERMINATE):
                    self.apply(CaseEvent.TERMINATE, actor=leader, note="Người viết đơn rút toàn bộ nội dung")
                    self.lapse()
            return
        if not self.later(CaseEvent.ASSIGN_VERIFICATION):
            return
        self.apply(CaseEvent.ASSIGN_VERIFICATION, actor=leader, fields={"handler_id": officer})
        if not self.later(CaseEvent.REPORT_VERIFICATION):
            return
        self.apply(CaseEvent.REPORT_VERIFICATION, actor=officer, fields={"verification_reported_on": self.day})
        if kind == CaseType.COMPLAINT and rng.random() < _DIALOGUE:
            if not self.later(CaseEvent.HOLD_DIALOGUE):
                return
            self.apply(CaseEvent.HOLD_DIALOGUE, actor=officer, note="Các bên thống nhất với kết quả xác minh")
        if not self.later(CaseEvent.DECIDE):
            return
        self.apply(CaseEvent.DECIDE, actor=leader)
        if self.later(CaseEvent.NOTIFY_RESULT):
            self.apply(CaseEvent.NOTIFY_RESULT, actor=officer, fields={"result_notified_on": self.day})
        published = rng.random() < _PUBLISHED
        if published:
            if not self.later(CaseEvent.PUBLISH):
                return
            self.apply(CaseEvent.PUBLISH, actor=officer, note="Niêm yết tại trụ sở cơ quan",
                       fields={"published_on": self.day})
        if not published or rng.random() < _IMPLEMENTED:
            if not self.later(CaseEvent.START_IMPLEMENTATION):
                return
            self.apply(CaseEvent.START_IMPLEMENTATION, actor=officer)
            if not self.later(CaseEvent.RECORD_IMPLEMENTATION):
                return
            self.implemented(officer)
            self.apply(CaseEvent.RECORD_IMPLEMENTATION, actor=officer, note="Đã thực hiện quyết định, kết luận")
        if self.later(CaseEvent.CLOSE):
            self.apply(CaseEvent.CLOSE, actor=leader)

    def lapse(self) -> None:
        """A terminated complaint whose D20 ran out lapses the next working day (the daily `petitions cases
        lapse`)."""
        clock = self.open.get("D20")
        if clock is None or clock["due_on"] is None:
            return
        days = self.batch.run.days
        index = bisect.bisect_right(days, clock["due_on"])
        if index < len(days):
            self.day = days[index]
            self.apply(CaseEvent.LAPSE, actor=None)

    def finish(self) -> None:
        """The row's projection of its open resolution clocks (deadlines.services.refresh_resolution_due); the
        outcome's amounts as the integers the bulk writer stores (it binds no column types)."""
        dues = [c["due_on"] for rule_id, c in self.open.items() if rule_id in CASE_RESOLUTION_RULE_IDS and c["due_on"]]
        self.row["resolution_due_on"] = min(dues, default=None)
        if self.outcome is not None:
            dialect = db.session.get_bind().dialect
            for name, kind in _SCALED.items():
                self.outcome[name] = kind.process_bind_param(self.outcome[name], dialect)


def follow_cases(batch: DemoBatch, letters: Sequence[dict[str, Any]], clocks: Any) -> int:
    """The batch's cases after their letters were handled (called by the letters generator): a complaint or
    denunciation whose letter's acceptance was issued is accepted that day and goes on along case_flow as far
    as today allows; any other case closes on the day its last letter and visit ended
    (petitions.domain.records.case_handling_ended), else stays open. The case's papers are not written here
    (petitions.cases.demo issues them for its cases through the services); the steps name them in the
    transition and note only. Returns the cases accepted."""
    ctx = context(batch)
    cases = batch.rows.get(CaseFile.__table__.name, [])
    by_case: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for letter in letters:
        if letter["case_id"] is not None:
            by_case[letter["case_id"]].append(letter)
    visits = {plan.id: plan.visits for plan in batch.made.get("cases", ())}  # the reception generator's rows
    letter_of = {letter["id"]: letter for letters_ in by_case.values() for letter in letters_}
    accepted = 0
    for row in cases:
        life = CaseLife(batch, ctx, row, clocks)
        mine = by_case.get(row["id"], [])
        acceptances = sorted((letter for letter in mine if "_accepted_on" in letter), key=lambda r: r["_accepted_on"])
        if acceptances and row["case_type"] in (CaseType.COMPLAINT, CaseType.DENUNCIATION):
            life.accept(acceptances[0])
            life.resolve()
            life.finish()
            accepted += 1
            continue
        members = [
            CaseMember("letter", letter["id"], letter["received_on"], letter_ends_case(letter["status"]))
            for letter in mine
        ]
        ends = [letter.get("_ended_on") for letter in mine]
        for visit in visits.get(row["id"], ()):
            handed = letter_of.get(visit["letter_id"]) if visit["letter_id"] else None
            ended = visit_ends_case(visit["outcome"], handed["status"] if handed else None)
            members.append(CaseMember("visit", visit["id"], visit["visited_on"], ended))
            ends.append(visit["visited_on"] if handed is None else handed.get("_ended_on"))
        if case_handling_ended(CaseStatus.OPEN, members):
            life.day = max(day for day in ends if day is not None)
            life.record(CaseStatus.CLOSED, transition=None, note=_CLOSED_BY_LETTERS, reason=_CLOSED_BY_LETTERS,
                        actor=None)
    return accepted


__all__ = ["CaseLife", "Context", "Handled", "LetterHandling", "context", "follow_cases", "number_papers"]
