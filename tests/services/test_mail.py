"""The e-mail outbox: queueing a signed document's notification, sending it over SMTP (a local aiosmtpd
server), after the causing transaction commits, retries and failures; the documents' on_signed hook."""

from __future__ import annotations

import logging
import socket
from datetime import date

import pytest
import sqlalchemy as sa

from petitions.documents import hooks
from petitions.documents import services as documents
from petitions.domain.types import DomainError
from petitions.extensions import db, immediate_transactions
from petitions.mail import services as mail_services
from petitions.mail.models import MailStatus, OutgoingMail
from tests.factories import make_agency, make_document
from tests.mail_server import pdf_attachments

DAY = date(2026, 3, 9)
SIGNED = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DENOUNCER = "Nguyễn Văn Hưởng"


@pytest.fixture
def uploads(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))


def signed_document(record_type: str | None = None):  # type: ignore[no-untyped-def]
    """An issued công văn-like notice whose body names a denouncer (the e-mail must not)."""
    document = make_document(
        fields={"subject": "Về việc đôn đốc giải quyết đơn số 12/2026"}, body=[f"Ông {DENOUNCER} tố cáo …"]
    )
    document.record_type, document.record_id = record_type, (1 if record_type else None)
    with immediate_transactions():
        documents.issue_document(document, issue_date=DAY)
    documents.attach_signed_pdf(document, data=SIGNED)
    return document


def body_agency(email: str | None = "VanThu@So-TN.example.vn"):  # type: ignore[no-untyped-def]
    return make_agency(name="Sở Tài nguyên và Môi trường", email=email)


def outbox() -> list[OutgoingMail]:
    return list(db.session.scalars(sa.select(OutgoingMail).order_by(OutgoingMail.id)))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_queued_mail_is_sent_with_the_signed_pdf_and_register_data_only(app, session, uploads, smtp_server, monkeypatch):
    smtp_server.configure(app, monkeypatch)
    document = signed_document()
    mail = mail_services.queue_document_mail(
        document, to_agency=body_agency(), purpose="chase", record_type="chase", record_id=7
    )
    assert mail is not None and mail.status == MailStatus.QUEUED and mail.to_address == "VanThu@so-tn.example.vn"

    summary = mail_services.send_queued()

    assert (summary.sent, summary.retry, summary.failed) == (1, 0, 0)
    [message] = smtp_server.messages
    assert message["To"] == "VanThu@so-tn.example.vn"
    assert message["From"] == smtp_server.config["MAIL_SENDER"]
    assert document.issuing_body in message["Subject"] and document.number_symbol in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    for expected in ("Kính gửi: Sở Tài nguyên và Môi trường", document.issuing_body, document.number_symbol,
                     "09/03/2026", "đôn đốc giải quyết đơn số 12/2026", "không thay thế văn bản"):
        assert expected in text
    assert DENOUNCER not in message.as_string() and DENOUNCER not in text
    [pdf] = list(message.iter_attachments())
    assert pdf.get_content_type() == "application/pdf" and pdf.get_content() == SIGNED
    assert pdf.get_filename() == documents.pdf_filename(document)
    db.session.refresh(mail)
    assert (mail.status, mail.attempts, mail.last_error) == (MailStatus.SENT, 1, None)
    assert mail.message_id == message["Message-ID"] and mail.sent_at is not None


def test_no_mail_for_an_agency_without_a_usable_address(session, uploads):
    document = signed_document()
    for address in (None, "", "not an address", "a@b.vn\r\nBcc: x@evil.example", "Sở <a@b.vn>", "vănthư@so.vn"):
        assert mail_services.queue_document_mail(document, to_agency=body_agency(address), purpose="chase") is None
    assert outbox() == []


def test_only_an_issued_and_signed_document_is_mailed(session, uploads):
    document = make_document()
    with pytest.raises(ValueError):
        mail_services.queue_document_mail(document, to_agency=body_agency(), purpose="chase")


def test_a_subject_with_line_breaks_cannot_add_headers(app, session, uploads, smtp_server, monkeypatch):
    smtp_server.configure(app, monkeypatch)
    mail_services.queue_document_mail(
        signed_document(), to_agency=body_agency(), purpose="chase", subject="Đôn đốc\r\nBcc: x@evil.example"
    )
    mail_services.send_queued()
    [message] = smtp_server.messages
    assert message["Bcc"] is None and message["Subject"] == "Đôn đốc Bcc: x@evil.example"
    assert smtp_server.envelopes[0][1] == ["VanThu@so-tn.example.vn"]


def test_mail_is_sent_once_the_causing_transaction_commits(app, session, uploads, smtp_server, monkeypatch):
    smtp_server.configure(app, monkeypatch)
    mail = mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    assert mail is not None
    assert smtp_server.messages == []  # not before the commit
    db.session.commit()
    assert len(smtp_server.messages) == 1
    assert db.session.get(OutgoingMail, mail.id).status == MailStatus.SENT
    db.session.commit()  # a later commit does not send it again
    assert len(smtp_server.messages) == 1


