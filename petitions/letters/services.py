"""Letter use cases: register (numbered, clocked), classify and reclassify, void, record a status.

Every service flushes and never commits: the view (or the CLI command) owns the single commit.
Register numbers come from `petitions.numbering`, which needs the write lock from the start of the
transaction on SQLite: web POSTs take it; services and the CLI run inside `immediate_transactions()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases.models import CaseFile
from petitions.cases.queries import visible_cases
from petitions.cases.services import (
    case_members,
    close_case_if_ended,
    create_case,
    register_members,
    reopen_case_if_closed,
    retype_case,
)
from petitions.citizens.models import Citizen
from petitions.citizens.queries import visible_citizens
from petitions.citizens.services import create_citizen
from petitions.clock import local_today, utcnow
from petitions.deadlines.models import Clock, RecordType
from petitions.deadlines.services import (
    TIME_LIMIT_NOTE,
    record_time_limit,
    replace_time_limit,
    start_clock,
    stop_clock,
)
from petitions.directory.models import ReferenceItem
from petitions.documents.models import Document, DocumentStatus
from petitions.domain import classification as rules
from petitions.domain import letter_flow
from petitions.domain.classification import (
    ContentPart,
    DuplicateDecision,
    IntakeFacts,
    LetterChannel,
    PriorResolution,
    SignerKind,
    TimeLimitVerdict,
)
from petitions.domain.corrections import check_reason, check_reclassification
from petitions.domain.deadlines import CalendarNotConfirmed, ordered_variants
from petitions.domain.first_handling import FirstHandling, with_event
from petitions.domain.records import (
    CaseMember,
    CaseStatus,
    CaseType,
    ComplaintSubtype,
    IdType,
    LetterStatus,
    LetterType,
    first_member,
    letter_ends_case,
)
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.handling_papers import issued_papers, visible_receivers
from petitions.letters.models import Letter, LetterPart, LetterStatusEvent
from petitions.letters.queries import (
    DuplicateOffer,
    assignable_officers,
    find_duplicates,
    get_writer_citizen,
    visible_letters,
)
from petitions.numbering import NumberKind, take_number
from petitions.routing.services import LetterRouting, recorded_routing, route_letter
from petitions.scoping import OutOfScope, check_acting_for, find_visible, get_visible_or_404
from petitions.vault.services import Identity, normalise_id_number, store_identity

RECLASSIFICATION_REASON = "Phân loại lại đơn"
T = TypeVar("T")


# ---------------------------------------------------------------------------------------------------------
# Clocks: the one place that talks to petitions.deadlines
# ---------------------------------------------------------------------------------------------------------


def _start_clock(letter: Letter, rule_id: str, *, actor: Any, reason: str | None = None) -> None:
    """Open `rule_id` on the letter, dated from receipt (every letter clock runs from receipt)."""
    start_clock(letter, rule_id=rule_id, trigger_on=letter.received_on, actor=actor, reason=reason)


def _stop_clock(clock: Clock, *, reason: str, actor: Any) -> None:
    stop_clock(clock, reason=reason, actor=actor)


def time_limit_clock(letter: Letter) -> Clock | None:
    """The complaint's current time limit (D12, D13, D16; record_time_limit), None when it has none."""
    current = [
        c for c in letter_clocks(letter) if c.rule_id in rules.TIME_LIMIT_RULE_IDS and c.close_reason == TIME_LIMIT_NOTE
    ]
    return current[-1] if current else None


@dataclass(frozen=True)
class TimeLimitView:
    """What the classification page shows of a complaint's time limit."""

    clock: Clock | None
    verdict: TimeLimitVerdict | None  # None: no limit counted (not a complaint, no date, calendar missing)
    ground: ReferenceItem | None  # the non-acceptance ground of an expired complaint (Luật KN Đ11)


def complaint_time_limit_view(letter: Letter) -> TimeLimitView:
    clock = time_limit_clock(letter)
    if clock is None:
        return TimeLimitView(None, None, None)
    verdict = rules.complaint_time_limit_verdict(letter.received_on, clock.due_on)
    ground = _reference_item_by_code("complaint_non_acceptance", verdict.ground_code)
    return TimeLimitView(clock, verdict, ground)


