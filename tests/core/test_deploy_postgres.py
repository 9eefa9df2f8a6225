"""The PostgreSQL setup of ``deploy/`` works as ``deploy/README.md`` says (issue 20 point 4), on the suite's cluster.

With the roles of ``deploy/postgres-roles.sql`` (under names of their own) and the production settings: the owner
role migrates, ``deploy/postgres-grants.sql`` gives the app's role its rights, the app's role writes audit entries
but cannot TRUNCATE, ALTER, UPDATE or DELETE the audit log; a ``pg_dump`` of the database restored into a new one,
as the README's procedure does, passes ``samverkan audit verify``, and a restored log someone altered does not.

Runs against PostgreSQL only (``make test-postgres``; ``DATABASE_URL`` names a superuser, as the suite's cluster's
``postgres``); on SQLite it is skipped with that reason.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.core.test_production_settings import documented_environment

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SUPER_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not SUPER_URL.startswith("postgres"), reason="needs PostgreSQL (make test-postgres)"),
    pytest.mark.skipif(shutil.which("psql") is None or shutil.which("pg_dump") is None, reason="psql/pg_dump missing"),
]

APPEND = """
import django; django.setup()
from django.db import connection, transaction
from samverkan.disclosures.audit import audit_append
for n in range(3):
    with transaction.atomic():
        audit_append(event="deploy.check", actor=None, organisation=None, extra={"n": n})
refused = []
for sql in ("TRUNCATE disclosures_auditentry", "UPDATE disclosures_auditentry SET event = 'x'",
            "DELETE FROM disclosures_auditentry", "ALTER TABLE disclosures_auditentry DISABLE TRIGGER ALL",
            "TRUNCATE cases_case", "DROP TABLE cases_case"):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except Exception as exc:
        refused.append(type(exc).__name__ + ": " + str(exc).splitlines()[0])
print("\\n".join(refused))
"""


class Cluster:
    def __init__(self) -> None:
        parsed = urlparse(SUPER_URL)
        self.host, self.port = parsed.hostname or "127.0.0.1", str(parsed.port or 5432)
        tag = secrets.token_hex(4)
        self.owner, self.app, self.db = f"svt_owner_{tag}", f"svt_app_{tag}", f"svt_{tag}"
        self.restored = f"{self.db}_restored"
        self.password = secrets.token_hex(12)

    def url(self, role: str, db: str) -> str:
        return f"postgres://{role}:{self.password}@{self.host}:{self.port}/{db}"

    def super_url(self, db: str) -> str:
        """As the suite's superuser, authenticated as DATABASE_URL says."""
        parsed = urlparse(SUPER_URL)
        return parsed._replace(path=f"/{db}").geturl()

    def sql(self, path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        text = text.replace("samverkan_owner", self.owner).replace("samverkan_app", self.app)
        return text.replace("CREATE DATABASE samverkan ", f"CREATE DATABASE {self.db} ").replace(
            "\\connect samverkan", f"\\connect {self.db}"
        )

    def psql(self, url: str, script: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url],
            input=script,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result

    def run(self, url: str, *args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMVERKAN_", "DJANGO_", "DATABASE_URL"))}
        env.update(documented_environment(), DATABASE_URL=url, DJANGO_SETTINGS_MODULE="samverkan.settings")
        env.update(SAMVERKAN_AUDIT_ANCHOR_PATH="", SAMVERKAN_VAR_DIR=str(ROOT / "var-test-none"))
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
        )


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    c = Cluster()
    postgres = c.super_url("postgres")
    try:
        c.psql(postgres, c.sql(DEPLOY / "postgres-roles.sql"))
        c.psql(postgres, f"ALTER ROLE {c.owner} PASSWORD '{c.password}'; ALTER ROLE {c.app} PASSWORD '{c.password}';")
        yield c
    finally:
        subprocess.run(
            ["psql", "-X", "-q", postgres],
            input=(
                f"DROP DATABASE IF EXISTS {c.restored} WITH (FORCE); DROP DATABASE IF EXISTS {c.db} WITH (FORCE);"
                f"DROP ROLE IF EXISTS {c.app}; DROP ROLE IF EXISTS {c.owner};"
            ),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def test_roles_grants_backup_and_restore_as_the_deploy_readme_says(cluster: Cluster, tmp_path: Path) -> None:
    c = cluster
    migrated = c.run(c.url(c.owner, c.db), "-m", "samverkan", "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    c.psql(c.url(c.owner, c.db), c.sql(DEPLOY / "postgres-grants.sql"))

    # The app's role appends to the audit log and can change nothing else in it, nor any table's shape.
    appended = c.run(c.url(c.app, c.db), "-c", APPEND)
    assert appended.returncode == 0, appended.stderr
    refusals = appended.stdout.strip().splitlines()
    assert len(refusals) == 6, refusals
    assert all("permission denied" in r or "must be owner" in r for r in refusals), refusals
    verified = c.run(c.url(c.app, c.db), "-m", "samverkan", "audit", "verify", "--no-progress")
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # Backup and restore (deploy/README.md), then the chain verifies in the restored database.
    dump = tmp_path / "samverkan.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", c.url(c.owner, c.db)], check=True, timeout=300)
    c.psql(c.super_url("postgres"), f"CREATE DATABASE {c.restored} OWNER {c.owner} TEMPLATE template0 ENCODING 'UTF8';")
    restore = subprocess.run(
        ["pg_restore", "--exit-on-error", "--single-transaction", "--no-privileges", "--no-owner",
         f"--dbname={c.url(c.owner, c.restored)}", str(dump)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert restore.returncode == 0, restore.stderr
    c.psql(c.url(c.owner, c.restored), c.sql(DEPLOY / "postgres-grants.sql"))
    restored = c.run(c.url(c.app, c.restored), "-m", "samverkan", "audit", "verify", "--no-progress")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "kedjan stämmer" in restored.stdout

    # A restored log that someone altered (as a superuser, past the triggers) does not verify.
    c.psql(
        c.super_url(c.restored),
        "ALTER TABLE disclosures_auditentry DISABLE TRIGGER USER;"
        "UPDATE disclosures_auditentry SET event = 'deploy.altered' WHERE event = 'deploy.check';"
        "ALTER TABLE disclosures_auditentry ENABLE TRIGGER USER;",
    )
    tampered = c.run(c.url(c.app, c.restored), "-m", "samverkan", "audit", "verify", "--no-progress")
    assert tampered.returncode != 0, tampered.stdout
