"""An official's session ends after 30 minutes without a request and 10 hours after the login (issue 16,
point 7; ``SAMVERKAN_SESSION_IDLE_MINUTES``, ``SAMVERKAN_SESSION_MAX_HOURS``): the official is sent to the
login with a Swedish message, and the logout is in the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from samverkan.core import clock
from samverkan.core.demo import DEMO_PASSWORD
from samverkan.disclosures.models import AuditEntry

pytestmark = pytest.mark.django_db

IDLE_MESSAGE = "Du har loggats ut efter 30 minuters inaktivitet."
MAX_MESSAGE = "Du har loggats ut efter 10 timmars inloggning."


def _later(minutes: float) -> None:
    clock.move_to(clock.now() + dt.timedelta(minutes=minutes), ticking=False)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _expiries(user: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(event="account.session_expired", actor=user).order_by("sequence"))


def _assert_sent_to_login_with(client: Client, response: Any, message: str) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=")
    assert not _logged_in(client)
    assert message in client.get(response["Location"]).content.decode()


def test_after_31_idle_minutes_the_official_is_logged_out_with_a_swedish_message(
    client_for: Any, user_named: Any
) -> None:
    client = client_for("sara.lind")
    assert client.get("/").status_code == 200
    _later(31)
    response = client.get("/arenden/?q=1")
    _assert_sent_to_login_with(client, response, IDLE_MESSAGE)
    assert response["Location"] == "/konto/logga-in/?next=/arenden/%3Fq%3D1"
    (entry,) = _expiries(user_named("sara.lind"))
    assert entry.extra == {"reason": "idle", "idle_minutes": 30}
    assert entry.organisation_id == user_named("sara.lind").organisation.pk
    assert client.get("/").status_code == 302  # and stays logged out


def test_29_idle_minutes_keep_the_session_and_every_request_starts_the_idle_time_again(
    client_for: Any, user_named: Any
) -> None:
    client = client_for("sara.lind")
    assert client.get("/").status_code == 200
    for _ in range(3):
        _later(29)
        assert client.get("/").status_code == 200
    assert _logged_in(client) and not _expiries(user_named("sara.lind"))


def test_after_10_hours_and_1_minute_of_activity_the_session_ends(client_for: Any, user_named: Any) -> None:
    client = client_for("sara.lind")
    assert client.get("/").status_code == 200
    for _ in range(23):  # a request every 25 minutes: never idle, 9 h 35 min in all
        _later(25)
        assert client.get("/").status_code == 200
    _later(26)  # 10 h 1 min after the login
    _assert_sent_to_login_with(client, client.get("/"), MAX_MESSAGE)
    (entry,) = _expiries(user_named("sara.lind"))
    assert entry.extra == {"reason": "max_age", "max_hours": 10}


def test_the_limits_start_at_the_login_form(world: None) -> None:
    client = Client()
    response = client.post("/konto/logga-in/", {"username": "sara.lind", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and _logged_in(client)
    _later(20)
    assert client.get("/").status_code == 200
    _later(31)
    _assert_sent_to_login_with(client, client.get("/"), IDLE_MESSAGE)


def test_logging_in_again_starts_the_limits_again(client_for: Any, user_named: Any) -> None:
    client = client_for("sara.lind")
    assert client.get("/").status_code == 200
    _later(9 * 60 + 50)
    client.force_login(user_named("sara.lind"))
    _later(20)
    assert client.get("/").status_code == 200


def test_the_limits_are_settings(client_for: Any, settings: Any) -> None:
    settings.SAMVERKAN_SESSION_IDLE_MINUTES = 5
    client = client_for("sara.lind")
    assert client.get("/").status_code == 200
    _later(6)
    _assert_sent_to_login_with(client, client.get("/"), "Du har loggats ut efter 5 minuters inaktivitet.")


def test_the_api_answers_401_and_htmx_is_sent_to_the_login(client_for: Any) -> None:
    client = client_for("sara.lind")
    assert client.get("/api/v1/cases/").status_code == 200
    _later(31)
    assert client.get("/api/v1/cases/").status_code == 401

    client = client_for("sara.lind")
    assert client.get("/").status_code == 200
    _later(31)
    response = client.get("/arenden/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == "/konto/logga-in/"


def test_a_post_after_the_limit_is_not_carried_out_and_leads_to_the_login(client_for: Any) -> None:
    client = client_for("sara.lind")
    assert client.get("/").status_code == 200
    _later(31)
    response = client.post("/konto/logga-ut/")
    assert response.status_code == 302 and response["Location"] == "/konto/logga-in/"
    assert not _logged_in(client)
    assert IDLE_MESSAGE in client.get(response["Location"]).content.decode()


def test_a_get_that_finds_the_session_alive_writes_no_audit_entry(client_for: Any) -> None:
    client = client_for("sara.lind")
    before = AuditEntry.objects.count()
    for _ in range(3):
        _later(10)
        assert client.get("/").status_code == 200
    assert AuditEntry.objects.count() == before


def test_requests_within_a_minute_do_not_write_the_session_again(client_for: Any) -> None:
    from django.contrib.sessions.models import Session

    from samverkan.accounts.middleware import LAST_SEEN_KEY

    client = client_for("sara.lind")
    assert client.get("/").status_code == 200
    key = client.session.session_key
    first = Session.objects.get(session_key=key)
    seen = client.session[LAST_SEEN_KEY]
    _later(0.5)
    assert client.get("/arenden/").status_code == 200
    assert Session.objects.get(session_key=key).session_data == first.session_data
    _later(1)  # a minute and a half after the first: the new time is recorded
    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN_KEY] == pytest.approx(seen + 90)
