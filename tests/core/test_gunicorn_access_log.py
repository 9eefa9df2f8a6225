"""The production server's access log never shows a personnummer (issue 20 point 3): gunicorn with the checked-in
``deploy/gunicorn.conf.py`` logs the path without the query string, through the project's redaction filter."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
NUMBER = "19121212-1212"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_access_log_shows_paths_without_queries_or_identity_numbers(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMVERKAN_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="samverkan.settings_test",  # no database is asked: /healthz and a 404 only
        SAMVERKAN_SQLITE=str(tmp_path / "none.sqlite3"),
        SAMVERKAN_BIND=f"127.0.0.1:{port}",
        SAMVERKAN_WEB_WORKERS="1",
    )
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert httpx.get(f"{base}/healthz", params={"pnr": NUMBER}).text == "ok"
        httpx.get(f"{base}/healthz/{NUMBER.replace('-', '')}")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    access = [line for line in output.splitlines() if "gunicorn.access" in line]
    assert any("GET /healthz 200" in line for line in access), output
    assert any("GET /healthz/[personnummer] 404" in line for line in access), output
    assert "1212" not in output and "pnr" not in output