def letter_clocks(letter: Letter) -> list[Clock]:
    """Every clock of the letter, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Clock)
            .where(Clock.record_type == RecordType.LETTER, Clock.record_id == letter.id)
            .order_by(Clock.id)
        )
    )


# ---------------------------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------------------------


def _scoped(actor: Any, visible: Callable[[User], sa.Select[T]], model: type[T]) -> sa.Select[T]:
    """What the actor may see of a model (the area's `visible_*` select). Without a signed-in actor (the
    CLI, the demo, another area's own call with ids it loaded itself) every row, so the id must still exist."""
    return visible(actor) if isinstance(actor, User) else sa.select(model)


def _reference_item(
    item_id: int | None, list_code: str, *, valid_on: date | None = None, keep: int | None = None
) -> ReferenceItem | None:
    """The chosen item of a list, valid on `valid_on` (the day it is chosen); `keep` is the item the record
    already has, which stays acceptable after it stopped being offered."""
    if item_id is None:
        return None
    items = sa.select(ReferenceItem).where(ReferenceItem.list_code == list_code)
    item = get_visible_or_404(items, item_id, refuse=OutOfScope("Mục danh mục đã chọn không hợp lệ."))
    if valid_on is not None and item.id != keep and not rules.is_valid_on(item.valid_from, item.valid_to, valid_on):
        raise DomainError("Mục danh mục đã chọn không hợp lệ.")
    return item


def _reference_item_by_code(list_code: str, code: str | None) -> ReferenceItem | None:
    if not code:
        return None
    item = db.session.scalar(
        sa.select(ReferenceItem).where(ReferenceItem.list_code == list_code, ReferenceItem.code == code)
    )
    if item is None:
        raise DomainError(f"Danh mục «{list_code}» chưa có mục «{code}»: chạy «petitions seed».")
    return item


@dataclass(frozen=True)
class LetterInput:
    """One incoming letter as the officer writes it in the register (DOMAIN §2–§3).

    - Who wrote it: a complaint or KNPA links to `citizen_id`; a denunciation's writer goes to the
      identity vault (`identity`, may be None in reference-only mode: the code goes on the paper file)
      and never to a citizen record (DOMAIN §8); anonymous information has no identity at all.
    - A letter handed in at a visit passes `visit_id` (channel IN_PERSON).
    - Duplicates: DUPLICATE needs `duplicate_of_id`; EXISTING_CASE needs `case_id`.
    """

    received_on: date
    channel: LetterChannel
    letter_type: LetterType
    agency_id: int
    summary: str = ""
    complaint_subtype: ComplaintSubtype | None = None
    letter_dated_on: date | None = None
    citizen_id: int | None = None
    # Kept out of repr: a denouncer's identity must not reach logs or tracebacks (DOMAIN §8).
    identity: Identity | None = field(default=None, repr=False)
    visit_id: int | None = None
    forwarded_by: str | None = None
    forwarded_doc_number: str | None = None
    forwarded_doc_on: date | None = None
    signer_kind: SignerKind = SignerKind.ONE
    signer_count: int = 1
    respondent: str = ""
    place_text: str = ""
    is_confidential: bool = False
    is_urgent: bool = False
    prior_resolution: PriorResolution = PriorResolution.NOT_YET
    result_requested: bool = False
    duplicate_decision: DuplicateDecision = DuplicateDecision.NEW
    duplicate_of_id: int | None = None
    duplicate_category_code: str | None = None
    case_id: int | None = None


def _check_letter(data: LetterInput) -> int:
    """The form rules of a new letter; returns the signer count to record."""
    rules.check_subtype(data.letter_type, data.complaint_subtype)
    rules.check_forwarding(data.channel, data.forwarded_doc_number, data.forwarded_doc_on)
    count = rules.check_signers(data.signer_kind, data.signer_count)
    if data.letter_dated_on is not None and data.letter_dated_on > data.received_on:
        raise DomainError("Ngày viết đơn không thể sau ngày nhận đơn.")
    if data.letter_type == LetterType.ANONYMOUS and (data.identity is not None or data.citizen_id is not None):
        raise DomainError("Thông tin không rõ người tố cáo không có danh tính người gửi.")
    if data.letter_type == LetterType.DENUNCIATION and data.citizen_id is not None:
        raise DomainError(
            "Đơn tố cáo không được gắn với hồ sơ công dân; danh tính người tố cáo lưu trong kho bảo mật."
        )
    if (
        data.letter_type in (LetterType.COMPLAINT, LetterType.PETITION, LetterType.MIXED)
        and data.identity is not None
    ):
        raise DomainError("Người gửi đơn khiếu nại, kiến nghị được ghi bằng hồ sơ công dân.")
    return count


@dataclass(frozen=True)
class _Links:
    """Where a new letter attaches: the first letter of its duplicate chain, its case, the duplicate category."""

    original: Letter | None = None
    case_id: int | None = None
    category: ReferenceItem | None = None


def _resolve_links(data: LetterInput, actor: Any) -> _Links:
    """The original (locked, its repeat count rises) or the existing case the officer chose, in the office
    and in the actor's scope (one outside it answers as a missing one)."""
    if data.duplicate_decision == DuplicateDecision.DUPLICATE:
        if data.duplicate_of_id is None:
            raise DomainError("Vui lòng chọn đơn gốc mà đơn này trùng.")
        missing = OutOfScope("Không tìm thấy đơn gốc trong sổ của cơ quan.", field="duplicate_of")
        seen = get_visible_or_404(_scoped(actor, visible_letters, Letter), data.duplicate_of_id, refuse=missing)
        original = db.session.scalar(sa.select(Letter).where(Letter.id == seen.id).with_for_update())
        if original is None or original.agency_in_charge_id != data.agency_id:
            raise missing
        while original.duplicate_of_id is not None:  # count repeats on the first letter of the chain
            original = db.session.get(Letter, original.duplicate_of_id)
            assert original is not None
        category = _reference_item_by_code("duplicate_category", data.duplicate_category_code or "SAME_SENDER")
        return _Links(original=original, case_id=original.case_id, category=category)
    if data.duplicate_decision == DuplicateDecision.EXISTING_CASE:
        if data.case_id is None:
            raise DomainError("Vui lòng chọn vụ việc mà đơn này thuộc về.")
        missing = OutOfScope("Không tìm thấy vụ việc trong hồ sơ của cơ quan.", field="duplicate_of")
        case = get_visible_or_404(_scoped(actor, visible_cases, CaseFile), data.case_id, refuse=missing)
        if case.agency_in_charge_id != data.agency_id:
            raise missing
        category = None
        if data.duplicate_category_code:
            category = _reference_item_by_code("duplicate_category", data.duplicate_category_code)
        return _Links(case_id=case.id, category=category)
    if data.duplicate_of_id is not None or data.case_id is not None:
        raise DomainError("Đơn mới không gắn với đơn gốc hay vụ việc đã có.")
    return _Links(case_id=_open_case(data, actor))


# The case a new letter opens, by the letter's kind. A mixed letter's main content is named at
# classification; until then its case is a KNPA one (the system's rule).
_CASE_TYPES = {
    LetterType.COMPLAINT: CaseType.COMPLAINT,
    LetterType.DENUNCIATION: CaseType.DENUNCIATION,
    LetterType.PETITION: CaseType.PETITION,
    LetterType.MIXED: CaseType.PETITION,
}


def _open_case(data: LetterInput, actor: Any) -> int | None:
    """A letter registered as a new matter opens its case (vụ việc), as a visit does, so that the case's
    first receipt is the letter's whichever channel comes next (DOMAIN §6). Anonymous information opens
    none: it is never a tố cáo and names nobody whose matter could be received again (Luật TC Đ25)."""
    case_type = _CASE_TYPES.get(data.letter_type)
    if case_type is None:
        return None
    with history_context(actor=actor, reason="Đăng ký đơn"):
        case = create_case(
            case_type=case_type,
            complaint_subtype=data.complaint_subtype if case_type == CaseType.COMPLAINT else None,
            title=normalise_text(data.summary)[:255],
            opened_on=data.received_on,
            agency_in_charge_id=data.agency_id,
            actor=actor,
        )
    return case.id


def register_letter(data: LetterInput, *, actor: Any) -> Letter:
    """Register a letter in the office's register and start its clocks. Flushes; the caller commits.

    Steps: check the letter (`_check_letter`), resolve what it attaches to (`_resolve_links`), store a
    denouncer's identity in the vault, take the register number, write the row and its first status
    event, start the clocks.

    - The register number is the next of (office `agency_id`, year of `received_on`), gapless and
      unique under concurrency (see the module docstring for the transaction it needs).
    - A new matter opens its case (anonymous information excepted); a duplicate counts as a letter, not as
      a new case: it joins the original's case and the original's repeat count rises; a letter in an
      existing matter joins the chosen case.
    - Clocks from receipt: D10 always; D21 for a denunciation (DOMAIN §5). Anonymous information: D10 only.
    - The office, the citizen, the original and the case named by id are loaded through the actor's scope.
    """
    count = _check_letter(data)
    check_acting_for(actor, data.agency_id)
    if data.citizen_id is not None:
        get_visible_or_404(
            _scoped(actor, visible_citizens, Citizen),
            data.citizen_id,
            refuse=OutOfScope("Không tìm thấy hồ sơ công dân đã chọn.", field="chosen_citizen"),
        )
    links = _resolve_links(data, actor)

    identity_ref_id = None
    if data.letter_type == LetterType.DENUNCIATION:
        identity_ref_id = store_identity(data.identity, agency_id=data.agency_id, actor=actor).id

    number = take_number(NumberKind.LETTER_REGISTER, data.agency_id, data.received_on.year)
    with history_context(actor=actor, reason="Đăng ký đơn"):
        letter = Letter(
            register_agency_id=data.agency_id,
            register_year=data.received_on.year,
            register_number=number,
            letter_type=data.letter_type,
            complaint_subtype=data.complaint_subtype,
            status=LetterStatus.RECEIVED,
            received_on=data.received_on,
            letter_dated_on=data.letter_dated_on,
            summary=data.summary,
            citizen_id=data.citizen_id,
            identity_ref_id=identity_ref_id,
            agency_in_charge_id=data.agency_id,
            case_id=links.case_id,
            channel=data.channel,
            forwarded_by=normalise_text(data.forwarded_by) or None,
            forwarded_doc_number=normalise_text(data.forwarded_doc_number) or None,
            forwarded_doc_on=data.forwarded_doc_on,
            visit_id=data.visit_id,
            signer_kind=data.signer_kind,
            signer_count=count,
            respondent=data.respondent,
            place_text=normalise_text(data.place_text),
            is_confidential=data.is_confidential,
            is_urgent=data.is_urgent,
            prior_resolution=data.prior_resolution,
            result_requested=data.result_requested,
            registered_by_id=getattr(actor, "id", None),
            duplicate_decision=data.duplicate_decision,
            duplicate_of_id=links.original.id if links.original else None,
            duplicate_category_item_id=links.category.id if links.category else None,
        )
        db.session.add(letter)
        if links.original is not None:
            links.original.repeat_count += 1
        db.session.flush()
        db.session.add(
            LetterStatusEvent(
                letter_id=letter.id,
                status=LetterStatus.RECEIVED,
                effective_on=data.received_on,
                recorded_by_id=getattr(actor, "id", None),
                transition=letter_flow.LetterTransition.REGISTER.value,
            )
        )
        db.session.flush()
    for rule_id in rules.registration_clocks(data.letter_type):
        _start_clock(letter, rule_id, actor=actor, reason="Đăng ký đơn")
    # A new matter's case was opened just now: only a case the letter joins can have been closed.
    joins = links.case_id is not None and data.duplicate_decision != DuplicateDecision.NEW
    joined = db.session.get(CaseFile, links.case_id) if joins else None
    if joined is not None:
        # A new letter of a matter whose handling had ended opens it again (petitions.domain.records.case_reopens).
        reopen_case_if_closed(joined, effective_on=data.received_on, actor=actor,
                              note=f"Nhận đơn số {letter.register_label} trong vụ việc đã kết thúc")
    return letter


# ---------------------------------------------------------------------------------------------------------
# Registration as an officer asks for it (the page and the API): the writer, the duplicate check, the decision
# ---------------------------------------------------------------------------------------------------------

# Denunciations and anonymous information: their writers are never linked to citizen records (DOMAIN §8).
VAULT_TYPES = (LetterType.DENUNCIATION, LetterType.ANONYMOUS)


@dataclass(frozen=True)
class WriterInput:
    """Who wrote the letter, as typed, or the existing citizen picked after a lookup (`citizen_id`).

    Kept out of repr: a denouncer's identity must not reach logs or tracebacks (DOMAIN §8)."""

    full_name: str = field(default="", repr=False)
    id_type: IdType | None = None
    id_number: str = field(default="", repr=False)
    address: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)
    citizen_id: int | None = None


