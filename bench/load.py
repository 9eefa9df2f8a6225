"""Load benchmark: the production server on PostgreSQL under N simulated officials (issue 20 point 7).

Run from the project root (``make bench-load``):

    .venv/bin/python bench/load.py [--users 50,200] [--duration 60] [--think 1.0] [--cases 2000] [--quick]

1. **The database**: its own PostgreSQL database (``--database``, default ``samverkan_load`` on the server of
   ``--pg-url``; never the suite's ``test``), created, migrated and seeded with the demo world
   (``samverkan demo-data``) the first time and reused afterwards (``--fresh`` builds it again). The demo's
   socialnämnd (Sörby) is then scaled up to a large one: ``--cases`` more aktuella ärenden om ekonomiskt bistånd
   (1–4 persons each, the agencies' synthetic records for every person, :func:`scale_world`), shared between the
   two demo socialsekreterare.
2. **The server**: gunicorn with ``deploy/gunicorn.conf.py`` (the production server; static files by WhiteNoise
   after ``collectstatic``) and one ``samverkan db_worker``, in the demo environment (``SAMVERKAN_DEMO=1``; only the
   environment differs from production) on that database. The agencies' sandbox sources answer without their
   simulated latency (``--agency-latency`` keeps it), so what is measured is this server.
3. **The officials**: an asyncio driver (httpx), one client with its own session per official, logged in through
   the demo's one-click login (a CSRF-protected POST; ``--login password`` uses the password form instead, which
   costs a password hash per official). Each official waits a think time (uniform 0.5–1.5 × ``--think``) between
   actions. The mix: socialsekreterare (80 %: start page, case list, a search by name, a case page, the household
   lookup "Hämta uppgifter" (form and POST, through the gate to every agency), a request "Begär uppgifter" to
   Försäkringskassan (form, POST and the answer)), Arbetsförmedlingen's handläggare (10 %: the review queue and the
   start page) and the socialnämnd's säkerhetsansvarig (10 %: log review, log search, start page). The logins are
   not measured; the measured window starts when every official is logged in.
4. **Saturation**: ``2 × workers`` officials with no think time for ``--saturation`` seconds: requests per
   second, and per CPU core (the machine's cores, shared with the driver) and per CPU-second the server spent
   (gunicorn's processes plus the PostgreSQL backends of the database, read from ``/proc``).

Prints, per user level, p50/p95/p99 (ms), the number of requests and errors per page, the throughput and the
errors; then the saturation figures. Figures are printed, never asserted; a run with errors exits 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from load_officials import Official, Recorder, Sample, _role
from load_world import PYTHON, ROOT, _environment, prepare, scale_world

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432"
DEFAULT_DATABASE = "samverkan_load"
#: The suite's databases: this benchmark never uses them.
FORBIDDEN_DATABASES = ("test", "postgres", "template0", "template1")

# --- The server -------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    web: subprocess.Popen[bytes]
    worker: subprocess.Popen[bytes]
    database: str

    def web_workers(self) -> int:
        return sum(1 for pid in self.pids() if pid != self.web.pid and _ppid(pid) == self.web.pid)

    def pids(self) -> list[int]:
        """gunicorn's master and workers, and the PostgreSQL backends of the database."""
        pids = [self.web.pid]
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.web.pid or (cmdline.startswith("postgres:") and f" {self.database} " in cmdline):
                pids.append(int(entry.name))
        return pids


def _ppid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


def cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


