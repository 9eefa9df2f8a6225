"""A real OpenID Connect provider for Mina sidor's e-ID login: npm's ``oidc-provider`` (panva), started with ``node``.

:func:`dev_provider` (session-scoped) starts ``scripts/oidc-dev-provider.mjs`` on a free port on 127.0.0.1 (the
script binds port 0 and prints its issuer), waits for the discovery document and stops the process after the run.
Its one client is the portal, with its callback on ``http://testserver`` (Django's test client); the browser tests
start their own (:func:`start_provider`) with the live server's callback. :func:`real_oidc` (per test) points the
portal's ``SAMVERKAN_OIDC_*`` at it.

Time: the portal judges ``exp``/``iat`` by :mod:`samverkan.core.clock`, which the suite pins at ``TEST_NOW``. The
provider runs on the same clock: :func:`real_oidc` sets it to the portal's pinned "now" before every test (the
script's test controls shift its ``Date``), so tokens are issued at the suite's time however long the run has been
going. A test that needs a provider with a wrong clock moves it (:meth:`DevProvider.set_clock`).

Skipped (with the reason) only when ``node`` is not installed; without ``npm ci`` the tests fail and say so. When a
test fails, the provider's stderr is attached to the report.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from samverkan.core import clock
from samverkan.portal import oidc

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "oidc-dev-provider.mjs"
NODE = shutil.which("node")
CLIENT_ID = "samverkan-mina-sidor"
CLIENT_SECRET = "dev-provider-test-secret"
CALLBACK = "/mina-sidor/logga-in/oidc/klar/"
LOGIN = "/mina-sidor/logga-in/"
TEST_HOST = "http://testserver"
START_TIMEOUT = 20.0


@dataclass
class DevProvider:
    process: subprocess.Popen[str]
    issuer: str
    stderr_file: TextIO

    def stderr(self) -> str:
        self.stderr_file.flush()
        return Path(self.stderr_file.name).read_text(encoding="utf-8", errors="replace")

    def set_clock(self, moment: dt.datetime) -> None:
        """The provider's "now" (it ticks on from there)."""
        response = httpx.post(f"{self.issuer}/__test__/clock", json={"now": moment.isoformat()}, timeout=5)
        response.raise_for_status()


_running: list[DevProvider] = []


def _first_line(stream: TextIO, timeout: float) -> str:
    found: list[str] = []
    reader = threading.Thread(target=lambda: found.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return found[0] if found else ""


def start_provider(*hosts: str, port: int = 0) -> Iterator[DevProvider]:
    """Run the provider with the portal's callbacks on ``hosts`` registered, until the generator is closed.

    Port 0 is a free port chosen by the system; a given port restarts a provider where one ran (new keys)."""
    if NODE is None:
        pytest.skip("node är inte installerat: e-legitimationsproven mot oidc-provider hoppas över")
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("node_modules/oidc-provider saknas: kör `npm ci` (make install gör det)")
    command = [NODE, str(SCRIPT), "--port", str(port), "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET]
    command += ["--test-controls", "--clock", clock.now().isoformat()]
    for host in hosts:
        command += ["--redirect-uri", host + CALLBACK, "--post-logout-redirect-uri", host + LOGIN]
    stderr_file = tempfile.NamedTemporaryFile("w+", prefix="oidc-provider-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr_file, text=True)
    assert process.stdout is not None
    provider = DevProvider(process=process, issuer="", stderr_file=stderr_file)
    try:
        line = _first_line(process.stdout, START_TIMEOUT)
        try:
            provider.issuer = str(json.loads(line)["issuer"])
        except (ValueError, KeyError, TypeError):
            pytest.fail(f"oidc-provider startade inte (stdout: {line!r}):\n{provider.stderr()}")
        deadline = time.monotonic() + START_TIMEOUT
        while not _discoverable(provider.issuer):
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"oidc-provider svarar inte på {provider.issuer}:\n{provider.stderr()}")
            time.sleep(0.1)
        _running.append(provider)
        yield provider
    finally:
        if provider in _running:
            _running.remove(provider)
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        stderr_file.close()
        Path(stderr_file.name).unlink(missing_ok=True)


def _discoverable(issuer: str) -> bool:
    try:
        return httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="session")
def dev_provider() -> Iterator[DevProvider]:
    """The provider for tests that use Django's test client (callbacks on ``http://testserver``)."""
    yield from start_provider(TEST_HOST)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed and _running:
        report.sections.append(("oidc-provider stderr", _running[-1].stderr()[-8000:]))
    return report


@dataclass
class RealOidc:
    provider: DevProvider
    host: str

    @property
    def issuer(self) -> str:
        return self.provider.issuer


def configure_portal(monkeypatch: pytest.MonkeyPatch, *, issuer: str, host: str) -> None:
    monkeypatch.setenv("SAMVERKAN_OIDC_ISSUER", issuer)
    monkeypatch.setenv("SAMVERKAN_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SAMVERKAN_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("SAMVERKAN_OIDC_REDIRECT_URI", host + CALLBACK)
    for name in ("PERSONNUMMER_CLAIM", "SCOPE", "POST_LOGOUT_REDIRECT_URI"):
        monkeypatch.delenv(f"SAMVERKAN_OIDC_{name}", raising=False)
    oidc.clear_cache()


@pytest.fixture
def real_oidc(dev_provider: DevProvider, monkeypatch: pytest.MonkeyPatch) -> Iterator[RealOidc]:
    """The portal logs people in at the real provider, which runs on the test's pinned clock."""
    dev_provider.set_clock(clock.now())
    configure_portal(monkeypatch, issuer=dev_provider.issuer, host=TEST_HOST)
    yield RealOidc(provider=dev_provider, host=TEST_HOST)
    oidc.clear_cache()


# --- Logging in at the provider without a browser (its development login and consent pages) -----------------

_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*method="post"', re.IGNORECASE)
_PROMPT = re.compile(r'name="prompt" value="(\w+)"')


def provider_login(authorize_url: str, personnummer: str, *, back_to: str = TEST_HOST) -> str:
    """Follow the provider's pages as a person would (log in with ``personnummer``, consent); returns the URL the
    provider sends the browser back to (the portal's callback with ``code``, ``state`` and ``iss``)."""
    url = authorize_url
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        for _ in range(12):
            if url.startswith(back_to):
                return url
            response = browser.get(url)
            if response.is_redirect:
                url = urljoin(url, response.headers["location"])
                continue
            assert response.status_code == 200, response.text
            form, prompt = _FORM.search(response.text), _PROMPT.search(response.text)
            assert form and prompt, response.text
            data = {"prompt": prompt.group(1)}
            if prompt.group(1) == "login":
                data |= {"login": personnummer, "password": "test"}
            posted = browser.post(urljoin(url, form.group(1)), data=data)
            assert posted.is_redirect, posted.text
            url = urljoin(url, posted.headers["location"])
    raise AssertionError(f"the provider never sent the person back (last: {url})")


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
