"""Loopback load test: the app under gunicorn (petitions/gunicorn_conf.py), a list page against a trivial
route of the same app, measured with wrk. Also the helpers that start app instances for the
two-instance test (tests/test_instances.py).

    DATABASE_URL=postgresql://… .venv/bin/python benchmarks/load.py [--workers 2] [--duration 10]

The database must already hold data (`petitions demo --letters N`); the script adds one leader of
the top agency (`load-leader`) if missing, signs in through the login form like a browser, and hands
the session cookie to wrk. For each path it prints requests/s, latency percentiles and errors
(socket errors and answers other than 200), the ratio to the trivial route (/healthz, which asks the
database for one row), and one JSON line. Target (PERFORMANCE.md): list ≥ 0.3 × trivial, 0 errors;
the exit status is 1 when a list misses it. Needs wrk (Debian: apt-get install wrk).

Mixed users (issue 25), no wrk needed:

    DATABASE_URL=postgresql://… .venv/bin/python benchmarks/load.py --mixed --users 50 --duration 120
    DATABASE_URL=postgresql://… .venv/bin/python benchmarks/load.py --mixed --users 50 --duration 120 \
        --instances 2 --redis-url redis://127.0.0.1:6379/N

N leaders of the top agency (`tai000`…, created once, each with API tokens) sign in through the login form
in parallel, split over the instances (two gunicorn masters on two ports share the database and Redis), then
each does weighted random steps with no pause, as a closed loop, for the duration: the letters list, a
letter's page, a search (the term posted, the matches shown, then cleared), the reception book, and
registering a visit or a letter through the API. Per kind: requests, errors (no answer, or another status
than 200 / 201 / 302), p50, p95 and p99 in ms (the client's wall time), then one JSON line per kind; the
1-minute load average before and after. The exit status is 1 when any request failed (target 0).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from petitions.config import normalise_database_url  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOAD_USER = "load-leader"
TARGET_RATIO = 0.3
# How long a gunicorn master may take to answer /healthz (a machine shared by several jobs boots slowly).
BOOT_SECONDS = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def petitions_cli(env: Mapping[str, str], *args: str, stdin: str | None = None) -> str:
    """Run the project's own CLI (as a deployer would) and return its output."""
    done = subprocess.run(
        [str(BIN / "petitions"), *args], env=dict(env), input=stdin, capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"petitions {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def top_agency_code(env: Mapping[str, str]) -> str:
    """The code of the top of the agency tree (the province's or the country's board)."""
    code = (
        "import sqlalchemy as sa\n"
        "from petitions import create_app\n"
        "from petitions.directory.models import Agency\n"
        "from petitions.extensions import db\n"
        "with create_app().app_context():\n"
        "    print(db.session.scalar(sa.select(Agency.code).where(Agency.parent_id.is_(None)).order_by(Agency.id)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=dict(env), capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return done.stdout.strip().splitlines()[-1]


def ensure_user(env: Mapping[str, str], username: str, password: str, *, agency: str, role: str = "leader") -> None:
    """An account of `agency` with this password (created once; later runs reuse it)."""
    try:
        petitions_cli(
            env, "users", "create", "--username", username, "--full-name", f"Đo tải {username}", "--role", role,
            "--agency", agency, "--password-stdin", stdin=password + "\n",
        )
    except RuntimeError as failure:
        if "tồn tại" not in str(failure) and "exists" not in str(failure):
            raise


_PROVISION = """
import json, sys
import sqlalchemy as sa
from petitions import create_app
from petitions.auth import services, tokens
from petitions.directory.models import Agency
from petitions.domain.types import Role
from petitions.extensions import db
spec = json.loads(sys.argv[1])
with create_app().app_context():
    agency = db.session.scalar(sa.select(Agency).where(Agency.parent_id.is_(None)).order_by(Agency.id))
    out = []
    for name in spec["users"]:
        user = db.session.scalar(sa.select(services.User).where(services.User.username == name))
        if user is None:
            user, _ = services.create_user(username=name, full_name="Kiểm thử " + name, role=Role(spec["role"]),
                                           agency_id=agency.id, password=spec["password"], actor=None,
                                           must_change_password=False)
            db.session.flush()
        else:  # a later run: the earlier runs' tokens go (an account holds 20 live tokens at most)
            tokens.revoke_all_tokens(user, actor=None, reason="load_script_rerun")
        made = [tokens.create_token(user=user, name=f"faults {i}", scope=tokens.WRITE, days=1)[1]
                for i in range(spec["tokens"])]
        out.append({"username": name, "tokens": made})
    db.session.commit()
    print(json.dumps({"agency_id": agency.id, "users": out}))
"""


@dataclass
class Person:
    username: str
    tokens: list[str]


def provision(
    env: Mapping[str, str], usernames: list[str], password: str, *, tokens: int = 1, role: str = "leader"
) -> list[Person]:
    """Accounts of the top agency with this password (created once), and new API tokens of theirs (write scope)."""
    spec = json.dumps({"users": usernames, "tokens": tokens, "role": role, "password": password})
    done = subprocess.run([sys.executable, "-c", _PROVISION, spec], env=dict(env), capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    made = json.loads(done.stdout.strip().splitlines()[-1])
    return [Person(u["username"], u["tokens"]) for u in made["users"]]


class Api:
    """An API client; it moves to its next token before the per-token limit (120 a minute) can answer 429."""

    PER_TOKEN = 100

    def __init__(self, base: str, tokens: list[str]) -> None:
        self.base = base
        self.tokens = tokens
        self.sent = 0
        self.http = requests.Session()

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        token = self.tokens[min(self.sent // self.PER_TOKEN, len(self.tokens) - 1)]
        self.sent += 1
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        return self.http.request(method, self.base + path, headers=headers, timeout=60, **kwargs)


def visit_body(summary: str) -> dict[str, Any]:
    return {"visited_on": date.today().isoformat(), "classification": "petition", "summary": summary,
            "outcome": "guided", "guided_to": "UBND xã Bình Định", "person": {"full_name": "Lê Văn Thử"}}


def letter_body(summary: str) -> dict[str, Any]:
    return {"received_on": date.today().isoformat(), "channel": "post", "letter_type": "petition", "summary": summary,
            "respondent": "Công ty Chiếu sáng đô thị", "writer": {"full_name": "Đỗ Văn Thử"}, "duplicate_decision": "new"}


@dataclass
class Instance:
    """One gunicorn master serving the app on a loopback port."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def serve(env: Mapping[str, str], *, port: int | None = None, workers: int = 2, log_dir: Path) -> Iterator[Instance]:
    """gunicorn with the production configuration file on a loopback port; stopped on exit."""
    port = port or free_port()
    log = log_dir / f"gunicorn-{port}.log"
    child_env = {**env, "PETITIONS_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "python:petitions.gunicorn_conf", "petitions:create_app()"],
            env=child_env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
        )
    instance = Instance(port, process, log)
    try:
        deadline = time.monotonic() + BOOT_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn on {port} stopped:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                if requests.get(instance.base + "/healthz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or still booting
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn on {port} did not answer within {BOOT_SECONDS} s")
            time.sleep(0.3)
        yield instance
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=60)
    found = _CSRF.search(page.text)
    if not found:
        raise RuntimeError(f"no CSRF token on {url} ({page.status_code})")
    return found.group(1)


def sign_in(base: str, username: str, password: str, session: requests.Session | None = None) -> requests.Response:
    """Post the login form as a browser does (CSRF token from the form); redirects are not followed."""
    session = session or requests.Session()
    token = csrf_token(session, base + "/auth/login")
    return session.post(
        base + "/auth/login",
        data={"csrf_token": token, "username": username, "password": password},
        allow_redirects=False,
        timeout=30,
    )


@dataclass(frozen=True)
class WrkResult:
    path: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    cpu_ms: float | None = None  # the workers' CPU time per request (user + system)


def workers_cpu_seconds(master_pid: int) -> float | None:
    """CPU time (user + system) spent so far by the gunicorn workers of this master (Linux /proc).

    On a shared machine req/s drifts with whatever else runs; the CPU each request costs the workers
    does not, and the ratio of two paths' CPU per request is what their req/s ratio becomes when the
    workers have the cores to themselves."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        total = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    except OSError:
        return None
    return total / os.sysconf("SC_CLK_TCK")


def _ms(text: str) -> float:
    number, unit = float(text[:-2] if text.endswith(("ms", "us")) else text[:-1]), text[-2:]
    if unit == "us":
        return number / 1000
    if unit == "ms":
        return number
    return number * 1000  # "1.20s"


def run_wrk(
    base: str, path: str, *, cookie: str, duration: int, connections: int, threads: int, master_pid: int | None = None
) -> WrkResult:
    """wrk against one path; errors are socket errors plus answers other than 200."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    cpu_before = workers_cpu_seconds(master_pid) if master_pid else None
    out = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-H", f"Cookie: {cookie}",
         base + path],
        capture_output=True, text=True, check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.MULTILINE))
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    cpu_after = workers_cpu_seconds(master_pid) if master_pid else None
    cpu_ms = None
    if cpu_before is not None and cpu_after is not None and total:
        cpu_ms = (cpu_after - cpu_before) * 1000 / total
    return WrkResult(path, rate, _ms(latency["50"]), _ms(latency["99"]), total, errors, cpu_ms)


# ------------------------------------------------------------------------------------------------ mixed users

MIXED_PASSWORD = "mixed load password 2026 ok"
# (kind, weight): what a user does next. Reads are pages as a browser gets them; writes go through the API
# (registering a visit or a letter, as the intake screens do).
MIXED_KINDS = (
    ("letters.list", 25), ("letter.page", 25), ("letters.search", 10), ("visits.list", 15),
    ("visit.register", 15), ("letter.register", 10),
)
SEARCH_WORDS = ("đất", "thu hồi", "bồi thường", "đền bù", "xây dựng", "môi trường")


@dataclass(frozen=True)
class Sample:
    kind: str
    ms: float
    ok: bool
    status: int | None
    instance: int


class MixedUser:
    """One signed-in user (a browser session and an API token) doing weighted random steps until stopped."""

    def __init__(self, index: int, instance: Instance, number: int, person: Person, letter_ids: list[int]) -> None:
        self.index, self.instance, self.number, self.person, self.letter_ids = index, instance, number, person, letter_ids
        self.http = requests.Session()
        answer = sign_in(instance.base, person.username, MIXED_PASSWORD, self.http)
        if answer.status_code != 302:
            raise RuntimeError(f"sign-in of {person.username} refused ({answer.status_code})")
        self.token = csrf_token(self.http, instance.base + "/letters/")
        self.api = Api(instance.base, person.tokens)
        self.random = random.Random(index)

    def step(self, n: int) -> list[Sample]:
        kinds, weights = zip(*MIXED_KINDS, strict=True)
        kind = self.random.choices(kinds, weights)[0]
        base = self.instance.base
        samples = []

        def timed(name: str, call: Callable[[], requests.Response], expected: int) -> None:
            started = time.perf_counter()
            status = None
            try:
                status = call().status_code
            except requests.RequestException:
                pass
            samples.append(Sample(name, (time.perf_counter() - started) * 1000, status == expected, status, self.number))

        if kind == "letters.list":
            timed(kind, lambda: self.http.get(base + "/letters/", timeout=60), 200)
        elif kind == "letter.page":
            letter_id = self.random.choice(self.letter_ids)
            timed(kind, lambda: self.http.get(f"{base}/letters/{letter_id}", timeout=60), 200)
        elif kind == "letters.search":
            word = self.random.choice(SEARCH_WORDS)
            # The term goes to the session (POST), then the list shows the matches (the redirect, followed).
            timed(kind, lambda: self.http.post(base + "/letters/search", data={"csrf_token": self.token, "text": word},
                                               timeout=60), 200)
            timed("letters.search.clear", lambda: self.http.post(
                base + "/letters/search", data={"csrf_token": self.token, "text": ""}, allow_redirects=False,
                timeout=60), 302)
        elif kind == "visits.list":
            timed(kind, lambda: self.http.get(base + "/reception/", timeout=60), 200)
        elif kind == "visit.register":
            body = visit_body(f"Lượt tiếp đo tải {self.person.username} {n}")
            timed(kind, lambda: self.api.request("POST", "/api/v1/visits", json=body), 201)
        else:
            body = letter_body(f"Đơn đo tải {self.person.username} {n} về {self.random.choice(SEARCH_WORDS)}")
            timed(kind, lambda: self.api.request("POST", "/api/v1/letters", json=body), 201)
        return samples


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))] if ordered else 0.0


def run_mixed(args: argparse.Namespace) -> int:
    """N users signed in through the login form, split over the instances, for D seconds; figures per kind."""
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to a database filled by `petitions demo`")
    env.setdefault("SECRET_KEY", "load-test-" + "x" * 60)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    people = provision(env, [f"tai{i:03d}" for i in range(args.users)], MIXED_PASSWORD,
                       tokens=max(2, math.ceil(args.duration / 20)))
    engine = sa.create_engine(normalise_database_url(env["DATABASE_URL"]))
    with engine.connect() as connection:
        letter_ids = list(connection.execute(sa.text(
            "SELECT id FROM letter WHERE NOT is_void ORDER BY id DESC LIMIT 5000")).scalars())
        letters_before = connection.execute(sa.text("SELECT COUNT(*) FROM letter")).scalar()
    engine.dispose()
    log_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    samples: list[Sample] = []
    with ExitStack() as stack:
        instances = [stack.enter_context(serve(env, workers=args.workers, log_dir=log_dir)) for _ in range(args.instances)]
        with ThreadPoolExecutor(8) as pool:  # sign-ins (argon2id) before the clock starts, a few at a time
            users = list(pool.map(
                lambda i: MixedUser(i, instances[i % len(instances)], i % len(instances), people[i], letter_ids),
                range(args.users)))
        load_before = os.getloadavg()
        stop = threading.Event()

        def run(user: MixedUser) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                got = user.step(n)
                with lock:
                    samples.extend(got)

        lock = threading.Lock()
        threads = [threading.Thread(target=run, args=(user,)) for user in users]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        stop.wait(args.duration)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()
    database = env["DATABASE_URL"].split(":", 1)[0]
    print(f"mixed load: {args.users} users for {elapsed:.0f} s on {args.instances} instance(s) × {args.workers} "
          f"workers × gthread, database {database} ({letters_before} letters before), redis "
          f"{'yes' if args.redis_url else 'no'}; load average before {load_before[0]:.2f}, after "
          f"{load_after[0]:.2f} (1 min)")
    print(f"{'kind':<22}{'requests':>10}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    kinds = sorted({s.kind for s in samples})
    total_errors = 0
    rows = []
    for kind in [*kinds, "all"]:
        chosen = [s for s in samples if kind in ("all", s.kind)]
        errors = sum(not s.ok for s in chosen)
        if kind != "all":
            total_errors += errors
        times = [s.ms for s in chosen]
        rows.append((kind, len(chosen), errors, percentile(times, 0.5), percentile(times, 0.95), percentile(times, 0.99)))
        print(f"{kind:<22}{len(chosen):>10}{errors:>8}{rows[-1][3]:>10.0f}{rows[-1][4]:>10.0f}{rows[-1][5]:>10.0f}")
    failures = Counter((s.kind, s.status) for s in samples if not s.ok)
    if failures:
        print("errors by kind and status:", dict(failures))
    per_instance = Counter(s.instance for s in samples)
    print(f"requests per instance: {dict(sorted(per_instance.items()))}; {len(samples) / elapsed:.1f} requests/s")
    for kind, count, errors, p50, p95, p99 in rows:
        print(json.dumps({
            "op": f"load.mixed {kind}", "db": database, "users": args.users, "instances": args.instances,
            "workers": args.workers, "seconds": round(elapsed), "requests": count, "errors": errors,
            "p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "p99_ms": round(p99, 1),
            "load_avg_1m": [round(load_before[0], 2), round(load_after[0], 2)],
        }))
    return 1 if total_errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mixed", action="store_true", help="N signed-in users, mixed reads and writes (no wrk)")
    parser.add_argument("--users", type=int, default=50, help="--mixed: concurrent users")
    parser.add_argument("--instances", type=int, default=1, help="--mixed: gunicorn masters sharing the database")
    parser.add_argument("--redis-url", help="--mixed: REDIS_URL every instance shares")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10, help="seconds per path (--mixed: in all)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--path", action="append", help="list paths (default: /letters/ and /reception/)")
    args = parser.parse_args()
    if args.mixed:
        return run_mixed(args)
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to a database filled by `petitions demo`")
    env.setdefault("SECRET_KEY", "load-test-" + "x" * 60)
    password = "load test password 2026 ok"
    ensure_user(env, LOAD_USER, password, agency=top_agency_code(env))
    paths = args.path or ["/letters/", "/reception/"]
    log_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    with serve(env, workers=args.workers, log_dir=log_dir) as instance:
        browser = requests.Session()
        answer = sign_in(instance.base, LOAD_USER, password, browser)
        if answer.status_code != 302:
            raise SystemExit(f"sign-in refused ({answer.status_code}); is MFA required for this account?")
        cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
        for path in paths:  # warm both workers (templates, statements, the calendar cache)
            for _ in range(4):
                browser.get(instance.base + path, timeout=30)
        master = instance.process.pid
        floor = run_wrk(instance.base, "/healthz", cookie=cookie, duration=args.duration,
                        connections=args.connections, threads=args.threads, master_pid=master)
        results = [run_wrk(instance.base, path, cookie=cookie, duration=args.duration,
                           connections=args.connections, threads=args.threads, master_pid=master) for path in paths]
    database = env["DATABASE_URL"].split(":", 1)[0]
    print(f"gunicorn {args.workers} workers × gthread, wrk -t{args.threads} -c{args.connections} "
          f"-d{args.duration}s, database {database}")
    # cpu ms: the workers' CPU per request; cpu ratio: the floor's CPU per request over the path's, the
    # req/s ratio the path reaches when nothing else competes for the cores.
    print(f"{'path':<16}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'requests':>10}{'errors':>8}{'ratio':>8}"
          f"{'cpu ms':>9}{'cpu ratio':>10}")
    failed = False
    for result in [floor, *results]:
        ratio = result.requests_per_s / floor.requests_per_s if floor.requests_per_s else 0.0
        cpu_ratio = floor.cpu_ms / result.cpu_ms if floor.cpu_ms and result.cpu_ms else None
        cpu = f"{result.cpu_ms:>9.2f}" if result.cpu_ms is not None else f"{'—':>9}"
        print(f"{result.path:<16}{result.requests_per_s:>10.1f}{result.p50_ms:>10.1f}{result.p99_ms:>10.1f}"
              f"{result.requests:>10}{result.errors:>8}{ratio:>8.2f}{cpu}"
              + (f"{cpu_ratio:>10.2f}" if cpu_ratio is not None else f"{'—':>10}"))
        if result is not floor and (ratio < TARGET_RATIO or result.errors):
            failed = True
    for result in [floor, *results]:
        print(json.dumps({
            "op": f"load {result.path}", "db": database, "workers": args.workers,
            "req_per_s": round(result.requests_per_s, 1), "p50_ms": result.p50_ms, "p99_ms": result.p99_ms,
            "errors": result.errors,
            "ratio": round(result.requests_per_s / floor.requests_per_s, 3) if floor.requests_per_s else None,
            "cpu_ms": round(result.cpu_ms, 2) if result.cpu_ms is not None else None,
        }))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