@dataclass(frozen=True)
class DuplicateChoice:
    """The officer's answer to the duplicate check: the decision, the offered letter it names (a duplicate of
    it, or a new letter in its case) and the duplicate category (a code of the "duplicate_category" list)."""

    decision: DuplicateDecision = DuplicateDecision.NEW
    letter_id: int | None = None
    category_code: str | None = None


def chosen_writer(actor: User, letter_type: LetterType | None, citizen_id: int | None) -> Citizen | None:
    """The existing citizen picked as the writer, if the actor may see it (and it was not merged); never for a
    denunciation or anonymous information (VAULT_TYPES). An id the actor may not see answers as a missing one."""
    if letter_type in VAULT_TYPES or not citizen_id:
        return None
    citizen = get_writer_citizen(actor, citizen_id)
    if citizen is None:
        raise OutOfScope("Không tìm thấy hồ sơ công dân đã chọn.", field="chosen_citizen")
    return citizen


def duplicate_offers(
    actor: User, *, letter_type: LetterType, received_on: date, summary: str, respondent: str, writer: WriterInput
) -> list[DuplicateOffer]:
    """Letters on file the incoming one may repeat (petitions.letters.queries.find_duplicates, in the actor's
    scope), searched by the writer as named: the chosen citizen's name and number, or the typed ones; none for
    anonymous information."""
    name: str | None = None
    number: str | None = None
    if letter_type != LetterType.ANONYMOUS:
        name, number = writer.full_name, writer.id_number
    chosen = chosen_writer(actor, letter_type, writer.citizen_id)
    if chosen is not None:
        name, number = chosen.full_name, chosen.id_number
    return find_duplicates(
        actor, received_on=received_on, summary=summary or "", respondent=respondent or "", full_name=name,
        id_number=number,
    )


