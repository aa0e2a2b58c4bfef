"""The chase's e-mail, end to end (issue 20's acceptance): a denunciation of the vault's canary (encrypted mode, so
its identity is really stored) is forwarded by the provincial Ban to xã Tiên Yên on 15/07/2026 (D25: answer due
04/08); the day's list of 05/08 proposes the first urging; the leader approves and issues it and attaches its
signed copy; after the commit the local SMTP server receives one message, MIME-decoded: addressed to the
commune's mailbox, naming the Ban, the paper's number, date and subject, carrying the signed PDF, and holding
none of the denouncer's values (nor does the paper). A body without an address gets nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from petitions.chasing import services
from petitions.chasing.models import Chase
from petitions.documents import services as documents
from petitions.documents.models import Document
from petitions.extensions import db, immediate_transactions
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.services import assign_letter
from petitions.mail.models import OutgoingMail
from petitions.referrals.models import Referral
from petitions.vault.services import Identity
from tests.canary import pdf_text, text_hits
from tests.letters_papers.conftest import agency, denunciation, office, seeded  # noqa: F401  (fixtures)
from tests.letters_papers.test_forwarding_canary import encrypted_vault  # noqa: F401  (a fixture)

CANARY = Identity(full_name="Canary Đinh Thị Xoan", id_number="079188776655",
                  address="Thôn Canary Khe Lánh, xã Tiên Yên, tỉnh Quảng Ninh", phone="0912345678")
CANARY_VALUES = (CANARY.full_name, CANARY.id_number, "Thôn Canary Khe Lánh", CANARY.phone)
ADDRESS = "vanthu@tienyen.example.vn"


def urged(seeded, email: str | None) -> tuple[Chase, Document]:  # type: ignore[no-untyped-def]  # noqa: F811
    with immediate_transactions():
        ban = office("BTCD")
        commune = agency("XTY")
        commune.email = email
        letter = denunciation(ban, identity=CANARY)
        day = date(2026, 7, 6)
        assign_letter(letter, officer_id=ban.officer.id, direction="Xem xét, đề xuất", actor=ban.leader, effective_on=day)
        slip = handling.propose_handling(letter, HandlingPaper.FORWARD_DENUNCIATION, actor=ban.officer,
                                         effective_on=day, receiver_agency_id=commune.id)
        handling.approve_proposal(letter, actor=ban.leader, effective_on=day)
        documents.issue_document(slip, actor=ban.leader, issue_date=date(2026, 7, 15))
        referral = db.session.scalars(sa.select(Referral).where(Referral.letter_id == letter.id)).one()
        assert services.build_day_list(on=date(2026, 8, 5)).proposed_total == 1
        chase = db.session.scalars(sa.select(Chase).where(Chase.referral_id == referral.id)).one()
        services.approve_chase(chase, actor=ban.leader, on=date(2026, 8, 5), issue=True)
        paper = db.session.get(Document, chase.document_id)
        assert paper is not None
        documents.attach_signed_pdf(paper, data=documents.document_pdf(paper), actor=ban.leader)
        db.session.commit()
    return chase, paper


def test_the_signed_urging_is_mailed_to_the_body_with_its_pdf_and_no_denouncer(
    seeded, encrypted_vault, smtp_server, app, monkeypatch  # noqa: F811
):
    smtp_server.configure(app, monkeypatch)
    chase, paper = urged(seeded, ADDRESS)
    [message] = smtp_server.messages
    assert message["To"] == ADDRESS
    subject = message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert paper.number_symbol and paper.number_symbol in subject and paper.number_symbol in text
    assert "05/08/2026" in text and "Ban Tiếp công dân" in subject and "đôn đốc giải quyết đơn số" in text
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    signed = attachment.get_content()
    assert signed == (Path(app.config["UPLOAD_FOLDER"]) / paper.signed_file_path).read_bytes()
    assert text_hits(f"{subject}\n{text}", CANARY_VALUES) == []
    paper_text = pdf_text(signed)
    assert "Ủy ban nhân dân xã Tiên Yên" in " ".join(paper_text.split())
    assert text_hits(paper_text, CANARY_VALUES) == []
    mail = db.session.scalars(sa.select(OutgoingMail)).one()
    assert (mail.purpose, mail.record_type, mail.record_id, mail.document_id) == ("chase", "chase", chase.id, paper.id)


def test_a_body_without_an_address_gets_no_mail(seeded, smtp_server, app, monkeypatch):  # noqa: F811
    smtp_server.configure(app, monkeypatch)
    urged(seeded, None)
    assert smtp_server.messages == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutgoingMail)) == 0
