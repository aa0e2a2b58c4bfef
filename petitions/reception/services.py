"""Reception use cases: sessions, visits, intake drafts. Flush only; views commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions import clock
from petitions.auth.models import User
from petitions.cases.queries import visible_cases
from petitions.cases.services import create_case, register_members
from petitions.citizens.services import CitizenInput, citizen_for, resolve_citizen
from petitions.clock import utcnow
from petitions.deadlines.models import Clock, RecordType
from petitions.deadlines.queries import open_clock
from petitions.deadlines.services import start_clock, stop_clock
from petitions.directory.models import ReferenceItem
from petitions.domain import reception as rules
from petitions.domain.classification import DuplicateDecision, LetterChannel, is_valid_on
from petitions.domain.deadlines import DeadlineError, LeaderLevel
from petitions.domain.reception import (
    ReceptionError,
    RepresentativeKind,
    SessionKind,
    SessionMode,
    SessionStatus,
    VisitClass,
    VisitOutcome,
)
from petitions.domain.records import CaseMember, CaseType, ComplaintSubtype, LetterType
from petitions.domain.text import normalise_text
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.models import Letter
from petitions.letters.services import LetterInput, register_letter
from petitions.numbering import NumberKind, take_number
from petitions.reception.models import (
    IntakeDraft,
    ReceptionSession,
    Representative,
    Visit,
    VisitPerson,
)
from petitions.reception.queries import visible_sessions
from petitions.scoping import OutOfScope, check_acting_for, get_visible_or_404
from petitions.vault.services import (
    Identity,
    VaultMode,
    add_companions,
    seal_fields,
    store_identity,
    unseal_fields,
    vault_mode,
)

_CASE_TYPES = {
    VisitClass.COMPLAINT: CaseType.COMPLAINT,
    VisitClass.DENUNCIATION: CaseType.DENUNCIATION,
    VisitClass.PETITION: CaseType.PETITION,
}
_LETTER_TYPES = {
    VisitClass.COMPLAINT: LetterType.COMPLAINT,
    VisitClass.DENUNCIATION: LetterType.DENUNCIATION,
    VisitClass.PETITION: LetterType.PETITION,
}


def _clean(value: str | None) -> str | None:
    return normalise_text(value) or None


# ---------------------------------------------------------------------------------------------------------
# Due dates (D1, D6, D7)
# ---------------------------------------------------------------------------------------------------------


def _open(record: Visit | ReceptionSession, rule_id: str, trigger: date, *, actor: Any) -> Clock | None:
    """Start the record's clock on the office's confirmed calendar (petitions.deadlines), which keeps its
    due date. A trigger before the first confirmed year gives no clock (no date)."""
    try:
        return start_clock(record, rule_id=rule_id, trigger_on=trigger, actor=actor)
    except DeadlineError:
        return None


def _sync_d1(session: ReceptionSession, *, actor: Any) -> None:
    """D1 runs on the head's periodic sessions, backwards from the session date: publish the schedule
    5 working days before. A new date restarts the clock; another kind of session closes it."""
    running = open_clock(session, "D1")
    wanted = session.kind is SessionKind.PERIODIC
    if running is not None and wanted and running.trigger_on == session.held_on:
        return
    if running is not None:
        stop_clock(
            running,
            reason="Đổi ngày kỳ tiếp" if wanted else "Kỳ tiếp không còn là kỳ tiếp định kỳ",
            actor=actor,
        )
    if wanted:
        _open(session, "D1", session.held_on, actor=actor)


def _without_clock(model: Any, record_type: str, rule_id: str) -> sa.Select:
    return sa.select(model).where(
        ~sa.exists().where(
            Clock.record_type == record_type, Clock.record_id == model.id, Clock.rule_id == rule_id
        )
    )


def open_missing_clocks(*, actor: Any = None) -> dict[str, int]:
    """Visits and sessions saved while their due dates were kept on the record only: open their D7, D6
    and D1 clocks once (a record that ever had the clock is left alone). Returns the clocks opened."""
    opened = {"D7": 0, "D6": 0, "D1": 0}
    with history_context(actor=actor, reason="Mở thời hạn tiếp công dân trong bảng thời hạn"):
        for visit in db.session.scalars(_without_clock(Visit, RecordType.VISIT, "D7").order_by(Visit.id)):
            opened["D7"] += _open(visit, "D7", visit.visited_on, actor=actor) is not None
        refused = _without_clock(Visit, RecordType.VISIT, "D6").where(Visit.refusal_ground_id.is_not(None))
        for visit in db.session.scalars(refused.order_by(Visit.id)):
            ground = db.session.get(ReferenceItem, visit.refusal_ground_id)
            if ground is not None and rules.starts_d6(visit.outcome, ground.code):
                opened["D6"] += _open(visit, "D6", visit.visited_on, actor=actor) is not None
        periodic = _without_clock(ReceptionSession, RecordType.SESSION, "D1").where(
            ReceptionSession.kind == SessionKind.PERIODIC
        )
        for session in db.session.scalars(periodic.order_by(ReceptionSession.id)):
            opened["D1"] += _open(session, "D1", session.held_on, actor=actor) is not None
        db.session.flush()
    return opened


# ---------------------------------------------------------------------------------------------------------
# Reception sessions
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionInput:
    kind: SessionKind
    held_on: date
    mode: SessionMode = SessionMode.IN_PERSON
    status: SessionStatus = SessionStatus.PLANNED
    place: str = ""
    leader_id: int | None = None
    leader_name: str = ""
    leader_level: LeaderLevel | None = None
    participating_agencies: str = ""
    planned_content: str = ""
    schedule_published_on: date | None = None
    postponed_reason: str | None = None
    postponement_announced_on: date | None = None
    conclusion_notice_number: str | None = None
    recording_reference: str | None = None


def _apply_session(session: ReceptionSession, data: SessionInput) -> None:
    rules.check_session(
        kind=data.kind,
        mode=data.mode,
        held_on=data.held_on,
        recording_reference=data.recording_reference,
        status=data.status,
        postponed_reason=data.postponed_reason,
        leader_level=data.leader_level,
    )
    if data.kind in rules.HEAD_SESSION_KINDS | {SessionKind.DELEGATED} and not normalise_text(
        data.leader_name
    ):
        raise ReceptionError("Vui lòng ghi lãnh đạo chủ trì buổi tiếp.")
    session.kind = data.kind
    session.mode = data.mode
    session.status = data.status
    session.held_on = data.held_on
    session.place = normalise_text(data.place)
    session.leader_id = data.leader_id
    session.leader_name = normalise_text(data.leader_name)
    session.leader_level = data.leader_level
    session.participating_agencies = normalise_text(data.participating_agencies)
    session.planned_content = normalise_text(data.planned_content)
    session.schedule_published_on = data.schedule_published_on
    session.postponed_reason = _clean(data.postponed_reason)
    session.postponement_announced_on = data.postponement_announced_on
    session.conclusion_notice_number = _clean(data.conclusion_notice_number)
    session.recording_reference = _clean(data.recording_reference)


def create_session(*, agency_id: int, data: SessionInput, actor: Any = None) -> ReceptionSession:
    session = ReceptionSession(agency_id=agency_id, created_by_id=getattr(actor, "id", None))
    _apply_session(session, data)
    db.session.add(session)
    db.session.flush()
    _sync_d1(session, actor=actor)
    db.session.flush()
    return session


def update_session(session: ReceptionSession, data: SessionInput, *, actor: Any = None) -> ReceptionSession:
    """Edit a session. One with visits cannot be postponed: its visits would stay in 01/TCD (13)–(15)
    while (12) leaves the session out."""
    if data.status is SessionStatus.POSTPONED and session.status is not SessionStatus.POSTPONED:
        has_visits = db.session.scalar(sa.select(sa.exists().where(Visit.session_id == session.id)))
        if has_visits:
            raise ReceptionError("Buổi tiếp đã có lượt tiếp được ghi: không thể chuyển sang hoãn.")
    _apply_session(session, data)
    db.session.flush()
    _sync_d1(session, actor=actor)
    db.session.flush()
    return session


# ---------------------------------------------------------------------------------------------------------
# Visits
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RepresentativeInput:
    kind: RepresentativeKind
    document_number: str
    citizen_id: int | None = None
    person: CitizenInput | None = None
    document_dated_on: date | None = None
    document_issuer: str = ""
    is_certified: bool = False


@dataclass(frozen=True)
class VisitInput:
    """Everything the intake screen gives for one visit (one row of the reception book)."""

    agency_id: int
    visited_on: date
    classification: VisitClass
    summary: str
    outcome: VisitOutcome
    officer_id: int | None = None
    session_id: int | None = None
    mode: SessionMode = SessionMode.IN_PERSON
    presiding_leader: str = ""
    citizen_id: int | None = None
    person: CitizenInput | None = None
    complaint_subtype: ComplaintSubtype | None = None
    headcount: int = 1
    representatives: tuple[RepresentativeInput, ...] = ()
    accompanying: tuple[str, ...] = ()
    respondent: str = ""
    already_resolved_by: str = ""
    within_competence: bool = False
    with_letter: bool = False
    statement: str = ""
    documents_handed: str = ""
    guided_to: str = ""
    guided_document_number: str = ""
    forwarded_to: str = ""
    forwarded_document_number: str = ""
    refusal_ground_id: int | None = None
    refusal_explanation: str = ""
    follow_up: str = ""
    recording_reference: str | None = None
    case_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def refusal_ground(ground_id: int | None) -> ReferenceItem | None:
    """The chosen item if it belongs to the refusal list, whatever its validity (an id of another list, or
    of nothing, gives None: the outcome check then asks for a ground)."""
    if ground_id is None:
        return None
    return db.session.scalar(
        sa.select(ReferenceItem).where(ReferenceItem.list_code == "refusal_ground", ReferenceItem.id == ground_id)
    )


def valid_refusal_ground(ground_id: int | None, on: date) -> ReferenceItem | None:
    """The refusal ground if it is an item of the refusal list valid on the visit date."""
    item = refusal_ground(ground_id)
    if item is None or not is_valid_on(item.valid_from, item.valid_to, on):
        return None
    return item


def _register_letter(visit: Visit, *, identity: Any, actor: Any) -> int:
    """The letter handed in at the visit, registered by the letters area and linked to the visit and its case.

    The letters area numbers the register and starts the letter's clocks (register_letter).
    """
    letter_type = _LETTER_TYPES[visit.classification]
    letter = register_letter(
        LetterInput(
            received_on=visit.visited_on,
            channel=LetterChannel.IN_PERSON,
            letter_type=letter_type,
            agency_id=visit.agency_id,
            summary=visit.summary,
            complaint_subtype=visit.complaint_subtype,
            citizen_id=visit.citizen_id,
            # The letters area keeps its own vault reference for the letter's denouncer.
            identity=identity if letter_type == LetterType.DENUNCIATION else None,
            visit_id=visit.id,
            respondent=visit.respondent,
            duplicate_decision=DuplicateDecision.EXISTING_CASE,
            case_id=visit.case_id,
        ),
        actor=actor,
    )
    db.session.flush()
    return letter.id


def register_visit(data: VisitInput, *, actor: User) -> Visit:
    """Register one visit: the reception book row, its visitor, its case (an existing one from the citizen's
    history or a new one), its D7 (and D6) clocks, its persons and representatives, and the letter handed in.

    A denunciation's visitor goes to the identity vault; the visit then holds only the reference. Records
    chosen on the form (session, citizen, case) are loaded through the actor's scope.
    """
    check_acting_for(actor, data.agency_id)
    summary, ground = _check_entry(data)
    session = _resolve_session(data, actor)
    visit = _book_row(data, summary=summary, session=session, ground=ground, actor=actor)
    identity = _resolve_visitor(visit, data, actor=actor)
    _attach_case(visit, data, summary=summary, actor=actor)
    db.session.add(visit)
    db.session.flush()
    _start_clocks(visit, ground, actor=actor)
    _add_persons(visit, data, actor=actor)
    if data.outcome is VisitOutcome.LETTER_RECEIVED:
        visit.letter_id = _register_letter(visit, identity=identity, actor=actor)
        db.session.flush()
    return visit


def _check_entry(data: VisitInput) -> tuple[str, ReferenceItem | None]:
    """The form's own rules (domain.reception): summary and headcount, the outcome's details, the
    representatives. Returns the normalised summary and the refusal ground if valid on the visit day."""
    summary = normalise_text(data.summary)
    rules.check_visit_entry(
        summary=summary,
        headcount=data.headcount,
        classification=data.classification,
        complaint_subtype=data.complaint_subtype,
    )
    ground = check_outcome_and_representatives(
        data,
        with_letter=data.with_letter,
        statement=data.statement,
        headcount=data.headcount,
        representatives=data.representatives,
    )
    return summary, ground


def check_outcome_and_representatives(
    data: Any, *, with_letter: bool, statement: str, headcount: int, representatives: Sequence[Any]
) -> ReferenceItem | None:
    """The outcome's details and the representatives as at the desk (domain.reception), on `data.visited_on`
    (the intake's form, or a correction's): returns the refusal ground valid that day, if one was chosen.
    `data` carries outcome, guided_to, forwarded_to, refusal_ground_id, refusal_explanation, visited_on and
    classification."""
    chosen_ground = refusal_ground(data.refusal_ground_id)
    ground = valid_refusal_ground(data.refusal_ground_id, data.visited_on)
    rules.check_outcome(
        rules.OutcomeFacts(
            outcome=data.outcome,
            guided_to=data.guided_to,
            forwarded_to=data.forwarded_to,
            refusal_ground_code=chosen_ground.code if chosen_ground else None,
            refusal_ground_valid=ground is not None,
            refusal_explanation=data.refusal_explanation,
            with_letter=with_letter,
            statement=statement,
        )
    )
    rules.check_representatives(
        headcount=headcount,
        representatives=[rules.RepresentativeFact(r.kind, r.document_number, r.is_certified) for r in representatives],
        visited_on=data.visited_on,
        is_complaint=data.classification is VisitClass.COMPLAINT,
    )
    return ground


def _resolve_session(data: VisitInput, actor: User) -> ReceptionSession | None:
    """The session chosen on the form, loaded through the actor's scope (another agency's session answers
    as a missing one): one of the visit's office, held on the visit's day."""
    if data.session_id is None:
        return None
    session = get_visible_or_404(
        visible_sessions(actor),
        data.session_id,
        refuse=OutOfScope("Buổi tiếp đã chọn không thuộc cơ quan này.", field="session_id"),
    )
    rules.check_chosen_session(
        session.agency_id if session else None,
        session.held_on if session else None,
        agency_id=data.agency_id,
        visited_on=data.visited_on,
    )
    assert session is not None  # check_chosen_session refuses a missing one
    rules.check_session_takes_visits(session.status, session.held_on, today=clock.local_today())
    return session


def _book_row(
    data: VisitInput, *, summary: str, session: ReceptionSession | None, ground: ReferenceItem | None, actor: User
) -> Visit:
    """The reception book row with its number; the visitor, case and persons come next."""
    mode, recording = rules.visit_mode_and_recording(
        typed_mode=data.mode,
        typed_recording=_clean(data.recording_reference),
        session_mode=session.mode if session else None,
        session_recording=session.recording_reference if session else None,
    )
    outcome = rules.outcome_columns(
        data.outcome,
        guided_to=normalise_text(data.guided_to),
        guided_document_number=normalise_text(data.guided_document_number),
        forwarded_to=normalise_text(data.forwarded_to),
        forwarded_document_number=normalise_text(data.forwarded_document_number),
        refusal_explanation=normalise_text(data.refusal_explanation),
    )
    return Visit(
        agency_id=data.agency_id,
        book_year=data.visited_on.year,
        book_number=take_number(NumberKind.RECEPTION_BOOK, data.agency_id, data.visited_on.year),
        visited_on=data.visited_on,
        session_id=session.id if session else None,
        kind=rules.visit_kind(session.kind if session else None),
        mode=mode,
        officer_id=data.officer_id,
        presiding_leader=normalise_text(data.presiding_leader) or (session.leader_name if session else ""),
        classification=data.classification,
        complaint_subtype=data.complaint_subtype,
        summary=summary,
        headcount=data.headcount,
        is_delegation=rules.is_delegation(data.headcount),
        respondent=normalise_text(data.respondent),
        already_resolved_by=normalise_text(data.already_resolved_by),
        within_competence=data.within_competence,
        with_letter=data.with_letter,
        statement=_clean(data.statement),
        documents_handed=normalise_text(data.documents_handed),
        outcome=data.outcome,
        guided_to=outcome.guided_to,
        guided_document_number=outcome.guided_document_number,
        forwarded_to=outcome.forwarded_to,
        forwarded_document_number=outcome.forwarded_document_number,
        refusal_ground_id=ground.id if ground and data.outcome is VisitOutcome.REFUSED else None,
        refusal_explanation=outcome.refusal_explanation,
        follow_up=normalise_text(data.follow_up),
        recording_reference=recording,
        created_by_id=actor.id,
    )


def _resolve_visitor(visit: Visit, data: VisitInput, *, actor: User) -> Identity | None:
    """Who came: a denouncer goes to the identity vault (the visit keeps the reference; returns the identity
    for the letter handed in), anyone else is a citizen record, chosen or new (citizens area)."""
    rules.check_denunciation_visitor(data.classification, has_representatives=bool(data.representatives))
    if data.classification is not VisitClass.DENUNCIATION:
        citizen = citizen_for(actor, agency_id=data.agency_id, citizen_id=data.citizen_id, person=data.person)
        if citizen is None:
            raise ReceptionError("Vui lòng chọn hoặc nhập công dân đến trình bày.")
        visit.citizen_id = citizen.id
        return None
    source = data.person
    if data.citizen_id is not None:
        known = resolve_citizen(actor, data.citizen_id)
        source = CitizenInput(
            full_name=known.full_name,
            id_number=known.id_number,
            phone=known.phone,
            address_text=known.address_text,
        )
    identity = None
    if source is not None and normalise_text(source.full_name):
        identity = Identity(
            full_name=source.full_name,
            id_number=source.id_number,
            address=source.address_text,
            phone=source.phone,
            # The persons accompanying a denouncer go where the denouncer goes (_add_persons keeps a count).
            companions=tuple(data.accompanying),
        )
    visit.identity_ref_id = store_identity(identity, agency_id=data.agency_id, actor=actor).id
    return identity


def _attach_case(visit: Visit, data: VisitInput, *, summary: str, actor: User) -> None:
    """The case (vụ việc): the one chosen from the citizen's history, if the actor may see it, with this
    visit's rank among its visits; else a new case of the visit's kind."""
    if data.case_id is not None:
        case = get_visible_or_404(
            visible_cases(actor), data.case_id, refuse=OutOfScope("Không tìm thấy vụ việc đã chọn.", field="case_choice")
        )
        earlier = db.session.scalar(sa.select(sa.func.count()).select_from(Visit).where(Visit.case_id == case.id))
        visit.case_id = case.id
        visit.repeat_number = rules.repeat_number(earlier or 0)
        return
    case = create_case(
        case_type=_CASE_TYPES[data.classification],
        complaint_subtype=data.complaint_subtype,
        title=summary[:255],
        opened_on=data.visited_on,
        agency_in_charge_id=data.agency_id,
        actor=actor,
    )
    visit.case_id = case.id


def _start_clocks(visit: Visit, ground: ReferenceItem | None, *, actor: User) -> None:
    """D7 on every visit; D6 on a refusal on the persistent or repeat-KNPA grounds. The clocks keep the due
    dates (and move them through the calendar change flow); reception reads them from there."""
    _open(visit, "D7", visit.visited_on, actor=actor)
    if ground is not None and rules.starts_d6(visit.outcome, ground.code):
        _open(visit, "D6", visit.visited_on, actor=actor)
    db.session.flush()


def _add_persons(visit: Visit, data: VisitInput, *, actor: User) -> None:
    """The applicant, the representatives with their documents (citizen records, chosen or new) and the
    persons accompanying them (names only). A denouncer's companions follow the denouncer's rule
    (DOMAIN §8): their names went to the vault with the denouncer (encrypted mode) or stay on paper
    (reference-only mode); the visit keeps one nameless row each, i.e. a count."""
    if visit.citizen_id is not None:
        db.session.add(VisitPerson(visit_id=visit.id, citizen_id=visit.citizen_id, role="applicant"))
    for mandate in data.representatives:
        person = citizen_for(actor, agency_id=data.agency_id, citizen_id=mandate.citizen_id, person=mandate.person)
        if person is None:
            raise ReceptionError("Vui lòng ghi họ tên người đại diện.")
        db.session.add(
            Representative(
                visit_id=visit.id,
                citizen_id=person.id,
                kind=mandate.kind,
                document_number=normalise_text(mandate.document_number),
                document_dated_on=mandate.document_dated_on,
                document_issuer=normalise_text(mandate.document_issuer),
                is_certified=mandate.is_certified,
            )
        )
    secret = visit.classification is VisitClass.DENUNCIATION
    for name in data.accompanying:
        if normalise_text(name):
            shown = "" if secret else normalise_text(name)
            db.session.add(VisitPerson(visit_id=visit.id, full_name=shown, role="accompanying"))
    db.session.flush()


def seal_denouncer_companions() -> tuple[int, int]:
    """Names of persons accompanying a denouncer stored before they followed the denouncer's rule:
    moved into the denouncer's encrypted identity (encrypted mode) or dropped (reference-only mode, or a
    reference without an encrypted identity: the paper file holds them). The rows stay, nameless, as
    the count. Returns (names cleared, names moved into the vault). Flushes; the caller commits."""
    rows = db.session.scalars(
        sa.select(VisitPerson)
        .join(Visit, Visit.id == VisitPerson.visit_id)
        .where(
            Visit.classification == VisitClass.DENUNCIATION,
            VisitPerson.role == "accompanying",
            VisitPerson.full_name != "",
        )
        .order_by(VisitPerson.visit_id, VisitPerson.id)
    ).all()
    by_visit: dict[int, list[VisitPerson]] = {}
    for row in rows:
        by_visit.setdefault(row.visit_id, []).append(row)
    moved = 0
    for visit_id, persons in by_visit.items():
        visit = db.session.get(Visit, visit_id)
        if visit is not None and visit.identity_ref is not None:
            if add_companions(visit.identity_ref, [p.full_name for p in persons]):
                moved += len(persons)
        for person in persons:
            person.full_name = ""
    db.session.flush()
    return len(rows), moved


EDITABLE_VISIT_FIELDS = (
    "summary",
    "respondent",
    "already_resolved_by",
    "within_competence",
    "documents_handed",
    "guided_to",
    "guided_document_number",
    "forwarded_to",
    "forwarded_document_number",
    "follow_up",
)


def update_visit(visit: Visit, **values: Any) -> Visit:
    """Correct a visit's book columns (the caller checked the version); history records each change."""
    for key, value in values.items():
        if key not in EDITABLE_VISIT_FIELDS:
            raise ReceptionError(f"Không sửa được trường {key}.")
        if key != "within_competence":
            value = normalise_text(value)  # None from an empty field becomes ""
        setattr(visit, key, value)
    if not visit.summary:
        raise ReceptionError("Vui lòng ghi tóm tắt nội dung.")
    db.session.flush()
    return visit


