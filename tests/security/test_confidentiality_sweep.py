"""The confidentiality sweep (issue 25; OWASP ASVS 5.0 V14.2.4 — the controls of a protection level: encryption,
logging, access —, V14.2.6 only the minimum sensitive data returned, masked in the interface, V8.2.3 field-level
access, and chapter V16, security logging without sensitive data): a denouncer's identity (name, ID number,
address, phone) and the persons accompanying them reach no output but a cleared user's, and a citizen's ID number
is shown masked but on the papers of their own matter.

One app in encrypted vault mode. Office "Mã Hóa" registers a denunciation letter whose denouncer is a canary,
classifies nothing by hand but forwards it with its papers (the slip to the body below, the notice to the
denouncer, the redacted copy, the notification e-mail queued with the signed slip), a denunciation visit whose
visitor and companion are canaries (with its receipt: the citizens' lookup), and a complainant whose ID number is a
canary (shown masked). Office "Tham Chiếu" does the same in reference-only mode (the identity never reaches the
server). Then every page, file and API answer that every role of the office (the cleared handler included) reads —
lists, object pages and downloads of tests/security/test_cross_agency_sweep.py's tables, exports, reports, the
dashboard's JSON, the API — the e-mail delivered to a test SMTP server (MIME-decoded), the lookup page, the
captured log lines, the SQLite file with its -wal (or a pg_dump of the run's schema), the upload folder and the
decrypted content of a `petitions backup` file are decoded (tests/canary.py) and searched, NFC-normalised, case-
and diacritic-folded. Hits outside the cleared user's reveal and the notice printed for them: 0. Positive control:
the same scanner finds every canary in the cleared user's reveal, and the name and address on their notice.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from petitions.backup.crypto import create_key_file as create_backup_key
from petitions.backup.crypto import load_key
from petitions.backup.services import stage_archive
from petitions.citizens.services import CitizenInput
from petitions.cli import seed_reference_data
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.lookup.app import create_lookup_app
from petitions.mail import services as mail
from petitions.paperwork.services import issue_receipt
from petitions.reception import services as reception
from petitions.vault.keys import create_key_file
from petitions.vault.services import Identity
from tests.canary import database_artefacts, folder_artefacts, found_in, needles
from tests.factories import make_user
from tests.lookup.conftest import lookup_config
from tests.security.scan import hits, mime_text, response_text
from tests.security.test_cross_agency_sweep import NAMED_ROUTES, NOT_LISTS, OBJECT_ROUTES, QUERIES
from tests.security.world import DAY, OFFICE_ROLES, Office, build_office, own_app, signed_in

pytestmark = pytest.mark.load

CANARY = Identity(full_name="Canary Hoàng Thị Xuyến", id_number="079199887766",
                  address="Thôn Canary Đồi Mận, xã Tiên Yên", phone="0987654321")
COMPANION = "Canary Lê Văn Đồng Hành"
CITIZEN_ID = "038095001234"  # a complainant's ID number: pages and files show it masked
REFERENCE = Identity(full_name="Canary Phùng Văn Tham Chiếu", id_number="001088776655",
                     address="Thôn Canary Bến Đò", phone="0911222333")
REFERENCE_COMPANION = "Canary Đỗ Thị Đi Cùng"
DENOUNCER_VALUES = [CANARY.full_name, CANARY.id_number, "Thôn Canary Đồi Mận", CANARY.phone, COMPANION]
REFERENCE_VALUES = [REFERENCE.full_name, REFERENCE.id_number, "Thôn Canary Bến Đò", REFERENCE.phone, REFERENCE_COMPANION]
ALL_VALUES = [*DENOUNCER_VALUES, *REFERENCE_VALUES, CITIZEN_ID]
CLEARED = "cleared"
# Where a cleared user is meant to read the identity (and nobody else): the vault's reveal and the notice to the
# denouncer printed for them; and where the office's officers edit a citizen's own record (the ID number as typed).
ALLOWED = {
    (CLEARED, "vault.reveal"): "the cleared user's reveal (purpose logged)",
    (CLEARED, "documents.pdf notice"): "the notice to the denouncer, printed for a cleared reader (Luật TC Đ24.2)",
    (CLEARED, "paperwork.statement_pdf"): "the record of the statement, printed for a cleared reader",
}

# Where a complainant's own ID number is written in full (not a denouncer's: a citizen who complains is named on the
# papers of their own matter); every other page, list, export and file shows it masked (mask_id_number).
CITIZEN_ID_SURFACES = {
    "paperwork.receipt_pdf": "the receipt handed to the citizen names them and their paper (Nghị định 31/2019 mẫu)",
    "reception.edit_citizen": "the edit form of the citizen's own record (the number as typed, to correct it)",
    "api.citizen": "the citizen's record as the API gives it to the office's own systems (scoped like the page)",
}


@pytest.fixture(scope="module")
def vault_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    key = tmp_path_factory.mktemp("vault-outside") / "vault.key"
    create_key_file(key)
    return key


@pytest.fixture(scope="module")
def sweep_app(tmp_path_factory: pytest.TempPathFactory, vault_key: Path) -> Iterator[Flask]:
    yield from own_app(tmp_path_factory, "confidentiality", EXPORT_RATE_LIMIT=100_000, VAULT_MODE="encrypted",
                       VAULT_KEY_FILE=str(vault_key), VAULT_LEGAL_BASIS="QĐ 01/QĐ-BTCD (thử nghiệm)")


def _denunciation_visit(office: Office, person: Identity, companion: str) -> tuple[int, str, str]:
    """A denunciation told at a visit, the visitor and a companion named; its receipt (code, PIN)."""
    from petitions.auth.models import User

    officer = db.session.get(User, office.logins[Role.RECEPTION_OFFICER][1])
    visit = reception.register_visit(
        reception.VisitInput(
            agency_id=office.ids["agency"], visited_on=DAY, classification=VisitClass.DENUNCIATION,
            summary=f"Tố cáo trực tiếp của {office.tag}", outcome=VisitOutcome.GUIDED, guided_to="Thanh tra tỉnh",
            person=CitizenInput(full_name=person.full_name, id_number=person.id_number, phone=person.phone,
                                address_text=person.address),
            accompanying=(companion,), officer_id=officer.id,
        ),
        actor=officer,
    )
    receipt, pin = issue_receipt(visit, items=(), actor=officer)
    return visit.id, receipt.code, pin


@pytest.fixture(scope="module")
def world(sweep_app: Flask) -> dict[str, Any]:
    with sweep_app.app_context():
        seed_reference_data()
        sweep_app.config["VAULT_MODE"] = "reference"
        with immediate_transactions():
            reference = build_office("RF", "Tham Chiếu", identity=REFERENCE)
            _denunciation_visit(reference, REFERENCE, REFERENCE_COMPANION)
        db.session.commit()
        sweep_app.config["VAULT_MODE"] = "encrypted"
        with immediate_transactions():
            office = build_office("EN", "Mã Hóa", identity=CANARY, id_number=CITIZEN_ID, body_email="so-tainguyen@quangninh.gov.vn")
            visit_id, code, pin = _denunciation_visit(office, CANARY, COMPANION)
        admin = make_user(role=Role.ADMIN, agency_id=None)
        admin_login = admin.username
        db.session.commit()
    office.ids["denounced_visit"] = visit_id
    clients: dict[Any, Any] = {role: signed_in(sweep_app, office.logins[role][0]) for role in OFFICE_ROLES}
    clients[CLEARED] = signed_in(sweep_app, office.cleared_login)
    clients[Role.ADMIN] = signed_in(sweep_app, admin_login)
    return {"office": office, "reference": reference, "clients": clients, "code": code, "pin": pin}


@pytest.fixture
def captured_logs() -> Iterator[StringIO]:
    """Every log record at DEBUG and above, also of the 'petitions' loggers (which do not propagate)."""
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.DEBUG)
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


def _url(app: Flask, endpoint: str, values: dict[str, Any], query: dict[str, Any] | None = None) -> str:
    from flask import url_for

    with app.test_request_context():
        return url_for(endpoint, **values, **(query or {}))


def _read(response: Any) -> Any:
    response.get_data()
    response.close()
    return response


def _outputs(app: Flask, world: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(who, what) -> decoded text of every answer every role of the office reads."""
    office: Office = world["office"]
    requests: list[tuple[str, str, str, Any]] = []
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or ()) and not rule.arguments and rule.endpoint not in NOT_LISTS and rule.endpoint != "static":
            requests.append((rule.endpoint, "GET", _url(app, rule.endpoint, {}, QUERIES.get(rule.endpoint)), None))
    # The reports and their files: computed for the agency, the same for every reader allowed (read once: CI time).
    leader_only: list[tuple[str, str, str, Any]] = []
    for endpoint, (choices, _why) in NAMED_ROUTES.items():
        if endpoint.startswith(("reports.", "api.report", "main.worklist")):
            combos: list[dict[str, str]] = [{}]
            for name, values in choices.items():
                combos = [{**combo, name: value} for combo in combos for value in values]
            target = requests if endpoint.startswith("main.worklist") else leader_only
            for combo in combos:
                target.append((f"{endpoint} {combo}", "GET", _url(app, endpoint, combo, QUERIES.get(endpoint)), None))
    for endpoint, params in OBJECT_ROUTES.items():
        values = {name: kind[1:] if kind.startswith("=") else office.ids.get(kind) for name, kind in params.items()}
        if None in values.values():
            continue
        requests.append((endpoint, "GET", _url(app, endpoint, values), None))
    requests.append(("documents.pdf notice", "GET", _url(app, "documents.pdf", {"document_id": office.ids["notice"]}), None))
    requests.append(("documents.detail notice", "GET", _url(app, "documents.detail", {"document_id": office.ids["notice"]}), None))
    requests.append(("vault.reveal", "POST", _url(app, "vault.reveal", {"code": office.ids["identity_ref"]}),
                     {"purpose": "Xác minh nội dung tố cáo"}))
    from petitions.exports import services as exports

    for name in sorted(exports._EXPORTS):
        for fmt in exports.FORMATS:
            requests.append((f"export {name}.{fmt}", "POST", f"/exports/{name}.{fmt}", {}))
    out: dict[tuple[str, str], str] = {}
    for who, client in world["clients"].items():
        for key, method, url, data in requests + (leader_only if who is Role.LEADER else []):
            if url.startswith("/api/"):
                if who not in OFFICE_ROLES:
                    continue
                response = _read(app.test_client().open(url, method=method, json=data,
                                                        headers={"Authorization": f"Bearer {office.tokens[who]}"}))
            else:
                response = _read(client.open(url, method=method, data=data))
            if response.status_code < 400:
                out[(str(who), key)] = response_text(response)
    return out