def test_a_savepoint_released_inside_the_act_sends_nothing_yet(app, session, uploads, smtp_server, monkeypatch):
    smtp_server.configure(app, monkeypatch)
    document = signed_document()
    db.session.commit()
    mail_services.queue_document_mail(document, to_agency=body_agency(), purpose="chase")
    signed_document()  # issuing another document releases a SAVEPOINT (documents.issue_document)
    with db.session.begin_nested():
        pass
    assert smtp_server.messages == []
    db.session.rollback()  # the act fails after all: nothing was sent, nothing is kept
    db.session.commit()
    assert smtp_server.messages == [] and outbox() == []


def test_a_rolled_back_act_sends_nothing(app, session, uploads, smtp_server, monkeypatch):
    smtp_server.configure(app, monkeypatch)
    document = signed_document()
    db.session.commit()
    mail_services.queue_document_mail(document, to_agency=body_agency(), purpose="chase")
    db.session.rollback()
    db.session.commit()
    assert smtp_server.messages == [] and outbox() == []


def test_a_dead_server_never_fails_the_commit_and_the_mail_stays_queued(app, session, uploads, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", closed_port())
    monkeypatch.setitem(app.config, "MAIL_SENDER", "petitions@ban-tcd.example.vn")
    mail = mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    assert mail is not None
    db.session.commit()
    db.session.refresh(mail)
    assert mail.status == MailStatus.QUEUED and mail.attempts == 1
    assert mail.last_error and "ConnectionRefusedError" in mail.last_error


def test_without_a_server_mail_stays_queued_and_a_log_line_says_so(app, session, uploads, caplog):
    assert not app.config.get("MAIL_SERVER")
    mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    with caplog.at_level(logging.INFO, logger="petitions.mail"):
        summary = mail_services.send_queued()
    assert summary.not_configured and "MAIL_SERVER" in caplog.text
    [mail] = outbox()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 0)


def test_a_temporary_refusal_is_retried_until_the_attempts_run_out(app, session, uploads, smtp_server, monkeypatch):
    smtp_server.configure(app, monkeypatch)
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    smtp_server.refuse = "451 try again later"
    mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    first = mail_services.send_queued()
    [mail] = outbox()
    assert (first.retry, mail.status, mail.attempts) == (1, MailStatus.QUEUED, 1)
    assert "451" in (mail.last_error or "")
    second = mail_services.send_queued()
    db.session.refresh(mail)
    assert (second.failed, mail.status, mail.attempts) == (1, MailStatus.FAILED, 2)
    assert mail_services.send_queued().sent == 0  # a failed message is not taken again


def test_a_permanent_refusal_fails_at_once(app, session, uploads, smtp_server, monkeypatch):
    smtp_server.configure(app, monkeypatch)
    smtp_server.refuse = "550 mailbox unavailable"
    mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    assert mail_services.send_queued().failed == 1
    [mail] = outbox()
    assert (mail.status, mail.attempts) == (MailStatus.FAILED, 1)


def test_a_refused_message_does_not_stop_the_batch_but_a_dead_server_does(app, session, uploads, smtp_server, monkeypatch):
    smtp_server.configure(app, monkeypatch)
    smtp_server.refuse = "550 mailbox unavailable"
    for _ in range(2):
        mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    assert mail_services.send_queued().failed == 2  # each refused for itself, on one connection

    monkeypatch.setitem(app.config, "MAIL_PORT", closed_port())
    waiting = [mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
               for _ in range(2)]
    summary = mail_services.send_queued()
    assert (summary.retry, summary.failed) == (1, 0)
    first, second = (db.session.get(OutgoingMail, mail.id) for mail in waiting if mail is not None)
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.attempts, second.attempts) == (1, 0)  # the rest was not tried on a dead server
    assert first.status == second.status == MailStatus.QUEUED


def test_a_message_another_sender_claimed_is_not_sent_twice(app, session, uploads, smtp_server, monkeypatch):
    smtp_server.configure(app, monkeypatch)
    mail = mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    assert mail is not None
    mail.status = MailStatus.SENDING
    db.session.flush()
    assert mail_services.send_queued(ids=[mail.id]).sent == 0
    assert smtp_server.messages == []


def test_the_password_is_never_logged_nor_recorded(app, session, uploads, smtp_server, monkeypatch, caplog):
    smtp_server.configure(app, monkeypatch)
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "ban-tcd")
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "s3cret-Pa55word")
    mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    with caplog.at_level(logging.DEBUG):
        summary = mail_services.send_queued()
    assert summary.retry == 1  # the local server offers no AUTH over plain SMTP: the login fails
    [mail] = outbox()
    assert "s3cret" not in (mail.last_error or "") and "s3cret" not in caplog.text
    assert "s3cret" not in repr(mail_services.mail_settings(app.config))


