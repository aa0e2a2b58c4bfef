"""The chasing papers drafted from data when a leader approves a step: a công văn of the office that sent the item
(issuing body = the office, recipient = the body chased or its superior, the office's usual signer for the type),
linked to the letter (record "letter", the letter's id) so that it shows on the letter's and the case's pages.
No denouncer's identity anywhere: the subject names the letter's register number and the body, never a person."""

from __future__ import annotations

from typing import Any

from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.documents import issuers
from petitions.documents import services as documents
from petitions.documents.models import Document
from petitions.domain.chasing import ChaseStep
from petitions.extensions import db
from petitions.letters.handling_papers import archive_unit_of
from petitions.paperwork.layouts import format_date
from petitions.referrals.models import Referral

# The document type of each step (templates in petitions.printing.templates.CHASE_TEMPLATES).
DOC_TYPES: dict[ChaseStep, str] = {
    ChaseStep.REMINDER: "CV_NHAC_HAN",
    ChaseStep.FIRST_URGING: "CV_DON_DOC",
    ChaseStep.SECOND_URGING: "CV_DON_DOC",
    ChaseStep.ESCALATION: "CV_DE_NGHI_CAP_TREN",
    ChaseStep.EXPLANATION_REQUEST: "CV_YEU_CAU_GIAI_TRINH",
}

# The key of a document's body data that marks it as a chasing paper (its value: the step).
CHASE_KEY = "chase_step"


def is_chase_paper(document: Document) -> bool:
    """Whether a document is a chasing paper (its body data names the step and the chase)."""
    return bool((document.body_data or {}).get(CHASE_KEY))


def chase_id_of(document: Document) -> int | None:
    """The chase a chasing paper was drafted for (None for any other document)."""
    value = (document.body_data or {}).get("chase_id") if is_chase_paper(document) else None
    return value if isinstance(value, int) else None


def _sent_sentence(referral: Referral, office: str, body: str) -> str:
    letter = referral.letter
    source = db.session.get(Document, referral.source_document_id) if referral.source_document_id else None
    via = ""
    if source is not None and source.number_symbol and source.issue_date is not None:
        via = f" (văn bản số {source.number_symbol} ngày {format_date(source.issue_date)})"
    verb = "đã chuyển" if referral.kind == "forwarded" else "đã giao"
    return (
        f"Ngày {format_date(referral.sent_on)}, {office} {verb} đơn số {letter.register_label} (vào sổ ngày "
        f"{format_date(letter.received_on)}) đến {body}{via} để xem xét, giải quyết theo thẩm quyền và báo cáo kết quả."
    )


def _texts(step: ChaseStep, referral: Referral, office: str, body: str, recipient: str) -> tuple[str, list[str], list[str]]:
    """(subject, body paragraphs, copies to) of the step's paper. The paper is a công văn: its subject prints
    as "V/v …" under the number (petitions.printing.render), so it starts with the matter, not "Về việc"."""
    number = referral.letter.register_label
    due = format_date(referral.answer_due_on) if referral.answer_due_on is not None else "…"
    sent = _sent_sentence(referral, office, body)
    if step is ChaseStep.REMINDER:
        return (
            f"nhắc thời hạn báo cáo kết quả giải quyết đơn số {number}",
            [sent, f"Thời hạn báo cáo kết quả là ngày {due}. {office} đề nghị {body} khẩn trương giải quyết và "
                   f"báo cáo kết quả đúng thời hạn./."],
            ["Như trên"],
        )
    if step in (ChaseStep.FIRST_URGING, ChaseStep.SECOND_URGING):
        turn = "lần 1" if step is ChaseStep.FIRST_URGING else "lần 2"
        return (
            f"đôn đốc giải quyết đơn số {number} ({turn})",
            [sent, f"Thời hạn báo cáo kết quả là ngày {due}; đến nay {office} chưa nhận được kết quả giải quyết.",
             f"Để vụ việc không tồn đọng, kéo dài, {office} đề nghị {body} khẩn trương giải quyết dứt điểm và "
             f"báo cáo kết quả về {office}./."],
            ["Như trên"],
        )
    if step is ChaseStep.ESCALATION:
        return (
            f"đề nghị chỉ đạo giải quyết đơn số {number} chậm thời hạn",
            [sent, f"Thời hạn báo cáo kết quả là ngày {due}; {office} đã đôn đốc nhưng đến nay {body} chưa báo cáo "
                   "kết quả giải quyết.",
             f"{office} báo cáo và đề nghị {recipient} chỉ đạo {body} khẩn trương giải quyết và báo cáo kết quả "
             "theo quy định./."],
            ["Như trên", f"{body} (để thực hiện)"],
        )
    return (
        f"yêu cầu giải trình việc chậm giải quyết đơn số {number}",
        [sent, f"Thời hạn báo cáo kết quả là ngày {due}; {office} đã đôn đốc nhưng đến nay chưa nhận được kết quả "
               "giải quyết.",
         f"{office} yêu cầu {body} giải trình bằng văn bản lý do chậm giải quyết, báo cáo kết quả và thời gian hoàn "
         "thành./."],
        ["Như trên"],
    )


def draft_chase_paper(*, chase_id: int, step: ChaseStep, referral: Referral, office: Agency, recipient: Agency,
                      actor: Any) -> Document:
    """The step's công văn as a draft in the office's register (issued then through the documents flow)."""
    doc_type = DOC_TYPES[step]
    today = local_today()
    subject, body, copies = _texts(step, referral, office.document_name, referral.agency.document_name,
                                   recipient.document_name)
    document = documents.create_draft(
        doc_type=doc_type,
        issuing_agency=office,
        place=issuers.issuer_for(office).place,
        signer=issuers.default_option(office, doc_type, today),
        fields={"subject": subject},
        body=body,
        recipients=[recipient.document_name],
        copies_to=copies,
        archive_unit=archive_unit_of(office),
        record=("letter", referral.letter_id),
        actor=actor,
    )
    document.body_data = {**(document.body_data or {}), CHASE_KEY: step.value, "chase_id": chase_id,
                          "receiver_agency_id": recipient.id}
    db.session.flush()
    return document
