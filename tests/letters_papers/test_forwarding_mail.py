"""The forwarding's notification e-mailed to the receiving body once the slip's signed copy is attached
(letters.handling_papers.mail_receiver on the documents' on_signed hook): through the upload page, sent after
its request commits, the signed PDF attached, none of the vault's canary values; nothing for the notice to the
denouncer, nothing for a body without a mailbox."""

from __future__ import annotations

import io

import sqlalchemy as sa

from petitions.documents import services as documents
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.handling_papers import forwarding_notification
from petitions.mail.models import MailStatus, OutgoingMail
from tests.canary import text_hits
from tests.factories import log_in, make_cleared_user, make_user
from tests.letters_papers.conftest import agency
from tests.letters_papers.test_forwarding_canary import (  # noqa: F401  (encrypted_vault: a fixture)
    CANARY_VALUES,
    _forwarded_denunciation,
    encrypted_vault,
)
from tests.mail_server import pdf_attachments, plain_text

SIGNED = b"%PDF-1.7\n% signed forwarding slip\n%%EOF\n"


def _forwarding(mailbox: str | None):  # type: ignore[no-untyped-def]
    ban = agency("BTCD")
    agency("XTY").email = mailbox
    leader = make_user(role=Role.LEADER, agency=ban)
    cleared = make_cleared_user(role=Role.HANDLER, agency=ban, full_name="Trần Thị Ngọc Ẩn")
    _letter, slip, notice = _forwarded_denunciation(ban, cleared, leader)
    return leader, slip, notice


def test_the_signed_forwarding_is_mailed_to_the_body_without_the_denouncer(
    app, seeded, encrypted_vault, smtp_server, monkeypatch  # noqa: F811
):
    smtp_server.configure(app, monkeypatch)
    leader, slip, notice = _forwarding("vanthu@tienyen.example.vn")
    db.session.commit()
    client = app.test_client()
    assert log_in(client, leader).status_code == 302

    def upload(document):  # type: ignore[no-untyped-def]
        response = client.post(
            f"/documents/{document.id}/attach",
            data={"version": str(document.version), "signed_file": (io.BytesIO(SIGNED), "ky.pdf")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302, response.get_data(as_text=True)

    upload(notice)  # addressed to the denouncer: no e-mail to anyone
    assert smtp_server.messages == []
    upload(slip)

    [message] = smtp_server.messages  # sent once the upload's request committed
    expected = forwarding_notification(slip)
    assert message["To"] == "vanthu@tienyen.example.vn" and message["Subject"] == expected.subject
    text = plain_text(message)
    assert text.strip() == expected.body and slip.number_symbol in text
    assert pdf_attachments(message) == [SIGNED]
    assert text_hits(f"{message['Subject']}\n{text}\n{message.as_string()}", CANARY_VALUES) == []
    [mail] = db.session.scalars(sa.select(OutgoingMail)).all()
    assert (mail.purpose, mail.record_type, mail.document_id, mail.status) == (
        "forwarding", "letter", slip.id, MailStatus.SENT
    )


def test_no_mail_when_the_receiving_body_has_no_mailbox(app, seeded, encrypted_vault):  # noqa: F811
    _leader, slip, _notice = _forwarding(None)
    documents.attach_signed_pdf(slip, data=SIGNED)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutgoingMail)) == 0
