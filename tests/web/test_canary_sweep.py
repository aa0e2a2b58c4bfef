"""The canary sweep (issue 14): a denunciation whose visitor and companion are canary values goes through
the real HTTP intake in reference-only mode — autosave before and after the classification, submit, edit,
the receipt and the record of the statement, the reception book as PDF and Excel, the 01/TCD report —
and afterwards no canary value is in the SQLite file, its -wal and -shm (or a pg_dump of the PostgreSQL
run's schema), the upload folder, the captured logs or any response. The positive control runs the same
intake in encrypted mode and finds every canary value in a cleared user's view with the same search.

OWASP ASVS 5.0: V14.2.6 (only the minimum sensitive data returned), V14.2.4 (the protection level's controls
applied: the reference-only mode keeps no identity), V16.2.5 (logs hold no sensitive data beyond its protection
level), V14.1 (the data classes; docs/security-operations.md).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from petitions import clock
from petitions.cli import seed_reference_data
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.reception.models import IntakeDraft, Visit
from petitions.vault.keys import create_key_file
from tests.canary import database_artefacts, folder_artefacts, found_in, needles
from tests.factories import log_in, make_agency, make_cleared_user, make_user

CANARY = {
    "person-full_name": "Canary Hoàng Thị Xuyến",
    "person-id_number": "079199887766",
    "person-phone": "0987654321",
    "person-address_text": "Thôn Canary Đồi Mận",
    "accompanying": "Canary Lê Văn Đồng Hành",
}
SUMMARY = "Tố cáo cán bộ địa chính xã nhận tiền khi cấp giấy chứng nhận"
EDITED = "Tố cáo cán bộ địa chính xã nhận tiền khi cấp giấy chứng nhận (đã sửa)"


def _intake(today: str, **overrides: str) -> dict[str, str]:
    data = {
        "visited_on": today,
        "mode": "in_person",
        "person-id_type": "cccd",
        "headcount": "2",
        "classification": "denunciation",
        "summary": SUMMARY,
        "respondent": "Cán bộ địa chính xã",
        # No letter: the officer writes the statement down (its record is printed below) and the
        # statement is registered as the letter received.
        "statement": "Người tố cáo trình bày việc cán bộ địa chính xã nhận tiền khi cấp giấy chứng nhận.",
        "outcome": "letter_received",
        "documents_handed": "Bản sao biên lai nộp tiền",
        "case_choice": "new",
        **CANARY,
    }
    data.update(overrides)
    return data


@pytest.fixture
def captured_logs() -> Iterator[StringIO]:
    """Every log record at DEBUG and above, also of the 'petitions' loggers (which do not propagate)."""
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    loggers = [logging.getLogger(), logging.getLogger("petitions")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def _office(app: Flask) -> dict[str, Any]:
    """An office with an officer and a leader (the report), committed: the requests see them."""
    with app.app_context():
        seed_reference_data()
        agency = make_agency(code="CANARY", name="Ban Tiếp công dân thử")
        officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
        cleared = make_cleared_user(role=Role.RECEPTION_OFFICER, agency=agency)
        db.session.commit()
        return {"officer": officer.username, "cleared": cleared.username, "agency": agency.code}


def _client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    with app.app_context():
        from petitions.auth.models import User

        user = db.session.scalar(sa.select(User).where(User.username == username))
        assert user is not None
        assert log_in(client, user).status_code == 302
    return client


def _ok(response: Any, status: int = 200) -> bytes:
    assert response.status_code == status, response.get_data(as_text=True)[:800]
    return bytes(response.data)


def _run_intake(
    app: Flask, client: FlaskClient, agency_code: str, snapshots: dict[str, bytes]
) -> tuple[int, list[bytes]]:
    """The whole journey through HTTP; returns the visit id and every response body. The database's
    files are copied into `snapshots` while the drafts exist and after the submit, as a running server
    leaves them (a deleted draft's bytes may linger in the -wal until a checkpoint)."""
    today = clock.local_today()
    bodies = [_ok(client.get("/reception/visits/new"))]
    # Autosave while typing: first before the classification is chosen, then as a denunciation.
    for classification in ("", "denunciation"):
        bodies.append(_ok(client.post("/reception/drafts/intake", data=_intake(today.isoformat(), classification=classification))))
        snapshots |= {f"{name} (draft {classification or 'unclassified'})": data for name, data in database_artefacts(app).items()}
    bodies.append(_ok(client.get("/reception/visits/new")))  # the draft restored
    saved = client.post("/reception/visits/new", data=_intake(today.isoformat()))
    _ok(saved, 302)
    snapshots |= {f"{name} (submitted)": data for name, data in database_artefacts(app).items()}
    visit_id = int(saved.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(IntakeDraft)) == 0
        version = db.session.get(Visit, visit_id).version  # type: ignore[union-attr]
    bodies.append(_ok(client.get(f"/reception/visits/{visit_id}")))
    edited = client.post(f"/reception/visits/{visit_id}/edit", data={"version": str(version), "summary": EDITED})
    _ok(edited, 302)
    bodies.append(_ok(client.get(f"/reception/visits/{visit_id}")))
    bodies.append(_ok(client.get("/reception/")))
    # Paperwork: the receipt (issued, first print with its PIN, reprint) and the record of the statement.
    bodies.append(_ok(client.get(f"/paperwork/visits/{visit_id}")))
    bodies.append(_ok(client.get(f"/paperwork/visits/{visit_id}/receipt")))
    issued = _ok(client.post(
        f"/paperwork/visits/{visit_id}/receipt",
        data={"issued": "0", "copies": "2", "items-0-name": "Bản sao biên lai nộp tiền", "items-0-pages": "1", "items-0-original": "original"},
    ))
    bodies.append(issued)
    pin = re.search(rb"data-receipt-pin>([^<]+)<", issued)
    assert pin is not None
    bodies.append(_ok(client.post(f"/paperwork/visits/{visit_id}/receipt/first.pdf", data={"pin": pin.group(1).decode()})))
    bodies.append(_ok(client.get(f"/paperwork/visits/{visit_id}/receipt.pdf")))
    bodies.append(_ok(client.get(f"/paperwork/visits/{visit_id}/statement.pdf")))
    # The reception book, PDF and Excel, and the quarter's 01/TCD on screen and as files.
    start = today.replace(day=1).isoformat()
    for fmt in ("pdf", "xlsx"):
        book = _ok(client.get(f"/paperwork/book?date_from={start}&date_to={today.isoformat()}&session=&fmt={fmt}&download=1"))
        assert book.startswith(b"%PDF" if fmt == "pdf" else b"PK")
        bodies.append(book)
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    report = _ok(client.get(f"/reports/01-tcd?period={quarter}&agency={agency_code}"))
    assert b"Ban Ti\xe1\xba\xbfp c\xc3\xb4ng d\xc3\xa2n th\xe1\xbb\xad" in report  # the office's own row
    bodies.append(report)
    for fmt in ("pdf", "xlsx", "json"):
        bodies.append(_ok(client.get(f"/reports/01-tcd/download/{fmt}?period={quarter}&agency={agency_code}")))
    return visit_id, bodies


def _leaks(places: dict[str, bytes], searched: list[bytes]) -> dict[str, list[bytes]]:
    return {name: hits for name, data in places.items() if (hits := found_in(data, searched))}


def test_reference_mode_keeps_no_canary_anywhere_after_the_http_intake(committed_app, captured_logs, capfd):
    names = _office(committed_app)
    client = _client(committed_app, names["officer"])
    snapshots: dict[str, bytes] = {}
    visit_id, bodies = _run_intake(committed_app, client, names["agency"], snapshots)
    with committed_app.app_context():
        visit = db.session.get(Visit, visit_id)
        assert visit is not None and visit.summary == EDITED and visit.identity_ref_id is not None
        assert visit.letter_id is not None  # the statement went to the letter register too
        code = visit.identity_ref.code
        db.session.remove()
        db.engine.dispose()  # SQLite writes everything back before its files are read

    searched = needles(CANARY.values())
    stored = database_artefacts(committed_app)
    everything = b"".join(stored.values())
    assert code.encode() in everything and EDITED.encode() in everything  # the search reads real data
    out, err = capfd.readouterr()
    logs = captured_logs.getvalue()
    assert "/reception/visits/new" in logs  # the request log was captured
    places = {
        **stored,
        **snapshots,
        **{f"upload {name}": data for name, data in folder_artefacts(committed_app.config["UPLOAD_FOLDER"]).items()},
        "logs": logs.encode(),
        "stdout": out.encode(),
        "stderr": err.encode(),
        # Once the visit is saved the server no longer knows the canary: no page or file can show it.
        **{f"response {n}": body for n, body in enumerate(bodies[2:], start=2)},
    }
    assert {name: [hit.decode("utf-8", "replace") for hit in hits] for name, hits in _leaks(places, searched).items()} == {}


def test_encrypted_mode_cleared_view_shows_every_canary_value(committed_app, tmp_path):
    """Positive control: the same search finds the canary where it must be (a cleared user's view in
    encrypted mode), so the sweep above can fail."""
    key_file = tmp_path / "outside" / "vault.key"
    create_key_file(key_file)
    committed_app.config.update(
        VAULT_MODE="encrypted", VAULT_KEY_FILE=str(key_file), VAULT_LEGAL_BASIS="QĐ 01/QĐ-BTCD (thử nghiệm)"
    )
    names = _office(committed_app)
    client = _client(committed_app, names["cleared"])
    visit_id, _ = _run_intake(committed_app, client, names["agency"], {})
    with committed_app.app_context():
        visit = db.session.get(Visit, visit_id)
        assert visit is not None
        code = visit.identity_ref.code
    revealed = _ok(client.post(f"/vault/{code}/reveal", data={"purpose": "Xác minh nội dung tố cáo"}))
    for value in CANARY.values():
        assert found_in(revealed, needles([value])), value
    statement = _ok(client.get(f"/paperwork/visits/{visit_id}/statement.pdf"))
    for field in ("person-full_name", "person-id_number"):  # the slip prints them for a cleared reader
        assert found_in(statement, needles([CANARY[field]])), field
    with committed_app.app_context():
        db.session.remove()
        db.engine.dispose()
    assert _leaks(database_artefacts(committed_app), needles(CANARY.values())) == {}  # encrypted at rest


def _legacy_denunciation(app: Flask) -> int:
    """A denunciation whose companion was stored by name, as before they followed the denouncer's rule."""
    from petitions.citizens.services import CitizenInput
    from petitions.domain.reception import VisitClass, VisitOutcome
    from petitions.extensions import immediate_transactions
    from petitions.reception import services as reception
    from petitions.reception.models import VisitPerson

    with app.app_context():
        seed_reference_data()
        agency = make_agency()
        officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
        with immediate_transactions():
            visit = reception.register_visit(
                reception.VisitInput(
                    agency_id=agency.id,
                    visited_on=clock.local_today(),
                    classification=VisitClass.DENUNCIATION,
                    summary=SUMMARY,
                    outcome=VisitOutcome.GUIDED,
                    guided_to="Thanh tra tỉnh",
                    person=CitizenInput(full_name=CANARY["person-full_name"]),
                    accompanying=("Người đi cùng",),
                ),
                actor=officer,
            )
            row = db.session.scalar(sa.select(VisitPerson).where(VisitPerson.visit_id == visit.id, VisitPerson.role == "accompanying"))
            assert row is not None
            row.full_name = CANARY["accompanying"]
        db.session.commit()
        visit_id = visit.id
        db.session.remove()
        db.engine.dispose()
    return visit_id


def test_seal_companions_takes_older_names_off_the_database(committed_app):
    _legacy_denunciation(committed_app)
    searched = needles([CANARY["accompanying"]])
    assert _leaks(database_artefacts(committed_app), searched)  # the older row is found
    result = committed_app.test_cli_runner().invoke(args=["vault", "seal-companions"])
    assert result.exit_code == 0, result.output
    assert "Cleared 1 companion names of denunciations; 0 moved into the vault." in result.output
    with committed_app.app_context():
        db.session.remove()
        db.engine.dispose()
    assert _leaks(database_artefacts(committed_app), searched) == {}  # nor in free pages (VACUUM)


def test_seal_companions_moves_older_names_into_the_vault_in_encrypted_mode(committed_app, tmp_path):
    from petitions.vault.services import reveal

    key_file = tmp_path / "outside" / "vault.key"
    create_key_file(key_file)
    committed_app.config.update(
        VAULT_MODE="encrypted", VAULT_KEY_FILE=str(key_file), VAULT_LEGAL_BASIS="QĐ 01/QĐ-BTCD (thử nghiệm)"
    )
    visit_id = _legacy_denunciation(committed_app)
    result = committed_app.test_cli_runner().invoke(args=["vault", "seal-companions"])
    assert "Cleared 1 companion names of denunciations; 1 moved into the vault." in result.output
    with committed_app.app_context():
        visit = db.session.get(Visit, visit_id)
        assert visit is not None and [p.full_name for p in visit.persons if p.role == "accompanying"] == [""]
        cleared = make_cleared_user(agency_id=visit.agency_id)
        shown = reveal(visit.identity_ref, user=cleared, purpose="Kiểm tra người đi cùng")
        assert shown.identity is not None
        assert shown.identity.companions == ("Người đi cùng", CANARY["accompanying"])
        db.session.rollback()
