"""Issue 20 point 4: structured JSON logs with a request id, and never a personnummer in them."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from samverkan.core.logging import REQUEST_ID

pytestmark = pytest.mark.django_db


def _json_handler() -> tuple[logging.Handler, io.StringIO]:
    config = settings.LOGGING
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    formatter = config["formatters"]["json"]
    handler.setFormatter(
        logging.config.DictConfigurator({}).configure_custom(dict(formatter))  # type: ignore[attr-defined]
    )
    for name in ("redact_identity_numbers", "request_id"):
        factory = config["filters"][name]["()"]
        module, _, cls = factory.rpartition(".")
        handler.addFilter(getattr(__import__(module, fromlist=[cls]), cls)())
    return handler, stream


def test_every_answer_carries_a_request_id_and_a_proxys_plain_id_is_kept(world: None) -> None:
    client = Client()
    first, second = client.get("/konto/logga-in/"), client.get("/konto/logga-in/")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    kept = client.get("/konto/logga-in/", headers={"X-Request-ID": "lb-7f3a9c01"})
    assert kept["X-Request-ID"] == "lb-7f3a9c01"
    forged = client.get("/konto/logga-in/", headers={"X-Request-ID": "x\r\nSet-Cookie: a=b"})
    assert len(forged["X-Request-ID"]) == 32


def test_a_json_line_has_the_request_id_and_no_personnummer(world: None, caplog: Any) -> None:
    handler, stream = _json_handler()
    logger = logging.getLogger("samverkan.test")
    logger.addHandler(handler)
    try:
        token = REQUEST_ID.set("abc123def456")
        try:
            logger.warning("Sökte på %s", "19960106-9967")
        finally:
            REQUEST_ID.reset(token)
        logger.warning("utanför en förfrågan")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["request_id"] == "abc123def456" and first["level"] == "WARNING" and first["logger"] == "samverkan.test"
    assert "19960106-9967" not in stream.getvalue() and "[personnummer]" in first["message"]
    assert second["request_id"] == "-"
