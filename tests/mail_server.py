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
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

SENDER = "petitions@ban-tcd.example.vn"


@dataclass
class SMTPServer:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse: str | None = None  # an SMTP reply ("550 no such mailbox") given instead of accepting
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


@pytest.fixture(scope="session")
def _smtp_controller() -> Iterator[tuple[_EphemeralPortController, _Handler]]:
    handler = _Handler()
    controller = _EphemeralPortController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(_smtp_controller: tuple[_EphemeralPortController, _Handler]) -> Iterator[SMTPServer]:
    """The local SMTP server with no messages yet; see the module docstring."""
    controller, handler = _smtp_controller
    server = SMTPServer(host="127.0.0.1", port=controller.port)
    handler.server = server
    try:
        yield server
    finally:
        handler.server = None