def suggested_choice(best: DuplicateOffer) -> DuplicateChoice:
    """The answer preselected for the best candidate (rules.suggested_decision); the officer may change it."""
    decision = rules.suggested_decision(
        same_writer=best.match.same_writer,
        same_content=best.match.same_content,
        candidate_has_case=best.letter.case_id is not None,
    )
    category = None
    if decision == DuplicateDecision.DUPLICATE:
        category = "SAME_SENDER" if best.match.same_writer else "MULTI_DESTINATION"
    return DuplicateChoice(decision, best.letter.id, category)


def resolve_writer(
    actor: User, letter_type: LetterType, writer: WriterInput, *, agency_id: int
) -> tuple[int | None, Identity | None]:
    """(citizen id, vault identity) for the writer (DOMAIN §8): the chosen citizen; a denouncer's identity for
    the vault; the registering office's (`agency_id`) citizen with the same ID number; or a new citizen record. Anonymous information and
    a letter without a name have neither."""
    chosen = chosen_writer(actor, letter_type, writer.citizen_id)
    if chosen is not None:
        return chosen.id, None
    name = normalise_text(writer.full_name)
    number = normalise_text(writer.id_number) or None
    if letter_type == LetterType.ANONYMOUS or not name:
        return None, None
    if letter_type == LetterType.DENUNCIATION:
        return None, Identity(full_name=name, id_number=number, address=writer.address or None, phone=writer.phone or None)
    if number:
        # From ix_citizen_id_number: stored numbers are cleaned and upper case already (citizens.services),
        # and `+ 0` keeps SQLite (no statistics) off the agency's index. upper() on the column, and the
        # agency's index, read every citizen of the office (121,456 for the board at 1,000,000 letters:
        # 200-330 ms) on each registration with an ID number.
        existing = db.session.scalar(
            sa.select(Citizen).where(
                Citizen.id_number == normalise_id_number(number),
                Citizen.agency_id + 0 == agency_id,
            )
        )
        if existing is not None:
            return existing.id, None
    id_type = writer.id_type or (IdType.CCCD if number else None)
    citizen = create_citizen(
        full_name=name,
        agency_id=agency_id,
        id_type=id_type,
        id_number=normalise_id_number(number) if number else None,
        phone=normalise_text(writer.phone) or None,
        address_text=normalise_text(writer.address) or None,
    )
    return citizen.id, None