def test_no_identity_reaches_any_output_but_a_cleared_users(
    sweep_app: Flask, world: dict[str, Any], smtp_server: Any, monkeypatch: pytest.MonkeyPatch,
    captured_logs: StringIO, tmp_path: Path,
) -> None:
    outputs = _outputs(sweep_app, world)
    # The e-mail queued with the signed slip, delivered to a test SMTP server and read back MIME-decoded.
    smtp_server.configure(sweep_app, monkeypatch)
    with sweep_app.app_context():
        sent = mail.send_queued()
    assert sent.sent >= 1 and smtp_server.messages, "the forwarding's notification was not sent"
    for n, message in enumerate(smtp_server.messages):
        outputs[("smtp", f"e-mail {n}")] = mime_text(message.as_bytes())
    # The citizens' lookup of the denunciation visit's receipt.
    lookup = create_lookup_app(lookup_config(sweep_app.config["TEST_DATABASE"]))
    try:
        with sweep_app.app_context():
            sweep_app.test_cli_runner().invoke(args=["lookup", "refresh"])
        page = lookup.test_client().post("/tra-cuu/", data={"code": world["code"], "pin": world["pin"]})
        assert page.status_code == 200
        outputs[("citizen", "lookup page")] = response_text(page)
    finally:
        with lookup.app_context():
            db.engine.dispose()
    outputs[("logs", "captured log lines")] = captured_logs.getvalue()

    leaks = {}
    for key, text in outputs.items():
        shown = [] if key in ALLOWED else hits(text, DENOUNCER_VALUES + REFERENCE_VALUES)
        if key[1] not in CITIZEN_ID_SURFACES:
            shown += hits(text, [CITIZEN_ID])
        if shown:
            leaks[key] = shown
    readers = {who for who, _ in outputs}
    print(f"\nconfidentiality sweep: {len(outputs)} outputs read by {len(readers)} readers "
          f"({', '.join(sorted(readers))}); canary hits outside the cleared reader: {len(leaks)}")
    assert leaks == {}, "\n".join(f"{key}: {shown}" for key, shown in sorted(leaks.items()))
    # A citizen's number is masked everywhere else: it is read where the surfaces above are.
    assert any(hits(outputs[key], [CITIZEN_ID]) for key in outputs if key[1] in CITIZEN_ID_SURFACES)
    # The reads are real: the office's pages show its records, the mail names the slip, the log has the requests.
    assert hits(outputs[(Role.LEADER.value, "letters.index")], world["office"].texts)
    assert "/letters/" in outputs[("logs", "captured log lines")]
    # Positive control: the same scanner finds the canary in the cleared user's reveal and notice.
    assert set(hits(outputs[(CLEARED, "vault.reveal")], DENOUNCER_VALUES)) >= {CANARY.full_name, CANARY.id_number}
    assert set(hits(outputs[(CLEARED, "documents.pdf notice")], DENOUNCER_VALUES)) >= {CANARY.full_name}


