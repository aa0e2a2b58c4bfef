"""The outbox's use cases: queue the notification of an issued, signed document; send what is queued.

    mail = queue_document_mail(document, to_agency=body, purpose="chase", record_type="chase", record_id=c.id)
    # None when the body has no usable e-mail address. Written in the caller's transaction (flushed, not
    # committed); sent right after that transaction commits (the after_commit listener below), never
    # failing it; what could not be sent stays queued for `petitions mail send` (cron).
    summary = send_queued(limit=100)        # the CLI's job: each message claimed, sent, recorded

The e-mail is a notification carrying the signed PDF, not the legal dispatch (DOMAIN §7: dispatch is the
văn thư's). Its text is built from the document's register data only — issuing body, number, date, kind
and subject — so it never carries a denouncer's identity. It is always Vietnamese (it goes to another
body, whatever the language of the user whose act caused it), hence not translated.

Sending owns its transactions (claim → send → record), like a CLI command: a claimed message is SENDING,
which no other sender takes, so two senders (the after-commit listener and cron) never send it twice.
The SMTP password is read from the configuration when connecting and appears in no log and no error.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from petitions.clock import utcnow
from petitions.directory.models import Agency
from petitions.documents.models import Document, DocumentStatus
from petitions.documents.services import kind_and_subject, pdf_filename, signed_file_path
from petitions.extensions import db
from petitions.mail.addresses import normalise_address, one_line
from petitions.mail.models import MailStatus, OutgoingMail

log = logging.getLogger("petitions.mail")

ERROR_MAX = 1000
# Session.info key: ids of the messages this transaction queued, sent once it commits.
_PENDING = "petitions.mail.pending"


# -------------------------------------------------------------------------------------------- queueing


def document_mail_text(document: Document, to_agency: Agency) -> tuple[str, str]:
    """Subject and body of the notification of an issued document, from its register data only."""
    number = document.number_symbol or ""
    day = f"{document.issue_date:%d/%m/%Y}" if document.issue_date else ""
    title = kind_and_subject(document)
    subject = f"{document.issuing_body}: {title} (số {number} ngày {day})"
    body = "\n".join(
        [
            f"Kính gửi: {to_agency.name}",
            "",
            f"{document.issuing_body} thông báo đã ban hành văn bản:",
            f"- Số, ký hiệu: {number}",
            f"- Ngày: {day}",
            f"- {title}",
            "",
            "Bản có chữ ký của văn bản được đính kèm thư này (tệp PDF).",
            "",
            "Thư này chỉ để thông báo, không thay thế văn bản gửi theo đường văn thư.",
            "Đây là thư tự động, xin không trả lời thư này.",
        ]
    )
    return subject, body


def queue_document_mail(
    document: Document,
    *,
    to_agency: Agency,
    purpose: str,
    record_type: str | None = None,
    record_id: int | None = None,
    subject: str | None = None,
    body: str | None = None,
) -> OutgoingMail | None:
    """Queue one e-mail to `to_agency` carrying the signed PDF of an issued `document`; None when the agency
    has no usable address. Subject and body default to `document_mail_text` (register data only; callers
    passing their own must build them from register data too). Flushes; the caller commits; sent after that
    commit. `record_type`/`record_id` name the act that caused it (e.g. "chase", chase.id)."""
    if document.status != DocumentStatus.ISSUED or not document.signed_file_path:
        raise ValueError("only an issued document with its signed copy is sent by e-mail")
    address = normalise_address(to_agency.email)
    if address is None:
        if (to_agency.email or "").strip():
            log.warning("agency %s: e-mail address not usable, notification not queued", to_agency.id)
        return None
    default_subject, default_body = document_mail_text(document, to_agency)
    mail = OutgoingMail(
        to_address=address,
        subject=one_line(subject if subject is not None else default_subject),
        body_text=body if body is not None else default_body,
        document_id=document.id,
        purpose=purpose[:32],
        record_type=record_type,
        record_id=record_id,
        status=MailStatus.QUEUED,
        attempts=0,
    )
    db.session.add(mail)
    db.session.flush()
    db.session().info.setdefault(_PENDING, []).append(mail.id)
    return mail


# ------------------------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class MailSettings:
    server: str
    port: int
    use_ssl: bool
    use_starttls: bool
    ca_file: str | None  # the CAs to verify the server against (None: the system's)
    username: str | None
    password: str | None = field(repr=False)  # never in a repr, a log line or an error
    sender: str
    timeout: float
    max_attempts: int


def mail_settings(config: Any) -> MailSettings | None:
    """The SMTP settings, or None when no server is configured (mail then stays queued)."""
    server = (config.get("MAIL_SERVER") or "").strip()
    if not server:
        return None
    sender = normalise_address(config.get("MAIL_SENDER"))
    if sender is None:
        raise ValueError("MAIL_SENDER must be a plain e-mail address when MAIL_SERVER is set")
    return MailSettings(
        server=server,
        port=int(config.get("MAIL_PORT") or 25),
        use_ssl=bool(config.get("MAIL_USE_SSL")),
        use_starttls=bool(config.get("MAIL_USE_STARTTLS")),
        ca_file=config.get("MAIL_CA_FILE") or None,
        username=config.get("MAIL_USERNAME") or None,
        password=config.get("MAIL_PASSWORD") or None,
        sender=sender,
        timeout=float(config.get("MAIL_TIMEOUT") or 10),
        max_attempts=max(1, int(config.get("MAIL_MAX_ATTEMPTS") or 5)),
    )


# -------------------------------------------------------------------------------------------- sending


@dataclass
class SendSummary:
    sent: int = 0
    retry: int = 0  # failed this time, stays queued
    failed: int = 0  # gave up (attempts exhausted or refused for good)
    not_configured: bool = False

    def __str__(self) -> str:
        if self.not_configured:
            return "mail: no MAIL_SERVER configured, nothing sent"
        return f"mail: sent {self.sent}, to retry {self.retry}, failed {self.failed}"


def build_message(mail: OutgoingMail, *, sender: str, attachment: tuple[str, bytes] | None) -> EmailMessage:
    """The MIME message: plain UTF-8 text and the signed PDF. Header values refuse CR/LF (policy SMTP)."""
    message = EmailMessage(policy=SMTP_POLICY)
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = one_line(mail.subject)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body_text)
    if attachment is not None:
        filename, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    return message


def _connect(settings: MailSettings) -> smtplib.SMTP:
    """A connection, encrypted as configured (the server's certificate and name verified), logged in if asked."""
    context = ssl.create_default_context(cafile=settings.ca_file)
    smtp: smtplib.SMTP
    if settings.use_ssl:
        smtp = smtplib.SMTP_SSL(settings.server, settings.port, timeout=settings.timeout, context=context)
    else:
        smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
    try:
        if settings.use_starttls and not settings.use_ssl:
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, settings.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _describe(error: BaseException) -> str:
    """The error as recorded on the message (no settings in it: smtplib errors carry server replies)."""
    return f"{type(error).__name__}: {error}"[:ERROR_MAX]


# Refusals of one message, after which the server takes the next (smtplib resets the transaction).
_MESSAGE_REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _is_permanent(error: BaseException) -> bool:
    """A refusal that retrying will not change: recipients refused, or a 5xx reply to the message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False  # a configuration matter: the message itself may go once the settings are fixed
    return isinstance(error, (smtplib.SMTPDataError, smtplib.SMTPSenderRefused)) and error.smtp_code >= 500


@dataclass(frozen=True)
class _Claimed:
    attempts: int
    message: EmailMessage | None
    error: Exception | None  # the message could not be built (signed copy missing, a bad header)


def _claim(session: Session, mail_id: int, sender: str) -> _Claimed | None:
    """Mark one queued message SENDING (one attempt more) and build it, in one short transaction that is
    over before the server is contacted; None if another sender has it."""
    claimed = session.execute(
        sa.update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.status == MailStatus.QUEUED)
        .values(status=MailStatus.SENDING, attempts=OutgoingMail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
        session.commit()
        return None
    mail = session.get_one(OutgoingMail, mail_id, populate_existing=True)
    message: EmailMessage | None = None
    error: Exception | None = None
    try:
        message = build_message(mail, sender=sender, attachment=_attachment(session, mail))
    except (OSError, ValueError) as failure:
        error = failure
    attempts = mail.attempts
    session.commit()
    return _Claimed(attempts, message, error)


def _attachment(session: Session, mail: OutgoingMail) -> tuple[str, bytes] | None:
    if mail.document_id is None:
        return None
    document = session.get(Document, mail.document_id)
    path = signed_file_path(document) if document is not None else None
    if document is None or path is None:
        raise FileNotFoundError("the document's signed copy is missing")
    return pdf_filename(document), Path(path).read_bytes()


def _record(session: Session, mail_id: int, values: dict[str, Any]) -> None:
    session.execute(
        sa.update(OutgoingMail)
        .where(OutgoingMail.id == mail_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def send_queued(
    limit: int = 100, *, ids: Iterable[int] | None = None, session: Session | None = None
) -> SendSummary:
    """Send up to `limit` queued messages (oldest first; only `ids` if given) over one SMTP connection.

    Each message is claimed (SENDING, attempts + 1) and committed before it is sent, then recorded SENT
    (with its Message-ID), back to QUEUED with the error, or FAILED once MAIL_MAX_ATTEMPTS is reached or
    the server refuses it for good. A connection failure stops the batch (the rest stays queued). Commits
    `session` (db.session by default) after each step: call it outside any other unit of work."""
    summary = SendSummary()
    settings = mail_settings(current_app.config)
    if settings is None:
        log.info("mail: no MAIL_SERVER configured; queued e-mail stays in the outbox")
        summary.not_configured = True
        return summary
    session = session if session is not None else db.session()
    session.info.pop(_PENDING, None)  # this run sends them (or leaves them queued): not again at its commits
    query = sa.select(OutgoingMail.id).where(OutgoingMail.status == MailStatus.QUEUED).order_by(OutgoingMail.id)
    if ids is not None:
        query = query.where(OutgoingMail.id.in_(list(ids)))
    candidates: Sequence[int] = session.scalars(query.limit(limit)).all()
    session.commit()
    smtp: smtplib.SMTP | None = None
    try:
        for mail_id in candidates:
            claimed = _claim(session, mail_id, settings.sender)
            if claimed is None:
                continue
            try:
                if claimed.error is not None:
                    raise claimed.error
                assert claimed.message is not None
                if smtp is None:
                    smtp = _connect(settings)
                smtp.send_message(claimed.message)
            except (OSError, smtplib.SMTPException, ValueError) as error:
                gave_up = _is_permanent(error) or claimed.attempts >= settings.max_attempts
                status = MailStatus.FAILED if gave_up else MailStatus.QUEUED
                _record(session, mail_id, {"status": status, "last_error": _describe(error)})
                log.warning("mail %s not sent (attempt %s): %s", mail_id, claimed.attempts, type(error).__name__)
                if gave_up:
                    summary.failed += 1
                else:
                    summary.retry += 1
                if claimed.error is None and not isinstance(error, _MESSAGE_REFUSALS):
                    break  # the connection failed or was lost: the rest waits for the next run
                continue
            message_id = str(claimed.message["Message-ID"])[:255]
            _record(
                session,
                mail_id,
                {"status": MailStatus.SENT, "sent_at": utcnow(), "message_id": message_id, "last_error": None},
            )
            summary.sent += 1
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
    return summary


def requeue(*, ids: Sequence[int] | None = None, include_sending: bool = False) -> int:
    """Put FAILED messages (all, or those of `ids`) back in the queue with their attempts counted afresh,
    e.g. once the SMTP settings are fixed; with `include_sending`, also messages left SENDING by a sender
    that died (only when none is running). Flushes; the caller commits. Returns how many."""
    statuses = [MailStatus.FAILED, MailStatus.SENDING] if include_sending else [MailStatus.FAILED]
    statement = sa.update(OutgoingMail).where(OutgoingMail.status.in_(statuses))
    if ids is not None:
        statement = statement.where(OutgoingMail.id.in_(list(ids)))
    result = db.session.execute(
        statement.values(status=MailStatus.QUEUED, attempts=0).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]  # CursorResult of an UPDATE


# ------------------------------------------------------------------------------------ after commit


def _send_after_commit(session: Session) -> None:
    """Send what the committed transaction queued, on a session of its own; never raises. SQLAlchemy also
    calls this when a SAVEPOINT (begin_nested) is released: the unit of work is not committed then, and its
    messages wait for the outermost commit."""
    if session.get_nested_transaction() is not None:
        return
    pending = session.info.pop(_PENDING, None)
    if not pending or not has_app_context():
        return
    try:
        with Session(bind=session.get_bind(mapper=sa.inspect(OutgoingMail)), expire_on_commit=False) as own:
            summary = send_queued(len(pending), ids=pending, session=own)
        if summary.retry or summary.failed:
            log.warning("%s (after commit)", summary)
    except Exception:  # the causing act is committed: a notification never fails it
        log.exception("mail: sending after commit failed; the outbox keeps the messages")


def _forget_after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None:  # the whole unit of work is gone, its messages with it
        session.info.pop(_PENDING, None)


if not event.contains(Session, "after_commit", _send_after_commit):
    event.listen(Session, "after_commit", _send_after_commit)
    event.listen(Session, "after_soft_rollback", _forget_after_rollback)
