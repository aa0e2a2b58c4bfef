"""Peak memory of a list export at N rows (issue 24: "100,000 rows stream without loading them all in memory").

    .venv/bin/python benchmarks/exports.py [--rows 100000] [--lists citizens,letters]
    DATABASE_URL=postgresql://… .venv/bin/python benchmarks/exports.py      # an empty database of its own

Fills a database of its own (SQLite: benchmarks/.data/exports-N.db; kept, so a second run reuses it) with N citizens
of one agency (a bulk insert: the export reads the citizen list, not its search index) and N letters (the project's
own `petitions demo --letters N`), then exports each list through the code the export button and the background job
run (petitions.exports.services: the list's own scoped select, read by keyset 500 records at a time, written by
petitions.spreadsheets) as CSV and as .xlsx to files, in this process. For each it prints the rows, the seconds, the
bytes, tracemalloc's peak of Python allocations during the export, and the process's peak RSS after it. As a
control, the same list read whole into memory (every record at once, as an export must not) is measured last, since
RSS only grows. One JSON line per measurement follows the table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
BENCH_USER = "export-bench-leader"


def database_url(rows: int) -> str:
    from petitions.config import normalise_database_url

    url = os.environ.get("DATABASE_URL")
    if url:
        return normalise_database_url(url)
    DATA.mkdir(exist_ok=True)
    return f"sqlite:///{DATA / f'exports-{rows}.db'}"


def app_config(url: str) -> dict[str, Any]:
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PASSWORD_HASHER": "fast-test-hasher",
        "UPLOAD_FOLDER": tempfile.mkdtemp(prefix="petitions-export-bench-"),
    }


def prepare(url: str, rows: int, lists: list[str]) -> None:
    """Migrate and seed with the project's CLI; add the letters with its demo command when missing."""
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=secrets.token_urlsafe(48))
    command = [sys.executable, "-c", "from petitions.cli import main; main()"]
    subprocess.run([*command, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*command, "seed"], env=env, check=True, capture_output=True)
    if "letters" in lists:
        from petitions import create_app
        from petitions.demo import count_letters

        with create_app(app_config(url)).app_context():
            have = count_letters()
        if have < rows:
            print(f"generating {rows:,} letters with `petitions demo` …", flush=True)
            subprocess.run([*command, "demo", "--letters", str(rows)], env=env, check=True, capture_output=True)


def top_agency_and_leader() -> Any:
    """The top agency's leader (made once): the scope that holds every demo letter."""
    from petitions.auth import services as auth_services
    from petitions.auth.models import User
    from petitions.directory.models import Agency
    from petitions.domain.types import Role
    from petitions.extensions import db

    user = db.session.scalar(sa.select(User).where(User.username == BENCH_USER))
    if user is None:
        top = db.session.scalars(sa.select(Agency).where(Agency.parent_id.is_(None)).order_by(Agency.id)).first()
        assert top is not None, "no agency: `petitions seed` did not run"
        user, _ = auth_services.create_user(
            username=BENCH_USER, full_name="Lãnh đạo đo kết xuất", role=Role.LEADER, agency_id=top.id,
            password=secrets.token_urlsafe(24), actor=None, must_change_password=False,
        )
        db.session.commit()
    return user


def fill_citizens(user: Any, rows: int) -> None:
    """N citizens of the user's agency, in batches (a bulk insert; names with a formula-like one among them)."""
    from petitions.citizens.models import Citizen
    from petitions.domain.records import IdType
    from petitions.domain.text import fold_text
    from petitions.extensions import db

    have = db.session.scalar(sa.select(sa.func.count()).select_from(Citizen).where(Citizen.agency_id == user.agency_id)) or 0
    surnames = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
    given = ("Văn An", "Thị Bình", "Hữu Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quốc Hùng", "Ngọc Lan")
    for start in range(have, rows, 10_000):
        batch = []
        for number in range(start, min(rows, start + 10_000)):
            name = f"{surnames[number % 8]} {given[(number // 8) % 8]} {number}" if number % 1000 else '=HYPERLINK("http://x","y")'
            batch.append({
                "agency_id": user.agency_id, "full_name": name, "full_name_folded": fold_text(name),
                "id_type": IdType.CCCD, "id_number": f"{number:012d}", "birth_year": 1950 + number % 50,
                "phone": f"09{number:08d}", "address_text": f"Thôn {number % 40}",
            })
        db.session.execute(sa.insert(Citizen), batch)
        db.session.commit()