@contextlib.contextmanager
def serve(env: dict[str, str], workers: int | None, database: str, logs: Path) -> Iterator[Server]:
    port = _free_port()
    # A worker's boot counts against gunicorn's timeout: on a busy machine Django takes longer than 30 s to load.
    web_env = {
        **env,
        "SAMVERKAN_WEB_TIMEOUT": "120",
        "SAMVERKAN_BIND": f"127.0.0.1:{port}",
        "SAMVERKAN_BASE_URL": f"http://127.0.0.1:{port}",
    }
    if workers:
        web_env["SAMVERKAN_WEB_WORKERS"] = str(workers)
    web_log, worker_log = (logs / "gunicorn.log").open("wb"), (logs / "worker.log").open("wb")
    web = subprocess.Popen(
        [GUNICORN, "-c", "deploy/gunicorn.conf.py"], cwd=ROOT, env=web_env, stdout=web_log, stderr=subprocess.STDOUT
    )
    worker = subprocess.Popen(
        [PYTHON, "-m", "samverkan", "db_worker", "--interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", web, worker, database)
    try:
        import httpx

        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if web.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn startade inte; se {logs / 'gunicorn.log'}")
            time.sleep(0.3)
        yield server
    finally:
        for process in (web, worker):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (web, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        web_log.close()
        worker_log.close()


# --- The officials at work --------------------------------------------------------------------------------------


async def drive(
    server: Server,
    plan: dict[str, Any],
    *,
    users: int,
    duration: float,
    think: float,
    ramp: float,
    login: str,
    seed: int,
) -> tuple[Recorder, float, float]:
    """``users`` officials: log in (spread over ``ramp`` s), then work for ``duration`` s; (recorder, s, cpu s)."""
    import httpx

    recorder = Recorder()
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [
        httpx.AsyncClient(base_url=server.url, timeout=30, limits=limits, follow_redirects=False) for _ in range(users)
    ]
    try:
        officials = [Official(c, recorder, random.Random(seed + n), plan, _role(n)) for n, c in enumerate(clients)]

        async def log_in(n: int, official: Official) -> bool:
            await asyncio.sleep(ramp * n / max(1, users))
            return await official.login(login)

        logged_in = await asyncio.gather(*(log_in(n, o) for n, o in enumerate(officials)))
        recorder.failed_logins = logged_in.count(False)
        officials = [o for o, ok in zip(officials, logged_in, strict=True) if ok]
        if not officials:
            raise SystemExit(f"ingen av {users} inloggningar lyckades")
        pids = server.pids()
        cpu_before, started = cpu_seconds(pids), time.monotonic()
        recorder.measuring = True
        until = started + duration
        await asyncio.gather(*(o.work(until, think) for o in officials))
        recorder.measuring = False
        return recorder, time.monotonic() - started, cpu_seconds(server.pids()) - cpu_before
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


# --- The report -------------------------------------------------------------------------------------------------


def _percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def table(recorder: Recorder, seconds: float) -> tuple[list[str], int]:
    pages: dict[str, list[Sample]] = defaultdict(list)
    for sample in recorder.samples:
        pages[sample.page].append(sample)
    header = f"{'sida':<28}{'antal':>7}{'fel':>5}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    lines = [header, "-" * len(header)]
    errors = 0
    for page, samples in sorted(pages.items(), key=lambda item: -len(item[1])):
        times = sorted(s.seconds * 1000 for s in samples)
        failed = sum(1 for s in samples if not s.ok)
        errors += failed
        lines.append(
            f"{page:<28}{len(samples):>7}{failed:>5}{_percentile(times, 50):>9.0f}"
            f"{_percentile(times, 95):>9.0f}{_percentile(times, 99):>9.0f}"
        )
    everything = sorted(s.seconds * 1000 for s in recorder.samples)
    if everything:
        lines.append(
            f"{'alla sidor':<28}{len(everything):>7}{errors:>5}{_percentile(everything, 50):>9.0f}"
            f"{_percentile(everything, 95):>9.0f}{_percentile(everything, 99):>9.0f}"
        )
    lines.append(
        f"genomströmning: {len(everything) / seconds:.1f} förfrågningar/s under {seconds:.0f} s; fel: {errors}"
    )
    if recorder.failed_logins:
        errors += recorder.failed_logins
        lines.append(f"  {recorder.failed_logins} handläggare kunde inte logga in (räknas som fel)")
    for page, detail in recorder.failures.items():
        lines.append(f"  första felet, {page}: {detail[:200]}")
    return lines, errors


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--users", default="50,200", help="antal handläggare per omgång, kommaseparerat (50,200)")
    parser.add_argument("--duration", type=float, default=60, help="mättid per omgång i sekunder (60)")
    parser.add_argument("--think", type=float, default=1.0, help="medeltid mellan en handläggares klick, s (1.0)")
    parser.add_argument("--ramp", type=float, default=None, help="inloggningarna sprids över så många sekunder")
    parser.add_argument("--saturation", type=float, default=20, help="mättid för mättnadsprovet, s (0: hoppa över)")
    parser.add_argument("--cases", type=int, default=2000, help="genererade ärenden utöver demovärldens (2000)")
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorns arbetsprocesser (standard: konfigurationens)"
    )
    parser.add_argument("--login", choices=["demo", "password"], default="demo")
    parser.add_argument("--agency-latency", action="store_true", help="behåll sandlådekällornas simulerade svarstid")
    parser.add_argument("--pg-url", default=os.environ.get("SAMVERKAN_LOAD_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--fresh", action="store_true", help="bygg databasen på nytt")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="kort körning (~20 s mätning): 5 s per omgång")
    parser.add_argument("--scale-worker", action="store_true", help=argparse.SUPPRESS)
    return parser


def _level(server: Server, plan: dict[str, Any], args: argparse.Namespace, users: int) -> int:
    """One user level with think time, printed: its errors."""
    ramp = args.ramp if args.ramp is not None else min(20.0, max(2.0, users / 20))
    recorder, seconds, cpu = asyncio.run(
        drive(
            server,
            plan,
            users=users,
            duration=args.duration,
            think=args.think,
            ramp=ramp,
            login=args.login,
            seed=args.seed,
        )
    )
    print(f"\n== {users} handläggare, {args.duration:.0f} s, gunicorn-processer och PostgreSQL: {cpu:.1f} CPU-s")
    lines, failed = table(recorder, seconds)
    print("\n".join(lines), flush=True)
    return failed


def _saturation(server: Server, plan: dict[str, Any], args: argparse.Namespace, workers: int, cores: int) -> int:
    """``2 × workers`` officials without think time, printed: its errors."""
    users = 2 * max(1, workers)
    recorder, seconds, cpu = asyncio.run(
        drive(
            server,
            plan,
            users=users,
            duration=args.saturation,
            think=0,
            ramp=1,
            login=args.login,
            seed=args.seed + 1,
        )
    )
    lines, failed = table(recorder, seconds)
    rate = len(recorder.samples) / seconds
    print(f"\n== Mättnad: {users} handläggare utan tänketid, {seconds:.0f} s")
    print("\n".join(lines))
    print(f"{rate:.1f} förfrågningar/s = {rate / cores:.1f} per kärna ({cores} kärnor, delade med drivern)")
    if cpu > 0:
        print(f"{len(recorder.samples) / cpu:.1f} förfrågningar per CPU-sekund för servern (gunicorn + PostgreSQL)")
    return failed


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.scale_worker:
        print(json.dumps(scale_world(args.cases)))
        return 0
    if args.quick:
        args.duration, args.saturation = 5.0, 5.0
        args.cases = min(args.cases, 300)
    args.pg_url = args.pg_url.rstrip("/")
    if urlparse(args.pg_url).path not in ("", "/"):
        raise SystemExit(
            "--pg-url är serverns adress utan databas (postgres://användare@värd:port); databasen: --database"
        )
    if args.database in FORBIDDEN_DATABASES or args.database.startswith("test"):
        raise SystemExit(f"--database {args.database}: testsvitens och systemets databaser används aldrig")
    levels = [int(n) for n in args.users.split(",") if n.strip()]
    var_dir = Path(tempfile.gettempdir()) / f"samverkan-load-{args.database}"
    var_dir.mkdir(exist_ok=True)
    env = _environment(args, var_dir)
    plan = prepare(args, env)
    logs = Path(tempfile.mkdtemp(prefix="samverkan-load-"))
    cores = os.cpu_count() or 1
    print(
        f"Sörby socialnämnd: {plan['total_cases']} ärenden ({len(plan['cases'])} aktuella om bistånd); "
        f"{cores} kärnor; tänketid {args.think} s; agenturernas svarstid {'simulerad' if args.agency_latency else '0'}",
        flush=True,
    )
    errors, finished = 0, False
    try:
        with serve(env, args.workers, args.database, logs) as server:
            workers = server.web_workers()
            print(f"gunicorn med {workers} arbetsprocesser på {server.url}", flush=True)
            for users in levels:
                errors += _level(server, plan, args, users)
            if args.saturation:
                errors += _saturation(server, plan, args, workers, cores)
        finished = True
    finally:
        if finished and not errors:
            shutil.rmtree(logs, ignore_errors=True)
        else:
            print(f"Serverns loggar: {logs}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
