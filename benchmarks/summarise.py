#!/usr/bin/env python3
"""Put the JSON lines of several benchmark runs side by side, as a Markdown table per database:
one row per operation, one column per size, "median / p95 ms (ratio)" in each cell, so the growth from
10k to 1M letters reads along a row.

    .venv/bin/python benchmarks/summarise.py sqlite-10000.jsonl sqlite-100000.jsonl pg-10000.jsonl …
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any


def cell(line: dict[str, Any]) -> str:
    if line.get("skipped"):
        return "not run (--skip)"
    if "peak_rss_mb" in line:
        return f"{line['peak_rss_mb']:.0f} MB (app alone {line['floor_rss_mb']:.0f} MB)"
    if line.get("op") == "generation":
        return f"{line['letters']:,} in {line['seconds']} s ({line['letters_per_s']:,}/s)"
    text = f"{line['median_ms']:.1f} / {line['p95_ms']:.1f}"
    if line.get("ratio") is not None and line["op"] != "floor":
        text += f" ({line['ratio']:.1f}×)"
    if line.get("reps", 30) < 30:
        text += f" [{line['reps']} runs]"
    return text


def nominal(n: int) -> int:
    """The size a run was asked for: n to two significant digits."""
    digits = len(str(n)) - 2
    return round(n, -digits) if digits > 0 else n


def main(paths: list[str]) -> int:
    by_db: dict[str, dict[int, dict[str, dict[str, Any]]]] = defaultdict(lambda: defaultdict(dict))
    order: list[str] = []
    for path in paths:
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            if not raw.startswith("{"):
                continue
            line = json.loads(raw)
            # Runs on a reused database see the letters earlier runs registered (10,033 for 10k): one
            # column per nominal size, later files overriding earlier ones.
            by_db[line["db"]][nominal(line["n"])][line["op"]] = line
            if line["op"] not in order:
                order.append(line["op"])
    for db, sizes in by_db.items():
        ns = sorted(sizes)
        print(f"\n**{db}** — median / p95 ms (ratio app/limit)\n")
        print("| operation | " + " | ".join(f"{n:,} letters" for n in ns) + " |")
        print("|---|" + "---|" * len(ns))
        for op in order:
            cells = [cell(sizes[n][op]) if op in sizes[n] else "—" for n in ns]
            if any(c != "—" for c in cells):
                print(f"| `{op}` | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
