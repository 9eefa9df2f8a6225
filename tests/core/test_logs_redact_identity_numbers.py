"""Issue 16 point 6: no log line shows a personnummer.

``settings.LOGGING`` puts :class:`samverkan.core.logging.RedactIdentityNumbers` on every handler: the request
log of the development server (``django.server``) and the console that ``django.request`` (404s, 500s) and
every other logger reach. The filter masks the number in the message, its arguments and the traceback.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from samverkan.core.logging import MASK, RedactIdentityNumbers, redact

NUMBER = "19960106-9967"
SPELLINGS = [
    "19960106-9967",
    "199601069967",
    "960106-9967",
    "9601069967",
    "960106+9967",
    "960106%2B9967",
    "19960106%209967",
    "1996-01-06-9967",
    "19851166-9957",  # a samordningsnummer (day + 60)
    "１９９６０１０６－９９６７"[:8] + "-9967",  # full-width digits
]
#: Look-alikes a log keeps: dates, times, telephone numbers in groups, case and organisation numbers.
KEPT = [
    "2026-11-18 10:00:00",
    "20261118",
    "0771-17 90 00",
    "Dnr 2026-123456",
    "2026-00042",
    "212000-1355",  # an organisationsnummer (month 20)
    "+46701234567",
    "12345678901234",
    "1764640000",  # seconds since 1970
]


def configured_handler(name: str) -> logging.Handler:
    handler = logging.getHandlerByName(name)
    assert handler is not None, f"no handler {name} in settings.LOGGING"
    return handler


@pytest.fixture
def captured() -> Iterator[dict[str, io.StringIO]]:
    """The configured handlers write to strings for the test."""
    streams = {}
    handlers = {}
    for name in ("console", "django.server"):
        handler = configured_handler(name)
        assert isinstance(handler, logging.StreamHandler)
        streams[name] = io.StringIO()
        handlers[name] = (handler, handler.setStream(streams[name]))
    yield streams
    for handler, previous in handlers.values():
        handler.setStream(previous)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_a_number_is_masked(spelling: str) -> None:
    masked = redact(f"GET /personer/?q={spelling} HTTP/1.1")
    assert masked == f"GET /personer/?q={MASK} HTTP/1.1"


@pytest.mark.parametrize("text", KEPT)
def test_look_alikes_are_kept(text: str) -> None:
    assert redact(text) == text


def test_every_configured_handler_masks() -> None:
    for name in ("console", "django.server"):
        assert any(isinstance(f, RedactIdentityNumbers) for f in configured_handler(name).filters), name
    assert configured_handler("console") in logging.getLogger().handlers
    assert configured_handler("django.server") in logging.getLogger("django.server").handlers
    assert not logging.getLogger("django").handlers  # django.request reaches the root's console
    for name in ("", "django.server"):
        for handler in logging.getLogger(name).handlers:
            if not type(handler).__module__.startswith("_pytest"):  # pytest's own capture
                assert any(isinstance(f, RedactIdentityNumbers) for f in handler.filters), (name, handler)


def test_a_request_logged_by_django_request_with_the_number_in_the_path_is_masked(
    client_for: Any, captured: dict[str, io.StringIO]
) -> None:
    response = client_for("sara.lind").get(f"/personer/{NUMBER}/")
    assert response.status_code == 404
    line = captured["console"].getvalue()
    assert "Not Found" in line and MASK in line
    assert "9967" not in line and "960106" not in line


def test_the_request_log_of_the_server_is_masked(captured: dict[str, io.StringIO]) -> None:
    for spelling in ("199601069967", "960106%2B9967"):
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /uppfoljning/logggranskning/sok/?identity_number={spelling} HTTP/1.1", "200", "512"
        )
    lines = captured["django.server"].getvalue().splitlines()
    assert len(lines) == 2 and all(f"identity_number={MASK} HTTP/1.1" in line for line in lines)
    assert "9967" not in captured["django.server"].getvalue()


def test_arguments_exception_messages_and_tracebacks_are_masked(captured: dict[str, io.StringIO]) -> None:
    log = logging.getLogger("samverkan.test")
    log.error("Uppslag %s misslyckades (%d)", NUMBER, 3)
    log.error("Uppslag %(number)s", {"number": NUMBER[2:]})
    try:
        raise ValueError(f"okänt nummer {NUMBER}")
    except ValueError:
        log.exception("Fel")
    output = captured["console"].getvalue()
    assert "Uppslag [personnummer] misslyckades (3)" in output and f"Uppslag {MASK}" in output
    assert "ValueError: okänt nummer [personnummer]" in output
    assert "9967" not in output


def test_a_record_without_a_number_keeps_its_arguments() -> None:
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/arenden/",), None)
    assert RedactIdentityNumbers().filter(record)
    assert record.args == ("/arenden/",) and record.getMessage() == "Not Found: /arenden/"
