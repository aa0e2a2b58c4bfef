"""The benchmark runs at a tiny size and prints every operation, so it cannot rot between the runs that
measure (figures are read by a person from a real run, never asserted here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from petitions.config import PROJECT_ROOT
from tests.conftest import provision_database

RUN = PROJECT_ROOT / "benchmarks" / "run.py"


def _operations() -> list[str]:
    listed = subprocess.run([sys.executable, str(RUN), "--list"], check=True, capture_output=True, text=True).stdout
    return [line.split()[0] for line in listed.splitlines() if line.strip()]


@pytest.mark.load
def test_benchmark_prints_a_json_line_for_every_operation(tmp_path: Path) -> None:
    with provision_database(tmp_path) as database:
        url = database.url
        if database.schema:  # the subprocesses find the run's own schema through the connection options
            url += ("&" if "?" in url else "?") + "options=" + quote(f"-csearch_path={database.schema}")
        env = dict(os.environ, DATABASE_URL=url)
        result = subprocess.run(
            [sys.executable, str(RUN), "--letters", "300", "--repeat", "1", "--warmup", "0"],
            env=env, capture_output=True, text=True, timeout=600,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    by_op = {line["op"]: line for line in lines}
    assert set(_operations()) <= set(by_op)
    assert by_op["generation"]["letters"] == 300
    for name in _operations():
        line = by_op[name]
        assert line["n"] == 300 and line["db"] in ("sqlite", "postgresql")
        if name == "report.01tcd.year.rss":
            assert line["peak_rss_mb"] > 0
        else:
            assert line["median_ms"] > 0 and line["reps"] == 1
    # The table for a person to read follows the JSON lines, one row per operation.
    table = result.stdout.split("\n\n", 1)[-1]
    assert all(name in table for name in _operations())