def register_as_decided(
    data: LetterInput, *, writer: WriterInput, choice: DuplicateChoice, offers: list[DuplicateOffer], actor: User
) -> Letter:
    """Register a letter after the duplicate check (the registration page and the API): the decision names one
    of the letters offered (a duplicate of it, or a new letter in its case), the writer is resolved
    (resolve_writer), then register_letter. `data` carries the letter's own facts; its writer and duplicate
    fields are filled here. A named letter that is not among the offers is refused; one the actor may not see
    answers as a missing one."""
    offered = next((o.letter for o in offers if o.letter.id == choice.letter_id), None)
    if choice.letter_id is not None and offered is None:
        # An id the actor may not see answers as a missing one, whatever the decision (the page keeps the
        # preselected letter when the officer then chooses "new": always an offered one).
        if find_visible(visible_letters(actor, by_agency=False), choice.letter_id) is None:
            raise OutOfScope("Không tìm thấy đơn gốc trong sổ của cơ quan.", field="duplicate_of")
    chosen = None
    if choice.decision != DuplicateDecision.NEW:
        chosen = offered
        if chosen is None:
            raise DomainError("Vui lòng chọn một đơn trong danh sách đơn có thể trùng.")
    if choice.decision == DuplicateDecision.EXISTING_CASE and (chosen is None or chosen.case_id is None):
        raise DomainError("Đơn đã chọn chưa thuộc vụ việc nào.")
    citizen_id, identity = resolve_writer(actor, data.letter_type, writer, agency_id=data.agency_id)
    decided = replace(
        data,
        citizen_id=citizen_id,
        identity=identity,
        duplicate_decision=choice.decision,
        duplicate_of_id=chosen.id if choice.decision == DuplicateDecision.DUPLICATE and chosen else None,
        duplicate_category_code=choice.category_code or None,
        case_id=chosen.case_id if choice.decision == DuplicateDecision.EXISTING_CASE and chosen else None,
    )
    return register_letter(decided, actor=actor)


def void_refusal(letter: Letter) -> str | None:
    """Why the letter's registration can no longer be voided (None: it can): a document issued for it
    carries its register number out of the office (a forwarding slip, a notice), so the register line stays
    live until that document is voided."""
    issued = db.session.scalars(
        sa.select(Document.number_symbol)
        .where(Document.record_type == "letter", Document.record_id == letter.id, Document.status == DocumentStatus.ISSUED)
        .order_by(Document.id)
    ).all()
    if not issued:
        return None
    return (
        f"Đơn đã có văn bản ban hành (số {', '.join(n or '' for n in issued)}): không hủy đăng ký được. "
        "Nếu văn bản ban hành nhầm, hủy văn bản trước (số văn bản vẫn giữ trong sổ)."
    )


def void_letter(letter: Letter, *, reason: str, actor: Any) -> Letter:
    """Void a mistaken registration: the line and its number stay in the register, clocks stop. Refused
    once a document issued for the letter carries its number (void_refusal).

    Never a delete (DOMAIN §2): the register must show every number it gave.
    """
    reason = normalise_text(reason)
    letter_flow.check_not_destroyed(letter.status, "hủy đăng ký")
    if letter.is_void:
        raise DomainError("Đơn này đã bị hủy đăng ký.")
    if refusal := void_refusal(letter):
        raise DomainError(refusal)
    if len(reason) < 5:
        raise DomainError("Vui lòng ghi rõ lý do hủy đăng ký.")
    with history_context(actor=actor, reason=reason):
        letter.is_void = True
        letter.voided_at = utcnow()
        letter.voided_by_id = getattr(actor, "id", None)
        letter.void_reason = reason[:500]
        if letter.duplicate_of_id is not None:
            original = db.session.get(Letter, letter.duplicate_of_id)
            if original is not None and original.repeat_count > 0:
                original.repeat_count -= 1
        db.session.flush()
    for clock in letter_clocks(letter):
        if clock.is_open:
            _stop_clock(clock, reason=f"Hủy đăng ký đơn: {reason}"[:255], actor=actor)
    return letter


