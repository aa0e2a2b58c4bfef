"""The API's letter writes: registration with the duplicate check, classification and the handling actions.

Each operation calls what the letter pages call (petitions.letters.services: register_as_decided,
classify_or_reclassify, assign_letter; petitions.letters.handling: one service per transition) under
petitions.concurrency.save_checked, with the pages' role table (petitions.letters.permissions.ACTION_ROLES).
Registered on the API's blueprint (petitions.api.views.bp) when petitions.create_app imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user

from petitions.api import letter_schemas as schemas
from petitions.api.conventions import if_match_version, tagged
from petitions.api.problems import problem
from petitions.api.security import access, auth
from petitions.api.views import _letter_json, bp
from petitions.auth.tokens import WRITE
from petitions.clock import local_today
from petitions.concurrency import save_checked
from petitions.documents.models import Document
from petitions.domain.classification import ContentPart, DuplicateDecision, IntakeFacts
from petitions.domain.records import LetterType
from petitions.domain.types import DomainError
from petitions.letters import handling, services
from petitions.letters import queries as letter_queries
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.models import Letter
from petitions.letters.permissions import ACTION_ROLES, WRITE_ROLES
from petitions.letters.queries import DuplicateOffer
from petitions.routing import services as routing_services

# Registration -----------------------------------------------------------------------------------------------


def _candidate(offer: DuplicateOffer) -> dict[str, Any]:
    suggested = services.suggested_choice(offer)
    return {
        "letter_id": offer.letter.id,
        "register_label": offer.letter.register_label,
        "received_on": offer.letter.received_on.isoformat(),
        "case_id": offer.letter.case_id,
        "score": offer.match.score,
        "reasons": list(offer.match.reasons),
        "same_writer": offer.match.same_writer,
        "same_content": offer.match.same_content,
        "suggested_decision": suggested.decision.value,
        "suggested_category": suggested.category_code,
    }


def _letter_input(data: dict[str, Any]) -> services.LetterInput:
    letter_type = data["letter_type"]
    subtype = data.get("complaint_subtype")
    return services.LetterInput(
        received_on=data["received_on"],
        channel=data["channel"],
        letter_type=letter_type,
        complaint_subtype=subtype if letter_type == LetterType.COMPLAINT else None,
        agency_id=current_user.agency_id,
        summary=data["summary"],
        letter_dated_on=data.get("letter_dated_on"),
        forwarded_by=data["forwarded_by"],
        forwarded_doc_number=data["forwarded_doc_number"],
        forwarded_doc_on=data.get("forwarded_doc_on"),
        signer_kind=data["signer_kind"],
        signer_count=data["signer_count"],
        respondent=data["respondent"],
        place_text=data["place_text"],
        is_confidential=data["is_confidential"],
        is_urgent=data["is_urgent"],
        prior_resolution=data["prior_resolution"],
        result_requested=data["result_requested"],
    )


def _writer_input(data: dict[str, Any]) -> services.WriterInput:
    writer = data.get("writer") or {}
    return services.WriterInput(
        full_name=writer.get("full_name", ""),
        id_type=writer.get("id_type"),
        id_number=writer.get("id_number", ""),
        address=writer.get("address", ""),
        phone=writer.get("phone", ""),
        citizen_id=data.get("citizen_id"),
    )


REGISTER_EXAMPLE = {
    "received_on": "2026-03-02", "channel": "post", "letter_type": "petition",
    "summary": "Kiến nghị sửa chữa đèn chiếu sáng đường Trần Hưng Đạo", "respondent": "Công ty Chiếu sáng đô thị",
    "writer": {"full_name": "Đỗ Văn Mới", "id_type": "cccd", "id_number": "022088000777"}, "duplicate_decision": "new",
}
# From a registered letter to its record and to each action on it with its ETag (the stateful fuzz follows them).
REGISTER_LINKS: Any = {
    "getLetter": {"operationId": "get_api_letter", "parameters": {"letter_id": "$response.body#/id"}},
    **{
        f"letter_{key}": {"operationId": f"post_api_letter_{key}",
                          "parameters": {"letter_id": "$response.body#/id", "header.If-Match": "$response.header.ETag"}}
        for key in ("classify", "assign", "hand_over", "propose", "urgent", "file")
    },
}
REGISTER_RESPONSES: Any = {
    201: "Đã đăng ký đơn vào sổ",
    409: {
        "description": "Có đơn có thể trùng và chưa có duplicate_decision: danh sách candidates",
        "content": {"application/problem+json": {"schema": schemas.DUPLICATES_PROBLEM}},
    },
}


@bp.post("/letters")
@bp.auth_required(auth)
@bp.input(schemas.LetterIn, location="json", example=REGISTER_EXAMPLE)
@bp.output(schemas.LetterOut, status_code=201, links=REGISTER_LINKS)
@bp.doc(responses=REGISTER_RESPONSES)
@access(WRITE, *WRITE_ROLES)
def register_letter(json_data: dict[str, Any]) -> Any:
    """Đăng ký một đơn vào sổ (như trang đăng ký đơn): số trong sổ, vụ việc, thời hạn.

    Kiểm tra đơn trùng như trên trang: nếu có đơn có thể trùng (trong phạm vi của người dùng) mà thân yêu cầu
    không có `duplicate_decision`, không có gì được ghi và trả 409 với `candidates` (mã đơn, số trong sổ, lý do,
    quyết định gợi ý). Gửi lại cùng nội dung kèm `duplicate_decision`: `new` (đơn mới), `duplicate` (đơn trùng
    với `duplicate_of`, có thể kèm `duplicate_category`) hoặc `existing_case` (đơn mới trong vụ việc của đơn
    `duplicate_of`); `duplicate_of` phải là một đơn trong danh sách. Không có đơn có thể trùng: đăng ký ngay.

    Người viết đơn: `citizen_id` (hồ sơ công dân đã có) hoặc `writer`; danh tính người tố cáo được lưu trong kho
    bảo mật, không bao giờ trả về (mã danh tính chỉ cho người được cấp quyền)."""
    letter_input = _letter_input(json_data)
    writer = _writer_input(json_data)
    offers = services.duplicate_offers(
        current_user,
        letter_type=letter_input.letter_type,
        received_on=letter_input.received_on,
        summary=letter_input.summary,
        respondent=letter_input.respondent,
        writer=writer,
    )
    decision = json_data.get("duplicate_decision")
    if offers and decision is None:
        return problem(
            409,
            _("Có đơn có thể trùng: hãy xem danh sách và gửi lại kèm duplicate_decision (và duplicate_of)."),
            candidates=[_candidate(offer) for offer in offers],
        )
    choice = services.DuplicateChoice(
        decision or DuplicateDecision.NEW, json_data.get("duplicate_of"), json_data.get("duplicate_category")
    )
    created = save_checked(
        None,
        None,
        lambda: services.register_as_decided(letter_input, writer=writer, choice=choice, offers=offers, actor=current_user),
    )
    return tagged(_letter_json(created), created, 201, Location=url_for("api.letter", letter_id=created.id))


# Classification and handling ----------------------------------------------------------------------------------


def _classification(data: dict[str, Any]) -> services.ClassificationInput:
    """The body as the classification page's form gives it (petitions.letters.views._classification)."""
    parts = tuple(
        ContentPart(
            part["letter_type"],
            part["summary"],
            part.get("complaint_subtype") if part["letter_type"] == LetterType.COMPLAINT else None,
            part["is_main"],
        )
        for part in data.get("parts") or ()
    )
    return services.ClassificationInput(
        facts=IntakeFacts(
            declared_type=data["declared_type"],
            writer_identified=data["writer_identified"],
            in_vietnamese=data["in_vietnamese"],
            dated=data["dated"],
            has_name_address=data["has_name_address"],
            signed=data["signed"],
            content_complete=data["content_complete"],
        ),
        complaint_subtype=data.get("complaint_subtype"),
        parts=parts,
        field_item_id=data.get("field_item_id"),
        competent_body=data["competent_body"],
        routing=routing_services.LetterRouting(
            place_unit_id=data.get("place_unit_id"),
            respondent_level=data.get("respondent_level"),
            respondent_agency_id=data.get("respondent_agency_id"),
            chosen_agency_id=data.get("competent_agency_id"),
            override_reason=data["routing_override_reason"],
        ),
        within_competence=data.get("within_competence"),
        decision_known_on=data.get("decision_known_on"),
        dismissal=data["is_dismissal"],
        remote=data["is_remote"],
        obstacles=tuple((span["start"], span["end"]) for span in data.get("obstacles") or ()),
    )


