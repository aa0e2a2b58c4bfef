"""Schemathesis against the live API: the app on a real port over its own committed database, the spec it serves
at /api/v1/openapi.json, every operation fuzzed (bounded examples, deterministic generation, a fixed seed), and
the stateful phase following the spec's links (a visit registered → read → edited with its ETag; a list's first
row → its record; a document → its PDF; a letter registered → read, and → each of its actions with its ETag; the
user's tokens listed → read → revoked → read again).

Checks: no 5xx; every status, content type, header and body conforms to the spec; invalid input is refused
(negative data); a required header left out is refused; an unsupported method answers 405; an operation that
declares auth refuses a request without it or with a wrong one (ignored_auth); a resource read after its DELETE
is missing (use_after_free) and one just created is there (ensure_resource_availability). Left out:
positive_data_acceptance (schema-valid input is refused by the services' own rules — an id naming no record in
the scope, a refusal ground that the outcome needs — with 404/422 by design) and object_level_authorization (one
identity here; the scope across agencies is tests/api/test_resources.py and test_id_sweep.py).

Marked `fuzz` (the slow group of .ci/run, once on PostgreSQL); it also runs in the README's `.venv/bin/pytest`.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from petitions.auth import tokens
from petitions.cli import seed_reference_data
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from tests.factories import make_agency, make_citizen, make_document, make_letter, make_user, make_visit

pytestmark = pytest.mark.fuzz

ST = Path(sys.executable).with_name("st")
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,"
    "response_schema_conformance,negative_data_rejection,missing_required_header,unsupported_method,"
    "use_after_free,ensure_resource_availability,ignored_auth"
)


@pytest.fixture
def live_api(committed_app: Flask) -> Iterator[tuple[str, str]]:
    """The app served on a port, with an office's leader, a citizen, a visit and a write token (and spare
    tokens for the stateful phase to revoke)."""
    committed_app.config["API_RATE_LIMIT"] = 1_000_000
    with committed_app.app_context():
        seed_reference_data()
        agency = make_agency(code="FUZZ", name="Ban Tiếp công dân thử")
        leader = make_user(role=Role.LEADER, agency=agency)
        citizen = make_citizen(agency_id=agency.id, full_name="Nguyễn Văn Thử")
        with immediate_transactions():
            make_visit(agency=agency, officer=leader, citizen_id=citizen.id, visited_on=date(2026, 8, 14))
        # A letter of the office's (the letters' list links to it), and a body under the office to hand one over to.
        make_letter(agency_id=agency.id, actor=leader, citizen_id=citizen.id, respondent="UBND xã Thử")
        make_agency(code="FUZZS", name="Sở thử", parent_id=agency.id)
        make_document(issuing_agency=agency)
        _row, secret = tokens.create_token(user=leader, name="schemathesis", scope=tokens.WRITE, days=1)
        for number in range(5):
            tokens.create_token(user=leader, name=f"dự phòng {number}", scope=tokens.READ, days=1)
        db.session.commit()
    server = make_server("127.0.0.1", 0, committed_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", secret
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_schemathesis_finds_no_failure(live_api, tmp_path):
    base, secret = live_api
    # A write that needs If-Match answers 428 Precondition Required without it (RFC 6585 §3), which the check
    # "missing_required_header" does not count among its default refusals.
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        "[checks.missing_required_header]\nexpected-statuses = [400, 401, 403, 406, 415, 422, 428]\n", encoding="utf-8"
    )
    command = [
        str(ST), "--config-file", str(config), "run", f"{base}/api/v1/openapi.json",
        "--header", f"Authorization: Bearer {secret}",
        "--checks", CHECKS,
        "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", "3",  # 54 operations, every one reached in each phase; 10 took 77 s, 25 about 2 minutes more
        "--seed", "23",
        "--generation-deterministic",
        "--workers", "1",
        "--request-timeout", "30",
        "--no-color",
        "--report", "junit",
        "--report-dir", str(tmp_path),
    ]
    # Run in the test's own directory: schemathesis keeps a cache of earlier runs (.schemathesis/) where it runs,
    # which would replay them here and land in the checkout.
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, cwd=tmp_path)
    output = run.stdout + run.stderr
    print(output[-4000:])  # the run's summary (pytest -rP shows it)
    assert run.returncode == 0, output[-20000:]
    # The run really tested the operations and the stateful links (a run that tested nothing would pass too).
    assert "Stateful" in output or "stateful" in output, output[-5000:]
    (report,) = tmp_path.glob("junit*.xml")
    assert "/api/v1/visits" in report.read_text(encoding="utf-8")
    assert "/api/v1/letters/{letter_id}/classify" in report.read_text(encoding="utf-8")
