"""The outbox page (administrator), the agency's e-mail address on the directory form and list, and the
`petitions mail` commands."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from petitions.directory.models import Agency
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.mail.models import MailStatus, OutgoingMail
from tests.factories import make_agency, signed_in_client
from tests.services.test_mail import body_agency, signed_document, uploads  # noqa: F401  (fixture)


def agency_form(agency: Agency, **changes: str) -> dict[str, str]:
    data = {
        "code": agency.code,
        "name": agency.name,
        "parent_id": "0",
        "place_name": agency.place_name or "",
        "abbreviation": agency.abbreviation or "",
        "version": str(agency.version),
    }
    data.update(changes)
    return data


def add_mail(status: MailStatus, **values: object) -> OutgoingMail:
    mail = OutgoingMail(
        to_address="vanthu@so.example.vn", subject="Thông báo văn bản", body_text="NỘI DUNG THƯ KHÔNG HIỆN",
        purpose="chase", status=status, **values,
    )
    db.session.add(mail)
    db.session.flush()
    return mail


def test_an_administrator_records_an_agencys_mailbox_and_the_list_shows_it(app, session):
    agency = make_agency()
    client, _ = signed_in_client(app, role=Role.ADMIN)
    page = client.get(f"/directory/agencies/{agency.id}").get_data(as_text=True)
    assert 'name="email"' in page and 'type="email"' in page
    response = client.post(f"/directory/agencies/{agency.id}", data=agency_form(agency, email=" VanThu@STNMT.Example.VN "))
    assert response.status_code == 302
    db.session.refresh(agency)
    assert agency.email == "VanThu@stnmt.example.vn"
    assert "VanThu@stnmt.example.vn" in client.get("/directory/agencies").get_data(as_text=True)
    cleared = client.post(f"/directory/agencies/{agency.id}", data=agency_form(agency, email=""))
    assert cleared.status_code == 302
    db.session.refresh(agency)
    assert agency.email is None


@pytest.mark.parametrize("address", ["vanthu", "vanthu@", "Văn thư <vanthu@so.vn>", "a@b.vn\r\nBcc: x@evil.example"])
def test_an_agency_mailbox_that_is_not_one_plain_address_is_refused(app, session, address):
    agency = make_agency(email="cu@so.example.vn")
    client, _ = signed_in_client(app, role=Role.ADMIN)
    response = client.post(f"/directory/agencies/{agency.id}", data=agency_form(agency, email=address))
    assert response.status_code in (200, 400) and "Địa chỉ thư điện tử không hợp lệ" in response.get_data(as_text=True)
    db.session.refresh(agency)
    assert agency.email == "cu@so.example.vn"


def test_the_outbox_lists_status_attempts_and_errors_without_bodies(app, session):
    add_mail(MailStatus.SENT, attempts=1)
    add_mail(MailStatus.FAILED, attempts=5, last_error="SMTPDataError: (550, b'mailbox unavailable')")
    client, _ = signed_in_client(app, role=Role.ADMIN)
    page = client.get("/mail/").get_data(as_text=True)
    assert "Đã gửi" in page and "Thất bại" in page and "mailbox unavailable" in page
    assert "NỘI DUNG THƯ KHÔNG HIỆN" not in page
    assert 'id="mail-not-configured"' in page  # the test app names no MAIL_SERVER
    failed_only = client.get("/mail/?status=failed").get_data(as_text=True)
    assert "mailbox unavailable" in failed_only and "2 kết quả" in page and "1 kết quả" in failed_only
    assert "Thất bại (1)" in page and "Chờ gửi (0)" in page  # the filter's counts per status


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_the_outbox_is_the_administrators(app, session, role):
    client, _ = signed_in_client(app, role=role)
    assert client.get("/mail/").status_code == 403


def test_mail_send_command_sends_the_queue_and_says_so(app, session, runner, uploads, smtp_server, monkeypatch):  # noqa: F811
    smtp_server.configure(app, monkeypatch)
    from petitions.mail.services import queue_document_mail

    queue_document_mail(signed_document(), to_agency=body_agency(), purpose="chase")
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "sent 1" in result.output
    assert len(smtp_server.messages) == 1
    monkeypatch.setitem(app.config, "MAIL_SENDER", "Ban <petitions@ban-tcd.example.vn>")
    refused = runner.invoke(args=["mail", "send"])
    assert refused.exit_code == 1 and "MAIL_SENDER" in refused.output


def test_mail_requeue_command_puts_failed_messages_back(app, session, runner):
    failed = add_mail(MailStatus.FAILED, attempts=5, last_error="timeout")
    sent = add_mail(MailStatus.SENT, attempts=1)
    result = runner.invoke(args=["mail", "requeue", "--failed"])
    assert result.exit_code == 0 and "1 message" in result.output
    statuses = dict(db.session.execute(sa.select(OutgoingMail.id, OutgoingMail.status)).all())
    assert statuses[failed.id] == MailStatus.QUEUED and statuses[sent.id] == MailStatus.SENT
    assert db.session.scalar(sa.select(OutgoingMail.attempts).where(OutgoingMail.id == failed.id)) == 0
    assert runner.invoke(args=["mail", "requeue"]).exit_code != 0  # names nothing