def test_at_rest_the_database_its_files_and_a_backup_hold_no_identity(sweep_app: Flask, world: dict[str, Any], tmp_path: Path) -> None:
    """Reference-only mode keeps nothing of the denouncer; encrypted mode keeps only ciphertext: the raw SQLite file
    with its -wal (or a pg_dump), the upload folder and a backup's decrypted content hold neither canary."""
    key = tmp_path / "keys" / "backup.key"
    create_backup_key(key)
    backup = tmp_path / "out" / "petitions.bak"
    with sweep_app.app_context():
        result = sweep_app.test_cli_runner().invoke(args=["backup", str(backup), "--key-file", str(key)])
        assert result.exit_code == 0, result.output
        places = {**database_artefacts(sweep_app), **folder_artefacts(sweep_app.config["UPLOAD_FOLDER"])}
    staging = tmp_path / "staging"
    staging.mkdir()
    with backup.open("rb") as handle:
        stage_archive(handle, load_key(key), staging)
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data.startswith(b"PGDMP"):  # pg_dump's custom format is compressed: read it back as SQL
                data = subprocess.run(["pg_restore", "-f", "-", str(path)], check=True, capture_output=True).stdout
            places[f"backup {path.relative_to(staging)}"] = data
    places["backup file"] = backup.read_bytes()
    denouncers = needles(DENOUNCER_VALUES + REFERENCE_VALUES)
    found = {name: [n.decode("utf-8", "replace") for n in hit] for name, data in places.items() if (hit := found_in(data, denouncers))}
    print(f"\nconfidentiality at rest: {len(places)} files searched (database, uploads, backup), {len(found)} with a canary")
    assert found == {}
    # The search reads real data: the backup's database holds the office's records.
    everything = b"".join(data for name, data in places.items() if name.startswith("backup "))
    assert "Khiếu nại riêng của Mã Hóa".encode() in everything
