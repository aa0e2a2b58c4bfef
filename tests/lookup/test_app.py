"""The public lookup app: the right pair shows the stage; every failure is the same answer; the lock-out per code
and per address; the log; no session, no officers' page, no names, nothing of another matter.

OWASP ASVS 5.0: V6.3 (guessing limited: lock-out per code and per address; section cited), V14.2.6 (the page shows
the stage and no name, content or internal id), V8.2.2 (nothing of another matter), V16.3 (every attempt logged
without the code or PIN; section cited).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from petitions.clock import utcnow
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.lookup import code_key
from petitions.domain.reception import VisitClass
from petitions.extensions import db
from petitions.letters import handling
from petitions.letters.models import Letter
from petitions.lookup import services
from petitions.lookup.models import LookupAttempt
from petitions.paperwork.codes import new_receipt_code, normalise_code
from petitions.security_headers import CONTENT_SECURITY_POLICY
from tests.lookup.conftest import receive

PAGE = "/tra-cuu/"


def post(client, code: str, pin: str, address: str = "203.0.113.7"):  # type: ignore[no-untyped-def]
    return client.post(PAGE, data={"code": code, "pin": pin}, environ_base={"REMOTE_ADDR": address})


def wrong_pin(pin: str) -> str:
    return f"{(int(pin) + 1) % 1_000_000:06d}"


def test_the_right_pair_shows_the_stage_the_body_and_the_dates(office, lookup_client):
    matter = receive(office)
    response = post(lookup_client, matter.code, matter.pin)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Đã tiếp nhận, đang xem xét, xử lý đơn" in page
    assert "Ban Tiếp công dân tỉnh Quảng Ninh" in page
    assert "14/08/2026" in page
    letter = db.session.get(Letter, matter.letter_id)
    assert f"Hạn xử lý đơn</dt><dd>{letter.handling_due_on:%d/%m/%Y}" in page
    assert "Set-Cookie" not in response.headers


def test_the_code_may_be_typed_in_lower_case_without_dashes(office, lookup_client):
    matter = receive(office)
    response = post(lookup_client, matter.code.replace("-", "").lower(), f" {matter.pin} ")
    assert response.status_code == 200 and "Tình trạng giải quyết" in response.get_data(as_text=True)


def test_every_wrong_pair_gives_the_same_response(office, lookup_client):
    matter = receive(office)
    other = receive(office, tag="B")
    failures = {
        "unknown code": post(lookup_client, new_receipt_code(), matter.pin, "198.51.100.1"),
        "wrong pin": post(lookup_client, matter.code, wrong_pin(matter.pin), "198.51.100.2"),
        "another receipt's pin": post(lookup_client, matter.code, other.pin, "198.51.100.3"),
        "malformed code": post(lookup_client, "ABC-123", matter.pin, "198.51.100.4"),
        "code with letters outside the alphabet": post(lookup_client, "O" * 18, matter.pin, "198.51.100.5"),
        "malformed pin": post(lookup_client, matter.code, "12ab", "198.51.100.6"),
    }
    for _ in range(5):
        post(lookup_client, other.code, wrong_pin(other.pin), "198.51.100.7")
    failures["locked code, right pin"] = post(lookup_client, other.code, other.pin, "198.51.100.8")
    first = failures["unknown code"]
    assert first.status_code == 400
    body = first.get_data()
    assert "Mã tra cứu hoặc mã PIN không đúng".encode() in body
    for kind, response in failures.items():
        assert (response.status_code, response.get_data(), response.content_type) == (
            400, body, first.content_type), kind
        assert "Set-Cookie" not in response.headers, kind
    # Nothing typed comes back.
    assert matter.code.encode() not in body and other.code.encode() not in body


def test_a_code_is_locked_after_five_failures_and_opens_after_the_window(office, lookup_client, monkeypatch):
    matter = receive(office)
    for _ in range(4):
        assert post(lookup_client, matter.code, wrong_pin(matter.pin)).status_code == 400
    assert post(lookup_client, matter.code, matter.pin).status_code == 200  # 4 failures: still open
    assert post(lookup_client, matter.code, wrong_pin(matter.pin)).status_code == 400
    # The fifth failure locks the code, from any address.
    assert post(lookup_client, matter.code, matter.pin, "192.0.2.55").status_code == 400
    later = utcnow() + timedelta(minutes=16)
    monkeypatch.setattr(services, "utcnow", lambda: later)
    assert post(lookup_client, matter.code, matter.pin, "192.0.2.55").status_code == 200


def test_an_address_is_limited_across_codes(office, lookup_client):
    matter = receive(office)
    for _ in range(20):
        assert post(lookup_client, new_receipt_code(), "000000", "192.0.2.10").status_code == 400
    assert post(lookup_client, matter.code, matter.pin, "192.0.2.10").status_code == 400
    assert post(lookup_client, matter.code, matter.pin, "192.0.2.11").status_code == 200


def test_ipv6_addresses_are_counted_by_their_64_prefix(office, lookup_client):
    matter = receive(office)
    for host in range(1, 21):
        post(lookup_client, new_receipt_code(), "000000", f"2001:db8:1:2::{host:x}")
    assert post(lookup_client, matter.code, matter.pin, "2001:db8:1:2::ffff").status_code == 400
    assert post(lookup_client, matter.code, matter.pin, "2001:db8:1:3::1").status_code == 200


def test_every_lookup_is_logged_with_the_codes_hash_never_the_code_or_the_pin(office, lookup_client):
    matter = receive(office)
    post(lookup_client, matter.code, matter.pin, "192.0.2.20")
    post(lookup_client, matter.code, wrong_pin(matter.pin), "192.0.2.21")
    post(lookup_client, "nonsense", matter.pin, "192.0.2.22")
    rows = db.session.execute(sa.select(LookupAttempt.__table__).order_by(LookupAttempt.id)).all()
    assert [(r.code_key, r.address, r.outcome) for r in rows] == [
        (code_key(matter.code), "192.0.2.20", "found"),
        (code_key(matter.code), "192.0.2.21", "wrong_pin"),
        (code_key(normalise_code("nonsense")), "192.0.2.22", "malformed"),
    ]
    stored = " ".join(str(value) for row in rows for value in row)
    assert matter.code not in stored and matter.pin not in stored
    assert all(r.attempted_at is not None for r in rows)


def test_an_empty_field_is_named_beside_it(office, lookup_client):
    response = lookup_client.post(PAGE, data={"code": "k7qx2m9tzp4ahwn3rb", "pin": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="pin-error"' in page and "Vui lòng nhập mã PIN gồm 6 chữ số." in page
    assert re.search(r'<input id="pin"[^>]*aria-describedby="pin-hint pin-error"[^>]*aria-invalid="true"', page)
    assert 'value="K7QX2M-9TZP4A-HWN3RB"' in page  # the code stays, as receipts print it
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LookupAttempt)) == 0


def test_the_qr_link_fills_in_the_code(office, lookup_client):
    matter = receive(office)
    page = lookup_client.get(f"/tra-cuu/{matter.code}").get_data(as_text=True)
    assert f'value="{matter.code}"' in page
    assert re.search(r'<input id="pin"[^>]*autofocus', page, re.S)
    odd = lookup_client.get("/tra-cuu/%3Cscript%3E").get_data(as_text=True)
    assert "<script" not in odd and 'value=""' in odd


def test_the_page_is_vietnamese_labelled_and_sends_the_same_headers(lookup_client):
    response = lookup_client.get(PAGE)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="vi">' in page and 'name="viewport"' in page
    assert '<label for="code">Mã tra cứu</label>' in page and '<label for="pin">Mã PIN</label>' in page
    assert "<script" not in page and "http" not in page.replace('href="/', "")  # no third-party asset
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in response.headers
    css = lookup_client.get("/static/lookup.css")
    assert css.status_code == 200 and b"@media" in css.data
    css.close()
    assert lookup_client.get("/").headers["Location"].endswith(PAGE.rstrip("/") + "/")


def test_no_officers_route_is_reachable(app: Flask, lookup_app: Flask, lookup_client):
    """Every route of the officers' app, its arguments filled in, answers 404 on the lookup app."""
    own = {"static", "lookup.index", "lookup.from_qr", "lookup.download", "root"}
    assert {rule.endpoint for rule in lookup_app.url_map.iter_rules()} == own
    tried = 0
    for rule in app.url_map.iter_rules():
        if rule.rule in ("/", "/static/<path:filename>"):
            continue  # the lookup app's own root and assets
        path = re.sub(r"<(?:int:)?(?:path:)?(?:string:)?[a-z_]+>", "1", rule.rule)
        for method in ("GET", "POST"):
            response = lookup_client.open(path, method=method)
            assert response.status_code == 404, (rule.rule, method, response.status_code)
            assert b"Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y trang" in response.data
        tried += 1
    assert tried > 100
    # The officers' sign-in page, API and assets specifically.
    for path in ("/auth/login", "/api/v1/letters", "/letters/", "/static/vendor/bootstrap-5.3.9/bootstrap.min.css"):
        assert lookup_client.get(path).status_code == 404, path