def measure(name: str, run: Callable[[], tuple[int, int]]) -> dict[str, Any]:
    """Run one export: (rows, bytes) with its seconds, tracemalloc peak and the RSS high-water mark after it."""
    tracemalloc.start()
    started = time.perf_counter()
    rows, size = run()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "name": name, "rows": rows, "seconds": round(seconds, 2), "bytes": size,
        "tracemalloc_peak_mb": round(peak / 2**20, 1),
        "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--lists", default="citizens,letters", help="comma-separated: citizens, letters")
    args = parser.parse_args(argv)
    lists = [name for name in args.lists.split(",") if name]
    url = database_url(args.rows)
    prepare(url, args.rows, lists)

    from petitions import create_app
    from petitions.clock import local_today
    from petitions.exports import services
    from petitions.extensions import db

    app = create_app(app_config(url))
    results = []
    with app.app_context(), app.test_request_context():
        user = top_agency_and_leader()
        if "citizens" in lists:
            fill_citizens(user, args.rows)
        today = local_today()
        out = Path(tempfile.mkdtemp(prefix="petitions-export-bench-"))
        for name in lists:
            export = services.get_export(name)
            assert export is not None
            filters = export.filters_type()
            expected = services.count_rows(export, user, filters, today=today, up_to=10**9)

            def csv_run(export: Any = export, filters: Any = filters, name: str = name) -> tuple[int, int]:
                path, lines = out / f"{name}.csv", 0
                with path.open("wb") as handle:
                    for chunk in services.stream_csv(export, user, filters, today=today):
                        handle.write(chunk)
                        lines += chunk.count(b"\r\n")
                db.session.expunge_all()
                return lines - 1, path.stat().st_size  # header line not counted (no field holds a CRLF here)

            def xlsx_run(export: Any = export, filters: Any = filters, name: str = name) -> tuple[int, int]:
                path = out / f"{name}.xlsx"
                with path.open("wb") as handle:
                    written = services.write_xlsx(export, user, filters, handle, today=today)
                db.session.expunge_all()
                return written, path.stat().st_size

            for fmt, run in (("csv", csv_run), ("xlsx", xlsx_run)):
                line = measure(f"{name}.{fmt}", run)
                line["expected_rows"] = expected
                results.append(line)
        # The control: the first list read whole, every record at once (what streaming avoids).
        export = services.get_export(lists[0])
        assert export is not None

        def whole() -> tuple[int, int]:
            query, order = export.select(user, export.filters_type(), today)
            records = list(db.session.scalars(query.order_by(*order)))
            rows = list(export.rows(user, records, today))
            return len(rows), 0

        results.append(measure(f"{lists[0]}.whole-in-memory (control)", whole))

    dialect = sa.make_url(url).get_backend_name()
    print(f"\nexports at {args.rows:,} rows on {dialect}")
    print(f"{'export':40} {'rows':>9} {'s':>7} {'MB out':>8} {'tracemalloc peak MB':>20} {'peak RSS MB':>12}")
    for line in results:
        print(f"{line['name']:40} {line['rows']:>9,} {line['seconds']:>7} {line['bytes'] / 2**20:>8.1f} "
              f"{line['tracemalloc_peak_mb']:>20} {line['maxrss_mb']:>12}")
    for line in results:
        print(json.dumps({"dialect": dialect, **line}))
    return 0 if all(line.get("expected_rows", line["rows"]) == line["rows"] for line in results) else 1


if __name__ == "__main__":
    sys.exit(main())
