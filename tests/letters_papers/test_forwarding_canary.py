"""The forwarded denunciation never carries the denouncer: the forwarding slip's PDF, the redacted copy of
the letter and its annexes and the notification e-mail hold none of the vault's canary values (text taken
out with pdftotext, NFC-folded, case-folded and with accents stripped), while the notice to the denouncer
printed for a cleared reader, and the vault's reveal, show them (the same search finds them there)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from markupsafe import escape

from petitions.documents import services as documents
from petitions.documents.models import Document
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters.attachments import add_attachment
from petitions.letters.handling_papers import (
    HandlingPaper,
    draft_handling_paper,
    forwarding_notification,
    paper_pdf,
    redacted_copy_pdf,
)
from petitions.vault.keys import create_key_file
from petitions.vault.models import IdentityRef
from petitions.vault.services import Identity, reveal
from tests.canary import pdf_text as _pdf_text
from tests.canary import text_hits
from tests.factories import log_in, make_cleared_user, make_user
from tests.letters_papers.conftest import Office, agency, denunciation

CANARY = Identity(
    full_name="Canary Hoàng Thị Xuyến",
    id_number="079199887766",
    address="Thôn Canary Đồi Mận, xã Tiên Yên, tỉnh Quảng Ninh",
    phone="0987654321",
)
CANARY_VALUES = (CANARY.full_name, CANARY.id_number, "Thôn Canary Đồi Mận", CANARY.phone)
SCANNED = b"%PDF-1.4\n% scan of the letter, kept as received\n%%EOF\n"


def _found(text: str, values: tuple[str, ...] = CANARY_VALUES) -> list[str]:
    return text_hits(text, values)


SCAN_NAME = f"Đơn tố cáo của {CANARY.full_name}.pdf"  # the scan's file name names the denouncer


def _forwarded_denunciation(ban, cleared, leader):  # type: ignore[no-untyped-def]
    """A mailed denunciation of the canary with its scan, forwarded to xã Tiên Yên: the slip and the notice
    to the denouncer drafted by the cleared officer and issued by the leader."""
    letter = denunciation(Office(ban, cleared, leader), identity=CANARY)
    add_attachment(letter, filename=SCAN_NAME, data=SCANNED, actor=cleared)
    commune = agency("XTY")
    slip = draft_handling_paper(letter, HandlingPaper.FORWARD_DENUNCIATION, actor=cleared, receiver_agency_id=commune.id)
    notice = draft_handling_paper(
        letter, HandlingPaper.NOTICE_DENOUNCER_FORWARDED, actor=cleared, receiver_agency_id=commune.id
    )
    with immediate_transactions():
        documents.issue_document(slip, actor=leader)
        documents.issue_document(notice, actor=leader)
    return letter, slip, notice


@pytest.fixture
def encrypted_vault(app, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    key_file = tmp_path / "outside" / "vault.key"
    create_key_file(key_file)
    monkeypatch.setitem(app.config, "VAULT_MODE", "encrypted")
    monkeypatch.setitem(app.config, "VAULT_KEY_FILE", str(key_file))
    monkeypatch.setitem(app.config, "VAULT_LEGAL_BASIS", "QĐ 01/QĐ-BTCD (thử nghiệm)")
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))


def test_forwarding_slip_copy_and_mail_carry_no_canary_while_the_cleared_view_shows_it(seeded, encrypted_vault):
    ban = agency("BTCD")
    cleared = make_cleared_user(role=Role.HANDLER, agency=ban, full_name="Trần Thị Ngọc Ẩn")
    plain = make_user(role=Role.HANDLER, agency=ban)
    leader = make_user(role=Role.LEADER, agency=ban)
    # The scan's file name names the denouncer: the copy must not repeat it.
    letter, slip, notice = _forwarded_denunciation(ban, cleared, leader)
    ref = db.session.get(IdentityRef, letter.identity_ref_id)
    assert ref is not None

    outputs = {
        "slip (cleared reader)": _pdf_text(paper_pdf(slip, user=cleared)),
        "slip (register print)": _pdf_text(documents.document_pdf(slip)),
        "redacted copy": _pdf_text(redacted_copy_pdf(slip)),
        "notice (reader without clearance)": _pdf_text(paper_pdf(notice, user=plain)),
        "notice (register print)": _pdf_text(documents.document_pdf(notice)),
    }
    mail = forwarding_notification(slip)
    outputs["e-mail"] = f"{mail.subject}\n{mail.body}"
    # What the documents keep at rest (fields, body, recipients, subject) holds no identity either.
    for document in db.session.scalars(sa.select(Document).where(Document.record_id == letter.id)):
        outputs[f"stored document {document.id}"] = repr(
            (document.subject, document.body_data, document.recipients, document.copies_to)
        )
    assert {name: _found(text) for name, text in outputs.items() if _found(text)} == {}

    # The search reads real text: the copy names the letter's content, its annex and the vault code.
    copy = outputs["redacted copy"]
    assert "Nguyễn Văn Bảy" in copy and "Tài liệu số 1: PDF" in copy and ref.code in copy
    assert "BẢN SAO ĐƠN TỐ CÁO" in copy and f"kèm theo văn bản số {slip.number_symbol}" in " ".join(copy.split())
    assert slip.number_symbol in mail.subject and "Ủy ban nhân dân xã Tiên Yên" in mail.body

    # Positive control: the notice printed for a cleared reader, and the vault's reveal, show the identity.
    shown = _pdf_text(paper_pdf(notice, user=cleared))
    assert set(_found(shown)) == {CANARY.full_name, "Thôn Canary Đồi Mận"}  # name and address, nothing more
    assert "Kính gửi: Ông (bà) Canary Hoàng Thị Xuyến" in " ".join(shown.split())
    assert reveal(ref, user=cleared, purpose="Xác minh tố cáo").identity == CANARY


def _client(app, user):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert log_in(client, user).status_code == 302
    return client


def test_the_web_prints_the_forwarding_its_copy_and_mail_without_the_canary_and_the_notice_for_a_cleared_reader(
    app, seeded, encrypted_vault
):
    """The same search over what the pages answer: the document print route (/documents/<id>/pdf) prints a
    handling paper through the letters' printer (the notice filled for a cleared reader only, the slip
    never), and the routes of what goes with a forwarded denunciation — the redacted copy and the
    notification text — answer the office and 404 outside its scope."""
    ban = agency("BTCD")
    cleared = make_cleared_user(role=Role.HANDLER, agency=ban, full_name="Trần Thị Ngọc Ẩn")
    leader = make_user(role=Role.LEADER, agency=ban)
    stranger = make_user(role=Role.LEADER, agency=agency("PHG"))
    letter, slip, notice = _forwarded_denunciation(ban, cleared, leader)
    db.session.commit()
    officer, boss, outsider = _client(app, cleared), _client(app, leader), _client(app, stranger)
    copy_url = f"/letters/{letter.id}/papers/{slip.id}/redacted-copy.pdf"
    mail_url = f"/letters/{letter.id}/papers/{slip.id}/notification"

    def pdf(client, url: str) -> str:  # type: ignore[no-untyped-def]
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf", url
        return _pdf_text(response.data)

    outputs = {
        "slip (cleared reader)": pdf(officer, f"/documents/{slip.id}/pdf"),
        "slip (leader)": pdf(boss, f"/documents/{slip.id}/pdf"),
        "notice (leader without clearance)": pdf(boss, f"/documents/{notice.id}/pdf"),
        "redacted copy (cleared reader)": pdf(officer, copy_url),
        "redacted copy (leader)": pdf(boss, copy_url),
    }
    for name, client in (("officer", officer), ("leader", boss)):
        response = client.get(mail_url)
        assert response.status_code == 200
        outputs[f"notification page ({name})"] = response.get_data(as_text=True)
        # The letter page lists the office's attachments by the name they were uploaded under (here one that
        # names the denouncer, as a scan's name may): that list is the office's own, searched without it.
        letter_page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
        assert SCAN_NAME in letter_page
        outputs[f"letter page ({name})"] = letter_page.replace(SCAN_NAME, "")
        outputs[f"slip page ({name})"] = client.get(f"/documents/{slip.id}").get_data(as_text=True)
    assert {name: _found(text) for name, text in outputs.items() if _found(text)} == {}

    # What the pages show is real: the copy, the mail text, the links to them on the letter and slip pages.
    assert "BẢN SAO ĐƠN TỐ CÁO" in outputs["redacted copy (leader)"]
    mail = forwarding_notification(slip)
    page = outputs["notification page (leader)"]
    assert escape(mail.subject) in page and escape(mail.body) in page
    for name in ("letter page (leader)", "slip page (leader)"):
        assert f'href="{copy_url}"' in outputs[name] and f'href="{mail_url}"' in outputs[name], name
    assert f'href="/letters/{letter.id}"' in outputs["slip page (leader)"]  # the slip names its letter
    # Who prints the notice blank is told so beforehand: the leader without clearance, not the cleared officer.
    assert 'class="text-muted blank-denouncer"' in outputs["letter page (leader)"]
    assert "blank-denouncer" not in outputs["letter page (officer)"]

    # The cleared reader's print of the notice names the denouncer (the printer the documents route uses).
    shown = pdf(officer, f"/documents/{notice.id}/pdf")
    assert set(_found(shown)) == {CANARY.full_name, "Thôn Canary Đồi Mận"}

    # Out of scope is missing; the notice has no redacted copy (it is not the forwarding); ids must match.
    for url in (copy_url, mail_url, f"/documents/{slip.id}/pdf", f"/letters/{letter.id}"):
        assert outsider.get(url).status_code == 404, url
    for url in (
        f"/letters/{letter.id}/papers/{notice.id}/redacted-copy.pdf",
        f"/letters/{letter.id}/papers/{notice.id}/notification",
        f"/letters/{letter.id + 1}/papers/{slip.id}/redacted-copy.pdf",
        f"/letters/{letter.id}/papers/99999999/notification",
    ):
        assert boss.get(url).status_code == 404, url