def _classify(letter: Letter, data: dict[str, Any]) -> Letter:
    return services.classify_or_reclassify(letter, _classification(data), actor=current_user, reason=data["reason"])


def _propose(letter: Letter, data: dict[str, Any]) -> Document:
    paper = HandlingPaper(data["paper"])
    if paper not in handling.proposable_papers(letter):
        raise DomainError(_("Hướng xử lý này không dùng cho đơn này: chọn một văn bản xử lý phù hợp với loại đơn."))
    return handling.propose_handling(
        letter,
        paper,
        actor=current_user,
        effective_on=local_today(),
        receiver_agency_id=data.get("receiver_agency_id"),
        reason=data["reason"] or None,
        direction=data["direction"] or None,
        receiver_reason=data["receiver_reason"] or None,
    )


Action = Callable[[Letter, dict[str, Any]], Any]

# A body of each action for the spec's examples (a caller's first try; the fuzz's positive case).
EXAMPLES: dict[str, dict[str, Any]] = {
    "classify": {"declared_type": "petition", "within_competence": True},
    "assign": {"officer_id": 1, "direction": "Xử lý theo quy định"},
    "hand_over": {"agency_id": 1, "direction": "Đề nghị xác minh nội dung"},
    "propose": {"paper": "filing_note", "reason": "Đơn không đủ điều kiện xử lý"},
    "return": {"comment": "Làm lại đề xuất"},
    "approve": {"comment": "Đồng ý"},
    "urgent": {"reason": "Nguy cơ xô xát tại khu đất"},
    "chase": {"reason": "Đôn đốc lần một"},
    "file": {"reason": "Đơn không đủ điều kiện xử lý"},
}

