"""The opt-in decision layout of a template (DocumentTemplate.structured_body, authority_field): căn cứ and xét
lines in italics, upper-case lines centred bold, part headings and "Điều N." bold; the authority line printed
under the subject. Other templates print every paragraph as before."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.printing import (
    DocumentSpec,
    DocumentTemplate,
    Signer,
    TemplateRegistryError,
    document_text,
    render_document,
)
from petitions.printing.layout import structured_paragraph, styles


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;", "legal_basis"),
        ("Xét đơn khiếu nại đề ngày 29/06/2026 của bà Lê Thị Hằng.", "legal_basis"),
        ("QUYẾT ĐỊNH:", "body_centred"),
        ("I. NỘI DUNG KHIẾU NẠI", "body_heading"),
        ("II. KẾT QUẢ XÁC MINH", "body_heading"),
        ("Điều 1. Giữ nguyên Quyết định số 15/QĐ-UBND.", "body"),
        ("Nội dung khiếu nại: bồi thường đất.", "body"),
        ("Căn cứ vào đó, ông A cho rằng", "body"),  # not a căn cứ line: no closing ; , or .
    ],
)
def test_each_paragraph_takes_the_style_of_what_it_is(text: str, style: str) -> None:
    assert structured_paragraph(text).style is getattr(styles(), style)


def test_an_articles_number_is_bold_and_the_rest_is_escaped_text() -> None:
    paragraph = structured_paragraph("Điều 2. Trả lại <b>1.250,5</b> triệu đồng & khôi phục quyền.")
    assert paragraph.text.startswith("<b>Điều 2.</b> Trả lại &lt;b&gt;1.250,5&lt;/b&gt; triệu đồng &amp; khôi")


def _spec(template: DocumentTemplate) -> DocumentSpec:
    return DocumentSpec(
        template=template,
        issuing_body="Ủy ban nhân dân xã Tiên Yên",
        issue_date=date(2026, 7, 20),
        place="Tiên Yên",
        signer=Signer(position="Chủ tịch", name="Lý Văn Sáng"),
        number=1,
        symbol="QĐ-UBND",
        data={"subject": "Về việc giải quyết khiếu nại", "authority": "Chủ tịch Ủy ban nhân dân xã Tiên Yên"},
        body=("Căn cứ Luật Khiếu nại;", "QUYẾT ĐỊNH:", "Điều 1. Giữ nguyên."),
    )


def test_the_authority_line_prints_upper_case_under_the_subject() -> None:
    template = DocumentTemplate(
        code="QD_TEST", title="QUYẾT ĐỊNH", subject_format="{subject}", fields=("subject", "authority"),
        structured_body=True, authority_field="authority",
    )
    text = document_text(_spec(template))
    subject = text.index("Về việc giải quyết khiếu nại")
    assert text[subject + 1] == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TIÊN YÊN"
    assert render_document(_spec(template)).startswith(b"%PDF")


def test_a_template_without_the_options_prints_as_before() -> None:
    plain = DocumentTemplate(code="QD_PLAIN", title="QUYẾT ĐỊNH", subject_format="{subject}", fields=("subject", "authority"))
    text = document_text(_spec(plain))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TIÊN YÊN" not in text
    with pytest.raises(TemplateRegistryError, match="undeclared"):
        DocumentTemplate(code="QD_BAD", title="QUYẾT ĐỊNH", fields=("subject",), authority_field="authority")
