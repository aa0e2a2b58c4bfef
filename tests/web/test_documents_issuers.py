"""The draft form offers the issuing body's own officials and place; the page refuses what the văn thư
could not send: a dotted signer, a back-dated register number."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.directory.seed import seed_agencies
from petitions.documents import services
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.printing import Signer
from tests.factories import signed_in_client


@pytest.fixture
def ban(session):  # type: ignore[no-untyped-def]
    seed_agencies()
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
    assert agency is not None
    return agency


def test_the_new_draft_form_offers_the_bodys_officials_and_place(app, ban):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=ban)
    page = client.get("/documents/new?type=CONG_VAN").get_data(as_text=True)
    assert 'value="Quảng Ninh"' in page  # the agency's địa danh, not its code
    assert "Trưởng ban — Phạm Văn Thành" in page
    assert "KT. Trưởng ban / Phó Trưởng ban — Hoàng Thị Lan" in page
    assert "Chủ tịch — Trần Quang Minh" not in page  # another body's head never signs the Ban's papers


def test_a_draft_signed_by_a_chosen_official_is_issued_with_the_bodys_number(app, ban):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=ban)
    deputy = next(o for o in ban.officials if o.title == "Phó Trưởng ban")
    response = client.post(
        "/documents/new?type=CONG_VAN",
        data={
            "issuing_agency_id": ban.id,
            "place": "",
            "f_subject": "chuyển đơn của bà Trần Thị Dân",
            "recipients": "Ủy ban nhân dân xã Tiên Yên",
            "body": "Ban Tiếp công dân tỉnh chuyển đơn./.",
            "copies_to": "Như trên",
            "archive_unit": "XLĐ",
            "signer_option": f"{deputy.id}:DEPUTY",
            "signer_authority": "",
            "record_type": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    document = db.session.get(Document, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert (document.place, document.signer_official_id, document.signer_name) == ("Quảng Ninh", deputy.id, "Hoàng Thị Lan")
    issued = client.post(f"/documents/{document.id}/issue", data={"version": document.version})
    assert issued.status_code == 302
    db.session.refresh(document)
    assert document.number_symbol == "01/BTCD-XLĐ"  # a công văn: body then drafting unit, no type


def test_the_page_refuses_to_issue_a_dotted_signer(app, ban):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=ban)
    document = services.create_draft(
        doc_type="THONG_BAO", issuing_agency=ban, fields={"subject": "Về việc thử"},
        signer=Signer(position="Trưởng ban", name="……………………"),
    )
    db.session.commit()
    response = client.post(f"/documents/{document.id}/issue", data={"version": document.version})
    assert "họ tên và chức vụ thật" in response.get_data(as_text=True)
    db.session.refresh(document)
    assert document.status == DocumentStatus.DRAFT and document.number is None


def test_the_page_refuses_a_number_dated_before_the_previous_one(app, ban):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=ban)
    tomorrow = local_today() + timedelta(days=1)
    first = services.create_draft(doc_type="THONG_BAO", issuing_agency=ban, fields={"subject": "Về việc thứ nhất"})
    second = services.create_draft(doc_type="THONG_BAO", issuing_agency=ban, fields={"subject": "Về việc thứ hai"})
    with immediate_transactions():
        services.issue_document(first, issue_date=tomorrow)  # 01, dated tomorrow by the CLI
    db.session.commit()
    response = client.post(f"/documents/{second.id}/issue", data={"version": second.version})
    assert "Không được lùi ngày" in response.get_data(as_text=True)
    db.session.refresh(second)
    assert second.number is None