def test_the_page_shows_no_names_no_denouncer_and_nothing_of_another_matter(office, lookup_client):
    mine = receive(office, tag="A", classification=VisitClass.DENUNCIATION)
    theirs = receive(office, tag="B")
    letter = db.session.get(Letter, mine.letter_id)
    # A paper addressed to the denouncer, issued, with names on it; and one addressed to the accused.
    for doc_type, number in (("TB_XU_LY_DON", "05/TB-BTCD"), ("TB_NOI_DUNG_TO_CAO", "06/TB-BTCD")):
        db.session.add(Document(
            doc_type=doc_type, subject="CANARY-SUBJECT về đơn của ông CANARY-CITIZEN-A", place="Hạ Long",
            issuing_agency_id=office.agency_id, issuing_body="Ban Tiếp công dân tỉnh Quảng Ninh",
            signer_position="Trưởng ban", signer_name="CANARY-SIGNER Đặng Thị Ánh", recipients=["CANARY-RECIPIENT"],
            status=DocumentStatus.ISSUED, number=int(number[:2]), number_year=2026, number_symbol=number,
            issue_date=date(2026, 8, 20), record_type="letter", record_id=letter.id,
        ))
    db.session.flush()
    theirs_letter = db.session.get(Letter, theirs.letter_id)
    handling.file_letter(theirs_letter, reason="CANARY-REASON lưu đơn", actor=office.leader,
                         effective_on=date(2026, 8, 20))

    page = post(lookup_client, mine.code, mine.pin).get_data(as_text=True)
    assert "Thông báo về việc xử lý đơn số 05/TB-BTCD, ngày 20/08/2026" in page
    assert "06/TB-BTCD" not in page  # the accused's notice is not the denouncer's paper
    assert "CANARY" not in page
    assert "đơn được lưu" not in page and theirs.code not in page and mine.code not in page
    for name in (*office.names, "022085001234"):
        assert name not in page
    theirs_page = post(lookup_client, theirs.code, theirs.pin).get_data(as_text=True)
    assert "Đã xử lý xong, đơn được lưu theo quy định" in theirs_page and "CANARY" not in theirs_page
    assert "05/TB-BTCD" not in theirs_page