# ---------------------------------------------------------------------------------------------------------
# Classification by content
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassificationInput:
    """What the officer decided after reading the letter (DOMAIN §3, step 6)."""

    facts: IntakeFacts
    complaint_subtype: ComplaintSubtype | None = None
    parts: tuple[ContentPart, ...] = ()
    field_item_id: int | None = None
    competent_body: str = ""
    within_competence: bool | None = None
    # A complaint's time limit (DOMAIN §5 D12, D13, D16): see Letter.decision_known_on.
    decision_known_on: date | None = None
    dismissal: bool = False
    remote: bool = False
    obstacles: tuple[tuple[date | None, date | None], ...] = ()
    # Where the matter arose, who is complained about, and the body the officer chose (petitions.routing);
    # None keeps the letter's recorded facts and choice, and proposes again from them.
    routing: LetterRouting | None = None


def classify_letter(
    letter: Letter, data: ClassificationInput, *, actor: Any, reason: str | None = None
) -> Letter:
    """Classify (or reclassify) a letter by its content; re-runs the clocks that depend on it.

    The type comes from the content: a denunciation whose writer cannot be identified becomes
    anonymous information (and never goes back). Eligibility records the first failed condition of
    TT 05/2021 Đ6. Clocks dated from receipt: D21 for a denunciation, D22 for one outside
    competence, D14 for a complaint within competence; clocks that no longer apply are stopped
    with the reason "Phân loại lại". Every change is in the letter's history.
    """
    if letter.is_void:
        raise DomainError("Đơn đã bị hủy đăng ký; không phân loại được.")
    letter_flow.check_not_destroyed(letter.status, "phân loại")
    new_type = rules.intake_type(data.facts)
    rules.check_type_change(letter.letter_type, new_type)
    main_type = None
    subtype = data.complaint_subtype if new_type == LetterType.COMPLAINT else None
    if new_type == LetterType.MIXED:
        main = rules.check_parts(data.parts)
        main_type = main.letter_type
    else:
        rules.check_subtype(new_type, subtype)
    # Issued papers stand: no reclassification into a type they cannot be issued for (domain.corrections).
    check_reclassification(new_type, main_type, issued_papers(letter))
    if new_type in (LetterType.DENUNCIATION, LetterType.ANONYMOUS) and letter.citizen_id is not None:
        raise DomainError(
            "Đơn này gắn với hồ sơ công dân nên không thể ghi là tố cáo; hãy hủy đăng ký và đăng ký lại "
            "đơn tố cáo để danh tính người tố cáo được lưu trong kho bảo mật."
        )
    verdict = rules.eligibility(data.facts, main_type=main_type)
    field = _reference_item(
        data.field_item_id,
        _field_list(rules.effective_type(new_type, main_type)),
        valid_on=local_today(),
        keep=letter.field_item_id,
    )
    ineligible = _reference_item_by_code("ineligibility_reason", verdict.reason_code)
    obstacles = rules.obstacle_spans(data.obstacles)
    if data.decision_known_on is not None and data.decision_known_on > letter.received_on:
        raise DomainError("Ngày nhận được, biết được quyết định, hành vi bị khiếu nại không thể sau ngày nhận đơn.")
    if data.decision_known_on is None and (data.dismissal or data.remote or obstacles):
        raise DomainError(
            "Vui lòng ghi ngày nhận được, biết được quyết định, hành vi bị khiếu nại để tính thời hiệu khiếu nại."
        )
    reason = reason or (RECLASSIFICATION_REASON if letter.classified_at else "Phân loại đơn")
    with history_context(actor=actor, reason=reason):
        letter.letter_type = new_type
        letter.complaint_subtype = subtype
        letter.main_type = main_type
        letter.field_item_id = field.id if field else None
        letter.is_eligible = verdict.eligible
        letter.ineligibility_item_id = ineligible.id if ineligible else None
        letter.competent_body = normalise_text(data.competent_body)[:255]
        letter.is_within_competence = data.within_competence
        letter.decision_known_on = data.decision_known_on
        letter.is_dismissal = data.dismissal
        letter.is_remote = data.remote
        letter.time_limit_obstacles = [[a.isoformat(), b.isoformat()] for a, b in obstacles]
        letter.classified_at = utcnow()
        letter.classified_by_id = getattr(actor, "id", None)
        letter.parts = [
            LetterPart(
                position=index,
                letter_type=part.letter_type,
                complaint_subtype=part.complaint_subtype,
                summary=normalise_text(part.summary),
                is_main=part.is_main,
            )
            for index, part in enumerate(data.parts if new_type == LetterType.MIXED else (), start=1)
        ]
        if new_type == LetterType.ANONYMOUS:
            letter.identity_ref_id = None  # anonymous information keeps no identity (Luật TC Đ25)
        db.session.flush()
        # Reclassifying proposes the competent body again from the new facts (petitions.routing).
        route_letter(letter, data.routing or recorded_routing(letter), visible_bodies=visible_receivers(actor),
                     on=local_today())
    _reconcile_clocks(letter, actor=actor)
    _reconcile_time_limit(letter, obstacles, actor=actor, reason=reason)
    _case_follows(letter, actor=actor, reason=reason)
    return letter


