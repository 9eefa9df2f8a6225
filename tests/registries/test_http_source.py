"""The HTTP client for an agency's JSON API, against a local test server started here."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from samverkan.registries.sources.base import SourceError, SourceTimeout
from samverkan.registries.sources.http import HttpSource

PERSON = "19850412-9803"
OTHER = "19900101-9810"
PERIOD = (dt.date(2026, 9, 1), dt.date(2026, 11, 30))

GOOD = {
    "records": [
        {
            "kind": "benefit_payment",
            "external_id": "FK-UTB-1",
            "identity_number": PERSON,
            "benefit": "sickness_benefit",
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "amount": "12400.00",
            "paid_on": "2026-11-25",
        },
        {
            "kind": "benefit_payment",
            "external_id": "FK-UTB-OLD",
            "identity_number": PERSON,
            "benefit": "sickness_benefit",
            "period_start": "2025-01-01",
            "period_end": "2025-01-31",
            "amount": "12400.00",
            "paid_on": "2025-02-25",
        },
    ]
}

Behaviour = Callable[[int, dict[str, Any]], tuple[int, Any, float]]


class AgencyServer:
    """A tiny agency API: ``behaviour(call number, request body) -> (status, body, delay)``."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.calls: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.calls.append({"path": self.path, "body": body})
                status, payload, delay = server.behaviour(len(server.calls), body)
                if delay:
                    time.sleep(delay)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> AgencyServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[[Behaviour], AgencyServer]]:
    servers: list[AgencyServer] = []

    def start(behaviour: Behaviour) -> AgencyServer:
        server = AgencyServer(behaviour).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__()


def test_records_come_back_checked_and_limited_to_the_period(serve: Any) -> None:
    server = serve(lambda n, body: (200, GOOD, 0))
    result = HttpSource("fk", server.url, timeout=2).fetch([PERSON], PERIOD)
    assert server.calls[0]["path"] == "/api/records"
    assert server.calls[0]["body"] == {
        "agency": "fk",
        "identity_numbers": [PERSON],
        "period": {"start": "2026-09-01", "end": "2026-11-30"},
    }
    assert [r.external_id for r in result.for_person(PERSON)] == ["FK-UTB-1"]
    assert str(result.for_person(PERSON)[0].values["amount"]) == "12400.00"


def test_a_temporary_server_error_is_retried_until_it_answers(serve: Any) -> None:
    server = serve(lambda n, body: (503, {"error": "upptagen"}, 0) if n < 3 else (200, GOOD, 0))
    source = HttpSource("fk", server.url, timeout=2, retries=2, backoff=0.01)
    result = source.fetch([PERSON], PERIOD)
    assert len(server.calls) == 3
    assert result.count == 1


def test_a_slow_server_times_out_after_every_retry_and_says_so(serve: Any) -> None:
    server = serve(lambda n, body: (200, GOOD, 0.5))
    source = HttpSource("fk", server.url, timeout=0.15, retries=1, backoff=0.01)
    started = time.monotonic()
    with pytest.raises(SourceTimeout) as exc:
        source.fetch([PERSON], PERIOD)
    assert time.monotonic() - started < 1.0
    assert len(server.calls) == 2
    assert exc.value.message == "Försäkringskassan svarade inte inom 0.15 s (2 försök)."


def test_a_slow_first_answer_is_retried_and_the_second_used(serve: Any) -> None:
    server = serve(lambda n, body: (200, GOOD, 0.5 if n == 1 else 0))
    source = HttpSource("fk", server.url, timeout=0.2, retries=1, backoff=0)
    assert source.fetch([PERSON], PERIOD).count == 1
    assert len(server.calls) == 2


def test_a_client_error_is_not_retried(serve: Any) -> None:
    server = serve(lambda n, body: (400, {"error": "fel"}, 0))
    with pytest.raises(SourceError, match="status 400"):
        HttpSource("fk", server.url, timeout=1, retries=3, backoff=0).fetch([PERSON], PERIOD)
    assert len(server.calls) == 1


def test_a_server_that_cannot_be_reached_is_named() -> None:
    source = HttpSource("pm", "http://127.0.0.1:9/api", timeout=0.5, retries=1, backoff=0)
    with pytest.raises(SourceError, match="Pensionsmyndigheten gick inte att nå"):
        source.fetch([PERSON], PERIOD)
    assert source.attempts_made == 2


def test_an_answer_with_a_bad_record_is_refused_whole(serve: Any) -> None:
    bad = json.loads(json.dumps(GOOD))
    bad["records"][1]["amount"] = "-1"
    server = serve(lambda n, body: (200, bad, 0))
    with pytest.raises(SourceError, match=r"post 2, fält amount: Beloppet får inte vara negativt"):
        HttpSource("fk", server.url, timeout=1).fetch([PERSON], PERIOD)


def test_an_answer_about_a_person_not_asked_for_is_refused(serve: Any) -> None:
    server = serve(lambda n, body: (200, GOOD, 0))
    with pytest.raises(SourceError, match="inte efterfrågades"):
        HttpSource("fk", server.url, timeout=1).fetch([OTHER], PERIOD)


def test_an_answer_that_is_not_json_is_an_error(serve: Any) -> None:
    server = serve(lambda n, body: (200, b"<html>upptagen</html>", 0))
    with pytest.raises(SourceError, match="inte med giltig JSON"):
        HttpSource("fk", server.url, timeout=1).fetch([PERSON], PERIOD)