@pytest.mark.parametrize("text", ["", "x" * 5000])
def test_an_oversized_or_empty_post_is_refused_plainly(lookup_client, text):
    response = lookup_client.post(PAGE, data={"code": text, "pin": text})
    assert response.status_code in (400, 413)
    assert "Set-Cookie" not in response.headers


def test_prune_removes_only_the_attempts_older_than_the_retention(office, lookup_client, runner, monkeypatch):
    matter = receive(office)
    post(lookup_client, matter.code, wrong_pin(matter.pin), "192.0.2.30")
    monkeypatch.setattr(services, "utcnow", lambda: utcnow() - timedelta(days=91))
    post(lookup_client, matter.code, wrong_pin(matter.pin), "192.0.2.31")
    result = runner.invoke(args=["lookup", "prune", "--days", "90"])
    assert result.exit_code == 0 and "Lookup attempts removed: 1" in result.output
    assert db.session.scalars(sa.select(LookupAttempt.address)).all() == ["192.0.2.30"]


def _issued(office, letter_id: int, doc_type: str, number: str) -> Document:
    document = Document(
        doc_type=doc_type, subject="Về việc xử lý đơn", place="Hạ Long", issuing_agency_id=office.agency_id,
        issuing_body="Ban Tiếp công dân tỉnh Quảng Ninh", signer_position="Trưởng ban", signer_name="Đặng Thị Ánh",
        status=DocumentStatus.ISSUED, number=int(number[:2]), number_year=2026, number_symbol=number,
        issue_date=date(2026, 8, 20), record_type="letter", record_id=letter_id,
    )
    db.session.add(document)
    db.session.flush()
    return document


