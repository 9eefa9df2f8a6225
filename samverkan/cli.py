"""The ``samverkan`` command (also ``python -m samverkan``).

``samverkan rules test PATH...`` and ``samverkan rules eval KIND`` run the
framework-free rules directly (no database needed). Every other subcommand is a
Django management command of the project: ``samverkan demo-data``,
``samverkan audit verify``, ``samverkan controls run --month 2026-11`` and so on
(dashes in the first word become underscores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from samverkan.domain import scenarios
from samverkan.domain.errors import DomainError


def _today() -> dt.date:
    """Today in the project's time zone, from the one clock (no database).

    The rules are pure: only the time zone is configured (unless the settings are loaded already, as in the tests),
    so the rules run anywhere, also where the production settings would refuse to start (no secret key).
    """
    from django.conf import settings

    if not settings.configured:
        settings.configure(TIME_ZONE="Europe/Stockholm", USE_TZ=True)  # samverkan.settings.TIME_ZONE
    from samverkan.core import clock

    return clock.today()


def _rules(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="samverkan rules", description="Regelscenarier (contracts/README.md).")
    sub = parser.add_subparsers(dest="action", required=True)
    test = sub.add_parser("test", help="kör scenarier i filer eller mappar")
    test.add_argument("paths", nargs="+")
    ev = sub.add_parser("eval", help="läs ett scenarios input som JSON på stdin, skriv resultatet som JSON")
    ev.add_argument("kind", choices=sorted(scenarios.KINDS))
    sub.add_parser("doc", help="skriv regeltabellen (docs/rules.md) till stdout")
    args = parser.parse_args(list(argv))
    if args.action == "doc":
        from samverkan.domain.rules_doc import render

        sys.stdout.write(render())
        return 0
    if args.action == "test":
        passed = failed = 0
        for outcome in scenarios.run_paths(args.paths, today=_today()):
            print(outcome.line())
            if outcome.passed:
                passed += 1
            else:
                failed += 1
        print(f"{passed} passed, {failed} failed")
        return 0 if failed == 0 else 1
    try:
        data = json.load(sys.stdin)
    except json.JSONDecodeError as exc:
        print(json.dumps({"error": f"Ogiltig JSON på rad {exc.lineno}: {exc.msg}"}, ensure_ascii=False))
        return 2
    try:
        result = scenarios.evaluate(args.kind, data, today=_today())
    except DomainError as exc:
        print(json.dumps({"error": exc.message, "field": getattr(exc, "field", None)}, ensure_ascii=False))
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True))
    return 0


NOT_CREATED = "Databasen är inte skapad ännu. Kör först: samverkan migrate"
NOT_MIGRATED = "Databasen är inte uppdaterad för den här versionen av Samverkan. Kör först: samverkan migrate"


def _sqlite_path() -> Path | None:
    """The SQLite database file, or None on PostgreSQL."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not str(database["ENGINE"]).endswith("sqlite3") or str(database["NAME"]).startswith(":memory:"):
        return None
    return Path(str(database["NAME"]))


def _database_problem() -> str | None:
    """Why the default database cannot be used yet, in Swedish (None: it is created and migrated).

    Asked only after a command failed with a database error, so a working database costs nothing.
    """
    from django.db import DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections["default"]
    try:
        connection.close()
        executor = MigrationExecutor(connection)
        if not executor.recorder.has_table():
            return NOT_CREATED
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return NOT_MIGRATED
    except DatabaseError as exc:
        if _sqlite_path() is not None:
            return NOT_CREATED
        name = connection.settings_dict.get("NAME")
        host = connection.settings_dict.get("HOST")
        return (
            f"Det går inte att ansluta till databasen {name} på {host} ({str(exc).strip().splitlines()[0]}). "
            f"Kontrollera DATABASE_URL och att databasen finns (createdb {name}). Kör sedan: samverkan migrate"
        )
    return None


def _django(args: list[str]) -> int:
    """Run a management command; a database that is missing or not migrated gives a Swedish message, not a traceback."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings: production refuses to start unsafe)
    except ImproperlyConfigured as exc:
        print(exc, file=sys.stderr)
        return 1
    if args and args[0] == "migrate":
        path = _sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no var/
    try:
        execute_from_command_line(["samverkan", *args])
    except DatabaseError:
        problem = _database_problem()
        if problem is None or (args and args[0] == "migrate" and problem in (NOT_CREATED, NOT_MIGRATED)):
            raise  # migrate itself failed: its own error says why
        print(problem, file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "rules":
        return _rules(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    return _django(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
