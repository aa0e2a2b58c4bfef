"""A local SMTP server (aiosmtpd) for tests: the `smtp_server` fixture, registered in tests/conftest.py.

    def test_sends(app, session, smtp_server, monkeypatch):
        smtp_server.configure(app, monkeypatch)     # MAIL_SERVER/PORT/SENDER of this test's app → the server
        ...                                         # queue and commit (sent after commit), or send_queued()
        [message] = smtp_server.messages             # email.message.EmailMessage, MIME parsed
        assert message["To"] == "vanthu@so-tn.example.vn"
        assert "Số, ký hiệu: 05/BTCD-XLĐ" in plain_text(message)      # the text part, "\n" line ends
        [pdf] = pdf_attachments(message)                              # bytes of each PDF attached
        assert pdf.startswith(b"%PDF")

One server runs for the whole test session on an ephemeral port of 127.0.0.1; each test starts with no
messages. `smtp_server.envelopes` keeps (mail_from, rcpt_tos) beside each message; `smtp_server.refuse`
makes the server answer every message with a permanent (5xx) or temporary (4xx) error for that test.

`smtp_starttls_server` (STARTTLS required, then AUTH required) and `smtps_server` (TLS from the first byte,
AUTH offered) answer the same way; their `config` adds the TLS switch, MAIL_CA_FILE (a self-signed
certificate for 127.0.0.1 made for the session) and the account `LOGIN` / `PASSWORD` they accept.
"""

from __future__ import annotations

import ipaddress
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from flask import Flask

SENDER = "petitions@ban-tcd.example.vn"
LOGIN = "ban-tcd"
PASSWORD = "mat-khau-thu-SMTP-0123"


@dataclass
class SMTPServer:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse: str | None = None  # an SMTP reply ("550 no such mailbox") given instead of accepting
    extra_config: dict[str, Any] = field(default_factory=dict)  # TLS and the account, for the TLS servers
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def config(self) -> dict[str, Any]:
        """The app settings that send to this server (plain SMTP, no login)."""
        return {
            "MAIL_SERVER": self.host,
            "MAIL_PORT": self.port,
            "MAIL_SENDER": SENDER,
            "MAIL_USE_SSL": False,
            "MAIL_USE_STARTTLS": False,
            "MAIL_USERNAME": None,
            "MAIL_PASSWORD": None,
            "MAIL_TIMEOUT": 5.0,
            "MAIL_CA_FILE": None,
            **self.extra_config,
        }

    def configure(self, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point `app` at this server for one test (undone by monkeypatch)."""
        for key, value in self.config.items():
            monkeypatch.setitem(app.config, key, value)


def plain_text(message: EmailMessage) -> str:
    """The message's text part with "\n" line ends (the sender encodes it with SMTP's CRLF, as RFC 5322 wants)."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "no text/plain part"
    return str(part.get_content()).replace("\r\n", "\n")


def pdf_attachments(message: EmailMessage) -> list[bytes]:
    """The bytes of every application/pdf attachment."""
    return [part.get_content() for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]


class _Handler:
    def __init__(self) -> None:
        self.server: SMTPServer | None = None

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        target = self.server
        assert target is not None
        if target.refuse:
            return target.refuse
        message = message_from_bytes(envelope.original_content or envelope.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        with target.lock:
            target.messages.append(message)
            target.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class _EphemeralPortController(Controller):
    """aiosmtpd's Controller on port 0: read the port the system chose before the readiness probe."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def _authenticate(_server: Any, _session: Any, _envelope: Any, _mechanism: str, auth_data: Any) -> AuthResult:
    accepted = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        LOGIN.encode(), PASSWORD.encode()
    )
    return AuthResult(success=accepted)


def _running(**smtp_options: Any) -> Iterator[tuple[_EphemeralPortController, _Handler]]:
    """A server for the test session: started on first use, stopped at the end."""
    handler = _Handler()
    controller = _EphemeralPortController(handler, hostname="127.0.0.1", port=0, **smtp_options)
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def _smtp_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own CA: the app trusts it through MAIL_CA_FILE)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("smtp-tls")
    cert_file, key_file = folder / "server.pem", folder / "server.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def _server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    return context


def _each_test(controller: _EphemeralPortController, handler: _Handler, **extra: Any) -> Iterator[SMTPServer]:
    server = SMTPServer(host="127.0.0.1", port=controller.port, extra_config=extra)
    handler.server = server
    try:
        yield server
    finally:
        handler.server = None


def _each_tls_test(
    running: tuple[_EphemeralPortController, _Handler], certificate: tuple[Path, Path], **switch: Any
) -> Iterator[SMTPServer]:
    """A TLS server's test: its certificate trusted through MAIL_CA_FILE, its account as login."""
    yield from _each_test(
        *running, MAIL_CA_FILE=str(certificate[0]), MAIL_USERNAME=LOGIN, MAIL_PASSWORD=PASSWORD, **switch
    )


@pytest.fixture(scope="session")
def _smtp_controller() -> Iterator[tuple[_EphemeralPortController, _Handler]]:
    yield from _running()


@pytest.fixture
def smtp_server(_smtp_controller: tuple[_EphemeralPortController, _Handler]) -> Iterator[SMTPServer]:
    """The local SMTP server with no messages yet; see the module docstring."""
    yield from _each_test(*_smtp_controller)


@pytest.fixture(scope="session")
def _smtp_starttls_controller(
    _smtp_certificate: tuple[Path, Path],
) -> Iterator[tuple[_EphemeralPortController, _Handler]]:
    yield from _running(
        tls_context=_server_context(_smtp_certificate), require_starttls=True, auth_required=True,
        auth_require_tls=True, authenticator=_authenticate,
    )


@pytest.fixture
def smtp_starttls_server(
    _smtp_starttls_controller: tuple[_EphemeralPortController, _Handler], _smtp_certificate: tuple[Path, Path]
) -> Iterator[SMTPServer]:
    """A local server that takes mail only after STARTTLS and a login (LOGIN / PASSWORD)."""
    yield from _each_tls_test(_smtp_starttls_controller, _smtp_certificate, MAIL_USE_STARTTLS=True)


@pytest.fixture(scope="session")
def _smtps_controller(_smtp_certificate: tuple[Path, Path]) -> Iterator[tuple[_EphemeralPortController, _Handler]]:
    # TLS from the first byte: aiosmtpd counts only STARTTLS as TLS for AUTH, hence auth_require_tls off.
    yield from _running(ssl_context=_server_context(_smtp_certificate), auth_require_tls=False, authenticator=_authenticate)


@pytest.fixture
def smtps_server(
    _smtps_controller: tuple[_EphemeralPortController, _Handler], _smtp_certificate: tuple[Path, Path]
) -> Iterator[SMTPServer]:
    """A local server speaking TLS from the first byte (SMTPS), with a login (LOGIN / PASSWORD)."""
    yield from _each_tls_test(_smtps_controller, _smtp_certificate, MAIL_USE_SSL=True)