def classify_or_reclassify(letter: Letter, data: ClassificationInput, *, actor: Any, reason: str | None) -> Letter:
    """The classification page's save (and the API's): a first classification, or a reclassification, which
    corrects what was recorded and, like every correction, says why (domain.corrections.check_reason)."""
    reason = normalise_text(reason) or None
    if letter.classified_at is not None:
        reason = check_reason(reason)
    return classify_letter(letter, data, actor=actor, reason=reason)


def _complaint_subtype(letter: Letter) -> ComplaintSubtype | None:
    """The subtype of the letter's complaint content (a mixed letter's main content), None for no complaint."""
    if letter.letter_type == LetterType.COMPLAINT:
        return letter.complaint_subtype
    if letter.letter_type == LetterType.MIXED and letter.main_type == LetterType.COMPLAINT:
        return next((p.complaint_subtype for p in letter.parts if p.is_main), None)
    return None


def _reconcile_time_limit(
    letter: Letter, obstacles: tuple[tuple[date, date], ...], *, actor: Any, reason: str
) -> None:
    """Count the complaint's time limit again when what it rests on changed (rule, date, flags, obstacles).

    A 2nd-round complaint is one whose matter had a 1st-round decision when it arrived (prior_resolution, as
    the handling papers read it). Flags the rule lacks (a dismissal on an administrative complaint) are
    refused by the engine, and the caller rolls the classification back. A count that reaches a day before
    the confirmed calendar is not guessed: the letter keeps no limit and the page says it was not counted.
    """
    subtype = _complaint_subtype(letter)
    known_on = letter.decision_known_on
    wanted = None
    if subtype is not None and known_on is not None:
        wanted = rules.complaint_time_limit(
            subtype,
            second_round=letter.prior_resolution == PriorResolution.RESOLVED_FIRST,
            dismissal=letter.is_dismissal,
            remote=letter.is_remote,
        )
    current = time_limit_clock(letter)
    if wanted is not None and known_on is not None:
        flags = [v.value for v in ordered_variants(wanted.variants)]
        stored = [[a.isoformat(), b.isoformat()] for a, b in obstacles]
        if current is not None and (
            current.rule_id,
            current.trigger_on,
            current.variant_list,
            current.obstacles,
        ) == (wanted.rule_id, known_on, flags, stored):
            return
        try:
            record_time_limit(
                letter,
                rule_id=wanted.rule_id,
                trigger_on=known_on,
                variants=flags,
                obstacles=obstacles,
                replaces=current,
                actor=actor,
                reason=reason,
            )
            return
        except CalendarNotConfirmed:
            pass  # no guessed limit; the old one, if any, no longer holds either
    if current is not None:
        replace_time_limit(current, actor=actor, reason=reason)


# The case a classified content belongs to; anonymous information has none (Luật TC Đ25).
_CASE_OF_CONTENT = {
    LetterType.COMPLAINT: CaseType.COMPLAINT,
    LetterType.DENUNCIATION: CaseType.DENUNCIATION,
    LetterType.PETITION: CaseType.PETITION,
}


def _case_follows(letter: Letter, *, actor: Any, reason: str) -> None:
    """The case follows the classification of the letter that opened it (the system's rule, README "Cases
    and the letters' handling"): when the letter is the case's first record (no visit or letter of the case
    came in before it) and the case is still open (not accepted, no decision), the case takes the letter's
    type by content — a mixed letter's main content, a complaint's subtype — with its history row. A letter
    that joined a case (a duplicate, a later letter, one handed in after a visit) leaves the case as it is,
    and so does a reclassification into anonymous information."""
    if letter.case_id is None:
        return
    case = db.session.get(CaseFile, letter.case_id)
    if case is None or case.status != CaseStatus.OPEN:
        return
    first = first_member(case_members(case))
    if first is None or (first.kind, first.id) != ("letter", letter.id):
        return
    case_type = _CASE_OF_CONTENT.get(letter.effective_type)
    if case_type is None:
        return
    subtype = letter.complaint_subtype
    if letter.letter_type == LetterType.MIXED:
        subtype = next((p.complaint_subtype for p in letter.parts if p.is_main), None)
    retype_case(case, case_type=case_type, complaint_subtype=subtype, actor=actor, reason=reason)


def _field_list(kind: LetterType) -> str:
    return {
        LetterType.COMPLAINT: "field_complaint",
        LetterType.DENUNCIATION: "field_denunciation",
        LetterType.ANONYMOUS: "field_denunciation",
    }.get(kind, "field_petition")