def test_a_released_paper_for_the_citizen_downloads_through_a_short_lived_link(office, lookup_client, monkeypatch):
    from petitions.documents.services import attach_signed_pdf
    from petitions.lookup.models import LookupFile

    matter = receive(office)
    mine = _issued(office, matter.letter_id, "TB_XU_LY_DON", "05/TB-BTCD")
    accused = _issued(office, matter.letter_id, "TB_NOI_DUNG_TO_CAO", "06/TB-BTCD")
    copy = b"%PDF-1.4\n% the signed notice to the citizen\n%%EOF\n"
    attach_signed_pdf(mine, data=copy, actor=office.leader)
    attach_signed_pdf(accused, data=b"%PDF-1.4\n% the accused's notice\n%%EOF\n", actor=office.leader)
    assert db.session.scalars(sa.select(LookupFile.sha256)).all() == [mine.signed_file_sha256]

    page = post(lookup_client, matter.code, matter.pin, "192.0.2.40").get_data(as_text=True)
    link = re.search(r'<a class="download" href="([^"]+)"', page)
    assert link is not None and "Tải văn bản (PDF, 1 KB)" in page
    url = link.group(1).replace("&amp;", "&")
    assert url.startswith("/tra-cuu/van-ban/") and matter.code not in url and matter.pin not in url
    response = lookup_client.get(url, environ_base={"REMOTE_ADDR": "192.0.2.40"})
    assert response.status_code == 200 and response.data == copy
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="TB-XU-LY-DON-05-TB-BTCD.pdf"'
    assert response.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in response.headers
    outcomes = db.session.scalars(sa.select(LookupAttempt.outcome).order_by(LookupAttempt.id)).all()
    assert outcomes == ["found", "download"]

    tampered = re.sub(r"s=([0-9a-f])", lambda m: "s=" + ("0" if m.group(1) != "0" else "1"), url)
    assert lookup_client.get(tampered).status_code == 404
    assert lookup_client.get(url.split("?")[0]).status_code == 404
    later = utcnow() + timedelta(minutes=11)
    monkeypatch.setattr(services, "utcnow", lambda: later)
    assert lookup_client.get(url).status_code == 404


def test_a_new_pin_ends_the_links_made_before_it(office, lookup_client):
    from petitions.documents.services import attach_signed_pdf
    from petitions.paperwork import services as paperwork
    from petitions.paperwork.models import Receipt
    from petitions.reception.models import Visit

    matter = receive(office)
    attach_signed_pdf(_issued(office, matter.letter_id, "TB_XU_LY_DON", "05/TB-BTCD"), data=b"%PDF-1.4\n%%EOF\n")
    page = post(lookup_client, matter.code, matter.pin).get_data(as_text=True)
    url = re.search(r'<a class="download" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert lookup_client.get(url).status_code == 200
    visit = db.session.get(Visit, matter.visit_id)
    receipt = db.session.scalar(sa.select(Receipt).where(Receipt.visit_id == visit.id))
    paperwork.issue_receipt(visit, items=tuple(paperwork.receipt_items(receipt)), actor=None)
    db.session.flush()
    assert lookup_client.get(url).status_code == 404


def test_both_apps_test_a_pooled_connection_before_use():
    """After PostgreSQL restarts, a stale pooled connection would fail the first requests of every worker; both apps
    ping it first (benchmarks/faults.py pg-restart measures the officers' app). ASVS 5.0 V13.2 (backend
    communication configuration)."""
    from petitions.config import Config
    from petitions.lookup.app import LookupConfig

    assert Config.SQLALCHEMY_ENGINE_OPTIONS.get("pool_pre_ping") is True
    assert LookupConfig.SQLALCHEMY_ENGINE_OPTIONS.get("pool_pre_ping") is True
