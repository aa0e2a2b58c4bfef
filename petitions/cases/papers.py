"""The papers of a case's transitions (DOMAIN §3.5, §7): drafted from the case's record and the transition's
parameters through the document register, issued there, printed with a denouncer's identity only for a
cleared reader.

    document = draft_case_paper(case, CasePaper.EXTENSION_DECISION, actor=leader,
                                params={"days": 30, "reason": "…", "new_due_on": "2026-09-21"})
    case_paper_of(document)                    # CasePaper.EXTENSION_DECISION
    pdf = case_paper_pdf(document, user=reader)  # the notices to the denouncer filled for a cleared reader only

Each paper is data (`PAPERS`): its template (petitions.printing.templates, "Case papers"), the cases it fits,
to whom it goes, whether it names the denouncer. The competent body is the case's resolving body
(`resolving_body`: the agency in charge, or for an advisory body such as the Ban Tiếp công dân tỉnh the
competent body above it, the Ủy ban nhân dân tỉnh): its heading, place, number symbol and signer come from its data (petitions.documents.issuers; the competent
person signs in person or "KT.": petitions.domain.issuers.PERSONAL_COMPETENCE); nothing of them is typed by
hand. The draft is a Document linked to ("case_file", case.id) with body_data["case_paper"] and
body_data["case_params"] (the transition's parameters as JSON: amounts as strings, dates ISO), edited and
issued on the documents pages. Issuing runs the case area's "on issued" hook (petitions.cases.transitions,
`flow`'s), which moves the case; this module only drafts and prints. Every function flushes, never commits.

The parameters each paper reads (all optional unless said):
- complaint_rejection_notice, denunciation_rejection_notice: reason (required).
- denunciation_acceptance_decision: verifier (text) or verifier_agency_id.
- verification_assignment: verifier or verifier_agency_id; members (list of "name, title"); days; plan.
- verification_report: findings (required), proposal, verifier_name.
- dialogue_record: held_at (text) or held_on (ISO date); place; participants (list); opinions; result; recorder.
- extension_decision: days (required), reason (required); the current and the extended due dates are read from
  the case's open D24 clock (new_due_on, an ISO date, overrides the latter).
- suspension_decision, termination_decision: reason (required); resumption_decision: reason.
- complaint_decision: verdict (required, CaseVerdict), grounds, findings, dialogue, conclusion, decision,
  superior, earlier_decision, and the ordered figures named as CaseOutcome's columns (recover_money …
  investigation_officials; money in million VND and land in m² as decimal strings).
- denunciation_conclusion: verdict (required), findings, conclusion, measures, recommendations, figures.
- notice_denouncer_result: verdict (default: the conclusion's), result.
- publication_record: published_on (ISO date), form, place, recorder.
- implementation_report: summary, implemented_on (ISO date) and the implemented figures (recovered_money …
  prosecuted_officials).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from petitions.auth.clearance import has_identity_clearance
from petitions.auth.models import User
from petitions.cases import paper_texts as texts
from petitions.cases.members_seen import case_letters, case_visits
from petitions.cases.models import CaseFile
from petitions.cases.paper_texts import CaseFacts, Figures, IssuedPaper, Person
from petitions.cases.queries import visible_cases
from petitions.citizens.models import Citizen
from petitions.citizens.queries import citizen_address, visible_citizens
from petitions.clock import local_today
from petitions.deadlines.models import Clock, RecordType
from petitions.deadlines.queries import load_working_calendar
from petitions.deadlines.services import ClockInput, evaluate
from petitions.directory.models import Agency
from petitions.documents import hooks, issuers
from petitions.documents import services as documents
from petitions.documents.models import Document, DocumentStatus
from petitions.domain import issuers as signing
from petitions.domain.case_flow import DONE_FIGURES, PAPER_WORDS, TYPE_WORDS, CasePaper, resolution_rule
from petitions.domain.deadlines import Variant, case_clock_variants, rule_for
from petitions.domain.paperwork import honorific
from petitions.domain.records import CaseRound, CaseType, CaseVerdict, ComplaintSubtype
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.letters.handling_papers import archive_unit_of, visible_receivers
from petitions.letters.models import Letter
from petitions.paperwork.layouts import BLANK_LINE, Paper, capitalised, format_date
from petitions.printing import DocumentSpec, render_document, template_for
from petitions.printing.templates import law_basis
from petitions.scoping import FieldRefused, OutOfScope, find_visible, get_visible_or_404
from petitions.vault.models import IdentityRef
from petitions.vault.services import VaultMode, reveal, vault_mode

RECORD_TYPE = "case_file"  # the documents area's name of a case record (documents.services.RECORD_SCOPES)


class Addressee(StrEnum):
    """To whom a case paper goes."""

    COMPLAINANT = "complainant"
    DENOUNCER = "denouncer"  # named only at print, for a cleared reader
    ACCUSED = "accused"  # never told who denounced them
    PARTIES = "parties"  # a decision: those it names, "Như Điều …"
    COMPETENT = "competent"  # a report to the competent person
    RECORD = "record"  # a record kept in the file (biên bản)


_COMPLAINTS = frozenset({CaseType.COMPLAINT})
_DENUNCIATIONS = frozenset({CaseType.DENUNCIATION})
_BOTH = frozenset({CaseType.COMPLAINT, CaseType.DENUNCIATION})
P = CasePaper


@dataclass(frozen=True)
class PaperDefinition:
    """One case paper as data."""

    paper: CasePaper
    template_code: str
    case_types: frozenset[CaseType]
    addressee: Addressee
    names_denouncer: bool = False  # stored blank; a cleared reader's print fills the denouncer from the vault

    @property
    def label(self) -> str:
        """The paper's Vietnamese name (petitions.domain.case_flow.PAPER_WORDS), on pages and in errors."""
        return PAPER_WORDS[self.paper]

    @property
    def refused(self) -> str:
        kinds = " và ".join(TYPE_WORDS[t] for t in sorted(self.case_types))
        return f"{self.label} chỉ dùng cho vụ việc {kinds}."


