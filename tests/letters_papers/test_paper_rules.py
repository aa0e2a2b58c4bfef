"""When a handling paper fits a letter, and what it takes from the letter's record."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.documents import services as documents
from petitions.domain.types import DomainError
from petitions.extensions import immediate_transactions
from petitions.letters.handling import hand_over_letter
from petitions.letters.handling_papers import (
    HandlingPaper,
    draft_handling_paper,
    forwarding_notification,
    paper_of,
)
from petitions.printing import document_text
from tests.letters_papers.conftest import agency, complaint, denunciation, forwarded_complaint, mixed, office


def _joined(document) -> str:  # type: ignore[no-untyped-def]
    return " ".join(document_text(documents.document_spec(document)))


def test_a_forwarded_complaint_names_the_receiver_and_copies_the_writer(seeded, ward):
    ban = office("BTCD")
    receiver = agency("PHG").id
    sent = forwarded_complaint(ban, ward)
    document = draft_handling_paper(sent, HandlingPaper.FORWARD_COMPLAINT, actor=ban.officer, receiver_agency_id=receiver)
    assert "Kính gửi: Ủy ban nhân dân phường Hồng Gai" in _joined(document)
    assert "Bà Lê Thị Hằng (để biết)" in _joined(document)


def test_explaining_a_settled_matter_needs_a_settled_letter_and_the_explanation(seeded, ward):
    ban = office("BTCD")
    with pytest.raises(DomainError, match="đã được giải quyết"):
        draft_handling_paper(complaint(ban, ward), HandlingPaper.EXPLAIN_SETTLED, actor=ban.officer, reason="Đã giải quyết xong.")
    with pytest.raises(DomainError, match="lý do"):
        draft_handling_paper(complaint(ban, ward), HandlingPaper.EXPLAIN_SETTLED, actor=ban.officer)


def test_the_d9_result_is_sent_only_when_the_citizen_asked(seeded, ward):
    ban = office("BTCD")
    letter = complaint(ban, ward, result_requested=False)
    with pytest.raises(DomainError, match="không yêu cầu"):
        draft_handling_paper(letter, HandlingPaper.RESULT_D9, actor=ban.officer, reason="Đã giải quyết xong.")


def test_the_d7_answer_says_the_outcome_and_a_refusal_its_reason(seeded, ward):
    ban = office("BTCD")
    with pytest.raises(DomainError, match="lý do không thụ lý"):
        draft_handling_paper(complaint(ban, ward), HandlingPaper.ANSWER_D7, actor=ban.officer, outcome="refused")
    refused = draft_handling_paper(
        complaint(ban, ward), HandlingPaper.ANSWER_D7, actor=ban.officer, outcome="refused",
        reason="Đã quá thời hiệu khiếu nại theo Điều 9 Luật Khiếu nại",
    )
    assert "Đơn không đủ điều kiện thụ lý. Lý do: đã quá thời hiệu khiếu nại theo Điều 9 Luật Khiếu nại." in _joined(refused)
    accepted = draft_handling_paper(complaint(ban, ward), HandlingPaper.ANSWER_D7, actor=ban.officer, outcome="accepted")
    assert "Đơn đủ điều kiện thụ lý; Chủ tịch Ủy ban nhân dân phường Hồng Gai thụ lý" in _joined(accepted)


def test_a_denouncer_gets_no_d7_or_d9_paper_other_than_the_notice(seeded):
    ban = office("BTCD")
    letter = denunciation(ban)
    for paper in (HandlingPaper.ANSWER_D7, HandlingPaper.RESULT_D9, HandlingPaper.EXPLAIN_SETTLED):
        with pytest.raises(DomainError):
            draft_handling_paper(letter, paper, actor=ban.officer, reason="Kết quả giải quyết tố cáo.")


def test_a_mixed_letters_denunciation_is_forwarded_per_content_without_its_writer(seeded, ward):
    ban = office("BTCD")
    letter = mixed(ban, ward)
    receiver = agency("PHG").id
    denounced = letter.parts[1]
    with pytest.raises(DomainError, match="không dùng cho nội dung"):
        draft_handling_paper(
            letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, receiver_agency_id=receiver,
            part_ids=[letter.parts[0].id],
        )
    document = draft_handling_paper(letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, receiver_agency_id=receiver)
    text = _joined(document)
    assert document.body_data["part_ids"] == [denounced.id]
    assert "Tố cáo cán bộ địa chính phường nhận tiền khi đo đạc." in text
    assert "Lê Thị Hằng" not in text and "tổ 5, khu 3" not in text
    assert "Khiếu nại quyết định thu hồi đất" not in text  # the other contents stay out


def test_a_forwarding_has_a_notification_text_and_a_paper_to_the_citizen_has_none(seeded, ward):
    ban = office("BTCD")
    letter = denunciation(ban)
    slip = draft_handling_paper(letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, receiver_agency_id=agency("XTY").id)
    mail = forwarding_notification(slip)
    # The issuing body by its full name: the heading's "Ban Tiếp công dân" does not say which province's.
    assert mail.subject == "Ban Tiếp công dân tỉnh Quảng Ninh: văn bản (dự thảo, chưa có số) V/v chuyển đơn tố cáo"
    assert mail.body.startswith("Kính gửi: Ủy ban nhân dân xã Tiên Yên.") and "đã che thông tin người tố cáo" in mail.body
    guidance = draft_handling_paper(mixed(ban, ward), HandlingPaper.GUIDANCE, actor=ban.officer)
    assert paper_of(guidance) is HandlingPaper.GUIDANCE
    with pytest.raises(DomainError):
        forwarding_notification(guidance)


def test_a_body_the_letter_was_handed_to_issues_under_its_own_heading(seeded, ward):
    ban, inspectorate = office("BTCD"), office("TTR")
    letter = complaint(ban, ward)
    with immediate_transactions():
        hand_over_letter(
            letter, agency_id=inspectorate.agency.id, direction="Đề nghị Thanh tra tỉnh tham mưu xử lý.",
            actor=ban.leader, effective_on=date(2026, 7, 3),
        )
    document = draft_handling_paper(letter, HandlingPaper.PROPOSAL_ACCEPT, actor=inspectorate.officer)
    assert document.issuing_agency_id == inspectorate.agency.id and document.symbol == "PĐX-TTr"