def _reconcile_clocks(letter: Letter, *, actor: Any) -> None:
    """Open the classification clocks that now apply, stop those that no longer do.

    A clock already closed by its act (e.g. D21 after acceptance) is not reopened; one closed by an
    earlier reclassification is, dated from receipt as always.
    """
    wanted = rules.classification_clocks(letter.letter_type, letter.main_type, letter.is_within_competence)
    if letter.letter_type == LetterType.ANONYMOUS:
        wanted = frozenset()
    clocks = [c for c in letter_clocks(letter) if c.rule_id in rules.CLASSIFICATION_RULE_IDS]
    for clock in clocks:
        if clock.is_open and clock.rule_id not in wanted:
            _stop_clock(clock, reason=f"{RECLASSIFICATION_REASON}: thời hạn không còn áp dụng", actor=actor)
    for rule_id in sorted(wanted):
        same = [c for c in clocks if c.rule_id == rule_id]
        if any(c.is_open for c in same):
            continue
        if any(not (c.close_reason or "").startswith(RECLASSIFICATION_REASON) for c in same):
            continue
        _start_clock(letter, rule_id, actor=actor, reason=RECLASSIFICATION_REASON)


# ---------------------------------------------------------------------------------------------------------
# Assignment (giao xử lý)
# ---------------------------------------------------------------------------------------------------------


def assign_letter(
    letter: Letter, *, officer_id: int, direction: str, actor: Any, effective_on: date
) -> Letter:
    """A leader assigns the letter to an officer with a written direction (DOMAIN §3 step 5).

    The first assignment moves a received letter to "assigned"; assigning again changes the officer or
    the direction (the leader of a body the letter was handed over to assigns one of the body's officers).
    Each writes its dated status event (transition "assign"); a letter past assignment (proposed, routed)
    is refused by the transition table. The officer is loaded through the actor's scope (an active officer
    of the leader's agency subtree); any other id answers as a missing one.
    """
    if letter.is_void:
        raise DomainError("Đơn đã bị hủy đăng ký; không giao xử lý được.")
    to = letter_flow.next_state(
        letter.status, letter_flow.LetterTransition.ASSIGN, actor.role if isinstance(actor, User) else None
    )
    officer = get_visible_or_404(
        _scoped(actor, assignable_officers, User),
        officer_id,
        refuse=OutOfScope("Vui lòng chọn cán bộ được giao xử lý.", field="officer"),
    )
    with history_context(actor=actor, reason="Giao xử lý đơn"):
        letter.assigned_officer_id = officer.id
        letter.direction = normalise_text(direction) or None
        record_letter_status(
            letter,
            to,
            effective_on=effective_on,
            actor=actor,
            note=f"Giao {officer.full_name}",
            transition=letter_flow.LetterTransition.ASSIGN.value,
        )
        db.session.flush()
    return letter


# ---------------------------------------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------------------------------------


def _letters_of_case(case_id: int) -> list[CaseMember]:
    """The case's letters for its rules (petitions.cases.services); a voided registration is no letter."""
    rows = db.session.execute(
        sa.select(Letter.id, Letter.received_on, Letter.status).where(
            Letter.case_id == case_id, Letter.is_void.is_(False)
        )
    )
    return [CaseMember("letter", row.id, row.received_on, letter_ends_case(row.status)) for row in rows]


register_members("letter", _letters_of_case)


def end_case_if_done(letter: Letter, *, effective_on: date, actor: Any, note: str) -> None:
    """After a transition that ends the letter's handling (filed, destroyed, routed away for good): its case
    closes when every letter and visit of it is done too (petitions.cases.services.close_case_if_ended)."""
    if letter.case_id is None or not letter_ends_case(letter.status):
        return
    case = db.session.get(CaseFile, letter.case_id)
    if case is not None:
        close_case_if_ended(case, effective_on=effective_on, actor=actor, note=note[:500])


def record_letter_status(
    letter: Letter,
    status: LetterStatus,
    *,
    effective_on: date,
    actor: Any = None,
    note: str | None = None,
    transition: str | None = None,
) -> LetterStatusEvent:
    """The one way to change a letter's status: the field (history row) and a dated event together, naming
    the petitions.domain.letter_flow transition that produced it. A transition that leaves the status as it
    is (an urgent report, a hand-over of an assigned letter) still writes its dated event."""
    if letter.status != status:
        letter.status = status
    if status == LetterStatus.FILED and letter.filed_on is None:
        letter.filed_on = effective_on  # the retention D11 counts from the filing (petitions.letters.destruction)
    # The first handling on the row (01/XLD reads it): an event dated before it, even recorded late, moves it back.
    kept = FirstHandling(letter.first_handled_on, letter.first_handling_route) if letter.first_handled_on else None
    first = with_event(kept, status, effective_on)
    if first is not None and first != kept:
        letter.first_handled_on, letter.first_handling_route = first.on, first.route
    event = LetterStatusEvent(
        letter_id=letter.id,
        status=status,
        effective_on=effective_on,
        recorded_by_id=getattr(actor, "id", None),
        note=(note or "")[:500] or None,
        transition=transition,
    )
    db.session.add(event)
    db.session.flush()
    return event