PAPERS: Mapping[CasePaper, PaperDefinition] = {
    d.paper: d
    for d in (
        PaperDefinition(P.COMPLAINT_ACCEPTANCE_NOTICE, texts.COMPLAINT_ACCEPTANCE_CODE, _COMPLAINTS, Addressee.COMPLAINANT),
        PaperDefinition(P.COMPLAINT_REJECTION_NOTICE, texts.COMPLAINT_REJECTION_CODE, _COMPLAINTS, Addressee.COMPLAINANT),
        PaperDefinition(P.DENUNCIATION_ACCEPTANCE_DECISION, texts.DENUNCIATION_ACCEPTANCE_CODE, _DENUNCIATIONS, Addressee.PARTIES),
        PaperDefinition(P.NOTICE_DENOUNCER_ACCEPTED, texts.NOTICE_DENOUNCER_ACCEPTED_CODE, _DENUNCIATIONS, Addressee.DENOUNCER, names_denouncer=True),
        PaperDefinition(P.NOTICE_ACCUSED, texts.NOTICE_ACCUSED_CODE, _DENUNCIATIONS, Addressee.ACCUSED),
        PaperDefinition(P.DENUNCIATION_REJECTION_NOTICE, texts.DENUNCIATION_REJECTION_CODE, _DENUNCIATIONS, Addressee.DENOUNCER, names_denouncer=True),
        PaperDefinition(P.VERIFICATION_ASSIGNMENT, texts.VERIFICATION_ASSIGNMENT_CODE, _BOTH, Addressee.PARTIES),
        PaperDefinition(P.VERIFICATION_REPORT, texts.VERIFICATION_REPORT_CODE, _BOTH, Addressee.COMPETENT),
        PaperDefinition(P.DIALOGUE_RECORD, texts.DIALOGUE_RECORD_CODE, _COMPLAINTS, Addressee.RECORD),
        PaperDefinition(P.EXTENSION_DECISION, texts.EXTENSION_CODE, _DENUNCIATIONS, Addressee.PARTIES),
        PaperDefinition(P.SUSPENSION_DECISION, texts.SUSPENSION_CODE, _BOTH, Addressee.PARTIES),
        PaperDefinition(P.RESUMPTION_DECISION, texts.RESUMPTION_CODE, _BOTH, Addressee.PARTIES),
        PaperDefinition(P.TERMINATION_DECISION, texts.TERMINATION_CODE, _BOTH, Addressee.PARTIES),
        PaperDefinition(P.COMPLAINT_DECISION, texts.COMPLAINT_DECISION_CODE, _COMPLAINTS, Addressee.PARTIES),
        PaperDefinition(P.DENUNCIATION_CONCLUSION, texts.DENUNCIATION_CONCLUSION_CODE, _DENUNCIATIONS, Addressee.PARTIES),
        PaperDefinition(P.NOTICE_DENOUNCER_RESULT, texts.NOTICE_DENOUNCER_RESULT_CODE, _DENUNCIATIONS, Addressee.DENOUNCER, names_denouncer=True),
        PaperDefinition(P.PUBLICATION_RECORD, texts.PUBLICATION_CODE, _BOTH, Addressee.RECORD),
        PaperDefinition(P.IMPLEMENTATION_REPORT, texts.IMPLEMENTATION_REPORT_CODE, _BOTH, Addressee.COMPETENT),
    )
}

