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
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOAD_USER = "load-leader"
TARGET_RATIO = 0.3


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
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn on {port} stopped:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                if requests.get(instance.base + "/healthz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or still booting
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn on {port} did not answer within 60 s")
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
    page = session.get(url, timeout=10)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10, help="seconds per path")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--path", action="append", help="list paths (default: /letters/ and /reception/)")
    args = parser.parse_args()
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
