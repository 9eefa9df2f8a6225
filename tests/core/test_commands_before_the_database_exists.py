"""A ``samverkan`` command run before the database exists says in Swedish what to run first (issue 15).

It used to print a raw ``OperationalError`` traceback. Each command runs in its own process on a
temporary SQLite path (``SAMVERKAN_SQLITE``), whatever database the suite itself uses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _samverkan(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SAMVERKAN_REQUIRE_POSTGRES")}
    env.update(SAMVERKAN_SQLITE=str(database), DJANGO_SETTINGS_MODULE="samverkan.settings_test")
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_command_before_migrate_says_in_swedish_to_run_migrate_first(tmp_path: Path) -> None:
    database = tmp_path / "var" / "samverkan.sqlite3"  # not even its folder exists (a fresh checkout)
    done = _samverkan(database, "controls", "run", "--month", "2026-11")
    assert done.returncode != 0
    assert "Databasen är inte skapad ännu. Kör först: samverkan migrate" in done.stderr
    assert "Traceback" not in done.stderr and "OperationalError" not in done.stderr


def test_an_empty_database_file_gets_the_same_advice(tmp_path: Path) -> None:
    database = tmp_path / "samverkan.sqlite3"
    database.touch()
    done = _samverkan(database, "audit", "verify")
    assert done.returncode != 0
    assert "Kör först: samverkan migrate" in done.stderr and "Traceback" not in done.stderr


def test_the_advice_works_migrate_makes_the_missing_folder(tmp_path: Path) -> None:
    database = tmp_path / "var" / "samverkan.sqlite3"
    done = _samverkan(database, "migrate", "--plan")  # what migrate would do (quick); the database opens
    assert done.returncode == 0, done.stderr
    assert database.parent.is_dir() and "inte skapad" not in done.stderr
