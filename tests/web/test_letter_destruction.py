"""The leader's destruction page: filed letters past retention, select, confirm, destroy (letters.destroy)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from petitions.clock import local_today
from petitions.domain.records import LetterStatus
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters import handling
from petitions.letters.models import Letter
from tests.factories import log_in, make_user
from tests.letters_papers.conftest import complaint, office, seeded, ward  # noqa: F401  (fixtures)

TODAY = local_today()


@pytest.fixture
def ban(seeded):  # noqa: F811
    return office("BTCD")


def filed(ban, ward, days_ago: int) -> Letter:  # type: ignore[no-untyped-def]  # noqa: F811
    with immediate_transactions():
        letter = complaint(ban, ward, received_on=TODAY - timedelta(days=420),
                           letter_dated_on=TODAY - timedelta(days=425), summary="Nội dung đơn cần hủy Canary 5521")
        handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=ban.leader,
                             effective_on=TODAY - timedelta(days=days_ago))
    db.session.commit()
    return letter


def client_of(app, user):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert log_in(client, user).status_code == 302
    return client


def test_the_leader_destroys_a_filed_letter_from_the_page(app, ban, ward):  # noqa: F811
    old, recent = filed(ban, ward, 400), filed(ban, ward, 100)
    client = client_of(app, ban.leader)
    page = client.get("/letters/destroy")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert f'value="{old.id}"' in body and f'value="{recent.id}"' not in body

    unconfirmed = client.post("/letters/destroy", data={"letter_ids": [str(old.id)]})
    assert unconfirmed.status_code == 400 and "Vui lòng xác nhận việc hủy đơn." in unconfirmed.get_data(as_text=True)

    done = client.post("/letters/destroy", data={"letter_ids": [str(old.id)], "confirm": "y"})
    assert done.status_code == 302 and "/documents/" in done.headers["Location"]
    record = client.get(done.headers["Location"])
    assert record.status_code == 200 and "Hủy 01 đơn đã hết thời hạn lưu" in record.get_data(as_text=True)
    pdf = client.get(done.headers["Location"].rstrip("/") + "/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    db.session.expire_all()
    assert db.session.get(Letter, old.id).status == LetterStatus.DESTROYED
    shown = client.get(f"/letters/{old.id}")
    assert shown.status_code == 200 and "Canary 5521" not in shown.get_data(as_text=True)
    register = client.get("/letters/?status=destroyed").get_data(as_text=True)
    assert old.register_label in register and "Canary 5521" not in register  # the line stays, the content not
    assert client.post("/letters/search", data={"text": "Canary 5521"}).status_code == 302
    found = client.get("/letters/").get_data(as_text=True)
    assert f'href="/letters/{recent.id}"' in found  # the same words still find the letter kept
    assert f'href="/letters/{old.id}"' not in found  # the purged content is no longer searchable


def test_too_early_is_refused_in_vietnamese(app, ban, ward):  # noqa: F811
    recent = filed(ban, ward, 100)
    client = client_of(app, ban.leader)
    response = client.post("/letters/destroy", data={"letter_ids": [str(recent.id)], "confirm": "y"})
    assert response.status_code == 400
    assert "chưa được hủy" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Letter, recent.id).status == LetterStatus.FILED


@pytest.mark.parametrize("role", [Role.HANDLER, Role.RECEPTION_OFFICER])
def test_only_leaders_reach_the_page(app, ban, role):
    client = client_of(app, make_user(role=role, agency=ban.agency))
    assert client.get("/letters/destroy").status_code == 403
    assert 'href="/letters/destroy"' not in client.get("/").get_data(as_text=True)
    assert 'href="/letters/destroy"' in client_of(app, ban.leader).get("/").get_data(as_text=True)


def test_another_offices_letter_is_refused_as_missing(app, ban, ward):  # noqa: F811
    old = filed(ban, ward, 400)
    other = office("TTR")
    client = client_of(app, other.leader)
    assert f'value="{old.id}"' not in client.get("/letters/destroy").get_data(as_text=True)
    response = client.post("/letters/destroy", data={"letter_ids": [str(old.id)], "confirm": "y"})
    assert response.status_code == 400 and "Không tìm thấy đơn đã chọn" in response.get_data(as_text=True)