def test_on_signed_callbacks_run_when_the_signed_copy_is_attached(session, uploads):
    seen = []

    def callback(document, actor):  # type: ignore[no-untyped-def]
        seen.append((document.id, actor))

    def refuse(document, actor):  # type: ignore[no-untyped-def]
        raise DomainError("Không nhận bản ký.")

    hooks.on_signed("mail-test", callback)
    hooks.on_signed("mail-test", callback)  # registered once
    try:
        document = signed_document("mail-test")
        assert seen == [(document.id, None)]
        hooks.on_signed("mail-test", refuse)
        other = make_document()
        other.record_type, other.record_id = "mail-test", 2
        with immediate_transactions():
            documents.issue_document(other, issue_date=DAY)
        with pytest.raises(DomainError, match="Không nhận"):
            documents.attach_signed_pdf(other, data=SIGNED)
    finally:
        hooks._ON_SIGNED.pop("mail-test", None)


@pytest.mark.parametrize(
    ("settings", "production", "refused"),
    [
        ({}, True, None),
        ({"MAIL_SERVER": "smtp.example.vn"}, False, "MAIL_SENDER"),
        ({"MAIL_SERVER": "smtp.example.vn", "MAIL_SENDER": "Ban <a@b.vn>"}, False, "MAIL_SENDER"),
        ({"MAIL_SERVER": "smtp.example.vn", "MAIL_SENDER": "a@b.vn", "MAIL_USE_SSL": True, "MAIL_USE_STARTTLS": True}, False, "not both"),
        ({"MAIL_SERVER": "smtp.example.vn", "MAIL_SENDER": "a@b.vn", "MAIL_USERNAME": "u"}, True, "in clear"),
        ({"MAIL_SERVER": "smtp.example.vn", "MAIL_SENDER": "a@b.vn", "MAIL_USERNAME": "u"}, False, None),
        ({"MAIL_SERVER": "smtp.example.vn", "MAIL_SENDER": "a@b.vn", "MAIL_USERNAME": "u", "MAIL_USE_STARTTLS": True}, True, None),
        ({"MAIL_SERVER": "localhost", "MAIL_SENDER": "a@b.vn", "MAIL_USERNAME": "u"}, True, None),
    ],
)
def test_mail_settings_are_checked_at_start(settings, production, refused):
    from petitions.config import ConfigError, check_mail_config

    if refused is None:
        check_mail_config(settings, production=production)
    else:
        with pytest.raises(ConfigError, match=refused):
            check_mail_config(settings, production=production)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(" VanThu@STNMT.Example.VN ", "VanThu@stnmt.example.vn"), ("vanthu@Sở-TN.vn", "vanthu@xn--s-tn-0z5a.vn"),
     ("vanthu@localhost", None), ("vanthu@so.vn, khac@so.vn", None)],
)
def test_an_address_is_kept_in_its_ascii_normal_form_or_refused(typed, stored):
    from petitions.mail.addresses import normalise_address

    assert normalise_address(typed) == stored


@pytest.mark.parametrize("server_fixture", ["smtp_starttls_server", "smtps_server"])
def test_mail_goes_over_tls_with_a_login_and_a_verified_certificate(
    app, session, uploads, monkeypatch, request, server_fixture
):
    server = request.getfixturevalue(server_fixture)
    server.configure(app, monkeypatch)
    mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    assert mail_services.send_queued().sent == 1
    [message] = server.messages
    assert pdf_attachments(message) == [SIGNED]


def test_a_wrong_password_or_an_untrusted_certificate_is_recorded_not_raised(
    app, session, uploads, monkeypatch, smtp_starttls_server
):
    smtp_starttls_server.configure(app, monkeypatch)
    mail_services.queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "sai-mat-khau")
    # aiosmtpd leaves smtplib's fallback from PLAIN to LOGIN waiting: the bounded timeout ends it.
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 0.5)
    assert mail_services.send_queued().retry == 1
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", smtp_starttls_server.config["MAIL_PASSWORD"])
    monkeypatch.setitem(app.config, "MAIL_CA_FILE", None)  # the system's CAs do not know the test certificate
    assert mail_services.send_queued().retry == 1
    [mail] = outbox()
    assert mail.attempts == 2 and "CERTIFICATE_VERIFY_FAILED" in (mail.last_error or "")
    assert smtp_starttls_server.messages == []
    assert "sai-mat-khau" not in (mail.last_error or "")


def test_a_ca_file_that_is_missing_is_refused_at_start(tmp_path):
    from petitions.config import ConfigError, check_mail_config

    settings = {"MAIL_SERVER": "smtp.example.vn", "MAIL_SENDER": "a@b.vn", "MAIL_CA_FILE": str(tmp_path / "none.pem")}
    with pytest.raises(ConfigError, match="MAIL_CA_FILE"):
        check_mail_config(settings)
