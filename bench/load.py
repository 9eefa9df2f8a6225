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
import datetime as dt
import html
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432"
DEFAULT_DATABASE = "samverkan_load"
#: The suite's databases: this benchmark never uses them.
FORBIDDEN_DATABASES = ("test", "postgres", "template0", "template1")
#: Generated cases get references of a year the demo does not use, far above its counters.
REFERENCE_YEAR = 2024
REFERENCE_START = 10_000
SOCIAL_WORKERS = ("sara.lind", "omar.haddad")
AF_OFFICER = "ali.karimi"
SECURITY_OFFICER = "lars.ek"
AGENCY_LATENCY_VARIABLES = [f"SAMVERKAN_SOURCE_LATENCY_{code}" for code in ("FK", "PM", "AF", "UNEMPLOYMENT_FUND")]
AGENCY_LATENCY_VARIABLES += ["SAMVERKAN_SOURCE_LATENCY_CSN", "SAMVERKAN_SOURCE_LATENCY_TAX_AGENCY"]


# --- The database -----------------------------------------------------------------------------------------------


def _admin(pg_url: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(pg_url.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True) as conn:
        cur = conn.execute(sql)
        return cur.fetchall() if cur.description else []


def _environment(args: argparse.Namespace, var_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SAMVERKAN_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="samverkan.settings",
        SAMVERKAN_DEMO="1",
        DATABASE_URL=f"{args.pg_url}/{args.database}",
        SAMVERKAN_VAR_DIR=str(var_dir),
        SAMVERKAN_AUDIT_ANCHOR_PATH="",  # no scheduler runs here: nothing anchors
        SAMVERKAN_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SAMVERKAN_LOG_LEVEL="ERROR",
        SAMVERKAN_LOG_FORMAT="text",
    )
    if not args.agency_latency:
        env.update(dict.fromkeys(AGENCY_LATENCY_VARIABLES, "0"))
    return env


def _samverkan(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "-m", "samverkan", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"samverkan {' '.join(args)} misslyckades:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def prepare(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """Create (or reuse) the database with the demo world, scale it up; returns the plan of the officials."""
    exists = bool(_admin(args.pg_url, f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'"))
    if exists and args.fresh:
        _admin(args.pg_url, f'DROP DATABASE "{args.database}" WITH (FORCE)')
        exists = False
    if not exists:
        print(f"Skapar databasen {args.database} med demovärlden (första gången; tar någon minut) …", flush=True)
        _admin(args.pg_url, f'CREATE DATABASE "{args.database}"')
        _samverkan(env, "migrate", "--no-input", "--verbosity", "0")
        _samverkan(env, "demo-data")
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--scale-worker", "--cases", str(args.cases)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"Uppskalningen misslyckades:\n{done.stderr[-4000:]}")
    plan: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if plan["added"]:
        print(f"  {plan['added']} ärenden lades till på {time.perf_counter() - started:.0f} s.", flush=True)
    _samverkan(env, "collectstatic", "--no-input", "--verbosity", "0")
    return plan


def scale_world(cases: int) -> dict[str, Any]:
    """In a process with Django set up: Sörby gets ``cases`` generated cases (idempotent); returns the plan."""
    import django

    django.setup()
    from django.db import transaction

    from samverkan.accounts.models import Organisation, Unit, User
    from samverkan.cases.models import Case, CaseMember
    from samverkan.core.clock import today
    from samverkan.core.demo import synthetic_identity_number
    from samverkan.people.models import Person
    from samverkan.registries import services as registry_services
    from samverkan.registries.sources.sandbox import generate_records

    on = today()
    unit = Unit.objects.select_related("organisation").get(organisation__code="sorby-socialnamnd", code="ekb")
    namnd = unit.organisation
    workers = list(User.objects.filter(username__in=SOCIAL_WORKERS).order_by("username"))
    generated = Case.objects.filter(organisation=namnd, reference__startswith=f"{REFERENCE_YEAR}-1")
    have = generated.count()
    rng = random.Random(20261202 + have)
    taken = set(Person.objects.values_list("identity_number", flat=True))
    people: list[Person] = []
    households: list[list[tuple[int, str]]] = []
    serial = 0
    for _ in range(max(0, cases - have)):
        size = rng.choice((1, 1, 1, 2, 2, 3, 4))
        members = []
        for m in range(size):
            adult = m < min(size, 2)
            while True:
                serial += 1
                birth = (dt.date(1941, 1, 1) if adult else dt.date(2008, 1, 1)) + dt.timedelta(days=serial // 20)
                number = synthetic_identity_number(birth, 980 + serial % 20)
                if number not in taken:
                    break
            taken.add(number)
            people.append(
                Person(
                    identity_number=number,
                    identity_type="personnummer",
                    birth_date=birth,
                    first_name=rng.choice(("Alva", "Elias", "Maja", "Omar", "Sofia", "Hugo", "Nora", "Liam")),
                    last_name=f"Lastprov{len(people) + 1}",
                )
            )
            members.append((len(people) - 1, "applicant" if m == 0 else ("partner" if adult else "child")))
        households.append(members)
    with transaction.atomic():
        people = Person.objects.bulk_create(people, batch_size=2000)
        made = Case.objects.bulk_create(
            [
                Case(
                    organisation=namnd,
                    unit=unit,
                    reference=f"{REFERENCE_YEAR}-{REFERENCE_START + have + i:05d}",
                    case_type="assistance",
                    subject=people[members[0][0]],
                    responsible=workers[i % len(workers)],
                    opened_on=on - dt.timedelta(days=30 + i % 300),
                )
                for i, members in enumerate(households)
            ],
            batch_size=2000,
        )
        CaseMember.objects.bulk_create(
            [
                CaseMember(case=case, person=people[index], relation=relation)
                for case, members in zip(made, households, strict=True)
                for index, relation in members
            ],
            batch_size=2000,
        )
        by_number = {p.identity_number: p for p in people}
        if people:
            agency_types = ("fk", "pm", "af", "unemployment_fund")
            for organisation in Organisation.objects.filter(org_type__in=agency_types):
                rows = [r for p in people for r in generate_records(organisation.org_type, p.identity_number, on=on)]
                registry_services.records_seed(organisation=organisation, rows=rows, persons=by_number)
    active = Case.objects.filter(organisation=namnd, case_type="assistance", status=Case.Status.ACTIVE)
    users = dict(
        User.objects.filter(username__in=[*SOCIAL_WORKERS, AF_OFFICER, SECURITY_OFFICER]).values_list("username", "pk")
    )
    return {
        "added": len(households),
        "cases": list(active.values_list("pk", flat=True)),
        "names": sorted(set(active.values_list("subject__last_name", flat=True)))[:500],
        "users": users,
        "total_cases": Case.objects.filter(organisation=namnd).count(),
    }


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


# --- The officials ----------------------------------------------------------------------------------------------

_INPUT = re.compile(r"<input\b[^>]*>", re.S)
_ATTR = re.compile(r'(\w[\w-]*)(?:="([^"]*)")?')
_OPTION = re.compile(r'<option value="(\d+)"[^>]*>([^<]*)</option>')


_SELECT = re.compile(r'<select\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', re.S)
_FORM = re.compile(r"<form\b.*?</form>", re.S)


def form_fields(page: str, containing: str = "csrfmiddlewaretoken") -> dict[str, list[str]]:
    """What a browser would send from the page's form with the field ``containing``: hidden, text and date inputs,
    checked boxes and the selected options (text areas are set by the caller)."""
    form = next((f for f in _FORM.findall(page) if f'name="{containing}"' in f), "")
    fields: dict[str, list[str]] = defaultdict(list)
    for tag in _INPUT.findall(form):
        attrs = {k: html.unescape(v or "") for k, v in _ATTR.findall(tag[6:])}
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            continue
        fields[name].append(attrs.get("value", "on" if kind == "checkbox" else ""))
    for name, options in _SELECT.findall(form):
        values = re.findall(r'<option value="([^"]*)"([^>]*)>', options)
        chosen = [v for v, rest in values if "selected" in rest] or [v for v, _ in values if v][:1]
        fields[name] = chosen
    return fields


@dataclass
class Sample:
    page: str
    seconds: float
    ok: bool


@dataclass
class Recorder:
    measuring: bool = False
    samples: list[Sample] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    failed_logins: int = 0

    def add(self, page: str, seconds: float, ok: bool, detail: str = "") -> None:
        if self.measuring:
            self.samples.append(Sample(page, seconds, ok))
            if not ok and page not in self.failures:
                self.failures[page] = detail


class Official:
    def __init__(self, client: Any, recorder: Recorder, rng: random.Random, plan: dict[str, Any], role: str) -> None:
        self.client, self.recorder, self.rng, self.plan, self.role = client, recorder, rng, plan, role

    async def request(self, page: str, method: str, url: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except Exception as exc:  # a timeout or a refused connection is an error of the page
            self.recorder.add(page, time.perf_counter() - started, False, f"{type(exc).__name__}: {exc}")
            return None
        ok = response.status_code < 400
        self.recorder.add(page, time.perf_counter() - started, ok, f"HTTP {response.status_code} {url}")
        return response if ok else None

    async def follow(self, page: str, response: Any) -> Any:
        if response is not None and response.status_code in (301, 302, 303):
            return await self.request(page, "GET", response.headers["location"])
        return response

    async def login(self, how: str) -> bool:
        for _ in range(3):  # a login that times out on a busy server is tried again
            try:
                return await self._login(how)
            except Exception:  # httpx's timeouts and refused connections
                continue
        return False

    async def _login(self, how: str) -> bool:
        form = await self.client.get("/konto/logga-in/")
        token = form_fields(form.text).get("csrfmiddlewaretoken", [""])[0]
        if how == "password":
            data = {"csrfmiddlewaretoken": token, "username": self.role, "password": "samverkan-demo"}
            answer = await self.client.post("/konto/logga-in/", data=data)
        else:
            user_id = self.plan["users"][self.role]
            answer = await self.client.post(f"/konto/logga-in/demo/{user_id}/", data={"csrfmiddlewaretoken": token})
        return answer.status_code in (302, 303) and "logga-in" not in answer.headers.get("location", "logga-in")

    # The actions of each role, with their weights.

    async def start_page(self) -> None:
        await self.request("startsida", "GET", "/")

    async def case_list(self) -> None:
        await self.request("ärendelista", "GET", "/arenden/")

    async def case_search(self) -> None:
        name = self.rng.choice(self.plan["names"])
        await self.follow("ärendesökning", await self.request("ärendesökning", "GET", "/arenden/", params={"q": name}))

    async def case_page(self) -> None:
        await self.request("ärendesida", "GET", f"/arenden/{self.rng.choice(self.plan['cases'])}/")

    async def lookup(self) -> None:
        url = f"/arenden/{self.rng.choice(self.plan['cases'])}/hamta-uppgifter/"
        form = await self.request("hämta uppgifter (formulär)", "GET", url)
        if form is not None:
            await self.request("hämta uppgifter (POST)", "POST", url, data=form_fields(form.text, "period_start"))

    async def disclosure_request(self) -> None:
        url = f"/arenden/{self.rng.choice(self.plan['cases'])}/begar-uppgifter/"
        form = await self.request("begär uppgifter (formulär)", "GET", url)
        if form is None:
            return
        data = form_fields(form.text, "purpose")
        data["discloser"] = [value for value, label in _OPTION.findall(form.text) if "Försäkringskassan" in label][:1]
        data["categories"] = ["benefit_granted", "payment_amount", "payment_date"]
        data["purpose"] = ["Utredning av rätt till ekonomiskt bistånd"]
        sent = await self.request("begär uppgifter (POST)", "POST", url, data=data)
        await self.follow("förfrågan (svar)", sent)

    async def review_queue(self) -> None:
        await self.request("AF:s granskningskö", "GET", "/granskning/")

    async def log_review(self) -> None:
        await self.request("logggranskning", "GET", "/uppfoljning/logggranskning/")

    async def log_search(self) -> None:
        await self.request("loggsökning", "GET", "/uppfoljning/logggranskning/sok/")

    def actions(self) -> list[tuple[Callable[[], Awaitable[None]], int]]:
        if self.role == AF_OFFICER:
            return [(self.review_queue, 70), (self.start_page, 30)]
        if self.role == SECURITY_OFFICER:
            return [(self.log_review, 50), (self.log_search, 30), (self.start_page, 20)]
        return [
            (self.start_page, 15),
            (self.case_list, 15),
            (self.case_search, 10),
            (self.case_page, 35),
            (self.lookup, 15),
            (self.disclosure_request, 10),
        ]

    async def work(self, until: float, think: float) -> None:
        actions = self.actions()
        steps, weights = [a for a, _ in actions], [w for _, w in actions]
        while time.monotonic() < until:
            await self.rng.choices(steps, weights)[0]()
            if think:
                await asyncio.sleep(min(self.rng.uniform(0.5, 1.5) * think, max(0.0, until - time.monotonic())))


def _role(n: int) -> str:
    return {0: AF_OFFICER, 5: SECURITY_OFFICER}.get(n % 10, SOCIAL_WORKERS[n % 2])


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


def main(argv: list[str] | None = None) -> int:
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
    args = parser.parse_args(argv)
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
                print(
                    f"\n== {users} handläggare, {args.duration:.0f} s, gunicorn-processer och PostgreSQL: {cpu:.1f} CPU-s"
                )
                lines, failed = table(recorder, seconds)
                errors += failed
                print("\n".join(lines), flush=True)
            if args.saturation:
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
                errors += failed
                rate = len(recorder.samples) / seconds
                print(f"\n== Mättnad: {users} handläggare utan tänketid, {seconds:.0f} s")
                print("\n".join(lines))
                print(f"{rate:.1f} förfrågningar/s = {rate / cores:.1f} per kärna ({cores} kärnor, delade med drivern)")
                if cpu > 0:
                    print(
                        f"{len(recorder.samples) / cpu:.1f} förfrågningar per CPU-sekund för servern (gunicorn + PostgreSQL)"
                    )
        finished = True
    finally:
        if finished and not errors:
            shutil.rmtree(logs, ignore_errors=True)
        else:
            print(f"Serverns loggar: {logs}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