CASE_NOT_FOUND = "Không tìm thấy vụ việc trong phạm vi của bạn."
VERIFIER_NOT_FOUND = "Không tìm thấy cơ quan được giao xác minh đã chọn."
ACCEPTANCE_PAPERS = frozenset({CasePaper.COMPLAINT_ACCEPTANCE_NOTICE, CasePaper.DENUNCIATION_ACCEPTANCE_DECISION})
DECISION_PAPERS = frozenset({CasePaper.COMPLAINT_DECISION, CasePaper.DENUNCIATION_CONCLUSION})
# Money (million VND) to the thousand VND, land (m²) to the hundredth: what CaseOutcome stores (db_types).
MONEY_PLACES, LAND_PLACES = 3, 2
# The implementation's figures (CaseOutcome's done columns, case_flow.DONE_FIGURES) → the ordered figure they
# print as.
IMPLEMENTED: Mapping[str, str] = {
    "recovered_money": "recover_money",
    "recovered_land": "recover_land",
    "returned_money_orgs": "return_money_orgs",
    "returned_land_orgs": "return_land_orgs",
    "returned_money_persons": "return_money_persons",
    "returned_land_persons": "return_land_persons",
    "disciplined_orgs": "discipline_orgs",
    "disciplined_persons": "discipline_persons",
    "disciplined_officials": "discipline_officials",
    "prosecuted_cases": "investigation_cases",
    "prosecuted_persons": "investigation_persons",
    "prosecuted_officials": "investigation_officials",
}
assert set(IMPLEMENTED) == set(DONE_FIGURES)


# ------------------------------------------------------------------------------------------------ reading


def _scoped_case(case: CaseFile, actor: Any) -> CaseFile:
    if not isinstance(actor, User):
        return case
    return get_visible_or_404(visible_cases(actor), case.id, refuse=OutOfScope(CASE_NOT_FOUND, field="case"))


def _opening_letter(case: CaseFile, letters: list[Letter]) -> Letter | None:
    """The letter the case is about: the first one of the case's type (a denunciation's carries the vault's
    reference), else the first one."""
    wanted = "denunciation" if case.case_type is CaseType.DENUNCIATION else "complaint"
    for letter in letters:
        if letter.effective_type.value == wanted:
            return letter
    return letters[0] if letters else None


@dataclass(frozen=True)
class _Source:
    """What the case is about, from its opening letter, else from the visit that opened it (a matter told at
    reception and accepted without a letter)."""

    summary: str
    received_on: date | None
    dated_on: date | None
    register_label: str
    respondent: str
    place_text: str
    citizen_id: int | None
    identity_ref_id: int | None
    oral: bool = False


def _source(case: CaseFile, actor: Any) -> _Source | None:
    letter = _opening_letter(case, case_letters(case, actor, with_void=False))
    if letter is not None:
        return _Source(letter.summary, letter.received_on, letter.letter_dated_on, letter.register_label,
                       letter.respondent or "", letter.place_text or "", letter.citizen_id, letter.identity_ref_id)
    visits = case_visits(case, actor)
    if not visits:
        return None
    visit = visits[0]
    return _Source(visit.summary, visit.visited_on, None, f"{visit.book_number}/{visit.book_year}",
                   visit.respondent or "", "", visit.citizen_id, visit.identity_ref_id, oral=True)


def _complainant(case: CaseFile, source: _Source | None, actor: Any) -> Person | None:
    """A complaint's writer if the actor may see the record; never a denouncer (behind the vault)."""
    if case.case_type is not CaseType.COMPLAINT or source is None or source.citizen_id is None:
        return None
    if isinstance(actor, User):
        citizen = find_visible(visible_citizens(actor), source.citizen_id)
    else:
        citizen = db.session.get(Citizen, source.citizen_id)
    if citizen is None:
        return None
    return Person(honorific(citizen.sex), citizen.full_name, citizen_address(citizen))


def _up_from(agency: Agency) -> list[Agency]:
    """The body and its parents, nearest first (a loop in the data ends the walk)."""
    chain: list[Agency] = []
    current: Agency | None = agency
    while current is not None and current not in chain:
        chain.append(current)
        current = current.parent
    return chain


def _competence(agency: Agency) -> tuple[list[Agency], dict[int, int | None], dict[int, Any]]:
    chain = _up_from(agency)
    return chain, {a.id: a.parent_id for a in chain}, {a.id: a.level for a in chain}


def resolving_body(case: CaseFile) -> Agency:
    """The body whose head resolves the case and in whose register its papers are issued: the agency in charge
    when it is competent, else the nearest competent body above it (petitions.domain.issuers.resolving_agency) —
    a case of the Ban Tiếp công dân tỉnh is resolved by the Chủ tịch Ủy ban nhân dân tỉnh."""
    chain, parents, levels = _competence(case.agency_in_charge)
    chosen = signing.resolving_agency(case.agency_in_charge_id, parents, levels)
    return next(agency for agency in chain if agency.id == chosen)


