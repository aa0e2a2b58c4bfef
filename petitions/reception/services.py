"""Reception use cases: sessions, visits, intake drafts. Flush only; views commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.cases.models import CaseFile
from petitions.cases.services import create_case
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
from petitions.domain.records import CaseType, ComplaintSubtype, LetterType
from petitions.domain.text import normalise_text
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.services import LetterInput, register_letter
from petitions.numbering import NumberKind, take_number
from petitions.reception.models import (
    IntakeDraft,
    ReceptionSession,
    Representative,
    Visit,
    VisitPerson,
)
from petitions.vault.services import Identity, store_identity

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
    """The chosen item if it belongs to the refusal list, whatever its validity."""
    if ground_id is None:
        return None
    item = db.session.get(ReferenceItem, ground_id)
    if item is None or item.list_code != "refusal_ground":
        return None
    return item


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


def register_visit(data: VisitInput, *, actor: Any = None, case_loader: Any = None) -> Visit:
    """Register one visit: the reception book row, its persons and representatives, its case (an existing
    one from the citizen's history or a new one), the letter handed in, and the D7 (and D6) due dates.

    A denunciation's visitor goes to the identity vault; the visit then holds only the reference.
    `case_loader(case_id)` returns the case if the actor may see it (the views pass the scoped loader).
    """
    summary = normalise_text(data.summary)
    if not summary:
        raise ReceptionError("Vui lòng ghi tóm tắt nội dung.")
    if data.headcount < 1:
        raise ReceptionError("Số người phải từ 1 trở lên.")
    if data.complaint_subtype is not None and data.classification is not VisitClass.COMPLAINT:
        raise ReceptionError("Chỉ nội dung khiếu nại mới có loại khiếu nại.")
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
            with_letter=data.with_letter,
            statement=data.statement,
        )
    )
    is_complaint = data.classification is VisitClass.COMPLAINT
    rules.check_representatives(
        headcount=data.headcount,
        representatives=[
            rules.RepresentativeFact(r.kind, r.document_number, r.is_certified) for r in data.representatives
        ],
        visited_on=data.visited_on,
        is_complaint=is_complaint,
    )
    session = None
    if data.session_id is not None:
        session = db.session.get(ReceptionSession, data.session_id)
        if session is None or session.agency_id != data.agency_id:
            raise ReceptionError("Buổi tiếp đã chọn không thuộc cơ quan này.")
        if session.held_on != data.visited_on:
            raise ReceptionError("Ngày tiếp phải trùng ngày của buổi tiếp đã chọn.")
    mode = session.mode if session is not None else data.mode
    recording = _clean(data.recording_reference) or (session.recording_reference if session else None)
    if mode is SessionMode.ONLINE and not recording:
        raise ReceptionError("Tiếp trực tuyến phải ghi số hiệu bản ghi âm, ghi hình.")

    visit = Visit(
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
        guided_to=normalise_text(data.guided_to) if data.outcome is VisitOutcome.GUIDED else "",
        guided_document_number=normalise_text(data.guided_document_number)
        if data.outcome is VisitOutcome.GUIDED
        else "",
        forwarded_to=normalise_text(data.forwarded_to) if data.outcome is VisitOutcome.FORWARDED else "",
        forwarded_document_number=(
            normalise_text(data.forwarded_document_number) if data.outcome is VisitOutcome.FORWARDED else ""
        ),
        refusal_ground_id=ground.id if ground and data.outcome is VisitOutcome.REFUSED else None,
        refusal_explanation=normalise_text(data.refusal_explanation)
        if data.outcome is VisitOutcome.REFUSED
        else "",
        follow_up=normalise_text(data.follow_up),
        recording_reference=recording,
        created_by_id=getattr(actor, "id", None),
    )

    identity = None
    if data.classification is VisitClass.DENUNCIATION:
        if data.representatives:
            raise ReceptionError(
                "Danh tính người tố cáo được bảo mật: người đại diện ghi trên hồ sơ giấy, không ghi vào hệ thống."
            )
        source = data.person
        if data.citizen_id is not None:
            known = resolve_citizen(actor, data.citizen_id)
            source = CitizenInput(
                full_name=known.full_name,
                id_number=known.id_number,
                phone=known.phone,
                address_text=known.address_text,
            )
        if source is not None and normalise_text(source.full_name):
            identity = Identity(
                full_name=source.full_name,
                id_number=source.id_number,
                address=source.address_text,
                phone=source.phone,
            )
        ref = store_identity(identity, agency_id=data.agency_id, actor=actor)
        visit.identity_ref_id = ref.id
    else:
        citizen = citizen_for(actor, agency_id=data.agency_id, citizen_id=data.citizen_id, person=data.person)
        if citizen is None:
            raise ReceptionError("Vui lòng chọn hoặc nhập công dân đến trình bày.")
        visit.citizen_id = citizen.id

    # The case (vụ việc): a repeat visit on a known matter adds a lượt, not a vụ việc.
    if data.case_id is not None:
        case = case_loader(data.case_id) if case_loader else db.session.get(CaseFile, data.case_id)
        if case is None:
            raise ReceptionError("Không tìm thấy vụ việc đã chọn.")
        visit.case_id = case.id
        previous = db.session.scalar(
            sa.select(sa.func.count()).select_from(Visit).where(Visit.case_id == case.id)
        )
        visit.repeat_number = (previous or 0) + 1
    else:
        case = create_case(
            case_type=_CASE_TYPES[data.classification],
            complaint_subtype=data.complaint_subtype,
            title=summary[:255],
            opened_on=data.visited_on,
            agency_in_charge_id=data.agency_id,
            actor=actor,
        )
        visit.case_id = case.id

    db.session.add(visit)
    db.session.flush()
    # D7 on every visit; D6 on a refusal on the persistent or repeat-KNPA grounds. The clocks keep the due
    # dates (and move them through the calendar change flow); reception reads them from there.
    _open(visit, "D7", data.visited_on, actor=actor)
    if ground is not None and rules.starts_d6(data.outcome, ground.code):
        _open(visit, "D6", data.visited_on, actor=actor)
    db.session.flush()

    if visit.citizen_id is not None:
        db.session.add(VisitPerson(visit_id=visit.id, citizen_id=visit.citizen_id, role="applicant"))
    for mandate in data.representatives:
        person = citizen_for(
            actor, agency_id=data.agency_id, citizen_id=mandate.citizen_id, person=mandate.person
        )
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
    for name in data.accompanying:
        if normalise_text(name):
            db.session.add(
                VisitPerson(visit_id=visit.id, full_name=normalise_text(name), role="accompanying")
            )
    db.session.flush()

    if data.outcome is VisitOutcome.LETTER_RECEIVED:
        visit.letter_id = _register_letter(visit, identity=identity, actor=actor)
        db.session.flush()
    return visit


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


def save_draft(*, user_id: int, form_key: str, payload: dict[str, Any]) -> IntakeDraft:
    """Keep the form as typed (strings only, bounded), replacing the user's previous draft of that form."""
    clean = {
        str(k)[:64]: str(v)[:MAX_DRAFT_VALUE]
        for k, v in list(payload.items())[:MAX_DRAFT_FIELDS]
        if k != "csrf_token"
    }
    draft = db.session.scalar(
        sa.select(IntakeDraft).where(IntakeDraft.user_id == user_id, IntakeDraft.form_key == form_key)
    )
    if draft is None:
        draft = IntakeDraft(user_id=user_id, form_key=form_key, payload=clean)
        db.session.add(draft)
    else:
        draft.payload = clean
        draft.updated_at = utcnow()
    db.session.flush()
    return draft


def discard_draft(*, user_id: int, form_key: str) -> None:
    db.session.execute(
        sa.delete(IntakeDraft).where(IntakeDraft.user_id == user_id, IntakeDraft.form_key == form_key)
    )
    db.session.flush()
