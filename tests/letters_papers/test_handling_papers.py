"""Drafting a letter's handling papers from its record: issuing body, heading, symbol, signer per body
level, body from the letter, one guidance line per content, receivers loaded through the scope."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.documents import services as documents
from petitions.documents.models import DocumentStatus
from petitions.domain.types import DomainError
from petitions.extensions import immediate_transactions
from petitions.letters.handling_papers import (
    PAPERS,
    HandlingPaper,
    draft_handling_paper,
    letter_papers,
    paper_of,
)
from petitions.printing import document_text
from petitions.scoping import OutOfScope
from tests.factories import make_agency, make_document
from tests.letters_papers.conftest import agency, complaint, denunciation, mixed, office

ISSUE_DAY = date(2026, 7, 15)


def _text(document) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return document_text(documents.document_spec(document))


def _issue(document):  # type: ignore[no-untyped-def]
    with immediate_transactions():
        documents.issue_document(document, issue_date=ISSUE_DAY)
    return document


def test_every_paper_is_data_with_a_template_that_exists():
    assert set(PAPERS) == set(HandlingPaper)
    for definition in PAPERS.values():
        template = documents._template(definition.template_code, ISSUE_DAY)  # noqa: SLF001
        assert template.code == definition.template_code


def test_proposal_to_accept_at_the_provincial_ban(seeded, ward):
    ban = office("BTCD")
    letter = complaint(ban, ward)
    document = draft_handling_paper(letter, HandlingPaper.PROPOSAL_ACCEPT, actor=ban.officer, direction="Đề nghị giao Thanh tra tỉnh xác minh.")
    assert paper_of(document) is HandlingPaper.PROPOSAL_ACCEPT
    assert (document.record_type, document.record_id, document.status) == ("letter", letter.id, DocumentStatus.DRAFT)
    assert document.issuing_agency_id == ban.agency.id
    _issue(document)
    text = _text(document)
    assert text[0] == "Mẫu số 01"
    assert "BAN TIẾP CÔNG DÂN" in text and "VĂN PHÒNG UBND TỈNH QUẢNG NINH" in text
    assert "Số: 01/PĐX-BTCD" in text and "Quảng Ninh, ngày 15 tháng 7 năm 2026" in text
    body = " ".join(text)
    assert f"(số vào sổ {letter.register_label})" in body
    assert "bà Lê Thị Hằng, địa chỉ: tổ 5, khu 3, phường Hồng Gai, tỉnh Quảng Ninh" in body
    assert "Khiếu nại việc bồi thường, hỗ trợ khi thu hồi đất làm đường tỉnh 342." in body
    assert "Chủ tịch Ủy ban nhân dân phường Hồng Gai" in body
    assert "Ý kiến của người đề xuất: Đề nghị giao Thanh tra tỉnh xác minh." in body
    # The proposer on the left, the head approving in person on the right.
    assert ("NGƯỜI ĐỀ XUẤT", "Trần Thị Ngọc Ẩn") == text[text.index("NGƯỜI ĐỀ XUẤT") : text.index("NGƯỜI ĐỀ XUẤT") + 2]
    assert text[-2:] == ("TRƯỞNG BAN", "Phạm Văn Thành")


def test_proposal_at_a_commune_is_approved_by_the_chairman_in_person(seeded, ward):
    commune = office("XTY")
    document = _issue(draft_handling_paper(complaint(commune, ward), HandlingPaper.PROPOSAL_ACCEPT, actor=commune.officer))
    text = _text(document)
    assert text[1:3] == ("ỦY BAN NHÂN DÂN XÃ TIÊN YÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Số: 01/PĐX-UBND" in text and "Tiên Yên, ngày 15 tháng 7 năm 2026" in text
    assert text[-2:] == ("CHỦ TỊCH", "Lý Văn Sáng")  # an internal approval: no "TM. ỦY BAN NHÂN DÂN"


def test_forwarding_a_denunciation_strips_the_denouncer_and_names_the_receiver(seeded):
    ban = office("BTCD")
    letter = denunciation(ban)
    commune = agency("XTY")
    document = draft_handling_paper(
        letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, receiver_agency_id=commune.id
    )
    _issue(document)
    text = _text(document)
    assert text[0] == "Mẫu số 03"
    assert "Số: 01/BTCD-XLĐ" in text and "V/v chuyển đơn tố cáo" in text
    assert "Kính gửi: Ủy ban nhân dân xã Tiên Yên" in " ".join(text)
    body = " ".join(text)
    assert "Ông Nguyễn Văn Bảy, công chức địa chính - xây dựng xã Tiên Yên" in body
    assert "Điều 47 Luật Tố cáo" in body and "mã tham chiếu hồ sơ" in body
    assert "người tố cáo (thông tin" not in body  # the slip does not even speak of "the denouncer's" letter
    assert text[-2:] == ("TRƯỞNG BAN", "Phạm Văn Thành")
    assert text[text.index("Nơi nhận:") + 1 :][:2] == ("- Như trên;", "- Lưu: VT, XLĐ.")


def test_a_denunciation_content_is_forwarded_once(seeded):
    ban = office("BTCD")
    letter = denunciation(ban)
    receiver = agency("XTY").id
    first = draft_handling_paper(letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, receiver_agency_id=receiver)
    with pytest.raises(DomainError, match="chỉ chuyển một lần"):
        draft_handling_paper(letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, receiver_agency_id=receiver)
    with immediate_transactions():
        documents.void_document(first, reason="Chuyển nhầm cơ quan", actor=ban.leader)
    again = draft_handling_paper(letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, receiver_agency_id=receiver)
    assert [paper_of(d) for d in letter_papers(letter)] == [HandlingPaper.FORWARD_DENUNCIATION] * 2
    assert again.id != first.id


def test_guidance_of_a_mixed_letter_has_one_line_per_content(seeded, ward):
    ban = office("BTCD")
    letter = mixed(ban, ward)
    document = draft_handling_paper(letter, HandlingPaper.GUIDANCE, actor=ban.officer)
    text = _text(document)
    lines = [line for line in text if line[:3] in ("1. ", "2. ", "3. ")]
    assert len(lines) == len(letter.parts) == 3
    for line, part in zip(lines, letter.parts, strict=True):
        assert part.summary[1:].rstrip(".") in line
        assert "Chủ tịch Ủy ban nhân dân phường Hồng Gai" in line
    assert "Về nội dung khiếu nại" in lines[0] and "Luật Khiếu nại" in lines[0]
    assert "Về nội dung tố cáo" in lines[1] and "Luật Tố cáo" in lines[1]
    assert "Về nội dung kiến nghị, phản ánh" in lines[2]
    assert "Kính gửi: Bà Lê Thị Hằng" in " ".join(text)
    assert "PHIẾU HƯỚNG DẪN" in text


def test_guidance_of_chosen_contents_only(seeded, ward):
    ban = office("BTCD")
    letter = mixed(ban, ward)
    chosen = [letter.parts[0].id, letter.parts[2].id]
    text = _text(draft_handling_paper(letter, HandlingPaper.GUIDANCE, actor=ban.officer, part_ids=chosen))
    assert [line[:2] for line in text if line[:3] in ("1. ", "2. ", "3. ")] == ["1.", "2."]


def test_a_receiver_outside_the_actors_directory_is_refused_like_a_missing_one(seeded):
    ban = office("BTCD")
    letter = denunciation(ban)
    elsewhere = make_agency(name="Ủy ban nhân dân xã ở tỉnh khác")  # another tree: not the actor's province
    for receiver_id in (elsewhere.id, 10**9, 2**70):
        with pytest.raises(OutOfScope) as refused:
            draft_handling_paper(letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, receiver_agency_id=receiver_id)
        assert (str(refused.value), refused.value.field) == ("Không tìm thấy cơ quan nhận đã chọn.", "receiver_agency_id")
    assert letter_papers(letter) == []


def test_a_letter_outside_the_actors_scope_is_refused_like_a_missing_one(seeded, ward):
    ban, commune = office("BTCD"), office("XTY")
    letter = complaint(ban, ward)
    with pytest.raises(OutOfScope, match="Không tìm thấy đơn"):
        draft_handling_paper(letter, HandlingPaper.PROPOSAL_ACCEPT, actor=commune.officer)


def test_a_part_of_another_letter_is_refused(seeded, ward):
    ban = office("BTCD")
    letter, other = mixed(ban, ward), mixed(ban, ward)
    with pytest.raises(OutOfScope, match="Không tìm thấy nội dung đơn"):
        draft_handling_paper(letter, HandlingPaper.GUIDANCE, actor=ban.officer, part_ids=[other.parts[0].id])


def test_a_paper_that_does_not_fit_the_letter_is_refused(seeded, ward):
    ban = office("BTCD")
    with pytest.raises(DomainError, match="không hướng dẫn"):
        draft_handling_paper(denunciation(ban), HandlingPaper.GUIDANCE, actor=ban.officer)
    with pytest.raises(DomainError, match="Mẫu 03"):
        draft_handling_paper(
            complaint(ban, ward), HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer, receiver_agency_id=agency("XTY").id
        )


def test_paper_of_tells_other_documents_apart(seeded):
    assert paper_of(make_document()) is None