def next_round_body(body: Agency) -> Agency | None:
    """Who hears a complaint's second round after the first decision of ``body``'s head (Luật KN Đ7, Đ33): the
    competent body above it; None above the provincial chairman (a minister, signing.MINISTER_ROUND_TWO)."""
    chain, parents, levels = _competence(body)
    chosen = signing.next_round_agency(body.id, parents, levels)
    return next((agency for agency in chain if agency.id == chosen), None)


def competent_person(agency: Agency, day: date) -> str:
    """'Chủ tịch Ủy ban nhân dân xã Tiên Yên', 'Chánh Thanh tra tỉnh Quảng Ninh' (the head's title and the body,
    the word they share written once); the body alone when no head is on record."""
    title = signing.head_title(issuers.officials_of(agency), day)
    name = agency.document_name
    if not title:
        return name
    title_words, name_words = title.split(), name.split()
    for shared in range(min(len(title_words), len(name_words) - 1), 0, -1):
        if [w.lower() for w in title_words[-shared:]] == [w.lower() for w in name_words[:shared]]:
            name_words = name_words[shared:]
            break
    return " ".join((*title_words, *name_words))


def _issued(case: CaseFile, wanted: frozenset[CasePaper]) -> Document | None:
    """The latest issued paper of the case among ``wanted``."""
    found = [d for d in case_papers(case) if d.status == DocumentStatus.ISSUED and case_paper_of(d) in wanted]
    return found[-1] if found else None


def _cite(document: Document | None) -> IssuedPaper | None:
    if document is None or document.issue_date is None or not document.number_symbol:
        return None
    title = template_for(document.doc_type, document.issue_date).title
    return IssuedPaper(title.capitalize(), document.number_symbol, document.issue_date)


def _earlier_decision(case: CaseFile) -> str:
    """Round 2 (khiếu nại lần hai, tố cáo tiếp): the earlier round's decision or conclusion as the new one cites
    it, with its verdict."""
    parent = case.parent_case
    if parent is None:
        return ""
    issued = _issued(parent, DECISION_PAPERS)
    cited = _cite(issued)
    if cited is None:
        return ""
    verdict = str((_params(issued) or {}).get("verdict") or "")
    found = f": {texts.verdict_sentence(CaseVerdict(verdict))}" if verdict in set(CaseVerdict) else ""
    return f"{cited.cite()} của {competent_person(resolving_body(parent), cited.issue_date)}{found}"


def resolution_days(case: CaseFile, day: date) -> int | None:
    """The days the law gives to resolve the case (D15, D17, D19 or D24 with the case's complexity and
    remoteness), from the rules' data; None for a case without a resolution clock."""
    rule_id = resolution_rule(case.case_type, case.complaint_subtype, case.case_round)
    if rule_id is None:
        return None
    trigger = case.accepted_on or day
    flags = case_clock_variants(rule_id, trigger, complexity=case.complexity.value, remote=case.is_remote)
    return rule_for(rule_id, trigger).effect_for(flags).base


def case_facts(case: CaseFile, actor: Any, *, day: date | None = None) -> CaseFacts:
    """The case's record as its papers print it; a denouncer is never read (only the vault's code)."""
    day = day or local_today()
    issuing = resolving_body(case)
    source = _source(case, actor)
    ref = db.session.get(IdentityRef, source.identity_ref_id) if source is not None and source.identity_ref_id else None
    above = next_round_body(issuing)
    return CaseFacts(
        issuer_name=issuing.document_name,
        competent=competent_person(issuing, day),
        case_number=case.id,
        kind=case.case_type,
        subtype=case.complaint_subtype,
        case_round=case.case_round,
        summary=(source.summary if source is not None else "") or case.title,
        received_on=source.received_on if source is not None else None,
        dated_on=source.dated_on if source is not None else None,
        register_label=source.register_label if source is not None else "",
        accepted_on=case.accepted_on,
        complainant=_complainant(case, source, actor),
        respondent=source.respondent if source is not None else "",
        place_text=source.place_text if source is not None else "",
        reference_code=ref.code if ref is not None else "",
        oral=source.oral if source is not None else False,
        remote=case.is_remote,
        resolution_days=resolution_days(case, day),
        superior=competent_person(above, day) if above is not None else "",
        acceptance=_cite(_issued(case, ACCEPTANCE_PAPERS)),
        assignment=_cite(_issued(case, frozenset({CasePaper.VERIFICATION_ASSIGNMENT}))),
        decision=_cite(_issued(case, DECISION_PAPERS)),
        earlier_decision=_earlier_decision(case),
        law_basis=law_basis(case.case_type.value, day),
    )


