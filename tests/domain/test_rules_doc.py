from pathlib import Path

from samverkan.domain.rules_doc import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_table_matches_the_domain_tables() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "run: samverkan rules doc > docs/rules.md"
