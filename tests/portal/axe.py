"""Accessibility check with axe-core (WCAG 2.1 AA) in a Playwright page.

axe-core comes from the npm registry (package.json) into ``node_modules/axe-core/axe.min.js``;
it is injected into the page and run there. A page passes when axe finds no violation with
impact ``serious`` or ``critical``; the ones found are printed with their nodes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/static/vendor/axe-core/axe.min.js"
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any, *, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; returns every violation (all impacts)."""
    if not AXE_PATH.exists():
        raise AssertionError(f"{AXE_PATH} saknas: kör npm ci (package.json) för att installera axe-core")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # On the site from its static files (STATICFILES_DIRS "vendor"): its Content-Security-Policy refuses inline
        # scripts. A page of the test's own (set_content) gets it inline.
        if page.url.startswith("http"):
            page.add_script_tag(url=AXE_URL)
        else:
            page.add_script_tag(path=str(AXE_PATH))
    options = {
        "runOnly": {"type": "tag", "values": tags or [*WCAG_TAGS, "best-practice"]},
        "resultTypes": ["violations"],
    }
    result = page.evaluate("async (options) => await window.axe.run(document, options)", options)
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


def assert_accessible(page: Any, *, name: str = "") -> None:
    """Fail when axe-core finds a serious or critical violation on the page (printing them)."""
    blocking = [v for v in axe_violations(page) if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        report = describe(blocking)
        print(f"axe-core: {name or page.url}\n{report}")
        raise AssertionError(f"axe-core hittade {len(blocking)} allvarliga fel på {name or page.url}:\n{report}")