# ---------------------------------------------------------------------------------------------------------
# Intake drafts (saved on the server while typing)
# ---------------------------------------------------------------------------------------------------------

MAX_DRAFT_FIELDS = 200
MAX_DRAFT_VALUE = 20_000
# The intake form's fields that say who came: the visitor, a chosen citizen record, the representatives
# (with their documents) and the persons accompanying them.
PERSON_FIELD_PREFIXES = ("person-", "representatives-")
PERSON_FIELDS = frozenset({"citizen_id", "accompanying"})
# Encrypted mode: the person fields travel in one vault-encrypted token under this key.
SEALED_KEY = "_sealed"


def drafts_drop_identity() -> bool:
    """Reference-only mode: a draft keeps the person fields only for rules.DRAFT_IDENTITY_CLASSES."""
    return vault_mode() is not VaultMode.ENCRYPTED


def is_person_field(name: str) -> bool:
    return name in PERSON_FIELDS or name.startswith(PERSON_FIELD_PREFIXES)


def save_draft(*, user_id: int, form_key: str, payload: dict[str, Any]) -> IntakeDraft:
    """Keep the form as typed (strings only, bounded), replacing the user's previous draft of that form.

    The person fields are never trusted to the browser's judgement (DOMAIN §8): in reference-only mode
    they are dropped unless a classification other than a denunciation is chosen
    (rules.draft_may_keep_identity); in encrypted mode they are kept only as a vault-encrypted token.
    """
    clean = {
        str(k)[:64]: str(v)[:MAX_DRAFT_VALUE]
        for k, v in list(payload.items())[:MAX_DRAFT_FIELDS]
        if k not in ("csrf_token", SEALED_KEY)
    }
    persons = {k: v for k, v in clean.items() if is_person_field(k)}
    kept = {k: v for k, v in clean.items() if not is_person_field(k)}
    if vault_mode() is VaultMode.ENCRYPTED:
        if any(v.strip() for v in persons.values()):
            kept[SEALED_KEY] = seal_fields(persons)
    elif rules.draft_may_keep_identity(clean.get("classification")):
        kept.update(persons)
    draft = db.session.scalar(
        sa.select(IntakeDraft).where(IntakeDraft.user_id == user_id, IntakeDraft.form_key == form_key)
    )
    if draft is None:
        draft = IntakeDraft(user_id=user_id, form_key=form_key, payload=kept)
        db.session.add(draft)
    else:
        draft.payload = kept
        draft.updated_at = utcnow()
    db.session.flush()
    return draft


def draft_form_data(draft: IntakeDraft) -> dict[str, str]:
    """The draft as the form's data, the sealed person fields opened again (encrypted mode)."""
    data = {k: v for k, v in draft.payload.items() if k != SEALED_KEY}
    token = draft.payload.get(SEALED_KEY)
    if token:
        data.update({k: v for k, v in unseal_fields(token).items() if is_person_field(k)})
    return data


def discard_draft(*, user_id: int, form_key: str) -> None:
    db.session.execute(
        sa.delete(IntakeDraft).where(IntakeDraft.user_id == user_id, IntakeDraft.form_key == form_key)
    )
    db.session.flush()


def _visits_of_case(case_id: int) -> list[CaseMember]:
    """The case's visits for its rules (petitions.cases.services), each with the state of the letter it handed
    in (petitions.domain.reception.visit_ends_case)."""
    rows = db.session.execute(
        sa.select(Visit.id, Visit.visited_on, Visit.outcome, Letter.status)
        .outerjoin(Letter, Letter.id == Visit.letter_id)
        .where(Visit.case_id == case_id)
    )
    return [CaseMember("visit", row.id, row.visited_on, rules.visit_ends_case(row.outcome, row.status)) for row in rows]


register_members("visit", _visits_of_case)
