"""The domain layer never imports Django or a database driver (ARCHITECTURE.md, Layers)."""

import ast
from pathlib import Path

import samverkan.domain

FORBIDDEN = ("django", "ninja", "psycopg", "sqlite3", "samverkan.accounts", "samverkan.cases", "samverkan.core")


def test_no_domain_module_imports_a_framework_or_the_database() -> None:
    root = Path(samverkan.domain.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []
