"""The handling papers of a letter (DOMAIN §3 steps 7–9 and 12, §7): drafted from the letter's record
through the document register, the forwarded denunciation stripped of the denouncer's identity.

    document = draft_handling_paper(letter, HandlingPaper.FORWARD_DENUNCIATION, actor=officer,
                                    receiver_agency_id=commune.id)
    paper_of(document)                      # HandlingPaper.FORWARD_DENUNCIATION
    pdf = paper_pdf(document, user=officer) # the notice to a denouncer is filled only for a cleared reader
    copy = redacted_copy_pdf(document)      # "bản sao đã che thông tin người tố cáo"
    mail = forwarding_notification(document)  # subject and body, no identity
    mail_receiver(document)                 # on_signed: that text e-mailed to the body with the signed PDF

Each paper is data (`PAPERS`): its template (petitions.printing.templates), the letters it fits, whom it
is addressed to, whether it needs a receiving body or a reason, whether it strips the identity, once per
content. The heading, place, number symbol and signer come from the issuing body's data
(petitions.documents.issuers; who signs per body level: petitions.domain.issuers.SIGNING_RULES). Ids
(the letter, the receiving body, the contents) are loaded through the actor's scope; a missing one and
one outside the scope are refused alike. Nothing is typed by hand but the reason and the direction.

The issuing moves the letter's state through the documents' "on issued" hook, which the letters' flow
registers; this module only drafts. Every function flushes and never commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from petitions.auth.clearance import has_identity_clearance
from petitions.auth.models import User
from petitions.citizens.models import Citizen
from petitions.citizens.queries import citizen_address
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.directory.queries import agency_ancestor_ids, in_agency_subtree, valid_on
from petitions.documents import hooks, issuers
from petitions.documents import services as documents
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.classification import PriorResolution
from petitions.domain.corrections import IssuedPaper
from petitions.domain.letter_flow import check_not_destroyed
from petitions.domain.paperwork import honorific
from petitions.domain.records import LetterType
from petitions.domain.text import fold_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.letters import paper_texts as texts
from petitions.letters.models import Letter, LetterAttachment
from petitions.letters.paper_texts import AnswerOutcome, Content, LetterFacts, Notification, Writer
from petitions.letters.queries import letter_writer, visible_attachments, visible_letters
from petitions.mail.services import queue_document_mail
from petitions.paperwork.layouts import BLANK_LINE, Paper, capitalised, format_date
from petitions.printing import DocumentSpec, render_document, template_for
from petitions.scoping import OutOfScope, get_visible_or_404
from petitions.vault.models import IdentityRef
from petitions.vault.services import VaultMode, reveal, vault_mode


class HandlingPaper(StrEnum):
    """The papers a letter's handling decision issues (the contract's shared names)."""

    PROPOSAL_ACCEPT = "proposal_accept"  # phiếu đề xuất thụ lý (TT 05/2021 Mẫu 01)
    GUIDANCE = "guidance"  # phiếu hướng dẫn, one line per content
    FORWARD_DENUNCIATION = "forward_denunciation"  # chuyển đơn tố cáo (Mẫu 03), identity stripped
    NOTICE_DENOUNCER_FORWARDED = "notice_denouncer_forwarded"  # thông báo cho người tố cáo (Luật TC Đ24.2)
    FORWARD_PETITION = "forward_petition"  # phiếu chuyển đơn kiến nghị, phản ánh
    FORWARD_COMPLAINT = "forward_complaint"  # phiếu chuyển đơn khiếu nại (a letter another body sent)
    EXPLAIN_SETTLED = "explain_settled"  # văn bản giải thích: already correctly settled
    FILING_NOTE = "filing_note"  # phiếu đề xuất lưu đơn, with the reason
    RETURN_LETTER = "return_letter"  # văn bản trả lại đơn
    FORWARD_PARTY = "forward_party"  # chuyển đơn tố cáo đảng viên đến tổ chức Đảng (TT 05/2021 Đ15)
    URGENT_REPORT = "urgent_report"  # báo cáo khẩn (TT 05/2021 Đ16)
    ANSWER_D7 = "answer_d7"  # thông báo kết quả xử lý đơn (Luật TCD Đ28.1)
    RESULT_D9 = "result_d9"  # thông báo kết quả giải quyết khi công dân yêu cầu (Luật TCD Đ28.2)
    FORWARD_ANONYMOUS = "forward_anonymous"  # chuyển thông tin nặc danh để thanh tra, kiểm tra (Luật TC Đ25.2)


class Addressee(StrEnum):
    """To whom a paper goes."""

    HEAD = "head"  # the issuing body's head, inside the body
    WRITER = "writer"  # the citizen who wrote (never a denouncer: see DENOUNCER)
    DENOUNCER = "denouncer"  # only the notice of forwarding; identity filled at print for a cleared reader
    RECEIVER = "receiver"  # another body


class Need(StrEnum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


_ALL = frozenset(LetterType)
_COMPLAINTS = frozenset({LetterType.COMPLAINT, LetterType.MIXED})
_DENUNCIATIONS = frozenset({LetterType.DENUNCIATION, LetterType.MIXED})
_CITIZEN_LETTERS = frozenset({LetterType.COMPLAINT, LetterType.PETITION, LetterType.MIXED})


@dataclass(frozen=True)
class PaperDefinition:
    """One handling paper as data."""

    paper: HandlingPaper
    template_code: str
    label: str  # Vietnamese name shown on pages and in errors
    letter_types: frozenset[LetterType]
    addressee: Addressee
    receiver: Need = Need.NONE
    reason: Need = Need.NONE
    content_kinds: frozenset[LetterType] = _ALL  # the contents of a mixed letter it may carry
    strips_identity: bool = False  # sent outside: the denouncer is never named, a redacted copy goes with it
    once_per_content: bool = False
    refused: str = ""  # why a letter of another type cannot have it
    # Papers drafted with it when proposed, for the letters they fit (the notice to the denouncer goes
    # with the forwarding of a denunciation: D22 stops once both are issued).
    companions: tuple[HandlingPaper, ...] = ()


PAPERS: Mapping[HandlingPaper, PaperDefinition] = {
    d.paper: d
    for d in (
        PaperDefinition(
            HandlingPaper.PROPOSAL_ACCEPT, texts.PROPOSAL_CODE, "Phiếu đề xuất thụ lý đơn",
            frozenset({LetterType.COMPLAINT, LetterType.DENUNCIATION, LetterType.MIXED}), Addressee.HEAD,
            refused="Chỉ đề xuất thụ lý đơn khiếu nại, đơn tố cáo (Thông tư 05/2021/TT-TTCP, Mẫu 01).",
        ),
        PaperDefinition(
            HandlingPaper.GUIDANCE, texts.GUIDANCE_CODE, "Phiếu hướng dẫn", _CITIZEN_LETTERS, Addressee.WRITER,
            receiver=Need.OPTIONAL,
            refused="Đơn tố cáo, thông tin nặc danh không thuộc thẩm quyền được chuyển, không hướng dẫn.",
        ),
        PaperDefinition(
            HandlingPaper.FORWARD_DENUNCIATION, texts.FORWARD_DENUNCIATION_CODE, "Văn bản chuyển đơn tố cáo",
            _DENUNCIATIONS, Addressee.RECEIVER, receiver=Need.REQUIRED,
            content_kinds=frozenset({LetterType.DENUNCIATION}), strips_identity=True, once_per_content=True,
            refused="Chỉ chuyển đơn tố cáo theo Mẫu 03 cho đơn có nội dung tố cáo.",
            companions=(HandlingPaper.NOTICE_DENOUNCER_FORWARDED,),
        ),
        PaperDefinition(
            HandlingPaper.NOTICE_DENOUNCER_FORWARDED, texts.NOTICE_DENOUNCER_CODE,
            "Thông báo cho người tố cáo về việc chuyển đơn", frozenset({LetterType.DENUNCIATION}),
            Addressee.DENOUNCER, receiver=Need.REQUIRED,
            refused="Thông báo việc chuyển đơn chỉ gửi người tố cáo của đơn tố cáo.",
        ),
        PaperDefinition(
            HandlingPaper.FORWARD_PETITION, texts.FORWARD_PETITION_CODE, "Phiếu chuyển đơn kiến nghị, phản ánh",
            frozenset({LetterType.PETITION, LetterType.MIXED}), Addressee.RECEIVER, receiver=Need.REQUIRED,
            content_kinds=frozenset({LetterType.PETITION}),
            refused="Phiếu chuyển đơn kiến nghị, phản ánh dùng cho đơn có nội dung kiến nghị, phản ánh.",
        ),
        PaperDefinition(
            HandlingPaper.FORWARD_COMPLAINT, texts.FORWARD_COMPLAINT_CODE, "Phiếu chuyển đơn khiếu nại",
            _COMPLAINTS, Addressee.RECEIVER, receiver=Need.REQUIRED,
            content_kinds=frozenset({LetterType.COMPLAINT}),
            refused="Phiếu chuyển đơn khiếu nại dùng cho đơn có nội dung khiếu nại.",
        ),
        PaperDefinition(
            HandlingPaper.EXPLAIN_SETTLED, texts.EXPLAIN_SETTLED_CODE, "Văn bản giải thích (vụ việc đã giải quyết)",
            _CITIZEN_LETTERS, Addressee.WRITER, reason=Need.REQUIRED,
            refused="Văn bản giải thích gửi người viết đơn khiếu nại, kiến nghị, phản ánh.",
        ),
        PaperDefinition(
            HandlingPaper.FILING_NOTE, texts.FILING_CODE, "Phiếu đề xuất lưu đơn", _ALL, Addressee.HEAD,
            reason=Need.REQUIRED,
        ),
        PaperDefinition(
            HandlingPaper.RETURN_LETTER, texts.RETURN_CODE, "Văn bản trả lại đơn", _ALL, Addressee.RECEIVER,
            receiver=Need.OPTIONAL, reason=Need.OPTIONAL, strips_identity=True,
        ),
        PaperDefinition(
            HandlingPaper.FORWARD_PARTY, texts.FORWARD_PARTY_CODE, "Văn bản chuyển đơn tố cáo đảng viên",
            _DENUNCIATIONS, Addressee.RECEIVER, receiver=Need.OPTIONAL,
            content_kinds=frozenset({LetterType.DENUNCIATION}), strips_identity=True, once_per_content=True,
            refused="Chỉ chuyển đến tổ chức Đảng đơn có nội dung tố cáo đảng viên.",
        ),
        PaperDefinition(
            HandlingPaper.URGENT_REPORT, texts.URGENT_CODE, "Báo cáo khẩn", _ALL, Addressee.RECEIVER,
            receiver=Need.OPTIONAL, reason=Need.REQUIRED, strips_identity=True,
        ),
        PaperDefinition(
            HandlingPaper.ANSWER_D7, texts.ANSWER_CODE, "Thông báo kết quả xử lý đơn", _CITIZEN_LETTERS,
            Addressee.WRITER, receiver=Need.OPTIONAL, reason=Need.OPTIONAL,
            refused="Với đơn tố cáo, người tố cáo được thông báo bằng thông báo việc chuyển đơn hoặc thông báo "
            "thụ lý, không thụ lý tố cáo; thông tin nặc danh không có người nhận thông báo.",
        ),
        PaperDefinition(
            HandlingPaper.RESULT_D9, texts.RESULT_CODE, "Thông báo kết quả giải quyết", _CITIZEN_LETTERS,
            Addressee.WRITER, receiver=Need.OPTIONAL, reason=Need.REQUIRED,
            refused="Thông báo kết quả giải quyết theo yêu cầu gửi người viết đơn khiếu nại, kiến nghị, phản ánh.",
        ),
        PaperDefinition(
            HandlingPaper.FORWARD_ANONYMOUS, texts.FORWARD_ANONYMOUS_CODE,
            "Văn bản chuyển thông tin để thanh tra, kiểm tra", frozenset({LetterType.ANONYMOUS}),
            Addressee.RECEIVER, receiver=Need.REQUIRED,
            refused="Chỉ chuyển để thanh tra, kiểm tra thông tin có nội dung tố cáo không rõ người tố cáo.",
        ),
    )
}

LETTER_NOT_FOUND = "Không tìm thấy đơn trong phạm vi của bạn."
RECEIVER_NOT_FOUND = "Không tìm thấy cơ quan nhận đã chọn."
PART_NOT_FOUND = "Không tìm thấy nội dung đơn đã chọn."
PRIOR_WORDS: Mapping[PriorResolution, str] = {
    PriorResolution.NOT_YET: "chưa được giải quyết",
    PriorResolution.IN_PROGRESS: "đang được giải quyết",
    PriorResolution.RESOLVED_FIRST: "đã được giải quyết lần đầu",
    PriorResolution.RESOLVED_SECOND: "đã được giải quyết lần hai",
    PriorResolution.COURT_JUDGMENT: "đã có bản án, quyết định của Tòa án có hiệu lực pháp luật",
}
SETTLED = frozenset({PriorResolution.RESOLVED_FIRST, PriorResolution.RESOLVED_SECOND, PriorResolution.COURT_JUDGMENT})
_CONTENT_TYPES = {"application/pdf": "PDF", "image/jpeg": "ảnh JPEG", "image/png": "ảnh PNG"}


# ------------------------------------------------------------------------------------------------ reading


def visible_receivers(user: Any) -> sa.Select[Agency]:
    """The bodies a user may send a letter's paper to: every agency of the user's own directory tree (the
    province's bodies and its communes) valid today. Without a signed-in user (CLI, demo) any agency."""
    valid = valid_on(Agency, local_today())
    if not isinstance(user, User):
        return sa.select(Agency).where(valid)
    if user.agency_id is None:
        return sa.select(Agency).where(sa.false())
    root = db.session.scalar(
        sa.select(Agency.id).where(Agency.id.in_(agency_ancestor_ids(user.agency_id)), Agency.parent_id.is_(None))
    )
    return sa.select(Agency).where(in_agency_subtree(Agency.id, root if root is not None else user.agency_id), valid)


def _scoped_letter(letter: Letter, actor: Any) -> Letter:
    if not isinstance(actor, User):
        return letter
    return get_visible_or_404(visible_letters(actor), letter.id, refuse=OutOfScope(LETTER_NOT_FOUND, field="letter"))


def _contents(letter: Letter) -> tuple[Content, ...]:
    if letter.letter_type is LetterType.MIXED and letter.parts:
        return tuple(Content(p.letter_type, p.summary, p.is_main, p.id) for p in letter.parts)
    return (Content(letter.letter_type, letter.summary, True, None),)


def _writer(letter: Letter, actor: Any) -> Writer | None:
    """The citizen who wrote a complaint, KNPA or mixed letter, if the actor may see the record; never a
    denouncer (behind the vault) nor anonymous information."""
    if letter.letter_type in (LetterType.DENUNCIATION, LetterType.ANONYMOUS) or letter.citizen_id is None:
        return None
    citizen = letter_writer(actor, letter) if isinstance(actor, User) else letter_citizen(letter)
    if citizen is None:
        return None
    return Writer(honorific(citizen.sex), citizen.full_name, citizen_address(citizen))


def letter_citizen(letter: Letter) -> Citizen | None:
    """The writer's record for a caller without a user (CLI, demo)."""
    return db.session.get(Citizen, letter.citizen_id) if letter.citizen_id is not None else None


def _reference(letter: Letter) -> IdentityRef | None:
    return db.session.get(IdentityRef, letter.identity_ref_id) if letter.identity_ref_id is not None else None


def _annexes(letter: Letter) -> tuple[texts.Annex, ...]:
    rows = db.session.scalars(visible_attachments(letter).order_by(LetterAttachment.id))
    return tuple(
        texts.Annex(n, _CONTENT_TYPES.get(a.content_type, a.content_type), a.size_bytes, a.sha256)
        for n, a in enumerate(rows, start=1)
    )


def letter_facts(letter: Letter, issuing: Agency, actor: Any) -> LetterFacts:
    """The letter's record as its papers print it; a denouncer is never read (only the vault's code)."""
    ref = _reference(letter)
    forwarded_doc = " ".join(
        part
        for part in (
            f"số {letter.forwarded_doc_number}" if letter.forwarded_doc_number else "",
            f"ngày {format_date(letter.forwarded_doc_on)}" if letter.forwarded_doc_on else "",
        )
        if part
    )
    return LetterFacts(
        issuer_name=issuing.document_name,
        register_label=letter.register_label,
        received_on=letter.received_on,
        dated_on=letter.letter_dated_on,
        kind=letter.letter_type,
        contents=_contents(letter),
        respondent=letter.respondent,
        place_text=letter.place_text,
        competent_body=letter.competent_body,
        prior_resolution=PRIOR_WORDS.get(letter.prior_resolution, ""),
        forwarded_by=letter.forwarded_by or "",
        forwarded_doc=forwarded_doc,
        writer=_writer(letter, actor),
        reference_code=ref.code if ref is not None else "",
        annexes=_annexes(letter),
    )


def archive_unit_of(agency: Agency) -> str:
    """The drafting unit after "Lưu: VT,": the body's letter-handling unit (its name speaks of letters or of
    complaints and denunciations), else its first recorded unit, none when it records none."""
    units = [(str(u.get("code", "")).strip(), fold_text(str(u.get("name", "")))) for u in agency.drafting_units or ()]
    for code, name in units:
        if code and ("xu ly don" in name or "khieu nai" in name):
            return code
    return next((code for code, _ in units if code), "")


def issuing_agency(letter: Letter, actor: Any) -> Agency:
    """The body whose register the paper goes in: the office in charge of the letter, or the body it was
    handed to when the actor works there (its papers go out under its own heading and number)."""
    if (
        isinstance(actor, User)
        and letter.assigned_agency_id is not None
        and actor.agency_id == letter.assigned_agency_id
        and actor.agency_id != letter.agency_in_charge_id
    ):
        agency = db.session.get(Agency, actor.agency_id)
        assert agency is not None
        return agency
    return letter.agency_in_charge


# ------------------------------------------------------------------------------------------------ drafting


def _receiver(definition: PaperDefinition, receiver_agency_id: int | None, actor: Any) -> Agency | None:
    if receiver_agency_id is None:
        if definition.receiver is Need.REQUIRED:
            raise OutOfScope("Vui lòng chọn cơ quan nhận.", field="receiver_agency_id")
        return None
    if definition.receiver is Need.NONE:
        raise DomainError(f"{definition.label} không gửi đến cơ quan khác.")
    return get_visible_or_404(
        visible_receivers(actor), receiver_agency_id, refuse=OutOfScope(RECEIVER_NOT_FOUND, field="receiver_agency_id")
    )


def _chosen_contents(definition: PaperDefinition, letter: Letter, part_ids: Sequence[int] | None) -> tuple[Content, ...]:
    """The contents the paper carries: those named (each a part of this letter), else every content of a kind
    the paper fits."""
    contents = _contents(letter)
    if part_ids:
        by_id = {c.part_id: c for c in contents if c.part_id is not None}
        chosen = []
        for part_id in dict.fromkeys(part_ids):
            if part_id not in by_id:
                raise OutOfScope(PART_NOT_FOUND, field="part_ids")
            chosen.append(by_id[part_id])
        if any(c.kind not in definition.content_kinds for c in chosen):
            raise DomainError(f"{definition.label} không dùng cho nội dung đã chọn.")
        return tuple(chosen)
    fitting = tuple(c for c in contents if c.kind in definition.content_kinds)
    if not fitting:
        raise DomainError(definition.refused or f"{definition.label} không dùng cho đơn này.")
    return fitting


def _live_papers(letter: Letter, paper: HandlingPaper) -> list[Document]:
    found = db.session.scalars(
        sa.select(Document)
        .where(Document.record_type == "letter", Document.record_id == letter.id, Document.status != DocumentStatus.VOID)
        .order_by(Document.id)
    )
    return [doc for doc in found if paper_of(doc) is paper]


def _check_once(definition: PaperDefinition, letter: Letter, content: Content) -> None:
    """A denunciation's content is forwarded once (Luật Tố cáo Đ24): a second live paper is refused."""
    for existing in _live_papers(letter, definition.paper):
        if (existing.body_data or {}).get("part_ids", []) == ([content.part_id] if content.part_id else []):
            number = existing.number_symbol or "dự thảo"
            raise DomainError(f"Nội dung tố cáo này đã được chuyển ({definition.label} {number}); chỉ chuyển một lần.")


def _require_reason(definition: PaperDefinition, reason: str | None) -> str:
    text = (reason or "").strip()
    if definition.reason is Need.REQUIRED and len(text) < 5:
        raise DomainError("Vui lòng ghi rõ lý do." if definition.paper is not HandlingPaper.RESULT_D9 else
                          "Vui lòng ghi kết quả giải quyết mà cơ quan có thẩm quyền đã báo cáo.")
    if definition.reason is Need.NONE and text:
        raise DomainError(f"{definition.label} không ghi lý do.")
    return text


def _writer_or_refuse(facts: LetterFacts, definition: PaperDefinition) -> Writer:
    if facts.writer is None:
        raise DomainError(f"Chưa lập được {definition.label.lower()}: đơn chưa gắn hồ sơ người viết đơn trong phạm vi của bạn.")
    return facts.writer


def _one(contents: tuple[Content, ...], definition: PaperDefinition) -> Content:
    if len(contents) != 1:
        raise OutOfScope("Vui lòng chọn một nội dung tố cáo: mỗi nội dung được chuyển bằng một văn bản.", field="part_ids")
    return contents[0]


def _answer_outcome(letter: Letter, outcome: AnswerOutcome | str | None, receiver: Agency | None) -> AnswerOutcome:
    if outcome:
        return AnswerOutcome(outcome)
    status = letter.status.value
    if status == "accepted":
        return AnswerOutcome.ACCEPTED
    if status in ("not_accepted", "filed"):
        return AnswerOutcome.REFUSED
    if status == "forwarded" or receiver is not None:
        return AnswerOutcome.FORWARDED
    return AnswerOutcome.VERIFICATION


def _build(
    definition: PaperDefinition,
    letter: Letter,
    facts: LetterFacts,
    *,
    issuing: Agency,
    receiver: Agency | None,
    contents: tuple[Content, ...],
    reason: str,
    direction: str | None,
    outcome: AnswerOutcome | str | None,
    actor: Any,
) -> Paper:
    unit = archive_unit_of(issuing)
    receiver_name = receiver.document_name if receiver is not None else ""
    paper = definition.paper
    if paper is HandlingPaper.PROPOSAL_ACCEPT:
        return texts.proposal_paper(
            replace(facts, contents=contents), proposer=getattr(actor, "full_name", ""), direction=direction,
            archive_unit=unit,
        )
    if paper is HandlingPaper.FILING_NOTE:
        return texts.filing_paper(facts, reason=reason, proposer=getattr(actor, "full_name", ""), archive_unit=unit)
    if paper is HandlingPaper.GUIDANCE:
        competent = receiver_name or letter.competent_body
        return texts.guidance_paper(
            facts, _writer_or_refuse(facts, definition), contents=contents, competent=competent, archive_unit=unit
        )
    if paper is HandlingPaper.FORWARD_DENUNCIATION:
        return texts.forward_denunciation_paper(
            facts, content=_one(contents, definition), receiver=receiver_name, archive_unit=unit
        )
    if paper is HandlingPaper.NOTICE_DENOUNCER_FORWARDED:
        return texts.notice_denouncer_paper(facts, receiver=receiver_name, archive_unit=unit)
    if paper in (HandlingPaper.FORWARD_PETITION, HandlingPaper.FORWARD_COMPLAINT):
        return texts.forward_paper(
            facts, code=definition.template_code, contents=contents, receiver=receiver_name, archive_unit=unit
        )
    if paper is HandlingPaper.EXPLAIN_SETTLED:
        if letter.prior_resolution not in SETTLED:
            raise DomainError(
                "Chỉ giải thích khi vụ việc đã được giải quyết (lần đầu, lần hai hoặc đã có bản án): "
                "vui lòng phân loại lại kết quả giải quyết trước đó của đơn."
            )
        return texts.explain_settled_paper(facts, _writer_or_refuse(facts, definition), explanation=reason, archive_unit=unit)
    if paper is HandlingPaper.RETURN_LETTER:
        sender = receiver_name or facts.forwarded_by
        if not sender:
            raise OutOfScope("Đơn không do cơ quan khác chuyển đến: vui lòng chọn cơ quan nhận lại đơn.", field="receiver_agency_id")
        return texts.return_paper(facts, sender=sender, reason=reason, archive_unit=unit)
    if paper is HandlingPaper.FORWARD_PARTY:
        party_body = receiver_name or letter.competent_body.strip()
        if not party_body:
            raise OutOfScope(
                "Vui lòng chọn tổ chức Đảng nhận đơn hoặc ghi cơ quan có thẩm quyền khi phân loại đơn.",
                field="receiver_agency_id",
            )
        return texts.forward_party_paper(facts, content=_one(contents, definition), receiver=party_body, archive_unit=unit)
    if paper is HandlingPaper.URGENT_REPORT:
        superior = receiver_name or (issuing.parent.document_name if issuing.parent is not None else "")
        if not superior:
            raise OutOfScope("Vui lòng chọn cơ quan, người có thẩm quyền nhận báo cáo khẩn.", field="receiver_agency_id")
        return texts.urgent_report_paper(facts, receiver=superior, reason=reason, archive_unit=unit)
    if paper is HandlingPaper.ANSWER_D7:
        chosen = _answer_outcome(letter, outcome, receiver)
        if chosen is AnswerOutcome.REFUSED and len(reason) < 5:
            raise DomainError("Vui lòng ghi rõ lý do không thụ lý đơn.")
        assigned = letter.assigned_agency.document_name if letter.assigned_agency is not None else ""
        competent = receiver_name or (assigned if chosen is AnswerOutcome.FORWARDED else "") or letter.competent_body
        return texts.answer_paper(
            facts, _writer_or_refuse(facts, definition), outcome=chosen, competent=competent, reason=reason,
            archive_unit=unit,
        )
    if paper is HandlingPaper.RESULT_D9:
        if not letter.result_requested:
            raise DomainError("Người viết đơn không yêu cầu thông báo kết quả giải quyết (Luật Tiếp công dân, Điều 28.2).")
        resolver = receiver_name or (letter.assigned_agency.document_name if letter.assigned_agency else "")
        return texts.result_paper(
            facts, _writer_or_refuse(facts, definition), resolver=resolver or letter.competent_body, result=reason,
            archive_unit=unit,
        )
    assert paper is HandlingPaper.FORWARD_ANONYMOUS
    return texts.forward_anonymous_paper(facts, receiver=receiver_name, archive_unit=unit)


def draft_handling_paper(
    letter: Letter,
    paper: HandlingPaper,
    *,
    actor: Any,
    receiver_agency_id: int | None = None,
    part_ids: Sequence[int] | None = None,
    reason: str | None = None,
    direction: str | None = None,
    outcome: AnswerOutcome | str | None = None,
) -> Document:
    """Draft ``paper`` for the letter in the issuing body's register (petitions.documents.create_draft,
    record ("letter", id)); heading, place, symbol and the usual signer from the body's data. Refuses
    (DomainError; OutOfScope with the form field) a paper that does not fit the letter, a receiving body or
    content outside the actor's scope or missing, a denunciation content forwarded twice."""
    definition = PAPERS[HandlingPaper(paper)]
    letter = _scoped_letter(letter, actor)
    if letter.is_void:
        raise DomainError("Đơn đã bị hủy đăng ký: không lập văn bản xử lý.")
    check_not_destroyed(letter.status, "lập văn bản xử lý")
    if letter.letter_type not in definition.letter_types:
        raise DomainError(definition.refused or f"{definition.label} không dùng cho loại đơn này.")
    receiver = _receiver(definition, receiver_agency_id, actor)
    text = _require_reason(definition, reason)
    contents = _chosen_contents(definition, letter, part_ids)
    if definition.once_per_content:
        _check_once(definition, letter, _one(contents, definition))
    issuing = issuing_agency(letter, actor)
    facts = letter_facts(letter, issuing, actor)
    if definition.strips_identity and any(c.kind is LetterType.DENUNCIATION for c in facts.contents):
        facts = replace(facts, writer=None)  # a letter with a denunciation never names its writer outside
    built = _build(
        definition, letter, facts, issuing=issuing, receiver=receiver, contents=contents, reason=text,
        direction=direction, outcome=outcome, actor=actor,
    )
    option = issuers.default_option(issuing, built.code, local_today())
    document = documents.create_draft(
        doc_type=built.code,
        issuing_agency=issuing,
        place=issuers.issuer_for(issuing).place,
        signer=option,
        fields=dict(built.fields),
        body=built.body,
        recipients=built.recipients,
        copies_to=built.copies_to,
        archive_unit=built.archive_unit,
        co_signer=built.co_signer,
        record=("letter", letter.id),
        actor=actor,
    )
    document.body_data = {
        **(document.body_data or {}),
        "handling_paper": definition.paper.value,
        "part_ids": [c.part_id for c in contents if c.part_id is not None],
        "receiver_agency_id": receiver.id if receiver is not None else None,
    }
    db.session.flush()
    return document


def paper_of(document: Document) -> HandlingPaper | None:
    """Which handling paper a document is (None for any other document)."""
    value = (document.body_data or {}).get("handling_paper")
    try:
        return HandlingPaper(value) if value else None
    except ValueError:
        return None


def letter_papers(letter: Letter) -> list[Document]:
    """The letter's handling papers, drafts and issued and void, oldest first."""
    found = db.session.scalars(
        sa.select(Document).where(Document.record_type == "letter", Document.record_id == letter.id).order_by(Document.id)
    )
    return [doc for doc in found if paper_of(doc) is not None]


# ------------------------------------------------------------------------------------------------ printing

IDENTITY_PURPOSE = "In thông báo cho người tố cáo về việc chuyển đơn"


def _letter_of(document: Document) -> Letter:
    if document.record_type != "letter" or document.record_id is None:
        raise DomainError("Văn bản không gắn với đơn.")
    letter = db.session.get(Letter, document.record_id)
    if letter is None:
        raise DomainError("Văn bản không gắn với đơn.")
    return letter


def paper_spec(document: Document, *, user: Any = None) -> DocumentSpec:
    """What the paper prints. The notice to a denouncer is the one paper that names them: for a reader with
    identity clearance, in the vault's encrypted mode, the blanks are filled from the vault for this print
    only (the reveal is logged); anyone else, or reference mode, prints the blank lines to be written by
    hand from the paper file."""
    spec = documents.document_spec(document)
    if not fills_denouncer(document, user):
        return spec
    ref = _reference(_letter_of(document))
    assert ref is not None
    identity = reveal(ref, user=user, purpose=IDENTITY_PURPOSE).identity
    if identity is None:
        return spec
    data = {
        **spec.data,
        "denouncer_name": identity.full_name,
        "denouncer_address": identity.address or BLANK_LINE,
    }
    title = str(data.get("denouncer_title") or "ông (bà)")
    return replace(spec, data=data, recipients=(f"{capitalised(title)} {identity.full_name}",))


def fills_denouncer(document: Document, user: Any) -> bool:
    """Whether paper_spec fills the denouncer's name and address for this reader (the notice of forwarding,
    a reader with identity clearance, the vault's encrypted mode, a letter with a vault reference); read
    without revealing anything, so that a page can say beforehand that the print will leave them blank."""
    if paper_of(document) is not HandlingPaper.NOTICE_DENOUNCER_FORWARDED or user is None:
        return False
    if vault_mode() is not VaultMode.ENCRYPTED or not has_identity_clearance(user):
        return False
    return _reference(_letter_of(document)) is not None


def paper_pdf(document: Document, *, user: Any = None) -> bytes:
    """The paper as PDF bytes (a draft watermarked), see paper_spec."""
    return render_document(paper_spec(document, user=user))


def _print_paper(document: Document, user: Any) -> bytes | None:
    """The documents area's printer for a letter's documents (petitions.documents.hooks): a handling paper
    prints through paper_pdf for this reader; any other document linked to a letter is not ours (None)."""
    return paper_pdf(document, user=user) if paper_of(document) is not None else None


hooks.on_print("letter", _print_paper)


REDACTED_COPY_PAPERS = frozenset({HandlingPaper.FORWARD_DENUNCIATION, HandlingPaper.FORWARD_PARTY})


def redacted_copy_spec(document: Document) -> DocumentSpec:
    """The copy of the forwarded letter and its annexes with the denouncer's identity covered, built from the
    letter's record and the vault's reference (never from the identity); it carries the forwarding's number
    and signer, and is a draft (watermarked) while the forwarding is."""
    paper = paper_of(document)
    if paper not in REDACTED_COPY_PAPERS:
        raise DomainError("Chỉ văn bản chuyển đơn tố cáo có bản sao đã che thông tin người tố cáo.")
    letter = _letter_of(document)
    agency = db.session.get(Agency, document.issuing_agency_id)
    assert agency is not None
    facts = replace(letter_facts(letter, agency, None), writer=None)
    part_ids = set((document.body_data or {}).get("part_ids") or ())
    contents = tuple(c for c in facts.contents if not part_ids or c.part_id in part_ids)
    day = document.issue_date or local_today()
    return DocumentSpec(
        template=template_for(texts.REDACTED_COPY_CODE, day),
        issuing_body=document.issuing_body,
        parent_body=document.parent_body,
        issue_date=day,
        place=document.place,
        signer=documents.document_signer(document),
        symbol=document.symbol,
        number=document.number,
        data={"slip": document.number_symbol or "(dự thảo)"},
        body=texts.redacted_copy_body(facts, contents),
    )


def redacted_copy_pdf(document: Document) -> bytes:
    """The redacted copy as PDF bytes ("bản sao đã che thông tin người tố cáo")."""
    return render_document(redacted_copy_spec(document))


def forwarding_notification(document: Document) -> Notification:
    """The e-mail text that accompanies a forwarding paper (subject, body): its number, date and subject;
    never the denouncer. The văn thư or the e-document network dispatches the paper; the app e-mails this text
    with the signed PDF to a receiving body that has a mailbox once that copy is attached (mail_receiver)."""
    paper = paper_of(document)
    if paper is None or PAPERS[paper].addressee is not Addressee.RECEIVER:
        raise DomainError("Chỉ văn bản gửi cơ quan khác có thư thông báo kèm theo.")
    receiver = ", ".join(document.recipients or ()) or BLANK_LINE
    # The body's full name ("Ban Tiếp công dân tỉnh Quảng Ninh"), as the papers' text names it: the
    # heading's short name alone does not tell a receiving commune which province's Ban writes.
    issuer = db.session.get(Agency, document.issuing_agency_id)
    return texts.forwarding_notification(
        issuer_name=issuer.document_name if issuer is not None else document.issuing_body,
        receiver=receiver,
        number_symbol=document.number_symbol or "",
        issue_date=document.issue_date,
        subject=document.subject,
        redacted_copy=paper in REDACTED_COPY_PAPERS,
    )


def mail_receiver(document: Document, _actor: Any = None) -> None:
    """The documents area's on_signed callback (petitions.documents.hooks): once the signed copy of an issued
    paper sent to another body is attached, queue its notification e-mail (forwarding_notification's text, the
    signed PDF attached: no identity) to the receiving body's mailbox, if it has one (petitions.mail)."""
    if not has_notification(document):
        return
    receiver_id = (document.body_data or {}).get("receiver_agency_id")
    receiver = db.session.get(Agency, receiver_id) if isinstance(receiver_id, int) else None
    if receiver is None:
        return
    notification = forwarding_notification(document)
    queue_document_mail(
        document, to_agency=receiver, purpose="forwarding", record_type="letter", record_id=document.record_id,
        subject=notification.subject, body=notification.body,
    )


hooks.on_signed("letter", mail_receiver)


def has_redacted_copy(document: Document) -> bool:
    """A forwarding of a denunciation (to a body, to the Party body), not void, goes out with the redacted
    copy of the letter and its annexes."""
    return paper_of(document) in REDACTED_COPY_PAPERS and document.status != DocumentStatus.VOID


def has_notification(document: Document) -> bool:
    """A paper sent to another body, once issued, has the notification text that accompanies it (the text
    names its number and date: a draft has neither)."""
    paper = paper_of(document)
    return paper is not None and PAPERS[paper].addressee is Addressee.RECEIVER and document.status == DocumentStatus.ISSUED


def paper_label(paper: HandlingPaper) -> str:
    return PAPERS[paper].label


def issued_papers(letter: Letter) -> tuple[IssuedPaper, ...]:
    """The papers issued for the letter (not drafts, not voided), as the correction rules read them
    (petitions.domain.corrections): name, number and the letter types each can be issued for; another
    document linked to the letter fits every type."""
    found = db.session.scalars(
        sa.select(Document)
        .where(Document.record_type == "letter", Document.record_id == letter.id, Document.status == DocumentStatus.ISSUED)
        .order_by(Document.id)
    )
    papers = []
    for document in found:
        paper = paper_of(document)
        definition = PAPERS.get(paper) if paper is not None else None
        papers.append(
            IssuedPaper(
                label=definition.label if definition else (document.subject or document.doc_type),
                number=document.number_symbol or "",
                letter_types=definition.letter_types if definition else frozenset(LetterType),
            )
        )
    return tuple(papers)


__all__ = [
    "PAPERS",
    "Addressee",
    "AnswerOutcome",
    "HandlingPaper",
    "Need",
    "Notification",
    "PaperDefinition",
    "archive_unit_of",
    "draft_handling_paper",
    "fills_denouncer",
    "forwarding_notification",
    "has_notification",
    "has_redacted_copy",
    "issued_papers",
    "issuing_agency",
    "letter_facts",
    "letter_papers",
    "paper_label",
    "paper_of",
    "paper_pdf",
    "paper_spec",
    "redacted_copy_pdf",
    "redacted_copy_spec",
    "visible_receivers",
]