# key → (the body, the service call as the letter page's form makes it, what the operation does)
ACTIONS: dict[str, tuple[type[schemas.Schema] | None, Action, str]] = {
    "classify": (schemas.LetterClassifyIn, _classify, "Phân loại (hoặc phân loại lại) đơn theo nội dung"),
    "assign": (
        schemas.LetterAssignIn,
        lambda letter, data: services.assign_letter(
            letter, officer_id=data["officer_id"], direction=data["direction"], actor=current_user, effective_on=local_today()
        ),
        "Giao xử lý đơn cho một cán bộ",
    ),
    "hand_over": (
        schemas.LetterHandOverIn,
        lambda letter, data: handling.hand_over_letter(
            letter, agency_id=data["agency_id"], direction=data["direction"], actor=current_user, effective_on=local_today()
        ),
        "Giao cơ quan khác tham mưu, xác minh",
    ),
    "propose": (schemas.LetterProposeIn, _propose, "Đề xuất hướng xử lý kèm dự thảo văn bản"),
    "return": (
        schemas.LetterCommentIn,
        lambda letter, data: handling.return_proposal(
            letter, comment=data["comment"], actor=current_user, effective_on=local_today()
        ),
        "Trả lại đề xuất để làm lại",
    ),
    "approve": (
        schemas.LetterCommentIn,
        lambda letter, data: handling.approve_proposal(
            letter, comment=data["comment"] or None, actor=current_user, effective_on=local_today()
        ),
        "Duyệt đề xuất; văn bản dự thảo chuyển ban hành",
    ),
    "urgent": (
        schemas.LetterReasonIn,
        lambda letter, data: handling.report_urgent(letter, reason=data["reason"], actor=current_user, effective_on=local_today()),
        "Báo cáo khẩn cho lãnh đạo",
    ),
    "acknowledge": (
        None,
        lambda letter, data: handling.acknowledge_urgent(letter, actor=current_user, effective_on=local_today()),
        "Tiếp nhận báo cáo khẩn",
    ),
    "chase": (
        schemas.LetterReasonIn,
        lambda letter, data: handling.chase_letter(letter, note=data["reason"], actor=current_user, effective_on=local_today()),
        "Ghi nhận việc đôn đốc cơ quan được chuyển đơn",
    ),
    "file": (
        schemas.LetterReasonIn,
        lambda letter, data: handling.file_letter(letter, reason=data["reason"], actor=current_user, effective_on=local_today()),
        "Lưu đơn",
    ),
}


def _action_view(key: str, body: type[schemas.Schema] | None, run: Action, words: str) -> None:
    def view(letter_id: int, json_data: dict[str, Any] | None = None) -> Any:
        found = letter_queries.get_letter_for(current_user, letter_id)
        if key == "classify" and not handling.is_in_charge(current_user, found):
            abort(403)  # as on the page: the register's entry is the office in charge's; a body handed the letter advises
        if found.is_void:
            abort(404)  # as on the letter page: a voided registration takes no action
        version = if_match_version()
        done = save_checked(found, version, lambda: run(found, json_data or {}))
        document_id = done.id if isinstance(done, Document) else None
        return tagged({"letter": _letter_json(found), "document_id": document_id}, found)

    view.__name__ = f"letter_{key}"
    view.__doc__ = (
        f"{words} (như trên trang đơn).\n\nCần If-Match: ETag của đơn (thiếu: 428; đã cũ: 412). Thao tác không "
        "hợp lệ ở trạng thái hiện tại của đơn: 422 với lý do."
    )
    decorated: Any = bp.output(schemas.LetterActionOut)(access(WRITE, *ACTION_ROLES[key])(view))
    if body is not None:
        decorated = bp.input(body, location="json", example=EXAMPLES[key])(decorated)
    bp.post(f"/letters/<int:letter_id>/{key.replace('_', '-')}")(bp.auth_required(auth)(decorated))


for _key, (_body, _run, _words) in ACTIONS.items():
    _action_view(_key, _body, _run, _words)
