"""The security gates of .ci/run (issue 25, OWASP ASVS 5.0 V15.2.1 / V15.2.4: components and their known
vulnerabilities), each printing what it found:

1. bandit over petitions/: fails on any finding of high severity (the medium and low ones are listed by count).
2. pip-audit over requirements.lock (hashes checked, no resolution, PyPI's advisory data): fails on a known
   vulnerability unless .ci/audit-allowlist.json accepts it (package, id) until a date not yet passed.
3. The bill of materials: cyclonedx-py over requirements.lock (the Python packages) plus the vendored assets of
   petitions/static/vendor/vendored.json (each file's SHA-256 checked against the tree), written as CycloneDX
   JSON to <results>/sbom.cdx.json.

Usage: .venv/bin/python .ci/gates.py RESULTS_DIR
"""

from __future__ import annotations

import collections
import datetime
import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def bandit() -> bool:
    run = subprocess.run(
        [str(BIN / "bandit"), "-q", "-r", "petitions", "-f", "json"], cwd=ROOT, capture_output=True, text=True,
        check=False,
    )
    results = json.loads(run.stdout)["results"]
    counts = collections.Counter(result["issue_severity"] for result in results)
    high = [r for r in results if r["issue_severity"] == "HIGH"]
    for finding in high:
        print(f"  HIGH {finding['test_id']} {finding['filename']}:{finding['line_number']} {finding['issue_text']}")
    print(f"bandit: {dict(sorted(counts.items()))} (high findings fail: {len(high)})")
    return not high


def pip_audit(today: datetime.date) -> bool:
    run = subprocess.run(
        [str(BIN / "pip-audit"), "-r", "requirements.lock", "--require-hashes", "--disable-pip", "-f", "json",
         "--progress-spinner", "off"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    try:
        report = json.loads(run.stdout)
    except ValueError:
        print(f"pip-audit: no report (exit {run.returncode}): {run.stderr.strip()[-2000:]}")
        return False
    allowlist = json.loads((ROOT / ".ci/audit-allowlist.json").read_text())["allowed"]
    found, failing = judge_audit(report, allowlist, today)
    print(f"pip-audit: {len(report['dependencies'])} packages, {found} known vulnerabilities, {len(failing)} failing")
    return not failing


def judge_audit(report: dict, allowlist: list[dict], today: datetime.date) -> tuple[int, list[str]]:
    """(vulnerabilities found, ids that fail): a finding fails unless the allow-list names its package and id with
    a date not yet passed."""
    allowed = {(e["package"], e["id"]): datetime.date.fromisoformat(e["until"]) for e in allowlist}
    failing = []
    found = 0
    for dependency in report["dependencies"]:
        for vulnerability in dependency.get("vulns", []):
            found += 1
            until = allowed.get((dependency["name"], vulnerability["id"]))
            state = "allowed until " + until.isoformat() if until and until >= today else "NOT ALLOWED"
            print(f"  {dependency['name']} {dependency['version']} {vulnerability['id']}: {state}")
            if state == "NOT ALLOWED":
                failing.append(vulnerability["id"])
    return found, failing


def sbom(results: Path) -> bool:
    run = subprocess.run(
        [str(BIN / "cyclonedx-py"), "requirements", "requirements.lock", "--output-format", "JSON"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if run.returncode != 0:
        print(f"sbom: cyclonedx-py failed: {run.stderr.strip()[-2000:]}")
        return False
    document = json.loads(run.stdout)
    python_count = len(document.get("components", []))
    vendored = json.loads((ROOT / "petitions/static/vendor/vendored.json").read_text())["components"]
    mismatches = vendored_mismatches(vendored, ROOT / "petitions/static")
    for path in mismatches:
        print(f"sbom: {path} does not match vendored.json")
    for component in vendored:
        document.setdefault("components", []).append(
            {
                "type": component["type"],
                "name": component["name"],
                "version": component["version"],
                "purl": component["purl"],
                "licenses": [{"license": {"id": component["license"]}}],
                "hashes": [{"alg": "SHA-256", "content": item["sha256"]} for item in component["files"]],
                "description": component["source"],
            }
        )
    (results / "sbom.cdx.json").write_text(json.dumps(document, indent=1))
    print(f"sbom: {python_count} Python packages + {len(vendored)} vendored components → {results / 'sbom.cdx.json'}")
    return not mismatches


def vendored_mismatches(vendored: list[dict], static: Path) -> list[str]:
    """Files of the manifest that are missing or differ, and files under vendor/ that it does not list."""
    listed = {item["path"]: item["sha256"] for component in vendored for item in component["files"]}
    wrong = [
        path for path, digest in listed.items()
        if not (static / path).is_file() or hashlib.sha256((static / path).read_bytes()).hexdigest() != digest
    ]
    unlisted = [
        str(path.relative_to(static)) for path in (static / "vendor").rglob("*")
        if path.is_file() and path.name not in ("README.md", "vendored.json")
        and str(path.relative_to(static)) not in listed
    ]
    return wrong + unlisted


def main() -> int:
    results = Path(sys.argv[1])
    results.mkdir(parents=True, exist_ok=True)
    verdicts = {"bandit": bandit(), "pip-audit": pip_audit(datetime.date.today()), "sbom": sbom(results)}
    failed = [name for name, ok in verdicts.items() if not ok]
    print("gates: " + ("FAILED " + ", ".join(failed) if failed else "ok"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
