"""The judgements of .ci/gates.py can fail: a vulnerability not allowed, an allowance past its date, a vendored
file changed or added without the manifest (the gates themselves run in .ci/run, with figures).

OWASP ASVS 5.0: V15.1.1 (dated remediation time frames: the allow-list), V15.2.1 (no component past them: pip-
audit), V15.1.2 (an SBOM of Python packages and vendored JavaScript), V15.2.4 (vendored files checked against their
manifest).
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("gates", ROOT / ".ci" / "gates.py")
assert _spec is not None and _spec.loader is not None
gates = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gates)

REPORT = {"dependencies": [{"name": "flask", "version": "3.0.0", "vulns": [{"id": "GHSA-xxxx"}]}, {"name": "rq", "version": "3", "vulns": []}]}
TODAY = datetime.date(2026, 12, 7)


def test_a_vulnerability_fails_unless_allowed_until_a_date_not_passed():
    assert gates.judge_audit(REPORT, [], TODAY) == (1, ["GHSA-xxxx"])
    allowed = [{"package": "flask", "id": "GHSA-xxxx", "until": "2026-12-31", "reason": "no fix yet"}]
    assert gates.judge_audit(REPORT, allowed, TODAY) == (1, [])
    expired = [{**allowed[0], "until": "2026-12-06"}]
    assert gates.judge_audit(REPORT, expired, TODAY) == (1, ["GHSA-xxxx"])


def test_the_vendored_manifest_matches_the_tree_and_catches_changes(tmp_path):
    manifest = json.loads((ROOT / "petitions/static/vendor/vendored.json").read_text())["components"]
    static = ROOT / "petitions/static"
    assert gates.vendored_mismatches(manifest, static) == []
    copy = tmp_path / "static"
    shutil.copytree(static, copy)
    first = manifest[0]["files"][0]["path"]
    (copy / first).write_bytes(b"/* changed */")
    (copy / "vendor" / "extra.js").write_text("alert(1)")
    assert sorted(gates.vendored_mismatches(manifest, copy)) == sorted([first, "vendor/extra.js"])
