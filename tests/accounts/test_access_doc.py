"""docs/access.md is the access table generated from the declarations, and it is current."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from samverkan.accounts.routes import access_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def test_docs_access_table_is_generated_from_the_declarations() -> None:
    out = StringIO()
    call_command("access", "table", stdout=out)
    assert out.getvalue() == access_table()
    assert "saknar deklaration" not in out.getvalue()
    assert DOC.read_text(encoding="utf-8") == out.getvalue(), "kör: samverkan access table > docs/access.md"
