"""Oversight plugs in: menu items for security officers, statistics and the samordningsförbund,
a start-page panel for the security officer, and the demo's log-review activity (order 95)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from samverkan.accounts.requests import OfficialRequest
from samverkan.core.clock import today
from samverkan.core.demo import DemoStep, register_demo_step
from samverkan.core.navigation import HomePanel, NavItem, register_nav, register_panel
from samverkan.domain.log_review import FindingKind
from samverkan.domain.organisations import Role
from samverkan.reports import selectors
from samverkan.reports.demo import seed_oversight

register_nav(NavItem("Logggranskning", "reports:log_review", order=80))
register_nav(
    NavItem(
        "Statistik",
        "reports:statistics",
        order=85,
    )
)
register_nav(
    NavItem(
        "Samordningsförbundet",
        "reports:finsam",
        order=85,
    )
)


def _security_panel(request: OfficialRequest) -> dict[str, Any] | None:
    """Start page of a security officer: unreviewed lookups of persons with protected identity (30 days)."""
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return None
    if not request.user.has_role(Role.SECURITY_OFFICER):
        return None
    period = selectors.default_period(today())
    found = selectors.findings(organisation, period, FindingKind.PROTECTED_IDENTITY, reviewed=False)
    return {
        "count": len(found),
        "url": reverse("reports:log_report", args=[FindingKind.PROTECTED_IDENTITY.value]),
        "overview": reverse("reports:log_review"),
    }


register_panel(HomePanel("reports/_security_panel.html", _security_panel, order=90))
register_demo_step(DemoStep("logggranskning", 95, seed_oversight))
