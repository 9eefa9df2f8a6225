"""Shared fixtures.

- The synthetic demo world is seeded once per test database (each xdist worker has its own),
  and every database test runs inside a transaction that is rolled back.
- ``SAMVERKAN_REQUIRE_POSTGRES=1`` (set by ``make test-postgres``) makes the run fail at once if
  the database is not PostgreSQL, so a PostgreSQL run can never silently fall back to SQLite.
- Test-only services (immediate tasks, in-memory mail) come from ``samverkan.settings_test``.
- Browser tests drive Debian's chromium through Playwright (never a downloaded browser).
- **No test reads the real clock.** :func:`pinned_clock` (autouse) pins ``samverkan.core.clock``, and
  with it Django's ``timezone.now``, at :data:`TEST_NOW`, a mid-month weekday; the demo world is
  seeded earlier the same day. A test that needs another day moves the clock
  (``clock.move_to(...)``, or the ``move_clock`` fixture) — month ends, year ends, the 2025-07-01
  statute change and the daylight-saving changes are tested that way, on purpose.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

# Property tests judge correctness, never speed: no per-example deadline (CI has 2 busy cores).
hypothesis_settings.register_profile("samverkan", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("samverkan")

#: The suite's "now": Wednesday 18 November 2026, 10:00 in Stockholm. A mid-month weekday, after the
#: 2025-07-01 change of SoL, far from a month end, a year end and the daylight-saving changes.
TEST_NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
#: The demo world is seeded from the same date, two hours before the tests' "now".
SEEDED_AT = TEST_NOW - dt.timedelta(hours=2)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


@pytest.fixture(autouse=True)
def pinned_clock() -> Iterator[None]:
    """Every test runs on the pinned clock at :data:`TEST_NOW` (ticking from there)."""
    from samverkan.core import clock

    with clock.pinned(TEST_NOW):
        yield


@pytest.fixture
def move_clock() -> Callable[..., None]:
    """``move_clock(moment, ticking=True)``: the test continues at ``moment`` (a date means 10:00 that day)."""
    from samverkan.core import clock

    return clock.move_to


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from django.db import connection

    if os.environ.get("SAMVERKAN_REQUIRE_POSTGRES") == "1" and connection.vendor != "postgresql":
        pytest.exit("SAMVERKAN_REQUIRE_POSTGRES=1 men databasen är inte PostgreSQL", returncode=3)
    from samverkan.core import clock
    from samverkan.core.demo import seed_demo_world

    with django_db_blocker.unblock(), clock.pinned(SEEDED_AT):
        seed_demo_world(log=lambda _m: None)


def ensure_world() -> None:
    """Transactional tests flush the database; seed it again when needed (idempotent), as of the same day."""
    from samverkan.accounts.models import User
    from samverkan.core import clock
    from samverkan.core.demo import seed_demo_world

    if not User.objects.filter(username="sara.lind").exists():
        with clock.pinned(SEEDED_AT):
            seed_demo_world(log=lambda _m: None)


@pytest.fixture
def world(db: None) -> None:
    ensure_world()


@pytest.fixture
def user_named(world: None) -> Any:
    from samverkan.accounts.models import User

    def get(username: str) -> User:
        return User.objects.select_related("unit__organisation").get(username=username)

    return get


@pytest.fixture
def client_for(client: Any, user_named: Any) -> Any:
    def login(username: str) -> Any:
        client.force_login(user_named(username))
        return client

    return login


# --- Browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} saknas: make test installerar Debians chromium")
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait for the page like actions do (a busy CI machine is slow to render after a POST).
    expect.set_options(timeout=15_000)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None, settings: Any) -> Iterator[Any]:
    settings.DEMO_MODE = True
    ensure_world()
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def browser_login(page: Any, username: str, password: str = "samverkan-demo") -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn", exact=True).fill(username)
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url("**/")
