"""Time of importing an office's Excel book of N visits (issue 24), through the code the import page and
`petitions import-book` run (petitions.imports.services.import_book: every row checked and registered through the
intake, all or nothing, one transaction).

    .venv/bin/python benchmarks/import_book.py [--rows 5000]
    DATABASE_URL=postgresql://… .venv/bin/python benchmarks/import_book.py   # an empty database of its own

The database is made anew for each run (SQLite: benchmarks/.data/import-book.db), migrated and seeded with the
project's CLI; a new office and its leader import the book. Prints the rows, the seconds of the dry run (every row
checked, nothing kept) and of the import, rows per second, and one JSON line per measurement. tests/imports checks
what an import does on a small book; this prints what a large one costs.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"


def database_url() -> str:
    from petitions.config import normalise_database_url

    url = os.environ.get("DATABASE_URL")
    if url:
        return normalise_database_url(url)
    DATA.mkdir(exist_ok=True)
    path = DATA / "import-book.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def visit_row(number: int) -> dict[str, Any]:
    return {
        "row_key": f"2023-{number:05d}",
        "visited_on": datetime(2025, 3, 1 + number % 28),
        "full_name": f"Nguyễn Văn Nhập {number}",
        "id_number": f"0221{number:08d}",
        "address": "Hạ Long, Quảng Ninh",
        "headcount": 1,
        "classification": "Khiếu nại",
        "complaint_subtype": "Khiếu nại quyết định, hành vi hành chính",
        "summary": f"Khiếu nại việc thu hồi đất thửa số {number}",
        "outcome": "Hướng dẫn",
        "outcome_detail": "UBND thành phố Hạ Long",
        "refusal_ground": None,
        "agency": None,
    }


def book(rows: int) -> bytes:
    import openpyxl

    from petitions.imports.layout import VISITS

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = VISITS.title
    sheet.append([column.header for column in VISITS.columns])
    for number in range(1, rows + 1):
        values = visit_row(number)
        sheet.append([values[column.key] for column in VISITS.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()

    url = database_url()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=secrets.token_urlsafe(48))
    command = [sys.executable, "-c", "from petitions.cli import main; main()"]
    subprocess.run([*command, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*command, "seed"], env=env, check=True, capture_output=True)

    from petitions import create_app
    from petitions.auth import services as auth_services
    from petitions.directory.models import Agency
    from petitions.domain.types import Role
    from petitions.extensions import db, immediate_transactions
    from petitions.imports.layout import VISITS
    from petitions.imports.services import import_book
    from petitions.reception.models import Visit

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PASSWORD_HASHER": "fast-test-hasher",
    })
    content = book(args.rows)
    lines: list[dict[str, Any]] = []
    with app.app_context():
        agency = Agency(code="NHAPSO", name="Ban Tiếp công dân đo nhập sổ", place_name="Quảng Ninh", abbreviation="NHAPSO")
        db.session.add(agency)
        db.session.flush()
        leader, _ = auth_services.create_user(
            username="import-bench-leader", full_name="Lãnh đạo đo nhập sổ", role=Role.LEADER, agency_id=agency.id,
            password=secrets.token_urlsafe(24), actor=None, must_change_password=False,
        )
        db.session.commit()
        for dry_run in (True, False):
            started = time.perf_counter()
            with immediate_transactions():  # as the page's POST and the command run it
                result = import_book(content, file_name="so.xlsx", agency_id=agency.id, actor=leader, dry_run=dry_run)
            seconds = time.perf_counter() - started
            assert result.problems == [], result.problems[:5]
            assert result.imported == {VISITS.title: args.rows}, result.imported
            lines.append({"op": "import.visits.dry_run" if dry_run else "import.visits", "rows": args.rows,
                          "seconds": round(seconds, 2), "rows_per_s": round(args.rows / seconds, 1),
                          "db": db.engine.dialect.name})
        kept = db.session.scalar(sa.select(sa.func.count()).select_from(Visit).where(Visit.agency_id == agency.id))
        assert kept == args.rows, kept
    print(f"{'operation':<24} {'rows':>8} {'seconds':>9} {'rows/s':>9}  db")
    for line in lines:
        print(f"{line['op']:<24} {line['rows']:>8} {line['seconds']:>9} {line['rows_per_s']:>9}  {line['db']}")
    for line in lines:
        print(json.dumps(line))


if __name__ == "__main__":
    main()
