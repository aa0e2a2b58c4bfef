"""The case papers' rules: the denouncer named only for a cleared reader of the papers addressed to them (never in
the notice to the accused, never at rest), amounts printed exactly from Decimal, the paper fitting the case, the
signer and issuer from the competent body's data, and the documents pages showing, editing and printing a case
paper's draft."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile
from petitions.cases.paper_texts import Figures, land_words, money_words
from petitions.cases.papers import (
    CasePaper,
    case_paper_of,
    case_papers,
    case_params,
    competent_person,
    draft_case_paper,
    fills_denouncer,
    ordered_figures,
)
from petitions.deadlines.services import start_clock
from petitions.documents import issuers
from petitions.documents import services as documents
from petitions.documents.models import Document
from petitions.domain.records import CaseRound, ComplaintSubtype, Complexity
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.printing import document_text
from petitions.scoping import OutOfScope
from petitions.vault.keys import create_key_file
from tests.canary import pdf_text, text_hits
from tests.cases_papers.conftest import DENOUNCER, agency, complaint_case, denunciation_case
from tests.factories import log_in, make_citizen, make_cleared_user, make_user, make_visit

DENOUNCER_VALUES = (DENOUNCER.full_name, "thôn Khe Tiền")


@pytest.fixture
def encrypted_vault(app, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    key_file = tmp_path / "outside" / "vault.key"
    create_key_file(key_file)
    monkeypatch.setitem(app.config, "VAULT_MODE", "encrypted")
    monkeypatch.setitem(app.config, "VAULT_KEY_FILE", str(key_file))
    monkeypatch.setitem(app.config, "VAULT_LEGAL_BASIS", "QĐ 01/QĐ-TTr (thử nghiệm)")


def _issue(document: Document, leader, day: date = date(2026, 7, 20)) -> Document:  # type: ignore[no-untyped-def]
    with immediate_transactions():
        return documents.issue_document(document, issue_date=day, actor=leader)


# ------------------------------------------------------------------------------------------- the denouncer


def test_the_denouncer_is_named_only_for_a_cleared_reader_and_never_to_the_accused(seeded, encrypted_vault):
    opened = denunciation_case("TTR")
    thanh_tra = agency("TTR")
    cleared = make_cleared_user(role=Role.HANDLER, agency=thanh_tra)
    plain = make_user(role=Role.HANDLER, agency=thanh_tra)
    leader = opened.where.leader
    decision = _issue(draft_case_paper(opened.case, CasePaper.DENUNCIATION_ACCEPTANCE_DECISION, actor=cleared,
                                       params={"verifier": "Phòng Giải quyết khiếu nại, tố cáo"}), leader)
    to_denouncer = {
        paper: _issue(draft_case_paper(opened.case, paper, actor=cleared, params=params), leader)
        for paper, params in (
            (CasePaper.NOTICE_DENOUNCER_ACCEPTED, {}),
            (CasePaper.NOTICE_DENOUNCER_RESULT, {"verdict": "false"}),
        )
    }
    accused = _issue(draft_case_paper(opened.case, CasePaper.NOTICE_ACCUSED, actor=cleared, params={}), leader)
    conclusion = _issue(draft_case_paper(opened.case, CasePaper.DENUNCIATION_CONCLUSION, actor=cleared,
                                         params={"verdict": "false", "findings": "Không có căn cứ."}), leader)

    outputs: dict[str, str] = {}
    for paper, document in to_denouncer.items():
        assert fills_denouncer(document, cleared) and not fills_denouncer(document, plain)
        outputs[f"{paper.value} (reader without clearance)"] = pdf_text(documents.print_pdf(document, user=plain))
        outputs[f"{paper.value} (register print)"] = pdf_text(documents.document_pdf(document))
    for name, document in (("accused", accused), ("decision", decision), ("conclusion", conclusion)):
        assert not fills_denouncer(document, cleared)
        outputs[f"{name} (cleared reader)"] = pdf_text(documents.print_pdf(document, user=cleared))
    # What the register keeps at rest holds no identity either.
    for document in db.session.scalars(sa.select(Document).where(Document.record_type == "case_file")):
        outputs[f"stored {document.id}"] = repr((document.subject, document.body_data, document.recipients))
    assert {name: text_hits(text, DENOUNCER_VALUES) for name, text in outputs.items() if text_hits(text, DENOUNCER_VALUES)} == {}
    # The blanks are really there for the hand (and the accused's notice names the accused, not the denouncer).
    assert "Kính gửi: Ông (bà) ……………………" in " ".join(outputs["notice_denouncer_accepted (register print)"].split())
    assert "Kính gửi: Ông Nguyễn Văn Bảy" in " ".join(outputs["accused (cleared reader)"].split())

    # Positive control: the documents area prints the papers to the denouncer filled for the cleared reader.
    for paper, document in to_denouncer.items():
        shown = pdf_text(documents.print_pdf(document, user=cleared))
        assert set(text_hits(shown, DENOUNCER_VALUES)) == set(DENOUNCER_VALUES), paper
        assert f"Kính gửi: Ông (bà) {DENOUNCER.full_name}" in " ".join(shown.split())


def test_reference_mode_never_names_the_denouncer(seeded):
    opened = denunciation_case("XTY")
    cleared = make_cleared_user(role=Role.HANDLER, agency=agency("XTY"))
    notice = draft_case_paper(opened.case, CasePaper.NOTICE_DENOUNCER_ACCEPTED, actor=cleared, params={})
    assert not fills_denouncer(notice, cleared)
    assert text_hits(pdf_text(documents.print_pdf(notice, user=cleared)), DENOUNCER_VALUES) == []


# ------------------------------------------------------------------------------------------------ amounts


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("0", "0"),
        ("0.001", "0,001"),
        ("12.50", "12,5"),
        ("999", "999"),
        ("1000", "1.000"),
        ("1234567.125", "1.234.567,125"),
        ("-2500.75", "-2.500,75"),
    ],
)
def test_amounts_are_printed_vietnamese_style_exactly(value: str, printed: str) -> None:
    assert money_words(Decimal(value)) == f"{printed} triệu đồng"
    assert land_words(Decimal(value)) == f"{printed} m² đất"


def test_the_decision_prints_the_ordered_amounts_exactly_and_stores_them_as_strings(seeded, ward):
    opened = complaint_case("XTY", ward)
    params = {
        "verdict": "right",
        "recover_money": "0.001",
        "return_money_orgs": Decimal("1234567.125"),
        "return_land_persons": "250.05",
        "restored_orgs": "2",
    }
    document = _issue(draft_case_paper(opened.case, CasePaper.COMPLAINT_DECISION, actor=opened.where.officer,
                                       params=params), opened.where.leader)
    printed = " ".join(pdf_text(documents.document_pdf(document)).split())
    assert "- Thu hồi cho Nhà nước 0,001 triệu đồng." in printed
    assert "- Trả lại cho tổ chức 1.234.567,125 triệu đồng." in printed
    assert "- Trả lại cho cá nhân 250,05 m² đất." in printed
    assert "Khôi phục quyền, lợi ích hợp pháp cho 02 tổ chức." in printed
    stored = case_params(document)
    assert stored["return_money_orgs"] == "1234567.125" and stored["recover_money"] == "0.001"
    # The stored strings read back as the same Decimals (what flow writes into CaseOutcome).
    figures = ordered_figures(stored)
    assert figures.return_money_orgs == Decimal("1234567.125") and figures.return_land_persons == Decimal("250.05")
    assert figures == ordered_figures(params)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"recover_money": "1.0001"}, "quá 3 chữ số thập phân"),
        ({"recover_land": "0.125"}, "quá 2 chữ số thập phân"),
        ({"recover_money": 1.5}, "không dùng số thực"),
        ({"recover_money": "-1"}, "không hợp lệ"),
        ({"recover_money": "mười"}, "không hợp lệ"),
        ({"recover_money": "1.250,5"}, "không hợp lệ"),  # typed figures are parsed by the form, not here
        ({"restored_persons": "1.5"}, "không hợp lệ"),
    ],
)
def test_inexact_or_invalid_figures_are_refused(params, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match=message):
        ordered_figures(params)


def test_figures_print_only_what_was_ordered() -> None:
    assert Figures().measures() == () and Figures().recommendations() == ()
    both = Figures(recover_money=Decimal("15"), recover_land=Decimal("100"))
    assert both.measures() == ("Thu hồi cho Nhà nước 15 triệu đồng và 100 m² đất.",)


# ---------------------------------------------------------------------------------------------- refusals


def test_a_paper_must_fit_the_case_and_its_round(seeded, ward):
    complaint = complaint_case("XTY", ward)
    officer = complaint.where.officer
    with pytest.raises(DomainError, match="chỉ dùng cho vụ việc tố cáo"):
        draft_case_paper(complaint.case, CasePaper.EXTENSION_DECISION, actor=officer, params={"days": 30, "reason": "Phức tạp"})
    with pytest.raises(DomainError, match="không dùng cho vụ việc khiếu nại lần đầu"):
        draft_case_paper(complaint.case, CasePaper.COMPLAINT_DECISION, actor=officer, params={"verdict": "upheld"})
    with pytest.raises(DomainError, match="chọn kết quả"):
        draft_case_paper(complaint.case, CasePaper.COMPLAINT_DECISION, actor=officer, params={})
    with pytest.raises(DomainError, match="lý do không thụ lý"):
        draft_case_paper(complaint.case, CasePaper.COMPLAINT_REJECTION_NOTICE, actor=officer, params={"reason": " "})
    denunciation = denunciation_case("XTY")
    with pytest.raises(DomainError, match="chỉ dùng cho vụ việc khiếu nại"):
        draft_case_paper(denunciation.case, CasePaper.DIALOGUE_RECORD, actor=officer, params={})
    with pytest.raises(DomainError, match="số ngày gia hạn"):
        draft_case_paper(denunciation.case, CasePaper.EXTENSION_DECISION, actor=officer, params={"reason": "Phức tạp"})
    assert case_papers(complaint.case) == [] and case_papers(denunciation.case) == []


def test_a_case_outside_the_actors_scope_is_refused_like_a_missing_one(seeded, ward):
    opened = complaint_case("XTY", ward)
    stranger = make_user(role=Role.LEADER, agency=agency("PHG"))
    with pytest.raises(OutOfScope, match="Không tìm thấy vụ việc"):
        draft_case_paper(opened.case, CasePaper.COMPLAINT_ACCEPTANCE_NOTICE, actor=stranger, params={})


# ---------------------------------------------------------------------------------------- signer, issuer


def test_the_competent_person_signs_in_person_or_through_a_deputy_never_for_the_collective(seeded, ward):
    opened = complaint_case("XTY", ward)
    commune = agency("XTY")
    options = issuers.signature_options(commune, "QD_GIAI_QUYET_KHIEU_NAI", date(2026, 7, 20))
    assert [(o.authority, o.position, o.name) for o in options] == [
        ("", "Chủ tịch", "Lý Văn Sáng"),
        ("KT.", "Phó Chủ tịch", "Chíu Thị Mai"),
    ]
    assert all(not o.collective for o in options)
    # A deputy chosen on the draft prints "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" and issues.
    document = draft_case_paper(opened.case, CasePaper.COMPLAINT_ACCEPTANCE_NOTICE, actor=opened.where.officer, params={})
    documents.update_draft(document, signer=options[1], actor=opened.where.officer)
    _issue(document, opened.where.leader)
    text = documents.document_spec(document)
    assert text.signer.authority_lines() == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert document.number_symbol == "01/TB-UBND" and document.place == "Tiên Yên"


def test_the_competent_person_is_named_from_the_bodys_data(seeded):
    day = date(2026, 7, 20)
    assert competent_person(agency("XTY"), day) == "Chủ tịch Ủy ban nhân dân xã Tiên Yên"
    assert competent_person(agency("TTR"), day) == "Chánh Thanh tra tỉnh Quảng Ninh"
    assert competent_person(agency("SXD"), day) == "Giám đốc Sở Xây dựng tỉnh Quảng Ninh"
    assert competent_person(agency("BTCD"), day) == "Trưởng ban Tiếp công dân tỉnh Quảng Ninh"


def test_later_papers_cite_the_issued_acceptance_and_decision(seeded):
    opened = denunciation_case("TTR")
    officer, leader = opened.where.officer, opened.where.leader
    accepted = _issue(draft_case_paper(opened.case, CasePaper.DENUNCIATION_ACCEPTANCE_DECISION, actor=officer,
                                       params={}), leader)
    extension = draft_case_paper(opened.case, CasePaper.EXTENSION_DECISION, actor=officer,
                                 params={"days": 30, "reason": "Phải xác minh ở nhiều nơi"})
    assert f"Quyết định số {accepted.number_symbol} ngày 20/07/2026" in " ".join(
        str(b) for b in documents.document_spec(extension).body
    )
    conclusion = _issue(draft_case_paper(opened.case, CasePaper.DENUNCIATION_CONCLUSION, actor=officer,
                                         params={"verdict": "true"}), leader, date(2026, 8, 3))
    result = draft_case_paper(opened.case, CasePaper.NOTICE_DENOUNCER_RESULT, actor=officer, params={})
    body = " ".join(str(b) for b in documents.document_spec(result).body)
    assert f"Kết luận số {conclusion.number_symbol} ngày 03/08/2026" in body
    assert "Kết luận: nội dung tố cáo đúng." in body  # the verdict read from the issued conclusion
    assert [case_paper_of(d) for d in case_papers(opened.case)] == [
        CasePaper.DENUNCIATION_ACCEPTANCE_DECISION,
        CasePaper.EXTENSION_DECISION,
        CasePaper.DENUNCIATION_CONCLUSION,
        CasePaper.NOTICE_DENOUNCER_RESULT,
    ]


# --------------------------------------------------------------------------------------- documents pages


def test_the_documents_pages_show_edit_and_print_a_case_paper_draft(app, seeded, ward):
    opened = complaint_case("XTY", ward)
    officer = make_user(role=Role.HANDLER, agency=agency("XTY"))
    document = draft_case_paper(opened.case, CasePaper.COMPLAINT_DECISION, actor=officer,
                                params={"verdict": "wrong", "findings": "Quyết định thu hồi đất đúng quy định."})
    db.session.commit()
    client = app.test_client()
    assert log_in(client, officer).status_code == 302
    page = client.get(f"/documents/{document.id}")
    assert page.status_code == 200 and "Về việc giải quyết khiếu nại của bà Lê Thị Hằng" in page.get_data(as_text=True)
    pdf = client.get(f"/documents/{document.id}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    printed = " ".join(pdf_text(pdf.data).split())
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TIÊN YÊN" in printed and "khiếu nại sai" in printed
    edit = client.get(f"/documents/{document.id}/edit")
    assert edit.status_code == 200
    form = edit.get_data(as_text=True)
    assert '<option selected value="case_file">' in form and "Quyết định thu hồi đất đúng quy định." in form
    assert 'for="f_authority">Thẩm quyền ban hành</label>' in form

    # Edited as a draft (the officer's words replace the findings; the structure stays), then issued.
    data = document.body_data
    paragraphs = [p if p != "Quyết định thu hồi đất đúng quy định." else "Quyết định thu hồi đất số 15 đúng quy định."
                  for p in data["body"] if isinstance(p, str)]
    saved = client.post(f"/documents/{document.id}/edit", data={
        "version": document.version, "issuing_agency_id": document.issuing_agency_id, "place": document.place,
        "signer_option": issuers.default_option(agency("XTY"), document.doc_type, date.today()).key,  # type: ignore[union-attr]
        "f_subject": data["fields"]["subject"], "f_authority": data["fields"]["authority"],
        "body": "\r\n\r\n".join(paragraphs), "recipients": "", "copies_to": "\r\n".join(document.copies_to),
        "archive_unit": document.archive_unit, "record_type": "case_file", "record_id": opened.case.id,
        "signer_authority": "",
    })
    assert saved.status_code == 302, saved.get_data(as_text=True)
    db.session.refresh(document)
    assert case_paper_of(document) is CasePaper.COMPLAINT_DECISION and case_params(document)["verdict"] == "wrong"
    leader = make_user(role=Role.LEADER, agency=agency("XTY"))
    boss = app.test_client()
    assert log_in(boss, leader).status_code == 302
    assert boss.post(f"/documents/{document.id}/issue", data={"version": document.version}).status_code == 302
    db.session.refresh(document)
    assert document.number_symbol is not None and document.number_symbol.endswith("/QĐ-UBND")
    printed = " ".join(pdf_text(boss.get(f"/documents/{document.id}/pdf").data).split())
    assert "Quyết định thu hồi đất số 15 đúng quy định." in printed and "QUYẾT ĐỊNH:" in printed
    assert f"Số: {document.number_symbol}" in printed


# ------------------------------------------------------------------------------------- what the case is about


def test_a_case_opened_at_reception_without_a_letter_takes_its_complainant_from_the_visit(seeded, ward):
    commune = agency("XTY")
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=commune)
    citizen = make_citizen(agency_id=commune.id, full_name="Vi Văn Thắng", sex="male", address_text="thôn Đồng Mạ",
                           address_unit_id=ward.id)
    with immediate_transactions():
        visit = make_visit(agency=commune, officer=officer, citizen_id=citizen.id, visited_on=date(2026, 7, 6),
                           summary="Khiếu nại việc không được bồi thường cây trồng trên đất bị thu hồi",
                           respondent="Ủy ban nhân dân phường Hồng Gai")
    assert visit.case_id is not None
    case = db.session.get(CaseFile, visit.case_id)
    assert case is not None and case.agency_in_charge_id == commune.id
    leader = make_user(role=Role.LEADER, agency=commune)
    document = draft_case_paper(case, CasePaper.COMPLAINT_ACCEPTANCE_NOTICE, actor=leader, params={})
    body = " ".join(str(b) for b in documents.document_spec(document).body)
    assert document.recipients == ["Ông Vi Văn Thắng"]
    assert (
        "Ngày 06/07/2026, Ủy ban nhân dân xã Tiên Yên nhận được nội dung khiếu nại trình bày trực tiếp của ông Vi Văn "
        f"Thắng, địa chỉ: thôn Đồng Mạ, phường Hồng Gai, tỉnh Quảng Ninh (số {visit.book_number}/2026 sổ tiếp công dân)."
        in body
    )
    assert "Người bị khiếu nại: Ủy ban nhân dân phường Hồng Gai." in body


def test_the_second_round_cites_the_first_rounds_decision(seeded, ward):
    first = complaint_case("XTY", ward)
    decision = _issue(draft_case_paper(first.case, CasePaper.COMPLAINT_DECISION, actor=first.where.officer,
                                       params={"verdict": "wrong"}), first.where.leader)
    second = complaint_case("UBND", ward, second_round=True)
    second.case.parent_case_id = first.case.id
    db.session.flush()
    db.session.refresh(second.case)
    paper = draft_case_paper(second.case, CasePaper.COMPLAINT_DECISION, actor=second.where.officer,
                             params={"verdict": "upheld"})
    body = " ".join(str(b) for b in documents.document_spec(paper).body)
    assert (
        "II. KẾT QUẢ GIẢI QUYẾT KHIẾU NẠI CỦA NGƯỜI GIẢI QUYẾT KHIẾU NẠI LẦN ĐẦU Quyết định số "
        f"{decision.number_symbol} ngày 20/07/2026 của Chủ tịch Ủy ban nhân dân xã Tiên Yên: khiếu nại sai." in body
    )
    assert "Quyết định này có hiệu lực pháp luật sau 30 ngày kể từ ngày ban hành" in body


def test_the_verification_plan_and_the_implementation_date_are_printed(seeded, ward):
    opened = complaint_case("XTY", ward)
    officer = opened.where.officer
    assignment = draft_case_paper(opened.case, CasePaper.VERIFICATION_ASSIGNMENT, actor=officer, params={
        "verifier": "Văn phòng HĐND và UBND xã", "plan": "Làm việc với hộ gia đình bà Lê Thị Hằng\nĐo đạc lại thửa đất",
    })
    body = " ".join(str(b) for b in documents.document_spec(assignment).body)
    assert "Giao Văn phòng HĐND và UBND xã xác minh nội dung khiếu nại." in body
    assert "Kế hoạch xác minh: làm việc với hộ gia đình bà Lê Thị Hằng. Đo đạc lại thửa đất" in body
    assert "Căn cứ hồ sơ vụ việc khiếu nại đã được thụ lý ngày 10/07/2026;" in body  # no acceptance notice issued
    _issue(assignment, opened.where.leader)
    findings = draft_case_paper(opened.case, CasePaper.VERIFICATION_REPORT, actor=officer,
                                params={"findings": "Hộ bà Lê Thị Hằng sử dụng đất ổn định từ năm 1995."})
    body = " ".join(str(b) for b in documents.document_spec(findings).body)
    assert body.startswith(
        f"Thực hiện Quyết định số {assignment.number_symbol} ngày 20/07/2026 của Chủ tịch Ủy ban nhân dân xã Tiên Yên "
        "về việc xác minh nội dung khiếu nại, việc xác minh"
    )
    report = draft_case_paper(opened.case, CasePaper.IMPLEMENTATION_REPORT, actor=officer,
                              params={"implemented_on": "2026-09-30", "recovered_money": Decimal("3.5")})
    body = " ".join(str(b) for b in documents.document_spec(report).body)
    assert "kết quả thực hiện đến ngày 30/09/2026 như sau: - Đã thu hồi cho Nhà nước 3,5 triệu đồng." in body


def test_the_time_limits_come_from_the_rules_and_the_cases_classification(seeded, ward):
    opened = complaint_case("XTY", ward)
    officer = opened.where.officer
    notice = draft_case_paper(opened.case, CasePaper.COMPLAINT_ACCEPTANCE_NOTICE, actor=officer, params={})
    assert "thời hạn giải quyết là 30 ngày kể từ ngày thụ lý." in " ".join(map(str, documents.document_spec(notice).body))
    opened.case.is_remote = True
    opened.case.complexity = Complexity.COMPLEX
    db.session.flush()
    notice = draft_case_paper(opened.case, CasePaper.COMPLAINT_ACCEPTANCE_NOTICE, actor=officer, params={})
    assert "thời hạn giải quyết là 60 ngày kể từ ngày thụ lý." in " ".join(map(str, documents.document_spec(notice).body))
    decision = draft_case_paper(opened.case, CasePaper.COMPLAINT_DECISION, actor=officer, params={"verdict": "right"})
    assert "Trong thời hạn 45 ngày kể từ ngày nhận được Quyết định này" in " ".join(
        map(str, documents.document_spec(decision).body)
    )  # D16, remote
    opened.case.complaint_subtype = ComplaintSubtype.DISCIPLINARY
    db.session.flush()
    decision = draft_case_paper(opened.case, CasePaper.COMPLAINT_DECISION, actor=officer, params={"verdict": "right"})
    assert (
        "Trong thời hạn 10 ngày kể từ ngày nhận được Quyết định này (30 ngày đối với hình thức kỷ luật buộc thôi việc)"
        in " ".join(map(str, documents.document_spec(decision).body))
    )  # D13


def test_a_paper_issued_before_the_2026_amendments_cites_the_laws_as_they_were(seeded):
    opened = denunciation_case("TTR")
    document = _issue(
        draft_case_paper(opened.case, CasePaper.DENUNCIATION_ACCEPTANCE_DECISION, actor=opened.where.officer, params={}),
        opened.where.leader,
        date(2026, 6, 15),
    )
    text = document_text(documents.document_spec(document))
    assert text[0] == "Mẫu số 04"  # NĐ 31/2019's form number, printed on the generation it was read for
    assert "Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018;" in text
    assert not any("136/2025/QH15" in line for line in text)
    later = _issue(
        draft_case_paper(opened.case, CasePaper.NOTICE_ACCUSED, actor=opened.where.officer, params={}),
        opened.where.leader,
        date(2026, 7, 2),
    )
    text = document_text(documents.document_spec(later))
    assert any("được sửa đổi, bổ sung bởi Luật số 136/2025/QH15" in line for line in text)
    assert "Mẫu số 06" not in text  # the 2026 forms were not read: no number is printed


def test_a_re_denunciation_cites_the_earlier_conclusion(seeded):
    first = denunciation_case("XTY")
    conclusion = _issue(draft_case_paper(first.case, CasePaper.DENUNCIATION_CONCLUSION, actor=first.where.officer,
                                         params={"verdict": "false"}), first.where.leader)
    again = denunciation_case("TTR")
    again.case.case_round = CaseRound.SECOND
    again.case.parent_case_id = first.case.id
    db.session.flush()
    db.session.refresh(again.case)
    paper = draft_case_paper(again.case, CasePaper.DENUNCIATION_CONCLUSION, actor=again.where.officer,
                             params={"verdict": "partly_true"})
    body = " ".join(str(b) for b in documents.document_spec(paper).body)
    assert (
        f"Kết quả giải quyết tố cáo trước đó: Kết luận số {conclusion.number_symbol} ngày 20/07/2026 của Chủ tịch Ủy "
        "ban nhân dân xã Tiên Yên: tố cáo sai." in body
    )


def test_the_extension_states_the_due_dates_of_the_cases_clock(seeded):
    opened = denunciation_case("TTR")
    opened.case.complexity = Complexity.COMPLEX
    start_clock(opened.case, rule_id="D24", trigger_on=date(2026, 7, 23), variants=("complex",))
    document = draft_case_paper(opened.case, CasePaper.EXTENSION_DECISION, actor=opened.where.officer,
                                params={"days": 30, "reason": "Phải xác minh tại nhiều địa điểm"})
    body = " ".join(str(b) for b in documents.document_spec(document).body)
    # DOMAIN §5: D24 from 23/07/2026 ends on the make-up Saturday 22/08/2026; 30 days more, counted by the engine.
    assert "kể từ ngày hết thời hạn giải quyết (ngày 22/08/2026), đến hết ngày 21/09/2026." in body
    ordinary = denunciation_case("XTY")
    start_clock(ordinary.case, rule_id="D24", trigger_on=date(2026, 7, 23))
    document = draft_case_paper(ordinary.case, CasePaper.EXTENSION_DECISION, actor=ordinary.where.officer,
                                params={"days": 30, "reason": "Phải xác minh tại nhiều địa điểm"})
    body = " ".join(str(b) for b in documents.document_spec(document).body)
    assert "(ngày 22/08/2026)." in body  # not complex: the rule allows no extension, no date is promised


# ------------------------------------------------------------------------------------- the resolving body


def _printed(document: Document) -> str:
    return " ".join(pdf_text(documents.document_pdf(document)).split())


def test_the_bans_case_papers_are_issued_and_signed_by_the_provincial_chairman(seeded, ward):
    """The Ban Tiếp công dân tỉnh (a unit under the Văn phòng) receives and drafts; the Chủ tịch Ủy ban nhân dân
    tỉnh accepts and decides: heading, number, place and signature are the UBND tỉnh's, never the Ban's."""
    opened = complaint_case("BTCD", ward)
    officer, leader = opened.where.officer, opened.where.leader
    notice = _issue(draft_case_paper(opened.case, CasePaper.COMPLAINT_ACCEPTANCE_NOTICE, actor=officer, params={}),
                    leader)
    decision = _issue(draft_case_paper(opened.case, CasePaper.COMPLAINT_DECISION, actor=officer,
                                       params={"verdict": "wrong"}), leader, date(2026, 8, 3))
    province = agency("UBND")
    for document, number in ((notice, "01/TB-UBND"), (decision, "02/QĐ-UBND")):
        assert document.issuing_agency_id == province.id != opened.case.agency_in_charge_id
        assert document.number_symbol == number and document.place == "Quảng Ninh"
        text = document_text(documents.document_spec(document))
        assert text[-2:] == ("CHỦ TỊCH", "Trần Quang Minh")
        printed = _printed(document)
        assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in printed and f"Số: {number}" in printed
        assert "BAN TIẾP CÔNG DÂN" not in printed and "TRƯỞNG BAN" not in printed and "BTCD" not in printed
        assert "TM. ỦY BAN NHÂN DÂN" not in printed
    printed = _printed(decision)
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in printed
    # The provincial chairman's first decision: round 2 goes to a minister, never to the Văn phòng.
    assert "có quyền khiếu nại đến Bộ trưởng quản lý ngành, lĩnh vực hoặc khởi kiện" in printed
    assert "Chánh Văn phòng" not in printed
    # A deputy chairman may sign for the chairman: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", never for the collective.
    options = issuers.signature_options(province, "QD_GIAI_QUYET_KHIEU_NAI", date(2026, 7, 20))
    assert [(o.authority, o.position) for o in options] == [
        ("", "Chủ tịch"), ("KT.", "Phó Chủ tịch"), ("KT.", "Phó Chủ tịch"),
    ]


@pytest.mark.parametrize(
    ("code", "next_round"),
    [
        ("XTY", "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh"),  # a commune chairman's round 1
        ("SXD", "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh"),  # a Sở director's round 1
        ("UBND", "Bộ trưởng quản lý ngành, lĩnh vực"),  # the provincial chairman's round 1
    ],
)
def test_the_first_decision_names_the_second_rounds_body(seeded, ward, code: str, next_round: str):
    opened = complaint_case(code, ward)
    decision = draft_case_paper(opened.case, CasePaper.COMPLAINT_DECISION, actor=opened.where.officer,
                                params={"verdict": "wrong"})
    assert f"có quyền khiếu nại đến {next_round} hoặc khởi kiện" in _printed(decision)


def test_a_communes_case_is_signed_by_the_commune_chairman(seeded, ward):
    opened = complaint_case("XTY", ward)
    notice = _issue(draft_case_paper(opened.case, CasePaper.COMPLAINT_ACCEPTANCE_NOTICE,
                                     actor=opened.where.officer, params={}), opened.where.leader)
    assert notice.issuing_agency_id == agency("XTY").id and notice.number_symbol == "01/TB-UBND"
    assert document_text(documents.document_spec(notice))[-2:] == ("CHỦ TỊCH", "Lý Văn Sáng")


def test_the_ban_edits_and_issues_its_cases_draft_in_the_ubnd_register_and_a_stranger_cannot_see_it(
    app, seeded, ward
):
    opened = complaint_case("BTCD", ward)
    officer, leader = opened.where.officer, opened.where.leader
    document = draft_case_paper(opened.case, CasePaper.COMPLAINT_ACCEPTANCE_NOTICE, actor=officer, params={})
    province = agency("UBND")
    stranger = make_user(role=Role.LEADER, agency=agency("TTR"))
    db.session.commit()

    other = app.test_client()
    assert log_in(other, stranger).status_code == 302
    for path in ("", "/pdf", "/edit"):
        assert other.get(f"/documents/{document.id}{path}").status_code == 404
    assert other.post(f"/documents/{document.id}/issue", data={"version": document.version}).status_code == 404

    boss = app.test_client()
    assert log_in(boss, leader).status_code == 302
    edit = boss.get(f"/documents/{document.id}/edit")
    assert edit.status_code == 200
    assert f'<option selected value="{province.id}">' in edit.get_data(as_text=True)
    data = document.body_data
    saved = boss.post(f"/documents/{document.id}/edit", data={
        "version": document.version, "issuing_agency_id": province.id, "place": document.place,
        "signer_option": issuers.default_option(province, document.doc_type, date.today()).key,  # type: ignore[union-attr]
        "f_subject": data["fields"]["subject"], "body": "\r\n\r\n".join(p for p in data["body"] if isinstance(p, str)),
        "recipients": "\r\n".join(document.recipients), "copies_to": "\r\n".join(document.copies_to),
        "archive_unit": document.archive_unit, "record_type": "case_file", "record_id": opened.case.id,
        "signer_authority": "",
    })
    assert saved.status_code == 302, saved.get_data(as_text=True)
    db.session.refresh(document)
    assert document.issuing_agency_id == province.id
    assert boss.post(f"/documents/{document.id}/issue", data={"version": document.version}).status_code == 302
    db.session.refresh(document)
    assert document.number_symbol is not None and document.number_symbol.endswith("/TB-UBND")
    assert other.get(f"/documents/{document.id}").status_code == 404
