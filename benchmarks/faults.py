"""Integrity and fault scripts (issue 25): the app under gunicorn (petitions/gunicorn_conf.py) on loopback, driven
over HTTP like browsers and API clients, then the database and UPLOAD_FOLDER read directly. Each subcommand
prints its figures and one JSON line, and exits 1 when its target is missed.

    .venv/bin/python benchmarks/faults.py conflicts [--edits 1000] [--contenders 20]
    .venv/bin/python benchmarks/faults.py kill [--cycles 3] [--seconds 8] [--writers 6]
    .venv/bin/python benchmarks/faults.py pg-restart [--seconds 40] [--outage 3]
    .venv/bin/python benchmarks/faults.py disk-full [--size-kb 2048]
    .venv/bin/python benchmarks/faults.py durability

Database: with DATABASE_URL naming a PostgreSQL server, a fresh database of its own on that server (dropped
afterwards); without it, a SQLite file in a temporary directory. `pg-restart` ignores DATABASE_URL: it starts
a throw-away PostgreSQL cluster of its own (initdb in a temporary directory, a free port) and restarts that one.

conflicts    N edits of one visit (a record with both a page form and an API update), in rounds: each round's
             contenders (half on the edit page, half on the API) all read the same version, then all save at
             once. Target: 0 lost updates (every acknowledged save is in the record's history, in order, and
             the version moved once per acknowledged save) and every loser answered 409 (page) / 412 (API; 409
             when it raced past the If-Match check, the API's documented answer). A read that got no answer
             at all (a reset connection: that contender sends no save) is counted apart and does not fail it;
             a read answered with an error does.
kill         Writers register visits and letters (API) and upload attachments (page) while gunicorn (master
             and workers) is killed with SIGKILL, several times. Target: every acknowledged write (201 / 303)
             present with its file, the database consistent (SQLite integrity_check and foreign_key_check;
             register and book numbers gapless and equal to their counters on both databases), no file that
             no row names once `petitions uploads sweep` has run (the orphans the crash left are counted too).
pg-restart   Readers and writers run while the cluster is restarted (pg_ctl stop -m fast, a pause, start).
             Target: no failed request among those started after the database accepted connections again,
             with no restart of the app (pool_pre_ping); errors during the outage and the time to recover
             are reported.
disk-full    UPLOAD_FOLDER on a tiny tmpfs (mount needs root); attachments are uploaded until the disk is
             full. Target: every refused upload answered 507 (not 500), left no row and no file; every file
             on the disk is a row's, whole (size and SHA-256 as recorded); the app still answers.
durability   The SQLite settings a connection of the app gets (journal_mode, synchronous) against what
             docs/security-operations.md states. Target: they agree.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load import (  # noqa: E402
    Api,
    Instance,
    Person,
    csrf_token,
    free_port,
    letter_body,
    petitions_cli,
    serve,
    sign_in,
    visit_body,
)
from benchmarks.load import provision as provision_users  # noqa: E402
from petitions.config import normalise_database_url  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "faults test password 2026 ok"
TIMEOUT = 60
# The gunicorn logs of every run stay here (the workspace itself is deleted).
LOG_DIR = Path(os.environ.get("TMPDIR", "/tmp")) / "faults-logs"


def load_average() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


# ------------------------------------------------------------------------------------------------ the setup


@dataclass
class Workspace:
    env: dict[str, str]
    url: str  # the database, as SQLAlchemy takes it
    tmp: Path
    kind: str  # "sqlite" | "postgresql"

    @property
    def uploads(self) -> Path:
        return Path(self.env["UPLOAD_FOLDER"])

    def engine(self) -> sa.Engine:
        return sa.create_engine(self.url)


@contextmanager
def workspace(label: str, *, database_url: str | None = None, uploads: Path | None = None) -> Iterator[Workspace]:
    """A migrated, seeded database of its own and an upload folder, dropped afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix=f"faults-{label}-"))
    LOG_DIR.mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "PETITIONS_ENV"}
    env["SECRET_KEY"] = secrets.token_urlsafe(48)
    env["UPLOAD_FOLDER"] = str(uploads or tmp / "uploads")
    server = database_url if database_url is not None else os.environ.get("DATABASE_URL", "")
    admin = None
    name = f"faults_{label.replace('-', '_')}_{secrets.token_hex(3)}"
    if server.startswith("postgres"):
        admin = sa.create_engine(normalise_database_url(server), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
        url = admin.url.set(database=name).render_as_string(hide_password=False)
        kind = "postgresql"
    else:
        url = f"sqlite:///{tmp / 'faults.db'}"
        kind = "sqlite"
    env["DATABASE_URL"] = url
    try:
        petitions_cli(env, "db", "upgrade")
        petitions_cli(env, "seed")
        yield Workspace(env, normalise_database_url(url), tmp, kind)
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.dispose()
        shutil.rmtree(tmp, ignore_errors=True)


def provision(env: dict[str, str], usernames: list[str], *, tokens: int = 1) -> list[Person]:
    return provision_users(env, usernames, PASSWORD, tokens=tokens)


def pdf_bytes(size: int) -> bytes:
    """A PDF as the upload checks it (magic number), unique, `size` bytes."""
    head = b"%PDF-1.4\n%" + secrets.token_hex(16).encode() + b"\n"
    return head + secrets.token_bytes(max(size - len(head) - 6, 0)) + b"\n%%EOF"


def upload(
    http: requests.Session, base: str, letter_id: int, data: bytes, name: str = "scan.pdf", token: str | None = None
) -> requests.Response:
    """The letter page's upload form (its CSRF token lives as long as the session: pass it to skip the page)."""
    token = token or csrf_token(http, f"{base}/letters/{letter_id}")
    return http.post(f"{base}/letters/{letter_id}/attachments", data={"csrf_token": token},
                     files={"file": (name, data, "application/pdf")}, allow_redirects=False, timeout=TIMEOUT)


def signed_in(base: str, username: str) -> requests.Session:
    http = requests.Session()
    answer = sign_in(base, username, PASSWORD, http)
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in of {username} refused ({answer.status_code})")
    return http


def report(figures: dict[str, Any], failed: bool) -> int:
    figures = {**figures, "load_avg": load_average(), "ok": not failed}
    print(json.dumps(figures, ensure_ascii=False))
    return 1 if failed else 0


# ------------------------------------------------------------------------------------------------ conflicts

_VERSION = re.compile(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"')


@dataclass
class Outcome:
    kind: str  # page | api
    base: int | None  # the version the contender read
    value: str
    status: int | None  # None: no answer (connection error)
    error: str = ""


class Contender:
    def __init__(self, index: int, kind: str, base: str, visit_id: int, person: Person) -> None:
        self.index, self.kind, self.base_url, self.visit_id = index, kind, base, visit_id
        if kind == "page":
            self.http = signed_in(base, person.username)
        else:
            self.api = Api(base, person.tokens)

    def contend(self, round_no: int, barrier: threading.Barrier) -> Outcome:
        value = f"Sửa lần {round_no} của người {self.index}"
        version = token = None
        try:
            if self.kind == "page":
                page = self.http.get(f"{self.base_url}/reception/visits/{self.visit_id}/edit", timeout=TIMEOUT)
                if page.status_code != 200:
                    return Outcome(self.kind, None, value, None, f"read answered {page.status_code}")
                found = _VERSION.search(page.text)
                token_match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
                if found and token_match:
                    version, token = int(found.group(1) or found.group(2)), token_match.group(1)
            else:
                answer = self.api.request("GET", f"/api/v1/visits/{self.visit_id}")
                if answer.status_code != 200:
                    return Outcome(self.kind, None, value, None, f"read answered {answer.status_code}")
                version = int(answer.headers["ETag"].strip('"')[1:])
        except requests.RequestException as failure:
            return Outcome(self.kind, None, value, None, f"read: {type(failure).__name__}")
        finally:
            barrier.wait(timeout=TIMEOUT)  # every contender has read before anyone saves
        if version is None:
            return Outcome(self.kind, None, value, None, "read failed")
        try:
            if self.kind == "page":
                answer = self.http.post(
                    f"{self.base_url}/reception/visits/{self.visit_id}/edit",
                    data={"csrf_token": token, "version": str(version), "summary": value, "respondent": "",
                          "already_resolved_by": "", "documents_handed": ""},
                    allow_redirects=False, timeout=TIMEOUT,
                )
            else:
                answer = self.api.request("PATCH", f"/api/v1/visits/{self.visit_id}", json={"summary": value},
                                          headers={"If-Match": f'"v{version}"'})
        except requests.RequestException as failure:
            return Outcome(self.kind, version, value, None, type(failure).__name__)
        return Outcome(self.kind, version, value, answer.status_code)


WON = {"page": {302}, "api": {200}}
# A loser: 409 on the page; 412 in the API when the If-Match check refuses it, 409 when it raced past the check
# and the versioned UPDATE matched no row (StaleDataError, the API's documented answer to a race).
LOST = {"page": {409}, "api": {412, 409}}


def run_conflicts(args: argparse.Namespace) -> int:
    with workspace("conflicts") as ws:
        contenders = args.contenders
        per_client = math.ceil(args.edits / contenders)
        people = provision(ws.env, [f"sua{i:02d}" for i in range(contenders)], tokens=math.ceil(2 * per_client / Api.PER_TOKEN) + 1)
        with serve(ws.env, workers=args.workers, log_dir=LOG_DIR) as instance:
            creator = Api(instance.base, people[0].tokens[-1:])
            created = creator.request("POST", "/api/v1/visits", json=visit_body("Kiến nghị ban đầu"))
            if created.status_code != 201:
                raise RuntimeError(f"visit not created: {created.status_code} {created.text[:500]}")
            visit_id, first_version = created.json()["id"], int(created.headers["ETag"].strip('"')[1:])
            clients = [Contender(i, "page" if i % 2 == 0 else "api", instance.base, visit_id, people[i])
                       for i in range(contenders)]
            outcomes: list[Outcome] = []
            started = time.monotonic()
            with ThreadPoolExecutor(contenders) as pool:
                round_no = 0
                while len(outcomes) < args.edits:
                    taking = clients[: min(contenders, args.edits - len(outcomes))]
                    barrier = threading.Barrier(len(taking))
                    outcomes.extend(pool.map(lambda c, r=round_no, b=barrier: c.contend(r, b), taking))
                    round_no += 1
            elapsed = time.monotonic() - started
            final = Api(instance.base, people[0].tokens[-1:]).request("GET", f"/api/v1/visits/{visit_id}")
        final_version = int(final.headers["ETag"].strip('"')[1:])
        final_summary = final.json()["summary"]
        with ws.engine().connect() as connection:
            history = list(connection.execute(sa.text(
                "SELECT new_value FROM history_entry WHERE record_type = 'visit' AND record_id = :id "
                "AND field = 'summary' AND action = 'update' ORDER BY id"), {"id": visit_id}).scalars())
    won = [o for o in outcomes if o.status in WON[o.kind]]
    lost = [o for o in outcomes if o.status in LOST[o.kind]]
    # A contender whose read got no answer at all (a connection reset) never saved: counted apart. A read that
    # answered an error, and a save answered otherwise than won or lost, miss the target.
    unread = [o for o in outcomes if o.base is None and o.error.startswith("read: ")]
    other = [o for o in outcomes if o not in won and o not in lost and o not in unread]
    won_by_base = Counter(o.base for o in won)
    in_order = sorted(won, key=lambda o: o.base or 0)
    # A lost update: an acknowledged save that the record does not show (its value missing from the history,
    # or two acknowledged saves from one version, one of which overwrote the other unseen).
    missing = [o for o in won if o.value not in history]
    same_base = sum(n - 1 for n in won_by_base.values() if n > 1)
    lost_updates = len(missing) + same_base
    history_in_order = history == [o.value for o in in_order]
    version_moves = final_version - first_version
    failed = bool(lost_updates or other or not history_in_order or version_moves != len(won)
                  or (in_order and final_summary != in_order[-1].value))
    print(f"conflicts on {ws.kind}: {len(outcomes)} edits of one visit, {contenders} contenders a round "
          f"({contenders // 2 + contenders % 2} page, {contenders // 2} API), {round_no} rounds, {elapsed:.1f} s")
    print(f"  acknowledged saves {len(won)} (page {sum(o.kind == 'page' for o in won)}, API "
          f"{sum(o.kind == 'api' for o in won)}); losers {len(lost)} (409 page {sum(o.kind == 'page' for o in lost)}, "
          f"API {sum(o.kind == 'api' and o.status == 412 for o in lost)} × 412 + "
          f"{sum(o.kind == 'api' and o.status == 409 for o in lost)} × 409 raced past the check); reads without an "
          f"answer (no save sent) {len(unread)}; other answers {len(other)} "
          f"{dict(Counter((o.kind, o.status, o.error) for o in other))}")
    print(f"  lost updates {lost_updates} (missing from history {len(missing)}, two saves from one version "
          f"{same_base}); history in save order {history_in_order}; version moved {version_moves} for "
          f"{len(won)} saves; load average {load_average()}")
    return report({
        "op": "faults.conflicts", "db": ws.kind, "edits": len(outcomes), "contenders": contenders, "rounds": round_no,
        "acknowledged": len(won), "losers_409_412": len(lost), "api_409_raced": sum(o.status == 409 and o.kind == "api" for o in lost),
        "reads_unanswered": len(unread), "other_answers": len(other),
        "lost_updates": lost_updates, "history_in_order": history_in_order, "version_moves": version_moves,
        "seconds": round(elapsed, 1),
    }, failed)


# ------------------------------------------------------------------------------------------------ kill -9


@dataclass
class Acks:
    visits: list[int] = field(default_factory=list)
    letters: list[int] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # SHA-256 of acknowledged uploads
    attempts: int = 0
    unanswered: int = 0
    refused: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def kill_hard(instance: Instance) -> int:
    """SIGKILL to the gunicorn master and every worker at once (a crash, not a shutdown); the processes killed."""
    master = instance.process.pid
    try:
        children = [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        children = []
    for pid in [master, *children]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    instance.process.wait()
    return 1 + len(children)


@dataclass
class Writer:
    kind: str  # visit | letter | file
    person: Person
    http: requests.Session | None = None  # file: signed in, with the letter page's CSRF token
    token: str | None = None


def ready_writer(kind: str, instance: Instance, person: Person, letter_id: int) -> Writer:
    """Sign in and read the form's token before the clock starts (a cold worker can take seconds)."""
    if kind != "file":
        return Writer(kind, person)
    http = signed_in(instance.base, person.username)
    page = http.get(f"{instance.base}/letters/{letter_id}", timeout=TIMEOUT)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    if token is None:
        raise RuntimeError(f"no upload form on the letter page ({page.status_code})")
    return Writer(kind, person, http, token.group(1))


def writer(ready: Writer, instance: Instance, letter_id: int, stop: threading.Event, acks: Acks) -> None:
    kind, person, http, token = ready.kind, ready.person, ready.http, ready.token
    api = Api(instance.base, person.tokens)
    n = 0
    while not stop.is_set():
        n += 1
        try:
            with acks.lock:
                acks.attempts += 1
            if kind == "visit":
                answer = api.request("POST", "/api/v1/visits", json=visit_body(f"Lượt tiếp {person.username} {n}"))
                if answer.status_code == 201:
                    with acks.lock:
                        acks.visits.append(answer.json()["id"])
                    continue
            elif kind == "letter":
                answer = api.request("POST", "/api/v1/letters", json=letter_body(f"Đơn {person.username} {n}"))
                if answer.status_code == 201:
                    with acks.lock:
                        acks.letters.append(answer.json()["id"])
                    continue
            else:
                assert http is not None
                data = pdf_bytes(secrets.randbelow(200_000) + 20_000)
                answer = upload(http, instance.base, letter_id, data, token=token)
                if answer.status_code in (302, 303):
                    with acks.lock:
                        acks.files.append(hashlib.sha256(data).hexdigest())
                    continue
            with acks.lock:
                acks.refused[answer.status_code] += 1
        except requests.RequestException:
            with acks.lock:
                acks.unanswered += 1  # the server is gone (killed): this write is unacknowledged, the writer stops
            return


def numbering_gaps(connection: sa.Connection) -> dict[str, int]:
    """Sequences whose numbers are not exactly 1..counter (a gap, a repeat, or a counter out of step)."""
    checks = {
        "LETTER_REGISTER": "SELECT register_agency_id, register_year, COUNT(*), COUNT(DISTINCT register_number), "
                           "MAX(register_number) FROM letter GROUP BY register_agency_id, register_year",
        "RECEPTION_BOOK": "SELECT agency_id, book_year, COUNT(*), COUNT(DISTINCT book_number), MAX(book_number) "
                          "FROM visit GROUP BY agency_id, book_year",
    }
    out = {}
    for kind, query in checks.items():
        counters = {(a, y): n for a, y, n in connection.execute(sa.text(
            "SELECT agency_id, year, last_number FROM register_counter WHERE kind = :k"), {"k": kind})}
        bad = 0
        for agency, year, count, distinct, top in connection.execute(sa.text(query)):
            if not (count == distinct == top == counters.get((agency, year))):
                bad += 1
        out[kind] = bad
    return out


def integrity(ws: Workspace) -> tuple[str, int]:
    """SQLite: integrity_check's answer and the foreign_key_check rows; PostgreSQL enforces both itself."""
    if ws.kind != "sqlite":
        return "n/a (PostgreSQL)", 0
    with sqlite3.connect(ws.url.removeprefix("sqlite:///")) as connection:
        checked = connection.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = len(connection.execute("PRAGMA foreign_key_check").fetchall())
    return checked, foreign


def stored_files(ws: Workspace) -> dict[str, Path]:
    folder = ws.uploads / "letters"
    return {p.name: p for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}


def run_kill(args: argparse.Namespace) -> int:
    with workspace("kill") as ws:
        people = provision(ws.env, [f"ghi{i:02d}" for i in range(args.writers)], tokens=args.cycles * 2 + 2)
        acks = Acks()
        killed = 0
        started = time.monotonic()
        with serve(ws.env, workers=args.workers, log_dir=LOG_DIR) as instance:
            made = Api(instance.base, people[0].tokens[-1:]).request("POST", "/api/v1/letters", json=letter_body("Đơn nhận tệp"))
            letter_id = made.json()["id"]
        kinds = ["visit", "letter", "file"]
        for cycle in range(args.cycles):
            with serve(ws.env, workers=args.workers, log_dir=LOG_DIR) as instance:
                with ThreadPoolExecutor(args.writers) as pool:
                    writers = list(pool.map(lambda i: ready_writer(kinds[i % 3], instance, people[i], letter_id),
                                            range(args.writers)))
                stop = threading.Event()
                threads = [threading.Thread(target=writer, args=(writers[i], instance, letter_id, stop, acks))
                           for i in range(args.writers)]
                for thread in threads:
                    thread.start()
                time.sleep(args.seconds * (0.6 + 0.4 * secrets.randbelow(1000) / 1000))
                killed += kill_hard(instance)
                time.sleep(0.5)
                stop.set()
                for thread in threads:
                    thread.join()
            print(f"  cycle {cycle + 1}: killed; acknowledged so far: {len(acks.visits)} visits, {len(acks.letters)} "
                  f"letters, {len(acks.files)} files")
        elapsed = time.monotonic() - started
        engine = ws.engine()
        with engine.connect() as connection:
            visits = set(connection.execute(sa.text("SELECT id FROM visit")).scalars())
            letters = set(connection.execute(sa.text("SELECT id FROM letter")).scalars())
            rows = {sha: name for sha, name in connection.execute(sa.text("SELECT sha256, stored_name FROM letter_attachment"))}
            gaps = numbering_gaps(connection)
        engine.dispose()
        checked, foreign = integrity(ws)
        files = stored_files(ws)
        missing = ([v for v in acks.visits if v not in visits] + [v for v in acks.letters if v not in letters]
                   + [s for s in acks.files if s not in rows])
        names = set(rows.values())
        lost_files = [sha for sha in acks.files if sha in rows and (
            rows[sha] not in files or hashlib.sha256(files[rows[sha]].read_bytes()).hexdigest() != sha)]
        orphans_before = [n for n in files if n not in names]
        swept = petitions_cli(ws.env, "uploads", "sweep", "--min-age", "0").strip()
        orphans_after = [n for n in stored_files(ws) if n not in names]
        # The app starts again on the crashed database and takes a write.
        with serve(ws.env, workers=1, log_dir=LOG_DIR) as instance:
            again = Api(instance.base, people[0].tokens[-1:]).request("POST", "/api/v1/visits", json=visit_body("Sau sự cố"))
    failed = bool(missing or lost_files or checked != "ok" and ws.kind == "sqlite" or foreign or any(gaps.values())
                  or orphans_after or again.status_code != 201)
    print(f"kill -9 on {ws.kind}: {args.cycles} cycles, {args.writers} writers, {killed} processes killed, "
          f"{acks.attempts} writes tried, {elapsed:.1f} s")
    print(f"  acknowledged: {len(acks.visits)} visits, {len(acks.letters)} letters, {len(acks.files)} files; "
          f"unanswered {acks.unanswered}; refused {dict(acks.refused)}")
    print(f"  acknowledged but missing {len(missing)}; acknowledged file lost or altered {len(lost_files)}; "
          f"integrity_check {checked}; foreign_key_check rows {foreign}; sequences with gaps {gaps}")
    print(f"  orphan files left by the crashes {len(orphans_before)}; after `petitions uploads sweep` "
          f"{len(orphans_after)} ({swept}); a write after restart answered {again.status_code}; "
          f"load average {load_average()}")
    return report({
        "op": "faults.kill", "db": ws.kind, "cycles": args.cycles, "writers": args.writers, "attempts": acks.attempts,
        "acknowledged": len(acks.visits) + len(acks.letters) + len(acks.files), "acknowledged_files": len(acks.files),
        "missing": len(missing), "lost_files": len(lost_files), "integrity_check": checked, "foreign_key_errors": foreign,
        "numbering_gaps": sum(gaps.values()), "orphans_before_sweep": len(orphans_before),
        "orphans_after_sweep": len(orphans_after), "write_after_restart": again.status_code,
    }, failed)


# ------------------------------------------------------------------------------------------------ PostgreSQL restart


@dataclass
class Cluster:
    """A throw-away PostgreSQL cluster on a free loopback port (never the shared server)."""

    bin: Path
    data: Path
    port: int
    log: Path

    def ctl(self, *args: str) -> None:
        run_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", *args])

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


def run_as_postgres(command: list[str]) -> None:
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, text=True)


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise SystemExit("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb)")
    binaries = found[-1].parent
    home = Path(tempfile.mkdtemp(prefix="faults-pg-"))
    data = home / "data"
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    cluster = Cluster(binaries, data, free_port(), home / "server.log")
    run_as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                     "--no-sync"])
    options = f"-p {cluster.port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
    try:
        cluster.ctl("-o", options, "start")
        yield cluster
    finally:
        try:
            cluster.ctl("-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(home, ignore_errors=True)


@dataclass(frozen=True)
class Hit:
    started: float
    ended: float
    kind: str
    ok: bool
    status: int | None


def traffic(
    instance: Instance, http: requests.Session, person: Person, index: int, stop: threading.Event, hits: list[Hit]
) -> None:
    api = Api(instance.base, person.tokens)
    n = 0
    while not stop.is_set():
        n += 1
        kind = ("list", "write", "api-read")[n % 3]
        started = time.monotonic()
        status = None
        try:
            if kind == "list":
                status = http.get(instance.base + "/letters/", timeout=TIMEOUT, allow_redirects=False).status_code
                ok = status == 200
            elif kind == "write":
                status = api.request("POST", "/api/v1/visits", json=visit_body(f"Lượt {index}-{n}")).status_code
                ok = status == 201
            else:
                status = api.request("GET", "/api/v1/visits?limit=20").status_code
                ok = status == 200
        except requests.RequestException:
            ok = False
        hits.append(Hit(started, time.monotonic(), kind, ok, status))
        if not ok:
            stop.wait(0.1)


def run_pg_restart(args: argparse.Namespace) -> int:
    with throwaway_cluster() as cluster, workspace("pgrestart", database_url=cluster.url) as ws:
        people = provision(ws.env, [f"tai{i:02d}" for i in range(args.clients)], tokens=math.ceil(args.seconds / 20) + 2)
        hits: list[Hit] = []
        with serve(ws.env, workers=args.workers, log_dir=LOG_DIR) as instance:
            with ThreadPoolExecutor(args.clients) as pool:  # sign-ins before the clock starts
                browsers = list(pool.map(lambda p: signed_in(instance.base, p.username), people))
            stop = threading.Event()
            threads = [threading.Thread(target=traffic, args=(instance, browsers[i], people[i], i, stop, hits))
                       for i in range(args.clients)]
            origin = time.monotonic()
            for thread in threads:
                thread.start()
            time.sleep(args.seconds / 4)
            down = time.monotonic()
            cluster.ctl("-m", "fast", "stop")
            time.sleep(args.outage)
            cluster.ctl("-o", f"-p {cluster.port} -k {cluster.data.parent} -c listen_addresses=127.0.0.1 -c fsync=off",
                        "start")
            back = time.monotonic()
            time.sleep(max(args.seconds - (back - origin), 5))
            stop.set()
            for thread in threads:
                thread.join()
            app_pid_alive = instance.process.poll() is None
    before = [h for h in hits if h.started < down and h.ended < down]
    during = [h for h in hits if not (h.started < down and h.ended < down) and h.started < back]
    after = [h for h in hits if h.started >= back]
    first_ok = min((h.ended for h in after if h.ok), default=None)
    last_error = max((h.ended for h in hits if not h.ok), default=None)
    failed = bool(any(not h.ok for h in before) or any(not h.ok for h in after) or not app_pid_alive or not after)
    recover = (first_ok - back) if first_ok is not None else None
    print(f"PostgreSQL restart under load: {args.clients} clients, stopped {down - origin:.1f} s in for "
          f"{back - down:.1f} s (pg_ctl stop -m fast, {args.outage} s, start), {len(hits)} requests")
    print(f"  before: {len(before)} requests, {sum(not h.ok for h in before)} failed; during the outage: "
          f"{len(during)} requests, {sum(not h.ok for h in during)} failed "
          f"{dict(Counter((h.kind, h.status) for h in during if not h.ok))}")
    print(f"  after the database was back: {len(after)} requests, {sum(not h.ok for h in after)} failed; first "
          f"success {recover if recover is None else round(recover, 2)} s after; last error "
          f"{(last_error - back) if last_error else 0:+.2f} s from back; app restarted: no (same master "
          f"alive: {app_pid_alive}); load average {load_average()}")
    for hit in after:
        if not hit.ok:
            print(f"  failed after: {hit.kind} answered {hit.status}, started {hit.started - back:+.2f} s, "
                  f"took {hit.ended - hit.started:.2f} s")
    print(f"  gunicorn log: {instance.log}")
    return report({
        "op": "faults.pg_restart", "db": "postgresql", "clients": args.clients, "requests": len(hits),
        "outage_s": round(back - down, 2), "errors_before": sum(not h.ok for h in before),
        "errors_during": sum(not h.ok for h in during), "errors_after": sum(not h.ok for h in after),
        "requests_after": len(after), "first_success_after_s": round(recover, 3) if recover is not None else None,
        "app_restarted": False,
    }, failed)


# ------------------------------------------------------------------------------------------------ disk full


@contextmanager
def tiny_filesystem(size_kb: int) -> Iterator[Path]:
    mount = Path(tempfile.mkdtemp(prefix="faults-tiny-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        mount.rmdir()
        raise SystemExit(f"cannot mount a tmpfs (root needed): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()


def run_disk_full(args: argparse.Namespace) -> int:
    with tiny_filesystem(args.size_kb) as uploads, workspace("diskfull", uploads=uploads) as ws:
        people = provision(ws.env, ["day"], tokens=1)
        answers: list[tuple[int, str, int]] = []  # status, sha, size
        with serve(ws.env, workers=1, log_dir=LOG_DIR) as instance:
            made = Api(instance.base, people[0].tokens).request("POST", "/api/v1/letters", json=letter_body("Đơn nhận tệp"))
            letter_id = made.json()["id"]
            http = signed_in(instance.base, "day")
            size = args.size_kb * 1024 // 5 + 4096  # the sixth never fits; one fails while writing
            for _ in range(8):
                data = pdf_bytes(size)
                answers.append((upload(http, instance.base, letter_id, data).status_code, hashlib.sha256(data).hexdigest(), len(data)))
            small = pdf_bytes(2000)  # a small file still fits if the disk has room for it, else a clean refusal too
            answers.append((upload(http, instance.base, letter_id, small).status_code, hashlib.sha256(small).hexdigest(), len(small)))
            still = http.get(f"{instance.base}/letters/{letter_id}", timeout=TIMEOUT).status_code
        with ws.engine().connect() as connection:
            rows = {sha: (name, size) for sha, name, size in connection.execute(
                sa.text("SELECT sha256, stored_name, size_bytes FROM letter_attachment"))}
        files = stored_files(ws)
        names = {name for name, _size in rows.values()}
        refused = [a for a in answers if a[0] not in (302, 303)]
        accepted = [a for a in answers if a[0] in (302, 303)]
        refused_with_row = [a for a in refused if a[1] in rows]
        orphans = [n for n in files if n not in names]
        temporaries = [p.name for p in ws.uploads.rglob(".upload-*")]
        broken = [sha for sha, (name, size) in rows.items()
                  if name not in files or files[name].stat().st_size != size
                  or hashlib.sha256(files[name].read_bytes()).hexdigest() != sha]
        lost = [a for a in accepted if a[1] not in rows]
        usage = shutil.disk_usage(uploads)
    failed = bool(not refused or any(a[0] != 507 for a in refused) or refused_with_row or orphans or temporaries
                  or broken or lost or still != 200)
    print(f"disk full on upload ({ws.kind}, UPLOAD_FOLDER on a {args.size_kb} KB tmpfs, "
          f"{usage.free // 1024} KB free at the end): {len(answers)} uploads")
    print(f"  answers {[a[0] for a in answers]}; accepted {len(accepted)}, refused {len(refused)} "
          f"(statuses {dict(Counter(a[0] for a in refused))})")
    print(f"  refused with a row {len(refused_with_row)}; files no row names {len(orphans)}; temporary files "
          f"{len(temporaries)}; rows whose file is missing, short or altered {len(broken)}; accepted without a row "
          f"{len(lost)}; the letter page afterwards {still}; load average {load_average()}")
    return report({
        "op": "faults.disk_full", "db": ws.kind, "uploads": len(answers), "accepted": len(accepted),
        "refused": len(refused), "refused_statuses": sorted({a[0] for a in refused}),
        "partial_rows": len(refused_with_row), "orphan_files": len(orphans), "temporary_files": len(temporaries),
        "broken_files": len(broken), "page_after": still,
    }, failed)


# ------------------------------------------------------------------------------------------------ durability


_DOC = ROOT / "docs" / "security-operations.md"
_SYNC = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


def run_durability(_args: argparse.Namespace) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="faults-durability-"))
    code = (
        "import sqlalchemy as sa, json\n"
        "from petitions import create_app\n"
        "from petitions.extensions import db\n"
        "with create_app().app_context():\n"
        "    mode = db.session.execute(sa.text('PRAGMA journal_mode')).scalar()\n"
        "    sync = db.session.execute(sa.text('PRAGMA synchronous')).scalar()\n"
        "    print(json.dumps([mode, sync]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PETITIONS_ENV"}
    env.update(DATABASE_URL=f"sqlite:///{tmp / 'd.db'}", SECRET_KEY=secrets.token_urlsafe(48))
    try:
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, check=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    mode, sync = json.loads(done.stdout.strip().splitlines()[-1])
    actual = _SYNC.get(int(sync), str(sync))
    stated = re.search(r"`synchronous = (\w+)`", _DOC.read_text(encoding="utf-8"))
    stated_mode = "WAL mode" in _DOC.read_text(encoding="utf-8")
    failed = not stated or stated.group(1).upper() != actual or (mode.lower() == "wal") != stated_mode
    print(f"SQLite durability: a connection of the app runs journal_mode={mode}, synchronous={actual}; "
          f"docs/security-operations.md states synchronous = {stated.group(1) if stated else '(nothing)'}"
          f"{' in WAL mode' if stated_mode else ''}: {'agree' if not failed else 'DISAGREE'}")
    return report({"op": "faults.durability", "db": "sqlite", "journal_mode": mode, "synchronous": actual,
                   "stated": stated.group(1) if stated else None}, failed)


# ------------------------------------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    conflicts = commands.add_parser("conflicts", help="concurrent conflicting edits: lost updates, 409/412")
    conflicts.add_argument("--edits", type=int, default=1000)
    conflicts.add_argument("--contenders", type=int, default=20, help="contenders per round (half page, half API)")
    conflicts.add_argument("--workers", type=int, default=2)
    kill = commands.add_parser("kill", help="kill -9 of gunicorn during writes")
    kill.add_argument("--cycles", type=int, default=3)
    kill.add_argument("--seconds", type=float, default=8.0, help="writes before each kill (60–100 %% of it)")
    kill.add_argument("--writers", type=int, default=6)
    kill.add_argument("--workers", type=int, default=2)
    restart = commands.add_parser("pg-restart", help="PostgreSQL restarted under load (a throw-away cluster)")
    restart.add_argument("--seconds", type=float, default=40.0)
    restart.add_argument("--outage", type=float, default=3.0, help="seconds between stop and start")
    restart.add_argument("--clients", type=int, default=8)
    restart.add_argument("--workers", type=int, default=2)
    full = commands.add_parser("disk-full", help="uploads onto a full disk")
    full.add_argument("--size-kb", type=int, default=2048)
    commands.add_parser("durability", help="SQLite journal and synchronous settings against the docs")
    args = parser.parse_args()
    # A SIGTERM (or Ctrl+C) still stops the servers and drops the database (the `finally` blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run: dict[str, Callable[[argparse.Namespace], int]] = {
        "conflicts": run_conflicts, "kill": run_kill, "pg-restart": run_pg_restart, "disk-full": run_disk_full,
        "durability": run_durability,
    }
    return run[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