# ------------------------------------------------------------------------------------------- parameters


def _text(params: Mapping[str, Any], key: str, *, required: str = "", minimum: int = 5) -> str:
    """A free-text parameter, stripped; ``required`` is the refusal when it is shorter than ``minimum``."""
    value = params.get(key)
    text = "\n".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value or "")
    text = text.strip()
    if required and len(text) < minimum:
        raise DomainError(required)
    return text


def _lines(params: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = params.get(key) or ()
    items = value.splitlines() if isinstance(value, str) else [str(v) for v in value]
    return tuple(item.strip() for item in items if str(item).strip())


def param_date(params: Mapping[str, Any], key: str) -> date | None:
    """A date of a transition's parameters (stored ISO in case_params, or a date passed in); a malformed one
    is refused beside the field of that name (the one reader: the papers and the transitions use it)."""
    value = params.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise FieldRefused(f"Ngày không hợp lệ: {value}.", field=key) from None


def _count(params: Mapping[str, Any], key: str, *, required: str = "") -> int:
    value = params.get(key)
    if value in (None, ""):
        if required:
            raise DomainError(required)
        return 0
    try:
        number = int(str(value))
    except ValueError:
        raise DomainError(f"Số không hợp lệ: {value}.") from None
    if number < 0 or (required and number == 0):
        raise DomainError(required or f"Số không hợp lệ: {value}.")
    return number


def _amount(params: Mapping[str, Any], key: str, places: int) -> Decimal:
    """An amount as the transition passes it: a Decimal, an int or a MACHINE decimal string ("1250.5", as
    format(Decimal, "f") writes it; what case_params stores). Exact, not negative, at most ``places`` decimals
    (what the outcome stores). A float is refused (not exact); so is a typed "1.250,5": the form parses what
    people type with petitions.domain.numbers.parse_decimal before the transition."""
    value = params.get(key)
    if value in (None, ""):
        return Decimal(0)
    if isinstance(value, float):
        raise DomainError(f"Số liệu {key} phải ghi dạng thập phân chính xác (không dùng số thực).")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise DomainError(f"Số liệu không hợp lệ: {value}.") from None
    if not amount.is_finite() or amount < 0:
        raise DomainError(f"Số liệu không hợp lệ: {value}.")
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        unit = "triệu đồng" if places == MONEY_PLACES else "m²"
        raise DomainError(f"Số liệu {format(amount, 'f')} {unit} có quá {places} chữ số thập phân.")
    return amount


def ordered_figures(params: Mapping[str, Any]) -> Figures:
    """What a decision or conclusion orders, from the parameters named as CaseOutcome's columns."""
    values: dict[str, Any] = {}
    for f in fields(Figures):
        if "_money" in f.name:
            values[f.name] = _amount(params, f.name, MONEY_PLACES)
        elif "_land" in f.name:
            values[f.name] = _amount(params, f.name, LAND_PLACES)
        else:
            values[f.name] = _count(params, f.name)
    return Figures(**values)


def implemented_figures(params: Mapping[str, Any]) -> Figures:
    """What an implementation did, from the implemented_* parameters (CaseOutcome's columns)."""
    renamed = {IMPLEMENTED[k]: v for k, v in params.items() if k in IMPLEMENTED}
    return ordered_figures(renamed)


def _verdict(params: Mapping[str, Any], facts: CaseFacts, *, required: bool = True) -> CaseVerdict | None:
    value = params.get("verdict")
    if value in (None, ""):
        if required:
            raise DomainError("Vui lòng chọn kết quả giải quyết (đúng, sai, đúng một phần …).")
        return None
    try:
        verdict = CaseVerdict(str(value))
    except ValueError:
        raise DomainError(f"Kết quả giải quyết không hợp lệ: {value}.") from None
    if verdict not in texts.allowed_verdicts(facts.kind, facts.case_round):
        raise DomainError(
            f"Kết quả “{texts.verdict_sentence(verdict)}” không dùng cho vụ việc {facts.kind_words} {facts.round_words}."
        )
    return verdict


def _verifier(params: Mapping[str, Any], actor: Any) -> str:
    agency_id = params.get("verifier_agency_id")
    if agency_id not in (None, ""):
        agency = get_visible_or_404(
            visible_receivers(actor), int(agency_id), refuse=OutOfScope(VERIFIER_NOT_FOUND, field="verifier_agency_id")
        )
        return agency.document_name
    return _text(params, "verifier") or BLANK_LINE


def _next_days(facts: CaseFacts, rule_id: str, day: date) -> int:
    """The days of a time limit the decision announces (D16, D18), remote or not, from the rule's data."""
    rule = rule_for(rule_id, day)
    return rule.effect_for(frozenset({Variant.REMOTE}) if facts.remote else frozenset()).base


def _extension_dates(case: CaseFile, days: int) -> tuple[date | None, date | None]:
    """(the due date of the case's open D24 clock, the due date once extended by ``days``), computed by the
    clock engine on the working calendar as the issue will extend it (petitions.deadlines.services.evaluate);
    None where there is no open clock or the rule refuses the extension (flow refuses it too)."""
    clock = db.session.scalar(
        sa.select(Clock).where(
            Clock.record_type == RecordType.CASE, Clock.record_id == case.id, Clock.rule_id == "D24",
            Clock.closed_at.is_(None),
        )
    )
    if clock is None:
        return None, None
    current = ClockInput.of(clock)
    try:
        outcome = evaluate(replace(current, extension_days=(*current.extension_days, days)), load_working_calendar())
    except DomainError:
        return clock.due_on, None
    return clock.due_on, outcome.due_on if outcome is not None else None


def _json(value: Any) -> Any:
    """A parameter as body_data stores it: Decimals as strings (exact), dates ISO, sequences as lists."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json(v) for v in value]
    if isinstance(value, float):
        raise DomainError("Số liệu phải ghi dạng thập phân chính xác (không dùng số thực).")
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


# ------------------------------------------------------------------------------------------------ drafting


def _build(definition: PaperDefinition, facts: CaseFacts, params: Mapping[str, Any], *, case: CaseFile,
           actor: Any, unit: str, day: date) -> Paper:
    paper = definition.paper
    me = getattr(actor, "full_name", "") or ""
    if paper is CasePaper.COMPLAINT_ACCEPTANCE_NOTICE:
        return texts.complaint_acceptance_paper(facts, archive_unit=unit)
    if paper is CasePaper.COMPLAINT_REJECTION_NOTICE:
        reason = _text(params, "reason", required="Vui lòng ghi rõ lý do không thụ lý khiếu nại.")
        return texts.complaint_rejection_paper(facts, reason=reason, archive_unit=unit)
    if paper is CasePaper.DENUNCIATION_ACCEPTANCE_DECISION:
        return texts.denunciation_acceptance_paper(facts, verifier=_verifier(params, actor), archive_unit=unit)
    if paper is CasePaper.NOTICE_DENOUNCER_ACCEPTED:
        return texts.notice_denouncer_accepted_paper(facts, archive_unit=unit)
    if paper is CasePaper.NOTICE_ACCUSED:
        return texts.notice_accused_paper(facts, archive_unit=unit)
    if paper is CasePaper.DENUNCIATION_REJECTION_NOTICE:
        reason = _text(params, "reason", required="Vui lòng ghi rõ lý do không thụ lý tố cáo.")
        return texts.denunciation_rejection_paper(facts, reason=reason, archive_unit=unit)
    if paper is CasePaper.VERIFICATION_ASSIGNMENT:
        return texts.verification_assignment_paper(
            facts, verifier=_verifier(params, actor), members=_lines(params, "members"),
            days=_count(params, "days") or None, plan=_text(params, "plan"), archive_unit=unit,
        )
    if paper is CasePaper.VERIFICATION_REPORT:
        findings = _text(params, "findings", required="Vui lòng ghi kết quả xác minh.")
        return texts.verification_report_paper(
            facts, findings=findings, proposal=_text(params, "proposal"),
            verifier_name=_text(params, "verifier_name") or me, archive_unit=unit,
        )
    if paper is CasePaper.DIALOGUE_RECORD:
        held_on = param_date(params, "held_on")
        held_at = _text(params, "held_at") or (format_date(held_on) if held_on else "")
        return texts.dialogue_record_paper(
            facts, held_at=held_at, place=_text(params, "place"), participants=_lines(params, "participants"),
            opinions=_text(params, "opinions"), result=_text(params, "result"),
            recorder=_text(params, "recorder") or me, archive_unit=unit,
        )
    if paper is CasePaper.EXTENSION_DECISION:
        days = _count(params, "days", required="Vui lòng ghi số ngày gia hạn.")
        reason = _text(params, "reason", required="Vui lòng ghi rõ lý do gia hạn.")
        due_on, extended_to = _extension_dates(case, days)
        return texts.extension_paper(
            facts, days=days, reason=reason, due_on=due_on, new_due_on=param_date(params, "new_due_on") or extended_to,
            archive_unit=unit,
        )
    if paper is CasePaper.SUSPENSION_DECISION:
        reason = _text(params, "reason", required="Vui lòng ghi rõ lý do tạm đình chỉ.")
        return texts.suspension_paper(facts, reason=reason, archive_unit=unit)
    if paper is CasePaper.RESUMPTION_DECISION:
        suspended = _cite(_issued(case, frozenset({CasePaper.SUSPENSION_DECISION})))
        return texts.resumption_paper(
            facts, reason=_text(params, "reason"), suspended_by=suspended.cite() if suspended else "", archive_unit=unit
        )
    if paper is CasePaper.TERMINATION_DECISION:
        reason = _text(params, "reason", required="Vui lòng ghi rõ lý do đình chỉ.")
        return texts.termination_paper(facts, reason=reason, archive_unit=unit)
    if paper is CasePaper.COMPLAINT_DECISION:
        verdict = _verdict(params, facts)
        assert verdict is not None
        facts = replace(
            facts,
            # Above the provincial chairman no body of the directory hears round 2: a minister does (Luật KN Đ21).
            superior=_text(params, "superior") or facts.superior or signing.MINISTER_ROUND_TWO,
            earlier_decision=_text(params, "earlier_decision") or facts.earlier_decision,
        )
        if facts.subtype is ComplaintSubtype.DISCIPLINARY:  # D13: 10 days, 30 for a dismissal (Luật KN Đ48)
            rule = rule_for("D13", day)
            next_days = rule.effect_for(frozenset({Variant.SECOND})).base
            facts = replace(facts, dismissal_days=rule.effect_for(frozenset({Variant.SECOND, Variant.DISMISSAL})).base)
        else:
            next_days = _next_days(facts, "D16" if facts.case_round is CaseRound.FIRST else "D18", day)
        return texts.complaint_decision_paper(
            facts, verdict=verdict, grounds=_text(params, "grounds"), findings=_text(params, "findings"),
            dialogue=_text(params, "dialogue"), conclusion=_text(params, "conclusion"),
            decision=_text(params, "decision"), figures=ordered_figures(params), next_days=next_days,
            archive_unit=unit,
        )
    if paper is CasePaper.DENUNCIATION_CONCLUSION:
        verdict = _verdict(params, facts)
        assert verdict is not None
        return texts.denunciation_conclusion_paper(
            facts, verdict=verdict, findings=_text(params, "findings"), conclusion=_text(params, "conclusion"),
            measures=_text(params, "measures"), recommendations=_text(params, "recommendations"),
            figures=ordered_figures(params), archive_unit=unit,
        )
    if paper is CasePaper.NOTICE_DENOUNCER_RESULT:
        verdict = _verdict(params, facts, required=False)
        if verdict is None:
            stored = (_params(_issued(case, frozenset({CasePaper.DENUNCIATION_CONCLUSION}))) or {}).get("verdict")
            verdict = _verdict({"verdict": stored}, facts, required=False)
        return texts.notice_denouncer_result_paper(
            facts, verdict=verdict, result=_text(params, "result"), archive_unit=unit
        )
    if paper is CasePaper.PUBLICATION_RECORD:
        return texts.publication_paper(
            facts, published_on=param_date(params, "published_on"), form=_text(params, "form"),
            place=_text(params, "place"), recorder=_text(params, "recorder") or me, archive_unit=unit,
        )
    assert paper is CasePaper.IMPLEMENTATION_REPORT
    return texts.implementation_paper(
        facts, figures=implemented_figures(params), summary=_text(params, "summary"),
        implemented_on=param_date(params, "implemented_on"), archive_unit=unit,
    )


def draft_case_paper(case: CaseFile, paper: CasePaper | str, *, actor: Any, params: Mapping[str, Any]) -> Document:
    """Draft ``paper`` for the case in the competent body's register (resolving_body): heading, place,
    number symbol and the usual signer from the body's data, the text from the case's record and ``params``.
    Refuses (DomainError; OutOfScope with the field) a paper that does not fit the case, a case or a body
    outside the actor's scope, parameters that are missing or not exact."""
    definition = PAPERS[CasePaper(paper)]
    case = _scoped_case(case, actor)
    if case.case_type not in definition.case_types:
        raise DomainError(definition.refused)
    day = local_today()
    facts = case_facts(case, actor, day=day)
    issuing = resolving_body(case)
    built = _build(definition, facts, params, case=case, actor=actor, unit=archive_unit_of(issuing), day=day)
    stored = _json(dict(params))
    document = documents.create_draft(
        doc_type=built.code,
        issuing_agency=issuing,
        place=issuers.issuer_for(issuing).place,
        signer=issuers.default_option(issuing, built.code, day),
        fields=dict(built.fields),
        body=built.body,
        recipients=built.recipients,
        copies_to=built.copies_to,
        archive_unit=built.archive_unit,
        co_signer=built.co_signer,
        record=(RECORD_TYPE, case.id),
        actor=actor,
    )
    document.body_data = {**(document.body_data or {}), "case_paper": definition.paper.value, "case_params": stored}
    db.session.flush()
    return document


def case_paper_of(document: Document) -> CasePaper | None:
    """Which case paper a document is (None for any other document)."""
    if document.record_type != RECORD_TYPE:
        return None
    value = (document.body_data or {}).get("case_paper")
    try:
        return CasePaper(value) if value else None
    except ValueError:
        return None


def _params(document: Document | None) -> dict[str, Any] | None:
    if document is None:
        return None
    stored = (document.body_data or {}).get("case_params")
    return dict(stored) if isinstance(stored, Mapping) else {}


def case_params(document: Document) -> dict[str, Any]:
    """The transition's parameters stored with the paper (amounts as exact decimal strings)."""
    return _params(document) or {}


def case_papers(case: CaseFile) -> list[Document]:
    """The case's papers, drafts and issued and void, oldest first."""
    found = db.session.scalars(
        sa.select(Document)
        .where(Document.record_type == RECORD_TYPE, Document.record_id == case.id)
        .order_by(Document.id)
    )
    return [doc for doc in found if case_paper_of(doc) is not None]


def recorded_findings(case: CaseFile) -> tuple[str, str]:
    """What the issued verification report found and what the issued dialogue record concluded: the texts the
    decision's sections "findings" and "dialogue" start from (the case page's decision form offers them to edit;
    the demo decides with them)."""
    found = {"findings": "", "dialogue": ""}
    for document in case_papers(case):
        if document.status != DocumentStatus.ISSUED:
            continue
        paper, params = case_paper_of(document), case_params(document)
        if paper is CasePaper.VERIFICATION_REPORT:
            found["findings"] = str(params.get("findings") or "")
        elif paper is CasePaper.DIALOGUE_RECORD:
            found["dialogue"] = str(params.get("result") or "")
    return found["findings"], found["dialogue"]


def paper_label(paper: CasePaper) -> str:
    return PAPERS[paper].label


# ------------------------------------------------------------------------------------------------ printing

IDENTITY_PURPOSE = "In văn bản gửi người tố cáo (vụ việc tố cáo)"


def _denouncer_ref(document: Document) -> IdentityRef | None:
    """The vault's reference of the case's denouncer (from its letter, else the visit that opened it)."""
    case = db.session.get(CaseFile, document.record_id) if document.record_id is not None else None
    source = _source(case, None) if case is not None else None
    if source is None or source.identity_ref_id is None:
        return None
    return db.session.get(IdentityRef, source.identity_ref_id)


def fills_denouncer(document: Document, user: Any) -> bool:
    """Whether the print names the denouncer for this reader: a paper addressed to the denouncer, a reader
    with identity clearance, the vault's encrypted mode, a case whose denunciation has a vault reference. Read
    without revealing anything, so a page can say beforehand that the print will leave the lines blank."""
    paper = case_paper_of(document)
    if paper is None or not PAPERS[paper].names_denouncer or user is None:
        return False
    if vault_mode() is not VaultMode.ENCRYPTED or not has_identity_clearance(user):
        return False
    return _denouncer_ref(document) is not None


def case_paper_spec(document: Document, *, user: Any = None) -> DocumentSpec:
    """What the paper prints for this reader: from its stored data, the denouncer's blanks filled from the
    vault for a cleared reader only (the reveal is logged); anyone else prints the blank lines, written by
    hand from the paper file."""
    spec = documents.document_spec(document)
    if not fills_denouncer(document, user):
        return spec
    ref = _denouncer_ref(document)
    assert ref is not None
    identity = reveal(ref, user=user, purpose=IDENTITY_PURPOSE).identity
    if identity is None:
        return spec
    data = {**spec.data, "denouncer_name": identity.full_name, "denouncer_address": identity.address or BLANK_LINE}
    title = str(data.get("denouncer_title") or "ông (bà)")
    return replace(spec, data=data, recipients=(f"{capitalised(title)} {identity.full_name}",))


def case_paper_pdf(document: Document, *, user: Any = None) -> bytes:
    """The paper as PDF bytes (a draft watermarked), see case_paper_spec."""
    return render_document(case_paper_spec(document, user=user))


def _print_paper(document: Document, user: Any) -> bytes | None:
    """The documents area's printer for a case's documents (petitions.documents.hooks): a case paper prints
    through case_paper_pdf for this reader; any other document of a case is not ours (None)."""
    return case_paper_pdf(document, user=user) if case_paper_of(document) is not None else None


hooks.on_print(RECORD_TYPE, _print_paper)


__all__ = [
    "PAPERS",
    "Addressee",
    "CasePaper",
    "PaperDefinition",
    "case_facts",
    "case_paper_of",
    "case_paper_pdf",
    "case_paper_spec",
    "case_papers",
    "case_params",
    "competent_person",
    "draft_case_paper",
    "fills_denouncer",
    "next_round_body",
    "implemented_figures",
    "ordered_figures",
    "paper_label",
    "recorded_findings",
    "resolving_body",
]
