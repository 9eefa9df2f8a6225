"""Ekonomiskt bistånd plugs in: menu items, the panel on the case page, demo data."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from samverkan.accounts.requests import OfficialRequest
from samverkan.assistance.demo import seed_assistance
from samverkan.assistance.models import Application, ControlResult
from samverkan.cases.models import Case
from samverkan.core.demo import DemoStep, register_demo_step
from samverkan.core.navigation import CasePanel, NavItem, register_nav, register_panel
from samverkan.domain.organisations import CaseType, OrganisationType, Role

ROLES = frozenset({Role.SOCIAL_WORKER, Role.UNIT_MANAGER})
SOCIAL = frozenset({OrganisationType.SOCIAL_SERVICES})

register_nav(NavItem("Ekonomiskt bistånd", "assistance:list", order=40, roles=ROLES, org_types=SOCIAL))
register_nav(NavItem("Kontrollkörningar", "assistance:runs", order=45, roles=ROLES, org_types=SOCIAL))


def _case_panel(request: OfficialRequest, case: Case) -> dict[str, Any] | None:
    """On the page of an ärende om ekonomiskt bistånd: its applications and "Ny ansökan"."""
    organisation = request.organisation
    if case.case_type != CaseType.ASSISTANCE.value:
        return None
    if organisation.type is not OrganisationType.SOCIAL_SERVICES or case.organisation_id != organisation.pk:
        return None
    if not request.user.has_role(*ROLES):
        return None
    applications = Application.objects.filter(organisation=organisation, case=case).order_by("-month")[:6]
    return {"case": case, "applications": _with_counts(list(applications))}


def _with_counts(applications: list[Application]) -> list[Application]:
    """Annotate each application with how many of its month's control results need attention."""
    if not applications:
        return applications
    case_id = applications[0].case_id
    counts: dict[Any, dict[str, int]] = {}
    for row in (
        ControlResult.objects.filter(case_id=case_id, month__in=[a.month for a in applications])
        .values("month", "result")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault(row["month"], {})[row["result"]] = row["n"]
    for a in applications:
        month_counts = counts.get(a.month, {})
        a.checked = sum(month_counts.values())  # type: ignore[attr-defined]  # for the panel's template
        a.attention = month_counts.get("attention", 0)  # type: ignore[attr-defined]  # for the panel's template
    return applications


register_panel(CasePanel("assistance/_case_panel.html", _case_panel, order=50))
register_demo_step(DemoStep("assistance", 60, seed_assistance))
