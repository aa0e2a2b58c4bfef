"""Heading, place, number and signature come from the seeded agency data and always name one body."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.directory.models import Agency, AgencyOfficial
from petitions.directory.seed import seed_agencies
from petitions.documents import issuers, services
from petitions.documents.models import Document
from petitions.domain.types import DomainError
from petitions.extensions import db, immediate_transactions
from petitions.printing import Signer, document_text, template_for
from tests.factories import make_agency

DAY = date(2026, 7, 15)
# The four body levels of the acceptance: a provincial Ban, the Văn phòng, a Sở, a commune UBND.
BODIES = ("BTCD", "VP", "SNNMT", "XTY")
# Every document type that goes through the văn thư's register.
REGISTER_TYPES = ("THONG_BAO", "CONG_VAN", "TB_TU_CHOI_TCD", "TB_KET_LUAN_TCD")

# (parent line, bold line(s), place) as printed, upper case
EXPECTED_HEADINGS = {
    "UBND": ((), ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NINH"), "Quảng Ninh"),
    "VP": (("UBND TỈNH QUẢNG NINH",), ("VĂN PHÒNG",), "Quảng Ninh"),
    "BTCD": (("VĂN PHÒNG UBND TỈNH QUẢNG NINH",), ("BAN TIẾP CÔNG DÂN",), "Quảng Ninh"),
    "SNNMT": (("UBND TỈNH QUẢNG NINH",), ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",), "Quảng Ninh"),
    "XTY": ((), ("ỦY BAN NHÂN DÂN XÃ TIÊN YÊN",), "Tiên Yên"),
}


def agency(code: str) -> Agency:
    found = db.session.scalar(sa.select(Agency).where(Agency.code == code))
    assert found is not None
    return found


def filled(doc_type: str) -> dict[str, str]:
    """Every declared field of the type with a plausible value."""
    return {name: f"nội dung {name}" for name in template_for(doc_type, DAY).fields}


def issue(document: Document, **kwargs):  # type: ignore[no-untyped-def]
    with immediate_transactions():
        return services.issue_document(document, issue_date=kwargs.pop("issue_date", DAY), **kwargs)


def draft(code: str, doc_type: str, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "doc_type": doc_type,
        "issuing_agency": agency(code),
        "fields": filled(doc_type),
        "body": ["Nội dung văn bản./."],
        "recipients": ["Ông Nguyễn Văn Hưởng"] if doc_type in ("CONG_VAN", "THONG_BAO") else [],
        "archive_unit": issuers.drafting_unit_codes(agency(code))[0],
    }
    values.update(overrides)
    return services.create_draft(**values)


@pytest.fixture
def seeded(session):  # type: ignore[no-untyped-def]
    seed_agencies()
    return session


def test_seed_is_idempotent_and_keeps_edits(seeded):
    ban = agency("BTCD")
    ban.place_name = "Hạ Long"  # an administrator's edit
    db.session.flush()
    versions = dict(db.session.execute(sa.select(Agency.code, Agency.version)).all())
    officials = db.session.scalar(sa.select(sa.func.count(AgencyOfficial.id)))
    assert seed_agencies() == 0
    assert dict(db.session.execute(sa.select(Agency.code, Agency.version)).all()) == versions
    assert db.session.scalar(sa.select(sa.func.count(AgencyOfficial.id))) == officials
    assert agency("BTCD").place_name == "Hạ Long"


@pytest.mark.parametrize("code", sorted(EXPECTED_HEADINGS))
def test_heading_and_place_per_body_level(seeded, code):
    parent, bold, place = EXPECTED_HEADINGS[code]
    document = issue(draft(code, "THONG_BAO"))
    text = document_text(services.document_spec(document))
    heading = text[: text.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]
    assert " ".join(heading) == " ".join((*parent, *bold))
    place_line = next(line for line in text if ", ngày " in line)
    assert place_line == f"{place}, ngày 15 tháng 7 năm 2026"
    body = agency(code)
    assert not place_line.startswith((f"{body.code},", f"{body.short_name},"))  # never the internal names


def test_the_place_is_inherited_from_the_managing_body_never_the_code(seeded):
    child = make_agency(code="PHONG1", name="Phòng thử", short_name="P1", place_name="", parent=agency("UBND"))
    assert issuers.issuer_for(child).place == "Quảng Ninh"
    orphan = make_agency(code="MOCOI", name="Cơ quan mồ côi", short_name="MC", place_name="")
    assert issuers.issuer_for(orphan).place == issuers.PLACEHOLDER


def test_a_body_without_a_place_cannot_issue(seeded):
    orphan = make_agency(code="MOCOI", name="Cơ quan mồ côi", place_name="")
    document = services.create_draft(
        doc_type="THONG_BAO", issuing_agency=orphan, fields={"subject": "Về việc thử"},
        signer=Signer(position="Giám đốc", name="Nguyễn Văn Thật"),
    )
    with pytest.raises(DomainError, match="Cơ quan mồ côi chưa khai báo địa danh ghi trước ngày tháng") as refused:
        issue(document)
    assert "Danh mục › Cơ quan" in str(refused.value)  # where to fill it
    assert document.number is None


def test_issuing_names_every_field_the_body_must_still_fill(seeded):
    """An installation upgraded before these fields existed: the văn thư is told which fields, and where."""
    bare = make_agency(code="TRONG", name="Cơ quan chưa khai báo", place_name="", abbreviation="")
    document = services.create_draft(
        doc_type="THONG_BAO", issuing_agency=bare, fields={"subject": "Về việc thử"},
        signer=Signer(position="Giám đốc", name="Nguyễn Văn Thật"),
    )
    with pytest.raises(DomainError) as refused:
        issue(document)
    assert "chưa khai báo địa danh ghi trước ngày tháng và tên viết tắt trong số, ký hiệu văn bản" in str(refused.value)
    bare.place_name = "Quảng Ninh"
    db.session.flush()
    assert issuers.missing_document_data(bare) == (issuers.ABBREVIATION_FIELD,)
    with pytest.raises(DomainError, match="chưa khai báo tên viết tắt trong số, ký hiệu văn bản"):
        issue(document)
    bare.abbreviation = "CQ"
    db.session.flush()
    assert issue(document).number_symbol == "01/TB-CQ"


@pytest.mark.parametrize("code", BODIES)
@pytest.mark.parametrize("doc_type", REGISTER_TYPES)
def test_heading_number_and_signature_name_the_same_body(seeded, code, doc_type):
    body = agency(code)
    document = issue(draft(code, doc_type))
    text = document_text(services.document_spec(document))
    unit = issuers.drafting_unit_codes(body)[0]
    expected_symbol = f"{body.abbreviation}-{unit}" if doc_type == "CONG_VAN" else f"TB-{body.abbreviation}"
    assert f"Số: 01/{expected_symbol}" in text
    assert document.number_symbol == f"01/{expected_symbol}"
    signer = db.session.get(AgencyOfficial, document.signer_official_id)
    assert signer is not None and signer.agency_id == body.id  # the signature names the issuing body
    assert signer.name in text and text[-1] == signer.name
    assert upper_in(signer.title, text)
    options = issuers.signature_options(body, doc_type, DAY)
    assert any(issuers.matches_option(services.document_signer(document), o) for o in options)
    if doc_type == "TB_TU_CHOI_TCD":
        assert not any(line.startswith(("TM.", "TL.")) for line in text)
    if code == "XTY":
        assert not any("UBND TỈNH" in line for line in text[:3])  # a commune prints no provincial parent


def upper_in(title: str, text: tuple[str, ...]) -> bool:
    return title.upper() in text


def test_numbers_run_across_types_in_one_register_per_body(seeded):
    numbers = [issue(draft("BTCD", doc_type)).number_symbol for doc_type in REGISTER_TYPES]
    assert numbers == ["01/TB-BTCD", "02/BTCD-TCD", "03/TB-BTCD", "04/TB-BTCD"]
    assert issue(draft("VP", "THONG_BAO")).number_symbol == "01/TB-VP"  # another body: its own register


def test_an_app_number_is_never_back_dated(seeded):
    issue(draft("BTCD", "THONG_BAO"), issue_date=date(2026, 7, 15))
    later = draft("BTCD", "THONG_BAO")
    with pytest.raises(DomainError, match="Không được lùi ngày"):
        issue(later, issue_date=date(2026, 7, 14))
    assert later.number is None
    assert issue(later, issue_date=date(2026, 7, 15)).number_symbol == "02/TB-BTCD"


@pytest.mark.parametrize("name", ["……………………", "...", "Nguyễn …"])
def test_a_dotted_signer_cannot_be_issued(seeded, name):
    document = draft("BTCD", "THONG_BAO", signer=Signer(position="Trưởng ban", name=name))
    with pytest.raises(DomainError, match="họ tên và chức vụ thật"):
        issue(document)
    assert document.number is None and document.number_symbol is None


def test_a_signer_who_is_not_an_official_of_the_body_cannot_be_issued(seeded):
    # The Chairman of the province is not an official of the Ban: heading and signature would disagree.
    document = draft("BTCD", "THONG_BAO", signer=Signer(position="Chủ tịch", name="Trần Quang Minh"))
    with pytest.raises(DomainError, match="không phải là lãnh đạo"):
        issue(document)


def test_an_official_whose_term_ended_cannot_sign_after_it(seeded):
    ban = agency("BTCD")
    head = next(o for o in ban.officials if o.title == "Trưởng ban")
    document = draft("BTCD", "THONG_BAO")
    assert document.signer_official_id == head.id
    head.valid_to = date(2026, 7, 14)
    db.session.flush()
    with pytest.raises(DomainError, match="không phải là lãnh đạo"):
        issue(document)


def test_a_draft_of_a_body_without_officials_prints_a_blank_signer_and_refuses_issuing(seeded):
    bare = make_agency(code="TRONG", name="Cơ quan chưa khai báo lãnh đạo")
    document = services.create_draft(doc_type="THONG_BAO", issuing_agency=bare, fields={"subject": "Về việc thử"})
    assert document.signer_name == issuers.PLACEHOLDER
    with pytest.raises(DomainError, match="họ tên và chức vụ thật"):
        issue(document)


def test_the_outgoing_register_lists_real_receivers_and_the_number_of_copies(seeded):
    document = issue(
        draft(
            "BTCD", "CONG_VAN", recipients=["Ủy ban nhân dân xã Tiên Yên", "Thanh tra tỉnh"],
            copies_to=["Như trên", "Trưởng ban (để b/c)"], archive_unit="XLĐ",
        )
    )
    spec = services.register_spec(agency("BTCD"), 2026, [document])
    header = dict(zip(spec.header_rows[0], spec.rows[0], strict=True))
    assert header["Nơi nhận văn bản"] == "Ủy ban nhân dân xã Tiên Yên; Thanh tra tỉnh; Trưởng ban (để b/c)"
    assert header["Đơn vị, người nhận bản lưu"] == "VT, XLĐ"
    assert header["Số lượng bản"] == "5"  # three receivers, the văn thư's copy, the drafting unit's
    assert header["Người ký"] == "Phạm Văn Thành"
