"""Failed logins are recorded and throttled (issue 16, point 7): django-axes locks a username at one
address after five failures for fifteen minutes, with a Swedish page, and every failure and the lockout
are in the audit log (never the password)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from samverkan.accounts.models import User
from samverkan.core import clock
from samverkan.core.demo import DEMO_PASSWORD
from samverkan.disclosures.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
LOCKED = (
    "Kontot är tillfälligt låst efter för många misslyckade inloggningar. "
    "Försök igen om 15 minuter eller kontakta din systemförvaltare."
)


def _post(client: Client, username: str, password: str, ip: str = "192.0.2.10") -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _entries_since(sequence: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(sequence__gt=sequence).order_by("sequence"))


def _head() -> int:
    last = AuditEntry.objects.order_by("-sequence").first()
    return last.sequence if last else 0


def test_five_wrong_passwords_lock_the_login_with_a_swedish_page_even_for_the_right_password(
    world: None, client: Client
) -> None:
    for _ in range(4):
        response = _post(client, "sara.lind", "fel-lösenord-123")
        assert response.status_code == 200 and "Logga in" in response.content.decode()
    fifth = _post(client, "sara.lind", "fel-lösenord-123")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()

    right = _post(client, "sara.lind", DEMO_PASSWORD)
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert not _logged_in(client)


def test_every_failure_and_the_lockout_are_in_the_audit_log_without_the_password(
    world: None, client: Client, user_named: Any
) -> None:
    sara = user_named("sara.lind")
    before = _head()
    for _ in range(5):
        _post(client, "sara.lind", "hemligt-fel-lösen")
    _post(client, "sara.lind", DEMO_PASSWORD)  # refused: locked

    entries = _entries_since(before)
    assert [e.event for e in entries] == [*["account.login_failed"] * 5, "account.locked_out", "account.login_failed"]
    assert all(e.actor_id == sara.pk and e.organisation_id == sara.organisation.pk for e in entries)
    assert all(e.extra["ip_address"] == "192.0.2.10" for e in entries)
    assert entries[5].extra["failures"] == 5 and entries[5].extra["cooloff_minutes"] == 15
    assert entries[-1].extra.get("refused_while_locked") is True
    assert not any(e.extra.get("refused_while_locked") for e in entries[:5])
    stored = json.dumps([e.extra for e in entries], ensure_ascii=False)
    assert "hemligt-fel-lösen" not in stored and DEMO_PASSWORD not in stored


def test_an_unknown_username_is_recorded_without_an_actor_and_without_the_typed_name(
    world: None, client: Client
) -> None:
    before = _head()
    _post(client, "19121212-1212", "något-lösenord")
    (entry,) = _entries_since(before)
    assert entry.event == "account.login_failed" and entry.actor_id is None and entry.organisation_id is None
    assert entry.extra == {"ip_address": "192.0.2.10", "username_known": False}


def test_the_lockout_is_per_username_and_address(world: None, client: Client) -> None:
    for _ in range(5):
        _post(client, "sara.lind", "fel-lösenord-123")
    assert _post(client, "sara.lind", DEMO_PASSWORD).status_code == 429

    elsewhere = Client()
    assert _post(elsewhere, "sara.lind", DEMO_PASSWORD, ip="198.51.100.7").status_code == 302
    assert _logged_in(elsewhere)
    colleague = Client()
    assert _post(colleague, "fredrik.holm", DEMO_PASSWORD).status_code == 302


def test_the_lockout_ends_after_fifteen_minutes(world: None, client: Client, move_clock: Any) -> None:
    for _ in range(5):
        _post(client, "sara.lind", "fel-lösenord-123")
    move_clock(clock.now() + dt.timedelta(minutes=14))
    assert _post(client, "sara.lind", DEMO_PASSWORD).status_code == 429
    move_clock(clock.now() + dt.timedelta(minutes=2))  # 16 minutes after the lockout (tries do not extend it)
    response = _post(client, "sara.lind", DEMO_PASSWORD)
    assert response.status_code == 302 and _logged_in(client)


def test_a_successful_login_resets_the_count(world: None, client: Client) -> None:
    for _ in range(4):
        _post(client, "sara.lind", "fel-lösenord-123")
    assert _post(client, "sara.lind", DEMO_PASSWORD).status_code == 302
    client.post("/konto/logga-ut/")
    for _ in range(4):
        assert _post(client, "sara.lind", "fel-lösenord-123").status_code == 200
    assert _post(client, "sara.lind", DEMO_PASSWORD).status_code == 302


def test_the_limits_are_settings(world: None, client: Client, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
    _post(client, "sara.lind", "fel-lösenord-123")
    locked = _post(client, "sara.lind", "fel-lösenord-123")
    assert locked.status_code == 429
    assert "Försök igen om 30 minuter" in locked.content.decode()
    assert User.objects.filter(username="sara.lind", is_active=True).exists()  # locked, never deactivated
